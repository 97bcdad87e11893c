// Command loadtest is the load generator behind `make load-test`: it runs C
// concurrent clients for a duration against a running survgraph's /graphql
// on a loopback address, with a query mix shaped like the explorer's and
// scripts' traffic over the 100,000-entity synthetic graph, and writes a
// Markdown report: throughput, latency percentiles overall and per query
// kind, errors by HTTP status and by extensions.code, the server process's
// memory and threads, and Neo4j transactions per request from /metrics.
//
// It uses the standard library only and talks to loopback addresses only.
// See loadtest/README.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
}

type config struct {
	base       string // http://127.0.0.1:PORT
	clients    int
	duration   time.Duration
	timeout    time.Duration
	pid        int
	neo4jPID   int
	entities   int
	seed       uint64
	out        string
	command    string
	neo4j      string
	graph      string
	serverLog  string
	pprof      string
	calibrate  int
	failOnErrs bool
	profile    string // "direct" or "public" (public.go)
	metrics    string // base URL of /metrics, when not the server's own
}

func run() error {
	var cfg config
	flag.StringVar(&cfg.base, "url", "", "the server's base URL on a loopback address, such as http://127.0.0.1:8080 (required)")
	flag.IntVar(&cfg.clients, "clients", 50, "concurrent clients")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Minute, "how long to send requests")
	flag.DurationVar(&cfg.timeout, "timeout", 15*time.Second, "client timeout per request (the server's own deadline is 10 s)")
	flag.IntVar(&cfg.pid, "pid", 0, "the server's process id (default: the process listening on the URL's port)")
	flag.IntVar(&cfg.neo4jPID, "neo4j-pid", 0, "Neo4j's process id, to report its CPU and memory (default: the process listening on -neo4j's port, when that is a loopback bolt:// address)")
	flag.IntVar(&cfg.entities, "entities", 100000, "entities of the synthetic graph, to derive its ids (survgraph synthetic -entities)")
	flag.Uint64Var(&cfg.seed, "seed", 1, "random seed of the query mix")
	flag.StringVar(&cfg.out, "out", "", "also write the Markdown report to this file")
	flag.StringVar(&cfg.command, "command", "", "the command line to print in the report (default: this program's)")
	flag.StringVar(&cfg.neo4j, "neo4j", "", "the Neo4j the server uses, for the report only")
	flag.StringVar(&cfg.graph, "graph", "", "a description of the graph for the report, such as the output of survgraph checksum")
	flag.StringVar(&cfg.serverLog, "server-log", "", "the server's log file, to count its WARN and ERROR lines")
	flag.StringVar(&cfg.pprof, "pprof", "", "base URL of the server's net/http/pprof, if it has one, to count goroutines")
	flag.IntVar(&cfg.calibrate, "calibrate", 3, "requests per kind sent one at a time before the load, to measure Neo4j transactions per request of each kind (0: skip)")
	flag.StringVar(&cfg.profile, "profile", "direct", "direct: closed-loop POSTs to the server; public: readers with think time sending GETs through a caching proxy at -url, 80% of them popular requests (loadtest/public.go)")
	flag.StringVar(&cfg.metrics, "metrics", "", "base URL of the server's /metrics when it is not at -url (an admin listener)")
	flag.BoolVar(&cfg.failOnErrs, "fail", true, "exit with status 1 when the run saw a 5xx, a transport error or an error other than the deliberate LIMIT_EXCEEDED")
	flag.Parse()
	if cfg.base == "" {
		return errors.New("-url is required")
	}
	cfg.base = strings.TrimRight(cfg.base, "/")
	if err := loopbackOnly(cfg.base); err != nil {
		return err
	}
	if cfg.metrics == "" {
		cfg.metrics = cfg.base
	}
	if err := loopbackOnly(cfg.metrics); err != nil {
		return err
	}
	if cfg.profile != "direct" && cfg.profile != "public" {
		return fmt.Errorf("-profile %q: use direct or public", cfg.profile)
	}
	if cfg.pprof != "" {
		cfg.pprof = strings.TrimRight(cfg.pprof, "/")
		if err := loopbackOnly(cfg.pprof); err != nil {
			return err
		}
	}
	if cfg.clients < 1 || cfg.duration <= 0 || cfg.timeout <= 0 {
		return errors.New("-clients, -duration and -timeout must be positive")
	}
	if cfg.command == "" {
		cfg.command = strings.Join(os.Args, " ")
	}
	if cfg.pid == 0 {
		pid, err := findListener(cfg.base)
		if err != nil {
			return fmt.Errorf("finding the server's process (pass -pid): %w", err)
		}
		cfg.pid = pid
	}
	if _, err := readProc(cfg.pid); err != nil {
		return fmt.Errorf("server process %d: %w", cfg.pid, err)
	}
	if cfg.neo4jPID == 0 && cfg.neo4j != "" {
		if u, err := url.Parse(cfg.neo4j); err == nil && u.Scheme == "bolt" && loopbackOnly("http://"+u.Host) == nil {
			cfg.neo4jPID, _ = findListener("http://" + u.Host)
		}
	}

	lt := newLoadTest(cfg)
	rep, err := lt.run()
	if err != nil {
		return err
	}
	text := rep.markdown()
	fmt.Print(text)
	if cfg.out != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(cfg.out, []byte(text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "loadtest: wrote %s\n", cfg.out)
	}
	if cfg.failOnErrs && !rep.passed() {
		fmt.Fprintln(os.Stderr, "loadtest: FAILED: see the verdict in the report")
		os.Exit(1)
	}
	return nil
}

// loopbackOnly refuses any URL whose host is not a loopback address: the load
// test must never send its traffic anywhere else.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", raw, err)
	}
	if u.Scheme != "http" {
		return fmt.Errorf("%s: only http:// on a loopback address is supported", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s: %q is not a loopback address; the load test only talks to 127.0.0.0/8, ::1 or localhost", raw, host)
	}
	return nil
}

// ---------------------------------------------------------------------------
// The synthetic graph's ids, mirrored from package synthetic.

// kindShare mirrors synthetic.kindShare: parts per 100 of the non-source
// entities; sources are entities/20; person gets the remainder.
var kindShare = []struct {
	slug, name string
	share      int
}{
	{"company", "Company", 30}, {"government", "Government", 5}, {"agency", "Agency", 15}, {"product", "Product", 15},
	{"project", "Project", 5}, {"legal-action", "LegalAction", 5}, {"organization", "Organization", 5}, {"person", "Person", 10},
}

type synKind struct {
	slug, name string
	n          int
}

type synGraph struct {
	kinds   []synKind // every kind but source
	sources int
	bySlug  map[string]synKind
	total   int // non-source entities
}

