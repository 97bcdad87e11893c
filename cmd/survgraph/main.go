// Command survgraph validates and loads the surveillance-trade graph into
// Neo4j, serves its GraphQL API, and starts a local Neo4j when none is
// configured. Run "survgraph help" for the commands.
package main

import (
	"context"
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
	"syscall"
	"time"

	"github.com/survgraph/survgraph/api"
	"github.com/survgraph/survgraph/graphdb"
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
  serve [-addr ADDR] [-load]      serve the GraphQL API (and GraphiQL); -load loads the seed first
  neo4j start|stop|status         run the project's own Neo4j 5.26 on 127.0.0.1
  synthetic [-entities N] [-relationships M]  load a reproducible synthetic graph (input "synthetic")
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
		return cmdValidate(rest, stdout, stderr)
	case "load":
		return cmdLoad(ctx, rest, getenv, log, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, getenv, log, stdout, stderr)
	case "neo4j":
		return cmdNeo4j(ctx, rest, getenv, log, stdout, stderr)
	case "synthetic":
		return cmdSynthetic(ctx, rest, getenv, log, stdout, stderr)
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
	dir   string
	input string
}

func (f *inputFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&f.dir, "dir", "", "read the YAML files under this folder instead of the embedded seed")
	fl.StringVar(&f.input, "input", seed.Input, "the input's name; the graph records it so a reload removes only what this input dropped")
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

// validate reads and checks every input file, reporting all problems at once.
func (f *inputFlags) validate(stdout io.Writer) (schema.Graph, error) {
	fsys, files, err := f.files()
	if err != nil {
		return schema.Graph{}, err
	}
	dir := f.dir
	if dir == "" {
		dir = "seed"
	}
	g, err := loader.ValidateIn(dir, fsys, files, time.Now())
	if err != nil {
		return schema.Graph{}, err
	}
	fmt.Fprintf(stdout, "%s: %d files, %d entities, %d relationships: valid\n",
		f.dirName(), len(files), len(g.Entities), len(g.Relationships))
	return g, nil
}

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl)
	if err := fl.Parse(args); err != nil {
		return err
	}
	_, err := in.validate(stdout)
	return err
}

func cmdLoad(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var in inputFlags
	in.register(fl)
	batch := fl.Int("batch", 1000, "rows per write transaction")
	if err := fl.Parse(args); err != nil {
		return err
	}
	g, err := in.validate(stdout)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	return load(ctx, db, in.input, g, *batch, log, stdout)
}

func load(ctx context.Context, db *graphdb.DB, input string, g schema.Graph, batch int, log *slog.Logger, stdout io.Writer) error {
	rep, err := loader.Load(ctx, db, input, g, loader.Options{BatchSize: batch, Progress: stdout, Logger: log})
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

func openDB(ctx context.Context, getenv func(string) string, log *slog.Logger) (*graphdb.DB, error) {
	cfg := neo4jConfig(getenv)
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
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", envOr(getenv, "SURVGRAPH_ADDR", ":8080"), "listen address")
	loadSeed := fl.Bool("load", false, "load the seed before serving")
	timeout := fl.Duration("timeout", 10*time.Second, "per-request deadline, carried into Neo4j")
	if err := fl.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if *loadSeed {
		var in inputFlags
		in.input = seed.Input
		g, err := in.validate(stdout)
		if err != nil {
			return err
		}
		if err := load(ctx, db, seed.Input, g, 1000, log, stdout); err != nil {
			return err
		}
	}
	srv, err := api.New(db, api.Config{Timeout: *timeout}, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	base := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "survgraph is serving:\n  GraphQL   %s/graphql\n  GraphiQL  %s/graphiql\n  health    %s/healthz  %s/readyz\n", base, base, base, base)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	log.Info("shutting down")
	return hs.Shutdown(sctx)
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

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func cmdNeo4j(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: survgraph neo4j start|stop|status [flags]")
	}
	fl := flag.NewFlagSet("neo4j "+args[0], flag.ContinueOnError)
	fl.SetOutput(stderr)
	var cfg localneo4j.Config
	fl.StringVar(&cfg.ProjectDir, "project", envOr(getenv, "SURVGRAPH_PROJECT_DIR", "."), "the repository root, holding neo4j/pom.xml")
	fl.StringVar(&cfg.DataDir, "data", getenv("SURVGRAPH_NEO4J_DATA"), "Neo4j's data folder (default <project>/.data/neo4j)")
	fl.StringVar(&cfg.BoltAddr, "bolt", envOr(getenv, "SURVGRAPH_NEO4J_BOLT", defaultBolt), "loopback address for Bolt")
	fl.StringVar(&cfg.Heap, "heap", getenv("SURVGRAPH_NEO4J_HEAP"), "JVM heap (default 2g)")
	fl.StringVar(&cfg.PageCache, "pagecache", getenv("SURVGRAPH_NEO4J_PAGECACHE"), "page cache (default 2g)")
	fl.DurationVar(&cfg.StartTimeout, "timeout", 0, "how long to wait for Bolt (default 2m)")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
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
	return fmt.Errorf("unknown neo4j command %q; use start, stop or status", args[0])
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
	return load(ctx, db, synthetic.Input, g, *batch, log, stdout)
}
