package graphdb

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/survgraph/survgraph/schema"
)

// Entities returns the entities with the given ids, and puts what fetch asks
// for with them into into, in one statement. Missing ids are left out.
func (db *DB) Entities(ctx context.Context, ids []string, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Entity, error) {
	params := map[string]any{"ids": ids}
	c := newFetchCypher(params, fetch)
	cypher := fmt.Sprintf("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN %s, %s", schema.EntityLabel, c.nodeMap("n"), c.entity("n", fetch.EntityPlan()))
	list, err := readStatement(ctx, db, cypher, params, c.collectEntities(into))
	if err != nil {
		return nil, fmt.Errorf("reading entities: %w", err)
	}
	return list, nil
}

// Search finds entities whose name or aliases hold the words, ignoring case
// and accents, with what fetch asks for put into into, in one statement (see
// searchHits for what it finds and in what order).
func (db *DB) Search(ctx context.Context, q schema.Search, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Entity, error) {
	params := map[string]any{"first": int64(first)}
	hits, ok := searchHits(q, params)
	if !ok {
		return nil, nil
	}
	c := newFetchCypher(params, fetch)
	list, err := readStatement(ctx, db, fmt.Sprintf(`%s
WITH node, fuzzy, class, rank ORDER BY fuzzy, class, rank DESC, node.id LIMIT $first
RETURN %s, %s, fuzzy, class, rank
ORDER BY fuzzy, class, rank DESC, node.id`, hits, c.nodeMap("node"), c.entity("node", fetch.EntityPlan())), params, c.collectEntities(into))
	if err != nil {
		return nil, fmt.Errorf("searching for %q: %w", q.Text, err)
	}
	return list, nil
}

// readStatement runs one statement in a managed read transaction and reads
// its result with collect.
func readStatement[T any](ctx context.Context, db *DB, cypher string, params map[string]any,
	collect func(context.Context, neo4j.ResultWithContext) (T, error)) (T, error) {
	return readTx(ctx, db, func(tx neo4j.ManagedTransaction) (T, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			var zero T
			return zero, err
		}
		return collect(ctx, res)
	})
}

// collectEntities reads a result whose first column is an entity node.
func collectEntities(ctx context.Context, res neo4j.ResultWithContext) ([]schema.Entity, error) {
	return newFetchCypher(nil, nil).collectEntities(nil)(ctx, res)
}

// FullTextQuery turns a person's search text into a Lucene query for the
// full-text index: accents and case are folded (wildcard terms bypass the
// analyzer, so the folding must happen here), every Lucene operator and stop
// word is stripped (see queryWords), and each word matches whole or as a
// prefix. Text with no letters or digits gives "".
func FullTextQuery(text string) string {
	words := queryWords(text)
	terms := make([]string, 0, len(words))
	for _, w := range words {
		terms = append(terms, fmt.Sprintf("(%s OR %s*)", w, w))
	}
	return strings.Join(terms, " AND ")
}

// relTypes is the label expression of a relationship pattern for types
// ("" for every type), written from the schema's enum, never from user text.
func relTypes(types []schema.RelType) string {
	if len(types) == 0 {
		return ""
	}
	names := make([]string, len(types))
	for i, t := range types {
		if _, ok := schema.RelTypeByName(string(t)); !ok {
			panic("graphdb: relationship type not in the schema: " + string(t))
		}
		names[i] = string(t)
	}
	return ":" + strings.Join(names, "|")
}

