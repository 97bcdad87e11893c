package graphdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/survgraph/survgraph/schema"
)

// FullTextIndex is the name of the full-text index on entity names and
// aliases. Its analyzer folds case and accents, so "Leveque" finds "Lévêque".
const FullTextIndex = "entity_names"

// schemaObject is a constraint or index, by name, with the statement that
// creates it.
type schemaObject struct{ name, create string }

// schemaObjects are derived from the schema: a uniqueness constraint on every
// entity's id, indexes on what loads and filters look up, a uniqueness
// constraint and an input index per relationship type, and the full-text
// index. Every statement is idempotent.
func schemaObjects() []schemaObject {
	objs := []schemaObject{
		{"entity_id", fmt.Sprintf("CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", schema.EntityLabel)},
		{"meta_id", fmt.Sprintf("CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:%s) REQUIRE m.id IS UNIQUE", metaLabel)},
		{"entity_input", fmt.Sprintf("CREATE INDEX entity_input IF NOT EXISTS FOR (n:%s) ON (n.input)", schema.EntityLabel)},
		{"entity_kind", fmt.Sprintf("CREATE INDEX entity_kind IF NOT EXISTS FOR (n:%s) ON (n.kind)", schema.EntityLabel)},
		// Relationship lists filtered by the country at the to end start from
		// the entities of those countries (see relationshipMatch).
		{"entity_country", fmt.Sprintf("CREATE INDEX entity_country IF NOT EXISTS FOR (n:%s) ON (n.country)", schema.EntityLabel)},
		{FullTextIndex, fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.name, n.aliasesText] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}", FullTextIndex, schema.EntityLabel)},
	}
	for _, r := range schema.RelTypes {
		t := string(r.Type)
		lower := strings.ToLower(t)
		objs = append(objs,
			schemaObject{"rel_" + lower + "_id", fmt.Sprintf("CREATE CONSTRAINT rel_%s_id IF NOT EXISTS FOR ()-[r:%s]-() REQUIRE r.id IS UNIQUE", lower, t)},
			schemaObject{"rel_" + lower + "_input", fmt.Sprintf("CREATE INDEX rel_%s_input IF NOT EXISTS FOR ()-[r:%s]-() ON (r.input)", lower, t)},
			// Whole-graph lists ordered by status or start read each type's
			// relationships in index order and stop at the page's end
			// (RelationshipPage); the id breaks ties, so it is the second key.
			schemaObject{"rel_" + lower + "_status_order", fmt.Sprintf("CREATE INDEX rel_%s_status_order IF NOT EXISTS FOR ()-[r:%s]-() ON (r.statusRank, r.id)", lower, t)},
			schemaObject{"rel_" + lower + "_start_order", fmt.Sprintf("CREATE INDEX rel_%s_start_order IF NOT EXISTS FOR ()-[r:%s]-() ON (r.startKey, r.id)", lower, t)},
			// A list filtered by status and ordered by start reads each
			// status in start order.
			schemaObject{"rel_" + lower + "_status_start_order", fmt.Sprintf("CREATE INDEX rel_%s_status_start_order IF NOT EXISTS FOR ()-[r:%s]-() ON (r.statusRank, r.startKey, r.id)", lower, t)},
		)
	}
	return objs
}

// EnsureSchema creates the constraints and indexes that do not exist yet and
// waits until they are online. It looks first, so that the usual case, where
// all exist, costs one read instead of a write per object. A uniqueness
// constraint owns an index of its own name, so listing indexes finds both.
func (db *DB) EnsureSchema(ctx context.Context) error {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (map[string]bool, error) {
		res, err := tx.Run(ctx, "SHOW INDEXES YIELD name RETURN name", nil)
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		have := map[string]bool{}
		var d decoder
		for _, r := range recs {
			have[get[string](&d, r.Values[0], "an index's name")] = true
		}
		return have, d.err
	})
	if err != nil {
		return fmt.Errorf("listing indexes and constraints: %w", err)
	}
	have := out
	created := false
	for _, obj := range schemaObjects() {
		if have[obj.name] {
			continue
		}
		created = true
		if _, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (any, error) {
			_, err := tx.Run(ctx, obj.create, nil)
			return nil, err
		}); err != nil {
			return fmt.Errorf("%s: %w", obj.create, err)
		}
	}
	if !created {
		return nil
	}
	_, err = writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (any, error) {
		_, err := tx.Run(ctx, "CALL db.awaitIndexes(300)", nil)
		return nil, err
	})
	return err
}

