package datasets

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// auditSample is how many imported supply claims the audit draws, and
// auditSeed fixes which: the same sample on every run, so that a failure can
// be read again.
const (
	auditSample = 40
	auditSeed   = 20261207
)

// TestImportAudit draws a fixed random sample of imported supply claims
// (SUPPLIED and DEPLOYED, from the SII transfers and the FinFisher table)
// and checks each against its raw record, read here again without the
// importer's code: who, to whom, what it rests on, how sure, when, and what
// it cost. A claim that says more than its record fails the audit.
func TestImportAudit(t *testing.T) {
	run := runReal(t, realDatasets(t))
	transfers, ff := run.named(t, "sii-transfers"), run.named(t, "finfisher-customers")
	raw := readRawTransfers(t)
	customers := readRawCustomers(t)
	byID := map[string]schema.Entity{}
	governmentOf := map[string]string{}
	graphs := []schema.Graph{run.seed}
	for _, im := range run.ims {
		graphs = append(graphs, im.Graph)
	}
	for _, g := range graphs {
		for _, e := range g.Entities {
			byID[e.ID] = e
		}
		for _, r := range g.Relationships {
			if r.Type == schema.PartOf {
				governmentOf[r.From] = r.To
			}
		}
	}
	a := auditor{byID: byID, governmentOf: governmentOf}

	type drawn struct {
		im *Import
		i  int
	}
	var pool []drawn
	for _, im := range []*Import{transfers, ff} {
		for i, r := range im.Graph.Relationships {
			if r.Type == schema.Supplied || r.Type == schema.Deployed {
				pool = append(pool, drawn{im, i})
			}
		}
	}
	rng := rand.New(rand.NewPCG(auditSeed, auditSeed))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	faithful := 0
	for _, d := range pool[:min(auditSample, len(pool))] {
		r := d.im.Graph.Relationships[d.i]
		var problems []string
		if d.im == transfers {
			problems = a.transfer(r, raw[d.im.RelRecords[d.i]-1])
		} else {
			problems = a.licence(r, customers)
		}
		if len(problems) == 0 {
			faithful++
			continue
		}
		for _, p := range problems {
			t.Errorf("%s: %s", r.ID, p)
		}
	}
	t.Logf("import audit: %d of %d sampled claims faithful to their raw records", faithful, min(auditSample, len(pool)))
}

type auditor struct {
	byID         map[string]schema.Entity
	governmentOf map[string]string
}

