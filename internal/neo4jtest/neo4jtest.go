// Package neo4jtest connects integration tests to a real Neo4j.
//
// Tests use their own server, named by SURVGRAPH_TEST_NEO4J_URI (with
// SURVGRAPH_TEST_NEO4J_USERNAME, _PASSWORD and _DATABASE), never NEO4J_URI:
// they wipe the database, and must not wipe anyone's data by accident.
// 'make test' starts the project's test Neo4j on 127.0.0.1:7688 and sets the
// variable. Without it tests skip, unless SURVGRAPH_REQUIRE_NEO4J=1, which CI
// sets so that integration tests can never skip silently.
package neo4jtest

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/survgraph/survgraph/graphdb"
)

// Config returns the test server's connection settings, and whether one is
// configured.
func Config() (graphdb.Config, bool) {
	cfg := graphdb.Config{
		URI:      os.Getenv("SURVGRAPH_TEST_NEO4J_URI"),
		Username: os.Getenv("SURVGRAPH_TEST_NEO4J_USERNAME"),
		Password: os.Getenv("SURVGRAPH_TEST_NEO4J_PASSWORD"),
		Database: os.Getenv("SURVGRAPH_TEST_NEO4J_DATABASE"),
	}
	return cfg, cfg.URI != ""
}

// Open connects to the test Neo4j and empties it. It skips the test when no
// test server is configured, or fails it when SURVGRAPH_REQUIRE_NEO4J=1.
func Open(t testing.TB) *graphdb.DB {
	t.Helper()
	cfg, ok := Config()
	if !ok {
		if os.Getenv("SURVGRAPH_REQUIRE_NEO4J") == "1" {
			t.Fatal("SURVGRAPH_REQUIRE_NEO4J=1 but SURVGRAPH_TEST_NEO4J_URI is not set")
		}
		t.Skip("no test Neo4j: set SURVGRAPH_TEST_NEO4J_URI, or run 'make test'")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := graphdb.Open(ctx, cfg, Logger(t))
	if err != nil {
		t.Fatalf("connecting to the test Neo4j at %s: %v", cfg.URI, err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	if err := db.Reset(ctx); err != nil {
		t.Fatalf("emptying the test Neo4j: %v", err)
	}
	return db
}

// Logger sends log lines through t.Log, so they show only for failed tests.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
