package graphdb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// entityKeys are the sort keys entities may be ordered by, as Cypher on n.
// Keys are strings, never null, so that cursors compare totally.
var entityKeys = map[string]string{
	"ID":      "n.id",
	"NAME":    "toLower(n.name)",
	"COUNTRY": "coalesce(n.country, '')",
}

// relationshipOrder is an order of relationship lists.
type relationshipOrder struct {
	// key is the sort key as text, the cursor's key, as Cypher on r.
	key string
	// prop is the property of r that the order's per-type index holds
	// before the id (see schemaObjects); empty for the id alone.
	prop string
	// number says prop holds integers, whose cursor key is their text.
	number bool
}

// relationshipOrders are the orders relationships may be listed in. Keys
// are never null, so that cursors compare totally: status ranks are one
// digit, so their text sorts like the numbers.
var relationshipOrders = map[string]relationshipOrder{
	"ID":     {key: "r.id"},
	"START":  {key: "coalesce(r.startKey, '')", prop: "startKey"},
	"STATUS": {key: "toString(r.statusRank)", prop: "statusRank", number: true},
}

// window returns the conditions that keep the items strictly between w's
// cursors, and the direction in which to read the page from the end of the
// window it is taken from: forwards in the list's order for first,
// backwards for last, fetching one item more to tell whether more lie
// beyond. cond writes the condition for one cursor, whose key and id are
// the parameters name+"Key" and name+"ID", and the comparison op that keeps
// what lies beyond it. Only the cursors given become conditions, so that
// the planner sees plain statements.
func window(desc bool, w schema.Window, params map[string]any, cond func(name, op string) string) (conds []string, dir string) {
	after, before := ">", "<"
	if desc {
		after, before = before, after
	}
	for _, c := range []struct {
		name   string
		cursor *schema.Cursor
		op     string
	}{{"after", w.After, after}, {"before", w.Before, before}} {
		if c.cursor != nil {
			params[c.name+"Key"], params[c.name+"ID"] = c.cursor.Key, c.cursor.ID
			conds = append(conds, cond(c.name, c.op))
		}
	}
	n := w.First
	if w.Backward() {
		desc, n = !desc, w.Last
	}
	params["limit"] = int64(n + 1)
	if desc {
		return conds, "DESC"
	}
	return conds, "ASC"
}

// keyWindow is window for a list sorted by a computed key, ties broken by
// id: it returns the cursor conditions and the ORDER BY.
func keyWindow(key, id string, desc bool, w schema.Window, params map[string]any) (conds []string, sort string) {
	conds, dir := window(desc, w, params, func(name, op string) string {
		return fmt.Sprintf("(%[1]s %[3]s $%[4]sKey OR (%[1]s = $%[4]sKey AND %[2]s %[3]s $%[4]sID))", key, id, op, name)
	})
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

// total runs a count statement. A count that reads every relationship of
// the graph (expensive) is shared: kept until the graph changes, and
// computed once for all the requests that want it (see sharedRows).
func (db *DB) total(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, expensive bool) (int, error) {
	var rows [][]any
	var err error
	if expensive {
		var gen string
		if gen, err = generation(ctx, tx); err == nil {
			rows, err = db.sharedRows(ctx, tx, gen, cypher, params)
		}
	} else {
		rows, err = runRows(ctx, tx, cypher, params)
	}
	if err != nil || len(rows) != 1 {
		return 0, err
	}
	n, err := as[int64](rows[0][0], "a total")
	return int(n), err
}

func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(conds, " AND ")
}

