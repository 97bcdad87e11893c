package loader_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// sliceStream yields its records in the order given, failing at failAt
// (an index into the entities, -1 never) with failErr.
type sliceStream struct {
	entities []schema.Entity
	rels     []schema.Relationship
	failAt   int
	failErr  error
	passes   int
}

func (s *sliceStream) Entities(ctx context.Context, yield func(schema.Entity) error) error {
	s.passes++
	for i, e := range s.entities {
		if i == s.failAt {
			return s.failErr
		}
		if err := yield(e); err != nil {
			return err
		}
	}
	return nil
}

func (s *sliceStream) Relationships(ctx context.Context, yield func(schema.Relationship) error) error {
	s.passes++
	for _, r := range s.rels {
		if err := yield(r); err != nil {
			return err
		}
	}
	return nil
}

func streamInfo(s *sliceStream) loader.StreamInfo {
	info := loader.StreamInfo{Entities: map[schema.Kind]int{}, Relationships: map[schema.RelType]int{}, Digest: "d"}
	for _, e := range s.entities {
		info.Entities[e.Kind]++
	}
	for _, r := range s.rels {
		info.Relationships[r.Type]++
	}
	return info
}

func TestLoadStream(t *testing.T) {
	interleaved := func() *sliceStream {
		return &sliceStream{failAt: -1, entities: []schema.Entity{
			ent(schema.Company, "c0"), ent(schema.Person, "p0"), ent(schema.Company, "c1"),
			ent(schema.Company, "c2"), ent(schema.Person, "p1"), ent(schema.Source, "s0"),
		}, rels: []schema.Relationship{rel(schema.Heads, "p0", "c0"), rel(schema.PartneredWith, "c0", "c1"), rel(schema.Heads, "p1", "c2")}}
	}
	t.Run("batches fill per kind as the stream goes; the rest follow in schema order", func(t *testing.T) {
		s := newFakeStore(t)
		st := interleaved()
		rep, err := loader.LoadStream(testContext(), s, "seed", st, streamInfo(st), loader.Options{BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range s.calls {
			if strings.HasPrefix(c.Method, "Upsert") {
				got = append(got, c.String())
			}
		}
		want := []string{"UpsertEntities(Company [c0 c1])", "UpsertEntities(Person [p0 p1])", "UpsertEntities(Company [c2])",
			"UpsertEntities(Source [s0])", "UpsertRelationships(HEADS [p0.heads.c0 p1.heads.c2])",
			"UpsertRelationships(PARTNERED_WITH [c0.partnered-with.c1])"}
		if !slices.Equal(got, want) {
			t.Errorf("writes:\n got %q\nwant %q", got, want)
		}
		del := s.calls[slices.IndexFunc(s.calls, func(c call) bool { return c.Method == "DeleteAbsent" })]
		if len(del.IDs) != 6 || len(del.KeepR) != 3 {
			t.Errorf("DeleteAbsent kept %v and %v; want every id written", del.IDs, del.KeepR)
		}
		if e, r := rep.Totals(); e.Created != 6 || r.Created != 3 {
			t.Errorf("report: %+v %+v", e, r)
		}
		if st.passes != 2 {
			t.Errorf("the stream was read %d times, want 2 (entities, then relationships)", st.passes)
		}
	})
	t.Run("a stream that fails deletes nothing and records no fingerprint", func(t *testing.T) {
		s := newFakeStore(t)
		st := interleaved()
		st.failAt, st.failErr = 4, errors.New("the file changed under us")
		_, err := loader.LoadStream(testContext(), s, "seed", st, streamInfo(st), loader.Options{BatchSize: 1, Version: "v1"})
		if !errors.Is(err, st.failErr) {
			t.Fatalf("error %v, want the stream's", err)
		}
		if slices.Contains(s.methods(), "DeleteAbsent") {
			t.Errorf("a failed stream led to DeleteAbsent: %v", s.methods())
		}
		if len(s.fingerprints) != 0 {
			t.Errorf("fingerprints %v recorded after a failure", s.fingerprints)
		}
	})
	t.Run("a store error stops the stream", func(t *testing.T) {
		s := newFakeStore(t)
		s.failAt, s.failErr = 1, errors.New("neo4j said no")
		st := &sliceStream{failAt: -1}
		for range 10000 {
			st.entities = append(st.entities, ent(schema.Company, "c"))
		}
		_, err := loader.LoadStream(testContext(), s, "seed", st, streamInfo(st), loader.Options{BatchSize: 1})
		if !errors.Is(err, s.failErr) {
			t.Fatalf("error %v, want the store's", err)
		}
		if n := len(s.methods()); n != 2 {
			t.Errorf("%d calls after the store failed on the first write: %v", n, s.methods())
		}
	})
	t.Run("the same digest by the same program writes nothing", func(t *testing.T) {
		s := newFakeStore(t)
		st := interleaved()
		mustStream := func() *loader.Report {
			rep, err := loader.LoadStream(testContext(), s, "seed", st, streamInfo(st), loader.Options{Version: "v1"})
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		mustStream()
		before := len(s.calls)
		rep := mustStream()
		if !rep.Skipped || len(s.calls) != before {
			t.Errorf("second load: skipped %v, %d more calls", rep.Skipped, len(s.calls)-before)
		}
		if e, r := rep.Totals(); e.Unchanged != 6 || r.Unchanged != 3 {
			t.Errorf("a skipped load reports %+v %+v", e, r)
		}
	})
}
