package graphdb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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

// window returns the conditions that keep the items strictly between w's
// cursors, and the ORDER BY and LIMIT that read the page from the end of
// the window it is taken from: forwards in the list's order for first,
// backwards for last, fetching one item more to tell whether more lie
// beyond. Ties on the key are broken by id, so every position is unique.
// Only the cursors given become conditions, so that the planner sees plain
// statements.
func window(key, id string, desc bool, w schema.Window, params map[string]any) (conds []string, sort string) {
	after, before := ">", "<"
	if desc {
		after, before = before, after
	}
	cond := func(name string, c *schema.Cursor, op string) {
		if c == nil {
			return
		}
		params[name+"Key"], params[name+"ID"] = c.Key, c.ID
		conds = append(conds, fmt.Sprintf("(%[1]s %[3]s $%[4]sKey OR (%[1]s = $%[4]sKey AND %[2]s %[3]s $%[4]sID))", key, id, op, name))
	}
	cond("after", w.After, after)
	cond("before", w.Before, before)
	n := w.First
	if w.Backward() {
		desc, n = !desc, w.Last
	}
	params["limit"] = int64(n + 1)
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	return conds, fmt.Sprintf("ORDER BY %[1]s %[3]s, %[2]s %[3]s", key, id, dir)
}

// finish cuts the extra item that window's LIMIT fetched and, for a page
// read backwards, restores the list's order.
func finish[T any](p schema.Page[T], w schema.Window) schema.Page[T] {
	n := w.First
	if w.Backward() {
		n = w.Last
	}
	more := len(p.Items) > n
	if more {
		p.Items, p.Keys = p.Items[:n], p.Keys[:n]
	}
	if w.Backward() {
		slices.Reverse(p.Items)
		slices.Reverse(p.Keys)
		// Before is the cursor of an item after this page, which is what
		// Relay allows hasNextPage to report when paging backwards.
		p.HasPrevious, p.HasNext = more, w.Before != nil
	} else {
		p.HasNext, p.HasPrevious = more, w.After != nil
	}
	return p
}

func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(conds, " AND ")
}

// EntityPage returns one page of entities and the total, in one transaction
// of two statements.
func (db *DB) EntityPage(ctx context.Context, q schema.EntityQuery, fetch *schema.Fetch) (schema.Page[schema.Entity], error) {
	key, ok := entityKeys[q.OrderBy]
	if !ok {
		key = entityKeys["ID"]
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
	params := map[string]any{}
	var conds []string
	if q.Text != "" {
		match = "CALL db.index.fulltext.queryNodes($index, $q) YIELD node AS n"
		params["index"], params["q"] = FullTextIndex, FullTextQuery(q.Text)
		if params["q"] == "" {
			return schema.Page[schema.Entity]{}, nil
		}
		if len(q.Kinds) > 0 {
			conds = append(conds, "n:"+label)
		}
	}
	if len(q.Countries) > 0 {
		conds, params["countries"] = append(conds, "n.country IN $countries"), q.Countries
	}
	filter := where(conds)
	totalCypher := fmt.Sprintf("%s %s RETURN count(n) AS total", match, filter)
	cursor, sort := window("k", "n.id", q.Desc, q.Window, params)
	// What the selection reads below each entity is computed after the
	// LIMIT, for the page only, and the order is set again where it must
	// hold: in the RETURN.
	c := newFetchCypher(params)
	pageCypher := fmt.Sprintf("%s %s\nWITH n, %s AS k %s\nWITH n, k %s LIMIT $limit\nRETURN n, k, %s %s",
		match, filter, key, where(cursor), sort, c.entity("n", fetch.EntityPlan()), sort)
	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var page schema.Page[schema.Entity]
		res, err := tx.Run(ctx, totalCypher, params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		page.Total = int(rec.Values[0].(int64))
		res, err = tx.Run(ctx, pageCypher, params)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			n, _ := r.Values[0].(dbtype.Node)
			e := entityFromNode(n)
			k, _ := r.Values[1].(string)
			c.decodeEntityExtras(e.ID, r.Values[2], fetch.Sink())
			page.Items = append(page.Items, e)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: e.ID})
		}
		return finish(page, q.Window), res.Err()
	})
	if err != nil {
		return schema.Page[schema.Entity]{}, fmt.Errorf("listing entities: %w", err)
	}
	return out.(schema.Page[schema.Entity]), nil
}

