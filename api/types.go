package api

import (
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/survgraph/survgraph/schema"
)

// types holds the GraphQL types, all derived from the schema package so that
// a new kind, field or relationship type appears in the API by itself.
type types struct {
	date          *graphql.Scalar
	entityKind    *graphql.Enum
	relType       *graphql.Enum
	claimStatus   *graphql.Enum
	basis         *graphql.Enum
	stance        *graphql.Enum
	correction    *graphql.Object
	direction     *graphql.Enum
	entity        *graphql.Interface
	objects       map[schema.Kind]*graphql.Object
	source        *graphql.Object
	citation      *graphql.Object
	relationship  *graphql.Object
	relConn       *graphql.Object
	subgraph      *graphql.Object
	path          *graphql.Object
	event         *graphql.Object
	facet         *graphql.Object
	searchSummary *graphql.Object
}

func enumOf(name, doc string, values []string, docs map[string]string) *graphql.Enum {
	vals := graphql.EnumValueConfigMap{}
	for _, v := range values {
		vals[v] = &graphql.EnumValueConfig{Value: v, Description: docs[v]}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: name, Description: doc, Values: vals})
}

// dateScalar is the Date scalar: YYYY, YYYY-MM or YYYY-MM-DD.
var dateScalar = graphql.NewScalar(graphql.ScalarConfig{
	Name:        "Date",
	Description: "A calendar date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD.",
	Serialize: func(v any) any {
		switch d := v.(type) {
		case schema.Date:
			if d.IsZero() {
				return nil
			}
			return d.String()
		case *schema.Date:
			if d == nil || d.IsZero() {
				return nil
			}
			return d.String()
		}
		return nil
	},
	ParseValue: func(v any) any {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		d, err := schema.ParseDate(s)
		if err != nil {
			return nil
		}
		return d
	},
	ParseLiteral: func(v ast.Value) any {
		s, ok := v.(*ast.StringValue)
		if !ok {
			return nil
		}
		d, err := schema.ParseDate(s.Value)
		if err != nil {
			return nil
		}
		return d
	},
})

// enumTypeName names the GraphQL enum of an Enum field: Product.category is
// ProductCategory, LegalAction.actionType is LegalActionType.
func enumTypeName(k schema.Kind, f schema.Field) string {
	if strings.HasSuffix(f.Name, "Type") {
		return string(k) + "Type"
	}
	return string(k) + strings.ToUpper(f.Name[:1]) + f.Name[1:]
}

func newTypes() *types {
	t := &types{date: dateScalar, objects: map[schema.Kind]*graphql.Object{}}
	t.defineEnums()
	t.defineEntities()
	t.citation = t.citationType()
	t.correction = t.correctionType()
	t.relationship = t.relationshipType()
	t.relConn = t.relationshipConnection()
	t.defineResults()
	return t
}

// enumFrom is a GraphQL enum of the schema's values, each documented.
func enumFrom[T ~string](name, description string, values []T, doc func(T) string) *graphql.Enum {
	names, docs := make([]string, len(values)), map[string]string{}
	for i, v := range values {
		names[i], docs[string(v)] = string(v), doc(v)
	}
	return enumOf(name, description, names, docs)
}

func (t *types) defineEnums() {
	kinds, kindDoc := make([]string, len(schema.Kinds)), map[string]string{}
	for i, k := range schema.Kinds {
		kinds[i], kindDoc[k.Enum] = k.Enum, k.Doc
	}
	t.entityKind = enumFrom("EntityKind", "The kinds of entity.", kinds, func(k string) string { return kindDoc[k] })
	relDoc := map[schema.RelType]string{}
	var rels []schema.RelType
	for _, r := range schema.RelTypes {
		rels = append(rels, r.Type)
		var ends []string
		for _, p := range r.EndPairs() {
			ends = append(ends, kindList(p[0])+" -> "+kindList(p[1]))
		}
		relDoc[r.Type] = fmt.Sprintf("%s (%s)", r.Doc, strings.Join(ends, "; "))
	}
	t.relType = enumFrom("RelationshipType", "The kinds of relationship, each a claim.", rels, func(r schema.RelType) string { return relDoc[r] })
	t.claimStatus = enumFrom("ClaimStatus", "How sure a claim is.", schema.ClaimStatuses,
		func(s schema.ClaimStatus) string { return schema.StatusDocs[s] })
	t.basis = enumFrom("ClaimBasis", "What kind of evidence a claim rests on.", schema.Bases,
		func(b schema.Basis) string { return schema.BasisDocs[b] })
	stanceDocs := map[schema.Stance]string{schema.Supports: "The passage supports the claim.",
		schema.Disputes: "The passage disputes it, such as a denial.", schema.Context: "The passage gives context."}
	t.stance = enumFrom("Stance", "How a cited passage bears on a claim.", schema.Stances,
		func(s schema.Stance) string { return stanceDocs[s] })
	t.direction = enumOf("Direction", "Which way to follow relationships from an entity.",
		[]string{"OUT", "IN", "BOTH"}, nil)
}

