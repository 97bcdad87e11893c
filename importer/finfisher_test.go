package importer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
)

// seedGraph is the curated seed and its alias table.
func seedGraph(t *testing.T) (schema.Graph, []datasets.Rule) {
	t.Helper()
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := loader.ValidateIn("seed", seed.FS, files, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f, err := seed.FS.Open(seed.ResolutionFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := datasets.LoadRules(f)
	if err != nil {
		t.Fatal(err)
	}
	return g, rules
}

// mappedFinFisher runs every dataset as the commands do (datasets.All) and
// returns the FinFisher table's import, before the seed's corrections.
func mappedFinFisher(t *testing.T, curated schema.Graph, res *datasets.Resolver) *datasets.Import {
	t.Helper()
	ims, err := datasets.All(filepath.Join("..", filepath.FromSlash(datasets.DataDir)), res, curated, importer.DatasetMapper(context.Background(), time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range ims {
		if im.Name == "finfisher-customers" {
			return im
		}
	}
	t.Fatal("no finfisher-customers import")
	return nil
}

// canonical lists a graph's records as JSON lines, sorted, so that two
// graphs compare whatever their order.
func canonical(t *testing.T, g schema.Graph) []string {
	t.Helper()
	var out []string
	for _, e := range g.Entities {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	for _, r := range g.Relationships {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		// The golden was written before relationships had a share.
		out = append(out, strings.Replace(string(b), `,"Share":0`, "", 1))
	}
	slices.Sort(out)
	return out
}

// TestFinFisherMappingMatchesGoImporter: the FinFisher table's mapping
// gives the very graph its Go importer gave, quotes and locators included:
// testdata/finfisher-customers.golden.jsonl, which the Go importer
// (datasets/finfisher.go) wrote, run as main ran it at a84fbe3 (after the
// Spy Files, before the corrections), before it was removed.
func TestFinFisherMappingMatchesGoImporter(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real datasets")
	}
	curated, rules := seedGraph(t)
	res := datasets.NewResolver(curated.Entities, rules)
	res.SetCurated(datasets.NewCurated(curated))
	got := canonical(t, mappedFinFisher(t, curated, res).Graph)
	golden, err := os.ReadFile(finFisherGolden)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(golden), "\n"), "\n")
	if slices.Equal(want, got) {
		t.Logf("identical: %d records", len(got))
		return
	}
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	t.Errorf("the mapping's graph differs from the Go importer's: %d of its records missing, %d extra", len(missing), len(extra))
	for i := range min(5, len(missing)) {
		t.Errorf("missing: %s", missing[i])
	}
	for i := range min(5, len(extra)) {
		t.Errorf("extra:   %s", extra[i])
	}
}

// finFisherGolden holds the graph the Go importer of the FinFisher table
// (datasets/finfisher.go, removed since) made, one record a line, sorted:
// the mapping must give it, quotes and locators included.
const finFisherGolden = "testdata/finfisher-customers.golden.jsonl"

// TestDatasetsWithMappings runs every dataset as the commands load them,
// the FinFisher table through its mapping: all of it validates with the
// seed, every alias rule is needed, no two entities collide, and the table
// comes out as docs/DATA.md says.
func TestDatasetsWithMappings(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real datasets")
	}
	curated, rules := seedGraph(t)
	res := datasets.NewResolver(curated.Entities, rules)
	res.SetCurated(datasets.NewCurated(curated))
	ims, err := datasets.ImportAllWith(filepath.Join("..", filepath.FromSlash(datasets.DataDir)), curated, res, importer.DatasetMapper(context.Background(), time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	named := func(name string) *datasets.Import {
		for _, im := range ims {
			if im.Name == name {
				return im
			}
		}
		t.Fatalf("no import %s", name)
		return nil
	}
	files, err := loader.ReadFiles(seed.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	var parts []loader.Part
	for _, im := range ims {
		parts = append(parts, im.Part())
	}
	if _, err := loader.ValidateWith("seed", seed.FS, files, time.Now(), parts...); err != nil {
		t.Fatalf("ValidateWith: %v", err)
	}
	for _, r := range res.UnusedRules(rules) {
		t.Errorf("seed/resolution.tsv line %d (%s %q) is not needed by the data: stale?", r.Line, r.Verb, r.A)
	}
	for _, c := range res.Collisions() {
		t.Errorf("collision: %s (merge them, or add a distinct rule)", c)
	}

	ff := named("finfisher-customers")
	// The table's products are those the Spy Files documents name.
	if findRel(ff.Graph, "gamma-international.makes.finfly-usb.spyfiles4") != nil || findEntity(ff.Graph, "finfly-usb") != nil {
		t.Error("the FinFisher table defines FinFly USB, which the Spy Files documents define")
	}
	if ff.Report.Read != 749 || len(ff.Report.Notes) == 0 { // 748 rows and the key "0", which holds no customer
		t.Errorf("read %d rows; notes %q", ff.Report.Read, ff.Report.Notes)
	}
	var sum int64
	licences, claims := 0, 0
	for _, r := range ff.Graph.Relationships {
		if r.Type != schema.Supplied {
			continue
		}
		if r.Product == "" || r.From != "gamma-international" || r.Basis != schema.BasisLeak {
			t.Errorf("%s: product %q from %q, basis %s", r.ID, r.Product, r.From, r.Basis)
		}
		sum += r.Amount
		licences += r.Quantity
		claims++
	}
	// The MANIFEST: prices total EUR 98,362,554 over 748 rows; one claim per
	// customer, product and start date (docs/DATA.md).
	if sum != 98362554 || licences != 748 || claims != 406 {
		t.Errorf("claims' amounts sum to %d, their licences to %d in %d claims; want 98362554 and 748 in 406", sum, licences, claims)
	}
	// One customer, one recipient: the curated seed's for a code it cites.
	for id, to := range map[string]string{
		"gamma-international.supplied.netherlands-government.20fec907-finspy-mobile-2012-09-15": "netherlands-government",
		"gamma-international.supplied.australia-nsw-police.88f3d306-finspy-2012-10-27":          "australia-nsw-police",
	} {
		if r := findRel(ff.Graph, id); r == nil || r.To != to {
			t.Errorf("%s: %+v, want a claim to %s", id, r, to)
		}
	}
	// The corrections of seed/corrections/imports.yaml apply to the mapped
	// claims, which keep the Go importer's ids.
	if r := findRel(ff.Graph, "gamma-international.supplied.south-africa-government.e7549c72-finspy-2009-09-02"); r == nil || r.Status != schema.Alleged || len(r.Corrections) == 0 {
		t.Errorf("the South Africa correction did not apply: %+v", r)
	}
}

func findRel(g schema.Graph, id string) *schema.Relationship {
	for i := range g.Relationships {
		if g.Relationships[i].ID == id {
			return &g.Relationships[i]
		}
	}
	return nil
}

func findEntity(g schema.Graph, id string) *schema.Entity {
	for i := range g.Entities {
		if g.Entities[i].ID == id {
			return &g.Entities[i]
		}
	}
	return nil
}

// TestFinFisherFixture runs the mapping on datasets/testdata/customers.json
// against the datasets' fixture seed: a placeholder for an unnamed code, a
// product the seed does not know (with its MAKES claim), a named customer
// the seed knows, a body of a state with its PART_OF claim, identical rows
// as two licences, an epoch date as none, and a key that holds no customer.
func TestFinFisherFixture(t *testing.T) {
	fsys := os.DirFS("../datasets/testdata/seed")
	files, err := loader.ReadFiles(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	curated, err := loader.ValidateIn("../datasets/testdata/seed", fsys, files, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res := datasets.NewResolver(curated.Entities, nil)
	m, err := importer.DatasetMapping("finfisher-customers")
	if err != nil {
		t.Fatal(err)
	}
	im, err := importer.MappedDataset(context.Background(), "finfisher-customers", "../datasets/testdata/customers.json", m, res, curated, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	g := im.Graph
	if im.Report.Read != 7 || !slices.ContainsFunc(im.Report.Notes, func(n string) bool { return strings.Contains(n, `key "0" holds an array, not a record`) }) {
		t.Errorf("read %d; notes %q", im.Report.Read, im.Report.Notes)
	}
	if im.Report.TotalAmount["EUR"] != 307200+4620+1000 {
		t.Errorf("total %v", im.Report.TotalAmount)
	}
	ph := findEntity(g, "finfisher-customer-aaaa0001")
	if ph == nil || ph.Kind != schema.Agency || ph.Name() != "Unidentified FinFisher customer AAAA0001" || !ph.Placeholder {
		t.Errorf("placeholder: %+v", ph)
	}
	r := findRel(g, "gamma-international.supplied.finfisher-customer-aaaa0001.aaaa0001-finspy-2010-04-05")
	if r == nil || r.Product != "finspy" || r.Amount != 307200 || r.Currency != "EUR" || r.Status != schema.Reported || r.Quantity != 1 ||
		r.Basis != schema.BasisLeak || r.Period != (schema.Period{Start: schema.MustDate("2010-04-05"), End: schema.MustDate("2012-03-29")}) ||
		r.Citations[0].Quote != "Base license + 30 targets + 3 agents" {
		t.Errorf("row 1: %+v", r)
	}
	r2 := findRel(g, "gamma-international.supplied.finfisher-customer-aaaa0001.aaaa0001-finfly-usb")
	if r2 == nil || r2.Product != "finfly-usb" || r2.Amount != 4620 || !r2.Period.Start.IsZero() || r2.Period.End != schema.MustDate("2012-03-29") {
		t.Errorf("row 2 (its start is the table's 1970-01-01, no date): %+v", r2)
	}
	if p := findEntity(g, "finfly-usb"); p == nil || p.Props["category"] != "SPYWARE" {
		t.Errorf("finfly-usb: %+v", p)
	}
	if findEntity(g, "fintraining") == nil || findEntity(g, "fintraining").Props["category"] != "OTHER" {
		t.Errorf("a product the map does not list is OTHER: %+v", findEntity(g, "fintraining"))
	}
	if findRel(g, "gamma-international.makes.finfly-usb.spyfiles4") == nil {
		t.Error("no MAKES claim for the product the table introduces")
	}
	be := findRel(g, "gamma-international.supplied.belgium-government.bbbb0002-finspy-mobile-2012-05-19")
	if be == nil || be.Amount != 0 || be.Currency != "" || be.Product != "finspy-mobile" || !strings.Contains(be.Summary, "no price given") {
		t.Errorf("belgium: %+v", be)
	}
	ssns := findEntity(g, "hungary-ssns")
	if ssns == nil || ssns.Name() != "SSNS (Hungary)" || !slices.Equal(ssns.Props["aliases"].([]string), []string{"Hungary SSNS"}) ||
		!strings.Contains(ssns.Props["description"].(string), `named as "Hungary SSNS"`) {
		t.Errorf("hungary-ssns: %+v", ssns)
	}
	if findEntity(g, "hungary-government") == nil || findRel(g, "hungary-ssns.part-of.hungary-government") == nil {
		t.Error("no government of Hungary, or no PART_OF claim of SSNS to it")
	}
	// Two identical rows: two licences of one claim, as WikiLeaks counts them.
	if two := findRel(g, "gamma-international.supplied.hungary-ssns.cccc0003-finfirewire-2012-12-01"); two == nil || two.Quantity != 2 ||
		!strings.Contains(two.Citations[0].Locator, "rows 1, 2") {
		t.Errorf("identical rows: %+v", two)
	}
	if d := findEntity(g, "finfisher-customer-gamma9"); d == nil || !strings.Contains(d.Props["description"].(string), "internal or demonstration") {
		t.Errorf("Gamma9: %+v", d)
	}
}

var customerRowsRE = regexp.MustCompile(`customer code (\S+), rows ([0-9, ]+):`)

// auditPrice reads a licence cell's price, here again without the mapping:
// the euros after the € sign.
var auditPrice = regexp.MustCompile(`(?:€|&euro;)\s*([0-9][0-9.,]*)`)

// TestFinFisherAudit checks every claim the mapping makes of the FinFisher
// table against its rows, read here again without the mapping: the rows it
// cites are of its product and start date, its quantity is their number and
// its amount their prices' sum, and a customer without a name is a
// placeholder or a government the seed gave the code.
func TestFinFisherAudit(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real datasets")
	}
	curated, rules := seedGraph(t)
	ims, err := importer.ImportDatasets(context.Background(), filepath.Join("..", filepath.FromSlash(datasets.DataDir)), curated, rules)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(datasets.DataDir), filepath.FromSlash(datasets.FinFisherCustomersFile)))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	type customer struct {
		Name string     `json:"name"`
		Data [][]string `json:"data"`
	}
	customers := map[string]customer{}
	for code, v := range raw {
		var c customer
		if json.Unmarshal(v, &c) == nil {
			customers[code] = c
		}
	}
	byID := map[string]schema.Entity{}
	var ff *datasets.Import
	graphs := []schema.Graph{curated}
	for _, im := range ims {
		graphs = append(graphs, im.Graph)
		if im.Name == "finfisher-customers" {
			ff = im
		}
	}
	for _, g := range graphs {
		for _, e := range g.Entities {
			byID[e.ID] = e
		}
	}
	audited := 0
	for _, r := range ff.Graph.Relationships {
		if r.Type != schema.Supplied {
			continue
		}
		var rows [][]string
		code := ""
		for _, c := range r.Citations {
			m := customerRowsRE.FindStringSubmatch(c.Locator)
			if m == nil {
				continue
			}
			code = m[1]
			for _, n := range strings.Split(m[2], ",") {
				i, _ := strconv.Atoi(strings.TrimSpace(n))
				if i < 1 || i > len(customers[code].Data) {
					t.Errorf("%s cites row %d of %s, which has %d", r.ID, i, code, len(customers[code].Data))
					continue
				}
				rows = append(rows, customers[code].Data[i-1])
			}
		}
		var euros int64
		for _, row := range rows {
			if !strings.EqualFold(strings.TrimSpace(row[0]), byID[r.Product].Name()) {
				t.Errorf("%s: a row of %s is for %q, the claim for %s", r.ID, code, row[0], r.Product)
			}
			if !strings.HasPrefix(row[1], r.Period.Start.String()) && !strings.HasPrefix(row[1], "1970-01-01") {
				t.Errorf("%s: a row starts %s, the claim %s", r.ID, row[1], r.Period.Start)
			}
			if m := auditPrice.FindStringSubmatch(row[3]); m != nil {
				n, _ := strconv.ParseInt(strings.NewReplacer(",", "", ".", "").Replace(m[1]), 10, 64)
				euros += n
			}
		}
		if len(rows) == 0 || r.Quantity != len(rows) || r.Amount != euros {
			t.Errorf("%s: %d licences for EUR %d in its rows; the claim says %d for EUR %d", r.ID, len(rows), euros, r.Quantity, r.Amount)
		}
		if to := byID[r.To]; customers[code].Name == "" && !to.Placeholder && to.Kind != schema.Government {
			t.Errorf("%s: customer %s has no name, yet the claim names %s", r.ID, code, r.To)
		}
		audited++
	}
	if audited != 406 {
		t.Errorf("audited %d claims, want 406", audited)
	}
}
