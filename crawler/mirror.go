package crawler

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrMirror is wrapped by errors reading a mirrored folder.
var ErrMirror = errors.New("mirror folder")

// MirrorOptions say how WalkMirror reads a folder written by
// `wget --mirror` (or any folder laid out as host/path).
type MirrorOptions struct {
	// Scheme of the reconstructed URLs; default "https".
	Scheme string
	// MaxFileSize skips larger files (reported through Skip); default
	// DefaultMaxBodySize.
	MaxFileSize int64
	// Skip, if set, hears about every file that is not handed to fn, and why.
	Skip func(path string, reason error)
}

// WalkMirror calls fn with a Response for every file below dir, whose
// first path element is the host, as wget --mirror lays it out:
// host/index.html is the host's "/", "a/b.html?x=1" (wget keeps the query
// in the name; with --restrict-file-names=windows it writes "@" for "?")
// is "/a/b.html?x=1", and a ".html" wget appended with --adjust-extension to
// a name that had a query is dropped. Responses carry no Content-Type:
// extraction sniffs the bytes. Files wget writes for itself (robots.txt is
// kept; *.orig backups and .listing files are not) are skipped.
func WalkMirror(dir string, opt MirrorOptions, fn func(*Response) error) error {
	if opt.Scheme == "" {
		opt.Scheme = "https"
	}
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxBodySize
	}
	skip := func(p string, err error) {
		if opt.Skip != nil {
			opt.Skip(p, err)
		}
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMirror, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", ErrMirror, dir)
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			skip(p, err)
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		u, ok := mirrorURL(opt.Scheme, filepath.ToSlash(rel))
		if !ok {
			skip(p, fmt.Errorf("%w: not a mirrored page", ErrMirror))
			return nil
		}
		info, err := d.Info()
		if err != nil {
			skip(p, err)
			return nil
		}
		if info.Size() > opt.MaxFileSize {
			skip(p, fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrTooLarge, info.Size(), opt.MaxFileSize))
			return nil
		}
		body, err := readFileLimited(p, opt.MaxFileSize)
		if err != nil {
			skip(p, err)
			return nil
		}
		h := http.Header{}
		h.Set("Last-Modified", info.ModTime().UTC().Format(http.TimeFormat))
		return fn(&Response{URL: u, FinalURL: u, Status: http.StatusOK, Header: h, Body: body, FetchedAt: info.ModTime()})
	})
}

func readFileLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: grew past %d bytes while read", ErrTooLarge, limit)
	}
	return b, nil
}

// mirrorURL turns a mirror-relative path ("www.bip.krakow.pl/index.html?dok_id=5")
// into the URL wget fetched it from.
func mirrorURL(scheme, rel string) (string, bool) {
	host, p, ok := strings.Cut(rel, "/")
	if !ok || host == "" || strings.HasPrefix(host, ".") || !strings.Contains(host, ".") && !strings.Contains(host, ":") {
		return "", false
	}
	base := path.Base(p)
	if strings.HasSuffix(base, ".orig") || base == ".listing" || strings.HasPrefix(base, ".") {
		return "", false
	}
	var query string
	if i := strings.IndexAny(p, "?@"); i >= 0 && !strings.Contains(p[:i], "?") {
		p, query = p[:i], p[i+1:]
		// --adjust-extension appends .html after the query.
		query = strings.TrimSuffix(query, ".html")
	}
	switch {
	case p == "index.html" || strings.HasSuffix(p, "/index.html"):
		p = strings.TrimSuffix(p, "index.html")
	}
	if strings.Contains(host, "+") { // wget writes host:port as host+port on some systems
		host = strings.Replace(host, "+", ":", 1)
	}
	u := url.URL{Scheme: scheme, Host: host, Path: "/" + p, RawQuery: query}
	return u.String(), true
}
