package datasets

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// SpyFilesSourceID is the id of the Source node of Alice Corona's tables.
const SpyFilesSourceID = "alice-corona-wikileaks-spyfiles-tables"

func spyFilesSource() schema.Entity {
	return schema.Entity{ID: SpyFilesSourceID, Kind: schema.Source, Props: map[string]any{
		"name":        "WikiLeaks Spy Files: leaked company documents and companies",
		"sourceType":  "DATASET",
		"publisher":   "Alice Corona",
		"publishedAt": schema.Date{Year: 2014, Month: 9, Day: 15},
		"licence":     "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), attribute \"Alice Corona\"",
		"language":    "en",
		"url":         "https://github.com/ali-ce/datasets/tree/master/WikiLeaks-SpyFiles-Interactive",
		"locator":     "ali-ce/datasets@2a036bf1:WikiLeaks-SpyFiles-Interactive",
		"description": "Alice Corona's tables of WikiLeaks' Spy Files 1 to 4 (2011-2014), created on 15 September 2014: " +
			"632 vendor documents (name, company, type, year, countries, tags, product, WikiLeaks page and download link, " +
			"release) and the 140 companies that wrote them; read in the copy in datasets/data/spyfiles-documents. " +
			"The countries of a document are not its buyers, and survgraph does not read them. Rows are cited by " +
			"file and position.",
	}}
}

// spyFilesRelease is one of WikiLeaks' Spy Files releases and its date:
// Spy Files 1 on 1 December 2011 (287 documents: OCCRP, 1 December 2011),
// Spy Files 2 in 2011 (Citizen Lab, "Schrodinger's Cat Video", 2014, on its
// FinFly ISP video "documented in 2011 by Wikileaks"), Spy Files 3 on
// Wednesday 4 September 2013 (Slate, 5 September 2013), Spy Files 4 on 15
// September 2014 (the table's README).
var spyFilesReleases = map[string]schema.Date{
	"spy files 1": {Year: 2011, Month: 12, Day: 1},
	"spy files 2": {Year: 2011},
	"spy files 3": {Year: 2013, Month: 9, Day: 4},
	"spy files 4": {Year: 2014, Month: 9, Day: 15},
}

// spyDocument is one row of the documents table, as far as survgraph
// reads it: not the countries, tags or target systems.
type spyDocument struct {
	record                       int
	name, company, docType, year string
	products                     []string // the Product column
	page, download, release      string
}

var spyDocumentColumns = []string{"Document Name", "Company", "Document Type", "Year", "Product", "Document Page", "Download Link", "Spy FIles Release"}

// SpyFilesDocuments imports Alice Corona's tables of the Spy Files: each
// document becomes a Source (a LEAK: WikiLeaks, not the vendor, made it
// public), each company is resolved against the graph or created, and
// where a vendor's documents name a product (spyProducts) the product and
// a MAKES claim follow, citing those documents. The countries listed for a
// document are not buyers: no SUPPLIED or DEPLOYED claim comes from them.
func SpyFilesDocuments(documentsPath, companiesPath string, res *Resolver) (*Import, error) {
	docs, badDocs, err := readTableFile(documentsPath, spyDocumentColumns)
	if err != nil {
		return nil, fmt.Errorf("spyfiles-documents: %s: %w", documentsPath, err)
	}
	companies, badCompanies, err := readTableFile(companiesPath, []string{"Company"})
	if err != nil {
		return nil, fmt.Errorf("spyfiles-documents: %s: %w", companiesPath, err)
	}
	b := newBuilder("spyfiles-documents", documentsPath, res, spyFilesSource())
	b.im.Report.Read = len(docs) + len(companies)
	s := &spyFiles{builder: b, docsFile: filepath.Base(documentsPath), companiesFile: filepath.Base(companiesPath),
		nDocs: len(docs), vendors: map[string]string{}, makes: map[[2]string]*madeProduct{}}
	for i, row := range companies {
		s.companyRow(row, len(docs)+i+1, badCompanies[i+1])
	}
	for i, row := range docs {
		s.documentRow(row, i+1, badDocs[i+1])
	}
	for _, key := range s.order {
		s.product(s.makes[key])
	}
	s.dropUncitedDocuments()
	return b.finish(), nil
}

