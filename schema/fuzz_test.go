package schema_test

import (
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// FuzzParseDate checks that any string either fails to parse or round-trips:
// a parsed date prints as the text it came from and spans a valid day range.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2011", "2011-12", "2011-12-05", "2012-02-29", "2011-02-30", "", "20111", "2011-1-1", "-2011"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := schema.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints as %q", s, d.String())
		}
		if d.Latest().Before(d.Earliest()) {
			t.Fatalf("%q: latest %v before earliest %v", s, d.Latest(), d.Earliest())
		}
	})
}
