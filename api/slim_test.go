package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/survgraph/survgraph/schema"
)

// slimGraph answers neighborhood with one relationship between two
// entities, read slim or whole as the fetch plan says, like the graph store,
// and records whether the plan asked for a slim read.
type slimGraph struct {
	fakeGraph
	slim       []bool
	slimClaims []bool
}

func (g *slimGraph) Neighborhood(ctx context.Context, id string, depth int, rf schema.RelFilter, maxNodes int, fetch *schema.Fetch, _ *schema.Fetched) (schema.Subgraph, error) {
	g.slim = append(g.slim, fetch.IsSlim())
	g.slimClaims = append(g.slimClaims, fetch != nil && fetch.SlimClaims)
	var sg schema.Subgraph
	for _, id := range []string{"qosmos", "syria-government"} {
		e := g.entities[id]
		if fetch.IsSlim() {
			e = schema.Entity{ID: e.ID, Kind: e.Kind, Props: map[string]any{"name": e.Name(), "country": e.Props["country"]}}
		}
		sg.Nodes = append(sg.Nodes, e)
	}
	sg.Relationships = []schema.Relationship{{ID: "qosmos.supplied.syria-government", Type: schema.Supplied,
		From: "qosmos", To: "syria-government", Status: schema.Reported}}
	return sg, nil
}

