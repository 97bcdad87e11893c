package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/synthetic"
)

// synGraph is what the load test knows of the synthetic graph: how many
// entities of each kind it holds, to draw ids that exist.
type synGraph struct {
	kinds   []synthetic.KindCount // every kind but Source
	sources int
	total   int // entities but sources
}

func newSynGraph(entities int) synGraph {
	counts := synthetic.Counts(entities)
	g := synGraph{kinds: counts[1:], sources: counts[0].N}
	for _, k := range g.kinds {
		g.total += k.N
	}
	return g
}

// randomID is any non-source entity, uniformly.
func (g synGraph) randomID(r *rand.Rand) string {
	i := r.IntN(max(1, g.total))
	for _, k := range g.kinds {
		if i < k.N {
			return synthetic.ID(k.Kind, i)
		}
		i -= k.N
	}
	return synthetic.ID(schema.Company, 0)
}

func (g synGraph) count(kind schema.Kind) int {
	if kind == schema.Source {
		return g.sources
	}
	for _, k := range g.kinds {
		if k.Kind == kind {
			return k.N
		}
	}
	return 0
}

func (g synGraph) randomOf(r *rand.Rand, kind schema.Kind) string {
	return synthetic.ID(kind, r.IntN(max(1, g.count(kind))))
}

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

// mixWeight is the sum of the mix's weights.
var mixWeight = func() int {
	n := 0
	for _, k := range kinds {
		n += k.weight
	}
	return n
}()

// pickKind draws a kind of the mix by its weight.
func (c *client) pickKind() int {
	n, k := c.r.IntN(mixWeight), 0
	for n >= kinds[k].weight {
		n -= kinds[k].weight
		k++
	}
	return k
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
		return c.g.randomOf(c.r, schema.Source)
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
		q = synthetic.Name(k.Kind, c.r.IntN(max(1, k.N)))
	case n < 80: // a prefix typed so far
		k := c.g.kinds[c.r.IntN(len(c.g.kinds))]
		q = strings.ToLower(synthetic.Name(k.Kind, c.r.IntN(max(1, k.N/100))))
	default: // an alias
		k := c.g.kinds[c.r.IntN(len(c.g.kinds))]
		q = synthetic.Alias(k.Kind, c.r.IntN(max(1, k.N)))
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
		from, to = c.g.randomOf(c.r, schema.Company), c.g.randomOf(c.r, schema.Government)
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
	vars := map[string]any{"of": c.g.randomOf(c.r, schema.Government)}
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
			w["text"] = strings.ToLower(synthetic.Name(c.g.kinds[c.r.IntN(len(c.g.kinds))].Kind, c.r.IntN(100)))
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
			w["from"] = c.g.randomOf(c.r, schema.Company)
		case n < 55:
			w["to"] = c.g.randomOf(c.r, schema.Government)
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
