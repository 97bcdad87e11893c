package datasets

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// The Source ids of Granitt's two case lists.
const (
	PegasusSourceID = "granitt-pegasus-victim-database"
	CandiruSourceID = "granitt-candiru-victim-database"
)

// GranittLicence is the terms of both case lists (their READMEs).
const GranittLicence = "CC BY-NC-SA 4.0 (https://creativecommons.org/licenses/by-nc-sa/4.0/), attribute \"Granitt\""

// caseList is one of Granitt's files: whose spyware its cases concern.
type caseList struct {
	source          schema.Entity
	vendor, product string // names, resolved against the graph
	productName     string // in prose: "NSO Group's Pegasus"
}

func granittSource(id, name, repo, commit, file string, published schema.Date, what string) schema.Entity {
	return schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{
		"name":        name,
		"sourceType":  "DATASET",
		"publisher":   "Granitt",
		"authors":     []string{"Runa Sandvik"},
		"publishedAt": published,
		"licence":     GranittLicence,
		"language":    "en",
		"url":         "https://github.com/" + repo,
		"locator":     repo + "@" + commit + ":" + file,
		"description": "Granitt's list of " + what + ", one row per targeted person or small group, with the year, " +
			"who disclosed it and when, who did the forensics, the dates of spyware activity, the suspected operator " +
			"country and the published sources, as of commit " + commit + " (" + published.String() + "); read in the copy " +
			"in datasets/data/pegasus-candiru-operators. survgraph imports only the suspected operators and the " +
			"sources; the rows name the people targeted, who are left out of the graph. Rows are cited by file and " +
			"position.",
	}}
}

func pegasusList() caseList {
	return caseList{
		source: granittSource(PegasusSourceID, "Pegasus Victim Database", "GranittHQ/data-pegasus-victims", "d48a554d",
			"data-pegasus-victims.csv", schema.Date{Year: 2023, Month: 11, Day: 27}, "people targeted with NSO Group's Pegasus spyware"),
		vendor: "NSO Group", product: "Pegasus", productName: "NSO Group's Pegasus",
	}
}

func candiruList() caseList {
	return caseList{
		source: granittSource(CandiruSourceID, "Candiru Victim Database", "GranittHQ/data-candiru-victims", "345eaf3b",
			"data-candiru-victims.csv", schema.Date{Year: 2023, Month: 7, Day: 31}, "people targeted with Candiru's spyware"),
		vendor: "Candiru", product: "DevilsTongue", productName: "Candiru's spyware (DevilsTongue, as Microsoft calls it)",
	}
}

// spywareCase is one row, as far as survgraph reads it. The columns naming
// the people targeted (name, code_name, role, affiliation) are not kept:
// only names, to keep them out of what the import writes.
type spywareCase struct {
	file      string // base name of the file
	row       int    // 1-based within the file
	record    int    // 1-based over both files
	operators []string
	occurred  []string
	disclosed []string
	by        []string // disclosed_by
	first     []string // first_activity
	last      []string // last_activity
	sources   []string
}

// caseColumns are the columns the importer needs.
var caseColumns = []string{"name", "operator", "occurred", "disclosed", "disclosed_by", "first_activity", "last_activity", "sources"}

// readCases parses one case list. Malformed rows are returned by row
// number, not parsed.
func readCases(r io.Reader, file string) (cases []spywareCase, names []string, malformed map[int]string, err error) {
	rows, malformed, err := readTable(r, caseColumns)
	if err != nil {
		return nil, nil, nil, err
	}
	for i, row := range rows {
		if _, bad := malformed[i+1]; bad {
			continue
		}
		field := func(c string) []string { return splitList(row[c]) }
		if n := clean(row["name"]); n != "" {
			names = append(names, n)
		}
		cases = append(cases, spywareCase{file: file, row: i + 1, operators: field("operator"), occurred: field("occurred"),
			disclosed: field("disclosed"), by: field("disclosed_by"), first: field("first_activity"),
			last: field("last_activity"), sources: field("sources")})
	}
	return cases, names, malformed, nil
}

