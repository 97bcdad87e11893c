package datasets

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

// TestRealPegasusCandiru checks the import of Granitt's real case lists:
// what it claims, how sure, and that no one they name as targeted is in it.
func TestRealPegasusCandiru(t *testing.T) {
	run := runReal(t, realDatasets(t))
	im := run.named(t, "pegasus-candiru-operators")
	rep := im.Report
	// 129 Pegasus rows and 4 Candiru rows; 51 Pegasus rows name no operator.
	if rep.Read != 133 || rep.Claims != 82 || len(rep.Rejected) != 51 {
		t.Errorf("read %d, claims %d, rejected %d; want 133, 82, 51", rep.Read, rep.Claims, len(rep.Rejected))
	}
	for _, x := range rep.Rejected {
		if !strings.HasPrefix(x.Reason, "no suspected operator") {
			t.Errorf("record %d rejected for an unexpected reason: %s", x.Record, x.Reason)
		}
	}
	want := map[string]bool{}
	for _, gov := range []string{"india", "bahrain", "morocco", "kenya", "el-salvador"} {
		want[gov+"-government.deployed.pegasus.granitt"] = true
	}
	want["spain-government.deployed.devilstongue.granitt"] = true
	for _, r := range im.Graph.Relationships {
		if !want[r.ID] {
			t.Errorf("unexpected claim %s", r.ID)
		}
		delete(want, r.ID)
		if r.Type != schema.Deployed || r.Status != schema.Alleged || r.Basis != schema.BasisMeasurement {
			t.Errorf("%s: %s %s %s; want DEPLOYED ALLEGED MEASUREMENT", r.ID, r.Type, r.Status, r.Basis)
		}
	}
	for id := range want {
		t.Errorf("no claim %s", id)
	}
	merged := strings.Join(rep.MergedIntoCurated, "\n")
	for _, id := range []string{"united-arab-emirates-government", "mexico-government", "saudi-arabia-government"} {
		if !strings.Contains(merged, "the curated claim "+id+".deployed.pegasus") {
			t.Errorf("the %s claim is not merged into the curated one: %s", id, merged)
		}
	}
	for _, e := range im.Graph.Entities {
		if e.Kind != schema.Source && e.Kind != schema.Government {
			t.Errorf("%s is a %s; the import makes only sources (and governments)", e.ID, e.Kind)
		}
	}
	names := caseNames(t, "data/"+PegasusFile, "data/"+CandiruFile)
	if len(names) != 133 {
		t.Fatalf("read %d names, want 133", len(names))
	}
	if where := nameIn(im.Graph, names); where != "" {
		t.Errorf("a name from the name column is in the import: %s", where)
	}
	checkRealLinkSources(t, im)
}

// checkRealLinkSources: every Source the import makes is dated from its
// address or from its publisher's disclosure date, and carries its terms.
func checkRealLinkSources(t *testing.T, im *Import) {
	for _, e := range im.Graph.Entities {
		if e.Kind != schema.Source {
			continue
		}
		if e.ID == PegasusSourceID || e.ID == CandiruSourceID {
			if e.Props["licence"] != GranittLicence {
				t.Errorf("%s: licence %v", e.ID, e.Props["licence"])
			}
			continue
		}
		desc, _ := e.Props["description"].(string)
		date, _ := e.Props["publishedAt"].(schema.Date)
		switch {
		case strings.Contains(desc, "read from the address"):
			if d, ok := pathDate(e.Props["url"].(string), time.Now()); !ok || d != date {
				t.Errorf("%s: dated %s, but its address gives %s", e.ID, date, d)
			}
		case strings.Contains(desc, "the disclosure date of"):
		default:
			t.Errorf("%s: a date of unknown origin: %s", e.ID, desc)
		}
	}
}