// entityRow is an entity in the form stored on its node. Citations become
// parallel lists, because Neo4j properties cannot hold maps.
func entityRow(input string, e schema.Entity) map[string]any {
	props := map[string]any{"id": e.ID, "kind": string(e.Kind), "input": input}
	for name, v := range e.Props {
		switch v := v.(type) {
		case schema.Date:
			props[name] = v.String()
		case []string:
			props[name] = v
		default:
			props[name] = v
		}
	}
	if aliases, ok := e.Props["aliases"].([]string); ok {
		props["aliasesText"] = strings.Join(aliases, "\n")
	}
	if e.Placeholder {
		props["placeholder"] = true
	}
	addCorrections(props, e.Corrections)
	addCitations(props, e.Citations)
	props["hash"] = hashOf(props)
	// When a source became public, as a native date for knownAt filters; it
	// follows from publishedAt, so it stays out of the hash.
	if day, ok := e.KnownFrom(); ok {
		props["knownFrom"] = dbtype.Date(day)
	}
	return map[string]any{"id": e.ID, "props": props}
}

// relationshipRow is a relationship in the form stored on it. Its knownFrom,
// the earliest day among its supporting sources, is computed here when
// sourcesKnownFrom holds every one of them, and resolved says so; otherwise
// the row lists them in supports, for the statement to read from the graph.
func relationshipRow(input string, r schema.Relationship, sourcesKnownFrom map[string]time.Time) (row map[string]any, resolved bool) {
	props := map[string]any{
		"id": r.ID, "input": input, "status": string(r.Status), "statusRank": int64(r.Status.Rank()),
	}
	if r.Summary != "" {
		props["summary"] = r.Summary
	}
	if !r.Period.Start.IsZero() {
		props["start"] = r.Period.Start.String()
	}
	if !r.Period.End.IsZero() {
		props["end"] = r.Period.End.String()
	}
	// The key lists are ordered by start: the earliest day as text, empty
	// when unknown, so that it is never null and every relationship sits in
	// the ordering index. It is in the hash so that relationships stored
	// before it existed are rewritten by the next load.
	props["startKey"] = ""
	if !r.Period.Start.IsZero() {
		props["startKey"] = r.Period.Start.Earliest().Format(time.DateOnly)
	}
	if r.Product != "" {
		props["product"] = r.Product
	}
	if r.Amount != 0 {
		props["amount"], props["currency"] = r.Amount, r.Currency
	}
	if r.Quantity != 0 {
		props["quantity"] = int64(r.Quantity)
	}
	if r.Basis != "" {
		props["basis"] = string(r.Basis)
	}
	if r.Role != "" {
		props["role"] = r.Role
	}
	if r.Share != 0 {
		props["share"] = r.Share
	}
	addCorrections(props, r.Corrections)
	addCitations(props, r.Citations)
	props["hash"] = hashOf(props)
	// The period's bounds as native dates let asOf filters use comparisons
	// Neo4j understands; they follow from start and end, so stay out of the hash.
	if !r.Period.Start.IsZero() {
		props["startFrom"] = dbtype.Date(r.Period.Start.Earliest())
	}
	if !r.Period.End.IsZero() {
		props["endUntil"] = dbtype.Date(r.Period.End.Latest())
	}
	// The sources that support the claim, whose earliest knownFrom the
	// upsert stores as the claim's (see DeriveKnownFrom).
	supports := []string{}
	var known time.Time
	resolved = true
	for _, c := range r.Citations {
		if c.Stance != schema.Supports {
			continue
		}
		supports = append(supports, c.Source)
		day, ok := sourcesKnownFrom[c.Source]
		switch {
		case !ok:
			resolved = false
		case !day.IsZero() && (known.IsZero() || day.Before(known)):
			known = day
		}
	}
	row = map[string]any{"id": r.ID, "from": r.From, "to": r.To, "props": props}
	if !resolved {
		row["supports"] = supports
	} else if !known.IsZero() {
		props["knownFrom"] = dbtype.Date(known)
	}
	return row, resolved
}

// addCorrections stores corrections as parallel lists, as citations are.
func addCorrections(props map[string]any, cs []schema.Correction) {
	if len(cs) == 0 {
		return
	}
	reason := make([]string, len(cs))
	source := make([]string, len(cs))
	for i, c := range cs {
		reason[i], source[i] = c.Reason, c.Source
	}
	props["correctionReasons"], props["correctionSources"] = reason, source
}

