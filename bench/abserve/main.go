// Command abserve times one GraphQL query against two or more running
// servers in turns (A B A B …) and prints, for each, the median over the
// rounds of its throughput, p50 and p99 latency, and, when given their
// process ids, its own CPU time and Neo4j's per request. It is how the
// before-and-after figures of docs/performance.md were measured: build the
// two versions, start both against the same Neo4j, and run
//
//	abserve -query 'query($id: ID!) { entity(id: $id) { name } }' -variables '{"id":"qosmos"}' \
//	    -server before=http://127.0.0.1:8291@PID1 -server after=http://127.0.0.1:8293@PID2 \
//	    -neo4j-pid PID3 -c 8 -duration 5s -rounds 4
//
// Every answer must be HTTP 200 without errors; the first that is not stops
// the run with exit status 1. Each round starts with the next server in
// turn, so that drift in the machine's load falls on all of them alike.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/survgraph/survgraph/internal/procstat"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "abserve:", err)
		os.Exit(1)
	}
}

// server is one system under test.
type server struct {
	name, url string
	pid       int // 0: CPU not measured
}

// parseServer reads name=URL or name=URL@PID.
func parseServer(s string) (server, error) {
	name, rest, ok := strings.Cut(s, "=")
	if !ok || name == "" || rest == "" {
		return server{}, fmt.Errorf("-server %q: want name=URL or name=URL@PID", s)
	}
	srv := server{name: name, url: strings.TrimRight(rest, "/")}
	if at := strings.LastIndexByte(rest, '@'); at > 0 {
		pid, err := strconv.Atoi(rest[at+1:])
		if err != nil || pid <= 0 {
			return server{}, fmt.Errorf("-server %q: %q is not a process id", s, rest[at+1:])
		}
		srv.url, srv.pid = strings.TrimRight(rest[:at], "/"), pid
	}
	if !strings.HasPrefix(srv.url, "http://") && !strings.HasPrefix(srv.url, "https://") {
		return server{}, fmt.Errorf("-server %q: the URL must start with http:// or https://", s)
	}
	return srv, nil
}

type serverFlags []server

func (f *serverFlags) String() string { return fmt.Sprint(len(*f)) }
func (f *serverFlags) Set(s string) error {
	srv, err := parseServer(s)
	if err == nil {
		*f = append(*f, srv)
	}
	return err
}

func run(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("abserve", flag.ContinueOnError)
	var servers serverFlags
	fl.Var(&servers, "server", "a server to time, name=URL or name=URL@PID (its base URL, before /graphql); give two or more")
	query := fl.String("query", "", "the GraphQL query")
	variables := fl.String("variables", "{}", "its variables, as a JSON object")
	concurrency := fl.Int("c", 1, "clients sending requests back to back")
	duration := fl.Duration("duration", 5*time.Second, "how long each server is timed in each round")
	rounds := fl.Int("rounds", 5, "rounds")
	neo4jPID := fl.Int("neo4j-pid", 0, "Neo4j's process id, to report its CPU per request")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if len(servers) < 2 || *query == "" || *concurrency < 1 || *rounds < 1 || *duration <= 0 {
		return errors.New("give -query, two or more -server, and positive -c, -duration and -rounds")
	}
	var vars map[string]any
	if err := json.Unmarshal([]byte(*variables), &vars); err != nil {
		return fmt.Errorf("-variables: %w", err)
	}
	body, _ := json.Marshal(map[string]any{"query": *query, "variables": vars})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *concurrency}}
	turns := make([][]turn, len(servers))
	for round := range *rounds {
		for k := range servers {
			i := (k + round) % len(servers)
			t, err := time1(client, servers[i], body, *concurrency, *duration, *neo4jPID)
			if err != nil {
				return fmt.Errorf("%s, round %d: %w", servers[i].name, round+1, err)
			}
			turns[i] = append(turns[i], t)
		}
	}
	fmt.Fprintf(stdout, "%d rounds of %s per server, %d clients; medians over the rounds\n\n", *rounds, *duration, *concurrency)
	fmt.Fprintln(stdout, "| server | req/s | p50 ms | p99 ms | server CPU ms/req | Neo4j CPU ms/req | req/s by round |")
	fmt.Fprintln(stdout, "|---|--:|--:|--:|--:|--:|---|")
	for i, s := range servers {
		ts := turns[i]
		pick := func(f func(turn) float64) float64 {
			v := make([]float64, len(ts))
			for j, t := range ts {
				v[j] = f(t)
			}
			return median(v)
		}
		byRound := make([]string, len(ts))
		for j, t := range ts {
			byRound[j] = fmt.Sprintf("%.1f", t.rps)
		}
		cpu := func(f func(turn) float64, measured bool) string {
			if !measured {
				return "–"
			}
			return fmt.Sprintf("%.2f", pick(f))
		}
		fmt.Fprintf(stdout, "| %s | %.1f | %.2f | %.2f | %s | %s | %s |\n", s.name, pick(func(t turn) float64 { return t.rps }),
			pick(func(t turn) float64 { return t.p50 }), pick(func(t turn) float64 { return t.p99 }),
			cpu(func(t turn) float64 { return t.serverCPU }, s.pid > 0), cpu(func(t turn) float64 { return t.neo4jCPU }, *neo4jPID > 0),
			strings.Join(byRound, " "))
	}
	return nil
}

// turn is one server's figures in one round.
type turn struct {
	rps, p50, p99       float64
	serverCPU, neo4jCPU float64 // ms per request
}

// time1 has c clients post body to s back to back for d.
func time1(client *http.Client, s server, body []byte, c int, d time.Duration, neo4jPID int) (turn, error) {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	serverCPU0, neo4jCPU0 := processCPU(s.pid), processCPU(neo4jPID)
	start := time.Now()
	stop := start.Add(d)
	var mu sync.Mutex
	var latencies []time.Duration
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				t0 := time.Now()
				if err := post(ctx, client, s.url+"/graphql", body); err != nil {
					cancel(err)
					return
				}
				l := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, l)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return turn{}, err
	}
	elapsed := time.Since(start)
	n := len(latencies)
	if n == 0 {
		return turn{}, errors.New("no request finished")
	}
	slices.Sort(latencies)
	perRequest := func(t time.Duration) float64 { return float64(t.Microseconds()) / 1000 / float64(n) }
	return turn{
		rps:       float64(n) / elapsed.Seconds(),
		p50:       ms(nearestRank(latencies, 50)),
		p99:       ms(nearestRank(latencies, 99)),
		serverCPU: perRequest(processCPU(s.pid) - serverCPU0),
		neo4jCPU:  perRequest(processCPU(neo4jPID) - neo4jCPU0),
	}, nil
}

func post(ctx context.Context, client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var answer struct {
		Errors []any `json:"errors"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &answer) != nil || len(answer.Errors) > 0 {
		return fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, b)
	}
	return nil
}

// nearestRank is the p-th percentile of sorted latencies, nearest rank.
func nearestRank(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// processCPU is the CPU time of process pid so far; 0 for pid 0 or when it
// cannot be read.
func processCPU(pid int) time.Duration {
	st, err := procstat.Read(pid)
	if err != nil {
		return 0
	}
	return st.CPU
}
