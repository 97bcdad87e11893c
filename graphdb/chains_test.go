package graphdb_test

import (
	"context"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// TestSupplyChainsAtEveryMaxHops asks the Government of Syria's suppliers
// at each maxHops the API allows: every chain keeps within it, longer limits
// find at least what shorter ones did, and a limit of one hop finds exactly
// the companies that supplied it or deployed for it directly.
func TestSupplyChainsAtEveryMaxHops(t *testing.T) {
	db, g := seededGraph(t)
	ctx := context.Background()
	company := map[string]bool{}
	for _, e := range g.Entities {
		company[e.ID] = e.Kind == schema.Company
	}
	direct := map[string]bool{} // vendors are companies; a government that supplied another is none
	for _, r := range g.Relationships {
		if r.To == "syria-government" && company[r.From] && (r.Type == "SUPPLIED" || r.Type == "COMMISSIONED" || r.Type == "DEPLOYED") {
			direct[r.From] = true
		}
	}
	prev := 0
	for hops := 1; hops <= 4; hops++ {
		chains, err := db.SupplyChains(ctx, "syria-government", true, hops, schema.ChainFilter{}, 100, nil)
		if err != nil {
			t.Fatalf("maxHops %d: %v", hops, err)
		}
		if len(chains) < prev {
			t.Errorf("maxHops %d found %d chains, fewer than the %d of maxHops %d", hops, len(chains), prev, hops-1)
		}
		prev = len(chains)
		for _, c := range chains {
			if len(c.Relationships) > hops {
				t.Errorf("maxHops %d: a chain of %d hops from %s", hops, len(c.Relationships), c.Nodes[0].ID)
			}
		}
		if hops == 1 {
			got := map[string]bool{}
			for _, c := range chains {
				got[c.Nodes[0].ID] = true
			}
			for v := range direct {
				if !got[v] {
					t.Errorf("maxHops 1 misses %s, which supplied the government directly", v)
				}
			}
			if len(got) != len(chains) || len(direct) == 0 {
				t.Errorf("maxHops 1: %d chains from %d vendors; %d direct suppliers in the seed", len(chains), len(got), len(direct))
			}
		}
	}
}
