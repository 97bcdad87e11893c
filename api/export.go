package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

// serveExport answers GET /export with a download of the whole graph
// (scope=all) or of an entity's neighbourhood (scope=neighborhood&id=...),
// in one of the export formats.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	q := r.URL.Query()
	f, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var g schema.Graph
	base := "survgraph"
	switch scope := q.Get("scope"); scope {
	case "", "all":
		g, err = s.graph.All(ctx)
	case "neighborhood":
		id := q.Get("id")
		if schema.CheckID(id) != nil {
			http.Error(w, "id: not an entity id", http.StatusBadRequest)
			return
		}
		depth := 1
		if d := q.Get("depth"); d != "" {
			if depth, err = strconv.Atoi(d); err != nil || depth < 1 || depth > maxDepth {
				http.Error(w, fmt.Sprintf("depth must be between 1 and %d", maxDepth), http.StatusBadRequest)
				return
			}
		}
		var filter schema.RelFilter
		if filter, err = exportFilter(q.Get("asOf"), q.Get("types")); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var sg schema.Subgraph
		sg, err = s.graph.Neighborhood(ctx, id, depth, filter, maxNeighborNodes, nil, nil)
		g = schema.Graph{Entities: sg.Nodes, Relationships: sg.Relationships}
		base = "survgraph-" + id
	default:
		http.Error(w, fmt.Sprintf("scope %q: use all or neighborhood", scope), http.StatusBadRequest)
		return
	}
	if err != nil {
		s.exportFailed(w, err)
		return
	}
	sources, err := s.citedSources(ctx, g)
	if err != nil {
		s.exportFailed(w, err)
		return
	}
	// Written to memory first, so that a failure is an error status rather
	// than a truncated download.
	var buf bytes.Buffer
	if err := export.Write(&buf, f, g, sources); err != nil {
		s.exportFailed(w, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.FileName(base)))
	w.Write(buf.Bytes())
}

// citedSources fetches the sources that g's citations name and g lacks.
func (s *Server) citedSources(ctx context.Context, g schema.Graph) (map[string]schema.Entity, error) {
	out := map[string]schema.Entity{}
	for _, e := range g.Entities {
		if e.Kind == schema.Source {
			out[e.ID] = e
		}
	}
	var missing []string
	need := func(cites []schema.Citation) {
		for _, c := range cites {
			if _, ok := out[c.Source]; !ok {
				out[c.Source] = schema.Entity{}
				missing = append(missing, c.Source)
			}
		}
	}
	for _, e := range g.Entities {
		need(e.Citations)
	}
	for _, r := range g.Relationships {
		need(r.Citations)
	}
	if len(missing) == 0 {
		return out, nil
	}
	found, err := s.graph.Entities(ctx, missing, nil, nil)
	if err != nil {
		return nil, err
	}
	for _, e := range found {
		out[e.ID] = e
	}
	for id, e := range out {
		if e.ID == "" {
			delete(out, id)
		}
	}
	return out, nil
}

func exportFilter(asOf, types string) (schema.RelFilter, error) {
	var f schema.RelFilter
	if asOf != "" {
		d, err := schema.ParseDate(asOf)
		if err != nil {
			return f, fmt.Errorf("asOf: %v", err)
		}
		t := d.Earliest()
		f.AsOf = &t
	}
	for _, t := range strings.Split(types, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if _, ok := schema.RelTypeByName(t); !ok {
			return f, fmt.Errorf("types: %q is not a relationship type", t)
		}
		f.Types = append(f.Types, schema.RelType(t))
	}
	return f, nil
}

func (s *Server) exportFailed(w http.ResponseWriter, err error) {
	kind := schema.KindOf(err)
	if kind == schema.ErrInternal || kind == schema.ErrUnavailable {
		s.log.Error("export failed", "err", err)
	}
	setRetryAfter(w, errorCodes[kind].status)
	http.Error(w, schema.MessageOf(err), errorCodes[kind].status)
}
