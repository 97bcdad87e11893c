package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/survgraph/survgraph/schema"
)

// Graph is what the API needs of the graph store. graphdb.DB implements it;
// it is declared here, where it is used, so the API can be tested on a fake
// for logic and on Neo4j for the rest.
type Graph interface {
	// The reads that take a *schema.Fetch bring along, in the same
	// statement, what the rest of the query will read below their results,
	// and put it into the caller's *schema.Fetched (nil: not wanted). Their
	// results are slim when the plan says Slim.
	Entities(ctx context.Context, ids []string, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Entity, error)
	Search(ctx context.Context, q schema.Search, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Entity, error)
	SearchSummary(ctx context.Context, q schema.Search) (schema.SearchSummary, error)
	CitedBy(ctx context.Context, sourceIDs []string, q schema.CitedByQuery) (map[string]schema.RelPage, error)
	// ChangedAt is the day (YYYY-MM-DD) a write last changed the graph, or "".
	ChangedAt(ctx context.Context) (string, error)
	Relationships(ctx context.Context, ids []string, page *schema.PageFetch) (map[string]schema.RelPage, error)
	Neighborhood(ctx context.Context, id string, depth int, f schema.RelFilter, maxNodes int, fetch *schema.Fetch, into *schema.Fetched) (schema.Subgraph, error)
	Paths(ctx context.Context, from, to string, maxHops int, f schema.RelFilter, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Path, error)
	Timeline(ctx context.Context, id string, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Event, error)
	SupplyChains(ctx context.Context, id string, suppliers bool, maxHops int, f schema.ChainFilter, first int, fetch *schema.Fetch, into *schema.Fetched) ([]schema.Path, error)
	EntityPage(ctx context.Context, q schema.EntityQuery, fetch *schema.Fetch, into *schema.Fetched) (schema.Page[schema.Entity], error)
	RelationshipPage(ctx context.Context, q schema.RelationshipQuery, fetch *schema.Fetch, into *schema.Fetched) (schema.Page[schema.Relationship], error)
	Stats(ctx context.Context, q schema.RelationshipQuery) (schema.Stats, error)
	// Inputs lists the graph's inputs, with the Sources each comes from.
	Inputs(ctx context.Context) ([]schema.Input, error)
	All(ctx context.Context) (schema.Graph, error)
	Ping(ctx context.Context) error
}

// Limits on what one request may ask.
const (
	defaultFirst     = 20
	maxFirst         = 100
	maxCountries     = 50 // countries a search may be limited to
	maxDepth         = 3
	maxHops          = 6
	maxChainHops     = 4
	maxNeighborNodes = 500
	maxSearchLength  = 200
)

type ctxKey struct{}

// request is the per-request state resolvers share: the graph and the
// batching caches that keep the number of queries independent of the number
// of entities returned.
type request struct {
	graph     Graph
	lookahead bool // compile nested fields into root statements
	mu        sync.Mutex

	entities       map[string]*schema.Entity // nil value: known missing
	pendingEntity  map[string]bool
	relPages       map[relKey]schema.RelPage
	pendingRelArgs map[relArgs][]string
	citedBy        map[citedByKey]schema.RelPage // Source.citedBy pages, made on first use
	pendingCitedBy map[citedByArgs][]string

	// partial holds the entities held as a slim read brought them (id,
	// kind, name and country only). It is keyed by the held value rather
	// than the id: a whole read that later replaces the id's entry leaves
	// the value earlier answers point to as partial as it was. Made by the
	// first slim read, at its size.
	partial map[*schema.Entity]bool
}

type relArgs struct {
	dir     schema.Direction
	types   string // comma-joined, sorted
	asOf    string
	knownAt string
	bases   string // comma-joined, sorted
	// undated and named are IncludeUndated and ExcludePlaceholders.
	undated, named bool
	first          int
	after          string
	last           int
	before         string
}

type relKey struct {
	args relArgs
	id   string
}

func newRequest(g Graph, lookahead bool) *request {
	return &request{
		graph:          g,
		lookahead:      lookahead,
		entities:       map[string]*schema.Entity{},
		pendingEntity:  map[string]bool{},
		relPages:       map[relKey]schema.RelPage{},
		pendingRelArgs: map[relArgs][]string{},
	}
}

func reqFrom(ctx context.Context) *request { return ctx.Value(ctxKey{}).(*request) }

