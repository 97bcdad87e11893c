package main

// A light check of GraphQL documents against the API's schema, for the
// tests of the request generators: the load test must not import a GraphQL
// library (only package api does), so this reads the SDL golden that api's
// tests keep (api/testdata/schema.graphql) and checks what the generators
// use of it: fields on their types, arguments, variables and their values.

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// tokens splits GraphQL text into names, numbers, strings and punctuators;
// commas are white space in GraphQL.
func tokens(src string) ([]string, error) {
	var out []string
	for i := 0; i < len(src); {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c) || c == ',':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "..."):
			out, i = append(out, "..."), i+3
		case strings.ContainsRune("{}()[]:$!=@|&", c):
			out, i = append(out, string(c)), i+1
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			out, i = append(out, src[i:j+1]), j+1
		case c == '_' || c == '-' || unicode.IsLetter(c) || unicode.IsDigit(c):
			j := i + 1
			for j < len(src) && (src[j] == '_' || src[j] == '.' || unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			out, i = append(out, src[i:j]), j
		default:
			return nil, fmt.Errorf("unexpected %q at %d", c, i)
		}
	}
	return out, nil
}

// parser reads tokens; a mistake panics with an error, recovered by check.
type parser struct {
	toks []string
	i    int
}

func (p *parser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *parser) next() string {
	t := p.peek()
	if t == "" {
		panic(fmt.Errorf("unexpected end"))
	}
	p.i++
	return t
}

func (p *parser) expect(t string) {
	if got := p.next(); got != t {
		panic(fmt.Errorf("want %q, got %q (token %d)", t, got, p.i))
	}
}

func (p *parser) skipStrings() {
	for strings.HasPrefix(p.peek(), `"`) {
		p.i++
	}
}

// typeRef reads a type: Name, [Type], with ! for non-null.
func (p *parser) typeRef() string {
	t := p.next()
	if t == "[" {
		t = "[" + p.typeRef() + "]"
		p.expect("]")
	}
	if p.peek() == "!" {
		p.i++
		t += "!"
	}
	return t
}

// skipValue reads a literal value or a variable and gives the variable's
// name, "" for a literal.
func (p *parser) skipValue() string {
	switch t := p.next(); t {
	case "$":
		return p.next()
	case "[", "{":
		end := map[string]string{"[": "]", "{": "}"}[t]
		for p.peek() != end {
			if t == "{" {
				p.next()
				p.expect(":")
			}
			p.skipValue()
		}
		p.next()
	}
	return ""
}

type sdlField struct {
	args map[string]string // name -> type
	typ  string
}

// sdl is what the checks need of a schema.
type sdl struct {
	kind   map[string]string              // type name -> type, interface, input, enum, scalar, union
	fields map[string]map[string]sdlField // fields of types, interfaces and inputs
	enums  map[string]map[string]bool
}

func readSDL(t *testing.T, path string) *sdl {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	toks, err := tokens(string(b))
	if err != nil {
		t.Fatal(err)
	}
	s := &sdl{kind: map[string]string{}, fields: map[string]map[string]sdlField{}, enums: map[string]map[string]bool{}}
	for _, n := range []string{"String", "ID", "Int", "Float", "Boolean"} {
		s.kind[n] = "scalar"
	}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s: %v", path, r)
		}
	}()
	p := &parser{toks: toks}
	for p.skipStrings(); p.peek() != ""; p.skipStrings() {
		s.definition(p)
	}
	return s
}

