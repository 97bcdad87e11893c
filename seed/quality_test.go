package seed_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/datareport"
	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// The quality gate: properties the curated data must keep, checked on every
// `make test`. The loader already refuses invalid input; these tests guard
// what is valid but poor.

func curated(t *testing.T) schema.Graph {
	t.Helper()
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := loader.ValidateIn("seed", seed.FS, files, time.Now())
	if err != nil {
		t.Fatalf("the seed does not validate: %v", err)
	}
	return g
}

func TestEveryClaimIsCited(t *testing.T) {
	g := curated(t)
	byID := map[string]schema.Entity{}
	for _, e := range g.Entities {
		byID[e.ID] = e
	}
	for _, r := range g.Relationships {
		supported := false
		for _, c := range r.Citations {
			if src, ok := byID[c.Source]; ok && src.Kind == schema.Source {
				supported = true
			}
		}
		if !supported {
			t.Errorf("relationship %s has no citation of an existing source", r.ID)
		}
	}
}

func TestNoOrphanedSources(t *testing.T) {
	g := curated(t)
	used := map[string]bool{}
	for _, e := range g.Entities {
		for _, c := range e.Citations {
			used[c.Source] = true
		}
	}
	for _, r := range g.Relationships {
		for _, c := range r.Citations {
			used[c.Source] = true
		}
		if r.Type == schema.Cites {
			used[r.To] = true
		}
	}
	for _, a := range g.Amendments {
		used[a.Citation.Source] = true
	}
	for _, e := range g.Entities {
		if e.Kind == schema.Source && !used[e.ID] && !isDataset(e) {
			t.Errorf("source %s is cited by nothing", e.ID)
		}
	}
}

// Dataset sources are cited by the imported records, which are checked with
// the datasets.
func isDataset(e schema.Entity) bool {
	t, _ := e.Props["sourceType"].(string)
	return t == "DATASET" || e.ID == "wikileaks-spyfiles4-finfisher-customers"
}

func TestSourcesCanBeFound(t *testing.T) {
	for _, e := range curated(t).Entities {
		if e.Kind != schema.Source {
			continue
		}
		_, hasURL := e.Props["url"]
		_, hasLocator := e.Props["locator"]
		if e.Name() == "" || e.Props["publisher"] == nil || (!hasURL && !hasLocator) {
			t.Errorf("source %s lacks a title, a publisher, or both a URL and a locator", e.ID)
		}
	}
}

func TestDatesArePlausible(t *testing.T) {
	now := time.Now()
	for _, r := range curated(t).Relationships {
		if !r.Period.Valid() {
			t.Errorf("%s: start %s after end %s", r.ID, r.Period.Start, r.Period.End)
		}
		for _, d := range []schema.Date{r.Period.Start, r.Period.End} {
			if !d.IsZero() && d.Earliest().After(now) {
				t.Errorf("%s: date %s is in the future", r.ID, d)
			}
		}
	}
}

// TestCases checks that the curated seed documents at least 25
// vendor-to-government cases beyond the founding one, each resting on two or
// more independent publishers.
func TestCases(t *testing.T) {
	rep := datareport.Build(seed.Input, datareport.Input{Name: seed.Input, Graph: curated(t)})
	independent := 0
	for _, c := range rep.Cases {
		if c.Independent() && !(c.Vendor == "qosmos" && c.Government == "syria-government") {
			independent++
		}
	}
	t.Logf("%d cases, %d with two or more independent publishers (besides Qosmos and Syria)", len(rep.Cases), independent)
	if independent < 25 {
		t.Errorf("only %d curated cases beyond Qosmos rest on two independent publishers; want at least 25", independent)
	}
}

// whole is the graph every command loads: the curated seed, the datasets
// imported against it, and the corrections applied.
func whole(t *testing.T) (schema.Graph, []*datasets.Import) {
	t.Helper()
	g := curated(t)
	f, err := seed.FS.Open(seed.ResolutionFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := datasets.LoadRules(f)
	if err != nil {
		t.Fatal(err)
	}
	ims, err := importer.ImportDatasets(context.Background(), filepath.Join("..", filepath.FromSlash(datasets.DataDir)), g, rules)
	if err != nil {
		t.Fatalf("the corrections do not apply: %v", err)
	}
	all := schema.Graph{Entities: slices.Clone(g.Entities), Relationships: slices.Clone(g.Relationships)}
	for _, im := range ims {
		all.Entities = append(all.Entities, im.Graph.Entities...)
		all.Relationships = append(all.Relationships, im.Graph.Relationships...)
	}
	return all, ims
}

// TestSourcesAreDistinct: one document is one Source, whoever cites it. No
// two sources of the whole graph share a normalised address or title.
func TestSourcesAreDistinct(t *testing.T) {
	g, _ := whole(t)
	byURL, byTitle := map[string]string{}, map[string]string{}
	for _, e := range g.Entities {
		if e.Kind != schema.Source {
			continue
		}
		if u, ok := e.Props["url"].(string); ok {
			k := datasets.SourceURLKey(u)
			if other, dup := byURL[k]; dup {
				t.Errorf("sources %s and %s share the address %s", other, e.ID, k)
			}
			byURL[k] = e.ID
		}
		if k := datasets.SourceTitleKey(e.Name()); k != "" {
			if other, dup := byTitle[k]; dup {
				t.Errorf("sources %s and %s share the title %q", other, e.ID, k)
			}
			byTitle[k] = e.ID
		}
	}
}

// TestDatasetsCiteCuratedSources: documents the SII cites that the seed
// already holds are cited as the seed's Source, not as a second one; these
// four were once duplicated (the trustworthy-imports issue).
func TestDatasetsCiteCuratedSources(t *testing.T) {
	_, ims := whole(t)
	cited := map[string]bool{}
	created := map[string]string{}
	for _, im := range ims {
		for _, r := range im.Graph.Relationships {
			for _, c := range r.Citations {
				cited[c.Source] = true
			}
		}
		for _, e := range im.Graph.Entities {
			if e.Kind == schema.Source {
				created[e.ID] = e.Name()
			}
		}
	}
	for _, id := range []string{
		"bloomberg-2011-11-04-syria-crackdown-italy-firm", // "Syria crackdown gets Italy firm's aid", spelt otherwise by the SII
		"bloomberg-2011-11-28-italian-firm-exits-syrian-project",
		"fidh-2013-01-17-amesys-investigation-chamber",
	} {
		if !cited[id] {
			t.Errorf("no imported claim cites the curated %s", id)
		}
	}
	for id, title := range created {
		for _, words := range []string{"syria crackdown gets italy", "italian firm exits syrian", "torture in bahrain becomes routine",
			"investigation chamber", "france investigates tech firm", "nokia siemens lawsuit dropped"} {
			if strings.Contains(strings.ToLower(title), words) {
				t.Errorf("the import creates %s (%q), a second Source for a document the seed holds", id, title)
			}
		}
	}
}
