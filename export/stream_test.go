package export_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

// streamOf reads g as a Stream, in id order.
func streamOf(g schema.Graph) export.Stream {
	es := slices.Clone(g.Entities)
	slices.SortFunc(es, func(a, b schema.Entity) int { return strings.Compare(a.ID, b.ID) })
	rs := slices.Clone(g.Relationships)
	for i := range rs {
		if rs[i].ID == "" {
			rs[i].ID = schema.RelationshipID(rs[i].From, rs[i].Type, rs[i].To, "")
		}
	}
	slices.SortFunc(rs, func(a, b schema.Relationship) int { return strings.Compare(a.ID, b.ID) })
	return export.Stream{
		Entities: func(fn func(schema.Entity) error) error {
			for _, e := range es {
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		},
		Relationships: func(fn func(schema.Relationship) error) error {
			for _, r := range rs {
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// TestWriteStreamMatchesWrite: a graph written as a stream gives the same
// bytes as written from memory, in every format.
func TestWriteStreamMatchesWrite(t *testing.T) {
	g, sources := fixture()
	// The whole-graph export holds every source it cites.
	for _, s := range sources {
		if !slices.ContainsFunc(g.Entities, func(e schema.Entity) bool { return e.ID == s.ID }) {
			g.Entities = append(g.Entities, s)
		}
	}
	// Entities imported from FtM keep their FtM ids, which edges and
	// citations name them by.
	imported := g
	imported.Entities = slices.Clone(g.Entities)
	for i, e := range imported.Entities {
		e.Props = maps.Clone(e.Props)
		e.Props["ftmId"] = "os-" + e.ID
		imported.Entities[i] = e
	}
	for name, g := range map[string]schema.Graph{"survgraph": g, "imported from FtM": imported} {
		for _, f := range export.Formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				want := write(t, f, g, nil)
				var got bytes.Buffer
				if err := export.WriteStream(&got, f, streamOf(g), nil); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("the stream gives %d bytes, memory %d; they differ", got.Len(), len(want))
				}
				if f == export.FtM && name != "survgraph" {
					for _, e := range g.Entities {
						if strings.Contains(got.String(), `"survgraph-`+e.ID+`"`) {
							t.Errorf("%s, imported from FtM, is written under survgraph's id, not its own", e.ID)
						}
					}
				}
			})
		}
	}
}

// TestWriteStreamRejectsBrokenGraphs: what Write refuses before writing,
// the stream refuses as it meets it.
func TestWriteStreamRejectsBrokenGraphs(t *testing.T) {
	g, _ := fixture()
	dup := g
	dup.Entities = append(slices.Clone(g.Entities), g.Entities[0])
	dangling := g
	dangling.Relationships = append(slices.Clone(g.Relationships), schema.Relationship{ID: "zz", From: g.Entities[0].ID, To: "nobody", Type: schema.Supplied})
	for name, broken := range map[string]schema.Graph{"two entities share an id": dup, "a relationship's end is missing": dangling} {
		t.Run(name, func(t *testing.T) {
			if err := export.WriteStream(&bytes.Buffer{}, export.GraphML, streamOf(broken), nil); err == nil {
				t.Error("no error")
			}
		})
	}
}