// EntityPage returns one page of entities and the total, in one transaction
// of two statements, and puts what fetch asks for with them into into.
func (db *DB) EntityPage(ctx context.Context, q schema.EntityQuery, fetch *schema.Fetch, into *schema.Fetched) (schema.Page[schema.Entity], error) {
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
		if q.Text == "" && len(q.Kinds) > 0 {
			// No kind has an index on country, and the planner, left to
			// itself, reads every entity of the kinds and filters on
			// country; seeking the countries' entities halves the reads
			// (docs/performance.md, "The filtered page").
			match = fmt.Sprintf("MATCH (n:%[1]s) USING INDEX n:%[1]s(country)", schema.EntityLabel)
			conds = append(conds, "n:"+label)
		}
	}
	if q.ExcludePlaceholders {
		conds = append(conds, "n.placeholder IS NULL")
	}
	filter := where(conds)
	totalCypher := fmt.Sprintf("%s %s RETURN count(n) AS total", match, filter)
	cursor, sort := keyWindow("k", "n.id", q.Desc, q.Window, params)
	// What the selection reads below each entity is computed after the
	// LIMIT, for the page only, and the order is set again where it must
	// hold: in the RETURN.
	c := newFetchCypher(params, fetch)
	pageCypher := fmt.Sprintf("%s %s\nWITH n, %s AS k %s\nWITH n, k %s LIMIT $limit\nRETURN %s, k, %s %s",
		match, filter, key, where(cursor), sort, c.nodeMap("n"), c.entity("n", fetch.EntityPlan()), sort)
	into = sink(into)
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Page[schema.Entity], error) {
		var page schema.Page[schema.Entity]
		total, err := db.total(ctx, tx, totalCypher, params, false)
		if err != nil {
			return schema.Page[schema.Entity]{}, err
		}
		page.Total = total
		res, err := tx.Run(ctx, pageCypher, params)
		if err != nil {
			return schema.Page[schema.Entity]{}, err
		}
		for res.Next(ctx) {
			r := res.Record()
			e := c.decodeEntity(r.Values[0])
			k := get[string](&c.dec, r.Values[1], "a cursor key")
			c.decodeEntityExtras(e.ID, r.Values[2], into)
			page.Items = append(page.Items, e)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: e.ID})
		}
		return finish(page, q.Window), errors.Join(res.Err(), c.dec.err)
	})
	if err != nil {
		return schema.Page[schema.Entity]{}, fmt.Errorf("listing entities: %w", err)
	}
	return out, nil
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
//
// With nothing to anchor it and conditions on r, the match is a union of
// one branch per type with the conditions inside: Neo4j's relationship
// indexes are per type, so only then can a status filter seek the type's
// status index instead of reading every relationship of the graph. The
// conditions are then part of match, and conds is empty.
func relationshipMatch(q schema.RelationshipQuery, params map[string]any) (match string, conds []string) {
	types := q.Types
	if len(types) == 0 {
		for _, spec := range schema.RelTypes {
			types = append(types, spec.Type)
		}
	}
	conds = relationshipConds(q, params, true)
	if wholeGraph(q) && len(conds) > 0 {
		branches := make([]string, len(types))
		for i, t := range types {
			branches[i] = fmt.Sprintf("MATCH (a)-[r%s]->(b) %s RETURN a, r, b", relTypes([]schema.RelType{t}), where(conds))
		}
		return fmt.Sprintf("CALL () {\n%s\n}", strings.Join(branches, "\nUNION ALL\n")), nil
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
	return match, conds
}

// wholeGraph says that nothing anchors q: no endpoint and no country.
func wholeGraph(q schema.RelationshipQuery) bool {
	return q.From == "" && q.To == "" && len(q.ToCountries) == 0
}

// filtered says that q has conditions on the relationships themselves.
func filtered(q schema.RelationshipQuery) bool {
	return len(relationshipConds(q, map[string]any{}, false)) > 0
}

// relationshipConds are q's conditions on r alone. With seek, statuses are
// asked by rank, which stands for the status one to one, because the rank
// is what the per-type status indexes hold, and the planner seeks a
// composite index only when every one of its properties has a predicate,
// hence the id's (always true) IS NOT NULL. Counts want that seek; a page
// read in the order of another index does not (it would read and sort
// every relationship of the status instead of stopping at the page's end),
// so without seek statuses are asked by name, which no index holds.
func relationshipConds(q schema.RelationshipQuery, params map[string]any, seek bool) (conds []string) {
	if c := relFilterCypher("r", "", q.RelFilter); c != "true" {
		filterParams(q.RelFilter, params)
		conds = append(conds, c)
	}
	if len(q.Statuses) > 0 && seek {
		ranks := make([]int64, len(q.Statuses))
		for i, s := range q.Statuses {
			ranks[i] = int64(s.Rank())
		}
		conds, params["ranks"] = append(conds, "r.statusRank IN $ranks AND r.id IS NOT NULL"), ranks
	}
	if len(q.Statuses) > 0 && !seek {
		names := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			names[i] = string(s)
		}
		conds, params["statuses"] = append(conds, "r.status IN $statuses"), names
	}
	seekable := ""
	if seek {
		seekable = " AND r.id IS NOT NULL"
	}
	if rank := q.MinStatus.Rank(); rank > 0 {
		conds, params["minRank"] = append(conds, "r.statusRank >= $minRank"+seekable), int64(rank)
	}
	if q.Text != "" {
		conds, params["text"] = append(conds, "toLower(coalesce(r.summary, '')) CONTAINS $text"), strings.ToLower(q.Text)
	}
	return conds
}

