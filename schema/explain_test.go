package schema_test

import (
	"slices"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func TestExplain(t *testing.T) {
	hop := func(status schema.ClaimStatus, start, end string, sources ...string) schema.Relationship {
		r := schema.Relationship{Status: status}
		if start != "" {
			r.Period.Start = schema.MustDate(start)
		}
		if end != "" {
			r.Period.End = schema.MustDate(end)
		}
		for _, s := range sources {
			r.Citations = append(r.Citations, schema.Citation{Source: s, Stance: schema.Supports})
		}
		return r
	}
	tests := []struct {
		name        string
		hops        []schema.Relationship
		status      schema.ClaimStatus
		start, end  string
		empty       bool
		wantSources []string
	}{
		{"one hop", []schema.Relationship{hop(schema.Confirmed, "2009", "2012-01", "a")}, schema.Confirmed, "2009", "2012-01", false, []string{"a"}},
		{"weakest wins", []schema.Relationship{hop(schema.Adjudicated, "", "", "a"), hop(schema.Alleged, "", "", "b"), hop(schema.Reported, "", "", "a")},
			schema.Alleged, "", "", false, []string{"a", "b"}},
		{"denied is weakest", []schema.Relationship{hop(schema.Alleged, "", ""), hop(schema.Denied, "", "")}, schema.Denied, "", "", false, nil},
		{"periods intersect", []schema.Relationship{hop(schema.Reported, "2008", "2014"), hop(schema.Reported, "2010-06", ""), hop(schema.Reported, "", "2012-01")},
			schema.Reported, "2010-06", "2012-01", false, nil},
		{"disjoint periods", []schema.Relationship{hop(schema.Reported, "2001", "2003"), hop(schema.Reported, "2009", "")},
			schema.Reported, "2009", "2003", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := schema.Explain(tt.hops)
			if ex.Status != tt.status || ex.Period.Start.String() != tt.start || ex.Period.End.String() != tt.end || ex.Empty != tt.empty {
				t.Errorf("got %s %s..%s empty=%v, want %s %s..%s empty=%v", ex.Status, ex.Period.Start, ex.Period.End, ex.Empty, tt.status, tt.start, tt.end, tt.empty)
			}
			if !slices.Equal(ex.Sources, tt.wantSources) {
				t.Errorf("sources %v, want %v", ex.Sources, tt.wantSources)
			}
		})
	}
}
