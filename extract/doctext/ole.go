package doctext

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf16"
)

// A minimal reader of OLE2 compound files (MS-CFB), only as far as the
// "\x05SummaryInformation" property set (MS-OLEPS) of Word and Excel
// 97-2003 files: title, creation and last-save times. Every chain walk is
// bounded by the file's sector count, so a hostile FAT cannot loop.

const (
	cfbEndOfChain = 0xFFFFFFFE
	cfbFree       = 0xFFFFFFFF
	cfbNoStream   = 0xFFFFFFFF
	// cfbMaxStream caps the streams read here; a summary is a few KiB.
	cfbMaxStream = 1 << 20
)

type cfb struct {
	b          []byte
	secSize    int
	fat        []uint32
	sectors    int // sectors in the file, the bound on every chain
	dir        []byte
	miniFAT    []uint32
	miniStream []byte
	cutoff     uint32
}

func (c *cfb) sector(n uint32) []byte {
	off := (int(n) + 1) * c.secSize
	if n >= uint32(c.sectors) || off+c.secSize > len(c.b) {
		return nil
	}
	return c.b[off : off+c.secSize]
}

// chain concatenates the sectors of the chain starting at start, up to max
// bytes; nil when the chain is broken.
func (c *cfb) chain(start uint32, max int) []byte {
	var out []byte
	for s, steps := start, 0; s != cfbEndOfChain; steps++ {
		if steps > c.sectors || s >= uint32(len(c.fat)) {
			return nil
		}
		sec := c.sector(s)
		if sec == nil {
			return nil
		}
		out = append(out, sec...)
		if len(out) >= max {
			return out[:max]
		}
		s = c.fat[s]
	}
	return out
}

