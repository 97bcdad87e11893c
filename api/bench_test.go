package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// neighborhoodGraph answers neighborhood with a fixed subgraph from memory,
// so that a benchmark measures the API layer alone: HTTP handling, GraphQL
// parsing, validation and execution, the resolvers and the JSON encoding.
type neighborhoodGraph struct {
	fakeGraph
	sg schema.Subgraph
}

func (g *neighborhoodGraph) Neighborhood(ctx context.Context, id string, depth int, rf schema.RelFilter, maxNodes int, fetch *schema.Fetch, _ *schema.Fetched) (schema.Subgraph, error) {
	return g.sg, nil
}

// syntheticSubgraph is a star of rings: the centre, ring1 neighbours, and
// ring2 neighbours of each, every node joined to its parent; the size of a
// depth-2 neighbourhood in the synthetic graph that bench/peers asks for.
func syntheticSubgraph(ring1, ring2 int) schema.Subgraph {
	var sg schema.Subgraph
	node := func(id string) {
		sg.Nodes = append(sg.Nodes, schema.Entity{ID: id, Kind: schema.Company, Props: map[string]any{"name": "Entity " + id}})
	}
	rel := func(from, to string) {
		sg.Relationships = append(sg.Relationships, schema.Relationship{
			ID: from + ".supplied." + to, Type: "SUPPLIED", From: from, To: to, Status: schema.Reported})
	}
	node("c")
	for i := range ring1 {
		a := fmt.Sprintf("a%d", i)
		node(a)
		rel("c", a)
		for j := range ring2 {
			b := fmt.Sprintf("a%d-b%d", i, j)
			node(b)
			rel(a, b)
		}
	}
	return sg
}

// BenchmarkNeighborhoodAnswer is the API's own cost of bench/peers'
// neighbourhood query (make bench-peers), about 250 nodes and relationships.
func BenchmarkNeighborhoodAnswer(b *testing.B) {
	g := &neighborhoodGraph{sg: syntheticSubgraph(10, 24)}
	body := query(`{ neighborhood(id: "c", depth: 2) { nodes { id kind name } relationships { id type status from { id } to { id } } truncated } }`)
	benchmarkAnswer(b, g, body, `"truncated":false`)
}

// BenchmarkEntityAnswer is the API's own cost of a small answer: bench/peers'
// entity page question without its relationships, one entity, where parsing
// and validating the query weigh most.
func BenchmarkEntityAnswer(b *testing.B) {
	g := &fakeGraph{entities: map[string]schema.Entity{
		"c": {ID: "c", Kind: schema.Company, Props: map[string]any{"name": "C", "country": "FR", "description": "A company."}},
	}}
	raw, _ := json.Marshal(map[string]any{"variables": map[string]any{"id": "c"},
		"query": `query($id: ID!) { entity(id: $id) { id kind name country description aliases citations { quote } } }`})
	benchmarkAnswer(b, g, string(raw), `"A company."`)
}

// benchmarkAnswer posts body to a server on g again and again; every answer
// must succeed and hold want.
func benchmarkAnswer(b *testing.B, g Graph, body, want string) {
	srv, err := New(g, Config{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) || !strings.Contains(rec.Body.String(), want) {
			b.Fatalf("HTTP %d: %.300s", rec.Code, rec.Body)
		}
	}
}
