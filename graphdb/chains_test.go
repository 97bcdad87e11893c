package graphdb_test

import (
	"context"
	"testing"

	"github.com/survgraph/survgraph/internal/neo4jtest"
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
		chains, err := db.SupplyChains(ctx, "syria-government", true, hops, schema.ChainFilter{}, 100, nil, nil)
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
			checkChainRunsToTheClient(t, c)
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

// checkChainRunsToTheClient fails a chain that takes a supply backwards: a
// SUPPLIED hop must run from the vendor's side to the client's, and a
// DEPLOYED or COMMISSIONED hop from the product or project to the client
// that uses it. A vendor's other customer is not its supplier.
func checkChainRunsToTheClient(t *testing.T, c schema.Path) {
	t.Helper()
	for i, r := range c.Relationships {
		before := c.Nodes[i].ID
		switch r.Type {
		case schema.Supplied:
			if r.From != before {
				t.Errorf("chain from %s: hop %d takes %s backwards (%s to %s)", c.Nodes[0].ID, i, r.ID, r.From, r.To)
			}
		case schema.Deployed, schema.Commissioned:
			if r.To != before {
				t.Errorf("chain from %s: hop %d takes %s the wrong way (%s to %s)", c.Nodes[0].ID, i, r.ID, r.From, r.To)
			}
		}
	}
}

// TestSupplyChainsFollowTheSupplies builds a vendor that supplied a
// government and a network operator, and a second vendor that supplied the
// same operator: the second is no supplier of the government, and the
// operator none either, though both are joined to it by supplies.
func TestSupplyChainsFollowTheSupplies(t *testing.T) {
	db := neo4jtest.Open(t)
	ctx := context.Background()
	company := func(id string) schema.Entity {
		return schema.Entity{ID: id, Kind: schema.Company, Props: map[string]any{"name": id}}
	}
	gov := schema.Entity{ID: "gov", Kind: schema.Government, Props: map[string]any{"name": "gov", "country": "SY"}}
	supplied := func(from, to, role string) schema.Relationship {
		return schema.Relationship{ID: from + ".supplied." + to, Type: schema.Supplied, From: from, To: to, Status: schema.Reported, Role: role}
	}
	if _, err := db.UpsertEntities(ctx, "t", schema.Company, []schema.Entity{company("vendor"), company("operator"), company("other-vendor")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertEntities(ctx, "t", schema.Government, []schema.Entity{gov}); err != nil {
		t.Fatal(err)
	}
	rels := []schema.Relationship{supplied("vendor", "gov", ""), supplied("vendor", "operator", "mobile operator"), supplied("other-vendor", "operator", "mobile operator")}
	if _, err := db.UpsertRelationships(ctx, "t", schema.Supplied, rels, nil); err != nil {
		t.Fatal(err)
	}
	chains, err := db.SupplyChains(ctx, "gov", true, 3, schema.ChainFilter{}, 100, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var vendors []string
	for _, c := range chains {
		vendors = append(vendors, c.Nodes[0].ID)
		checkChainRunsToTheClient(t, c)
	}
	if len(vendors) != 1 || vendors[0] != "vendor" {
		t.Errorf("suppliers of gov: %v, want [vendor]", vendors)
	}
}
