package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/krakow-ngo/ngosearch/model"
)

// Class is the kind of page or file an Item imitates.
type Class string

// The three classes of the city's documents, in the proportions of the real
// sites: 70% news, 20% BIP documents, 10% multi-page reports.
const (
	ClassNews   Class = "news"   // krakow.pl / ngo.krakow.pl article, 300-800 words
	ClassBIP    Class = "bip"    // BIP document page (resolution, order, results...), 150-1500 words
	ClassReport Class = "report" // PDF attachment on BIP, 5-40 pages of ~350 words
)

// Item is one generated document with the grants its text names.
type Item struct {
	Class  Class
	Doc    model.Document
	Grants []model.Grant
	// Parent is the index of the BIP item that links a report (-1 otherwise).
	Parent int
	// Number is the item's number in its site's URL (article id, dok_id,
	// attachment id).
	Number int
}

// Corpus generates Items deterministically from a seed: Item(i) depends only
// on the seed, i and the pool, so any item can be regenerated on demand and
// a 1M-document corpus never has to sit in memory.
type Corpus struct {
	n    int
	seed uint64
	pool *Pool
	// chain is an order-2 word Markov chain over the pool's sentences, used
	// to make new sentences with Polish word statistics.
	chain map[[2]string][]string
	start [][2]string
	orgs  []org
	// topics are overlapping subsets of the pool's sentences (indexes): a
	// document draws most sentences from one topic, so a word's document
	// frequency depends on how many topics use it, as in a real corpus,
	// instead of every word being in nearly every long document.
	topics [][]int
}

// Topic parameters: numTopics subsets of 1/topicShare of the pool each.
const (
	numTopics  = 24
	topicShare = 8
)

type org struct{ name, krs string }

// NewCorpus makes a corpus of n documents from pool.
func NewCorpus(n int, seed int64, pool *Pool) *Corpus {
	c := &Corpus{n: n, seed: uint64(seed), pool: pool, chain: map[[2]string][]string{}}
	for _, s := range pool.Sentences {
		ws := strings.Fields(s)
		if len(ws) < 3 {
			continue
		}
		c.start = append(c.start, [2]string{ws[0], ws[1]})
		for i := 2; i <= len(ws); i++ {
			next := ""
			if i < len(ws) {
				next = ws[i]
			}
			k := [2]string{ws[i-2], ws[i-1]}
			c.chain[k] = append(c.chain[k], next)
		}
	}
	// A fixed universe of organisations, so grants repeat per organisation
	// as they do in the city's results.
	r := rand.New(rand.NewPCG(c.seed, 0xface))
	for range numTopics {
		var t []int
		for j := range pool.Sentences {
			if r.IntN(topicShare) == 0 {
				t = append(t, j)
			}
		}
		if len(t) == 0 {
			t = []int{r.IntN(len(pool.Sentences))}
		}
		c.topics = append(c.topics, t)
	}
	nOrgs := min(20000, max(200, n/5))
	for i := range nOrgs {
		var krs string
		if r.IntN(10) < 8 {
			krs = fmt.Sprintf("%010d", 10000+r.IntN(990000))
		}
		c.orgs = append(c.orgs, org{name: c.orgName(r, i), krs: krs})
	}
	return c
}

// Len is the number of documents.
func (c *Corpus) Len() int { return c.n }

// ClassOf returns the class of item i: i%10 in 0-6 news, 7-8 BIP, 9 report.
func ClassOf(i int) Class {
	switch i % 10 {
	case 7, 8:
		return ClassBIP
	case 9:
		return ClassReport
	}
	return ClassNews
}

