package datasets

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// SIICompaniesSourceID is the id of the Source node of the SII companies
// dataset.
const SIICompaniesSourceID = "privacy-international-sii-companies"

// siiLicence is the SII's terms as the MANIFEST gives them.
const siiLicence = `None stated; attribute "Privacy International, Surveillance Industry Index"`

// strs reads a JSON string, list of strings or null as a list.
type strs []string

func (s *strs) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*s = nil
	case string:
		*s = strs{x}
	case []any:
		out := make(strs, 0, len(x))
		for _, item := range x {
			switch y := item.(type) {
			case string:
				out = append(out, y)
			case nil:
			default:
				out = append(out, fmt.Sprint(y))
			}
		}
		*s = out
	default:
		*s = strs{fmt.Sprint(x)}
	}
	return nil
}

// first is the first non-blank item.
func (s strs) first() string {
	for _, x := range s {
		if c := clean(x); c != "" {
			return c
		}
	}
	return ""
}

type siiCompany struct {
	Name              string `json:"company_name"`
	Key               string `json:"bibtex_key"`
	HQCity            strs   `json:"hq_city"`
	HQCountry         strs   `json:"hq_country"`
	Incorporated      strs   `json:"incorporation_date"`
	Incorperated      strs   `json:"incorperation_date"` // sic: 19 records spell it so
	Website           strs   `json:"website"`
	Parents           strs   `json:"parent_company"`
	PurchasedByParent strs   `json:"date_purchased_by_parent"`
	TradingNames      strs   `json:"other_known_trading_names"`
	Technology        strs   `json:"technology_sold"`
	Description       strs   `json:"description"`
}

func siiCompaniesSource() schema.Entity {
	return schema.Entity{
		ID:   SIICompaniesSourceID,
		Kind: schema.Source,
		Props: map[string]any{
			"name":        "Surveillance Industry Index: companies",
			"sourceType":  "DATASET",
			"publisher":   "Privacy International",
			"publishedAt": schema.Date{Year: 2016},
			"licence":     siiLicence,
			"language":    "en",
			"locator":     "TransparencyToolkit/dataspec-sii@2e1bf5e9:sii_data/company_data/companies.json",
			"description": "Vendor profiles of Privacy International's Surveillance Industry Index (2016): company name, " +
				"headquarters, technologies sold, parent company, incorporation date and website. Read from the copy published in " +
				"TransparencyToolkit/dataspec-sii @2e1bf5e9 : sii_data/company_data/companies.json (the same content as " +
				"Setka1324/web_test @b8a9baaa : DB/companies.json). Records are cited by their 1-based position in that file.",
		},
	}
}

// SIICompanies imports the SII vendor profiles: one Company per record
// (merged into a known company when the name resolves), and a SUBSIDIARY_OF
// claim to each parent_company, resolved or created.
func SIICompanies(path string, res *Resolver) (*Import, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sii-companies: %w", err)
	}
	var recs []siiCompany
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, fmt.Errorf("sii-companies: %s: %w", path, err)
	}
	b := newBuilder("sii-companies", path, res, siiCompaniesSource())
	b.im.Report.Read = len(recs)
	c := &siiCompanies{builder: b, today: time.Now().UTC()}

	companyOf := make([]string, len(recs)) // record index -> company id
	for i, rec := range recs {
		companyOf[i] = c.record(rec, i+1)
	}
	// Trading names become aliases only now: made known earlier, "Oxygen
	// Software" (a trading name of Oxygen Forensics) would have swallowed the
	// record of the company called Oxygen Software.
	for i, rec := range recs {
		c.tradingNames(rec, i+1, companyOf[i])
	}
	// Parents, once every record's company is known, so that a parent
	// profiled later in the file resolves to its own record.
	for i, rec := range recs {
		c.parents(rec, i+1, companyOf[i])
	}
	return b.finish(), nil
}

type siiCompanies struct {
	*builder
	today time.Time
}

// record imports record n and returns the id of its company, "" when the
// record is rejected.
func (c *siiCompanies) record(rec siiCompany, n int) string {
	name := clean(rec.Name)
	if name == "" {
		c.reject(n, "no company_name: the record names no company")
		return ""
	}
	id, why, ok := c.resolve(rec, name)
	if ok {
		c.merged(n, name, id, why)
		return id
	}
	if id == "" {
		id = c.res.FreeID(slug(name, 80))
	}
	if strings.HasPrefix(why, "ambiguous") {
		c.note("record %d (%s): %s; created %s instead of guessing (add a same rule to decide)", n, name, why, id)
	}
	c.noteUnresolved(name)
	locator := fmt.Sprintf("record %d (bibtex_key %s)", n, clean(rec.Key))
	c.addEntity(schema.Entity{
		ID:        id,
		Kind:      schema.Company,
		Props:     c.props(rec, n, name),
		Citations: []schema.Citation{c.cite(firstSentence(rec.Description.first()), locator)},
	}, n)
	c.claimed[n] = true
	return id
}

