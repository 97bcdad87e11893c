package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/survgraph/survgraph/internal/textfold"
)

// gqlRequest is one GraphQL request.
type gqlRequest struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

// benchQuery is one question, asked three ways, with a normaliser per way
// that turns the answer into sorted lines naming the entities and
// relationships it holds, so that the three can be compared.
type benchQuery struct {
	name, what string
	survgraph  gqlRequest
	peer       gqlRequest
	cypher     string
	params     map[string]any
	// normalisers; each returns lines to compare as a multiset (sorted).
	normSurvgraph, normPeer func(data map[string]any) ([]string, error)
	normRaw                 func(rows []any) ([]string, error)
	compares                string // what the check compares, for the report
}

// targets are the graph-specific parameters, picked from the graph.
type targets struct {
	Company        string // highest-degree synthetic company
	CompanyDegree  int64
	Government     string // the farthest synthetic government within 4 hops of Company
	GovernmentHops int64
	Client         string // the synthetic government or body with the most SUPPLIED claims
	ClientSupplies int64
	SearchText     string
	Countries      []string
}

// companyOut and companyIn are the relationship types a company takes part
// in, by direction, from schema/relationships.go: the types a hand-written
// @neo4j/graphql page for a company must ask for one by one.
var (
	companyOut = []string{"ACQUIRED", "MAKES", "PARTICIPATED_IN", "PARTNERED_WITH", "SUBSIDIARY_OF", "SUPPLIED"}
	companyIn  = []string{"ACQUIRED", "APPLIES_TO", "FILED_BY", "HEADS", "PARTNERED_WITH", "REPRESENTS", "SUBSIDIARY_OF", "TARGETS"}
)

