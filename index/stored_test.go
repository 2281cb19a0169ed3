package index

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// TestStoredRecord: a record comes back as it went in, compressed well
// below its JSON; the plain JSON of an index written before compression
// (which Rebuild reads to upgrade it) is read too.
func TestStoredRecord(t *testing.T) {
	page := strings.Repeat("Sprawozdanie z realizacji Programu współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi. ", 40)
	u := "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/275432"
	d := model.Document{ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindPDF, Type: model.TypeAnnualReport,
		Title: "Sprawozdanie 2019", Pages: []string{page, page + "Łódź, źródło."}, Published: time.Date(2020, 5, 30, 0, 0, 0, 0, time.UTC)}
	stored, err := encodeDoc(&d)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(&d)
	if len(stored) >= len(js)/3 {
		t.Errorf("stored record is %d bytes, its JSON %d: not compressed", len(stored), len(js))
	}
	for name, form := range map[string][]byte{"compressed": []byte(stored), "plain JSON": js} {
		var back model.Document
		if err := decodeDoc(form, &back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("%s: record changed on the way back", name)
		}
	}
	if err := decodeDoc([]byte{storedDeflate, 0xff, 0x00}, &model.Document{}); err == nil {
		t.Error("a corrupt record decoded without error")
	}
}
