package synthetic_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/synthetic"
)

func TestGeneratedGraphsAreValidAndReproducible(t *testing.T) {
	for _, shape := range []synthetic.Shape{{Entities: 100, Relationships: 300, Seed: 1}, {Entities: 5000, Relationships: 25000, Seed: 7}} {
		g := synthetic.Generate(shape)
		if len(g.Entities) != shape.Entities || len(g.Relationships) != shape.Relationships {
			t.Fatalf("shape %+v gave %d entities and %d relationships", shape, len(g.Entities), len(g.Relationships))
		}
		if _, err := loader.ValidateWith("", nil, nil, time.Now(), loader.Part{File: "synthetic", Graph: g}); err != nil {
			t.Fatalf("shape %+v is not valid: %v", shape, err)
		}
		if again := synthetic.Generate(shape); !reflect.DeepEqual(g, again) {
			t.Errorf("shape %+v: two runs with one seed differ", shape)
		}
	}
}

// TestCountsAndIDsAreGenerates checks that Counts, ID, Name and Alias, which
// the load test derives its requests from, say what Generate makes.
func TestCountsAndIDsAreGenerates(t *testing.T) {
	if got, want := synthetic.ID(schema.LegalAction, 42), "syn-legal-action-0000042"; got != want {
		t.Errorf("ID(LegalAction, 42) = %q, want %q", got, want)
	}
	for _, n := range []int{0, 1, 19, 100, 5001} {
		g := synthetic.Generate(synthetic.Shape{Entities: n, Seed: 3})
		byKind := map[schema.Kind][]schema.Entity{}
		for _, e := range g.Entities {
			byKind[e.Kind] = append(byKind[e.Kind], e)
		}
		total := 0
		for _, kc := range synthetic.Counts(n) {
			total += kc.N
			es := byKind[kc.Kind]
			if len(es) != kc.N {
				t.Fatalf("%d entities: Counts says %d of %s, Generate made %d", n, kc.N, kc.Kind, len(es))
			}
			for i, e := range es {
				if e.ID != synthetic.ID(kc.Kind, i) || e.Props["name"] != synthetic.Name(kc.Kind, i) {
					t.Fatalf("%d entities: %s #%d is %s %q, want %s %q", n, kc.Kind, i, e.ID, e.Props["name"], synthetic.ID(kc.Kind, i), synthetic.Name(kc.Kind, i))
				}
				if a, ok := e.Props["aliases"].([]string); ok && (len(a) != 1 || a[0] != synthetic.Alias(kc.Kind, i)) {
					t.Fatalf("%d entities: %s has aliases %q, want [%q]", n, e.ID, a, synthetic.Alias(kc.Kind, i))
				}
			}
		}
		if total != len(g.Entities) {
			t.Errorf("%d entities: Counts sums to %d, Generate made %d", n, total, len(g.Entities))
		}
	}
}
