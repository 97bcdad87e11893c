package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/schema"
)

// roundTrip exports g to FtM and imports the file into an empty graph.
func roundTrip(t *testing.T, g schema.Graph) (schema.Graph, *importer.Report) {
	t.Helper()
	sources := map[string]schema.Entity{}
	for _, e := range g.Entities {
		if e.Kind == schema.Source {
			sources[e.ID] = e
		}
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, export.FtM, g, sources); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "survgraph.ftm.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	im, err := importer.NewFtM(ctx, importer.NewKnown(schema.Graph{}, nil), importer.FtMOptions{Input: "roundtrip", Files: []string{path},
		Source: schema.Entity{Props: map[string]any{"name": "survgraph export", "publisher": "survgraph contributors",
			"publishedAt": schema.MustDate("2025"), "licence": "CC BY 4.0"}}, Now: time.Now()}) // the seed is checked against today
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Check(ctx)
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	back, err := im.Graph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return back, rep
}

// lostFields blanks, in an entity and a relationship, each field ftm.Lost
// says FtM cannot carry, by the Field of its entry.
var lostFields = map[string]func(e *schema.Entity, r *schema.Relationship){
	"basis":            func(_ *schema.Entity, r *schema.Relationship) { r.Basis = "" },
	"product":          func(_ *schema.Entity, r *schema.Relationship) { r.Product = "" },
	"amount, currency": func(_ *schema.Entity, r *schema.Relationship) { r.Amount, r.Currency = 0, "" },
	"quantity":         func(_ *schema.Entity, r *schema.Relationship) { r.Quantity = 0 },
	"corrections":      func(e *schema.Entity, r *schema.Relationship) { e.Corrections, r.Corrections = nil, nil },
	"citations' quotes, locators and stances": func(e *schema.Entity, r *schema.Relationship) {
		e.Citations, r.Citations = nil, nil
	},
}

// TestFtMRoundTrip exports the whole graph the commands load (the seed,
// the datasets, the corrections) to FtM, imports the file into an empty
// graph, and gets the same entities and relationships back: the same ids,
// kinds, types, ends and fields, but for what ftm.Lost lists, each of which
// is lost somewhere (so that the list stays true).
func TestFtMRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real datasets")
	}
	g, rules := seedGraph(t)
	ims, err := importer.ImportDatasets(context.Background(), filepath.Join("..", "datasets", "data"), g, rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range ims {
		g.Entities = append(g.Entities, im.Graph.Entities...)
		g.Relationships = append(g.Relationships, im.Graph.Relationships...)
	}
	back, _ := roundTrip(t, g)
	fileSource := "survgraph-contributors-2025-survgraph-export"

	var fields []string
	for _, l := range ftm.Lost {
		fields = append(fields, l.Field)
		if lostFields[l.Field] == nil {
			t.Errorf("ftm.Lost names %q, which this test does not blank", l.Field)
		}
	}
	if len(fields) != len(lostFields) {
		t.Errorf("ftm.Lost lists %v; this test blanks %d fields", fields, len(lostFields))
	}
	lost := map[string]int{}
	// blanked blanks every lost field but except.
	blanked := func(e schema.Entity, r schema.Relationship, except string) (schema.Entity, schema.Relationship) {
		for _, f := range fields {
			if b := lostFields[f]; b != nil && f != except {
				b(&e, &r)
			}
		}
		return e, r
	}
	be, br := byID(back)
	for _, e := range g.Entities {
		x, ok := be[e.ID]
		if !ok {
			t.Errorf("entity %s did not come back", e.ID)
			continue
		}
		delete(be, e.ID)
		if len(x.Citations) > 0 && x.Citations[0].Source != fileSource {
			t.Errorf("%s does not cite the file's Source first: %v", e.ID, x.Citations)
		}
		for _, f := range fields {
			a, _ := blanked(e, schema.Relationship{}, f)
			y, _ := blanked(x, schema.Relationship{}, f)
			if !reflect.DeepEqual(a, y) {
				lost[f]++
			}
		}
		want, _ := blanked(e, schema.Relationship{}, "")
		got, _ := blanked(x, schema.Relationship{}, "")
		if !reflect.DeepEqual(want, got) {
			t.Errorf("entity %s came back as\n%+v\nnot\n%+v", e.ID, got, want)
		}
	}
	if len(be) != 1 || be[fileSource].Kind != schema.Source {
		t.Errorf("the import made entities besides the file's Source: %v", mapsKeys(be))
	}
	for _, r := range g.Relationships {
		x, ok := br[r.ID]
		if !ok {
			t.Errorf("relationship %s did not come back", r.ID)
			continue
		}
		delete(br, r.ID)
		if len(x.Citations) == 0 || x.Citations[0].Source != fileSource {
			t.Errorf("%s does not cite the file's Source first: %v", r.ID, x.Citations)
		}
		for _, f := range fields {
			_, a := blanked(schema.Entity{}, r, f)
			_, y := blanked(schema.Entity{}, x, f)
			if !reflect.DeepEqual(a, y) {
				lost[f]++
			}
		}
		_, want := blanked(schema.Entity{}, r, "")
		_, got := blanked(schema.Entity{}, x, "")
		if !reflect.DeepEqual(want, got) {
			t.Errorf("relationship %s came back as\n%+v\nnot\n%+v", r.ID, got, want)
		}
	}
	if len(br) != 0 {
		t.Errorf("the import made relationships the graph has not: %v", mapsKeys(br))
	}
	for _, f := range fields {
		if lost[f] == 0 {
			t.Errorf("ftm.Lost says FtM cannot carry %q, yet no record lost it: is the list stale?", f)
		}
	}
	t.Logf("%d entities and %d relationships came back; lost by field: %v", len(g.Entities), len(g.Relationships), lost)
}
