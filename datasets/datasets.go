// Package datasets imports public third-party datasets into survgraph: each
// dataset becomes its own input (loaded under its own name, with its own
// Source node), resolved against the curated seed so that a company the seed
// already knows is referenced, never defined twice.
//
// Four importers read the raw files kept in data/ (see data/MANIFEST.md):
//
//   - [SIICompanies]: Privacy International's Surveillance Industry Index,
//     vendor profiles (companies and their parents);
//   - [SIITransfers]: the same index's transfer records (who supplied what to
//     which state);
//   - [SpyFilesDocuments]: Alice Corona's tables of WikiLeaks' Spy Files, the
//     vendors' own documents (sources, and the products they name);
//   - [PegasusCandiruOperators]: Granitt's Pegasus and Candiru case lists, the
//     suspected operator governments (never the people targeted).
//
// The FinFisher customer licence table that WikiLeaks published in SpyFiles
// 4 needs no Go code: mappings/finfisher-customers.yaml ([Mappings]) says
// how its rows become claims, and package importer's [Mapper] runs it in its
// place among the others, with the same resolver.
//
// Entity resolution is deterministic and explained: a [Resolver] follows an
// alias table (seed/resolution.tsv, read by [LoadRules]) and then exact and
// normalised names; a name it cannot resolve becomes a new entity and is
// listed in the [Report]. Nothing is dropped silently: a record that does not
// become a claim is listed in Report.Rejected with the reason.
package datasets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// Import is one dataset turned into graph data, ready for
// loader.ValidateWith (as a loader.Part) and loader.Load (as input Name).
type Import struct {
	Name string // input name: "sii-companies", "spyfiles-documents", ...
	File string // the raw file's path, for messages
	// Source is the id of the dataset's Source, which stats lists as where
	// the input comes from.
	Source string
	// Graph is everything this input owns, including its dataset Source
	// entity, unless another input already defines that Source (the curated
	// seed does, in seed/datasets.yaml): an id has one owner, so the import
	// then cites it without redefining it.
	Graph schema.Graph
	// EntityRecords and RelRecords give, for each entity and relationship,
	// the number of the record (1-based, in file order) it comes from, for
	// messages. The dataset Source itself is record 0.
	EntityRecords, RelRecords []int
	Report                    Report
}

// Part returns the import as a loader.Part, to validate it with the seed.
func (im *Import) Part() loader.Part {
	return loader.Part{File: im.File, Graph: im.Graph, EntityRecords: im.EntityRecords, RelRecords: im.RelRecords}
}

// Report says what an import read and what became of it.
type Report struct {
	Name string
	Read int // records read from the raw file
	// Entities and Relationships count what the import holds: its dataset
	// Source included, unless another input (the seed) defines that Source.
	Entities, Relationships int
	// Claims counts records that became what the dataset is about: a company
	// (new or merged) for sii-companies, a Source or a company for
	// spyfiles-documents, a DEPLOYED claim (its own or a curated one) for
	// pegasus-candiru-operators, at least one SUPPLIED claim for the others.
	// Read == Claims + len(Rejected).
	Claims int
	// Merged counts records resolved to an entity that already existed (in
	// the curated seed, an earlier import, or an earlier record): companies
	// for sii-companies and spyfiles-documents, suppliers for sii-transfers,
	// customers for finfisher-customers, operator governments for
	// pegasus-candiru-operators.
	Merged int
	// Rejected lists records not turned into a claim, each with its reason.
	Rejected []Rejection
	// Unresolved lists raw names that matched no known entity and became new
	// entities or placeholders, in order of first appearance.
	Unresolved []string
	// Resolved lists each raw name that resolved to an existing entity, once,
	// with the reason.
	Resolved []Resolution
	// MergedIntoCurated lists the claims of records that the curated seed
	// already makes (or that cite a record the seed cites): they are not
	// claimed twice.
	MergedIntoCurated []string
	// Corrections lists the curated corrections applied (see Amend).
	Corrections []string
	// Roles are supplier roles stripped from names ("MI Marathon (broker)").
	Roles []string
	// Notes are anything else a reviewer should know: values dropped as
	// invalid, placeholder dates read as unknown, and so on.
	Notes []string
	// TotalAmount sums Amount per currency over the claims that have one.
	TotalAmount map[string]int64
	// Extra counts, by name: "customer codes", "links cited", ...
	Counts map[string]int
}

