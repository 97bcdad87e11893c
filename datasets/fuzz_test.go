package datasets

import (
	"os"
	"path/filepath"
	"testing"
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