// relFilterCypher is the Cypher condition on relationship variable v for
// the dates f sets, read from the $asOf, $knownAt, $from and $until
// parameters (see filterParams), each name preceded by prefix so that one
// statement can hold several filters; "true" when f sets none. A condition
// on a date f leaves unset is left out of the statement rather than written
// as "$asOf IS NULL OR …": Neo4j evaluates it on every relationship a
// pattern expands, and on the peers' supply chains that cost a quarter of
// the statement's time (docs/performance.md).
func relFilterCypher(v, prefix string, f schema.RelFilter) string {
	var conds []string
	if f.AsOf != nil {
		conds = append(conds, fmt.Sprintf("(%[1]s.startFrom IS NULL OR %[1]s.startFrom <= $%[2]sasOf) AND (%[1]s.endUntil IS NULL OR %[1]s.endUntil >= $%[2]sasOf)", v, prefix))
		if !f.IncludeUndated {
			conds = append(conds, fmt.Sprintf("(%[1]s.startFrom IS NOT NULL OR %[1]s.endUntil IS NOT NULL)", v))
		}
	}
	if len(f.Bases) > 0 {
		conds = append(conds, fmt.Sprintf("%s.basis IN $%sbases", v, prefix))
	}
	if f.ExcludePlaceholders {
		conds = append(conds, fmt.Sprintf("startNode(%[1]s).placeholder IS NULL AND endNode(%[1]s).placeholder IS NULL", v))
	}
	if f.KnownAt != nil {
		conds = append(conds, fmt.Sprintf("%[1]s.knownFrom <= $%[2]sknownAt", v, prefix))
	}
	if f.From != nil {
		conds = append(conds, fmt.Sprintf("(%[1]s.endUntil IS NULL OR %[1]s.endUntil >= $%[2]sfrom)", v, prefix))
	}
	if f.Until != nil {
		conds = append(conds, fmt.Sprintf("(%[1]s.startFrom IS NULL OR %[1]s.startFrom <= $%[2]suntil)", v, prefix))
	}
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " AND ")
}

func filterParams(f schema.RelFilter, p map[string]any) map[string]any {
	for name, t := range map[string]*time.Time{"asOf": f.AsOf, "knownAt": f.KnownAt, "from": f.From, "until": f.Until} {
		p[name] = nil
		if t != nil {
			p[name] = dbtype.Date(*t)
		}
	}
	bases := make([]string, len(f.Bases))
	for i, b := range f.Bases {
		bases[i] = string(b)
	}
	p["bases"] = bases
	return p
}

// Relationships returns a page of relationships for each of the given
// entities, all in one statement, with their totals. It answers what a root
// statement did not bring along.
func (db *DB) Relationships(ctx context.Context, ids []string, pf *schema.PageFetch) (map[string]schema.RelPage, error) {
	page := *pf
	page.Count, page.Rel = true, schema.RelFetch{}
	params := map[string]any{"ids": ids}
	c := newFetchCypher(params, nil)
	cypher := fmt.Sprintf("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN n, %s",
		schema.EntityLabel, c.entity("n", &schema.EntityFetch{Pages: []*schema.PageFetch{&page}}))
	var fetched schema.Fetched
	if _, err := readStatement(ctx, db, cypher, params, c.collectEntities(&fetched)); err != nil {
		return nil, fmt.Errorf("reading relationships: %w", err)
	}
	pages := make(map[string]schema.RelPage, len(fetched.Pages))
	for _, p := range fetched.Pages {
		pages[p.Owner] = p.Page
	}
	return pages, nil
}

// Neighborhood returns the entities within depth hops of id and the
// relationships among them that the expansion followed. It expands one ring
// at a time, each ring from the entities the previous one reached first, at
// most maxNodes×10 relationships per ring in relationship id order, and
// stops adding entities at maxNodes. The rings are read as element ids only,
// one statement per ring, and what they chose is then read whole by one
// statement, all in one transaction: what a neighbourhood holds in Neo4j's
// memory is bounded by maxNodes, whatever the entity (docs/performance.md).
// What fetch asks for with them goes into into.
func (db *DB) Neighborhood(ctx context.Context, id string, depth int, f schema.RelFilter, maxNodes int, fetch *schema.Fetch, into *schema.Fetched) (schema.Subgraph, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Subgraph, error) {
		plan, err := expandRings(ctx, tx, id, depth, f, maxNodes)
		if err != nil {
			return schema.Subgraph{}, err
		}
		return readRings(ctx, tx, plan, fetch, into)
	})
	if err != nil {
		return schema.Subgraph{}, fmt.Errorf("reading the neighborhood of %q: %w", id, err)
	}
	return out, nil
}