// relationshipMatch is the MATCH and WHERE of a relationship query, on r
// from a to b, with only the conditions that are set, so that the planner
// sees what each statement really asks. Endpoints given by id anchor the
// pattern; without them the countries at the to end do, so that Neo4j
// starts from those entities instead of expanding every relationship.
//
// The relationship types are always named (all of the schema's when q names
// none), and free ends carry no label: every relationship of a schema type
// joins two entities, so a label would only cost a check per row, and it
// steers the planner to expand every entity's relationships, of all types,
// instead of scanning the relationships of the types asked for.
func relationshipMatch(q schema.RelationshipQuery, params map[string]any) (match string, conds []string) {
	types := q.Types
	if len(types) == 0 {
		for _, spec := range schema.RelTypes {
			types = append(types, spec.Type)
		}
	}
	a, b := "(a)", "(b)"
	if q.From != "" {
		a, params["fromID"] = "(a:"+schema.EntityLabel+" {id: $fromID})", q.From
	}
	if q.To != "" {
		b, params["toID"] = "(b:"+schema.EntityLabel+" {id: $toID})", q.To
	}
	match = fmt.Sprintf("MATCH %s-[r%s]->%s", a, relTypes(types), b)
	if len(q.ToCountries) > 0 {
		params["toCountries"] = q.ToCountries
		if q.From == "" && q.To == "" {
			match = fmt.Sprintf("MATCH (b:%s) WHERE b.country IN $toCountries\nMATCH (a)-[r%s]->(b)", schema.EntityLabel, relTypes(types))
		} else {
			conds = append(conds, "b.country IN $toCountries")
		}
	}
	if f := q.RelFilter; f.AsOf != nil || f.KnownAt != nil || f.From != nil || f.Until != nil {
		filterParams(f, params)
		conds = append(conds, asOf("r"))
	}
	if len(q.Statuses) > 0 {
		statuses := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			statuses[i] = string(s)
		}
		conds, params["statuses"] = append(conds, "r.status IN $statuses"), statuses
	}
	if rank := q.MinStatus.Rank(); rank > 0 {
		conds, params["minRank"] = append(conds, "r.statusRank >= $minRank"), int64(rank)
	}
	if q.Text != "" {
		conds, params["text"] = append(conds, "toLower(coalesce(r.summary, '')) CONTAINS $text"), strings.ToLower(q.Text)
	}
	return match, conds
}

// RelationshipPage returns one page of relationships and the total, in one
// transaction of two statements. Types come from the schema's enum.
func (db *DB) RelationshipPage(ctx context.Context, q schema.RelationshipQuery, fetch *schema.Fetch) (schema.Page[schema.Relationship], error) {
	key, ok := relationshipKeys[q.OrderBy]
	if !ok {
		key = relationshipKeys["ID"]
	}
	params := map[string]any{}
	match, conds := relationshipMatch(q, params)
	filter := where(conds)
	totalCypher := fmt.Sprintf("%s %s RETURN count(r) AS total", match, filter)
	cursor, sort := window("k", "r.id", q.Desc, q.Window, params)
	c := newFetchCypher(params)
	pageCypher := fmt.Sprintf("%s %s\nWITH r, %s AS k %s\nWITH r, k %s LIMIT $limit\nRETURN %s, k %s",
		match, filter, key, where(cursor), sort, c.rel("r", fetch.RelPlan()), sort)
	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var page schema.Page[schema.Relationship]
		res, err := tx.Run(ctx, totalCypher, params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		page.Total = int(rec.Values[0].(int64))
		res, err = tx.Run(ctx, pageCypher, params)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			rel := c.decodeRel(r.Values[0], fetch.Sink())
			k, _ := r.Values[1].(string)
			page.Items = append(page.Items, rel)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: rel.ID})
		}
		return finish(page, q.Window), res.Err()
	})
	if err != nil {
		return schema.Page[schema.Relationship]{}, fmt.Errorf("listing relationships: %w", err)
	}
	return out.(schema.Page[schema.Relationship]), nil
}

