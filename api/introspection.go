package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// schemaDescription is what __Schema.description answers.
const schemaDescription = "survgraph: an open knowledge graph of the surveillance-technology trade. " +
	"Every relationship is a claim with a status, a period and citations to public sources."

var introspectionOnce sync.Once

// extendIntrospection brings graphql-go v0.8.1's introspection types up to the
// GraphQL specification of October 2021 and the current working draft, which
// GraphiQL, graphql-js 16 and 17, graphql-core 3.3 and Python's gql ask for.
// The types are package globals of graphql-go shared by every schema in the
// process, so this runs once, before the first schema is built (and so before
// any execution reads them).
func extendIntrospection() {
	introspectionOnce.Do(func() {
		for _, x := range introspectionFields() {
			x.on.AddFieldConfig(x.name, x.field)
		}
		// AddFieldConfig only marks the field maps stale; rebuild them now,
		// while nothing else reads them.
		for _, o := range []*graphql.Object{graphql.SchemaType, graphql.TypeType, graphql.FieldType,
			graphql.DirectiveType, graphql.InputValueType} {
			o.Fields()
		}
	})
}

// introspectionField is a field added to, or replacing one of, an
// introspection type.
type introspectionField struct {
	on    *graphql.Object
	name  string
	field *graphql.Field
}

// introspectionFields are the fields extendIntrospection adds or replaces.
// graphql-go lists types, fields, arguments and enum values in map order, a
// new order on every start, in GraphiQL and in generated code: the
// replacements sort them by name.
func introspectionFields() []introspectionField {
	includeDeprecated := graphql.FieldConfigArgument{
		"includeDeprecated": &graphql.ArgumentConfig{Type: graphql.Boolean, DefaultValue: false},
	}
	inputValues := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.InputValueType)))
	constant := func(v any) graphql.FieldResolveFn {
		return func(graphql.ResolveParams) (any, error) { return v, nil }
	}
	return []introspectionField{
		{graphql.SchemaType, "description", &graphql.Field{Type: graphql.String, Resolve: constant(schemaDescription)}},
		{graphql.SchemaType, "types", &graphql.Field{Description: "A list of all types supported by this server.",
			Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.TypeType))), Resolve: schemaTypes}},
		// None of survgraph's scalars follows an outside specification.
		{graphql.TypeType, "specifiedByURL", &graphql.Field{Type: graphql.String, Resolve: constant(nil)}},
		{graphql.TypeType, "isOneOf", &graphql.Field{Type: graphql.Boolean, Resolve: typeIsOneOf}},
		{graphql.TypeType, "inputFields", &graphql.Field{Type: graphql.NewList(graphql.NewNonNull(graphql.InputValueType)),
			Args: includeDeprecated, Resolve: typeInputFields}},
		{graphql.TypeType, "fields", &graphql.Field{Type: graphql.NewList(graphql.NewNonNull(graphql.FieldType)),
			Args: includeDeprecated, Resolve: typeFields}},
		{graphql.TypeType, "enumValues", &graphql.Field{Type: graphql.NewList(graphql.NewNonNull(graphql.EnumValueType)),
			Args: includeDeprecated, Resolve: typeEnumValues}},
		{graphql.TypeType, "possibleTypes", &graphql.Field{Type: graphql.NewList(graphql.NewNonNull(graphql.TypeType)),
			Resolve: typePossibleTypes}},
		{graphql.FieldType, "args", &graphql.Field{Type: inputValues, Args: includeDeprecated, Resolve: fieldArgs}},
		{graphql.DirectiveType, "args", &graphql.Field{Type: inputValues, Args: includeDeprecated, Resolve: directiveArgs}},
		{graphql.DirectiveType, "isRepeatable", &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean), Resolve: constant(false)}},
		{graphql.InputValueType, "defaultValue", &graphql.Field{Type: graphql.String,
			Description: "A GraphQL-formatted string representing the default value for this input value.", Resolve: inputDefaultValue}},
		// graphql-go cannot deprecate arguments or input fields.
		{graphql.InputValueType, "isDeprecated", &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean), Resolve: constant(false)}},
		{graphql.InputValueType, "deprecationReason", &graphql.Field{Type: graphql.String, Resolve: constant(nil)}},
	}
}

