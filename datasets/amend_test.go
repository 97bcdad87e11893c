package datasets

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// amendFixture is two small imports: a company supplying a government, a
// duplicate of the company, and a Source cited by the claim.
func amendFixture() []*Import {
	cite := schema.Citation{Source: "dataset", Stance: schema.Supports}
	ent := func(id string, k schema.Kind, name string) schema.Entity {
		return schema.Entity{ID: id, Kind: k, Props: map[string]any{"name": name}, Citations: []schema.Citation{cite}}
	}
	a := &Import{Name: "a", Graph: schema.Graph{
		Entities: []schema.Entity{ent("vendor", schema.Company, "Vendor"), ent("vendor-dup", schema.Company, "Vendor Ltd"),
			ent("gov", schema.Government, "Government"), ent("agency", schema.Agency, "Agency")},
		Relationships: []schema.Relationship{
			{ID: "vendor.supplied.gov", Type: schema.Supplied, From: "vendor", To: "gov", Status: schema.Reported, Basis: schema.BasisPress, Citations: []schema.Citation{cite}},
			{ID: "vendor-dup.supplied.gov", Type: schema.Supplied, From: "vendor-dup", To: "gov", Status: schema.Reported, Basis: schema.BasisPress, Citations: []schema.Citation{cite}},
		},
	}, RelRecords: []int{1, 2}, EntityRecords: []int{1, 2, 3, 4}}
	return []*Import{a}
}