// Rejection is a record that did not become a claim.
type Rejection struct {
	Record int
	Reason string
}

// Resolution is a raw name resolved to a known entity.
type Resolution struct {
	Raw, ID, Why string
}

// WriteTo prints a readable summary of the report.
func (r Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d records read, %d became claims, %d rejected; %d entities and %d relationships; %d merged into existing entities\n",
		r.Name, r.Read, r.Claims, len(r.Rejected), r.Entities, r.Relationships, r.Merged)
	if len(r.TotalAmount) > 0 {
		cur := make([]string, 0, len(r.TotalAmount))
		for c := range r.TotalAmount {
			cur = append(cur, c)
		}
		sort.Strings(cur)
		for _, c := range cur {
			fmt.Fprintf(&b, "  total amount: %s %s\n", c, thousands(r.TotalAmount[c]))
		}
	}
	if len(r.Counts) > 0 {
		keys := make([]string, 0, len(r.Counts))
		for k := range r.Counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s: %d\n", k, r.Counts[k])
		}
	}
	if len(r.Rejected) > 0 {
		fmt.Fprintf(&b, "  rejected (%d):\n", len(r.Rejected))
		groups := map[string][]int{}
		var order []string
		for _, x := range r.Rejected {
			g := reasonGroup(x.Reason)
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], x.Record)
		}
		for _, g := range order {
			fmt.Fprintf(&b, "    %d × %s: records %s\n", len(groups[g]), g, intList(groups[g]))
		}
		for _, x := range r.Rejected {
			fmt.Fprintf(&b, "    record %d: %s\n", x.Record, x.Reason)
		}
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "  %s (%d):\n", title, len(items))
		for _, s := range items {
			fmt.Fprintf(&b, "    %s\n", s)
		}
	}
	list("unresolved names, now new entities or placeholders", r.Unresolved)
	res := make([]string, len(r.Resolved))
	for i, x := range r.Resolved {
		res[i] = fmt.Sprintf("%q -> %s (%s)", x.Raw, x.ID, x.Why)
	}
	list("resolved to existing entities", res)
	list("claims merged into curated claims", r.MergedIntoCurated)
	list("curated corrections applied", r.Corrections)
	list("supplier roles stripped from names", r.Roles)
	list("notes", r.Notes)
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// reasonGroup is the part of a rejection reason before its first colon, so
// that reasons group by kind.
func reasonGroup(reason string) string {
	if i := strings.Index(reason, ":"); i > 0 {
		return reason[:i]
	}
	return reason
}

func intList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	out = append([]string{s}, out...)
	if neg {
		return "-" + strings.Join(out, ",")
	}
	return strings.Join(out, ",")
}

// The raw files, relative to a datasets folder laid out like data/.
const (
	SIICompaniesFile       = "sii-companies/companies.json"
	SIITransfersFile       = "sii-transfers/transfers.json"
	FinFisherCustomersFile = "finfisher-customers/customers.json"
	SpyFilesDocumentsFile  = "spyfiles-documents/Leaked Company Documents.csv"
	SpyFilesCompaniesFile  = "spyfiles-documents/Companies mentioned in Spy Files.csv"
	PegasusFile            = "pegasus-candiru-operators/data-pegasus-victims.csv"
	CandiruFile            = "pegasus-candiru-operators/data-candiru-victims.csv"
)

// FinFisherSourceID is the id of the Source node of the FinFisher customer
// table, which the seed defines and its mapping cites.
const FinFisherSourceID = "wikileaks-spyfiles4-finfisher-customers"

// step is one importer and the raw files it reads, in the order it takes
// them; a dataset without Go code names its mapping (in Mappings) instead,
// which a Mapper runs.
type step struct {
	files   []string
	run     func(paths []string, res *Resolver) (*Import, error)
	mapping string
}

func oneFile(f func(string, *Resolver) (*Import, error)) func([]string, *Resolver) (*Import, error) {
	return func(p []string, res *Resolver) (*Import, error) { return f(p[0], res) }
}

func twoFiles(f func(string, string, *Resolver) (*Import, error)) func([]string, *Resolver) (*Import, error) {
	return func(p []string, res *Resolver) (*Import, error) { return f(p[0], p[1], res) }
}