func correctionsFrom(d *decoder, props map[string]any) []schema.Correction {
	reason := stringList(d, props["correctionReasons"], "correctionReasons")
	source := stringList(d, props["correctionSources"], "correctionSources")
	if len(reason) == 0 {
		return nil
	}
	out := make([]schema.Correction, len(reason))
	for i := range reason {
		out[i] = schema.Correction{Reason: reason[i], Source: at(source, i)}
	}
	return out
}

func addCitations(props map[string]any, cites []schema.Citation) {
	if len(cites) == 0 {
		return
	}
	src := make([]string, len(cites))
	quote := make([]string, len(cites))
	loc := make([]string, len(cites))
	stance := make([]string, len(cites))
	for i, c := range cites {
		src[i], quote[i], loc[i], stance[i] = c.Source, c.Quote, c.Locator, string(c.Stance)
	}
	props["citeSources"], props["citeQuotes"], props["citeLocators"], props["citeStances"] = src, quote, loc, stance
}

// hashOf fingerprints a row's stored content, so a reload can tell an
// unchanged row from an updated one without rewriting it.
func hashOf(props map[string]any) string {
	b, err := json.Marshal(props) // map keys are sorted: the hash is stable
	if err != nil {
		panic(err) // props hold only strings, numbers and lists of strings
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// otherKindLabels lists every kind label but k, so that an entity whose kind
// changed in the input loses its old label.
func otherKindLabels(k schema.Kind) string {
	var b strings.Builder
	for _, spec := range schema.Kinds {
		if spec.Kind != k {
			b.WriteString(":" + string(spec.Kind))
		}
	}
	return b.String()
}

const countChanges = `
RETURN count(*) AS written,
       count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN old IS NOT NULL AND old <> row.props.hash THEN 1 END) AS updated`

// UpsertEntities writes a batch of entities of one kind in one transaction.
// Rows whose stored hash matches are left untouched.
func (db *DB) UpsertEntities(ctx context.Context, input string, kind schema.Kind, batch []schema.Entity) (schema.UpsertCounts, error) {
	rows := make([]map[string]any, len(batch))
	for i, e := range batch {
		rows[i] = entityRow(input, e)
	}
	cypher := fmt.Sprintf(`
UNWIND $rows AS row
MERGE (n:%s {id: row.id})
WITH n, row, n.hash AS old
FOREACH (_ IN CASE WHEN old IS NULL OR old <> row.props.hash THEN [1] ELSE [] END |
  SET n = row.props
  REMOVE n%s
  SET n:%s)`+countChanges, schema.EntityLabel, otherKindLabels(kind), kind)
	return db.upsert(ctx, statement{cypher, rows})
}

// UpsertRelationships writes a batch of relationships of one type in one
// transaction. Their endpoints must exist. A relationship that is written
// also gets its knownFrom from the sources that support it, so that a fresh
// load leaves DeriveKnownFrom nothing to write. sourcesKnownFrom gives, by
// source id, the day each source the caller has written became public (the
// zero day for a source without a date). The loader passes the sources of the
// input it loads, which are every source the input cites (Validate sees to
// that). A relationship citing a source it does not hold reads the source's
// day from the graph, which costs Neo4j an apply and a seek per row.
func (db *DB) UpsertRelationships(ctx context.Context, input string, t schema.RelType, batch []schema.Relationship, sourcesKnownFrom map[string]time.Time) (schema.UpsertCounts, error) {
	var resolved, unresolved []map[string]any
	for _, r := range batch {
		if row, ok := relationshipRow(input, r, sourcesKnownFrom); ok {
			resolved = append(resolved, row)
		} else {
			unresolved = append(unresolved, row)
		}
	}
	// A claim keeps its id when a correction moves one of its ends: the
	// relationship of that id between other ends goes first, or the MERGE
	// would make a second one and break the id's uniqueness.
	merge := fmt.Sprintf(`
UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})
MATCH (b:%[1]s {id: row.to})
CALL (row, a, b) {
  MATCH (x)-[moved:%[2]s {id: row.id}]->(y) WHERE x <> a OR y <> b
  DELETE moved
}
MERGE (a)-[r:%[2]s {id: row.id}]->(b)
WITH r, row, r.hash AS old`, schema.EntityLabel, t)
	return db.upsert(ctx,
		statement{merge + `
FOREACH (_ IN CASE WHEN old IS NULL OR old <> row.props.hash THEN [1] ELSE [] END |
  SET r = row.props)` + countChanges, resolved},
		statement{merge + fmt.Sprintf(`
CALL (r, row, old) {
  WITH r, row WHERE old IS NULL OR old <> row.props.hash
  SET r = row.props
  WITH r, row
  UNWIND row.supports AS id
  MATCH (s:%s {id: id})
  WITH r, min(s.knownFrom) AS known WHERE known IS NOT NULL
  SET r.knownFrom = known
}`, schema.EntityLabel) + countChanges, unresolved})
}

// statement is a Cypher statement and the rows it unwinds.
type statement struct {
	cypher string
	rows   []map[string]any
}

// upsert runs statements that write rows and count them (see countChanges)
// in one transaction, skipping those without rows, and sums their counts.
func (db *DB) upsert(ctx context.Context, statements ...statement) (schema.UpsertCounts, error) {
	out, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.UpsertCounts, error) {
		var counts schema.UpsertCounts // afresh on each try
		for _, st := range statements {
			if len(st.rows) == 0 {
				continue
			}
			res, err := tx.Run(ctx, st.cypher, map[string]any{"rows": st.rows})
			if err != nil {
				return schema.UpsertCounts{}, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return schema.UpsertCounts{}, err
			}
			written, _ := rec.Get("written")
			if n := int(written.(int64)); n != len(st.rows) {
				// A relationship whose endpoint is missing matches nothing and
				// would vanish silently; fail the batch, which rolls it back.
				return schema.UpsertCounts{}, schema.Errorf(schema.ErrInvalid,
					"%d of %d rows name an entity that is not in the graph; load the input that defines it first", len(st.rows)-n, len(st.rows))
			}
			created, _ := rec.Get("created")
			updated, _ := rec.Get("updated")
			counts.Created += int(created.(int64))
			counts.Updated += int(updated.(int64))
		}
		if counts.Created+counts.Updated > 0 {
			if err := db.bumpGeneration(ctx, tx); err != nil {
				return schema.UpsertCounts{}, err
			}
		}
		return counts, nil
	})
	if err != nil {
		return schema.UpsertCounts{}, err
	}
	return out, nil
}

