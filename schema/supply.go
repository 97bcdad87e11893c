package schema

import "sort"

// SupplyRow is one named vendor-to-government claim as docs/DATA.md counts
// them: a SUPPLIED claim from a named Company to a named Government or
// Agency, or a DEPLOYED claim by a named Government or Agency of a Product
// that a named Company makes (one row per maker), with the agency rolled up
// to its government through PART_OF (one row per government).
type SupplyRow struct {
	Vendor, Government, Claim string
	Basis                     Basis
	Status                    ClaimStatus
}

// SupplyCount sums SupplyRows. A pair whose every claim rests on a
// MEASUREMENT is counted apart: a scan shows use, not a sale.
type SupplyCount struct {
	Claims               int // distinct claims
	Pairs                int // distinct vendor-government pairs, measurement-only ones excepted
	MeasurementOnlyPairs int
	Vendors              int // distinct vendors of the Pairs
	ClaimsByBasis        map[Basis]int
	ClaimsByStatus       map[ClaimStatus]int
	// PairsByBasis and PairsByStatus class each pair by its most
	// documentary basis and its strongest status.
	PairsByBasis  map[Basis]int
	PairsByStatus map[ClaimStatus]int
}

// CountSupplies sums rows.
func CountSupplies(rows []SupplyRow) SupplyCount {
	c := SupplyCount{ClaimsByBasis: map[Basis]int{}, ClaimsByStatus: map[ClaimStatus]int{},
		PairsByBasis: map[Basis]int{}, PairsByStatus: map[ClaimStatus]int{}}
	type pair struct{ vendor, government string }
	type best struct {
		basis           Basis
		status          ClaimStatus
		measurementOnly bool
	}
	claims := map[string]bool{}
	pairs := map[pair]*best{}
	for _, r := range rows {
		if !claims[r.Claim] {
			claims[r.Claim] = true
			c.ClaimsByBasis[r.Basis]++
			c.ClaimsByStatus[r.Status]++
		}
		p := pair{r.Vendor, r.Government}
		b := pairs[p]
		if b == nil {
			b = &best{basis: r.Basis, status: r.Status, measurementOnly: true}
			pairs[p] = b
		}
		if basisRank(r.Basis) < basisRank(b.basis) {
			b.basis = r.Basis
		}
		if r.Status.Rank() > b.status.Rank() {
			b.status = r.Status
		}
		b.measurementOnly = b.measurementOnly && r.Basis == BasisMeasurement
	}
	c.Claims = len(claims)
	vendors := map[string]bool{}
	keys := make([]pair, 0, len(pairs))
	for p := range pairs {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].vendor+"\x00"+keys[i].government < keys[j].vendor+"\x00"+keys[j].government
	})
	for _, p := range keys {
		b := pairs[p]
		if b.measurementOnly {
			c.MeasurementOnlyPairs++
			continue
		}
		c.Pairs++
		vendors[p.vendor] = true
		c.PairsByBasis[b.basis]++
		c.PairsByStatus[b.status]++
	}
	c.Vendors = len(vendors)
	return c
}

func basisRank(b Basis) int {
	for i, x := range Bases {
		if x == b {
			return i
		}
	}
	return len(Bases)
}