func u32s(b []byte) []uint32 {
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

func openCFB(b []byte) *cfb {
	if !isOLE(b) || len(b) < 512 {
		return nil
	}
	shift := binary.LittleEndian.Uint16(b[0x1E:])
	if shift != 9 && shift != 12 {
		return nil
	}
	c := &cfb{b: b, secSize: 1 << shift}
	c.sectors = len(b)/c.secSize - 1
	if c.sectors <= 0 {
		return nil
	}
	c.cutoff = binary.LittleEndian.Uint32(b[0x38:])
	// FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
	var fatSecs []uint32
	for _, s := range u32s(b[0x4C:0x200]) {
		if s < cfbEndOfChain {
			fatSecs = append(fatSecs, s)
		}
	}
	for s, n := binary.LittleEndian.Uint32(b[0x44:]), 0; s < cfbEndOfChain && n <= c.sectors; n++ {
		sec := c.sector(s)
		if sec == nil {
			break
		}
		ids := u32s(sec)
		for _, id := range ids[:len(ids)-1] {
			if id < cfbEndOfChain {
				fatSecs = append(fatSecs, id)
			}
		}
		s = ids[len(ids)-1]
	}
	for _, s := range fatSecs {
		if len(c.fat) > c.sectors+c.secSize/4 {
			break // more FAT than the file has sectors
		}
		sec := c.sector(s)
		if sec == nil {
			return nil
		}
		c.fat = append(c.fat, u32s(sec)...)
	}
	c.dir = c.chain(binary.LittleEndian.Uint32(b[0x30:]), 128*4096)
	if len(c.dir) < 128 {
		return nil
	}
	c.miniFAT = u32s(c.chain(binary.LittleEndian.Uint32(b[0x3C:]), cfbMaxStream))
	root := c.dir[:128]
	c.miniStream = c.chain(binary.LittleEndian.Uint32(root[0x74:]), cfbMaxStream*4)
	return c
}

// entryName is the UTF-16 name of directory entry e.
func entryName(e []byte) string {
	n := int(binary.LittleEndian.Uint16(e[0x40:]))
	if n < 2 || n > 64 || n%2 != 0 {
		return ""
	}
	return oleName(e[:n-2])
}

// rootNames lists the streams directly under the root storage.
func (c *cfb) rootNames() []string {
	var names []string
	c.walkRoot(func(e []byte) bool {
		if e[0x42] == 2 {
			names = append(names, entryName(e))
		}
		return false
	})
	return names
}

// rootStream returns the content of a stream directly under the root
// storage (not one of an embedded object), nil if there is none.
func (c *cfb) rootStream(name string) []byte {
	var found []byte
	c.walkRoot(func(e []byte) bool {
		if e[0x42] == 2 && entryName(e) == name {
			found = c.stream(e)
			return true
		}
		return false
	})
	return found
}

// walkRoot calls visit for the root storage's children until it returns
// true.
func (c *cfb) walkRoot(visit func(e []byte) bool) {
	entries := len(c.dir) / 128
	entry := func(i uint32) []byte {
		if i >= uint32(entries) {
			return nil
		}
		return c.dir[128*i : 128*i+128]
	}
	// The root's children form a tree through left and right siblings.
	stack := []uint32{binary.LittleEndian.Uint32(c.dir[0x4C:])}
	for steps := 0; len(stack) > 0 && steps <= entries; steps++ {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := entry(id)
		if e == nil {
			continue
		}
		if visit(e) {
			return
		}
		stack = append(stack, binary.LittleEndian.Uint32(e[0x44:]), binary.LittleEndian.Uint32(e[0x48:]))
	}
}

func (c *cfb) stream(e []byte) []byte {
	start := binary.LittleEndian.Uint32(e[0x74:])
	size := binary.LittleEndian.Uint32(e[0x78:])
	if size > cfbMaxStream {
		return nil
	}
	if size >= c.cutoff {
		b := c.chain(start, int(size))
		if len(b) < int(size) {
			return nil
		}
		return b
	}
	// Small streams live in 64-byte sectors of the mini stream.
	var out []byte
	for s, steps := start, 0; s != cfbEndOfChain && len(out) < int(size); steps++ {
		off := int(s) * 64
		if steps > len(c.miniFAT) || s >= uint32(len(c.miniFAT)) || off+64 > len(c.miniStream) {
			return nil
		}
		out = append(out, c.miniStream[off:off+64]...)
		s = c.miniFAT[s]
	}
	if len(out) < int(size) {
		return nil
	}
	return out[:size]
}

// oleSummary fills t.Title, t.Created and t.Modified from the summary
// information of an OLE2 file; anything missing or broken is left zero.
func oleSummary(body []byte, t *Text) {
	c := openCFB(body)
	if c == nil {
		return
	}
	ps := c.rootStream("\x05SummaryInformation")
	if len(ps) < 0x30 || binary.LittleEndian.Uint16(ps) != 0xFFFE {
		return
	}
	secOff := int(binary.LittleEndian.Uint32(ps[0x2C:]))
	if secOff < 0 || secOff+8 > len(ps) {
		return
	}
	sec := ps[secOff:]
	n := int(binary.LittleEndian.Uint32(sec[4:]))
	if n < 0 || n > 1000 || 8+8*n > len(sec) {
		return
	}
	props := map[uint32][]byte{}
	for i := range n {
		pid := binary.LittleEndian.Uint32(sec[8+8*i:])
		off := int(binary.LittleEndian.Uint32(sec[12+8*i:]))
		if off >= 0 && off+8 <= len(sec) {
			props[pid] = sec[off:]
		}
	}
	codePageID := 1252
	if v := props[1]; v != nil && binary.LittleEndian.Uint16(v) == 2 { // VT_I2
		codePageID = int(binary.LittleEndian.Uint16(v[4:]))
	}
	if v := props[2]; v != nil {
		t.Title = strings.TrimSpace(spaces.Replace(propString(v, codePageID)))
	}
	t.Created = propTime(props[12])
	t.Modified = propTime(props[13])
}

// propString reads a VT_LPSTR (in the set's code page) or VT_LPWSTR.
func propString(v []byte, codePageID int) string {
	typ := binary.LittleEndian.Uint16(v)
	size := int(binary.LittleEndian.Uint32(v[4:]))
	switch typ {
	case 30: // VT_LPSTR: byte count, then bytes ending in NUL
		if size < 0 || 8+size > len(v) {
			return ""
		}
		raw := v[8 : 8+size]
		if i := strings.IndexByte(string(raw), 0); i >= 0 {
			raw = raw[:i]
		}
		if codePageID == 65001 {
			return strings.ToValidUTF8(string(raw), "")
		}
		var b strings.Builder
		cm := codePage(codePageID)
		for _, c := range raw {
			b.WriteRune(cm.DecodeByte(c))
		}
		return b.String()
	case 31: // VT_LPWSTR: character count, then UTF-16
		if size < 0 || 8+2*size > len(v) {
			return ""
		}
		u := make([]uint16, size)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(v[8+2*i:])
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	}
	return ""
}

// propTime reads a VT_FILETIME; zero for absent, empty or implausible.
func propTime(v []byte) time.Time {
	if len(v) < 12 || binary.LittleEndian.Uint16(v) != 64 {
		return time.Time{}
	}
	ft := binary.LittleEndian.Uint64(v[4:])
	const epochDiff = 116444736000000000 // 1601-01-01 to 1970-01-01 in 100 ns
	if ft <= epochDiff {
		return time.Time{}
	}
	t := time.Unix(0, 0).Add(time.Duration((ft-epochDiff)/10000) * time.Millisecond).UTC()
	if t.Year() > 2200 {
		return time.Time{}
	}
	return t
}

// streamHead returns up to n bytes from the start of a root stream (nil
// when there is no such stream), without the size cap of rootStream: a
// workbook's first records are all that is needed.
func (c *cfb) streamHead(name string, n int) []byte {
	var head []byte
	c.walkRoot(func(e []byte) bool {
		if e[0x42] != 2 || entryName(e) != name {
			return false
		}
		size := binary.LittleEndian.Uint32(e[0x78:])
		if size < c.cutoff {
			head = c.stream(e)
		} else {
			head = c.chain(binary.LittleEndian.Uint32(e[0x74:]), min(n, int(size)))
		}
		return true
	})
	return head[:min(len(head), n)]
}

// xlsEncrypted reports whether an Excel 97-2003 workbook is password
// protected: a FILEPASS record (0x002F) among the globals' first records,
// before the first BOUNDSHEET (0x0085) or EOF (0x000A).
func xlsEncrypted(body []byte) bool {
	c := openCFB(body)
	if c == nil {
		return false
	}
	wb := c.streamHead("Workbook", 8192)
	if wb == nil {
		wb = c.streamHead("Book", 8192)
	}
	for off := 0; off+4 <= len(wb); {
		typ := binary.LittleEndian.Uint16(wb[off:])
		size := int(binary.LittleEndian.Uint16(wb[off+2:]))
		switch typ {
		case 0x002F:
			return true
		case 0x0085, 0x000A:
			return false
		}
		off += 4 + size
	}
	return false
}
