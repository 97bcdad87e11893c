package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/internal/procstat"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata")

// fixtureResults is a fixed result set with one of every case the report
// tells apart: answered requests of every kind and several shapes, over-limit
// requests refused and not, a 5xx, a client timeout, a request past the
// server's deadline, and messages a Markdown cell must escape.
func fixtureResults() []result {
	shapes := []string{"plain", "depth 2, types", "where {from}, order START ASC", "next page", "kinds"}
	var rs []result
	for i := range 120 {
		rs = append(rs, result{
			at:      time.Duration(i) * 500 * time.Millisecond,
			kind:    i % 9,
			latency: time.Duration(5+(i*37)%400)*time.Millisecond + time.Duration(i*13)*time.Microsecond,
			status:  200,
			shape:   shapes[(i/9)%len(shapes)],
			vars:    fmt.Sprintf(`{"first":20,"id":"syn-company-%07d"}`, i),
		})
	}
	limit := func(at time.Duration, shape string) result {
		return result{at: at, kind: 9, latency: 2 * time.Millisecond, status: 400, codes: []string{"LIMIT_EXCEEDED"},
			message: "the query asks for 500 items; the limit is 100", shape: shape, vars: "null"}
	}
	rs = append(rs,
		limit(3*time.Second, "TooMany"),
		limit(13*time.Second, "TooDeep"),
		limit(33*time.Second, "TooMany"),
		result{at: 41 * time.Second, kind: 9, latency: 900 * time.Millisecond, status: 200,
			failure: "over-limit request not refused with LIMIT_EXCEEDED (HTTP 200, codes [])", shape: "TooDeep", vars: `{"id":"syn-person-0000012"}`},
		result{at: 17 * time.Second, kind: 3, latency: 1234567 * time.Microsecond, status: 503, codes: []string{"UNAVAILABLE"},
			failure: "HTTP 503, codes [UNAVAILABLE]", message: "Neo4j is unavailable", shape: "maxHops 4", vars: `{"from":"syn-company-0000001","maxHops":4,"to":"syn-government-0000002"}`},
		result{at: 22 * time.Second, kind: 7, latency: 15 * time.Second, status: 0,
			failure: "client timeout", message: "no answer within 15s", shape: "where {periodFrom, periodUntil, toCountries, types}", vars: `{"where":{"types":["SUPPLIED"]}}`},
		result{at: 27 * time.Second, kind: 4, latency: 10020 * time.Millisecond, status: 400, codes: []string{"BAD_USER_INPUT"},
			failure: "server deadline passed: HTTP 400, codes [BAD_USER_INPUT]", message: "context deadline exceeded", shape: "from, until", vars: `{"from":"2001","of":"syn-government-0000003","until":"2005"}`},
		result{at: 52 * time.Second, kind: 0, latency: 7 * time.Millisecond, status: 200, codes: []string{"INTERNAL", "(no code)"},
			failure: "HTTP 200, codes [INTERNAL (no code)]", message: "a | pipe\nand a newline", shape: "kinds",
			vars: `{"q":"` + strings.Repeat("long text ", 25) + `"}`},
	)
	return rs
}

// proc is a process sample; CPU time in ticks of 10 ms, as /proc counts it.
func proc(at time.Duration, rssKB, peakKB int64, threads int, ticks int64) procSample {
	return procSample{at: at, Stat: procstat.Stat{RSSKB: rssKB, PeakRSSKB: peakKB, Threads: threads, CPU: time.Duration(ticks) * 10 * time.Millisecond}}
}

