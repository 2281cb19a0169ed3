package doctext

import (
	"testing"
	"time"
)

func TestParsePDFDate(t *testing.T) {
	warsaw := time.FixedZone("", 2*3600)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2020-06-10T12:00:00Z", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC)},
		{"2020-06-10T12:00:00+02:00", time.Date(2020, 6, 10, 12, 0, 0, 0, warsaw)},
		{"2020-06-10T12:00:00", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC)},
		{"Wed Jun 10 12:00:00 2020 UTC", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC)},
		{"Wed Jun 10 12:00:00 2020", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC)},
		{"D:20200610120000+02'00'", time.Date(2020, 6, 10, 12, 0, 0, 0, warsaw)},
		{"D:20200610120000Z", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC)},
		{"D:202006", time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)},
		{"D:2020", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"D:20201310", time.Time{}},
		{"D:20", time.Time{}},
		{"", time.Time{}},
		{"wczoraj", time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := parsePDFDate(tc.in); !got.Equal(tc.want) {
				t.Errorf("parsePDFDate(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParsePdfinfo(t *testing.T) {
	out := "Title:           Wyniki: konkurs 2020\nAuthor:          \nCreationDate:    2020-06-10T12:00:00+02:00\nPages:           12\nEncrypted:       yes (print:no copy:no change:no addNotes:no algorithm:AES-256)\n"
	m := parsePdfinfo(out)
	for k, want := range map[string]string{"Title": "Wyniki: konkurs 2020", "Author": "", "Pages": "12", "CreationDate": "2020-06-10T12:00:00+02:00"} {
		if m[k] != want {
			t.Errorf("%s = %q, want %q", k, m[k], want)
		}
	}
}

func TestTailBuffer(t *testing.T) {
	tb := &tailBuffer{max: 10}
	for i := range 100 {
		if n, err := tb.Write([]byte{'a' + byte(i%26)}); n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if got := string(tb.b); len(got) < 10 || len(got) > 20 || got[len(got)-1] != 'a'+99%26 {
		t.Errorf("kept %q", got)
	}
}
