package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion is the version of the field layout and analysis below.
// Bump it whenever a change needs existing indexes rebuilt: Open refuses an
// index written with another version (ErrVersion).
const MappingVersion = 7

// Field names. Every analysed text property P is indexed as P (stemmed),
// P_exact, P_light and, for the short fields, P_fold; see the analyzer
// constants for what each family does.
const (
	fTitle = "title"
	fAtt   = "att" // attachments' titles
	fUnit  = "unit"
	// fText is the long text as one array: the lead, the body, then the
	// pages (page n at array position textPage0+n-1). One field instead
	// of three means one posting list per family for a word, not three.
	fText = "text"
	// fLead is the lead again, in fewer families, for its boost: the lead
	// sums up a news article.
	fLead = "lead"

	fType      = "type"
	fKind      = "kind"
	fHost      = "host"
	fYear      = "year" // keyword "2019", for facets and rok:
	fOrg       = "org"  // keyword: organisations the document's grant tables name
	fPublished = "published"
	fDupKey    = "dupkey" // see dupKey
	fURL       = "url"
	fDup       = "dup"      // "1" on all but one document of a dupKey group
	fDoc       = "_doc"     // the whole model.Document as JSON, stored, not indexed
	fSuggestT  = "sg_title" // titles (and attachments' titles) for Suggest
	fSuggestL  = "sg_lead"  // leads for Suggest

	sufExact = "_exact"
	sufFold  = "_fold"
	sufLight = "_light"
)

// textPage0 is the array position of the first page in fText.
const textPage0 = 2

// textFields are the analysed properties with their boost. Title beats the
// text; attachments' titles are short labels of content, the unit is
// metadata (who published, not what it is about) and counts least.
//
// The short fields have every family with positions in the stemmed and
// exact ones. The long text, which is most of the index, has positions
// only in the stemmed family (phrases and page location use those) and no
// _fold family (its _light family, folded too, answers diacritic-free
// words).
var textFields = []textFieldSpec{
	{name: fTitle, boost: 6, fold: true, exactVectors: true},
	{name: fAtt, boost: 2, fold: true, exactVectors: true},
	{name: fUnit, boost: 0.5, fold: true, exactVectors: true},
	{name: fLead, boost: 1.5, noLight: true},
	{name: fText, boost: 1, noExact: true},
}

type textFieldSpec struct {
	name         string
	boost        float64
	fold         bool // has a _fold field
	exactVectors bool // its _exact field keeps positions (phrases match it)
	noLight      bool // has no _light field
	noExact      bool // has no _exact field
}

func docMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = analyzerStem
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	// BM25 saturates term frequency: a 40-page report repeating a word
	// does not bury the short article about it.
	im.ScoringModel = index.BM25Scoring

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range textFields {
		fms := []*mapping.FieldMapping{textField(f.name, analyzerStemPos, true)}
		if !f.noExact {
			exact := analyzerExact
			if f.exactVectors {
				exact = analyzerExactPos
			}
			fms = append(fms, textField(f.name+sufExact, exact, f.exactVectors))
		}
		if !f.noLight {
			lf := textField(f.name+sufLight, analyzerLight, false)
			lf.SkipFreqNorm = f.name == fText
			fms = append(fms, lf)
		}
		if f.fold {
			fms = append(fms, textField(f.name+sufFold, analyzerFold, false))
		}
		dm.AddFieldMappingsAt(f.name, fms...)
	}
	for _, name := range []string{fType, fKind, fHost, fYear, fOrg, fDupKey, fURL, fDup} {
		dm.AddFieldMappingsAt(name, keywordField(name))
	}
	// Suggest reads only the term dictionaries of these: no positions, no
	// norms.
	for _, sg := range []struct{ prop, name string }{{fTitle, fSuggestT}, {fAtt, fSuggestT}, {fLead, fSuggestL}} {
		fm := textField(sg.name, analyzerSuggest, false)
		fm.SkipFreqNorm = true
		dm.Properties[sg.prop].AddFieldMapping(fm)
	}

	pub := bleve.NewDateTimeFieldMapping()
	pub.Store, pub.IncludeInAll, pub.DocValues = false, false, true
	dm.AddFieldMappingsAt(fPublished, pub)

	stored := bleve.NewTextFieldMapping()
	stored.Analyzer = keyword.Name
	stored.Index, stored.Store = false, true
	stored.IncludeTermVectors, stored.IncludeInAll, stored.DocValues = false, false, false
	dm.AddFieldMappingsAt(fDoc, stored)

	im.DefaultMapping = dm
	return im, nil
}

// textField is an analysed, unstored field. Term vectors (positions) are
// kept where phrases are matched and pages located: the stemmed and exact
// families.
func textField(name, analyzer string, vectors bool) *mapping.FieldMapping {
	fm := bleve.NewTextFieldMapping()
	fm.Name = name
	fm.Analyzer = analyzer
	fm.Store = false
	fm.IncludeInAll = false
	fm.DocValues = false
	fm.IncludeTermVectors = vectors
	return fm
}

func keywordField(name string) *mapping.FieldMapping {
	fm := bleve.NewKeywordFieldMapping()
	fm.Name = name
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = true
	return fm
}

// Grant index fields.
const (
	gOrg      = "org"
	gOrgKey   = "org_key"
	gOrgSort  = "org_sort"
	gKRS      = "krs"
	gTask     = "task"
	gArea     = "area"
	gAmount   = "amount"
	gYear     = "year"
	gSourceID = "source_id"
	gGrant    = "_grant"
)

func grantMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = analyzerStem
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	// No positions: grant searches match words, never phrases.
	for _, name := range []string{gOrg, gTask, gArea} {
		dm.AddFieldMappingsAt(name,
			textField(name, analyzerStem, false),
			textField(name+sufExact, analyzerExact, false),
			textField(name+sufLight, analyzerLight, false),
			textField(name+sufFold, analyzerFold, false),
		)
	}
	for _, name := range []string{gOrgKey, gOrgSort, gKRS, gSourceID} {
		fm := keywordField(name)
		// Doc values only where grants are sorted by the field; org_key
		// and krs are only ever matched.
		fm.DocValues = name == gOrgSort || name == gSourceID
		dm.AddFieldMappingsAt(name, fm)
	}
	for _, name := range []string{gAmount, gYear} {
		n := bleve.NewNumericFieldMapping()
		n.Store, n.IncludeInAll, n.DocValues = false, false, true
		dm.AddFieldMappingsAt(name, n)
	}
	stored := bleve.NewTextFieldMapping()
	stored.Analyzer = keyword.Name
	stored.Index, stored.Store = false, true
	stored.IncludeTermVectors, stored.IncludeInAll, stored.DocValues = false, false, false
	dm.AddFieldMappingsAt(gGrant, stored)
	im.DefaultMapping = dm
	return im, nil
}
