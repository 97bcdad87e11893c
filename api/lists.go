package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/survgraph/survgraph/schema"
)

// Lists for scripting: entities and relationships as Relay connections with
// filters, orders and stable cursors, and counts with facets.

// listCursor encodes a position as opaque text.
func listCursor(c schema.Cursor) string {
	b, _ := json.Marshal([2]string{c.Key, c.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseListCursor(s string) (*schema.Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var pair [2]string
	if err != nil || json.Unmarshal(b, &pair) != nil {
		return nil, schema.Errorf(schema.ErrInvalid, "after: %q is not a cursor this API gave out", s)
	}
	return &schema.Cursor{Key: pair[0], ID: pair[1]}, nil
}

func (t *types) listTypes() (entityConn, relWhere, relOrder, entWhere, entOrder, stats graphql.Type) {
	pageInfo := graphql.NewObject(graphql.ObjectConfig{
		Name: "ListPageInfo",
		Fields: graphql.Fields{
			"hasNextPage": {Type: graphql.NewNonNull(graphql.Boolean)},
			"endCursor":   {Type: graphql.String},
		},
	})
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name:   "EntityEdge",
		Fields: graphql.Fields{"cursor": {Type: graphql.NewNonNull(graphql.String)}, "node": {Type: graphql.NewNonNull(t.entity)}},
	})
	entityConn = graphql.NewObject(graphql.ObjectConfig{
		Name:        "EntityConnection",
		Description: "A page of entities in a stable order.",
		Fields: graphql.Fields{
			"totalCount": {Type: graphql.NewNonNull(graphql.Int)},
			"pageInfo":   {Type: graphql.NewNonNull(pageInfo)},
			"edges":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(edge)))},
			"nodes":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.entity)))},
		},
	})
	direction := enumOf("OrderDirection", "", []string{"ASC", "DESC"}, nil)
	entWhere = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "EntityFilter",
		Fields: graphql.InputObjectConfigFieldMap{
			"kinds":     {Type: graphql.NewList(graphql.NewNonNull(t.entityKind))},
			"countries": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "ISO 3166-1 alpha-2 codes."},
			"text":      {Type: graphql.String, Description: "Words of the name or aliases, as in search."},
		},
	})
	entOrder = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "EntityOrder",
		Fields: graphql.InputObjectConfigFieldMap{
			"field":     {Type: graphql.NewNonNull(enumOf("EntityOrderField", "", []string{"ID", "NAME", "COUNTRY"}, nil))},
			"direction": {Type: direction, DefaultValue: "ASC"},
		},
	})
	relWhere = graphql.NewInputObject(graphql.InputObjectConfig{
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
	relOrder = graphql.NewInputObject(graphql.InputObjectConfig{
		Name: "RelationshipOrder",
		Fields: graphql.InputObjectConfigFieldMap{
			"field":     {Type: graphql.NewNonNull(enumOf("RelationshipOrderField", "", []string{"ID", "START", "STATUS"}, nil))},
			"direction": {Type: direction, DefaultValue: "ASC"},
		},
	})
	facet := graphql.NewObject(graphql.ObjectConfig{
		Name:   "Facet",
		Fields: graphql.Fields{"value": {Type: graphql.NewNonNull(graphql.String)}, "count": {Type: graphql.NewNonNull(graphql.Int)}},
	})
	facets := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(facet)))
	stats = graphql.NewObject(graphql.ObjectConfig{
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
		},
	})
	return
}

func (t *types) listFields() graphql.Fields {
	entityConn, relWhere, relOrder, entWhere, entOrder, stats := t.listTypes()
	first := &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: defaultFirst, Description: "At most 100."}
	after := &graphql.ArgumentConfig{Type: graphql.String, Description: "The endCursor of the previous page."}
	return graphql.Fields{
		"entities": {
			Type:        graphql.NewNonNull(entityConn),
			Description: "Entities, a page at a time, filtered and ordered; paging through all pages yields each entity once.",
			Args: graphql.FieldConfigArgument{
				"kind": {Type: t.entityKind}, "where": {Type: entWhere}, "orderBy": {Type: entOrder}, "first": first, "after": after,
			},
			Resolve: resolveEntities,
		},
		"relationships": {
			Type:        graphql.NewNonNull(t.relConn),
			Description: "Relationships, a page at a time, filtered and ordered; paging through all pages yields each one once.",
			Args:        graphql.FieldConfigArgument{"where": {Type: relWhere}, "orderBy": {Type: relOrder}, "first": first, "after": after},
			Resolve:     resolveRelationshipList,
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

func resolveEntities(p graphql.ResolveParams) (any, error) {
	first, err := intArg(p, "first", defaultFirst, 1, maxFirst)
	if err != nil {
		return nil, err
	}
	q := schema.EntityQuery{First: first}
	if q.After, err = parseListCursor(fmt.Sprint(orNil(p.Args["after"]))); err != nil {
		return nil, err
	}
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
	q.Text, _ = where["text"].(string)
	page, err := reqFrom(p.Context).graph.EntityPage(p.Context, q)
	if err != nil {
		return nil, err
	}
	nodes := reqFrom(p.Context).remember(page.Items...)
	edges := make([]any, len(nodes))
	var end any
	for i, n := range nodes {
		c := listCursor(page.Keys[i])
		edges[i] = map[string]any{"cursor": c, "node": n}
		end = c
	}
	return map[string]any{"totalCount": page.Total, "edges": edges, "nodes": nodes,
		"pageInfo": map[string]any{"hasNextPage": page.HasNext, "endCursor": end}}, nil
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
	return q, nil
}

func resolveRelationshipList(p graphql.ResolveParams) (any, error) {
	first, err := intArg(p, "first", defaultFirst, 1, maxFirst)
	if err != nil {
		return nil, err
	}
	q, err := relationshipQuery(p)
	if err != nil {
		return nil, err
	}
	q.First = first
	if q.After, err = parseListCursor(fmt.Sprint(orNil(p.Args["after"]))); err != nil {
		return nil, err
	}
	q.OrderBy, q.Desc = orderArgs(p)
	page, err := reqFrom(p.Context).graph.RelationshipPage(p.Context, q)
	if err != nil {
		return nil, err
	}
	edges := make([]any, len(page.Items))
	nodes := make([]any, len(page.Items))
	var end any
	for i := range page.Items {
		c := listCursor(page.Keys[i])
		edges[i] = map[string]any{"cursor": c, "node": &page.Items[i]}
		nodes[i] = &page.Items[i]
		end = c
	}
	return map[string]any{"totalCount": page.Total, "edges": edges, "nodes": nodes,
		"pageInfo": map[string]any{"hasNextPage": page.HasNext, "endCursor": end}}, nil
}

func resolveStats(p graphql.ResolveParams) (any, error) {
	q, err := relationshipQuery(p)
	if err != nil {
		return nil, err
	}
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

func orNil(v any) any {
	if v == nil {
		return ""
	}
	return v
}