// remember caches entities that a query already returned, so that resolving
// a relationship's endpoints costs nothing more; slim says a slim read
// returned them.
func (r *request) remember(slim bool, es ...schema.Entity) []*schema.Entity {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*schema.Entity, len(es))
	if slim && len(es) > 0 && r.partial == nil {
		r.partial = make(map[*schema.Entity]bool, len(es))
	}
	for i := range es {
		e := es[i]
		if held := r.entities[e.ID]; slim && held != nil && !r.partial[held] {
			out[i] = held // a slim read does not replace the whole entity
			continue
		}
		r.entities[e.ID] = &e
		if slim {
			r.partial[&e] = true
		}
		out[i] = &e
	}
	return out
}

// isPartial reports whether e is held as a slim read brought it.
func (r *request) isPartial(e *schema.Entity) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.partial[e]
}

// complete returns a thunk that reads the whole of an entity read slim, in
// place, so that the request's other references to it see it whole too, and
// then resolves fn on it. A slim read's own answer never needs it (the
// planner asks for a slim read only then); another root field of the same
// document may.
func (r *request) complete(ctx context.Context, e *schema.Entity, fn func(*schema.Entity) any) func() (any, error) {
	return func() (any, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.partial[e] {
			found, err := r.graph.Entities(ctx, []string{e.ID}, nil, nil)
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, schema.Errorf(schema.ErrInternal, "entity %q is referenced but missing", e.ID)
			}
			*e = found[0]
			delete(r.partial, e)
		}
		return fn(e), nil
	}
}

// entity returns the entity id when the request already holds it (the
// lookahead brought it), and otherwise a thunk for it: every id asked for
// before the first thunk runs is fetched in that thunk's one query. A held
// entity is not wrapped in a thunk because graphql-go completes a thunk
// through closures of its own, which cost about a fifth of the CPU of a
// neighbourhood's answer (BenchmarkNeighborhoodAnswer).
func (r *request) entity(ctx context.Context, id string) any {
	r.mu.Lock()
	if e := r.entities[id]; e != nil {
		r.mu.Unlock()
		return e
	}
	if _, ok := r.entities[id]; !ok {
		r.pendingEntity[id] = true
	}
	r.mu.Unlock()
	return func() (any, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if len(r.pendingEntity) > 0 {
			ids := make([]string, 0, len(r.pendingEntity))
			for p := range r.pendingEntity {
				ids = append(ids, p)
			}
			sort.Strings(ids)
			r.pendingEntity = map[string]bool{}
			found, err := r.graph.Entities(ctx, ids, nil, nil)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				r.entities[id] = nil
			}
			for i := range found {
				e := found[i]
				r.entities[e.ID] = &e
			}
		}
		if e := r.entities[id]; e != nil {
			return e, nil
		}
		return nil, schema.Errorf(schema.ErrInternal, "entity %q is referenced but missing", id)
	}
}

// absorb caches what a root field's statement brought along. Whole
// entities go first: a slim one then never replaces them, whatever order
// the statement brought them in.
func (r *request) absorb(got *schema.Fetched) {
	r.remember(false, got.Entities...)
	r.remember(true, got.Slim...)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range got.Pages {
		r.relPages[relKey{pageKey(p.Fetch), p.Owner}] = p.Page
	}
}

// relationships returns a thunk for a page of id's relationships. The page
// usually came with the root field's statement; if not, pages asked for with
// the same arguments are fetched together.
func (r *request) relationships(ctx context.Context, pf *schema.PageFetch, id string) func() (any, error) {
	args := pageKey(pf)
	key := relKey{args, id}
	r.mu.Lock()
	if _, ok := r.relPages[key]; !ok {
		r.pendingRelArgs[args] = append(r.pendingRelArgs[args], id)
	}
	r.mu.Unlock()
	return func() (any, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if ids := r.pendingRelArgs[args]; len(ids) > 0 {
			delete(r.pendingRelArgs, args)
			pages, err := r.graph.Relationships(ctx, ids, pf)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				r.relPages[relKey{args, id}] = pages[id]
			}
		}
		return connection(r.relPages[key]), nil
	}
}

