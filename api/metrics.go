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
//
// Every label set is bounded, so that no client can grow the page: a
// document that fails to parse or validate counts as "invalid"; operations
// are named only for validated documents: each root field of the schema
// alone always has its series, and of the combinations of root fields the
// first maxOperations asked (the rest are "other"); statuses are HTTP
// codes; error codes outside knownCodes are "OTHER".
type metrics struct {
	mu        sync.Mutex
	requests  map[[2]string]int64   // operation, code -> count
	durations map[string]*histogram // operation -> latency
	errors    map[string]int64      // extensions.code -> count
	admitted  map[string]bool       // operations with series of their own
	combined  int                   // of which combinations of root fields
	roundTrip func() int64          // Neo4j transactions so far, when the graph counts them
}

// The operation label. A validated operation is named by its root fields,
// so there are a few hundred possible names; single root fields, which the
// explorer and most scripts ask, are admitted from the start, so a client
// walking through the combinations cannot take their places.
const (
	maxOperations  = 40
	otherOperation = "other"
	invalidOp      = "invalid"
	multipleOp     = "multiple"
)

// latencyBuckets are the histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []int64 // per bucket, cumulative when written
	sum    float64
	total  int64
}

// newMetrics starts the counters; rootFields are the query type's fields.
func newMetrics(roundTrips func() int64, rootFields []string) *metrics {
	m := &metrics{requests: map[[2]string]int64{}, durations: map[string]*histogram{}, errors: map[string]int64{},
		admitted: map[string]bool{invalidOp: true, otherOperation: true, multipleOp: true}, roundTrip: roundTrips}
	for _, f := range rootFields {
		m.admitted[f] = true
	}
	return m
}

// label is the operation label a request is counted under. Call with mu held.
func (m *metrics) label(op string) string {
	if m.admitted[op] {
		return op
	}
	if m.combined >= maxOperations {
		return otherOperation
	}
	m.combined++
	m.admitted[op] = true
	return op
}

// observe records one GraphQL request.
func (m *metrics) observe(operation, code string, took time.Duration, errCodes []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	operation = m.label(operation)
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
		if !knownCodes[c] {
			c = "OTHER"
		}
		m.errors[c]++
	}
}

// knownCodes are the extensions.code values survgraph sets.
var knownCodes = func() map[string]bool {
	out := map[string]bool{codeParseFailed: true, codeValidationFailed: true, "BAD_REQUEST": true,
		"RATE_LIMITED": true, "INTROSPECTION_DISABLED": true}
	for _, c := range errorCodes {
		out[c.code] = true
	}
	return out
}()

// snapshot is a copy of the counters, taken under the lock and written
// without it, so that a slow reader of /metrics never holds up requests.
type snapshot struct {
	requests  map[[2]string]int64
	durations map[string]histogram
	errors    map[string]int64
}

func (m *metrics) snapshot() snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := snapshot{requests: make(map[[2]string]int64, len(m.requests)), durations: make(map[string]histogram, len(m.durations)),
		errors: make(map[string]int64, len(m.errors))}
	for k, v := range m.requests {
		s.requests[k] = v
	}
	for k, h := range m.durations {
		s.durations[k] = histogram{counts: append([]int64(nil), h.counts...), sum: h.sum, total: h.total}
	}
	for k, v := range m.errors {
		s.errors[k] = v
	}
	return s
}

func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	w.Header().Set("Cache-Control", "no-store")
	s := m.snapshot()
	var b strings.Builder
	b.WriteString("# HELP survgraph_requests_total GraphQL requests by operation and HTTP status.\n# TYPE survgraph_requests_total counter\n")
	keys := make([][2]string, 0, len(s.requests))
	for k := range s.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(&b, "survgraph_requests_total{operation=%q,status=%q} %d\n", k[0], k[1], s.requests[k])
	}
	b.WriteString("# HELP survgraph_request_duration_seconds GraphQL request latency by operation.\n# TYPE survgraph_request_duration_seconds histogram\n")
	ops := make([]string, 0, len(s.durations))
	for op := range s.durations {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		h := s.durations[op]
		for i, le := range latencyBuckets {
			fmt.Fprintf(&b, "survgraph_request_duration_seconds_bucket{operation=%q,le=\"%g\"} %d\n", op, le, h.counts[i])
		}
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_bucket{operation=%q,le=\"+Inf\"} %d\n", op, h.total)
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_sum{operation=%q} %g\n", op, h.sum)
		fmt.Fprintf(&b, "survgraph_request_duration_seconds_count{operation=%q} %d\n", op, h.total)
	}
	b.WriteString("# HELP survgraph_errors_total GraphQL errors by extensions.code.\n# TYPE survgraph_errors_total counter\n")
	codes := make([]string, 0, len(s.errors))
	for c := range s.errors {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "survgraph_errors_total{code=%q} %d\n", c, s.errors[c])
	}
	if m.roundTrip != nil {
		b.WriteString("# HELP survgraph_neo4j_transactions_total Neo4j transactions opened.\n# TYPE survgraph_neo4j_transactions_total counter\n")
		fmt.Fprintf(&b, "survgraph_neo4j_transactions_total %d\n", m.roundTrip())
	}
	b.WriteString("# HELP go_goroutines Goroutines that currently exist.\n# TYPE go_goroutines gauge\n")
	fmt.Fprintf(&b, "go_goroutines %d\n", runtime.NumGoroutine())
	io.WriteString(w, b.String())
}

// operationName names a validated request for metrics: its root fields,
// sorted, such as "paths" or "entity+search"; "multiple" for more than
// three. The metrics admit a bounded number of these names (see metrics).
func operationName(doc *ast.Document) string {
	if doc == nil {
		return invalidOp
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
		return otherOperation
	}
	if len(names) > 3 {
		return multipleOp
	}
	return strings.Join(names, "+")
}
