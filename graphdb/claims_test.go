package graphdb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/schema"
)

const claimsFixture = `
sources:
  - {id: leak, sourceType: LEAK, name: A leak, publisher: Leaks, publishedAt: 2014}
  - {id: scan, sourceType: REPORT, name: A scan report, publisher: Lab, publishedAt: 2015}
entities:
  - {id: vendor, kind: Company, name: Vendor, citations: [{source: leak, stance: SUPPORTS}]}
  - {id: unknown, kind: Company, name: Unidentified exporter, placeholder: true, citations: [{source: leak, stance: SUPPORTS}]}
  - {id: operator, kind: Company, name: Operator, citations: [{source: leak, stance: SUPPORTS}]}
  - {id: gov, kind: Government, name: Government, citations: [{source: leak, stance: SUPPORTS}]}
relationships:
  - {type: SUPPLIED, from: vendor, to: gov, key: dated, status: REPORTED, start: 2010, end: 2012, citations: [{source: leak, stance: SUPPORTS}]}
  - {type: SUPPLIED, from: vendor, to: gov, key: undated, status: REPORTED, citations: [{source: leak, stance: SUPPORTS}]}
  - {type: SUPPLIED, from: vendor, to: gov, key: scanned, status: ALLEGED, basis: MEASUREMENT, start: 2011, citations: [{source: scan, stance: SUPPORTS}]}
  - {type: SUPPLIED, from: unknown, to: gov, status: ALLEGED, start: 2011, citations: [{source: leak, stance: SUPPORTS}]}
  - {type: SUPPLIED, from: vendor, to: operator, role: network operator, status: REPORTED, start: 2011, citations: [{source: leak, stance: SUPPORTS}]}
`

// TestClaimFilters: asOf leaves undated claims out unless includeUndated,
// basis keeps the claims resting on it, excludePlaceholders leaves out the
// claims of unknown parties, on every read that lists claims.
func TestClaimFilters(t *testing.T) {
	db := neo4jtest.Open(t)
	g := graphFrom(t, map[string]string{"claims.yaml": claimsFixture})
	load(t, db, "seed", g)
	ctx := context.Background()
	day := time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    schema.RelFilter
		want []string // the gov's claims kept
	}{
		{"no filter", schema.RelFilter{}, []string{"unknown.supplied.gov", "vendor.supplied.gov.dated", "vendor.supplied.gov.scanned", "vendor.supplied.gov.undated"}},
		{"asOf leaves undated out", schema.RelFilter{AsOf: &day}, []string{"unknown.supplied.gov", "vendor.supplied.gov.dated", "vendor.supplied.gov.scanned"}},
		{"includeUndated brings them back", schema.RelFilter{AsOf: &day, IncludeUndated: true}, []string{"unknown.supplied.gov", "vendor.supplied.gov.dated", "vendor.supplied.gov.scanned", "vendor.supplied.gov.undated"}},
		{"basis", schema.RelFilter{Bases: []schema.Basis{schema.BasisLeak}}, []string{"unknown.supplied.gov", "vendor.supplied.gov.dated", "vendor.supplied.gov.undated"}},
		{"measurements only", schema.RelFilter{Bases: []schema.Basis{schema.BasisMeasurement}}, []string{"vendor.supplied.gov.scanned"}},
		{"named parties only", schema.RelFilter{ExcludePlaceholders: true}, []string{"vendor.supplied.gov.dated", "vendor.supplied.gov.scanned", "vendor.supplied.gov.undated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, err := db.Relationships(ctx, []string{"gov"}, &schema.PageFetch{Dir: schema.Incoming, Filter: tt.f, First: 10, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range pages["gov"].Items {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tt.want) || pages["gov"].Total != len(tt.want) {
				t.Errorf("entity page: %v (total %d), want %v", got, pages["gov"].Total, tt.want)
			}
			sg, err := db.Neighborhood(ctx, "gov", 1, tt.f, 500, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var inNeighborhood []string
			for _, r := range sg.Relationships {
				inNeighborhood = append(inNeighborhood, r.ID)
			}
			slices.Sort(inNeighborhood)
			if !slices.Equal(inNeighborhood, tt.want) {
				t.Errorf("neighbourhood: %v, want %v", inNeighborhood, tt.want)
			}
			list, err := db.RelationshipPage(ctx, schema.RelationshipQuery{RelFilter: tt.f, To: "gov", Window: schema.Window{First: 10}}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if list.Total != len(tt.want) {
				t.Errorf("relationship list: %d, want %d", list.Total, len(tt.want))
			}
		})
	}
	// What is read back: basis, role, placeholder.
	all, err := db.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all.Relationships {
		if r.ID == "vendor.supplied.operator" && (r.Role != "network operator" || r.Basis != schema.BasisLeak) {
			t.Errorf("operator claim read back as %+v", r)
		}
		if r.ID == "vendor.supplied.gov.scanned" && r.Basis != schema.BasisMeasurement {
			t.Errorf("basis read back as %s", r.Basis)
		}
	}
	for _, e := range all.Entities {
		if e.Placeholder != (e.ID == "unknown") {
			t.Errorf("%s: placeholder %v", e.ID, e.Placeholder)
		}
	}
}
