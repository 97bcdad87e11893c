package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/localneo4j"
)

// TestNeo4jOutage stops the real Neo4j while the API serves, and starts it
// again: meanwhile /readyz says not ready and queries get UNAVAILABLE with
// HTTP 503; afterwards the API recovers without a restart. It runs its own
// Neo4j, so it is slow, and runs when SURVGRAPH_LOCALNEO4J_TEST=1 (as in CI).
func TestNeo4jOutage(t *testing.T) {
	project, bolt := ownNeo4j(t)
	cfg := localneo4j.Config{ProjectDir: project, DataDir: t.TempDir(), BoltAddr: bolt, Heap: "512m", PageCache: "128m"}
	ctx := context.Background()
	log := neo4jtest.Logger(t)
	if err := localneo4j.Start(ctx, cfg, log, io.Discard); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { localneo4j.Stop(context.Background(), cfg, log) })

	env := map[string]string{"NEO4J_URI": "bolt://" + bolt}
	getenv := func(k string) string { return env[k] }
	if err := run(ctx, []string{"load", "-datasets", "none"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	url := serve(t, getenv)
	base := strings.TrimSuffix(url, "/graphql")
	query := `{"query": "{ search(query: \"qosmos\") { id } }"}`
	ask := func() (int, string) {
		resp, err := http.Post(url, "application/json", strings.NewReader(query))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	ready := func() int {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code, body := ask(); code != 200 || !strings.Contains(body, `"qosmos"`) {
		t.Fatalf("before the outage: %d %s", code, body)
	}

	if err := localneo4j.Stop(ctx, cfg, log); err != nil {
		t.Fatal(err)
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}
	began := time.Now()
	code, body := ask()
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"UNAVAILABLE"`) {
		t.Errorf("a query during the outage: %d %s; want 503 with UNAVAILABLE", code, body)
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("the failing query took %s; it should fail within the request deadline", took)
	}
	if strings.Contains(body, "dial tcp") || strings.Contains(body, "Neo4j") {
		t.Errorf("the error leaks driver details: %s", body)
	}

	if err := localneo4j.Start(ctx, cfg, log, io.Discard); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for ready() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover within 60s of Neo4j's return")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if code, body := ask(); code != 200 || !strings.Contains(body, `"qosmos"`) {
		t.Errorf("after the outage, without a restart: %d %s", code, body)
	}
}