func newSynGraph(entities int) synGraph {
	g := synGraph{bySlug: map[string]synKind{}}
	g.sources = max(1, entities/20)
	rest := max(0, entities-g.sources)
	used := 0
	for i, ks := range kindShare {
		n := rest * ks.share / 100
		if i == len(kindShare)-1 {
			n = rest - used
		}
		used += n
		k := synKind{ks.slug, ks.name, n}
		g.kinds = append(g.kinds, k)
		g.bySlug[ks.slug] = k
		g.total += n
	}
	g.bySlug["source"] = synKind{"source", "Source", g.sources}
	return g
}

func (g synGraph) id(slug string, i int) string { return fmt.Sprintf("syn-%s-%07d", slug, i) }

// randomID is any non-source entity, uniformly.
func (g synGraph) randomID(r *rand.Rand) string {
	i := r.IntN(g.total)
	for _, k := range g.kinds {
		if i < k.n {
			return g.id(k.slug, i)
		}
		i -= k.n
	}
	return g.id("company", 0)
}

func (g synGraph) randomOf(r *rand.Rand, slug string) string {
	k := g.bySlug[slug]
	return g.id(slug, r.IntN(max(1, k.n)))
}

// ---------------------------------------------------------------------------
// The query mix.

// Real entities of the curated seed, used when the Neo4j holds it.
var realIDs = []string{"qosmos", "syria-government", "hacking-team", "amesys", "gamma-international", "nso-group", "blue-coat"}
var realNames = []string{"qosmos", "hacking team", "gamma", "amesys", "blue coat", "nso", "finfisher", "trovicor", "sandvine", "area", "cellebrite", "netsweeper"}

var relTypes = []string{"SUPPLIED", "MAKES", "DEPLOYED", "PART_OF", "PARTNERED_WITH", "TARGETS", "FILED_BY", "REPRESENTS", "USED_IN", "COMMISSIONED"}
var statuses = []string{"ALLEGED", "REPORTED", "CONFIRMED", "DENIED", "ADJUDICATED"}
var countries = []string{"FR", "DE", "GB", "IT", "US", "IL", "CN", "RU", "AE", "SA", "EG", "SY", "BH", "MX", "ET", "MA", "SD", "IR", "BY", "GR"}
var entityKinds = []string{"COMPANY", "GOVERNMENT", "AGENCY", "PRODUCT", "PROJECT", "LEGAL_ACTION", "ORGANIZATION", "PERSON", "SOURCE"}

// request is one GraphQL request and, for list pages, what to do with the
// answer (remember the cursor).
type request struct {
	from      string // the client's address, for X-Forwarded-For (public profile)
	query     string
	vars      map[string]any
	overLimit bool // must be refused with LIMIT_EXCEEDED
	onData    func(json.RawMessage)
}

type kind struct {
	name   string
	weight int
	gen    func(c *client) request
}

// The mix, in parts per 100.
var kinds = []kind{
	{"search", 18, genSearch},
	{"entity", 20, genEntity},
	{"neighborhood", 12, genNeighborhood},
	{"paths", 10, genPaths},
	{"suppliers", 8, genSuppliers},
	{"entities", 10, genEntities},
	{"relationships", 10, genRelationships},
	{"stats", 4, genStats},
	{"timeline", 6, genTimeline},
	{"over-limit", 2, genOverLimit},
}

// client is one simulated user; it keeps the cursors of the lists it pages
// through, so list requests follow real cursors.
type client struct {
	r        *rand.Rand
	g        synGraph
	seed     bool // the curated seed is in the graph
	entPage  *page
	relsPage *page
}

type page struct {
	vars  map[string]any
	after string
	left  int // pages still to read in this session
}

func (c *client) pct(p int) bool { return c.r.IntN(100) < p }

func (c *client) pickOf(xs []string) string { return xs[c.r.IntN(len(xs))] }

// entityID is mostly synthetic, sometimes a real entity when the seed is there.
func (c *client) entityID() string {
	if c.seed && c.pct(10) {
		return c.pickOf(realIDs)
	}
	if c.pct(5) {
		return c.g.randomOf(c.r, "source")
	}
	return c.g.randomID(c.r)
}

const entityFields = `id kind name country countryName description aliases
  ... on Company { hqCity founded website }
  ... on Product { category }
  ... on Government { regime }
  ... on LegalAction { actionType filed decided jurisdiction }
  ... on Source { title publisher publishedAt url sourceType }`

func genSearch(c *client) request {
	var q string
	switch n := c.r.IntN(100); {
	case n < 25:
		q = c.pickOf(realNames)
	case n < 60: // an exact synthetic name
		k := c.g.kinds[c.r.IntN(len(c.g.kinds))]
		q = fmt.Sprintf("Synthetic %s %d", k.name, c.r.IntN(max(1, k.n)))
	case n < 80: // a prefix typed so far
		k := c.g.kinds[c.r.IntN(len(c.g.kinds))]
		q = fmt.Sprintf("synthetic %s %d", strings.ToLower(k.name), c.r.IntN(max(1, k.n/100)))
	default: // an alias
		k := c.g.kinds[c.r.IntN(len(c.g.kinds))]
		q = fmt.Sprintf("Syn %s %d", k.name, c.r.IntN(max(1, k.n)))
	}
	vars := map[string]any{"q": q, "first": 10 + 10*c.r.IntN(2)}
	if c.pct(30) {
		vars["kinds"] = []string{c.pickOf(entityKinds)}
	}
	return request{query: `query Search($q: String!, $first: Int, $kinds: [EntityKind!]) {
  search(query: $q, first: $first, kinds: $kinds) { ` + entityFields + ` }
}`, vars: vars}
}

func genEntity(c *client) request {
	vars := map[string]any{"id": c.entityID(), "first": 20}
	if c.pct(20) {
		vars["types"] = []string{c.pickOf(relTypes)}
	}
	if c.pct(10) {
		vars["asOf"] = fmt.Sprintf("%d", 2000+c.r.IntN(20))
	}
	return request{query: `query Entity($id: ID!, $first: Int, $types: [RelationshipType!], $asOf: Date) {
  entity(id: $id) {
    ` + entityFields + `
    citations { stance quote locator source { id title publisher publishedAt url } }
    relationships(first: $first, types: $types, asOf: $asOf) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id type status start end summary amount currency
        from { id kind name } to { id kind name }
        citations { stance quote source { id title publisher publishedAt url } }
      }
    }
  }
}`, vars: vars}
}