// Stats counts entities by kind and country, and the relationships q keeps
// by type, status, starting year and product category, and the vendors
// behind the SUPPLIED ones by headquarters country.
//
// Nothing is collected into lists: every facet is a grouping count, so
// memory stays flat however many relationships match. Entity totals and
// kinds, and without a relationship filter the totals per type, come from
// Neo4j's count store instead of a scan. The relationship facets share one
// pass that groups by (type, status, year); the few rows it returns are
// summed here. Only the parts q.Parts asks for are computed.
func (db *DB) Stats(ctx context.Context, q schema.RelationshipQuery) (schema.Stats, error) {
	params := map[string]any{}
	match, conds := relationshipMatch(q, params)
	unfiltered := len(conds) == 0 && q.From == "" && q.To == "" && len(q.ToCountries) == 0
	want := q.Parts
	types := q.Types
	if len(types) == 0 {
		for _, spec := range schema.RelTypes {
			types = append(types, spec.Type)
		}
	}

	// Counts from the count store, one UNION branch each: the entities, each
	// kind's label and, without a filter, each relationship type.
	// The count is taken before the literals are added: returned beside
	// count, they would be grouping keys, and the planner would scan.
	branches := []string{fmt.Sprintf("MATCH (n:%s) WITH count(n) AS c RETURN 'entities' AS facet, '' AS v, c", schema.EntityLabel)}
	for _, k := range schema.Kinds {
		branches = append(branches, fmt.Sprintf("MATCH (n:%[1]s) WITH count(n) AS c RETURN 'kind' AS facet, '%[1]s' AS v, c", k.Kind))
	}
	if unfiltered {
		for _, t := range types {
			branches = append(branches, fmt.Sprintf("MATCH ()-[r%s]->() WITH count(r) AS c RETURN 'type' AS facet, '%s' AS v, c", relTypes([]schema.RelType{t}), t))
		}
	}
	counts := strings.Join(branches, "\nUNION ALL\n")
	var byCountry string
	if want.Has(schema.StatsByCountry) {
		byCountry = fmt.Sprintf("MATCH (n:%s) RETURN coalesce(n.country, '') AS v, count(*) AS c", schema.EntityLabel)
	}
	// One pass over the kept relationships, grouped by what the facets
	// asked for need; a property nobody asked for is not read.
	status, year := "''", "null"
	if want.Has(schema.StatsByStatus) {
		status = "coalesce(r.status, '')"
	}
	if want.Has(schema.StatsByYear) {
		year = "r.startFrom.year"
	}
	var groups string
	switch {
	case unfiltered && (want.Has(schema.StatsByStatus) || want.Has(schema.StatsByYear)):
		// The totals per type are known; only status and year need the
		// pass, and no endpoint need be read.
		groups = fmt.Sprintf("MATCH ()-[r%s]->()\nRETURN '' AS t, %s AS s, %s AS y, count(*) AS c", relTypes(types), status, year)
	case !unfiltered && (want.Has(schema.StatsRelationships) || want.Has(schema.StatsByStatus) || want.Has(schema.StatsByYear)):
		groups = fmt.Sprintf("%s %s\nRETURN type(r) AS t, %s AS s, %s AS y, count(*) AS c", match, where(conds), status, year)
	}
	var byCategory, vendors string
	if slices.Contains(types, schema.Supplied) {
		sq := q
		sq.Types = []schema.RelType{schema.Supplied}
		supplied, sconds := relationshipMatch(sq, params)
		if want.Has(schema.StatsByProductCategory) {
			byCategory = fmt.Sprintf(`%s %s
WITH r.product AS product, count(*) AS c WHERE product IS NOT NULL
MATCH (p:%s {id: product})
RETURN coalesce(p.category, '') AS v, sum(c) AS c`, supplied, where(sconds), schema.EntityLabel)
		}
		if want.Has(schema.StatsVendorsByCountry) {
			vendors = fmt.Sprintf(`%s %s
WITH DISTINCT a WHERE a:%s
RETURN coalesce(a.country, '') AS v, count(*) AS c`, supplied, where(sconds), schema.Company)
			if unfiltered {
				// Each company stops at its first SUPPLIED relationship.
				vendors = fmt.Sprintf(`MATCH (a:%s) WHERE EXISTS { (a)-[:%s]->() }
RETURN coalesce(a.country, '') AS v, count(*) AS c`, schema.Company, schema.Supplied)
			}
		}
	}

	out, err := db.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var st schema.Stats
		rows := func(cypher string, row func(v []any)) error {
			if cypher == "" {
				return nil
			}
			res, err := tx.Run(ctx, cypher, params)
			if err != nil {
				return err
			}
			for res.Next(ctx) {
				row(res.Record().Values)
			}
			return res.Err()
		}
		byType, byStatus, byYear := map[string]int{}, map[string]int{}, map[string]int{}
		err := rows(counts, func(v []any) {
			facet, _ := v[0].(string)
			value, _ := v[1].(string)
			c, _ := v[2].(int64)
			switch facet {
			case "entities":
				st.Entities = int(c)
			case "kind":
				st.ByKind = appendFacet(st.ByKind, value, c)
			case "type":
				byType[value] += int(c)
				st.Relationships += int(c)
			}
		})
		if err != nil {
			return nil, err
		}
		if err := rows(byCountry, func(v []any) { st.ByCountry = appendFacet(st.ByCountry, v[0], v[1]) }); err != nil {
			return nil, err
		}
		err = rows(groups, func(v []any) {
			t, _ := v[0].(string)
			s, _ := v[1].(string)
			c, _ := v[3].(int64)
			if !unfiltered {
				byType[t] += int(c)
				st.Relationships += int(c)
			}
			if want.Has(schema.StatsByStatus) {
				byStatus[s] += int(c)
			}
			if y, ok := v[2].(int64); ok {
				byYear[strconv.FormatInt(y, 10)] += int(c)
			}
		})
		if err != nil {
			return nil, err
		}
		st.ByType, st.ByStatus, st.ByYear = facetsOf(byType), facetsOf(byStatus), facetsOf(byYear)
		if err := rows(byCategory, func(v []any) { st.ByProductCategory = appendFacet(st.ByProductCategory, v[0], v[1]) }); err != nil {
			return nil, err
		}
		if err := rows(vendors, func(v []any) { st.VendorsByCountry = appendFacet(st.VendorsByCountry, v[0], v[1]) }); err != nil {
			return nil, err
		}
		for _, f := range [][]schema.Facet{st.ByKind, st.ByCountry, st.ByType, st.ByStatus, st.ByProductCategory, st.VendorsByCountry} {
			sortFacets(f)
		}
		// Years read in order, not by count.
		slices.SortFunc(st.ByYear, func(a, b schema.Facet) int { return strings.Compare(a.Value, b.Value) })
		return st, nil
	})
	if err != nil {
		return schema.Stats{}, fmt.Errorf("counting: %w", err)
	}
	return out.(schema.Stats), nil
}

// appendFacet adds a value and its count, skipping values nothing carries
// (a kind with no entities), so that facets list only what is there.
func appendFacet(list []schema.Facet, value, count any) []schema.Facet {
	v, _ := value.(string)
	c, _ := count.(int64)
	if c == 0 {
		return list
	}
	return append(list, schema.Facet{Value: v, Count: int(c)})
}

func facetsOf(m map[string]int) []schema.Facet {
	out := make([]schema.Facet, 0, len(m))
	for v, c := range m {
		if c > 0 {
			out = append(out, schema.Facet{Value: v, Count: c})
		}
	}
	return out
}

// sortFacets puts the commonest values first, ties by value, so that
// answers are stable.
func sortFacets(f []schema.Facet) {
	slices.SortFunc(f, func(a, b schema.Facet) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}
