package graphdb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
)

// TestTransactionMemoryIsBounded: the project's Neo4j gives each
// transaction a share of the pool; a statement over it is refused at once
// as a limit (not retried, not a 5xx), and the bound on transactions at
// once is lowered to what the pool fits.
func TestTransactionMemoryIsBounded(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	m, err := db.ReadTxMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("transaction memory: %d per transaction, %d in all; %d fit", m.PerTransaction, m.Total, m.Fits())
	if m.PerTransaction <= 0 || m.Total <= 0 {
		t.Fatalf("the test Neo4j sets no transaction memory bounds (%+v): start it with survgraph neo4j start", m)
	}
	began := time.Now()
	// A list of short strings costs Neo4j well over 16 bytes an item.
	_, err = db.ReadRows(ctx, "UNWIND range(1, $n) AS x WITH collect(toString(x)) AS l RETURN size(l)",
		map[string]any{"n": m.PerTransaction / 16})
	if schema.KindOf(err) != schema.ErrLimit {
		t.Fatalf("a statement over its share: %v (%s); want a limit error", err, schema.KindOf(err))
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("refused after %s: retried as if the pool were only busy", took)
	}

	cfg, _ := neo4jtest.Config()
	cfg.MaxConcurrent = m.Fits() + 10
	big, err := graphdb.Open(ctx, cfg, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer big.Close(ctx)
	if big.Slots() != m.Fits() {
		t.Errorf("asked for %d transactions at once, got %d; the pool fits %d", cfg.MaxConcurrent, big.Slots(), m.Fits())
	}
}

// TestRoutingAndReadYourWrites opens the test Neo4j through neo4j://, as
// a cluster or Aura is reached: reads go through read sessions (which
// refuse writes, as a follower would), and a read after a write through
// another session sees it, because every session shares one bookmark
// manager.
func TestRoutingAndReadYourWrites(t *testing.T) {
	neo4jtest.Open(t)
	ctx := context.Background()
	cfg, _ := neo4jtest.Config()
	cfg.URI = "neo4j://" + strings.TrimPrefix(strings.TrimPrefix(cfg.URI, "bolt://"), "neo4j://")
	db, err := graphdb.Open(ctx, cfg, neo4jtest.Logger(t))
	if err != nil {
		t.Fatalf("opening %s: %v", cfg.URI, err)
	}
	defer db.Close(ctx)
	if _, err := db.ReadRows(ctx, "CREATE (:RoutingProbe) RETURN 1", nil); err == nil {
		t.Error("a write ran in a read transaction: reads would not be routed to followers")
	}
	before, _ := db.Bookmarks().GetBookmarks(ctx)
	if err := db.WriteRows(ctx, "CREATE (:RoutingProbe {at: $at}) RETURN 1", map[string]any{"at": "x"}); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Bookmarks().GetBookmarks(ctx)
	if strings.Join(after, ",") == strings.Join(before, ",") || len(after) == 0 {
		t.Errorf("the write left no new bookmark (%v, then %v): later reads would not wait for it", before, after)
	}
	rows, err := db.ReadRows(ctx, "MATCH (p:RoutingProbe) RETURN count(p)", nil)
	if err != nil || len(rows) != 1 || rows[0][0] != int64(1) {
		t.Errorf("the read after the write: %v %v", rows, err)
	}
	if err := db.WriteRows(ctx, "MATCH (p:RoutingProbe) DELETE p RETURN 1", nil); err != nil {
		t.Fatal(err)
	}
}

// TestGenerationFollowsWrites: a load changes the generation this process
// reports at once, and one made through another connection within a poll.
func TestGenerationFollowsWrites(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go db.WatchGeneration(ctx, 100*time.Millisecond)
	company := func(name string) schema.Graph {
		return schema.Graph{Entities: []schema.Entity{{ID: "acme", Kind: schema.Company, Props: map[string]any{"name": name}}}}
	}
	load(t, db, "a", company("Acme"))
	first := db.Generation()
	if first == "" {
		t.Fatal("no generation after a load")
	}
	cfg, _ := neo4jtest.Config()
	other, err := graphdb.Open(ctx, cfg, neo4jtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	load(t, other, "a", company("Acme Renamed"))
	if other.Generation() == first {
		t.Fatal("the writing process kept its old generation")
	}
	deadline := time.Now().Add(5 * time.Second)
	for db.Generation() != other.Generation() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if db.Generation() != other.Generation() {
		t.Errorf("the watching process still has %q; the graph is at %q", db.Generation(), other.Generation())
	}
}
