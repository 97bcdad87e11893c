package schema_test

import (
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func TestTimeline(t *testing.T) {
	src := func(id, date string) schema.Entity {
		return schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{"name": id, "publisher": "P", "publishedAt": schema.MustDate(date)}}
	}
	cite := func(id string) []schema.Citation { return []schema.Citation{{Source: id, Stance: schema.Supports}} }
	vendor := schema.Entity{ID: "vendor", Kind: schema.Company, Props: map[string]any{"name": "Vendor"}, Citations: cite("profile")}
	rels := []schema.Relationship{
		{ID: "s", Type: schema.Supplied, From: "vendor", To: "gov", Period: schema.Period{Start: schema.MustDate("2009"), End: schema.MustDate("2012-01")}, Citations: cite("article")},
		{ID: "t", Type: schema.Targets, From: "complaint", To: "vendor", Citations: cite("article")},
		{ID: "a", Type: schema.AppliesTo, From: "ban", To: "vendor", Citations: cite("article")},
	}
	neighbors := map[string]schema.Entity{
		"gov":       {ID: "gov", Kind: schema.Government, Props: map[string]any{"name": "Gov"}},
		"complaint": {ID: "complaint", Kind: schema.LegalAction, Props: map[string]any{"name": "Complaint", "actionType": "COMPLAINT", "filed": schema.MustDate("2012-07"), "decided": schema.MustDate("2020-12-31")}},
		"ban":       {ID: "ban", Kind: schema.LegalAction, Props: map[string]any{"name": "Ban", "actionType": "EXPORT_BAN", "filed": schema.MustDate("2012-01-18")}},
	}
	sources := map[string]schema.Entity{"article": src("article", "2012-07-26"), "profile": src("profile", "2016"), "unrelated": src("unrelated", "2001")}

	got := schema.Timeline(vendor, rels, neighbors, sources)
	want := []struct {
		date string
		kind schema.EventKind
	}{
		{"2009", schema.RelationshipStart},
		{"2012-01", schema.RelationshipEnd},
		{"2012-01-18", schema.MeasureImposed},
		{"2012-07", schema.LegalActionFiled},
		{"2012-07-26", schema.SourcePublished},
		{"2016", schema.SourcePublished},
		{"2020-12-31", schema.LegalActionDone},
	}
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("%s %s %s", e.Date, e.Kind, e.Summary)
		}
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Date.String() != w.date || got[i].Kind != w.kind {
			t.Errorf("event %d = %s %s, want %s %s", i, got[i].Date, got[i].Kind, w.date, w.kind)
		}
	}
	if got[0].Summary != "Begins: Vendor supplied Gov" || len(got[0].Citations) != 1 {
		t.Errorf("first event: %q with %d citations", got[0].Summary, len(got[0].Citations))
	}
}
