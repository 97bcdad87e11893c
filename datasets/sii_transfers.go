package datasets

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// SIITransfersSourceID is the id of the Source node of the SII transfers
// dataset.
const SIITransfersSourceID = "privacy-international-sii-transfers"

type siiTransfer struct {
	Supplier   strs            `json:"supplier_company"`
	SupplierHQ strs            `json:"supplier_company_hq"`
	Recipient  strs            `json:"recipient_country"`
	EndUser    strs            `json:"enduser"`
	Goods      strs            `json:"goods"`
	GoodsText  strs            `json:"goods__laser_acoustic_detection_equipment__intrusion_software__network_infrastructure_and_services__off_the_air_interception__monitoring_centres__lawful_interception_mediation__deep_packet_inspection__forensics__biometrics__fibre_taps__probes__location_tracking__internet_filters"`
	Kind       strs            `json:"export_data_or_open_source"`
	Complete   strs            `json:"transfer_to_enduser_reported_as_complete"`
	OrderYear  json.RawMessage `json:"order_year"`
	Sources    strs            `json:"sources"`
	Links      strs            `json:"source_links"`
	Title      strs            `json:"title"`
	UniqueID   strs            `json:"unique_id"`
}

func siiTransfersSource() schema.Entity {
	return schema.Entity{
		ID:   SIITransfersSourceID,
		Kind: schema.Source,
		Props: map[string]any{
			"name":        "Surveillance Industry Index: transfers",
			"sourceType":  "DATASET",
			"publisher":   "Privacy International",
			"publishedAt": schema.Date{Year: 2016},
			"licence":     siiLicence,
			"language":    "en",
			"locator":     "TransparencyToolkit/dataspec-sii@2e1bf5e9:sii_data/transfer_data/transfers.json",
			"description": "Transfer records of Privacy International's Surveillance Industry Index (2016): supplier, " +
				"recipient country, end user, goods, order year, whether the data come from government export-licence " +
				"statistics or open sources, and the sources the SII cites. Read from TransparencyToolkit/dataspec-sii " +
				"@2e1bf5e9 : sii_data/transfer_data/transfers.json, as reassembled in survgraph's datasets/data folder " +
				"(see datasets/data/MANIFEST.md). Records are cited by their 1-based position in that file and their unique_id.",
		},
	}
}

// TransferBasis is what an SII transfer record rests on: government
// export-licence statistics, a network measurement (one of the scans in
// [ScanReports]), a leak, a procurement record, or else reporting. See
// docs/DATA.md.
func TransferBasis(exportOrOpen string, sources []string) (schema.Basis, bool) {
	switch strings.ToLower(clean(exportOrOpen)) {
	case "export data":
		return schema.BasisExportStatistics, true
	case "open":
	default:
		return "", false
	}
	text := strings.ToLower(strings.Join(sources, " "))
	if _, ok := scanReportIn(text); ok {
		return schema.BasisMeasurement, true
	}
	for _, m := range []struct {
		marker string
		basis  schema.Basis
	}{
		{"wikileaks.org", schema.BasisLeak},
		{"client overview_list", schema.BasisLeak},               // Hacking Team's leaked customer list
		{"theintercept.com/2016/10/23/endace", schema.BasisLeak}, // Endace's leaked customer records
		{"fpds.gov", schema.BasisDocument},                       // US federal procurement records
	} {
		if strings.Contains(text, m.marker) {
			return m.basis, true
		}
	}
	return schema.BasisPress, true
}

// TransferStatus is the claim status of an SII transfer record: a licence
// statistic or a measurement is at most ALLEGED (a licence granted, a device
// seen: not a sale completed); otherwise REPORTED when the SII reports the
// transfer to the end user as complete, ALLEGED when it does not know. A
// transfer reported as not completed makes no claim: ok is false.
func TransferStatus(basis schema.Basis, complete string) (schema.ClaimStatus, bool) {
	switch strings.ToLower(clean(complete)) {
	case "no":
		return "", false
	case "yes":
		if basis != schema.BasisExportStatistics && basis != schema.BasisMeasurement {
			return schema.Reported, true
		}
	}
	return schema.Alleged, true
}

// ScanReport is a network measurement an SII record may cite, and what it
// shows: where a product was seen, and whether the report itself attributes
// its use to the government of the country.
type ScanReport struct {
	URL string // a distinctive part of its address
	// Product is the id of what was seen; Maker makes it.
	Product, ProductName, Maker string
	// AttributesGovernment: the report names the country's government (or
	// an agency) as the likely user; otherwise the user is unidentified.
	AttributesGovernment bool
	// Operator names the unidentified user where the report does not.
	Operator string
}

