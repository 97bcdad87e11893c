package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/schema"
)

// Stream is a graph read as it is written, for exports of graphs too large
// to hold in memory: each function calls fn with every entity, or every
// relationship, in id order (ids strictly increasing), and may be called
// more than once.
type Stream struct {
	Entities      func(fn func(schema.Entity) error) error
	Relationships func(fn func(schema.Relationship) error) error
}

// WriteStream writes what s reads to w in format f, with the same bytes as
// Write gives for the same graph (when every entity of sources is cited).
// It holds an index of the entities (id, name, whether a court case) and
// the Source entities, never the relationships. Each of the format's passes
// over the nodes or the edges reads them again from s: one to index, and
// more where a format declares what it holds before writing it (GEXF, CSV's
// column counts) or writes a second table (CSV's citations).
// sources are Source entities that the graph lacks; they count as cited.
// A broken graph (ids out of order or repeated, a relationship whose end
// is not an entity) is an error found as it is met: the output is then
// incomplete, and the caller must not keep it.
func WriteStream(w io.Writer, f Format, s Stream, sources map[string]schema.Entity) error {
	write, err := writer(f)
	if err != nil {
		return err
	}
	g, err := prepareStream(s, sources)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if err := write(bw, g); err != nil {
		return err
	}
	return bw.Flush()
}

// indexed is what an export must know of an entity while it writes edges.
type indexed struct {
	name      string
	ftmID     string // only where it is not ftm.Prefix and the id
	courtCase bool
}

// prepareStream reads the entities once, for the index and the sources,
// and returns the graph that reads s again as it is written.
func prepareStream(s Stream, external map[string]schema.Entity) (*graph, error) {
	index := map[string]indexed{}
	sources := map[string]schema.Entity{}
	var lic licenceLines
	prev := ""
	if err := s.Entities(func(e schema.Entity) error {
		if e.ID == "" {
			return fmt.Errorf("export: an entity of kind %s has no id", e.Kind)
		}
		if e.ID <= prev {
			return fmt.Errorf("export: entity %q comes after %q: two entities share an id, or they are not in id order", e.ID, prev)
		}
		prev = e.ID
		x := indexed{name: e.Name(), courtCase: ftm.IsCourtCase(e)}
		if id := ftm.ExportID(e); id != ftm.Prefix+e.ID {
			x.ftmID = id
		}
		index[e.ID] = x
		if e.Kind == schema.Source {
			sources[e.ID] = e
			lic.add(e.Name(), propString(e.Props["publisher"]), propString(e.Props["licence"]))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, e := range external {
		lic.add(e.Name(), propString(e.Props["publisher"]), propString(e.Props["licence"]))
	}
	resolve := func(cs []schema.Citation) []cite {
		return resolveCites(cs, func(id string) (schema.Entity, bool, bool) {
			_, inGraph := index[id]
			if src, ok := sources[id]; ok {
				return src, true, true
			}
			src, ok := external[id]
			return src, ok, inGraph
		})
	}
	g := &graph{
		licences: lic.list(),
		ftmRef: func(id string) (string, bool) {
			x := index[id]
			if x.ftmID == "" {
				return ftm.Prefix + id, x.courtCase
			}
			return x.ftmID, x.courtCase
		},
		eachNode: func(fn func(*node) error) error {
			return s.Entities(func(e schema.Entity) error {
				return fn(&node{Entity: e, cites: resolve(e.Citations)})
			})
		},
		eachEdge: func(fn func(*edge) error) error {
			prev := ""
			return s.Relationships(func(r schema.Relationship) error {
				if r.ID == "" {
					r.ID = schema.RelationshipID(r.From, r.Type, r.To, "")
				}
				if r.ID <= prev {
					return fmt.Errorf("export: relationship %q comes after %q: two relationships share an id, or they are not in id order", r.ID, prev)
				}
				prev = r.ID
				if _, ok := index[r.ID]; ok {
					return fmt.Errorf("export: relationship %q has the id of an entity", r.ID)
				}
				from, okFrom := index[r.From]
				to, okTo := index[r.To]
				if !okFrom || !okTo {
					missing := r.From
					if okFrom {
						missing = r.To
					}
					return fmt.Errorf("export: relationship %q joins %q, which is not an entity of the graph", r.ID, missing)
				}
				return fn(&edge{Relationship: r, fromName: from.name, toName: to.name,
					productName: index[r.Product].name, cites: resolve(r.Citations)})
			})
		},
	}
	return g, nil
}