// splitList splits a cell of "; "-separated values.
func splitList(cell string) []string {
	var out []string
	for _, v := range strings.Split(cell, ";") {
		if v = clean(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// PegasusCandiruOperators imports Granitt's Pegasus and Candiru case lists:
// for each product and suspected operator government, one ALLEGED DEPLOYED
// claim resting on MEASUREMENT, citing the rows by position and the sources
// they give. The people targeted stay out of the graph: no Person, and no
// string the import writes holds a name from the name column.
func PegasusCandiruOperators(pegasusPath, candiruPath string, res *Resolver) (*Import, error) {
	lists := []caseList{pegasusList(), candiruList()}
	b := newBuilder("pegasus-candiru-operators", pegasusPath, res, lists[0].source)
	if !res.Has(CandiruSourceID) {
		b.addEntity(lists[1].source, 0)
	}
	p := &operators{builder: b, today: time.Now().UTC(), lists: map[string]caseList{}, links: map[string]string{},
		groups: map[[2]string]*operatorGroup{}}
	for i, path := range []string{pegasusPath, candiruPath} {
		if err := p.readList(path, lists[i]); err != nil {
			return nil, fmt.Errorf("pegasus-candiru-operators: %s: %w", path, err)
		}
	}
	p.rowDates = rowSourceDates(p.cases)
	for _, c := range p.cases {
		p.group(c)
	}
	for _, key := range p.order {
		p.claim(p.groups[key])
	}
	return b.finish(), nil
}

type operators struct {
	*builder
	today    time.Time
	cases    []spywareCase
	lists    map[string]caseList // by file
	names    []string            // of the people targeted: never written, only checked against
	rowDates map[string]rowDate  // url -> the date its rows give it
	links    map[string]string   // url -> source id, "" when not cited
	groups   map[[2]string]*operatorGroup
	order    [][2]string
}

// readList reads one file, rejecting malformed rows; the vendor and the
// product must be known to the graph (the curated seed defines them).
func (p *operators) readList(path string, list caseList) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	file := filepath.Base(path)
	cases, names, malformed, err := readCases(f, file)
	if err != nil {
		return err
	}
	for _, name := range []struct {
		kind schema.Kind
		raw  string
	}{{schema.Company, list.vendor}, {schema.Product, list.product}} {
		if _, why, ok := p.res.Resolve(name.kind, name.raw); !ok {
			return fmt.Errorf("the graph defines no %s %q (%s); the curated seed should", name.kind, name.raw, why)
		}
	}
	p.lists[file] = list
	p.names = append(p.names, names...)
	base := p.im.Report.Read
	rows := len(cases) + len(malformed)
	p.im.Report.Read += rows
	for row, why := range malformed {
		p.reject(base+row, "malformed row: %s row %d: %s", file, row, why)
	}
	for _, c := range cases {
		c.record = base + c.row
		p.cases = append(p.cases, c)
	}
	return nil
}

// operatorGroup is every case of one product attributed to one government:
// one claim.
type operatorGroup struct {
	list     caseList
	file     string
	gov      string // government id
	label    string // the country, in prose
	product  string // product id
	rows     []int  // within the file
	records  []int
	by       []string // who disclosed the cases, in order of first mention
	period   schema.Period
	urls     []string
	urlRows  map[string][]int
	written  []string // the operator cell as the file writes it, distinct
	disclose []schema.Date
}

// group adds each of a row's suspected operators to its group, rejecting
// a row that names none or no country.
func (p *operators) group(c spywareCase) {
	if len(c.operators) == 0 {
		p.reject(c.record, "no suspected operator: %s row %d names none, and survgraph does not guess one", c.file, c.row)
		return
	}
	list := p.lists[c.file]
	p.source = list.source.ID // what new governments cite
	product, _, _ := p.res.Resolve(schema.Product, list.product)
	grouped := false
	for i, op := range c.operators {
		code, ok := CountryCode(op)
		if !ok {
			p.note("%s row %d: operator %q is not a country survgraph recognises; not claimed", c.file, c.row, op)
			continue
		}
		locator := fmt.Sprintf("%s row %d, operator %q", c.file, c.row, op)
		known := p.res.Has(GovernmentID(code)) && !p.isOwned(GovernmentID(code))
		gov := p.government(code, c.record, locator)
		if known && !grouped {
			p.im.Report.Merged++
		}
		key := [2]string{product, gov}
		g := p.groups[key]
		if g == nil {
			g = &operatorGroup{list: list, file: c.file, gov: gov, label: CountryName(code), product: product, urlRows: map[string][]int{}}
			p.groups[key] = g
			p.order = append(p.order, key)
		}
		p.addCase(g, c, i, op)
		grouped = true
	}
	if !grouped {
		p.reject(c.record, "operator not a country: %s row %d names %q", c.file, c.row, strings.Join(c.operators, "; "))
	}
}

// addCase adds the i-th operator of case c to g: its row, its dates and its
// sources.
func (p *operators) addCase(g *operatorGroup, c spywareCase, i int, op string) {
	g.rows = append(g.rows, c.row)
	g.records = append(g.records, c.record)
	g.written = appendNew(g.written, op)
	for _, by := range c.by {
		g.by = appendNew(g.by, by)
	}
	start, end := caseSpan(c, i, len(c.operators))
	g.period = widen(g.period, start, end)
	for _, u := range c.sources {
		if _, seen := g.urlRows[u]; !seen {
			g.urls = append(g.urls, u)
		}
		g.urlRows[u] = append(g.urlRows[u], c.row)
	}
}

// ofOperator is a multi-valued cell's values for the i-th of n operators:
// all of them for a single operator; the i-th when the cell has one value
// per operator ("2016; 2021" for "Mexico; El Salvador"); none otherwise.
func ofOperator(values []string, i, n int) []string {
	switch {
	case n <= 1:
		return values
	case len(values) == n:
		return values[i : i+1]
	}
	return nil
}

// caseSpan is when the spyware was seen active against a case: from its
// first to its last activity, or the years it occurred where the file
// gives no activity dates.
func caseSpan(c spywareCase, i, n int) (start, end schema.Date) {
	firsts, lasts := ofOperator(c.first, i, n), ofOperator(c.last, i, n)
	if len(firsts) == 0 {
		firsts = ofOperator(c.occurred, i, n)
	}
	if len(lasts) == 0 {
		lasts = ofOperator(c.occurred, i, n)
	}
	for _, v := range firsts {
		if d, ok := caseDate(v); ok && (start.IsZero() || d.Earliest().Before(start.Earliest())) {
			start = d
		}
	}
	for _, v := range lasts {
		if d, ok := caseDate(v); ok && (end.IsZero() || d.Latest().After(end.Latest())) {
			end = d
		}
	}
	return start, end
}

// caseDate reads "2018-06-02", "2018-06-xx" (a month), "2020-02" or "2016".
func caseDate(v string) (schema.Date, bool) {
	v = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(clean(v)), "-xx"), "-xx")
	d, err := schema.ParseDate(v)
	if err != nil || d.Earliest().After(time.Now()) {
		return schema.Date{}, false
	}
	return d, true
}