// RelationshipPage returns one page of relationships and the total, in one
// transaction of two statements, and puts what fetch asks for with them into
// into. Types come from the schema's enum.
func (db *DB) RelationshipPage(ctx context.Context, q schema.RelationshipQuery, fetch *schema.Fetch, into *schema.Fetched) (schema.Page[schema.Relationship], error) {
	order, ok := relationshipOrders[q.OrderBy]
	if !ok {
		order = relationshipOrders["ID"]
	}
	params := map[string]any{}
	match, conds := relationshipMatch(q, params)
	filter := where(conds)
	totalCypher := fmt.Sprintf("%s %s RETURN count(r) AS total", match, filter)
	var pageCypher string
	var branches *wholeGraphBranches
	c := newFetchCypher(params, nil)
	if wholeGraph(q) {
		branches = newWholeGraphBranches(q, order, params)
		// The page's relationships, found by the branches, in their order.
		pageCypher = fmt.Sprintf("UNWIND range(0, size($page) - 1) AS i\nMATCH ()-[r]->() WHERE elementId(r) = $page[i]\nRETURN %s, %s AS k ORDER BY i",
			c.rel("r", fetch.RelPlan()), order.key)
	} else {
		cursor, sort := keyWindow("k", "r.id", q.Desc, q.Window, params)
		pageCypher = fmt.Sprintf("%s %s\nWITH r, %s AS k %s\nWITH r, k %s LIMIT $limit\nRETURN %s, k %s",
			match, filter, order.key, where(cursor), sort, c.rel("r", fetch.RelPlan()), sort)
	}
	into = sink(into)
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Page[schema.Relationship], error) {
		var page schema.Page[schema.Relationship]
		// A count with conditions and nothing to anchor it reads every
		// relationship of the types asked; without conditions it comes
		// from the count store.
		total, err := db.total(ctx, tx, totalCypher, params, wholeGraph(q) && filtered(q))
		if err != nil {
			return schema.Page[schema.Relationship]{}, err
		}
		page.Total = total
		if branches != nil {
			if params["page"], err = branches.page(ctx, tx, params, db.log); err != nil {
				return schema.Page[schema.Relationship]{}, err
			}
		}
		// The page's element ids, 1 to 101 of them, are a list whose size
		// class would otherwise plan the statement again (classless).
		cypher, args := pageCypher, params
		if branches != nil {
			cypher, args = classless(pageCypher, params)
		}
		res, err := tx.Run(ctx, cypher, args)
		if err != nil {
			return schema.Page[schema.Relationship]{}, err
		}
		for res.Next(ctx) {
			r := res.Record()
			rel := c.decodeRel(r.Values[0], into)
			k := get[string](&c.dec, r.Values[1], "a cursor key")
			page.Items = append(page.Items, rel)
			page.Keys = append(page.Keys, schema.Cursor{Key: k, ID: rel.ID})
		}
		return finish(page, q.Window), errors.Join(res.Err(), c.dec.err)
	})
	if err != nil {
		return schema.Page[schema.Relationship]{}, fmt.Errorf("listing relationships: %w", err)
	}
	return out, nil
}

// wholeGraphBranches find the page of a list that no endpoint anchors.
// Sorting every relationship of the graph to keep one page costs seconds
// at 500,000 relationships; instead each type's relationships are read in
// the order of that type's index, each stopping at the page's length, and
// the pages of all types are merged: at most (types × page) rows are read,
// plus those the filters drop. The cursor conditions are written so that
// the index can seek to them: on the order's property first, the id then
// only breaking ties.
//
// A filter on statuses would drop rows the order index gives, and where a
// type has fewer of those statuses than the page beyond the cursor, its
// branch would read the rest of the type to fill it. So then there is a
// branch per type and status, each seeking the indexes that begin with the
// status rank ((statusRank, id) and (statusRank, startKey, id)) at its rank.
//
// The branches of one status rank (all of them without a status filter)
// are one UNION ALL statement, and the merge is done here: a statement per
// branch waited its turn in Neo4j once per branch under load, while a union
// is planned once per shape and its plan kept, the rank a literal Neo4j makes
// a parameter. serve plans the shapes as it starts (WarmWholeGraphLists),
// and the plans serve cursors of any length (classless); the figures are in
// docs/performance.md, "Whole-graph pages".
type wholeGraphBranches struct {
	statements []string
	desc       bool // the branches read, and the merge keeps, the largest first
	limit      int
}