// steps run in this order. The Spy Files documents come before the FinFisher
// table, so that the table's products are the ones Gamma's own documents
// name (and their MAKES claims rest on those documents).
var steps = []step{
	{files: []string{SIICompaniesFile}, run: oneFile(SIICompanies)},
	{files: []string{SIITransfersFile}, run: oneFile(SIITransfers)},
	{files: []string{SpyFilesDocumentsFile, SpyFilesCompaniesFile}, run: twoFiles(SpyFilesDocuments)},
	{files: []string{FinFisherCustomersFile}, mapping: "finfisher-customers"},
	{files: []string{PegasusFile, CandiruFile}, run: twoFiles(PegasusCandiruOperators)},
}

// Mapper runs a dataset that has a mapping and no Go code (package importer
// gives one): the mapping of that name on the file at path, against res and
// known, what the seed and the imports before it hold.
type Mapper func(mapping, path string, res *Resolver, known schema.Graph) (*Import, error)

// All runs the importers, in order, on the files under dir, with one
// resolver, so that a later import references what an earlier one created.
// mapper runs the datasets that have a mapping, against curated and the
// imports before them; without one, they are left out. It fails before
// importing anything if a file is missing.
func All(dir string, res *Resolver, curated schema.Graph, mapper Mapper) ([]*Import, error) {
	for _, s := range steps {
		for _, f := range s.files {
			p := filepath.Join(dir, filepath.FromSlash(f))
			if st, err := os.Stat(p); err != nil {
				return nil, fmt.Errorf("datasets: %s is missing from %s: %w", f, dir, err)
			} else if st.IsDir() {
				return nil, fmt.Errorf("datasets: %s is a folder, not a file", p)
			}
		}
	}
	known := schema.Graph{Entities: slices.Clone(curated.Entities), Relationships: slices.Clone(curated.Relationships)}
	var out []*Import
	for _, s := range steps {
		paths := make([]string, len(s.files))
		for i, f := range s.files {
			paths[i] = filepath.Join(dir, filepath.FromSlash(f))
		}
		var im *Import
		var err error
		switch {
		case s.mapping == "":
			im, err = s.run(paths, res)
		case mapper == nil:
			continue
		default:
			im, err = mapper(s.mapping, paths[0], res, known)
		}
		if err != nil {
			return nil, err
		}
		known.Entities = append(known.Entities, im.Graph.Entities...)
		known.Relationships = append(known.Relationships, im.Graph.Relationships...)
		out = append(out, im)
	}
	return out, nil
}

// ImportAll imports the datasets under dir against the curated seed: what
// the seed defines is referenced, never defined again (the resolver, with
// the alias table rules), claims the seed already makes are merged into its
// own, and the seed's corrections are applied (Amend). It is what every
// command loads, and what the quality gate checks. mapper runs the datasets
// that have a mapping (package importer's DatasetMapper).
func ImportAll(dir string, curated schema.Graph, rules []Rule, mapper Mapper) ([]*Import, error) {
	res := NewResolver(curated.Entities, rules)
	res.SetCurated(NewCurated(curated))
	return ImportAllWith(dir, curated, res, mapper)
}

// ImportAllWith is ImportAll with the resolver given, which tests read
// afterwards (the alias rules no import needed, the collisions).
func ImportAllWith(dir string, curated schema.Graph, res *Resolver, mapper Mapper) ([]*Import, error) {
	imports, err := All(dir, res, curated, mapper)
	if err != nil {
		return nil, err
	}
	if err := Amend(imports, curated.Amendments); err != nil {
		return nil, err
	}
	dropUnused(imports, curated)
	return imports, nil
}

// usedIDs are the ids that a relationship of the graphs links (as an end
// or as its product) or that a citation or a correction cites.
func usedIDs(graphs ...schema.Graph) map[string]bool {
	used := map[string]bool{}
	cite := func(cs []schema.Citation, corrections []schema.Correction) {
		for _, c := range cs {
			used[c.Source] = true
		}
		for _, c := range corrections {
			used[c.Source] = true
		}
	}
	for _, g := range graphs {
		for _, e := range g.Entities {
			cite(e.Citations, e.Corrections)
		}
		for _, r := range g.Relationships {
			used[r.From], used[r.To], used[r.Product] = true, true, true
			cite(r.Citations, r.Corrections)
		}
	}
	return used
}