// ScanReports are the measurements the SII cites (docs/DATA.md).
var ScanReports = []ScanReport{
	{URL: "citizenlab.org/2013/07/planet-blue-coat-redux", Product: "blue-coat-devices", ProductName: "Blue Coat ProxySG or PacketShaper devices",
		Maker: "blue-coat", Operator: "network operator"},
	{URL: "citizenlab.org/2013/04/for-their-eyes-only", Product: "finspy", ProductName: "FinSpy", Maker: "gamma-international",
		Operator: "FinSpy operator"},
	{URL: "citizenlab.org/2015/10/mapping-finfishers-continuing-proliferation", Product: "finspy", ProductName: "FinSpy",
		Maker: "gamma-international", AttributesGovernment: true},
}

func scanReportIn(text string) (ScanReport, bool) {
	for _, r := range ScanReports {
		if strings.Contains(text, r.URL) {
			return r, true
		}
	}
	return ScanReport{}, false
}

// operatorRoles are the nongov end users (resolution.tsv) that run
// networks: a transfer to one is a SUPPLIED claim to the operator, in that
// role.
var operatorRoles = map[string]bool{"mobile operator": true, "telecom operator": true, "internet service provider": true}

// supplierRoleRE matches a role the SII writes after a supplier's name.
var supplierRoleRE = regexp.MustCompile(`(?i)^(.*?)\s*\((broker|reseller|distributor|integrator|agent|intermediary|subcontractor|contractor|supplier|partner)\)$`)

// SIITransfers imports the SII transfer records: each becomes a SUPPLIED
// claim from each supplier to the recipient state's government, or to the
// end user's agency when the record names one. Suppliers and agencies that
// match nothing known are created; a record without a supplier is supplied
// by a placeholder, one per exporting country.
//
// A record is rejected, with its reason, when it names no recipient country
// (nothing to supply to: survgraph does not guess one), when its recipient
// is not a country, or when every end user it names is, by the alias table,
// not a government body (SUPPLIED joins suppliers to governments and their
// bodies only).
func SIITransfers(path string, res *Resolver) (*Import, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sii-transfers: %w", err)
	}
	var recs []siiTransfer
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, fmt.Errorf("sii-transfers: %s: %w", path, err)
	}
	b := newBuilder("sii-transfers", path, res, siiTransfersSource())
	b.im.Report.Read = len(recs)
	t := &transfers{builder: b, today: time.Now().UTC(), links: map[string]string{}}

	// First pass: the end users that no alias rule redirects, so that a rule
	// pointing at an agency defined by another record ("Drug Enforcement
	// Administration" in Colombia is the US agency) finds it defined.
	for i, rec := range recs {
		n := i + 1
		p, ok := t.place(rec, n, false)
		if !ok {
			continue
		}
		for _, part := range t.endUserParts(rec, p) {
			b.body(part, "", p, n, t.siiCite(rec, n), true)
		}
	}
	for i, rec := range recs {
		t.record(rec, i+1)
	}
	return b.finish(), nil
}

type transfers struct {
	*builder
	today time.Time
	links map[string]string // url -> source id, for links seen in earlier records
}

func uniqueID(rec siiTransfer) string { return rec.UniqueID.first() }

func (t *transfers) siiCite(rec siiTransfer, n int) schema.Citation {
	loc := fmt.Sprintf("record %d", n)
	if uid := uniqueID(rec); uid != "" {
		loc += ", unique_id " + uid
	}
	return t.cite(rec.Title.first(), loc)
}

// place is the record's recipient state; with report set, a record without
// one is rejected.
func (t *transfers) place(rec siiTransfer, n int, report bool) (place, bool) {
	raw := rec.Recipient.first()
	if raw == "" {
		if report {
			t.reject(n, "no recipient_country: the record names no recipient state, and survgraph does not guess one (title %q)", rec.Title.first())
		}
		return place{}, false
	}
	p, ok := t.recipientPlace(raw, n, fmt.Sprintf("record %d, recipient_country %q", n, raw))
	if !ok && report {
		t.reject(n, "recipient_country not a country: %q is not a state survgraph recognises", raw)
	}
	return p, ok
}

// endUserParts splits the record's end user field into bodies: one per line,
// and one per comma-separated name unless the alias table names the whole.
func (t *transfers) endUserParts(rec siiTransfer, p place) []string {
	var raw []string
	for _, e := range rec.EndUser {
		raw = append(raw, e)
	}
	whole := clean(strings.Join(raw, "\n"))
	if whole == "" {
		return nil
	}
	if t.res.HasRule(trimBody(whole) + " (" + p.label + ")") {
		return []string{whole}
	}
	var out []string
	for _, e := range raw {
		for _, line := range strings.Split(e, "\n") {
			line = trimBody(line)
			if line == "" {
				continue
			}
			if t.res.HasRule(line+" ("+p.label+")") || !strings.Contains(line, ", ") {
				out = append(out, line)
				continue
			}
			for _, part := range strings.Split(line, ", ") {
				if part = trimBody(part); part != "" {
					out = append(out, part)
				}
			}
		}
	}
	return out
}

