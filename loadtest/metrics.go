package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type metricsSample struct {
	requests     map[string]float64 // status -> count, summed over operations
	byOperation  map[string]float64 // operation -> count
	errors       map[string]float64 // code -> count
	transactions float64
	hasTx        bool
	goroutines   float64 // go_goroutines, when the server exports it
	hasGo        bool
}

// scrape reads the server's /metrics.
func (lt *loadTest) scrape(ctx context.Context) (metricsSample, error) {
	m := metricsSample{requests: map[string]float64{}, byOperation: map[string]float64{}, errors: map[string]float64{}}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, lt.cfg.metrics+"/metrics", nil)
	res, err := lt.http.Do(req)
	if err != nil {
		return m, fmt.Errorf("reading /metrics: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return m, fmt.Errorf("reading /metrics: HTTP %d", res.StatusCode)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, labels, value, ok := parseMetric(line)
		if !ok {
			continue
		}
		switch name {
		case "survgraph_requests_total":
			m.requests[labels["status"]] += value
			m.byOperation[labels["operation"]] += value
		case "survgraph_errors_total":
			m.errors[labels["code"]] += value
		case "survgraph_neo4j_transactions_total":
			m.transactions, m.hasTx = value, true
		case "go_goroutines":
			m.goroutines, m.hasGo = value, true
		}
	}
	return m, sc.Err()
}

// parseMetric reads one line of the Prometheus text format.
func parseMetric(line string) (name string, labels map[string]string, value float64, ok bool) {
	labels = map[string]string{}
	rest := line
	if i := strings.IndexByte(line, '{'); i >= 0 {
		j := strings.LastIndexByte(line, '}')
		if j < i {
			return "", nil, 0, false
		}
		name, rest = line[:i], strings.TrimSpace(line[j+1:])
		ls := line[i+1 : j]
		for ls != "" {
			eq := strings.IndexByte(ls, '=')
			if eq < 0 || eq+1 >= len(ls) || ls[eq+1] != '"' {
				break
			}
			key := strings.TrimSpace(ls[:eq])
			v, tail, found := strings.Cut(ls[eq+2:], `"`)
			for found && strings.HasSuffix(v, `\`) { // an escaped quote
				var more string
				more, tail, found = strings.Cut(tail, `"`)
				v += `"` + more
			}
			labels[key] = v
			ls = strings.TrimPrefix(strings.TrimSpace(tail), ",")
		}
	} else {
		f := strings.Fields(line)
		if len(f) < 2 {
			return "", nil, 0, false
		}
		name, rest = f[0], f[1]
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return "", nil, 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return "", nil, 0, false
	}
	return name, labels, v, true
}

// goroutines counts the server's goroutines, when it can say: go_goroutines
// in /metrics, or a net/http/pprof endpoint given with -pprof.
func (lt *loadTest) goroutines(ctx context.Context) string {
	if m, err := lt.scrape(ctx); err == nil && m.hasGo {
		return strconv.FormatFloat(m.goroutines, 'f', 0, 64)
	}
	if lt.cfg.pprof == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, lt.cfg.pprof+"/debug/pprof/goroutine?debug=1", nil)
	res, err := lt.http.Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	first, _ := bufio.NewReader(res.Body).ReadString('\n')
	// "goroutine profile: total 42"
	if _, n, ok := strings.Cut(strings.TrimSpace(first), "total "); ok {
		return n
	}
	return ""
}