// rings is what a neighbourhood's expansion chose: element ids of its
// entities (the root first) and relationships, in the order reached.
type rings struct {
	nodes, rels []string
	truncated   bool
}

// ringCypher reads one ring: the relationships of the frontier's entities,
// as element ids of the relationship and its far end. Only ids travel
// through the sort, so that its memory stays a few bytes a row.
func ringCypher(f schema.RelFilter) string {
	return fmt.Sprintf(`UNWIND $frontier AS e
MATCH (n) WHERE elementId(n) = e
MATCH (n)-[r%s]-(m)
WHERE %s
WITH DISTINCT r.id AS rid, elementId(r) AS er, elementId(m) AS em
ORDER BY rid
LIMIT $limit
RETURN er, em`, relTypes(f.Types), relFilterCypher("r", "", f))
}

// expandRings runs the rule Neighborhood documents, ring by ring.
func expandRings(ctx context.Context, tx neo4j.ManagedTransaction, id string, depth int, f schema.RelFilter, maxNodes int) (rings, error) {
	root, err := tx.Run(ctx, fmt.Sprintf("MATCH (n:%s {id: $id}) RETURN elementId(n)", schema.EntityLabel), map[string]any{"id": id})
	if err != nil {
		return rings{}, err
	}
	recs, err := root.Collect(ctx)
	if err != nil {
		return rings{}, err
	}
	if len(recs) == 0 {
		return rings{}, schema.Errorf(schema.ErrNotFound, "no entity has id %q", id)
	}
	var dec decoder
	rootID := get[string](&dec, recs[0].Values[0], "the root's element id")
	out := rings{nodes: []string{rootID}}
	seenNode, seenRel := map[string]bool{rootID: true}, map[string]bool{}
	frontier := []string{rootID}
	cypher := ringCypher(f)
	for d := 0; d < depth && len(frontier) > 0 && !out.truncated; d++ {
		res, err := tx.Run(ctx, cypher, filterParams(f, map[string]any{"frontier": frontier, "limit": int64(maxNodes * 10)}))
		if err != nil {
			return rings{}, err
		}
		var next []string
		for res.Next(ctx) {
			rel := get[string](&dec, res.Record().Values[0], "a relationship's element id")
			far := get[string](&dec, res.Record().Values[1], "an entity's element id")
			if !seenNode[far] {
				if len(out.nodes) >= maxNodes {
					out.truncated = true
					continue
				}
				seenNode[far] = true
				out.nodes = append(out.nodes, far)
				next = append(next, far)
			}
			if !seenRel[rel] {
				seenRel[rel] = true
				out.rels = append(out.rels, rel)
			}
		}
		if err := res.Err(); err != nil {
			return rings{}, err
		}
		frontier = next
	}
	return out, dec.err
}

// readRings reads the entities and relationships the expansion chose, with
// what fetch asks for (put into into), in one statement, and puts them in
// the rings' order.
func readRings(ctx context.Context, tx neo4j.ManagedTransaction, plan rings, fetch *schema.Fetch, into *schema.Fetched) (schema.Subgraph, error) {
	params := map[string]any{"nodes": plan.nodes, "rels": plan.rels}
	c := newFetchCypher(params, fetch)
	cypher := fmt.Sprintf(`CALL () { UNWIND $nodes AS e MATCH (m) WHERE elementId(m) = e RETURN collect([e, %s]) AS nodes }
CALL () { UNWIND $rels AS e MATCH ()-[r]->() WHERE elementId(r) = e RETURN collect([e, %s]) AS rels }
RETURN nodes, rels`, c.entityWith("m", fetch.EntityPlan()), c.rel("r", fetch.RelPlan()))
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return schema.Subgraph{}, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return schema.Subgraph{}, err
	}
	into = sink(into)
	byElement := func(v any) map[string]any {
		list := get[[]any](&c.dec, v, "the rings' records")
		m := make(map[string]any, len(list))
		for _, item := range list {
			if pair := get[[]any](&c.dec, item, "an element and its record"); len(pair) == 2 {
				m[get[string](&c.dec, pair[0], "an element id")] = pair[1]
			}
		}
		return m
	}
	nodes, rels := byElement(rec.Values[0]), byElement(rec.Values[1])
	sg := schema.Subgraph{Truncated: plan.truncated}
	for _, e := range plan.nodes {
		m := get[map[string]any](&c.dec, nodes[e], "an entity record")
		if m == nil {
			continue // deleted since the expansion read it
		}
		n := c.decodeEntity(m["n"])
		c.decodeEntityExtras(n.ID, m["x"], into)
		sg.Nodes = append(sg.Nodes, n)
	}
	for _, e := range plan.rels {
		if v, ok := rels[e]; ok && v != nil {
			sg.Relationships = append(sg.Relationships, c.decodeRel(v, into))
		}
	}
	return sg, c.dec.err
}