func (s *sdl) definition(p *parser) {
	kw, name := p.next(), p.next()
	s.kind[name] = kw
	switch kw {
	case "scalar":
		return
	case "union": // union U = A | B
		p.expect("=")
		for p.next(); p.peek() == "|"; p.next() {
			p.next()
		}
		return
	case "enum":
		s.enums[name] = map[string]bool{}
		p.expect("{")
		for p.skipStrings(); p.peek() != "}"; p.skipStrings() {
			s.enums[name][p.next()] = true
		}
		p.next()
		return
	}
	for p.peek() != "{" { // implements A & B
		p.next()
	}
	p.next()
	s.fields[name] = map[string]sdlField{}
	for p.skipStrings(); p.peek() != "}"; p.skipStrings() {
		f := sdlField{args: map[string]string{}}
		fname := p.next()
		if p.peek() == "(" {
			p.next()
			for p.skipStrings(); p.peek() != ")"; p.skipStrings() {
				arg := p.next()
				p.expect(":")
				f.args[arg] = p.typeRef()
				if p.peek() == "=" {
					p.next()
					p.skipValue()
				}
			}
			p.next()
		}
		p.expect(":")
		f.typ = p.typeRef()
		if p.peek() == "=" { // an input field's default
			p.next()
			p.skipValue()
		}
		s.fields[name][fname] = f
	}
	p.next()
}

func named(typ string) string { return strings.Trim(typ, "[]!") }

// check checks a query document and its variables.
func (s *sdl) check(query string, vars map[string]any) (err error) {
	toks, err := tokens(query)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	p := &parser{toks: toks}
	p.expect("query")
	p.next() // the operation's name
	declared := map[string]string{}
	if p.peek() == "(" {
		for p.next(); p.peek() != ")"; {
			p.expect("$")
			name := p.next()
			p.expect(":")
			declared[name] = p.typeRef()
		}
		p.next()
	}
	used := map[string]bool{}
	s.selection(p, "Query", declared, used)
	if p.peek() != "" {
		return fmt.Errorf("text after the operation: %q", p.peek())
	}
	for name, typ := range declared {
		if !used[name] {
			return fmt.Errorf("$%s is declared and not used", name)
		}
		if err := s.value(typ, vars[name]); err != nil {
			return fmt.Errorf("$%s: %w", name, err)
		}
	}
	for name := range vars {
		if _, ok := declared[name]; !ok {
			return fmt.Errorf("variable %q is not declared", name)
		}
	}
	return nil
}

// selection reads { ... } on a type.
func (s *sdl) selection(p *parser, on string, declared map[string]string, used map[string]bool) {
	p.expect("{")
	for p.peek() != "}" {
		if p.peek() == "..." {
			p.next()
			p.expect("on")
			frag := p.next()
			if k := s.kind[frag]; k != "type" {
				panic(fmt.Errorf("... on %s: not an object type", frag))
			}
			s.selection(p, frag, declared, used)
			continue
		}
		name := p.next()
		if p.peek() == ":" { // an alias
			p.next()
			name = p.next()
		}
		f, ok := s.fields[on][name]
		if !ok {
			panic(fmt.Errorf("%s has no field %s", on, name))
		}
		if p.peek() == "(" {
			for p.next(); p.peek() != ")"; {
				arg := p.next()
				want, ok := f.args[arg]
				if !ok {
					panic(fmt.Errorf("%s.%s has no argument %s", on, name, arg))
				}
				p.expect(":")
				if v := p.skipValue(); v != "" {
					used[v] = true
					if have, ok := declared[v]; !ok || !fits(have, want) {
						panic(fmt.Errorf("$%s of type %q given to %s.%s(%s: %s)", v, have, on, name, arg, want))
					}
				}
			}
			p.next()
		}
		leaf := s.kind[named(f.typ)] == "scalar" || s.kind[named(f.typ)] == "enum"
		switch {
		case p.peek() == "{" && !leaf:
			s.selection(p, named(f.typ), declared, used)
		case p.peek() == "{" || !leaf:
			panic(fmt.Errorf("%s.%s of type %s: a selection where it takes none, or none where it needs one", on, name, f.typ))
		}
	}
	p.next()
}

// fits says whether a variable of type have may be given where want goes:
// the same type, or the non-null form of a nullable one.
func fits(have, want string) bool {
	return have == want || have == want+"!"
}

