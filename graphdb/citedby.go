package graphdb

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// CitedBy returns, for each source id, a page of the claims (relationships)
// that cite it with one of q's stances, in relationship id order, with their
// total, in one statement. Citations live on the claims as lists of source
// ids (see addCitations), which no index covers: each source reads every
// relationship once, which the graph's size allows; an index would need the
// citations as nodes of their own.
func (db *DB) CitedBy(ctx context.Context, ids []string, q schema.CitedByQuery) (map[string]schema.RelPage, error) {
	stances := make([]string, len(q.Stances))
	for i, s := range q.Stances {
		stances[i] = string(s)
	}
	params := map[string]any{"ids": ids, "stances": stances, "after": q.After, "limit": int64(q.First + 1)}
	const cites = `any(i IN range(0, size(coalesce(r.citeSources, [])) - 1)
      WHERE r.citeSources[i] = sid AND (size($stances) = 0 OR r.citeStances[i] IN $stances))`
	cypher := fmt.Sprintf(`UNWIND $ids AS sid
CALL (sid) {
  MATCH (:%[1]s)-[r]->(:%[1]s) WHERE %[2]s
  RETURN count(r) AS total
}
CALL (sid) {
  MATCH (a:%[1]s)-[r]->(b:%[1]s) WHERE r.id > $after AND %[2]s
  WITH r, a, b ORDER BY r.id LIMIT $limit
  RETURN collect([%[3]s, a.id, b.id]) AS items
}
RETURN sid, total, items`, schema.EntityLabel, cites, newFetchCypher(params, nil).relMap("r"))
	out, err := readStatement(ctx, db, cypher, params, func(ctx context.Context, res neo4j.ResultWithContext) (map[string]schema.RelPage, error) {
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		pages := make(map[string]schema.RelPage, len(recs))
		var d decoder
		for _, rec := range recs {
			sid := get[string](&d, rec.Values[0], "a source id")
			total := get[int64](&d, rec.Values[1], "a count")
			page := schema.RelPage{Total: int(total), HasPrevious: q.After != ""}
			for _, it := range get[[]any](&d, rec.Values[2], "the claims citing a source") {
				page.Items = append(page.Items, relFromTriple(&d, it))
			}
			if len(page.Items) > q.First {
				page.Items, page.HasNext = page.Items[:q.First], true
			}
			pages[sid] = page
		}
		return pages, d.err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the claims that cite %v: %w", ids, err)
	}
	return out, nil
}