// supplier is one supplier of a record.
type supplier struct {
	id, raw, role string
	known         bool // resolved to an entity that existed before
}

func (t *transfers) suppliers(rec siiTransfer, n int, cite schema.Citation) []supplier {
	raw := rec.Supplier.first()
	if raw == "" {
		return []supplier{t.placeholder(rec, n, cite)}
	}
	parts := []string{raw}
	if _, _, ok := t.res.Resolve(schema.Company, raw); !ok && !t.res.HasRule(raw) && strings.Contains(raw, ", ") {
		parts = strings.Split(raw, ", ")
	}
	var hq string
	if codes := t.hqCodes(rec); len(parts) == 1 && len(codes) == 1 {
		hq = codes[0]
	}
	var out []supplier
	seen := map[string]bool{}
	for _, part := range parts {
		part = clean(part)
		if part == "" {
			continue
		}
		name, role := part, ""
		if m := supplierRoleRE.FindStringSubmatch(part); m != nil {
			name, role = clean(m[1]), strings.ToLower(m[2])
			t.im.Report.Roles = append(t.im.Report.Roles, fmt.Sprintf("record %d: %s is recorded as %s", n, name, role))
		}
		_, _, known := t.res.Resolve(schema.Company, name)
		id := t.company(name, n, cite.Locator,
			"Named as a supplier in Privacy International's Surveillance Industry Index (transfers); not matched to a company profile of the index.", hq)
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, own := t.owned[id]; own {
			known = false
		}
		out = append(out, supplier{id: id, raw: part, role: role, known: known})
	}
	return out
}

// hqCodes are the countries of supplier_company_hq ("United Kingdom,
// Germany").
func (t *transfers) hqCodes(rec siiTransfer) []string {
	var out []string
	for _, part := range strings.Split(rec.SupplierHQ.first(), ",") {
		if code, ok := CountryCode(part); ok {
			out = appendNew(out, code)
		}
	}
	return out
}

// placeholder is the unidentified exporter that supplies a record without a
// supplier: export-licence statistics name the exporting country, not the
// company.
func (t *transfers) placeholder(rec siiTransfer, n int, cite schema.Citation) supplier {
	hq := rec.SupplierHQ.first()
	codes := t.hqCodes(rec)
	id, name, country := "unidentified-exporter", "Unidentified exporter (country unknown)", ""
	if len(codes) == 1 {
		country = codes[0]
		id = "unidentified-exporter-" + strings.ToLower(country)
		name = "Unidentified exporter in " + CountryName(country)
	} else if hq != "" {
		t.note("record %d: supplier_company_hq %q is not one country; the record is supplied by %s", n, hq, id)
	}
	if !t.res.Has(id) {
		where := "an exporting country the record does not give"
		if country != "" {
			where = CountryName(country)
		}
		props := map[string]any{
			"name": name,
			"description": fmt.Sprintf("Placeholder, not a company: it stands for the one or more exporters in %s behind "+
				"transfer records of Privacy International's Surveillance Industry Index that name no company, mostly "+
				"government export-licence statistics, which give the exporting country but not the exporter (as SIPRI "+
				"records an \"unknown supplier\"). Two claims from it may concern two different companies.", where),
		}
		if country != "" {
			props["country"] = country
		}
		t.noteUnresolved(name)
		t.addEntity(schema.Entity{ID: id, Kind: schema.Company, Placeholder: true, Props: props, Citations: []schema.Citation{
			t.cite("", fmt.Sprintf("record %d and every record with supplier_company null and supplier_company_hq %q", n, hq)),
		}}, n)
	}
	return supplier{id: id, raw: ""}
}

