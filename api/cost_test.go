package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

func TestQueryCost(t *testing.T) {
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		want  int
	}{
		{"one entity", `{ entity(id: "a") { id name } }`, nil, 1},
		{"search default", `{ search(query: "a") { id } }`, nil, 20},
		{"search first", `{ search(query: "a", first: 100) { id } }`, nil, 100},
		{"search first from a variable", `query($n: Int) { search(query: "a", first: $n) { id } }`, map[string]any{"n": float64(7)}, 7},
		// 1 entity + 1 connection + 50 edges + 50 nodes + 50 far ends
		{"connection", `{ entity(id: "a") { relationships(first: 50) { totalCount edges { node { to { id } } } } } }`, nil, 1 + 1 + 50 + 50 + 50},
		// 10 entities x (1 connection + 10 nodes x (1 + 10 citations x (1 + 1 source)))
		{"nested multiplies", `{ search(query: "a", first: 10) { relationships(first: 10) { nodes { citations { source { id } } } } } }`, nil,
			10 + 10*1 + 10*10 + 10*10*10 + 10*10*10},
		{"path lists are short", `{ paths(from: "a", to: "b", first: 5) { nodes { id } relationships { id } } }`, nil, 5 + 5*7 + 5*7},
		// last bounds a page as first does: 1 connection + 30 edges + 30 nodes + 30 far ends
		{"last", `{ relationships(last: 30) { edges { node { to { id } } } } }`, nil, 1 + 30 + 30 + 30},
		{"last from a variable", `query($n: Int) { entities(last: $n, before: "x") { nodes { id } } }`, map[string]any{"n": float64(7)}, 1 + 7},
		{"last multiplies nested lists", `{ entities(last: 100) { nodes { relationships(first: 100) { nodes { id } } } } }`, nil, 1 + 100 + 100*1 + 100*100},
		{"first and last: the larger", `{ entities(first: 2, last: 90) { nodes { id } } }`, nil, 1 + 90},
		{"fragments count where used", `fragment f on Company { id } { a: search(query: "x") { ...f } b: search(query: "y") { ...f } }`, nil, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(tt.query)})})
			if err != nil {
				t.Fatal(err)
			}
			if got := queryCost(doc, tt.vars); got != tt.want {
				t.Errorf("cost = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestThousandAliasesAreRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&b, ` a%d: search(query: "x") { id }`, i)
	}
	b.WriteString("}")
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	status, res := post(t, srv, "application/json", query(b.String()))
	if status != 400 || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" ||
		!strings.Contains(res.Errors[0].Message, "the limit is 20") {
		t.Fatalf("1000 aliases: status %d, %+v", status, res.Errors)
	}
}

func TestCostLimitNamesTheLimit(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	q := `{ search(query: "x", first: 100) { relationships(first: 100) { nodes { citations { source { id } } } } } }`
	status, res := post(t, srv, "application/json", query(q))
	if status != 400 || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" ||
		!strings.Contains(res.Errors[0].Message, "the limit is 50000") {
		t.Fatalf("an expensive query: status %d, %+v", status, res.Errors)
	}
}