// defineEntities defines the Entity interface and an object type per kind.
func (t *types) defineEntities() {
	t.entity = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Entity",
		Description: "A node of the graph. Each kind has a type of its own.",
		Fields:      graphql.FieldsThunk(func() graphql.Fields { return t.commonFields() }),
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			if e, ok := p.Value.(*schema.Entity); ok {
				return t.objects[e.Kind]
			}
			return nil
		},
	})
	enums := map[string]*graphql.Enum{}
	for _, spec := range schema.Kinds {
		spec := spec
		obj := graphql.NewObject(graphql.ObjectConfig{
			Name:        string(spec.Kind),
			Description: spec.Doc,
			Interfaces:  []*graphql.Interface{t.entity},
			Fields: graphql.FieldsThunk(func() graphql.Fields {
				fields := t.commonFields()
				for _, f := range spec.Fields {
					fields[f.Name] = t.kindField(spec.Kind, f, enums)
				}
				if spec.Kind == schema.Source {
					t.sourceFields(fields)
				}
				return fields
			}),
		})
		t.objects[spec.Kind] = obj
	}
	t.source = t.objects[schema.Source]
}

// sourceFields are the fields a Source has beside its kind's.
func (t *types) sourceFields(fields graphql.Fields) {
	fields["title"] = &graphql.Field{Type: graphql.NewNonNull(graphql.String),
		Description: "The document's title (the same as name).",
		Resolve:     func(p graphql.ResolveParams) (any, error) { return p.Source.(*schema.Entity).Name(), nil }}
	fields["citedBy"] = &graphql.Field{Type: graphql.NewNonNull(t.relConn),
		Description: "The claims that cite this source, a page at a time, ordered by id; each claim's citations say how (its stance, quote and locator).",
		Args: graphql.FieldConfigArgument{
			"stances": {Type: graphql.NewList(graphql.NewNonNull(t.stance)), Description: "Only claims this source cites with one of these stances, such as DISPUTES for the claims it denies."},
			"first":   {Type: graphql.Int, DefaultValue: defaultFirst, Description: atMost(maxFirst)},
			"after":   {Type: graphql.String},
		},
		Resolve: resolveCitedBy}
}

func (t *types) citationType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "Citation",
		Description: "A passage of a source that bears on a claim.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"source":  {Type: graphql.NewNonNull(t.source), Resolve: resolveCitationSource},
				"quote":   {Type: graphql.String, Resolve: citationField(func(c schema.Citation) string { return c.Quote })},
				"locator": {Type: graphql.String, Resolve: citationField(func(c schema.Citation) string { return c.Locator })},
				"stance":  {Type: graphql.NewNonNull(t.stance), Resolve: citationField(func(c schema.Citation) string { return string(c.Stance) })},
			}
		}),
	})
}

func (t *types) correctionType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "Correction",
		Description: "A curated amendment of an imported record (seed/corrections): why, and the source that shows it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"reason": {Type: graphql.NewNonNull(graphql.String), Resolve: func(p graphql.ResolveParams) (any, error) {
					return p.Source.(schema.Correction).Reason, nil
				}},
				"source": {Type: t.source, Description: "The source that shows the correction; null when the reason stands alone, as for a merge of duplicates.",
					Resolve: resolveCorrectionSource},
			}
		}),
	})
}