func genNeighborhood(c *client) request {
	depth := 1
	if c.pct(35) {
		depth = 2
	}
	vars := map[string]any{"id": c.entityID(), "depth": depth}
	if c.pct(30) {
		vars["types"] = []string{"SUPPLIED", "MAKES", c.pickOf(relTypes)}
	}
	if c.pct(15) {
		vars["asOf"] = fmt.Sprintf("%d-%02d-01", 2000+c.r.IntN(20), 1+c.r.IntN(12))
	}
	return request{query: `query Neighborhood($id: ID!, $depth: Int, $types: [RelationshipType!], $asOf: Date) {
  neighborhood(id: $id, depth: $depth, types: $types, asOf: $asOf) {
    nodes { id kind name country }
    relationships { id type status start end from { id } to { id } }
    truncated
  }
}`, vars: vars}
}

func genPaths(c *client) request {
	from, to := c.g.randomID(c.r), c.g.randomID(c.r)
	switch n := c.r.IntN(100); {
	case n < 30: // vendor to client, the usual question
		from, to = c.g.randomOf(c.r, "company"), c.g.randomOf(c.r, "government")
	case n < 40 && c.seed:
		from, to = "qosmos", "syria-government"
	}
	hops := 3 + c.r.IntN(2)
	return request{query: `query Paths($from: ID!, $to: ID!, $maxHops: Int) {
  paths(from: $from, to: $to, maxHops: $maxHops) {
    length
    nodes { id kind name }
    relationships {
      type status start end summary
      from { id name } to { id name }
      citations { stance quote source { title publisher publishedAt url } }
    }
    explanation { status start end disjoint }
  }
}`, vars: map[string]any{"from": from, "to": to, "maxHops": hops}}
}

func genSuppliers(c *client) request {
	vars := map[string]any{"of": c.g.randomOf(c.r, "government")}
	if c.pct(40) {
		y := 1998 + c.r.IntN(18)
		vars["from"], vars["until"] = strconv.Itoa(y), strconv.Itoa(y+2+c.r.IntN(6))
	}
	if c.pct(20) {
		vars["minStatus"] = c.pickOf(statuses[1:3])
	}
	return request{query: `query Suppliers($of: ID!, $from: Date, $until: Date, $minStatus: ClaimStatus) {
  suppliers(of: $of, from: $from, until: $until, minStatus: $minStatus) {
    length
    nodes { id kind name }
    relationships { type status start end citations { source { publisher } } }
    explanation { status start end disjoint sources { title publisher publishedAt } }
  }
}`, vars: vars}
}

// nextPage returns the variables of the next list page: it goes on with the
// current paging session while it lasts, or starts a new one from fresh().
func (c *client) nextPage(p **page, fresh func() map[string]any) map[string]any {
	if *p == nil || (*p).after == "" || (*p).left <= 0 {
		*p = &page{vars: fresh(), left: 1 + c.r.IntN(5)}
	}
	vars := map[string]any{}
	for k, v := range (*p).vars {
		vars[k] = v
	}
	if (*p).after != "" {
		vars["after"] = (*p).after
	}
	(*p).left--
	return vars
}

// remember keeps the cursor of the page just read, or ends the session.
func remember(p *page, data json.RawMessage, field string) {
	var d map[string]struct {
		PageInfo struct {
			EndCursor   *string `json:"endCursor"`
			HasNextPage bool    `json:"hasNextPage"`
		} `json:"pageInfo"`
	}
	if json.Unmarshal(data, &d) != nil || !d[field].PageInfo.HasNextPage || d[field].PageInfo.EndCursor == nil {
		p.after = ""
		return
	}
	p.after = *d[field].PageInfo.EndCursor
}

func genEntities(c *client) request {
	vars := c.nextPage(&c.entPage, func() map[string]any {
		v := map[string]any{"first": []int{20, 50, 100}[c.r.IntN(3)]}
		if c.pct(60) {
			v["kind"] = c.pickOf(entityKinds[:8])
		}
		w := map[string]any{}
		if c.pct(40) {
			w["countries"] = []string{c.pickOf(countries)}
		}
		if c.pct(15) {
			w["text"] = fmt.Sprintf("synthetic %s %d", strings.ToLower(kindShare[c.r.IntN(len(kindShare))].name), c.r.IntN(100))
		}
		if len(w) > 0 {
			v["where"] = w
		}
		if c.pct(50) {
			dir := "ASC"
			if c.pct(30) {
				dir = "DESC"
			}
			v["orderBy"] = map[string]any{"field": c.pickOf([]string{"ID", "NAME", "COUNTRY"}), "direction": dir}
		}
		return v
	})
	p := c.entPage
	return request{query: `query Entities($first: Int, $after: String, $kind: EntityKind, $where: EntityFilter, $orderBy: EntityOrder) {
  entities(first: $first, after: $after, kind: $kind, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { cursor node { id kind name country } }
  }
}`, vars: vars, onData: func(d json.RawMessage) { remember(p, d, "entities") }}
}

func genRelationships(c *client) request {
	vars := c.nextPage(&c.relsPage, func() map[string]any {
		v := map[string]any{"first": []int{20, 50, 100}[c.r.IntN(3)]}
		w := map[string]any{}
		switch n := c.r.IntN(100); {
		case n < 25:
			w["types"] = []string{"SUPPLIED"}
			if c.pct(50) {
				w["toCountries"] = []string{c.pickOf(countries)}
			}
		case n < 40:
			w["from"] = c.g.randomOf(c.r, "company")
		case n < 55:
			w["to"] = c.g.randomOf(c.r, "government")
		case n < 70:
			y := 1998 + c.r.IntN(18)
			w["types"] = []string{c.pickOf(relTypes)}
			w["periodFrom"], w["periodUntil"] = strconv.Itoa(y), strconv.Itoa(y+3)
		case n < 85:
			w["statuses"] = []string{c.pickOf(statuses)}
		}
		if len(w) > 0 {
			v["where"] = w
		}
		if c.pct(50) {
			dir := "ASC"
			if c.pct(40) {
				dir = "DESC"
			}
			v["orderBy"] = map[string]any{"field": c.pickOf([]string{"ID", "START", "STATUS"}), "direction": dir}
		}
		return v
	})
	p := c.relsPage
	return request{query: `query Relationships($first: Int, $after: String, $where: RelationshipFilter, $orderBy: RelationshipOrder) {
  relationships(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { cursor node {
      id type status start end
      from { id name } to { id name }
      citations { stance source { id title } }
    } }
  }
}`, vars: vars, onData: func(d json.RawMessage) { remember(p, d, "relationships") }}
}

