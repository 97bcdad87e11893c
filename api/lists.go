package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/survgraph/survgraph/schema"
)

// Lists for scripting: entities and relationships as Relay connections with
// filters, orders and stable cursors, and counts with facets.

// listCursor encodes a position as opaque text.
func listCursor(c schema.Cursor) string {
	b, _ := json.Marshal([2]string{c.Key, c.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseListCursor(arg, s string) (*schema.Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var pair [2]string
	if err != nil || json.Unmarshal(b, &pair) != nil {
		return nil, schema.Errorf(schema.ErrInvalid, "%s: %q is not a cursor this API gave out", arg, s)
	}
	return &schema.Cursor{Key: pair[0], ID: pair[1]}, nil
}

func (t *types) listTypes() (entityConn, relWhere, relOrder, entWhere, entOrder, stats graphql.Type) {
	direction := enumOf("OrderDirection", "", []string{"ASC", "DESC"}, nil)
	entWhere, entOrder = t.entityListInputs(direction)
	relWhere, relOrder = t.relationshipListInputs(direction)
	return t.entityConnection(), relWhere, relOrder, entWhere, entOrder, t.statsType()
}

func (t *types) entityConnection() graphql.Type {
	pageInfo := graphql.NewObject(graphql.ObjectConfig{
		Name: "ListPageInfo",
		Fields: graphql.Fields{
			"hasNextPage":     {Type: graphql.NewNonNull(graphql.Boolean), Description: hasNextDoc},
			"endCursor":       {Type: graphql.String},
			"hasPreviousPage": {Type: graphql.NewNonNull(graphql.Boolean), Description: hasPreviousDoc},
			"startCursor":     {Type: graphql.String},
		},
	})
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name:   "EntityEdge",
		Fields: graphql.Fields{"cursor": {Type: graphql.NewNonNull(graphql.String)}, "node": {Type: graphql.NewNonNull(t.entity)}},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "EntityConnection",
		Description: "A page of entities in a stable order.",
		Fields: graphql.Fields{
			"totalCount": {Type: graphql.NewNonNull(graphql.Int)},
			"pageInfo":   {Type: graphql.NewNonNull(pageInfo)},
			"edges":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(edge)))},
			"nodes":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.entity)))},
		},
	})
}

func (t *types) entityListInputs(direction graphql.Input) (where, order graphql.Type) {
	where = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "EntityFilter",
		Fields: graphql.InputObjectConfigFieldMap{
			"kinds":     {Type: graphql.NewList(graphql.NewNonNull(t.entityKind))},
			"countries": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "ISO 3166-1 alpha-2 codes."},
			"text":      {Type: graphql.String, Description: "Words of the name or aliases, as in search."},
			"excludePlaceholders": {Type: graphql.Boolean,
				Description: "Leave out entities that stand for unknown parties, such as an unidentified exporter."},
		},
	})
	order = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "EntityOrder",
		Fields: graphql.InputObjectConfigFieldMap{
			"field":     {Type: graphql.NewNonNull(enumOf("EntityOrderField", "", []string{"ID", "NAME", "COUNTRY"}, nil))},
			"direction": {Type: direction, DefaultValue: "ASC"},
		},
	})
	return where, order
}

func (t *types) relationshipListInputs(direction graphql.Input) (where, order graphql.Type) {
	filter := graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "RelationshipFilter",
		Fields: graphql.InputObjectConfigFieldMap{
			"types":       {Type: graphql.NewList(graphql.NewNonNull(t.relType))},
			"statuses":    {Type: graphql.NewList(graphql.NewNonNull(t.claimStatus))},
			"minStatus":   {Type: t.claimStatus, Description: "At least this sure (DENIED < ALLEGED < REPORTED < CONFIRMED < ADJUDICATED)."},
			"from":        {Type: graphql.ID, Description: "The entity at the from end."},
			"to":          {Type: graphql.ID, Description: "The entity at the to end."},
			"toCountries": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Country of the entity at the to end."},
			"asOf":        {Type: t.date},
			"knownAt":     {Type: t.date},
			"periodFrom":  {Type: t.date, Description: "With periodUntil: claims whose period may overlap this span."},
			"periodUntil": {Type: t.date},
			"text":        {Type: graphql.String, Description: "Words in the summary."},
		},
	})
	for name, arg := range t.claimArgs() {
		filter.AddFieldConfig(name, &graphql.InputObjectFieldConfig{Type: arg.Type, Description: arg.Description})
	}
	order = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "RelationshipOrder",
		Fields: graphql.InputObjectConfigFieldMap{
			"field":     {Type: graphql.NewNonNull(enumOf("RelationshipOrderField", "", []string{"ID", "START", "STATUS"}, nil))},
			"direction": {Type: direction, DefaultValue: "ASC"},
		},
	})
	return filter, order
}