// TestSlimReads checks which selections of a neighbourhood the planner reads
// slim, and that an
// entity read slim still answers every field: what the slim read did not
// bring is read whole when a field asks for it.
func TestSlimReads(t *testing.T) {
	entities := map[string]schema.Entity{
		"qosmos": {ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos", "country": "FR",
			"description": "French DPI vendor."}},
		"syria-government": {ID: "syria-government", Kind: schema.Government, Props: map[string]any{"name": "Syria", "country": "SY"}},
	}
	tests := []struct {
		name, query string
		slim        []bool // the plan of each neighborhood root field
		want        string // in the answer
	}{
		{"ids, kinds and names", `{ neighborhood(id: "qosmos") { nodes { id kind name __typename } truncated
		  relationships { id type status start end from { id name } to { id } } } }`, []bool{true}, `"name":"Syria"`},
		{"through fragments", `{ neighborhood(id: "qosmos") { ...G } } fragment G on Subgraph { nodes { ... on Company { id } } }`,
			[]bool{true}, `"id":"qosmos"`},
		{"a node's country", `{ neighborhood(id: "qosmos") { nodes { id country } } }`, []bool{true}, `"country":"SY"`},
		{"a node's country's name", `{ neighborhood(id: "qosmos") { nodes { id countryName } } }`, []bool{false}, `"countryName":"Syria`},
		{"an end's description", `{ neighborhood(id: "qosmos") { relationships { from { description } } } }`,
			[]bool{false}, `"description":"French DPI vendor."`},
		{"citations", `{ neighborhood(id: "qosmos") { relationships { citations { quote } } } }`, []bool{false}, `"citations":[]`},
		{"a node's relationships", `{ neighborhood(id: "qosmos") { nodes { relationships { totalCount } } } }`, []bool{false}, `"totalCount"`},
		// The first root field reads slim; the second reads whole, so its
		// answer must not come from the first one's partial entities.
		{"slim, then whole", `{ a: neighborhood(id: "qosmos") { nodes { id } }
		  b: neighborhood(id: "qosmos") { nodes { description } } }`, []bool{true, false}, `"description":"French DPI vendor."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &slimGraph{fakeGraph: fakeGraph{entities: entities}}
			srv, err := New(g, Config{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			body := postGraphQL(t, srv, tt.query)
			if !strings.Contains(body, tt.want) {
				t.Errorf("answer %s lacks %s", body, tt.want)
			}
			// graphql-go resolves a query's root fields in map order, so
			// the plans are compared as a multiset.
			if !slices.Equal(sortedPlans(g.slim), sortedPlans(tt.slim)) {
				t.Errorf("slim reads %v, want %v in any order", g.slim, tt.slim)
			}
		})
	}

	// An entity held slim whose other fields a resolver asks for anyway is
	// read whole: the fake always brings the nodes slim here, and the
	// relationships' ends are found among them.
	t.Run("partial entity read whole", func(t *testing.T) {
		g := &alwaysSlimGraph{slimGraph{fakeGraph: fakeGraph{entities: entities}}}
		srv, err := New(g, Config{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		body := postGraphQL(t, srv, `{ neighborhood(id: "qosmos") { relationships { from { id country description } to { id country } } } }`)
		for _, want := range []string{`"country":"FR"`, `"description":"French DPI vendor."`, `"country":"SY"`} {
			if !strings.Contains(body, want) {
				t.Errorf("answer %s lacks %s", body, want)
			}
		}
	})
}

// alwaysSlimGraph answers neighborhood slim whatever the plan, and brings
// the nodes along in Fetched.Slim instead of returning them.
type alwaysSlimGraph struct{ slimGraph }

func (g *alwaysSlimGraph) Neighborhood(ctx context.Context, id string, depth int, rf schema.RelFilter, maxNodes int, _ *schema.Fetch, into *schema.Fetched) (schema.Subgraph, error) {
	sg, err := g.slimGraph.Neighborhood(ctx, id, depth, rf, maxNodes, &schema.Fetch{Slim: true}, nil)
	into.Slim, sg.Nodes = append(into.Slim, sg.Nodes...), nil
	return sg, err
}

// TestPartialFollowsTheValue checks that the request knows an entity held
// slim as partial by its value: a whole read of the same id neither makes
// the value an earlier answer holds whole nor is replaced by a later slim
// read, and the partial value is read whole, in place, when a field needs it.
func TestPartialFollowsTheValue(t *testing.T) {
	whole := schema.Entity{ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos", "country": "FR",
		"description": "French DPI vendor."}}
	slim := schema.Entity{ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos", "country": "FR"}}
	g := &fakeGraph{entities: map[string]schema.Entity{"qosmos": whole}}
	r := newRequest(g, true)
	early := r.remember(true, slim)[0]
	held := r.remember(false, whole)[0]
	if later := r.remember(true, slim)[0]; later != held {
		t.Errorf("a slim read replaced the whole entity")
	}
	if !r.isPartial(early) || r.isPartial(held) {
		t.Fatalf("partial: early %v, held %v; want true, false", r.isPartial(early), r.isPartial(held))
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, r)
	v, err := propResolver("description")(graphql.ResolveParams{Context: ctx, Source: early})
	thunk, ok := v.(func() (any, error))
	if err != nil || !ok {
		t.Fatalf("description of a partial entity: %v, %T; want a thunk", err, v)
	}
	if got, err := thunk(); err != nil || got != "French DPI vendor." || r.isPartial(early) || g.calls != 1 {
		t.Errorf("completed: %v, %v, partial %v, %d reads; want the description, whole, 1 read", got, err, r.isPartial(early), g.calls)
	}
}

func sortedPlans(slim []bool) []bool {
	out := slices.Clone(slim)
	slices.SortFunc(out, func(a, b bool) int {
		if a == b {
			return 0
		}
		if !a {
			return -1
		}
		return 1
	})
	return out
}

// entityRootsGraph records whether the entity roots were asked to read slim.
type entityRootsGraph struct {
	fakeGraph
	slim []bool
}

func (g *entityRootsGraph) Search(ctx context.Context, q schema.Search, first int, fetch *schema.Fetch, _ *schema.Fetched) ([]schema.Entity, error) {
	g.slim = append(g.slim, fetch.IsSlim())
	return nil, nil
}

func (g *entityRootsGraph) Entities(ctx context.Context, ids []string, fetch *schema.Fetch, _ *schema.Fetched) ([]schema.Entity, error) {
	g.slim = append(g.slim, fetch.IsSlim())
	return nil, nil
}

func (g *entityRootsGraph) EntityPage(ctx context.Context, q schema.EntityQuery, fetch *schema.Fetch, _ *schema.Fetched) (schema.Page[schema.Entity], error) {
	g.slim = append(g.slim, fetch.IsSlim())
	return schema.Page[schema.Entity]{}, nil
}

// TestSlimEntityRoots checks which selections of search, entity and
// entities the planner reads slim.
func TestSlimEntityRoots(t *testing.T) {
	for _, tt := range []struct {
		query string
		slim  bool
	}{
		{`{ search(query: "q") { id kind name country __typename } }`, true},
		{`{ search(query: "q") { id description } }`, false},
		{`{ search(query: "q") { id citations { quote } } }`, false},
		{`{ entity(id: "q") { ... on Company { id name } } }`, true},
		{`{ entity(id: "q") { id relationships { totalCount } } }`, false},
		{`{ entities(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor node { id name } } } }`, true},
		{`{ entities(first: 5) { nodes { id aliases } } }`, false},
	} {
		g := &entityRootsGraph{}
		srv, err := New(g, Config{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		postGraphQL(t, srv, tt.query)
		if len(g.slim) != 1 || g.slim[0] != tt.slim {
			t.Errorf("%s: slim reads %v, want [%v]", tt.query, g.slim, tt.slim)
		}
	}
}

func postGraphQL(t *testing.T, srv *Server, q string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// endsGraph records how entity reads planned the ends of their
// relationship pages.
type endsGraph struct {
	fakeGraph
	plans []string
}

func (g *endsGraph) Entities(ctx context.Context, ids []string, fetch *schema.Fetch, _ *schema.Fetched) ([]schema.Entity, error) {
	plan := func(f *schema.EntityFetch) string {
		switch {
		case f == nil:
			return "unread"
		case f.Slim:
			return "slim"
		}
		return "whole"
	}
	for _, p := range fetch.EntityPlan().Pages {
		g.plans = append(g.plans, "from "+plan(p.Rel.From)+", to "+plan(p.Rel.To)+", product "+plan(p.Rel.Product))
	}
	return nil, nil
}

// TestSlimEnds checks which ends of an entity page's relationships the
// planner reads slim: those whose selection, merged over the document's
// fields and fragments, reads only ids, kinds, names and countries.
func TestSlimEnds(t *testing.T) {
	for _, tt := range []struct {
		name, query string
		want        []string
	}{
		{"names", `{ entity(id: "qosmos") { description relationships { nodes { from { id kind name } to { name country } product { name } } } } }`,
			[]string{"from slim, to slim, product slim"}},
		{"one end's description", `{ entity(id: "qosmos") { relationships { nodes { from { name } to { description } } } } }`,
			[]string{"from slim, to whole, product unread"}},
		{"merged with a fragment that reads more", `{ entity(id: "qosmos") { relationships { nodes { from { name } ...F } } } }
		  fragment F on Relationship { from { aliases } }`, []string{"from whole, to unread, product unread"}},
		{"an end's own relationships", `{ entity(id: "qosmos") { relationships { nodes { to { name relationships { totalCount } } } } } }`,
			[]string{"from unread, to whole, product unread"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := &endsGraph{}
			srv, err := New(g, Config{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			postGraphQL(t, srv, tt.query)
			if !slices.Equal(g.plans, tt.want) {
				t.Errorf("plans %q, want %q", g.plans, tt.want)
			}
		})
	}
}

// TestSlimClaims checks when a slim read may leave out the claims' details
// (summary, amount, currency, product): only when no relationship
// selection of the document's graph fields reads one.
func TestSlimClaims(t *testing.T) {
	entities := map[string]schema.Entity{
		"qosmos":           {ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos"}},
		"syria-government": {ID: "syria-government", Kind: schema.Government, Props: map[string]any{"name": "Syria"}},
	}
	for _, tt := range []struct {
		name, query string
		slimClaims  []bool
	}{
		{"ids, types, statuses, periods", `{ neighborhood(id: "qosmos") { relationships { id type status start end from { id } } } }`, []bool{true}},
		{"no relationships", `{ neighborhood(id: "qosmos") { nodes { id } } }`, []bool{true}},
		{"a summary", `{ neighborhood(id: "qosmos") { relationships { id summary } } }`, []bool{false}},
		{"an amount, through a fragment", `{ neighborhood(id: "qosmos") { relationships { ...R } } } fragment R on Relationship { amount currency }`, []bool{false}},
		{"a product's name", `{ neighborhood(id: "qosmos") { relationships { product { name } } } }`, []bool{false}},
		{"not slim at all", `{ neighborhood(id: "qosmos") { relationships { citations { quote } } } }`, []bool{false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := &slimGraph{fakeGraph: fakeGraph{entities: entities}}
			srv, err := New(g, Config{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			postGraphQL(t, srv, tt.query)
			if !slices.Equal(g.slimClaims, tt.slimClaims) {
				t.Errorf("slim claims %v, want %v", g.slimClaims, tt.slimClaims)
			}
		})
	}
}
