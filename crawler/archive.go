package crawler

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ArchiveFile is the name of the WARC archive in Config.DataDir.
const ArchiveFile = "archive.warc.gz"

// ErrArchive is wrapped by archive errors.
var ErrArchive = errors.New("warc archive")

// maxWARCRecord bounds one record when reading (a body is at most
// MaxBodySize; this is the reader's own sanity limit).
const maxWARCRecord = 1 << 32

// Archive is a WARC 1.1 file of harvested responses, one gzip member per
// record, so documents can be extracted again without the network. Each
// response record carries the HTTP status line, headers and the body as the
// Sink saw it (transfer and content encodings undone, so Content-Encoding
// is dropped and Content-Length is the body's), with the crawl's own fields
// (requested URL, referrer, link text) as WARC-Ngosearch-* headers.
//
// Append is safe for concurrent use. A crash may leave a truncated last
// member: Walk reports it after yielding every complete record.
type Archive struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

// OpenArchive opens (creating it, with a warcinfo record) the archive at
// path for appending.
func OpenArchive(path string) (*Archive, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	a := &Archive{path: path, f: f}
	if st.Size() == 0 {
		info := "software: ngosearch crawler\r\nformat: WARC File Format 1.1\r\n" +
			"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
		h := []string{"WARC-Type: warcinfo", "Content-Type: application/warc-fields",
			"WARC-Filename: " + ArchiveFile}
		if err := a.write(h, time.Now(), []byte(info)); err != nil {
			f.Close()
			return nil, err
		}
	}
	return a, nil
}

// Path is the archive's file.
func (a *Archive) Path() string { return a.path }

// Append writes r as a WARC response record.
func (a *Archive) Append(r *Response) error {
	_, err := a.AppendOffset(r)
	return err
}

// AppendOffset is Append that also returns where the record starts in the
// file, for ReadArchived.
func (a *Archive) AppendOffset(r *Response) (int64, error) {
	var block bytes.Buffer
	fmt.Fprintf(&block, "HTTP/1.1 %d %s\r\n", r.Status, http.StatusText(r.Status))
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range []string{"Content-Encoding", "Transfer-Encoding", "Content-Length", "Connection"} {
		h.Del(k)
	}
	h.Set("Content-Length", strconv.Itoa(len(r.Body)))
	if err := h.Write(&block); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	block.WriteString("\r\n")
	block.Write(r.Body)

	target := r.FinalURL
	if target == "" {
		target = r.URL
	}
	sum := sha256.Sum256(r.Body)
	fields := []string{
		"WARC-Type: response",
		"WARC-Target-URI: " + oneLine(target),
		"Content-Type: application/http;msgtype=response",
		"WARC-Payload-Digest: sha256:" + base32.StdEncoding.EncodeToString(sum[:]),
		"WARC-Ngosearch-URL: " + oneLine(r.URL),
	}
	if r.Referrer != "" {
		fields = append(fields, "WARC-Ngosearch-Referrer: "+oneLine(r.Referrer))
	}
	if r.LinkText != "" {
		fields = append(fields, "WARC-Ngosearch-Link-Text: "+url.QueryEscape(r.LinkText))
	}
	at := r.FetchedAt
	if at.IsZero() {
		at = time.Now()
	}
	return a.writeAt(fields, at, block.Bytes())
}

// decodeContent undoes a gzip or deflate Content-Encoding (as the crawl's
// transport does) and drops the header.
func decodeContent(h http.Header, body []byte) ([]byte, error) {
	var r io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))) {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(body))
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("content encoding %q", h.Get("Content-Encoding"))
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, DefaultMaxBodySize+1))
	if err != nil {
		return nil, err
	}
	if len(out) > DefaultMaxBodySize {
		return nil, fmt.Errorf("%w: unpacks to more than %d bytes", ErrTooLarge, DefaultMaxBodySize)
	}
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	return out, nil
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r", "%0D", "\n", "%0A").Replace(s)
}

func (a *Archive) write(fields []string, at time.Time, block []byte) error {
	_, err := a.writeAt(fields, at, block)
	return err
}

// writeAt appends one record and returns its offset in the file.
func (a *Archive) writeAt(fields []string, at time.Time, block []byte) (int64, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return 0, fmt.Errorf("%w: record id: %v", ErrArchive, err)
	}
	id[6] = id[6]&0x0f | 0x40 // UUID version 4
	id[8] = id[8]&0x3f | 0x80
	var rec bytes.Buffer
	rec.WriteString("WARC/1.1\r\n")
	fmt.Fprintf(&rec, "WARC-Record-ID: <urn:uuid:%x-%x-%x-%x-%x>\r\n", id[0:4], id[4:6], id[6:8], id[8:10], id[10:])
	fmt.Fprintf(&rec, "WARC-Date: %s\r\n", at.UTC().Format("2006-01-02T15:04:05.000000Z"))
	for _, f := range fields {
		rec.WriteString(f)
		rec.WriteString("\r\n")
	}
	fmt.Fprintf(&rec, "Content-Length: %d\r\n\r\n", len(block))
	rec.Write(block)
	rec.WriteString("\r\n\r\n")

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(rec.Bytes()); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return 0, fmt.Errorf("%w: closed", ErrArchive)
	}
	off, err := a.f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	if _, err := a.f.Write(gz.Bytes()); err != nil {
		return 0, fmt.Errorf("%w: writing %s: %v", ErrArchive, a.path, err)
	}
	return off, nil
}