func connection(page schema.RelPage) map[string]any {
	edges := make([]any, len(page.Items))
	nodes := make([]any, len(page.Items))
	var start, end any
	for i := range page.Items {
		rel := &page.Items[i]
		c := encodeCursor(rel.ID)
		edges[i] = map[string]any{"cursor": c, "node": rel}
		nodes[i] = rel
		if i == 0 {
			start = c
		}
		end = c
	}
	return map[string]any{
		"totalCount": page.Total,
		"pageInfo": map[string]any{"hasNextPage": page.HasNext, "endCursor": end,
			"hasPreviousPage": page.HasPrevious, "startCursor": start},
		"edges": edges,
		"nodes": nodes,
	}
}

// Cursors are opaque to clients; inside, a relationship id.
const cursorPrefix = "rel:"

func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

func decodeCursor(arg, c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return "", schema.Errorf(schema.ErrInvalid, "%s: %q is not a cursor this API gave out", arg, c)
	}
	return strings.TrimPrefix(string(b), cursorPrefix), nil
}

// Argument readers. Each checks a limit and says which argument broke it.

func intArg(p graphql.ResolveParams, name string, def, lo, hi int) (int, error) {
	return intIn(p.Args, name, def, lo, hi)
}

func intIn(args map[string]any, name string, def, lo, hi int) (int, error) {
	v, ok := args[name].(int)
	if !ok {
		return def, nil
	}
	if v < lo || v > hi {
		return 0, schema.Errorf(schema.ErrLimit, "%s must be between %d and %d; got %d", name, lo, hi, v)
	}
	return v, nil
}

func filterArgs(p graphql.ResolveParams) schema.RelFilter { return filterIn(p.Args) }

func filterIn(args map[string]any) schema.RelFilter {
	var f schema.RelFilter
	if list, ok := args["types"].([]any); ok {
		for _, t := range list {
			if s, ok := t.(string); ok {
				f.Types = append(f.Types, schema.RelType(s))
			}
		}
	}
	if d, ok := args["asOf"].(schema.Date); ok {
		t := d.Earliest()
		f.AsOf = &t
	}
	if d, ok := args["from"].(schema.Date); ok {
		t := d.Earliest()
		f.From = &t
	}
	if d, ok := args["until"].(schema.Date); ok {
		t := d.Latest()
		f.Until = &t
	}
	if d, ok := args["knownAt"].(schema.Date); ok {
		// A partial knownAt means the end of that period: "known in 2012"
		// admits what was public by 31 December 2012.
		t := d.Latest()
		f.KnownAt = &t
	}
	for _, b := range stringList(args["basis"]) {
		f.Bases = append(f.Bases, schema.Basis(b))
	}
	f.IncludeUndated, _ = args["includeUndated"].(bool)
	f.ExcludePlaceholders, _ = args["excludePlaceholders"].(bool)
	return f
}

func idArg(p graphql.ResolveParams, name string) (string, error) {
	id, _ := p.Args[name].(string)
	if err := schema.CheckID(id); err != nil {
		return "", schema.Errorf(schema.ErrInvalid, "%s: %v", name, err)
	}
	return id, nil
}

// pageFetch reads the arguments of Entity.relationships. The resolver and
// the planner both use it, so a page the planner fetched is found under the
// key the resolver looks for.
func pageFetch(args map[string]any) (*schema.PageFetch, error) {
	_, hasFirst := args["first"].(int)
	_, hasLast := args["last"].(int)
	after, _ := args["after"].(string)
	before, _ := args["before"].(string)
	switch {
	case hasFirst && hasLast:
		return nil, schema.Errorf(schema.ErrInvalid, "give first or last, not both")
	case hasLast && after != "", !hasLast && before != "":
		return nil, schema.Errorf(schema.ErrInvalid, "page forwards with first and after, or backwards with last and before")
	}
	dir, _ := args["direction"].(string)
	f := filterIn(args)
	// Entity.relationships has no from/until arguments.
	f.From, f.Until = nil, nil
	pf := &schema.PageFetch{Dir: schema.Direction(dir), Filter: f}
	var err error
	if hasLast {
		if pf.Last, err = intIn(args, "last", defaultFirst, 1, maxFirst); err != nil {
			return nil, err
		}
		if before != "" {
			pf.Before, err = decodeCursor("before", before)
		}
		return pf, err
	}
	if pf.First, err = intIn(args, "first", defaultFirst, 1, maxFirst); err != nil {
		return nil, err
	}
	if after != "" {
		pf.After, err = decodeCursor("after", after)
	}
	return pf, err
}