// byProduct are the kinds an import creates only on the way to a claim: a
// recipient government or agency, a source a record cites. When the claim
// does not come (merged into a curated one, rejected, corrected), such an
// entity would stand alone in the graph. Companies and products are what
// some datasets are about, and stay.
var byProduct = map[schema.Kind]bool{schema.Government: true, schema.Agency: true, schema.Source: true}

// dropUnused removes from the imports the by-product entities that no
// relationship of any input links and no citation of any input cites,
// noting each in its import's report.
func dropUnused(imports []*Import, curated schema.Graph) {
	graphs := []schema.Graph{curated}
	for _, im := range imports {
		graphs = append(graphs, im.Graph)
	}
	used := usedIDs(graphs...)
	for _, im := range imports {
		im.keepEntities(func(e schema.Entity, record int) bool {
			if !byProduct[e.Kind] || used[e.ID] || record == 0 {
				return true
			}
			im.Report.Counts["entities left out: linked and cited by nothing once the claims were made"]++
			im.Report.Notes = append(im.Report.Notes, fmt.Sprintf("left out %s %s (record %d): linked and cited by nothing", e.Kind, e.ID, record))
			return false
		})
		im.Report.Entities = len(im.Graph.Entities)
	}
}

// keepEntities keeps the entities for which keep is true, and their records.
func (im *Import) keepEntities(keep func(e schema.Entity, record int) bool) {
	kept, records := im.Graph.Entities[:0], im.EntityRecords[:0]
	for i, e := range im.Graph.Entities {
		if keep(e, im.EntityRecords[i]) {
			kept, records = append(kept, e), append(records, im.EntityRecords[i])
		}
	}
	im.Graph.Entities, im.EntityRecords = kept, records
}

// builder accumulates one import's graph and report.
type builder struct {
	im       *Import
	res      *Resolver
	source   string // id of the dataset Source
	owned    map[string]int
	rels     map[string]bool
	resolved map[string]bool
	unres    map[string]bool
	claimed  map[int]bool
}

func newBuilder(name, file string, res *Resolver, src schema.Entity) *builder {
	b := &builder{
		im:       &Import{Name: name, File: file, Source: src.ID, Report: Report{Name: name, Counts: map[string]int{}}},
		res:      res,
		source:   src.ID,
		owned:    map[string]int{},
		rels:     map[string]bool{},
		resolved: map[string]bool{},
		unres:    map[string]bool{},
		claimed:  map[int]bool{},
	}
	if b.res.Has(src.ID) {
		// The seed now defines the dataset Sources (seed/datasets.yaml), so
		// that curated claims can cite a dataset record too. An id has one
		// owner: the import then cites that Source and does not redefine it.
		if kind, _ := b.res.KindOf(src.ID); kind != schema.Source {
			b.note("the id %s of the dataset Source is taken by a %s; citations to it will not validate", src.ID, kind)
		} else {
			b.note("the dataset Source %s is defined by another input (the curated seed); this import cites it and does not redefine it", src.ID)
		}
		return b
	}
	b.addEntity(src, 0)
	return b
}

// addEntity adds e to the import and makes it known to the resolver.
func (b *builder) addEntity(e schema.Entity, record int) {
	b.owned[e.ID] = len(b.im.Graph.Entities)
	b.im.Graph.Entities = append(b.im.Graph.Entities, e)
	b.im.EntityRecords = append(b.im.EntityRecords, record)
	b.res.Add(e)
}

// entity returns the entity the import owns under id, for amendment.
func (b *builder) entity(id string) (*schema.Entity, bool) {
	i, ok := b.owned[id]
	if !ok {
		return nil, false
	}
	return &b.im.Graph.Entities[i], true
}

// isOwned reports whether this import defines the entity id.
func (b *builder) isOwned(id string) bool { _, ok := b.owned[id]; return ok }

// addAlias adds raw as an alias of an entity this import owns, unless it is
// the name or already listed.
func (b *builder) addAlias(id, raw string) {
	e, ok := b.entity(id)
	raw = clean(raw)
	if !ok || raw == "" || raw == e.Name() || len(raw) > schema.MaxStringLen {
		return
	}
	list, _ := e.Props["aliases"].([]string)
	for _, a := range list {
		if a == raw {
			return
		}
	}
	if len(list) >= schema.MaxListLen {
		return
	}
	e.Props["aliases"] = append(list, raw)
	b.res.addAliasKey(id, raw)
}