// Close flushes the archive to disk and closes it.
func (a *Archive) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return nil
	}
	err := a.f.Sync()
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	a.f = nil
	if err != nil {
		return fmt.Errorf("%w: closing %s: %v", ErrArchive, a.path, err)
	}
	return nil
}

// Walk calls fn with every response record, oldest first, until fn returns
// an error (which Walk returns). It reads the file as it is when called.
func (a *Archive) Walk(fn func(*Response) error) error {
	return WalkArchive(a.path, fn)
}

// WalkArchive is Walk for the archive at path, opened read-only. It reads
// one gzip member (one record) at a time, so every Response it yields has
// its ArchiveOffset set for ReadArchived. A file that is not gzipped per
// record is read as WalkWARC reads it, without offsets.
func WalkArchive(path string, fn func(*Response) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrArchive, err)
	}
	defer f.Close()
	cr := &countingReader{r: bufio.NewReader(f)}
	var zr gzip.Reader
	for first := true; ; first = false {
		off := cr.n
		if err := zr.Reset(cr); err == io.EOF {
			return nil
		} else if err != nil {
			if first {
				if _, serr := f.Seek(0, io.SeekStart); serr != nil {
					return fmt.Errorf("%w: %v", ErrArchive, serr)
				}
				return WalkWARC(f, fn)
			}
			return fmt.Errorf("%w: member at offset %d: %v", ErrArchive, off, err)
		}
		zr.Multistream(false)
		err := WalkWARC(&zr, func(r *Response) error {
			r.ArchiveOffset = off
			return fn(r)
		})
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, &zr); err != nil {
			return fmt.Errorf("%w: member at offset %d: %v", ErrArchive, off, err)
		}
	}
}

// countingReader counts the bytes gzip consumes. It is an io.ByteReader,
// so gzip reads exactly one member and no further.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// WalkWARC reads WARC records (1.0 or 1.1, gzipped per record or plain)
// from r and calls fn with every response record: ours, or another tool's
// (wget --warc-file, Heritrix), whose chunked and gzip-encoded bodies are
// decoded so fn sees the entity as our own crawl would. Records of other
// types, and responses whose HTTP block does not parse, are skipped; a
// broken WARC framing ends the walk with an ErrArchive error.
func WalkWARC(r io.Reader, fn func(*Response) error) error {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br) // multistream: one member after another
		if err != nil {
			return fmt.Errorf("%w: %v", ErrArchive, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	tp := textproto.NewReader(br)
	for n := 0; ; n++ {
		line, err := tp.ReadLine()
		for err == nil && line == "" {
			line, err = tp.ReadLine()
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: record %d: %v", ErrArchive, n+1, err)
		}
		if !strings.HasPrefix(line, "WARC/") {
			return fmt.Errorf("%w: record %d: %q is not a WARC version line", ErrArchive, n+1, line)
		}
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return fmt.Errorf("%w: record %d: %v", ErrArchive, n+1, err)
		}
		size, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
		if err != nil || size < 0 || size > maxWARCRecord {
			return fmt.Errorf("%w: record %d: bad Content-Length %q", ErrArchive, n+1, h.Get("Content-Length"))
		}
		block := make([]byte, 0, min(size, 1<<20))
		buf := bytes.NewBuffer(block)
		if _, err := io.CopyN(buf, br, size); err != nil {
			return fmt.Errorf("%w: record %d truncated: %v", ErrArchive, n+1, err)
		}
		if h.Get("WARC-Type") != "response" || !strings.HasPrefix(h.Get("Content-Type"), "application/http") {
			continue
		}
		// A record whose HTTP block does not parse is skipped: the framing
		// is intact, the next record is readable.
		resp, err := http.ReadResponse(bufio.NewReader(buf), nil)
		if err != nil {
			continue
		}
		body, err := io.ReadAll(resp.Body) // dechunked
		resp.Body.Close()
		if err != nil {
			continue
		}
		if body, err = decodeContent(resp.Header, body); err != nil {
			continue
		}
		out := &Response{
			URL:      h.Get("WARC-Ngosearch-URL"),
			FinalURL: strings.Trim(h.Get("WARC-Target-URI"), "<> "),
			Status:   resp.StatusCode,
			Header:   resp.Header,
			Body:     body,
			Referrer: h.Get("WARC-Ngosearch-Referrer"),
		}
		if out.URL == "" {
			out.URL = out.FinalURL
		}
		if lt := h.Get("WARC-Ngosearch-Link-Text"); lt != "" {
			if s, err := url.QueryUnescape(lt); err == nil {
				out.LinkText = s
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, h.Get("WARC-Date")); err == nil {
			out.FetchedAt = t
		}
		if err := fn(out); err != nil {
			return err
		}
	}
}

// ReadArchived reads the one response record that starts at offset in the
// archive at path (an offset AppendOffset returned).
func ReadArchived(path string, offset int64) (*Response, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrArchive, err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%w: no record at offset %d: %v", ErrArchive, offset, err)
	}
	zr.Multistream(false) // this record only
	var found *Response
	err = WalkWARC(zr, func(r *Response) error {
		found = r
		return errStopWalk
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		return nil, err
	}
	if found == nil {
		return nil, fmt.Errorf("%w: no response record at offset %d", ErrArchive, offset)
	}
	return found, nil
}

var errStopWalk = errors.New("stop")
