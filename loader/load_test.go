package loader_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// call records one call to the fake store.
type call struct {
	Method string
	Input  string
	Kind   schema.Kind    // UpsertEntities
	Type   schema.RelType // UpsertRelationships
	IDs    []string       // the batch, or the entities kept by DeleteAbsent
	KeepR  []string       // the relationships kept by DeleteAbsent
	// Sources is the day each source became public, as UpsertRelationships
	// was given it.
	Sources map[string]time.Time
	Fresh   int // DeriveKnownFrom
}

func (c call) String() string {
	switch c.Method {
	case "UpsertEntities":
		return fmt.Sprintf("UpsertEntities(%s %v)", c.Kind, c.IDs)
	case "UpsertRelationships":
		return fmt.Sprintf("UpsertRelationships(%s %v)", c.Type, c.IDs)
	}
	return c.Method
}

type ctxKey struct{}

// fakeStore records what Load asks of it and answers as its fields say.
type fakeStore struct {
	t     *testing.T
	calls []call

	ensureErr error
	// counts says what an upsert did; nil means everything was created.
	counts func(c call) Counts
	// failAt makes the call with this index (0 is EnsureSchema) fail with
	// failErr; -1 never fails.
	failAt    int
	failErr   error
	deleted   loader.Deleted
	deleteErr error
	// fingerprints is what the store records of each input's last complete
	// load; its calls are not recorded, so failAt counts the same calls.
	fingerprints map[string]string
}

// Counts is loader.Counts, shortened for tables.
type Counts = loader.Counts

func newFakeStore(t *testing.T) *fakeStore {
	t.Helper()
	return &fakeStore{t: t, failAt: -1}
}

func (s *fakeStore) record(ctx context.Context, c call) error {
	if ctx.Value(ctxKey{}) != "load-test" {
		s.t.Errorf("%s: called without the caller's context", c)
	}
	s.calls = append(s.calls, c)
	if len(s.calls)-1 == s.failAt {
		return s.failErr
	}
	return nil
}

func (s *fakeStore) EnsureSchema(ctx context.Context) error {
	if err := s.record(ctx, call{Method: "EnsureSchema"}); err != nil {
		return err
	}
	return s.ensureErr
}

func (s *fakeStore) answer(c call) Counts {
	if s.counts == nil {
		return Counts{Created: len(c.IDs)}
	}
	return s.counts(c)
}

func (s *fakeStore) UpsertEntities(ctx context.Context, input string, kind schema.Kind, batch []schema.Entity) (loader.Counts, error) {
	c := call{Method: "UpsertEntities", Input: input, Kind: kind}
	for _, e := range batch {
		c.IDs = append(c.IDs, e.ID)
		if e.Kind != kind {
			s.t.Errorf("UpsertEntities(%s) was given %s, a %s", kind, e.ID, e.Kind)
		}
	}
	if err := s.record(ctx, c); err != nil {
		return Counts{}, err
	}
	return s.answer(c), nil
}

func (s *fakeStore) UpsertRelationships(ctx context.Context, input string, t schema.RelType, batch []schema.Relationship, sourcesKnownFrom map[string]time.Time) (loader.Counts, error) {
	c := call{Method: "UpsertRelationships", Input: input, Type: t, Sources: sourcesKnownFrom}
	for _, r := range batch {
		c.IDs = append(c.IDs, r.ID)
		if r.Type != t {
			s.t.Errorf("UpsertRelationships(%s) was given %s, a %s", t, r.ID, r.Type)
		}
	}
	if err := s.record(ctx, c); err != nil {
		return Counts{}, err
	}
	return s.answer(c), nil
}

func (s *fakeStore) DeleteAbsent(ctx context.Context, input string, keepEntities, keepRelationships []string) (loader.Deleted, error) {
	c := call{Method: "DeleteAbsent", Input: input, IDs: slices.Clone(keepEntities), KeepR: slices.Clone(keepRelationships)}
	if err := s.record(ctx, c); err != nil {
		return loader.Deleted{}, err
	}
	return s.deleted, s.deleteErr
}