var (
	epoch      = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	epochEnd   = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	fetchedAt  = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	newsUnits  = []string{"Wydział Polityki Społecznej i Zdrowia", "Kancelaria Prezydenta Miasta", "Wydział Kultury i Dziedzictwa Narodowego", "Wydział Sportu", "Wydział Edukacji", "Miejski Ośrodek Pomocy Społecznej w Krakowie", "Centrum Obywatelskie", "Biuro ds. Ochrony Zdrowia", "Wydział Komunikacji Społecznej", "Wydział Kształtowania Środowiska"}
	firstNames = []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Joanna", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Jakub", "Łukasz", "Grzegorz", "Stanisław", "Józef", "Zofia", "Jadwiga", "Wojciech", "Bartłomiej", "Dorota", "Urszula", "Halina"}
	surnames   = []string{"Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Woźniak", "Dąbrowski", "Kozłowska", "Jankowski", "Mazur", "Kwiatkowska", "Krawczyk", "Piotrowski", "Grabowska", "Nowakowski", "Pawłowska", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewska", "Olszewski", "Stępień", "Malinowska", "Jaworski", "Adamczyk", "Dudek", "Nowicka", "Pawlak", "Górski", "Sikora", "Walczak", "Baran", "Rutkowska", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewska", "Pietrzak", "Zalewski", "Wróblewska", "Marciniak", "Jasińska", "Zawadzki", "Bąk", "Jakubowska", "Sadowski", "Duda", "Włodarczyk", "Chmielewska", "Borkowski", "Sokołowska", "Szczepański", "Sawicka", "Lis"}
	streets    = []string{"Reymonta", "Wielicka", "Dietla", "Karmelicka", "Długa", "Grodzka", "Floriańska", "Mogilska", "Kalwaryjska", "Zakopiańska", "Wrocławska", "Królewska", "Czarnowiejska", "Łobzowska", "Starowiślna", "Lubicz", "Kamieńskiego", "Nowohucka", "Bora-Komorowskiego", "Opolska", "Balicka", "Bronowicka", "Pawia", "Basztowa", "Sienna", "Stradomska", "Józefińska", "Limanowskiego", "Kozłówecka", "Teligi", "Na Kozłówce", "Wadowicka", "Brożka", "Bieńczycka", "Ujastek", "Kocmyrzowska", "Medweckiego", "Lea", "Armii Krajowej", "Jana Pawła II"}
	districts  = []string{"Stare Miasto", "Grzegórzki", "Prądnik Czerwony", "Prądnik Biały", "Krowodrza", "Bronowice", "Zwierzyniec", "Dębniki", "Łagiewniki-Borek Fałęcki", "Swoszowice", "Podgórze Duchackie", "Bieżanów-Prokocim", "Podgórze", "Czyżyny", "Mistrzejowice", "Bieńczyce", "Wzgórza Krzesławickie", "Nowa Huta"}
	orgKinds   = []string{"Fundacja", "Stowarzyszenie", "Towarzystwo", "Klub Sportowy", "Uczniowski Klub Sportowy", "Fundacja na rzecz", "Stowarzyszenie Przyjaciół", "Polskie Towarzystwo", "Krakowskie Stowarzyszenie", "Spółdzielnia Socjalna", "Parafialny Zespół Caritas", "Związek Harcerstwa Polskiego Chorągiew Krakowska –"}
	areas      = []string{"pomoc społeczna", "kultura i dziedzictwo narodowe", "kultura fizyczna i sport", "ochrona zdrowia", "działalność na rzecz osób w wieku emerytalnym", "przeciwdziałanie uzależnieniom", "edukacja", "turystyka i krajoznawstwo", "ekologia i ochrona zwierząt", "działalność na rzecz osób z niepełnosprawnościami", "przeciwdziałanie bezdomności", "wspieranie rodziny"}
	monthsGen  = []string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}
	bipTypes   = []model.DocType{model.TypeResolution, model.TypeOrder, model.TypeCompetitionAnnouncement, model.TypeCompetitionResults, model.TypeRules, model.TypeConsultationReport, model.TypeOther}
	repTypes   = []model.DocType{model.TypeAnnualReport, model.TypeCooperationProgramme, model.TypeConsultationReport, model.TypeCompetitionResults}
)

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

