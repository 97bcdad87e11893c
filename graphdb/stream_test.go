package graphdb_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// TestStreamReadsWhatAllReads: the page-by-page whole-graph reads give the
// entities and relationships All gives, in the same order, across page
// boundaries and relationship types.
func TestStreamReadsWhatAllReads(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, seed.Input, validSeed(t))
	restore := graphdb.SetStreamPage(7)
	defer restore()
	all, err := db.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got schema.Graph
	if err := db.EachEntity(ctx, func(e schema.Entity) error { got.Entities = append(got.Entities, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.EachRelationship(ctx, func(r schema.Relationship) error {
		got.Relationships = append(got.Relationships, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != len(all.Entities) || len(got.Relationships) != len(all.Relationships) {
		t.Fatalf("streamed %d entities and %d relationships; All reads %d and %d",
			len(got.Entities), len(got.Relationships), len(all.Entities), len(all.Relationships))
	}
	for i := range all.Entities {
		if !reflect.DeepEqual(got.Entities[i], all.Entities[i]) {
			t.Fatalf("entity %d: streamed %s, All has %s", i, got.Entities[i].ID, all.Entities[i].ID)
		}
	}
	for i := range all.Relationships {
		if !reflect.DeepEqual(got.Relationships[i], all.Relationships[i]) {
			t.Fatalf("relationship %d: streamed %s, All has %s", i, got.Relationships[i].ID, all.Relationships[i].ID)
		}
	}
}