func (t *types) statsType() graphql.Type {
	facets := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.facet)))
	input := graphql.NewObject(graphql.ObjectConfig{
		Name:        "Input",
		Description: "An input of the graph (the curated seed, a dataset, an imported file): what it holds and the Sources it comes from.",
		Fields: graphql.Fields{
			"name":          {Type: graphql.NewNonNull(graphql.String), Description: "The name it was loaded under."},
			"entities":      {Type: graphql.NewNonNull(graphql.Int)},
			"relationships": {Type: graphql.NewNonNull(graphql.Int)},
			"sources": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.source))),
				Description: "The Sources it comes from, with their licences: a dataset's, an imported file's; empty for the curated seed, whose every record cites its own."},
		},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "Stats",
		Description: "Counts over the graph; relationship facets count what the filter keeps.",
		Fields: graphql.Fields{
			"entities":          {Type: graphql.NewNonNull(graphql.Int)},
			"relationships":     {Type: graphql.NewNonNull(graphql.Int), Description: "Relationships the filter keeps."},
			"byKind":            {Type: facets},
			"byCountry":         {Type: facets, Description: "Entities per ISO country code (\"\" for none)."},
			"byType":            {Type: facets},
			"byStatus":          {Type: facets},
			"byYear":            {Type: facets, Description: "Relationships per year they started."},
			"byProductCategory": {Type: facets, Description: "SUPPLIED relationships per category of the product they name."},
			"vendorsByCountry":  {Type: facets, Description: "Companies with a kept SUPPLIED claim, per headquarters country."},
			"inputs": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(input))),
				Description: "The graph's inputs, each with what it holds and the Sources and licences it comes from, whatever the filter: what was imported, and from where.",
				Resolve:     resolveInputs},
		},
	})
}

const (
	hasNextDoc     = "Whether items follow this page. Paging backwards (last), whether before was given."
	hasPreviousDoc = "Whether items come before this page. Paging forwards (first), whether after was given."
)

func (t *types) listFields() graphql.Fields {
	entityConn, relWhere, relOrder, entWhere, entOrder, stats := t.listTypes()
	// first has no default in the schema, so that first and last given
	// together can be told from last alone; it is 20 when neither is given.
	first := &graphql.ArgumentConfig{Type: graphql.Int, Description: "The first items of the window, at most 100; 20 when neither first nor last is given."}
	after := &graphql.ArgumentConfig{Type: graphql.String, Description: "The endCursor of the previous page."}
	last := &graphql.ArgumentConfig{Type: graphql.Int, Description: "Instead of first: the last items of the window, at most 100, for paging backwards."}
	before := &graphql.ArgumentConfig{Type: graphql.String, Description: "The startCursor of the next page, for paging backwards."}
	return graphql.Fields{
		"entities": {
			Type:        graphql.NewNonNull(entityConn),
			Description: "Entities, a page at a time, filtered and ordered; paging through all pages, forwards or backwards, yields each entity once.",
			Args: graphql.FieldConfigArgument{
				"kind": {Type: t.entityKind}, "where": {Type: entWhere}, "orderBy": {Type: entOrder},
				"first": first, "after": after, "last": last, "before": before,
			},
			Resolve: resolveEntities,
		},
		"relationships": {
			Type:        graphql.NewNonNull(t.relConn),
			Description: "Relationships, a page at a time, filtered and ordered; paging through all pages, forwards or backwards, yields each one once.",
			Args: graphql.FieldConfigArgument{"where": {Type: relWhere}, "orderBy": {Type: relOrder},
				"first": first, "after": after, "last": last, "before": before},
			Resolve: resolveRelationshipList,
		},
		"stats": {
			Type:        graphql.NewNonNull(stats),
			Description: "Counts and facets: entities by kind and country; relationships the filter keeps by type, status, year and product category; vendors by country.",
			Args:        graphql.FieldConfigArgument{"where": {Type: relWhere}},
			Resolve:     resolveStats,
		},
	}
}