func genStats(c *client) request {
	w := map[string]any{}
	switch n := c.r.IntN(100); {
	case n < 30:
	case n < 70:
		w["types"] = []string{"SUPPLIED"}
		y := 1998 + c.r.IntN(16)
		w["periodFrom"], w["periodUntil"] = strconv.Itoa(y), strconv.Itoa(y+6)
		w["toCountries"] = []string{c.pickOf(countries), c.pickOf(countries)}
	default:
		w["statuses"] = []string{c.pickOf(statuses)}
	}
	vars := map[string]any{}
	if len(w) > 0 {
		vars["where"] = w
	}
	return request{query: `query Stats($where: RelationshipFilter) {
  stats(where: $where) {
    entities relationships
    byKind { value count } byCountry { value count } byType { value count } byStatus { value count }
    byYear { value count } byProductCategory { value count } vendorsByCountry { value count }
  }
}`, vars: vars}
}

func genTimeline(c *client) request {
	return request{query: `query Timeline($id: ID!) {
  timeline(id: $id) {
    date kind summary
    entity { id name }
    relationship { id type status }
    citations { stance source { title publisher publishedAt } }
  }
}`, vars: map[string]any{"id": c.entityID()}}
}

// genOverLimit asks for more than the API allows; it must be refused with
// LIMIT_EXCEEDED before it costs anything.
func genOverLimit(c *client) request {
	if c.pct(50) {
		return request{overLimit: true, query: `query TooMany { entities(first: 500) { nodes { id name } } }`}
	}
	return request{overLimit: true, query: `query TooDeep($id: ID!) {
  neighborhood(id: $id, depth: 9) { nodes { id } truncated }
}`, vars: map[string]any{"id": c.g.randomID(c.r)}}
}

// ---------------------------------------------------------------------------
// Sending and classifying.

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
	keys := sortedKeys(req.vars)
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
				parts = append(parts, "where {"+strings.Join(sortedKeys(w), ", ")+"}")
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
		q := strings.Fields(req.query)
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
	body, _ := json.Marshal(map[string]any{"query": req.query, "variables": req.vars})
	ctx, cancel := context.WithTimeout(ctx, lt.cfg.timeout)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, http.MethodPost, lt.cfg.base+"/graphql", bytes.NewReader(body))
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

// ---------------------------------------------------------------------------
// The run.

type procSample struct {
	at       time.Duration
	rssKiB   int64
	hwmKiB   int64
	threads  int
	cpuTicks int64
}

type metricsSample struct {
	requests     map[string]float64 // status -> count, summed over operations
	byOperation  map[string]float64 // operation -> count
	errors       map[string]float64 // code -> count
	transactions float64
	hasTx        bool
	goroutines   float64 // go_goroutines, when the server exports it
	hasGo        bool
}

type loadTest struct {
	cfg   config
	http  *http.Client
	graph synGraph
	seed  bool

	// filled by run
	started, ended               time.Time
	graphEntities                int
	calib                        map[string]float64 // kind -> transactions per request, measured alone
	calibErr                     string
	before, after                metricsSample
	metricsErr                   string
	procStart, procEnd, procIdle procSample
	procs                        []procSample
	neoStart, neoEnd             procSample
	neoProcs                     []procSample
	cpuStart, cpuEnd             cpuTimes
	goStart, goEnd, goIdle       string
	loadStart, loadEnd           string
	results                      []result
	inFlightAtEnd                int64
}

func newLoadTest(cfg config) *loadTest {
	tr := &http.Transport{
		Proxy:               nil, // loopback only, never through a proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        cfg.clients * 2,
		MaxIdleConnsPerHost: cfg.clients * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &loadTest{cfg: cfg, http: &http.Client{Transport: tr, Timeout: cfg.timeout}, graph: newSynGraph(cfg.entities)}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
}

func (lt *loadTest) run() (*report, error) {
	ctx := context.Background()
	if err := lt.preflight(ctx); err != nil {
		return nil, err
	}
	if lt.cfg.calibrate > 0 {
		lt.calibrateTransactions(ctx)
	}

	var err error
	if lt.before, err = lt.scrape(ctx); err != nil {
		lt.metricsErr = err.Error()
	}
	lt.goStart = lt.goroutines(ctx)
	lt.loadStart = loadavg()
	lt.procStart, _ = readProc(lt.cfg.pid)
	if lt.cfg.neo4jPID != 0 {
		lt.neoStart, _ = readProc(lt.cfg.neo4jPID)
	}
	lt.cpuStart = readCPU()

	// Sample the server process once a second while the load runs.
	stopSampling := make(chan struct{})
	var samplerDone sync.WaitGroup
	samplerDone.Add(1)
	lt.started = time.Now()
	go func() {
		defer samplerDone.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				if s, err := readProc(lt.cfg.pid); err == nil {
					s.at = time.Since(lt.started)
					lt.procs = append(lt.procs, s)
				}
				if lt.cfg.neo4jPID != 0 {
					if s, err := readProc(lt.cfg.neo4jPID); err == nil {
						s.at = time.Since(lt.started)
						lt.neoProcs = append(lt.neoProcs, s)
					}
				}
			}
		}
	}()

	var sent, failed, inFlight atomic.Int64
	deadline := lt.started.Add(lt.cfg.duration)
	perClient := make([][]result, lt.cfg.clients)
	var wg sync.WaitGroup
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	var pop []popular
	if lt.cfg.profile == "public" {
		pop = lt.popularRequests()
	}
	for i := range lt.cfg.clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := &client{r: rand.New(rand.NewPCG(lt.cfg.seed, uint64(i)+1)), g: lt.graph, seed: lt.seed}
			// Stagger the start over the first second, like users arriving.
			time.Sleep(time.Duration(c.r.IntN(1000)) * time.Millisecond)
			for time.Now().Before(deadline) {
				var k int
				var req request
				if pop != nil {
					k, req = lt.publicPick(c, pop, total)
					req.from = clientAddr(i)
				} else {
					n := c.r.IntN(total)
					for n >= kinds[k].weight {
						n -= kinds[k].weight
						k++
					}
					req = kinds[k].gen(c)
				}
				at := time.Since(lt.started)
				inFlight.Add(1)
				res := lt.do(ctx, k, req)
				inFlight.Add(-1)
				res.at = at
				perClient[i] = append(perClient[i], res)
				sent.Add(1)
				if res.failure != "" {
					failed.Add(1)
				}
			}
		}(i)
	}

	// Progress on stderr.
	progressDone := make(chan struct{})
	go func() {
		every := 30 * time.Second
		if lt.cfg.duration <= 2*time.Minute {
			every = 10 * time.Second
		}
		t := time.NewTicker(every)
		defer t.Stop()
		last, lastAt := int64(0), time.Now()
		for {
			select {
			case <-progressDone:
				return
			case now := <-t.C:
				s := sent.Load()
				p, _ := readProc(lt.cfg.pid)
				logf("%4.0fs  %d requests (%.1f/s now)  %d not as expected  server RSS %d MiB, %d threads  load %s",
					now.Sub(lt.started).Seconds(), s, float64(s-last)/now.Sub(lastAt).Seconds(), failed.Load(), p.rssKiB/1024, p.threads, loadavg())
				last, lastAt = s, now
			}
		}
	}()
	time.Sleep(time.Until(deadline))
	lt.inFlightAtEnd = inFlight.Load()
	wg.Wait() // each client finishes its request in flight, bounded by the client timeout
	lt.ended = time.Now()
	close(progressDone)
	close(stopSampling)
	samplerDone.Wait()

	lt.procEnd, _ = readProc(lt.cfg.pid)
	if lt.cfg.neo4jPID != 0 {
		lt.neoEnd, _ = readProc(lt.cfg.neo4jPID)
	}
	lt.cpuEnd = readCPU()
	lt.loadEnd = loadavg()
	lt.goEnd = lt.goroutines(ctx)
	if lt.after, err = lt.scrape(ctx); err != nil && lt.metricsErr == "" {
		lt.metricsErr = err.Error()
	}
	// Let the keep-alive connections go and look again: what is left is
	// what the server keeps when idle.
	lt.http.CloseIdleConnections()
	time.Sleep(5 * time.Second)
	lt.procIdle, _ = readProc(lt.cfg.pid)
	lt.goIdle = lt.goroutines(ctx)

	for _, rs := range perClient {
		lt.results = append(lt.results, rs...)
	}
	sort.Slice(lt.results, func(i, j int) bool { return lt.results[i].at < lt.results[j].at })
	return lt.report(), nil
}

