package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
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
func (lt *loadTest) publicPick(c *client, pop []popular, total int) (int, request) {
	time.Sleep(time.Duration(c.r.IntN(int(maxThink.Milliseconds()))) * time.Millisecond)
	if c.pct(popularShare) {
		p := pop[c.r.IntN(len(pop))]
		return p.kind, p.req
	}
	n, k := c.r.IntN(total), 0
	for n >= kinds[k].weight {
		n -= kinds[k].weight
		k++
	}
	return k, kinds[k].gen(c)
}

// clientAddr is the address a public client says it calls from.
func clientAddr(i int) string { return fmt.Sprintf("10.%d.%d.1", i/256, i%256) }

// sendGET sends req over GET, as a browser or script reading public data
// does, and returns the proxy's cache status with the answer.
func (lt *loadTest) sendGET(ctx context.Context, req request) (status int, resp gqlResponse, latency time.Duration, cache string, err error) {
	vars, _ := json.Marshal(req.vars)
	u := lt.cfg.base + "/graphql?query=" + url.QueryEscape(req.query)
	if len(req.vars) > 0 {
		u += "&variables=" + url.QueryEscape(string(vars))
	}
	ctx, cancel := context.WithTimeout(ctx, lt.cfg.timeout)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
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

// cacheSection reports what the proxy served from its cache, and how
// many requests reached survgraph.
func (r *report) cacheSection(w func(string, ...any)) {
	lt := r.lt
	by := map[string]int{}
	var hits, fresh latencies
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
			fresh = append(fresh, res.latency)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i] < hits[j] })
	sort.Slice(fresh, func(i, j int) bool { return fresh[i] < fresh[j] })
	n := len(lt.results)
	w("\n## Through the cache\n\n")
	w("%d clients, each waiting 0 to %d ms between requests; %d%% of requests repeat one of %d popular requests, the rest follow the mix below; every request is a GET through nginx (deploy/nginx/survgraph.conf).\n\n",
		lt.cfg.clients, maxThink.Milliseconds(), popularShare, popularCount)
	w("| nginx cache status | requests | share |\n|---|---:|---:|\n")
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w("| %s | %d | %.1f%% |\n", k, by[k], 100*float64(by[k])/float64(max(n, 1)))
	}
	served := by["HIT"] + by["STALE"] + by["UPDATING"]
	w("\nCache hit ratio (HIT, STALE and UPDATING: answered by nginx without asking survgraph): **%.1f%%**; with REVALIDATED (survgraph answered 304): %.1f%%.\n",
		100*float64(served)/float64(max(n, 1)), 100*float64(served+by["REVALIDATED"])/float64(max(n, 1)))
	w("Latency of cache hits p50 %s ms, p99 %s ms; of the rest p50 %s ms, p99 %s ms.\n", ms(hits.pct(0.5)), ms(hits.pct(0.99)), ms(fresh.pct(0.5)), ms(fresh.pct(0.99)))
	if o := lt.after.total() - lt.before.total(); lt.metricsErr == "" {
		w("GraphQL requests that reached survgraph (its /metrics): %.0f of %d sent (%.1f%%).\n", o, n, 100*o/float64(max(n, 1)))
	}
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
