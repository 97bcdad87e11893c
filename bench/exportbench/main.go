// Command exportbench measures survgraph serve while many clients download
// the whole graph at once: the server's resident memory, and the latency of
// a normal query sent meanwhile. `make bench-exports` runs it against a
// fresh server on the 100,000-entity synthetic graph, so the first download
// also builds the file, and writes docs/benchmarks-exports.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "exportbench:", err)
		os.Exit(1)
	}
}

// normalQuery is the query timed during the downloads: an entity page, the
// explorer's most common request.
const normalQuery = `query($id: ID!) { entity(id: $id) { id name relationships(first: 20) { totalCount nodes { type from { id name } to { id name } } } } }`

type result struct {
	downloads     []download
	queries       []time.Duration
	queryFailures int
	rss           []int64 // KiB, sampled
	peak          int64   // VmHWM, KiB
	began         time.Time
	took          time.Duration
}

type download struct {
	status int
	bytes  int64
	took   time.Duration
	err    error
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("exportbench", flag.ContinueOnError)
	base := fl.String("url", "", "the server, such as http://127.0.0.1:8080")
	pid := fl.Int("pid", 0, "the server's process id, to read its memory")
	n := fl.Int("downloads", 20, "concurrent whole-graph downloads")
	format := fl.String("format", "graphml", "export format")
	id := fl.String("id", "syn-company-0000001", "the entity the normal query reads")
	out := fl.String("out", "", "also write the Markdown report here")
	command := fl.String("command", "", "the command that ran this, for the report")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *base == "" || *pid == 0 {
		return fmt.Errorf("give -url and -pid")
	}
	r := measure(ctx, *base, *pid, *n, *format, *id)
	report := r.markdown(*n, *format, *command)
	fmt.Fprint(stdout, report)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
			return err
		}
	}
	for _, d := range r.downloads {
		if d.err != nil || d.status != 200 {
			return fmt.Errorf("a download failed: %d %v", d.status, d.err)
		}
	}
	return nil
}

// measure runs the downloads, and meanwhile samples the server's memory
// every 200 ms and sends the normal query every 500 ms.
func measure(ctx context.Context, base string, pid, n int, format, id string) result {
	r := result{began: time.Now()}
	done := make(chan struct{})
	var mu sync.Mutex
	var bg sync.WaitGroup
	bg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
			}
			if kib, ok := status(pid, "VmRSS"); ok {
				mu.Lock()
				r.rss = append(r.rss, kib)
				mu.Unlock()
			}
		}
	})
	vars, _ := json.Marshal(map[string]string{"id": id})
	q := base + "/graphql?query=" + url.QueryEscape(normalQuery) + "&variables=" + url.QueryEscape(string(vars))
	// Untimed: the first asking of a statement has Neo4j plan it.
	for range 3 {
		if resp, err := http.Get(q); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	bg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(500 * time.Millisecond):
			}
			began := time.Now()
			resp, err := http.Get(q)
			took := time.Since(began)
			mu.Lock()
			if err != nil || resp.StatusCode != 200 {
				r.queryFailures++
			} else {
				r.queries = append(r.queries, took)
			}
			mu.Unlock()
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	})
	r.downloads = make([]download, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			began := time.Now()
			resp, err := http.Get(base + "/export?scope=all&format=" + format)
			d := download{err: err}
			if err == nil {
				d.status = resp.StatusCode
				d.bytes, d.err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			d.took = time.Since(began)
			r.downloads[i] = d
		})
	}
	wg.Wait()
	close(done)
	bg.Wait()
	r.took = time.Since(r.began)
	r.peak, _ = status(pid, "VmHWM")
	return r
}

// status reads a /proc/PID/status field in KiB.
func status(pid int, field string) (int64, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func (r result) markdown(n int, format, command string) string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w("# Whole-graph exports under load\n\nGenerated by `make bench-exports` (bench/exportbench); the numbers are as measured, on a machine shared with other work.\n\n")
	w("| | |\n|---|---|\n| date | %s |\n| command | `%s` |\n| downloads | %d at once, `GET /export?scope=all&format=%s`, to a server just started (the first request builds the file) |\n| normal query | an entity page (`entity` with 20 relationships), every 500 ms during the downloads |\n\n",
		r.began.UTC().Format("2006-01-02 15:04:05 UTC"), command, n, format)
	var maxRSS int64
	for _, k := range r.rss {
		maxRSS = max(maxRSS, k)
	}
	var took []time.Duration
	var bytes int64
	for _, d := range r.downloads {
		took = append(took, d.took)
		bytes = max(bytes, d.bytes)
	}
	w("| | |\n|---|---:|\n| server RSS, highest sample (every 200 ms) | **%.1f MiB** |\n| server peak RSS (VmHWM) | **%.1f MiB** |\n", float64(maxRSS)/1024, float64(r.peak)/1024)
	w("| file size | %.1f MiB |\n| downloads, fastest / slowest | %s / %s s |\n", float64(bytes)/(1<<20), fmt.Sprintf("%.1f", percentile(took, 0).Seconds()), fmt.Sprintf("%.1f", percentile(took, 1).Seconds()))
	slow := 0
	for _, d := range r.queries {
		if d > time.Second {
			slow++
		}
	}
	w("| normal queries answered | %d (%d failed, %d over 1 s) |\n| normal query p50 / p99 / max | %s / %s / **%s ms** |\n| whole run | %.1f s |\n",
		len(r.queries), r.queryFailures, slow, ms(percentile(r.queries, 0.5)), ms(percentile(r.queries, 0.99)), ms(percentile(r.queries, 1)), r.took.Seconds())
	w("\nThe normal query is asked three times, untimed, before the downloads start, so that Neo4j has planned it.\n")
	return b.String()
}