// TestRealPegasusLicenceInExports: an export of an imported claim carries
// the case lists' licence, as export adds the licence of every cited source.
func TestRealPegasusLicenceInExports(t *testing.T) {
	run := runReal(t, realDatasets(t))
	byID := map[string]schema.Entity{}
	for _, e := range run.seed.Entities {
		byID[e.ID] = e
	}
	var claim schema.Relationship
	for _, im := range run.ims {
		for _, e := range im.Graph.Entities {
			byID[e.ID] = e
		}
		if im.Name == "pegasus-candiru-operators" {
			claim = im.Graph.Relationships[0]
		}
	}
	g := schema.Graph{Entities: []schema.Entity{byID[claim.From], byID[claim.To]}, Relationships: []schema.Relationship{claim}}
	var buf bytes.Buffer
	if err := export.Write(&buf, export.Cytoscape, g, byID); err != nil {
		t.Fatal(err)
	}
	// The licence's own quotes are escaped in JSON: match up to them.
	if want := "Pegasus Victim Database (Granitt): CC BY-NC-SA 4.0"; !strings.Contains(buf.String(), want) {
		t.Errorf("the export of %s does not carry %q", claim.ID, want)
	}
}

// TestRealSpyFiles checks the import of Alice Corona's real tables.
func TestRealSpyFiles(t *testing.T) {
	run := runReal(t, realDatasets(t))
	im := run.named(t, "spyfiles-documents")
	rep := im.Report
	// 632 documents and 140 companies; four authors are not vendors, and
	// 402 documents support no product or claim of the import.
	if rep.Read != 772 || len(rep.Rejected) != 406 || rep.Claims != 366 {
		t.Errorf("read %d, claims %d, %d rejected; want 772, 366, 406", rep.Read, rep.Claims, len(rep.Rejected))
	}
	checkEverySourceCited(t, im)
	if n := rep.Counts["document sources created"] + rep.Counts["documents that are known sources"]; n != 632 {
		t.Errorf("%d documents are sources, want 632", n)
	}
	products := 0
	for _, e := range im.Graph.Entities {
		if e.Kind == schema.Product {
			products++
		}
		if _, ok := e.Props["country"]; ok && e.Kind == schema.Company {
			t.Errorf("%s has a country; the tables give none for a company", e.ID)
		}
	}
	if products < 100 || len(im.Graph.Relationships) != rep.Counts["MAKES claims"] {
		t.Errorf("%d products, %d relationships, %d MAKES claims", products, len(im.Graph.Relationships), rep.Counts["MAKES claims"])
	}
	for _, r := range im.Graph.Relationships {
		if r.Type != schema.Makes || r.Status != schema.Reported || r.Basis != schema.BasisLeak {
			t.Errorf("%s: %s %s %s; the tables support MAKES claims on LEAK only", r.ID, r.Type, r.Status, r.Basis)
		}
	}
	for raw, want := range map[string]string{"Gamma": "gamma-international", "Blue Coat": "blue-coat", "ProxySG": "blue-coat-proxysg",
		"Dreamlab": "dreamlab-technologies", "Rheinmental Defence": "rheinmetall-defence", "Spektor Forensic Intelligence": "evidence-talks"} {
		if got := resolvedTo(rep, raw); got != want {
			t.Errorf("%q resolved to %q, want %q", raw, got, want)
		}
	}
	mustRel(t, im, "gamma-international.makes.finfly-usb.spyfiles")
	mustRel(t, im, "utimaco.makes.lims.spyfiles")
	// The FinFisher table's mapping, run after, takes the documents' FinFly
	// USB: package importer's TestDatasetsWithMappings.
}

// checkEverySourceCited fails for a Source of the import, other than the
// dataset's own, that nothing in the import cites.
func checkEverySourceCited(t *testing.T, im *Import) {
	t.Helper()
	cited := map[string]bool{}
	for _, e := range im.Graph.Entities {
		for _, c := range e.Citations {
			cited[c.Source] = true
		}
	}
	for _, r := range im.Graph.Relationships {
		for _, c := range r.Citations {
			cited[c.Source] = true
		}
	}
	for _, e := range im.Graph.Entities {
		if e.Kind == schema.Source && e.ID != SpyFilesSourceID && !cited[e.ID] {
			t.Errorf("%s: the Source %s supports nothing in the import", im.Name, e.ID)
		}
	}
}
