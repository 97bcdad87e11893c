package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// FuzzGraphQL sends arbitrary query text through parsing, validation, the
// depth and limit checks and execution on a fake graph. No input may panic
// or produce a server error.
func FuzzGraphQL(f *testing.F) {
	for _, q := range []string{
		`{ search(query: "qosmos") { id name } }`,
		`{ entity(id: "qosmos") { relationships(first: 100) { edges { node { from { id } } } } } }`,
		`{ neighborhood(id: "a", depth: 3) { nodes { id } } }`,
		`query q($n: Int) { paths(from: "a", to: "b", maxHops: $n) { length } }`,
		`fragment f on Company { relationships { nodes { to { ...f } } } } { entity(id: "x") { ...f } }`,
		`{ a: search(query: "x") { id } b: search(query: "y") { id } }`,
		`{ __schema { types { name fields(includeDeprecated: true) { name args { name defaultValue } type { ofType { name } } } } } }`,
		`query($t: String!) { __type(name: $t) { possibleTypes { interfaces { name } } inputFields { name } } }`,
	} {
		f.Add(q)
	}
	g := &fakeGraph{entities: map[string]schema.Entity{
		"x": {ID: "x", Kind: schema.Company, Props: map[string]any{"name": "X"}},
	}}
	srv, err := New(g, Config{}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(q)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("query %q: status %d: %s", q, rec.Code, rec.Body)
		}
	})
}
