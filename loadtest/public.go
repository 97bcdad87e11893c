package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// The public profile (-profile public): many readers behind a caching
// proxy. Each client waits a moment between requests, as a reader does,
// asks over GET (what a cache keeps), names itself in X-Forwarded-For (the
// proxy appends its own address, which survgraph trusts, so each client has
// its own rate limit), and 80% of its requests repeat one of a fixed set of
// popular requests; the rest are the usual mix.

// Public profile settings.
const (
	popularShare = 80
	popularCount = 100
	maxThink     = 400 * time.Millisecond
)

// popular is one of the requests many readers ask.
type popular struct {
	kind int
	req  request
}

// popularRequests draws the popular set from the usual mix, the same on
// every run, first pages only, and never the deliberate over-limit kind.
func (lt *loadTest) popularRequests() []popular {
	r := rand.New(rand.NewPCG(lt.cfg.seed, 0xC0FFEE))
	total := 0
	for _, k := range kinds {
		if k.name != "over-limit" {
			total += k.weight
		}
	}
	var out []popular
	for len(out) < popularCount {
		n, k := r.IntN(total), 0
		for kinds[k].name == "over-limit" || n >= kinds[k].weight {
			if kinds[k].name != "over-limit" {
				n -= kinds[k].weight
			}
			k++
		}
		c := &client{r: rand.New(rand.NewPCG(lt.cfg.seed, uint64(len(out))+0xBEEF)), g: lt.graph, seed: lt.seed}
		req := kinds[k].gen(c)
		req.onData = nil // shared by every client: it must not keep a cursor
		out = append(out, popular{kind: k, req: req})
	}
	return out
}

// publicPick chooses a public client's next request, after its think time.
func (lt *loadTest) publicPick(c *client, pop []popular) (int, request) {
	time.Sleep(time.Duration(c.r.IntN(int(maxThink.Milliseconds()))) * time.Millisecond)
	if c.pct(popularShare) {
		p := pop[c.r.IntN(len(pop))]
		return p.kind, p.req
	}
	k := c.pickKind()
	return k, kinds[k].gen(c)
}

// clientAddr is the address a public client says it calls from.
func clientAddr(i int) string { return fmt.Sprintf("10.%d.%d.1", i/256, i%256) }

// sendGET sends req over GET, as a browser or script reading public data
// does, and returns the proxy's cache status with the answer.
func (lt *loadTest) sendGET(ctx context.Context, req request) (status int, resp gqlResponse, latency time.Duration, cache string, err error) {
	vars, err := json.Marshal(req.vars)
	if err != nil {
		return 0, resp, 0, "", fmt.Errorf("encoding the variables: %w", err)
	}
	u := lt.cfg.base + "/graphql?query=" + url.QueryEscape(req.query)
	if len(req.vars) > 0 {
		u += "&variables=" + url.QueryEscape(string(vars))
	}
	ctx, cancel := context.WithTimeout(ctx, lt.cfg.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, resp, 0, "", fmt.Errorf("the request: %w", err)
	}
	if req.from != "" {
		hr.Header.Set("X-Forwarded-For", req.from)
	}
	began := time.Now()
	res, err := lt.http.Do(hr)
	if err != nil {
		return 0, resp, time.Since(began), "", err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	latency = time.Since(began)
	cache = res.Header.Get("X-Cache-Status")
	if err != nil {
		return res.StatusCode, resp, latency, cache, err
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		return res.StatusCode, resp, latency, cache, fmt.Errorf("the body is not a GraphQL response: %.80q", b)
	}
	return res.StatusCode, resp, latency, cache, nil
}

// cacheData is what the proxy served from its cache, and how many
// requests reached survgraph.
type cacheData struct {
	Clients, Sent              int
	MaxThinkMS                 int64
	PopularShare, PopularCount int
	Statuses                   []cacheRow
	HitRatio, WithRevalidated  float64 // percent
	Hits, Rest                 timing
	Reached                    float64 // GraphQL requests survgraph counted
	ReachedShare               float64 // percent of those sent
	MetricsRead                bool
}

type cacheRow struct {
	Status string
	N      int
	Share  float64 // percent
}

func (r *report) cacheData() *cacheData {
	lt := r.lt
	by := map[string]int{}
	var hits, rest latencies
	for _, res := range lt.results {
		c := res.cache
		if c == "" {
			c = "(none)"
		}
		by[c]++
		if res.status == 0 {
			continue
		}
		if res.cache == "HIT" {
			hits = append(hits, res.latency)
		} else {
			rest = append(rest, res.latency)
		}
	}
	n := len(lt.results)
	share := func(k int) float64 { return 100 * float64(k) / float64(max(n, 1)) }
	d := &cacheData{Clients: lt.cfg.clients, Sent: n, MaxThinkMS: maxThink.Milliseconds(), PopularShare: popularShare, PopularCount: popularCount,
		Hits: timingOf(hits), Rest: timingOf(rest), MetricsRead: lt.metricsErr == ""}
	for _, k := range slices.Sorted(maps.Keys(by)) {
		d.Statuses = append(d.Statuses, cacheRow{k, by[k], share(by[k])})
	}
	served := by["HIT"] + by["STALE"] + by["UPDATING"]
	d.HitRatio, d.WithRevalidated = share(served), share(served+by["REVALIDATED"])
	d.Reached = lt.after.total() - lt.before.total()
	d.ReachedShare = 100 * d.Reached / float64(max(n, 1))
	return d
}

// total is every GraphQL request the server counted.
func (m metricsSample) total() float64 {
	var t float64
	for _, v := range m.requests {
		t += v
	}
	return t
}

// profileNote is what the report says of the clients.
func (lt *loadTest) profileNote() string {
	if lt.cfg.profile == "public" {
		return fmt.Sprintf("%d, each waiting 0 to %d ms after each answer; GETs through nginx, %d%% of them popular requests", lt.cfg.clients, maxThink.Milliseconds(), popularShare)
	}
	return fmt.Sprintf("%d, each sending its next request as soon as the last one is answered", lt.cfg.clients)
}
