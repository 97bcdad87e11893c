package ftm_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/schema"
)

// FuzzReader: whatever the bytes, the reader returns entities or errors and
// never panics, and what it reads converts to survgraph values that pass
// the schema's checks.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"../importer/testdata/ftm/synthetic.ftm.json", "../importer/testdata/ftm/opensanctions-t1.ftm.json"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"id":"a","schema":"Ownership","properties":{"owner":["b"],"asset":["c"],"percentage":["50-75%"]}}`))
	f.Add([]byte("{\"id\":\"a\"}\n\n[1]\n"))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := ftm.NewReader(bytes.NewReader(data))
		for range 1000 {
			e, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				continue
			}
			if _, edge := ftm.EdgeSchemata[e.Schema]; edge {
				l, why := ftm.ToLink(e, now)
				if why == "" && (l.Share < 0 || l.Share > 100 || !l.Period.Valid()) {
					t.Fatalf("ToLink(%v) = %+v", e, l)
				}
				continue
			}
			kind, why := ftm.KindOf(e, nil)
			if why != "" {
				continue
			}
			c, err := ftm.ToEntity(e, kind, now)
			if err != nil {
				continue
			}
			spec := kind.Spec()
			for name, v := range c.Props {
				field, ok := spec.Field(name)
				if !ok {
					t.Fatalf("ToEntity gave %s a field %q it has not", kind, name)
				}
				if d, isDate := v.(schema.Date); isDate {
					v = d.String()
				}
				if _, err := schema.CheckValue(field, v); err != nil {
					t.Fatalf("ToEntity gave %s.%s = %#v: %v", kind, name, v, err)
				}
			}
		}
	})
}