func (b *builder) addRel(r schema.Relationship, record int) bool {
	if b.rels[r.ID] {
		return false
	}
	b.rels[r.ID] = true
	b.im.Graph.Relationships = append(b.im.Graph.Relationships, r)
	b.im.RelRecords = append(b.im.RelRecords, record)
	return true
}

func (b *builder) reject(record int, format string, args ...any) {
	b.im.Report.Rejected = append(b.im.Report.Rejected, Rejection{Record: record, Reason: fmt.Sprintf(format, args...)})
}

func (b *builder) note(format string, args ...any) {
	b.im.Report.Notes = append(b.im.Report.Notes, fmt.Sprintf(format, args...))
}

func (b *builder) noteResolved(raw, id, why string) {
	k := raw + "\x00" + id
	if b.resolved[k] {
		return
	}
	b.resolved[k] = true
	b.im.Report.Resolved = append(b.im.Report.Resolved, Resolution{Raw: raw, ID: id, Why: why})
}

func (b *builder) noteUnresolved(raw string) {
	if b.unres[raw] {
		return
	}
	b.unres[raw] = true
	b.im.Report.Unresolved = append(b.im.Report.Unresolved, raw)
}

// finish fills in the report's totals.
func (b *builder) finish() *Import {
	rep := &b.im.Report
	rep.Entities = len(b.im.Graph.Entities)
	rep.Relationships = len(b.im.Graph.Relationships)
	rep.Claims = len(b.claimed)
	sort.SliceStable(rep.Rejected, func(i, j int) bool { return rep.Rejected[i].Record < rep.Rejected[j].Record })
	return b.im
}

// cite is a citation of the import's dataset Source.
func (b *builder) cite(quote, locator string) schema.Citation {
	return schema.Citation{Source: b.source, Quote: cut(clean(quote), schema.MaxQuoteLen), Locator: cut(clean(locator), schema.MaxStringLen), Stance: schema.Supports}
}

// government returns the id of the government of code, creating it if no
// input defines it yet.
//
// The alias table may send a state's government elsewhere, by its name
// ("Government of Libya" to the curated libya-gaddafi-government when every
// record of the dataset concerns that regime).
func (b *builder) government(code string, record int, locator string) string {
	if id, why, defined, ok := b.res.Alias(GovernmentName(code)); ok && defined {
		if kind, _ := b.res.KindOf(id); kind == schema.Government {
			b.noteKnown(GovernmentName(code), id, why)
			return id
		}
		b.note("the alias table sends %q to %s, which is not a government; ignored", GovernmentName(code), id)
	}
	id := GovernmentID(code)
	if b.res.Has(id) {
		if _, own := b.owned[id]; !own {
			b.noteResolved(CountryName(code), id, "curated id "+id)
		}
		return id
	}
	b.noteUnresolved(GovernmentName(code))
	b.addEntity(schema.Entity{
		ID:   id,
		Kind: schema.Government,
		Props: map[string]any{
			"name":    GovernmentName(code),
			"country": code,
		},
		Citations: []schema.Citation{b.cite("", locator)},
	}, record)
	return id
}

// nonISOGovernment is the government of a state without an ISO code, such as
// Kosovo: no country field.
func (b *builder) nonISOGovernment(name string, record int, locator string) string {
	id := slug(name, 80) + "-government"
	if b.res.Has(id) {
		return id
	}
	b.noteUnresolved("Government of " + name)
	b.addEntity(schema.Entity{
		ID:   id,
		Kind: schema.Government,
		Props: map[string]any{
			"name": "Government of " + name,
			"description": name + " has no ISO 3166-1 alpha-2 code (XK is a user-assigned code), " +
				"so this government carries no country field.",
		},
		Citations: []schema.Citation{b.cite("", locator)},
	}, record)
	return id
}

// Check checks the import's records on their own (values, citations,
// statuses, periods, amounts), with the loader's own rules; references to the
// seed are checked by loader.ValidateWith.
func (im *Import) Check() error {
	return loader.CheckPart(im.Part())
}
