package graphdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// A fetch plan (see [schema.EntityFetch]) becomes Cypher expressions that
// sit in the RETURN clause of the read that asked for it: COUNT and COLLECT
// subqueries, nested as deep as the plan. The whole answer to a GraphQL root
// field therefore comes back from one statement.
//
// Every subquery that returns a list sorts in its RETURN clause: an order set
// by an earlier WITH does not survive the subqueries evaluated after it.
//
// Each expression evaluates to a map with short keys:
//
//	entity extras:  {s: [source node maps], p: [page, …]}
//	page:           {k: page number, t: total or null, i: [relationship, …]} (at most First+1 items)
//	relationship:   {r: rel map, f: from id, t: to id, s: [source node maps],
//	                 fe: [entity], te: [entity], pe: [entity]}
//	entity:         {n: node map, x: entity extras, p: true when read slim in a
//	                 whole read (schema.EntityFetch.Slim), which puts it in
//	                 schema.Fetched.Slim}

// The expressions return entities and relationships as maps of their
// properties (nodeMap, relMap) rather than as nodes and relationships. A node
// or relationship costs Neo4j and the driver its element ids (three strings
// per relationship), its labels and its numeric ids besides its properties,
// and survgraph reads none of them; a relationship's map also leaves out the
// properties that only writes and filters use. A slim read (schema.Fetch.Slim)
// leaves out all but what its answer reads: on the peers' neighbourhood that
// is a third of Neo4j's and the driver's work per answer.

// nodeMap is the expression of node variable v as a map of its properties,
// or of its id, kind, name and country in a slim read.
func (c *fetchCypher) nodeMap(v string) string {
	if c.slim {
		return slimNodeMap(v)
	}
	return v + " {.*}"
}

func slimNodeMap(v string) string {
	return v + " {." + strings.Join(schema.SlimEntityFields, ", .") + "}"
}

// relMap is the expression of relationship variable r as a map of the
// properties its claim is read from, and its type; a slim read leaves out
// the citations, and the claims' details too when the answer does not read
// them (schema.Fetch.SlimClaims).
func (c *fetchCypher) relMap(r string) string {
	var b strings.Builder
	b.WriteString(r + " {")
	for _, p := range relationshipProps {
		if c.slim && !slices.Contains(schema.SlimClaimFields, p) || c.slimClaims && slices.Contains(schema.ClaimDetailFields, p) {
			continue
		}
		b.WriteString("." + p + ", ")
	}
	b.WriteString("type: type(" + r + ")}")
	return b.String()
}

// decodeEntity reads an entity expression's node map: slim in a slim read,
// which the caller knows, having asked for it.
func (c *fetchCypher) decodeEntity(v any) schema.Entity { return entityFromNode(&c.dec, v) }

// bring adds an entity a read brought along to into, apart when read slim.
func bring(into *schema.Fetched, e schema.Entity, slim bool) {
	if slim {
		into.Slim = append(into.Slim, e)
		return
	}
	into.Entities = append(into.Entities, e)
}

// sink is where a read puts what it brought: into, or a throwaway when the
// caller wants none of it.
func sink(into *schema.Fetched) *schema.Fetched {
	if into == nil {
		return &schema.Fetched{}
	}
	return into
}

// fetchCypher writes the expressions of one statement's fetch plans and
// collects their parameters. Variable and parameter names are numbered so
// that nested subqueries never shadow one another.
type fetchCypher struct {
	slim       bool // see schema.Fetch.Slim
	slimClaims bool // see schema.Fetch.SlimClaims
	params     map[string]any
	pages      []*schema.PageFetch // by page number
	names      int
	// dec keeps the first value of the answer that was not of the
	// expected type; the collect functions return it.
	dec decoder
}

// newFetchCypher starts the expressions of a read that answers fetch (nil
// when it answers none), slim when fetch asks for it.
func newFetchCypher(params map[string]any, fetch *schema.Fetch) *fetchCypher {
	return &fetchCypher{params: params, slim: fetch.IsSlim(), slimClaims: fetch.IsSlim() && fetch.SlimClaims}
}

func (c *fetchCypher) name(prefix string) string {
	c.names++
	return fmt.Sprintf("%s%d", prefix, c.names)
}