func (c *Corpus) orgName(r *rand.Rand, i int) string {
	kind := orgKinds[r.IntN(len(orgKinds))]
	w := c.pool.Words
	a, b := capitalize(w[r.IntN(len(w))]), capitalize(w[r.IntN(len(w))])
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s „%s %s”", kind, a, b)
	case 1:
		return fmt.Sprintf("%s %s %s", kind, a, districts[i%len(districts)])
	}
	return fmt.Sprintf("%s „%s” %d", kind, a, 1+i%97)
}

func (c *Corpus) rng(i int) *rand.Rand { return rand.New(rand.NewPCG(c.seed, uint64(i)+1)) }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// sentence returns one sentence: a real one from the pool, a new one from
// the Markov chain, and now and then a clause with names, places and
// reference numbers (the long tail of terms real documents have).
func (c *Corpus) sentence(r *rand.Rand, topic []int, year int) string {
	var s string
	switch n := r.IntN(20); {
	case n < 12:
		s = c.pool.Sentences[pick(r, topic)]
	case n < 15:
		s = pick(r, c.pool.Sentences)
	default:
		s = c.markov(r)
	}
	switch r.IntN(12) {
	case 0:
		s = strings.TrimRight(s, ".") + fmt.Sprintf(" – poinformował(a) %s %s z %s.", pick(r, firstNames), pick(r, surnames), pick(r, newsUnits))
	case 1:
		s = strings.TrimRight(s, ".") + fmt.Sprintf(" (ul. %s %d, dzielnica %s).", pick(r, streets), 1+r.IntN(120), pick(r, districts))
	case 2:
		s = strings.TrimRight(s, ".") + fmt.Sprintf(" Znak sprawy: %s-%s.%d.%d.%d.", pick(r, []string{"SZ", "KU", "SP", "ED", "KS", "OZ", "WS"}), pick(r, []string{"I", "II", "III", "IV"}), 500+r.IntN(600), 1+r.IntN(40), year)
	case 3:
		s = strings.TrimRight(s, ".") + fmt.Sprintf(" Kwota dotacji: %s.", model.Amount(int64(100+r.IntN(300000))*100).Polish())
	}
	return s
}

func (c *Corpus) markov(r *rand.Rand) string {
	k := pick(r, c.start)
	ws := []string{k[0], k[1]}
	for len(ws) < 45 {
		next := c.chain[k]
		if len(next) == 0 {
			break
		}
		w := pick(r, next)
		if w == "" {
			if len(ws) >= 8 {
				break
			}
			k = pick(r, c.start) // too short: carry on with another sentence
			ws = append(ws, k[0], k[1])
			continue
		}
		ws = append(ws, w)
		k = [2]string{k[1], w}
	}
	s := strings.Join(ws, " ")
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ":") {
		s += "."
	}
	return s
}

// words writes sentences grouped in paragraphs until about n words.
func (c *Corpus) words(r *rand.Rand, topic []int, n, year int) []string {
	var paras []string
	got := 0
	for got < n {
		var p []string
		for range 2 + r.IntN(5) {
			s := c.sentence(r, topic, year)
			got += strings.Count(s, " ") + 1
			p = append(p, s)
			if got >= n {
				break
			}
		}
		paras = append(paras, strings.Join(p, " "))
	}
	return paras
}

func polishDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d r.", t.Day(), monthsGen[t.Month()-1], t.Year())
}

func (c *Corpus) title(r *rand.Rand, year int) string {
	t := pick(r, c.pool.Titles)
	switch r.IntN(4) {
	case 0:
		return t + " – " + strconv.Itoa(year)
	case 1:
		return t + ": " + pick(r, districts)
	case 2:
		return t + " (" + pick(r, areas) + ")"
	}
	return t
}