// Paths returns up to first shortest paths from one entity to another,
// following relationships in either direction, shortest first. A path never
// visits an entity twice: the condition sits inside the parenthesised path
// pattern, so SHORTEST selects among simple paths rather than dropping
// walks after choosing them. maxHops and
// first must already be within the API's limits: they are written into the
// query, where Cypher does not take parameters.
func (db *DB) Paths(ctx context.Context, from, to string, maxHops int, f schema.RelFilter, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Path, error) {
	if maxHops < 1 || first < 1 {
		return nil, nil
	}
	params := filterParams(f, map[string]any{"fromID": from, "toID": to})
	c := newFetchCypher(params, fetch)
	cypher := fmt.Sprintf(`
MATCH (a:%[1]s {id: $fromID}), (b:%[1]s {id: $toID})
MATCH p = SHORTEST %[2]d ((a) ((x)-[r%[3]s WHERE %[4]s]-(y)){1,%[5]d} (b)
  WHERE all(i IN range(0, size(y) - 1) WHERE y[i] <> a AND none(j IN range(i + 1, size(y) - 1) WHERE y[i] = y[j])))
WITH p, length(p) AS len, [x IN nodes(p) | x.id] AS ids, [x IN relationships(p) | x.id] AS rids
RETURN %[6]s
ORDER BY len, ids, rids`,
		schema.EntityLabel, first, relTypes(f.Types), relFilterCypher("r", "", f), maxHops, c.pathColumns("p", fetch))
	paths, err := readStatement(ctx, db, cypher, params, c.collectPaths(into))
	if err != nil {
		return nil, fmt.Errorf("finding paths from %q to %q: %w", from, to, err)
	}
	return paths, nil
}

// Count returns how many entities and relationships the graph holds.
func (db *DB) Count(ctx context.Context) (entities, relationships int, err error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([2]int64, error) {
		res, err := tx.Run(ctx, fmt.Sprintf(`
CALL () { MATCH (n:%s) RETURN count(n) AS e }
CALL () { MATCH ()-[r]->() RETURN count(r) AS r }
RETURN e, r`, schema.EntityLabel), nil)
		if err != nil {
			return [2]int64{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return [2]int64{}, err
		}
		return [2]int64{rec.Values[0].(int64), rec.Values[1].(int64)}, nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("counting the graph: %w", err)
	}
	c := out
	return int(c[0]), int(c[1]), nil
}

// Checksum fingerprints the whole graph: every node's labels and
// properties and every relationship's type, endpoints and properties. Tests
// and the kill-mid-load script compare it before and after. Rows are
// streamed and their digests added up, so the order does not matter and a
// graph of millions of items needs no memory for them.
func (db *DB) Checksum(ctx context.Context) (string, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (string, error) {
		sum, n := new(big.Int), 0
		var d decoder
		add := func(line string) {
			d := sha256.Sum256([]byte(line))
			sum.Add(sum, new(big.Int).SetBytes(d[:]))
			n++
		}
		// The meta node is bookkeeping, not graph: its generation differs
		// between equal graphs loaded by different histories.
		res, err := tx.Run(ctx, "MATCH (n) WHERE NOT n:"+metaLabel+" RETURN labels(n), properties(n)", nil)
		if err != nil {
			return "", err
		}
		for res.Next(ctx) {
			v := res.Record().Values
			labels := stringList(&d, v[0], "a node's labels")
			sort.Strings(labels)
			// elementId is left out: it differs between equal graphs.
			add("N " + strings.Join(labels, ":") + " " + canonical(&d, v[1]))
		}
		if err := res.Err(); err != nil {
			return "", err
		}
		res, err = tx.Run(ctx, "MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)", nil)
		if err != nil {
			return "", err
		}
		for res.Next(ctx) {
			v := res.Record().Values
			add(fmt.Sprintf("R %v %v %v %s", v[0], v[1], v[2], canonical(&d, v[3])))
		}
		if err := res.Err(); err != nil {
			return "", err
		}
		mod := new(big.Int).Lsh(big.NewInt(1), 256)
		return fmt.Sprintf("%064x-%d", sum.Mod(sum, mod), n), d.err
	})
	if err != nil {
		return "", fmt.Errorf("checksumming the graph: %w", err)
	}
	return out, nil
}