// value checks a variable's value against its type.
func (s *sdl) value(typ string, v any) error {
	if nonNull := strings.HasSuffix(typ, "!"); nonNull || v == nil {
		if v == nil && nonNull {
			return fmt.Errorf("null for %s", typ)
		}
		if v == nil {
			return nil
		}
		typ = strings.TrimSuffix(typ, "!")
	}
	if strings.HasPrefix(typ, "[") {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			return fmt.Errorf("%v for %s", v, typ)
		}
		for i := range rv.Len() {
			if err := s.value(typ[1:len(typ)-1], rv.Index(i).Interface()); err != nil {
				return err
			}
		}
		return nil
	}
	ok := true
	switch s.kind[typ] {
	case "enum":
		str, isStr := v.(string)
		ok = isStr && s.enums[typ][str]
	case "input":
		return s.input(typ, v)
	case "scalar":
		switch typ {
		case "Int":
			_, ok = v.(int)
		case "Boolean":
			_, ok = v.(bool)
		case "Float":
			_, ok = v.(float64)
		default: // String, ID and Date
			_, ok = v.(string)
		}
	default:
		ok = false
	}
	if !ok {
		return fmt.Errorf("%#v is no %s", v, typ)
	}
	return nil
}

func (s *sdl) input(typ string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%#v is no %s", v, typ)
	}
	for k, fv := range m {
		f, ok := s.fields[typ][k]
		if !ok {
			return fmt.Errorf("%s has no field %s", typ, k)
		}
		if err := s.value(f.typ, fv); err != nil {
			return fmt.Errorf("%s.%s: %w", typ, k, err)
		}
	}
	for k, f := range s.fields[typ] {
		if _, given := m[k]; !given && strings.HasSuffix(f.typ, "!") {
			return fmt.Errorf("%s.%s is required", typ, k)
		}
	}
	return nil
}

// TestTheSchemaCheckBites makes sure the check refuses what the server
// would: a check that passes everything would make the tests of the
// generators worthless.
func TestTheSchemaCheckBites(t *testing.T) {
	s := readSDL(t, schemaFile)
	ok := `query E($id: ID!) { entity(id: $id) { id ... on Company { hqCity } } }`
	if err := s.check(ok, map[string]any{"id": "x"}); err != nil {
		t.Fatalf("a valid query refused: %v", err)
	}
	for _, bad := range []struct {
		query string
		vars  map[string]any
	}{
		{`query E($id: ID!) { entity(id: $id) { id nope } }`, map[string]any{"id": "x"}},
		{`query E($id: ID!) { entity(id: $id) { id ... on Company { category } } }`, map[string]any{"id": "x"}},
		{`query E($id: ID!) { entity(id: $id, depth: 2) { id } }`, map[string]any{"id": "x"}},
		{`query E($id: ID!) { entity(id: $id) }`, map[string]any{"id": "x"}},
		{`query E($id: ID!) { entity(id: $id) { id } }`, nil},
		{`query E($id: ID!) { entity(id: $id) { id } }`, map[string]any{"id": "x", "other": 1}},
		{`query E($id: String!) { entity(id: $id) { id } }`, map[string]any{"id": "x"}},
		{`query E($id: ID) { entity(id: $id) { id } }`, map[string]any{"id": "x"}},
		{`query S($k: [EntityKind!]) { search(query: "a", kinds: $k) { id } }`, map[string]any{"k": []string{"COMPANIES"}}},
		{`query S($w: EntityFilter) { entities(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"country": "FR"}}},
		{`query S($o: EntityOrder) { entities(orderBy: $o) { totalCount } }`, map[string]any{"o": map[string]any{"direction": "ASC"}}},
		{`query S($n: Int, $m: Int) { entities(first: $n) { totalCount } }`, map[string]any{"n": 1}},
		{`query S($n: Int) { entities(first: $n) { totalCount } }`, map[string]any{"n": "1"}},
	} {
		if err := s.check(bad.query, bad.vars); err == nil {
			t.Errorf("the check passed %s with %v", bad.query, bad.vars)
		}
	}
}
