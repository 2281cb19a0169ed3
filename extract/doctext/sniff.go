package doctext

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"mime"
	"path"
	"strings"
	"unicode/utf16"

	"github.com/gabriel-vasile/mimetype"

	"github.com/krakow-ngo/ngosearch/model"
)

// Sniff names the format of a document from its bytes first, then the
// Content-Type header, then the file name's extension (filename may be a
// bare name, a URL path or a whole Content-Disposition value). It returns
// "" for HTML and for anything this package does not read: images, zip
// archives of other things, presentations, an HTML error page served
// under a .pdf name.
//
// The bytes decide whenever they are recognisable, because the city's
// servers send application/octet-stream for most files and file names
// that do not match the content (an RTF named .doc).
func Sniff(body []byte, contentType, filename string) model.Kind {
	hint := hintKind(contentType, filename)
	switch {
	case len(body) == 0:
		return ""
	case isZip(body):
		return sniffZip(body)
	case isOLE(body):
		s := scanOLE(body)
		switch {
		case s.word && s.book && (hint == model.KindDOC || hint == model.KindXLS):
			return hint // a document with the other kind embedded
		case s.word:
			return model.KindDOC
		case s.book:
			return model.KindXLS
		case s.encrypted && (hint == model.KindDOCX || hint == model.KindXLSX):
			return hint // password-protected OOXML: Read says ErrEncrypted
		case s == oleStreams{} && (hint == model.KindDOC || hint == model.KindXLS):
			return hint // unreadable directory (cut short): Read says why
		}
		return ""
	}
	if k := sniffMagic(body); k != "" {
		return k
	}
	m := mimetype.Detect(body)
	if !m.Is("application/octet-stream") && !m.Is("text/plain") {
		return kindOfMIME(m.String()) // "" for HTML, images and the like
	}
	return hint
}

// sniffMagic recognises the formats whose bytes leave no doubt, "" when
// they do not (including OLE2 files holding neither or both of a Word and
// an Excel stream).
func sniffMagic(body []byte) model.Kind {
	switch {
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(body, []byte(utf8BOM)), " \t\r\n"), []byte(`{\rtf`)):
		return model.KindRTF
	case bytes.Contains(body[:min(len(body), 1024)], []byte("%PDF-")):
		return model.KindPDF
	case isZip(body):
		return sniffZip(body)
	case isOLE(body):
		s := scanOLE(body)
		if s.word && !s.book {
			return model.KindDOC
		}
		if s.book && !s.word {
			return model.KindXLS
		}
	}
	return ""
}

const utf8BOM = "\xef\xbb\xbf"

func isZip(b []byte) bool { return bytes.HasPrefix(b, []byte("PK\x03\x04")) }

const oleMagic = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

func isOLE(b []byte) bool { return bytes.HasPrefix(b, []byte(oleMagic)) }