// canonical renders a property map with sorted keys.
func canonical(d *decoder, v any) string {
	m := get[map[string]any](d, v, "a property map")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v;", k, m[k])
	}
	return b.String()
}

// entityFromNode reads an entity from a node, or from the map of a node's
// properties that fetch expressions return (see nodeMap).
func entityFromNode(d *decoder, v any) schema.Entity {
	var props map[string]any
	switch n := v.(type) {
	case dbtype.Node:
		props = n.Props
	default:
		props = get[map[string]any](d, v, "an entity")
	}
	kind := get[string](d, props["kind"], "an entity's kind")
	e := schema.Entity{ID: get[string](d, props["id"], "an entity's id"), Kind: schema.Kind(kind), Props: map[string]any{}}
	e.Placeholder = get[bool](d, props["placeholder"], "an entity's placeholder mark")
	e.Corrections = correctionsFrom(d, props)
	spec, ok := schema.KindByName(kind)
	if !ok {
		return e
	}
	for _, f := range spec.AllFields() {
		v := props[f.Name]
		if v == nil {
			continue
		}
		switch f.Type {
		case schema.StringList:
			e.Props[f.Name] = stringList(d, v, f.Name)
		case schema.DateField:
			date, err := schema.ParseDate(get[string](d, v, f.Name))
			if err != nil && d.err == nil {
				d.err = fmt.Errorf("decoding %s of %s: %w", f.Name, e.ID, err)
			}
			e.Props[f.Name] = date
		default:
			e.Props[f.Name] = get[string](d, v, f.Name)
		}
	}
	e.Citations = citationsFrom(d, props)
	return e
}

// relationshipProps are the properties a relationship's claim is read from
// (relFromTriple); the others (its input, hash, sort keys and native dates)
// serve writes and filters.
var relationshipProps = []string{"id", "status", "summary", "start", "end", "product", "amount", "currency",
	"quantity", "basis", "role", "share", "correctionReasons", "correctionSources",
	"citeSources", "citeQuotes", "citeLocators", "citeStances"}