// resolve finds the company a record names, by its name or else by one of
// its trading names, as [Resolver.Resolve] answers.
func (c *siiCompanies) resolve(rec siiCompany, name string) (id, why string, ok bool) {
	id, why, ok = c.res.Resolve(schema.Company, name)
	if ok || id != "" || strings.HasPrefix(why, "ambiguous") {
		return id, why, ok
	}
	// A trading name may be how another input knows the company
	// ("Advanced Systems", also "Advanced Middle East Systems").
	for _, t := range rec.TradingNames {
		t = clean(t)
		if !isTradingName(t) {
			continue
		}
		if tid, twhy, tok := c.res.Resolve(schema.Company, t); tok {
			if _, own := c.owned[tid]; !own {
				return tid, fmt.Sprintf("other_known_trading_names %q: %s", t, twhy), true
			}
		}
	}
	return id, why, ok
}

// merged records that record n names the known company id.
func (c *siiCompanies) merged(n int, name, id, why string) {
	c.im.Report.Merged++
	c.claimed[n] = true
	c.noteResolved(name, id, why)
	if _, own := c.entity(id); own {
		c.addAlias(id, name)
		c.note("record %d (%s) is the company of an earlier record, %s; merged", n, name, id)
	} else {
		c.note("record %d (%s) merged into %s, which another input owns; the SII's other fields for it are not applied", n, name, id)
	}
}

// props are the properties of the Company that record n creates.
func (c *siiCompanies) props(rec siiCompany, n int, name string) map[string]any {
	props := map[string]any{"name": name}
	if hq := rec.HQCountry.first(); hq != "" {
		if code, ok := CountryCode(hq); ok {
			props["country"] = code
		} else {
			c.note("record %d (%s): hq_country %q is not a country; left out", n, name, hq)
		}
	}
	if city := hqCity(rec.HQCity); city != "" && len(city) <= schema.MaxStringLen {
		props["hqCity"] = city
	}
	if w := rec.Website.first(); w != "" {
		if err := schema.CheckURL(w); err == nil {
			props["website"] = w
		} else {
			c.note("record %d (%s): website dropped: %v", n, name, err)
		}
	}
	if d, ok := c.founded(rec, n, name); ok {
		props["founded"] = d
	}
	if tech := technologies(rec.Technology); len(tech) > 0 {
		props["description"] = "Listed in Privacy International's Surveillance Industry Index (2016) as selling: " +
			strings.Join(tech, ", ") + "."
	}
	return props
}

// hqCity joins the distinct non-blank cities.
func hqCity(cities strs) string {
	var parts []string
	for _, c := range cities {
		if c = clean(c); c != "" {
			parts = appendNew(parts, c)
		}
	}
	return strings.Join(parts, ", ")
}

// founded is the record's incorporation date, under either spelling of the
// field, unless it does not parse or lies in the future.
func (c *siiCompanies) founded(rec siiCompany, n int, name string) (schema.Date, bool) {
	inc := rec.Incorporated.first()
	if inc == "" {
		inc = rec.Incorperated.first()
	}
	if inc == "" {
		return schema.Date{}, false
	}
	d, err := schema.ParseDate(inc)
	if err != nil {
		c.note("record %d (%s): incorporation date %q left out: %v", n, name, inc, err)
		return schema.Date{}, false
	}
	if d.Earliest().After(c.today) {
		c.note("record %d (%s): incorporation date %s is in the future; left out", n, name, inc)
		return schema.Date{}, false
	}
	return d, true
}

// tradingNames adds record n's trading names as aliases of its company, id,
// when this import owns it.
func (c *siiCompanies) tradingNames(rec siiCompany, n int, id string) {
	if _, own := c.entity(id); !own {
		return
	}
	for _, t := range rec.TradingNames {
		t = clean(t)
		switch {
		case t == "" || t == clean(rec.Name):
		case !isTradingName(t):
			c.note("record %d (%s): other_known_trading_names %q is not a company name (a country or a client); left out", n, clean(rec.Name), t)
		default:
			c.addAlias(id, t)
		}
	}
}