func newWholeGraphBranches(q schema.RelationshipQuery, order relationshipOrder, params map[string]any) *wholeGraphBranches {
	p := planWholeGraph(q, order, params)
	b := &wholeGraphBranches{desc: p.dir == "DESC", limit: int(params["limit"].(int64))}
	// The branches of one rank form one statement (see the type's comment).
	for _, rank := range p.ranks {
		var branches []string
		for _, t := range p.types() {
			branches = append(branches, p.seeks(t, rank)...)
		}
		if len(branches) > 0 {
			b.statements = append(b.statements, strings.Join(branches, "\nUNION ALL\n"))
		}
	}
	return b
}

// wholeGraphPlan is what the branches of a whole-graph page are made of.
type wholeGraphPlan struct {
	q      schema.RelationshipQuery
	order  relationshipOrder
	conds  []string // the query's conditions on r, statuses aside
	ranks  []int    // a statement per status rank asked; -1 when none is
	keys   []string // the order's keys on r, which its index holds
	dir    string   // ASC or DESC, the direction the page is read in
	cursor listCursor
}

// listCursor is the window's cursors as conditions on the order's keys.
type listCursor struct {
	conds []string // each cursor, as one condition on (key, id)
	// near is the cursor the page is read from as two seeks, the rest of
	// its key's group by id then the keys beyond it, and far the other
	// cursor; near is empty for the order by id alone.
	near [2]string
	far  []string
	// ranks gives each cursor's status rank, for the STATUS order.
	ranks map[string]int
}

func planWholeGraph(q schema.RelationshipQuery, order relationshipOrder, params map[string]any) wholeGraphPlan {
	unranked := q
	unranked.Statuses = nil
	p := wholeGraphPlan{q: q, order: order, conds: relationshipConds(unranked, params, false), ranks: statusRanks(q.Statuses),
		keys: []string{"r.id"}, cursor: listCursor{ranks: map[string]int{}}}
	if order.prop != "" {
		p.keys = []string{"r." + order.prop, "r.id"}
	}
	p.cursor.conds, p.dir = window(q.Desc, q.Window, params, p.cursorCond)
	return p
}

// statusRanks are the distinct ranks of the statuses asked, in order; -1
// alone when none is asked.
func statusRanks(statuses []schema.ClaimStatus) []int {
	if len(statuses) == 0 {
		return []int{-1}
	}
	var ranks []int
	for _, st := range statuses {
		if !slices.Contains(ranks, st.Rank()) {
			ranks = append(ranks, st.Rank())
		}
	}
	return ranks
}

// cursorCond writes the condition of one cursor (window's callback) and
// records its seeks: on the order's property first, the id then only
// breaking ties, so that the index can seek to it.
func (p *wholeGraphPlan) cursorCond(name, op string) string {
	if p.order.prop == "" {
		return fmt.Sprintf("r.id %s $%sID", op, name)
	}
	key := "$" + name + "Key"
	if p.order.number {
		p.cursor.ranks[name] = cursorRank(p.q.Window, name)
		key = "toInteger(" + key + ")"
	}
	combined := fmt.Sprintf("r.%[1]s %[2]s= %[3]s AND (r.%[1]s %[2]s %[3]s OR r.id %[2]s $%[4]sID)", p.order.prop, op, key, name)
	from := "after"
	if p.q.Window.Backward() {
		from = "before"
	}
	if name != from {
		p.cursor.far = []string{combined}
	} else {
		p.cursor.near = [2]string{
			fmt.Sprintf("r.%[1]s = %[3]s AND r.id %[2]s $%[4]sID", p.order.prop, op, key, name),
			fmt.Sprintf("r.%[1]s %[2]s %[3]s", p.order.prop, op, key),
		}
	}
	return combined
}