// relFromTriple reads [relationship, fromID, toID]. The relationship is one
// as the driver returns it, or the map of its claim's properties and its
// type that fetch expressions return (see relMap).
func relFromTriple(d *decoder, v any) schema.Relationship {
	t := get[[]any](d, v, "a relationship triple")
	if len(t) != 3 {
		if d.err == nil {
			d.err = fmt.Errorf("decoding a relationship triple: %d values, want 3", len(t))
		}
		return schema.Relationship{}
	}
	var props map[string]any
	var relType string
	switch r := t[0].(type) {
	case dbtype.Relationship:
		props, relType = r.Props, r.Type
	default:
		props = get[map[string]any](d, r, "a relationship")
		relType = get[string](d, props["type"], "a relationship's type")
	}
	str := func(name string) string { return get[string](d, props[name], "a relationship's "+name) }
	date := func(name string) schema.Date {
		s := str(name)
		if s == "" {
			return schema.Date{}
		}
		v, err := schema.ParseDate(s)
		if err != nil && d.err == nil {
			d.err = fmt.Errorf("decoding the %s of %s: %w", name, str("id"), err)
		}
		return v
	}
	rel := schema.Relationship{Type: schema.RelType(relType),
		From: get[string](d, t[1], "a relationship's from"), To: get[string](d, t[2], "a relationship's to"),
		ID: str("id"), Status: schema.ClaimStatus(str("status")), Summary: str("summary"),
		Period:  schema.Period{Start: date("start"), End: date("end")},
		Product: str("product"), Currency: str("currency"), Basis: schema.Basis(str("basis")), Role: str("role"),
		Amount:   get[int64](d, props["amount"], "a relationship's amount"),
		Quantity: int(get[int64](d, props["quantity"], "a relationship's quantity")),
	}
	rel.Share = get[float64](d, props["share"], "a relationship's share")
	rel.Corrections = correctionsFrom(d, props)
	rel.Citations = citationsFrom(d, props)
	return rel
}

func citationsFrom(d *decoder, props map[string]any) []schema.Citation {
	src := stringList(d, props["citeSources"], "citeSources")
	quote := stringList(d, props["citeQuotes"], "citeQuotes")
	loc := stringList(d, props["citeLocators"], "citeLocators")
	stance := stringList(d, props["citeStances"], "citeStances")
	out := make([]schema.Citation, len(src))
	for i := range src {
		out[i] = schema.Citation{Source: src[i], Quote: at(quote, i), Locator: at(loc, i), Stance: schema.Stance(at(stance, i))}
	}
	return out
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

func stringList(d *decoder, v any, what string) []string {
	raw := get[[]any](d, v, what)
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		out = append(out, get[string](d, x, "an item of "+what))
	}
	return out
}

// All returns the whole graph, every entity and relationship, in id order.
// It is for exports; at the sizes survgraph holds it fits in memory.
func (db *DB) All(ctx context.Context) (schema.Graph, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Graph, error) {
		var g schema.Graph
		res, err := tx.Run(ctx, fmt.Sprintf("MATCH (n:%s) RETURN n ORDER BY n.id", schema.EntityLabel), nil)
		if err != nil {
			return schema.Graph{}, err
		}
		if g.Entities, err = collectEntities(ctx, res); err != nil {
			return schema.Graph{}, err
		}
		res, err = tx.Run(ctx, fmt.Sprintf(
			"MATCH (a:%[1]s)-[r]->(b:%[1]s) RETURN [r, a.id, b.id] ORDER BY r.id", schema.EntityLabel), nil)
		if err != nil {
			return schema.Graph{}, err
		}
		var d decoder
		for res.Next(ctx) {
			g.Relationships = append(g.Relationships, relFromTriple(&d, res.Record().Values[0]))
		}
		return g, errors.Join(res.Err(), d.err)
	})
	if err != nil {
		return schema.Graph{}, fmt.Errorf("reading the whole graph: %w", err)
	}
	return out, nil
}