func (t *types) relationshipType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "Relationship",
		Description: "A claim joining two entities, with how sure it is, when it held, and its citations.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"id":      {Type: graphql.NewNonNull(graphql.ID), Resolve: relField(func(r *schema.Relationship) any { return r.ID })},
				"type":    {Type: graphql.NewNonNull(t.relType), Resolve: relField(func(r *schema.Relationship) any { return string(r.Type) })},
				"from":    {Type: graphql.NewNonNull(t.entity), Resolve: resolveEndpoint(func(r *schema.Relationship) string { return r.From })},
				"to":      {Type: graphql.NewNonNull(t.entity), Resolve: resolveEndpoint(func(r *schema.Relationship) string { return r.To })},
				"status":  {Type: graphql.NewNonNull(t.claimStatus), Resolve: relField(func(r *schema.Relationship) any { return string(r.Status) })},
				"start":   {Type: t.date, Resolve: relField(func(r *schema.Relationship) any { return r.Period.Start })},
				"end":     {Type: t.date, Resolve: relField(func(r *schema.Relationship) any { return r.Period.End })},
				"summary": {Type: graphql.String, Resolve: relField(func(r *schema.Relationship) any { return nonEmpty(r.Summary) })},
				"citations": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.citation))),
					Resolve: relField(func(r *schema.Relationship) any { return r.Citations })},
				"product": {Type: t.objects[schema.Product], Description: "The product the claim is about, when one is named.",
					Resolve: resolveRelProduct},
				"amount": {Type: graphql.Float, Description: "What the deal was worth, in whole units of currency, when a source gives it.",
					Resolve: relField(func(r *schema.Relationship) any {
						if r.Amount == 0 {
							return nil
						}
						return float64(r.Amount)
					})},
				"currency": {Type: graphql.String, Description: "ISO 4217 code of amount.",
					Resolve: relField(func(r *schema.Relationship) any { return nonEmpty(r.Currency) })},
				"quantity": {Type: graphql.Int, Description: "How many units or licences the claim covers, when a source counts them.",
					Resolve: relField(func(r *schema.Relationship) any {
						if r.Quantity == 0 {
							return nil
						}
						return r.Quantity
					})},
				"basis": {Type: graphql.NewNonNull(t.basis), Description: "What kind of evidence the claim rests on.",
					Resolve: relField(func(r *schema.Relationship) any { return string(r.Basis) })},
				"role": {Type: graphql.String, Description: "The role the claim gives: the to end's where its kind needs one, such as network operator for a company supplied; a director's position (HEADS), a shareholder's kind (OWNS), a kinship or association (RELATED_TO).",
					Resolve: relField(func(r *schema.Relationship) any { return nonEmpty(r.Role) })},
				"share": {Type: graphql.Float, Description: "The share held, in percent, where an OWNS claim gives it.",
					Resolve: relField(func(r *schema.Relationship) any {
						if r.Share == 0 {
							return nil
						}
						return r.Share
					})},
				"corrections": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.correction))),
					Description: "Curated amendments of this imported claim, with their reasons.",
					Resolve:     relField(func(r *schema.Relationship) any { return nonNilCorrections(r.Corrections) })},
			}
		}),
	})
}

func (t *types) relationshipConnection() *graphql.Object {
	pageInfo := graphql.NewObject(graphql.ObjectConfig{
		Name: "PageInfo",
		Fields: graphql.Fields{
			"hasNextPage":     {Type: graphql.NewNonNull(graphql.Boolean)},
			"endCursor":       {Type: graphql.String},
			"hasPreviousPage": {Type: graphql.NewNonNull(graphql.Boolean)},
			"startCursor":     {Type: graphql.String},
		},
	})
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name: "RelationshipEdge",
		Fields: graphql.Fields{
			"cursor": {Type: graphql.NewNonNull(graphql.String)},
			"node":   {Type: graphql.NewNonNull(t.relationship)},
		},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "RelationshipConnection",
		Description: "A page of relationships, in a stable order.",
		Fields: graphql.Fields{
			"totalCount": {Type: graphql.NewNonNull(graphql.Int)},
			"pageInfo":   {Type: graphql.NewNonNull(pageInfo)},
			"edges":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(edge)))},
			"nodes":      {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.relationship)))},
		},
	})
}

