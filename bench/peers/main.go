// Command peers benchmarks survgraph against two peers over one Neo4j: the
// same queries asked of survgraph's GraphQL API, of an @neo4j/graphql server
// (bench/peers/node) and, as the floor, as hand-written Cypher through the Go
// driver. It first checks that all three give the same answers, normalised,
// and stops if they do not; then it times every query at each concurrency,
// the three alternating (A B C A B C ...) for several rounds, and writes the
// medians to docs/benchmarks.md. `make bench-peers` runs it (bench/peers/run.sh).
//
//	peers -survgraph http://127.0.0.1:8291 -survgraph-pid N \
//	      -peer http://127.0.0.1:8292 -peer-pid N \
//	      -bolt bolt://127.0.0.1:7687 -neo4j-pid N -out docs/benchmarks.md
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/internal/procstat"
)

var errPartial = errors.New("some queries failed the same-answers check")

type options struct {
	survgraphURL, peerURL, bolt string
	survgraphPID, peerPID       int
	neo4jPID                    int
	rounds                      int
	duration                    time.Duration
	warmup                      int
	concurrency                 []int
	only                        string
	out                         string
	checkOnly                   bool
	requireAPOC                 bool
	allowFailed                 bool
	info                        map[string]string // versions and commands for the report
}

func main() {
	var o options
	var conc, info string
	flag.StringVar(&o.survgraphURL, "survgraph", "http://127.0.0.1:8291", "survgraph serve's base address")
	flag.IntVar(&o.survgraphPID, "survgraph-pid", 0, "survgraph serve's process id (for CPU and memory)")
	flag.StringVar(&o.peerURL, "peer", "http://127.0.0.1:8292", "the @neo4j/graphql server's base address")
	flag.IntVar(&o.peerPID, "peer-pid", 0, "the @neo4j/graphql server's process id")
	flag.StringVar(&o.bolt, "bolt", "bolt://127.0.0.1:7687", "the Neo4j all three use")
	flag.IntVar(&o.neo4jPID, "neo4j-pid", 0, "Neo4j's process id, when local (for its CPU time)")
	flag.IntVar(&o.rounds, "rounds", 5, "rounds; each times every system once per query and concurrency")
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "how long each system is timed per query, concurrency and round")
	flag.IntVar(&o.warmup, "warmup", 3, "untimed requests per query and system first")
	flag.StringVar(&conc, "concurrency", "1,8,32", "concurrency levels, comma-separated")
	flag.StringVar(&o.only, "run", "", "only the queries whose name contains this")
	flag.StringVar(&o.out, "out", "docs/benchmarks.md", "the report to write")
	flag.BoolVar(&o.checkOnly, "check", false, "only check that the answers agree")
	flag.BoolVar(&o.allowFailed, "allow-failed", false, "time the queries that agree even when some do not; the report lists those that failed, and the exit status is 2")
	flag.BoolVar(&o.requireAPOC, "require-apoc", true, "fail unless APOC answers in the Neo4j")
	sizeOnly := flag.Bool("synthetic-size", false, "print how many synthetic entities and relationships the Neo4j holds, and exit")
	flag.StringVar(&info, "info", "", "key=value pairs for the report, separated by ';' (versions, commands)")
	flag.Parse()
	for _, c := range strings.Split(conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fatalf("bad -concurrency %q", conc)
		}
		o.concurrency = append(o.concurrency, n)
	}
	o.info = map[string]string{}
	for _, kv := range strings.Split(info, ";") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			o.info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if *sizeOnly {
		if err := printSyntheticSize(context.Background(), o.bolt); err != nil {
			fatalf("%v", err)
		}
		return
	}
	if err := run(context.Background(), o); err != nil {
		if errors.Is(err, errPartial) {
			fmt.Fprintln(os.Stderr, "peers: some queries failed the same-answers check and were not timed; see the report")
			os.Exit(2)
		}
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "peers: "+format+"\n", args...)
	os.Exit(1)
}

func say(format string, args ...any) { fmt.Fprintf(os.Stderr, "== "+format+"\n", args...) }