func (t *transfers) record(rec siiTransfer, n int) {
	p, ok := t.place(rec, n, true)
	if !ok {
		return
	}
	basis, ok := TransferBasis(rec.Kind.first(), t.sourceTexts(rec))
	if !ok {
		t.reject(n, "unknown export_data_or_open_source: %q is neither \"Export data\" nor \"Open\"", rec.Kind.first())
		return
	}
	status, ok := TransferStatus(basis, rec.Complete.first())
	if !ok {
		t.reject(n, "transfer reported as not completed: transfer_to_enduser_reported_as_complete is %q, so the record shows no supply", rec.Complete.first())
		return
	}
	if curated := t.res.curated.Record(SIITransfersSourceID, uniqueID(rec)); len(curated) > 0 {
		t.mergedInto(n, "unique_id "+uniqueID(rec), curated[0].ID)
		return
	}
	cite := t.siiCite(rec, n)
	cites := append([]schema.Citation{cite}, t.linkSources(rec, n)...)
	period, yearNote := t.orderYear(rec.OrderYear, n)
	sups := t.suppliers(rec, n, cite)
	if basis == schema.BasisMeasurement {
		t.measurement(rec, n, p, sups, claimBase{status: status, period: period, cites: cites, yearNote: yearNote})
		return
	}
	recipients, nongov, unknown := t.recipients(rec, n, p, cite)
	if len(recipients) == 0 && len(nongov) > 0 {
		t.reject(n, "end user not a government body nor a network operator: %s; SUPPLIED joins suppliers to governments, their bodies and network operators only", strings.Join(nongov, "; "))
		return
	}
	if len(recipients) == 0 {
		recipients = []recipient{t.unnamedRecipient(rec, n, p)}
	}
	anyKnown := false
	for _, s := range sups {
		anyKnown = anyKnown || s.known
		if s.known {
			id, why, _ := t.res.Resolve(schema.Company, s.name())
			t.noteKnown(s.name(), id, why)
		}
	}
	if anyKnown {
		t.im.Report.Merged++
	}
	key := t.recordKey(rec, n)
	for _, s := range sups {
		summary := t.summary(rec, s, p, nongov, unknown, yearNote)
		for _, to := range recipients {
			if id, ok := t.res.curated.Claim(schema.Supplied, s.id, to.id); ok {
				t.mergedInto(n, fmt.Sprintf("%s to %s", s.id, to.id), id)
				continue
			}
			r := schema.Relationship{
				ID:        schema.RelationshipID(s.id, schema.Supplied, to.id, key),
				Type:      schema.Supplied,
				From:      s.id,
				To:        to.id,
				Status:    status,
				Basis:     basis,
				Role:      to.role,
				Period:    period,
				Summary:   summary,
				Citations: cites,
			}
			t.addKeyed(r, key, n)
		}
	}
}

// claimBase is what every claim of one record shares.
type claimBase struct {
	status   schema.ClaimStatus
	period   schema.Period
	cites    []schema.Citation
	yearNote string
}

// recipient is who a record's supply went to, with its role when it is a
// company (schema.RelSpec.RoleOf).
type recipient struct{ id, role string }

// recipients are the record's end users that may receive a supply: bodies
// of the state, and network operators (resolution.tsv's nongov rules that
// name one); nongov lists the others, and unknown says the SII adds
// unnamed ones.
func (t *transfers) recipients(rec siiTransfer, n int, p place, cite schema.Citation) (out []recipient, nongov []string, unknown bool) {
	seen := map[string]bool{}
	add := func(r recipient) {
		if !seen[r.id] {
			seen[r.id] = true
			out = append(out, r)
		}
	}
	for _, part := range t.endUserParts(rec, p) {
		if what, _, ok := t.res.NonGov(trimBody(part) + " (" + p.label + ")"); ok && operatorRoles[what] {
			add(recipient{id: t.operator(trimBody(part), what, p, n, cite.Locator), role: what})
			continue
		}
		id, what, outcome := t.body(part, "", p, n, cite, false)
		switch outcome {
		case bodyEntity:
			if kind, _ := t.res.KindOf(id); kind != schema.Government && kind != schema.Agency {
				t.note("record %d: end user %q resolves to %s, a %s; the claim goes to %s", n, part, id, kind, p.gov)
				id = p.gov
			}
			add(recipient{id: id})
		case bodyNonGov:
			nongov = append(nongov, what)
		case bodyUnknown:
			unknown = true
		}
	}
	return out, nongov, unknown
}

// operator resolves or creates the company that runs a network, named as
// an end user.
func (t *transfers) operator(name, what string, p place, n int, locator string) string {
	return t.company(stripCountry(name, p), n, locator,
		fmt.Sprintf("A %s in %s, named as an end user of transfers in Privacy International's Surveillance Industry Index.", what, p.phrase()), p.code)
}

// unnamedRecipient is the recipient of a record that names no end user:
// the state's government, except for network equipment alone, which goes
// to those who run networks: an unidentified operator, not the government.
func (t *transfers) unnamedRecipient(rec siiTransfer, n int, p place) recipient {
	goods := NormalizeGoods(rec.Goods)
	network := len(goods) > 0
	for _, g := range goods {
		network = network && strings.HasPrefix(strings.ToLower(g), "network infrastructure")
	}
	if !network {
		return recipient{id: p.gov}
	}
	return recipient{id: t.placeholderOperator("network operator", p, n,
		"the one or more network operators in %s that transfer records of Privacy International's Surveillance Industry Index "+
			"for network infrastructure name no end user for"), role: "network operator"}
}

