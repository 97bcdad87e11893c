package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

type answer struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
}

// post sends a GraphQL query to h and reads the answer.
func post(t *testing.T, h http.Handler, q string) (int, answer) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var a answer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, rec.Body)
	}
	return rec.Code, a
}

// TestSearchForgives holds search and searchSummary, as the schema documents
// them, to the seed: typos, did you mean, countries, ranking.
func TestSearchForgives(t *testing.T) {
	_, srv := seededServer(t)
	type entity struct {
		ID, Kind, Name string
		Country        *string
	}
	type facet struct {
		Value string
		Count int
	}
	var res struct {
		Typo, Strict, Egypt, EgyptAgencies []entity
		TypoSummary, EgyptSummary          struct {
			Total, Exact int
			DidYouMean   []string
			ByKind       []facet
			ByCountry    []facet
		}
	}
	ask := func(q string) {
		t.Helper()
		status, out := post(t, srv, (q))
		if status != 200 || len(out.Errors) > 0 {
			t.Fatalf("HTTP %d, errors %v", status, out.Errors)
		}
		if err := json.Unmarshal(out.Data, &res); err != nil {
			t.Fatal(err)
		}
	}
	ask(`{
	  typo: search(query: "Hacking Tem") { id kind name country }
	  strict: search(query: "Hacking Tem", fuzzy: false) { id }
	  typoSummary: searchSummary(query: "Hacking Tem") { total exact didYouMean byKind { value count } byCountry { value count } }
	  egypt: search(query: "Egypt", first: 100) { id kind name country }
	  egyptAgencies: search(query: "egypt", countries: ["EG"], kinds: [AGENCY, GOVERNMENT]) { id kind name country }
	  egyptSummary: searchSummary(query: "egypt") { total exact didYouMean byKind { value count } byCountry { value count } }
	}`)

	if len(res.Typo) == 0 || res.Typo[0].ID != "hacking-team" {
		t.Errorf(`"Hacking Tem" found %v first; want hacking-team`, res.Typo)
	}
	if len(res.Strict) != 0 {
		t.Errorf(`"Hacking Tem" without fuzzy found %v; want nothing`, res.Strict)
	}
	if s := res.TypoSummary; s.Exact != 0 || s.Total != len(res.Typo) || len(s.DidYouMean) == 0 || s.DidYouMean[0] != "Hacking Team" {
		t.Errorf(`"Hacking Tem" summary %+v; want none as typed, %d found, did you mean Hacking Team first`, s, len(res.Typo))
	}

	// "Egypt" finds the entities of Egypt whose names do not say so, and the
	// Government of Egypt (with claims) before any source.
	var egyptian, named []string
	firstSource := -1
	for i, e := range res.Egypt {
		if e.Country != nil && *e.Country == "EG" {
			egyptian = append(egyptian, e.ID)
			if !strings.Contains(strings.ToLower(e.Name), "egypt") {
				named = append(named, e.ID)
			}
		}
		if e.Kind == "SOURCE" && firstSource < 0 {
			firstSource = i
		}
	}
	if len(named) == 0 {
		t.Errorf(`"Egypt" finds no entity of Egypt whose name does not hold the word: %v`, egyptian)
	}
	if len(res.Egypt) == 0 || res.Egypt[0].ID != "egypt-government" {
		t.Errorf(`"Egypt" ranks %v first; want the Government of Egypt`, res.Egypt[:min(3, len(res.Egypt))])
	}
	if firstSource >= 0 && slices.IndexFunc(res.Egypt[firstSource:], func(e entity) bool { return e.Kind != "SOURCE" }) >= 0 {
		t.Errorf(`"Egypt" ranks an entity below a source: %v`, res.Egypt)
	}
	for _, e := range res.EgyptAgencies {
		if e.Country == nil || *e.Country != "EG" || (e.Kind != "AGENCY" && e.Kind != "GOVERNMENT") {
			t.Errorf(`countries [EG], kinds [AGENCY, GOVERNMENT] found %+v`, e)
		}
	}
	if len(res.EgyptAgencies) < 2 {
		t.Errorf(`countries [EG] found %v; want the government and its agencies`, res.EgyptAgencies)
	}
	s := res.EgyptSummary
	if s.Total != len(res.Egypt) || s.Exact != s.Total || len(s.DidYouMean) != 0 {
		t.Errorf(`"egypt" summary %+v; want %d found, all as typed, no suggestion`, s, len(res.Egypt))
	}
	sum, kinds := 0, map[string]bool{}
	for _, f := range s.ByKind {
		sum += f.Count
		kinds[f.Value] = true
	}
	if sum != s.Total || !kinds["GOVERNMENT"] || !kinds["SOURCE"] {
		t.Errorf("byKind %v adds up to %d (want %d), in EntityKind names", s.ByKind, sum, s.Total)
	}
	if i := slices.IndexFunc(s.ByCountry, func(f facet) bool { return f.Value == "EG" }); i < 0 || s.ByCountry[i].Count != len(egyptian) {
		t.Errorf("byCountry %v; want EG: %d", s.ByCountry, len(egyptian))
	}

	status, out := post(t, srv, (`{ search(query: "x", countries: ["Egypt"]) { id } }`))
	if status != 400 || len(out.Errors) == 0 || out.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("a country that is no ISO code: HTTP %d, %v; want 400 BAD_USER_INPUT", status, out.Errors)
	}
}

