// Package datareport describes what the graph holds: counts per kind,
// relationship type, claim status and country, how many sources stand behind
// each claim, the documented vendor-to-government cases, and where the
// datasets come from under which licences. `survgraph stats` prints it and
// docs/DATA.md is generated from it, so the figures people quote are the ones
// the data gives.
package datareport

import (
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// importRules says how imported records become claims; docs/DATA.md
// carries it beside the figures it explains.
//
//go:embed rules.md
var importRules string

// Input is one loaded input: the curated seed or an imported dataset.
type Input struct {
	Name  string
	Graph schema.Graph
}

// Case is a documented vendor-to-government supply: every curated SUPPLIED
// claim from the vendor to the government or one of its bodies, taken
// together.
type Case struct {
	Vendor, Government string   // ids
	Claims             int      // SUPPLIED claims in the case
	Publishers         []string // distinct publishers of the sources cited, sorted
	Sources            int      // distinct sources cited
	Strongest          schema.ClaimStatus
}

// Independent reports whether the case rests on at least two sources from
// different publishers.
func (c Case) Independent() bool { return len(c.Publishers) >= 2 }

// Report is the data report.
type Report struct {
	Inputs          []InputSummary
	Entities        int
	Relationships   int
	ByKind          map[schema.Kind]int
	ByType          map[schema.RelType]int
	ByStatus        map[schema.ClaimStatus]int
	ByCountry       map[string]int // entities per ISO code ("" for none)
	SourcesPerClaim map[int]int    // distinct sources cited -> number of relationships
	Uncited         int            // relationships without any citation (must be 0)
	Cases           []Case         // from the curated input, strongest evidence first
	Datasets        []schema.Entity
	// Supply counts the named vendor-to-government supplies of all the
	// inputs together (SupplyRows); SupplyCypher, when set, is the Cypher
	// that selects the same in Neo4j, printed beside the figures.
	Supply       schema.SupplyCount
	SupplyCypher string
	// Corrections lists each input's curated corrections.
	Corrections  map[string][]string
	names        map[string]string
	entitiesByID map[string]schema.Entity
}

// InputSummary counts one input.
type InputSummary struct {
	Name                    string
	Entities, Relationships int
}

// Build computes the report. curated names the input whose SUPPLIED claims
// form the cases (the hand-curated seed, not the bulk datasets).
func Build(curated string, inputs ...Input) *Report {
	r := &Report{
		ByKind: map[schema.Kind]int{}, ByType: map[schema.RelType]int{}, ByStatus: map[schema.ClaimStatus]int{},
		ByCountry: map[string]int{}, SourcesPerClaim: map[int]int{},
		names: map[string]string{}, entitiesByID: map[string]schema.Entity{},
	}
	for _, in := range inputs {
		r.Inputs = append(r.Inputs, InputSummary{in.Name, len(in.Graph.Entities), len(in.Graph.Relationships)})
		r.countEntities(in.Graph.Entities)
	}
	sort.Slice(r.Datasets, func(i, j int) bool { return r.Datasets[i].ID < r.Datasets[j].ID })
	r.Supply = schema.CountSupplies(SupplyRows(whole(inputs)))

	cs := newCaseSet(governments(inputs))
	for _, in := range inputs {
		for _, rel := range in.Graph.Relationships {
			distinct := r.countClaim(rel)
			if in.Name != curated || rel.Type != schema.Supplied || r.entitiesByID[rel.From].Kind != schema.Company {
				continue
			}
			cs.add(rel, distinct)
		}
	}
	r.Cases = cs.cases(r.entitiesByID)
	sortCases(r.Cases)
	return r
}

// countEntities counts entities by kind and country, and keeps the dataset
// Sources.
func (r *Report) countEntities(entities []schema.Entity) {
	for _, e := range entities {
		r.entitiesByID[e.ID] = e
		r.names[e.ID] = e.Name()
		r.Entities++
		r.ByKind[e.Kind]++
		c, _ := e.Props["country"].(string)
		r.ByCountry[c]++
		if st, _ := e.Props["sourceType"].(string); e.Kind == schema.Source && st == "DATASET" {
			r.Datasets = append(r.Datasets, e)
		}
	}
}

// whole is every input in one graph.
func whole(inputs []Input) schema.Graph {
	var g schema.Graph
	for _, in := range inputs {
		g.Entities = append(g.Entities, in.Graph.Entities...)
		g.Relationships = append(g.Relationships, in.Graph.Relationships...)
	}
	return g
}

// governments maps each agency to the government it is PART_OF.
func governments(inputs []Input) map[string]string {
	governmentOf := map[string]string{}
	for _, in := range inputs {
		for _, rel := range in.Graph.Relationships {
			if rel.Type == schema.PartOf {
				governmentOf[rel.From] = rel.To
			}
		}
	}
	return governmentOf
}

// countClaim counts a relationship by type, status and number of sources,
// and returns the distinct sources it cites.
func (r *Report) countClaim(rel schema.Relationship) map[string]bool {
	r.Relationships++
	r.ByType[rel.Type]++
	r.ByStatus[rel.Status]++
	distinct := map[string]bool{}
	for _, c := range rel.Citations {
		distinct[c.Source] = true
	}
	r.SourcesPerClaim[len(distinct)]++
	if len(distinct) == 0 {
		r.Uncited++
	}
	return distinct
}

// caseSet gathers SUPPLIED claims into cases, one per vendor and government.
type caseSet struct {
	governmentOf map[string]string
	byKey        map[[2]string]*Case
	sources      map[[2]string]map[string]bool
}

func newCaseSet(governmentOf map[string]string) *caseSet {
	return &caseSet{governmentOf: governmentOf, byKey: map[[2]string]*Case{}, sources: map[[2]string]map[string]bool{}}
}

// add counts a SUPPLIED claim, citing the sources distinct, in its case.
// Agencies count toward the government they belong to.
func (cs *caseSet) add(rel schema.Relationship, distinct map[string]bool) {
	gov := rel.To
	if g, ok := cs.governmentOf[gov]; ok {
		gov = g
	}
	key := [2]string{rel.From, gov}
	c := cs.byKey[key]
	if c == nil {
		c = &Case{Vendor: rel.From, Government: gov, Strongest: rel.Status}
		cs.byKey[key] = c
		cs.sources[key] = map[string]bool{}
	}
	c.Claims++
	if rel.Status.Rank() > c.Strongest.Rank() {
		c.Strongest = rel.Status
	}
	for id := range distinct {
		cs.sources[key][id] = true
	}
}

// cases are the gathered cases, each with its sources' publishers, looked
// up in entitiesByID; unsorted.
func (cs *caseSet) cases(entitiesByID map[string]schema.Entity) []Case {
	var out []Case
	for key, c := range cs.byKey {
		pubs := map[string]bool{}
		for id := range cs.sources[key] {
			if p, _ := entitiesByID[id].Props["publisher"].(string); p != "" {
				pubs[p] = true
			}
		}
		for p := range pubs {
			c.Publishers = append(c.Publishers, p)
		}
		sort.Strings(c.Publishers)
		c.Sources = len(cs.sources[key])
		out = append(out, *c)
	}
	return out
}

// sortCases puts the cases with the most publishers first, then orders by
// vendor and government.
func sortCases(cases []Case) {
	sort.Slice(cases, func(i, j int) bool {
		a, b := cases[i], cases[j]
		if len(a.Publishers) != len(b.Publishers) {
			return len(a.Publishers) > len(b.Publishers)
		}
		if a.Vendor != b.Vendor {
			return a.Vendor < b.Vendor
		}
		return a.Government < b.Government
	})
}

// IndependentCases counts the cases that rest on two or more publishers.
func (r *Report) IndependentCases() int {
	n := 0
	for _, c := range r.Cases {
		if c.Independent() {
			n++
		}
	}
	return n
}

// WriteSummary prints the headline figures.
func (r *Report) WriteSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d entities, %d relationships", r.Entities, r.Relationships)
	for _, in := range r.Inputs {
		fmt.Fprintf(&b, "\n  input %-22s %6d entities %6d relationships", in.Name, in.Entities, in.Relationships)
	}
	fmt.Fprintf(&b, "\ncited relationships: %d of %d", r.Relationships-r.Uncited, r.Relationships)
	fmt.Fprintf(&b, "\ncurated vendor-to-government cases: %d, of which %d rest on two or more independent publishers\n",
		len(r.Cases), r.IndependentCases())
	fmt.Fprintf(&b, "named vendor-to-government supplies: %d claims, %d vendor-government pairs from %d vendors (and %d pairs resting on measurements alone)\n",
		r.Supply.Claims, r.Supply.Pairs, r.Supply.Vendors, r.Supply.MeasurementOnlyPairs)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the full report as Markdown, for docs/DATA.md.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# The data in survgraph\n\n")
	b.WriteString("Generated by `survgraph stats -markdown docs/DATA.md` from the seed and the datasets; do not edit by hand.\n\n")
	fmt.Fprintf(&b, "**%d entities and %d relationships**; %d of %d relationships carry at least one citation.\n\n",
		r.Entities, r.Relationships, r.Relationships-r.Uncited, r.Relationships)

	b.WriteString("## Inputs\n\n| input | entities | relationships |\n|---|---:|---:|\n")
	for _, in := range r.Inputs {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", in.Name, in.Entities, in.Relationships)
	}

	b.WriteString("\n## Entities per kind\n\n| kind | entities |\n|---|---:|\n")
	for _, k := range schema.Kinds {
		fmt.Fprintf(&b, "| %s | %d |\n", k.Kind, r.ByKind[k.Kind])
	}
	b.WriteString("\n## Relationships per type\n\n| type | relationships |\n|---|---:|\n")
	for _, t := range schema.RelTypes {
		fmt.Fprintf(&b, "| %s | %d |\n", t.Type, r.ByType[t.Type])
	}
	b.WriteString("\n## Claims per status\n\n| status | relationships | meaning |\n|---|---:|---|\n")
	for _, s := range schema.ClaimStatuses {
		fmt.Fprintf(&b, "| %s | %d | %s |\n", s, r.ByStatus[s], schema.StatusDocs[s])
	}
	b.WriteString("\n## Sources per claim\n\n| distinct sources cited | relationships |\n|---:|---:|\n")
	for _, n := range sortedKeys(r.SourcesPerClaim) {
		fmt.Fprintf(&b, "| %d | %d |\n", n, r.SourcesPerClaim[n])
	}
	b.WriteString("\n## Entities per country\n\n| country | entities |\n|---|---:|\n")
	type cc struct {
		code string
		n    int
	}
	var countries []cc
	for code, n := range r.ByCountry {
		countries = append(countries, cc{code, n})
	}
	sort.Slice(countries, func(i, j int) bool {
		if countries[i].n != countries[j].n {
			return countries[i].n > countries[j].n
		}
		return countries[i].code < countries[j].code
	})
	for _, c := range countries {
		name := "(none)"
		if c.code != "" {
			name, _ = schema.CountryName(c.code)
			name = fmt.Sprintf("%s (%s)", name, c.code)
		}
		fmt.Fprintf(&b, "| %s | %d |\n", name, c.n)
	}

	r.writeSupply(&b)
	b.WriteString("\n" + importRules)
	fmt.Fprintf(&b, "\n## Cases\n\nA case is a curated vendor-to-government supply: the SUPPLIED claims of the hand-curated seed from one company to one government or its bodies. %d cases; %d rest on sources from two or more independent publishers; the others are single-publisher leads that need a second source.\n\n",
		len(r.Cases), r.IndependentCases())
	b.WriteString("| vendor | government | claims | strongest status | sources | publishers |\n|---|---|---:|---|---:|---|\n")
	for _, c := range r.Cases {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %d | %s |\n", r.names[c.Vendor], r.names[c.Government], c.Claims, c.Strongest, c.Sources, strings.Join(c.Publishers, "; "))
	}

	b.WriteString("\n## Datasets: provenance and licences\n\n| dataset | publisher | published | licence | description |\n|---|---|---|---|---|\n")
	for _, d := range r.Datasets {
		p, _ := d.Props["publisher"].(string)
		l, _ := d.Props["licence"].(string)
		desc, _ := d.Props["description"].(string)
		date := ""
		if dt, ok := d.Props["publishedAt"].(schema.Date); ok {
			date = dt.String()
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", d.Name(), p, date, l, strings.ReplaceAll(desc, "\n", " "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedKeys(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
