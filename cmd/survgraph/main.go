// Command survgraph validates and loads the surveillance-trade graph into
// Neo4j, serves its GraphQL API, and starts a local Neo4j when none is
// configured. Run "survgraph help" for the commands.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/survgraph/survgraph/api"
	"github.com/survgraph/survgraph/datareport"
	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/localneo4j"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
	"github.com/survgraph/survgraph/synthetic"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "survgraph:", err)
		os.Exit(1)
	}
}

const usage = `survgraph: a knowledge graph of the surveillance-technology trade.

Commands:
  validate [-dir DIR]             check the seed (or the YAML files under DIR) without touching Neo4j
  load [-dir DIR] [-input NAME]   validate, then load into Neo4j
  serve [-addr ADDR] [-load] [-public]  serve the GraphQL API (and GraphiQL); -load loads the seed first;
                                  -public is the production profile (docs/deploy.md)
  neo4j start|stop|status         run the project's own Neo4j 5.26 on 127.0.0.1
  neo4j dump|restore -dir DIR     copy the stopped project's Neo4j to or from DIR/neo4j.dump (neo4j-admin)
  export -format F [-out FILE] [-from-seed]   the whole graph as graphml, gexf, csv (zip), cytoscape or ftm
  checksum                        print the graph's counts and content checksum (for fault tests)
  stats [-markdown FILE]          the data report: counts, sources per claim, cases, dataset licences
  synthetic [-entities N] [-relationships M]  load a reproducible synthetic graph (input "synthetic")
  import ftm|table ... FILE...    import FollowTheMoney JSON lines, or a spreadsheet through a mapping (docs/import.md)
  schema                          print the GraphQL schema (SDL)

Neo4j is found through NEO4J_URI (default bolt://127.0.0.1:7687), NEO4J_USERNAME,
NEO4J_PASSWORD and NEO4J_DATABASE.
`

// run is the whole program, minus process setup, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "validate":
		return cmdValidate(rest, getenv, stdout, stderr)
	case "load":
		return cmdLoad(ctx, rest, getenv, log, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, getenv, log, stdout, stderr)
	case "neo4j":
		return cmdNeo4j(ctx, rest, getenv, log, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, getenv, log, stdout, stderr)
	case "checksum":
		return cmdChecksum(ctx, getenv, log, stdout)
	case "stats":
		return cmdStats(ctx, rest, getenv, log, stdout, stderr)
	case "synthetic":
		return cmdSynthetic(ctx, rest, getenv, log, stdout, stderr)
	case "import":
		return cmdImport(ctx, rest, getenv, log, stdout, stderr)
	case "schema":
		sch, err := api.NewSchema()
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, api.SDL(sch))
		return err
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// inputFlags are the flags of commands that read input files.
type inputFlags struct {
	dir      string
	input    string
	datasets string
	force    bool
}

func (f *inputFlags) register(fl *flag.FlagSet, getenv func(string) string) {
	fl.StringVar(&f.dir, "dir", "", "read the YAML files under this folder instead of the embedded seed")
	fl.StringVar(&f.input, "input", seed.Input, "the input's name; the graph records it so a reload removes only what this input dropped")
	fl.StringVar(&f.datasets, "datasets", getenv("SURVGRAPH_DATASETS"),
		`folder of the public datasets to import with the seed (default: the clone's `+datasets.DataDir+`, found beside the binary or above the working folder; "none" to skip)`)
	fl.BoolVar(&f.force, "force", false, "write every input even when the graph already holds it as this program loaded it")
}

// datasetsDir returns the datasets folder to import, or "" for none. The
// datasets are part of the product: when none is named and none is found,
// that is an error, not a quietly smaller graph.
func (f *inputFlags) datasetsDir() (string, error) {
	switch f.datasets {
	case "none":
		return "", nil
	case "":
		if f.dir != "" {
			return "", nil // other input files: the datasets belong with the seed
		}
		dir, err := datasets.Find()
		if err != nil {
			return "", fmt.Errorf("%w; run survgraph from its clone, or set -datasets DIR or SURVGRAPH_DATASETS, or -datasets none for the curated seed alone", err)
		}
		return dir, nil
	}
	if st, err := os.Stat(f.datasets); err != nil || !st.IsDir() {
		return "", fmt.Errorf("-datasets %s: not a folder", f.datasets)
	}
	return f.datasets, nil
}

