package graphdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/survgraph/survgraph/schema"
)

// entityKeys are the sort keys entities may be ordered by, as Cypher on n.
// Keys are strings, never null, so that cursors compare totally.
var entityKeys = map[string]string{
	"ID":      "n.id",
	"NAME":    "toLower(n.name)",
	"COUNTRY": "coalesce(n.country, '')",
}

// relationshipKeys are the sort keys of relationships, as Cypher on r.
var relationshipKeys = map[string]string{
	"ID":     "r.id",
	"START":  "coalesce(toString(r.startFrom), '')",
	"STATUS": "toString(r.statusRank)",
}

// pageWhere is the condition that keeps items after the cursor, in the
// order's direction; ties on the key are broken by id.
func pageWhere(key, id string, desc bool) string {
	op := ">"
	if desc {
		op = "<"
	}
	return fmt.Sprintf("($afterKey IS NULL OR %[1]s %[3]s $afterKey OR (%[1]s = $afterKey AND %[2]s %[3]s $afterID))", key, id, op)
}

func cursorParams(c *schema.Cursor, p map[string]any) map[string]any {
	p["afterKey"], p["afterID"] = nil, nil
	if c != nil {
		p["afterKey"], p["afterID"] = c.Key, c.ID
	}
	return p
}

// EntityPage returns one page of entities and the total, in one transaction
// of two statements.
func (db *DB) EntityPage(ctx context.Context, q schema.EntityQuery) (schema.Page[schema.Entity], error) {
	key, ok := entityKeys[q.OrderBy]
	if !ok {
		key = entityKeys["ID"]
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	// Only the filters that are set go into the statement, and kinds become
	// labels, so that counts come from Neo4j's count store and lookups use
	// its indexes instead of scanning every entity.
	label := schema.EntityLabel
	if len(q.Kinds) > 0 {
		names := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			names[i] = string(k.Spec().Kind) // from the schema's enum, never user text
		}
		label = strings.Join(names, "|")
	}
	match := fmt.Sprintf("MATCH (n:%s)", label)
	params := map[string]any{"first": int64(q.First + 1)}
	if q.Text != "" {
		match = "CALL db.index.fulltext.queryNodes($index, $q) YIELD node AS n"
		params["index"], params["q"] = FullTextIndex, FullTextQuery(q.Text)
		if params["q"] == "" {
			return schema.Page[schema.Entity]{}, nil
		}
		if len(q.Kinds) > 0 {
			match += fmt.Sprintf(" WITH n WHERE n:%s", label)
		}
	}
	where := "true"
	if len(q.Countries) > 0 {
		where, params["countries"] = "n.country IN $countries", q.Countries
	}
	cursorParams(q.After, params)
	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var page schema.Page[schema.Entity]
		res, err := tx.Run(ctx, fmt.Sprintf("%s WHERE %s RETURN count(n) AS total", match, where), params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		page.Total = int(rec.Values[0].(int64))
		res, err = tx.Run(ctx, fmt.Sprintf(`%s WHERE %s
WITH n, %s AS k WHERE %s
RETURN n, k ORDER BY k %s, n.id %s LIMIT $first`, match, where, key, pageWhere("k", "n.id", q.Desc), dir, dir), params)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			n, _ := r.Values[0].(dbtype.Node)
			e := entityFromNode(n)
			k, _ := r.Values[1].(string)
			page.Items = append(page.Items, e)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: e.ID})
		}
		return trim(page, q.First), res.Err()
	})
	if err != nil {
		return schema.Page[schema.Entity]{}, fmt.Errorf("listing entities: %w", err)
	}
	return out.(schema.Page[schema.Entity]), nil
}

