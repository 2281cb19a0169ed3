package doctext

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// readPDF runs pdfinfo for the metadata and page count, then pdftotext
// twice (reading order and -layout) in parallel. Pages come back separated
// by form feeds. Owner passwords are ignored by poppler, so "secured" PDFs
// read normally; a user password is ErrEncrypted.
func readPDF(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	path, cleanup, err := tempFile(body, ".pdf")
	if err != nil {
		return nil, err
	}
	defer cleanup()

	info, err := toolPdfinfo.run(ctx, lim, "-enc", "UTF-8", "-isodates", path)
	if err == nil && info.code == 99 {
		// Exit 99 is a usage error: a poppler older than -isodates.
		// The ctime-like dates it prints instead are parsed too.
		info, err = toolPdfinfo.run(ctx, lim, "-enc", "UTF-8", path)
	}
	if err != nil {
		return nil, err
	}
	if info.code != 0 {
		return nil, pdfError(toolPdfinfo, info, path)
	}
	t := &Text{}
	fields := parsePdfinfo(string(info.stdout))
	t.Title = strings.TrimSpace(fields["Title"])
	t.Created = parsePDFDate(fields["CreationDate"])
	t.Modified = parsePDFDate(fields["ModDate"])
	pages, err := strconv.Atoi(fields["Pages"])
	if err != nil {
		return nil, fmt.Errorf("%w: pdfinfo gave no page count", ErrMalformed)
	}
	if pages > lim.MaxPages {
		return nil, fmt.Errorf("%w: %d pages, limit %d", ErrTooLarge, pages, lim.MaxPages)
	}

	var (
		wg           sync.WaitGroup
		flow, layout toolResult
		flowErr      error
		layoutErr    error
	)
	wg.Go(func() { flow, flowErr = toolPdftotext.run(ctx, lim, "-enc", "UTF-8", "-eol", "unix", path, "-") })
	wg.Go(func() {
		layout, layoutErr = toolPdftotext.run(ctx, lim, "-enc", "UTF-8", "-eol", "unix", "-layout", path, "-")
	})
	wg.Wait()
	for _, r := range []struct {
		res toolResult
		err error
	}{{flow, flowErr}, {layout, layoutErr}} {
		if r.err != nil {
			return nil, r.err
		}
		if r.res.code != 0 {
			return nil, pdfError(toolPdftotext, r.res, path)
		}
	}
	t.Pages = splitPages(flow.stdout, pages)
	t.Layout = splitPages(layout.stdout, pages)
	return t, nil
}

// pdfError classifies a failed poppler run. Exit code 3 is poppler's
// "permission" error; "Incorrect password" is a user password.
func pdfError(t tool, r toolResult, path string) error {
	reason := r.reason(path)
	if r.code == 3 || strings.Contains(r.stderr, "Incorrect password") {
		return fmt.Errorf("%w: %s: %s", ErrEncrypted, t.name, reason)
	}
	return fmt.Errorf("%w: %s: %s", ErrMalformed, t.name, reason)
}

// splitPages cuts pdftotext output at the form feed that ends every page.
// want is pdfinfo's page count: the result has exactly that many entries,
// so page i of the PDF is always Pages[i-1].
func splitPages(out []byte, want int) []string {
	parts := bytes.Split(out, []byte{'\f'})
	pages := make([]string, want)
	for i := range pages {
		if i < len(parts) {
			pages[i] = tidy(string(parts[i]))
		}
	}
	return pages
}

// parsePdfinfo reads pdfinfo's "Key:   value" lines.
func parsePdfinfo(out string) map[string]string {
	m := make(map[string]string)
	for line := range strings.Lines(out) {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if _, dup := m[k]; !dup {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// parsePDFDate reads the date forms poppler prints: ISO 8601 with
// -isodates, the ctime-like "Wed Jun 10 12:00:00 2020 UTC" without it, and
// the raw "D:20200610120000+02'00'" form.
func parsePDFDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "Mon Jan _2 15:04:05 2006 MST", "Mon Jan _2 15:04:05 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return parseRawPDFDate(s)
}

// parseRawPDFDate reads D:YYYYMMDDHHmmSSOHH'mm' where everything after the
// year is optional.
func parseRawPDFDate(s string) time.Time {
	s = strings.TrimPrefix(s, "D:")
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 || digits%2 != 0 {
		return time.Time{}
	}
	num := func(i, def int) int {
		if i+2 > digits {
			return def
		}
		return int(s[i]-'0')*10 + int(s[i+1]-'0')
	}
	year := num(0, 0)*100 + num(2, 0)
	month, day := num(4, 1), num(6, 1)
	hour, minute, sec := num(8, 0), num(10, 0), num(12, 0)
	loc := time.UTC
	rest := strings.ReplaceAll(s[digits:], "'", "")
	if len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		oh, err1 := strconv.Atoi(rest[1:3])
		om := 0
		var err2 error
		if len(rest) >= 5 {
			om, err2 = strconv.Atoi(rest[3:5])
		}
		if err1 == nil && err2 == nil {
			off := (oh*60 + om) * 60
			if rest[0] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		}
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
}