// pageKey is the cache key of a page's arguments.
func pageKey(pf *schema.PageFetch) relArgs {
	args := relArgs{dir: pf.Dir, first: pf.First, after: pf.After, last: pf.Last, before: pf.Before}
	names := make([]string, 0, len(pf.Filter.Types))
	for _, t := range pf.Filter.Types {
		names = append(names, string(t))
	}
	sort.Strings(names)
	args.types = strings.Join(names, ",")
	if pf.Filter.AsOf != nil {
		args.asOf = pf.Filter.AsOf.Format(time.DateOnly)
	}
	if pf.Filter.KnownAt != nil {
		args.knownAt = pf.Filter.KnownAt.Format(time.DateOnly)
	}
	bases := make([]string, len(pf.Filter.Bases))
	for i, b := range pf.Filter.Bases {
		bases[i] = string(b)
	}
	sort.Strings(bases)
	args.bases = strings.Join(bases, ",")
	args.undated, args.named = pf.Filter.IncludeUndated, pf.Filter.ExcludePlaceholders
	return args
}

func resolveEntityRelationships(p graphql.ResolveParams) (any, error) {
	pf, err := pageFetch(p.Args)
	if err != nil {
		return nil, err
	}
	return reqFrom(p.Context).relationships(p.Context, pf, p.Source.(*schema.Entity).ID), nil
}

func resolveEndpoint(pick func(*schema.Relationship) string) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		return reqFrom(p.Context).entity(p.Context, pick(p.Source.(*schema.Relationship))), nil
	}
}

func resolveRelProduct(p graphql.ResolveParams) (any, error) {
	r := p.Source.(*schema.Relationship)
	if r.Product == "" {
		return nil, nil
	}
	return reqFrom(p.Context).entity(p.Context, r.Product), nil
}

func resolveCitationSource(p graphql.ResolveParams) (any, error) {
	return reqFrom(p.Context).entity(p.Context, p.Source.(schema.Citation).Source), nil
}

func resolveCorrectionSource(p graphql.ResolveParams) (any, error) {
	id := p.Source.(schema.Correction).Source
	if id == "" {
		return nil, nil
	}
	return reqFrom(p.Context).entity(p.Context, id), nil
}

// Root fields.

func resolveEntity(p graphql.ResolveParams) (any, error) {
	id, err := idArg(p, "id")
	if err != nil {
		// An id that cannot exist is simply not found.
		return nil, nil
	}
	fetch := reqFrom(p.Context).plan(p.Info).entityRoot()
	var got schema.Fetched
	found, err := reqFrom(p.Context).graph.Entities(p.Context, []string{id}, fetch, &got)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	return reqFrom(p.Context).remember(fetch.IsSlim(), found...)[0], nil
}

// searchArgs reads the arguments search and searchSummary share.
func searchArgs(p graphql.ResolveParams) (schema.Search, error) {
	q := schema.Search{Fuzzy: true}
	q.Text, _ = p.Args["query"].(string)
	if len(q.Text) > maxSearchLength {
		return q, schema.Errorf(schema.ErrLimit, "query must be at most %d characters", maxSearchLength)
	}
	if f, ok := p.Args["fuzzy"].(bool); ok {
		q.Fuzzy = f
	}
	if list, ok := p.Args["kinds"].([]any); ok {
		for _, k := range list {
			if spec, ok := schema.KindByEnum(fmt.Sprint(k)); ok {
				q.Kinds = append(q.Kinds, spec.Kind)
			}
		}
	}
	if list, ok := p.Args["countries"].([]any); ok {
		if len(list) > maxCountries {
			return q, schema.Errorf(schema.ErrLimit, "countries: at most %d; got %d", maxCountries, len(list))
		}
		for _, c := range list {
			code := fmt.Sprint(c)
			if err := schema.CheckCountry(code); err != nil {
				return q, schema.Errorf(schema.ErrInvalid, "countries: %v", err)
			}
			q.Countries = append(q.Countries, code)
		}
	}
	return q, nil
}

