package graphdb_test

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

func validSeed(t *testing.T) schema.Graph {
	t.Helper()
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := loader.Validate(seed.FS, files, time.Now())
	if err != nil {
		t.Fatalf("the seed does not validate: %v", err)
	}
	return g
}

func graphFrom(t *testing.T, files map[string]string) schema.Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	var names []string
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		names = append(names, name)
	}
	g, err := loader.Validate(fsys, names, time.Now())
	if err != nil {
		t.Fatalf("fixture does not validate: %v", err)
	}
	return g
}

func load(t *testing.T, db *graphdb.DB, input string, g schema.Graph) *loader.Report {
	t.Helper()
	rep, err := loader.Load(context.Background(), db, input, g, loader.Options{BatchSize: 50, Logger: neo4jtest.Logger(t)})
	if err != nil {
		t.Fatalf("loading %s: %v", input, err)
	}
	return rep
}

func TestSeedLoadIsIdempotent(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	g := validSeed(t)

	first := load(t, db, seed.Input, g)
	e, r := first.Totals()
	if e.Created != len(g.Entities) || r.Created != len(g.Relationships) {
		t.Fatalf("first load created %d entities and %d relationships; want %d and %d",
			e.Created, r.Created, len(g.Entities), len(g.Relationships))
	}
	nodes, rels, err := db.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if nodes != len(g.Entities) || rels != len(g.Relationships) {
		t.Fatalf("graph holds %d nodes and %d relationships; want %d and %d", nodes, rels, len(g.Entities), len(g.Relationships))
	}
	before, err := db.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}

	second := load(t, db, seed.Input, g)
	if second.Changed() {
		e, r := second.Totals()
		t.Errorf("second load changed the graph: entities %+v, relationships %+v", e, r)
	}
	after, err := db.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Error("second load changed the graph's checksum")
	}
}

const baseFixture = `
sources:
  - id: doc
    sourceType: REPORT
    name: A report
    publisher: Someone
    publishedAt: 2015-03
entities:
  - id: vendor
    kind: Company
    name: Vendor
    country: FR
    citations: [{source: doc, stance: SUPPORTS, quote: "Vendor"}]
  - id: buyer
    kind: Government
    name: Buyer
    citations: [{source: doc, stance: SUPPORTS}]
  - id: gone-soon
    kind: Person
    name: Gone Soon
    citations: [{source: doc, stance: SUPPORTS}]
relationships:
  - {type: SUPPLIED, from: vendor, to: buyer, status: REPORTED, start: 2009, end: 2012-01,
     citations: [{source: doc, stance: SUPPORTS, quote: "sold"}]}
  - {type: REPRESENTS, from: gone-soon, to: vendor, status: REPORTED,
     citations: [{source: doc, stance: SUPPORTS}]}
`

