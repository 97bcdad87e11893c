package graphdb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// expectedNeighborhood is the neighbourhood of id worked out in memory from
// the whole graph, by the rule Neighborhood documents: ring by ring from the
// entities first reached by the ring before, at most maxNodes*10
// relationships per ring in relationship id order, adding entities until
// maxNodes. It returns the node ids in the order they were added, the
// relationship ids, and whether the cap was hit.
func expectedNeighborhood(g schema.Graph, id string, depth int, f schema.RelFilter, maxNodes int) (nodes, rels []string, truncated bool) {
	incident := map[string][]schema.Relationship{}
	for _, r := range g.Relationships {
		if len(f.Types) > 0 && !slices.Contains(f.Types, r.Type) || !f.InForce(r.Period) {
			continue
		}
		incident[r.From] = append(incident[r.From], r)
		if r.To != r.From {
			incident[r.To] = append(incident[r.To], r)
		}
	}
	type pair struct{ rel, m string }
	seenNode, seenRel := map[string]bool{id: true}, map[string]bool{}
	nodes, frontier := []string{id}, []string{id}
	for d := 0; d < depth && len(frontier) > 0 && !truncated; d++ {
		var ring []pair
		distinct := map[pair]bool{}
		for _, n := range frontier {
			for _, r := range incident[n] {
				m := r.To
				if m == n {
					m = r.From
				}
				if p := (pair{r.ID, m}); !distinct[p] {
					distinct[p] = true
					ring = append(ring, p)
				}
			}
		}
		slices.SortStableFunc(ring, func(a, b pair) int { return strings.Compare(a.rel, b.rel) })
		ring = ring[:min(len(ring), maxNodes*10)]
		var next []string
		for _, p := range ring {
			if !seenNode[p.m] {
				if len(nodes) >= maxNodes {
					truncated = true
					continue
				}
				seenNode[p.m] = true
				nodes = append(nodes, p.m)
				next = append(next, p.m)
			}
			if !seenRel[p.rel] {
				seenRel[p.rel] = true
				rels = append(rels, p.rel)
			}
		}
		frontier = next
	}
	return nodes, rels, truncated
}

// seededGraph loads the seed into the test Neo4j and returns the graph as
// read back whole, for tests to work answers out in memory.
func seededGraph(t *testing.T) (*graphdb.DB, schema.Graph) {
	t.Helper()
	db := neo4jtest.Open(t)
	load(t, db, seed.Input, validSeed(t))
	g, err := db.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return db, g
}

// datesInTheSeed are days on which some of the seed's claims held and others
// did not: Qosmos and Amesys were selling in 2011, and a later day leaves
// out what had ended.
var datesInTheSeed = []time.Time{
	time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
}