func resolveSearch(p graphql.ResolveParams) (any, error) {
	q, err := searchArgs(p)
	if err != nil {
		return nil, err
	}
	first, err := intArg(p, "first", defaultFirst, 1, maxFirst)
	if err != nil {
		return nil, err
	}
	fetch := reqFrom(p.Context).plan(p.Info).entityRoot()
	var got schema.Fetched
	found, err := reqFrom(p.Context).graph.Search(p.Context, q, first, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	return reqFrom(p.Context).remember(fetch.IsSlim(), found...), nil
}

func resolveSearchSummary(p graphql.ResolveParams) (any, error) {
	q, err := searchArgs(p)
	if err != nil {
		return nil, err
	}
	s, err := reqFrom(p.Context).graph.SearchSummary(p.Context, q)
	if err != nil {
		return nil, err
	}
	facets := func(list []schema.Facet, value func(string) string) []any {
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = map[string]any{"value": value(x.Value), "count": x.Count}
		}
		return out
	}
	kindEnum := func(k string) string {
		if spec, ok := schema.KindByName(k); ok {
			return spec.Enum
		}
		return k
	}
	same := func(v string) string { return v }
	return map[string]any{"total": s.Total, "exact": s.Exact, "didYouMean": s.DidYouMean,
		"byKind": facets(s.ByKind, kindEnum), "byCountry": facets(s.ByCountry, same)}, nil
}

func resolveDataAsOf(p graphql.ResolveParams) (any, error) {
	day, err := reqFrom(p.Context).graph.ChangedAt(p.Context)
	if err != nil || day == "" {
		return nil, err
	}
	d, err := schema.ParseDate(day)
	if err != nil {
		return nil, schema.Errorf(schema.ErrInternal, "the graph's change date %q: %v", day, err)
	}
	return d, nil
}

// resolveCitedBy answers Source.citedBy: the pages asked for with the same
// arguments at one level of the answer are read together, in one statement.
func resolveCitedBy(p graphql.ResolveParams) (any, error) {
	first, err := intArg(p, "first", defaultFirst, 1, maxFirst)
	if err != nil {
		return nil, err
	}
	q := schema.CitedByQuery{First: first}
	if after, _ := p.Args["after"].(string); after != "" {
		if q.After, err = decodeCursor("after", after); err != nil {
			return nil, err
		}
	}
	var names []string
	if list, ok := p.Args["stances"].([]any); ok {
		for _, s := range list {
			q.Stances = append(q.Stances, schema.Stance(fmt.Sprint(s)))
			names = append(names, fmt.Sprint(s))
		}
	}
	sort.Strings(names)
	r := reqFrom(p.Context)
	args := citedByArgs{stances: strings.Join(names, ","), first: q.First, after: q.After}
	id := p.Source.(*schema.Entity).ID
	r.mu.Lock()
	if r.citedBy == nil {
		r.citedBy, r.pendingCitedBy = map[citedByKey]schema.RelPage{}, map[citedByArgs][]string{}
	}
	if _, ok := r.citedBy[citedByKey{args, id}]; !ok && !slices.Contains(r.pendingCitedBy[args], id) {
		r.pendingCitedBy[args] = append(r.pendingCitedBy[args], id)
	}
	r.mu.Unlock()
	return func() (any, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if ids := r.pendingCitedBy[args]; len(ids) > 0 {
			delete(r.pendingCitedBy, args)
			pages, err := r.graph.CitedBy(p.Context, ids, q)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				r.citedBy[citedByKey{args, id}] = pages[id]
			}
		}
		return connection(r.citedBy[citedByKey{args, id}]), nil
	}, nil
}

type citedByArgs struct {
	stances, after string
	first          int
}

type citedByKey struct {
	args citedByArgs
	id   string
}

