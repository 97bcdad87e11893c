package graphdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// NamedSupplyCypher selects the named vendor-to-government claims as
// docs/DATA.md counts them (schema.SupplyRow): SUPPLIED from a named Company
// to a named Government or Agency, and DEPLOYED by a named Government or
// Agency of a Product a named Company makes, each agency rolled up to its
// government through PART_OF. docs/DATA.md prints it as it stands here.
const NamedSupplyCypher = `CALL () {
  MATCH (v:Company)-[r:SUPPLIED]->(c)
  WHERE (c:Government OR c:Agency) AND v.placeholder IS NULL AND c.placeholder IS NULL
  RETURN v.id AS vendor, c, r
  UNION ALL
  MATCH (c)-[r:DEPLOYED]->(:Product)<-[:MAKES]-(v:Company)
  WHERE (c:Government OR c:Agency) AND v.placeholder IS NULL AND c.placeholder IS NULL
  RETURN v.id AS vendor, c, r
}
OPTIONAL MATCH (c)-[:PART_OF]->(g:Government)
RETURN vendor, coalesce(g.id, c.id) AS government, r.id AS claim, r.basis AS basis, r.status AS status`

// NamedSupply reads the rows of NamedSupplyCypher.
func (db *DB) NamedSupply(ctx context.Context) ([]schema.SupplyRow, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]schema.SupplyRow, error) {
		res, err := tx.Run(ctx, NamedSupplyCypher, nil)
		if err != nil {
			return nil, err
		}
		var rows []schema.SupplyRow
		var d decoder
		for res.Next(ctx) {
			v := res.Record().Values
			str := func(i int) string { return get[string](&d, v[i], "a supply row's column") }
			rows = append(rows, schema.SupplyRow{Vendor: str(0), Government: str(1), Claim: str(2),
				Basis: schema.Basis(str(3)), Status: schema.ClaimStatus(str(4))})
		}
		return rows, errors.Join(res.Err(), d.err)
	})
	if err != nil {
		return nil, fmt.Errorf("counting named supplies: %w", err)
	}
	return out, nil
}
