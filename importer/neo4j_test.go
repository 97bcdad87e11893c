package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/tablemap"
)

// totals sums a load's changes.
func totals(t *testing.T, rep *importer.Report) (loader.Change, loader.Change) {
	t.Helper()
	if rep.Load == nil {
		t.Fatal("the report has no load")
	}
	return rep.Load.Totals()
}

// ftmInto imports an FtM file into db as input syn, resolving against what
// the graph holds.
func ftmInto(t *testing.T, db *graphdb.DB, file, version string) *importer.Report {
	t.Helper()
	ctx := context.Background()
	g, err := db.KnownGraph(ctx, "syn", nil)
	if err != nil {
		t.Fatal(err)
	}
	im, err := importer.NewFtM(ctx, importer.NewKnown(g, nil), importer.FtMOptions{Input: "syn", Files: []string{file}, Source: fileSource(), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Check(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Load(ctx, db, loader.Options{Version: version})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func tableInto(t *testing.T, db *graphdb.DB, mapPath, file string) *importer.Report {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	m, err := tablemap.Parse(data, mapPath)
	if err != nil {
		t.Fatal(err)
	}
	g, err := db.KnownGraph(ctx, "tab", m.CitedSources())
	if err != nil {
		t.Fatal(err)
	}
	im, err := importer.NewTable(importer.NewKnown(g, nil), importer.TableOptions{Input: "tab", File: file, Mapping: m, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Check(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Load(ctx, db, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestImportsInNeo4j: an import writes what it checked, a second load of the
// same files changes nothing, records gone from the files are deleted, and
// what other inputs hold is never touched; stats lists each input with its
// Sources.
func TestImportsInNeo4j(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, db, "seed", knownGraph(), loader.Options{}); err != nil {
		t.Fatal(err)
	}

	rep := ftmInto(t, db, "testdata/ftm/synthetic.ftm.json", "v1")
	e, r := totals(t, rep)
	if e.Created != 15 || r.Created != 11 || e.Deleted+r.Deleted != 0 {
		t.Errorf("first FtM import: entities %+v, relationships %+v", e, r)
	}
	if again := ftmInto(t, db, "testdata/ftm/synthetic.ftm.json", "v1"); !again.Load.Skipped {
		t.Error("the same files by the same program were written again")
	}
	e, r = totals(t, ftmInto(t, db, "testdata/ftm/synthetic.ftm.json", ""))
	if e.Created+e.Updated+e.Deleted+r.Created+r.Updated+r.Deleted != 0 || e.Unchanged != 15 || r.Unchanged != 11 {
		t.Errorf("a reimport changed the graph: entities %+v, relationships %+v", e, r)
	}
	// Two lines fewer: an organisation and a kinship.
	data, err := os.ReadFile("testdata/ftm/synthetic.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.Contains(line, `"syn-odf"`) && !strings.Contains(line, `"syn-fam-1"`) {
			kept = append(kept, line)
		}
	}
	trimmed := filepath.Join(t.TempDir(), "trimmed.ftm.json")
	os.WriteFile(trimmed, []byte(strings.Join(kept, "\n")+"\n"), 0o644)
	e, r = totals(t, ftmInto(t, db, trimmed, ""))
	if e.Deleted != 1 || r.Deleted != 1 {
		t.Errorf("records gone from the file: deleted %d entities and %d relationships, want 1 and 1", e.Deleted, r.Deleted)
	}
	if got, err := db.Entities(ctx, []string{"qosmos", "amesys"}, nil, nil); err != nil || len(got) != 2 {
		t.Errorf("the seed's entities, which the import merged into: %v %v", got, err)
	}

	rep = tableInto(t, db, "testdata/table/licences.yaml", "testdata/table/licences.csv")
	if e, r := totals(t, rep); e.Created == 0 || r.Created != 6 {
		t.Errorf("first table import: entities %+v, relationships %+v", e, r)
	}
	if e, r := totals(t, tableInto(t, db, "testdata/table/licences.yaml", "testdata/table/licences.csv")); e.Created+e.Updated+r.Created+r.Updated+e.Deleted+r.Deleted != 0 {
		t.Errorf("a reimport of the table changed the graph: %+v %+v", e, r)
	}
	csv, _ := os.ReadFile("testdata/table/licences.csv")
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	fewer := filepath.Join(t.TempDir(), "licences.csv")
	os.WriteFile(fewer, []byte(strings.Join(lines[:len(lines)-1], "\n")+"\n"), 0o644) // the 2013-Q3 licence
	if e, r := totals(t, tableInto(t, db, "testdata/table/licences.yaml", fewer)); e.Deleted != 1 || r.Deleted != 1 || r.Updated != 1 {
		t.Errorf("a row removed: entities %+v, relationships %+v; want its Source and its claim deleted, the PART_OF it cited updated", e, r)
	}

	if err := db.SetInputSources(ctx, "syn", rep.Sources); err != nil {
		t.Fatal(err)
	}
	if err := db.SetInputSources(ctx, "syn", []string{"survgraph-tests-2024-06-synthetic-sanctions-and-registry-extract"}); err != nil {
		t.Fatal(err)
	}
	inputs, err := db.Inputs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]schema.Input{}
	for _, in := range inputs {
		byName[in.Name] = in
	}
	if len(inputs) != 3 || byName["seed"].Entities != 3 || len(byName["seed"].Sources) != 0 {
		t.Errorf("inputs: %+v", inputs)
	}
	syn := byName["syn"]
	if syn.Entities != 14 || syn.Relationships != 10 || len(syn.Sources) != 1 || syn.Sources[0].Props["licence"] != "MIT" {
		t.Errorf("syn: %+v", syn)
	}
}
