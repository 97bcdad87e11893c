package api

import (
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"slices"

	"github.com/survgraph/survgraph/schema"
)

// The planner looks ahead at a root field's selection set
// (ResolveInfo.FieldASTs) and compiles what the nested fields will read
// (relationship pages, their endpoints and products, citation sources) into a
// [schema.Fetch], which the graph store answers in the root field's own
// statement. The nested resolvers then find their data in the request's
// caches. A shape the planner does not know (a source's own relationships,
// say) is still answered, by the batched loaders, at one more query per level.

type planner struct {
	info graphql.ResolveInfo
	// relArgs are the arguments of Entity.relationships, with their types
	// and defaults, to read argument values the way the executor will.
	relArgs []*graphql.Argument
}

// plan returns the planner for a root field; nil, which plans nothing, when
// lookahead is off.
func (r *request) plan(info graphql.ResolveInfo) *planner {
	if !r.lookahead {
		return nil
	}
	pl := &planner{info: info}
	if iface, ok := info.Schema.Type("Entity").(*graphql.Interface); ok {
		if f := iface.Fields()["relationships"]; f != nil {
			pl.relArgs = f.Args
		}
	}
	return pl
}

// entityRoot plans a root field that returns entities.
func (pl *planner) entityRoot() *schema.Fetch {
	if pl == nil {
		return nil
	}
	f := &schema.EntityFetch{}
	slim := true
	for _, field := range pl.info.FieldASTs {
		mergeEntity(f, pl.entity(field.SelectionSet))
		slim = slim && pl.slimEntity(field.SelectionSet)
	}
	if slim {
		return &schema.Fetch{Slim: true}
	}
	if f.Empty() {
		return nil
	}
	return &schema.Fetch{Entity: f}
}

// entityListRoot plans entities(...): as listRoot, read slim when the
// connection's nodes read only what a slim read brings.
func (pl *planner) entityListRoot() *schema.Fetch {
	fetch := pl.listRoot()
	if fetch != nil {
		fetch.Slim = true
		for _, field := range pl.info.FieldASTs {
			pl.connectionNodes(field.SelectionSet, func(set *ast.SelectionSet) {
				fetch.Slim = fetch.Slim && pl.slimEntity(set)
			})
		}
	}
	return fetch
}

// graphRoot plans a root field that returns objects with nodes and
// relationships: paths, chains and subgraphs.
func (pl *planner) graphRoot() *schema.Fetch {
	fetch := pl.objectsRoot("nodes", "relationships")
	if fetch != nil {
		fetch.Slim = true
		anyDetails := false
		for _, field := range pl.info.FieldASTs {
			slim, details := pl.slimObjects(field.SelectionSet)
			fetch.Slim = fetch.Slim && slim
			anyDetails = anyDetails || details
		}
		fetch.SlimClaims = fetch.Slim && !anyDetails
	}
	return fetch
}

// Slim reads (schema.Fetch.Slim) serve answers that read nothing of an
// entity but these fields, and nothing of a relationship but these, with
// ends and products read slim too.
var (
	slimEntityFields = fieldSet(schema.SlimEntityFields, "__typename")
	slimRelFields    = fieldSet(schema.SlimClaimFields, "type", "__typename")
	// claimDetailFields are the fields of a relationship that a slim read
	// brings only when the selection asks for one of them (Fetch.SlimClaims).
	claimDetailFields = fieldSet(schema.ClaimDetailFields)
)

func fieldSet(names []string, more ...string) map[string]bool {
	set := map[string]bool{}
	for _, n := range append(slices.Clone(names), more...) {
		set[n] = true
	}
	return set
}