// preflight checks that the server answers and holds the synthetic graph,
// and whether the curated seed is there too.
func (lt *loadTest) preflight(ctx context.Context) error {
	g := lt.graph
	last := map[string]string{}
	for _, k := range append(g.kinds, g.bySlug["source"]) {
		last[k.slug] = g.id(k.slug, k.n-1)
	}
	// Whole-graph counts are slow on a large graph (stats and an unfiltered
	// relationships totalCount scan everything), so the preflight asks only
	// for the entity count, and for the last id of each synthetic kind.
	var q strings.Builder
	q.WriteString(`query Preflight { seed: entity(id: "qosmos") { id } entities(first: 1) { totalCount }`)
	slugs := make([]string, 0, len(last))
	for s := range last {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for i, s := range slugs {
		fmt.Fprintf(&q, " e%d: entity(id: %q) { id }", i, last[s])
	}
	q.WriteString(" }")
	status, resp, took, err := lt.send(ctx, request{query: q.String()})
	if err != nil {
		return fmt.Errorf("preflight request: %w", err)
	}
	if status != http.StatusOK || len(resp.Errors) > 0 {
		return fmt.Errorf("preflight request: HTTP %d, errors %+v", status, resp.Errors)
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(resp.Data, &d); err != nil {
		return err
	}
	for i, s := range slugs {
		if string(d[fmt.Sprintf("e%d", i)]) == "null" {
			return fmt.Errorf("the server's graph has no %s: load the synthetic graph with `survgraph synthetic -entities %d` (or pass -entities to match the one loaded)", last[s], lt.cfg.entities)
		}
	}
	lt.seed = string(d["seed"]) != "null"
	var st struct{ TotalCount int }
	json.Unmarshal(d["entities"], &st)
	lt.graphEntities = st.TotalCount
	logf("server at %s (pid %d) holds %d entities; synthetic ids present; curated seed present: %v (preflight took %s)",
		lt.cfg.base, lt.cfg.pid, st.TotalCount, lt.seed, took.Round(time.Millisecond))
	return nil
}

// calibrateTransactions sends a few requests of each kind one at a time,
// with nothing else running, and reads survgraph_neo4j_transactions_total
// around each, to give Neo4j transactions per request for every kind. It
// also warms the server and Neo4j up.
func (lt *loadTest) calibrateTransactions(ctx context.Context) {
	lt.calib = map[string]float64{}
	c := &client{r: rand.New(rand.NewPCG(lt.cfg.seed^0xca1, 7)), g: lt.graph, seed: lt.seed}
	for k, kd := range kinds {
		var tx float64
		n := 0
		for range lt.cfg.calibrate {
			m0, err := lt.scrape(ctx)
			if err != nil || !m0.hasTx {
				lt.calibErr = "the server's /metrics has no survgraph_neo4j_transactions_total"
				lt.calib = nil
				return
			}
			res := lt.do(ctx, k, kd.gen(c))
			m1, err := lt.scrape(ctx)
			if err != nil {
				lt.calibErr = err.Error()
				lt.calib = nil
				return
			}
			if res.failure != "" && !(kd.name == "over-limit") {
				logf("calibration: a %s request went wrong: %s: %s", kd.name, res.failure, res.message)
			}
			tx += m1.transactions - m0.transactions
			n++
		}
		lt.calib[kd.name] = tx / float64(n)
	}
	logf("calibrated Neo4j transactions per request of each kind (%d requests each, one at a time)", lt.cfg.calibrate)
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

// ---------------------------------------------------------------------------
// The server process, through /proc.

func readProc(pid int) (procSample, error) {
	var s procSample
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			s.rssKiB = n
		case "VmHWM":
			s.hwmKiB = n
		case "Threads":
			s.threads = int(n)
		}
	}
	if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// Fields after the command, which is in parentheses and may hold spaces.
		if i := bytes.LastIndexByte(st, ')'); i > 0 {
			f := strings.Fields(string(st[i+1:]))
			if len(f) > 13 {
				ut, _ := strconv.ParseInt(f[11], 10, 64)
				stt, _ := strconv.ParseInt(f[12], 10, 64)
				s.cpuTicks = ut + stt
			}
		}
	}
	return s, nil
}

// findListener finds the process listening on the URL's TCP port, through
// /proc/net/tcp{,6} and the processes' file descriptors.
func findListener(base string) (int, error) {
	u, err := url.Parse(base)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, fmt.Errorf("%s has no port", base)
	}
	inodes := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fs := strings.Fields(line)
			if len(fs) < 10 || fs[3] != "0A" { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fs[1], ":")
			if p, err := strconv.ParseUint(hexPort, 16, 32); err == nil && int(p) == port {
				inodes[fs[9]] = true
			}
		}
	}
	if len(inodes) == 0 {
		return 0, fmt.Errorf("nothing listens on port %d", port)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range procs {
		l, err := os.Readlink(fd)
		if err != nil || !strings.HasPrefix(l, "socket:[") {
			continue
		}
		if inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] {
			pid, _ := strconv.Atoi(strings.Split(fd, "/")[2])
			return pid, nil
		}
	}
	return 0, fmt.Errorf("no process of ours holds the socket listening on port %d", port)
}