func TestAmend(t *testing.T) {
	shown := schema.Citation{Source: "report", Quote: "It is so.", Stance: schema.Supports}
	disputes := schema.Citation{Source: "denial", Quote: "It is not so.", Stance: schema.Disputes}
	tests := []struct {
		name  string
		a     schema.Amendment
		check func(t *testing.T, g schema.Graph)
	}{
		{"set an entity's field", schema.Amendment{Targets: []string{"vendor"}, Action: schema.AmendSet, Set: map[string]string{"country": "IL", "founded": "1996"}},
			func(t *testing.T, g schema.Graph) {
				e := entityIn(g, "vendor")
				if e.Props["country"] != "IL" || e.Props["founded"] != (schema.Date{Year: 1996}) || len(e.Corrections) != 1 {
					t.Errorf("vendor: %+v", e)
				}
			}},
		{"lower a status", schema.Amendment{Targets: []string{"vendor.supplied.gov"}, OfRelationships: true, Action: schema.AmendStatus, Status: schema.Alleged},
			func(t *testing.T, g schema.Graph) {
				if r := relIn(g, "vendor.supplied.gov"); r.Status != schema.Alleged || r.Corrections[0].Source != "report" {
					t.Errorf("claim: %+v", r)
				}
			}},
		{"re-point an end", schema.Amendment{Targets: []string{"vendor.supplied.gov"}, OfRelationships: true, Action: schema.AmendRepoint, To: "agency"},
			func(t *testing.T, g schema.Graph) {
				if r := relIn(g, "vendor.supplied.gov"); r.From != "vendor" || r.To != "agency" || len(r.Citations) != 1 {
					t.Errorf("claim: %+v", r)
				}
			}},
		{"add a disputing citation", schema.Amendment{Targets: []string{"vendor.supplied.gov"}, OfRelationships: true, Action: schema.AmendCite, Citation: disputes},
			func(t *testing.T, g schema.Graph) {
				if r := relIn(g, "vendor.supplied.gov"); len(r.Citations) != 2 || r.Citations[1] != disputes {
					t.Errorf("claim: %+v", r)
				}
			}},
		{"merge an entity into another", schema.Amendment{Targets: []string{"vendor-dup"}, Action: schema.AmendMerge, Into: "vendor"},
			func(t *testing.T, g schema.Graph) {
				if entityIn(g, "vendor-dup") != nil || relIn(g, "vendor-dup.supplied.gov").From != "vendor" {
					t.Errorf("merge left %+v", g)
				}
				if len(entityIn(g, "vendor").Corrections) != 1 {
					t.Error("the merge is not recorded on the entity merged into")
				}
			}},
		{"suppress a claim", schema.Amendment{Targets: []string{"vendor-dup.supplied.gov"}, OfRelationships: true, Action: schema.AmendSuppress},
			func(t *testing.T, g schema.Graph) {
				if relIn(g, "vendor-dup.supplied.gov") != nil || len(g.Relationships) != 1 {
					t.Errorf("suppress left %+v", g.Relationships)
				}
			}},
		{"suppress an entity and its claims", schema.Amendment{Targets: []string{"vendor-dup"}, Action: schema.AmendSuppress},
			func(t *testing.T, g schema.Graph) {
				if entityIn(g, "vendor-dup") != nil || relIn(g, "vendor-dup.supplied.gov") != nil {
					t.Errorf("suppress left %+v", g)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.a.Reason, tt.a.File, tt.a.Line = "Because.", "corrections.yaml", 7
			if tt.a.Citation.Source == "" {
				tt.a.Citation = shown
			}
			ims := amendFixture()
			if err := Amend(ims, []schema.Amendment{tt.a}); err != nil {
				t.Fatal(err)
			}
			tt.check(t, ims[0].Graph)
			if len(ims[0].RelRecords) != len(ims[0].Graph.Relationships) || len(ims[0].EntityRecords) != len(ims[0].Graph.Entities) {
				t.Error("record numbers no longer line up with the records")
			}
			if len(ims[0].Report.Corrections) != 1 || !strings.Contains(ims[0].Report.Corrections[0], "corrections.yaml:7") {
				t.Errorf("report: %q", ims[0].Report.Corrections)
			}
			// Idempotent: the same corrections on a fresh import give the same graph.
			again := amendFixture()
			if err := Amend(again, []schema.Amendment{tt.a}); err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(ims[0].Graph)
			b, _ := json.Marshal(again[0].Graph)
			if string(a) != string(b) {
				t.Error("two applications differ")
			}
		})
	}
}

// TestAmendNamesWhatDoesNotApply: a correction that matches nothing fails,
// naming its file and line, and so does one that cannot apply.
func TestAmendNamesWhatDoesNotApply(t *testing.T) {
	for _, tt := range []struct {
		a    schema.Amendment
		want string
	}{
		{schema.Amendment{Targets: []string{"no-such-company"}, Action: schema.AmendSet, Set: map[string]string{"country": "IL"}}, `corrections.yaml:3: no import holds the entity "no-such-company"`},
		{schema.Amendment{Targets: []string{"a.supplied.b"}, OfRelationships: true, Action: schema.AmendStatus, Status: schema.Alleged}, `corrections.yaml:3: no import holds the relationship "a.supplied.b"`},
		{schema.Amendment{Targets: []string{"vendor"}, Action: schema.AmendSet, Set: map[string]string{"country": "Israel"}}, "corrections.yaml:3: vendor: country:"},
		{schema.Amendment{Targets: []string{"vendor"}, Action: schema.AmendSet, Set: map[string]string{"hqTown": "Haifa"}}, "a Company has no field hqTown"},
		{schema.Amendment{Targets: []string{"vendor"}, Action: schema.AmendStatus, Status: schema.Alleged}, "a correction of entities cannot status"},
	} {
		tt.a.File, tt.a.Line, tt.a.Reason = "corrections.yaml", 3, "Because."
		err := Amend(amendFixture(), []schema.Amendment{tt.a})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Amend(%+v) = %v; want an error with %q", tt.a, err, tt.want)
		}
	}
}

func entityIn(g schema.Graph, id string) *schema.Entity {
	for i := range g.Entities {
		if g.Entities[i].ID == id {
			return &g.Entities[i]
		}
	}
	return nil
}

func relIn(g schema.Graph, id string) *schema.Relationship {
	for i := range g.Relationships {
		if g.Relationships[i].ID == id {
			return &g.Relationships[i]
		}
	}
	return nil
}