// widen extends a period to cover start and end.
func widen(p schema.Period, start, end schema.Date) schema.Period {
	if !start.IsZero() && (p.Start.IsZero() || start.Earliest().Before(p.Start.Earliest())) {
		p.Start = start
	}
	if !end.IsZero() && (p.End.IsZero() || end.Latest().After(p.End.Latest())) {
		p.End = end
	}
	if !p.Valid() {
		p.End = schema.Date{}
	}
	return p
}

// claim makes a group's DEPLOYED claim, unless the curated seed already
// makes it.
func (p *operators) claim(g *operatorGroup) {
	for _, n := range g.records {
		p.claimed[n] = true
	}
	what := fmt.Sprintf("%s (%s, %s)", rowsText(g.file, g.rows), g.label, p.res.NameOf(g.product))
	if id, ok := p.res.curated.Claim(schema.Deployed, g.gov, g.product); ok {
		p.im.Report.MergedIntoCurated = append(p.im.Report.MergedIntoCurated, what+": the curated claim "+id)
		return
	}
	r := schema.Relationship{
		ID:   schema.RelationshipID(g.gov, schema.Deployed, g.product, "granitt"),
		Type: schema.Deployed, From: g.gov, To: g.product,
		Status: schema.Alleged, Basis: schema.BasisMeasurement, Period: g.period,
		Summary: p.summary(g),
		Citations: append([]schema.Citation{{Source: g.list.source.ID, Stance: schema.Supports,
			Locator: cut(fmt.Sprintf("%s, operator %s", rowsText(g.file, g.rows), quoteAll(g.written)), schema.MaxStringLen)}},
			p.groupSources(g)...),
	}
	p.im.Report.Counts["claims (product, operator government)"]++
	p.addRel(r, g.records[0])
}

// rowsText is "file.csv row 3" or "file.csv rows 3, 4".
func rowsText(file string, rows []int) string {
	if len(rows) == 1 {
		return fmt.Sprintf("%s row %d", file, rows[0])
	}
	return fmt.Sprintf("%s rows %s", file, intList(rows))
}

// joinAnd is "A", "A and B", "A, B and C".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func quoteAll(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, " or ")
}

