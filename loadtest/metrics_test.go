package main

import (
	"context"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseMetric(t *testing.T) {
	for _, tt := range []struct {
		line   string
		name   string
		labels map[string]string
		value  float64
		ok     bool
	}{
		{`survgraph_neo4j_transactions_total 42`, "survgraph_neo4j_transactions_total", map[string]string{}, 42, true},
		{`survgraph_requests_total{operation="search",status="200"} 1`, "survgraph_requests_total",
			map[string]string{"operation": "search", "status": "200"}, 1, true},
		{`survgraph_requests_total{ operation="search", status="400" } 3`, "survgraph_requests_total",
			map[string]string{"operation": "search", "status": "400"}, 3, true},
		// A trailing comma, a timestamp, an exponent.
		{`survgraph_errors_total{code="LIMIT_EXCEEDED",} 1.5e+06 1700000000000`, "survgraph_errors_total",
			map[string]string{"code": "LIMIT_EXCEEDED"}, 1.5e6, true},
		// Braces and commas inside a value; an escaped quote is read over,
		// left as written.
		{`m{path="/a}b,c",q="say \"hi\"",z="1"} 7`, "m", map[string]string{"path": "/a}b,c", "q": `say \"hi\"`, "z": "1"}, 7, true},
		{`go_goroutines 12`, "go_goroutines", map[string]string{}, 12, true},
		{`m{} 2`, "m", map[string]string{}, 2, true},
		{`m +Inf`, "m", map[string]string{}, posInf, true},
		{`m`, "", nil, 0, false},
		{`m{a="b"}`, "", nil, 0, false},
		{`m{a="b" 3`, "", nil, 0, false},
		{`m twelve`, "", nil, 0, false},
		{``, "", nil, 0, false},
	} {
		name, labels, value, ok := parseMetric(tt.line)
		if name != tt.name || !maps.Equal(labels, tt.labels) || value != tt.value || ok != tt.ok {
			t.Errorf("parseMetric(%q) = %q, %v, %v, %v; want %q, %v, %v, %v", tt.line, name, labels, value, ok, tt.name, tt.labels, tt.value, tt.ok)
		}
	}
}

var posInf = math.Inf(1)

// TestScrape reads /metrics as survgraph writes it (api/metrics.go): requests
// are summed by status over operations and by operation over statuses.
func TestScrape(t *testing.T) {
	text := `# HELP survgraph_requests_total GraphQL requests by operation and HTTP status.
# TYPE survgraph_requests_total counter
survgraph_requests_total{operation="search",status="200"} 10
survgraph_requests_total{operation="search",status="400"} 1
survgraph_requests_total{operation="entity",status="200"} 5
# HELP survgraph_errors_total GraphQL errors by extensions.code.
# TYPE survgraph_errors_total counter
survgraph_errors_total{code="LIMIT_EXCEEDED"} 1
survgraph_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 2

survgraph_neo4j_transactions_total 42
survgraph_something_else 9
`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, text)
	}))
	defer srv.Close()
	lt := newLoadTest(config{base: srv.URL, metrics: srv.URL, clients: 1, timeout: 5 * time.Second}, io.Discard)
	m, err := lt.scrape(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]float64{"200": 15, "400": 1}; !maps.Equal(m.requests, want) {
		t.Errorf("requests by status %v, want %v", m.requests, want)
	}
	if want := map[string]float64{"search": 11, "entity": 5}; !maps.Equal(m.byOperation, want) {
		t.Errorf("requests by operation %v, want %v", m.byOperation, want)
	}
	if want := map[string]float64{"LIMIT_EXCEEDED": 1, "GRAPHQL_VALIDATION_FAILED": 2}; !maps.Equal(m.errors, want) {
		t.Errorf("errors %v, want %v", m.errors, want)
	}
	if !m.hasTx || m.transactions != 42 || m.hasGo || m.total() != 16 {
		t.Errorf("transactions %v (%v), goroutines known %v, total %v", m.transactions, m.hasTx, m.hasGo, m.total())
	}
	if g := lt.goroutines(context.Background()); g != "" {
		t.Errorf("goroutines %q from a server that does not say", g)
	}
	lt.cfg.metrics = srv.URL + "/nowhere"
	if _, err := lt.scrape(context.Background()); err == nil {
		t.Error("no error from a /metrics answering 404")
	}
}
