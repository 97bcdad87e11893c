package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// counterValue matches the value at the end of a metrics line.
var counterValue = regexp.MustCompile(` [0-9.e+-]+$`)

// metricsShape is /metrics with every value taken out: what stays is the
// set of series.
func metricsShape(t *testing.T, srv http.Handler) []string {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(rec.Body.String()), "\n") {
		out = append(out, counterValue.ReplaceAllString(line, ""))
	}
	return out
}

// TestMetricsLabelsAreBounded sends what a hostile client would to grow
// /metrics: 10,000 distinct invalid documents, every combination of valid
// root fields, errors with codes of their own making. The page keeps its
// series; only counters move.
func TestMetricsLabelsAreBounded(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	// Every series that may exist once: a valid request of one field, an
	// invalid one, a parse failure, and enough combinations to fill the cap.
	post(t, srv, "application/json", query(`{ search(query: "x") { id } }`))
	post(t, srv, "application/json", query(`{ bogus }`))
	post(t, srv, "application/json", query(`{ search(`))
	roots := []string{"entity", "search", "neighborhood", "paths", "timeline", "suppliers", "clients", "entities", "relationships", "stats"}
	args := map[string]string{"entity": `(id: "x") { id }`, "search": `(query: "x") { id }`, "neighborhood": `(id: "x") { truncated }`,
		"paths": `(from: "x", to: "y") { length }`, "timeline": `(id: "x") { date }`, "suppliers": `(of: "x") { length }`,
		"clients": `(of: "x") { length }`, "entities": ` { totalCount }`, "relationships": ` { totalCount }`, "stats": ` { relationships }`}
	combos := 0
	for i, a := range roots {
		for _, b := range roots[i+1:] {
			post(t, srv, "application/json", query(fmt.Sprintf("{ %s%s %s%s }", a, args[a], b, args[b])))
			combos++
		}
	}
	if combos <= maxOperations {
		t.Fatalf("only %d combinations: the test does not reach the cap of %d", combos, maxOperations)
	}
	before := metricsShape(t, srv)

	for i := range 10000 {
		post(t, srv, "application/json", query(fmt.Sprintf("{ bogus%d }", i)))
	}
	for i, a := range roots {
		for _, b := range roots[i+1:] {
			post(t, srv, "application/json", query(fmt.Sprintf("{ %s%s %s%s }", a, args[a], b, args[b])))
		}
	}
	after := metricsShape(t, srv)
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("/metrics grew from %d to %d lines:\n%s", len(before), len(after), strings.Join(after, "\n"))
	}
	for _, want := range []string{`survgraph_requests_total{operation="invalid",status="200"`, `survgraph_requests_total{operation="other",status="200"`,
		`survgraph_requests_total{operation="search",status="200"`} {
		if !strings.Contains(strings.Join(after, "\n"), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// blockingWriter is a reader of /metrics that does not read.
type blockingWriter struct {
	header  http.Header
	release chan struct{}
	writing chan struct{}
}

func (b *blockingWriter) Header() http.Header { return b.header }
func (b *blockingWriter) WriteHeader(int)     {}
func (b *blockingWriter) Write(p []byte) (int, error) {
	close(b.writing)
	<-b.release
	return len(p), nil
}

// TestMetricsReaderDoesNotHoldRequests: while a client is slow to read
// /metrics, requests are still counted (they need the same lock).
func TestMetricsReaderDoesNotHoldRequests(t *testing.T) {
	m := newMetrics(nil, []string{"search"})
	w := &blockingWriter{header: http.Header{}, release: make(chan struct{}), writing: make(chan struct{})}
	defer close(w.release)
	go m.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	<-w.writing
	done := make(chan struct{})
	go func() {
		m.observe("search", "200", time.Millisecond, nil)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a request waited for a slow reader of /metrics")
	}
}