// Timeline returns the dated events around an entity (see [schema.Timeline]),
// read in one transaction of three statements: the entity, its relationships
// with their other ends, and the sources they cite. Every entity it reads
// goes into into, with what fetch asks for on the relationships and on the
// entities events are about.
func (db *DB) Timeline(ctx context.Context, id string, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Event, error) {
	brought, rel := sink(into), fetch.RelPlan()
	relParams := map[string]any{"id": id}
	relFetch := newFetchCypher(relParams, nil)
	rels := fmt.Sprintf(`
MATCH (n:%s {id: $id})-[r]-(m)
RETURN %s AS rel, %s AS m ORDER BY r.id`, schema.EntityLabel, relFetch.rel("r", rel), relFetch.entityWith("m", fetch.EntityPlan()))
	srcParams := map[string]any{}
	srcFetch := newFetchCypher(srcParams, nil)
	srcs := fmt.Sprintf("UNWIND $ids AS id MATCH (s:%s {id: id}) RETURN s, %s", schema.EntityLabel, srcFetch.entity("s", fetch.EntityPlan()))
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]schema.Event, error) {
		res, err := tx.Run(ctx, fmt.Sprintf("MATCH (n:%s {id: $id}) RETURN n", schema.EntityLabel), map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		found, err := collectEntities(ctx, res)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, schema.Errorf(schema.ErrNotFound, "no entity has id %q", id)
		}
		center := found[0]
		brought.Entities = append(brought.Entities, center)
		res, err = tx.Run(ctx, rels, relParams)
		if err != nil {
			return nil, err
		}
		var claims []schema.Relationship
		neighbors := map[string]schema.Entity{}
		cited := map[string]bool{}
		for _, c := range center.Citations {
			cited[c.Source] = true
		}
		for res.Next(ctx) {
			rec := res.Record()
			r := relFetch.decodeRel(rec.Values[0], brought)
			m := get[map[string]any](&relFetch.dec, rec.Values[1], "a neighbour")
			me := entityFromNode(&relFetch.dec, m["n"])
			relFetch.decodeEntityExtras(me.ID, m["x"], brought)
			brought.Entities = append(brought.Entities, me)
			claims = append(claims, r)
			neighbors[me.ID] = me
			for _, c := range r.Citations {
				cited[c.Source] = true
			}
			if me.Kind == schema.LegalAction {
				for _, c := range me.Citations {
					cited[c.Source] = true
				}
			}
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(cited))
		for s := range cited {
			ids = append(ids, s)
		}
		srcParams["ids"] = ids
		res, err = tx.Run(ctx, srcs, srcParams)
		if err != nil {
			return nil, err
		}
		read, err := srcFetch.collectEntities(brought)(ctx, res)
		if err != nil {
			return nil, err
		}
		brought.Entities = append(brought.Entities, read...)
		sources := make(map[string]schema.Entity, len(read))
		for _, s := range read {
			sources[s.ID] = s
		}
		return schema.Timeline(center, claims, neighbors, sources), nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the timeline of %q: %w", id, err)
	}
	return out, nil
}

