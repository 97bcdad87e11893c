package api

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// introspect runs q against a server on a fake graph, as a client that
// accepts application/graphql-response+json, and returns the status and the
// decoded answer.
func introspect(t *testing.T, srv *Server, q string) (int, gqlResult) {
	t.Helper()
	status, _, res := postAccept(t, srv, mediaGraphQLResponse, "application/json", query(q))
	return status, res
}

// TestIntrospectionAnswersTheSpec asks every introspection field that the
// October 2021 specification and the current draft added to what graphql-go
// v0.8.1 knows: it fails if one of them vanishes or answers wrongly.
func TestIntrospectionAnswersTheSpec(t *testing.T) {
	srv, err := New(&fakeGraph{}, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	status, res := introspect(t, srv, `{
	  __schema {
	    description
	    directives { name isRepeatable args(includeDeprecated: true) { name isDeprecated deprecationReason } }
	    types {
	      name kind specifiedByURL isOneOf
	      inputFields(includeDeprecated: true) { name isDeprecated deprecationReason }
	      fields(includeDeprecated: true) { name args(includeDeprecated: true) { name isDeprecated deprecationReason } }
	    }
	  }
	  date: __type(name: "Date") { specifiedByURL isOneOf }
	  company: __type(name: "Company") { fields { name args { name defaultValue } } }
	  order: __type(name: "EntityOrder") { inputFields { name defaultValue } }
	}`)
	if status != 200 || len(res.Errors) > 0 {
		t.Fatalf("status %d, errors %+v", status, res.Errors)
	}
	sch := res.Data["__schema"].(map[string]any)
	if sch["description"] != schemaDescription {
		t.Errorf("__Schema.description = %v", sch["description"])
	}
	dirs := map[string]map[string]any{}
	for _, d := range sch["directives"].([]any) {
		dirs[d.(map[string]any)["name"].(string)] = d.(map[string]any)
	}
	if inc := dirs["include"]; inc == nil || inc["isRepeatable"] != false || len(inc["args"].([]any)) != 1 {
		t.Errorf("@include: %v", inc)
	}
	inputs, args := 0, 0
	for _, ty := range sch["types"].([]any) {
		ty := ty.(map[string]any)
		name := ty["name"].(string)
		if ty["specifiedByURL"] != nil {
			t.Errorf("%s.specifiedByURL = %v, want null", name, ty["specifiedByURL"])
		}
		switch ty["kind"] {
		case "INPUT_OBJECT":
			inputs++
			if ty["isOneOf"] != false {
				t.Errorf("input %s: isOneOf = %v, want false", name, ty["isOneOf"])
			}
			var names []string
			for _, f := range ty["inputFields"].([]any) {
				f := f.(map[string]any)
				names = append(names, f["name"].(string))
				if f["isDeprecated"] != false || f["deprecationReason"] != nil {
					t.Errorf("%s.%s: %v", name, f["name"], f)
				}
			}
			for i := 1; i < len(names); i++ {
				if names[i-1] > names[i] {
					t.Errorf("%s: input fields not in name order: %v", name, names)
					break
				}
			}
		default:
			if ty["isOneOf"] != nil {
				t.Errorf("%s %s: isOneOf = %v, want null", ty["kind"], name, ty["isOneOf"])
			}
		}
		fields, _ := ty["fields"].([]any)
		for _, f := range fields {
			for _, a := range f.(map[string]any)["args"].([]any) {
				args++
				if a := a.(map[string]any); a["isDeprecated"] != false || a["deprecationReason"] != nil {
					t.Errorf("%s.%s(%s): %v", name, f.(map[string]any)["name"], a["name"], a)
				}
			}
		}
	}
	if inputs == 0 || args == 0 {
		t.Errorf("%d input types, %d arguments: the schema should have some of each", inputs, args)
	}
	if d := res.Data["date"].(map[string]any); d["specifiedByURL"] != nil || d["isOneOf"] != nil {
		t.Errorf("__type(name: Date): %v", d)
	}
	// Default values are GraphQL literals: an enum value is a name, not a
	// string, or graphql-js refuses the whole schema.
	defaults := map[string]any{}
	for _, f := range res.Data["company"].(map[string]any)["fields"].([]any) {
		for _, a := range f.(map[string]any)["args"].([]any) {
			defaults[f.(map[string]any)["name"].(string)+"."+a.(map[string]any)["name"].(string)] = a.(map[string]any)["defaultValue"]
		}
	}
	for _, f := range res.Data["order"].(map[string]any)["inputFields"].([]any) {
		defaults["EntityOrder."+f.(map[string]any)["name"].(string)] = f.(map[string]any)["defaultValue"]
	}
	for k, want := range map[string]any{"relationships.direction": "BOTH", "relationships.first": nil, "EntityOrder.direction": "ASC"} {
		if got, ok := defaults[k]; !ok || got != want {
			t.Errorf("default of %s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	// Building another schema (as every test does) must not add the fields twice
	// or lose them.
	if _, err := NewSchema(); err != nil {
		t.Fatal(err)
	}
	if status, res := introspect(t, srv, `{ __schema { description } }`); status != 200 || len(res.Errors) > 0 {
		t.Errorf("after a second schema: %d %+v", status, res.Errors)
	}
}

// TestStandardIntrospectionQueries sends the introspection queries that
// standard tools send (testdata/introspection, written by graphql-js 16 and
// 17, graphql-core 3.3 and gql 4.4 with their defaults and with every
// non-experimental option on; make test's client suite checks that the files
// are still what those libraries write) under the default limits.
func TestStandardIntrospectionQueries(t *testing.T) {
	srv, err := New(&fakeGraph{}, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "introspection", "*.graphql"))
	if len(files) < 7 {
		t.Fatalf("%d introspection queries in testdata/introspection, want 7", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			status, res := introspect(t, srv, string(b))
			if status != 200 || len(res.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, res.Errors)
			}
			// The bound must hold what the answer really holds.
			doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: b})})
			if err != nil {
				t.Fatal(err)
			}
			n, err := introspectionSize(&srv.schema, doc, nil, MaxIntrospectionValues)
			if err != nil {
				t.Fatalf("sized at more than %d: %v", MaxIntrospectionValues, err)
			}
			if got := countValues(res.Data); got > n {
				t.Errorf("the answer holds %d values, the bound counted %d", got, n)
			}
			t.Logf("%d values counted, %d answered", n, countValues(res.Data))
		})
	}
}