// cursorRank is the status rank a cursor of the STATUS order stands at; -1
// for a key that is no rank, beyond which no relationship lies.
func cursorRank(w schema.Window, name string) int {
	c := w.After
	if name == "before" {
		c = w.Before
	}
	n, err := strconv.Atoi(c.Key)
	if err != nil {
		return -1
	}
	return n
}

// types are the relationship types the list reads, all when none is asked.
func (p wholeGraphPlan) types() []schema.RelType {
	if len(p.q.Types) > 0 {
		return p.q.Types
	}
	types := make([]schema.RelType, len(schema.RelTypes))
	for i, spec := range schema.RelTypes {
		types[i] = spec.Type
	}
	return types
}

// seeks are the branches of one type at one status rank: one seek, or two
// where the cursor the page is read from is sought in two parts. A cursor
// on (key, id) sought as key >= k, the id only filtering, reads every
// relationship of its key before it: a deep page inside a large group of
// equal keys (the many with no start, a status rank) read the group row by
// row and passed the deadline; as two seeks, each reads at most the page.
func (p wholeGraphPlan) seeks(t schema.RelType, rank int) []string {
	cursor, inside := p.rankCursor(rank)
	if !inside {
		return nil
	}
	conds, keys := p.rankConds(rank)
	seek := func(cursor []string) string { return p.seek(t, keys, append(slices.Clip(conds), cursor...)) }
	if p.cursor.near[0] == "" || !slices.Equal(cursor, p.cursor.conds) {
		return []string{seek(cursor)}
	}
	far := slices.Clip(p.cursor.far)
	return []string{seek(append(far, p.cursor.near[0])), seek(append(far, p.cursor.near[1]))}
}

// rankConds are a branch's conditions and the keys of the index it seeks:
// the order's keys, known not null so that the index gives them in order,
// and at a status rank the rank, first in the index's keys.
func (p wholeGraphPlan) rankConds(rank int) (conds, keys []string) {
	keys = p.keys
	for _, k := range keys {
		conds = append(conds, k+" IS NOT NULL")
	}
	conds = append(conds, p.conds...)
	if rank < 0 {
		return conds, keys
	}
	// Ranks come from the schema's enum, never from user text.
	conds = append(conds, fmt.Sprintf("r.statusRank = %d", rank))
	if p.order.prop != "statusRank" {
		keys = append([]string{"r.statusRank"}, keys...)
	}
	return conds, keys
}

// rankCursor is a branch's cursor conditions. Within one status rank the
// STATUS order is by id, so a cursor at that rank becomes a condition on
// the id, and a cursor at another rank keeps or leaves out the whole rank:
// inside is false when the rank lies outside the window.
func (p wholeGraphPlan) rankCursor(rank int) (conds []string, inside bool) {
	if rank < 0 || p.order.prop != "statusRank" {
		return p.cursor.conds, true
	}
	for _, c := range []struct {
		name  string
		after bool
	}{{"after", true}, {"before", false}} {
		cr, given := p.cursor.ranks[c.name]
		if !given {
			continue
		}
		// Whether what the cursor keeps lies above it, in rank and id.
		above := c.after != p.q.Desc
		switch {
		case cr == rank:
			conds = append(conds, fmt.Sprintf("r.id %s $%sID", comparison(above), c.name))
		case above != (rank > cr):
			return nil, false
		}
	}
	return conds, true
}

func comparison(above bool) string {
	if above {
		return ">"
	}
	return "<"
}

// seek is one branch: the relationships of type t that the conditions
// keep, read in the order of the index on keys, which it names (the
// planner, left to itself, picks an index that has the predicates but not
// the order, and sorts every relationship of the status), at most a page.
func (p wholeGraphPlan) seek(t schema.RelType, keys, conds []string) string {
	props := make([]string, len(keys))
	order := make([]string, len(keys))
	for i, k := range keys {
		props[i] = strings.TrimPrefix(k, "r.")
		order[i] = k + " " + p.dir
	}
	orderProp := "null"
	if p.order.prop != "" {
		orderProp = "r." + p.order.prop
	}
	typ := relTypes([]schema.RelType{t})
	match := "MATCH ()-[r" + typ + "]->() USING INDEX r" + typ + "(" + strings.Join(props, ", ") + ") " + where(conds)
	page := "WITH r ORDER BY " + strings.Join(order, ", ") + " LIMIT $limit"
	ret := "RETURN elementId(r) AS e, r.id AS id, " + orderProp + " AS p"
	return match + "\n" + page + "\n" + ret
}

