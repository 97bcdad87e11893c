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
	for _, f := range []string{SIICompaniesFile, SIITransfersFile, FinFisherCustomersFile} {
		if _, err := os.Stat(filepath.Join("data", f)); err != nil {
			t.Fatal(err)
		}
	}
	return "data"
}

type realRun struct {
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
	ims, err := All(dir, res)
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	return realRun{files: files, now: now, rules: rules, res: res, ims: ims}
}

func TestRealDatasets(t *testing.T) {
	dir := realDatasets(t)
	run := runReal(t, dir)
	if len(run.ims) != 3 {
		t.Fatalf("All returned %d imports", len(run.ims))
	}
	names := []string{"sii-companies", "sii-transfers", "finfisher-customers"}
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
	if unused := run.res.UnusedRules(run.rules); len(unused) > 0 {
		for _, r := range unused {
			t.Errorf("seed/resolution.tsv line %d (%s %q) is not needed by the data: stale?", r.Line, r.Verb, r.A)
		}
	}
	for _, c := range run.res.Collisions() {
		t.Errorf("collision: %s (merge them, or add a distinct rule)", c)
	}

	companies, transfers, ff := run.ims[0], run.ims[1], run.ims[2]
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
		// Every record is a claim or a rejection with a reason (checkImport
		// checks Read == Claims + Rejected); the only reasons are these.
		for _, x := range rep.Rejected {
			if !strings.HasPrefix(x.Reason, "no recipient_country") && !strings.HasPrefix(x.Reason, "end user not a government body") {
				t.Errorf("record %d rejected for an unexpected reason: %s", x.Record, x.Reason)
			}
		}
		var supplied int
		for _, r := range transfers.Graph.Relationships {
			if r.Type == schema.Supplied {
				supplied++
			}
		}
		if supplied < rep.Claims {
			t.Errorf("%d SUPPLIED claims for %d records", supplied, rep.Claims)
		}
		// "Gamma International, FinFisher" is one supplier (55 records);
		// "Hacking Team, NICE Systems" and "ETI A/S, BAE" are two each.
		gamma := map[int]bool{}
		for i, r := range transfers.Graph.Relationships {
			if r.Type != schema.Supplied {
				continue
			}
			if strings.HasSuffix(r.ID, "gamma-international-finfisher") || strings.Contains(r.ID, ".gamma-international-finfisher-") {
				if r.From != "gamma-international" {
					t.Errorf("%s: from %s, want gamma-international alone", r.ID, r.From)
				}
				gamma[transfers.RelRecords[i]] = true
			}
		}
		if len(gamma) != 55 {
			t.Errorf("%d records of the 55 \"Gamma International, FinFisher\" became claims from gamma-international", len(gamma))
		}
		mustRel(t, transfers, "gamma-international.supplied.bahrain-government.gamma-international-finfisher-bahrain-2010")
		mustRel(t, transfers, "hacking-team.supplied.nigeria-bayelsa-state-government.hacking-team-nice-systems-nigeria-2012")
		mustRel(t, transfers, "nice-systems.supplied.nigeria-bayelsa-state-government.hacking-team-nice-systems-nigeria-2012")
		mustRel(t, transfers, "eti-as.supplied.tunisia-government.eti-as-bae-tunisia")
		mustRel(t, transfers, "bae-systems.supplied.tunisia-government.eti-as-bae-tunisia")
		// Roles stripped; Libya is the curated Gaddafi government.
		mustRel(t, transfers, "mi-marathon.supplied.nigeria-national-security-adviser.mi-marathon-broker-nigeria")
		mustRel(t, transfers, "amesys.supplied.libya-gaddafi-government.amesys-libya")
		// End users: curated agencies within their state, new ones with PART_OF.
		mustRel(t, transfers, "trovicor.supplied.bangladesh-dgfi.trovicor-bangladesh")
		mustRel(t, transfers, "hacking-team.supplied.hungary-ssns.hacking-team-hungary-2009")
		mustRel(t, transfers, "hungary-ssns.part-of.hungary-government")
		for _, id := range []string{"unidentified-exporter-ch", "unidentified-exporter-gb", "unidentified-exporter"} {
			mustEntity(t, transfers, id)
		}
		if findEntity(transfers, "finfisher-gmbh") != nil || findEntity(transfers, "syria-government") != nil {
			t.Error("the transfers import redefines a curated entity")
		}
	})
	t.Run("finfisher", func(t *testing.T) {
		rep := ff.Report
		if rep.Read != 748 || rep.Claims != 748 || len(rep.Rejected) != 0 {
			t.Errorf("read %d rows, %d claims, %d rejected; want 748, 748, 0", rep.Read, rep.Claims, len(rep.Rejected))
		}
		if rep.Counts["customer codes"] != 78 || rep.Counts["distinct customer names"] != 17 {
			t.Errorf("%d customer codes (want 78), %d distinct names (want 17)", rep.Counts["customer codes"], rep.Counts["distinct customer names"])
		}
		// The MANIFEST: prices total EUR 98,362,554.
		if got := rep.TotalAmount["EUR"]; got != 98362554 {
			t.Errorf("total EUR %d, want 98362554", got)
		}
		var sum int64
		for _, r := range ff.Graph.Relationships {
			if r.Type == schema.Supplied {
				if r.Product == "" || r.From != "gamma-international" {
					t.Errorf("%s: product %q from %q", r.ID, r.Product, r.From)
				}
				sum += r.Amount
			}
		}
		if sum != 98362554 {
			t.Errorf("claims' amounts sum to %d", sum)
		}
		for raw, want := range map[string]string{"Australia NSW Police": "australia-nsw-police", "Bahrain": "bahrain-government", "FinSpy": "finspy", "Gamma International": "gamma-international"} {
			if got := resolvedTo(rep, raw); got != want {
				t.Errorf("%q resolved to %q, want %q", raw, got, want)
			}
		}
	})
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