func trim[T any](p schema.Page[T], first int) schema.Page[T] {
	if len(p.Items) > first {
		p.Items, p.Keys, p.HasNext = p.Items[:first], p.Keys[:first], true
	}
	return p
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// relationshipWhere is the Cypher condition of a relationship query on r,
// its endpoints a and b.
func relationshipWhere(q schema.RelationshipQuery, params map[string]any) string {
	statuses := make([]string, len(q.Statuses))
	for i, s := range q.Statuses {
		statuses[i] = string(s)
	}
	filterParams(q.RelFilter, params)
	params["statuses"], params["minRank"] = statuses, int64(max(q.MinStatus.Rank(), 0))
	params["fromID"], params["toID"] = q.From, q.To
	params["toCountries"], params["text"] = orEmpty(q.ToCountries), strings.ToLower(q.Text)
	return asOf("r") + ` AND (size($statuses) = 0 OR r.status IN $statuses) AND r.statusRank >= $minRank
  AND ($fromID = '' OR a.id = $fromID) AND ($toID = '' OR b.id = $toID)
  AND (size($toCountries) = 0 OR b.country IN $toCountries)
  AND ($text = '' OR toLower(coalesce(r.summary, '')) CONTAINS $text)`
}

// RelationshipPage returns one page of relationships and the total, in one
// transaction of two statements. Types come from the schema's enum.
func (db *DB) RelationshipPage(ctx context.Context, q schema.RelationshipQuery) (schema.Page[schema.Relationship], error) {
	key, ok := relationshipKeys[q.OrderBy]
	if !ok {
		key = relationshipKeys["ID"]
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	params := map[string]any{"first": int64(q.First + 1)}
	// Endpoints given by id anchor the pattern, so Neo4j starts from them
	// through the id constraint's index instead of expanding everything.
	a, b := "(a:"+schema.EntityLabel+")", "(b:"+schema.EntityLabel+")"
	if q.From != "" {
		a = "(a:" + schema.EntityLabel + " {id: $fromID})"
	}
	if q.To != "" {
		b = "(b:" + schema.EntityLabel + " {id: $toID})"
	}
	match := fmt.Sprintf("MATCH %s-[r%s]->%s", a, relTypes(q.Types), b)
	where := relationshipWhere(q, params)
	cursorParams(q.After, params)
	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var page schema.Page[schema.Relationship]
		res, err := tx.Run(ctx, fmt.Sprintf("%s WHERE %s RETURN count(r) AS total", match, where), params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		page.Total = int(rec.Values[0].(int64))
		res, err = tx.Run(ctx, fmt.Sprintf(`%s WHERE %s
WITH r, a, b, %s AS k WHERE %s
RETURN [r, a.id, b.id], k ORDER BY k %s, r.id %s LIMIT $first`, match, where, key, pageWhere("k", "r.id", q.Desc), dir, dir), params)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			rel := relFromTriple(r.Values[0])
			k, _ := r.Values[1].(string)
			page.Items = append(page.Items, rel)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: rel.ID})
		}
		return trim(page, q.First), res.Err()
	})
	if err != nil {
		return schema.Page[schema.Relationship]{}, fmt.Errorf("listing relationships: %w", err)
	}
	return out.(schema.Page[schema.Relationship]), nil
}

// Stats counts entities by kind and country, and the relationships q keeps
// by type, status, starting year and product category, and the vendors
// behind the SUPPLIED ones by headquarters country: one statement.
func (db *DB) Stats(ctx context.Context, q schema.RelationshipQuery) (schema.Stats, error) {
	params := map[string]any{}
	where := relationshipWhere(q, params)
	cypher := fmt.Sprintf(`
CALL () { MATCH (n:%[1]s) RETURN count(n) AS entities }
CALL () { MATCH (n:%[1]s) WITH n.kind AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS byKind }
CALL () { MATCH (n:%[1]s) WITH coalesce(n.country, '') AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS byCountry }
CALL () {
  MATCH (a:%[1]s)-[r%[2]s]->(b:%[1]s) WHERE %[3]s
  RETURN count(r) AS rels, collect(r) AS rs, collect(CASE WHEN type(r) = 'SUPPLIED' AND a:Company THEN a END) AS vendors
}
CALL (rs) { UNWIND rs AS r WITH type(r) AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS byType }
CALL (rs) { UNWIND rs AS r WITH r.status AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS byStatus }
CALL (rs) { UNWIND rs AS r WITH r WHERE r.startFrom IS NOT NULL WITH toString(r.startFrom.year) AS v, count(*) AS c ORDER BY v RETURN collect([v, c]) AS byYear }
CALL (rs) {
  UNWIND rs AS r WITH r WHERE type(r) = 'SUPPLIED' AND r.product IS NOT NULL
  MATCH (p:%[1]s {id: r.product})
  WITH p.category AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS byCategory
}
CALL (vendors) { UNWIND vendors AS a WITH DISTINCT a WITH coalesce(a.country, '') AS v, count(*) AS c ORDER BY c DESC, v RETURN collect([v, c]) AS vendorsByCountry }
RETURN entities, rels, byKind, byCountry, byType, byStatus, byYear, byCategory, vendorsByCountry`,
		schema.EntityLabel, relTypes(q.Types), where)
	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		v := rec.Values
		return schema.Stats{
			Entities: int(v[0].(int64)), Relationships: int(v[1].(int64)),
			ByKind: facets(v[2]), ByCountry: facets(v[3]), ByType: facets(v[4]), ByStatus: facets(v[5]),
			ByYear: facets(v[6]), ByProductCategory: facets(v[7]), VendorsByCountry: facets(v[8]),
		}, nil
	})
	if err != nil {
		return schema.Stats{}, fmt.Errorf("counting: %w", err)
	}
	return out.(schema.Stats), nil
}

func facets(v any) []schema.Facet {
	list, _ := v.([]any)
	out := make([]schema.Facet, 0, len(list))
	for _, x := range list {
		pair, _ := x.([]any)
		if len(pair) != 2 {
			continue
		}
		value, _ := pair[0].(string)
		count, _ := pair[1].(int64)
		out = append(out, schema.Facet{Value: value, Count: int(count)})
	}
	return out
}