// placeholderOperator is the unidentified network operator (or, for a
// FinSpy server, the unidentified FinSpy operator) of a state.
func (t *transfers) placeholderOperator(role string, p place, n int, what string) string {
	kind, slugRole := schema.Company, "network-operator"
	if role != "network operator" {
		kind, slugRole = schema.Agency, slug(role, 30)
	}
	id := "unidentified-" + slugRole + "-" + slug(p.label, 50)
	if t.res.Has(id) {
		return id
	}
	name := fmt.Sprintf("Unidentified %s in %s", role, p.label)
	props := map[string]any{"name": name,
		"description": "Placeholder, not an identified party: it stands for " + fmt.Sprintf(what, p.phrase()) + "."}
	if p.code != "" {
		props["country"] = p.code
	}
	t.noteUnresolved(name)
	t.addEntity(schema.Entity{ID: id, Kind: kind, Placeholder: true, Props: props,
		Citations: []schema.Citation{t.cite("", fmt.Sprintf("record %d", n))}}, n)
	return id
}

// measurement turns a record that rests on a scan into DEPLOYED claims of
// the product seen, at most ALLEGED: by the government or the named end
// users where the report attributes the use to them, otherwise by an
// unidentified operator of the country. A scan shows a product in use, not a
// sale to anyone.
func (t *transfers) measurement(rec siiTransfer, n int, p place, sups []supplier, base claimBase) {
	scan, _ := scanReportIn(strings.ToLower(strings.Join(t.sourceTexts(rec), " ")))
	product := t.scanProduct(scan, sups, n)
	var users []string
	if scan.AttributesGovernment {
		recipients, _, _ := t.recipients(rec, n, p, base.cites[0])
		for _, r := range recipients {
			if r.role == "" {
				users = append(users, r.id)
			}
		}
		if len(users) == 0 {
			users = []string{p.gov}
		}
	} else {
		what := "the one or more unidentified networks or parties in %s on which Citizen Lab's scans found " + scan.ProductName
		users = []string{t.placeholderOperator(scan.Operator, p, n, what)}
	}
	summary := fmt.Sprintf("Privacy International's Surveillance Industry Index records, from a Citizen Lab network scan, %s in use in %s%s. "+
		"A scan shows a product in use, not a sale: the SII records it as a transfer from %s.",
		scan.ProductName, p.label, map[bool]string{true: ", which the report attributes to the government", false: ", by a user the report does not identify"}[scan.AttributesGovernment],
		supplierNames(sups))
	if base.yearNote != "" {
		summary += " The SII gives: " + base.yearNote + "."
	}
	for _, u := range users {
		if id, ok := t.res.curated.Claim(schema.Deployed, u, product); ok {
			t.mergedInto(n, fmt.Sprintf("%s using %s", u, product), id)
			continue
		}
		t.addKeyed(schema.Relationship{
			ID: schema.RelationshipID(u, schema.Deployed, product, t.recordKey(rec, n)), Type: schema.Deployed,
			From: u, To: product, Status: base.status, Basis: schema.BasisMeasurement, Period: base.period,
			Summary: summary, Citations: base.cites,
		}, t.recordKey(rec, n), n)
	}
}

// scanProduct is the product a scan saw: a known one, or one created with
// a MAKES claim from the record's supplier.
func (t *transfers) scanProduct(scan ScanReport, sups []supplier, n int) string {
	if t.res.Has(scan.Product) {
		return scan.Product
	}
	maker := scan.Maker
	if len(sups) == 1 {
		maker = sups[0].id
	}
	cite := t.cite("", fmt.Sprintf("record %d and the other records citing the same scan", n))
	t.addEntity(schema.Entity{ID: scan.Product, Kind: schema.Product, Props: map[string]any{
		"name": scan.ProductName, "category": "INTERNET_FILTERING",
		"description": "Devices that Citizen Lab's network scans identified, as the SII records them; the SII does not say which model.",
	}, Citations: []schema.Citation{cite}}, n)
	if kind, _ := t.res.KindOf(maker); kind != schema.Company {
		t.note("record %d: the maker %q of %s is not a known company; no MAKES claim", n, maker, scan.ProductName)
		return scan.Product
	}
	t.addRel(schema.Relationship{
		ID: schema.RelationshipID(maker, schema.Makes, scan.Product, "sii"), Type: schema.Makes, From: maker, To: scan.Product,
		Status: schema.Reported, Basis: schema.BasisPress, Summary: fmt.Sprintf("%s makes %s.", t.res.NameOf(maker), scan.ProductName),
		Citations: []schema.Citation{cite},
	}, n)
	return scan.Product
}