// countValues counts the fields of every object in an answer.
func countValues(v any) int {
	switch v := v.(type) {
	case map[string]any:
		n := len(v)
		for _, x := range v {
			n += countValues(x)
		}
		return n
	case []any:
		n := 0
		for _, x := range v {
			n += countValues(x)
		}
		return n
	}
	return 0
}

// TestLimitsHoldBesideIntrospection checks that exempting introspection from
// the depth limit opens nothing else: a deep ordinary query is refused, and
// hand-written recursive or repeated introspection is refused by its own bound
// (or answered within it).
func TestLimitsHoldBesideIntrospection(t *testing.T) {
	srv, err := New(&fakeGraph{}, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	nest := func(open, leaf string, n int) string {
		return strings.Repeat(open+" { ", n) + leaf + strings.Repeat(" }", n)
	}
	// 13 levels: entity, then relationships { nodes { to { ... } } } four
	// times, then id's object.
	deep := `{ entity(id: "x") { ` + nest("relationships { nodes { to", "id", 4) + strings.Repeat(" } }", 4) + ` } }`
	if d := queryDepth(mustParse(t, deep)); d != 13 {
		t.Fatalf("the deep query nests %d levels, want 13", d)
	}
	// Each fragment level repeats what is below it six times under aliases.
	repeat := func(sel string) string {
		var b strings.Builder
		for i := range 6 {
			b.WriteString(" r" + string(rune('a'+i)) + ": " + sel)
		}
		return b.String()
	}
	var aliases strings.Builder
	for i := range 300 {
		aliases.WriteString(" f" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ": fields { name type { name } }")
	}
	for _, tt := range []struct {
		name, query string
		refused     int // 1: must be refused; 0: must be answered; -1: either, within the bound
	}{
		{"depth 13 without introspection", deep, 1},
		{"depth 13 beside introspection", `{ __typename ` + strings.TrimPrefix(deep, "{"), 1},
		{"the brief's recursion", `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, 0},
		{"the brief's recursion, 20 times deeper", `{ __schema { types { ` + nest("fields { type", "name", 60) + strings.Repeat(" }", 60) + ` } } }`, -1},
		{"recursion through field types", `{ __schema { types { ` + nest("fields { type { ofType { ofType { ofType", "name", 8) +
			strings.Repeat(" } } } }", 8) + ` } } }`, -1},
		{"recursion through interfaces and possible types", `{ __schema { types { ` + nest("interfaces { possibleTypes", "name", 6) +
			strings.Repeat(" }", 6) + ` } } }`, 1},
		{"repeated by aliases", `{ __schema { types {` + aliases.String() + ` } } }`, 1},
		{"repeated by fragments", `{ __schema { ...s } } fragment s on __Schema {` + repeat("types { ...t }") +
			` } fragment t on __Type {` + repeat("fields { ...f }") + ` } fragment f on __Field {` + repeat("args { name }") + ` }`, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, res := introspect(t, srv, tt.query)
			refused := len(res.Errors) > 0 && res.Errors[0].Extensions["code"] == "LIMIT_EXCEEDED"
			if tt.refused >= 0 && refused != (tt.refused == 1) {
				t.Fatalf("refused = %v, want %v: %d %+v", refused, tt.refused == 1, status, res.Errors)
			}
			if refused {
				if status != 400 {
					t.Errorf("status %d, want 400", status)
				}
				return
			}
			if status != 200 || len(res.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, res.Errors)
			}
			if n := countValues(res.Data); n > MaxIntrospectionValues {
				t.Errorf("answered with %d values, over the bound %d", n, MaxIntrospectionValues)
			}
		})
	}
}

func TestGraphQLLiteral(t *testing.T) {
	enum := graphql.NewEnum(graphql.EnumConfig{Name: "E", Values: graphql.EnumValueConfigMap{
		"ONE": {Value: 1}, "TWO": {Value: "two"}}})
	input := graphql.NewInputObject(graphql.InputObjectConfig{Name: "I", Fields: graphql.InputObjectConfigFieldMap{
		"e": {Type: enum}, "n": {Type: graphql.Int}, "s": {Type: graphql.String}}})
	for _, tt := range []struct {
		v    any
		t    graphql.Type
		want string
	}{
		{1, enum, "ONE"},
		{"two", graphql.NewNonNull(enum), "TWO"},
		{[]any{1, "two"}, graphql.NewList(enum), "[ONE, TWO]"},
		{1, graphql.NewList(enum), "ONE"},
		{map[string]any{"s": `a "q"`, "e": "two", "n": 3}, input, `{e: TWO, n: 3, s: "a \"q\""}`},
		{true, graphql.Boolean, "true"},
		{2.5, graphql.Float, "2.5"},
		{20, graphql.Int, "20"},
		{"x", graphql.ID, `"x"`},
		{[]int{1, 2}, graphql.NewList(graphql.Int), "[1, 2]"},
	} {
		if got := graphqlLiteral(tt.v, tt.t); got != tt.want {
			t.Errorf("graphqlLiteral(%v, %v) = %s, want %s", tt.v, tt.t, got, tt.want)
		}
	}
}

func mustParse(t *testing.T, q string) *ast.Document {
	t.Helper()
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(q)})})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestIntrospectionSizeIsExact compares the bound with the answer on queries
// whose answers it must count exactly.
func TestIntrospectionSizeIsExact(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	for _, q := range []string{
		`{ __schema { types { name } } }`,
		`{ __schema { types { name fields { name args { name } } } } }`,
		`{ __type(name: "Query") { name fields { name type { kind ofType { kind ofType { kind name } } } } } }`,
		`{ __schema { queryType { name } mutationType { name } directives { name args { name } } } }`,
	} {
		_, res := introspect(t, srv, q)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %+v", q, res.Errors)
		}
		n, err := introspectionSize(&srv.schema, mustParse(t, q), nil, MaxIntrospectionValues)
		if err != nil {
			t.Fatal(err)
		}
		if got := countValues(res.Data); got != n {
			t.Errorf("%s: the answer holds %d values, the bound counted %d", q, got, n)
		}
	}
	// A variable names the type as a literal would.
	doc := mustParse(t, `query($t: String!) { __type(name: $t) { fields { name } } }`)
	byVar, _ := introspectionSize(&srv.schema, doc, map[string]any{"t": "Query"}, MaxIntrospectionValues)
	byLit, _ := introspectionSize(&srv.schema, mustParse(t, `{ __type(name: "Query") { fields { name } } }`), nil, MaxIntrospectionValues)
	if byVar != byLit || byVar < 10 {
		t.Errorf("__type by variable counted %d, by literal %d", byVar, byLit)
	}
}

// TestIntrospectionIsStable checks that two servers answer the full
// introspection query identically: graphql-go builds types, fields and
// arguments from maps, and a client should not see a new order on every start.
func TestIntrospectionIsStable(t *testing.T) {
	q, err := os.ReadFile(filepath.Join("testdata", "introspection", "graphql-js-17-all.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	var answers []string
	for range 3 {
		srv, err := New(&fakeGraph{}, Config{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(string(q))))
		req.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(rec, req)
		answers = append(answers, rec.Body.String())
	}
	for i := 1; i < len(answers); i++ {
		if answers[i] != answers[0] {
			t.Fatalf("server %d answered the introspection query differently from server 1", i+1)
		}
	}
}