func resolveNeighborhood(p graphql.ResolveParams) (any, error) {
	id, err := idArg(p, "id")
	if err != nil {
		return nil, err
	}
	depth, err := intArg(p, "depth", 1, 1, maxDepth)
	if err != nil {
		return nil, err
	}
	fetch := reqFrom(p.Context).plan(p.Info).graphRoot()
	var got schema.Fetched
	sg, err := reqFrom(p.Context).graph.Neighborhood(p.Context, id, depth, filterArgs(p), maxNeighborNodes, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	rels := make([]*schema.Relationship, len(sg.Relationships))
	for i := range sg.Relationships {
		rels[i] = &sg.Relationships[i]
	}
	return map[string]any{
		"nodes":         reqFrom(p.Context).remember(fetch.IsSlim(), sg.Nodes...),
		"relationships": rels,
		"truncated":     sg.Truncated,
	}, nil
}

func resolvePaths(p graphql.ResolveParams) (any, error) {
	from, err := idArg(p, "from")
	if err != nil {
		return nil, err
	}
	to, err := idArg(p, "to")
	if err != nil {
		return nil, err
	}
	hops, err := intArg(p, "maxHops", 4, 1, maxHops)
	if err != nil {
		return nil, err
	}
	first, err := intArg(p, "first", 5, 1, maxFirst)
	if err != nil {
		return nil, err
	}
	if from == to {
		return []any{}, nil
	}
	fetch := reqFrom(p.Context).plan(p.Info).graphRoot()
	var got schema.Fetched
	paths, err := reqFrom(p.Context).graph.Paths(p.Context, from, to, hops, filterArgs(p), first, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	return pathValues(p.Context, paths, fetch.IsSlim()), nil
}

// pathValues shapes paths for the Path type; the explanation is computed
// from the hops only if asked for. slim says the paths were read slim.
func pathValues(ctx context.Context, paths []schema.Path, slim bool) []any {
	out := make([]any, len(paths))
	for i, path := range paths {
		rels := make([]*schema.Relationship, len(path.Relationships))
		for j := range path.Relationships {
			rels[j] = &path.Relationships[j]
		}
		out[i] = map[string]any{
			"length":        len(path.Relationships),
			"nodes":         reqFrom(ctx).remember(slim, path.Nodes...),
			"relationships": rels,
			"hops":          path.Relationships,
		}
	}
	return out
}

func resolveExplanation(p graphql.ResolveParams) (any, error) {
	hops, _ := p.Source.(map[string]any)["hops"].([]schema.Relationship)
	ex := schema.Explain(hops)
	sources := make([]any, len(ex.Sources))
	for i, id := range ex.Sources {
		sources[i] = reqFrom(p.Context).entity(p.Context, id)
	}
	return map[string]any{
		"status": string(ex.Status), "start": ex.Period.Start, "end": ex.Period.End,
		"disjoint": ex.Empty, "sources": sources,
	}, nil
}

// resolveChains serves suppliers (vendors reaching the client) and clients
// (clients a vendor reaches).
func resolveChains(suppliers bool) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		id, err := idArg(p, "of")
		if err != nil {
			return nil, err
		}
		hops, err := intArg(p, "maxHops", 3, 1, maxChainHops)
		if err != nil {
			return nil, err
		}
		first, err := intArg(p, "first", defaultFirst, 1, maxFirst)
		if err != nil {
			return nil, err
		}
		f := schema.ChainFilter{RelFilter: filterArgs(p)}
		if s, ok := p.Args["minStatus"].(string); ok {
			f.MinStatus = schema.ClaimStatus(s)
		}
		for _, c := range stringList(p.Args["vendorCountries"]) {
			if err := schema.CheckCountry(c); err != nil {
				return nil, schema.Errorf(schema.ErrInvalid, "vendorCountries: %v", err)
			}
			f.VendorCountries = append(f.VendorCountries, c)
		}
		for _, c := range stringList(p.Args["productCategories"]) {
			if _, err := schema.CheckValue(schema.Field{Type: schema.Enum, Values: schema.ProductCategories}, c); err != nil {
				return nil, schema.Errorf(schema.ErrInvalid, "productCategories: %v", err)
			}
			f.ProductCategories = append(f.ProductCategories, c)
		}
		fetch := reqFrom(p.Context).plan(p.Info).graphRoot()
		var got schema.Fetched
		paths, err := reqFrom(p.Context).graph.SupplyChains(p.Context, id, suppliers, hops, f, first, fetch, &got)
		if err != nil {
			return nil, err
		}
		reqFrom(p.Context).absorb(&got)
		return pathValues(p.Context, paths, fetch.IsSlim()), nil
	}
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func resolveTimeline(p graphql.ResolveParams) (any, error) {
	id, err := idArg(p, "id")
	if err != nil {
		return nil, err
	}
	fetch := reqFrom(p.Context).plan(p.Info).timelineRoot()
	var got schema.Fetched
	events, err := reqFrom(p.Context).graph.Timeline(p.Context, id, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	out := make([]any, len(events))
	for i := range events {
		e := &events[i]
		var ent any
		if e.Entity != nil {
			ent = reqFrom(p.Context).remember(false, *e.Entity)[0] // the timeline reads whole
		}
		out[i] = map[string]any{
			"date": e.Date, "kind": string(e.Kind), "summary": e.Summary,
			"relationship": e.Relationship, "entity": ent, "citations": e.Citations,
		}
	}
	return out, nil
}
