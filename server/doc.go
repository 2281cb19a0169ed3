// Package server answers ngosearch's HTTP API, the residents' search page and
// the embeddable search box, from an index it reaches through the small Index
// interface it declares.
//
// It does not crawl, extract or analyse text, and it never imports the index
// package: errors reach it as model.ErrNotFound and model.ErrBadRequest.
package server
