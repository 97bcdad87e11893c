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
)

// fixture is the small curated seed of testdata/seed with its rules.
type fixture struct {
	files []string
	seed  schema.Graph
	rules []Rule
}

func loadFixture(t *testing.T) fixture {
	t.Helper()
	fsys := os.DirFS("testdata/seed")
	files, err := loader.ReadFiles(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := loader.ValidateIn("testdata/seed", fsys, files, time.Now())
	if err != nil {
		t.Fatalf("fixture seed: %v", err)
	}
	f, err := os.Open("testdata/resolution.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := LoadRules(f)
	if err != nil {
		t.Fatalf("fixture rules: %v", err)
	}
	return fixture{files: files, seed: g, rules: rules}
}

// fixtureFiles are the fixture stand-ins for the raw files.
var fixtureFiles = map[string]string{
	SIICompaniesFile:       "testdata/companies.json",
	SIITransfersFile:       "testdata/transfers.json",
	FinFisherCustomersFile: "testdata/customers.json",
	SpyFilesDocumentsFile:  "testdata/spyfiles/Leaked Company Documents.csv",
	SpyFilesCompaniesFile:  "testdata/spyfiles/Companies mentioned in Spy Files.csv",
	PegasusFile:            "testdata/pegasus/data-pegasus-victims.csv",
	CandiruFile:            "testdata/pegasus/data-candiru-victims.csv",
}

// runFixtures imports the fixture files, in the order of All, with one
// resolver. The datasets that have a mapping are left out: package
// importer's tests run the FinFisher table's on testdata/customers.json.
func runFixtures(t *testing.T, fx fixture) (*Resolver, []*Import) {
	t.Helper()
	res := NewResolver(fx.seed.Entities, fx.rules)
	res.SetCurated(NewCurated(fx.seed))
	var out []*Import
	for _, s := range steps {
		if s.run == nil {
			continue // a mapping
		}
		paths := make([]string, len(s.files))
		for i, f := range s.files {
			paths[i] = fixtureFiles[f]
		}
		im, err := s.run(paths, res)
		if err != nil {
			t.Fatalf("%s: %v", paths[0], err)
		}
		checkImport(t, im)
		out = append(out, im)
	}
	return res, out
}

// checkImport checks what loader.ValidateWith does not check of code-built
// inputs: citations present, statuses, summaries, amounts, record numbers,
// and the report's arithmetic.
func checkImport(t *testing.T, im *Import) {
	t.Helper()
	g := im.Graph
	if err := im.Check(); err != nil {
		t.Error(err)
	}
	if len(im.EntityRecords) != len(g.Entities) || len(im.RelRecords) != len(g.Relationships) {
		t.Errorf("%s: %d entity records for %d entities, %d relationship records for %d relationships",
			im.Name, len(im.EntityRecords), len(g.Entities), len(im.RelRecords), len(g.Relationships))
	}
	datasetSources := map[string]bool{SIICompaniesSourceID: true, SIITransfersSourceID: true, FinFisherSourceID: true,
		SpyFilesSourceID: true, PegasusSourceID: true, CandiruSourceID: true}
	for i, e := range g.Entities {
		if len(e.Citations) == 0 && !datasetSources[e.ID] {
			t.Errorf("%s: entity %s has no citation", im.Name, e.ID)
		}
		if e.Kind != schema.Source && (im.EntityRecords[i] < 0 || im.EntityRecords[i] > im.Report.Read) {
			t.Errorf("%s: entity %s has record %d of %d", im.Name, e.ID, im.EntityRecords[i], im.Report.Read)
		}
		checkCitations(t, im.Name+" entity "+e.ID, e.Citations)
	}
	ids := map[string]bool{}
	for i, r := range g.Relationships {
		where := im.Name + " relationship " + r.ID
		if ids[r.ID] {
			t.Errorf("%s: defined twice", where)
		}
		ids[r.ID] = true
		if len(r.Citations) == 0 {
			t.Errorf("%s: no citation", where)
		}
		checkCitations(t, where, r.Citations)
		if r.Status.Rank() < 0 {
			t.Errorf("%s: status %q", where, r.Status)
		}
		if err := schema.CheckText(r.Summary, schema.MaxTextLen); err != nil || r.Summary == "" {
			t.Errorf("%s: summary: %v", where, err)
		}
		if (r.Amount != 0) != (r.Currency != "") || r.Amount < 0 {
			t.Errorf("%s: amount %d with currency %q", where, r.Amount, r.Currency)
		}
		if !r.Period.Valid() {
			t.Errorf("%s: period %v", where, r.Period)
		}
		if n := im.RelRecords[i]; n < 1 || n > im.Report.Read {
			t.Errorf("%s: record %d of %d", where, n, im.Report.Read)
		}
	}
	rep := im.Report
	seen := map[int]bool{}
	for _, x := range rep.Rejected {
		if x.Reason == "" || x.Record < 1 || x.Record > rep.Read || seen[x.Record] {
			t.Errorf("%s: bad rejection %+v", im.Name, x)
		}
		seen[x.Record] = true
	}
	if rep.Read != rep.Claims+len(rep.Rejected) {
		t.Errorf("%s: read %d records, but %d became claims and %d were rejected", im.Name, rep.Read, rep.Claims, len(rep.Rejected))
	}
	if rep.Entities != len(g.Entities) || rep.Relationships != len(g.Relationships) {
		t.Errorf("%s: report counts %d/%d, graph holds %d/%d", im.Name, rep.Entities, rep.Relationships, len(g.Entities), len(g.Relationships))
	}
	var buf bytes.Buffer
	if _, err := rep.WriteTo(&buf); err != nil || !strings.HasPrefix(buf.String(), im.Name+": ") {
		t.Errorf("%s: WriteTo = %q, %v", im.Name, buf.String(), err)
	}
}

func checkCitations(t *testing.T, where string, cites []schema.Citation) {
	t.Helper()
	type key struct{ s, q string }
	seen := map[key]bool{}
	for _, c := range cites {
		if c.Source == "" || c.Stance == "" {
			t.Errorf("%s: incomplete citation %+v", where, c)
		}
		if len(c.Quote) > schema.MaxQuoteLen || schema.CheckText(c.Quote, schema.MaxQuoteLen) != nil {
			t.Errorf("%s: bad quote %q", where, c.Quote)
		}
		if c.Locator != "" && schema.CheckLine(c.Locator, schema.MaxStringLen) != nil {
			t.Errorf("%s: bad locator %q", where, c.Locator)
		}
		k := key{c.Source, c.Quote}
		if seen[k] {
			t.Errorf("%s: cites %s twice with the same quote", where, c.Source)
		}
		seen[k] = true
	}
}

func findEntity(im *Import, id string) *schema.Entity {
	for i := range im.Graph.Entities {
		if im.Graph.Entities[i].ID == id {
			return &im.Graph.Entities[i]
		}
	}
	return nil
}

func findRel(im *Import, id string) *schema.Relationship {
	for i := range im.Graph.Relationships {
		if im.Graph.Relationships[i].ID == id {
			return &im.Graph.Relationships[i]
		}
	}
	return nil
}

func mustEntity(t *testing.T, im *Import, id string) *schema.Entity {
	t.Helper()
	e := findEntity(im, id)
	if e == nil {
		t.Fatalf("%s: no entity %s", im.Name, id)
	}
	return e
}

func mustRel(t *testing.T, im *Import, id string) *schema.Relationship {
	t.Helper()
	r := findRel(im, id)
	if r == nil {
		var near []string
		for _, x := range im.Graph.Relationships {
			if strings.HasPrefix(x.ID, strings.SplitN(id, ".", 2)[0]+".") && len(near) < 10 {
				near = append(near, x.ID)
			}
		}
		t.Fatalf("%s: no relationship %s; from the same entity: %v", im.Name, id, near)
	}
	return r
}

func citesSource(r *schema.Relationship, source string) bool {
	for _, c := range r.Citations {
		if c.Source == source {
			return true
		}
	}
	return false
}

func TestFixtures(t *testing.T) {
	fx := loadFixture(t)
	res, ims := runFixtures(t, fx)
	companies, transfers, spy, operators := ims[0], ims[1], ims[2], ims[3]

	// Everything validates together with the fixture seed.
	var parts []loader.Part
	for _, im := range ims {
		parts = append(parts, im.Part())
	}
	if _, err := loader.ValidateWith("testdata/seed", os.DirFS("testdata/seed"), fx.files, time.Now(), parts...); err != nil {
		t.Fatalf("ValidateWith: %v", err)
	}
	if unused := res.UnusedRules(fx.rules); len(unused) != 0 {
		t.Errorf("unused fixture rules: %+v", unused)
	}

	t.Run("companies", func(t *testing.T) { checkFixtureCompanies(t, companies) })
	t.Run("transfers", func(t *testing.T) { checkFixtureTransfers(t, transfers) })
	t.Run("spyfiles", func(t *testing.T) { checkFixtureSpyFiles(t, spy) })
	t.Run("operators", func(t *testing.T) { checkFixtureOperators(t, operators) })
}

func checkFixtureCompanies(t *testing.T, im *Import) {
	rep := im.Report
	if rep.Read != 9 || rep.Merged != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Record != 6 ||
		!strings.Contains(rep.Rejected[0].Reason, "no company_name") {
		t.Errorf("report: read %d, merged %d, rejected %+v", rep.Read, rep.Merged, rep.Rejected)
	}
	// The dataset defines its own Source when no other input does.
	if src := findEntity(im, SIICompaniesSourceID); src == nil || src.Props["sourceType"] != "DATASET" {
		t.Errorf("dataset source: %+v", src)
	}
	// Merged into the curated Area: referenced, never redefined.
	if findEntity(im, "area") != nil {
		t.Error("the import redefines the curated entity area")
	}

	acme := mustEntity(t, im, "acme-surveillance-ltd")
	if _, ok := acme.Props["website"]; ok {
		t.Errorf("bad website kept: %v", acme.Props["website"])
	}
	if acme.Props["country"] != "GB" || acme.Props["hqCity"] != "Leeds" || acme.Props["founded"] != (schema.Date{Year: 2001}) {
		t.Errorf("acme props: %v", acme.Props)
	}
	// Its trading name (not the country listed as one), and the raw name
	// under which Sub Co's parent_company resolved to it.
	if got := acme.Props["aliases"]; !equalStrings(got, []string{"Acme Intercept", "Acme Surveillance"}) {
		t.Errorf("acme aliases = %v", got)
	}
	if d, _ := acme.Props["description"].(string); !strings.Contains(d, "Internet monitoring, Monitoring centres, Intrusion.") {
		t.Errorf("acme description = %q", d)
	}
	if !containsNote(rep.Notes, "website dropped") {
		t.Errorf("no note on the dropped website: %q", rep.Notes)
	}
	nice := mustEntity(t, im, "nice-systems")
	if got := nice.Props["aliases"]; !equalStrings(got, []string{"NICE Systems Ltd."}) {
		t.Errorf("nice aliases = %v", got)
	}
	future := mustEntity(t, im, "future-corp")
	if _, ok := future.Props["founded"]; ok {
		t.Error("a founding date in the future was kept")
	}
	if _, ok := future.Props["country"]; ok {
		t.Error("hq_country Paris became a country")
	}

	// Parents: created, resolved by normalised name, and kept apart from a
	// company whose trading name they share.
	parent := mustEntity(t, im, "big-parent-group")
	if parent.Kind != schema.Company || len(parent.Citations) == 0 {
		t.Errorf("parent: %+v", parent)
	}
	mustRel(t, im, "acme-surveillance-ltd.subsidiary-of.big-parent-group.sii")
	sub := mustRel(t, im, "sub-co.subsidiary-of.acme-surveillance-ltd.sii")
	if sub.Period.Start != (schema.Date{Year: 2011, Month: 11, Day: 18}) || sub.Status != schema.Reported {
		t.Errorf("sub-co: %+v", sub)
	}
	if mustEntity(t, im, "sub-co").Props["hqCity"] != "Santa Clara, California" {
		t.Errorf("hqCity of sub-co")
	}
	mustEntity(t, im, "oxy-software")
	mustRel(t, im, "oxy-software.subsidiary-of.oxy-forensics.sii")
	if got := mustEntity(t, im, "oxy-forensics").Props["aliases"]; !equalStrings(got, []string{"Oxy Software"}) {
		t.Errorf("oxy-forensics aliases = %v", got)
	}
}

func checkFixtureTransfers(t *testing.T, im *Import) {
	rep := im.Report
	if rep.Read != 11 || rep.Claims != 9 || len(rep.Rejected) != 2 {
		t.Fatalf("report: read %d, claims %d, rejected %+v", rep.Read, rep.Claims, rep.Rejected)
	}
	if rep.Rejected[0].Record != 6 || !strings.HasPrefix(rep.Rejected[0].Reason, "no recipient_country") {
		t.Errorf("rejection 0: %+v", rep.Rejected[0])
	}
	if rep.Rejected[1].Record != 11 || !strings.HasPrefix(rep.Rejected[1].Reason, "transfer reported as not completed") {
		t.Errorf("rejection 1: %+v", rep.Rejected[1])
	}
	// A network operator named as end user is a client in its role.
	irancell := mustRel(t, im, "adaptive-mobile-security.supplied.irancell.adaptive-iran")
	if irancell.Role != "mobile operator" || irancell.Status != schema.Reported || irancell.Basis != schema.BasisPress {
		t.Errorf("operator claim: %+v", irancell)
	}
	if op := mustEntity(t, im, "irancell"); op.Kind != schema.Company || op.Props["country"] != "IR" {
		t.Errorf("operator: %+v", op)
	}

	// Multi-supplier split: one claim per supplier; NICE Systems resolves to
	// the company the companies import created. Two records of one pair stay
	// two claims.
	for _, id := range []string{
		"hacking-team.supplied.syria-government.hacking-team-syria-2012",
		"nice-systems.supplied.syria-government.hacking-team-syria-2012",
	} {
		r := mustRel(t, im, id)
		if r.Status != schema.Reported || r.Period.Start != (schema.Date{Year: 2012}) {
			t.Errorf("%s: %+v", id, r)
		}
		if !citesSource(r, SIITransfersSourceID) || !citesSource(r, "fixture-2013-07-09-spyware-in-syria") {
			t.Errorf("%s: citations %+v", id, r.Citations)
		}
		if r.Citations[0].Quote != "Hacking Team Sales to Syria" || r.Citations[0].Locator != "record 1, unique_id Hacking_Team_Syria_2012" {
			t.Errorf("%s: SII citation %+v", id, r.Citations[0])
		}
	}
	mustRel(t, im, "hacking-team.supplied.syria-government.hacking-team-syria-2013")
	if findEntity(im, "nice-systems") != nil || findEntity(im, "hacking-team") != nil {
		t.Error("the transfers import redefines a company another input owns")
	}

	// A "same" rule keeps "Gamma International, FinFisher" whole; the end
	// user resolves to the curated agency within its country.
	gamma := mustRel(t, im, "gamma-international.supplied.belgium-federal-police.gamma-group-belgium-2012")
	if gamma.Status != schema.Alleged || gamma.Basis != schema.BasisExportStatistics {
		t.Errorf("export data reported complete: %s %s; a licence statistic is at most ALLEGED", gamma.Status, gamma.Basis)
	}

	// Null supplier: a placeholder per exporting country, or a countryless one.
	ch := mustEntity(t, im, "unidentified-exporter-ch")
	if ch.Name() != "Unidentified exporter in Switzerland" || ch.Props["country"] != "CH" ||
		!strings.Contains(ch.Props["description"].(string), "Placeholder") {
		t.Errorf("placeholder: %+v", ch.Props)
	}
	if !ch.Placeholder {
		t.Error("the unidentified exporter is not marked a placeholder")
	}
	r := mustRel(t, im, "unidentified-exporter-ch.supplied.norway-government.unidentified-switzerland-norway-2015")
	if r.Status != schema.Alleged {
		t.Errorf("export data not reported complete: %s", r.Status)
	}
	if g := mustEntity(t, im, "norway-government"); g.Name() != "Government of Norway" || g.Props["country"] != "NO" {
		t.Errorf("norway: %+v", g.Props)
	}
	mustEntity(t, im, "unidentified-exporter")
	mustRel(t, im, "unidentified-exporter.supplied.kosovo-government.unidentified-kosovo")
	if k := mustEntity(t, im, "kosovo-government"); k.Props["country"] != nil {
		t.Errorf("Kosovo has a country code: %v", k.Props["country"])
	}

	// End user: a new Agency of its state, with PART_OF. Role stripped and
	// kept. Goods normalised.
	adv := mustEntity(t, im, "nigeria-national-security-adviser")
	if adv.Kind != schema.Agency || adv.Name() != "National Security Adviser (Nigeria)" || adv.Props["country"] != "NG" {
		t.Errorf("agency: %+v", adv)
	}
	mustRel(t, im, "nigeria-national-security-adviser.part-of.nigeria-government")
	mi := mustRel(t, im, "mi-marathon.supplied.nigeria-national-security-adviser.mi-marathon-nigeria-2013")
	if mi.Status != schema.Alleged || !strings.Contains(mi.Summary, "The SII records MI Marathon as broker.") ||
		!strings.Contains(mi.Summary, "deep packet inspection, lawful interception from MI Marathon") {
		t.Errorf("MI Marathon claim: %s %q", mi.Status, mi.Summary)
	}
	if len(rep.Roles) != 1 || !strings.Contains(rep.Roles[0], "MI Marathon is recorded as broker") {
		t.Errorf("roles: %q", rep.Roles)
	}
	if mustEntity(t, im, "mi-marathon").Props["country"] != "IL" {
		t.Error("a single supplier with a single HQ country should carry it")
	}

	// "Unknown multiple entities" is no agency; a year that is no year is
	// kept in the summary only.
	area := mustRel(t, im, "area.supplied.italy-government.area-italy")
	if !area.Period.Start.IsZero() || !strings.Contains(area.Summary, `order year recorded as "mid-2000s"`) ||
		!strings.Contains(area.Summary, "unknown other end users") {
		t.Errorf("area claim: %+v", area)
	}

	// Links: a Source per valid link, dated from the citation text; links
	// without a scheme are not cited; export statistics are government
	// documents dated, failing all else, by the order year.
	endace := mustRel(t, im, "endace.supplied.united-kingdom-gchq.endace-uk")
	if len(endace.Citations) != 2 {
		t.Fatalf("endace citations: %+v", endace.Citations)
	}
	src := mustEntity(t, im, endace.Citations[1].Source)
	if src.Name() != "A report title" || src.Props["publishedAt"] != (schema.Date{Year: 2015, Month: 3, Day: 12}) ||
		src.Props["publisher"] != "example.org" || src.Props["url"] != "https://example.org/2015/03/report" {
		t.Errorf("link source: %s %+v", src.ID, src.Props)
	}
	if rep.Counts["links not cited: not an absolute http(s) URL"] != 1 {
		t.Errorf("counts: %v", rep.Counts)
	}
	seco := mustEntity(t, im, r.Citations[1].Source)
	if seco.Props["sourceType"] != "GOVERNMENT_DOCUMENT" || seco.Props["publishedAt"] != (schema.Date{Year: 2015}) ||
		!strings.Contains(seco.Props["description"].(string), "order year of SII transfer record 2") {
		t.Errorf("export statistics source: %+v", seco.Props)
	}
}

func TestFixturesDeterministic(t *testing.T) {
	fx := loadFixture(t)
	_, a := runFixtures(t, fx)
	_, b := runFixtures(t, fx)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("two runs on the same fixtures gave different imports")
	}
}

func TestCheck(t *testing.T) {
	im := &Import{Name: "bad", Graph: schema.Graph{
		Entities: []schema.Entity{{ID: "a", Kind: schema.Company, Props: map[string]any{"name": "A"}}},
		Relationships: []schema.Relationship{
			{ID: "r", Type: schema.Supplied, From: "a", To: "b", Status: "BOGUS", Summary: "<b>x</b>", Amount: 5,
				Period:    schema.Period{Start: schema.MustDate("2012"), End: schema.MustDate("2011")},
				Citations: []schema.Citation{{Source: "s", Stance: schema.Supports}, {Source: "s", Stance: schema.Supports}}},
			{ID: "r", Type: schema.Supplied, From: "a", To: "b", Status: schema.Reported},
		},
	}}
	// Check applies the loader's own rules to each record; duplicates across
	// records are for loader.ValidateWith, which sees every input at once.
	err := im.Check()
	for _, want := range []string{"entities[0].citations: missing", "unknown status \"BOGUS\"", "summary: text contains HTML",
		"amount 5 with currency", "start 2012 is after end 2011", "relationships[1].citations: missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check() = %v; want it to report %q", err, want)
		}
	}
}

func TestAllMissingFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sii-companies"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("testdata/companies.json")
	if err := os.WriteFile(filepath.Join(dir, "sii-companies", "companies.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := All(dir, NewResolver(nil, nil), schema.Graph{}, nil)
	if err == nil || !strings.Contains(err.Error(), "sii-transfers/transfers.json is missing") {
		t.Errorf("All with a missing file: %v", err)
	}
}

func equalStrings(v any, want []string) bool {
	got, _ := v.([]string)
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func containsNote(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