// cpuTimes is the machine's CPU time from /proc/stat, in clock ticks.
type cpuTimes struct{ busy, total int64 }

func readCPU() cpuTimes {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return cpuTimes{}
	}
	var t cpuTimes
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		if i >= 8 { // guest time is already counted in user time
			break
		}
		t.total += n
		if i != 3 && i != 4 { // idle, iowait
			t.busy += n
		}
	}
	return t
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// ---------------------------------------------------------------------------
// The report.

type report struct {
	lt *loadTest
}

func (lt *loadTest) report() *report { return &report{lt: lt} }

type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	// nearest rank
	i := int(float64(len(l))*p+0.999999) - 1
	return l[max(0, min(i, len(l)-1))]
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

func (r *report) elapsed() time.Duration { return r.lt.ended.Sub(r.lt.started) }

// counts of what went wrong.
func (r *report) failures() (fivexx, transport, unexpected, limitOK, limitBad int) {
	for _, res := range r.lt.results {
		if res.status >= 500 {
			fivexx++
		}
		if res.status == 0 {
			transport++
		}
		if kinds[res.kind].name == "over-limit" {
			if res.failure == "" {
				limitOK++
			} else {
				limitBad++
			}
		}
		if res.failure != "" {
			unexpected++
		}
	}
	return
}

func (r *report) passed() bool {
	fivexx, transport, unexpected, _, _ := r.failures()
	return fivexx == 0 && transport == 0 && unexpected == 0 && len(r.lt.results) > 0
}