// sniffZip tells the zip-based formats apart by the ODF "mimetype" entry
// or the OOXML [Content_Types].xml, then by well-known part names. A zip
// too broken to list falls back to mimetype's scan of local headers.
func sniffZip(body []byte) model.Kind {
	r, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil && r == nil {
		return kindOfMIME(mimetype.Detect(body).String())
	}
	names := map[string]*zip.File{}
	for _, f := range r.File {
		names[f.Name] = f
	}
	small := func(name string, n int64) string {
		f, ok := names[name]
		if !ok {
			return ""
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		var b bytes.Buffer
		if _, err := io.Copy(&b, io.LimitReader(rc, n)); err != nil && b.Len() == 0 {
			return ""
		}
		return b.String()
	}
	if mt := strings.TrimSpace(small("mimetype", 256)); mt != "" {
		return kindOfMIME(mt)
	}
	ct := small("[Content_Types].xml", 1<<20)
	for _, c := range []struct {
		part string
		kind model.Kind
	}{
		{"wordprocessingml.document.main+xml", model.KindDOCX},
		{"wordprocessingml.template.main+xml", model.KindDOCX},
		{"ms-word.document.macroEnabled.main+xml", model.KindDOCX},
		{"ms-word.template.macroEnabledTemplate.main+xml", model.KindDOCX},
		{"spreadsheetml.sheet.main+xml", model.KindXLSX},
		{"spreadsheetml.template.main+xml", model.KindXLSX},
		{"ms-excel.sheet.macroEnabled.main+xml", model.KindXLSX},
		{"ms-excel.template.macroEnabled.main+xml", model.KindXLSX},
	} {
		if strings.Contains(ct, c.part) {
			return c.kind
		}
	}
	switch {
	case names["word/document.xml"] != nil:
		return model.KindDOCX
	case names["xl/workbook.xml"] != nil:
		return model.KindXLSX
	}
	return ""
}

// oleStreams says which telling streams an OLE2 compound file holds.
type oleStreams struct{ word, book, encrypted bool }

// scanOLE looks for the streams that identify a Word document
// ("WordDocument"), an Excel workbook ("Workbook", "Book" for Excel 5) and
// an encrypted OOXML package ("EncryptedPackage").
//
// When the compound file's directory can be read, only streams at its
// root count: a Word document with an embedded Excel sheet holds a
// "Workbook" stream too, inside the object's storage. When it cannot (a
// truncated download), every 128-byte boundary after the header is checked
// for a directory entry of a stream whose UTF-16 name and name length
// match: no chain to follow, nothing a hostile file can make loop.
func scanOLE(b []byte) oleStreams {
	var s oleStreams
	if len(b) < 512 {
		return s
	}
	if c := openCFB(b); c != nil {
		for _, name := range c.rootNames() {
			s.note(name)
		}
		if s != (oleStreams{}) {
			return s
		}
	}
	shift := binary.LittleEndian.Uint16(b[0x1E:])
	if shift != 9 && shift != 12 {
		return s
	}
	for off := 1 << shift; off+128 <= len(b); off += 128 {
		e := b[off : off+128]
		if e[0x42] != 2 { // stream object
			continue
		}
		n := int(binary.LittleEndian.Uint16(e[0x40:]))
		if n < 4 || n > 64 || n%2 != 0 {
			continue
		}
		s.note(oleName(e[:n-2]))
	}
	return s
}

func (s *oleStreams) note(name string) {
	switch name {
	case "WordDocument":
		s.word = true
	case "Workbook", "Book":
		s.book = true
	case "EncryptedPackage":
		s.encrypted = true
	}
}

func oleName(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// hintKind is the kind the Content-Type names, else the one the file
// name's extension names.
func hintKind(contentType, filename string) model.Kind {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		if k := kindOfMIME(mt); k != "" {
			return k
		}
	}
	name := filename
	if strings.Contains(filename, "=") {
		if _, params, err := mime.ParseMediaType(filename); err == nil && params["filename"] != "" {
			name = params["filename"]
		}
	}
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(path.Ext(strings.TrimSpace(strings.Trim(name, `"' `)))) {
	case ".pdf":
		return model.KindPDF
	case ".doc":
		return model.KindDOC
	case ".docx", ".docm", ".dotx":
		return model.KindDOCX
	case ".odt", ".ott":
		return model.KindODT
	case ".rtf":
		return model.KindRTF
	case ".xls":
		return model.KindXLS
	case ".xlsx", ".xlsm", ".xltx":
		return model.KindXLSX
	case ".ods", ".ots":
		return model.KindODS
	}
	return ""
}

func kindOfMIME(mt string) model.Kind {
	switch strings.ToLower(mt) {
	case "application/pdf", "application/x-pdf":
		return model.KindPDF
	case "application/msword", "application/vnd.ms-word":
		return model.KindDOC
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.template",
		"application/vnd.ms-word.document.macroenabled.12":
		return model.KindDOCX
	case "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template":
		return model.KindODT
	case "application/rtf", "text/rtf", "application/x-rtf", "text/richtext":
		return model.KindRTF
	case "application/vnd.ms-excel", "application/excel", "application/x-excel", "application/x-msexcel":
		return model.KindXLS
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.template",
		"application/vnd.ms-excel.sheet.macroenabled.12":
		return model.KindXLSX
	case "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template":
		return model.KindODS
	}
	return ""
}
