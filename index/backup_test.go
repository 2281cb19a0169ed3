package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// TestBackupOnline backs up while documents are being written and searched,
// then opens the copy as an index of its own.
func TestBackupOnline(t *testing.T) {
	ctx := context.Background()
	ix := openEmpty(t)
	mk := func(i int) model.Document {
		u := fmt.Sprintf("https://www.krakow.pl/aktualnosci/%d,33,komunikat,kopia.html", 400000+i)
		return model.Document{ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML, Type: model.TypeNews,
			Title: fmt.Sprintf("Kopia zapasowa %d", i), Body: fmt.Sprintf("Komunikat %d o wolontariacie seniorów w Krakowie.", i),
			Published: time.Date(2021, 1, 1+i%28, 0, 0, 0, 0, time.UTC), SHA256: fmt.Sprintf("%064x", i)}
	}
	var first []model.Document
	for i := range 300 {
		first = append(first, mk(i))
	}
	if err := ix.Put(ctx, first); err != nil {
		t.Fatal(err)
	}
	// Writers and readers keep going during the backup.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 300; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := ix.Put(ctx, []model.Document{mk(i)}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := ix.Search(ctx, model.SearchRequest{Query: "wolontariat", Page: 1, Size: 5}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dst := filepath.Join(t.TempDir(), "kopia")
	err := ix.Backup(dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Backup(dst); !errors.Is(err, ErrBadRequest) {
		t.Errorf("backup over an existing directory: %v", err)
	}

	bk, err := Open(dst, nil)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer bk.Close()
	st, err := bk.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents < 300 {
		t.Errorf("backup holds %d documents, want at least the 300 written before it", st.Documents)
	}
	res, err := bk.Search(ctx, model.SearchRequest{Query: "Kopia zapasowa 299", Page: 1, Size: 1})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Title != "Kopia zapasowa 299" {
		t.Errorf("search in the backup: %+v, %v", res.Hits, err)
	}
	d, err := bk.Document(ctx, first[7].ID)
	if err != nil || d.Title != first[7].Title {
		t.Errorf("document from the backup: %+v, %v", d, err)
	}
}