// TestSourceCitedBy holds Source.citedBy to the founding article: Reuters
// supports Qosmos's supply to Syria and carries the lawyer's denial of it.
func TestSourceCitedBy(t *testing.T) {
	_, srv := seededServer(t)
	status, out := post(t, srv, (`{
	  entity(id: "reuters-2012-07-26-france-investigates-qosmos") { ... on Source {
	    all: citedBy(first: 100) { totalCount nodes { id from { id } to { id } citations { stance source { id } } } }
	    page: citedBy(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
	    denials: citedBy(stances: [DISPUTES]) { totalCount nodes { type from { id } to { id } } }
	  } }
	}`))
	if status != 200 || len(out.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %v", status, out.Errors)
	}
	type rel struct {
		ID       string
		Type     string
		From, To struct{ ID string }
	}
	type conn struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   string
		}
		Nodes []rel
	}
	var res struct {
		Entity struct{ All, Page, Denials conn }
	}
	if err := json.Unmarshal(out.Data, &res); err != nil {
		t.Fatal(err)
	}
	e := res.Entity
	if e.All.TotalCount < 5 || len(e.All.Nodes) != e.All.TotalCount {
		t.Errorf("Reuters is cited by %d claims (%d read); the founding article backs more", e.All.TotalCount, len(e.All.Nodes))
	}
	if e.Page.TotalCount != e.All.TotalCount || len(e.Page.Nodes) != 1 || !e.Page.PageInfo.HasNextPage || e.Page.Nodes[0].ID != e.All.Nodes[0].ID {
		t.Errorf("first: 1 gave %+v", e.Page)
	}
	supplied := func(r rel) bool {
		return r.Type == "SUPPLIED" && r.From.ID == "qosmos" && r.To.ID == "syria-government"
	}
	if !slices.ContainsFunc(e.Denials.Nodes, supplied) || e.Denials.TotalCount >= e.All.TotalCount {
		t.Errorf("DISPUTES: %+v; want the supply to Syria the lawyer denied, and fewer than all", e.Denials)
	}

	// The next page starts after the cursor.
	status, out = post(t, srv, (`{ entity(id: "reuters-2012-07-26-france-investigates-qosmos") { ... on Source {
	  citedBy(first: 100, after: "` + e.Page.PageInfo.EndCursor + `") { totalCount nodes { id } } } } }`))
	if status != 200 || len(out.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %v", status, out.Errors)
	}
	var next struct{ Entity struct{ CitedBy conn } }
	if err := json.Unmarshal(out.Data, &next); err != nil {
		t.Fatal(err)
	}
	if len(next.Entity.CitedBy.Nodes) != e.All.TotalCount-1 || next.Entity.CitedBy.Nodes[0].ID != e.All.Nodes[1].ID {
		t.Errorf("after the first: %d claims from %v; want %d from %s", len(next.Entity.CitedBy.Nodes), next.Entity.CitedBy.Nodes[:1], e.All.TotalCount-1, e.All.Nodes[1].ID)
	}
}

// TestDataAsOf: a load that changes the graph dates it.
func TestDataAsOf(t *testing.T) {
	_, srv := seededServer(t)
	status, out := post(t, srv, `{ dataAsOf }`)
	if status != 200 || len(out.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %v", status, out.Errors)
	}
	var res struct{ DataAsOf string }
	if err := json.Unmarshal(out.Data, &res); err != nil {
		t.Fatal(err)
	}
	// The load ran just now; a test that runs across midnight UTC may see yesterday.
	today := time.Now().UTC()
	if res.DataAsOf != today.Format(time.DateOnly) && res.DataAsOf != today.Add(-time.Hour).Format(time.DateOnly) {
		t.Errorf("dataAsOf %q after a load today (%s)", res.DataAsOf, today.Format(time.DateOnly))
	}
}
