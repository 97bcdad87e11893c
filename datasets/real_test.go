package datasets

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// realDatasets is the folder of the real raw files, in the repository: the
// tests never skip for want of them.
func realDatasets(t *testing.T) string {
	t.Helper()
	for _, f := range []string{SIICompaniesFile, SIITransfersFile, FinFisherCustomersFile, SpyFilesDocumentsFile, SpyFilesCompaniesFile, PegasusFile, CandiruFile} {
		if _, err := os.Stat(filepath.Join("data", f)); err != nil {
			t.Fatal(err)
		}
	}
	return "data"
}

type realRun struct {
	seed  schema.Graph
	files []string
	now   time.Time
	rules []Rule
	res   *Resolver
	ims   []*Import
}

// runReal resolves the real datasets against the embedded curated seed and
// seed/resolution.tsv.
func runReal(t *testing.T, dir string) realRun {
	t.Helper()
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	g, err := loader.ValidateIn("seed", seed.FS, files, now)
	if err != nil {
		t.Fatalf("the curated seed does not validate: %v", err)
	}
	f, err := os.Open("../seed/resolution.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := LoadRules(f)
	if err != nil {
		t.Fatalf("seed/resolution.tsv: %v", err)
	}
	res := NewResolver(g.Entities, rules)
	res.SetCurated(NewCurated(g))
	ims, err := All(dir, res, g, nil)
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	// The seed's corrections apply to every dataset, the FinFisher table's
	// mapping included: package importer's tests and seed's apply them.
	return realRun{seed: g, files: files, now: now, rules: rules, res: res, ims: ims}
}

func TestRealDatasets(t *testing.T) {
	dir := realDatasets(t)
	run := runReal(t, dir)
	// The FinFisher table has a mapping, which package importer runs
	// (TestDatasetsWithMappings checks all of them together).
	names := []string{"sii-companies", "sii-transfers", "spyfiles-documents", "pegasus-candiru-operators"}
	if len(run.ims) != len(names) {
		t.Fatalf("All returned %d imports, want %d", len(run.ims), len(names))
	}
	var parts []loader.Part
	for i, im := range run.ims {
		if im.Name != names[i] {
			t.Errorf("import %d is %q, want %q", i, im.Name, names[i])
		}
		checkImport(t, im)
		parts = append(parts, im.Part())
		var buf bytes.Buffer
		im.Report.WriteTo(&buf)
		t.Logf("\n%s", firstLines(buf.String(), 12))
	}

	// Everything the imports create validates together with the curated
	// seed: no id defined twice, every reference resolves, kinds fit.
	if _, err := loader.ValidateWith("seed", seed.FS, run.files, run.now, parts...); err != nil {
		t.Fatalf("ValidateWith: %v", err)
	}
	// Stale alias rules and collisions are checked with the FinFisher
	// mapping too, by package importer's TestDatasetsWithMappings.

	companies, transfers := run.named(t, "sii-companies"), run.named(t, "sii-transfers")
	t.Run("companies", func(t *testing.T) {
		rep := companies.Report
		if rep.Read != 526 {
			t.Errorf("read %d companies, want 526", rep.Read)
		}
		if rep.Merged < 15 {
			t.Errorf("merged %d companies into existing entities; the curated seed knows at least 15 of them", rep.Merged)
		}
		for raw, want := range map[string]string{
			"Gamma Group": "gamma-international", "Area": "area", "Blue Coat": "blue-coat", "Hacking Team": "hacking-team",
			"Advanced Systems": "advanced-middle-east-systems", "FinFisher": "finfisher-gmbh", "Semptian Technologies": "semptian",
		} {
			if got := resolvedTo(rep, raw); got != want {
				t.Errorf("%q resolved to %q, want %q", raw, got, want)
			}
		}
		// Parent and subsidiary stay apart.
		mustRel(t, companies, "sinovatio.subsidiary-of.zte.sii")
		mustRel(t, companies, "amesys.subsidiary-of.bull.sii")
		mustRel(t, companies, "l-3-linkabit.subsidiary-of.l-3.sii")
		mustRel(t, companies, "oxygen-software.subsidiary-of.oxygen-forensics.sii")
	})
	t.Run("transfers", func(t *testing.T) {
		rep := transfers.Report
		if rep.Read != 688 {
			t.Errorf("read %d transfers, want 688", rep.Read)
		}
		// Every record is a claim (its own, or merged into a curated one) or
		// a rejection with a reason (checkImport checks Read == Claims +
		// Rejected); the only reasons are these.
		for _, x := range rep.Rejected {
			if !strings.HasPrefix(x.Reason, "no recipient_country") && !strings.HasPrefix(x.Reason, "end user not a government body") &&
				!strings.HasPrefix(x.Reason, "transfer reported as not completed") {
				t.Errorf("record %d rejected for an unexpected reason: %s", x.Record, x.Reason)
			}
		}
		if len(rep.MergedIntoCurated) < 40 {
			t.Errorf("%d claims merged into curated ones; the seed already makes at least 40 of them", len(rep.MergedIntoCurated))
		}
		// No supply from a measurement, and a measurement names the
		// government only where its report attributes the use.
		for _, r := range transfers.Graph.Relationships {
			if r.Basis == schema.BasisMeasurement && (r.Type != schema.Deployed || r.Status != schema.Alleged) {
				t.Errorf("%s: a measurement makes a %s %s claim; want an ALLEGED DEPLOYED one", r.ID, r.Status, r.Type)
			}
			if r.Basis == schema.BasisExportStatistics && r.Status != schema.Alleged {
				t.Errorf("%s: an export-licence statistic is %s; want ALLEGED", r.ID, r.Status)
			}
		}
		for _, id := range []string{
			"unidentified-network-operator-syria.deployed.blue-coat-devices.blue-coat-syria",
			"unidentified-finspy-operator-hungary.deployed.finspy.gamma-international-finfisher-hungary",
		} {
			mustRel(t, transfers, id)
		}
		// Operators are clients too, in their role.
		for id, role := range map[string]string{
			"alcatel-shanghai-bell.supplied.uzbektelecom.alcatel-shanghai-bell-uzbekistan":                             "telecom operator",
			"alcatel-shanghai-bell.supplied.unidentified-network-operator-kazakhstan.alcatel-shanghai-bell-kazakhstan": "network operator",
		} {
			if r := findRel(transfers, id); r == nil || r.Role != role {
				t.Errorf("%s: %+v; want a supply to an operator in the role %q", id, r, role)
			}
		}
		mustRel(t, transfers, "hacking-team.supplied.nigeria-bayelsa-state-government.hacking-team-nice-systems-nigeria-2012")
		mustRel(t, transfers, "nice-systems.supplied.nigeria-bayelsa-state-government.hacking-team-nice-systems-nigeria-2012")
		mustRel(t, transfers, "eti-as.supplied.tunisia-government.eti-as-bae-tunisia")
		mustRel(t, transfers, "bae-systems.supplied.tunisia-government.eti-as-bae-tunisia")
		// Roles stripped from supplier names.
		mustRel(t, transfers, "mi-marathon.supplied.nigeria-national-security-adviser.mi-marathon-broker-nigeria")
		// End users: curated agencies within their state, new ones with PART_OF.
		mustRel(t, transfers, "trovicor.supplied.bangladesh-dgfi.trovicor-bangladesh")
		mustRel(t, transfers, "hacking-team.supplied.hungary-ssns.hacking-team-hungary-2009")
		mustRel(t, transfers, "hungary-ssns.part-of.hungary-government")
		for _, id := range []string{"unidentified-exporter-ch", "unidentified-exporter-gb", "unidentified-exporter"} {
			if e := mustEntity(t, transfers, id); e != nil && !e.Placeholder {
				t.Errorf("%s is not marked a placeholder", id)
			}
		}
		if findEntity(transfers, "finfisher-gmbh") != nil || findEntity(transfers, "syria-government") != nil {
			t.Error("the transfers import redefines a curated entity")
		}
	})
}

// named is the import of that name.
func (r realRun) named(t *testing.T, name string) *Import {
	t.Helper()
	for _, im := range r.ims {
		if im.Name == name {
			return im
		}
	}
	t.Fatalf("no import %s", name)
	return nil
}

func TestRealDatasetsDeterministic(t *testing.T) {
	dir := realDatasets(t)
	a, b := runReal(t, dir), runReal(t, dir)
	for i := range a.ims {
		ja, err := json.Marshal(a.ims[i])
		if err != nil {
			t.Fatal(err)
		}
		jb, _ := json.Marshal(b.ims[i])
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: two runs differ", a.ims[i].Name)
		}
	}
}

func resolvedTo(rep Report, raw string) string {
	for _, r := range rep.Resolved {
		if r.Raw == raw {
			return r.ID
		}
	}
	return ""
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