func (s *fakeStore) DeriveKnownFrom(ctx context.Context, fresh int) error {
	return s.record(ctx, call{Method: "DeriveKnownFrom", Fresh: fresh})
}

func (s *fakeStore) InputFingerprint(ctx context.Context, input string) (string, error) {
	return s.fingerprints[input], nil
}

func (s *fakeStore) SetInputFingerprint(ctx context.Context, input, fingerprint string) error {
	if s.fingerprints == nil {
		s.fingerprints = map[string]string{}
	}
	if fingerprint == "" {
		delete(s.fingerprints, input)
	} else {
		s.fingerprints[input] = fingerprint
	}
	return nil
}

func (s *fakeStore) methods() []string {
	out := make([]string, len(s.calls))
	for i, c := range s.calls {
		out[i] = c.Method
	}
	return out
}

func testContext() context.Context {
	return context.WithValue(context.Background(), ctxKey{}, "load-test")
}

func ent(kind schema.Kind, id string) schema.Entity {
	return schema.Entity{ID: id, Kind: kind, Props: map[string]any{"name": "Name of " + id}}
}

func rel(t schema.RelType, from, to string) schema.Relationship {
	return schema.Relationship{ID: schema.RelationshipID(from, t, to, ""), Type: t, From: from, To: to, Status: schema.Reported}
}

// companies returns n Company entities c0..c(n-1).
func companies(n int) []schema.Entity {
	out := make([]schema.Entity, n)
	for i := range out {
		out[i] = ent(schema.Company, fmt.Sprintf("c%d", i))
	}
	return out
}

func load(t *testing.T, s *fakeStore, g schema.Graph, opt loader.Options) (*loader.Report, error) {
	t.Helper()
	return loader.Load(testContext(), s, "seed", g, opt)
}