// deleteBatch is how many relationships or entities one delete (or
// knownFrom) transaction touches at most, so that a large input fits a small
// heap.
var deleteBatch = 10000

// DeleteAbsent removes the relationships and entities that input owns but
// that are not in the keep lists. What other inputs own is left alone.
//
// It reads the ids that input owns, computes what is absent here, and
// deletes that by id in batches of deleteBatch, each its own transaction, so
// its memory does not grow with the graph: the keep lists are never sent to
// Neo4j, and no transaction holds more than one batch. The price is that the
// delete is not atomic. A crash or an error midway leaves some absent items
// deleted and others still there; everything the input holds has already
// been written by then (deletes come last), so the graph is the input plus
// some leftovers, and loading the input again deletes the rest: it converges.
// Each delete re-checks the owner, so an item another input took over in the
// meantime is never deleted.
func (db *DB) DeleteAbsent(ctx context.Context, input string, keepEntities, keepRelationships []string) (schema.DeleteCounts, error) {
	del := schema.DeleteCounts{Entities: map[schema.Kind]int{}, Relationships: map[schema.RelType]int{}}
	keepR := make(map[string]bool, len(keepRelationships))
	for _, id := range keepRelationships {
		keepR[id] = true
	}
	keepE := make(map[string]bool, len(keepEntities))
	for _, id := range keepEntities {
		keepE[id] = true
	}
	// The usual case, a reload, deletes nothing. The keep lists are what the
	// loader has just written for input (see the loader's Store), so when input
	// owns no more items than they hold, none is absent: counting, which
	// reads the input indexes only, is enough, and the ids need not be read
	// (docs/performance.md, "The loader").
	ownedE, ownedR, err := db.countOwned(ctx, input)
	if err != nil {
		return del, err
	}
	for _, r := range schema.RelTypes {
		if ownedR == len(keepR) {
			break
		}
		absent, err := db.absent(ctx, fmt.Sprintf("MATCH ()-[r:%s]->() WHERE r.input = $input RETURN r.id AS id", r.Type), input, keepR)
		if err != nil {
			return del, err
		}
		cypher := fmt.Sprintf(`
UNWIND $ids AS id
MATCH ()-[r:%s {id: id}]->() WHERE r.input = $input
DELETE r
RETURN '' AS kind, count(*) AS n`, r.Type)
		n, err := db.deleteBatches(ctx, cypher, input, absent)
		if err != nil {
			return del, err
		}
		if n[""] > 0 {
			del.Relationships[r.Type] = n[""]
		}
	}
	if ownedE == len(keepE) {
		return del, nil
	}
	absent, err := db.absent(ctx, fmt.Sprintf("MATCH (n:%s) WHERE n.input = $input RETURN n.id AS id", schema.EntityLabel), input, keepE)
	if err != nil {
		return del, err
	}
	cypher := fmt.Sprintf(`
UNWIND $ids AS id
MATCH (n:%s {id: id}) WHERE n.input = $input
WITH n, n.kind AS kind
DETACH DELETE n
RETURN kind, count(*) AS n`, schema.EntityLabel)
	n, err := db.deleteBatches(ctx, cypher, input, absent)
	if err != nil {
		return del, err
	}
	for k, c := range n {
		del.Entities[schema.Kind(k)] = c
	}
	return del, nil
}