func supplierNames(sups []supplier) string {
	names := make([]string, 0, len(sups))
	for _, s := range sups {
		if s.raw == "" {
			names = append(names, "an unidentified exporter")
		} else {
			names = append(names, s.name())
		}
	}
	return strings.Join(names, " and ")
}

// recordKey tells apart the claims of one record from those of others
// between the same ends.
func (t *transfers) recordKey(rec siiTransfer, n int) string {
	if key := slug(uniqueID(rec), 60); key != "" {
		return key
	}
	return fmt.Sprintf("record-%d", n)
}

// addKeyed adds r, keyed by the record when another record already made
// the same claim.
func (t *transfers) addKeyed(r schema.Relationship, key string, n int) {
	if !t.addRel(r, n) {
		r.ID = schema.RelationshipID(r.From, r.Type, r.To, fmt.Sprintf("%s-record-%d", key, n))
		t.addRel(r, n)
	}
	t.claimed[n] = true
}

// mergedInto records that record n's claim (what) is one the curated seed
// already makes, as its claim id: it is not claimed twice.
func (t *transfers) mergedInto(n int, what, id string) {
	t.claimed[n] = true
	t.im.Report.MergedIntoCurated = append(t.im.Report.MergedIntoCurated, fmt.Sprintf("record %d (%s): the curated claim %s", n, what, id))
}

// sourceTexts are the record's sources as the SII gives them: its links and
// its free-text citation.
func (t *transfers) sourceTexts(rec siiTransfer) []string {
	return append(append([]string{}, rec.Links...), rec.Sources...)
}

func (s supplier) name() string {
	if m := supplierRoleRE.FindStringSubmatch(s.raw); m != nil {
		return clean(m[1])
	}
	return s.raw
}

// orderYear reads order_year: a year gives the claim's start; anything else
// is kept, as written, in the summary.
func (t *transfers) orderYear(raw json.RawMessage, n int) (schema.Period, string) {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil || v == nil {
		return schema.Period{}, ""
	}
	var s string
	switch x := v.(type) {
	case float64:
		s = fmt.Sprint(int(x))
	case string:
		s = clean(x)
	default:
		s = fmt.Sprint(x)
	}
	if d, err := schema.ParseDate(s); err == nil && d.Precision() == schema.YearPrecision && !d.Earliest().After(t.today) {
		return schema.Period{Start: d}, "ordered in " + s
	}
	if s != "" {
		t.note("record %d: order_year %q is not a year; kept in the summary only", n, s)
		return schema.Period{}, fmt.Sprintf("order year recorded as %q", s)
	}
	return schema.Period{}, ""
}

var goodsFixes = map[string]string{
	"deeo packet inspection": "Deep packet inspection",
	"monitoring centres":     "Monitoring centre",
	"fiber taps / probes":    "Fibre taps / probes",
}

// NormalizeGoods tidies the SII's goods: spacing, case, the one typo
// ("Deeo packet inspection") and spelling variants, without duplicates.
func NormalizeGoods(raw []string) []string {
	var out []string
	for _, g := range raw {
		g = clean(g)
		if g == "" {
			continue
		}
		if fix, ok := goodsFixes[strings.ToLower(g)]; ok {
			g = fix
		} else {
			g = sentenceCase(g)
		}
		out = appendNew(out, g)
	}
	return out
}

var angleRE = regexp.MustCompile(`[<>]`)

