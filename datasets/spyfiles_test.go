package datasets

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func checkFixtureSpyFiles(t *testing.T, im *Import) {
	rep := im.Report
	if rep.Read != 20 || len(rep.Rejected) != 9 || rep.Claims != 11 {
		t.Fatalf("report: read %d, claims %d, rejected %+v", rep.Read, rep.Claims, rep.Rejected)
	}
	for i, want := range []struct {
		record int
		reason string
	}{{2, "supports nothing"}, {6, "supports nothing"}, {7, "supports nothing"}, {8, "supports nothing"}, {9, "supports nothing"},
		{10, "unknown release"}, {11, "malformed row"}, {18, "not a vendor"}, {20, "no company"}} {
		if x := rep.Rejected[i]; x.Record != want.record || !strings.HasPrefix(x.Reason, want.reason) {
			t.Errorf("rejection %d: %+v, want record %d, %q", i, x, want.record, want.reason)
		}
	}
	checkEverySourceCited(t, im)
	for _, r := range im.Graph.Relationships {
		if r.Type != schema.Makes || r.Status != schema.Reported || r.Basis != schema.BasisLeak {
			t.Errorf("%s: %s %s %s; the tables support MAKES claims on LEAK only", r.ID, r.Type, r.Status, r.Basis)
		}
	}
	// Longest name first; the Product column; a same rule to an id no
	// input defines; "´" read as an apostrophe; two products in a title.
	for _, id := range []string{
		"gamma-international.makes.finspy-mobile.spyfiles", "gamma-international.makes.finfirewire.spyfiles",
		"gamma-international.makes.finintrusion-kit.spyfiles", "i2.makes.analysts-notebook.spyfiles",
		"foxit.makes.foxreplay.spyfiles", "utimaco.makes.drs.spyfiles", "hacking-team.makes.remote-control-system.spyfiles",
	} {
		mustRel(t, im, id)
	}
	if lims := mustRel(t, im, "utimaco.makes.lims.spyfiles"); !strings.Contains(lims.Summary, "rows 12, 13") || len(lims.Citations) != 3 {
		t.Errorf("LIMS: %+v", lims)
	}
	if findRel(im, "gamma-international.makes.finspy.spyfiles") != nil || len(rep.MergedIntoCurated) != 1 {
		t.Errorf("the curated Gamma-FinSpy claim is claimed again; merged: %q", rep.MergedIntoCurated)
	}
	if p := mustEntity(t, im, "finfirewire"); p.Props["category"] != "OTHER" || p.Kind != schema.Product {
		t.Errorf("finfirewire: %+v", p)
	}
	checkFixtureSpyFilesSources(t, im)
	// Resellers and non-vendors make nothing; the countries make no claim.
	for _, r := range im.Graph.Relationships {
		if r.From == "elexo" || r.From == "elaman" || strings.Contains(r.From, "etsi") {
			t.Errorf("%s: a reseller or a standards body makes a product", r.ID)
		}
	}
	if findEntity(im, "etsi-tc-li") != nil || findEntity(im, "elaman") == nil || findEntity(im, "verint") == nil {
		t.Error("authors: want Elaman and Verint as companies, ETSI TC LI as none")
	}
	// The FinFisher table, run after, takes the documents' FinFireWire:
	// package importer's TestFinFisherFixture.
}

func checkFixtureSpyFilesSources(t *testing.T, im *Import) {
	doc := mustEntity(t, im, "wikileaks-spyfiles-1-fixture-finspy-mobile")
	if doc.Props["sourceType"] != "LEAK" || doc.Props["publisher"] != "WikiLeaks" || doc.Props["publishedAt"] != (schema.Date{Year: 2011}) ||
		!equalStrings(doc.Props["authors"], []string{"Gamma"}) {
		t.Errorf("document source: %+v", doc.Props)
	}
	if d := mustEntity(t, im, "wikileaks-spyfiles-fitk-sw-license-docs"); d.Props["url"] != "https://wikileaks.org/spyfiles4/documents/FITK%20SW%20License%20Docs.pdf" ||
		d.Props["publishedAt"] != schema.MustDate("2014-09-15") {
		t.Errorf("Spy Files 4 document: %+v", d.Props)
	}
	// Row 9, a reseller's presentation, names no product: left out, under
	// its name with the C1 quote restored.
	if x := im.Report.Rejected[4]; x.Record != 9 || !strings.Contains(x.Reason, `"Solutions d‘Analyse Reseau"`) {
		t.Errorf("C1 quote not restored, or row 9 kept: %+v", x)
	}
	if findEntity(im, "wikileaks-spyfiles-9-solutions") != nil {
		t.Error("a document that supports nothing is a Source")
	}
	if rcs := mustRel(t, im, "hacking-team.makes.remote-control-system.spyfiles"); !citesSource(rcs, "fixture-wikileaks-rcs-brochure") {
		t.Errorf("a document the seed holds is not cited as its Source: %+v", rcs.Citations)
	}
	if rep := im.Report; rep.Counts["document sources created"] != 11 || rep.Counts["documents that are known sources"] != 1 {
		t.Errorf("counts: %v", rep.Counts)
	}
}

