package graphdb_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// pageFunc fetches one page of a list in some window, returning the ids of
// its items.
type pageFunc func(w schema.Window) (schema.Page[string], error)

func entityPages(db *graphdb.DB, q schema.EntityQuery) pageFunc {
	return func(w schema.Window) (schema.Page[string], error) {
		q.Window = w
		p, err := db.EntityPage(context.Background(), q, nil, nil)
		return ids(p, func(e schema.Entity) string { return e.ID }), err
	}
}

func relationshipPages(db *graphdb.DB, q schema.RelationshipQuery) pageFunc {
	return func(w schema.Window) (schema.Page[string], error) {
		q.Window = w
		p, err := db.RelationshipPage(context.Background(), q, nil, nil)
		return ids(p, func(r schema.Relationship) string { return r.ID }), err
	}
}

func ids[T any](p schema.Page[T], id func(T) string) schema.Page[string] {
	out := schema.Page[string]{Keys: p.Keys, Total: p.Total, HasNext: p.HasNext, HasPrevious: p.HasPrevious}
	for _, x := range p.Items {
		out.Items = append(out.Items, id(x))
	}
	return out
}

// forwards pages through the whole list with first and after.
func forwards(t *testing.T, page pageFunc, n int) []string {
	t.Helper()
	var all []string
	var after *schema.Cursor
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("paging forwards did not end")
		}
		p, err := page(schema.Window{First: n, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if p.HasPrevious != (after != nil) {
			t.Errorf("forward page %d: hasPreviousPage = %v with after %v", i, p.HasPrevious, after)
		}
		all = append(all, p.Items...)
		if !p.HasNext {
			return all
		}
		after = &p.Keys[len(p.Keys)-1]
	}
}

// backwards pages through the whole list with last and before, from its
// end, and returns the items in the list's order.
func backwards(t *testing.T, page pageFunc, n int) []string {
	t.Helper()
	var pages [][]string
	var before *schema.Cursor
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("paging backwards did not end")
		}
		p, err := page(schema.Window{Last: n, Before: before})
		if err != nil {
			t.Fatal(err)
		}
		if p.HasNext != (before != nil) {
			t.Errorf("backward page %d: hasNextPage = %v with before %v", i, p.HasNext, before)
		}
		if p.HasPrevious && len(p.Items) != n {
			t.Errorf("backward page %d: %d items, yet hasPreviousPage", i, len(p.Items))
		}
		pages = append(pages, p.Items)
		if !p.HasPrevious {
			break
		}
		before = &p.Keys[0]
	}
	var all []string
	for _, p := range slices.Backward(pages) {
		all = append(all, p...)
	}
	return all
}

func TestListsPageBackwards(t *testing.T) {
	db := neo4jtest.Open(t)
	load(t, db, seed.Input, validSeed(t))

	type list struct {
		name string
		page pageFunc
	}
	var lists []list
	for _, order := range []string{"ID", "NAME", "COUNTRY"} {
		for _, desc := range []bool{false, true} {
			lists = append(lists,
				list{fmt.Sprintf("entities by %s desc=%v", order, desc), entityPages(db, schema.EntityQuery{OrderBy: order, Desc: desc})},
				list{fmt.Sprintf("companies and agencies by %s desc=%v", order, desc),
					entityPages(db, schema.EntityQuery{Kinds: []schema.Kind{schema.Company, schema.Agency}, OrderBy: order, Desc: desc})},
				list{fmt.Sprintf("governments matching \"government\" by %s desc=%v", order, desc),
					entityPages(db, schema.EntityQuery{Text: "government", Kinds: []schema.Kind{schema.Government}, OrderBy: order, Desc: desc})})
		}
	}
	for _, order := range []string{"ID", "START", "STATUS"} {
		for _, desc := range []bool{false, true} {
			lists = append(lists,
				list{fmt.Sprintf("relationships by %s desc=%v", order, desc), relationshipPages(db, schema.RelationshipQuery{OrderBy: order, Desc: desc})},
				list{fmt.Sprintf("supplies to SY, BH, EG, LY by %s desc=%v", order, desc), relationshipPages(db, schema.RelationshipQuery{
					RelFilter: schema.RelFilter{Types: []schema.RelType{schema.Supplied}}, ToCountries: []string{"SY", "BH", "EG", "LY"},
					OrderBy: order, Desc: desc})})
		}
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			first, err := l.page(schema.Window{First: 1})
			if err != nil {
				t.Fatal(err)
			}
			if first.Total < 10 {
				t.Fatalf("only %d items; the test needs several pages", first.Total)
			}
			fw := forwards(t, l.page, 7)
			bw := backwards(t, l.page, 7)
			seen := map[string]bool{}
			for _, id := range bw {
				if seen[id] {
					t.Errorf("%s came twice paging backwards", id)
				}
				seen[id] = true
			}
			if len(fw) != first.Total || !slices.Equal(fw, bw) {
				t.Errorf("forwards %d items, backwards %d, total %d; the orders differ:\nforwards  %v\nbackwards %v", len(fw), len(bw), first.Total, fw, bw)
			}

			// A window between two cursors holds exactly the items between.
			all, err := l.page(schema.Window{First: 100})
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := 2, min(len(all.Items)-1, 9)
			for _, w := range []schema.Window{
				{First: 100, After: &all.Keys[lo], Before: &all.Keys[hi]},
				{Last: 100, After: &all.Keys[lo], Before: &all.Keys[hi]},
				{Last: 3, After: &all.Keys[lo], Before: &all.Keys[hi]},
			} {
				p, err := l.page(w)
				if err != nil {
					t.Fatal(err)
				}
				want := all.Items[lo+1 : hi]
				if w.Last == 3 {
					want = want[len(want)-3:]
				}
				if !slices.Equal(p.Items, want) {
					t.Errorf("window first=%d last=%d between items %d and %d: got %v, want %v", w.First, w.Last, lo, hi, p.Items, want)
				}
			}
		})
	}
}