// entity is the extras expression of node variable v; "null" when the plan
// asks for nothing.
func (c *fetchCypher) entity(v string, f *schema.EntityFetch) string {
	if f.Empty() {
		return "null"
	}
	var parts []string
	if f.Sources {
		parts = append(parts, "s: "+c.sources(v))
	}
	if len(f.Pages) > 0 {
		pages := make([]string, len(f.Pages))
		for i, pf := range f.Pages {
			pages[i] = c.page(v, pf)
		}
		parts = append(parts, "p: ["+strings.Join(pages, ", ")+"]")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// sources is the list of source nodes that the citations of v (a node or a
// relationship) name, in citation order.
func (c *fetchCypher) sources(v string) string {
	s := c.name("s")
	return fmt.Sprintf("COLLECT { UNWIND range(0, size(coalesce(%[1]s.citeSources, [])) - 1) AS %[2]si"+
		" MATCH (%[2]s:%[3]s {id: %[1]s.citeSources[%[2]si]}) RETURN %[4]s ORDER BY %[2]si }", v, s, schema.EntityLabel, c.nodeMap(s))
}

func (c *fetchCypher) page(v string, pf *schema.PageFetch) string {
	k := len(c.pages)
	c.pages = append(c.pages, pf)
	r, m := c.name("r"), c.name("m")
	p := fmt.Sprintf("p%d_", k)
	for name, value := range filterParams(pf.Filter, map[string]any{}) {
		c.params[p+name] = value
	}
	pattern := pagePattern(v, r, m, pf)
	where := relFilterCypher(r, p, pf.Filter)
	total := "null"
	if pf.Count {
		total = subquery("COUNT", "MATCH "+pattern, "WHERE "+where)
	}
	from, order := c.pageWindow(r, p, pf)
	byID := "ORDER BY " + r + ".id" + order
	items := subquery("COLLECT",
		"MATCH "+pattern,
		"WHERE "+where+" AND "+from,
		"WITH "+r+" "+byID,
		"LIMIT $"+p+"limit",
		"RETURN "+c.rel(r, &pf.Rel)+" "+byID)
	return fmt.Sprintf("{k: %d, t: %s, i: %s }", k, total, items)
}

// subquery writes a Cypher subquery expression (COLLECT, COUNT, EXISTS) of
// its clauses, one named part each.
func subquery(kind string, clauses ...string) string {
	return kind + " { " + strings.Join(clauses, " ") + " }"
}

// pagePattern is the pattern of a page's relationships r from node v to m,
// in the page's direction and of its types.
func pagePattern(v, r, m string, pf *schema.PageFetch) string {
	rel := fmt.Sprintf("[%s%s]", r, relTypes(pf.Filter.Types))
	switch pf.Dir {
	case schema.Outgoing:
		return fmt.Sprintf("(%s)-%s->(%s)", v, rel, m)
	case schema.Incoming:
		return fmt.Sprintf("(%s)<-%s-(%s)", v, rel, m)
	}
	return fmt.Sprintf("(%s)-%s-(%s)", v, rel, m)
}

// pageWindow is the condition that starts a page at its cursor and the
// order it is read in, and sets its parameters (prefix p): forwards from
// after, or backwards from before, in descending order, put back in order
// when decoded. One item more than the page is read, to tell whether more
// follow.
func (c *fetchCypher) pageWindow(r, p string, pf *schema.PageFetch) (from, order string) {
	if pf.Last > 0 {
		c.params[p+"before"], c.params[p+"limit"] = pf.Before, int64(pf.Last+1)
		return fmt.Sprintf("($%[2]sbefore = '' OR %[1]s.id < $%[2]sbefore)", r, p), " DESC"
	}
	c.params[p+"after"], c.params[p+"limit"] = pf.After, int64(pf.First+1)
	return fmt.Sprintf("%s.id > $%safter", r, p), ""
}

// rel is the expression of relationship variable r with what f asks for.
func (c *fetchCypher) rel(r string, f *schema.RelFetch) string {
	parts := []string{"r: " + c.relMap(r), "f: startNode(" + r + ").id", "t: endNode(" + r + ").id"}
	if f.Sources {
		parts = append(parts, "s: "+c.sources(r))
	}
	if f.From != nil {
		a := c.name("a")
		parts = append(parts, fmt.Sprintf("fe: COLLECT { MATCH (%[1]s)-[%[2]s]->() RETURN %[3]s }", a, r, c.entityWith(a, f.From)))
	}
	if f.To != nil {
		b := c.name("b")
		parts = append(parts, fmt.Sprintf("te: COLLECT { MATCH ()-[%[2]s]->(%[1]s) RETURN %[3]s }", b, r, c.entityWith(b, f.To)))
	}
	if f.Product != nil {
		pn := c.name("pn")
		parts = append(parts, fmt.Sprintf("pe: COLLECT { MATCH (%[1]s:%[2]s {id: %[3]s.product}) RETURN %[4]s }",
			pn, schema.EntityLabel, r, c.entityWith(pn, f.Product)))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// entityWith is the expression of node variable v and its extras. An end
// planned slim in a read that is not (schema.EntityFetch.Slim) is marked
// with p, for partial, so that decoding keeps it apart.
func (c *fetchCypher) entityWith(v string, f *schema.EntityFetch) string {
	if f != nil && f.Slim && !c.slim {
		return fmt.Sprintf("{n: %s, x: %s, p: true}", slimNodeMap(v), c.entity(v, f))
	}
	return fmt.Sprintf("{n: %s, x: %s}", c.nodeMap(v), c.entity(v, f))
}

// The decoding side: it adds every entity and page it meets to a Fetched.

func (c *fetchCypher) decodeEntityExtras(owner string, v any, into *schema.Fetched) {
	m := get[map[string]any](&c.dec, v, "an entity's extras")
	if m == nil {
		return
	}
	c.decodeNodes(m["s"], into)
	for _, raw := range get[[]any](&c.dec, m["p"], "an entity's pages") {
		pm := get[map[string]any](&c.dec, raw, "a page")
		k := get[int64](&c.dec, pm["k"], "a page's number")
		if k < 0 || int(k) >= len(c.pages) {
			if c.dec.err == nil {
				c.dec.err = fmt.Errorf("decoding a page: number %d of %d", k, len(c.pages))
			}
			continue
		}
		pf := c.pages[k]
		page := schema.RelPage{Total: int(get[int64](&c.dec, pm["t"], "a page's total"))}
		items := get[[]any](&c.dec, pm["i"], "a page's items")
		for _, item := range items {
			page.Items = append(page.Items, c.decodeRel(item, into))
		}
		if pf.Last > 0 {
			if len(page.Items) > pf.Last {
				page.Items, page.HasPrevious = page.Items[:pf.Last], true
			}
			slices.Reverse(page.Items)
			page.HasNext = pf.Before != ""
		} else {
			if len(page.Items) > pf.First {
				page.Items, page.HasNext = page.Items[:pf.First], true
			}
			page.HasPrevious = pf.After != ""
		}
		into.Pages = append(into.Pages, schema.FetchedPage{Owner: owner, Fetch: pf, Page: page})
	}
}

// decodeRel reads a relationship expression and adds what came with it.
func (c *fetchCypher) decodeRel(v any, into *schema.Fetched) schema.Relationship {
	m := get[map[string]any](&c.dec, v, "a relationship expression")
	rel := relFromTriple(&c.dec, []any{m["r"], m["f"], m["t"]})
	c.decodeNodes(m["s"], into)
	for _, key := range []string{"fe", "te", "pe"} {
		for _, e := range get[[]any](&c.dec, m[key], "a relationship's ends") {
			c.decodeEntityWith(e, into)
		}
	}
	return rel
}

func (c *fetchCypher) decodeEntityWith(v any, into *schema.Fetched) {
	m := get[map[string]any](&c.dec, v, "an entity expression")
	if m["n"] == nil {
		return
	}
	e := c.decodeEntity(m["n"])
	bring(into, e, c.slim || get[bool](&c.dec, m["p"], "an entity's partial mark"))
	c.decodeEntityExtras(e.ID, m["x"], into)
}

func (c *fetchCypher) decodeNodes(v any, into *schema.Fetched) {
	for _, x := range get[[]any](&c.dec, v, "a list of sources") {
		if x != nil {
			bring(into, c.decodeEntity(x), c.slim)
		}
	}
}

// collectEntities reads results whose first column is an entity node and
// whose second is its extras, adding what they bring to into (if not nil).
func (c *fetchCypher) collectEntities(into *schema.Fetched) func(context.Context, neo4j.ResultWithContext) ([]schema.Entity, error) {
	return func(ctx context.Context, res neo4j.ResultWithContext) ([]schema.Entity, error) {
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		list := make([]schema.Entity, 0, len(recs))
		for _, rec := range recs {
			e := c.decodeEntity(rec.Values[0])
			list = append(list, e)
			if into != nil && len(rec.Values) > 1 {
				c.decodeEntityExtras(e.ID, rec.Values[1], into)
			}
		}
		return list, c.dec.err
	}
}

// pathColumns is the RETURN clause of a read of paths bound to variable p,
// with what fetch asks for on each node and relationship.
func (c *fetchCypher) pathColumns(p string, fetch *schema.Fetch) string {
	return fmt.Sprintf("[pn IN nodes(%[1]s) | %[2]s] AS nodes, [pr IN relationships(%[1]s) | %[3]s] AS rels",
		p, c.entityWith("pn", fetch.EntityPlan()), c.rel("pr", fetch.RelPlan()))
}

// collectPaths reads results of pathColumns.
func (c *fetchCypher) collectPaths(into *schema.Fetched) func(context.Context, neo4j.ResultWithContext) ([]schema.Path, error) {
	into = sink(into)
	return func(ctx context.Context, res neo4j.ResultWithContext) ([]schema.Path, error) {
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		paths := make([]schema.Path, 0, len(recs))
		for _, rec := range recs {
			var p schema.Path
			for _, n := range get[[]any](&c.dec, rec.Values[0], "a path's nodes") {
				m := get[map[string]any](&c.dec, n, "a path's node")
				e := c.decodeEntity(m["n"])
				p.Nodes = append(p.Nodes, e)
				c.decodeEntityExtras(e.ID, m["x"], into)
			}
			for _, r := range get[[]any](&c.dec, rec.Values[1], "a path's relationships") {
				p.Relationships = append(p.Relationships, c.decodeRel(r, into))
			}
			paths = append(paths, p)
		}
		return paths, c.dec.err
	}
}