func TestNamedProducts(t *testing.T) {
	for _, tt := range []struct {
		company, title string
		cells          []string
		want           string
	}{
		{"Gamma", "Remote Monitoring & Infection Solutions: FINSPY MOBILE (1)", nil, "FinSpy Mobile"},
		{"Gamma", "FinSpy-3.10-User-Manual.docx", nil, "FinSpy"},
		{"Gamma", "FITK SW License Docs.pdf", []string{"FinFireWire", "FinIntrusion Kit"}, "FinFireWire, FinIntrusion Kit"},
		{"Gamma", "FinUSB-Suite-Catalog.pdf", []string{"FinUSB"}, "FinUSB Suite"},
		{"Gamma", "FinFisher - Internal Newsletter Aug 2010.pdf", []string{"Misc"}, ""},
		{"Utimaco", "DRS, LIMS", nil, "LIMS, DRS"},
		{"i2 Group", "Analyst´s Notebook 8", nil, "Analyst's Notebook"},
		{"Blue Coat", "Blue Coat Systems SG810 Series Installation Guide", nil, "ProxySG"},
		{"Blue Coat", "Blue Coat Systems Reference Guide SSL Proxy", nil, ""},
		{"ELEXO", "Observer", nil, ""},                     // a reseller's brochure
		{"Cobham", "Thunderbolt Thorough Review", nil, ""}, // "Thor" only as a whole word
		{"Amesys", "Eagle GLINT Operator Manual Version 1.0", nil, "Eagle, GLINT"},
	} {
		var got []string
		for _, p := range namedProducts(tt.company, tt.title, tt.cells) {
			got = append(got, p.name)
		}
		if strings.Join(got, ", ") != tt.want {
			t.Errorf("namedProducts(%q, %q, %v) = %q, want %q", tt.company, tt.title, tt.cells, strings.Join(got, ", "), tt.want)
		}
	}
}

func TestRepairC1(t *testing.T) {
	for in, want := range map[string]string{"d\u0091Analyse": "d‘Analyse", "it\u0092s": "it’s", "a\u0085b": "ab", "plain": "plain"} {
		if got := repairC1(in); got != want {
			t.Errorf("repairC1(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSpyFilesProductsAreNamed holds the reviewed product list to the real
// table: every name and form is written, word for word, in a title or a
// Product cell of a document of that company. Nothing is invented.
func TestSpyFilesProductsAreNamed(t *testing.T) {
	f, err := os.Open("data/" + SpyFilesDocumentsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string][]string{} // company -> titles and Product cells
	for _, r := range rows[1:] {
		for _, c := range strings.Split(r[1], ", ") {
			texts[c] = append(texts[c], r[0], r[7])
		}
	}
	for _, p := range spyProducts {
		for _, form := range append([]string{p.name}, p.also...) {
			key := " " + productKey(form) + " "
			found := false
			for _, text := range texts[p.company] {
				found = found || strings.Contains(" "+productKey(text)+" ", key)
			}
			if !found {
				t.Errorf("%s: %q is in no title or Product cell of %q", p.name, form, p.company)
			}
		}
		if !validCategory(p.category) {
			t.Errorf("%s: category %q", p.name, p.category)
		}
	}
}

func validCategory(c string) bool {
	spec, _ := schema.KindByName(string(schema.Product))
	for _, f := range spec.Fields {
		if f.Name == "category" {
			for _, v := range f.Values {
				if v == c {
					return true
				}
			}
		}
	}
	return false
}
