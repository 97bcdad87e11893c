package datasets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// The importers read files people did not write for us. Whatever the bytes,
// they must return an import or an error, never panic.

func fuzzImporter(f *testing.F, seedFile string, importer func(string, *Resolver) (*Import, error)) {
	if b, err := os.ReadFile(filepath.Join("testdata", seedFile)); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`[]`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[{"supplier_company": null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), seedFile)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		im, err := importer(path, NewResolver(nil, nil))
		if err == nil && im == nil {
			t.Fatal("no import and no error")
		}
	})
}

func FuzzSIICompanies(f *testing.F) { fuzzImporter(f, "companies.json", SIICompanies) }

func FuzzSIITransfers(f *testing.F) { fuzzImporter(f, "transfers.json", SIITransfers) }

func FuzzNormalisation(f *testing.F) {
	for _, s := range []string{"Gamma International, FinFisher", "Nice Systems", "S.p.A.", "Italia", "Norwat", "é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeName(s)
		if NormalizeName(n) != n {
			t.Fatalf("NormalizeName is not idempotent on %q: %q then %q", s, n, NormalizeName(n))
		}
		CountryCode(s)
	})
}

// fuzzCSV runs an importer of two files on fuzzed bytes as the first, the
// fixture as the second.
func fuzzCSV(f *testing.F, first, second string, run func(string, string) (*Import, error)) {
	if b, err := os.ReadFile(filepath.Join("testdata", first)); err == nil {
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Add([]byte("name,operator\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), filepath.Base(first))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		im, err := run(path, filepath.Join("testdata", second))
		if err == nil && im == nil {
			t.Fatal("no import and no error")
		}
	})
}

// operatorResolver knows what the case lists need: the vendors and their
// products.
func operatorResolver() *Resolver {
	var known []schema.Entity
	for _, e := range []struct {
		id, name string
		kind     schema.Kind
	}{{"nso-group", "NSO Group", schema.Company}, {"pegasus", "Pegasus", schema.Product},
		{"candiru", "Candiru", schema.Company}, {"devilstongue", "DevilsTongue", schema.Product}} {
		known = append(known, schema.Entity{ID: e.id, Kind: e.kind, Props: map[string]any{"name": e.name}})
	}
	return NewResolver(known, nil)
}

func FuzzPegasusCandiruOperators(f *testing.F) {
	fuzzCSV(f, "pegasus/data-pegasus-victims.csv", "pegasus/data-candiru-victims.csv", func(a, b string) (*Import, error) {
		return PegasusCandiruOperators(a, b, operatorResolver())
	})
}

func FuzzSpyFilesDocuments(f *testing.F) {
	fuzzCSV(f, "spyfiles/Leaked Company Documents.csv", "spyfiles/Companies mentioned in Spy Files.csv", func(a, b string) (*Import, error) {
		return SpyFilesDocuments(a, b, NewResolver(nil, nil))
	})
}