// files returns the file system and the file list to read.
func (f *inputFlags) files() (fs.FS, []string, error) {
	fsys := fs.FS(seed.FS)
	if f.dir != "" {
		if st, err := os.Stat(f.dir); err != nil || !st.IsDir() {
			return nil, nil, fmt.Errorf("-dir %s: not a folder", f.dir)
		}
		fsys = os.DirFS(f.dir)
	}
	files, err := loader.ReadFiles(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no .yaml files found under %q", f.dirName())
	}
	return fsys, files, nil
}

func (f *inputFlags) dirName() string {
	if f.dir == "" {
		return "seed/ (embedded)"
	}
	return f.dir
}

// inputs is everything one load writes: the YAML input and, with the
// seed, the imported datasets, each an input of its own.
type inputs struct {
	name    string
	graph   schema.Graph
	imports []*datasets.Import
	force   bool
}

// gather reads the input files and the datasets and checks all of it
// together, reporting every problem at once; nothing is returned unless all
// of it is valid.
func (f *inputFlags) gather(stdout io.Writer) (*inputs, error) {
	fsys, files, err := f.files()
	if err != nil {
		return nil, err
	}
	dir := f.dir
	if dir == "" {
		dir = "seed"
	}
	now := time.Now()
	in := &inputs{name: f.input, force: f.force}
	if in.graph, err = loader.ValidateIn(dir, fsys, files, now); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "%s: %d files, %d entities, %d relationships: valid\n",
		f.dirName(), len(files), len(in.graph.Entities), len(in.graph.Relationships))

	dsDir, err := f.datasetsDir()
	if err != nil || dsDir == "" {
		return in, err
	}
	rules, err := readRules()
	if err != nil {
		return nil, err
	}
	if in.imports, err = importer.ImportDatasets(context.Background(), dsDir, in.graph, rules); err != nil {
		return nil, err
	}
	parts := make([]loader.Part, len(in.imports))
	for i, im := range in.imports {
		parts[i] = im.Part()
	}
	if _, err := loader.ValidateWith(dir, fsys, files, now, parts...); err != nil {
		return nil, fmt.Errorf("the datasets do not fit the seed: %w", err)
	}
	for _, im := range in.imports {
		fmt.Fprintf(stdout, "dataset %s: %d records, %d entities, %d relationships: valid\n",
			im.Name, im.Report.Read, len(im.Graph.Entities), len(im.Graph.Relationships))
	}
	return in, nil
}

// readRules reads the seed's entity-resolution table.
func readRules() ([]datasets.Rule, error) {
	f, err := seed.FS.Open(seed.ResolutionFile)
	if err != nil {
		return nil, fmt.Errorf("reading seed/%s: %w", seed.ResolutionFile, err)
	}
	defer f.Close()
	return datasets.LoadRules(f)
}

// write loads every input, the YAML input first, since datasets refer to it.
func (in *inputs) write(ctx context.Context, db *graphdb.DB, batch int, log *slog.Logger, stdout io.Writer) error {
	version := ""
	if !in.force {
		version = programVersion()
	}
	if err := load(ctx, db, in.name, in.graph, batch, version, log, stdout); err != nil {
		return err
	}
	for _, im := range in.imports {
		if err := load(ctx, db, im.Name, im.Graph, batch, version, log, stdout); err != nil {
			return err
		}
		if err := db.SetInputSources(ctx, im.Name, []string{im.Source}); err != nil {
			return err
		}
	}
	return nil
}

// programVersion names this build of survgraph, for loader.Options.Version:
// the SHA-256 of its executable, so that any change to the program, however
// small, writes every input again once. "" (always write) when the
// executable cannot be read.
var programVersion = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

func cmdValidate(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl, getenv)
	verbose := fl.Bool("v", false, "print each dataset's import report")
	if err := fl.Parse(args); err != nil {
		return err
	}
	all, err := in.gather(stdout)
	if err != nil {
		return err
	}
	if *verbose {
		for _, im := range all.imports {
			im.Report.WriteTo(stdout)
		}
	}
	return nil
}