// Item generates document i (0 <= i < Len()).
func (c *Corpus) Item(i int) Item {
	r := c.rng(i)
	pub := epoch.Add(time.Duration(r.Int64N(int64(epochEnd.Sub(epoch)))))
	pub = pub.Truncate(time.Minute)
	year := pub.Year()
	it := Item{Class: ClassOf(i), Parent: -1}
	d := &it.Doc
	d.Published = pub
	d.Modified = pub.Add(time.Duration(r.IntN(72)) * time.Hour)
	d.FetchedAt = fetchedAt
	d.Unit = pick(r, newsUnits)
	topic := pick(r, c.topics)
	switch it.Class {
	case ClassNews:
		it.Number = 200000 + i
		host, cat := "www.krakow.pl", 33
		d.Section = "Aktualności"
		if r.IntN(10) < 4 {
			host, cat = "ngo.krakow.pl", 1785
			d.Section = "Organizacje pozarządowe"
		}
		d.Title = c.title(r, year)
		d.URL = fmt.Sprintf("https://%s/aktualnosci/%d,%d,komunikat,%s.html", host, it.Number, cat, slug(d.Title))
		d.Kind, d.Type = model.KindHTML, model.TypeNews
		d.Lead = c.sentence(r, topic, year)
		d.Body = strings.Join(c.words(r, topic, 300+r.IntN(501), year), "\n\n")
	case ClassBIP:
		it.Number = 100000 + i
		d.URL = fmt.Sprintf("https://www.bip.krakow.pl/?dok_id=%d", it.Number)
		d.Kind, d.Type = model.KindHTML, pick(r, bipTypes)
		d.Section = "Organizacje pozarządowe"
		d.Title = c.bipTitle(r, d.Type, year, i)
		n := 150 + int(r.ExpFloat64()*350)
		paras := c.words(r, topic, min(n, 1500), year)
		if d.Type == model.TypeCompetitionResults {
			table, gs := c.grantTable(r, year, 5+r.IntN(40), 0)
			paras = append(paras, table)
			it.Grants = gs
		}
		d.Body = strings.Join(paras, "\n\n")
		if i+1 < c.n && ClassOf(i+1) == ClassReport {
			rep := c.reportHead(i + 1)
			d.Attachments = []model.Attachment{{Title: rep.title, URL: rep.url, Kind: model.KindPDF}}
		}
	case ClassReport:
		h := c.reportHead(i)
		it.Number, it.Parent = h.number, i-1
		d.URL, d.Title, d.Kind, d.Type = h.url, h.title, model.KindPDF, h.typ
		d.Filename = h.filename
		d.LinkedFrom = fmt.Sprintf("https://www.bip.krakow.pl/?dok_id=%d", 100000+i-1)
		pages := 5 + int(r.ExpFloat64()*8)
		pages = min(pages, 40)
		for p := range pages {
			text := strings.Join(c.words(r, topic, 250+r.IntN(200), year), "\n\n")
			if d.Type == model.TypeCompetitionResults && p >= pages/2 && len(it.Grants) < 200 {
				table, gs := c.grantTable(r, year, 10+r.IntN(25), p+1)
				text += "\n\n" + table
				it.Grants = append(it.Grants, gs...)
			}
			d.Pages = append(d.Pages, text)
		}
	}
	d.Host = hostOf(d.URL)
	d.ID = model.DocID(d.URL)
	for j := range it.Grants {
		it.Grants[j].SourceID, it.Grants[j].SourceURL = d.ID, d.URL
	}
	return it
}

type reportHead struct {
	number               int
	url, title, filename string
	typ                  model.DocType
}

