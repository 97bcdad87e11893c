package api

import (
	"strconv"

	"github.com/graphql-go/graphql/language/ast"
)

// MaxNodes bounds how many objects one request may ask for, computed before
// it runs, in the spirit of GitHub's GraphQL API: each list field multiplies
// the objects below it by how many it may return (its first or last argument,
// or the cap the API puts on it), and the products are summed over the query.
const MaxNodes = 50000

// scope tells a list field what kind of object holds it, since the same
// name means different things: Path.nodes holds at most maxHops+1 entities,
// Subgraph.nodes up to maxNeighborNodes, a connection's nodes its first.
type scope struct {
	kind  string // "", "connection", "path" or "subgraph"
	first int    // for a connection
}

// queryCost estimates the objects a request may return. Each field that
// returns objects counts as many times as it may appear: a list multiplies
// what is below it by the items it may hold (its first argument, or the cap
// the API sets). Fragments are followed once per path (validation has
// already refused cycles).
func queryCost(doc *ast.Document, vars map[string]any) int {
	c := costCounter{vars: vars, frags: map[string]*ast.FragmentDefinition{}, seen: map[string]bool{}}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok {
			c.frags[f.Name.Value] = f
		}
	}
	total := 0
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			total = saturatingAdd(total, c.cost(op.SelectionSet, scope{}, 1))
		}
	}
	return total
}

// costCounter walks one document for queryCost.
type costCounter struct {
	vars  map[string]any
	frags map[string]*ast.FragmentDefinition
	seen  map[string]bool // fragments on the path being walked
}

// items returns how many objects field f yields per parent, and the scope of
// its own selection.
func (c *costCounter) items(f *ast.Field, in scope) (int, scope) {
	first, hasFirst := intArgument(f, "first", c.vars)
	// last bounds a page as first does; given both, the request is refused
	// later, but the larger still bounds what it could ask.
	if last, hasLast := intArgument(f, "last", c.vars); hasLast {
		first, hasFirst = max(first, last), true
	}
	switch name := f.Name.Value; {
	case name == "search":
		return pick(first, hasFirst, defaultFirst), scope{}
	case name == "paths":
		return pick(first, hasFirst, 5), scope{kind: "path"}
	case name == "suppliers" || name == "clients":
		return pick(first, hasFirst, defaultFirst), scope{kind: "path"}
	case name == "sources":
		return 50, scope{}
	case name == "neighborhood":
		return 1, scope{kind: "subgraph"}
	case (name == "nodes" || name == "relationships") && in.kind == "path":
		return maxHops + 1, scope{}
	case name == "nodes" && in.kind == "subgraph":
		return maxNeighborNodes, scope{}
	case name == "relationships" && in.kind == "subgraph":
		return 4 * maxNeighborNodes, scope{}
	case name == "relationships" || name == "entities" || name == "citedBy":
		return 1, scope{kind: "connection", first: pick(first, hasFirst, defaultFirst)}
	case (name == "edges" || name == "nodes") && in.kind == "connection":
		return in.first, scope{}
	case name == "citations":
		return 10, scope{}
	case name == "timeline":
		return 200, scope{}
	}
	return 1, scope{}
}

// cost is what set may return, each of its objects counted multiplier times.
func (c *costCounter) cost(set *ast.SelectionSet, in scope, multiplier int) int {
	if set == nil {
		return 0
	}
	total := 0
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if s.SelectionSet == nil || isIntrospectionRoot(s) {
				continue // a leaf costs nothing beyond its object; introspection is sized apart
			}
			n, inner := c.items(s, in)
			m := saturatingMul(multiplier, max(n, 1))
			total = saturatingAdd(total, m)
			total = saturatingAdd(total, c.cost(s.SelectionSet, inner, m))
		case *ast.InlineFragment:
			total = saturatingAdd(total, c.cost(s.SelectionSet, in, multiplier))
		case *ast.FragmentSpread:
			name := s.Name.Value
			if f := c.frags[name]; f != nil && !c.seen[name] {
				c.seen[name] = true
				total = saturatingAdd(total, c.cost(f.SelectionSet, in, multiplier))
				delete(c.seen, name)
			}
		}
	}
	return total
}

func pick(n int, given bool, def int) int {
	if given {
		return n
	}
	return def
}

// intArgument reads an Int argument given as a literal or a variable.
func intArgument(f *ast.Field, name string, vars map[string]any) (int, bool) {
	for _, a := range f.Arguments {
		if a.Name.Value != name {
			continue
		}
		switch v := a.Value.(type) {
		case *ast.IntValue:
			n, err := strconv.Atoi(v.Value)
			return n, err == nil
		case *ast.Variable:
			switch x := vars[v.Name.Value].(type) {
			case float64:
				return int(x), true
			case int:
				return x, true
			}
		}
	}
	return 0, false
}

const costCeiling = 1 << 40

func saturatingMul(a, b int) int {
	if a > 0 && b > costCeiling/a {
		return costCeiling
	}
	return a * b
}

func saturatingAdd(a, b int) int {
	if a+b > costCeiling {
		return costCeiling
	}
	return a + b
}