func cmdLoad(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl, getenv)
	batch := fl.Int("batch", 1000, "rows per write transaction")
	if err := fl.Parse(args); err != nil {
		return err
	}
	all, err := in.gather(stdout)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	return all.write(ctx, db, *batch, log, stdout)
}

func load(ctx context.Context, db *graphdb.DB, input string, g schema.Graph, batch int, version string, log *slog.Logger, stdout io.Writer) error {
	rep, err := loader.Load(ctx, db, input, g, loader.Options{BatchSize: batch, Progress: stdout, Logger: log, Version: version})
	if err != nil {
		return err
	}
	_, err = rep.WriteTo(stdout)
	return err
}

func neo4jConfig(getenv func(string) string) graphdb.Config {
	cfg := graphdb.Config{
		URI:      getenv("NEO4J_URI"),
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
	if cfg.URI == "" {
		cfg.URI = "bolt://" + defaultBolt
	}
	return cfg
}

const defaultBolt = "127.0.0.1:7687"

func openDB(ctx context.Context, getenv func(string) string, log *slog.Logger, options ...func(*graphdb.Config)) (*graphdb.DB, error) {
	cfg := neo4jConfig(getenv)
	for _, o := range options {
		o(&cfg)
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := graphdb.Open(octx, cfg, log)
	if err != nil {
		hint := ""
		if getenv("NEO4J_URI") == "" {
			hint = " (no NEO4J_URI is set: start the project's Neo4j with 'make neo4j-up' or 'survgraph neo4j start')"
		}
		return nil, fmt.Errorf("connecting to Neo4j at %s%s: %w", cfg.URI, hint, err)
	}
	return db, nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	sc, err := parseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	cfg := sc.api
	tuneGC(getenv, log)
	db, err := openDB(ctx, getenv, log, func(c *graphdb.Config) { c.MaxConcurrent = sc.concurrency })
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if sc.load {
		all, err := sc.in.gather(stdout)
		if err != nil {
			return err
		}
		if err := all.write(ctx, db, 1000, log, stdout); err != nil {
			return err
		}
	}
	go db.WatchGeneration(ctx, graphdb.GenerationPoll)
	var warming, planning atomic.Bool
	warming.Store(sc.warm)
	planning.Store(sc.warm)
	cfg.Timeout, cfg.RoundTrips, cfg.Warming, cfg.Planning = sc.timeout, db.Transactions, warming.Load, planning.Load
	cfg.Generation, cfg.Version = db.Generation, programVersion()
	if cfg.ExportDir == "" {
		if cfg.ExportDir, err = os.MkdirTemp("", "survgraph-exports-"); err != nil {
			return fmt.Errorf("serve: a folder for exports: %w", err)
		}
		defer os.RemoveAll(cfg.ExportDir)
	}
	srv, err := api.New(db, cfg, log)
	if err != nil {
		return err
	}
	admin := ""
	if sc.admin != "" {
		if admin, err = serveAdmin(ctx, sc.admin, srv.Metrics(), log); err != nil {
			return err
		}
	}
	if sc.warm {
		go func() {
			defer planning.Store(false)
			warm(ctx, db, log, func() { warming.Store(false) })
		}()
	}
	ln, err := net.Listen("tcp", sc.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", sc.addr, err)
	}
	printServing(stdout, ln.Addr(), admin, cfg.NoMetrics)
	hs := srv.HTTPServer()
	return serveUntilDone(ctx, hs, srv.Listen(ln), sc.grace, log)
}

// serveConfig is what survgraph serve's flags and environment ask for.
type serveConfig struct {
	addr        string
	load        bool // load the seed and datasets first
	in          inputFlags
	api         api.Config
	admin       string // the admin listener's address, or ""
	timeout     time.Duration
	grace       time.Duration // how long requests in flight may take after SIGTERM
	warm        bool
	concurrency int
}

// parseServe reads survgraph serve's flags, and the environment they
// default to.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (*serveConfig, error) {
	var sc serveConfig
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&sc.addr, "addr", envOr(getenv, "SURVGRAPH_ADDR", ":8080"), "listen address")
	fl.BoolVar(&sc.load, "load", false, "load the seed (and the datasets) before serving")
	sc.in.register(fl, getenv)
	var pub publicFlags
	pub.register(fl, getenv)
	fl.DurationVar(&sc.timeout, "timeout", 10*time.Second, "per-request deadline, carried into Neo4j")
	shutdownGrace := fl.Duration("shutdown-grace", 0, "on SIGTERM, how long requests in flight may take to finish (default: the timeout plus 5s)")
	fl.BoolVar(&sc.warm, "warm", true, "as it starts, compute the whole graph's stats (/readyz says \"warming up\" until done), then plan the whole-graph list statements in the background (/readyz?full says \"planning\" until done)")
	defaultConcurrency := 8
	if v := getenv("SURVGRAPH_NEO4J_CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("serve: SURVGRAPH_NEO4J_CONCURRENCY=%q is not a whole number", v)
		}
		defaultConcurrency = n
	}
	fl.IntVar(&sc.concurrency, "neo4j-concurrency", defaultConcurrency,
		"Neo4j transactions run at once; further requests wait their turn within their deadline (0: no bound; env SURVGRAPH_NEO4J_CONCURRENCY); lowered to what Neo4j's transaction memory fits")
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if sc.concurrency < 0 {
		return nil, fmt.Errorf("serve: -neo4j-concurrency must be 0 or more, not %d", sc.concurrency)
	}
	cfg, err := pub.config(fl)
	if err != nil {
		return nil, err
	}
	sc.api, sc.admin = cfg, pub.admin
	sc.grace = *shutdownGrace
	if sc.grace <= 0 {
		// Long enough for a request that started just before the signal to
		// reach its own deadline.
		sc.grace = sc.timeout + 5*time.Second
	}
	return &sc, nil
}

