package graphdb

import (
	"strings"
	"testing"
)

// TestDecodersReportMismatches: a value of an unexpected type is an error,
// named, where a silent zero would hide drift between data and code.
func TestDecodersReportMismatches(t *testing.T) {
	var d decoder
	if got := get[string](&d, nil, "an absent property"); got != "" || d.err != nil {
		t.Errorf("nil: %q, %v; want the zero value and no error", got, d.err)
	}
	if got := get[string](&d, "qosmos", "an id"); got != "qosmos" || d.err != nil {
		t.Errorf("a string: %q, %v", got, d.err)
	}
	get[string](&d, int64(3), "an id")
	get[int64](&d, "three", "a count") // the first mismatch is kept
	if d.err == nil || !strings.Contains(d.err.Error(), "decoding an id: got a int64, want a string") {
		t.Errorf("mismatch: %v", d.err)
	}
	rel := relFromTriple(&d, []any{map[string]any{"id": "a.supplied.b", "quantity": "2"}, "a", "b"})
	if rel.ID != "a.supplied.b" {
		t.Errorf("relationship: %+v", rel)
	}
	var fresh decoder
	relFromTriple(&fresh, []any{map[string]any{"id": "a.supplied.b", "quantity": "2"}, "a", "b"})
	if fresh.err == nil || !strings.Contains(fresh.err.Error(), "quantity") {
		t.Errorf("a quantity stored as text decodes without error: %v", fresh.err)
	}
}