// reportHead is what both a report and the BIP page linking it need: its
// own generator, so the parent can name it without generating it.
func (c *Corpus) reportHead(i int) reportHead {
	r := rand.New(rand.NewPCG(c.seed^0x9e3779b97f4a7c15, uint64(i)))
	year := 2012 + r.IntN(15)
	h := reportHead{number: 300000 + i, typ: pick(r, repTypes)}
	switch h.typ {
	case model.TypeAnnualReport:
		h.title = fmt.Sprintf("Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok %d", year)
	case model.TypeCooperationProgramme:
		h.title = fmt.Sprintf("Program Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok %d", year)
	case model.TypeConsultationReport:
		h.title = fmt.Sprintf("Raport z konsultacji społecznych: %s (%d)", pick(r, areas), year)
	default:
		h.title = fmt.Sprintf("Wyniki otwartego konkursu ofert – %s – %d", pick(r, areas), year)
	}
	h.title += fmt.Sprintf(" [%d]", i)
	h.filename = slug(h.title) + ".pdf"
	h.url = fmt.Sprintf("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/%d", h.number)
	return h
}

func (c *Corpus) bipTitle(r *rand.Rand, t model.DocType, year, i int) string {
	num := fmt.Sprintf("%d/%d", 100+r.IntN(3800), year)
	switch t {
	case model.TypeResolution:
		return fmt.Sprintf("Uchwała nr %s Rady Miasta Krakowa w sprawie %s", num, strings.ToLower(pick(r, c.pool.Titles)))
	case model.TypeOrder:
		return fmt.Sprintf("Zarządzenie nr %s Prezydenta Miasta Krakowa w sprawie: %s", num, strings.ToLower(pick(r, c.pool.Titles)))
	case model.TypeCompetitionAnnouncement:
		return fmt.Sprintf("Ogłoszenie otwartego konkursu ofert: %s w roku %d", pick(r, areas), year)
	case model.TypeCompetitionResults:
		return fmt.Sprintf("Wyniki otwartego konkursu ofert: %s w roku %d", pick(r, areas), year)
	case model.TypeRules:
		return fmt.Sprintf("Regulamin %s (%d)", strings.ToLower(pick(r, c.pool.Titles)), i)
	case model.TypeConsultationReport:
		return fmt.Sprintf("Raport z konsultacji: %s", pick(r, c.pool.Titles))
	}
	return c.title(r, year)
}

// grantTable writes a results table the way pdftotext lays one out (cells
// separated by runs of spaces, one row per line) and returns its grants.
func (c *Corpus) grantTable(r *rand.Rand, year, rows, page int) (string, []model.Grant) {
	var b strings.Builder
	b.WriteString("Lp.   Nazwa organizacji   KRS   Tytuł zadania   Kwota dotacji\n")
	area := pick(r, areas)
	gs := make([]model.Grant, 0, rows)
	for n := range rows {
		o := c.orgs[r.IntN(len(c.orgs))]
		task := capitalize(strings.TrimRight(c.markovShort(r), "."))
		amt := model.Amount(int64(2+r.IntN(300)) * 50000)
		fmt.Fprintf(&b, "%d.   %s   %s   %s   %s\n", n+1, o.name, o.krs, task, amt.Polish())
		gs = append(gs, model.Grant{Organization: o.name, OrgKey: model.GrantOrgKey(o.name, o.krs), KRS: o.krs,
			Task: task, Amount: amt, Year: year, Area: area, Page: page})
	}
	return b.String(), gs
}

func (c *Corpus) markovShort(r *rand.Rand) string {
	ws := strings.Fields(c.markov(r))
	return strings.Join(ws[:min(len(ws), 3+r.IntN(8))], " ")
}

func hostOf(u string) string {
	s := strings.TrimPrefix(u, "https://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return s
}

// slug makes a URL slug the way krakow.pl does: ASCII, lower case,
// underscores.
func slug(s string) string {
	var b strings.Builder
	fold := strings.NewReplacer("ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z")
	s = fold.Replace(strings.ToLower(s))
	under := false
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			if b.Len() > 70 {
				break
			}
		} else {
			under = true
		}
	}
	return b.String()
}

func splitWords(s string) []string { return strings.FieldsFunc(strings.ToLower(s), notLetter) }
