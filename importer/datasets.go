package importer

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/tablemap"
)

// DatasetMapping reads a mapping of datasets.Mappings.
func DatasetMapping(name string) (*tablemap.Mapping, error) {
	file := path.Join("mappings", name+".yaml")
	data, err := fs.ReadFile(datasets.Mappings, file)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	return tablemap.Parse(data, "datasets/"+file)
}

// MappedDataset imports a dataset through a mapping, in memory, as the
// datasets the seed loads with are: against res (the seed and the datasets
// imported before, whose records are in known), so that what they define
// is referred to and the alias rules it uses count as used. The import's
// entities become known to res, for the datasets after it.
func MappedDataset(ctx context.Context, name, file string, m *tablemap.Mapping, res *datasets.Resolver, known schema.Graph, now time.Time) (*datasets.Import, error) {
	im, err := NewTable(KnownWith(res, known), TableOptions{Input: name, File: file, Mapping: m, Now: now})
	if err != nil {
		return nil, err
	}
	rep, err := im.Check(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	g, el, rl, err := im.Graph(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, e := range g.Entities {
		res.Add(e)
	}
	out := &datasets.Import{Name: name, File: file, Graph: g, EntityRecords: el, RelRecords: rl}
	if m.Source != nil {
		out.Source = m.Source.ID
	}
	out.Report = datasetReport(name, rep, g)
	return out, nil
}

// datasetReport is an import's report as the datasets' reports read.
func datasetReport(name string, rep *Report, g schema.Graph) datasets.Report {
	out := datasets.Report{Name: name, Read: rep.Read, Entities: len(g.Entities), Relationships: len(g.Relationships),
		Counts: map[string]int{}, TotalAmount: map[string]int64{}}
	out.Claims = rep.Read - rep.SkippedCount()
	out.Merged = len(rep.Merges)
	row := func(at string) string { // "dir/customers.json:20" is row 20 of the dataset
		if i := strings.LastIndexByte(at, ':'); i >= 0 {
			return "row " + at[i+1:]
		}
		return at
	}
	for _, m := range rep.Merges {
		out.Resolved = append(out.Resolved, datasets.Resolution{Raw: row(m.At) + ", " + m.Record, ID: m.ID, Why: m.Why})
	}
	for _, reason := range slices.Sorted(maps.Keys(rep.Skipped)) {
		for _, at := range rep.Skipped[reason].At {
			out.Notes = append(out.Notes, fmt.Sprintf("%s: %s", row(at), reason))
		}
	}
	for _, r := range g.Relationships {
		if r.Amount != 0 {
			out.TotalAmount[r.Currency] += r.Amount
		}
		out.Counts["claims of type "+string(r.Type)]++
	}
	for _, e := range g.Entities {
		out.Counts["entities of kind "+string(e.Kind)]++
	}
	out.Notes = append(out.Notes, rep.Notes...)
	return out
}

// DatasetMapper runs the datasets that have a mapping (datasets.Mappings)
// for datasets.All: in memory, against the resolver and what the seed and
// the imports before hold.
func DatasetMapper(ctx context.Context, now time.Time) datasets.Mapper {
	return func(mapping, path string, res *datasets.Resolver, known schema.Graph) (*datasets.Import, error) {
		m, err := DatasetMapping(mapping)
		if err != nil {
			return nil, err
		}
		return MappedDataset(ctx, mapping, path, m, res, known, now)
	}
}

// ImportDatasets imports the datasets under dir against the curated seed,
// every command's way (datasets.ImportAll), the ones with mappings (the
// FinFisher customer table) through them.
func ImportDatasets(ctx context.Context, dir string, curated schema.Graph, rules []datasets.Rule) ([]*datasets.Import, error) {
	return datasets.ImportAll(dir, curated, rules, DatasetMapper(ctx, time.Now()))
}