// summary says what the cases attribute, and that it is a suspicion.
func (p *operators) summary(g *operatorGroup) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Granitt's %s names %s as the suspected operator of %s in %s (%s)",
		g.list.source.Name(), g.label, g.list.productName, plural(len(g.rows), "case"), rowsText(g.file, g.rows))
	switch start, end := g.period.Start, g.period.End; {
	case !start.IsZero() && start == end:
		fmt.Fprintf(&b, ", with spyware activity or an attack on %s", start)
	case !start.IsZero() && !end.IsZero():
		fmt.Fprintf(&b, ", with spyware activity or attacks from %s to %s", start, end)
	case !start.IsZero():
		fmt.Fprintf(&b, ", with spyware activity or attacks from %s", start)
	}
	if len(g.by) > 0 {
		fmt.Fprintf(&b, ", as disclosed by %s", joinAnd(g.by))
	}
	b.WriteString(". ")
	b.WriteString("The attribution comes from forensic analysis and reporting on infections, not from a contract or an " +
		"admission: it suggests use by the government, not a sale, and is at most ALLEGED.")
	return b.String()
}

// groupSources cites each source a group's rows give, once, with the rows.
func (p *operators) groupSources(g *operatorGroup) []schema.Citation {
	var out []schema.Citation
	at := map[string]int{}
	for _, u := range g.urls {
		id := p.link(u, g)
		if id == "" {
			continue
		}
		if i, ok := at[id]; ok {
			out[i].Locator = cut(out[i].Locator+"; and as "+u, schema.MaxStringLen)
			continue
		}
		at[id] = len(out)
		out = append(out, schema.Citation{Source: id, Stance: schema.Supports,
			Locator: cut("cited by "+rowsText(g.file, g.urlRows[u]), schema.MaxStringLen)})
	}
	return out
}

// link is the Source of an address the rows cite: a known one for the same
// document, else a new one, if its date is known and nothing in it names a
// person the lists name. "" when it is not cited.
func (p *operators) link(u string, g *operatorGroup) string {
	if id, seen := p.links[u]; seen {
		return id
	}
	id := p.linkSource(u, g)
	p.links[u] = id
	return id
}

func (p *operators) linkSource(u string, g *operatorGroup) string {
	if schema.CheckURL(u) != nil || strings.ContainsAny(u, " \t") {
		p.im.Report.Counts["links not cited: not an absolute http(s) URL"]++
		p.note("link %q is not an absolute http(s) URL; not cited", cut(p.shown(u), 120))
		return ""
	}
	date, dateFrom := p.linkDate(u)
	for _, v := range urlVariants(u) {
		if id, why, ok := p.res.KnownSource(v, "", date); ok {
			p.noteKnown(p.shown(v), id, why)
			p.im.Report.Counts["links cited as known sources"]++
			return id
		}
	}
	if date.IsZero() {
		p.im.Report.Counts["links not cited: no date"]++
		p.note("link %s has no date in its address or in the rows that cite it; not cited (a Source needs a date)", p.shown(u))
		return ""
	}
	draft := p.linkDraft(u, date, dateFrom)
	draft.Citations = []schema.Citation{{Source: g.list.source.ID, Stance: schema.Supports,
		Locator: cut(rowsText(g.file, g.urlRows[u])+", sources column", schema.MaxStringLen)}}
	if p.namesTarget(draft) {
		p.im.Report.Counts["links not cited: the address names a person the lists name"]++
		p.note("a link on %s names a person the lists name as targeted; not cited", draft.Props["publisher"])
		return ""
	}
	p.im.Report.Counts["link sources created"]++
	p.addEntity(draft, 0)
	return draft.ID
}

// shown is an address as the report may print it: its host alone when it
// holds a name from the lists' name column.
func (p *operators) shown(u string) string {
	if !containsAnyName([]string{u}, p.names) {
		return u
	}
	if parsed, err := url.Parse(u); err == nil && parsed.Host != "" {
		return "an address on " + parsed.Host
	}
	return "an address"
}

// urlVariants are the addresses under which the graph may know a document:
// as given, the page an archive copy is of, and Citizen Lab's former domain.
func urlVariants(u string) []string {
	out := []string{u}
	if i := strings.Index(u, "/http"); strings.Contains(u, "web.archive.org/web/") && i > 0 {
		out = append(out, u[i+1:])
	}
	for _, v := range out {
		if strings.Contains(v, "://citizenlab.ca/") {
			out = append(out, strings.Replace(v, "://citizenlab.ca/", "://citizenlab.org/", 1))
			break
		}
	}
	return out
}

// namesTarget reports whether any string of e holds, word for word, a name
// from the lists' name column.
func (p *operators) namesTarget(e schema.Entity) bool {
	var fields []string
	for _, v := range e.Props {
		if s, ok := v.(string); ok {
			fields = append(fields, s)
		}
	}
	return containsAnyName(fields, p.names)
}