// slimObjects reports whether the selection of a path, chain or subgraph
// reads its nodes and relationships slim, and nothing else but scalars (its
// length, whether it was truncated), and whether it reads any of the
// claims' details (claimDetailFields).
func (pl *planner) slimObjects(set *ast.SelectionSet) (slim, details bool) {
	slim = true
	pl.fields(set, func(f *ast.Field) {
		switch f.Name.Value {
		case "nodes":
			slim = slim && pl.slimEntity(f.SelectionSet)
		case "relationships":
			pl.fields(f.SelectionSet, func(rf *ast.Field) {
				name := rf.Name.Value
				details = details || claimDetailFields[name]
				switch {
				case name == "from" || name == "to" || name == "product":
					slim = slim && pl.slimEntity(rf.SelectionSet)
				default:
					slim = slim && slimRelFields[name]
				}
			})
		default:
			slim = slim && f.SelectionSet == nil
		}
	})
	return slim, details
}

func (pl *planner) slimEntity(set *ast.SelectionSet) bool {
	slim := true
	pl.fields(set, func(f *ast.Field) { slim = slim && slimEntityFields[f.Name.Value] })
	return slim
}

// timelineRoot plans the timeline: the store reads every entity events name
// or cite; the plan says what to bring with the relationships and entities
// events are about.
func (pl *planner) timelineRoot() *schema.Fetch { return pl.objectsRoot("entity", "relationship") }

// objectsRoot plans a root field whose objects hold entities under
// entityField and relationships under relField, and maybe an explanation.
func (pl *planner) objectsRoot(entityField, relField string) *schema.Fetch {
	if pl == nil {
		return nil
	}
	fetch := &schema.Fetch{Entity: &schema.EntityFetch{}, Rel: &schema.RelFetch{}}
	for _, field := range pl.info.FieldASTs {
		pl.fields(field.SelectionSet, func(f *ast.Field) {
			switch f.Name.Value {
			case entityField:
				mergeEntity(fetch.Entity, pl.entity(f.SelectionSet))
			case relField:
				pl.rel(f.SelectionSet, fetch.Rel)
			case "explanation":
				fetch.Rel.Sources = fetch.Rel.Sources || pl.selects(f.SelectionSet, "sources")
			}
		})
	}
	// Every relationship's ends are among the entities these reads return
	// (a path's nodes, a subgraph's nodes, a timeline's neighbours), so an
	// end needs fetching only for what is read below it.
	for _, end := range []**schema.EntityFetch{&fetch.Rel.From, &fetch.Rel.To} {
		if (*end).Empty() {
			*end = nil
		}
	}
	return fetch
}

// listRoot plans entities(...) and relationships(...): the nodes of their
// connections are entities in one and relationships in the other, so the
// plan holds both and each read uses its own.
func (pl *planner) listRoot() *schema.Fetch {
	if pl == nil {
		return nil
	}
	fetch := &schema.Fetch{Entity: &schema.EntityFetch{}, Rel: &schema.RelFetch{}}
	for _, field := range pl.info.FieldASTs {
		pl.connectionNodes(field.SelectionSet, func(set *ast.SelectionSet) {
			mergeEntity(fetch.Entity, pl.entity(set))
			pl.rel(set, fetch.Rel)
		})
	}
	return fetch
}

// connectionNodes calls visit with the selection of a connection's nodes,
// under nodes and under edges { node }.
func (pl *planner) connectionNodes(set *ast.SelectionSet, visit func(*ast.SelectionSet)) {
	pl.fields(set, func(f *ast.Field) {
		switch f.Name.Value {
		case "nodes":
			visit(f.SelectionSet)
		case "edges":
			pl.fields(f.SelectionSet, func(e *ast.Field) {
				if e.Name.Value == "node" {
					visit(e.SelectionSet)
				}
			})
		}
	})
}

// fields calls visit for every field of set, through fragments.
func (pl *planner) fields(set *ast.SelectionSet, visit func(*ast.Field)) {
	if set == nil {
		return
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			visit(s)
		case *ast.InlineFragment:
			pl.fields(s.SelectionSet, visit)
		case *ast.FragmentSpread:
			// Fragment cycles were refused before execution began.
			if def, ok := pl.info.Fragments[s.Name.Value].(*ast.FragmentDefinition); ok {
				pl.fields(def.SelectionSet, visit)
			}
		}
	}
}

func (pl *planner) selects(set *ast.SelectionSet, name string) bool {
	found := false
	pl.fields(set, func(f *ast.Field) { found = found || f.Name.Value == name })
	return found
}

