package datareport_test

import (
	"strings"
	"testing"

	"github.com/survgraph/survgraph/datareport"
	"github.com/survgraph/survgraph/schema"
)

func TestBuild(t *testing.T) {
	src := func(id, publisher string) schema.Entity {
		return schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{"name": id, "publisher": publisher, "sourceType": "ARTICLE"}}
	}
	ent := func(id string, k schema.Kind, country string) schema.Entity {
		e := schema.Entity{ID: id, Kind: k, Props: map[string]any{"name": id}}
		if country != "" {
			e.Props["country"] = country
		}
		return e
	}
	cite := func(ids ...string) []schema.Citation {
		var cs []schema.Citation
		for _, id := range ids {
			cs = append(cs, schema.Citation{Source: id, Stance: schema.Supports})
		}
		return cs
	}
	curated := schema.Graph{
		Entities: []schema.Entity{
			ent("vendor", schema.Company, "FR"), ent("other", schema.Company, "IT"), ent("gov", schema.Government, "SY"),
			ent("police", schema.Agency, "SY"), src("a", "Reuters"), src("b", "Bloomberg"), src("c", "Reuters"),
		},
		Relationships: []schema.Relationship{
			{ID: "1", Type: schema.Supplied, From: "vendor", To: "gov", Status: schema.Alleged, Citations: cite("a")},
			{ID: "2", Type: schema.Supplied, From: "vendor", To: "police", Status: schema.Confirmed, Citations: cite("b")},
			{ID: "3", Type: schema.PartOf, From: "police", To: "gov", Status: schema.Reported, Citations: cite("a")},
			{ID: "4", Type: schema.Supplied, From: "other", To: "gov", Status: schema.Reported, Citations: cite("a", "c")},
		},
	}
	dataset := schema.Graph{
		Entities:      []schema.Entity{ent("third", schema.Company, "US"), {ID: "ds", Kind: schema.Source, Props: map[string]any{"name": "DS", "publisher": "PI", "sourceType": "DATASET", "licence": "none stated"}}},
		Relationships: []schema.Relationship{{ID: "5", Type: schema.Supplied, From: "third", To: "gov", Status: schema.Reported}},
	}
	rep := datareport.Build("seed", datareport.Input{Name: "seed", Graph: curated}, datareport.Input{Name: "ds", Graph: dataset})

	if rep.Entities != 9 || rep.Relationships != 5 || rep.Uncited != 1 {
		t.Errorf("counts: %d entities, %d relationships, %d uncited", rep.Entities, rep.Relationships, rep.Uncited)
	}
	// The agency's supply counts toward its government; dataset claims are no cases.
	if len(rep.Cases) != 2 {
		t.Fatalf("cases = %+v, want vendor->gov and other->gov", rep.Cases)
	}
	first := rep.Cases[0]
	if first.Vendor != "vendor" || first.Government != "gov" || first.Claims != 2 || first.Strongest != schema.Confirmed || !first.Independent() {
		t.Errorf("first case = %+v", first)
	}
	if second := rep.Cases[1]; second.Vendor != "other" || second.Independent() || second.Sources != 2 {
		t.Errorf("two sources from one publisher are not independent: %+v", second)
	}
	if rep.IndependentCases() != 1 {
		t.Errorf("independent cases = %d", rep.IndependentCases())
	}
	var md strings.Builder
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**9 entities and 5 relationships**; 4 of 5", "| vendor | gov | 2 | CONFIRMED | 2 | Bloomberg; Reuters |", "| DS | PI |", "| Syria (SY) | 2 |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}
