package graphdb_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
)

// query runs a read on the test Neo4j with the driver itself, to look at
// what graphdb's own reads do not show.
func query(t *testing.T, cypher string, params map[string]any) []*neo4j.Record {
	t.Helper()
	cfg, _ := neo4jtest.Config()
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatal(err)
	}
	return res.Records
}

func companiesNamed(prefix string, n int) []schema.Entity {
	out := make([]schema.Entity, n)
	for i := range out {
		out[i] = schema.Entity{ID: fmt.Sprintf("%s-%02d", prefix, i), Kind: schema.Company, Props: map[string]any{"name": fmt.Sprintf("%s %d", prefix, i)}}
	}
	return out
}

func partnerships(entities []schema.Entity) []schema.Relationship {
	var out []schema.Relationship
	for i := 1; i < len(entities); i++ {
		from, to := entities[i-1].ID, entities[i].ID
		out = append(out, schema.Relationship{ID: schema.RelationshipID(from, schema.PartneredWith, to, ""),
			Type: schema.PartneredWith, From: from, To: to, Status: schema.Reported})
	}
	return out
}

func idsOf[T any](list []T, id func(T) string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = id(v)
	}
	return out
}

// TestDeleteAbsentInBatches deletes across more rows than one batch holds,
// and only what the input owns and no longer keeps.
func TestDeleteAbsentInBatches(t *testing.T) {
	db := neo4jtest.Open(t)
	defer graphdb.SetDeleteBatch(7)()
	ctx := context.Background()
	mine, theirs := companiesNamed("mine", 40), companiesNamed("theirs", 5)
	mineRels, theirRels := partnerships(mine), partnerships(theirs)
	for input, g := range map[string]schema.Graph{"mine": {Entities: mine, Relationships: mineRels}, "theirs": {Entities: theirs, Relationships: theirRels}} {
		if _, err := db.UpsertEntities(ctx, input, schema.Company, g.Entities); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpsertRelationships(ctx, input, schema.PartneredWith, g.Relationships, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Keep the first 10 entities and the 9 relationships between them: 30
	// entities (5 batches) and 30 relationships go.
	keepE := idsOf(mine[:10], func(e schema.Entity) string { return e.ID })
	keepR := idsOf(mineRels[:9], func(r schema.Relationship) string { return r.ID })
	del, err := db.DeleteAbsent(ctx, "mine", keepE, keepR)
	if err != nil {
		t.Fatal(err)
	}
	if del.Entities[schema.Company] != 30 || len(del.Entities) != 1 {
		t.Errorf("deleted entities %v, want 30 companies", del.Entities)
	}
	if del.Relationships[schema.PartneredWith] != 30 || len(del.Relationships) != 1 {
		t.Errorf("deleted relationships %v, want 30 PARTNERED_WITH", del.Relationships)
	}
	left := map[string]int64{}
	for _, rec := range query(t, "MATCH (n:Entity) RETURN n.input AS input, count(*) AS n", nil) {
		left[rec.Values[0].(string)] = rec.Values[1].(int64)
	}
	if want := map[string]int64{"mine": 10, "theirs": 5}; !maps.Equal(left, want) {
		t.Errorf("entities left by input: %v, want %v", left, want)
	}
	var rels []string
	for _, rec := range query(t, "MATCH ()-[r]->() RETURN r.id AS id", nil) {
		rels = append(rels, rec.Values[0].(string))
	}
	slices.Sort(rels)
	want := append(slices.Clone(keepR), idsOf(theirRels, func(r schema.Relationship) string { return r.ID })...)
	slices.Sort(want)
	if !slices.Equal(rels, want) {
		t.Errorf("relationships left: %v, want %v", rels, want)
	}

	// Nothing absent: nothing deleted.
	del, err = db.DeleteAbsent(ctx, "mine", keepE, keepR)
	if err != nil {
		t.Fatal(err)
	}
	if len(del.Entities)+len(del.Relationships) != 0 {
		t.Errorf("a second delete removed %v %v", del.Entities, del.Relationships)
	}

	// Reset empties the graph in batches too.
	if err := db.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if n := query(t, "MATCH (n) RETURN count(n) AS n", nil)[0].Values[0].(int64); n != 0 {
		t.Errorf("%d nodes left after Reset", n)
	}
}

// TestKnownFromFollowsTheSources checks that an upsert sets a claim's
// knownFrom from the sources it cites, whether the caller gives their days or
// the upsert reads them from the graph, and that DeriveKnownFrom updates it
// when a source of another input changes, unless the caller says the claim
// was just written.
func TestKnownFromFollowsTheSources(t *testing.T) {
	for _, tt := range []struct {
		name             string
		sourcesKnownFrom map[string]time.Time
	}{
		{"read from the graph", nil},
		{"given by the caller", map[string]time.Time{"doc": time.Date(2015, 3, 31, 0, 0, 0, 0, time.UTC), "no-such-source": {}}},
		{"one given, one read", map[string]time.Time{"doc": time.Date(2015, 3, 31, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := neo4jtest.Open(t)
			ctx := context.Background()
			source := func(published schema.Date) []schema.Entity {
				return []schema.Entity{{ID: "doc", Kind: schema.Source, Props: map[string]any{
					"name": "A report", "sourceType": "REPORT", "publisher": "Someone", "publishedAt": published}}}
			}
			if _, err := db.UpsertEntities(ctx, "sources", schema.Source, source(schema.Date{Year: 2015, Month: 3})); err != nil {
				t.Fatal(err)
			}
			two := companiesNamed("co", 2)
			if _, err := db.UpsertEntities(ctx, "claims", schema.Company, two); err != nil {
				t.Fatal(err)
			}
			claim := partnerships(two)
			claim[0].Citations = []schema.Citation{{Source: "doc", Stance: schema.Supports}, {Source: "no-such-source", Stance: schema.Supports}}
			if _, err := db.UpsertRelationships(ctx, "claims", schema.PartneredWith, claim, tt.sourcesKnownFrom); err != nil {
				t.Fatal(err)
			}
			knownFrom := func() string {
				t.Helper()
				v := query(t, "MATCH ()-[r:PARTNERED_WITH]->() RETURN toString(r.knownFrom) AS k", nil)[0].Values[0]
				s, _ := v.(string)
				return s
			}
			if got := knownFrom(); got != "2015-03-31" {
				t.Errorf("after the upsert: knownFrom %q, want 2015-03-31", got)
			}
			if _, err := db.UpsertEntities(ctx, "sources", schema.Source, source(schema.Date{Year: 2012, Month: 1, Day: 9})); err != nil {
				t.Fatal(err)
			}
			if err := db.DeriveKnownFrom(ctx, len(claim)); err != nil {
				t.Fatal(err)
			}
			if got := knownFrom(); got != "2015-03-31" {
				t.Errorf("derived although the caller had just written every claim: knownFrom %q, want 2015-03-31 left as it was", got)
			}
			if err := db.DeriveKnownFrom(ctx, 0); err != nil {
				t.Fatal(err)
			}
			if got := knownFrom(); got != "2012-01-09" {
				t.Errorf("after the source changed: knownFrom %q, want 2012-01-09", got)
			}
			claim[0].Citations[0].Stance = schema.Disputes
			if _, err := db.UpsertRelationships(ctx, "claims", schema.PartneredWith, claim, tt.sourcesKnownFrom); err != nil {
				t.Fatal(err)
			}
			if got := knownFrom(); got != "" {
				t.Errorf("with no supporting source in the graph: knownFrom %q, want none", got)
			}
		})
	}
}

// TestRelationshipMovesItsEnd rewrites a relationship whose id stays while
// an end changes, as when a correction merges an imported recipient into a
// curated one: the claim is moved, not refused as a second one of that id.
func TestRelationshipMovesItsEnd(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	companies := companiesNamed("moved", 3)
	if _, err := db.UpsertEntities(ctx, "seed", schema.Company, companies); err != nil {
		t.Fatal(err)
	}
	rel := schema.Relationship{ID: "moved.partnered", Type: schema.PartneredWith, From: companies[0].ID, To: companies[1].ID, Status: schema.Reported}
	if _, err := db.UpsertRelationships(ctx, "seed", schema.PartneredWith, []schema.Relationship{rel}, nil); err != nil {
		t.Fatal(err)
	}
	rel.To = companies[2].ID
	if _, err := db.UpsertRelationships(ctx, "imports", schema.PartneredWith, []schema.Relationship{rel}, nil); err != nil {
		t.Fatalf("moving the relationship's end: %v", err)
	}
	recs := query(t, "MATCH (a)-[r:PARTNERED_WITH {id: $id}]->(b) RETURN a.id, b.id, r.input", map[string]any{"id": rel.ID})
	if len(recs) != 1 || recs[0].Values[1] != companies[2].ID || recs[0].Values[2] != "imports" {
		t.Errorf("after the move: %v, want one relationship to %s owned by imports", recs, companies[2].ID)
	}
}
