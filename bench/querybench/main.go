// Command querybench times every worked example of docs/queries.md against
// a running survgraph: after a warm-up, it sends each example n times, one
// request at a time, and prints a Markdown table of the latency per example
// (p50, p99, max, over every timed request, failed ones included), its
// errors, and whether the answer still holds the facts the page shows.
// `make bench` runs it (see bench/run.sh).
//
//	querybench -url http://127.0.0.1:8080 -n 50
//
// It exits with status 2 when a request failed (after printing the table).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/survgraph/survgraph/docs/queriestest"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "the survgraph server's base address (the part before /graphql)")
	doc := flag.String("doc", "docs/queries.md", "the Markdown file holding the examples")
	n := flag.Int("n", 50, "timed requests per example")
	warmup := flag.Int("warmup", 5, "untimed requests per example before timing")
	timeout := flag.Duration("timeout", 30*time.Second, "per-request timeout")
	title := flag.String("title", "", "a heading printed above the table")
	only := flag.String("run", "", "only the examples whose name contains this")
	flag.Parse()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "querybench: -n must be at least 1")
		os.Exit(1)
	}
	failed, err := run(os.Stdout, *url, *doc, *only, *title, *n, *warmup, *timeout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "querybench:", err)
		os.Exit(1)
	}
	if failed {
		os.Exit(2)
	}
}

// result is what one example measured.
type result struct {
	name       string
	kind       string
	latencies  []time.Duration // of every timed request, failed ones included
	errors     int
	firstError string
	bytes      int
	documented string // "yes", "no" or "error"
	why        string // why not, when documented is "no"
}

func run(w io.Writer, base, doc, only, title string, n, warmup int, timeout time.Duration) (failed bool, err error) {
	examples, err := queriestest.ParseFile(doc)
	if err != nil {
		return false, err
	}
	if only != "" {
		examples = slices.DeleteFunc(examples, func(e queriestest.Example) bool { return !strings.Contains(e.Name, only) })
	}
	if len(examples) == 0 {
		return false, fmt.Errorf("no examples in %s", doc)
	}
	client := &http.Client{Timeout: timeout}
	ctx := context.Background()
	base = strings.TrimSuffix(strings.TrimSuffix(base, "/"), "/graphql")

	if title != "" {
		fmt.Fprintf(w, "## %s\n\n", title)
	}
	if size := graphSize(ctx, client, base); size != "" {
		fmt.Fprintf(w, "Graph: %s. ", size)
	}
	fmt.Fprintf(w, "%d examples, each sent %d times, one request at a time, after %d untimed warm-up requests.\n\n", len(examples), n, warmup)

	var results []result
	for _, ex := range examples {
		r := result{name: ex.Name, kind: ex.Kind}
		for range warmup {
			queriestest.Fetch(ctx, client, base, ex)
		}
		// Whether the answer still holds the documented facts: once, untimed.
		body, _, err := queriestest.Fetch(ctx, client, base, ex)
		var data any
		if err == nil {
			data, err = queriestest.Answer(ex, body)
		}
		switch {
		case err != nil:
			r.documented = "error"
		case queriestest.Match(ex.Expected, data) != nil:
			r.documented, r.why = "no", queriestest.Match(ex.Expected, data).Error()
		default:
			r.documented = "yes"
		}
		for range n {
			start := time.Now()
			body, _, err := queriestest.Fetch(ctx, client, base, ex)
			elapsed := time.Since(start)
			if err == nil {
				_, err = queriestest.Answer(ex, body) // untimed: GraphQL errors count as errors
			}
			r.latencies = append(r.latencies, elapsed)
			if err != nil {
				r.errors++
				if r.firstError == "" {
					r.firstError = err.Error()
				}
				continue
			}
			r.bytes = len(body)
		}
		failed = failed || r.errors > 0
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "querybench: %-40s p50 %8s  p99 %8s  errors %d\n", ex.Name,
			ms(percentile(r.latencies, 0.50)), ms(percentile(r.latencies, 0.99)), r.errors)
	}

	fmt.Fprintln(w, "| example | request | p50 (ms) | p99 (ms) | max (ms) | errors | answer (bytes) | as documented |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for _, r := range results {
		req := "POST /graphql"
		if r.kind == "http" {
			req = "GET /export"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d of %d | %d | %s |\n", r.name, req,
			ms(percentile(r.latencies, 0.50)), ms(percentile(r.latencies, 0.99)), ms(percentile(r.latencies, 1)),
			r.errors, n, r.bytes, r.documented)
	}
	var notes []string
	for _, r := range results {
		if r.firstError != "" {
			notes = append(notes, fmt.Sprintf("- %s: %d errors; the first: %s", r.name, r.errors, oneLine(r.firstError)))
		}
		if r.documented == "no" {
			notes = append(notes, fmt.Sprintf("- %s: the answer differs from docs/queries.md: %s", r.name, oneLine(r.why)))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(notes, "\n"))
	}
	fmt.Fprintln(w)
	return failed, nil
}

// graphSize asks the server for the graph's counts, or returns "" if it
// cannot: stats first, then the lists' totals (stats may time out on a large
// graph).
func graphSize(ctx context.Context, c *http.Client, base string) string {
	for _, q := range []string{
		"{ stats { entities relationships } }",
		"{ entities(first: 1) { totalCount } relationships(first: 1) { totalCount } }",
	} {
		ex := queriestest.Example{Name: "size", Kind: "graphql", Query: q}
		body, _, err := queriestest.Fetch(ctx, c, base, ex)
		if err != nil {
			continue
		}
		var resp struct {
			Data struct {
				Stats         *struct{ Entities, Relationships int }
				Entities      *struct{ TotalCount int }
				Relationships *struct{ TotalCount int }
			}
			Errors []any
		}
		if json.Unmarshal(body, &resp) != nil || len(resp.Errors) > 0 {
			continue
		}
		d := resp.Data
		switch {
		case d.Stats != nil:
			return fmt.Sprintf("%s entities, %s relationships", thousands(d.Stats.Entities), thousands(d.Stats.Relationships))
		case d.Entities != nil && d.Relationships != nil:
			return fmt.Sprintf("%s entities, %s relationships", thousands(d.Entities.TotalCount), thousands(d.Relationships.TotalCount))
		}
	}
	return ""
}

// percentile is the nearest-rank percentile p (0 < p <= 1) of ds, or -1
// when ds is empty.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return -1
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string {
	if d < 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:297] + "..."
	}
	return strings.ReplaceAll(s, "|", "\\|")
}
