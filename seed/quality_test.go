package seed_test

import (
	"testing"
	"time"

	"github.com/survgraph/survgraph/datareport"
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
