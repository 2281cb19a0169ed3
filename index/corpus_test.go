package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// The test corpus: the real seed article plus short documents written the
// way the city writes them, covering the topics residents search for.
// Keys are short names used by the tests and the relevance judgements.

type cdoc struct {
	key   string
	url   string
	typ   model.DocType
	kind  model.Kind
	date  string
	title string
	lead  string
	body  string
	pages []string
	unit  string
	att   []string
	sha   string // content key; equal keys give equal SHA256 (duplicates)
}

func seedText(t testing.TB) (title, body string) {
	t.Helper()
	b, err := os.ReadFile("/work/shared/seed/000_cd0eb5c38cfd3949.txt")
	if err != nil {
		t.Fatalf("reading seed article: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case strings.HasPrefix(l, "## "):
			title = strings.TrimPrefix(l, "## ")
		case l == "2020-06-10":
		default:
			lines = append(lines, strings.Trim(l, "*"))
		}
	}
	return title, strings.Join(lines, "\n\n")
}

func corpusDocs(t testing.TB) []cdoc {
	seedTitle, seedBody := seedText(t)
	return []cdoc{
		{key: "seed", url: "https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2020-06-10", title: seedTitle, body: seedBody,
			unit: "Wydział Polityki Społecznej i Zdrowia"},
		{key: "report2019", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/250001",
			typ: model.TypeAnnualReport, kind: model.KindPDF, date: "2020-05-29",
			title: "Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019",
			pages: []string{
				"Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019.\nWstęp. Program współpracy określa cele, zasady i formy współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi oraz podmiotami prowadzącymi działalność pożytku publicznego.",
				"Rozdział 2. Polityka senioralna.\nW 2019 roku działało 12 Centrów Aktywności Seniora (CAS), prowadzonych przez organizacje pozarządowe na zlecenie miasta. Z zajęć skorzystało ponad 4 tysiące seniorów. Seniorzy uczestniczyli w warsztatach komputerowych, zajęciach ruchowych i wykładach.",
				"Rozdział 3. Przeciwdziałanie bezdomności.\nOrganizacje pozarządowe prowadziły mieszkania chronione oraz noclegownie dla osób w kryzysie bezdomności. Łączna kwota dotacji na zadania z zakresu pomocy społecznej wyniosła 14 mln zł.",
			},
			unit: "Wydział Polityki Społecznej i Zdrowia", sha: "report2019"},
		{key: "konkurs2021", url: "https://www.bip.krakow.pl/?dok_id=120001",
			typ: model.TypeCompetitionAnnouncement, kind: model.KindHTML, date: "2021-01-15",
			title: "Otwarty konkurs ofert na realizację zadań publicznych w obszarze pomocy społecznej w 2021 r.",
			body:  "Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert na realizację zadań publicznych w obszarze pomocy społecznej. Oferty należy składać w generatorze ofert do 5 lutego 2021 r. Zadania będą realizowane we współpracy z Miejskim Ośrodkiem Pomocy Społecznej w Krakowie (MOPS). Wysokość środków przeznaczonych na realizację zadań: 2 500 000 zł.",
			unit:  "Miejski Ośrodek Pomocy Społecznej", att: []string{"Ogłoszenie konkursu (PDF)", "Wzór oferty"}},
		{key: "wyniki2021", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/260002",
			typ: model.TypeCompetitionResults, kind: model.KindPDF, date: "2021-03-22",
			title: "Wyniki otwartego konkursu ofert „Przeciwdziałanie bezdomności” 2021",
			pages: []string{
				"Zarządzenie Prezydenta Miasta Krakowa w sprawie rozstrzygnięcia otwartego konkursu ofert na realizację zadań publicznych z zakresu przeciwdziałania bezdomności w 2021 roku.",
				"Lp.\tOrganizacja\tZadanie\tKwota dotacji\n1\tFundacja Wzajemnej Pomocy\tNoclegownia dla osób bezdomnych\t250 000,00 zł\n2\tStowarzyszenie Nowy Dom\tMieszkania treningowe\t120 000,50 zł",
			}},
		{key: "cas2022", url: "https://ngo.krakow.pl/aktualnosci/260100,1885,komunikat,nowe_centrum_aktywnosci_seniora.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2022-03-02",
			title: "Nowe Centrum Aktywności Seniora w Nowej Hucie",
			lead:  "Seniorzy z Nowej Huty mają nowe miejsce spotkań. Centrum Aktywności Seniora prowadzi stowarzyszenie wybrane w konkursie.",
			body:  "W nowym CAS na os. Centrum E odbywają się zajęcia językowe, gimnastyka i warsztaty rękodzieła. Zapisy przyjmują koordynatorzy centrum od poniedziałku do piątku. Udział w zajęciach jest bezpłatny dla mieszkańców Krakowa, którzy ukończyli 60 lat.",
			sha:   "cas2022"},
		{key: "cas2022print", url: "https://ngo.krakow.pl/get_html.php?dok_id=260100",
			typ: model.TypeNews, kind: model.KindHTML, date: "2022-03-02",
			title: "Nowe Centrum Aktywności Seniora w Nowej Hucie",
			lead:  "Seniorzy z Nowej Huty mają nowe miejsce spotkań. Centrum Aktywności Seniora prowadzi stowarzyszenie wybrane w konkursie.",
			body:  "W nowym CAS na os. Centrum E odbywają się zajęcia językowe, gimnastyka i warsztaty rękodzieła. Zapisy przyjmują koordynatorzy centrum od poniedziałku do piątku. Udział w zajęciach jest bezpłatny dla mieszkańców Krakowa, którzy ukończyli 60 lat.",
			sha:   "cas2022"},
		{key: "kdo", url: "https://ngo.krakow.pl/aktualnosci/255001,1885,komunikat,posiedzenie_kdo.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2021-10-05",
			title: "Posiedzenie KDO ds. Seniorów",
			lead:  "Komisja Dialogu Obywatelskiego ds. Seniorów spotka się 12 października w Centrum Obywatelskim.",
			body:  "W porządku obrad: opiniowanie projektu programu polityki senioralnej, informacja o naborze do Rady Seniorów oraz sprawy bieżące. Posiedzenie jest otwarte dla przedstawicieli organizacji działających na rzecz osób starszych."},
		{key: "uchwala2019", url: "https://www.bip.krakow.pl/?dok_id=110005",
			typ: model.TypeResolution, kind: model.KindHTML, date: "2019-11-20",
			title: "Uchwała nr XXI/123/2019 Rady Miasta Krakowa w sprawie przyjęcia Programu współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2020",
			body:  "Na podstawie art. 5a ustawy o działalności pożytku publicznego i o wolontariacie Rada Miasta Krakowa uchwala, co następuje: § 1. Przyjmuje się Program współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2020, stanowiący załącznik do uchwały. § 2. Wykonanie uchwały powierza się Prezydentowi Miasta Krakowa."},
		{key: "krdpp", url: "https://www.bip.krakow.pl/?dok_id=115010",
			typ: model.TypeOrder, kind: model.KindHTML, date: "2020-05-12",
			title: "Zarządzenie nr 1234/2020 Prezydenta Miasta Krakowa w sprawie powołania Krakowskiej Rady Działalności Pożytku Publicznego",
			body:  "§ 1. Powołuje się Krakowską Radę Działalności Pożytku Publicznego (KRDPP) V kadencji w składzie określonym w załączniku. § 2. Obsługę KRDPP zapewnia Wydział Polityki Społecznej i Zdrowia."},
		{key: "lodz", url: "https://ngo.krakow.pl/aktualnosci/270010,1885,komunikat,wizyta_studyjna_w_lodzi.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2023-04-18",
			title: "Wizyta studyjna w Łodzi",
			lead:  "Przedstawiciele krakowskich NGO odwiedzili Łódź, by poznać łódzkie centra organizacji pozarządowych.",
			body:  "Uczestnicy wizyty rozmawiali o lokalach dla organizacji, inkubatorach i wspólnych biurach. W Łodzi działa sieć centrów wspierających III sektor. Wnioski z wizyty posłużą przy planowaniu nowego Centrum Obywatelskiego w Krakowie."},
		{key: "konsultacje", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/265555",
			typ: model.TypeConsultationReport, kind: model.KindPDF, date: "2021-10-30",
			title: "Raport z konsultacji społecznych projektu Programu współpracy na 2022 rok",
			pages: []string{
				"Raport z konsultacji. Konsultacje trwały od 1 do 30 września 2021 r. Uwagi można było zgłaszać przez formularz elektroniczny.",
				"Zgłoszone uwagi dotyczyły między innymi trybu małych grantów, wkładu własnego oraz terminów ogłaszania konkursów ofert. Do projektu programu wpłynęło 37 uwag.",
			}},
		{key: "regulamin", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/240777",
			typ: model.TypeRules, kind: model.KindDOCX, date: "2020-02-03",
			title: "Regulamin Inicjatywy Lokalnej",
			pages: []string{"Regulamin określa tryb i szczegółowe kryteria oceny wniosków o realizację zadania publicznego w ramach inicjatywy lokalnej. Wniosek mogą złożyć mieszkańcy Krakowa bezpośrednio lub za pośrednictwem organizacji pozarządowych."}},
		{key: "zima", url: "https://www.krakow.pl/aktualnosci/271234,33,komunikat,zimowa_pomoc_dla_bezdomnych.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2022-12-01",
			title: "Zimowa pomoc dla osób w kryzysie bezdomności",
			lead:  "Miejski Ośrodek Pomocy Społecznej przypomina o punktach pomocy dla osób bezdomnych.",
			body:  "Streetworkerzy MOPS codziennie odwiedzają miejsca, w których przebywają osoby w kryzysie bezdomności. Ogrzewalnie i noclegownie prowadzą organizacje pozarządowe. Jeśli widzisz osobę potrzebującą pomocy, zadzwoń pod numer 986."},
		{key: "zrodlo", url: "https://ngo.krakow.pl/aktualnosci/280001,1885,komunikat,zrodla_finansowania.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2024-02-01",
			title: "Źródła finansowania dla organizacji pozarządowych w 2024 roku",
			lead:  "Przegląd źródeł finansowania: dotacje miejskie, fundusze europejskie i granty fundacji.",
			body:  "Najważniejszym źródłem finansowania krakowskich organizacji pozostają dotacje z budżetu miasta przyznawane w otwartych konkursach ofert. Warto śledzić także nabory regrantingowe."},
		{key: "tydzien", url: "https://www.krakow.pl/aktualnosci/230999,33,komunikat,tydzien_osob_niepelnosprawnych.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2019-09-10",
			title: "Tydzień Osób Niepełnosprawnych „Kocham Kraków z wzajemnością”",
			body:  "Już po raz kolejny organizacje pozarządowe zapraszają na koncerty, warsztaty i spotkania integracyjne. Program tygodnia przygotowano wspólnie z Pełnomocnikiem Prezydenta ds. Osób Niepełnosprawnych."},
		{key: "sektor", url: "https://ngo.krakow.pl/aktualnosci/262222,1885,komunikat,trzeci_sektor_w_budzecie.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2022-06-20",
			title: "Trzeci sektor w budżecie obywatelskim",
			body:  "Coraz więcej projektów budżetu obywatelskiego zgłaszają stowarzyszenia i fundacje. Sektor pozarządowy wnosi doświadczenie w pracy z mieszkańcami."},
		{key: "xss", url: "https://www.krakow.pl/aktualnosci/279999,33,komunikat,komunikat.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2023-01-10",
			title: "Komunikat dla organizacji",
			body:  "Uwaga <script>alert('xss')</script> seniorzy & opiekunowie: <b>zmiana</b> godzin dyżuru punktu informacyjnego."},
		{key: "opp", url: "https://www.krakow.pl/aktualnosci/281111,33,komunikat,przekaz_1_5_procent.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2023-03-01",
			title: "Przekaż 1,5% podatku organizacji pożytku publicznego",
			lead:  "Lista krakowskich OPP, którym można przekazać 1,5% podatku.",
			body:  "W zeznaniu rocznym wystarczy wpisać numer KRS wybranej organizacji pożytku publicznego. Status OPP ma w Krakowie ponad 400 organizacji."},
		{key: "senior2023", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/275432",
			typ: model.TypeCompetitionAnnouncement, kind: model.KindPDF, date: "2023-01-20",
			title: "Ogłoszenie otwartego konkursu ofert „Aktywny senior 2023”",
			pages: []string{
				"Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert. Termin składania ofert upływa 15 lutego 2023 r.",
				"Cel konkursu: aktywizacja seniorów, prowadzenie Centrów Aktywności Seniora (CAS), przeciwdziałanie samotności osób starszych. Oferty mogą składać organizacje pozarządowe.",
				"Kryteria oceny ofert: jakość, koszt realizacji, doświadczenie oferenta w pracy z seniorami.",
			}},
		{key: "mieszkania", url: "https://www.krakow.pl/aktualnosci/250555,33,komunikat,mieszkania_chronione.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2020-11-15",
			title: "Nowe mieszkania chronione dla osób w kryzysie bezdomności",
			body:  "Miasto przekazało organizacjom pozarządowym pięć lokali na mieszkania chronione. Mieszkańcy otrzymają wsparcie asystenta i pomoc w usamodzielnieniu."},
		{key: "program2023", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/272000",
			typ: model.TypeCooperationProgramme, kind: model.KindPDF, date: "2022-11-30",
			title: "Program współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2023",
			pages: []string{
				"Program współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, na rok 2023.",
				"Priorytetowe zadania publiczne: pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej; działalność na rzecz osób w wieku emerytalnym; ochrona i promocja zdrowia.",
				"Formy współpracy pozafinansowej: konsultacje, Komisje Dialogu Obywatelskiego, Krakowska Rada Działalności Pożytku Publicznego, Centrum Obywatelskie.",
				"Wysokość środków planowanych na realizację programu wynosi 95 mln zł.",
			}},
		{key: "mcd", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/268888",
			typ: model.TypeAnnualReport, kind: model.KindPDF, date: "2022-04-11",
			title: "Sprawozdanie z działalności Miejskiego Centrum Dialogu za 2021 rok",
			pages: []string{"W 2021 roku Miejskie Centrum Dialogu zorganizowało 48 spotkań konsultacyjnych i prowadziło sekretariaty Komisji Dialogu Obywatelskiego."}},
		{key: "forum2015", url: "https://www.krakow.pl/aktualnosci/190001,33,komunikat,forum_organizacji.html",
			typ: model.TypeNews, kind: model.KindHTML, date: "2015-10-08",
			title: "Forum Organizacji Pozarządowych Miasta Krakowa",
			body:  "Podczas forum przedstawiciele organizacji pozarządowych dyskutowali o współpracy z miastem i sprawozdaniach z realizacji zadań publicznych."},
	}
}

