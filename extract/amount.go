package extract

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

// ErrNotAmount is returned by ParseAmount for text that is not an amount
// of money.
var ErrNotAmount = errors.New("not an amount")

var amountRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(\d[\d .]*?)(?:,(\d*|-{1,2}))?(?:\.(\d{1,2}))?\s*(mln|milion\w*|tys|tysi\w*)?\.?\s*(zł|złotych|złote|zl|pln)?\.?$`)
})

// ParseAmount reads an amount of money as the city writes it, exactly to
// the grosz (no floats anywhere):
//
//	12 500,00 zł   12 500,00   12500 zł   12.500,00 zł   12 500,- zł
//	1,5 mln zł     150 tys. zł  12500.50 (spreadsheet cells)   PLN 100
//
// Groups may be separated by a space, a no-break space (U+00A0), a narrow
// no-break space (U+202F) or a dot. A comma is the decimal separator; a dot
// is one only when followed by one or two digits at the end. Negative
// amounts, more than two decimals (except before "mln"/"tys."), and
// anything else around the number are refused with ErrNotAmount.
func ParseAmount(s string) (model.Amount, error) {
	orig := s
	s = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for _, p := range []string{"PLN", "pln", "zł", "Zł"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = strings.TrimSpace(rest)
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || len(s) > 64 {
		return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
	}
	m := amountRe().FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
	}
	intPart, frac, dotFrac, mult := strings.TrimSpace(m[1]), m[2], m[3], strings.ToLower(m[4])
	if strings.HasPrefix(frac, "-") {
		frac = ""
	} else if m[2] == "" && strings.Contains(s, ",") && !strings.Contains(s, ",-") {
		// "12," is not an amount.
		return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
	}
	if dotFrac != "" {
		if frac != "" || m[2] != "" {
			return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
		}
		frac = dotFrac
	}
	digits, ok := groupedDigits(intPart)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
	}
	scale := int64(1)
	switch {
	case strings.HasPrefix(mult, "mln"), strings.HasPrefix(mult, "milion"):
		scale = 1_000_000
	case strings.HasPrefix(mult, "tys"):
		scale = 1_000
	}
	if scale == 1 && len(frac) > 2 {
		return 0, fmt.Errorf("%w: %q has more than two decimals", ErrNotAmount, orig)
	}
	r, ok := new(big.Rat).SetString(digits + "." + orZeroDigits(frac))
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrNotAmount, orig)
	}
	r.Mul(r, new(big.Rat).SetInt64(scale*100))
	if !r.IsInt() || !r.Num().IsInt64() || r.Num().Int64() > 1e15 {
		return 0, fmt.Errorf("%w: %q is not a whole number of grosze", ErrNotAmount, orig)
	}
	return model.Amount(r.Num().Int64()), nil
}

func orZeroDigits(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// groupedDigits checks "12 500", "12.500", "12500" and returns the digits.
// Groups after the first must have exactly three digits; one amount uses
// one kind of separator.
func groupedDigits(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	sep := ""
	switch {
	case strings.Contains(s, " ") && strings.Contains(s, "."):
		return "", false
	case strings.Contains(s, " "):
		sep = " "
	case strings.Contains(s, "."):
		sep = "."
	}
	if sep == "" {
		return s, allDigits(s)
	}
	groups := strings.Split(s, sep)
	if len(groups[0]) == 0 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