func run(ctx context.Context, o options) error {
	driver, err := neo4j.NewDriverWithContext(o.bolt, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = 100 })
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("Neo4j at %s: %w", o.bolt, err)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 128, MaxConnsPerHost: 128}
	client := &http.Client{Timeout: 60 * time.Second, Transport: transport}
	sg := &graphqlRunner{label: "survgraph", base: strings.TrimSuffix(o.survgraphURL, "/"), client: client, process: o.survgraphPID}
	sg.counters = survgraphCounters(client, sg.base)
	peer := &graphqlRunner{label: "@neo4j/graphql", base: strings.TrimSuffix(o.peerURL, "/"), client: client, peer: true, process: o.peerPID}
	peer.counters = peerCounters(client, peer.base)
	raw := &rawRunner{driver: driver}
	runners := []runner{sg, peer, raw}

	say("picking the query parameters from the graph")
	t, size, err := pickTargets(ctx, raw)
	if err != nil {
		return err
	}
	say("graph: %s; company %s (%d relationships), government %s (%d hops), client %s (%d SUPPLIED)",
		size, t.Company, t.CompanyDegree, t.Government, t.GovernmentHops, t.Client, t.ClientSupplies)
	apoc := "not installed"
	if rows, err := raw.rows(ctx, "RETURN apoc.version() AS v", nil); err == nil {
		apoc = fmt.Sprint(rows[0])
	} else if o.requireAPOC {
		return fmt.Errorf("APOC is not installed in the Neo4j at %s (@neo4j/graphql needs it): %v", o.bolt, err)
	}
	queries := buildQueries(t)
	if o.only != "" {
		queries = slices.DeleteFunc(queries, func(q *benchQuery) bool { return !strings.Contains(q.name, o.only) })
	}

	say("checking that the three give the same answers")
	failed := checkSame(ctx, queries, runners)
	if len(failed) > 0 {
		var msgs []string
		for _, q := range queries {
			if m, ok := failed[q.name]; ok {
				msgs = append(msgs, m)
			}
		}
		if !o.allowFailed || len(failed) == len(queries) {
			return fmt.Errorf("SAME ANSWERS CHECK FAILED: the three do not agree, so nothing was timed:\n%s", strings.Join(msgs, "\n"))
		}
		say("SAME ANSWERS CHECK FAILED for %d queries; timing the others (-allow-failed):\n%s", len(failed), strings.Join(msgs, "\n"))
		queries = slices.DeleteFunc(queries, func(q *benchQuery) bool { _, bad := failed[q.name]; return bad })
	} else {
		say("all %d queries answer the same three ways", len(queries))
	}
	if o.checkOnly {
		return nil
	}

	say("counting round trips and db hits")
	costs, err := measureCosts(ctx, queries, sg, peer, raw, driver)
	if err != nil {
		return err
	}

	for _, q := range queries {
		for _, r := range runners {
			for range o.warmup {
				if _, err := r.ask(ctx, q); err != nil {
					return fmt.Errorf("%s, %s: warm-up: %w", q.name, r.name(), err)
				}
			}
		}
	}
	loadBefore := loadavg()
	start := time.Now()
	results := map[cellKey][]cell{}
	for round := 1; round <= o.rounds; round++ {
		say("round %d of %d", round, o.rounds)
		for _, q := range queries {
			for _, c := range o.concurrency {
				for _, r := range runners {
					res := timeCell(ctx, r, q, c, o.duration, o.neo4jPID)
					results[cellKey{q.name, c, r.name()}] = append(results[cellKey{q.name, c, r.name()}], res)
					if res.errors > 0 {
						say("  %s, %s, concurrency %d: %d errors, first: %s", q.name, r.name(), c, res.errors, res.firstError)
					}
				}
			}
		}
	}
	took := time.Since(start)
	mem := map[string]procstat.Stat{}
	for _, r := range runners {
		if st, err := procstat.Read(r.pid()); err == nil {
			mem[r.name()] = st
		}
	}
	if o.neo4jPID > 0 {
		if st, err := procstat.Read(o.neo4jPID); err == nil {
			mem["Neo4j"] = st
		}
	}
	rep := report{opts: o, failed: failed, targets: t, graphSize: size, apoc: apoc, queries: queries, runners: runners,
		results: results, costs: costs, mem: mem, took: took, loadBefore: loadBefore, loadAfter: loadavg()}
	if err := rep.write(o.out); err != nil {
		return err
	}
	say("wrote %s", o.out)
	if len(failed) > 0 {
		return errPartial
	}
	return nil
}