func schemaTypes(p graphql.ResolveParams) (any, error) {
	sch, ok := p.Source.(graphql.Schema)
	if !ok {
		return []graphql.Type{}, nil
	}
	types := make([]graphql.Type, 0, len(sch.TypeMap()))
	for _, t := range sch.TypeMap() {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return types[i].Name() < types[j].Name() })
	return types, nil
}

func typeIsOneOf(p graphql.ResolveParams) (any, error) {
	if _, ok := p.Source.(*graphql.InputObject); ok {
		return false, nil // graphql-go has no @oneOf input objects
	}
	return nil, nil
}

func typeInputFields(p graphql.ResolveParams) (any, error) {
	t, ok := p.Source.(*graphql.InputObject)
	if !ok {
		return nil, nil
	}
	fields := t.Fields()
	out := make([]*graphql.InputObjectField, 0, len(fields))
	for _, f := range fields {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func typeFields(p graphql.ResolveParams) (any, error) {
	var fields graphql.FieldDefinitionMap
	switch t := p.Source.(type) {
	case *graphql.Object:
		fields = t.Fields()
	case *graphql.Interface:
		fields = t.Fields()
	default:
		return nil, nil
	}
	all, _ := p.Args["includeDeprecated"].(bool)
	out := make([]*graphql.FieldDefinition, 0, len(fields))
	for _, f := range fields {
		if all || f.DeprecationReason == "" {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func typeEnumValues(p graphql.ResolveParams) (any, error) {
	t, ok := p.Source.(*graphql.Enum)
	if !ok {
		return nil, nil
	}
	all, _ := p.Args["includeDeprecated"].(bool)
	var out []*graphql.EnumValueDefinition
	for _, v := range t.Values() {
		if all || v.DeprecationReason == "" {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func typePossibleTypes(p graphql.ResolveParams) (any, error) {
	var t graphql.Abstract
	switch a := p.Source.(type) {
	case *graphql.Interface:
		t = a
	case *graphql.Union:
		t = a
	default:
		return nil, nil // null for every other kind of type
	}
	objects := append([]*graphql.Object(nil), p.Info.Schema.PossibleTypes(t)...)
	sort.Slice(objects, func(i, j int) bool { return objects[i].Name() < objects[j].Name() })
	return objects, nil
}

func fieldArgs(p graphql.ResolveParams) (any, error) {
	f, ok := p.Source.(*graphql.FieldDefinition)
	if !ok {
		return []*graphql.Argument{}, nil
	}
	args := append([]*graphql.Argument(nil), f.Args...)
	sort.Slice(args, func(i, j int) bool { return args[i].Name() < args[j].Name() })
	return args, nil
}

func directiveArgs(p graphql.ResolveParams) (any, error) {
	if d, ok := p.Source.(*graphql.Directive); ok {
		return d.Args, nil
	}
	return []*graphql.Argument{}, nil
}

func inputDefaultValue(p graphql.ResolveParams) (any, error) {
	switch v := p.Source.(type) {
	case *graphql.Argument:
		return defaultLiteral(v.DefaultValue, v.Type), nil
	case *graphql.InputObjectField:
		return defaultLiteral(v.DefaultValue, v.Type), nil
	}
	return nil, nil
}

// defaultLiteral prints a default value as a GraphQL literal, or nil for
// none. graphql-go's own printer is given the argument instead of its type,
// so it prints enum values as strings ("BOTH"), which clients then reject.
func defaultLiteral(v any, t graphql.Type) any {
	if v == nil {
		return nil
	}
	return graphqlLiteral(v, t)
}

func graphqlLiteral(v any, t graphql.Type) string {
	if v == nil {
		return "null"
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		return graphqlLiteral(v, t.OfType)
	case *graphql.Enum:
		for _, ev := range t.Values() {
			if reflect.DeepEqual(ev.Value, v) {
				return ev.Name
			}
		}
	case *graphql.List:
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			return graphqlLiteral(v, t.OfType) // a single value stands for a list of one
		}
		items := make([]string, rv.Len())
		for i := range items {
			items[i] = graphqlLiteral(rv.Index(i).Interface(), t.OfType)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case *graphql.InputObject:
		if m, ok := v.(map[string]any); ok {
			var parts []string
			for name, f := range t.Fields() {
				if x, ok := m[name]; ok {
					parts = append(parts, name+": "+graphqlLiteral(x, f.Type))
				}
			}
			sort.Strings(parts)
			return "{" + strings.Join(parts, ", ") + "}"
		}
	}
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	// A JSON string is a GraphQL string literal.
	b, _ := json.Marshal(fmt.Sprint(v))
	return string(b)
}

// MaxIntrospectionValues bounds the values (leaves included) that the
// introspection fields of one request may answer with. The full queries of
// graphql-js and graphql-core answer with far fewer on survgraph's schema.
const MaxIntrospectionValues = 50000

// introspectionSize counts the values the __schema and __type fields of a
// document would answer with, stopping once it passes limit. Introspection
// reads only the schema, which is known here, so instead of a depth limit
// (which refuses the standard queries) each subtree is walked over the schema
// itself: every selected field of every object it would reach counts once.
// That bounds hand-written recursive queries by what they really return.
func introspectionSize(sch *graphql.Schema, doc *ast.Document, vars map[string]any, limit int) (int, error) {
	w := sizer{schema: sch, vars: vars, limit: limit, frags: map[string]*ast.FragmentDefinition{}}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok {
			w.frags[f.Name.Value] = f
		}
	}
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			if err := w.root(op.SelectionSet, map[string]bool{}); err != nil {
				return w.n, err
			}
		}
	}
	return w.n, nil
}

type sizer struct {
	schema *graphql.Schema
	vars   map[string]any
	frags  map[string]*ast.FragmentDefinition
	limit  int
	n      int
}

// errTooLarge stops the walk once the count passes the limit.
var errTooLarge = fmt.Errorf("too large")

// root finds __schema and __type among the root fields, through fragments.
func (w *sizer) root(set *ast.SelectionSet, seen map[string]bool) error {
	if set == nil {
		return nil
	}
	for _, sel := range set.Selections {
		var err error
		switch s := sel.(type) {
		case *ast.Field:
			if n := s.Name.Value; n == "__schema" || n == "__type" {
				w.n++
			}
			switch s.Name.Value {
			case "__schema":
				err = w.object(s.SelectionSet, *w.schema)
			case "__type":
				if t := w.namedType(s); t != nil {
					err = w.object(s.SelectionSet, t)
				}
			}
		case *ast.InlineFragment:
			err = w.root(s.SelectionSet, seen)
		case *ast.FragmentSpread:
			if f := w.frags[s.Name.Value]; f != nil && !seen[s.Name.Value] {
				seen[s.Name.Value] = true
				err = w.root(f.SelectionSet, seen)
				delete(seen, s.Name.Value)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// namedType is the type a __type field asks for, or nil.
func (w *sizer) namedType(f *ast.Field) graphql.Type {
	for _, a := range f.Arguments {
		if a.Name.Value != "name" {
			continue
		}
		var name string
		switch v := a.Value.(type) {
		case *ast.StringValue:
			name = v.Value
		case *ast.Variable:
			name, _ = w.vars[v.Name.Value].(string)
		}
		if t := w.schema.Type(name); t != nil {
			return t
		}
	}
	return nil
}

// object counts the selection of one introspection object (a graphql.Schema,
// a graphql.Type, a field, an argument, an input field, an enum value or a
// directive), and what its selected object fields would reach.
func (w *sizer) object(set *ast.SelectionSet, src any) error {
	return w.selection(set, src, map[string]bool{})
}

func (w *sizer) selection(set *ast.SelectionSet, src any, seen map[string]bool) error {
	if set == nil {
		return nil
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if w.n++; w.n > w.limit {
				return errTooLarge
			}
			if s.SelectionSet == nil {
				continue
			}
			values, err := w.values(src, s.Name.Value, w.includeDeprecated(s))
			if err != nil {
				return err
			}
			for _, v := range values {
				if err := w.object(s.SelectionSet, v); err != nil {
					return err
				}
			}
		case *ast.InlineFragment:
			// Every introspection type is an object type: a fragment that
			// passed validation applies to it.
			if err := w.selection(s.SelectionSet, src, seen); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if f := w.frags[s.Name.Value]; f != nil && !seen[s.Name.Value] {
				seen[s.Name.Value] = true
				err := w.selection(f.SelectionSet, src, seen)
				delete(seen, s.Name.Value)
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// includeDeprecated reads a field's includeDeprecated argument; true when it
// cannot tell, which counts more.
func (w *sizer) includeDeprecated(f *ast.Field) bool {
	for _, a := range f.Arguments {
		if a.Name.Value != "includeDeprecated" {
			continue
		}
		switch v := a.Value.(type) {
		case *ast.BooleanValue:
			return v.Value
		case *ast.Variable:
			b, ok := w.vars[v.Name.Value].(bool)
			return b || !ok
		}
		return true
	}
	return false
}

// values lists what the object field name of src holds, as graphql-go's
// introspection resolves it. A field it does not know counts as too large: a
// new graphql-go field must be taught here, not let through unmeasured.
func (w *sizer) values(src any, name string, deprecated bool) ([]any, error) {
	switch s := src.(type) {
	case graphql.Schema:
		return schemaValues(s, name)
	// Arguments and input fields have the methods of a graphql.Type: they
	// must be matched first.
	case *graphql.Argument:
		if name != "type" {
			return nil, fmt.Errorf("__InputValue.%s: %w", name, errTooLarge)
		}
		return []any{s.Type}, nil
	case *graphql.InputObjectField:
		if name != "type" {
			return nil, fmt.Errorf("__InputValue.%s: %w", name, errTooLarge)
		}
		return []any{s.Type}, nil
	case graphql.Type:
		return w.typeValues(s, name, deprecated)
	case *graphql.FieldDefinition:
		switch name {
		case "args":
			return listOf(s.Args), nil
		case "type":
			return []any{s.Type}, nil
		}
		return nil, fmt.Errorf("__Field.%s: %w", name, errTooLarge)
	case *graphql.Directive:
		if name != "args" {
			return nil, fmt.Errorf("__Directive.%s: %w", name, errTooLarge)
		}
		return listOf(s.Args), nil
	}
	return nil, fmt.Errorf("%T.%s: %w", src, name, errTooLarge)
}

// listOf is a list of introspection values as the sizer walks them.
func listOf[T any](items []T) []any {
	out := make([]any, len(items))
	for i, v := range items {
		out[i] = v
	}
	return out
}

// objectOrNone is the one value of a root type field, or none for a root
// type the schema lacks.
func objectOrNone(o *graphql.Object) []any {
	if o == nil {
		return nil
	}
	return []any{o}
}

func schemaValues(s graphql.Schema, name string) ([]any, error) {
	switch name {
	case "types":
		var out []any
		for _, t := range s.TypeMap() {
			out = append(out, t)
		}
		return out, nil
	case "queryType":
		return objectOrNone(s.QueryType()), nil
	case "mutationType":
		return objectOrNone(s.MutationType()), nil
	case "subscriptionType":
		return objectOrNone(s.SubscriptionType()), nil
	case "directives":
		return listOf(s.Directives()), nil
	}
	return nil, fmt.Errorf("__Schema.%s: %w", name, errTooLarge)
}

func (w *sizer) typeValues(s graphql.Type, name string, deprecated bool) ([]any, error) {
	var out []any
	switch name {
	case "fields":
		var fields graphql.FieldDefinitionMap
		switch t := s.(type) {
		case *graphql.Object:
			fields = t.Fields()
		case *graphql.Interface:
			fields = t.Fields()
		}
		for _, f := range fields {
			if deprecated || f.DeprecationReason == "" {
				out = append(out, f)
			}
		}
	case "interfaces":
		if t, ok := s.(*graphql.Object); ok {
			out = listOf(t.Interfaces())
		}
	case "possibleTypes":
		if t, ok := s.(graphql.Abstract); ok {
			out = listOf(w.schema.PossibleTypes(t))
		}
	case "enumValues":
		if t, ok := s.(*graphql.Enum); ok {
			for _, v := range t.Values() {
				if deprecated || v.DeprecationReason == "" {
					out = append(out, v)
				}
			}
		}
	case "inputFields":
		if t, ok := s.(*graphql.InputObject); ok {
			for _, f := range t.Fields() {
				out = append(out, f)
			}
		}
	case "ofType":
		switch t := s.(type) {
		case *graphql.List:
			out = []any{t.OfType}
		case *graphql.NonNull:
			out = []any{t.OfType}
		}
	default:
		return nil, fmt.Errorf("__Type.%s: %w", name, errTooLarge)
	}
	return out, nil
}
