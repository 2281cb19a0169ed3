// Package model holds the records that flow through ngosearch: the Document
// harvested from the city's sites, the Grant a competition result names, and
// the search request and result shapes the index answers and the server
// renders, with their validation and the canonical-URL rules that give every
// document one stable ID.
//
// It does no I/O and imports only the standard library: every stage imports
// it, and it imports no stage.
package model