// defineResults defines the shapes root fields answer in: subgraphs,
// facets, search summaries, timeline events and paths.
func (t *types) defineResults() {
	t.subgraph = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Subgraph",
		Description: "Entities and the relationships among them, shaped for drawing.",
		Fields: graphql.Fields{
			"nodes":         {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.entity)))},
			"relationships": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.relationship)))},
			"truncated":     {Type: graphql.NewNonNull(graphql.Boolean), Description: "Whether the node cap cut the expansion short."},
		},
	})
	t.facet = graphql.NewObject(graphql.ObjectConfig{
		Name:   "Facet",
		Fields: graphql.Fields{"value": {Type: graphql.NewNonNull(graphql.String)}, "count": {Type: graphql.NewNonNull(graphql.Int)}},
	})
	facets := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.facet)))
	t.searchSummary = graphql.NewObject(graphql.ObjectConfig{
		Name:        "SearchSummary",
		Description: "What a search finds, in figures.",
		Fields: graphql.Fields{
			"total": {Type: graphql.NewNonNull(graphql.Int), Description: "Entities the search finds."},
			"exact": {Type: graphql.NewNonNull(graphql.Int),
				Description: "Entities whose name or aliases hold the words as typed (whole or as a prefix), or of the country they name; the others are close spellings."},
			"didYouMean": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.String))),
				Description: "Up to three names spelled close to the words, best first, when no name holds the words as typed (fuzzy or not)."},
			"byKind":    {Type: facets, Description: "Entities found per EntityKind, whatever the kinds asked."},
			"byCountry": {Type: facets, Description: "Entities found per ISO country code (\"\" for none), whatever the countries asked."},
		},
	})
	var eventKinds []string
	for _, k := range schema.EventKinds {
		eventKinds = append(eventKinds, string(k))
	}
	t.event = graphql.NewObject(graphql.ObjectConfig{
		Name:        "TimelineEvent",
		Description: "A dated event around an entity, with how it is known.",
		Fields: graphql.Fields{
			"date":         {Type: graphql.NewNonNull(t.date)},
			"kind":         {Type: graphql.NewNonNull(enumOf("TimelineEventKind", "What happened.", eventKinds, nil))},
			"summary":      {Type: graphql.NewNonNull(graphql.String)},
			"relationship": {Type: t.relationship, Description: "The claim that starts or ends."},
			"entity":       {Type: t.entity, Description: "The legal action or source the event is about."},
			"citations":    {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.citation)))},
		},
	})
	explanation := graphql.NewObject(graphql.ObjectConfig{
		Name: "Explanation",
		Description: "How a chain of claims is known as a whole: no surer than its weakest hop, holding only " +
			"while every hop holds, resting on the sources cited along it.",
		Fields: graphql.Fields{
			"status": {Type: graphql.NewNonNull(t.claimStatus), Description: "The weakest hop's status."},
			"start":  {Type: t.date, Description: "Start of the intersection of the hops' periods."},
			"end":    {Type: t.date, Description: "End of the intersection of the hops' periods."},
			"disjoint": {Type: graphql.NewNonNull(graphql.Boolean),
				Description: "True when the hops' periods never overlap, so the chain as a whole never held."},
			"sources": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.source))),
				Description: "The distinct sources cited along the chain, in order of first citation."},
		},
	})
	t.path = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Path",
		Description: "A chain of relationships between two entities, each hop with its citations.",
		Fields: graphql.Fields{
			"length":        {Type: graphql.NewNonNull(graphql.Int)},
			"nodes":         {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.entity)))},
			"relationships": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.relationship)))},
			"explanation":   {Type: graphql.NewNonNull(explanation), Resolve: resolveExplanation},
		},
	})
}

// claimArgs are the arguments that select claims by what they rest on and
// whom they name, beside the time arguments of every field that lists them.
func (t *types) claimArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"basis": {Type: graphql.NewList(graphql.NewNonNull(t.basis)),
			Description: "Only claims resting on one of these bases, such as [LEAK, COURT_RECORD]."},
		"includeUndated": {Type: graphql.Boolean,
			Description: "With asOf: also claims that give no date at all, which asOf leaves out, since nothing says they were in force that day."},
		"excludePlaceholders": {Type: graphql.Boolean,
			Description: "Leave out claims with a placeholder (an unknown party, such as an unidentified exporter) at either end."},
	}
}

func nonNilCorrections(cs []schema.Correction) []schema.Correction {
	if cs == nil {
		return []schema.Correction{}
	}
	return cs
}