// TestNeighborhoodFollowsItsRule checks Neighborhood's one statement against
// the rule worked out in memory, for every entity of the seed at depth 2 and
// for the best-connected entities at every depth, under node caps that cut
// rings short, with a type filter and as of a day.
func TestNeighborhoodFollowsItsRule(t *testing.T) {
	db, g := seededGraph(t)
	ctx := context.Background()
	degree := map[string]int{}
	for _, r := range g.Relationships {
		degree[r.From]++
		degree[r.To]++
	}
	type ask struct {
		id       string
		depth    int
		filter   schema.RelFilter
		maxNodes int
	}
	var asks []ask
	for _, e := range g.Entities {
		asks = append(asks, ask{e.ID, 2, schema.RelFilter{}, 500})
	}
	hubs := slices.SortedFunc(func(yield func(string) bool) {
		for id := range degree {
			if !yield(id) {
				return
			}
		}
	}, func(a, b string) int { return degree[b] - degree[a] })[:3]
	for _, id := range hubs {
		for depth := 1; depth <= 3; depth++ {
			for _, maxNodes := range []int{2, 7, 30, 500} {
				asks = append(asks, ask{id, depth, schema.RelFilter{}, maxNodes})
				asks = append(asks, ask{id, depth, schema.RelFilter{Types: []schema.RelType{schema.Supplied, schema.Targets}}, maxNodes})
			}
		}
		for _, day := range datesInTheSeed {
			asks = append(asks, ask{id, 2, schema.RelFilter{AsOf: &day}, 500})
		}
	}
	var truncatedAsks int
	for _, a := range asks {
		name := fmt.Sprintf("%s depth %d types %v as of %v cap %d", a.id, a.depth, a.filter.Types, a.filter.AsOf, a.maxNodes)
		wantNodes, wantRels, wantTruncated := expectedNeighborhood(g, a.id, a.depth, a.filter, a.maxNodes)
		sg, err := db.Neighborhood(ctx, a.id, a.depth, a.filter, a.maxNodes, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var gotNodes, gotRels []string
		for _, n := range sg.Nodes {
			gotNodes = append(gotNodes, n.ID)
		}
		for _, r := range sg.Relationships {
			gotRels = append(gotRels, r.ID)
		}
		if !slices.Equal(gotNodes, wantNodes) || !slices.Equal(gotRels, wantRels) || sg.Truncated != wantTruncated {
			t.Errorf("%s:\n got nodes %v\n     rels %v truncated %v\nwant nodes %v\n     rels %v truncated %v",
				name, gotNodes, gotRels, sg.Truncated, wantNodes, wantRels, wantTruncated)
		}
		if wantTruncated {
			truncatedAsks++
		}
	}
	if truncatedAsks == 0 {
		t.Error("no case hit the node cap; the caps no longer test truncation")
	}
}

// TestGraphReadsKeepToTheDay checks that paths and supply chains read as of
// a day follow only claims whose period may contain it, and that the
// unfiltered answers hold claims that did not, so that the check bites.
func TestGraphReadsKeepToTheDay(t *testing.T) {
	db, g := seededGraph(t)
	ctx := context.Background()
	period := map[string]schema.Period{}
	for _, r := range g.Relationships {
		period[r.ID] = r.Period
	}
	read := func(f schema.RelFilter) []schema.Path {
		paths, err := db.Paths(ctx, "qosmos", "syria-government", 4, f, 20, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		chains, err := db.SupplyChains(ctx, "syria-government", true, 3, schema.ChainFilter{RelFilter: f}, 20, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return append(paths, chains...)
	}
	unfiltered := read(schema.RelFilter{})
	for _, day := range datesInTheSeed {
		filtered := read(schema.RelFilter{AsOf: &day})
		if len(filtered) == 0 {
			t.Errorf("as of %s: no path and no chain; pick a day when the seed's claims held", day.Format(time.DateOnly))
		}
		for _, p := range filtered {
			for _, r := range p.Relationships {
				if !(schema.RelFilter{AsOf: &day}).InForce(period[r.ID]) {
					t.Errorf("as of %s: %s (%v) did not hold that day", day.Format(time.DateOnly), r.ID, period[r.ID])
				}
			}
		}
		bites := false
		for _, p := range unfiltered {
			for _, r := range p.Relationships {
				bites = bites || !(schema.RelFilter{AsOf: &day}).InForce(period[r.ID])
			}
		}
		if !bites {
			t.Errorf("as of %s: every claim of the unfiltered answers held that day; the check does not bite", day.Format(time.DateOnly))
		}
	}
}

// TestNeighborhoodRingsStartFromNewEntitiesOnly builds a graph where it
// matters that a ring expands only the entities the ring before reached
// first. Root r has 40 claims with a; a has one with c, and z one with c,
// whose id sorts after all of r's. With a cap of 4 (40 relationships per
// ring), ring 3 from c reaches z; were it to expand r again, r's 40
// claims would fill the ring before z's.
func TestNeighborhoodRingsStartFromNewEntitiesOnly(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": baseFixture}))
	var g schema.Graph
	for _, id := range []string{"r", "a", "c", "z"} {
		g.Entities = append(g.Entities, schema.Entity{ID: id, Kind: schema.Company, Props: map[string]any{"name": strings.ToUpper(id)}})
	}
	cites := []schema.Citation{{Source: "doc", Stance: schema.Supports}}
	claim := func(id, from, to string) schema.Relationship {
		return schema.Relationship{ID: id, Type: schema.PartneredWith, From: from, To: to, Status: schema.Reported, Citations: cites}
	}
	for i := 1; i <= 40; i++ {
		g.Relationships = append(g.Relationships, claim(fmt.Sprintf("r.partnered-with.a.k%02d", i), "r", "a"))
	}
	g.Relationships = append(g.Relationships, claim("a.partnered-with.c", "a", "c"), claim("z.partnered-with.c", "z", "c"))
	if _, err := db.UpsertEntities(ctx, "rings", schema.Company, g.Entities); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertRelationships(ctx, "rings", schema.PartneredWith, g.Relationships, nil); err != nil {
		t.Fatal(err)
	}
	wantNodes, _, wantTruncated := expectedNeighborhood(g, "r", 3, schema.RelFilter{}, 4)
	if !slices.Equal(wantNodes, []string{"r", "a", "c", "z"}) || wantTruncated {
		t.Fatalf("the fixture no longer makes the point: the rule reaches %v (truncated %v)", wantNodes, wantTruncated)
	}
	sg, err := db.Neighborhood(ctx, "r", 3, schema.RelFilter{}, 4, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range sg.Nodes {
		got = append(got, n.ID)
	}
	if !slices.Equal(got, wantNodes) || sg.Truncated {
		t.Errorf("nodes %v (truncated %v), want %v", got, sg.Truncated, wantNodes)
	}
}