func TestChangedInputUpdatesInPlace(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": baseFixture}))
	// Another input's data must survive the fixture's reload.
	other := graphFrom(t, map[string]string{"b.yaml": `
sources:
  - {id: other-doc, sourceType: DATASET, name: Other, publisher: Other, publishedAt: 2016}
entities:
  - {id: other-co, kind: Company, name: Other Co, citations: [{source: other-doc, stance: SUPPORTS}]}
`})
	load(t, db, "other", other)

	changed := graphFrom(t, map[string]string{"a.yaml": `
sources:
  - {id: doc, sourceType: REPORT, name: A report, publisher: Someone, publishedAt: 2015-03}
entities:
  - {id: vendor, kind: Company, name: Vendor SA, country: FR, citations: [{source: doc, stance: SUPPORTS, quote: "Vendor"}]}
  - {id: buyer, kind: Government, name: Buyer, citations: [{source: doc, stance: SUPPORTS}]}
relationships:
  - {type: SUPPLIED, from: vendor, to: buyer, status: CONFIRMED, start: 2009, end: 2012-01,
     citations: [{source: doc, stance: SUPPORTS, quote: "sold"}]}
`})
	rep := load(t, db, "fixture", changed)
	checks := []struct {
		name      string
		got, want loader.Change
	}{
		{"Company", *rep.Entities[schema.Company], loader.Change{Updated: 1}},
		{"Government", *rep.Entities[schema.Government], loader.Change{Unchanged: 1}},
		{"Person", *rep.Entities[schema.Person], loader.Change{Deleted: 1}},
		{"SUPPLIED", *rep.Relationships[schema.Supplied], loader.Change{Updated: 1}},
		{"REPRESENTS", *rep.Relationships[schema.Represents], loader.Change{Deleted: 1}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
	found, err := db.Entities(ctx, []string{"vendor", "gone-soon", "other-co"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, e := range found {
		names[e.ID] = e.Name()
	}
	if names["vendor"] != "Vendor SA" {
		t.Errorf("vendor's name is %q, want the updated %q", names["vendor"], "Vendor SA")
	}
	if _, ok := names["gone-soon"]; ok {
		t.Error("an entity removed from the input is still in the graph")
	}
	if _, ok := names["other-co"]; !ok {
		t.Error("reloading one input deleted another input's entity")
	}
}

func TestKindChangeMovesTheLabel(t *testing.T) {
	db := neo4jtest.Open(t)
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": baseFixture}))
	moved := graphFrom(t, map[string]string{"a.yaml": `
sources:
  - {id: doc, sourceType: REPORT, name: A report, publisher: Someone, publishedAt: 2015-03}
entities:
  - {id: buyer, kind: Agency, name: Buyer, citations: [{source: doc, stance: SUPPORTS}]}
`})
	load(t, db, "fixture", moved)
	found, err := db.Search(context.Background(), schema.Search{Text: "buyer", Kinds: []schema.Kind{schema.Government}}, 10, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("search for Government kind still finds %v", found)
	}
	found, err = db.Search(context.Background(), schema.Search{Text: "buyer", Kinds: []schema.Kind{schema.Agency}}, 10, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Kind != schema.Agency {
		t.Errorf("search for Agency kind finds %v, want the moved entity", found)
	}
}

func TestReads(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, seed.Input, validSeed(t))

	t.Run("search folds case and accents", func(t *testing.T) {
		for _, q := range []string{"QOSMOS", "federation internationale", "Fédération Internationale", "qosm"} {
			found, err := db.Search(ctx, schema.Search{Text: q}, 5, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) == 0 {
				t.Errorf("search %q found nothing", q)
			}
		}
		found, err := db.Search(ctx, schema.Search{Text: `") OR 1=1 //`, Fuzzy: true}, 5, nil, nil)
		if err != nil {
			t.Errorf("injection-shaped search failed instead of matching safely: %v", err)
		}
		_ = found
	})

	t.Run("relationships page without overlap, forwards and backwards", func(t *testing.T) {
		var forwards []string
		after, total := "", -1
		for page := 0; page < 50; page++ {
			pages, err := db.Relationships(ctx, []string{"qosmos"}, &schema.PageFetch{Dir: schema.Both, First: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			p := pages["qosmos"]
			total = p.Total
			for _, r := range p.Items {
				if slices.Contains(forwards, r.ID) {
					t.Fatalf("relationship %s returned twice", r.ID)
				}
				forwards = append(forwards, r.ID)
				after = r.ID
			}
			if p.HasPrevious != (page > 0) {
				t.Errorf("page %d: HasPrevious = %v", page, p.HasPrevious)
			}
			if !p.HasNext {
				break
			}
		}
		if len(forwards) != total || total < 3 {
			t.Errorf("paged through %d relationships of %d", len(forwards), total)
		}
		// Backwards from the end, three at a time: the same items, each
		// once, each page in ascending order.
		var backwards []string
		before := ""
		for page := 0; page < 50; page++ {
			pages, err := db.Relationships(ctx, []string{"qosmos"}, &schema.PageFetch{Dir: schema.Both, Last: 3, Before: before})
			if err != nil {
				t.Fatal(err)
			}
			p := pages["qosmos"]
			var ids []string
			for _, r := range p.Items {
				ids = append(ids, r.ID)
			}
			if !slices.IsSorted(ids) {
				t.Errorf("backward page %d is out of order: %v", page, ids)
			}
			backwards = append(ids, backwards...)
			if len(ids) > 0 {
				before = ids[0]
			}
			if !p.HasPrevious {
				break
			}
		}
		if !slices.Equal(backwards, forwards) {
			t.Errorf("paging backwards gave %v, forwards %v", backwards, forwards)
		}
	})

	t.Run("asOf keeps claims whose period holds", func(t *testing.T) {
		for _, tt := range []struct {
			day  string
			want bool
		}{{"2011-10-01", true}, {"2012-01-31", true}, {"2012-02-01", false}, {"2013-06-01", false}} {
			d := schema.MustDate(tt.day).Earliest()
			pages, err := db.Relationships(ctx, []string{"qosmos"}, &schema.PageFetch{Dir: schema.Outgoing,
				Filter: schema.RelFilter{Types: []schema.RelType{schema.Supplied}, AsOf: &d}, First: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, r := range pages["qosmos"].Items {
				got = got || r.To == "syria-government"
			}
			if got != tt.want {
				t.Errorf("asOf %s: supply to Syria shown = %v, want %v", tt.day, got, tt.want)
			}
		}
	})

	t.Run("knownAt keeps claims a supporting source had published", func(t *testing.T) {
		// The supply to Syria was first reported by Bloomberg on 4 November
		// 2011 (then by Reuters in July 2012).
		for _, tt := range []struct {
			day  string
			want bool
		}{{"2011-06-01", false}, {"2011-11-03", false}, {"2011-11-04", true}, {"2012-12-31", true}} {
			d := schema.MustDate(tt.day).Earliest()
			pages, err := db.Relationships(ctx, []string{"qosmos"}, &schema.PageFetch{Dir: schema.Outgoing,
				Filter: schema.RelFilter{Types: []schema.RelType{schema.Supplied}, KnownAt: &d}, First: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, r := range pages["qosmos"].Items {
				got = got || r.To == "syria-government"
			}
			if got != tt.want {
				t.Errorf("knownAt %s: supply to Syria shown = %v, want %v", tt.day, got, tt.want)
			}
		}
	})

	t.Run("paths are shortest first and carry citations", func(t *testing.T) {
		paths, err := db.Paths(ctx, "qosmos", "syria-government", 4, schema.RelFilter{}, 5, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) < 2 {
			t.Fatalf("want several paths, got %d", len(paths))
		}
		for i := 1; i < len(paths); i++ {
			if len(paths[i].Relationships) < len(paths[i-1].Relationships) {
				t.Errorf("path %d is shorter than path %d", i, i-1)
			}
		}
		for _, p := range paths {
			if len(p.Nodes) != len(p.Relationships)+1 {
				t.Errorf("path has %d nodes for %d hops", len(p.Nodes), len(p.Relationships))
			}
			for _, r := range p.Relationships {
				if len(r.Citations) == 0 {
					t.Errorf("hop %s has no citation", r.ID)
				}
			}
		}
		if paths[0].Relationships[0].Type != schema.Supplied {
			t.Errorf("shortest path is %s, want the SUPPLIED hop", paths[0].Relationships[0].ID)
		}
	})

	t.Run("paths never visit an entity twice", func(t *testing.T) {
		// Among the 20 shortest walks of up to 4 hops from Qosmos to Syria
		// some go back through Syria or Qosmos; they must not be answers.
		paths, err := db.Paths(ctx, "qosmos", "syria-government", 4, schema.RelFilter{}, 20, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) < 10 {
			t.Fatalf("want many paths, got %d", len(paths))
		}
		for _, p := range paths {
			seen := map[string]bool{}
			for _, n := range p.Nodes {
				if seen[n.ID] {
					t.Errorf("a path of %d hops visits %s twice", len(p.Relationships), n.ID)
				}
				seen[n.ID] = true
			}
		}
	})

	t.Run("neighborhood grows with depth", func(t *testing.T) {
		one, err := db.Neighborhood(ctx, "qosmos", 1, schema.RelFilter{}, 500, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		two, err := db.Neighborhood(ctx, "qosmos", 2, schema.RelFilter{}, 500, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(one.Nodes) < 2 || len(two.Nodes) <= len(one.Nodes) {
			t.Errorf("depth 1 has %d nodes, depth 2 has %d", len(one.Nodes), len(two.Nodes))
		}
		capped, err := db.Neighborhood(ctx, "qosmos", 3, schema.RelFilter{}, 5, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(capped.Nodes) > 5 || !capped.Truncated {
			t.Errorf("cap of 5: %d nodes, truncated=%v", len(capped.Nodes), capped.Truncated)
		}
		if _, err := db.Neighborhood(ctx, "no-such-entity", 1, schema.RelFilter{}, 5, nil, nil); schema.KindOf(err) != schema.ErrNotFound {
			t.Errorf("missing entity: error %v, want NOT_FOUND", err)
		}
	})
}

func TestTimeoutReachesNeo4j(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	_, err := db.Search(ctx, schema.Search{Text: "qosmos"}, 5, nil, nil)
	if k := schema.KindOf(err); k != schema.ErrTimeout {
		t.Errorf("an expired deadline gives %v (%v), want TIMEOUT", k, err)
	}
}

// TestMissingEndpointFailsTheBatch checks that a relationship whose endpoint
// is missing fails its whole batch, whichever way its knownFrom is found: the
// rows whose sources the caller gave and those read from the graph are
// written by two statements of one transaction.
func TestMissingEndpointFailsTheBatch(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	load(t, db, "fixture", graphFrom(t, map[string]string{"a.yaml": baseFixture}))
	before, _ := db.Checksum(ctx)
	cites := []schema.Citation{{Source: "doc", Stance: schema.Supports}}
	valid := schema.Relationship{ID: "vendor.supplied.buyer.again", Type: schema.Supplied, From: "vendor", To: "buyer", Status: schema.Reported, Citations: cites}
	broken := schema.Relationship{ID: "vendor.supplied.nowhere", Type: schema.Supplied, From: "vendor", To: "nowhere", Status: schema.Reported, Citations: cites}
	brokenCitingOther := broken
	brokenCitingOther.Citations = []schema.Citation{{Source: "other-doc", Stance: schema.Supports}}
	given := map[string]time.Time{"doc": time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		name             string
		batch            []schema.Relationship
		sourcesKnownFrom map[string]time.Time
	}{
		{"sources read from the graph", []schema.Relationship{broken}, nil},
		{"sources given", []schema.Relationship{broken}, given},
		// valid is written by the first statement, then the second fails.
		{"a valid row given, the broken one read", []schema.Relationship{valid, brokenCitingOther}, given},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.UpsertRelationships(ctx, "other", schema.Supplied, tt.batch, tt.sourcesKnownFrom)
			if err == nil {
				t.Fatal("a relationship to a missing entity was accepted")
			}
			if after, _ := db.Checksum(ctx); after != before {
				t.Error("the failed batch changed the graph")
			}
		})
	}
}

// The graph database is the loader's store.
var _ loader.Store = (*graphdb.DB)(nil)