func printSyntheticSize(ctx context.Context, bolt string) error {
	driver, err := neo4j.NewDriverWithContext(bolt, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	raw := &rawRunner{driver: driver}
	rows, err := raw.rows(ctx, `CALL () { MATCH (n:Entity) WHERE n.input = 'synthetic' RETURN count(n) AS e }
CALL () { MATCH ()-[r]->() WHERE r.input = 'synthetic' RETURN count(r) AS r } RETURN [e, r] AS m`, nil)
	if err != nil {
		return fmt.Errorf("Neo4j at %s: %w", bolt, err)
	}
	c := list(rows[0])
	fmt.Printf("%d %d\n", num(c[0]), num(c[1]))
	return nil
}

func loadavg() string {
	l, err := procstat.LoadAvg()
	if err != nil {
		return "unknown"
	}
	return l
}

// pickTargets chooses the parameters deterministically from the graph.
func pickTargets(ctx context.Context, raw *rawRunner) (targets, string, error) {
	t := targets{SearchText: "Synthetic Company 42", Countries: []string{"FR", "DE", "IT"}}
	one := func(cypher string, params map[string]any) (map[string]any, error) {
		rows, err := raw.rows(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			return nil, fmt.Errorf("no rows for %s", cypher)
		}
		m, _ := rows[0].(map[string]any)
		return m, nil
	}
	size, err := one(`CALL () { MATCH (n:Entity) RETURN count(n) AS e } CALL () { MATCH ()-[r]->() RETURN count(r) AS r }
CALL () { MATCH (n:Entity) WHERE n.input = 'synthetic' RETURN count(n) AS s } RETURN {e: e, r: r, s: s} AS m`, nil)
	if err != nil {
		return t, "", err
	}
	if num(size["s"]) == 0 {
		return t, "", fmt.Errorf("the graph holds no synthetic entities: load them with `survgraph synthetic`")
	}
	for _, id := range []string{"qosmos", "syria-government"} {
		if _, err := one(`MATCH (n:Entity {id: $id}) RETURN {id: n.id} AS m`, map[string]any{"id": id}); err != nil {
			return t, "", fmt.Errorf("the seed is not loaded (no %s): load it with `survgraph load`", id)
		}
	}
	sizeText := fmt.Sprintf("%d entities (%d synthetic), %d relationships", num(size["e"]), num(size["s"]), num(size["r"]))
	m, err := one(`MATCH (c:Company) WHERE c.input = 'synthetic'
WITH c, COUNT { (c)--() } AS d ORDER BY d DESC, c.id LIMIT 1 RETURN {id: c.id, d: d} AS m`, nil)
	if err != nil {
		return t, "", err
	}
	t.Company, t.CompanyDegree = str(m["id"]), num(m["d"])
	m, err = one(`MATCH (c:Entity {id: $id}), (g:Government) WHERE g.input = 'synthetic'
MATCH p = SHORTEST 1 (c)-[]-{1,4}(g)
WITH g, length(p) AS d ORDER BY d DESC, g.id LIMIT 1 RETURN {id: g.id, d: d} AS m`, map[string]any{"id": t.Company})
	if err != nil {
		return t, "", fmt.Errorf("no synthetic government within 4 hops of %s: %w", t.Company, err)
	}
	t.Government, t.GovernmentHops = str(m["id"]), num(m["d"])
	m, err = one(`MATCH (g:Government|Agency) WHERE g.input = 'synthetic'
WITH g, COUNT { (g)<-[:SUPPLIED]-() } AS d ORDER BY d DESC, g.id LIMIT 1 RETURN {id: g.id, d: d} AS m`, nil)
	if err != nil {
		return t, "", err
	}
	t.Client, t.ClientSupplies = str(m["id"]), num(m["d"])
	return t, sizeText, nil
}

// checkSame asks every query every way once and compares the normalised
// answers. It returns, per query that failed, what went wrong.
func checkSame(ctx context.Context, queries []*benchQuery, runners []runner) map[string]string {
	failed := map[string]string{}
	for _, q := range queries {
		var failures []string
		answers := make([][]string, len(runners))
		for i, r := range runners {
			a, err := r.ask(ctx, q)
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: %s failed: %v", q.name, r.name(), err))
				continue
			}
			slices.Sort(a)
			answers[i] = a
		}
		// The first answer that came is the reference (survgraph's, unless it failed).
		ref := slices.IndexFunc(answers, func(a []string) bool { return a != nil })
		for i := ref + 1; ref >= 0 && i < len(runners); i++ {
			if answers[i] == nil {
				continue
			}
			if d := diff(answers[ref], answers[i]); d != "" {
				failures = append(failures, fmt.Sprintf("%s: %s and %s differ:\n%s", q.name, runners[ref].name(), runners[i].name(), d))
			} else {
				say("  %s: %s and %s agree (%d lines)", q.name, runners[ref].name(), runners[i].name(), len(answers[i]))
			}
		}
		if ref >= 0 && len(answers[ref]) == 0 {
			failures = append(failures, fmt.Sprintf("%s: the answer is empty; pick parameters that find something", q.name))
		}
		if len(failures) > 0 {
			failed[q.name] = strings.Join(failures, "\n")
			say("  %s: FAILED", q.name)
			continue
		}
		say("  %s: all three agree", q.name)
	}
	return failed
}