// fieldName turns SUPPLIED into supplied and PARTICIPATED_IN into
// participatedIn, as server.mjs names relationship fields.
func fieldName(t string) string {
	parts := strings.Split(strings.ToLower(t), "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// luceneQuery is survgraph's full-text query for text, written again here
// (graphdb.FullTextQuery): accents and case folded, each word whole or as a
// prefix, all words required. The peer and the raw runner get the result.
func luceneQuery(text string) string {
	words := strings.FieldsFunc(textfold.Lower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = fmt.Sprintf("(%s OR %s*)", w, w)
	}
	return strings.Join(terms, " AND ")
}

const pageSize = 100

// buildQueries is the query set for the given targets.
func buildQueries(t targets) []*benchQuery {
	var qs []*benchQuery

	// 1. An entity page: fields, citations with their sources, and the first
	// 100 relationships by id with their other ends and citations.
	{
		var peerFields []string
		for _, dir := range []struct {
			suffix string
			types  []string
		}{{"Out", companyOut}, {"In", companyIn}} {
			for _, ty := range dir.types {
				peerFields = append(peerFields, fmt.Sprintf(`
    %sConnection(first: %d, sort: [{edge: {id: ASC}}]) {
      totalCount
      edges { properties { id status start end citeSources citeStances } node { id kind name } }
    }`, fieldName(ty)+dir.suffix, pageSize))
			}
		}
		qs = append(qs, &benchQuery{
			name: "entity page",
			what: fmt.Sprintf("the highest-degree synthetic company (`%s`, %d relationships): its fields, citations with their sources, and its first %d relationships by id with their other ends and citations", t.Company, t.CompanyDegree, pageSize),
			survgraph: gqlRequest{Query: fmt.Sprintf(`query($id: ID!) {
  entity(id: $id) {
    id kind name country description aliases
    citations { stance quote source { id name } }
    relationships(first: %d) {
      totalCount
      nodes { id type status start end from { id kind name } to { id kind name } citations { stance source { id } } }
    }
  }
}`, pageSize), Variables: map[string]any{"id": t.Company}},
			peer: gqlRequest{Query: `query($id: ID!) {
  entities(where: {id: {eq: $id}}) {
    id kind name country description aliases citeStances citeQuotes
    citationSources { id name }` + strings.Join(peerFields, "") + `
  }
}`, Variables: map[string]any{"id": t.Company}},
			cypher: `MATCH (n:Entity {id: $id})
RETURN n {.id, .kind, .name, .country, .description, .aliases, .citeStances, .citeQuotes,
  sources: COLLECT { UNWIND range(0, size(coalesce(n.citeSources, [])) - 1) AS i
                     MATCH (s:Entity {id: n.citeSources[i]}) RETURN s {.id, .name} ORDER BY i },
  total: COUNT { (n)-[]-() },
  rels: COLLECT { MATCH (n)-[r]-(m) WITH r, m ORDER BY r.id LIMIT $first
                  RETURN {id: r.id, type: type(r), status: r.status, start: r.start, end: r.end,
                          from: startNode(r).id, to: endNode(r).id, other: m {.id, .kind, .name},
                          citeSources: r.citeSources, citeStances: r.citeStances} }
} AS answer`,
			params:        map[string]any{"id": t.Company, "first": int64(pageSize)},
			normSurvgraph: normEntityPageSurvgraph,
			normPeer:      normEntityPagePeer(t.Company),
			normRaw:       normEntityPageRaw,
			compares:      "the entity's id, kind, name and country; its citations (stance, source id) in order; the relationship total; each of the first 100 relationships by id: id, type, status, period, from and to ids, the other end's kind and name, its citations (stance, source id)",
		})
	}

	// 2. Search through the full-text index.
	q := luceneQuery(t.SearchText)
	qs = append(qs, &benchQuery{
		name: "search",
		what: fmt.Sprintf("full-text search for %q (Lucene `%s`), best 20 by score, then id", t.SearchText, q),
		survgraph: gqlRequest{Query: `query($q: String!) { search(query: $q, first: 20) { id kind name } }`,
			Variables: map[string]any{"q": t.SearchText}},
		peer: gqlRequest{Query: `query($q: String!) { search(query: $q, first: 20) { id kind name } }`,
			Variables: map[string]any{"q": q}},
		cypher: `CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
WITH node ORDER BY score DESC, node.id LIMIT $first
RETURN node {.id, .kind, .name} AS answer`,
		params:        map[string]any{"q": q, "first": int64(20)},
		normSurvgraph: func(d map[string]any) ([]string, error) { return orderedEntities(d["search"]) },
		normPeer:      func(d map[string]any) ([]string, error) { return orderedEntities(d["search"]) },
		normRaw:       func(rows []any) ([]string, error) { return orderedEntities(rows) },
		compares:      "the ids, kinds and names of the hits, in order",
	})

	// 3. Neighbourhood, depth 2.
	qs = append(qs, &benchQuery{
		name: "neighbourhood",
		what: fmt.Sprintf("every entity within 2 hops of `%s` and every relationship of the entities within 1 hop", t.Company),
		survgraph: gqlRequest{Query: `query($id: ID!) {
  neighborhood(id: $id, depth: 2) { nodes { id kind name } relationships { id type status from { id } to { id } } truncated }
}`, Variables: map[string]any{"id": t.Company}},
		peer: gqlRequest{Query: `query($id: ID!) {
  neighborhood2(id: $id) { nodes { id kind name } relationships { id type status from to } }
}`, Variables: map[string]any{"id": t.Company}},
		cypher: `MATCH (c:Entity {id: $id})
CALL (c) { MATCH (c)--(m) RETURN collect(DISTINCT m) AS ring1 }
CALL (ring1) { UNWIND ring1 AS n MATCH (n)-[r]-(m) RETURN collect(DISTINCT r) AS rels, collect(DISTINCT m) AS ring2 }
CALL (c, ring1, ring2) { UNWIND [c] + ring1 + ring2 AS x WITH DISTINCT x RETURN collect(x {.id, .kind, .name}) AS nodes }
RETURN {nodes: nodes, relationships: [r IN rels | {id: r.id, type: type(r), status: r.status, from: startNode(r).id, to: endNode(r).id}]} AS answer`,
		params: map[string]any{"id": t.Company},
		normSurvgraph: func(d map[string]any) ([]string, error) {
			g, _ := d["neighborhood"].(map[string]any)
			if tr, _ := g["truncated"].(bool); tr {
				return nil, fmt.Errorf("survgraph truncated the neighbourhood at its node cap; pick another entity")
			}
			return subgraphLines(g)
		},
		normPeer: func(d map[string]any) ([]string, error) {
			g, _ := d["neighborhood2"].(map[string]any)
			return subgraphLines(g)
		},
		normRaw: func(rows []any) ([]string, error) {
			if len(rows) != 1 {
				return nil, fmt.Errorf("%d rows, want 1", len(rows))
			}
			g, _ := rows[0].(map[string]any)
			return subgraphLines(g)
		},
		compares: "the set of entities (id, kind, name) and the set of relationships (id, type, status, from, to)",
	})

	// 4. Paths of up to 4 hops: the synthetic pair, and the seed's.
	for _, pair := range []struct{ name, from, to, note string }{
		{"paths", t.Company, t.Government, fmt.Sprintf("(%d hops apart)", t.GovernmentHops)},
		{"paths (seed)", "qosmos", "syria-government", "(the seed's example)"},
	} {
		qs = append(qs, &benchQuery{
			name: pair.name,
			what: fmt.Sprintf("up to 5 shortest paths of at most 4 hops, either direction, from `%s` to `%s` %s", pair.from, pair.to, pair.note),
			survgraph: gqlRequest{Query: `query($from: ID!, $to: ID!) {
  paths(from: $from, to: $to, maxHops: 4, first: 5) { length nodes { id kind name } relationships { id type status from { id } to { id } } }
}`, Variables: map[string]any{"from": pair.from, "to": pair.to}},
			peer: gqlRequest{Query: `query($from: ID!, $to: ID!) {
  paths4(from: $from, to: $to, first: 5) { length nodes { id kind name } relationships { id type status from to } }
}`, Variables: map[string]any{"from": pair.from, "to": pair.to}},
			cypher: `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 5 (a)-[]-{1,4}(b)
WITH p ORDER BY length(p), [x IN nodes(p) | x.id]
RETURN {length: length(p), nodes: [n IN nodes(p) | n {.id, .kind, .name}],
        relationships: [r IN relationships(p) | {id: r.id, type: type(r), status: r.status, from: startNode(r).id, to: endNode(r).id}]} AS answer`,
			params:        map[string]any{"from": pair.from, "to": pair.to},
			normSurvgraph: func(d map[string]any) ([]string, error) { return pathLines(d["paths"], false) },
			normPeer:      func(d map[string]any) ([]string, error) { return pathLines(d["paths4"], false) },
			normRaw:       func(rows []any) ([]string, error) { return pathLines(rows, false) },
			compares:      "how many paths, their ends, and the longest length; every path shorter than the longest returned, hop by hop (entity ids, relationship ids); of the longest, how many (SHORTEST 5 may pick any 5 among equally short paths), each checked to be a walk between the two entities",
		})
	}

	// 5. Supply chains: a synthetic client, and the seed's Syria.
	for _, c := range []struct{ name, id, note string }{
		{"suppliers", t.Client, fmt.Sprintf("(the synthetic government or body with the most SUPPLIED claims, %d)", t.ClientSupplies)},
		{"suppliers (seed)", "syria-government", "(the seed's example)"},
	} {
		qs = append(qs, &benchQuery{
			name: c.name,
			what: fmt.Sprintf("vendors of `%s` within 3 hops %s: one shortest chain per vendor (any of equally short ones), never stepping sideways through a hub, as survgraph finds them, shortest first, at most 20", c.id, c.note),
			survgraph: gqlRequest{Query: `query($of: ID!) {
  suppliers(of: $of, first: 20) { length nodes { id kind name } relationships { id type status from { id } to { id } } }
}`, Variables: map[string]any{"of": c.id}},
			peer: gqlRequest{Query: `query($of: ID!) {
  suppliers(of: $of, first: 20) { length nodes { id kind name } relationships { id type status from to } }
}`, Variables: map[string]any{"of": c.id}},
			cypher: `MATCH (c:Company), (g:Entity {id: $of})
MATCH p = ANY SHORTEST (c) ((a)-[r:ACQUIRED|SUBSIDIARY_OF|PARTNERED_WITH|MAKES|USED_IN|PARTICIPATED_IN|SUPPLIED|COMMISSIONED|DEPLOYED|PART_OF]-(b:Company|Product|Project|Agency)){0,2}
                       (x)-[last:ACQUIRED|SUBSIDIARY_OF|PARTNERED_WITH|MAKES|USED_IN|PARTICIPATED_IN|SUPPLIED|COMMISSIONED|DEPLOYED|PART_OF]-(g)
WHERE c <> g
  AND all(n IN nodes(p)[1..-1] WHERE NOT n:Agency OR EXISTS { (n)-[:PART_OF]->(g) })
  AND any(y IN relationships(p) WHERE type(y) IN ['SUPPLIED', 'COMMISSIONED', 'DEPLOYED'])
  AND all(pair IN [i IN range(0, length(p) - 2) | [CASE type(relationships(p)[i]) WHEN 'SUBSIDIARY_OF' THEN endNode(relationships(p)[i]) WHEN 'PARTICIPATED_IN' THEN endNode(relationships(p)[i]) WHEN 'MAKES' THEN endNode(relationships(p)[i]) WHEN 'USED_IN' THEN endNode(relationships(p)[i]) WHEN 'ACQUIRED' THEN startNode(relationships(p)[i]) END,
                                                  CASE type(relationships(p)[i + 1]) WHEN 'SUBSIDIARY_OF' THEN endNode(relationships(p)[i + 1]) WHEN 'PARTICIPATED_IN' THEN endNode(relationships(p)[i + 1]) WHEN 'MAKES' THEN endNode(relationships(p)[i + 1]) WHEN 'USED_IN' THEN endNode(relationships(p)[i + 1]) WHEN 'ACQUIRED' THEN startNode(relationships(p)[i + 1]) END]]
          WHERE pair[0] IS NULL OR pair[1] IS NULL OR pair[0] <> pair[1])
WITH p, c ORDER BY length(p), c.id
LIMIT $first
RETURN {length: length(p), nodes: [n IN nodes(p) | n {.id, .kind, .name}],
        relationships: [r IN relationships(p) | {id: r.id, type: type(r), status: r.status, from: startNode(r).id, to: endNode(r).id}]} AS answer`,
			params:        map[string]any{"of": c.id, "first": int64(20)},
			normSurvgraph: func(d map[string]any) ([]string, error) { return pathLines(d["suppliers"], true) },
			normPeer:      func(d map[string]any) ([]string, error) { return pathLines(d["suppliers"], true) },
			normRaw:       func(rows []any) ([]string, error) { return pathLines(rows, true) },
			compares:      "each chain's vendor, client and length, in order (which of equally short chains ANY SHORTEST finds may differ), each checked to be a walk",
		})
	}

	// 6. A filtered page of 100 entities, with the total.
	qs = append(qs, &benchQuery{
		name: "filtered page",
		what: fmt.Sprintf("companies headquartered in %s, first 100 by id, with the total", strings.Join(t.Countries, ", ")),
		survgraph: gqlRequest{Query: `query($countries: [String!]) {
  entities(kind: COMPANY, where: {countries: $countries}, first: 100, orderBy: {field: ID}) { totalCount nodes { id kind name country } }
}`, Variables: map[string]any{"countries": t.Countries}},
		peer: gqlRequest{Query: `query($countries: [String!]) {
  companiesConnection(where: {country: {in: $countries}}, first: 100, sort: [{id: ASC}]) { totalCount edges { node { id kind name country } } }
}`, Variables: map[string]any{"countries": t.Countries}},
		cypher: `MATCH (n:Company) WHERE n.country IN $countries
WITH n ORDER BY n.id
WITH collect(n) AS found
RETURN {total: size(found), nodes: [x IN found[..$first] | x {.id, .kind, .name, .country}]} AS answer`,
		params: map[string]any{"countries": t.Countries, "first": int64(100)},
		normSurvgraph: func(d map[string]any) ([]string, error) {
			c, _ := d["entities"].(map[string]any)
			return pageLines(c["totalCount"], c["nodes"])
		},
		normPeer: func(d map[string]any) ([]string, error) {
			c, _ := d["companiesConnection"].(map[string]any)
			edges, _ := c["edges"].([]any)
			nodes := make([]any, len(edges))
			for i, e := range edges {
				m, _ := e.(map[string]any)
				nodes[i] = m["node"]
			}
			return pageLines(c["totalCount"], nodes)
		},
		normRaw: func(rows []any) ([]string, error) {
			if len(rows) != 1 {
				return nil, fmt.Errorf("%d rows, want 1", len(rows))
			}
			m, _ := rows[0].(map[string]any)
			return pageLines(m["total"], m["nodes"])
		},
		compares: "the total and the 100 entities (id, kind, name, country), in order",
	})

	// 7. An aggregate: SUPPLIED claims by status.
	qs = append(qs, &benchQuery{
		name:      "aggregate",
		what:      "SUPPLIED claims counted by status (survgraph's `stats`, which computes only the facets selected, and keeps an answer that reads the whole graph until a load changes the graph: after the first request it is served from memory, while the peer and the raw statement count every time)",
		survgraph: gqlRequest{Query: `{ stats(where: {types: [SUPPLIED]}) { relationships byStatus { value count } } }`},
		peer:      gqlRequest{Query: `{ suppliedByStatus { value count } }`},
		cypher: `MATCH ()-[r:SUPPLIED]->()
WITH r.status AS value, count(*) AS count ORDER BY count DESC, value
RETURN {value: value, count: count} AS answer`,
		params: map[string]any{},
		normSurvgraph: func(d map[string]any) ([]string, error) {
			s, _ := d["stats"].(map[string]any)
			sum := int64(0)
			for _, f := range list(s["byStatus"]) {
				m, _ := f.(map[string]any)
				sum += num(m["count"])
			}
			if total := num(s["relationships"]); total != sum {
				return nil, fmt.Errorf("stats: relationships %d but byStatus sums to %d", total, sum)
			}
			return facetLines(s["byStatus"])
		},
		normPeer: func(d map[string]any) ([]string, error) { return facetLines(d["suppliedByStatus"]) },
		normRaw:  func(rows []any) ([]string, error) { return facetLines(rows) },
		compares: "each status and its count, in order",
	})
	return qs
}

// Normalisers.

// kindName turns a stored kind (LegalAction) into the API's enum value
// (LEGAL_ACTION), so the three can be compared.
func kindName(v any) string {
	s := str(v)
	if strings.ToUpper(s) == s {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(rune(s[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func str(v any) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(v)
}

func num(v any) int64 {
	switch x := v.(type) {
	case float64:
		return int64(x)
	case int64:
		return x
	case int:
		return int64(x)
	}
	return -1
}

func list(v any) []any { l, _ := v.([]any); return l }

func orderedEntities(v any) ([]string, error) {
	var out []string
	for i, e := range list(v) {
		m, _ := e.(map[string]any)
		out = append(out, fmt.Sprintf("%03d %s %s %s", i, str(m["id"]), kindName(m["kind"]), str(m["name"])))
	}
	return out, nil
}

func pageLines(total any, nodes any) ([]string, error) {
	out := []string{fmt.Sprintf("total %d", num(total))}
	for i, e := range list(nodes) {
		m, _ := e.(map[string]any)
		out = append(out, fmt.Sprintf("%03d %s %s %s %s", i, str(m["id"]), kindName(m["kind"]), str(m["name"]), str(m["country"])))
	}
	return out, nil
}

func facetLines(v any) ([]string, error) {
	var out []string
	for i, f := range list(v) {
		m, _ := f.(map[string]any)
		out = append(out, fmt.Sprintf("%02d %s=%d", i, str(m["value"]), num(m["count"])))
	}
	return out, nil
}

// idOf reads {id: x} or x.
func idOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		return str(m["id"])
	}
	return str(v)
}

func hopLine(m map[string]any) string {
	return fmt.Sprintf("%s %s %s %s->%s", str(m["id"]), str(m["type"]), str(m["status"]), idOf(m["from"]), idOf(m["to"]))
}

func subgraphLines(g map[string]any) ([]string, error) {
	if g == nil {
		return nil, fmt.Errorf("no subgraph")
	}
	var out []string
	for _, n := range list(g["nodes"]) {
		m, _ := n.(map[string]any)
		out = append(out, fmt.Sprintf("node %s %s %s", str(m["id"]), kindName(m["kind"]), str(m["name"])))
	}
	for _, r := range list(g["relationships"]) {
		m, _ := r.(map[string]any)
		out = append(out, "rel "+hopLine(m))
	}
	return out, nil
}

// pathLines describes paths. For supply chains (chains true) only each
// chain's ends and length; for paths, every path shorter than the longest
// returned in full, and how many of the longest there are.
func pathLines(v any, chains bool) ([]string, error) {
	paths := list(v)
	maxLen := int64(0)
	for _, p := range paths {
		m, _ := p.(map[string]any)
		maxLen = max(maxLen, num(m["length"]))
	}
	var out []string
	longest := 0
	for i, p := range paths {
		m, _ := p.(map[string]any)
		nodes := list(m["nodes"])
		rels := list(m["relationships"])
		length := num(m["length"])
		if int64(len(rels)) != length || len(nodes) != len(rels)+1 {
			return nil, fmt.Errorf("path %d: length %d with %d nodes and %d relationships", i, length, len(nodes), len(rels))
		}
		// Every path must be a walk: each hop joins the nodes on either side.
		for j, r := range rels {
			rm, _ := r.(map[string]any)
			a, b := idOf(nodes[j]), idOf(nodes[j+1])
			f, t := idOf(rm["from"]), idOf(rm["to"])
			if !(f == a && t == b) && !(f == b && t == a) {
				return nil, fmt.Errorf("path %d: hop %d (%s, %s->%s) does not join %s and %s", i, j, str(rm["id"]), f, t, a, b)
			}
		}
		if !chains && length == maxLen {
			longest++
			continue
		}
		ids := make([]string, 0, len(nodes)+len(rels))
		for j, n := range nodes {
			ids = append(ids, idOf(n))
			if j < len(rels) {
				rm, _ := rels[j].(map[string]any)
				ids = append(ids, "["+str(rm["id"])+"]")
			}
		}
		if chains {
			// ANY SHORTEST may take any of equally short chains, and each
			// system's statement may take another: compare the vendor, the
			// client and the length.
			out = append(out, fmt.Sprintf("%03d len %d %s -> %s", i, length, idOf(nodes[0]), idOf(nodes[len(nodes)-1])))
			continue
		}
		out = append(out, fmt.Sprintf("len %d %s", length, strings.Join(ids, " ")))
	}
	if !chains {
		sort.Strings(out)
		ends := "none"
		if len(paths) > 0 {
			m, _ := paths[0].(map[string]any)
			nodes := list(m["nodes"])
			ends = idOf(nodes[0]) + " -> " + idOf(nodes[len(nodes)-1])
		}
		out = append(out, fmt.Sprintf("paths %d (%s), of them %d of the longest length %d", len(paths), ends, longest, maxLen))
	}
	return out, nil
}

// entity page

func citeLines(prefix string, stances, sources []string) []string {
	var out []string
	for i := range sources {
		st := "-"
		if i < len(stances) {
			st = stances[i]
		}
		out = append(out, fmt.Sprintf("%s cite %d %s %s", prefix, i, st, sources[i]))
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		out = append(out, str(x))
	}
	return out
}

func entityHeader(m map[string]any) string {
	return fmt.Sprintf("entity %s %s %s %s", str(m["id"]), kindName(m["kind"]), str(m["name"]), str(m["country"]))
}

func relLine(id, typ, status, start, end, from, to string, other map[string]any) string {
	return fmt.Sprintf("rel %s %s %s %s..%s %s->%s other %s %s", id, typ, status, start, end, from, to, kindName(other["kind"]), str(other["name"]))
}

func normEntityPageSurvgraph(d map[string]any) ([]string, error) {
	e, _ := d["entity"].(map[string]any)
	if e == nil {
		return nil, fmt.Errorf("no entity")
	}
	out := []string{entityHeader(e)}
	var stances, sources []string
	for _, c := range list(e["citations"]) {
		m, _ := c.(map[string]any)
		stances = append(stances, str(m["stance"]))
		sources = append(sources, idOf(m["source"]))
	}
	out = append(out, citeLines("entity", stances, sources)...)
	rels, _ := e["relationships"].(map[string]any)
	out = append(out, fmt.Sprintf("total %d", num(rels["totalCount"])))
	id := str(e["id"])
	for _, r := range list(rels["nodes"]) {
		m, _ := r.(map[string]any)
		from, _ := m["from"].(map[string]any)
		to, _ := m["to"].(map[string]any)
		other := to
		if idOf(to) == id {
			other = from
		}
		rid := str(m["id"])
		out = append(out, relLine(rid, str(m["type"]), str(m["status"]), str(m["start"]), str(m["end"]), idOf(from), idOf(to), other))
		var st, src []string
		for _, c := range list(m["citations"]) {
			cm, _ := c.(map[string]any)
			st = append(st, str(cm["stance"]))
			src = append(src, idOf(cm["source"]))
		}
		out = append(out, citeLines(rid, st, src)...)
	}
	return out, nil
}

func normEntityPagePeer(id string) func(d map[string]any) ([]string, error) {
	return func(d map[string]any) ([]string, error) {
		list0 := list(d["entities"])
		if len(list0) != 1 {
			return nil, fmt.Errorf("%d entities, want 1", len(list0))
		}
		e, _ := list0[0].(map[string]any)
		out := []string{entityHeader(e)}
		var sources []string
		for _, s := range list(e["citationSources"]) {
			sources = append(sources, idOf(s))
		}
		out = append(out, citeLines("entity", strs(e["citeStances"]), sources)...)
		type rel struct {
			id    string
			lines []string
		}
		var rels []rel
		total := int64(0)
		for _, dir := range []struct {
			suffix string
			types  []string
		}{{"Out", companyOut}, {"In", companyIn}} {
			for _, ty := range dir.types {
				conn, _ := e[fieldName(ty)+dir.suffix+"Connection"].(map[string]any)
				if conn == nil {
					return nil, fmt.Errorf("no %sConnection", fieldName(ty)+dir.suffix)
				}
				total += num(conn["totalCount"])
				for _, edge := range list(conn["edges"]) {
					em, _ := edge.(map[string]any)
					p, _ := em["properties"].(map[string]any)
					node, _ := em["node"].(map[string]any)
					from, to := id, idOf(node)
					if dir.suffix == "In" {
						from, to = to, from
					}
					rid := str(p["id"])
					lines := []string{relLine(rid, ty, str(p["status"]), str(p["start"]), str(p["end"]), from, to, node)}
					lines = append(lines, citeLines(rid, strs(p["citeStances"]), strs(p["citeSources"]))...)
					rels = append(rels, rel{rid, lines})
				}
			}
		}
		// The page is the first 100 by id over every type and direction.
		sort.Slice(rels, func(i, j int) bool { return rels[i].id < rels[j].id })
		if len(rels) > pageSize {
			rels = rels[:pageSize]
		}
		out = append(out, fmt.Sprintf("total %d", total))
		for _, r := range rels {
			out = append(out, r.lines...)
		}
		return out, nil
	}
}

func normEntityPageRaw(rows []any) ([]string, error) {
	if len(rows) != 1 {
		return nil, fmt.Errorf("%d rows, want 1", len(rows))
	}
	e, _ := rows[0].(map[string]any)
	out := []string{entityHeader(e)}
	var sources []string
	for _, s := range list(e["sources"]) {
		sources = append(sources, idOf(s))
	}
	out = append(out, citeLines("entity", strs(e["citeStances"]), sources)...)
	out = append(out, fmt.Sprintf("total %d", num(e["total"])))
	for _, r := range list(e["rels"]) {
		m, _ := r.(map[string]any)
		other, _ := m["other"].(map[string]any)
		rid := str(m["id"])
		out = append(out, relLine(rid, str(m["type"]), str(m["status"]), str(m["start"]), str(m["end"]), str(m["from"]), str(m["to"]), other))
		out = append(out, citeLines(rid, strs(m["citeStances"]), strs(m["citeSources"]))...)
	}
	return out, nil
}
