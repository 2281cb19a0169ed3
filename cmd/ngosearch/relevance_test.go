package main

import (
	"context"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

// judged is one query with graded relevant documents, named by the end of
// their URL on the sample site: 2 = what the person wanted, 1 = relevant.
type judged struct {
	query string
	rel   map[string]int
}

// relevanceThreshold is the mean nDCG@10 below which the test fails. Raise
// it as ranking improves; never lower it to make a change pass.
const relevanceThreshold = 0.93

var judgments = []judged{
	// Reports, in the words and forms residents use.
	{"sprawozdanie współpraca 2019", map[string]int{"240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html": 2, "?dok_id=105412": 2, "n/301200": 2}},
	{"sprawozdaniu za 2018", map[string]int{"232410,33,komunikat,sprawozdanie_z_wspolpracy_z_organizacjami_pozarzadowymi_za_2018_rok.html": 2, "?dok_id=98010": 2, "n/300950": 2}},
	{"sprawozdanie 2020 pandemia", map[string]int{"247310,33,komunikat,wspolpraca_z_ngo_w_pandemii_sprawozdanie_za_2020_rok.html": 2}},
	{"sprawozdanie za 2022 rok", map[string]int{"261045,1785,komunikat,sprawozdanie_za_2022_rok_trzeci_sektor_w_liczbach.html": 2}},
	{"sprawozdanie z realizacji programu 2021", map[string]int{"254120,1785,komunikat,sprawozdanie_z_realizacji_programu_wspolpracy_za_2021.html": 2}},
	{"sprawozdanie 2011", map[string]int{"?dok_id=90111": 2}},
	{"sprawozdnie 2019", map[string]int{"240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html": 2, "?dok_id=105412": 2, "n/301200": 2}},
	{"SPRAWOZDANIA ZA ROK 2018", map[string]int{"232410,33,komunikat,sprawozdanie_z_wspolpracy_z_organizacjami_pozarzadowymi_za_2018_rok.html": 2, "?dok_id=98010": 2, "n/300950": 2}},
	{"podsumowanie współpracy 2017", map[string]int{"226880,33,komunikat,miasto_podsumowalo_wspolprace_z_organizacjami_w_2017_roku.html": 2}},
	{"annual report 2019 NGO", map[string]int{"240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html": 2, "?dok_id=105412": 1, "n/301200": 1}},

	// Homelessness, without diacritics and inflected.
	{"bezdomnosc", map[string]int{"241200,33,komunikat,konkurs_na_przeciwdzialanie_bezdomnosci.html": 2, "?dok_id=113460": 2, "n/303460": 1}},
	{"przeciwdziałanie bezdomności konkurs", map[string]int{"241200,33,komunikat,konkurs_na_przeciwdzialanie_bezdomnosci.html": 2, "?dok_id=113460": 2, "n/303460": 1}},
	{"noclegowni", map[string]int{"241200,33,komunikat,konkurs_na_przeciwdzialanie_bezdomnosci.html": 2, "?dok_id=113460": 1}},
	{`"mieszkania chronione"`, map[string]int{"241200,33,komunikat,konkurs_na_przeciwdzialanie_bezdomnosci.html": 2, "240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html": 1}},

	// Seniors.
	{"seniorzy konkurs ofert", map[string]int{"243500,33,komunikat,otwarty_konkurs_ofert_dla_seniorow_2021.html": 2, "?dok_id=112300": 2, "n/302410": 1, "243610,1785,komunikat,wyniki_konkursu_dla_seniorow_2021.html": 1, "?dok_id=113450": 1, "n/303500": 1}},
	{"wyniki konkursu dla seniorów", map[string]int{"243610,1785,komunikat,wyniki_konkursu_dla_seniorow_2021.html": 2, "n/303500": 2, "?dok_id=113450": 2}},
	{"Centrum Aktywności Seniora", map[string]int{"244300,1785,komunikat,nowe_centrum_aktywnosci_seniora_w_nowej_hucie.html": 2}},
	// The seniors' results PDF funds a CAS in Nowa Huta: relevant too.
	{"CAS Nowa Huta", map[string]int{"244300,1785,komunikat,nowe_centrum_aktywnosci_seniora_w_nowej_hucie.html": 2, "n/303500": 1}},
	{"ogłoszenie konkursu osoby w wieku emerytalnym", map[string]int{"n/302410": 2, "?dok_id=112300": 2, "243500,33,komunikat,otwarty_konkurs_ofert_dla_seniorow_2021.html": 1}},

	// Names of bodies, acronyms and synonyms.
	{"lodz", map[string]int{"250400,33,komunikat,lodz_i_krakow_wymieniaja_doswiadczenia_ngo.html": 2}},
	{"Łódź Kraków wymiana doświadczeń", map[string]int{"250400,33,komunikat,lodz_i_krakow_wymieniaja_doswiadczenia_ngo.html": 2}},
	{"KDO", map[string]int{"245900,1785,komunikat,komisje_dialogu_obywatelskiego_nabor.html": 2, "?dok_id=110540": 2, "n/304100": 2, "?dok_id=90110": 1}},
	{"komisje dialogu obywatelskiego nabór", map[string]int{"245900,1785,komunikat,komisje_dialogu_obywatelskiego_nabor.html": 2, "?dok_id=90110": 1}},
	{"zarządzenie 812/2021", map[string]int{"?dok_id=110540": 2, "n/304100": 2}},
	{"KRDPP", map[string]int{"246210,33,komunikat,krakowska_rada_dzialalnosci_pozytku_publicznego_nowa_kadencja.html": 2}},
	{"Krakowska Rada Działalności Pożytku Publicznego kadencja", map[string]int{"246210,33,komunikat,krakowska_rada_dzialalnosci_pozytku_publicznego_nowa_kadencja.html": 2}},
	{"MOPS usługi opiekuńcze", map[string]int{"237650,33,komunikat,mops_wspiera_organizacje_uslugi_opiekuncze.html": 2}},
	{"Miejski Ośrodek Pomocy Społecznej", map[string]int{"237650,33,komunikat,mops_wspiera_organizacje_uslugi_opiekuncze.html": 2}},
	{"forum trzeciego sektora", map[string]int{"249950,1785,komunikat,forum_trzeciego_sektora_2021.html": 2}},
	{"dni organizacji pozarządowych 2019", map[string]int{"239001,33,komunikat,archiwum_dni_organizacji_pozarzadowych_2019.html": 2}},

	// The Civic Centre and local initiative.
	{"Centrum Obywatelskie Reymonta", map[string]int{"238400,1785,komunikat,centrum_obywatelskie_reymonta_20.html": 2, "?dok_id=109300": 2, "n/305400": 1}},
	{"regulamin centrum obywatelskiego", map[string]int{"?dok_id=109300": 2, "n/305400": 2, "238400,1785,komunikat,centrum_obywatelskie_reymonta_20.html": 1}},
	{"inicjatywa lokalna", map[string]int{"242150,33,komunikat,inicjatywa_lokalna_zglos_pomysl.html": 2}},

	// The cooperation programme and its consultations.
	{"konsultacje programu współpracy 2022", map[string]int{"248800,1785,komunikat,konsultacje_programu_wspolpracy_na_2022.html": 2, "?dok_id=115800": 2, "n/304800": 2}},
	{"raport z konsultacji", map[string]int{"?dok_id=115800": 2, "n/304800": 2, "248800,1785,komunikat,konsultacje_programu_wspolpracy_na_2022.html": 1}},
	{"program współpracy na 2022 uchwalony", map[string]int{"251300,33,komunikat,program_wspolpracy_na_2022_rok_uchwalony.html": 2}},
	{"uchwała program współpracy 2021", map[string]int{"?dok_id=110020": 2, "n/306100": 2}},

	// Competitions in culture and sport; small grants.
	{"kultura nabór 2022", map[string]int{"239870,33,komunikat,kultura_w_otwartych_konkursach_ofert.html": 2}},
	{"wyniki konkursu kultura 2022", map[string]int{"?dok_id=116200": 2, "n/305200": 2}},
	{"sport dzieci i młodzieży wyniki", map[string]int{"252010,33,komunikat,dotacje_na_sport_dla_dzieci_i_mlodziezy_wyniki.html": 2, "n/303501": 2, "?dok_id=116300": 2}},
	{"konkurs sport 2021 zmiana terminu", map[string]int{"240777,1785,komunikat,konkurs_sport_2021_zmiana_terminu.html": 2}},
	{"małe granty 2022", map[string]int{"253400,1785,komunikat,male_granty_2022_lista_dotacji.html": 2, "?dok_id=116250": 2, "n/305300": 2}},
	{"male granty 2013", map[string]int{"?dok_id=90112": 2}},
	{"zasady dotacji ochrona zdrowia 2010", map[string]int{"?dok_id=90113": 2}},

	// An organisation's name and KRS number, as journalists search.
	{"Po Drugiej Stronie Ulicy", map[string]int{"?dok_id=113460": 2}},
	{"0000398712", map[string]int{"?dok_id=113460": 2}},
}

// ndcg computes nDCG@k of ranked URLs against graded judgments.
func ndcg(ranked []string, rel map[string]int, k int) float64 {
	gain := func(g int) float64 { return math.Pow(2, float64(g)) - 1 }
	dcg := 0.0
	for i, u := range ranked[:min(k, len(ranked))] {
		for suffix, g := range rel {
			if strings.HasSuffix(u, suffix) {
				dcg += gain(g) / math.Log2(float64(i+2))
				break
			}
		}
	}
	grades := make([]int, 0, len(rel))
	for _, g := range rel {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range grades[:min(k, len(grades))] {
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

func TestNDCG(t *testing.T) {
	rel := map[string]int{"/a": 2, "/b": 1}
	for _, tt := range []struct {
		ranked []string
		want   float64
	}{
		{[]string{"x/a", "x/b"}, 1},
		{[]string{"x/c", "x/d"}, 0},
		{[]string{"x/b", "x/a"}, (1 + 3/math.Log2(3)) / (3 + 1/math.Log2(3))},
	} {
		if got := ndcg(tt.ranked, rel, 10); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ndcg(%v) = %v, want %v", tt.ranked, got, tt.want)
		}
	}
}

// TestRelevance crawls the sample site through the real pipeline and scores
// the judged queries: Polish as residents type it, ranked so the answer is
// on top.
func TestRelevance(t *testing.T) {
	dir, _, _ := crawlSample(t)
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Every judged document must exist, or a judgment is silently wrong.
	all, err := ix.Search(context.Background(), model.SearchRequest{Types: []model.DocType{model.TypeNews, model.TypeCompetitionAnnouncement,
		model.TypeCompetitionResults, model.TypeAnnualReport, model.TypeCooperationProgramme, model.TypeResolution, model.TypeOrder,
		model.TypeConsultationReport, model.TypeRules, model.TypeOther}, Page: 1, Size: model.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range judgments {
		for suffix := range j.rel {
			found := false
			for _, h := range all.Hits {
				found = found || strings.HasSuffix(h.URL, suffix)
			}
			if !found {
				t.Errorf("query %q judges %q, which is not in the index", j.query, suffix)
			}
		}
	}

	sum := 0.0
	for _, j := range judgments {
		res, err := ix.Search(context.Background(), model.SearchRequest{Query: j.query, Page: 1, Size: 10})
		if err != nil {
			t.Fatalf("%q: %v", j.query, err)
		}
		var urls []string
		for _, h := range res.Hits {
			urls = append(urls, h.URL)
		}
		score := ndcg(urls, j.rel, 10)
		sum += score
		if score < 0.7 {
			var top []string
			for _, h := range res.Hits[:min(3, len(res.Hits))] {
				top = append(top, h.Title)
			}
			t.Logf("nDCG@10 %.2f for %q; top: %q", score, j.query, top)
		}
	}
	mean := sum / float64(len(judgments))
	t.Logf("mean nDCG@10 over %d judged queries on the sample site: %.3f (threshold %.2f)", len(judgments), mean, relevanceThreshold)
	if mean < relevanceThreshold {
		t.Errorf("mean nDCG@10 %.3f is below %.2f", mean, relevanceThreshold)
	}
}
