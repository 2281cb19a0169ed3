package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Amount is a sum of money in grosze (1/100 PLN). It is never a float, so
// sums and comparisons are exact.
type Amount int64

// String formats a as PLN with two decimals and a dot: "12500.00".
func (a Amount) String() string {
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	return fmt.Sprintf("%s%d.%02d", sign, a/100, a%100)
}

// Polish formats a as the city writes it: "12 500,00 zł".
func (a Amount) Polish() string {
	s := a.String()
	intPart, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	var b strings.Builder
	if a < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return b.String() + "," + frac + "\u00a0zł"
}

// MarshalJSON writes a as a JSON number with exactly two decimals.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number (or numeric string) with at most two
// decimals, exactly.
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := ParseAmountDecimal(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ParseAmountDecimal parses a plain decimal such as "12500", "12500.5" or
// "12500.50" into an Amount, exactly. It is for machine-written numbers (API
// parameters, JSON); Polish-written amounts are extract's business.
func ParseAmountDecimal(s string) (Amount, error) {
	neg := strings.HasPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if intPart == "" || len(intPart) > 15 || (hasFrac && (frac == "" || len(frac) > 2)) {
		return 0, invalid("amount %q is not a decimal with at most two decimals", s)
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, invalid("amount %q is not a decimal with at most two decimals", s)
		}
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, invalid("amount %q: %v", s, err)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64) // two checked digits: cannot fail
	v := Amount(n*100 + f)
	if neg {
		v = -v
	}
	return v, nil
}

// Grant is one award in a competition's results: who got how much for what.
type Grant struct {
	Organization string `json:"organization"`
	// OrgKey groups one organisation's grants: "krs:<KRS>" when the KRS is
	// known, else "name:" + OrgNameKey(Organization).
	OrgKey string `json:"org_key"`
	// KRS is the 10-digit National Court Register number, or "".
	KRS    string `json:"krs"`
	Task   string `json:"task"`
	Amount Amount `json:"amount"`
	Year   int    `json:"year"`
	// Area is the competition or public-task area, when the source says it.
	Area string `json:"area,omitempty"`
	// SourceID is the ID of the Document the grant was read from.
	SourceID  string `json:"source_id"`
	SourceURL string `json:"source_url"`
	// Page is the 1-based page (sheet) of the source, 0 for HTML.
	Page int `json:"page"`
}

// ID is a stable identity for the grant: the same row of the same source
// document always has the same ID, so re-indexing replaces it.
func (g *Grant) ID() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00%s\x00%d", g.SourceID, g.Page, OrgNameKey(g.Organization), g.KRS, g.Task, g.Amount)
	return "g" + hex.EncodeToString(h.Sum(nil)[:15])
}

// Validate checks a grant before it is stored.
func (g *Grant) Validate() error {
	switch {
	case strings.TrimSpace(g.Organization) == "":
		return invalid("grant has no organisation")
	case g.KRS != "" && !isDigits(g.KRS, 10):
		return invalid("grant for %q has KRS %q, not 10 digits", g.Organization, g.KRS)
	case g.Amount <= 0:
		return invalid("grant for %q has non-positive amount %s", g.Organization, g.Amount)
	case g.Year != 0 && (g.Year < 1990 || g.Year > 2100):
		return invalid("grant for %q has implausible year %d", g.Organization, g.Year)
	case g.SourceID == "" || g.SourceURL == "":
		return invalid("grant for %q has no source document", g.Organization)
	case g.Page < 0:
		return invalid("grant for %q has negative page %d", g.Organization, g.Page)
	}
	return nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// OrgNameKey normalises an organisation's name for grouping: case folded,
// quote styles and punctuation dropped, whitespace collapsed.
// „Fundacja ABC”, "FUNDACJA  ABC" and «Fundacja Abc» share a key.
func OrgNameKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '–' || r == '—':
			space = true
		}
	}
	return b.String()
}

// GrantOrgKey computes the OrgKey for an organisation name and KRS.
func GrantOrgKey(name, krs string) string {
	if krs != "" {
		return "krs:" + krs
	}
	return "name:" + OrgNameKey(name)
}