// corpus builds the model documents of the test corpus, keyed.
func corpus(t testing.TB) (map[string]model.Document, []model.Document) {
	byKey := map[string]model.Document{}
	var all []model.Document
	for _, c := range corpusDocs(t) {
		d := docFrom(t, c)
		byKey[c.key] = d
		all = append(all, d)
	}
	return byKey, all
}

func docFrom(t testing.TB, c cdoc) model.Document {
	t.Helper()
	rules := model.DefaultURLRules()
	u, err := rules.Canonical(c.url)
	if err != nil {
		t.Fatalf("%s: %v", c.key, err)
	}
	host := strings.Split(strings.TrimPrefix(u, "https://"), "/")[0]
	shaKey := c.sha
	if shaKey == "" {
		shaKey = c.key
	}
	sum := sha256.Sum256([]byte(shaKey))
	d := model.Document{
		ID: model.DocID(u), URL: u, Host: host, Kind: c.kind, Type: c.typ, Title: c.title,
		Lead: c.lead, Body: c.body, Pages: c.pages, Unit: c.unit,
		FetchedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
		SHA256:    hex.EncodeToString(sum[:]),
	}
	if c.date != "" {
		p, err := time.Parse(time.DateOnly, c.date)
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		d.Published = p
	}
	for _, a := range c.att {
		d.Attachments = append(d.Attachments, model.Attachment{Title: a, URL: u + "#" + a})
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("%s: %v", c.key, err)
	}
	return d
}

// openEmpty opens a fresh on-disk index, closed (and checked) when the
// test ends.
func openEmpty(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return ix
}

// openCorpus opens a fresh on-disk index holding the corpus.
func openCorpus(t testing.TB) (*Index, map[string]model.Document) {
	t.Helper()
	ix := openEmpty(t)
	byKey, all := corpus(t)
	if err := ix.Put(context.Background(), all); err != nil {
		t.Fatal(err)
	}
	return ix, byKey
}

// keyOf maps document IDs back to corpus keys, for readable failures.
func keyOf(byKey map[string]model.Document) map[string]string {
	m := map[string]string{}
	for k, d := range byKey {
		m[d.ID] = k
	}
	return m
}