// parents claims child SUBSIDIARY_OF each parent_company of record n.
func (c *siiCompanies) parents(rec siiCompany, n int, child string) {
	if child == "" {
		return
	}
	for _, raw := range rec.Parents {
		raw = clean(raw)
		if raw == "" {
			continue
		}
		parent := c.company(raw, n, fmt.Sprintf("record %d, parent_company %q", n, raw),
			fmt.Sprintf("Named in Privacy International's Surveillance Industry Index as the parent company of %s; not profiled in the index itself.", clean(rec.Name)), "")
		if parent == child {
			c.note("record %d (%s): parent_company %q resolves to the company itself; no SUBSIDIARY_OF", n, clean(rec.Name), raw)
			continue
		}
		c.addRel(c.subsidiaryOf(rec, n, raw, child, parent), n)
	}
}

// subsidiaryOf is the claim that child is a subsidiary of parent, named raw
// in record n.
func (c *siiCompanies) subsidiaryOf(rec siiCompany, n int, raw, child, parent string) schema.Relationship {
	r := schema.Relationship{
		ID:        schema.RelationshipID(child, schema.SubsidiaryOf, parent, "sii"),
		Type:      schema.SubsidiaryOf,
		From:      child,
		To:        parent,
		Status:    schema.Reported,
		Basis:     schema.BasisPress,
		Summary:   fmt.Sprintf("Privacy International's Surveillance Industry Index lists %s as the parent company of %s.", raw, clean(rec.Name)),
		Citations: []schema.Citation{c.cite("", fmt.Sprintf("record %d (bibtex_key %s), parent_company", n, clean(rec.Key)))},
	}
	if p := rec.PurchasedByParent.first(); p != "" {
		if d, ok := findDate(p, c.today); ok {
			r.Period.Start = d
			r.Summary += fmt.Sprintf(" It records the purchase as of %s.", p)
		}
	}
	return r
}

// company resolves a company name, creating a Company if no input defines
// it. description and country are for a created company.
func (b *builder) company(raw string, record int, locator, description, country string) string {
	name := clean(strings.ReplaceAll(raw, "_", " "))
	id, why, ok := b.res.Resolve(schema.Company, raw)
	if !ok && name != raw {
		id, why, ok = b.res.Resolve(schema.Company, name)
	}
	if ok {
		if kind, _ := b.res.KindOf(id); kind == schema.Company {
			b.noteKnown(raw, id, why)
			b.addAlias(id, raw)
			return id
		}
		b.note("%q resolves to %s, a %s, not a company (%s); a company is created instead", raw, id, b.res.entities[id].kind, why)
		id = ""
	}
	if id == "" {
		id = b.res.FreeID(slug(name, 80))
	}
	b.noteUnresolved(raw)
	props := map[string]any{"name": name}
	if raw != name {
		props["aliases"] = []string{raw}
	}
	if description != "" {
		props["description"] = description
	}
	if country != "" {
		props["country"] = country
	}
	b.addEntity(schema.Entity{
		ID:        id,
		Kind:      schema.Company,
		Props:     props,
		Citations: []schema.Citation{b.cite("", locator)},
	}, record)
	return id
}

// isTradingName rejects "other_known_trading_names" values that are not
// names of the company: the SII puts countries ("Russia", "China") and
// clients ("U.S. Military") there in a few records.
func isTradingName(s string) bool {
	if _, ok := CountryCode(s); ok {
		return false
	}
	for _, w := range words(s) {
		if w == "military" || w == "government" || w == "ministry" || w == "army" {
			return false
		}
	}
	return true
}

// technologies normalises the SII's technology_sold list: the last item of
// each list carries a stray "and" ("and Intrusion"), case varies, and
// "Monitoring Centre" and "Monitoring Centres" are one category.
func technologies(raw []string) []string {
	var out []string
	for _, t := range raw {
		t = clean(t)
		if l := strings.ToLower(t); strings.HasPrefix(l, "and ") {
			t = strings.TrimSpace(t[4:])
		}
		if t == "" {
			continue
		}
		t = sentenceCase(t)
		if t == "Monitoring centre" {
			t = "Monitoring centres"
		}
		out = appendNew(out, t)
	}
	return out
}

// sentenceCase lowercases s and capitalises its first letter.
func sentenceCase(s string) string {
	s = strings.ToLower(s)
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// firstSentence is the first sentence of s, for a short verbatim quote.
func firstSentence(s string) string {
	s = clean(s)
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}
