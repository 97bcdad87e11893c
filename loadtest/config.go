package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type config struct {
	base       string // http://127.0.0.1:PORT
	clients    int
	duration   time.Duration
	timeout    time.Duration
	pid        int
	neo4jPID   int
	entities   int
	seed       uint64
	out        string
	command    string
	neo4j      string
	graph      string
	serverLog  string
	pprof      string
	calibrate  int
	failOnErrs bool
	profile    string // "direct" or "public" (public.go)
	metrics    string // base URL of /metrics, when not the server's own
}

// errFailed is a run that went through but failed its verdict.
var errFailed = errors.New("FAILED: see the verdict in the report")

// run is the whole program, minus process setup, so tests can call it: it
// runs the load, prints the report and writes it to -out.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := findProcesses(&cfg); err != nil {
		return err
	}
	rep, err := newLoadTest(cfg, stderr).run(ctx)
	if err != nil {
		return err
	}
	text := rep.markdown()
	fmt.Fprint(stdout, text)
	if cfg.out != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(cfg.out, []byte(text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "loadtest: wrote %s\n", cfg.out)
	}
	if cfg.failOnErrs && !rep.passed() {
		return errFailed
	}
	return nil
}

// parseFlags reads the command line and checks it: every URL must be on a
// loopback address.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fl := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&cfg.base, "url", "", "the server's base URL on a loopback address, such as http://127.0.0.1:8080 (required)")
	fl.IntVar(&cfg.clients, "clients", 50, "concurrent clients")
	fl.DurationVar(&cfg.duration, "duration", 10*time.Minute, "how long to send requests")
	fl.DurationVar(&cfg.timeout, "timeout", 15*time.Second, "client timeout per request (the server's own deadline is 10 s)")
	fl.IntVar(&cfg.pid, "pid", 0, "the server's process id (default: the process listening on the URL's port)")
	fl.IntVar(&cfg.neo4jPID, "neo4j-pid", 0, "Neo4j's process id, to report its CPU and memory (default: the process listening on -neo4j's port, when that is a loopback bolt:// address)")
	fl.IntVar(&cfg.entities, "entities", 100000, "entities of the synthetic graph, to derive its ids (survgraph synthetic -entities)")
	fl.Uint64Var(&cfg.seed, "seed", 1, "random seed of the query mix")
	fl.StringVar(&cfg.out, "out", "", "also write the Markdown report to this file")
	fl.StringVar(&cfg.command, "command", "", "the command line to print in the report (default: this program's)")
	fl.StringVar(&cfg.neo4j, "neo4j", "", "the Neo4j the server uses, for the report only")
	fl.StringVar(&cfg.graph, "graph", "", "a description of the graph for the report, such as the output of survgraph checksum")
	fl.StringVar(&cfg.serverLog, "server-log", "", "the server's log file, to count its WARN and ERROR lines")
	fl.StringVar(&cfg.pprof, "pprof", "", "base URL of the server's net/http/pprof, if it has one, to count goroutines")
	fl.IntVar(&cfg.calibrate, "calibrate", 3, "requests per kind sent one at a time before the load, to measure Neo4j transactions per request of each kind (0: skip)")
	fl.StringVar(&cfg.profile, "profile", "direct", "direct: closed-loop POSTs to the server; public: readers with think time sending GETs through a caching proxy at -url, 80% of them popular requests (loadtest/public.go)")
	fl.StringVar(&cfg.metrics, "metrics", "", "base URL of the server's /metrics when it is not at -url (an admin listener)")
	fl.BoolVar(&cfg.failOnErrs, "fail", true, "exit with status 1 when the run saw a 5xx, a transport error or an error other than the deliberate LIMIT_EXCEEDED")
	if err := fl.Parse(args); err != nil {
		return cfg, err
	}
	if cfg.base == "" {
		return cfg, errors.New("-url is required")
	}
	if cfg.metrics == "" {
		cfg.metrics = cfg.base
	}
	for _, u := range []*string{&cfg.base, &cfg.metrics, &cfg.pprof} {
		*u = strings.TrimRight(*u, "/")
		if err := loopbackOnly(*u); *u != "" && err != nil {
			return cfg, err
		}
	}
	if cfg.profile != "direct" && cfg.profile != "public" {
		return cfg, fmt.Errorf("-profile %q: use direct or public", cfg.profile)
	}
	if cfg.clients < 1 || cfg.duration <= 0 || cfg.timeout <= 0 {
		return cfg, errors.New("-clients, -duration and -timeout must be positive")
	}
	if cfg.command == "" {
		cfg.command = strings.Join(append([]string{"loadtest"}, args...), " ")
	}
	return cfg, nil
}

// findProcesses finds the server's process and, when -neo4j is a loopback
// bolt:// address, Neo4j's, unless they were given.
func findProcesses(cfg *config) error {
	if cfg.pid == 0 {
		pid, err := findListener(cfg.base)
		if err != nil {
			return fmt.Errorf("finding the server's process (pass -pid): %w", err)
		}
		cfg.pid = pid
	}
	if _, err := readProc(cfg.pid); err != nil {
		return fmt.Errorf("server process %d: %w", cfg.pid, err)
	}
	if cfg.neo4jPID == 0 && cfg.neo4j != "" {
		if u, err := url.Parse(cfg.neo4j); err == nil && u.Scheme == "bolt" && loopbackOnly("http://"+u.Host) == nil {
			cfg.neo4jPID, _ = findListener("http://" + u.Host)
		}
	}
	return nil
}

// loopbackOnly refuses any URL whose host is not a loopback address: the load
// test must never send its traffic anywhere else.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", raw, err)
	}
	if u.Scheme != "http" {
		return fmt.Errorf("%s: only http:// on a loopback address is supported", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s: %q is not a loopback address; the load test only talks to 127.0.0.0/8, ::1 or localhost", raw, host)
	}
	return nil
}