func (r *report) markdown() string {
	lt := r.lt
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	el := r.elapsed()
	all := make(latencies, 0, len(lt.results))
	perKind := make([]latencies, len(kinds))
	perKindFail := make([]int, len(kinds))
	for _, res := range lt.results {
		if res.status == 0 {
			continue // no response: counted, not timed
		}
		all = append(all, res.latency)
		perKind[res.kind] = append(perKind[res.kind], res.latency)
	}
	for _, res := range lt.results {
		if res.failure != "" {
			perKindFail[res.kind]++
		}
	}
	slices.Sort(all)
	for _, l := range perKind {
		slices.Sort(l)
	}
	fivexx, transport, unexpected, limitOK, limitBad := r.failures()

	w("# Load test\n\n")
	w("Generated by `make load-test` ([loadtest/](../loadtest/README.md)); the numbers are as measured, on a machine shared with other work.\n\n")
	w("| | |\n|---|---|\n")
	w("| date | %s |\n", lt.started.Format("2006-01-02 15:04:05 MST"))
	w("| command | `%s` |\n", lt.cfg.command)
	w("| machine | %s |\n", machine())
	w("| load average (1, 5, 15 min) | %s at the start, %s at the end |\n", lt.loadStart, lt.loadEnd)
	w("| server | `survgraph serve` at %s, pid %d |\n", lt.cfg.base, lt.cfg.pid)
	if lt.cfg.neo4j != "" {
		w("| Neo4j | %s |\n", lt.cfg.neo4j)
	}
	w("| graph | %d entities", lt.graphEntities)
	if lt.cfg.graph != "" {
		w(" (%s)", lt.cfg.graph)
	}
	w("; synthetic graph of %d entities; curated seed present: %v |\n", lt.cfg.entities, lt.seed)
	w("| clients | %s |\n", lt.profileNote())
	w("| duration | %s asked, %s measured (the last requests finish after the deadline) |\n", lt.cfg.duration, el.Round(time.Millisecond))
	w("| client timeout | %s per request (the server's deadline is 10 s) |\n", lt.cfg.timeout)
	w("\n## Summary\n\n")
	w("| requests | req/s | p50 ms | p90 ms | p99 ms | max ms | 5xx | client timeouts / transport errors | unexpected errors | over-limit refused with LIMIT_EXCEEDED |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	w("| %d | %.1f | %s | %s | %s | %s | %d | %d | %d | %d of %d |\n", len(lt.results), float64(len(lt.results))/el.Seconds(),
		ms(all.pct(.5)), ms(all.pct(.9)), ms(all.pct(.99)), ms(all.pct(1)), fivexx, transport, unexpected-limitBad, limitOK, limitOK+limitBad)
	w("\nVerdict: ")
	if r.passed() {
		w("**pass**: no 5xx, no timeouts, and no errors other than the deliberate LIMIT_EXCEEDED refusals.\n")
	} else {
		w("**fail**: %d responses with a 5xx status, %d requests without an answer (client timeout or transport error), %d requests that did not go as they should (including over-limit requests not refused as they should be: %d).\n",
			fivexx, transport, unexpected, limitBad)
	}

	deadline400 := 0
	for _, res := range lt.results {
		if res.status == http.StatusBadRequest && strings.Contains(res.message, "deadline exceeded") {
			deadline400++
		}
	}
	if deadline400 > 0 {
		w("\n%d requests ran past the server's 10 s deadline and were answered with HTTP 400 and BAD_USER_INPUT (\"context deadline exceeded\"), not with 504 and TIMEOUT as the README documents: they count as failures above, not as 5xx.\n", deadline400)
	}
	if lt.cfg.profile == "public" {
		r.cacheSection(w)
	}
	w("\n## Per query kind\n\nLatency is the whole round trip the client sees, nearest-rank percentiles over every answered request of the kind.\n\n")
	w("| kind | share | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | not as expected |")
	if lt.calib != nil {
		w(" Neo4j tx per request (alone) |")
	}
	w("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	if lt.calib != nil {
		w("---:|")
	}
	w("\n")
	counts := make([]int, len(kinds))
	for _, res := range lt.results {
		counts[res.kind]++
	}
	for k, kd := range kinds {
		l := perKind[k]
		w("| %s | %d%% | %d | %.1f | %s | %s | %s | %s | %d |", kd.name, kd.weight, counts[k], float64(counts[k])/el.Seconds(),
			ms(l.pct(.5)), ms(l.pct(.9)), ms(l.pct(.99)), ms(l.pct(1)), perKindFail[k])
		if lt.calib != nil {
			w(" %.1f |", lt.calib[kd.name])
		}
		w("\n")
	}

	// By shape.
	type shapeStat struct {
		kind, shape string
		lat         latencies
		n, bad      int
	}
	shapes := map[string]*shapeStat{}
	for _, res := range lt.results {
		key := kinds[res.kind].name + "\x00" + res.shape
		st := shapes[key]
		if st == nil {
			st = &shapeStat{kind: kinds[res.kind].name, shape: res.shape}
			shapes[key] = st
		}
		st.n++
		if res.failure != "" {
			st.bad++
		}
		if res.status != 0 {
			st.lat = append(st.lat, res.latency)
		}
	}
	list := make([]*shapeStat, 0, len(shapes))
	for _, st := range shapes {
		slices.Sort(st.lat)
		list = append(list, st)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.bad != b.bad {
			return a.bad > b.bad
		}
		return a.lat.pct(.5) > b.lat.pct(.5)
	})
	const maxShapes = 30
	w("\n### Request shapes, failing and slowest first\n\nA shape is the set of arguments a request used (ids and search text aside). %d shapes in all", len(list))
	if len(list) > maxShapes {
		w("; the first %d", maxShapes)
	}
	w(".\n\n| kind | shape | requests | p50 ms | p99 ms | max ms | not as expected |\n|---|---|---:|---:|---:|---:|---:|\n")
	for i, st := range list {
		if i == maxShapes {
			break
		}
		w("| %s | %s | %d | %s | %s | %s | %d |\n", st.kind, mdCell(st.shape), st.n, ms(st.lat.pct(.5)), ms(st.lat.pct(.99)), ms(st.lat.pct(1)), st.bad)
	}
	slowest := slices.Clone(lt.results)
	sort.SliceStable(slowest, func(i, j int) bool { return slowest[i].latency > slowest[j].latency })
	w("\n### The 10 slowest requests\n\n| kind | ms | HTTP | codes | variables |\n|---|---:|---:|---|---|\n")
	for i, res := range slowest {
		if i == 10 {
			break
		}
		w("| %s | %s | %d | %s | `%s` |\n", kinds[res.kind].name, ms(res.latency), res.status, strings.Join(res.codes, " "), mdCell(res.vars))
	}

	// Errors by HTTP status and by code.
	byStatus := map[int]map[string]int{}
	byCode := map[string]map[string]int{}
	for _, res := range lt.results {
		name := kinds[res.kind].name
		if byStatus[res.status] == nil {
			byStatus[res.status] = map[string]int{}
		}
		byStatus[res.status][name]++
		for _, c := range res.codes {
			if byCode[c] == nil {
				byCode[c] = map[string]int{}
			}
			byCode[c][name]++
		}
	}
	w("\n## Responses by HTTP status\n\n| status | requests | by kind |\n|---|---:|---|\n")
	for _, st := range sortedKeys(byStatus) {
		label := strconv.Itoa(st)
		if st == 0 {
			label = "none (client timeout or transport error)"
		}
		w("| %s | %d | %s |\n", label, sum(byStatus[st]), breakdown(byStatus[st]))
	}
	w("\n## Errors by extensions.code\n\n")
	if len(byCode) == 0 {
		w("None.\n")
	} else {
		w("| code | errors | by kind | expected |\n|---|---:|---|---|\n")
		for _, c := range sortedKeys(byCode) {
			exp := "no"
			if c == "LIMIT_EXCEEDED" && len(byCode[c]) == 1 && byCode[c]["over-limit"] > 0 {
				exp = "yes: the deliberate over-limit requests"
			}
			w("| %s | %d | %s | %s |\n", c, sum(byCode[c]), breakdown(byCode[c]), exp)
		}
	}
	// Examples of what went wrong.
	type example struct{ kind, failure, message string }
	seen := map[string]int{}
	var examples []example
	for _, res := range lt.results {
		if res.failure == "" {
			continue
		}
		key := kinds[res.kind].name + "|" + res.failure + "|" + res.message
		if seen[key] == 0 && len(examples) < 15 {
			examples = append(examples, example{kinds[res.kind].name, res.failure, res.message})
		}
		seen[key]++
	}
	if len(examples) > 0 {
		w("\n### What went wrong (up to 15 distinct cases)\n\n| kind | what | message | times |\n|---|---|---|---:|\n")
		for _, e := range examples {
			w("| %s | %s | %s | %d |\n", e.kind, e.failure, mdCell(e.message), seen[e.kind+"|"+e.failure+"|"+e.message])
		}
	}

	// Over time.
	w("\n## Over time\n\n")
	slot := max(5*time.Second, (lt.cfg.duration / 10).Round(time.Second))
	w("| from s | requests | req/s | p50 ms | p99 ms | not as expected | server RSS MiB (max) | server threads (max) | server CPU (cores) | Neo4j CPU (cores) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	nSlots := int((lt.cfg.duration + slot - 1) / slot)
	for s := range nSlots {
		lo, hi := time.Duration(s)*slot, time.Duration(s+1)*slot
		var l latencies
		n, bad := 0, 0
		for _, res := range lt.results {
			if res.at < lo || res.at >= hi {
				continue
			}
			n++
			if res.failure != "" {
				bad++
			}
			if res.status != 0 {
				l = append(l, res.latency)
			}
		}
		slices.Sort(l)
		var rss int64
		thr := 0
		for _, p := range lt.procs {
			if p.at >= lo && p.at < hi {
				rss, thr = max(rss, p.rssKiB), max(thr, p.threads)
			}
		}
		span := min(hi, lt.cfg.duration) - lo
		w("| %d | %d | %.1f | %s | %s | %d | %d | %d | %s | %s |\n", int(lo.Seconds()), n, float64(n)/span.Seconds(), ms(l.pct(.5)), ms(l.pct(.99)), bad, rss/1024, thr,
			slotCPU(lt.procs, lo, hi), slotCPU(lt.neoProcs, lo, hi))
	}

	// The server process.
	peak := lt.procIdle.hwmKiB
	maxThreads := 0
	var maxRSS int64
	for _, p := range lt.procs {
		peak = max(peak, p.hwmKiB)
		maxThreads = max(maxThreads, p.threads)
		maxRSS = max(maxRSS, p.rssKiB)
	}
	w("\n## The server process\n\n")
	w("| | before the load | at its end | 5 s after, idle connections closed | max during the load |\n|---|---:|---:|---:|---:|\n")
	w("| RSS (VmRSS) MiB | %.1f | %.1f | %.1f | %.1f |\n", kib(lt.procStart.rssKiB), kib(lt.procEnd.rssKiB), kib(lt.procIdle.rssKiB), kib(maxRSS))
	w("| peak RSS (VmHWM) MiB | %.1f | %.1f | %.1f | |\n", kib(lt.procStart.hwmKiB), kib(lt.procEnd.hwmKiB), kib(lt.procIdle.hwmKiB))
	w("| OS threads | %d | %d | %d | %d |\n", lt.procStart.threads, lt.procEnd.threads, lt.procIdle.threads, maxThreads)
	if lt.goStart != "" || lt.goEnd != "" {
		w("| goroutines | %s | %s | %s | |\n", orQ(lt.goStart), orQ(lt.goEnd), orQ(lt.goIdle))
	}
	cpuSec := float64(lt.procEnd.cpuTicks-lt.procStart.cpuTicks) / 100
	w("\nPeak RSS of the server process (VmHWM, since it started): **%.1f MiB**. CPU time of the server during the load: %.0f s, %.2f cores on average.\n", kib(peak), cpuSec, cpuSec/el.Seconds())
	if lt.cfg.neo4jPID != 0 && lt.neoEnd.cpuTicks > 0 {
		var neoMax int64
		for _, p := range lt.neoProcs {
			neoMax = max(neoMax, p.rssKiB)
		}
		neoCPU := float64(lt.neoEnd.cpuTicks-lt.neoStart.cpuTicks) / 100
		w("\nNeo4j (pid %d): %.0f s of CPU during the load, %.2f cores on average; RSS %.0f MiB at the start, %.0f MiB at most, %.0f MiB at the end.\n",
			lt.cfg.neo4jPID, neoCPU, neoCPU/el.Seconds(), kib(lt.neoStart.rssKiB), kib(neoMax), kib(lt.neoEnd.rssKiB))
	}
	if d := lt.cpuEnd.total - lt.cpuStart.total; d > 0 {
		w("\nThe whole machine was %.0f%% busy during the load (all %d cores, /proc/stat), other people's work included.\n",
			100*float64(lt.cpuEnd.busy-lt.cpuStart.busy)/float64(d), runtime.NumCPU())
	}
	if lt.goStart == "" {
		w("\nGoroutines: not measured. survgraph exposes neither `go_goroutines` in /metrics nor net/http/pprof, and an OS thread count is not a goroutine count; the load test reads either when the server offers it (`go_goroutines` in /metrics, or `-pprof URL`).\n")
	}
	if lt.cfg.serverLog != "" {
		w("\n%s\n", serverLogSummary(lt.cfg.serverLog))
	}

	// /metrics.
	w("\n## Server-side /metrics, before and after the load\n\n")
	if lt.metricsErr != "" {
		w("Could not read /metrics: %s\n", lt.metricsErr)
	} else {
		reqs := total(lt.after.requests) - total(lt.before.requests)
		w("| | value |\n|---|---:|\n")
		w("| GraphQL requests counted by the server (survgraph_requests_total) | %.0f |\n", reqs)
		w("| requests the load test sent | %d |\n", len(lt.results))
		for _, st := range sortedKeys(lt.after.requests) {
			if d := lt.after.requests[st] - lt.before.requests[st]; d > 0 {
				w("| of which HTTP %s | %.0f |\n", st, d)
			}
		}
		for _, c := range sortedKeys(lt.after.errors) {
			if d := lt.after.errors[c] - lt.before.errors[c]; d > 0 {
				w("| survgraph_errors_total{code=%q} | %.0f |\n", c, d)
			}
		}
		if lt.after.hasTx {
			tx := lt.after.transactions - lt.before.transactions
			w("| Neo4j transactions (survgraph_neo4j_transactions_total) | %.0f |\n", tx)
			if reqs > 0 {
				w("| **Neo4j transactions per request** | **%.2f** |\n", tx/reqs)
			}
		} else {
			w("| survgraph_neo4j_transactions_total | not exported |\n")
		}
	}
	if lt.calib != nil {
		w("\nThe per-kind transaction counts above were measured before the load, %d requests of each kind sent one at a time with nothing else running, reading the counter around each.\n", lt.cfg.calibrate)
	} else if lt.calibErr != "" {
		w("\nPer-kind transactions not measured: %s.\n", lt.calibErr)
	}
	if lt.inFlightAtEnd > 0 {
		w("\n%d requests were in flight at the deadline and were allowed to finish.\n", lt.inFlightAtEnd)
	}
	return b.String()
}