func orderArgs(p graphql.ResolveParams) (field string, desc bool) {
	o, _ := p.Args["orderBy"].(map[string]any)
	field, _ = o["field"].(string)
	d, _ := o["direction"].(string)
	return field, d == "DESC"
}

// windowArgs reads first, last, after and before, as Relay does: a page is
// taken from the start of the window or from its end, not both.
func windowArgs(p graphql.ResolveParams) (schema.Window, error) {
	var w schema.Window
	_, hasFirst := p.Args["first"].(int)
	_, hasLast := p.Args["last"].(int)
	if hasFirst && hasLast {
		return w, schema.Errorf(schema.ErrInvalid, "give first or last, not both")
	}
	var err error
	if hasLast {
		if w.Last, err = intArg(p, "last", 0, 1, maxFirst); err != nil {
			return w, err
		}
	} else if w.First, err = intArg(p, "first", defaultFirst, 1, maxFirst); err != nil {
		return w, err
	}
	if w.After, err = parseListCursor("after", fmt.Sprint(orNil(p.Args["after"]))); err != nil {
		return w, err
	}
	if w.Before, err = parseListCursor("before", fmt.Sprint(orNil(p.Args["before"]))); err != nil {
		return w, err
	}
	return w, nil
}

// listConnection shapes a page as a connection: its edges, nodes and pageInfo.
func listConnection[T, N any](page schema.Page[T], nodes []N) map[string]any {
	edges, list := make([]any, len(nodes)), make([]any, len(nodes))
	var start, end any
	for i, n := range nodes {
		list[i] = n
		c := listCursor(page.Keys[i])
		edges[i] = map[string]any{"cursor": c, "node": n}
		if i == 0 {
			start = c
		}
		end = c
	}
	return map[string]any{"totalCount": page.Total, "edges": edges, "nodes": list,
		"pageInfo": map[string]any{"hasNextPage": page.HasNext, "endCursor": end,
			"hasPreviousPage": page.HasPrevious, "startCursor": start}}
}

