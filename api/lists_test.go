package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

type listAnswer struct {
	Data   map[string]json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
}

type listConn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
}

func postList(t *testing.T, srv http.Handler, query string, vars map[string]any) listAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var res listAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	return res
}

// TestListsPageBackwardsOverGraphQL pages through the root lists with last
// and before, and checks the arguments' limits, on the seed in Neo4j.
func TestListsPageBackwardsOverGraphQL(t *testing.T) {
	_, srv := seededServer(t)
	page := func(t *testing.T, q, field string, vars map[string]any) listConn {
		t.Helper()
		res := postList(t, srv, q, vars)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %+v", q, res.Errors)
		}
		var c listConn
		if err := json.Unmarshal(res.Data[field], &c); err != nil {
			t.Fatal(err)
		}
		if n := len(c.Edges); n > 0 && (c.PageInfo.StartCursor == nil || *c.PageInfo.StartCursor != c.Edges[0].Cursor ||
			c.PageInfo.EndCursor == nil || *c.PageInfo.EndCursor != c.Edges[n-1].Cursor) {
			t.Errorf("startCursor and endCursor are not the first and last edges' cursors: %+v", c.PageInfo)
		}
		return c
	}
	const info = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
	for _, tt := range []struct {
		name, field, forwards, backwards string
	}{
		{"companies by name", "entities",
			`query($c: String) { entities(kind: COMPANY, orderBy: {field: NAME}, first: 8, after: $c) { ` + info + ` } }`,
			`query($c: String) { entities(kind: COMPANY, orderBy: {field: NAME}, last: 8, before: $c) { ` + info + ` } }`},
		{"supplies by start, latest first", "relationships",
			`query($c: String) { relationships(where: {types: [SUPPLIED]}, orderBy: {field: START, direction: DESC}, first: 30, after: $c) { ` + info + ` } }`,
			`query($c: String) { relationships(where: {types: [SUPPLIED]}, orderBy: {field: START, direction: DESC}, last: 30, before: $c) { ` + info + ` } }`},
		{"supplies to Syria, Bahrain, Egypt, Libya", "relationships",
			`query($c: String) { relationships(where: {toCountries: ["SY", "BH", "EG", "LY"]}, first: 5, after: $c) { ` + info + ` } }`,
			`query($c: String) { relationships(where: {toCountries: ["SY", "BH", "EG", "LY"]}, last: 5, before: $c) { ` + info + ` } }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var fw []string
			var cursor any
			total := 0
			for i := 0; ; i++ {
				c := page(t, tt.forwards, tt.field, map[string]any{"c": cursor})
				total = c.TotalCount
				if c.PageInfo.HasPreviousPage != (i > 0) {
					t.Errorf("forward page %d: hasPreviousPage %v", i, c.PageInfo.HasPreviousPage)
				}
				for _, e := range c.Edges {
					fw = append(fw, e.Node.ID)
				}
				if !c.PageInfo.HasNextPage || i > 500 {
					break
				}
				cursor = *c.PageInfo.EndCursor
			}
			var pages [][]string
			cursor = nil
			for i := 0; ; i++ {
				c := page(t, tt.backwards, tt.field, map[string]any{"c": cursor})
				if c.PageInfo.HasNextPage != (i > 0) {
					t.Errorf("backward page %d: hasNextPage %v", i, c.PageInfo.HasNextPage)
				}
				var ids []string
				for _, e := range c.Edges {
					ids = append(ids, e.Node.ID)
				}
				pages = append(pages, ids)
				if !c.PageInfo.HasPreviousPage || i > 500 {
					break
				}
				cursor = *c.PageInfo.StartCursor
			}
			var bw []string
			for _, p := range slices.Backward(pages) {
				bw = append(bw, p...)
			}
			if len(pages) < 3 {
				t.Errorf("only %d pages; the test needs several", len(pages))
			}
			if len(fw) != total || !slices.Equal(fw, bw) {
				t.Errorf("forwards %d items, backwards %d, total %d; they differ", len(fw), len(bw), total)
			}
			seen := map[string]bool{}
			for _, id := range bw {
				if seen[id] {
					t.Errorf("%s came twice", id)
				}
				seen[id] = true
			}
		})
	}

	t.Run("stats computes the facets selected, through fragments too", func(t *testing.T) {
		const facets = `entities relationships byKind { value count } byCountry { value count } byType { value count }
		  byStatus { value count } byYear { value count } byProductCategory { value count } vendorsByCountry { value count }`
		plain := postList(t, srv, `{ stats(where: {types: [SUPPLIED]}) { `+facets+` } }`, nil)
		for _, q := range []string{
			`{ stats(where: {types: [SUPPLIED]}) { ...F } } fragment F on Stats { ` + facets + ` }`,
			`{ stats(where: {types: [SUPPLIED]}) { ... on Stats { ` + facets + ` } } }`,
			`{ stats(where: {types: [SUPPLIED]}) { entities ... on Stats { relationships byKind { value count } byCountry { value count } } ...F }
			  stats2: stats(where: {types: [SUPPLIED]}) { entities }
			} fragment F on Stats { byType { value count } byStatus { value count } byYear { value count } ... G }
			fragment G on Stats { byProductCategory { value count } vendorsByCountry { value count } }`,
		} {
			got := postList(t, srv, q, nil)
			if len(got.Errors) > 0 || string(got.Data["stats"]) != string(plain.Data["stats"]) {
				t.Errorf("%s:\n%s %+v\nwant %s", q, got.Data["stats"], got.Errors, plain.Data["stats"])
			}
		}
		if !strings.Contains(string(plain.Data["stats"]), `"vendorsByCountry":[{`) {
			t.Errorf("no vendors: %s", plain.Data["stats"])
		}
	})

	for _, tt := range []struct {
		name, query, code, message string
	}{
		{"first and last", `{ entities(first: 5, last: 5) { totalCount } }`, "BAD_USER_INPUT", "first or last"},
		{"first and last on relationships", `{ relationships(first: 5, last: 5) { totalCount } }`, "BAD_USER_INPUT", "first or last"},
		{"last over 100", `{ entities(last: 101) { totalCount } }`, "LIMIT_EXCEEDED", "100"},
		{"last over 100 on relationships", `{ relationships(last: 500) { totalCount } }`, "LIMIT_EXCEEDED", "100"},
		{"last zero", `{ relationships(last: 0) { totalCount } }`, "LIMIT_EXCEEDED", "last"},
		{"a before that is not a cursor", `{ entities(last: 5, before: "nope") { totalCount } }`, "BAD_USER_INPUT", "before"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := postList(t, srv, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("want an error, got %s", res.Data)
			}
			if code := res.Errors[0].Extensions["code"]; code != tt.code || !strings.Contains(res.Errors[0].Message, tt.message) {
				t.Errorf("error %q with code %v; want %s naming %q", res.Errors[0].Message, code, tt.code, tt.message)
			}
		})
	}
}
