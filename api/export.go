package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

// serveExport answers GET /export with a download of the whole graph
// (scope=all) or of an entity's neighbourhood (scope=neighborhood&id=...),
// in one of the export formats. Downloads carry an ETag of the generation
// and the request, as GraphQL answers do (httpcache.go).
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch scope := q.Get("scope"); scope {
	case "", "all":
		s.serveWholeExport(w, r, f)
	case "neighborhood":
		s.serveNeighborhoodExport(w, r, f)
	default:
		http.Error(w, fmt.Sprintf("scope %q: use all or neighborhood", scope), http.StatusBadRequest)
	}
}

// exportTag is the ETag of an export, or "" without a generation.
func (s *Server) exportTag(r *http.Request) string {
	return s.etag(r, "", graphQLRequest{Query: r.URL.Query().Encode()})
}

// exportCaching answers 304 when the client holds the current download,
// and otherwise sets the headers a cacheable one carries. It reports
// whether the answer is done.
func (s *Server) exportCaching(w http.ResponseWriter, r *http.Request) bool {
	tag := s.exportTag(r)
	if tag == "" {
		w.Header().Set("Cache-Control", "no-store")
		return false
	}
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.MaxAge.Seconds())))
	if notModified(r, tag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// serveWholeExport serves the whole graph from the export store, building
// the file on the first request of its generation.
func (s *Server) serveWholeExport(w http.ResponseWriter, r *http.Request, f export.Format) {
	if s.exports == nil {
		s.serveBuiltExport(w, r, f)
		return
	}
	if s.exportCaching(w, r) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), exportWait)
	defer cancel()
	write := func(ctx context.Context, w io.Writer) error { return s.writeWholeGraph(ctx, w, f) }
	gen := s.generation()
	var file *exportFile
	var fh *os.File
	var err error
	for try := 0; try < 2 && fh == nil; try++ {
		if gen == "" {
			if file, err = s.exports.once(ctx, f, write); err == nil {
				defer os.Remove(file.path)
			}
		} else {
			file, err = s.exports.get(ctx, gen, f, write, s.generation)
		}
		if err != nil {
			s.exportFailed(w, err)
			return
		}
		// A file dropped between its build and here is built again.
		fh, err = os.Open(file.path)
	}
	if err != nil {
		s.exportFailed(w, fmt.Errorf("opening the export: %w", err))
		return
	}
	defer fh.Close()
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	rc.SetWriteDeadline(time.Now().Add(exportWriteTime))
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.FileName("survgraph")))
	http.ServeContent(w, r, "", file.built, fh)
}

// exportWriteTime bounds a download: 500 MB at 300 KB/s.
const exportWriteTime = 30 * time.Minute

// generation is the graph's generation, "" when unknown.
func (s *Server) generation() string {
	if s.cfg.Generation == nil {
		return ""
	}
	return s.cfg.Generation()
}

// writeWholeGraph writes the whole graph as it reads it when the graph can
// stream, and from memory otherwise.
func (s *Server) writeWholeGraph(ctx context.Context, w io.Writer, f export.Format) error {
	if st, ok := s.graph.(streamer); ok {
		return export.WriteStream(w, f, export.Stream{
			Entities:      func(fn func(schema.Entity) error) error { return st.EachEntity(ctx, fn) },
			Relationships: func(fn func(schema.Relationship) error) error { return st.EachRelationship(ctx, fn) },
		}, nil)
	}
	g, err := s.graph.All(ctx)
	if err != nil {
		return err
	}
	sources, err := s.citedSources(ctx, g)
	if err != nil {
		return err
	}
	return export.Write(w, f, g, sources)
}

// serveBuiltExport builds the whole graph's export for this request in
// memory, where the server keeps no store (tests).
func (s *Server) serveBuiltExport(w http.ResponseWriter, r *http.Request, f export.Format) {
	if s.exportCaching(w, r) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	var buf bytes.Buffer
	if err := s.writeWholeGraph(ctx, &buf, f); err != nil {
		s.exportFailed(w, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.FileName("survgraph")))
	w.Write(buf.Bytes())
}

// serveNeighborhoodExport answers a neighbourhood's download, at most
// maxNeighborNodes entities, built per request.
func (s *Server) serveNeighborhoodExport(w http.ResponseWriter, r *http.Request, f export.Format) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	q := r.URL.Query()
	id := q.Get("id")
	if schema.CheckID(id) != nil {
		http.Error(w, "id: not an entity id", http.StatusBadRequest)
		return
	}
	depth := 1
	if d := q.Get("depth"); d != "" {
		var err error
		if depth, err = strconv.Atoi(d); err != nil || depth < 1 || depth > maxDepth {
			http.Error(w, fmt.Sprintf("depth must be between 1 and %d", maxDepth), http.StatusBadRequest)
			return
		}
	}
	filter, err := exportFilter(q.Get("asOf"), q.Get("types"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if s.exportCaching(w, r) {
		return
	}
	sg, err := s.graph.Neighborhood(ctx, id, depth, filter, maxNeighborNodes, nil, nil)
	if err != nil {
		s.exportFailed(w, err)
		return
	}
	g := schema.Graph{Entities: sg.Nodes, Relationships: sg.Relationships}
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
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.FileName("survgraph-"+id)))
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
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Del("ETag")
	kind := schema.KindOf(err)
	if kind == schema.ErrInternal || kind == schema.ErrUnavailable {
		s.log.Error("export failed", "err", err)
	}
	setRetryAfter(w, errorCodes[kind].status)
	http.Error(w, schema.MessageOf(err), errorCodes[kind].status)
}