func resolveEntities(p graphql.ResolveParams) (any, error) {
	w, err := windowArgs(p)
	if err != nil {
		return nil, err
	}
	q := schema.EntityQuery{Window: w}
	q.OrderBy, q.Desc = orderArgs(p)
	if k, ok := p.Args["kind"].(string); ok {
		if spec, ok := schema.KindByEnum(k); ok {
			q.Kinds = append(q.Kinds, spec.Kind)
		}
	}
	where, _ := p.Args["where"].(map[string]any)
	for _, k := range stringList(where["kinds"]) {
		if spec, ok := schema.KindByEnum(k); ok {
			q.Kinds = append(q.Kinds, spec.Kind)
		}
	}
	q.Countries = stringList(where["countries"])
	q.ExcludePlaceholders, _ = where["excludePlaceholders"].(bool)
	q.Text, _ = where["text"].(string)
	fetch := reqFrom(p.Context).plan(p.Info).entityListRoot()
	var got schema.Fetched
	page, err := reqFrom(p.Context).graph.EntityPage(p.Context, q, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	return listConnection(page, reqFrom(p.Context).remember(fetch.IsSlim(), page.Items...)), nil
}

// relationshipQuery reads a RelationshipFilter argument.
func relationshipQuery(p graphql.ResolveParams) (schema.RelationshipQuery, error) {
	var q schema.RelationshipQuery
	where, _ := p.Args["where"].(map[string]any)
	for _, t := range stringList(where["types"]) {
		q.Types = append(q.Types, schema.RelType(t))
	}
	for _, s := range stringList(where["statuses"]) {
		q.Statuses = append(q.Statuses, schema.ClaimStatus(s))
	}
	if s, ok := where["minStatus"].(string); ok {
		q.MinStatus = schema.ClaimStatus(s)
	}
	q.From, _ = where["from"].(string)
	q.To, _ = where["to"].(string)
	q.ToCountries = stringList(where["toCountries"])
	q.Text, _ = where["text"].(string)
	if d, ok := where["asOf"].(schema.Date); ok {
		t := d.Earliest()
		q.AsOf = &t
	}
	if d, ok := where["knownAt"].(schema.Date); ok {
		t := d.Latest()
		q.KnownAt = &t
	}
	if d, ok := where["periodFrom"].(schema.Date); ok {
		t := d.Earliest()
		q.RelFilter.From = &t
	}
	if d, ok := where["periodUntil"].(schema.Date); ok {
		t := d.Latest()
		q.RelFilter.Until = &t
	}
	claims := filterIn(where)
	q.Bases, q.IncludeUndated, q.ExcludePlaceholders = claims.Bases, claims.IncludeUndated, claims.ExcludePlaceholders
	return q, nil
}

func resolveRelationshipList(p graphql.ResolveParams) (any, error) {
	w, err := windowArgs(p)
	if err != nil {
		return nil, err
	}
	q, err := relationshipQuery(p)
	if err != nil {
		return nil, err
	}
	q.Window = w
	q.OrderBy, q.Desc = orderArgs(p)
	fetch := reqFrom(p.Context).plan(p.Info).listRoot()
	var got schema.Fetched
	page, err := reqFrom(p.Context).graph.RelationshipPage(p.Context, q, fetch, &got)
	if err != nil {
		return nil, err
	}
	reqFrom(p.Context).absorb(&got)
	nodes := make([]*schema.Relationship, len(page.Items))
	for i := range page.Items {
		nodes[i] = &page.Items[i]
	}
	return listConnection(page, nodes), nil
}

// statsParts are the fields of Stats that cost work of their own.
var statsParts = map[string]schema.StatsPart{
	"relationships": schema.StatsRelationships, "byType": schema.StatsRelationships,
	"byCountry": schema.StatsByCountry, "byStatus": schema.StatsByStatus, "byYear": schema.StatsByYear,
	"byProductCategory": schema.StatsByProductCategory, "vendorsByCountry": schema.StatsVendorsByCountry,
}

// selectedStatsParts reads which parts of Stats the query selects, through
// fragments, so that graphdb.Stats skips the passes over the graph that
// nobody would read.
func selectedStatsParts(p graphql.ResolveParams) schema.StatsPart {
	want := schema.StatsEntities // never zero, which would ask for all
	var walk func(set *ast.SelectionSet)
	walk = func(set *ast.SelectionSet) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				want |= statsParts[s.Name.Value]
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				// Validation has refused cycles and unknown fragments.
				if f, ok := p.Info.Fragments[s.Name.Value].(*ast.FragmentDefinition); ok {
					walk(f.SelectionSet)
				}
			}
		}
	}
	for _, f := range p.Info.FieldASTs {
		walk(f.SelectionSet)
	}
	return want
}

func resolveStats(p graphql.ResolveParams) (any, error) {
	q, err := relationshipQuery(p)
	if err != nil {
		return nil, err
	}
	q.Parts = selectedStatsParts(p)
	st, err := reqFrom(p.Context).graph.Stats(p.Context, q)
	if err != nil {
		return nil, err
	}
	f := func(list []schema.Facet) []any {
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = map[string]any{"value": x.Value, "count": x.Count}
		}
		return out
	}
	return map[string]any{"entities": st.Entities, "relationships": st.Relationships,
		"byKind": f(st.ByKind), "byCountry": f(st.ByCountry), "byType": f(st.ByType), "byStatus": f(st.ByStatus),
		"byYear": f(st.ByYear), "byProductCategory": f(st.ByProductCategory), "vendorsByCountry": f(st.VendorsByCountry)}, nil
}

// resolveInputs lists the graph's inputs, in a transaction of its own.
func resolveInputs(p graphql.ResolveParams) (any, error) {
	list, err := reqFrom(p.Context).graph.Inputs(p.Context)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, in := range list {
		sources := make([]*schema.Entity, len(in.Sources))
		for j := range in.Sources {
			sources[j] = &in.Sources[j]
		}
		out[i] = map[string]any{"name": in.Name, "entities": in.Entities, "relationships": in.Relationships, "sources": sources}
	}
	return out, nil
}

func orNil(v any) any {
	if v == nil {
		return ""
	}
	return v
}
