package datasets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// FinFisherSourceID is the id of the Source node of the FinFisher customer
// table.
const FinFisherSourceID = "wikileaks-spyfiles4-finfisher-customers"

// FinFisherVendor is the name under which the vendor is resolved: the
// curated seed's Gamma International (Gamma Group), which sold FinFisher.
const FinFisherVendor = "Gamma International"

func finFisherSource() schema.Entity {
	return schema.Entity{
		ID:   FinFisherSourceID,
		Kind: schema.Source,
		Props: map[string]any{
			"name":        "SpyFiles 4: FinFisher customer licences",
			"sourceType":  "LEAK",
			"publisher":   "WikiLeaks",
			"publishedAt": schema.Date{Year: 2014},
			"licence":     "GPL-2.0 (isgroup/wikileaks-spyfiles4-customers); data published by WikiLeaks",
			"language":    "en",
			"locator":     "isgroup/wikileaks-spyfiles4-customers@f2299299:customers.json",
			"description": "FinFisher (Gamma Group) customer licence table published by WikiLeaks in SpyFiles 4 (2014), as " +
				"extracted in isgroup/wikileaks-spyfiles4-customers @f2299299 : customers.json (with customers.csv). Each row is " +
				"a customer code licensing a product (FinSpy, FinSpy Mobile, FinFly USB/LAN/Web, ...) with licence start and end, " +
				"licence text, price in EUR and a support flag; 17 customer codes carry a name. Leaked company records, not " +
				"confirmed by the company. Rows are cited by customer code and their 1-based position within it.",
		},
	}
}

// ffRow is one licence row as parsed.
type ffRow struct {
	product, start, end, licence, support string
}

// finFisherProducts gives the category of products the curated seed does
// not define. FinFly tools deliver FinSpy to a target; the rest are
// classified OTHER, since the table does not describe them.
var finFisherProducts = map[string]string{
	"finfly usb": "SPYWARE", "finfly lan": "SPYWARE", "finfly web": "SPYWARE", "finfly isp": "SPYWARE",
	"finfly net": "SPYWARE", "finspy": "SPYWARE", "finspy mobile": "SPYWARE",
}

var priceRE = regexp.MustCompile(`€\s*([0-9][0-9.,\s]*)`)

// ParsePrice splits a licence cell such as "Base license + 30 targets + 3
// agents &euro;307200" into the licence text and the price in whole euros.
// ok is false when the cell gives no price (" &euro;4620" gives "", 4620,
// true; "" and " n/a" give no price).
func ParsePrice(cell string) (text string, euros int64, ok bool, err error) {
	s := html.UnescapeString(cell)
	m := priceRE.FindStringSubmatchIndex(s)
	if m == nil {
		return clean(s), 0, false, nil
	}
	digits := strings.NewReplacer(",", "", ".", "", " ", "").Replace(s[m[2]:m[3]])
	n, perr := strconv.ParseInt(digits, 10, 64)
	if perr != nil || n < 0 {
		return clean(s), 0, false, fmt.Errorf("price %q is not a whole number of euros", strings.TrimSpace(s[m[2]:m[3]]))
	}
	text = clean(s[:m[0]] + " " + s[m[1]:])
	return text, n, n > 0, nil
}

// licenceDate reads "2010-04-05 00:00:00" as a day. The table writes
// 1970-01-01 (the Unix epoch) where it has no date: that is no date.
func licenceDate(s string) (schema.Date, string) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		s = s[:10]
	}
	if s == "" {
		return schema.Date{}, ""
	}
	if s == "1970-01-01" {
		return schema.Date{}, "epoch"
	}
	d, err := schema.ParseDate(s)
	if err != nil {
		return schema.Date{}, "bad"
	}
	return d, ""
}

// FinFisherCustomers imports the leaked FinFisher customer table: one
// SUPPLIED claim per licence row, from the vendor (the curated Gamma
// International) to the customer, about the product, with the licence period
// and price. Named customers resolve to known governments and agencies or
// become agencies of their state; unnamed ones become placeholders, one per
// customer code.
func FinFisherCustomers(path string, res *Resolver) (*Import, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("finfisher-customers: %w", err)
	}
	b := newBuilder("finfisher-customers", path, res, finFisherSource())
	f := &finfisher{builder: b, today: time.Now().UTC(), products: map[string]string{}, names: map[string]bool{}}
	if err := f.read(data); err != nil {
		return nil, fmt.Errorf("finfisher-customers: %s: %w", path, err)
	}
	return b.finish(), nil
}

