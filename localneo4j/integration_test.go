package localneo4j

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestIntegrationStartStop builds the Maven project if needed (about a
// minute and ~120 MB of downloads the first time), starts a real Neo4j in a
// temporary data dir on a free loopback port, checks it, restarts it on the
// same data, and stops it. It is slow, so it runs only with
// SURVGRAPH_LOCALNEO4J_TEST=1 and not with -short.
func TestIntegrationStartStop(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: starts a real Neo4j")
	}
	if os.Getenv("SURVGRAPH_LOCALNEO4J_TEST") != "1" {
		t.Skip("set SURVGRAPH_LOCALNEO4J_TEST=1 to build and start a real Neo4j")
	}
	projectDir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cfg := Config{
		ProjectDir:   projectDir,
		DataDir:      filepath.Join(t.TempDir(), "neo4j"),
		BoltAddr:     addr,
		Heap:         "512m",
		PageCache:    "128m",
		StartTimeout: 3 * time.Minute,
	}
	log := slog.New(slog.NewTextHandler(testWriter{t}, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	t.Cleanup(func() {
		if err := Stop(context.Background(), cfg, log); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})

	var progress bytes.Buffer
	t0 := time.Now()
	if err := Start(ctx, cfg, log, &progress); err != nil {
		t.Fatalf("Start: %v\nprogress:\n%s", err, progress.String())
	}
	t.Logf("first Start took %s; progress:\n%s", time.Since(t0).Round(time.Millisecond), progress.String())

	st, err := Status(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Running || !st.BoltAnswering || st.PID == 0 || st.BoltAddr != addr {
		t.Fatalf("status after Start = %+v", st)
	}
	t.Logf("status: %+v", st)
	if err := WaitForBolt(ctx, addr, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{st.PIDFile, st.LogFile, filepath.Join(cfg.DataDir, "logs", "debug.log")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}

	// Idempotent: a second Start finds it running.
	t1 := time.Now()
	if err := Start(ctx, cfg, log, nil); err != nil {
		t.Fatalf("second Start: %v", err)
	}
	if d := time.Since(t1); d > 10*time.Second {
		t.Fatalf("second Start took %s; it should notice the running server", d)
	}
	if st2, _ := Status(ctx, cfg); st2.PID != st.PID {
		t.Fatalf("second Start replaced pid %d with %d", st.PID, st2.PID)
	}

	// Another data dir cannot take the same port.
	other := cfg
	other.DataDir = filepath.Join(t.TempDir(), "other")
	if err := Start(ctx, other, log, nil); err == nil {
		t.Fatal("Start for another data dir on a taken port succeeded")
	} else {
		t.Logf("second data dir on the same port refused as expected: %v", err)
	}

	stopAndCheck := func(pid int) {
		t.Helper()
		t2 := time.Now()
		if err := Stop(ctx, cfg, log); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		t.Logf("Stop took %s", time.Since(t2).Round(time.Millisecond))
		if alive, _ := procState(pid, cfg.DataDir); alive {
			t.Fatalf("pid %d still alive after Stop", pid)
		}
		st, err := Status(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if st.Running || st.BoltAnswering || st.PID != 0 || st.StalePIDFile {
			t.Fatalf("status after Stop = %+v", st)
		}
		if _, err := os.Stat(st.PIDFile); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("pid file left after Stop: %v", err)
		}
	}
	stopAndCheck(st.PID)

	// Restart on the same data dir: the store must be reused, not recreated.
	if err := Start(ctx, cfg, log, nil); err != nil {
		t.Fatalf("restart: %v", err)
	}
	st3, err := Status(ctx, cfg)
	if err != nil || !st3.Running || !st3.BoltAnswering {
		t.Fatalf("status after restart = %+v, %v", st3, err)
	}
	logText, err := os.ReadFile(cfg.logFile())
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`DatabaseManagementServiceFactory\] id: ([0-9A-F]+)`).FindAllSubmatch(logText, -1)
	if len(ids) != 2 || !bytes.Equal(ids[0][1], ids[1][1]) {
		t.Fatalf("want the same store id logged by both starts, got %q", ids)
	}
	if got := len(regexp.MustCompile(`survgraph-neo4j: stopped cleanly`).FindAll(logText, -1)); got != 1 {
		t.Fatalf("want one clean shutdown logged, got %d", got)
	}
	stopAndCheck(st3.PID)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}
