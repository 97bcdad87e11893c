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
	x, err := indexStream(s)
	if err != nil {
		return nil, err
	}
	for _, e := range external {
		x.lic.addSource(e)
	}
	lookup := x.lookup(external)
	resolve := func(cs []schema.Citation) []cite { return resolveCites(cs, lookup) }
	g := &graph{
		licences: x.lic.list(),
		ftmRef:   x.ftmRef,
		eachNode: func(fn func(*node) error) error {
			return s.Entities(func(e schema.Entity) error {
				return fn(&node{Entity: e, cites: resolve(e.Citations)})
			})
		},
		eachEdge: x.eachEdge(s, resolve),
	}
	return g, nil
}

// streamIndex is what one pass over a stream's entities learns.
type streamIndex struct {
	entities map[string]indexed
	sources  map[string]schema.Entity // the Source entities of the graph
	lic      licenceLines
}

// indexStream reads s's entities, checking their ids and order.
func indexStream(s Stream) (*streamIndex, error) {
	x := &streamIndex{entities: map[string]indexed{}, sources: map[string]schema.Entity{}}
	prev := ""
	if err := s.Entities(func(e schema.Entity) error {
		if err := checkEntityID(e); err != nil {
			return err
		}
		if e.ID <= prev {
			return fmt.Errorf("export: entity %q comes after %q: two entities share an id, or they are not in id order", e.ID, prev)
		}
		prev = e.ID
		x.add(e)
		return nil
	}); err != nil {
		return nil, err
	}
	return x, nil
}

func (x *streamIndex) add(e schema.Entity) {
	i := indexed{name: e.Name(), courtCase: ftm.IsCourtCase(e)}
	if id := ftm.ExportID(e); id != ftm.Prefix+e.ID {
		i.ftmID = id
	}
	x.entities[e.ID] = i
	if e.Kind == schema.Source {
		x.sources[e.ID] = e
		x.lic.addSource(e)
	}
}

func (x *streamIndex) isEntity(id string) bool {
	_, ok := x.entities[id]
	return ok
}

func (x *streamIndex) ftmRef(id string) (string, bool) {
	i := x.entities[id]
	if i.ftmID == "" {
		return ftm.Prefix + id, i.courtCase
	}
	return i.ftmID, i.courtCase
}

// lookup finds a cited source among the graph's Sources, then in external.
func (x *streamIndex) lookup(external map[string]schema.Entity) func(id string) (schema.Entity, bool, bool) {
	return func(id string) (schema.Entity, bool, bool) {
		inGraph := x.isEntity(id)
		if src, ok := x.sources[id]; ok {
			return src, true, true
		}
		src, ok := external[id]
		return src, ok, inGraph
	}
}

// eachEdge reads s's relationships, checking their ids, order and ends.
func (x *streamIndex) eachEdge(s Stream, resolve func([]schema.Citation) []cite) func(fn func(*edge) error) error {
	return func(fn func(*edge) error) error {
		prev := ""
		return s.Relationships(func(r schema.Relationship) error {
			r = withID(r)
			if r.ID <= prev {
				return fmt.Errorf("export: relationship %q comes after %q: two relationships share an id, or they are not in id order", r.ID, prev)
			}
			prev = r.ID
			if err := checkEnds(r, x.isEntity); err != nil {
				return err
			}
			return fn(&edge{Relationship: r, fromName: x.entities[r.From].name, toName: x.entities[r.To].name,
				productName: x.entities[r.Product].name, cites: resolve(r.Citations)})
		})
	}
}