// TestWholeGraphListsAreInOrder compares lists that no endpoint anchors,
// which merge each type's index-ordered page (wholeGraphPage), with the
// order computed here from the seed: by key, ties by id.
func TestWholeGraphListsAreInOrder(t *testing.T) {
	db := neo4jtest.Open(t)
	g := validSeed(t)
	load(t, db, seed.Input, g)

	keys := map[string]func(r schema.Relationship) string{
		"ID": func(r schema.Relationship) string { return r.ID },
		"START": func(r schema.Relationship) string {
			if r.Period.Start.IsZero() {
				return ""
			}
			return r.Period.Start.Earliest().Format(time.DateOnly)
		},
		"STATUS": func(r schema.Relationship) string { return strconv.Itoa(r.Status.Rank()) },
	}
	filters := []struct {
		name string
		q    schema.RelationshipQuery
		keep func(r schema.Relationship) bool
	}{
		{"all", schema.RelationshipQuery{}, func(schema.Relationship) bool { return true }},
		{"reported", schema.RelationshipQuery{Statuses: []schema.ClaimStatus{schema.Reported}},
			func(r schema.Relationship) bool { return r.Status == schema.Reported }},
		{"reported, denied or reported again", schema.RelationshipQuery{Statuses: []schema.ClaimStatus{schema.Reported, schema.Denied, schema.Reported}},
			func(r schema.Relationship) bool { return r.Status == schema.Reported || r.Status == schema.Denied }},
		{"reported supplies", schema.RelationshipQuery{RelFilter: schema.RelFilter{Types: []schema.RelType{schema.Supplied}}, Statuses: []schema.ClaimStatus{schema.Reported}},
			func(r schema.Relationship) bool { return r.Type == schema.Supplied && r.Status == schema.Reported }},
		{"supplied or deployed", schema.RelationshipQuery{RelFilter: schema.RelFilter{Types: []schema.RelType{schema.Supplied, schema.Deployed}}},
			func(r schema.Relationship) bool { return r.Type == schema.Supplied || r.Type == schema.Deployed }},
	}
	for order, key := range keys {
		for _, desc := range []bool{false, true} {
			for _, f := range filters {
				t.Run(fmt.Sprintf("%s by %s desc=%v", f.name, order, desc), func(t *testing.T) {
					var want []string
					var kept []schema.Relationship
					for _, r := range g.Relationships {
						if f.keep(r) {
							kept = append(kept, r)
						}
					}
					slices.SortFunc(kept, func(a, b schema.Relationship) int {
						c := strings.Compare(key(a), key(b))
						if c == 0 {
							c = strings.Compare(a.ID, b.ID)
						}
						if desc {
							c = -c
						}
						return c
					})
					for _, r := range kept {
						want = append(want, r.ID)
					}
					if len(want) < 10 {
						t.Fatalf("only %d relationships; the test needs several pages", len(want))
					}
					q := f.q
					q.OrderBy, q.Desc = order, desc
					page := relationshipPages(db, q)
					if got := forwards(t, page, 13); !slices.Equal(got, want) {
						t.Errorf("paging forwards by 13:\ngot  %v\nwant %v", got, want)
					}
					if got := backwards(t, page, 13); !slices.Equal(got, want) {
						t.Errorf("paging backwards by 13:\ngot  %v\nwant %v", got, want)
					}
				})
			}
		}
	}
}

