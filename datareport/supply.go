package datareport

import (
	"fmt"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// SupplyRows selects, from a whole graph in memory, the claims that
// docs/DATA.md counts as named vendor-to-government supplies
// (schema.SupplyRow); graphdb.NamedSupplyCypher selects the same in Neo4j,
// and a test holds the two to each other.
func SupplyRows(g schema.Graph) []schema.SupplyRow {
	byID := make(map[string]schema.Entity, len(g.Entities))
	for _, e := range g.Entities {
		byID[e.ID] = e
	}
	named := func(id string, kinds ...schema.Kind) bool {
		e, ok := byID[id]
		if !ok || e.Placeholder {
			return false
		}
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
		return false
	}
	governments := map[string][]string{} // agency -> the governments it is part of
	makers := map[string][]string{}      // product -> its makers
	for _, r := range g.Relationships {
		switch {
		case r.Type == schema.PartOf && named(r.To, schema.Government):
			governments[r.From] = append(governments[r.From], r.To)
		case r.Type == schema.Makes && named(r.From, schema.Company):
			makers[r.To] = append(makers[r.To], r.From)
		}
	}
	var rows []schema.SupplyRow
	add := func(vendor, client string, r schema.Relationship) {
		govs := governments[client]
		if len(govs) == 0 {
			govs = []string{client}
		}
		for _, gov := range govs {
			rows = append(rows, schema.SupplyRow{Vendor: vendor, Government: gov, Claim: r.ID, Basis: r.Basis, Status: r.Status})
		}
	}
	for _, r := range g.Relationships {
		switch r.Type {
		case schema.Supplied:
			if named(r.From, schema.Company) && named(r.To, schema.Government, schema.Agency) {
				add(r.From, r.To, r)
			}
		case schema.Deployed:
			if named(r.From, schema.Government, schema.Agency) && byID[r.To].Kind == schema.Product {
				for _, m := range makers[r.To] {
					add(m, r.From, r)
				}
			}
		}
	}
	return rows
}

// SupplyBefore is the count on the graph before the trustworthy-imports
// work (commit 76a831e, `make run`'s graph then), by the same rules, for
// docs/DATA.md's before-and-after table.
var SupplyBefore = schema.SupplyCount{Claims: 658, Pairs: 311, Vendors: 54}

func (r *Report) writeSupply(b *strings.Builder) {
	s := r.Supply
	b.WriteString("\n## Named vendor-to-government supplies\n\n")
	b.WriteString("Counted over the whole graph: a SUPPLIED claim from a named Company to a named Government or Agency, " +
		"or a DEPLOYED claim by a named Government or Agency of a Product that a named Company makes; an agency counts " +
		"as the government it is PART_OF. Placeholders (unknown parties) are not named. A pair whose every claim rests " +
		"on a MEASUREMENT (a scan, a server's location) is counted apart: it shows use, not a sale.\n\n")
	b.WriteString("| figure | before | now |\n|---|---:|---:|\n")
	fmt.Fprintf(b, "| named vendor → government claims | %d | %d |\n", SupplyBefore.Claims, s.Claims)
	fmt.Fprintf(b, "| distinct vendor → government pairs, both named (agencies rolled up) | %d | %d |\n", SupplyBefore.Pairs, s.Pairs)
	fmt.Fprintf(b, "| named vendors with at least one such pair | %d | %d |\n", SupplyBefore.Vendors, s.Vendors)
	fmt.Fprintf(b, "| pairs resting on measurements alone (not counted above) | n/a | %d |\n", s.MeasurementOnlyPairs)
	b.WriteString("\n\"Before\" is the graph of commit 76a831e, before imported claims were held to their sources (scans then counted as supplies).\n")
	b.WriteString("\n| basis | claims | pairs (by their most documentary claim) |\n|---|---:|---:|\n")
	for _, x := range schema.Bases {
		fmt.Fprintf(b, "| %s | %d | %d |\n", x, s.ClaimsByBasis[x], s.PairsByBasis[x])
	}
	b.WriteString("\n| status | claims | pairs (by their strongest claim) |\n|---|---:|---:|\n")
	for _, x := range schema.ClaimStatuses {
		fmt.Fprintf(b, "| %s | %d | %d |\n", x, s.ClaimsByStatus[x], s.PairsByStatus[x])
	}
	if r.SupplyCypher != "" {
		b.WriteString("\nThe Cypher that selects these claims in Neo4j (one row per claim, vendor and government); `survgraph stats -graph` runs it:\n\n```cypher\n")
		b.WriteString(r.SupplyCypher)
		b.WriteString("\n```\n")
	}
}