// SupplyChains returns chains from vendors to a client (suppliers) or from a
// vendor to its clients (clients), shortest first, one per vendor-client
// pair: direct supplies and supplies through subsidiaries, parents,
// partners, products and projects. Intermediate entities are companies,
// products, projects, or bodies of the client's government, so a chain never
// runs through another customer. maxHops and first must already be within
// the API's limits.
func (db *DB) SupplyChains(ctx context.Context, id string, suppliers bool, maxHops int, f schema.ChainFilter, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Path, error) {
	vendor, client := "(c:Company)", fmt.Sprintf("(g:%s {id: $id})", schema.EntityLabel)
	if !suppliers {
		vendor, client = fmt.Sprintf("(c:Company&%s {id: $id})", schema.EntityLabel), "(g:Government|Agency)"
	}
	countries, categories := f.VendorCountries, f.ProductCategories
	if countries == nil {
		countries = []string{}
	}
	if categories == nil {
		categories = []string{}
	}
	params := filterParams(f.RelFilter, map[string]any{"id": id, "first": int64(first),
		"minRank": int64(max(f.MinStatus.Rank(), 0)), "countries": countries, "categories": categories})
	c := newFetchCypher(params, fetch)
	hop := func(r string) string {
		if f.MinStatus.Rank() <= 0 {
			return relFilterCypher(r, "", f.RelFilter)
		}
		return relFilterCypher(r, "", f.RelFilter) + " AND " + r + ".statusRank >= $minRank"
	}
	// Intermediate kinds and each hop's filters are constrained inside the
	// pattern. The conditions on the whole chain (agencies belong to the
	// client, a supply hop, no sideways step through a hub: see chainHub)
	// filter the shortest chain found for a pair: inside the pattern they
	// would be checked on every candidate path of the search, which at
	// 100,000 entities takes seconds instead of milliseconds. Of equally
	// short chains, which one is found is up to Neo4j.
	// The hops before the last, which Cypher cannot quantify {0,0} when the
	// chain may have one hop only.
	// Each hop runs from the vendor's side to the client's (chainForward), a
	// condition on the hop alone, so inside the pattern.
	before, lastFrom := "(c)", "c"
	if maxHops > 1 {
		before, lastFrom = fmt.Sprintf("(c) ((a)-[r%s WHERE %s AND %s]-(b:Company|Product|Project|Agency)){0,%d} (x)",
			relTypes(schema.ChainLinks), hop("r"), chainForward("r", "a"), maxHops-1), "x"
	}
	cypher := fmt.Sprintf(`
MATCH %[1]s, %[2]s
MATCH p = ANY SHORTEST %[6]s-[last%[3]s WHERE %[5]s AND %[8]s]-(g)
WHERE c <> g
  AND all(n IN nodes(p)[1..-1] WHERE NOT n:Agency OR EXISTS { (n)-[:PART_OF]->(g) })
  AND any(y IN relationships(p) WHERE type(y) IN ['SUPPLIED', 'COMMISSIONED', 'DEPLOYED'])
  AND all(pair IN [i IN range(0, length(p) - 2) | [%[9]s, %[10]s]]
          WHERE pair[0] IS NULL OR pair[1] IS NULL OR pair[0] <> pair[1])
  AND (size($countries) = 0 OR c.country IN $countries)
  AND (size($categories) = 0 OR any(n IN nodes(p) WHERE n:Product AND n.category IN $categories))
WITH p, c, g ORDER BY length(p), c.id, g.id
LIMIT $first
RETURN %[7]s
ORDER BY length(p), c.id, g.id`,
		vendor, client, relTypes(schema.ChainLinks), hop("r"), hop("last"), before, c.pathColumns("p", fetch),
		chainForward("last", lastFrom), chainHub("relationships(p)[i]"), chainHub("relationships(p)[i + 1]"))
	paths, err := readStatement(ctx, db, cypher, params, c.collectPaths(into))
	if err != nil {
		return nil, fmt.Errorf("finding supply chains for %q: %w", id, err)
	}
	return paths, nil
}

// chainForward is the Cypher condition that relationship rel, reached from
// the node named before on the way from vendor to client, runs that way: a supply from
// the vendor's side, a deployment or a commission from the product or project
// to the one that uses it. Taken backwards, a supply would make a vendor's
// other customer its supplier.
func chainForward(rel, before string) string {
	return fmt.Sprintf("CASE type(%[1]s) WHEN 'SUPPLIED' THEN startNode(%[1]s) = %[2]s"+
		" WHEN 'DEPLOYED' THEN endNode(%[1]s) = %[2]s WHEN 'COMMISSIONED' THEN endNode(%[1]s) = %[2]s ELSE true END", rel, before)
}

// chainHub is the Cypher expression of the end of relationship rel that
// groups peers on the vendor's side: the parent of a subsidiary or an
// acquisition, the project of a participant or a product, the product of a
// maker. A supply chain may pass through a hub (from a subsidiary up to its
// parent and on, from a maker to its product and on to a project) but not
// enter and leave it as a hub both times: that steps sideways to a peer
// (another participant in the project, another maker, a sister company),
// and a peer's sales are not the vendor's.
func chainHub(rel string) string {
	return fmt.Sprintf("CASE type(%[1]s) WHEN 'SUBSIDIARY_OF' THEN endNode(%[1]s) WHEN 'PARTICIPATED_IN' THEN endNode(%[1]s)"+
		" WHEN 'MAKES' THEN endNode(%[1]s) WHEN 'USED_IN' THEN endNode(%[1]s) WHEN 'ACQUIRED' THEN startNode(%[1]s) END", rel)
}
