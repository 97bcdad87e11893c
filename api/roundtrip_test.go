package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/api"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/seed"
)

// TestRoundTripsAreBounded proves that a request reaches Neo4j a number of
// times set by the shape of the query, not by the size of its answer: one
// transaction for the root field, plus one per nested level that needs data
// (relationships, then their endpoints and citation sources together).
func TestRoundTripsAreBounded(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	files, _ := loader.ReadFiles(seed.FS, ".")
	g, err := loader.Validate(seed.FS, files, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loader.Load(ctx, db, seed.Input, g, loader.Options{}); err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(db, api.Config{}, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	nested := `{ search(query: %q, first: %d) { id
	  relationships(first: 20) { totalCount edges { node { type
	    from { id name } to { id name }
	    citations { quote source { title publisher publishedAt } } } } } } }`

	// The bound: search (1) + relationships (1) + endpoints and sources (1).
	const bound = 3
	for _, tt := range []struct {
		query string
		first int
	}{{"qosmos", 1}, {"government", 100}, {"group", 100}} {
		before := db.Transactions()
		body, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(nested, tt.query, tt.first)})
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		used := db.Transactions() - before

		var res struct {
			Data struct {
				Search []struct {
					Relationships struct{ TotalCount int }
				}
			}
			Errors []any
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 {
			t.Fatalf("%q: %v %s", tt.query, err, rec.Body)
		}
		rels := 0
		for _, e := range res.Data.Search {
			rels += e.Relationships.TotalCount
		}
		t.Logf("search %q: %d entities, %d relationships, %d transactions", tt.query, len(res.Data.Search), rels, used)
		if used > bound {
			t.Errorf("search %q returned %d entities and %d relationships in %d transactions; the bound is %d",
				tt.query, len(res.Data.Search), rels, used, bound)
		}
		if tt.first == 100 && len(res.Data.Search) < 5 {
			t.Errorf("search %q returned only %d entities: the test needs a large answer to mean anything", tt.query, len(res.Data.Search))
		}
	}
}