// printServing tells where survgraph serves: the public address, and the
// admin listener's when there is one.
func printServing(stdout io.Writer, addr net.Addr, admin string, noMetrics bool) {
	base := "http://" + displayAddr(addr)
	metrics := base + "/metrics"
	if noMetrics {
		metrics = "http://" + admin + "/metrics"
	}
	fmt.Fprintf(stdout, "survgraph is serving:\n  explorer  %s/\n  GraphQL   %s/graphql\n  GraphiQL  %s/graphiql\n  health    %s/healthz  %s/readyz  %s\n", base, base, base, base, base, metrics)
	if admin != "" {
		fmt.Fprintf(stdout, "  admin     http://%s/metrics  http://%s/debug/pprof/\n", admin, admin)
	}
}

// serveUntilDone serves on ln until ctx ends (SIGTERM or interrupt), then
// shuts down gracefully: the listener closes at once, so no new request is
// taken, and requests in flight have up to grace to finish. Their contexts
// do not derive from ctx, so the signal does not cancel them.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("shutting down: requests still running after %s: %w", grace, err)
	}
	log.Info("shut down")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
		return a.String()
	}
	return tcp.String()
}

// warm prepares, in the background as the server starts, what requests
// would otherwise each wait for (seconds on a large graph, more under
// load). First the stats of the whole graph, every facet, which are then
// kept (the explorer's and an academic's first question); then it calls
// ready, and plans the whole-graph list statements, which few users ask
// for, while the server serves. A failure only means that the first
// requests do the work.
func warm(ctx context.Context, db *graphdb.DB, log *slog.Logger, ready func()) {
	start := time.Now()
	if _, err := db.Stats(ctx, schema.RelationshipQuery{}); err != nil {
		log.Warn("warming the whole graph's stats failed", "err", err)
	} else {
		log.Info("whole graph's stats computed and kept", "took", time.Since(start).Round(time.Millisecond))
	}
	ready()
	start = time.Now()
	n, err := db.WarmWholeGraphLists(ctx)
	if err != nil {
		log.Warn("warming the whole-graph lists failed", "pages", n, "err", err)
		return
	}
	log.Info("whole-graph list statements planned", "pages", n, "took", time.Since(start).Round(time.Millisecond))
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func cmdNeo4j(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: survgraph neo4j start|stop|status|dump|restore [flags]")
	}
	fl := flag.NewFlagSet("neo4j "+args[0], flag.ContinueOnError)
	fl.SetOutput(stderr)
	var cfg localneo4j.Config
	fl.StringVar(&cfg.ProjectDir, "project", envOr(getenv, "SURVGRAPH_PROJECT_DIR", "."), "the repository root, holding neo4j/pom.xml")
	fl.StringVar(&cfg.DataDir, "data", getenv("SURVGRAPH_NEO4J_DATA"), "Neo4j's data folder (default <project>/.data/neo4j)")
	fl.StringVar(&cfg.BoltAddr, "bolt", envOr(getenv, "SURVGRAPH_NEO4J_BOLT", defaultBolt), "loopback address for Bolt")
	fl.StringVar(&cfg.Heap, "heap", getenv("SURVGRAPH_NEO4J_HEAP"), "JVM heap (default 2g)")
	fl.StringVar(&cfg.PageCache, "pagecache", getenv("SURVGRAPH_NEO4J_PAGECACHE"), "page cache (default 2g)")
	fl.StringVar(&cfg.TxMemoryTotal, "tx-memory-total", getenv("SURVGRAPH_NEO4J_TX_MEMORY_TOTAL"), "memory all transactions together may take (default 70% of the heap)")
	fl.StringVar(&cfg.TxMemory, "tx-memory", getenv("SURVGRAPH_NEO4J_TX_MEMORY"), "memory one transaction may take (default a twelfth of -tx-memory-total)")
	fl.DurationVar(&cfg.StartTimeout, "timeout", 0, "how long to wait for Bolt (default 2m)")
	dir := fl.String("dir", "", "dump and restore: the folder of the archive, "+localneo4j.DumpFile)
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "dump", "restore":
		if *dir == "" {
			return fmt.Errorf("neo4j %s: give -dir, the folder of %s", args[0], localneo4j.DumpFile)
		}
		if args[0] == "dump" {
			if err := localneo4j.Dump(ctx, cfg, *dir, log); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "dumped the database to %s\n", filepath.Join(*dir, localneo4j.DumpFile))
			return nil
		}
		if err := localneo4j.Restore(ctx, cfg, *dir, log); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored the database from %s\n", filepath.Join(*dir, localneo4j.DumpFile))
		return nil
	case "start":
		if err := localneo4j.Start(ctx, cfg, log, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Neo4j is answering on bolt://%s\n", cfg.BoltAddr)
		return nil
	case "stop":
		if err := localneo4j.Stop(ctx, cfg, log); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Neo4j is stopped")
		return nil
	case "status":
		st, err := localneo4j.Status(ctx, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "running: %v (pid %d)\nbolt answering on %s: %v\nlog: %s\n", st.Running, st.PID, st.BoltAddr, st.BoltAnswering, st.LogFile)
		if !st.Running {
			return errors.New("the project's Neo4j is not running")
		}
		return nil
	}
	return fmt.Errorf("unknown neo4j command %q; use start, stop, status, dump or restore", args[0])
}

