package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/survgraph/survgraph/internal/procstat"
	"github.com/survgraph/survgraph/synthetic"
)

// procSample is a process's CPU time and memory at a time of the run.
type procSample struct {
	at time.Duration // since the load started
	procstat.Stat
}

type loadTest struct {
	cfg     config
	http    *http.Client
	graph   synGraph
	seed    bool
	machine string // what the report says of the machine
	cores   int
	log     io.Writer // progress

	// filled by run
	started, ended               time.Time
	graphEntities                int
	calib                        map[string]float64 // kind -> transactions per request, measured alone
	calibErr                     string
	before, after                metricsSample
	metricsErr                   string
	procStart, procEnd, procIdle procSample
	procs                        []procSample
	neoStart, neoEnd             procSample
	neoProcs                     []procSample
	cpuStart, cpuEnd             procstat.CPUTimes
	goStart, goEnd, goIdle       string
	loadStart, loadEnd           string
	results                      []result
	inFlightAtEnd                int64
}

func newLoadTest(cfg config, log io.Writer) *loadTest {
	tr := &http.Transport{
		Proxy:               nil, // loopback only, never through a proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        cfg.clients * 2,
		MaxIdleConnsPerHost: cfg.clients * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &loadTest{cfg: cfg, http: &http.Client{Transport: tr, Timeout: cfg.timeout}, graph: newSynGraph(cfg.entities),
		machine: machine(), cores: runtime.NumCPU(), log: log}
}

// logf tells of the run's progress on stderr.
func (lt *loadTest) logf(format string, args ...any) {
	fmt.Fprintf(lt.log, "loadtest: "+format+"\n", args...)
}

// run checks the server, calibrates, runs the load and measures around it.
func (lt *loadTest) run(ctx context.Context) (*report, error) {
	if err := lt.preflight(ctx); err != nil {
		return nil, err
	}
	if lt.cfg.calibrate > 0 {
		lt.calibrateTransactions(ctx)
	}
	lt.measureBefore(ctx)
	lt.started = time.Now()
	stopSampling := lt.sample()
	var n counters
	wait := lt.startClients(ctx, &n)
	stopProgress := lt.progress(&n)
	time.Sleep(time.Until(lt.started.Add(lt.cfg.duration)))
	lt.inFlightAtEnd = n.inFlight.Load()
	perClient := wait() // each client finishes its request in flight, bounded by the client timeout
	lt.ended = time.Now()
	stopProgress()
	stopSampling()
	lt.measureAfter(ctx)
	for _, rs := range perClient {
		lt.results = append(lt.results, rs...)
	}
	sort.Slice(lt.results, func(i, j int) bool { return lt.results[i].at < lt.results[j].at })
	return lt.report(), nil
}

// counters follow the run while it goes, for the progress lines.
type counters struct{ sent, failed, inFlight atomic.Int64 }

func (lt *loadTest) measureBefore(ctx context.Context) {
	var err error
	if lt.before, err = lt.scrape(ctx); err != nil {
		lt.metricsErr = err.Error()
	}
	lt.goStart = lt.goroutines(ctx)
	lt.loadStart = loadavg()
	lt.procStart, _ = readProc(lt.cfg.pid)
	if lt.cfg.neo4jPID != 0 {
		lt.neoStart, _ = readProc(lt.cfg.neo4jPID)
	}
	lt.cpuStart = readCPU()
}

func (lt *loadTest) measureAfter(ctx context.Context) {
	lt.procEnd, _ = readProc(lt.cfg.pid)
	if lt.cfg.neo4jPID != 0 {
		lt.neoEnd, _ = readProc(lt.cfg.neo4jPID)
	}
	lt.cpuEnd = readCPU()
	lt.loadEnd = loadavg()
	lt.goEnd = lt.goroutines(ctx)
	var err error
	if lt.after, err = lt.scrape(ctx); err != nil && lt.metricsErr == "" {
		lt.metricsErr = err.Error()
	}
	// Let the keep-alive connections go and look again: what is left is
	// what the server keeps when idle.
	lt.http.CloseIdleConnections()
	time.Sleep(5 * time.Second)
	lt.procIdle, _ = readProc(lt.cfg.pid)
	lt.goIdle = lt.goroutines(ctx)
}

// sample reads the server's and Neo4j's processes once a second until the
// function it returns is called.
func (lt *loadTest) sample() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if s, err := readProc(lt.cfg.pid); err == nil {
					s.at = time.Since(lt.started)
					lt.procs = append(lt.procs, s)
				}
				if lt.cfg.neo4jPID == 0 {
					continue
				}
				if s, err := readProc(lt.cfg.neo4jPID); err == nil {
					s.at = time.Since(lt.started)
					lt.neoProcs = append(lt.neoProcs, s)
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// progress logs a line every 10 or 30 s until the function it returns is
// called.
func (lt *loadTest) progress(n *counters) (stop func()) {
	done := make(chan struct{})
	go func() {
		every := 30 * time.Second
		if lt.cfg.duration <= 2*time.Minute {
			every = 10 * time.Second
		}
		t := time.NewTicker(every)
		defer t.Stop()
		last, lastAt := int64(0), time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				s := n.sent.Load()
				p, _ := readProc(lt.cfg.pid)
				lt.logf("%4.0fs  %d requests (%.1f/s now)  %d not as expected  server RSS %d MiB, %d threads  load %s",
					now.Sub(lt.started).Seconds(), s, float64(s-last)/now.Sub(lastAt).Seconds(), n.failed.Load(), p.RSSKB/1024, p.Threads, loadavg())
				last, lastAt = s, now
			}
		}
	}()
	return func() { close(done) }
}