func fixtureLoadTest(profile string) *loadTest {
	started := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	lt := &loadTest{
		cfg: config{base: "http://127.0.0.1:43210", clients: 5, duration: 60 * time.Second, timeout: 15 * time.Second,
			pid: 4242, neo4jPID: 4343, entities: 2000, seed: 1, command: "make load-test LOAD_CLIENTS=5 LOAD_DURATION=60s",
			neo4j: "bolt://127.0.0.1:7702", graph: "survgraph checksum: entities 2000 relationships 6000", serverLog: "testdata/server.log",
			calibrate: 3, profile: profile},
		seed:          true,
		machine:       "Test CPU @ 2.00GHz, 8 cores, 31.2 GiB memory, Linux 6.1.0-test, go1.26.8; the load generator, survgraph and Neo4j share the machine",
		cores:         8,
		started:       started,
		ended:         started.Add(61500 * time.Millisecond),
		graphEntities: 2007,
		loadStart:     "0.52 0.40 0.33",
		loadEnd:       "3.10 1.20 0.61",
		procStart:     proc(0, 30000, 31000, 9, 120),
		procEnd:       proc(0, 81234, 90111, 14, 4120),
		procIdle:      proc(0, 60000, 90500, 12, 4130),
		neoStart:      proc(0, 900000, 0, 0, 10000),
		neoEnd:        proc(0, 1100000, 0, 0, 19000),
		cpuStart:      procstat.CPUTimes{Busy: 1000, Total: 8000},
		cpuEnd:        procstat.CPUTimes{Busy: 30000, Total: 57000},
		inFlightAtEnd: 3,
		before: metricsSample{requests: map[string]float64{"200": 100, "400": 2}, errors: map[string]float64{"LIMIT_EXCEEDED": 2},
			transactions: 500, hasTx: true},
		after: metricsSample{requests: map[string]float64{"200": 220, "400": 8, "503": 1}, errors: map[string]float64{"LIMIT_EXCEEDED": 5, "BAD_USER_INPUT": 1, "UNAVAILABLE": 1},
			transactions: 980, hasTx: true},
		results: fixtureResults(),
	}
	for s := range 60 {
		at := time.Duration(s)*time.Second + 100*time.Millisecond
		lt.procs = append(lt.procs, proc(at, int64(40000+700*s), int64(41000+700*s), 10+s%5, int64(120+66*s)))
		lt.neoProcs = append(lt.neoProcs, proc(at, int64(900000+3000*s), 0, 0, int64(10000+150*s)))
	}
	if profile == "public" {
		// The other branches: no calibration, no Neo4j process, no server
		// log, goroutines known, no transaction counter.
		lt.cfg.calibrate, lt.cfg.neo4jPID, lt.cfg.serverLog = 0, 0, ""
		lt.calibErr = "the server's /metrics has no survgraph_neo4j_transactions_total"
		lt.goStart, lt.goEnd, lt.goIdle = "12", "57", "14"
		lt.before.hasTx, lt.after.hasTx = false, false
		lt.inFlightAtEnd = 0
		caches := []string{"HIT", "MISS", "HIT", "EXPIRED", "HIT", "", "REVALIDATED", "HIT", "STALE", "UPDATING"}
		for i := range lt.results {
			lt.results[i].cache = caches[i%len(caches)]
		}
	} else if profile == "passing" {
		// A run that passed, without /metrics or a calibration.
		var ok []result
		for _, r := range lt.results {
			if r.failure == "" {
				ok = append(ok, r)
			}
		}
		lt.results, lt.cfg.profile = ok, "direct"
		lt.metricsErr = "reading /metrics: HTTP 404"
	} else {
		lt.calib = map[string]float64{"search": 1, "entity": 2, "neighborhood": 1.6666666, "paths": 3, "suppliers": 2.3333333,
			"entities": 1, "relationships": 1, "stats": 4, "timeline": 2, "over-limit": 0}
	}
	return lt
}

func TestReportMatchesGolden(t *testing.T) {
	for _, tt := range []struct{ profile, golden string }{
		{"direct", "testdata/report.golden.md"},
		{"public", "testdata/report-public.golden.md"},
		{"passing", "testdata/report-passing.golden.md"},
	} {
		got := fixtureLoadTest(tt.profile).report().markdown()
		if *update {
			if err := os.WriteFile(tt.golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(tt.golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s profile: the report differs from %s (go test ./loadtest -update rewrites it):\n%s", tt.profile, tt.golden, firstDiff(string(want), got))
		}
	}
}

// firstDiff shows the first line where two texts part.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, wl, gl)
		}
	}
	return "(same lines)"
}

func TestPercentiles(t *testing.T) {
	ms := func(ns ...int) latencies {
		var l latencies
		for _, n := range ns {
			l = append(l, time.Duration(n)*time.Millisecond)
		}
		return l
	}
	var hundred latencies
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		name string
		l    latencies
		p    float64
		want time.Duration
	}{
		{"none", nil, .5, 0},
		{"none, max", latencies{}, 1, 0},
		{"one value, p50", ms(7), .5, 7 * time.Millisecond},
		{"one value, p99", ms(7), .99, 7 * time.Millisecond},
		{"one value, max", ms(7), 1, 7 * time.Millisecond},
		{"p0 is the least", ms(1, 2, 3), 0, time.Millisecond},
		{"two values, p50 is the lower", ms(1, 2), .5, time.Millisecond},
		{"two values, p51 is the upper", ms(1, 2), .51, 2 * time.Millisecond},
		{"ten values, p90", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), .9, 9 * time.Millisecond},
		{"ten values, p99 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), .99, 10 * time.Millisecond},
		{"a third of three is the first", ms(1, 2, 3), 1.0 / 3, time.Millisecond},
		{"hundred, p50", hundred, .5, 50 * time.Millisecond},
		{"hundred, p99", hundred, .99, 99 * time.Millisecond},
		{"hundred, max", hundred, 1, 100 * time.Millisecond},
		// 100 × 0.07 is 7.000000000000001 in floating point: still the 7th,
		// where a plain ceiling would take the 8th.
		{"hundred, p7 despite rounding", hundred, .07, 7 * time.Millisecond},
	} {
		if got := tt.l.pct(tt.p); got != tt.want {
			t.Errorf("%s: pct(%v) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

// TestTimingSorts checks that percentiles of unsorted latencies come out
// right: pct wants them sorted, timingOf sorts them.
func TestTimingSorts(t *testing.T) {
	l := latencies{9, 1, 5, 3, 7, 2, 8, 4, 10, 6}
	got := timingOf(l)
	if want := (timing{P50: 5, P90: 9, P99: 10, Max: 10}); got != want {
		t.Errorf("timingOf = %+v, want %+v", got, want)
	}
	if ms(0) != "–" || ms(1234567*time.Microsecond) != "1234.6" {
		t.Errorf("ms(0) = %q, ms(1.2345670 s) = %q", ms(0), ms(1234567*time.Microsecond))
	}
}
