package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// countingGraph counts whole-graph reads and how many run at once.
type countingGraph struct {
	fakeGraph
	reads, running, most atomic.Int64
}

func (g *countingGraph) All(ctx context.Context) (schema.Graph, error) {
	g.reads.Add(1)
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for m := g.most.Load(); n > m && !g.most.CompareAndSwap(m, n); m = g.most.Load() {
	}
	time.Sleep(50 * time.Millisecond)
	return schema.Graph{Entities: []schema.Entity{{ID: "acme", Kind: schema.Company, Props: map[string]any{"name": "Acme"}}}}, nil
}

// TestExportsBuiltOncePerGeneration: concurrent downloads of one format
// share one build, later ones are served from the file, a new generation
// builds again and drops the old file, at most ExportBuilds build at once,
// and the files stay within ExportMaxBytes.
func TestExportsBuiltOncePerGeneration(t *testing.T) {
	dir := t.TempDir()
	var gen atomic.Value
	gen.Store("g1")
	g := &countingGraph{}
	srv := mustNew(t, g, Config{ExportDir: dir, ExportBuilds: 1, ExportMaxBytes: 1, Generation: func() string { return gen.Load().(string) }})
	get := func(format, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/export?scope=all&format="+format, nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		return rec
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if rec := get("graphml", ""); rec.Code != 200 || rec.Body.Len() == 0 {
				t.Errorf("download: %d, %d bytes", rec.Code, rec.Body.Len())
			}
		})
	}
	wg.Wait()
	if n := g.reads.Load(); n != 1 {
		t.Errorf("10 concurrent downloads read the graph %d times, want 1", n)
	}
	rec := get("graphml", "")
	if g.reads.Load() != 1 || rec.Header().Get("ETag") == "" || rec.Header().Get("Cache-Control") == "no-store" {
		t.Errorf("a later download: %d reads, headers %v", g.reads.Load(), rec.Header())
	}
	if again := get("graphml", rec.Header().Get("ETag")); again.Code != http.StatusNotModified {
		t.Errorf("with If-None-Match: %d, want 304", again.Code)
	}

	// Two formats at once, with one build at a time; the bound of 1 byte
	// keeps only the last file.
	wg.Go(func() { get("gexf", "") })
	wg.Go(func() { get("cytoscape", "") })
	wg.Wait()
	if g.most.Load() != 1 {
		t.Errorf("%d builds ran at once; the bound is 1", g.most.Load())
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Errorf("%d files kept over a bound of 1 byte, want 1 (the last)", len(files))
	}

	gen.Store("g2")
	before := g.reads.Load()
	if rec := get("graphml", rec.Header().Get("ETag")); rec.Code != 200 || g.reads.Load() != before+1 {
		t.Errorf("after a load: %d, %d reads (want one more)", rec.Code, g.reads.Load()-before)
	}
	for _, f := range srv.exports.files {
		if f.gen != "g2" {
			t.Errorf("a file of generation %s is still kept", f.gen)
		}
	}
}