type finfisher struct {
	*builder
	today    time.Time
	vendor   string
	products map[string]string
	names    map[string]bool
	row      int // rows read so far, over the whole file
}

// read walks the JSON object in file order (a Go map would lose it).
func (f *finfisher) read(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("want a JSON object keyed by customer code")
	}
	f.vendor = f.company(FinFisherVendor, 0, "the vendor of every licence in the table",
		"Vendor of the FinFisher products in the leaked customer licence table.", "")
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		code, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("customer %q: %w", code, err)
		}
		var cust struct {
			Name string              `json:"name"`
			Data [][]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(raw, &cust); err != nil {
			var list []json.RawMessage
			if json.Unmarshal(raw, &list) == nil && len(list) == 0 {
				f.note("key %q holds an empty list, not a customer: no licence rows, skipped", code)
				continue
			}
			return fmt.Errorf("customer %q: %w", code, err)
		}
		f.customer(code, clean(cust.Name), cust.Data)
	}
	return nil
}

var hexCodeRE = regexp.MustCompile(`^[0-9A-F]{8}$`)

func (f *finfisher) customer(code, name string, rows [][]json.RawMessage) {
	f.im.Report.Counts["customer codes"]++
	if name != "" {
		f.im.Report.Counts["customer codes with a name"]++
		if !f.names[name] {
			f.names[name] = true
			f.im.Report.Counts["distinct customer names"]++
		}
	}
	first := f.row + 1
	if len(rows) == 0 {
		f.note("customer code %s has no licence rows", code)
		return
	}
	before := len(f.im.Graph.Entities)
	cust := f.customerEntity(code, name, first)
	i, own := f.owned[cust]
	existed := !own || i < before
	if existed {
		f.im.Report.Counts["customer codes resolved to existing entities"]++
	}
	var groups []*licenceGroup
	byKey := map[string]*licenceGroup{}
	seen := map[string]bool{}
	for i, cells := range rows {
		f.row++
		n := f.row
		f.im.Report.Read++
		row, err := parseRow(cells)
		if err != nil {
			f.reject(n, "malformed row: customer code %s, row %d: %v", code, i+1, err)
			continue
		}
		if exact := fmt.Sprint(row); seen[exact] {
			f.im.Report.Counts["rows identical to an earlier row of their customer (each a licence, as WikiLeaks counts them)"]++
		} else {
			seen[exact] = true
		}
		l := f.parseLicence(code, i+1, n, row)
		key := l.product + "\x00" + l.period.Start.String()
		g := byKey[key]
		if g == nil {
			g = &licenceGroup{code: code, name: name, product: l.product}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.add(l)
		f.claimed[n] = true
		if existed {
			f.im.Report.Merged++
		}
	}
	for _, g := range groups {
		f.licenceClaim(cust, g)
	}
}

// licence is one row of the table, read.
type licence struct {
	product string // the product's id
	name    string // the product as the row names it
	row     int    // 1-based within its customer
	record  int    // 1-based over the file
	period  schema.Period
	text    string // the licence text, price taken out
	euros   int64
	priced  bool
}

// licenceGroup is the rows of one customer for one product from one start
// date: one claim. WikiLeaks counts every row of the table as a licence,
// identical rows included (docs/DATA.md), so each row adds one licence and
// its price.
type licenceGroup struct {
	code, name, product string
	rows                []licence
}

func (g *licenceGroup) add(l licence) { g.rows = append(g.rows, l) }

func (f *finfisher) parseLicence(code string, i, n int, row ffRow) licence {
	text, euros, priced, err := ParsePrice(row.licence)
	if err != nil {
		f.note("row %d (customer code %s, row %d): %v; no amount", n, code, i, err)
	}
	start, whyStart := licenceDate(row.start)
	end, whyEnd := licenceDate(row.end)
	for _, w := range []struct{ which, why, raw string }{{"start", whyStart, row.start}, {"end", whyEnd, row.end}} {
		switch w.why {
		case "epoch":
			f.im.Report.Counts["licence dates 1970-01-01 read as unknown"]++
		case "bad":
			f.note("row %d (customer code %s, row %d): licence %s %q is not a date; left open", n, code, i, w.which, w.raw)
		}
	}
	for _, d := range []*schema.Date{&start, &end} {
		if !d.IsZero() && d.Earliest().After(f.today) {
			f.note("row %d (customer code %s, row %d): licence date %s is in the future; left open", n, code, i, d)
			*d = schema.Date{}
		}
	}
	period := schema.Period{Start: start, End: end}
	if !period.Valid() {
		f.note("row %d (customer code %s, row %d): licence ends (%s) before it starts (%s); the end is left open", n, code, i, end, start)
		period.End = schema.Date{}
	}
	if !priced {
		f.im.Report.Counts["rows without a price"]++
	} else {
		if f.im.Report.TotalAmount == nil {
			f.im.Report.TotalAmount = map[string]int64{}
		}
		f.im.Report.TotalAmount["EUR"] += euros
	}
	return licence{product: f.product(row.product, n), name: row.product, row: i, record: n, period: period,
		text: text, euros: euros, priced: priced}
}

// licenceClaim makes the SUPPLIED claim of a group: its licences, their
// total price, from its start to its latest end, citing each licence text
// with the rows that carry it.
func (f *finfisher) licenceClaim(cust string, g *licenceGroup) {
	first := g.rows[0]
	period := schema.Period{Start: first.period.Start}
	var euros int64
	priced := 0
	var rowNums []string
	byText := map[string][]int{}
	var texts []string
	for _, l := range g.rows {
		if !l.period.End.IsZero() && (period.End.IsZero() || l.period.End.Latest().After(period.End.Latest())) {
			period.End = l.period.End
		}
		if l.priced {
			euros += l.euros
			priced++
		}
		rowNums = append(rowNums, fmt.Sprint(l.row))
		if _, ok := byText[l.text]; !ok {
			texts = append(texts, l.text)
		}
		byText[l.text] = append(byText[l.text], l.row)
	}
	if !period.Valid() {
		period.End = schema.Date{}
	}
	who := "customer " + g.code
	if g.name != "" {
		who += fmt.Sprintf(" (%q)", g.name)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "The leaked FinFisher customer table lists %s with %s of %s", who, plural(len(g.rows), "licence"), first.name)
	if !period.Start.IsZero() {
		fmt.Fprintf(&sb, " from %s", period.Start)
	}
	if !period.End.IsZero() {
		fmt.Fprintf(&sb, ", the last running to %s", period.End)
	}
	if priced > 0 {
		fmt.Fprintf(&sb, ", EUR %d in all", euros)
		if priced < len(g.rows) {
			fmt.Fprintf(&sb, " (%d of them priced)", priced)
		}
	} else {
		sb.WriteString(", no price given")
	}
	fmt.Fprintf(&sb, "; rows %s of the customer.", strings.Join(rowNums, ", "))
	r := schema.Relationship{
		ID:       schema.RelationshipID(f.vendor, schema.Supplied, cust, slug(g.code+" "+first.name+" "+period.Start.String(), 100)),
		Type:     schema.Supplied,
		From:     f.vendor,
		To:       cust,
		Status:   schema.Reported,
		Basis:    schema.BasisLeak,
		Period:   period,
		Summary:  sb.String(),
		Product:  g.product,
		Quantity: len(g.rows),
	}
	if priced > 0 {
		r.Amount, r.Currency = euros, "EUR"
	}
	for _, text := range texts {
		rows := make([]string, len(byText[text]))
		for i, n := range byText[text] {
			rows[i] = fmt.Sprint(n)
		}
		locator := fmt.Sprintf("customers.json, customer code %s, rows %s: %s", g.code, strings.Join(rows, ", "), first.name)
		if !period.Start.IsZero() {
			locator += " from " + period.Start.String()
		}
		r.Citations = append(r.Citations, f.cite(text, locator))
	}
	f.im.Report.Counts["claims (customer, product, start date)"]++
	f.addRel(r, first.record)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func parseRow(cells []json.RawMessage) (ffRow, error) {
	if len(cells) != 5 {
		return ffRow{}, fmt.Errorf("want 5 cells (product, start, end, licence and price, support), got %d", len(cells))
	}
	var s [5]string
	for i, c := range cells {
		var v any
		if err := json.Unmarshal(c, &v); err != nil {
			return ffRow{}, err
		}
		switch x := v.(type) {
		case string:
			s[i] = x
		case nil:
		default:
			s[i] = fmt.Sprint(x)
		}
	}
	if clean(s[0]) == "" {
		return ffRow{}, fmt.Errorf("no product")
	}
	return ffRow{product: clean(s[0]), start: s[1], end: s[2], licence: s[3], support: clean(s[4])}, nil
}

// customerEntity returns the entity a customer code stands for, creating it
// if need be.
func (f *finfisher) customerEntity(code, name string, record int) string {
	locator := "customers.json, customer code " + code
	cite := f.cite(name, locator)
	// One customer, one recipient: the seed's, where it cites the code.
	if id, ok := f.res.curated.Customer(code); ok {
		f.noteKnown("customer code "+code, id, "the curated seed cites this customer code for "+id)
		return id
	}
	if name == "" {
		id := "finfisher-customer-" + slug(code, 60)
		if f.res.Has(id) {
			return id
		}
		desc := fmt.Sprintf("Placeholder for the unidentified customer with code %s in the leaked FinFisher customer licence table, "+
			"which gives no name for it. Presumably a government body, as FinFisher said it sold only to governments; who it "+
			"is, and whether two codes are one customer, is unknown.", code)
		if !hexCodeRE.MatchString(code) {
			desc += fmt.Sprintf(" Unlike most codes, %q is not eight hexadecimal digits and may be an internal or demonstration account.", code)
		}
		f.noteUnresolved("customer code " + code)
		f.addEntity(schema.Entity{ID: id, Kind: schema.Agency, Placeholder: true, Props: map[string]any{
			"name":        "Unidentified FinFisher customer " + code,
			"description": desc,
		}, Citations: []schema.Citation{f.cite("", locator)}}, record)
		return id
	}
	// The alias table, then any known agency or government of that name.
	if id, why, defined, ok := f.res.Alias(name); ok && defined {
		f.noteKnown(name, id, why)
		return id
	}
	for _, kind := range []schema.Kind{schema.Agency, schema.Government} {
		if id, why, ok := f.res.Resolve(kind, name); ok {
			f.noteKnown(name, id, why)
			return id
		}
	}
	p, rest, ok := f.splitCountry(name, record, locator)
	if !ok {
		id, _, _, _ := f.res.Alias(name)
		if id == "" {
			id = f.res.FreeID(slug(name, 80))
		}
		f.note("customer code %s: name %q begins with no country; created %s without a government", code, name, id)
		f.noteUnresolved(name)
		f.addEntity(schema.Entity{ID: id, Kind: schema.Agency, Props: map[string]any{
			"name":        name,
			"description": fmt.Sprintf("Customer %s (%q) in the leaked FinFisher customer licence table.", code, name),
		}, Citations: []schema.Citation{cite}}, record)
		return id
	}
	if rest == "" {
		f.noteKnown(name, p.gov, "the government of "+p.label)
		return p.gov
	}
	if id, _, defined, ok := f.res.Alias(name); ok && !defined {
		return f.newAgency(id, rest, name, p, record, cite)
	}
	id, _, _ := f.body(rest, name, p, record, cite, false)
	if f.isOwned(id) {
		f.addAlias(id, name)
	}
	return id
}

// splitCountry splits "Bosnia Herzegovina Intelligence" into the state
// (its government created if need be) and "Intelligence".
func (f *finfisher) splitCountry(name string, record int, locator string) (place, string, bool) {
	w := strings.Fields(name)
	for k := min(3, len(w)); k >= 1; k-- {
		if code, ok := CountryCode(strings.Join(w[:k], " ")); ok {
			p := place{code: code, label: CountryName(code), gov: f.government(code, record, locator)}
			return p, strings.Join(w[k:], " "), true
		}
	}
	return place{}, "", false
}

// product resolves a product name or creates the Product, with a MAKES
// claim from the vendor.
func (f *finfisher) product(name string, record int) string {
	if id, ok := f.products[name]; ok {
		return id
	}
	id, why, ok := f.res.Resolve(schema.Product, name)
	if ok {
		f.noteKnown(name, id, why)
	} else {
		if id == "" {
			id = f.res.FreeID(slug(name, 80))
		}
		category, known := finFisherProducts[strictName(name)]
		if !known {
			category = "OTHER"
		}
		locator := "customers.json, product " + name
		f.noteUnresolved(name)
		f.addEntity(schema.Entity{ID: id, Kind: schema.Product, Props: map[string]any{
			"name":     name,
			"category": category,
			"description": "FinFisher product licensed to customers in the leaked FinFisher customer licence table, " +
				"which names it without describing it.",
		}, Citations: []schema.Citation{f.cite("", locator)}}, record)
		f.addRel(schema.Relationship{
			ID:        schema.RelationshipID(f.vendor, schema.Makes, id, "spyfiles4"),
			Type:      schema.Makes,
			From:      f.vendor,
			To:        id,
			Status:    schema.Reported,
			Basis:     schema.BasisLeak,
			Summary:   fmt.Sprintf("The leaked FinFisher customer licence table lists %s among the products licensed to customers.", name),
			Citations: []schema.Citation{f.cite("", locator)},
		}, record)
	}
	f.products[name] = id
	return id
}
