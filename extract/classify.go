package extract

import (
	"regexp"
	"strings"
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
		r(model.TypeCompetitionResults, `\bwynik(i|ach|ów)\s+(otwartego\s+|otwartych\s+)?(konkurs|nabor)|rozstrzygni[ęe]ci[eau]\s+(otwartego\s+|otwartych\s+)?konkurs|\bkonkurs\w*\b.*\brozstrzygni[ęe]|\blista\s+(ofert|organizacji|podmiot[óo]w)\s+.*(dotacj|dofinansowan)|\bprzyznan\w*\s+dotacj|\bwykaz\s+(przyznanych\s+)?dotacj`),
		r(model.TypeAnnualReport, `\bsprawozdani[ea]\s+z\s+realizacji\s+(rocznego\s+|wieloletniego\s+)?programu\s+wsp[óo][łl]pracy|\bsprawozdani[ea]\s+z\s+(realizacji\s+)?wsp[óo][łl]pracy\b.*\b(organizacj|ngo)|\bsprawozdanie\s+roczne\b`),
		r(model.TypeCompetitionAnnouncement, `\bog[łl]asza\s+(otwarty|otwarte)\s+konkurs|\bog[łl]oszeni[ea]\s+(otwartego\s+|o\s+)?konkurs|\botwarty\s+konkurs\s+ofert\b|\bnab[óo]r\s+(ofert|wniosk[óo]w)\b|\bkonkurs\s+ofert\b`),
		r(model.TypeCooperationProgramme, `\bprogram\w*\s+wsp[óo][łl]pracy\b`),
		r(model.TypeRules, `^\s*regulamin\b|\bregulamin\s+(konkursu|pracy|naboru|komisji|przyznawania)`),
	}
})

// classify decides the document's type from its title, then from the
// opening text (lead and the first lines of the body) for the phrases that
// announce a competition or give its results, then from metadata. Pages
// with no rule matching are news on the krakow.pl article profile and
// "other" elsewhere.
func classify(p profile, title, opening, meta string) model.DocType {
	title = normSpace(title)
	for _, r := range typeRules() {
		if r.re.MatchString(title) {
			return r.t
		}
	}
	// The opening text is weaker evidence: only the unmistakable phrases.
	open := normSpace(opening)
	strong := map[model.DocType]bool{model.TypeCompetitionAnnouncement: true, model.TypeCompetitionResults: true, model.TypeConsultationReport: true}
	if p != profArticle {
		strong[model.TypeAnnualReport] = true
		strong[model.TypeRules] = false
	}
	for _, r := range typeRules() {
		if strong[r.t] && r.re.MatchString(open) {
			return r.t
		}
	}
	_ = meta
	if p == profArticle || p == profPrint {
		return model.TypeNews
	}
	if strings.TrimSpace(title) == "" {
		return model.TypeOther
	}
	return model.TypeOther
}