// containsAnyName reports whether a text holds one of names as a sequence
// of whole words, ignoring case, accents and punctuation ("ben-hubbard" in
// an address holds "Ben Hubbard").
func containsAnyName(texts, names []string) bool {
	for _, t := range texts {
		hay := " " + strictName(t) + " "
		for _, n := range names {
			if k := strictName(n); k != "" && strings.Contains(hay, " "+k+" ") {
				return true
			}
		}
	}
	return false
}

// linkDraft is the new Source of an address: its host as publisher, its
// address as its name (the rows give no title).
func (p *operators) linkDraft(u string, date schema.Date, dateFrom string) schema.Entity {
	parsed, _ := url.Parse(u)
	host := strings.TrimPrefix(strings.ToLower(parsed.Host), "www.")
	id := slug(host+" "+parsed.Path, 90)
	if id != slug(host+" "+parsed.Path, 1000) || p.res.Has(id) || id == "" {
		id = strings.TrimRight(slug(host+" "+parsed.Path, 80), "-") + "-" + shortHash(u)
	}
	return schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{
		"name":        cut(host+strings.TrimSuffix(parsed.Path, "/"), 200),
		"sourceType":  linkSourceType(host),
		"publisher":   host,
		"publishedAt": date,
		"url":         u,
		"description": "Cited by Granitt's Pegasus and Candiru case lists; survgraph has not read this source, and " +
			"its name is its address. Its date is " + dateFrom + ".",
	}}
}

// linkSourceType classes a cited address by its host.
func linkSourceType(host string) string {
	switch {
	case strings.HasPrefix(host, "citizenlab.") || strings.HasSuffix(host, "amnesty.org") || strings.HasSuffix(host, "lookout.com"):
		return "REPORT"
	case strings.HasSuffix(host, "courtlistener.com") || strings.HasSuffix(host, "judiciary.uk"):
		return "COURT_FILING"
	case strings.HasSuffix(host, "microsoft.com") || strings.HasSuffix(host, "facebook.com"):
		return "COMPANY_STATEMENT"
	}
	return "ARTICLE"
}

// linkDate is an address's date: read from the address, else the one the
// rows that cite it give, else none.
func (p *operators) linkDate(u string) (schema.Date, string) {
	if d, ok := pathDate(u, p.today); ok {
		return d, "read from the address"
	}
	if rd, ok := p.rowDates[u]; ok && !rd.conflict {
		return rd.date, fmt.Sprintf("the disclosure date of %s, disclosed by its publisher (%s)", rowsText(rd.file, rd.rows), rd.by)
	}
	return schema.Date{}, ""
}

// rowDate is the date rows give an address: the day they say its publisher
// disclosed their case.
type rowDate struct {
	date     schema.Date
	file, by string
	rows     []int
	conflict bool // two rows give two dates
}

// disclosers maps who disclosed a case, as the lists write it, to the host
// of its publications. The Telegraph of these rows is the Kolkata paper
// (telegraphindia.com), which the rows cite.
var disclosers = map[string]string{
	"citizen lab": "citizenlab.ca", "scroll": "scroll.in", "the guardian": "theguardian.com",
	"new york times": "nytimes.com", "amnesty international": "amnesty.org", "ynetnews": "ynetnews.com",
	"associated press": "apnews.com", "forbes": "forbes.com", "financial times": "ft.com", "the telegraph": "telegraphindia.com",
}

// rowSourceDates gives an address the disclosure date of the rows that
// cite it as their only address of the publisher that disclosed them,
// unless two rows disagree.
func rowSourceDates(cases []spywareCase) map[string]rowDate {
	out := map[string]rowDate{}
	for _, c := range cases {
		if len(c.disclosed) != 1 {
			continue
		}
		d, ok := caseDate(c.disclosed[0])
		if !ok || d.Day == 0 {
			continue
		}
		for _, by := range c.by {
			u, ok := onlyLinkOf(c.sources, disclosers[strictName(by)])
			if !ok {
				continue
			}
			rd, seen := out[u]
			switch {
			case !seen:
				rd = rowDate{date: d, file: c.file, by: by}
			case rd.date != d:
				rd.conflict = true
			}
			rd.rows = append(rd.rows, c.row)
			out[u] = rd
		}
	}
	return out
}

// onlyLinkOf returns the one address of links on host, if there is exactly
// one.
func onlyLinkOf(links []string, host string) (string, bool) {
	if host == "" {
		return "", false
	}
	var found []string
	for _, l := range links {
		if parsed, err := url.Parse(l); err == nil && strings.TrimPrefix(strings.ToLower(parsed.Host), "www.") == host {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}