func kindList(ks []schema.Kind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// commonFields are the Entity interface's fields, repeated on every kind.
func (t *types) commonFields() graphql.Fields {
	return graphql.Fields{
		"id": {Type: graphql.NewNonNull(graphql.ID), Resolve: slimEntityField(func(e *schema.Entity) any { return e.ID })},
		"kind": {Type: graphql.NewNonNull(t.entityKind), Resolve: slimEntityField(func(e *schema.Entity) any {
			s, _ := schema.KindByName(string(e.Kind))
			return s.Enum
		})},
		"name": {Type: graphql.NewNonNull(graphql.String), Resolve: slimEntityField(func(e *schema.Entity) any { return e.Name() })},
		"aliases": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.String))), Resolve: entityField(func(e *schema.Entity) any {
			a, _ := e.Props["aliases"].([]string)
			if a == nil {
				a = []string{}
			}
			return a
		})},
		"country": {Type: graphql.String, Description: "ISO 3166-1 alpha-2 code.",
			Resolve: slimEntityField(func(e *schema.Entity) any { return e.Props["country"] })},
		"countryName": {Type: graphql.String, Resolve: entityField(countryName)},
		"description": {Type: graphql.String, Resolve: propResolver("description")},
		"citations": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.citation))),
			Resolve: entityField(func(e *schema.Entity) any { return e.Citations })},
		"placeholder": {Type: graphql.NewNonNull(graphql.Boolean),
			Description: "True for an entity that stands for an unknown party, such as an unidentified exporter: its claims name nobody.",
			Resolve:     entityField(func(e *schema.Entity) any { return e.Placeholder })},
		"corrections": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.correction))),
			Description: "Curated amendments of this imported entity, with their reasons.",
			Resolve:     entityField(func(e *schema.Entity) any { return nonNilCorrections(e.Corrections) })},
		"relationships": {
			Type:        graphql.NewNonNull(t.relConn),
			Description: "The entity's relationships, a page at a time, ordered by id.",
			Args: withArgs(graphql.FieldConfigArgument{
				"direction": {Type: t.direction, DefaultValue: "BOTH"},
				"types":     {Type: graphql.NewList(graphql.NewNonNull(t.relType))},
				"asOf":      {Type: t.date, Description: "Only claims whose period contains this date."},
				"knownAt":   {Type: t.date, Description: "Only claims that a supporting source had published by this date."},
				"first":     {Type: graphql.Int, Description: fmt.Sprintf("At most %d; %d when neither first nor last is given.", maxFirst, defaultFirst)},
				"after":     {Type: graphql.String, Description: "The endCursor of the previous page."},
				"last":      {Type: graphql.Int, Description: fmt.Sprintf("Page backwards: the last ones (at most %d), before the before cursor if given.", maxFirst)},
				"before":    {Type: graphql.String, Description: "The startCursor of the next page, paging backwards."},
			}, t.claimArgs()),
			Resolve: resolveEntityRelationships,
		},
	}
}

// kindField is the GraphQL field of one kind's own schema field.
func (t *types) kindField(k schema.Kind, f schema.Field, enums map[string]*graphql.Enum) *graphql.Field {
	var typ graphql.Output = graphql.String
	switch f.Type {
	case schema.StringList:
		return &graphql.Field{Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.String))), Description: f.Doc,
			Resolve: entityField(func(e *schema.Entity) any {
				l, _ := e.Props[f.Name].([]string)
				if l == nil {
					l = []string{}
				}
				return l
			})}
	case schema.DateField:
		typ = t.date
	case schema.Enum:
		name := enumTypeName(k, f)
		if enums[name] == nil {
			enums[name] = enumOf(name, "", f.Values, nil)
		}
		typ = enums[name]
	}
	if f.Required {
		typ = graphql.NewNonNull(typ)
	}
	return &graphql.Field{Type: typ, Description: f.Doc, Resolve: propResolver(f.Name)}
}

// entityField resolves a field from an entity. An entity read slim holds
// only what slimEntityField reads (see slimEntityFields); for any other field
// the request first reads the whole of it.
func entityField(fn func(*schema.Entity) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		e := p.Source.(*schema.Entity)
		if r := reqFrom(p.Context); r.isPartial(e) {
			return r.complete(p.Context, e, fn), nil
		}
		return fn(e), nil
	}
}

// slimEntityField resolves one of the fields that a slim read brings.
func slimEntityField(fn func(*schema.Entity) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return fn(p.Source.(*schema.Entity)), nil }
}

func propResolver(name string) graphql.FieldResolveFn {
	return entityField(func(e *schema.Entity) any { return e.Props[name] })
}

func countryName(e *schema.Entity) any {
	code, _ := e.Props["country"].(string)
	if n, ok := schema.CountryName(code); ok {
		return n
	}
	return nil
}

func relField(fn func(*schema.Relationship) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return fn(p.Source.(*schema.Relationship)), nil }
}

func citationField(fn func(schema.Citation) string) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) { return nonEmpty(fn(p.Source.(schema.Citation))), nil }
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