// WarmWholeGraphLists asks one page of every shape of whole-graph list
// statement that the API writes without a filter other than statuses: each
// order and direction, forwards and backwards, from the start and from a
// cursor, with no status and with statuses. Neo4j plans a statement of a
// new shape slowly (docs/performance.md) and keeps the plan for every later
// request of that shape, whatever its cursors' values and statuses. serve
// calls it as it starts, so that the first users of each shape do not wait
// for its plan. It returns how many pages it asked.
func (db *DB) WarmWholeGraphLists(ctx context.Context) (int, error) {
	windows := []schema.Window{
		{First: 1}, {First: 1, After: &schema.Cursor{}},
		{Last: 1}, {Last: 1, Before: &schema.Cursor{}},
	}
	n := 0
	// Every order the API offers; sorted, so that the warm-up and its log
	// read the same on every start.
	for _, order := range slices.Sorted(maps.Keys(relationshipOrders)) {
		for _, desc := range []bool{false, true} {
			for _, w := range windows {
				for _, st := range [][]schema.ClaimStatus{nil, schema.ClaimStatuses} {
					q := schema.RelationshipQuery{OrderBy: order, Desc: desc, Window: w, Statuses: st}
					if relationshipOrders[order].number {
						// A cursor in the middle rank: the cursor's own rank,
						// the ranks beyond it and those before it each give
						// statements of their own shape.
						q.Window = cursorsAt(w, strconv.Itoa(schema.Reported.Rank()))
					}
					if _, err := db.RelationshipPage(ctx, q, nil, nil); err != nil {
						return n, fmt.Errorf("warming the whole-graph list ordered by %s: %w", order, err)
					}
					n++
				}
			}
		}
	}
	return n, nil
}

// cursorsAt is w with its cursors, if any, at key.
func cursorsAt(w schema.Window, key string) schema.Window {
	if w.After != nil {
		w.After = &schema.Cursor{Key: key}
	}
	if w.Before != nil {
		w.Before = &schema.Cursor{Key: key}
	}
	return w
}

// page runs the branches in tx and returns the element ids of the page's
// relationships (one more than the page holds, as window asks), in order.
func (b *wholeGraphBranches) page(ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any, log *slog.Logger) ([]string, error) {
	type row struct {
		e, id string
		key   string // the order's key: text, or a rank as text of one digit; "" by id
	}
	var rows []row
	var d decoder
	began, slowest, slowestTook := time.Now(), "", time.Duration(0)
	defer func() {
		if took := time.Since(began); took > slowTransaction/2 {
			log.Warn("slow whole-graph page", "statements", len(b.statements), "took", took.Round(time.Millisecond),
				"slowest", firstLine(slowest), "slowest_took", slowestTook.Round(time.Millisecond))
		}
	}()
	for _, cypher := range b.statements {
		t := time.Now()
		statement, args := classless(cypher, params)
		found, err := runRows(ctx, tx, statement, args)
		if took := time.Since(t); took > slowestTook {
			slowest, slowestTook = cypher, took
		}
		if err != nil {
			return nil, err
		}
		for _, v := range found {
			key := ""
			switch p := v[2].(type) {
			case int64:
				key = strconv.FormatInt(p, 10) // status ranks are one digit: text sorts like the numbers
			default:
				key = get[string](&d, p, "an order key")
			}
			rows = append(rows, row{get[string](&d, v[0], "an element id"), get[string](&d, v[1], "a relationship id"), key})
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	slices.SortFunc(rows, func(x, y row) int {
		c := strings.Compare(x.key, y.key)
		if c == 0 {
			c = strings.Compare(x.id, y.id)
		}
		if b.desc {
			c = -c
		}
		return c
	})
	page := make([]string, 0, min(len(rows), b.limit))
	for _, r := range rows[:min(len(rows), b.limit)] {
		page = append(page, r.e)
	}
	return page, nil
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
	unfiltered := wholeGraph(q) && !filtered(q)
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

	plan := statsPlan{want: want, unfiltered: unfiltered, wholeGraph: wholeGraph(q), counts: counts, byCountry: byCountry, groups: groups, byCategory: byCategory, vendors: vendors}
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Stats, error) {
		return plan.run(ctx, db, tx, params)
	})
	if err != nil {
		return schema.Stats{}, fmt.Errorf("counting: %w", err)
	}
	return out, nil
}