// dropUncitedDocuments removes the document Sources that no product or
// claim of the import cites (a document naming no listed product, or one
// whose claim merged into a curated claim): a Source that supports nothing
// would stand alone in the graph.
func (s *spyFiles) dropUncitedDocuments() {
	cited := usedIDs(s.im.Graph)
	s.im.keepEntities(func(e schema.Entity, record int) bool {
		if e.Kind != schema.Source || e.ID == s.source || cited[e.ID] {
			return true
		}
		delete(s.claimed, record)
		s.reject(record, "supports nothing: %s row %d (%q) names no listed product, or only products whose MAKES claim is curated, and a Source that supports nothing is left out", s.docsFile, record, e.Name())
		return false
	})
	s.owned = map[string]int{}
	for i, e := range s.im.Graph.Entities {
		s.owned[e.ID] = i
	}
}

type spyFiles struct {
	*builder
	docsFile, companiesFile string
	nDocs                   int               // documents come first in the record numbers, then companies
	vendors                 map[string]string // raw company name -> company id, "" for a non-vendor
	makes                   map[[2]string]*madeProduct
	order                   [][2]string
}

// madeProduct is a vendor's product and the documents that name it.
type madeProduct struct {
	spec    spyProduct
	company string // id
	records []int
	sources []string // document Source ids, in order
	titles  map[string]string
	types   []string // document types, distinct
}

// companyRow resolves or creates a company of the companies table.
func (s *spyFiles) companyRow(row map[string]string, record int, malformed string) {
	n := record - s.nDocs
	if malformed != "" {
		s.reject(record, "malformed row: %s row %d: %s", s.companiesFile, n, malformed)
		return
	}
	raw := clean(row["Company"])
	if raw == "" {
		s.reject(record, "no company: %s row %d is blank", s.companiesFile, n)
		return
	}
	if _, ok := s.vendor(raw, record); !ok {
		s.reject(record, "not a vendor: %q is %s", raw, spyFilesNotCompanies[raw])
		return
	}
	s.claimed[record] = true
}

// vendor resolves a company as the table writes it, creating it if no input
// knows it; ok is false for an author that is not a vendor.
func (s *spyFiles) vendor(raw string, record int) (string, bool) {
	if id, seen := s.vendors[raw]; seen {
		return id, id != ""
	}
	if _, not := spyFilesNotCompanies[raw]; not {
		s.vendors[raw] = ""
		return "", false
	}
	locator := fmt.Sprintf("%s row %d", s.companiesFile, record-s.nDocs)
	if record <= s.nDocs {
		locator = fmt.Sprintf("%s row %d, company %q", s.docsFile, record, raw)
	}
	id := s.company(raw, record, locator,
		"Wrote documents that WikiLeaks published in the Spy Files (2011-2014), as Alice Corona's tables list them.", "")
	if !s.isOwned(id) {
		s.im.Report.Merged++
	}
	s.vendors[raw] = id
	return id, true
}

