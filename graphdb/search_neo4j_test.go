package graphdb_test

import (
	"context"
	"slices"
	"testing"

	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
)

// searchFixture has a government that carries claims, an agency with fewer
// claims whose short name matches "Egypt" more closely, an agency and a stub
// company of Egypt whose names do not hold the word, a source whose title
// does; and a stub company named "Gama" beside Gamma International, which
// carries a claim.
const searchFixture = `
sources:
  - {id: doc, sourceType: REPORT, name: Egypt surveillance report, publisher: Someone, publishedAt: 2015-03}
  - {id: statement, sourceType: COMPANY_STATEMENT, name: A statement, publisher: Hacking Team, publishedAt: 2016}
  - {id: other, sourceType: ARTICLE, name: An article, publisher: Someone else, publishedAt: 2014}
entities:
  - {id: egypt-government, kind: Government, name: Government of the Arab Republic of Egypt, country: EG, citations: [{source: doc, stance: SUPPORTS}]}
  - {id: egypt-mod, kind: Agency, name: MOD (Egypt), country: EG, citations: [{source: doc, stance: SUPPORTS}]}
  - {id: egypt-trd, kind: Agency, name: Technology Research Department, country: EG, citations: [{source: doc, stance: SUPPORTS}]}
  - {id: giza, kind: Company, name: GIZA Systems, country: EG, citations: [{source: doc, stance: SUPPORTS}]}
  - {id: hacking-team, kind: Company, name: Hacking Team, country: IT, citations: [{source: doc, stance: SUPPORTS}]}
  - {id: gama-telecom, kind: Company, name: Gama Telecom, citations: [{source: other, stance: SUPPORTS}]}
  - {id: gamma-international, kind: Company, name: Gamma International, country: GB, citations: [{source: other, stance: SUPPORTS}]}
relationships:
  - {type: SUPPLIED, from: gamma-international, to: egypt-mod, status: ALLEGED,
     citations: [{source: other, stance: SUPPORTS}]}
  - {type: SUPPLIED, from: hacking-team, to: egypt-government, status: REPORTED, start: 2011,
     citations: [{source: doc, stance: SUPPORTS, quote: "sold"}, {source: statement, stance: DISPUTES, quote: "never"}]}
  - {type: SUPPLIED, from: hacking-team, to: egypt-trd, status: REPORTED,
     citations: [{source: doc, stance: SUPPORTS}]}
  - {type: PART_OF, from: egypt-trd, to: egypt-government, status: REPORTED,
     citations: [{source: doc, stance: CONTEXT}]}
`

func entityIDs(list []schema.Entity) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.ID
	}
	return out
}

func TestSearchRanksAndForgives(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": searchFixture}))

	for _, tt := range []struct {
		name string
		q    schema.Search
		want []string
	}{
		{"claims first, then stubs, then sources; a country's name finds its entities",
			schema.Search{Text: "Egypt", Fuzzy: true},
			[]string{"egypt-government", "egypt-mod", "egypt-trd", "giza", "doc"}},
		{"exact names rank above close spellings, even stubs above entities with claims", schema.Search{Text: "gama", Fuzzy: true},
			[]string{"gama-telecom", "gamma-international"}},
		{"a typo is forgiven", schema.Search{Text: "Hacking Tem", Fuzzy: true}, []string{"hacking-team"}},
		{"a typo is not forgiven without fuzzy", schema.Search{Text: "Hacking Tem"}, []string{}},
		{"countries keep entities of those countries", schema.Search{Text: "Egypt", Countries: []string{"EG"}, Fuzzy: true},
			[]string{"egypt-government", "egypt-mod", "egypt-trd", "giza"}},
		{"a country's name does not find other countries", schema.Search{Text: "Britain", Fuzzy: true},
			[]string{"gamma-international"}},
		{"kinds keep entities of those kinds", schema.Search{Text: "egypt", Kinds: []schema.Kind{schema.Agency}},
			[]string{"egypt-mod", "egypt-trd"}},
		{"a name that holds a country's name is a name", schema.Search{Text: "Government of Egypt"},
			[]string{"egypt-government"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			found, err := db.Search(ctx, tt.q, 20, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := entityIDs(found); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("found %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("summary", func(t *testing.T) {
		s, err := db.SearchSummary(ctx, schema.Search{Text: "Hacking Tem", Fuzzy: true})
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != 1 || s.Exact != 0 || !slices.Equal(s.DidYouMean, []string{"Hacking Team"}) {
			t.Errorf("Hacking Tem: %+v, want 1 found, none as typed, did you mean Hacking Team", s)
		}
		s, err = db.SearchSummary(ctx, schema.Search{Text: "Hacking Tem"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != 0 || !slices.Equal(s.DidYouMean, []string{"Hacking Team"}) {
			t.Errorf("Hacking Tem, not fuzzy: %+v, want nothing found and Hacking Team suggested", s)
		}
		s, err = db.SearchSummary(ctx, schema.Search{Text: "egypt", Kinds: []schema.Kind{schema.Agency}})
		if err != nil {
			t.Fatal(err)
		}
		wantKinds := []schema.Facet{{Value: "Agency", Count: 2}, {Value: "Company", Count: 1}, {Value: "Government", Count: 1}, {Value: "Source", Count: 1}}
		wantCountries := []schema.Facet{{Value: "EG", Count: 2}}
		if s.Total != 2 || s.Exact != 2 || len(s.DidYouMean) != 0 || !slices.Equal(s.ByKind, wantKinds) || !slices.Equal(s.ByCountry, wantCountries) {
			t.Errorf("egypt among agencies: %+v; want 2 found, by kind %v (every kind), by country %v", s, wantKinds, wantCountries)
		}
	})
}

func TestCitedBy(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": searchFixture}))

	pages, err := db.CitedBy(ctx, []string{"doc", "statement", "nobody"}, schema.CitedByQuery{First: 2})
	if err != nil {
		t.Fatal(err)
	}
	doc := pages["doc"]
	if doc.Total != 3 || len(doc.Items) != 2 || !doc.HasNext || doc.HasPrevious {
		t.Fatalf("doc: total %d, %d items, next %v, previous %v; want 3, 2, true, false", doc.Total, len(doc.Items), doc.HasNext, doc.HasPrevious)
	}
	rest, err := db.CitedBy(ctx, []string{"doc"}, schema.CitedByQuery{First: 2, After: doc.Items[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(doc.Items), rest["doc"].Items...)
	var got []string
	for _, r := range all {
		got = append(got, r.ID)
	}
	if len(got) != 3 || !slices.IsSorted(got) || rest["doc"].HasNext || !rest["doc"].HasPrevious {
		t.Errorf("paging through doc's claims gave %v (next %v)", got, rest["doc"].HasNext)
	}
	if st := pages["statement"]; st.Total != 1 || len(st.Items) != 1 || st.Items[0].From != "hacking-team" || st.Items[0].To != "egypt-government" {
		t.Errorf("statement: %+v, want the one claim it disputes", st)
	}
	if n := pages["nobody"]; n.Total != 0 || len(n.Items) != 0 {
		t.Errorf("an id that is no source: %+v", n)
	}
	disputes, err := db.CitedBy(ctx, []string{"doc", "statement"}, schema.CitedByQuery{First: 10, Stances: []schema.Stance{schema.Disputes}})
	if err != nil {
		t.Fatal(err)
	}
	if disputes["doc"].Total != 0 || disputes["statement"].Total != 1 {
		t.Errorf("DISPUTES only: doc %d, statement %d; want 0 and 1", disputes["doc"].Total, disputes["statement"].Total)
	}
}
