// Package datasets imports public third-party datasets into survgraph: each
// dataset becomes its own input (loaded under its own name, with its own
// Source node), resolved against the curated seed so that a company the seed
// already knows is referenced, never defined twice.
//
// Two importers read the raw files kept in data/ (see data/MANIFEST.md):
//
//   - [SIICompanies]: Privacy International's Surveillance Industry Index,
//     vendor profiles (companies and their parents);
//   - [SIITransfers]: the same index's transfer records (who supplied what to
//     which state).
//
// The FinFisher customer licence table that WikiLeaks published in SpyFiles
// 4 needs no Go code: mappings/finfisher-customers.yaml ([Mappings]) says
// how its rows become claims, and package importer runs it after these
// (importer.ImportDatasets), with the same resolver.
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
	"sort"
	"strings"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// Import is one dataset turned into graph data, ready for
// loader.ValidateWith (as a loader.Part) and loader.Load (as input Name).
type Import struct {
	Name string // input name: "sii-companies", "sii-transfers", "finfisher-customers"
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
	// (new or merged) for sii-companies, at least one SUPPLIED claim for the
	// others. Read == Claims + len(Rejected).
	Claims int
	// Merged counts records resolved to an entity that already existed (in
	// the curated seed, an earlier import, or an earlier record): companies
	// for sii-companies, suppliers for sii-transfers, customers for
	// finfisher-customers.
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
)

// FinFisherSourceID is the id of the Source node of the FinFisher customer
// table, which the seed defines and its mapping cites.
const FinFisherSourceID = "wikileaks-spyfiles4-finfisher-customers"

// All runs the Go importers, in this order, on the files under dir, with
// one resolver, so that a later import references what an earlier one
// created. It fails before importing anything if a file is missing.
func All(dir string, res *Resolver) ([]*Import, error) {
	files := []string{SIICompaniesFile, SIITransfersFile}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if st, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("datasets: %s is missing from %s: %w", f, dir, err)
		} else if st.IsDir() {
			return nil, fmt.Errorf("datasets: %s is a folder, not a file", p)
		}
	}
	steps := []func(string, *Resolver) (*Import, error){SIICompanies, SIITransfers}
	var out []*Import
	for i, step := range steps {
		im, err := step(filepath.Join(dir, filepath.FromSlash(files[i])), res)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
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