// TestStatsMatchesTheSeed compares Stats, on its count-store path and its
// filtered path, with counts taken in Go from the seed itself.
func TestStatsMatchesTheSeed(t *testing.T) {
	db := neo4jtest.Open(t)
	g := validSeed(t)
	load(t, db, seed.Input, g)
	ctx := context.Background()

	byID := map[string]schema.Entity{}
	for _, e := range g.Entities {
		byID[e.ID] = e
	}
	prop := func(id, name string) string { s, _ := byID[id].Props[name].(string); return s }
	day := func(s string) *time.Time {
		d, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		e := d.Earliest()
		return &e
	}
	until := func(s string) *time.Time {
		d, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		l := d.Latest()
		return &l
	}
	// keeps is the meaning of a relationship query, written out plainly.
	keeps := func(q schema.RelationshipQuery, r schema.Relationship) bool {
		p := r.Period
		switch {
		case len(q.Types) > 0 && !slices.Contains(q.Types, r.Type),
			len(q.Statuses) > 0 && !slices.Contains(q.Statuses, r.Status),
			r.Status.Rank() < q.MinStatus.Rank(),
			q.From != "" && r.From != q.From,
			q.To != "" && r.To != q.To,
			len(q.ToCountries) > 0 && !slices.Contains(q.ToCountries, prop(r.To, "country")),
			q.Text != "" && !strings.Contains(strings.ToLower(r.Summary), strings.ToLower(q.Text)),
			!q.RelFilter.InForce(p),
			q.RelFilter.From != nil && !p.End.IsZero() && p.End.Latest().Before(*q.RelFilter.From),
			q.Until != nil && !p.Start.IsZero() && p.Start.Earliest().After(*q.Until):
			return false
		}
		return true
	}
	bruteForce := func(q schema.RelationshipQuery) schema.Stats {
		var st schema.Stats
		kinds, countries := map[string]int{}, map[string]int{}
		for _, e := range g.Entities {
			st.Entities++
			kinds[string(e.Kind)]++
			countries[prop(e.ID, "country")]++
		}
		types, statuses, years, categories := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		vendors := map[string]bool{}
		for _, r := range g.Relationships {
			if !keeps(q, r) {
				continue
			}
			st.Relationships++
			types[string(r.Type)]++
			statuses[string(r.Status)]++
			if !r.Period.Start.IsZero() {
				years[strconv.Itoa(r.Period.Start.Earliest().Year())]++
			}
			if r.Type == schema.Supplied {
				if _, ok := byID[r.Product]; ok && r.Product != "" {
					categories[prop(r.Product, "category")]++
				}
				if byID[r.From].Kind == schema.Company {
					vendors[r.From] = true
				}
			}
		}
		vendorCountries := map[string]int{}
		for id := range vendors {
			vendorCountries[prop(id, "country")]++
		}
		st.ByKind, st.ByCountry, st.ByType, st.ByStatus = facetMap(kinds), facetMap(countries), facetMap(types), facetMap(statuses)
		st.ByYear, st.ByProductCategory, st.VendorsByCountry = facetMap(years), facetMap(categories), facetMap(vendorCountries)
		return st
	}

	supplied := schema.RelFilter{Types: []schema.RelType{schema.Supplied}}
	tests := []struct {
		name string
		q    schema.RelationshipQuery
	}{
		{"no filter: the count store", schema.RelationshipQuery{}},
		{"types only: the count store", schema.RelationshipQuery{RelFilter: schema.RelFilter{Types: []schema.RelType{schema.Supplied, schema.Targets}}}},
		{"supplies to SY, BH, EG, LY in 2008-2014", schema.RelationshipQuery{
			RelFilter:   schema.RelFilter{Types: supplied.Types, From: day("2008"), Until: until("2014")},
			ToCountries: []string{"SY", "BH", "EG", "LY"}}},
		{"confirmed or better", schema.RelationshipQuery{MinStatus: schema.ClaimStatus("CONFIRMED")}},
		{"denied supplies", schema.RelationshipQuery{RelFilter: supplied, Statuses: []schema.ClaimStatus{"DENIED"}}},
		{"in force on 2011-10-01", schema.RelationshipQuery{RelFilter: schema.RelFilter{AsOf: day("2011-10-01")}}},
		{"from qosmos", schema.RelationshipQuery{From: "qosmos"}},
		{"to syria's government", schema.RelationshipQuery{To: "syria-government"}},
		{"text", schema.RelationshipQuery{Text: "licen"}},
		{"a type with no SUPPLIED", schema.RelationshipQuery{RelFilter: schema.RelFilter{Types: []schema.RelType{schema.Targets}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Stats(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(tt.q)
			if got.Entities != want.Entities || got.Relationships != want.Relationships {
				t.Errorf("entities %d, relationships %d; the seed has %d and %d", got.Entities, got.Relationships, want.Entities, want.Relationships)
			}
			for _, f := range []struct {
				name      string
				got, want []schema.Facet
			}{
				{"byKind", got.ByKind, want.ByKind},
				{"byCountry", got.ByCountry, want.ByCountry},
				{"byType", got.ByType, want.ByType},
				{"byStatus", got.ByStatus, want.ByStatus},
				{"byYear", got.ByYear, want.ByYear},
				{"byProductCategory", got.ByProductCategory, want.ByProductCategory},
				{"vendorsByCountry", got.VendorsByCountry, want.VendorsByCountry},
			} {
				if !slices.Equal(sortedFacets(f.got), sortedFacets(f.want)) {
					t.Errorf("%s = %v; the seed gives %v", f.name, f.got, f.want)
				}
			}
			if want.Relationships == 0 && tt.name != "text" {
				t.Errorf("the filter keeps nothing, so it tests little")
			}
		})
	}
	// Asking for one part computes that part alike, and leaves the costly
	// parts nobody asked for empty.
	for _, q := range []schema.RelationshipQuery{tests[0].q, tests[2].q} {
		all, err := db.Stats(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		parts := map[schema.StatsPart]func(schema.Stats) any{
			schema.StatsByCountry:         func(s schema.Stats) any { return s.ByCountry },
			schema.StatsRelationships:     func(s schema.Stats) any { return [2]any{s.Relationships, s.ByType} },
			schema.StatsByStatus:          func(s schema.Stats) any { return s.ByStatus },
			schema.StatsByYear:            func(s schema.Stats) any { return s.ByYear },
			schema.StatsByProductCategory: func(s schema.Stats) any { return s.ByProductCategory },
			schema.StatsVendorsByCountry:  func(s schema.Stats) any { return s.VendorsByCountry },
		}
		for part, get := range parts {
			q.Parts = schema.StatsEntities | part
			one, err := db.Stats(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(get(one)) != fmt.Sprint(get(all)) || one.Entities != all.Entities || fmt.Sprint(one.ByKind) != fmt.Sprint(all.ByKind) {
				t.Errorf("part %b alone: %v; with all parts %v", part, get(one), get(all))
			}
			for other, get := range parts {
				if other != part && other != schema.StatsRelationships && fmt.Sprint(get(one)) != "[]" {
					t.Errorf("part %b alone also computed part %b: %v", part, other, get(one))
				}
			}
		}
	}

	// The order of the facets: commonest first, years in order.
	st, err := db.Stats(ctx, schema.RelationshipQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(st.ByType); i++ {
		if st.ByType[i-1].Count < st.ByType[i].Count {
			t.Errorf("byType not commonest first: %v", st.ByType)
		}
	}
	for i := 1; i < len(st.ByYear); i++ {
		if st.ByYear[i-1].Value >= st.ByYear[i].Value {
			t.Errorf("byYear not in order: %v", st.ByYear)
		}
	}
}

func facetMap(m map[string]int) []schema.Facet {
	var out []schema.Facet
	for v, c := range m {
		out = append(out, schema.Facet{Value: v, Count: c})
	}
	return out
}

func sortedFacets(f []schema.Facet) []schema.Facet {
	out := slices.Clone(f)
	slices.SortFunc(out, func(a, b schema.Facet) int { return strings.Compare(a.Value, b.Value) })
	return out
}

// TestCachedAnswersFollowWrites checks that stats and list totals, which are
// kept by the graph's generation, are served from memory while the graph
// is unchanged, and recomputed after a load changes it, even when the
// answer is asked in exactly the same words.
func TestCachedAnswersFollowWrites(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	g := validSeed(t)
	load(t, db, seed.Input, g)

	alleged := schema.RelationshipQuery{Statuses: []schema.ClaimStatus{schema.Alleged}}
	read := func() (schema.Stats, int) {
		t.Helper()
		st, err := db.Stats(ctx, alleged)
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.RelationshipPage(ctx, alleged, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return st, p.Total
	}
	// served says how many statements the cache answered and computed
	// during f.
	served := func(f func()) (hits, misses int64) {
		h0, m0 := db.CacheCounts()
		f()
		h1, m1 := db.CacheCounts()
		return h1 - h0, m1 - m0
	}
	var st1, st2 schema.Stats
	var total1, total2 int
	if hits, misses := served(func() { st1, total1 = read() }); hits != 0 || misses < 2 {
		t.Errorf("first reading: %d hits and %d statements computed, want 0 and at least 2", hits, misses)
	}
	if hits, misses := served(func() { st2, total2 = read() }); hits < 2 || misses != 0 {
		t.Errorf("asking again: %d hits and %d statements computed, want at least 2 and 0", hits, misses)
	}
	if st2.Relationships != st1.Relationships || total2 != total1 {
		t.Errorf("the cached answers differ: %d and %d, then %d and %d", st1.Relationships, total1, st2.Relationships, total2)
	}

	// Load the seed again with one alleged relationship left out: its
	// deletion must show in both answers.
	var gone string
	smaller := schema.Graph{Entities: g.Entities}
	for _, r := range g.Relationships {
		if gone == "" && r.Status == schema.Alleged {
			gone = r.ID
			continue
		}
		smaller.Relationships = append(smaller.Relationships, r)
	}
	if gone == "" {
		t.Fatal("the seed has no alleged relationship")
	}
	load(t, db, seed.Input, smaller)
	var st3 schema.Stats
	var total3 int
	if _, misses := served(func() { st3, total3 = read() }); misses < 2 {
		t.Errorf("after a load that changed the graph, %d statements computed, want at least 2", misses)
	}
	if st3.Relationships != st1.Relationships-1 || total3 != total1-1 {
		t.Errorf("after deleting %s: stats count %d and total %d, want %d and %d", gone, st3.Relationships, total3, st1.Relationships-1, total1-1)
	}

	// A reload that changes nothing keeps the generation, and the cache.
	load(t, db, seed.Input, smaller)
	if hits, misses := served(func() { read() }); hits < 2 || misses != 0 {
		t.Errorf("after a reload that changed nothing: %d hits and %d statements computed, want at least 2 and 0", hits, misses)
	}
}

// TestWarmWholeGraphLists runs every shape the warm-up asks for against a
// real graph: a statement Neo4j refuses, such as a cursor form it cannot
// plan, fails it.
func TestWarmWholeGraphLists(t *testing.T) {
	db := neo4jtest.Open(t)
	load(t, db, seed.Input, validSeed(t))
	n, err := db.WarmWholeGraphLists(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// 3 orders × 2 directions × 4 windows × (no status, statuses).
	if n != 48 {
		t.Errorf("warmed %d pages, want 48", n)
	}
}

// TestEntitiesByKindAndCountry checks a list filtered by kinds and countries,
// which seeks the country index and keeps the kinds, against the seed.
func TestEntitiesByKindAndCountry(t *testing.T) {
	db := neo4jtest.Open(t)
	g := validSeed(t)
	load(t, db, seed.Input, g)
	kinds := []schema.Kind{schema.Company, schema.Agency}
	countries := []string{"FR", "DE", "IL", "SY"}
	var want []string
	for _, e := range g.Entities {
		c, _ := e.Props["country"].(string)
		if slices.Contains(kinds, e.Kind) && slices.Contains(countries, c) {
			want = append(want, e.ID)
		}
	}
	slices.Sort(want)
	if len(want) < 10 || len(want) > 100 {
		t.Fatalf("the seed has %d companies and agencies in %v; the test wants 10 to 100", len(want), countries)
	}
	page, err := db.EntityPage(context.Background(), schema.EntityQuery{Kinds: kinds, Countries: countries, Window: schema.Window{First: 100}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range page.Items {
		got = append(got, e.ID)
	}
	if page.Total != len(want) || !slices.Equal(got, want) {
		t.Errorf("total %d, ids %v;\nwant total %d, ids %v", page.Total, got, len(want), want)
	}
}

// TestWholeGraphPlansServeEveryCursorLength checks that a whole-graph page
// from a cursor of a length not seen before reuses the plan of its union:
// Neo4j keeps a plan per size class of each string parameter, and planning
// a union again under load passed the deadline. Neo4j's own query
// statistics give each run's planning time; a union of the same seeks with
// plain parameters, asked the same way, shows that a new plan is seen when
// made.
func TestWholeGraphPlansServeEveryCursorLength(t *testing.T) {
	db := neo4jtest.Open(t)
	load(t, db, seed.Input, validSeed(t))
	ctx := context.Background()
	cursors := []schema.Cursor{{Key: "2019", ID: "a"}, {Key: "2019-01-01 and more", ID: strings.Repeat("b", 150)}, {ID: strings.Repeat("c", 1500)}}

	union := compileTimes(t, func() {
		for _, c := range cursors {
			q := schema.RelationshipQuery{OrderBy: "START", Window: schema.Window{First: planFirst, After: &c}}
			if _, err := db.RelationshipPage(ctx, q, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
	})
	if len(union.times) != len(cursors) {
		t.Fatalf("Neo4j saw the whole-graph union %d times, want %d", len(union.times), len(cursors))
	}
	if planned := union.plannedAgain(); len(planned) > 0 {
		t.Errorf("the union was planned again for cursors %v: planning times %v µs", planned, union.times)
	}

	// The control: a union of the same seeks with plain parameters.
	var seeks []string
	for _, spec := range schema.RelTypes {
		seeks = append(seeks, fmt.Sprintf("MATCH ()-[r:%[1]s]->() USING INDEX r:%[1]s(startKey, id) "+
			"WHERE r.startKey IS NOT NULL AND r.id IS NOT NULL AND r.startKey > $afterKey AND r.id > $afterID "+
			"WITH r ORDER BY r.startKey, r.id LIMIT $limit RETURN r.id AS id", spec.Type))
	}
	plain := strings.Join(seeks, "\nUNION ALL\n")
	control := compileTimes(t, func() {
		for _, c := range cursors {
			query(t, plain, map[string]any{"afterKey": c.Key, "afterID": c.ID, "limit": int64(planFirst + 1)})
		}
	})
	if len(control.times) != len(cursors) {
		t.Fatalf("Neo4j saw the control union %d times, want %d", len(control.times), len(cursors))
	}
	if planned := control.plannedAgain(); len(planned) == 0 {
		t.Errorf("with plain parameters no cursor was planned again (planning times %v µs): the measure cannot tell", control.times)
	}
}

// planFirst is the length of the test's pages, one no other test asks for,
// to find their runs in Neo4j's query statistics by their $limit (the page
// and one more); the statistics show a map parameter only as its size.
const planFirst = 43

// planTimes are the planning times, in µs, of the runs of one statement.
type planTimes struct {
	times []int64
}

// plannedAgain are the runs after the first that took at least a tenth of
// the first's planning time: a plan made, not one kept, which takes far
// less (docs/performance.md, "Plans kept whatever the cursor").
func (p planTimes) plannedAgain() []int {
	var again []int
	for i, us := range p.times[1:] {
		if us*10 >= p.times[0] {
			again = append(again, i+1)
		}
	}
	return again
}

// compileTimes runs do with Neo4j's query statistics on, after emptying its
// plan caches, and returns the planning times of the runs of a UNION ALL
// statement with the test's $limit: the statistics may also hold other
// statements, finished meanwhile.
func compileTimes(t *testing.T, do func()) planTimes {
	t.Helper()
	query(t, "CALL db.clearQueryCaches()", nil)
	query(t, "CALL db.stats.clear('QUERIES')", nil)
	query(t, "CALL db.stats.collect('QUERIES')", nil)
	do()
	query(t, "CALL db.stats.stop('QUERIES')", nil)
	recs := query(t, `CALL db.stats.retrieve('QUERIES') YIELD data
UNWIND data.invocations AS i
WITH data.query AS q, i WHERE q CONTAINS 'UNION ALL' AND i.params.limit = $limit
RETURN q, i.elapsedCompileTimeInUs AS us ORDER BY i.startTimestampMillis`, map[string]any{"limit": int64(planFirst + 1)})
	var p planTimes
	statements := map[string]bool{}
	for _, r := range recs {
		q, _ := r.Values[0].(string)
		us, _ := r.Values[1].(int64)
		statements[q] = true
		p.times = append(p.times, us)
	}
	if len(statements) != 1 {
		t.Fatalf("Neo4j's statistics hold %d statements run with the test's limit, want 1", len(statements))
	}
	return p
}