// diff shows the lines only one side has (both sorted), at most 20.
func diff(a, b []string) string {
	var out []string
	i, j := 0, 0
	for (i < len(a) || j < len(b)) && len(out) < 20 {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, "  - "+a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			out = append(out, "  + "+b[j])
			j++
		default:
			i++
			j++
		}
	}
	return strings.Join(out, "\n")
}

// costs per query and system: Neo4j round trips per request and db hits.
type cost struct {
	transactions, statements float64 // per request; -1 unknown
	dbHits                   int64   // -1 unknown
	note                     string
}

func measureCosts(ctx context.Context, queries []*benchQuery, sg, peer *graphqlRunner, raw *rawRunner, driver neo4j.DriverWithContext) (map[cellKey]cost, error) {
	const n = 5
	out := map[cellKey]cost{}
	for _, q := range queries {
		for _, r := range []runner{sg, peer, raw} {
			t0, s0 := r.roundTrips(ctx)
			for range n {
				if _, err := r.ask(ctx, q); err != nil {
					return nil, fmt.Errorf("%s, %s: %w", q.name, r.name(), err)
				}
			}
			t1, s1 := r.roundTrips(ctx)
			c := cost{transactions: -1, statements: -1, dbHits: -1}
			if t0 >= 0 && t1 >= 0 {
				c.transactions = float64(t1-t0) / n
			}
			if s0 >= 0 && s1 >= 0 {
				c.statements = float64(s1-s0) / n
			}
			out[cellKey{q.name, 0, r.name()}] = c
		}
		// db hits: the raw statement, and what the peer sent, each PROFILEd once.
		c := out[cellKey{q.name, 0, raw.name()}]
		hits, err := profileDBHits(ctx, driver, q.cypher, q.params)
		if err != nil {
			return nil, fmt.Errorf("%s: PROFILE of the raw statement: %w", q.name, err)
		}
		c.dbHits = hits
		out[cellKey{q.name, 0, raw.name()}] = c
		stmts, err := peerStatements(ctx, peer, q)
		if err != nil {
			return nil, fmt.Errorf("%s: capturing the peer's statements: %w", q.name, err)
		}
		pc := out[cellKey{q.name, 0, peer.name()}]
		pc.dbHits = 0
		for _, s := range stmts {
			h, err := profileDBHits(ctx, driver, s.cypher, s.params)
			if err != nil {
				pc.dbHits, pc.note = -1, fmt.Sprintf("PROFILE failed: %v", err)
				break
			}
			pc.dbHits += h
		}
		out[cellKey{q.name, 0, peer.name()}] = pc
	}
	return out, nil
}

type cellKey struct {
	query       string
	concurrency int
	system      string
}

// cell is one timed run of one system on one query at one concurrency.
type cell struct {
	requests, errors int
	firstError       string
	elapsed          time.Duration
	latencies        []time.Duration
	serverCPU        time.Duration // the system's own process
	neo4jCPU         time.Duration
}

func (c cell) throughput() float64 {
	if c.elapsed <= 0 {
		return 0
	}
	return float64(c.requests-c.errors) / c.elapsed.Seconds()
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(p/100*float64(len(sorted)) + 0.999999)
	k = min(max(k, 1), len(sorted))
	return sorted[k-1]
}

// timeCell runs conc workers asking q for d; every worker finishes the
// request it is in, and the elapsed time runs until the last one does.
func timeCell(ctx context.Context, r runner, q *benchQuery, conc int, d time.Duration, neo4jPID int) cell {
	var res cell
	var mu sync.Mutex
	before, _ := procstat.Read(r.pid())
	nb, _ := procstat.Read(neo4jPID)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var errs int
			var first string
			for time.Now().Before(deadline) {
				t0 := time.Now()
				err := r.fetch(ctx, q)
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.requests += len(lat)
			res.errors += errs
			if res.firstError == "" {
				res.firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	after, _ := procstat.Read(r.pid())
	na, _ := procstat.Read(neo4jPID)
	res.serverCPU = after.CPU - before.CPU
	res.neo4jCPU = na.CPU - nb.CPU
	slices.Sort(res.latencies)
	return res
}
