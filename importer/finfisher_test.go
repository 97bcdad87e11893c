package importer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// seedGraph is the curated seed and its alias table.
func seedGraph(t *testing.T) (schema.Graph, []datasets.Rule) {
	t.Helper()
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := loader.ValidateIn("seed", seed.FS, files, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f, err := seed.FS.Open(seed.ResolutionFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := datasets.LoadRules(f)
	if err != nil {
		t.Fatal(err)
	}
	return g, rules
}

// beforeFinFisher runs the datasets that come before the FinFisher table,
// as ImportAll does, and returns the resolver they leave and what they and
// the seed hold.
func beforeFinFisher(t *testing.T, curated schema.Graph, rules []datasets.Rule) (*datasets.Resolver, schema.Graph) {
	t.Helper()
	dir := filepath.Join("..", filepath.FromSlash(datasets.DataDir))
	res := datasets.NewResolver(curated.Entities, rules)
	res.SetCurated(datasets.NewCurated(curated))
	known := curated
	for _, step := range []struct {
		file string
		run  func(string, *datasets.Resolver) (*datasets.Import, error)
	}{{datasets.SIICompaniesFile, datasets.SIICompanies}, {datasets.SIITransfersFile, datasets.SIITransfers}} {
		im, err := step.run(filepath.Join(dir, filepath.FromSlash(step.file)), res)
		if err != nil {
			t.Fatal(err)
		}
		known.Entities = append(known.Entities, im.Graph.Entities...)
		known.Relationships = append(known.Relationships, im.Graph.Relationships...)
	}
	return res, known
}

// canonical lists a graph's records as JSON lines, sorted, so that two
// graphs compare whatever their order.
func canonical(t *testing.T, g schema.Graph) []string {
	t.Helper()
	var out []string
	for _, e := range g.Entities {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	for _, r := range g.Relationships {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

func TestFinFisherMappingMatchesGoImporter(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real datasets")
	}
	curated, rules := seedGraph(t)
	file := filepath.Join("..", filepath.FromSlash(datasets.DataDir), filepath.FromSlash(datasets.FinFisherCustomersFile))

	res, _ := beforeFinFisher(t, curated, rules)
	old, err := datasets.FinFisherCustomers(file, res)
	if err != nil {
		t.Fatal(err)
	}
	res, known := beforeFinFisher(t, curated, rules)
	m, err := importer.DatasetMapping("finfisher-customers")
	if err != nil {
		t.Fatal(err)
	}
	mapped, err := importer.MappedDataset(context.Background(), "finfisher-customers", file, m, res, known, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want, got := canonical(t, old.Graph), canonical(t, mapped.Graph)
	if *update {
		if err := os.WriteFile(finFisherGolden, []byte(strings.Join(want, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(finFisherGolden)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(want, strings.Split(strings.TrimSuffix(string(golden), "\n"), "\n")) {
		t.Errorf("%s is not the Go importer's graph (go test ./importer -update rewrites it)", finFisherGolden)
	}
	if slices.Equal(want, got) {
		t.Logf("identical: %d records", len(got))
		return
	}
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	t.Errorf("the mapping's graph differs: %d records of the Go importer's missing, %d extra", len(missing), len(extra))
	for i := range min(5, len(missing)) {
		t.Errorf("missing: %s", missing[i])
	}
	for i := range min(5, len(extra)) {
		t.Errorf("extra:   %s", extra[i])
	}
}

// finFisherGolden holds the graph the Go importer of the FinFisher table
// (datasets/finfisher.go, removed since) made, one record a line, sorted:
// the mapping must give it, quotes and locators included.
const finFisherGolden = "testdata/finfisher-customers.golden.jsonl"
