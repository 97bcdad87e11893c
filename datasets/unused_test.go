package datasets

import (
	"slices"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func TestDropUnused(t *testing.T) {
	ent := func(id string, k schema.Kind) schema.Entity {
		return schema.Entity{ID: id, Kind: k, Props: map[string]any{"name": id}}
	}
	rel := func(from, to string, cites ...string) schema.Relationship {
		r := schema.Relationship{ID: from + "-" + to, Type: schema.Supplied, From: from, To: to}
		for _, c := range cites {
			r.Citations = append(r.Citations, schema.Citation{Source: c})
		}
		return r
	}
	im := &Import{Name: "x", Graph: schema.Graph{
		Entities: []schema.Entity{
			ent("dataset", schema.Source),         // record 0: the dataset itself stays
			ent("linked-gov", schema.Government),  // a claim of this import links it
			ent("alone-gov", schema.Government),   // nothing links it: dropped
			ent("cited-link", schema.Source),      // cited by the curated seed
			ent("alone-link", schema.Source),      // cited by nothing: dropped
			ent("listed-company", schema.Company), // what a dataset is about: stays
		},
		Relationships: []schema.Relationship{rel("vendor", "linked-gov", "dataset")},
	}, EntityRecords: []int{0, 1, 2, 3, 4, 5}, Report: Report{Counts: map[string]int{}}}
	curated := schema.Graph{Relationships: []schema.Relationship{rel("vendor", "other", "cited-link")}}

	dropUnused([]*Import{im}, curated)

	var ids []string
	for _, e := range im.Graph.Entities {
		ids = append(ids, e.ID)
	}
	if want := []string{"dataset", "linked-gov", "cited-link", "listed-company"}; !slices.Equal(ids, want) {
		t.Errorf("kept %v, want %v", ids, want)
	}
	if want := []int{0, 1, 3, 5}; !slices.Equal(im.EntityRecords, want) {
		t.Errorf("records %v, want %v: they must stay aligned with the entities", im.EntityRecords, want)
	}
	if im.Report.Entities != 4 || len(im.Report.Notes) != 2 {
		t.Errorf("report: %d entities, notes %q", im.Report.Entities, im.Report.Notes)
	}
}