func (t *transfers) summary(rec siiTransfer, s supplier, p place, nongov []string, unknown bool, yearNote string) string {
	goodsList := []string(rec.Goods)
	if len(goodsList) == 0 && rec.GoodsText.first() != "" {
		goodsList = strings.Split(rec.GoodsText.first(), ",")
	}
	goods := strings.ToLower(strings.Join(NormalizeGoods(goodsList), ", "))
	if goods == "" {
		goods = "surveillance technology (goods not recorded)"
	}
	from := s.name()
	if from == "" {
		from = "an unidentified exporter"
		if hq := rec.SupplierHQ.first(); hq != "" {
			from += " in " + hq
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Privacy International's Surveillance Industry Index records a transfer of %s from %s to %s", goods, from, p.label)
	var eu []string
	for _, e := range rec.EndUser {
		if e = trimBody(e); e != "" {
			eu = append(eu, e)
		}
	}
	if len(eu) > 0 {
		fmt.Fprintf(&b, ", end user %q", strings.Join(eu, "; "))
	}
	if yearNote != "" {
		fmt.Fprintf(&b, ", %s", yearNote)
	}
	b.WriteString(".")
	if s.role != "" {
		fmt.Fprintf(&b, " The SII records %s as %s.", s.name(), s.role)
	}
	if len(nongov) > 0 {
		fmt.Fprintf(&b, " End users that are not government bodies: %s.", strings.Join(nongov, "; "))
	}
	if unknown {
		b.WriteString(" The SII adds unknown other end users.")
	}
	kind := "open sources (press, research)"
	if strings.EqualFold(rec.Kind.first(), "export data") {
		kind = "government export-licence statistics"
	}
	complete := rec.Complete.first()
	if complete == "" {
		complete = "not stated"
	}
	fmt.Fprintf(&b, " Basis: %s; transfer to the end user reported as complete: %s.", kind, complete)
	if src := clean(angleRE.ReplaceAllString(rec.Sources.first(), "")); src != "" {
		fmt.Fprintf(&b, " Sources as the SII cites them: %s", src)
	}
	out := cut(b.String(), 2000)
	if schema.CheckText(out, schema.MaxTextLen) != nil {
		out = cut(clean(strings.Map(func(r rune) rune {
			if r == '<' || r == '>' {
				return ' '
			}
			return r
		}, out)), 2000)
	}
	return out
}

var (
	embeddedURLRE = regexp.MustCompile(`https?://[^\s<>"“”]+`)
	bracketRE     = regexp.MustCompile(`<[^<>]*>|https?://[^\s<>"“”]+`)
	// A quoted title: the closing quote must end a word, so that the
	// apostrophe of "Bangladesh's" does not close 'Bangladesh's brutal ...'.
	titleRE = regexp.MustCompile(`“([^”]{4,}?)”(?:[\s,.;:]|$)|‘(.{4,}?)’(?:[\s,.;:]|$)|"([^"]{4,}?)"(?:[\s,.;:]|$)|'(.{4,}?)'(?:[\s,.;:]|$)`)
)

// linkSources returns a citation of a Source for each of the record's links
// that is an absolute http(s) URL, creating the Source the first time a link
// comes up (or citing a known Source with that URL).
func (t *transfers) linkSources(rec siiTransfer, n int) []schema.Citation {
	var out []schema.Citation
	seen := map[string]bool{}
	links := []string(rec.Links)
	if len(links) == 0 {
		// No source_links: the addresses the free-text citation gives.
		for _, u := range embeddedURLRE.FindAllString(rec.Sources.first(), -1) {
			links = append(links, strings.TrimRight(u, ".,;)]'’"))
		}
		if len(links) > 0 {
			t.im.Report.Counts["records whose links were taken from the sources text"]++
		}
	}
	for _, link := range links {
		link = clean(link)
		if link == "" {
			continue
		}
		u, text := link, ""
		if schema.CheckURL(u) != nil {
			m := embeddedURLRE.FindStringIndex(link)
			if m == nil {
				t.im.Report.Counts["links not cited: not an absolute http(s) URL"]++
				t.note("record %d: link %q is not an absolute http(s) URL; not cited as a Source (the record's summary keeps the SII's text)", n, cut(link, 120))
				continue
			}
			u = strings.TrimRight(link[m[0]:m[1]], ".,;)]'’")
			text = strings.TrimSpace(link[:m[0]])
		}
		if strings.ContainsAny(u, " \t") {
			t.im.Report.Counts["links not cited: a space in the URL"]++
			t.note("record %d: link %q contains a space, so it is not a valid URL; not cited as a Source", n, cut(u, 160))
			continue
		}
		if schema.CheckURL(u) != nil || seen[u] {
			continue
		}
		seen[u] = true
		id, ok := t.links[u]
		if !ok {
			if text == "" {
				text = citationText(rec.Sources.first(), link, len(links))
			}
			id = t.linkSource(rec, n, u, text)
			if id == "" {
				continue
			}
			t.links[u] = id
		}
		out = append(out, schema.Citation{Source: id, Locator: fmt.Sprintf("as cited by SII transfer record %d", n), Stance: schema.Supports})
	}
	return out
}

// citationText is the part of the SII's sources text that cites link: the
// text between the previous link and this one.
func citationText(sources, link string, links int) string {
	i := strings.Index(sources, link)
	if i < 0 {
		if links == 1 {
			return sources
		}
		return ""
	}
	start := 0
	for _, m := range bracketRE.FindAllStringIndex(sources[:i], -1) {
		if m[1] <= i {
			start = m[1]
		}
	}
	seg := sources[start:i]
	seg = strings.TrimSuffix(strings.TrimSpace(seg), "<")
	seg = strings.TrimSpace(seg)
	for _, suffix := range []string{"available at:", "available at", "at:"} {
		if strings.HasSuffix(strings.ToLower(seg), suffix) {
			seg = strings.TrimSpace(seg[:len(seg)-len(suffix)])
		}
	}
	return clean(strings.Trim(seg, " ,;:<"))
}

// linkSource is the Source of a link the SII cites: a known one for the same
// document (Resolver.KnownSource), or a new one. A new one's date is the
// first date in the SII's citation text, else one in the URL's path, else
// the record's order year (a stand-in the description owns up to). Without
// any, no Source is created.
func (t *transfers) linkSource(rec siiTransfer, n int, u, text string) string {
	draft, ok := t.linkSourceDraft(rec, n, u, text)
	date, _ := draft.Props["publishedAt"].(schema.Date)
	if id, why, known := t.res.KnownSource(u, draft.Name(), date); known {
		t.noteKnown(u, id, why)
		return id
	}
	if !ok {
		t.im.Report.Counts["links not cited: no date"]++
		t.note("record %d: link %s has no publication date in the SII's citation or URL and the record has no order year; not cited as a Source", n, u)
		return ""
	}
	t.im.Report.Counts["link sources created"]++
	t.addEntity(draft, n)
	return draft.ID
}

// linkSourceDraft is the Source a link would be: ok is false when it has no
// date.
func (t *transfers) linkSourceDraft(rec siiTransfer, n int, u, text string) (schema.Entity, bool) {
	parsed, err := url.Parse(u)
	if err != nil {
		return schema.Entity{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(parsed.Host), "www.")
	full := slug(host+" "+parsed.Path+" "+parsed.RawQuery, 1000)
	id := slug(host+" "+parsed.Path+" "+parsed.RawQuery, 90)
	if id != full || t.res.Has(id) {
		id = strings.TrimRight(slug(host+" "+parsed.Path+" "+parsed.RawQuery, 80), "-") + "-" + shortHash(u)
	}
	date, dateFrom := schema.Date{}, ""
	if d, ok := findDate(text, t.today); ok {
		date, dateFrom = d, "taken from the SII's citation"
	} else if d, ok := urlDate(u, t.today); ok {
		date, dateFrom = d, "read from the URL"
	} else if p, _ := t.orderYearQuiet(rec.OrderYear); !p.Start.IsZero() {
		date, dateFrom = p.Start, fmt.Sprintf("the order year of SII transfer record %d, not a publication date found in the source", n)
	}
	name := ""
	if m := titleRE.FindStringSubmatch(text); m != nil {
		for _, g := range m[1:] {
			if g != "" {
				name = g
				break
			}
		}
	}
	if name == "" {
		name = text
	}
	name = cut(clean(strings.Trim(angleRE.ReplaceAllString(name, ""), " ,;:")), 200)
	if name == "" {
		name = cut(host+parsed.Path, 200)
	}
	sourceType := "ARTICLE"
	switch {
	case strings.HasSuffix(host, "wikileaks.org"):
		sourceType = "LEAK"
	case strings.HasPrefix(host, "citizenlab.") || strings.HasSuffix(host, "privacyinternational.org"):
		sourceType = "REPORT"
	case strings.HasSuffix(host, ".gov") || strings.Contains(host, ".gov.") || strings.HasSuffix(host, ".admin.ch") ||
		strings.HasSuffix(host, "bundestag.de") || strings.EqualFold(rec.Kind.first(), "export data"):
		sourceType = "GOVERNMENT_DOCUMENT"
	}
	desc := "Cited by Privacy International's Surveillance Industry Index (transfers)"
	if text != "" {
		desc += fmt.Sprintf(" as: %q", cut(clean(angleRE.ReplaceAllString(text, "")), 1500))
	}
	desc += fmt.Sprintf(". Recorded from the SII; survgraph has not read this source. Its date is %s.", dateFrom)
	props := map[string]any{
		"name":        name,
		"sourceType":  sourceType,
		"publisher":   host,
		"url":         u,
		"description": desc,
	}
	if !date.IsZero() {
		props["publishedAt"] = date
	}
	return schema.Entity{ID: id, Kind: schema.Source, Props: props,
		Citations: []schema.Citation{t.cite("", fmt.Sprintf("record %d, source_links", n))}}, !date.IsZero()
}

func (t *transfers) orderYearQuiet(raw json.RawMessage) (schema.Period, string) {
	var v float64
	if json.Unmarshal(raw, &v) != nil || v == 0 {
		return schema.Period{}, ""
	}
	d := schema.Date{Year: int(v)}
	if _, err := schema.ParseDate(d.String()); err != nil || d.Earliest().After(t.today) {
		return schema.Period{}, ""
	}
	return schema.Period{Start: d}, ""
}