// countOwned counts the entities and the relationships that input owns.
func (db *DB) countOwned(ctx context.Context, input string) (entities, relationships int, err error) {
	queries := []string{fmt.Sprintf("MATCH (n:%s) WHERE n.input = $input RETURN count(n) AS n", schema.EntityLabel)}
	for _, r := range schema.RelTypes {
		queries = append(queries, fmt.Sprintf("MATCH ()-[r:%s]->() WHERE r.input = $input RETURN count(r) AS n", r.Type))
	}
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]int, error) {
		counts := make([]int, len(queries))
		for i, q := range queries {
			res, err := tx.Run(ctx, q, map[string]any{"input": input})
			if err != nil {
				return nil, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			n, err := as[int64](rec.Values[0], "a count of what an input owns")
			if err != nil {
				return nil, err
			}
			counts[i] = int(n)
		}
		return counts, nil
	})
	if err != nil {
		return 0, 0, err
	}
	counts := out
	for _, n := range counts[1:] {
		relationships += n
	}
	return counts[0], relationships, nil
}

// absent runs a query returning ids and keeps those that are not in keep.
func (db *DB) absent(ctx context.Context, cypher, input string, keep map[string]bool) ([]string, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]string, error) {
		res, err := tx.Run(ctx, cypher, map[string]any{"input": input})
		if err != nil {
			return nil, err
		}
		var absent []string // afresh on each try: a managed transaction may be retried
		var d decoder
		for res.Next(ctx) {
			if id := get[string](&d, res.Record().Values[0], "an owned id"); !keep[id] {
				absent = append(absent, id)
			}
		}
		return absent, errors.Join(res.Err(), d.err)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// deleteBatches runs cypher on ids, deleteBatch at a time, one transaction
// each, and sums the counts it returns by kind.
func (db *DB) deleteBatches(ctx context.Context, cypher, input string, ids []string) (map[string]int, error) {
	total := map[string]int{}
	for start := 0; start < len(ids); start += deleteBatch {
		batch := ids[start:min(start+deleteBatch, len(ids))]
		out, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (map[string]int, error) {
			res, err := tx.Run(ctx, cypher, map[string]any{"input": input, "ids": batch})
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			n := map[string]int{} // counted afresh on each try
			deleted := 0
			var d decoder
			for _, rec := range recs {
				c := int(get[int64](&d, rec.Values[1], "a count of deletes"))
				n[get[string](&d, rec.Values[0], "a deleted kind or type")] += c
				deleted += c
			}
			if d.err != nil {
				return nil, d.err
			}
			if deleted > 0 {
				if err := db.bumpGeneration(ctx, tx); err != nil {
					return nil, err
				}
			}
			return n, nil
		})
		if err != nil {
			return total, err
		}
		for k, c := range out {
			total[k] += c
		}
	}
	return total, nil
}

