package graphdb

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

var updateStatements = flag.Bool("update", false, "rewrite testdata/statements.golden")

// TestStatementsUnchanged pins the Cypher that the list planner and the
// fetch expressions write, for a matrix of queries: a refactor of how they
// are built must write the same statements (testdata/statements.golden;
// -update after an intended change, and review the diff).
func TestStatementsUnchanged(t *testing.T) {
	var b strings.Builder
	day := time.Date(2011, 10, 1, 0, 0, 0, 0, time.UTC)
	windows := map[string]schema.Window{
		"first":        {First: 20},
		"first-after":  {First: 20, After: &schema.Cursor{Key: "2", ID: "a.supplied.b"}},
		"last":         {Last: 20},
		"last-before":  {Last: 20, Before: &schema.Cursor{Key: "2", ID: "a.supplied.b"}},
		"both-cursors": {First: 5, After: &schema.Cursor{Key: "1", ID: "x"}, Before: &schema.Cursor{Key: "3", ID: "y"}},
	}
	filters := map[string]func(*schema.RelationshipQuery){
		"none": func(*schema.RelationshipQuery) {},
		"statuses": func(q *schema.RelationshipQuery) {
			q.Statuses = []schema.ClaimStatus{schema.Reported, schema.Confirmed}
		},
		"types":    func(q *schema.RelationshipQuery) { q.Types = []schema.RelType{schema.Supplied, schema.Deployed} },
		"asof-min": func(q *schema.RelationshipQuery) { q.AsOf, q.MinStatus = &day, schema.Alleged },
	}
	for _, order := range slices.Sorted(maps.Keys(relationshipOrders)) {
		for _, desc := range []bool{false, true} {
			for _, wn := range slices.Sorted(maps.Keys(windows)) {
				for _, fn := range slices.Sorted(maps.Keys(filters)) {
					q := schema.RelationshipQuery{OrderBy: order, Desc: desc, Window: windows[wn]}
					filters[fn](&q)
					br := newWholeGraphBranches(q, relationshipOrders[order], map[string]any{})
					fmt.Fprintf(&b, "== %s desc=%v %s %s\n%s\n", order, desc, wn, fn, strings.Join(br.statements, "\n-- next statement\n"))
				}
			}
		}
	}
	fetch := &schema.Fetch{}
	c := newFetchCypher(map[string]any{}, fetch)
	pf := &schema.PageFetch{Dir: schema.Outgoing, Filter: schema.RelFilter{Types: []schema.RelType{schema.Supplied}, AsOf: &day}, First: 10, Count: true}
	fmt.Fprintf(&b, "== page forwards\n%s\n", c.page("n", pf))
	pb := &schema.PageFetch{Dir: schema.Incoming, Last: 3, Before: "cursor", Rel: schema.RelFetch{Sources: true, From: &schema.EntityFetch{}}}
	fmt.Fprintf(&b, "== page backwards\n%s\n", c.page("n", pb))
	got := b.String()
	path := filepath.Join("testdata", "statements.golden")
	if *updateStatements {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graphdb -run TestStatementsUnchanged -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("the statements changed at line %d:\n got: %s\nwant: %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("the statements changed: %d lines, want %d", len(gl), len(wl))
	}
}