// statsPlan is what Stats runs: the parts asked for, and a statement per
// group of facets, empty when none of its facets is asked for.
type statsPlan struct {
	want       schema.StatsPart
	unfiltered bool
	// wholeGraph says no endpoint or country anchors the relationships, so
	// that their statements read every relationship of the types asked.
	wholeGraph                                     bool
	counts, byCountry, groups, byCategory, vendors string
}

// run runs the statements that are not empty, and sums and sorts their rows
// into facets. Each statement's rows are kept until the graph changes:
// unfiltered, the groups read every relationship, and the entities by
// country, which no filter changes, every entity.
func (p statsPlan) run(ctx context.Context, db *DB, tx neo4j.ManagedTransaction, params map[string]any) (schema.Stats, error) {
	want, unfiltered := p.want, p.unfiltered
	gen, err := generation(ctx, tx)
	if err != nil {
		return schema.Stats{}, err
	}
	var st schema.Stats
	var d decoder
	// Statements that read the whole graph are shared (sharedRows); an
	// anchored one costs little, is rarely asked twice, and runs here, so
	// that it ends with the request.
	rows := func(cypher string, shared bool, row func(v []any)) error {
		if cypher == "" {
			return nil
		}
		run := runRows
		if shared {
			run = func(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([][]any, error) {
				return db.sharedRows(ctx, tx, gen, cypher, params)
			}
		}
		rows, err := run(ctx, tx, cypher, params)
		for _, r := range rows {
			row(r)
		}
		return errors.Join(err, d.err)
	}
	byType, byStatus, byYear := map[string]int{}, map[string]int{}, map[string]int{}
	err = rows(p.counts, false, func(v []any) {
		facet, value, c := get[string](&d, v[0], "a facet"), get[string](&d, v[1], "a facet's value"), get[int64](&d, v[2], "a count")
		switch facet {
		case "entities":
			st.Entities = int(c)
		case "kind":
			st.ByKind = appendFacet(&d, st.ByKind, value, c)
		case "type":
			byType[value] += int(c)
			st.Relationships += int(c)
		}
	})
	if err != nil {
		return schema.Stats{}, err
	}
	if err := rows(p.byCountry, true, func(v []any) { st.ByCountry = appendFacet(&d, st.ByCountry, v[0], v[1]) }); err != nil {
		return schema.Stats{}, err
	}
	err = rows(p.groups, p.wholeGraph, func(v []any) {
		t, s, c := get[string](&d, v[0], "a type"), get[string](&d, v[1], "a status"), get[int64](&d, v[3], "a count")
		if !unfiltered {
			byType[t] += int(c)
			st.Relationships += int(c)
		}
		if want.Has(schema.StatsByStatus) {
			byStatus[s] += int(c)
		}
		if v[2] != nil {
			byYear[strconv.FormatInt(get[int64](&d, v[2], "a year"), 10)] += int(c)
		}
	})
	if err != nil {
		return schema.Stats{}, err
	}
	st.ByType, st.ByStatus, st.ByYear = facetsOf(byType), facetsOf(byStatus), facetsOf(byYear)
	if err := rows(p.byCategory, p.wholeGraph, func(v []any) { st.ByProductCategory = appendFacet(&d, st.ByProductCategory, v[0], v[1]) }); err != nil {
		return schema.Stats{}, err
	}
	if err := rows(p.vendors, p.wholeGraph, func(v []any) { st.VendorsByCountry = appendFacet(&d, st.VendorsByCountry, v[0], v[1]) }); err != nil {
		return schema.Stats{}, err
	}
	for _, f := range [][]schema.Facet{st.ByKind, st.ByCountry, st.ByType, st.ByStatus, st.ByProductCategory, st.VendorsByCountry} {
		sortFacets(f)
	}
	// Years read in order, not by count.
	slices.SortFunc(st.ByYear, func(a, b schema.Facet) int { return strings.Compare(a.Value, b.Value) })
	return st, nil
}

// appendFacet adds a value and its count, skipping values nothing carries
// (a kind with no entities), so that facets list only what is there.
func appendFacet(d *decoder, list []schema.Facet, value, count any) []schema.Facet {
	v, c := get[string](d, value, "a facet's value"), get[int64](d, count, "a count")
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