func cmdSynthetic(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("synthetic", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var shape synthetic.Shape
	fl.IntVar(&shape.Entities, "entities", 100000, "how many entities")
	fl.IntVar(&shape.Relationships, "relationships", 500000, "how many relationships")
	fl.Uint64Var(&shape.Seed, "seed", 1, "random seed: the same seed gives the same graph")
	batch := fl.Int("batch", 5000, "rows per write transaction")
	if err := fl.Parse(args); err != nil {
		return err
	}
	g := synthetic.Generate(shape)
	if _, err := loader.ValidateWith("", nil, nil, time.Now(), loader.Part{File: "synthetic", Graph: g}); err != nil {
		return fmt.Errorf("the synthetic graph is invalid (a bug): %w", err)
	}
	fmt.Fprintf(stdout, "synthetic graph: %d entities, %d relationships (seed %d)\n", len(g.Entities), len(g.Relationships), shape.Seed)
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	return load(ctx, db, synthetic.Input, g, *batch, "", log, stdout)
}

func cmdStats(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("stats", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl, getenv)
	markdown := fl.String("markdown", "", "also write the full report as Markdown to this file (docs/DATA.md)")
	fromGraph := fl.Bool("graph", false, "count the named vendor-to-government supplies in Neo4j, with the Cypher docs/DATA.md gives, instead of in the input files")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *fromGraph {
		return graphSupplyStats(ctx, getenv, log, stdout)
	}
	all, err := in.gather(io.Discard)
	if err != nil {
		return err
	}
	parts := []datareport.Input{{Name: all.name, Graph: all.graph}}
	for _, im := range all.imports {
		parts = append(parts, datareport.Input{Name: im.Name, Graph: im.Graph})
	}
	rep := datareport.Build(seed.Input, parts...)
	rep.SupplyCypher = graphdb.NamedSupplyCypher
	if err := rep.WriteSummary(stdout); err != nil {
		return err
	}
	if *markdown == "" {
		return nil
	}
	var b strings.Builder
	if err := rep.WriteMarkdown(&b); err != nil {
		return err
	}
	for _, im := range all.imports {
		fmt.Fprintf(&b, "\n## Import report: %s\n\n```\n", im.Name)
		im.Report.WriteTo(&b)
		b.WriteString("```\n")
	}
	if err := os.WriteFile(*markdown, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", *markdown, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", *markdown)
	return nil
}

// graphSupplyStats prints the named supplies as the graph in Neo4j holds
// them: what docs/DATA.md counts, checked against the loaded graph.
func graphSupplyStats(ctx context.Context, getenv func(string) string, log *slog.Logger, stdout io.Writer) error {
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	rows, err := db.NamedSupply(ctx)
	if err != nil {
		return err
	}
	c := schema.CountSupplies(rows)
	fmt.Fprintf(stdout, "named vendor-to-government supplies in the graph: %d claims, %d vendor-government pairs from %d vendors (and %d pairs resting on measurements alone)\n",
		c.Claims, c.Pairs, c.Vendors, c.MeasurementOnlyPairs)
	for _, b := range schema.Bases {
		fmt.Fprintf(stdout, "  %-18s %4d claims %4d pairs\n", b, c.ClaimsByBasis[b], c.PairsByBasis[b])
	}
	for _, s := range schema.ClaimStatuses {
		fmt.Fprintf(stdout, "  %-18s %4d claims %4d pairs\n", s, c.ClaimsByStatus[s], c.PairsByStatus[s])
	}
	return nil
}

func cmdExport(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl, getenv)
	format := fl.String("format", "graphml", "graphml, gexf, csv, cytoscape or ftm")
	outPath := fl.String("out", "", "file to write (default: the format's file name in the current folder; - for standard output)")
	fromSeed := fl.Bool("from-seed", false, "export the seed files (and datasets) directly, without Neo4j")
	if err := fl.Parse(args); err != nil {
		return err
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return err
	}
	var g schema.Graph
	if *fromSeed {
		all, err := in.gather(stderr)
		if err != nil {
			return err
		}
		g = all.graph
		for _, im := range all.imports {
			g.Entities = append(g.Entities, im.Graph.Entities...)
			g.Relationships = append(g.Relationships, im.Graph.Relationships...)
		}
	} else {
		db, err := openDB(ctx, getenv, log)
		if err != nil {
			return err
		}
		defer db.Close(context.WithoutCancel(ctx))
		if g, err = db.All(ctx); err != nil {
			return err
		}
	}
	sources := map[string]schema.Entity{}
	for _, e := range g.Entities {
		if e.Kind == schema.Source {
			sources[e.ID] = e
		}
	}
	w := stdout
	if *outPath != "-" {
		name := *outPath
		if name == "" {
			name = f.FileName("survgraph")
		}
		file, err := os.Create(name)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
		defer fmt.Fprintf(stderr, "wrote %s: %d nodes, %d edges\n", name, len(g.Entities), len(g.Relationships))
	}
	return export.Write(w, f, g, sources)
}

func cmdChecksum(ctx context.Context, getenv func(string) string, log *slog.Logger, stdout io.Writer) error {
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	nodes, rels, err := db.Count(ctx)
	if err != nil {
		return err
	}
	sum, err := db.Checksum(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "entities %d relationships %d checksum %s\n", nodes, rels, sum)
	return nil
}
