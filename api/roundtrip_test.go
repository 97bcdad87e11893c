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
	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/seed"
)

// TestRoundTripsAreBounded proves the bound: each root field compiles what
// its selection reads below it (relationship pages, their endpoints,
// products and citation sources, nested pages on endpoints) into its own
// statement, so a request opens one Neo4j transaction per root field,
// whatever the size of its answer.
func TestRoundTripsAreBounded(t *testing.T) {
	db, srv := seededServer(t)
	noLookahead, err := api.New(db, api.Config{NoLookahead: true}, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	const relationshipFields = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id type
	    from { id name } to { id name ... on Government { country } }
	    product { id name }
	    citations { quote source { title publisher publishedAt } } } }`
	search := `{ search(query: %q, first: %d) { id citations { source { id } }
	  relationships(first: 10) { ` + relationshipFields + ` } } }`
	for _, tt := range []struct {
		name, query string
		roots       int64
		// minItems is how many relationships the answer must hold at least,
		// so that a small answer cannot pass for a bounded one.
		minItems int
	}{
		{"search, 1 entity", fmt.Sprintf(search, "qosmos", 1), 1, 10},
		{"search, 100 entities", fmt.Sprintf(search, "government", 100), 1, 100},
		{"search, 100 other entities", fmt.Sprintf(search, "group", 100), 1, 100},
		{"entity, pages nested in endpoints, fragments and variables", `query($t: [RelationshipType!]) { entity(id: "qosmos") { ...Rels } }
		  fragment Rels on Entity { a: relationships(types: $t) { nodes { to { id relationships(direction: IN, first: 5) { nodes { from { name } } } } } }
		    b: relationships(first: 3) { ` + relationshipFields + ` } }`, 1, 10},
		{"paths with explanations", `{ paths(from: "qosmos", to: "syria-government", maxHops: 3, first: 10) { length
		  nodes { id relationships(first: 2) { totalCount } } relationships { id from { id } to { id } citations { source { title } } }
		  explanation { status sources { id title } } } }`, 1, 3},
		{"suppliers", `{ suppliers(of: "syria-government", first: 50) { nodes { id name }
		  relationships { type product { name } citations { source { publisher } } } explanation { sources { id } } } }`, 1, 20},
		{"neighborhood, depth 2", `{ neighborhood(id: "qosmos", depth: 2) { nodes { id }
		  relationships { id from { id } to { id } citations { source { id } } } } }`, 1, 20},
		{"timeline", `{ timeline(id: "qosmos") { date kind citations { quote source { title } }
		  entity { id name relationships(first: 3) { nodes { id } } }
		  relationship { id from { id } to { id name } product { name } citations { source { id } } } } }`, 1, 30},
		{"entity, backwards", `{ entity(id: "qosmos") { relationships(last: 4) { pageInfo { hasPreviousPage startCursor hasNextPage endCursor }
		  nodes { id to { name } citations { source { id } } } } } }`, 1, 8},
		{"entities list", `{ entities(first: 50, where: {kinds: [COMPANY]}) { totalCount edges { cursor node { id name
		  citations { source { id } } relationships(first: 5, types: [SUPPLIED]) { totalCount nodes { to { id name } } } } } } }`, 1, 60},
		{"relationships list", `{ relationships(first: 60, where: {types: [SUPPLIED]}, orderBy: {field: START, direction: DESC}) { totalCount
		  nodes { id from { id name } to { id country } product { name } citations { quote source { id publisher } } } } }`, 1, 120},
		{"two root fields", `{ entity(id: "amesys") { relationships { nodes { to { name } } } }
		  search(query: "qosmos") { relationships { nodes { from { name } citations { source { id } } } } } }`, 2, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var vars map[string]any
			if strings.Contains(tt.query, "$t") {
				vars = map[string]any{"t": []string{"SUPPLIED", "PARTICIPATED_IN", "MAKES"}}
			}
			compiled, used := ask(t, srv, db, tt.query, vars)
			items := strings.Count(compiled, `"id":`)
			t.Logf("%d ids in the answer, %d transactions", items, used)
			if used != tt.roots {
				t.Errorf("%d transactions; the bound is one per root field, %d", used, tt.roots)
			}
			if items < tt.minItems {
				t.Errorf("the answer holds %d ids: the test needs at least %d to mean anything", items, tt.minItems)
			}
			// The same query answered level by level must say the same.
			batched, usedBatched := ask(t, noLookahead, db, tt.query, vars)
			if batched != compiled {
				t.Errorf("compiled and batched answers differ:\ncompiled: %s\nbatched:  %s", compiled, batched)
			}
			if usedBatched <= used {
				t.Errorf("answered level by level in %d transactions, compiled in %d: the query does not exercise the lookahead", usedBatched, used)
			}
		})
	}
}

// TestSlimReadsAnswerTheSame checks that the answers read slim (nodes and
// ends with ids, kinds and names only, relationships without citations: see
// schema.Fetch.Slim) are those of the same query answered whole, level by
// level, and that a root field reading whole beside one reading slim gets
// whole entities.
func TestSlimReadsAnswerTheSame(t *testing.T) {
	db, srv := seededServer(t)
	noLookahead, err := api.New(db, api.Config{NoLookahead: true}, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, query string
		minItems    int
	}{
		{"neighborhood, slim", `{ neighborhood(id: "qosmos", depth: 2) { nodes { id kind name } truncated
		  relationships { id type status start end from { id } to { id name } } } }`, 20},
		{"neighborhood, slim, with the claims' details", `{ neighborhood(id: "qosmos", depth: 2) { nodes { id }
		  relationships { id summary amount currency product { id name } } } }`, 20},
		{"paths, slim", `{ paths(from: "qosmos", to: "syria-government", maxHops: 3, first: 10) { length
		  nodes { id name } relationships { id type status from { id } to { id } } } }`, 3},
		{"search, slim", `{ search(query: "group", first: 50) { id kind name country } }`, 20},
		{"entities list, slim", `{ entities(first: 60, where: {kinds: [COMPANY]}) { totalCount edges { cursor node { id name country } } } }`, 30},
		{"entity, slim, then search, whole", `{ a: entity(id: "qosmos") { id name } b: search(query: "qosmos") { id description aliases } }`, 2},
		{"suppliers, slim, then whole", `{ a: suppliers(of: "syria-government", first: 50) { nodes { id name } relationships { id product { name } } }
		  b: suppliers(of: "syria-government", first: 50) { nodes { id country description } } }`, 20},
		{"entity page, ends slim", `{ entity(id: "qosmos") { id description citations { quote source { id name } }
		  relationships(first: 50) { totalCount nodes { id status from { id kind name } to { id kind name } product { name } citations { stance source { id } } } } } }`, 10},
		{"entity page, ends slim, then the same ends whole", `{ a: entity(id: "qosmos") { description relationships(first: 50) { nodes { id from { id name } to { name } } } }
		  b: entity(id: "qosmos") { relationships(first: 50) { nodes { id from { description aliases } to { description country } } } } }`, 10},
		{"entity page, ends slim, then one of them as a root", `{ a: entity(id: "qosmos") { relationships(first: 50) { nodes { id to { name } } } }
		  b: entity(id: "syria-government") { id description aliases country } }`, 10},
		{"entity page, one end slim, the other whole", `{ entity(id: "syria-government") { relationships(first: 50) { nodes { id from { name } to { name description } } } } }`, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			slim, _ := ask(t, srv, db, tt.query, nil)
			if items := strings.Count(slim, `"id":`); items < tt.minItems {
				t.Errorf("the answer holds %d ids: the test needs at least %d to mean anything", items, tt.minItems)
			}
			if whole, _ := ask(t, noLookahead, db, tt.query, nil); whole != slim {
				t.Errorf("slim and whole answers differ:\nslim:  %s\nwhole: %s", slim, whole)
			}
		})
	}
}

// ask posts a query and returns its answer and the transactions it cost.
func ask(t *testing.T, srv *api.Server, db interface{ Transactions() int64 }, query string, vars map[string]any) (string, int64) {
	t.Helper()
	before := db.Transactions()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	used := db.Transactions() - before
	var res struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 {
		t.Fatalf("%v %s", err, rec.Body)
	}
	return string(res.Data), used
}

// seededServer loads the seed into the test Neo4j and serves it.
func seededServer(t *testing.T) (*graphdb.DB, *api.Server) {
	t.Helper()
	db := neo4jtest.Open(t)
	files, _ := loader.ReadFiles(seed.FS, ".")
	g, err := loader.Validate(seed.FS, files, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loader.Load(context.Background(), db, seed.Input, g, loader.Options{}); err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(db, api.Config{}, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	return db, srv
}
