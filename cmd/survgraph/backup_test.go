package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRoundTrip runs the backup commands of docs/deploy.md on a
// Neo4j of its own: a dump of the loaded graph, a change, and a restore of
// the dump give back the graph as dumped, by its checksum.
func TestBackupRoundTrip(t *testing.T) {
	project, bolt := ownNeo4j(t)
	data, backups := filepath.Join(t.TempDir(), "neo4j"), filepath.Join(t.TempDir(), "backups")
	env := map[string]string{"NEO4J_URI": "bolt://" + bolt, "SURVGRAPH_PROJECT_DIR": project}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	cmd := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, getenv, &out, io.Discard); err != nil {
			t.Fatalf("survgraph %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	neo4j := func(action string, more ...string) {
		t.Helper()
		cmd(append([]string{"neo4j", action, "-data", data, "-bolt", bolt, "-heap", "512m", "-pagecache", "128m"}, more...)...)
	}
	neo4j("start")
	t.Cleanup(func() {
		run(context.Background(), []string{"neo4j", "stop", "-data", data, "-bolt", bolt}, getenv, io.Discard, io.Discard)
	})
	cmd("load", "-datasets", "none")
	dumped := cmd("checksum")

	neo4j("stop")
	neo4j("dump", "-dir", backups)
	neo4j("start")
	cmd("synthetic", "-entities", "200", "-relationships", "400")
	if changed := cmd("checksum"); changed == dumped {
		t.Fatal("the change did not change the checksum; the test would prove nothing")
	}
	neo4j("stop")
	neo4j("restore", "-dir", backups)
	neo4j("start")
	if restored := cmd("checksum"); restored != dumped {
		t.Errorf("after the restore: %s; dumped: %s", strings.TrimSpace(restored), strings.TrimSpace(dumped))
	}
}