// preflight checks that the server answers and holds the synthetic graph,
// and whether the curated seed is there too.
func (lt *loadTest) preflight(ctx context.Context) error {
	query, last := preflightQuery(lt.cfg.entities)
	status, resp, took, err := lt.send(ctx, request{query: query})
	if err != nil {
		return fmt.Errorf("preflight request: %w", err)
	}
	if status != http.StatusOK || len(resp.Errors) > 0 {
		return fmt.Errorf("preflight request: HTTP %d, errors %+v", status, resp.Errors)
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(resp.Data, &d); err != nil {
		return err
	}
	for i, id := range last {
		if string(d[fmt.Sprintf("e%d", i)]) == "null" {
			return fmt.Errorf("the server's graph has no %s: load the synthetic graph with `survgraph synthetic -entities %d` (or pass -entities to match the one loaded)", id, lt.cfg.entities)
		}
	}
	lt.seed = string(d["seed"]) != "null"
	var st struct{ TotalCount int }
	json.Unmarshal(d["entities"], &st)
	lt.graphEntities = st.TotalCount
	lt.logf("server at %s (pid %d) holds %d entities; synthetic ids present; curated seed present: %v (preflight took %s)",
		lt.cfg.base, lt.cfg.pid, st.TotalCount, lt.seed, took.Round(time.Millisecond))
	return nil
}

// preflightQuery asks for the entity count, whether the seed is there, and
// the last id of each synthetic kind (aliased e0, e1... in the order of the
// ids it gives). Whole-graph counts are slow on a large graph (stats and an
// unfiltered relationships totalCount scan everything), so it asks no more.
func preflightQuery(entities int) (string, []string) {
	var last []string
	for _, k := range synthetic.Counts(entities) {
		if k.N > 0 {
			last = append(last, synthetic.ID(k.Kind, k.N-1))
		}
	}
	sort.Strings(last)
	var q strings.Builder
	q.WriteString(`query Preflight { seed: entity(id: "qosmos") { id } entities(first: 1) { totalCount }`)
	for i, id := range last {
		fmt.Fprintf(&q, " e%d: entity(id: %q) { id }", i, id)
	}
	q.WriteString(" }")
	return q.String(), last
}

// calibrateTransactions sends a few requests of each kind one at a time,
// with nothing else running, and reads survgraph_neo4j_transactions_total
// around each, to give Neo4j transactions per request for every kind. It
// also warms the server and Neo4j up.
func (lt *loadTest) calibrateTransactions(ctx context.Context) {
	lt.calib = map[string]float64{}
	c := &client{r: rand.New(rand.NewPCG(lt.cfg.seed^0xca1, 7)), g: lt.graph, seed: lt.seed}
	for k, kd := range kinds {
		var tx float64
		n := 0
		for range lt.cfg.calibrate {
			m0, err := lt.scrape(ctx)
			if err != nil || !m0.hasTx {
				lt.calibErr = "the server's /metrics has no survgraph_neo4j_transactions_total"
				lt.calib = nil
				return
			}
			res := lt.do(ctx, k, kd.gen(c))
			m1, err := lt.scrape(ctx)
			if err != nil {
				lt.calibErr = err.Error()
				lt.calib = nil
				return
			}
			if res.failure != "" && !(kd.name == "over-limit") {
				lt.logf("calibration: a %s request went wrong: %s: %s", kd.name, res.failure, res.message)
			}
			tx += m1.transactions - m0.transactions
			n++
		}
		lt.calib[kd.name] = tx / float64(n)
	}
	lt.logf("calibrated Neo4j transactions per request of each kind (%d requests each, one at a time)", lt.cfg.calibrate)
}
