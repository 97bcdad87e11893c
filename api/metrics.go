package api

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql/language/ast"
)

// metrics are kept in memory and served at /metrics in the Prometheus text
// format, written by hand to keep the dependency list short.
type metrics struct {
	mu        sync.Mutex
	requests  map[[2]string]int64   // operation, code -> count
	durations map[string]*histogram // operation -> latency
	errors    map[string]int64      // extensions.code -> count
	roundTrip func() int64          // Neo4j transactions so far, when the graph counts them
}

// latencyBuckets are the histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []int64 // per bucket, cumulative when written
	sum    float64
	total  int64
}

func newMetrics(roundTrips func() int64) *metrics {
	return &metrics{requests: map[[2]string]int64{}, durations: map[string]*histogram{}, errors: map[string]int64{}, roundTrip: roundTrips}
}

// observe records one GraphQL request.
func (m *metrics) observe(operation, code string, took time.Duration, errCodes []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{operation, code}]++
	h := m.durations[operation]
	if h == nil {
		h = &histogram{counts: make([]int64, len(latencyBuckets))}
		m.durations[operation] = h
	}
	s := took.Seconds()
	for i, b := range latencyBuckets {
		if s <= b {
			h.counts[i]++
		}
	}
	h.sum += s
	h.total++
	for _, c := range errCodes {
		m.errors[c]++
	}
}

func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP survgraph_requests_total GraphQL requests by operation and HTTP status.\n# TYPE survgraph_requests_total counter\n")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(&b, "survgraph_requests_total{operation=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	b.WriteString("# HELP survgraph_request_duration_seconds GraphQL request latency by operation.\n# TYPE survgraph_request_duration_seconds histogram\n")
	ops := make([]string, 0, len(m.durations))
	for op := range m.durations {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		h := m.durations[op]
		for i, le := range latencyBuckets {
			fmt.Fprintf(&b, "survgraph_request_duration_seconds_bucket{operation=%q,le=\"%g\"} %d\n", op, le, h.counts[i])
		}
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_bucket{operation=%q,le=\"+Inf\"} %d\n", op, h.total)
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_sum{operation=%q} %g\n", op, h.sum)
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_count{operation=%q} %d\n", op, h.total)
	}
	b.WriteString("# HELP survgraph_errors_total GraphQL errors by extensions.code.\n# TYPE survgraph_errors_total counter\n")
	codes := make([]string, 0, len(m.errors))
	for c := range m.errors {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "survgraph_errors_total{code=%q} %d\n", c, m.errors[c])
	}
	if m.roundTrip != nil {
		b.WriteString("# HELP survgraph_neo4j_transactions_total Neo4j transactions opened.\n# TYPE survgraph_neo4j_transactions_total counter\n")
		fmt.Fprintf(&b, "survgraph_neo4j_transactions_total %d\n", m.roundTrip())
	}
	b.WriteString("# HELP go_goroutines Goroutines that currently exist.\n# TYPE go_goroutines gauge\n")
	fmt.Fprintf(&b, "go_goroutines %d\n", runtime.NumGoroutine())
	io.WriteString(w, b.String())
}

// operationName names a request for metrics: its root fields, sorted, such as
// "paths" or "entity+search"; invalid requests are "invalid".
func operationName(doc *ast.Document) string {
	if doc == nil {
		return "invalid"
	}
	seen := map[string]bool{}
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok && op.SelectionSet != nil {
			for _, sel := range op.SelectionSet.Selections {
				if f, ok := sel.(*ast.Field); ok {
					seen[f.Name.Value] = true
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "other"
	}
	if len(names) > 3 {
		return "multiple"
	}
	return strings.Join(names, "+")
}
