package main

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// ownNeo4j prepares a test that starts a Neo4j of its own: it skips unless
// SURVGRAPH_LOCALNEO4J_TEST=1 (make test sets it), and returns the project
// folder and a free loopback address for Bolt.
func ownNeo4j(t *testing.T) (project, bolt string) {
	t.Helper()
	if testing.Short() || os.Getenv("SURVGRAPH_LOCALNEO4J_TEST") != "1" {
		t.Skip("starts and stops a Neo4j of its own: set SURVGRAPH_LOCALNEO4J_TEST=1")
	}
	project = os.Getenv("SURVGRAPH_PROJECT_DIR")
	if project == "" {
		project = filepath.Join("..", "..")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return project, ln.Addr().String()
}
