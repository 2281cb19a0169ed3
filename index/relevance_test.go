package index

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

// judgements are Polish queries as residents type them, with the corpus
// documents that answer them: 3 is what they look for, 2 a good answer,
// 1 related. Unjudged documents count as 0.
var judgements = []struct {
	query  string
	grades map[string]int
}{
	{"sprawozdanie 2019", map[string]int{"report2019": 3, "seed": 3}},
	{"sprawozdaniu", map[string]int{"report2019": 3, "seed": 3, "mcd": 3, "forum2015": 1}},
	{"sprawozdnie współpraca", map[string]int{"report2019": 3, "seed": 3}},
	{"seniorzy", map[string]int{"cas2022": 3, "senior2023": 3, "kdo": 3, "report2019": 2, "xss": 1, "seed": 1}},
	{"centrum aktywnosci seniora", map[string]int{"cas2022": 3, "senior2023": 2, "report2019": 2, "seed": 1}},
	{"CAS", map[string]int{"cas2022": 3, "senior2023": 2, "report2019": 2, "seed": 1}},
	{"bezdomnosc", map[string]int{"zima": 3, "mieszkania": 3, "wyniki2021": 3, "report2019": 2, "seed": 1}},
	{"pomoc dla bezdomnych zimą", map[string]int{"zima": 3, "wyniki2021": 1, "mieszkania": 1}},
	{"lodz", map[string]int{"lodz": 3}},
	{"wizyta w Łodzi", map[string]int{"lodz": 3}},
	{"zrodla finansowania ngo", map[string]int{"zrodlo": 3}},
	{"KDO", map[string]int{"kdo": 3, "mcd": 2, "seed": 1, "program2023": 1}},
	{"komisja dialogu obywatelskiego", map[string]int{"kdo": 3, "mcd": 2, "seed": 2, "program2023": 1}},
	{"MOPS", map[string]int{"zima": 3, "konkurs2021": 3}},
	{"krdpp", map[string]int{"krdpp": 3, "program2023": 1}},
	{"rada pożytku publicznego", map[string]int{"krdpp": 3, "program2023": 1}},
	{"OPP 1,5%", map[string]int{"opp": 3}},
	{"organizacje pożytku publicznego", map[string]int{"opp": 3, "uchwala2019": 1, "program2023": 1, "report2019": 1, "krdpp": 1}},
	{"trzeci sektor", map[string]int{"sektor": 3, "lodz": 2, "seed": 2}},
	{"konkurs ofert seniorzy", map[string]int{"senior2023": 3, "cas2022": 1, "konkurs2021": 1}},
	{"otwarty konkurs ofert pomoc społeczna", map[string]int{"konkurs2021": 3, "senior2023": 1, "wyniki2021": 1}},
	{"wyniki konkursu bezdomnosc", map[string]int{"wyniki2021": 3, "zima": 1, "mieszkania": 1}},
	{"uchwała program współpracy", map[string]int{"uchwala2019": 3, "program2023": 2}},
	{"program współpracy 2023", map[string]int{"program2023": 3, "konsultacje": 1}},
	{`"mieszkania chronione"`, map[string]int{"mieszkania": 3, "report2019": 2, "seed": 2}},
	{"konsultacje programu", map[string]int{"konsultacje": 3, "program2023": 1}},
	{"regulamin inicjatywy lokalnej", map[string]int{"regulamin": 3, "seed": 1}},
	{"niepełnosprawni kocham kraków", map[string]int{"tydzien": 3, "seed": 2}},
	{"miejskie centrum dialogu", map[string]int{"mcd": 3, "seed": 1}},
	{"forum organizacji pozarzadowych", map[string]int{"forum2015": 3}},
	{"organizacje pozarzadowe lodz", map[string]int{"lodz": 3}},
	{"senjorzy", map[string]int{"cas2022": 3, "senior2023": 3, "kdo": 3, "report2019": 2, "xss": 1, "seed": 1}},
	{"wyniki konkursow", map[string]int{"wyniki2021": 3, "konsultacje": 1}},
	{"noclegownie", map[string]int{"report2019": 3, "zima": 3, "wyniki2021": 2}},
	{"ogrzewalnie dla bezdomnych", map[string]int{"zima": 3}},
	{"dotacje 2024", map[string]int{"zrodlo": 3}},
	{"typ:uchwała", map[string]int{"uchwala2019": 3}},
	{"sprawozdanie rok:2022", map[string]int{"mcd": 3}},
	{"asystent w mieszkaniu chronionym", map[string]int{"mieszkania": 3}},
	{"generator ofert termin", map[string]int{"konkurs2021": 3}},
	{"rada seniorów", map[string]int{"kdo": 3}},
	{"nowa huta", map[string]int{"cas2022": 3}},
	{"krakowskie ngo", map[string]int{"lodz": 3, "seed": 1, "zrodlo": 1}},
	{`"organizacji pozarzadowych"`, map[string]int{"forum2015": 3, "lodz": 3, "zrodlo": 3, "seed": 2, "program2023": 2, "report2019": 2, "uchwala2019": 2, "sektor": 1, "tydzien": 1, "regulamin": 1}},
	{"zarzadzenie prezydenta krdpp", map[string]int{"krdpp": 3}},
	{"Wydział Polityki Społecznej", map[string]int{"krdpp": 3, "seed": 2, "report2019": 2}},
	{"mops zima", map[string]int{"zima": 3}},
	{"ogłoszenie konkursu 2023", map[string]int{"senior2023": 3}},
	{"Łódź", map[string]int{"lodz": 3}},
	{"kdo seniorzy", map[string]int{"kdo": 3}},
	{"dotacje na noclegownie", map[string]int{"wyniki2021": 3, "report2019": 2, "zima": 1}},
}

// ndcgThreshold is the mean nDCG@10 the relevance test must reach over the
// judgements. Raise it as ranking improves; never lower it to make a change
// pass.
const ndcgThreshold = 0.95

func dcg(gains []int) float64 {
	s := 0.0
	for i, g := range gains {
		if i >= 10 {
			break
		}
		s += (math.Exp2(float64(g)) - 1) / math.Log2(float64(i)+2)
	}
	return s
}

func TestRelevance(t *testing.T) {
	ix, byKey := openCorpus(t)
	keys := keyOf(byKey)
	sum := 0.0
	for _, j := range judgements {
		res := doSearch(t, ix, model.SearchRequest{Query: j.query, Size: 10})
		var gains []int
		var got []string
		for _, h := range res.Hits {
			k := keys[h.ID]
			gains = append(gains, j.grades[k])
			got = append(got, fmt.Sprintf("%s(%d)", k, j.grades[k]))
		}
		var ideal []int
		for _, g := range j.grades {
			ideal = append(ideal, g)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
		n := dcg(gains) / dcg(ideal)
		sum += n
		if n < 0.8 || testing.Verbose() {
			t.Logf("nDCG@10 %.3f  %-40q %v", n, j.query, got)
		}
	}
	mean := sum / float64(len(judgements))
	t.Logf("mean nDCG@10 = %.4f over %d queries", mean, len(judgements))
	fmt.Printf("relevance: mean nDCG@10 = %.4f over %d judged queries\n", mean, len(judgements))
	if mean < ndcgThreshold {
		t.Errorf("mean nDCG@10 %.4f is below %.2f", mean, ndcgThreshold)
	}
}