// transfer checks a claim against its SII record.
func (a auditor) transfer(r schema.Relationship, rec map[string]any) (problems []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	text := func(k string) string {
		switch v := rec[k].(type) {
		case string:
			return strings.TrimSpace(v)
		case []any:
			if len(v) > 0 {
				s, _ := v[0].(string)
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	kind, complete := strings.ToLower(text("export_data_or_open_source")), strings.ToLower(text("transfer_to_enduser_reported_as_complete"))
	sources := strings.ToLower(fmt.Sprint(rec["sources"], rec["source_links"]))
	scan := strings.Contains(sources, "planet-blue-coat") || strings.Contains(sources, "for-their-eyes-only") ||
		strings.Contains(sources, "mapping-finfishers-continuing-proliferation")
	if complete == "no" {
		bad("the record says the transfer was not completed, yet it makes a claim")
	}
	switch {
	case kind == "export data":
		if r.Basis != schema.BasisExportStatistics || r.Status != schema.Alleged {
			bad("an export-licence statistic gives a %s %s claim; want ALLEGED, EXPORT_STATISTICS", r.Status, r.Basis)
		}
	case scan:
		if r.Type != schema.Deployed || r.Basis != schema.BasisMeasurement || r.Status != schema.Alleged {
			bad("a scan gives a %s %s %s claim; want an ALLEGED DEPLOYED MEASUREMENT", r.Status, r.Basis, r.Type)
		}
		attributed := strings.Contains(sources, "mapping-finfishers-continuing-proliferation")
		if user := a.byID[r.From]; !attributed && !user.Placeholder {
			bad("a scan that attributes no user names %s", r.From)
		}
	case complete == "yes":
		if r.Status != schema.Reported {
			bad("an open source reporting the transfer complete gives %s; want REPORTED", r.Status)
		}
	default:
		if r.Status != schema.Alleged {
			bad("an open source not reporting the transfer complete gives %s; want ALLEGED", r.Status)
		}
	}
	// Who: the supplier the record names, or a placeholder when it names none.
	vendor := r.From
	if r.Type == schema.Deployed {
		vendor = "" // the product's maker; the user is checked below
	}
	if supplier := text("supplier_company"); vendor != "" {
		e := a.byID[vendor]
		if supplier == "" && !e.Placeholder {
			bad("the record names no supplier, yet the claim is from %s", vendor)
		}
		if supplier != "" && !namesEntity(supplier, e) {
			bad("the record's supplier %q is not %s (%q)", supplier, vendor, e.Name())
		}
	}
	// To whom: a party of the recipient state.
	client := r.To
	if r.Type == schema.Deployed {
		client = r.From
	}
	country, ok := CountryCode(text("recipient_country"))
	if ok && a.countryOf(client) != country {
		bad("the record's recipient is %s, the claim's %s is of %q", country, client, a.countryOf(client))
	}
	if e := a.byID[client]; e.Kind == schema.Company && r.Type == schema.Supplied && r.Role == "" {
		bad("a supply to the company %s gives no role", client)
	}
	// When: the order year, when it is one.
	if y, err := strconv.Atoi(fmt.Sprint(rec["order_year"])); err == nil && r.Period.Start.Year != y {
		bad("the record's order year is %d, the claim starts %s", y, r.Period.Start)
	}
	if !slices.ContainsFunc(r.Citations, func(c schema.Citation) bool { return c.Source == SIITransfersSourceID }) {
		bad("the claim does not cite the SII record")
	}
	return problems
}

var customerRowsRE = regexp.MustCompile(`customer code (\S+), rows ([0-9, ]+):`)

// licence checks a claim against its rows of the FinFisher table.
func (a auditor) licence(r schema.Relationship, customers map[string]rawCustomer) (problems []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if r.Basis != schema.BasisLeak || r.Status.Rank() > schema.Reported.Rank() {
		bad("a leaked licence gives a %s %s claim; want at most REPORTED, LEAK", r.Status, r.Basis)
	}
	var rows [][]string
	var code string
	for _, c := range r.Citations {
		m := customerRowsRE.FindStringSubmatch(c.Locator)
		if c.Source != FinFisherSourceID || m == nil {
			continue
		}
		code = m[1]
		for _, n := range strings.Split(m[2], ",") {
			i, _ := strconv.Atoi(strings.TrimSpace(n))
			if cust, ok := customers[code]; ok && i >= 1 && i <= len(cust.Data) {
				rows = append(rows, cust.Data[i-1])
			}
		}
	}
	if len(rows) == 0 {
		return append(problems, "the claim cites no rows of the table")
	}
	var euros int64
	for _, row := range rows {
		if strictName(row[0]) != strictName(a.byID[r.Product].Name()) {
			bad("row of %s is for %q, the claim for %s", code, row[0], r.Product)
		}
		if !strings.HasPrefix(row[1], r.Period.Start.String()) && !strings.HasPrefix(row[1], "1970-01-01") {
			bad("a row starts %s, the claim %s", row[1], r.Period.Start)
		}
		if _, n, ok, _ := ParsePrice(row[3]); ok {
			euros += n
		}
	}
	if r.Quantity != len(rows) || r.Amount != euros {
		bad("%d licences for EUR %d in the rows; the claim says %d for EUR %d", len(rows), euros, r.Quantity, r.Amount)
	}
	// To whom: a named customer's state, or a placeholder for an unnamed one.
	name := customers[code].Name
	client := a.byID[r.To]
	if name == "" && !client.Placeholder && client.Kind != schema.Government {
		bad("customer %s has no name, yet the claim names %s", code, r.To)
	}
	if name != "" {
		if cc, ok := leadingCountry(name); ok && a.countryOf(r.To) != cc {
			bad("customer %q is of %s, the claim's %s is of %q", name, cc, r.To, a.countryOf(r.To))
		}
	}
	return problems
}

// countryOf is an entity's country, or its government's.
func (a auditor) countryOf(id string) string {
	if c, _ := a.byID[id].Props["country"].(string); c != "" {
		return c
	}
	if g, ok := a.governmentOf[id]; ok {
		c, _ := a.byID[g].Props["country"].(string)
		return c
	}
	return ""
}

// namesEntity reports whether a supplier as the record writes it names the
// entity: its name or an alias, one of several suppliers, a role aside.
func namesEntity(raw string, e schema.Entity) bool {
	names := append([]string{e.Name()}, listProp(e.Props["aliases"])...)
	for _, part := range append([]string{raw}, strings.Split(raw, ", ")...) {
		if m := supplierRoleRE.FindStringSubmatch(part); m != nil {
			part = m[1]
		}
		for _, n := range names {
			if NormalizeName(part) == NormalizeName(n) || strings.Contains(NormalizeName(n), NormalizeName(part)) ||
				strings.Contains(NormalizeName(part), NormalizeName(n)) {
				return true
			}
		}
	}
	return false
}

func listProp(v any) []string { l, _ := v.([]string); return l }

// leadingCountry is the country a customer name starts with ("Hungary
// SSNS").
func leadingCountry(name string) (string, bool) {
	w := strings.Fields(name)
	for k := min(3, len(w)); k >= 1; k-- {
		if c, ok := CountryCode(strings.Join(w[:k], " ")); ok {
			return c, true
		}
	}
	return "", false
}

func readRawTransfers(t *testing.T) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("data", filepath.FromSlash(SIITransfersFile)))
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	return recs
}

type rawCustomer struct {
	Name string     `json:"name"`
	Data [][]string `json:"data"`
}

func readRawCustomers(t *testing.T) map[string]rawCustomer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("data", filepath.FromSlash(FinFisherCustomersFile)))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]rawCustomer{}
	for code, v := range raw {
		var c rawCustomer
		if json.Unmarshal(v, &c) == nil {
			out[code] = c
		}
	}
	return out
}