func mustLoad(t *testing.T, s *fakeStore, g schema.Graph, opt loader.Options) *loader.Report {
	t.Helper()
	rep, err := load(t, s, g, opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if rep == nil {
		t.Fatal("Load returned no report and no error")
	}
	return rep
}

func TestLoadBatching(t *testing.T) {
	tests := []struct {
		batchSize int
		entities  int
		want      [][]string // the batches of UpsertEntities, in order
	}{
		{2, 5, [][]string{{"c0", "c1"}, {"c2", "c3"}, {"c4"}}},
		{1, 3, [][]string{{"c0"}, {"c1"}, {"c2"}}},
		{5, 5, [][]string{{"c0", "c1", "c2", "c3", "c4"}}},
		{10, 5, [][]string{{"c0", "c1", "c2", "c3", "c4"}}},
		{3, 6, [][]string{{"c0", "c1", "c2"}, {"c3", "c4", "c5"}}},
		{0, 5, [][]string{{"c0", "c1", "c2", "c3", "c4"}}},  // default 1000
		{-1, 5, [][]string{{"c0", "c1", "c2", "c3", "c4"}}}, // default 1000
		{2, 0, nil}, // nothing to write: no empty batch
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("batch %d, %d entities", tt.batchSize, tt.entities), func(t *testing.T) {
			s := newFakeStore(t)
			mustLoad(t, s, schema.Graph{Entities: companies(tt.entities)}, loader.Options{BatchSize: tt.batchSize})
			var got [][]string
			for _, c := range s.calls {
				if c.Method == "UpsertEntities" {
					got = append(got, c.IDs)
				}
				if c.Method == "UpsertRelationships" {
					t.Errorf("unexpected %s", c)
				}
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("batches = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("relationships are batched too", func(t *testing.T) {
		s := newFakeStore(t)
		g := schema.Graph{Entities: companies(4), Relationships: []schema.Relationship{
			rel(schema.PartneredWith, "c0", "c1"), rel(schema.PartneredWith, "c1", "c2"), rel(schema.PartneredWith, "c2", "c3"),
		}}
		mustLoad(t, s, g, loader.Options{BatchSize: 2})
		var got []int
		for _, c := range s.calls {
			if c.Method == "UpsertRelationships" {
				got = append(got, len(c.IDs))
			}
		}
		if !slices.Equal(got, []int{2, 1}) {
			t.Errorf("relationship batch sizes = %v, want [2 1]", got)
		}
	})
}

// mixedGraph holds entities of several kinds and relationships of several
// types, deliberately out of schema order.
func mixedGraph() schema.Graph {
	return schema.Graph{
		Entities: []schema.Entity{
			ent(schema.Source, "src"),
			ent(schema.Person, "benoit-chabert"),
			ent(schema.Company, "qosmos"),
			ent(schema.Government, "syria-government"),
			ent(schema.Product, "qosmos-dpi"),
			ent(schema.Company, "amesys"),
			ent(schema.LegalAction, "fidh-complaint"),
		},
		Relationships: []schema.Relationship{
			rel(schema.Represents, "benoit-chabert", "qosmos"),
			rel(schema.Targets, "fidh-complaint", "qosmos"),
			rel(schema.Supplied, "qosmos", "syria-government"),
			rel(schema.Makes, "qosmos", "qosmos-dpi"),
			rel(schema.Supplied, "amesys", "syria-government"),
		},
	}
}

func TestLoadOrder(t *testing.T) {
	s := newFakeStore(t)
	g := mixedGraph()
	mustLoad(t, s, g, loader.Options{BatchSize: 1})

	methods := s.methods()
	if len(methods) == 0 || methods[0] != "EnsureSchema" {
		t.Fatalf("first call = %v, want EnsureSchema", methods)
	}
	// DeleteAbsent comes once after the writes, then the derivations over
	// the whole graph.
	if n := len(methods); n < 2 || methods[n-2] != "DeleteAbsent" || slices.Index(methods, "DeleteAbsent") != n-2 || methods[n-1] != "DeriveKnownFrom" {
		t.Errorf("want DeleteAbsent once then DeriveKnownFrom last: %v", methods)
	}
	firstRel, lastEntity := slices.Index(methods, "UpsertRelationships"), -1
	for i, m := range methods {
		if m == "UpsertEntities" {
			lastEntity = i
		}
	}
	if firstRel < 0 || lastEntity < 0 || lastEntity > firstRel {
		t.Errorf("entities are not all written before relationships: %v", s.calls)
	}

	// Kinds come in the order of schema.Kinds, types in that of schema.RelTypes,
	// and within one kind or type, entities keep the input's order.
	var wantEntities, wantRels []string
	for _, k := range schema.Kinds {
		for _, e := range g.Entities {
			if e.Kind == k.Kind {
				wantEntities = append(wantEntities, string(k.Kind)+" "+e.ID)
			}
		}
	}
	for _, r := range schema.RelTypes {
		for _, x := range g.Relationships {
			if x.Type == r.Type {
				wantRels = append(wantRels, string(r.Type)+" "+x.ID)
			}
		}
	}
	var gotEntities, gotRels []string
	for _, c := range s.calls {
		switch c.Method {
		case "UpsertEntities":
			gotEntities = append(gotEntities, string(c.Kind)+" "+c.IDs[0])
		case "UpsertRelationships":
			gotRels = append(gotRels, string(c.Type)+" "+c.IDs[0])
		}
		if c.Method != "EnsureSchema" && c.Method != "DeriveKnownFrom" && c.Input != "seed" {
			t.Errorf("%s: input = %q, want %q", c, c.Input, "seed")
		}
	}
	if !slices.Equal(gotEntities, wantEntities) {
		t.Errorf("entity writes:\n got %q\nwant %q", gotEntities, wantEntities)
	}
	if !slices.Equal(gotRels, wantRels) {
		t.Errorf("relationship writes:\n got %q\nwant %q", gotRels, wantRels)
	}
	// Spelled out for the kinds and types of this graph, in case schema
	// order itself is ever shuffled by mistake.
	if gotEntities[0] != "Company qosmos" || gotEntities[len(gotEntities)-1] != "Source src" {
		t.Errorf("entity writes begin with %q and end with %q; want Company qosmos first, Source src last",
			gotEntities[0], gotEntities[len(gotEntities)-1])
	}
}

func TestLoadDeleteAbsent(t *testing.T) {
	s := newFakeStore(t)
	g := mixedGraph()
	mustLoad(t, s, g, loader.Options{BatchSize: 2})
	var deletes []call
	for _, c := range s.calls {
		if c.Method == "DeleteAbsent" {
			deletes = append(deletes, c)
		}
	}
	if len(deletes) != 1 {
		t.Fatalf("DeleteAbsent called %d times, want once", len(deletes))
	}
	d := deletes[0]
	wantE := []string{"src", "benoit-chabert", "qosmos", "syria-government", "qosmos-dpi", "amesys", "fidh-complaint"}
	wantR := []string{
		"benoit-chabert.represents.qosmos", "fidh-complaint.targets.qosmos", "qosmos.supplied.syria-government",
		"qosmos.makes.qosmos-dpi", "amesys.supplied.syria-government",
	}
	if d.Input != "seed" {
		t.Errorf("DeleteAbsent input = %q, want seed", d.Input)
	}
	if got := slices.Sorted(slices.Values(d.IDs)); !slices.Equal(got, slices.Sorted(slices.Values(wantE))) {
		t.Errorf("DeleteAbsent keeps entities %q, want %q", d.IDs, wantE)
	}
	if got := slices.Sorted(slices.Values(d.KeepR)); !slices.Equal(got, slices.Sorted(slices.Values(wantR))) {
		t.Errorf("DeleteAbsent keeps relationships %q, want %q", d.KeepR, wantR)
	}

	t.Run("empty graph deletes everything the input owned", func(t *testing.T) {
		s := newFakeStore(t)
		s.deleted = loader.Deleted{Entities: map[schema.Kind]int{schema.Source: 2}}
		mustLoad(t, s, schema.Graph{}, loader.Options{})
		if got := s.methods(); !slices.Equal(got, []string{"EnsureSchema", "DeleteAbsent", "DeriveKnownFrom"}) {
			t.Fatalf("calls = %v, want EnsureSchema, DeleteAbsent, DeriveKnownFrom", got)
		}
		if d := s.calls[1]; len(d.IDs) != 0 || len(d.KeepR) != 0 {
			t.Errorf("DeleteAbsent keeps %v and %v, want nothing", d.IDs, d.KeepR)
		}
	})
}

// TestLoadDerivesKnownFromOnlyWhenASourceChanged checks that Load hands the
// upserts each source's day, and asks the store to derive the claims' days
// over the whole graph only when a source was created, updated or deleted,
// telling it how many relationships the load has just written.
func TestLoadDerivesKnownFromOnlyWhenASourceChanged(t *testing.T) {
	dated := ent(schema.Source, "s1")
	dated.Props["publishedAt"] = schema.Date{Year: 2013, Month: 5}
	g := schema.Graph{
		Entities:      append(companies(2), dated, ent(schema.Source, "s2")),
		Relationships: []schema.Relationship{rel(schema.PartneredWith, "c0", "c1"), rel(schema.PartneredWith, "c1", "c0")},
	}
	changing := func(kind schema.Kind, relationships Counts) func(call) Counts {
		return func(c call) Counts {
			switch {
			case c.Method == "UpsertRelationships":
				return relationships
			case c.Kind == kind:
				return Counts{Updated: len(c.IDs)}
			}
			return Counts{}
		}
	}
	tests := []struct {
		name      string
		counts    func(call) Counts // nil: everything created
		deleted   loader.Deleted
		wantFresh int // -1: DeriveKnownFrom is not called
	}{
		{name: "first load", wantFresh: 2},
		{name: "reload changes nothing", counts: func(call) Counts { return Counts{} }, wantFresh: -1},
		{name: "claims and companies change, sources do not", counts: changing(schema.Company, Counts{Updated: 1}), wantFresh: -1},
		{name: "a source changes", counts: changing(schema.Source, Counts{Created: 1}), wantFresh: 2}, // 1 per batch of 1
		{name: "a source is deleted", counts: func(call) Counts { return Counts{} },
			deleted: loader.Deleted{Entities: map[schema.Kind]int{schema.Source: 1}}, wantFresh: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeStore(t)
			s.counts, s.deleted = tt.counts, tt.deleted
			mustLoad(t, s, g, loader.Options{BatchSize: 1})
			var derives []call
			for _, c := range s.calls {
				switch c.Method {
				case "DeriveKnownFrom":
					derives = append(derives, c)
				case "UpsertRelationships":
					want := map[string]time.Time{"s1": time.Date(2013, 5, 31, 0, 0, 0, 0, time.UTC), "s2": {}}
					if !maps.EqualFunc(c.Sources, want, time.Time.Equal) {
						t.Errorf("%s was given the sources' days %v, want %v", c, c.Sources, want)
					}
				}
			}
			switch {
			case tt.wantFresh < 0 && len(derives) > 0:
				t.Errorf("DeriveKnownFrom was called (fresh %d); no source changed", derives[0].Fresh)
			case tt.wantFresh >= 0 && len(derives) != 1:
				t.Errorf("DeriveKnownFrom was called %d times, want once", len(derives))
			case tt.wantFresh >= 0 && derives[0].Fresh != tt.wantFresh:
				t.Errorf("DeriveKnownFrom(fresh %d), want %d", derives[0].Fresh, tt.wantFresh)
			}
		})
	}
}

func TestLoadReportCounts(t *testing.T) {
	byKind := func(m map[schema.Kind]Counts) func(call) Counts {
		return func(c call) Counts {
			if c.Method == "UpsertEntities" {
				return m[c.Kind]
			}
			return Counts{}
		}
	}
	tests := []struct {
		name        string
		graph       schema.Graph
		batchSize   int
		counts      func(call) Counts
		deleted     loader.Deleted
		wantE       map[schema.Kind]loader.Change
		wantR       map[schema.RelType]loader.Change
		wantChanged bool
	}{
		{
			name:      "first load creates everything",
			graph:     schema.Graph{Entities: companies(3), Relationships: []schema.Relationship{rel(schema.PartneredWith, "c0", "c1")}},
			batchSize: 2,
			wantE:     map[schema.Kind]loader.Change{schema.Company: {Created: 3}},
			wantR:     map[schema.RelType]loader.Change{schema.PartneredWith: {Created: 1}},
			// counts nil: the fake reports every row created
			wantChanged: true,
		},
		{
			name:        "reload changes nothing",
			graph:       schema.Graph{Entities: companies(5)},
			batchSize:   2,
			counts:      func(call) Counts { return Counts{} },
			wantE:       map[schema.Kind]loader.Change{schema.Company: {Unchanged: 5}},
			wantChanged: false,
		},
		{
			name:      "counts are summed over batches",
			graph:     schema.Graph{Entities: companies(5)},
			batchSize: 2,
			// each batch: one created, the rest of a full batch updated
			counts: func(c call) Counts { return Counts{Created: 1, Updated: len(c.IDs) - 1} },
			// batches of 2, 2, 1: created 3, updated 1+1+0
			wantE:       map[schema.Kind]loader.Change{schema.Company: {Created: 3, Updated: 2}},
			wantChanged: true,
		},
		{
			name: "unchanged is what is neither created nor updated",
			graph: schema.Graph{Entities: append(companies(4),
				ent(schema.Person, "p1"), ent(schema.Person, "p2"), ent(schema.Source, "s1"))},
			batchSize: 10,
			counts: byKind(map[schema.Kind]Counts{
				schema.Company: {Created: 1, Updated: 1},
				schema.Person:  {Updated: 2},
			}),
			wantE: map[schema.Kind]loader.Change{
				schema.Company: {Created: 1, Updated: 1, Unchanged: 2},
				schema.Person:  {Updated: 2},
				schema.Source:  {Unchanged: 1},
			},
			wantChanged: true,
		},
		{
			name:      "deletions only",
			graph:     schema.Graph{Entities: companies(2)},
			batchSize: 2,
			counts:    func(call) Counts { return Counts{} },
			deleted: loader.Deleted{
				Entities:      map[schema.Kind]int{schema.Company: 1, schema.Person: 2},
				Relationships: map[schema.RelType]int{schema.Supplied: 4},
			},
			wantE: map[schema.Kind]loader.Change{
				schema.Company: {Unchanged: 2, Deleted: 1},
				schema.Person:  {Deleted: 2}, // a kind the input no longer holds
			},
			wantR:       map[schema.RelType]loader.Change{schema.Supplied: {Deleted: 4}},
			wantChanged: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeStore(t)
			s.counts = tt.counts
			s.deleted = tt.deleted
			rep := mustLoad(t, s, tt.graph, loader.Options{BatchSize: tt.batchSize})
			if rep.Input != "seed" {
				t.Errorf("Input = %q, want seed", rep.Input)
			}
			checkChanges(t, "entities", rep.Entities, tt.wantE)
			checkChanges(t, "relationships", rep.Relationships, tt.wantR)

			var sumE, sumR loader.Change
			for _, c := range tt.wantE {
				sumE = addChange(sumE, c)
			}
			for _, c := range tt.wantR {
				sumR = addChange(sumR, c)
			}
			gotE, gotR := rep.Totals()
			if gotE != sumE || gotR != sumR {
				t.Errorf("Totals() = %+v, %+v; want %+v, %+v", gotE, gotR, sumE, sumR)
			}
			if got := rep.Changed(); got != tt.wantChanged {
				t.Errorf("Changed() = %v, want %v", got, tt.wantChanged)
			}
		})
	}
}

func addChange(a, b loader.Change) loader.Change {
	return loader.Change{Created: a.Created + b.Created, Updated: a.Updated + b.Updated,
		Unchanged: a.Unchanged + b.Unchanged, Deleted: a.Deleted + b.Deleted}
}

// checkChanges compares a report's changes with want, where a missing entry
// and an all-zero entry are the same.
func checkChanges[K ~string](t *testing.T, what string, got map[K]*loader.Change, want map[K]loader.Change) {
	t.Helper()
	keys := map[K]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	for k := range keys {
		var g loader.Change
		if got[k] != nil {
			g = *got[k]
		}
		if g != want[k] {
			t.Errorf("%s[%s] = %+v, want %+v", what, k, g, want[k])
		}
	}
}

func TestLoadErrors(t *testing.T) {
	boom := errors.New("boom: neo4j said no")
	g := schema.Graph{
		Entities: append(companies(5), ent(schema.Person, "p1")),
		Relationships: []schema.Relationship{
			rel(schema.PartneredWith, "c0", "c1"), rel(schema.PartneredWith, "c1", "c2"), rel(schema.PartneredWith, "c2", "c3"),
		},
	}
	tests := []struct {
		name      string
		setup     func(s *fakeStore)
		wantCalls []string
		// wantMsg must all appear in the error.
		wantMsg []string
		// rows, when set, is the failing batch as [first, last] 0-based
		// inclusive; the error must name it in one of the usual ways.
		rows []int
	}{
		{
			name:      "EnsureSchema fails: nothing is written",
			setup:     func(s *fakeStore) { s.ensureErr = boom },
			wantCalls: []string{"EnsureSchema"},
			wantMsg:   []string{"constraints"},
		},
		{
			name:      "second Company batch fails",
			setup:     func(s *fakeStore) { s.failAt, s.failErr = 2, boom },
			wantCalls: []string{"EnsureSchema", "UpsertEntities", "UpsertEntities"},
			wantMsg:   []string{"Company"},
			rows:      []int{2, 3},
		},
		{
			name:      "first Company batch fails",
			setup:     func(s *fakeStore) { s.failAt, s.failErr = 1, boom },
			wantCalls: []string{"EnsureSchema", "UpsertEntities"},
			wantMsg:   []string{"Company"},
			rows:      []int{0, 1},
		},
		{
			name:      "Person batch fails after the companies",
			setup:     func(s *fakeStore) { s.failAt, s.failErr = 4, boom },
			wantCalls: []string{"EnsureSchema", "UpsertEntities", "UpsertEntities", "UpsertEntities", "UpsertEntities"},
			wantMsg:   []string{"Person"},
			rows:      []int{0, 0},
		},
		{
			name:  "last relationship batch fails",
			setup: func(s *fakeStore) { s.failAt, s.failErr = 6, boom },
			wantCalls: []string{"EnsureSchema", "UpsertEntities", "UpsertEntities", "UpsertEntities", "UpsertEntities",
				"UpsertRelationships", "UpsertRelationships"},
			wantMsg: []string{"PARTNERED_WITH"},
			rows:    []int{2, 2},
		},
		{
			name:  "DeleteAbsent fails",
			setup: func(s *fakeStore) { s.deleteErr = boom },
			wantCalls: []string{"EnsureSchema", "UpsertEntities", "UpsertEntities", "UpsertEntities", "UpsertEntities",
				"UpsertRelationships", "UpsertRelationships", "DeleteAbsent"},
			wantMsg: []string{"seed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeStore(t)
			tt.setup(s)
			rep, err := load(t, s, g, loader.Options{BatchSize: 2})
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if rep != nil {
				t.Errorf("Load returned a report with its error")
			}
			if !errors.Is(err, boom) {
				t.Errorf("error %q does not wrap the store's error", err)
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
			if tt.rows != nil {
				checkRows(t, err.Error(), tt.rows[0], tt.rows[1])
			}
			if got := s.methods(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("calls = %v, want %v", got, tt.wantCalls)
			}
		})
	}
}

var rowsRE = regexp.MustCompile(`(\d+)\s*(?:-|–|to|:)\s*(\d+)`)

// checkRows checks that msg names the failing rows first..last (0-based,
// inclusive), as a half-open 0-based range, an inclusive 0-based range or an
// inclusive 1-based range.
func checkRows(t *testing.T, msg string, first, last int) {
	t.Helper()
	m := rowsRE.FindStringSubmatch(msg)
	if m == nil {
		t.Errorf("error %q names no rows", msg)
		return
	}
	got := m[1] + "-" + m[2]
	accepted := []string{
		fmt.Sprintf("%d-%d", first, last+1),   // half-open, 0-based
		fmt.Sprintf("%d-%d", first, last),     // inclusive, 0-based
		fmt.Sprintf("%d-%d", first+1, last+1), // inclusive, 1-based
	}
	if !slices.Contains(accepted, got) {
		t.Errorf("error %q names rows %s; want the failing batch, one of %v", msg, got, accepted)
	}
}

func TestLoadProgress(t *testing.T) {
	tests := []struct {
		name      string
		entities  int
		batchSize int
		wantLines int // progress lines, the final one included
	}{
		{"short load prints nothing", 4999, 1000, 0},
		{"long load prints every tenth and a final line", 5000, 500, 11},
		{"big batches print once per batch", 5000, 1000, 6},
	}
	lineRE := regexp.MustCompile(`^  (\d+)/(\d+) written( \(\d+%, \d+/s\))?$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			mustLoad(t, newFakeStore(t), schema.Graph{Entities: companies(tt.entities)},
				loader.Options{BatchSize: tt.batchSize, Progress: &buf})
			out := strings.TrimSuffix(buf.String(), "\n")
			var lines []string
			if out != "" {
				lines = strings.Split(out, "\n")
			}
			if len(lines) != tt.wantLines {
				t.Fatalf("got %d progress lines, want %d:\n%s", len(lines), tt.wantLines, buf.String())
			}
			prev := 0
			for i, l := range lines {
				m := lineRE.FindStringSubmatch(l)
				if m == nil {
					t.Fatalf("progress line %q is malformed", l)
				}
				var done, total int
				fmt.Sscan(m[1], &done)
				fmt.Sscan(m[2], &total)
				if total != tt.entities || done < prev || done > total {
					t.Errorf("progress line %q: done %d after %d of %d", l, done, prev, tt.entities)
				}
				prev = done
				if i == len(lines)-1 && (done != total || m[3] != "") {
					t.Errorf("last progress line %q, want %d/%d written", l, total, total)
				}
			}
		})
	}
}

// TestReportWriteTo checks the printed report of a load against
// testdata/report.golden; run with -update to rewrite it.
func TestReportWriteTo(t *testing.T) {
	s := newFakeStore(t)
	s.counts = func(c call) Counts {
		switch c.Kind {
		case schema.Company:
			return Counts{Created: 1, Updated: 1}
		case schema.Source:
			return Counts{}
		}
		if c.Type == schema.Supplied {
			return Counts{Updated: 1}
		}
		return Counts{Created: len(c.IDs)}
	}
	s.deleted = loader.Deleted{
		Entities:      map[schema.Kind]int{schema.Agency: 2},
		Relationships: map[schema.RelType]int{schema.PartOf: 1},
	}
	rep := mustLoad(t, s, mixedGraph(), loader.Options{})
	rep.Elapsed = 1234567 * time.Microsecond // printed rounded to the millisecond

	var buf bytes.Buffer
	n, err := rep.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteTo returned %d, but wrote %d bytes", n, buf.Len())
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("report differs from %s:%s\nfull output:\n%s", golden, diffLines(string(want), got), got)
	}

	t.Run("write error", func(t *testing.T) {
		if _, err := rep.WriteTo(failingWriter{}); err == nil {
			t.Error("WriteTo to a failing writer returned no error")
		}
	})
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestLoadSkipsWhatTheGraphHolds: with a Version, a load of an input that
// the graph holds as the same program loaded it writes nothing; a changed
// input, another program, or a load cut short writes again.
func TestLoadSkipsWhatTheGraphHolds(t *testing.T) {
	g := mixedGraph()
	changed := mixedGraph()
	changed.Relationships[0].Summary = "now with a summary"
	writes := func(s *fakeStore, from int) int {
		n := 0
		for _, c := range s.calls[from:] {
			if strings.HasPrefix(c.Method, "Upsert") {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name         string
		first, again schema.Graph
		v1, v2       string
		failFirst    bool
		wantSkip     bool
	}{
		{"the same input, the same program", g, g, "v1", "v1", false, true},
		{"no version: always written", g, g, "", "", false, false},
		{"a changed input", g, changed, "v1", "v1", false, false},
		{"another program", g, g, "v1", "v2", false, false},
		{"after a load cut short", g, g, "v1", "v1", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeStore(t)
			if tt.failFirst {
				s.failAt, s.failErr = 3, errors.New("neo4j went away")
				if _, err := load(t, s, tt.first, loader.Options{Version: tt.v1}); err == nil {
					t.Fatal("the first load should have failed")
				}
				s.failAt = -1
			} else {
				mustLoad(t, s, tt.first, loader.Options{Version: tt.v1})
			}
			before := len(s.calls)
			rep := mustLoad(t, s, tt.again, loader.Options{Version: tt.v2})
			if rep.Skipped != tt.wantSkip {
				t.Errorf("Skipped = %v, want %v", rep.Skipped, tt.wantSkip)
			}
			if n := writes(s, before); tt.wantSkip != (n == 0) {
				t.Errorf("the second load made %d upserts; skipped %v", n, tt.wantSkip)
			}
			if tt.wantSkip {
				e, r := rep.Totals()
				if e.Unchanged != len(g.Entities) || r.Unchanged != len(g.Relationships) {
					t.Errorf("a skipped load reports %d and %d unchanged, want %d and %d", e.Unchanged, r.Unchanged, len(g.Entities), len(g.Relationships))
				}
			}
		})
	}
}
