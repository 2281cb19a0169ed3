package index

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed synonyms.txt
var synonymsFile string

// synonyms are groups of words and phrases that mean the same thing. Each
// variant is kept as its words and as their light keys (folded, endings
// stripped), which is how query words are matched against it.
type synonyms struct {
	groups [][]variant
}

type variant struct {
	words []string
	keys  []string
}

func loadSynonyms() (*synonyms, error) { return parseSynonyms(synonymsFile) }

func parseSynonyms(text string) (*synonyms, error) {
	s := &synonyms{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []variant
		for _, v := range strings.Split(line, "|") {
			ws := tokens(v)
			if len(ws) == 0 {
				return nil, fmt.Errorf("synonyms.txt line %d: empty variant", n+1)
			}
			keys := make([]string, len(ws))
			for i, w := range ws {
				keys[i] = lightKey(w)
			}
			g = append(g, variant{words: ws, keys: keys})
		}
		if len(g) < 2 {
			return nil, fmt.Errorf("synonyms.txt line %d: a group needs at least two variants", n+1)
		}
		s.groups = append(s.groups, g)
	}
	return s, nil
}

// synMatch is a run of query words that is a variant of a group.
type synMatch struct {
	start, end int // words[start:end]
	group      int
	variant    int
}

// find returns the non-overlapping synonym runs in words, longest first
// at each position. A query word matches a variant's word when their light
// keys are equal or, given stem, their stems are ("seniorów" and "Seniora"
// differ in light form but share the stem).
func (s *synonyms) find(words []string, stem func(string) string) []synMatch {
	type forms struct{ light, stem string }
	of := func(w string) forms {
		f := forms{light: lightKey(w)}
		if stem != nil {
			f.stem = stem(w)
		}
		return f
	}
	q := make([]forms, len(words))
	for i, w := range words {
		q[i] = of(w)
	}
	same := func(a forms, w string, key string) bool {
		if a.light == key {
			return true
		}
		return a.stem != "" && stem != nil && a.stem == stem(w)
	}
	var out []synMatch
	for i := 0; i < len(words); {
		best := synMatch{end: -1}
		for gi, g := range s.groups {
			for vi, v := range g {
				if len(v.keys) <= best.end-i || i+len(v.keys) > len(q) {
					continue
				}
				ok := true
				for k, vk := range v.keys {
					if !same(q[i+k], v.words[k], vk) {
						ok = false
						break
					}
				}
				if ok {
					best = synMatch{start: i, end: i + len(v.keys), group: gi, variant: vi}
				}
			}
		}
		if best.end > i {
			out = append(out, best)
			i = best.end
		} else {
			i++
		}
	}
	return out
}