// slotCPU is the cores a process used between lo and hi, from its samples.
func slotCPU(samples []procSample, lo, hi time.Duration) string {
	var first, last *procSample
	for i := range samples {
		p := &samples[i]
		if p.at < lo || p.at >= hi {
			continue
		}
		if first == nil {
			first = p
		}
		last = p
	}
	if first == nil || last == first {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(last.cpuTicks-first.cpuTicks)/100/(last.at-first.at).Seconds())
}

func kib(k int64) float64 { return float64(k) / 1024 }

func orQ(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func total(m map[string]float64) float64 {
	n := 0.0
	for _, v := range m {
		n += v
	}
	return n
}

func breakdown(m map[string]int) string {
	var parts []string
	for _, kd := range kinds {
		if n := m[kd.name]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", kd.name, n))
		}
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[K interface{ ~int | ~string }, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func machine() string {
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				mem = fmt.Sprintf(", %.1f GiB memory", float64(n)/1024/1024)
			}
		}
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = ", Linux " + strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%s, %d cores%s%s, %s; the load generator, survgraph and Neo4j share the machine", cpu, runtime.NumCPU(), mem, kernel, runtime.Version())
}

// serverLogSummary counts the server log's WARN and ERROR lines and shows
// the most frequent messages.
func serverLogSummary(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "Server log: " + err.Error()
	}
	defer f.Close()
	levels := map[string]int{}
	msgs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lines := 0
	for sc.Scan() {
		line := sc.Text()
		lines++
		for _, lv := range []string{"WARN", "ERROR"} {
			if strings.Contains(line, "level="+lv) {
				levels[lv]++
				msg := line
				if _, m, ok := strings.Cut(line, "msg="); ok {
					msg = m
					if strings.HasPrefix(msg, `"`) {
						if end := strings.Index(msg[1:], `"`); end >= 0 {
							msg = msg[:end+2]
						}
					} else if sp := strings.IndexByte(msg, ' '); sp > 0 {
						msg = msg[:sp]
					}
				}
				msgs[lv+" "+msg]++
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Server log: %d lines, %d at level WARN, %d at level ERROR.", lines, levels["WARN"], levels["ERROR"])
	if len(msgs) > 0 {
		keys := sortedKeys(msgs)
		sort.SliceStable(keys, func(i, j int) bool { return msgs[keys[i]] > msgs[keys[j]] })
		b.WriteString("\n\n| level and message | lines |\n|---|---:|\n")
		for i, k := range keys {
			if i == 10 {
				break
			}
			fmt.Fprintf(&b, "| %s | %d |\n", mdCell(k), msgs[k])
		}
	}
	return b.String()
}
