package graphdb

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// KnownGraph reads what an import of input resolves against: every entity
// that another input owns, with the fields resolution reads (names,
// aliases, country, FtM id, a legal action's type, a source's address, title
// and date), and the citations of the sources named in citing, on entities
// and on the relationships of other inputs, for imports that resolve a
// record to the entity the graph already gives it.
func (db *DB) KnownGraph(ctx context.Context, input string, citing []string) (schema.Graph, error) {
	if citing == nil {
		citing = []string{}
	}
	params := map[string]any{"input": input, "citing": citing}
	cites := func(v string) string {
		when := fmt.Sprintf("any(s IN coalesce(%s.citeSources, []) WHERE s IN $citing)", v)
		return fmt.Sprintf("citeSources: CASE WHEN %[1]s THEN %[2]s.citeSources END, citeLocators: CASE WHEN %[1]s THEN %[2]s.citeLocators END, "+
			"citeQuotes: CASE WHEN %[1]s THEN %[2]s.citeQuotes END, citeStances: CASE WHEN %[1]s THEN %[2]s.citeStances END", when, v)
	}
	entities := fmt.Sprintf(`MATCH (n:%s) WHERE n.input <> $input
RETURN n {.id, .kind, .name, .aliases, .country, .ftmId, .actionType, .url, .publishedAt, %s}`, schema.EntityLabel, cites("n"))
	rels := fmt.Sprintf(`MATCH (a)-[r]->(b) WHERE r.input <> $input AND any(s IN coalesce(r.citeSources, []) WHERE s IN $citing)
RETURN r {.id, .status, .citeSources, .citeLocators, .citeQuotes, .citeStances, type: type(r)}, a.id, b.id`)
	g, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (schema.Graph, error) {
		var g schema.Graph // afresh on each try
		var d decoder
		res, err := tx.Run(ctx, entities, params)
		if err != nil {
			return g, err
		}
		for res.Next(ctx) {
			g.Entities = append(g.Entities, entityFromNode(&d, res.Record().Values[0]))
		}
		if err := res.Err(); err != nil {
			return g, err
		}
		if len(citing) > 0 {
			if res, err = tx.Run(ctx, rels, params); err != nil {
				return g, err
			}
			for res.Next(ctx) {
				g.Relationships = append(g.Relationships, relFromTriple(&d, res.Record().Values))
			}
			if err := res.Err(); err != nil {
				return g, err
			}
		}
		return g, d.err
	})
	if err != nil {
		return schema.Graph{}, fmt.Errorf("reading what the graph holds beside input %s: %w", input, err)
	}
	return g, nil
}

// inputSourcesID is the id of the meta node that names the Sources an
// input comes from. It is apart from the input's fingerprint, which a load
// forgets while it runs.
func inputSourcesID(input string) string { return "sources:" + input }

// SetInputSources records the Sources that input comes from (a dataset, an
// imported file), for stats to list; none forgets them.
func (db *DB) SetInputSources(ctx context.Context, input string, sources []string) error {
	cypher := "MERGE (m:" + metaLabel + " {id: $id}) WITH m WHERE coalesce(m.sources, []) <> $sources SET m.sources = $sources, m.input = $input RETURN count(m) AS changed"
	if len(sources) == 0 {
		cypher = "MATCH (m:" + metaLabel + " {id: $id}) DELETE m RETURN count(m) AS changed"
	}
	_, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, cypher, map[string]any{"id": inputSourcesID(input), "input": input, "sources": sources})
		if err != nil {
			return struct{}{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return struct{}{}, err
		}
		n, err := as[int64](rec.Values[0], "the count of changed input records")
		if err != nil || n == 0 {
			return struct{}{}, err
		}
		return struct{}{}, db.bumpGeneration(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("recording the sources of input %s: %w", input, err)
	}
	return nil
}

// Inputs lists the inputs of the graph, each with what it holds and the
// Sources its load named, read in full. The counts read the whole graph and
// are kept until it changes.
func (db *DB) Inputs(ctx context.Context) ([]schema.Input, error) {
	counts := fmt.Sprintf(`MATCH (n:%s) RETURN n.input AS input, 'e' AS what, count(*) AS n
UNION ALL
MATCH ()-[r]->() RETURN r.input AS input, 'r' AS what, count(*) AS n`, schema.EntityLabel)
	sources := fmt.Sprintf(`MATCH (m:%s) WHERE m.id STARTS WITH 'sources:'
UNWIND range(0, size(m.sources) - 1) AS i
OPTIONAL MATCH (s:%s {id: m.sources[i]})
RETURN m.input AS input, i, s`, metaLabel, schema.Source)
	list, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]schema.Input, error) {
		gen, err := generation(ctx, tx)
		if err != nil {
			return nil, err
		}
		rows, err := db.sharedRows(ctx, tx, gen, counts, nil)
		if err != nil {
			return nil, err
		}
		var d decoder
		byName := map[string]*schema.Input{}
		getInput := func(name string) *schema.Input {
			if byName[name] == nil {
				byName[name] = &schema.Input{Name: name}
			}
			return byName[name]
		}
		for _, r := range rows {
			name := get[string](&d, r[0], "an input's name")
			n := get[int64](&d, r[2], "an input's count")
			if name == "" {
				continue
			}
			if r[1] == "e" {
				getInput(name).Entities += int(n)
			} else {
				getInput(name).Relationships += int(n)
			}
		}
		srcRows, err := runRows(ctx, tx, sources, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range srcRows {
			name := get[string](&d, r[0], "an input's name")
			if r[2] == nil || byName[name] == nil {
				continue // a Source since removed, or an input that holds nothing now
			}
			in := getInput(name)
			in.Sources = append(in.Sources, entityFromNode(&d, r[2]))
		}
		list := make([]schema.Input, 0, len(byName))
		for _, in := range byName {
			list = append(list, *in)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		return list, d.err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the inputs: %w", err)
	}
	return list, nil
}