// DeriveKnownFrom sets on every relationship the day from which it was
// public: the earliest knownFrom of the sources that support it. It runs
// after each load, over every input, because a claim and its sources may
// belong to different inputs. It reads, per relationship type, which values
// differ, and writes only those, deleteBatch at a time, each batch its own
// transaction, so that its memory does not grow with the graph. Upserts set
// knownFrom on what they write, so after a load that changed no source there
// is nothing to write; cut short, the next load derives the rest.
//
// fresh is how many relationships the caller has just written with their
// knownFrom, after the sources they cite. When the graph holds no other
// relationship, as after a first load, none can be out of date, and counting
// them (Neo4j answers from its count store) is all it does.
func (db *DB) DeriveKnownFrom(ctx context.Context, fresh int) error {
	if fresh > 0 {
		_, total, err := db.Count(ctx)
		if err != nil {
			return fmt.Errorf("deriving when claims became known: %w", err)
		}
		if total == fresh {
			return nil
		}
	}
	for _, r := range schema.RelTypes {
		find := fmt.Sprintf(`
MATCH ()-[r:%s]->()
WITH r, [i IN range(0, size(coalesce(r.citeSources, [])) - 1) WHERE r.citeStances[i] = 'SUPPORTS' | r.citeSources[i]] AS ids
CALL (ids) {
  UNWIND ids AS id
  MATCH (s:%s {id: id})
  RETURN min(s.knownFrom) AS known
}
WITH r, known WHERE NOT (r.knownFrom = known) OR (r.knownFrom IS NULL) <> (known IS NULL)
RETURN r.id AS id, known`, r.Type, schema.EntityLabel)
		out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]map[string]any, error) {
			res, err := tx.Run(ctx, find, nil)
			if err != nil {
				return nil, err
			}
			var rows []map[string]any // afresh on each try
			for res.Next(ctx) {
				v := res.Record().Values
				rows = append(rows, map[string]any{"id": v[0], "known": v[1]})
			}
			return rows, res.Err()
		})
		if err != nil {
			return fmt.Errorf("deriving when %s claims became known: %w", r.Type, err)
		}
		rows := out
		set := fmt.Sprintf(`
UNWIND $rows AS row
MATCH ()-[r:%s {id: row.id}]->()
SET r.knownFrom = row.known`, r.Type)
		for start := 0; start < len(rows); start += deleteBatch {
			batch := rows[start:min(start+deleteBatch, len(rows))]
			if _, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, set, map[string]any{"rows": batch})
				if err != nil {
					return nil, err
				}
				if _, err := res.Consume(ctx); err != nil {
					return nil, err
				}
				return nil, db.bumpGeneration(ctx, tx)
			}); err != nil {
				return fmt.Errorf("deriving when %s claims became known: %w", r.Type, err)
			}
		}
	}
	return nil
}

// Reset deletes every node and relationship. It exists for tests and
// benchmarks, which start from an empty graph; it is never called by the
// commands. It deletes relationships, then nodes, deleteBatch at a time, each
// batch its own transaction, so that it fits a small heap however large the
// graph; cut short, it leaves part of the graph, and running it again
// finishes the job.
func (db *DB) Reset(ctx context.Context) error {
	for _, cypher := range []string{
		"MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS n",
		"MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n",
	} {
		for {
			out, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (int64, error) {
				res, err := tx.Run(ctx, cypher, map[string]any{"limit": deleteBatch})
				if err != nil {
					return 0, err
				}
				rec, err := res.Single(ctx)
				if err != nil {
					return 0, err
				}
				n, err := as[int64](rec.Values[0], "the count of deleted records")
				return n, err
			})
			if err != nil {
				return err
			}
			if out < int64(deleteBatch) {
				break
			}
		}
	}
	db.gen.Store("")
	return nil
}

// InputFingerprint returns the fingerprint that the last complete load of
// input recorded (see the loader's Fingerprint), or "" when none did.
func (db *DB) InputFingerprint(ctx context.Context, input string) (string, error) {
	out, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, "OPTIONAL MATCH (m:"+metaLabel+" {id: $id}) RETURN m.fingerprint", map[string]any{"id": inputMetaID(input)})
		if err != nil {
			return "", err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return "", err
		}
		return as[string](rec.Values[0], "an input's fingerprint")
	})
	if err != nil {
		return "", fmt.Errorf("reading the fingerprint of input %s: %w", input, err)
	}
	return out, nil
}

// SetInputFingerprint records input's fingerprint on a meta node of its
// own; "" removes it.
func (db *DB) SetInputFingerprint(ctx context.Context, input, fingerprint string) error {
	cypher := "MERGE (m:" + metaLabel + " {id: $id}) SET m.fingerprint = $fp"
	if fingerprint == "" {
		cypher = "MATCH (m:" + metaLabel + " {id: $id}) DELETE m"
	}
	_, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, map[string]any{"id": inputMetaID(input), "fp": fingerprint})
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		return fmt.Errorf("recording the fingerprint of input %s: %w", input, err)
	}
	return nil
}

// inputMetaID is the id of the meta node that records what input holds.
func inputMetaID(input string) string { return "input:" + input }