// entity plans what is read below an entity.
func (pl *planner) entity(set *ast.SelectionSet) *schema.EntityFetch {
	out := &schema.EntityFetch{}
	pl.fields(set, func(f *ast.Field) {
		switch f.Name.Value {
		case "citations":
			out.Sources = out.Sources || pl.selects(f.SelectionSet, "source")
		case "relationships":
			page, err := pageFetch(pl.arguments(f, pl.relArgs))
			if err != nil {
				return // the resolver reports it
			}
			page.Count = pl.selects(f.SelectionSet, "totalCount")
			pl.connectionNodes(f.SelectionSet, func(set *ast.SelectionSet) { pl.rel(set, &page.Rel) })
			addPage(out, page)
		}
	})
	return out
}

// end plans what is read below a relationship's end or product: slim when
// that is only what a slim read brings, as on an entity page that lists
// the other ends of its relationships by name.
func (pl *planner) end(set *ast.SelectionSet) *schema.EntityFetch {
	f := pl.entity(set)
	f.Slim = pl.slimEntity(set)
	return f
}

// rel plans what is read below a relationship into into.
func (pl *planner) rel(set *ast.SelectionSet, into *schema.RelFetch) {
	pl.fields(set, func(f *ast.Field) {
		switch f.Name.Value {
		case "from":
			into.From = mergeEntity(into.From, pl.end(f.SelectionSet))
		case "to":
			into.To = mergeEntity(into.To, pl.end(f.SelectionSet))
		case "product":
			into.Product = mergeEntity(into.Product, pl.end(f.SelectionSet))
		case "citations":
			into.Sources = into.Sources || pl.selects(f.SelectionSet, "source")
		}
	})
}

// arguments reads a field's argument values as the executor will give them
// to its resolver: literals parsed by their types, variables looked up,
// defaults filled in.
func (pl *planner) arguments(f *ast.Field, defs []*graphql.Argument) map[string]any {
	given := map[string]ast.Value{}
	for _, a := range f.Arguments {
		given[a.Name.Value] = a.Value
	}
	out := map[string]any{}
	for _, def := range defs {
		v := literal(given[def.Name()], def.Type, pl.info.VariableValues)
		if v == nil {
			v = def.DefaultValue
		}
		if v != nil {
			out[def.Name()] = v
		}
	}
	return out
}

func literal(v ast.Value, t graphql.Input, vars map[string]any) any {
	if v == nil {
		return nil
	}
	if variable, ok := v.(*ast.Variable); ok {
		return vars[variable.Name.Value]
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		return literal(v, t.OfType.(graphql.Input), vars)
	case *graphql.List:
		of := t.OfType.(graphql.Input)
		list, ok := v.(*ast.ListValue)
		if !ok {
			return []any{literal(v, of, vars)}
		}
		out := make([]any, len(list.Values))
		for i, x := range list.Values {
			out[i] = literal(x, of, vars)
		}
		return out
	case *graphql.Scalar:
		return t.ParseLiteral(v)
	case *graphql.Enum:
		return t.ParseLiteral(v)
	}
	return nil
}

// mergeEntity adds what b asks for to a; a nil a takes b.
func mergeEntity(a, b *schema.EntityFetch) *schema.EntityFetch {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	a.Sources = a.Sources || b.Sources
	a.Slim = a.Slim && b.Slim
	for _, p := range b.Pages {
		addPage(a, p)
	}
	return a
}

// addPage adds a page to f, merged with one of the same arguments if f has it.
func addPage(f *schema.EntityFetch, p *schema.PageFetch) {
	for _, q := range f.Pages {
		if pageKey(q) == pageKey(p) {
			q.Rel.From = mergeEntity(q.Rel.From, p.Rel.From)
			q.Rel.To = mergeEntity(q.Rel.To, p.Rel.To)
			q.Rel.Product = mergeEntity(q.Rel.Product, p.Rel.Product)
			q.Rel.Sources = q.Rel.Sources || p.Rel.Sources
			q.Count = q.Count || p.Count
			return
		}
	}
	f.Pages = append(f.Pages, p)
}
