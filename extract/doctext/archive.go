package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// zipDoc is a zip-based document (DOCX, ODT, ODS) whose entries are read
// under the MaxUnpacked budget.
type zipDoc struct {
	ctx   context.Context // checked while XML is read
	r     *zip.Reader
	max   int64 // MaxUnpacked: per entry and in total
	used  int64 // bytes decompressed so far, all entries
	files map[string]*zip.File
}

func openZip(ctx context.Context, body []byte, lim Limits) (*zipDoc, error) {
	r, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	// ErrInsecurePath only reports odd names ("../x"); we never write
	// entries to disk, so the archive is still usable.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: reading zip: %w", ErrMalformed, err)
	}
	z := &zipDoc{ctx: ctx, r: r, max: lim.MaxUnpacked, files: make(map[string]*zip.File, len(r.File))}
	for _, f := range r.File {
		if _, dup := z.files[f.Name]; !dup {
			z.files[f.Name] = f
		}
	}
	return z, nil
}

// has reports whether the archive has an entry called name.
func (z *zipDoc) has(name string) bool { _, ok := z.files[name]; return ok }

// open returns a reader of one entry. The declared size is checked first
// (archive/zip itself fails when an entry inflates beyond its declared
// size), and every byte read is counted against the per-entry and total
// budget, so a zip bomb stops at the limit, not at the end of the bomb.
func (z *zipDoc) open(name string) (io.ReadCloser, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, fmt.Errorf("%w: no %s in the archive", ErrMalformed, name)
	}
	if f.UncompressedSize64 > uint64(z.max) || z.used+int64(f.UncompressedSize64) > z.max {
		return nil, fmt.Errorf("%w: %s unpacks to %d bytes, limit %d (%d already used)", ErrTooLarge, name, f.UncompressedSize64, z.max, z.used)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: opening %s: %w", ErrMalformed, name, err)
	}
	return &countingReader{rc: rc, z: z, name: name}, nil
}

type countingReader struct {
	rc    io.ReadCloser
	z     *zipDoc
	name  string
	entry int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.entry += int64(n)
	c.z.used += int64(n)
	if c.entry > c.z.max || c.z.used > c.z.max {
		return n, fmt.Errorf("%w: %s unpacks to more than %d bytes", ErrTooLarge, c.name, c.z.max)
	}
	if err != nil && err != io.EOF {
		return n, fmt.Errorf("%w: unpacking %s: %w", ErrMalformed, c.name, err)
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

// maxXMLDepth bounds element nesting. Real office XML nests a few dozen
// levels; a file nesting deeper is an attack on the parser's stack.
const maxXMLDepth = 1000

// xmlReader wraps encoding/xml for untrusted office XML.
//
// Strict is kept on: office files are written by programs, so a syntax
// error means a corrupt file (ErrMalformed), not sloppy hand-written markup.
// Entities: encoding/xml knows only the five predefined entities and
// numeric character references. It never reads a DTD's entity
// declarations or external entities and we set no Decoder.Entity map, so
// "billion laughs" (&lol9; defined in a DOCTYPE) cannot expand: in strict
// mode the undefined reference is a syntax error. Non-UTF-8 encodings
// declared in the prolog are decoded via x/net/html/charset.
type xmlReader struct {
	ctx    context.Context
	d      *xml.Decoder
	part   string
	depth  int
	tokens int
}

func newXMLReader(ctx context.Context, r io.Reader, part string) *xmlReader {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = charset.NewReaderLabel
	return &xmlReader{ctx: ctx, d: d, part: part}
}

// next returns the next token, io.EOF at the end, or an error wrapping
// ErrMalformed (syntax, depth) or ErrTooLarge (from the zip budget).
func (x *xmlReader) next() (xml.Token, error) {
	// A cancelled crawl should not wait for a 500 MiB part to be parsed.
	if x.tokens++; x.tokens%(1<<14) == 0 {
		if err := x.ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", x.part, err)
		}
	}
	tok, err := x.d.Token()
	if err != nil {
		if err == io.EOF {
			if x.depth != 0 {
				return nil, fmt.Errorf("%w: %s: unexpected end of XML", ErrMalformed, x.part)
			}
			return nil, io.EOF
		}
		if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, x.part, err)
	}
	switch tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > maxXMLDepth {
			return nil, fmt.Errorf("%w: %s: elements nested deeper than %d", ErrMalformed, x.part, maxXMLDepth)
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

// each calls fn with every token to the end of the part: nil at the end,
// or the first error of reading or of fn.
func (x *xmlReader) each(fn func(xml.Token) error) error {
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// skip consumes the rest of the element whose start was just read.
func (x *xmlReader) skip() error {
	start := x.depth
	for x.depth >= start {
		if _, err := x.next(); err != nil {
			if err == io.EOF {
				return fmt.Errorf("%w: %s: unexpected end of XML", ErrMalformed, x.part)
			}
			return err
		}
	}
	return nil
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// budget charges produced text against MaxUnpacked, for formats where a
// little markup can ask for a lot of output (repeated spreadsheet cells,
// <text:s text:c="1000000000"/>).
type budget struct{ left int64 }

func (b *budget) charge(n int64) error {
	b.left -= n
	if b.left < 0 {
		return fmt.Errorf("%w: text would exceed the unpacked limit", ErrTooLarge)
	}
	return nil
}

// readMetaXML reads the title and dates from docProps/core.xml (OOXML) or
// meta.xml (ODF): dc:title, dcterms:created / dcterms:modified,
// meta:creation-date / dc:date.
func readMetaXML(z *zipDoc, name string, t *Text) error {
	rc, err := z.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLReader(z.ctx, rc, name)
	var cur string
	var buf strings.Builder
	return x.each(func(tok xml.Token) error {
		switch tok := tok.(type) {
		case xml.StartElement:
			cur = tok.Name.Local
			buf.Reset()
		case xml.CharData:
			if cur != "" && buf.Len() < 64<<10 {
				buf.Write(tok)
			}
		case xml.EndElement:
			v := strings.TrimSpace(buf.String())
			switch cur {
			case "title":
				if t.Title == "" {
					t.Title = v
				}
			case "created", "creation-date":
				t.Created = parseW3CDate(v)
			case "modified":
				t.Modified = parseW3CDate(v)
			case "date":
				if tok.Name.Space == "http://purl.org/dc/elements/1.1/" && t.Modified.IsZero() {
					t.Modified = parseW3CDate(v)
				}
			}
			cur = ""
			buf.Reset()
		}
		return nil
	})
}

// parseW3CDate reads the date forms office metadata uses. Times without a
// zone (ODF writes local time) are taken as UTC.
func parseW3CDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// spaces turns the non-breaking spaces Polish number formats use
// ("12\u00a0500,00 zł") into plain ones, so text and amounts match what
// people type.
var spaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2007", " ")

// tidy normalises extracted text: soft hyphens and NULs removed,
// non-breaking spaces made plain, CR LF to LF, trailing blanks cut from every line, runs of blank lines collapsed
// to one, blank lines at both ends dropped.
func tidy(s string) string {
	s = strings.NewReplacer("\u00ad", "", "\x00", "", "\r\n", "\n", "\r", "\n", "\u00a0", " ", "\u202f", " ", "\u2007", " ").Replace(s)
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, " \t\n")
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}
