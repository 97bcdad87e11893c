package datasets

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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
// (SUPPLIED and DEPLOYED, from the SII transfers) and checks each against
// its raw record, read here again without the importer's code: who, to
// whom, what it rests on, how sure, when, and what it cost. A claim that
// says more than its record fails the audit. (package importer's
// TestFinFisherAudit does the same for the FinFisher table's mapping.)
func TestImportAudit(t *testing.T) {
	run := runReal(t, realDatasets(t))
	transfers := run.named(t, "sii-transfers")
	raw := readRawTransfers(t)
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
	for _, im := range []*Import{transfers} {
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
		problems := a.transfer(r, raw[d.im.RelRecords[d.i]-1])
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
