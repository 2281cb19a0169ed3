package extract

import (
	"regexp"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

type typeRule struct {
	t  model.DocType
	re *regexp.Regexp
}

// typeRules are tried in order against the title; the first match wins.
// A legal act is typed by its form ("Uchwała nr", "Zarządzenie nr") even
// when it announces or settles a competition: the form is what a search
// facet for acts must find.
var typeRules = sync.OnceValue(func() []typeRule {
	r := func(t model.DocType, expr string) typeRule {
		return typeRule{t, regexp.MustCompile(`(?i)` + expr)}
	}
	return []typeRule{
		r(model.TypeResolution, `^\s*uchwa[łl][ay]?\s+(nr|numer)\b|^\s*uchwa[łl]a\s+rady\b`),
		r(model.TypeOrder, `^\s*zarz[ąa]dzeni[ea]\s+(nr|numer)\b|^\s*zarz[ąa]dzenie\s+prezydenta\b`),
		r(model.TypeConsultationReport, `\b(raport|sprawozdanie|informacja|podsumowanie|protok[óo][łl])\s+(z|ze|o)\s+(przebiegu\s+|wynik[óo]w\s+)?konsultacj|wyniki\s+konsultacji`),
		r(model.TypeCompetitionResults, `\bwynik(i|ach|ów)\s+(otwartego\s+|otwartych\s+)?(konkurs|nabor)|rozstrzygni[ęe]ci[eau]\s+(otwartego\s+|otwartych\s+)?konkurs|\blista\s+(ofert|organizacji|podmiot[óo]w)\s+.*(dotacj|dofinansowan)|\bprzyznan\w*\s+dotacj|\bdotacj\w*\s+przyznan\w*|\bwykaz\s+(przyznanych\s+)?dotacj`),
		r(model.TypeAnnualReport, `\bsprawozdani[ea]\s+z\s+realizacji\s+(rocznego\s+|wieloletniego\s+)?programu\s+wsp[óo][łl]pracy|\bsprawozdani[ea]\s+z\s+(realizacji\s+)?wsp[óo][łl]pracy\b.*\b(organizacj|ngo)|\bsprawozdanie\s+roczne\b`),
		r(model.TypeCompetitionAnnouncement, `\bog[łl]asza\s+(otwarty|otwarte)\s+konkurs|\bog[łl]oszeni[ea]\s+(otwartego\s+|o\s+)?konkurs|\botwarty\s+konkurs\s+ofert\b|\bnab[óo]r\s+(ofert|wniosk[óo]w)\b|\bkonkurs\s+ofert\b`),
		r(model.TypeCooperationProgramme, `\bprogram\w*\s+wsp[óo][łl]pracy\b`),
		r(model.TypeRules, `^\s*regulamin\b|\bregulamin\s+(konkursu|pracy|naboru|komisji|przyznawania)`),
	}
})

// classify decides the document's type from its title first. Then:
//   - a BIP document (or a page without a profile) is typed by the
//     unmistakable phrases of its opening text ("ogłasza otwarty konkurs
//     ofert", "wyniki otwartego konkursu"), since BIP titles are often bare;
//   - a krakow.pl article is news unless its title announces a
//     competition, gives its results or reports on a consultation: an
//     article about the annual report is news, the report is in BIP.
//
// Pages matching no rule are news on the article profiles, else "other".
func classify(p profile, title, opening string) model.DocType {
	title = normSpace(title)
	article := p == profArticle || p == profPrint
	for _, r := range typeRules() {
		if !r.re.MatchString(title) {
			continue
		}
		if article && r.t != model.TypeCompetitionResults && r.t != model.TypeCompetitionAnnouncement && r.t != model.TypeConsultationReport {
			return model.TypeNews
		}
		return r.t
	}
	if article {
		return model.TypeNews
	}
	if p == profGeneric {
		// Home pages and indexes quote every kind of title: only the page's
		// own title types it.
		return model.TypeOther
	}
	open := normSpace(opening)
	for _, r := range typeRules() {
		switch r.t {
		case model.TypeCompetitionAnnouncement, model.TypeCompetitionResults, model.TypeConsultationReport, model.TypeAnnualReport:
			if r.re.MatchString(open) {
				return r.t
			}
		}
	}
	return model.TypeOther
}
