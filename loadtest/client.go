package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

// result is one request's outcome.
type result struct {
	at      time.Duration // since the load started, when it was sent
	kind    int
	latency time.Duration
	status  int      // 0: no HTTP response
	codes   []string // extensions.code of each error
	failure string   // "" when it went as it should; otherwise why not
	message string   // the first error message, for the report
	shape   string   // the request's shape: which arguments it used
	vars    string   // its variables, as JSON, for the slowest and failed requests
	cache   string   // the proxy's X-Cache-Status (public profile)
}

// shapeOf names a request's shape from the arguments it uses, so the report
// can say which shapes are slow: "depth 2, types", "where {from}, order
// START, next page"...
func shapeOf(req request) string {
	var parts []string
	keys := slices.Sorted(maps.Keys(req.vars))
	for _, k := range keys {
		v := req.vars[k]
		switch k {
		case "id", "q", "of", "from", "to", "first":
			if k == "from" || k == "to" {
				if s, ok := v.(string); ok && !strings.HasPrefix(s, "syn-") {
					parts = append(parts, "curated endpoint")
				}
			}
		case "depth", "maxHops":
			parts = append(parts, fmt.Sprintf("%s %v", k, v))
		case "after":
			parts = append(parts, "next page")
		case "where":
			if w, ok := v.(map[string]any); ok {
				parts = append(parts, "where {"+strings.Join(slices.Sorted(maps.Keys(w)), ", ")+"}")
			}
		case "orderBy":
			if o, ok := v.(map[string]any); ok {
				parts = append(parts, fmt.Sprintf("order %v %v", o["field"], o["direction"]))
			}
		default:
			parts = append(parts, k)
		}
	}
	if req.overLimit {
		// The operation's name, without its variables: TooMany, TooDeep.
		q := strings.FieldsFunc(req.query, func(r rune) bool { return r == ' ' || r == '(' || r == '{' })
		if len(q) > 1 {
			parts = append([]string{q[1]}, parts...)
		}
	}
	if len(parts) == 0 {
		return "plain"
	}
	return strings.Join(parts, ", ")
}

func (lt *loadTest) send(ctx context.Context, req request) (status int, resp gqlResponse, latency time.Duration, err error) {
	body, err := json.Marshal(map[string]any{"query": req.query, "variables": req.vars})
	if err != nil {
		return 0, resp, 0, fmt.Errorf("encoding the request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lt.cfg.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, lt.cfg.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return 0, resp, 0, fmt.Errorf("the request: %w", err)
	}
	hr.Header.Set("Content-Type", "application/json")
	began := time.Now()
	res, err := lt.http.Do(hr)
	if err != nil {
		return 0, resp, time.Since(began), err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	latency = time.Since(began)
	if err != nil {
		return res.StatusCode, resp, latency, err
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		return res.StatusCode, resp, latency, fmt.Errorf("the body is not a GraphQL response: %.80q", b)
	}
	return res.StatusCode, resp, latency, nil
}

func (lt *loadTest) do(ctx context.Context, k int, req request) result {
	var status int
	var resp gqlResponse
	var latency time.Duration
	var err error
	var cache string
	if lt.cfg.profile == "public" {
		status, resp, latency, cache, err = lt.sendGET(ctx, req)
	} else {
		status, resp, latency, err = lt.send(ctx, req)
	}
	r := result{kind: k, latency: latency, status: status, shape: shapeOf(req), cache: cache}
	if b, err := json.Marshal(req.vars); err == nil {
		r.vars = string(b)
	}
	for _, e := range resp.Errors {
		code := e.Extensions.Code
		if code == "" {
			code = "(no code)"
		}
		r.codes = append(r.codes, code)
		if r.message == "" {
			r.message = e.Message
		}
	}
	switch {
	case err != nil && ctx.Err() == nil && isTimeout(err):
		r.failure = "client timeout"
		r.status = 0
		r.message = fmt.Sprintf("no answer within %s", lt.cfg.timeout)
	case err != nil:
		r.failure = "transport error"
		r.message = err.Error()
	case req.overLimit:
		only := len(r.codes) > 0
		for _, c := range r.codes {
			only = only && c == "LIMIT_EXCEEDED"
		}
		if !only || status < 400 || status >= 500 {
			r.failure = fmt.Sprintf("over-limit request not refused with LIMIT_EXCEEDED (HTTP %d, codes %v)", status, r.codes)
		}
	case status != http.StatusOK || len(r.codes) > 0:
		r.failure = fmt.Sprintf("HTTP %d, codes %v", status, r.codes)
		if strings.Contains(r.message, "deadline exceeded") || slices.Contains(r.codes, "TIMEOUT") {
			r.failure = "server deadline passed: " + r.failure
		}
	default:
		if req.onData != nil {
			req.onData(resp.Data)
		}
	}
	return r
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// startClients starts the clients; the function it returns waits for them
// and gives each one's results.
func (lt *loadTest) startClients(ctx context.Context, n *counters) (wait func() [][]result) {
	deadline := lt.started.Add(lt.cfg.duration)
	perClient := make([][]result, lt.cfg.clients)
	var pop []popular
	if lt.cfg.profile == "public" {
		pop = lt.popularRequests()
	}
	var wg sync.WaitGroup
	for i := range lt.cfg.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			perClient[i] = lt.clientLoop(ctx, i, deadline, pop, n)
		}()
	}
	return func() [][]result { wg.Wait(); return perClient }
}

// clientLoop is client i: it sends its next request as soon as the last one
// is answered (after a reader's pause in the public profile) until the
// deadline.
func (lt *loadTest) clientLoop(ctx context.Context, i int, deadline time.Time, pop []popular, n *counters) []result {
	c := &client{r: rand.New(rand.NewPCG(lt.cfg.seed, uint64(i)+1)), g: lt.graph, seed: lt.seed}
	// Stagger the start over the first second, like users arriving.
	time.Sleep(time.Duration(c.r.IntN(1000)) * time.Millisecond)
	var out []result
	for time.Now().Before(deadline) {
		var k int
		var req request
		if pop != nil {
			k, req = lt.publicPick(c, pop)
			req.from = clientAddr(i)
		} else {
			k = c.pickKind()
			req = kinds[k].gen(c)
		}
		at := time.Since(lt.started)
		n.inFlight.Add(1)
		res := lt.do(ctx, k, req)
		n.inFlight.Add(-1)
		res.at = at
		out = append(out, res)
		n.sent.Add(1)
		if res.failure != "" {
			n.failed.Add(1)
		}
	}
	return out
}