// authors splits a company cell ("Elaman, Gamma") into its companies,
// unless the whole is one name known as such.
func (s *spyFiles) authors(cell string) []string {
	cell = clean(cell)
	if !strings.Contains(cell, ", ") || s.res.HasRule(cell) {
		return []string{cell}
	}
	if _, _, ok := s.res.Resolve(schema.Company, cell); ok {
		return []string{cell}
	}
	var out []string
	for _, part := range strings.Split(cell, ", ") {
		if part = clean(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// documentRow turns a document into a Source and notes the products it
// names.
func (s *spyFiles) documentRow(row map[string]string, record int, malformed string) {
	if malformed != "" {
		s.reject(record, "malformed row: %s row %d: %s", s.docsFile, record, malformed)
		return
	}
	d := spyDocument{record: record, name: repairC1(clean(row["Document Name"])), company: clean(row["Company"]),
		docType: clean(row["Document Type"]), year: clean(row["Year"]), products: splitComma(row["Product"]),
		page: clean(row["Document Page"]), download: clean(row["Download Link"]), release: clean(row["Spy FIles Release"])}
	if d.name == "" || d.company == "" {
		s.reject(record, "no document name or company: %s row %d", s.docsFile, record)
		return
	}
	published, ok := spyFilesReleases[strictName(d.release)]
	if !ok {
		s.reject(record, "unknown release: %s row %d gives %q, not one of Spy Files 1 to 4", s.docsFile, record, d.release)
		return
	}
	authors := s.authors(d.company)
	src := s.documentSource(d, authors, published)
	s.claimed[record] = true
	for _, a := range authors {
		id, ok := s.vendor(a, record)
		if !ok {
			continue
		}
		for _, p := range namedProducts(a, d.name, d.products) {
			s.named(id, p, d, src)
		}
	}
}

// cp1252 are the Windows-1252 punctuation marks that a mis-decoded file
// leaves as C1 control characters ("Solutions d\u0091Analyse Reseau").
var cp1252 = map[rune]rune{0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—'}

// repairC1 restores those marks and drops any other control character.
func repairC1(s string) string {
	return strings.Map(func(r rune) rune {
		if c, ok := cp1252[r]; ok {
			return c
		}
		if r >= 0x80 && r <= 0x9f {
			return -1
		}
		return r
	}, s)
}

func splitComma(cell string) []string {
	var out []string
	for _, v := range strings.Split(cell, ",") {
		if v = clean(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// named records that document d, Source src, names product p of company id.
func (s *spyFiles) named(id string, p spyProduct, d spyDocument, src string) {
	key := [2]string{id, productKey(p.name)}
	m := s.makes[key]
	if m == nil {
		m = &madeProduct{spec: p, company: id, titles: map[string]string{}}
		s.makes[key] = m
		s.order = append(s.order, key)
	}
	m.records = append(m.records, d.record)
	if _, dup := m.titles[src]; !dup {
		m.sources = append(m.sources, src)
		m.titles[src] = d.name
	}
	if d.docType != "" && d.docType != "-" {
		m.types = appendNew(m.types, strings.ToLower(d.docType))
	}
}

// documentSource is the Source of a document: a known one for the same
// document, or a new one.
func (s *spyFiles) documentSource(d spyDocument, authors []string, published schema.Date) string {
	u := d.page
	if schema.CheckURL(u) != nil {
		u = d.download
	}
	if schema.CheckURL(u) != nil {
		u = ""
	}
	// Same address or title only: versions of one manual share a day and most of a title.
	if id, why, ok := s.res.KnownSource(u, d.name, schema.Date{}); ok {
		s.noteKnown(d.name, id, why)
		s.im.Report.Counts["documents that are known sources"]++
		return id
	}
	base := strings.TrimSuffix(pathBase(u), filepath.Ext(pathBase(u)))
	if base == "" {
		base = d.name
	}
	id := s.res.FreeID("wikileaks-spyfiles-" + slug(base, 90))
	props := map[string]any{
		"name":        cut(d.name, schema.MaxStringLen),
		"sourceType":  "LEAK",
		"publisher":   "WikiLeaks",
		"authors":     authors,
		"publishedAt": published,
		"locator":     cut(fmt.Sprintf("%s row %d; download: %s", s.docsFile, d.record, d.download), schema.MaxStringLen),
		"description": s.documentDescription(d, authors),
	}
	if u != "" {
		props["url"] = u
	}
	s.im.Report.Counts["document sources created"]++
	s.addEntity(schema.Entity{ID: id, Kind: schema.Source, Props: props,
		Citations: []schema.Citation{s.cite(d.name, fmt.Sprintf("%s row %d", s.docsFile, d.record))}}, d.record)
	return id
}

func pathBase(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || u == "" {
		return ""
	}
	p, _ := url.PathUnescape(parsed.Path)
	return filepath.Base(strings.TrimSuffix(p, "/"))
}

func (s *spyFiles) documentDescription(d spyDocument, authors []string) string {
	kind := strings.ToLower(d.docType)
	if kind == "" || kind == "-" {
		kind = "document"
	}
	dated := "undated in the table"
	if _, err := schema.ParseDate(d.year); err == nil {
		dated = "dated " + d.year + " in the table"
	}
	return fmt.Sprintf("A %s of %s (%s), published by WikiLeaks in %s; listed in Alice Corona's tables of the Spy Files. "+
		"A company's own material that the company did not make public: WikiLeaks did.", kind, strings.Join(authors, " and "), dated, d.release)
}

// product creates a vendor's product if no input knows it, and the MAKES
// claim unless the curated seed already makes it.
func (s *spyFiles) product(m *madeProduct) {
	first := m.records[0]
	id := s.productEntity(m, first)
	what := fmt.Sprintf("%s makes %s (%s)", m.company, id, rowsText(s.docsFile, m.records))
	if cid, ok := s.res.curated.Claim(schema.Makes, m.company, id); ok {
		s.im.Report.MergedIntoCurated = append(s.im.Report.MergedIntoCurated, what+": the curated claim "+cid)
		return
	}
	s.im.Report.Counts["MAKES claims"]++
	s.addRel(schema.Relationship{
		ID:   schema.RelationshipID(m.company, schema.Makes, id, "spyfiles"),
		Type: schema.Makes, From: m.company, To: id, Status: schema.Reported, Basis: schema.BasisLeak,
		Summary: fmt.Sprintf("%s of %s that WikiLeaks published in the Spy Files (%s) %s %s as its product, as Alice Corona's table lists them (%s).",
			sentenceStart(plural(len(m.sources), "document")), s.res.NameOf(m.company), strings.Join(m.types, ", "),
			map[bool]string{true: "names", false: "name"}[len(m.sources) == 1], m.spec.name, rowsText(s.docsFile, m.records)),
		Citations: s.productCitations(m),
	}, first)
}

// productEntity resolves the product or creates it, citing the documents
// that name it.
func (s *spyFiles) productEntity(m *madeProduct, record int) string {
	if id, why, ok := s.res.Resolve(schema.Product, m.spec.name); ok {
		s.noteKnown(m.spec.name, id, why)
		return id
	}
	id := s.res.FreeID(slug(m.spec.name, 80))
	s.noteUnresolved(m.spec.name)
	s.addEntity(schema.Entity{ID: id, Kind: schema.Product, Props: map[string]any{
		"name":        m.spec.name,
		"category":    m.spec.category,
		"description": productDescription(s.res.NameOf(m.company), len(m.sources), m.spec.category),
	}, Citations: s.productCitations(m)}, record)
	return id
}

func productDescription(maker string, docs int, category string) string {
	d := fmt.Sprintf("Product of %s, named in %s of the company that WikiLeaks published in the Spy Files.", maker, plural(docs, "document"))
	if category != "OTHER" {
		d += fmt.Sprintf(" survgraph's category (%s) is read from the documents' titles.", strings.ToLower(strings.ReplaceAll(category, "_", " ")))
	}
	return d
}

// productCitations cite the table's rows and each document, quoting its
// title.
func (s *spyFiles) productCitations(m *madeProduct) []schema.Citation {
	out := []schema.Citation{s.cite("", rowsText(s.docsFile, m.records))}
	for _, src := range m.sources {
		out = append(out, schema.Citation{Source: src, Quote: cut(m.titles[src], schema.MaxQuoteLen), Locator: "title", Stance: schema.Supports})
	}
	return out
}

// productKey is a name as products are matched: by words, "´" read as an
// apostrophe ("Analyst´s Notebook").
func productKey(s string) string { return strictName(strings.ReplaceAll(s, "´", "'")) }

// namedProducts are the products of company that a document names: in its
// Product cells, or in its title, longest names first, each word of the
// title counting for one product at most.
func namedProducts(company, title string, cells []string) []spyProduct {
	var mine []spyProduct
	for _, p := range spyProducts {
		if p.company == company {
			mine = append(mine, p)
		}
	}
	var out []spyProduct
	for _, cell := range cells {
		for _, p := range mine {
			if matchesForm(p, productKey(cell)) && !hasProduct(out, p) {
				out = append(out, p)
			}
		}
	}
	words := strings.Fields(productKey(title))
	used := make([]bool, len(words))
	for _, f := range productForms(mine) {
		for i := 0; i+len(f.words) <= len(words); i++ {
			if equalWords(words[i:i+len(f.words)], f.words) && !anyUsed(used[i:i+len(f.words)]) {
				for j := i; j < i+len(f.words); j++ {
					used[j] = true
				}
				if !hasProduct(out, f.p) {
					out = append(out, f.p)
				}
			}
		}
	}
	return out
}

type productForm struct {
	p     spyProduct
	words []string
}

// productForms lists every name and form of the products, longest first.
func productForms(ps []spyProduct) []productForm {
	var out []productForm
	for _, p := range ps {
		for _, f := range append([]string{p.name}, p.also...) {
			out = append(out, productForm{p, strings.Fields(productKey(f))})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].words) > len(out[j].words) })
	return out
}

func matchesForm(p spyProduct, key string) bool {
	for _, f := range append([]string{p.name}, p.also...) {
		if productKey(f) == key {
			return true
		}
	}
	return false
}

func hasProduct(ps []spyProduct, p spyProduct) bool {
	for _, x := range ps {
		if x.name == p.name && x.company == p.company {
			return true
		}
	}
	return false
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func anyUsed(u []bool) bool {
	for _, x := range u {
		if x {
			return true
		}
	}
	return false
}
