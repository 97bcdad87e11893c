package synthetic_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/survgraph/survgraph/loader"
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
