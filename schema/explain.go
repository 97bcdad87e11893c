package schema

// Explanation says how a chain of claims is known, as a whole: no better than
// its weakest hop, holding only while every hop holds, and resting on the
// distinct sources cited along it.
type Explanation struct {
	Status ClaimStatus
	// Period is the intersection of the hops' periods; Empty reports that
	// the hops never held at the same time (so the chain as a whole did not).
	Period Period
	Empty  bool
	// Sources are the distinct sources cited by the hops, in first-cited order.
	Sources []string
}

// Explain computes the explanation of a chain of relationships.
func Explain(hops []Relationship) Explanation {
	var ex Explanation
	seen := map[string]bool{}
	for i, r := range hops {
		if i == 0 || r.Status.Rank() < ex.Status.Rank() {
			ex.Status = r.Status
		}
		if s := r.Period.Start; !s.IsZero() && (ex.Period.Start.IsZero() || s.Earliest().After(ex.Period.Start.Earliest())) {
			ex.Period.Start = s
		}
		if e := r.Period.End; !e.IsZero() && (ex.Period.End.IsZero() || e.Latest().Before(ex.Period.End.Latest())) {
			ex.Period.End = e
		}
		for _, c := range r.Citations {
			if !seen[c.Source] {
				seen[c.Source] = true
				ex.Sources = append(ex.Sources, c.Source)
			}
		}
	}
	ex.Empty = !ex.Period.Valid()
	return ex
}
