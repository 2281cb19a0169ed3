package index

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

// The stored record (fDoc) is the document's JSON, DEFLATE-compressed.
// bleve compresses stored fields with snappy, which leaves Polish text at
// about two thirds of its size, and the record holds all of a document's
// text: it was a quarter of the index. DEFLATE at its fastest level keeps
// about a third; decoding the ten records of a page of hits costs well
// under a millisecond.
//
// A compressed record starts with storedDeflate; records written before
// (plain JSON, from "{") are still read, so that Rebuild can upgrade an
// index of an older mapping version.
const storedDeflate = 0x01

var (
	flateWriters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.DefaultCompression)
		return w
	}}
	flateReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// encodeDoc is the stored form of d.
func encodeDoc(d *model.Document) (string, error) {
	js, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encoding %s: %w", d.URL, err)
	}
	var b bytes.Buffer
	b.Grow(len(js)/2 + 1)
	b.WriteByte(storedDeflate)
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(&b)
	if _, err := w.Write(js); err != nil {
		return "", fmt.Errorf("compressing %s: %w", d.URL, err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("compressing %s: %w", d.URL, err)
	}
	return b.String(), nil
}

// decodeDoc reads a stored record back.
func decodeDoc(stored []byte, d *model.Document) error {
	if len(stored) == 0 || stored[0] != storedDeflate {
		return json.Unmarshal(stored, d) // an older index's plain JSON
	}
	r := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(stored[1:]), nil); err != nil {
		return err
	}
	js, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("decompressing: %w", err)
	}
	return json.Unmarshal(js, d)
}
