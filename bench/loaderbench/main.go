// Command loaderbench compares survgraph's loader with a minimal raw-driver
// baseline on the same synthetic graph (package synthetic), into the same
// Neo4j, with the same constraints and indexes and the same batch size.
//
//	loaderbench -uri bolt://127.0.0.1:7695 -entities 100000 -relationships 500000 -rounds 3
//
// Each round runs both modes, alternating which goes first, each into an
// emptied database (graphdb.Reset, which deletes in batches):
//
//   - raw: one managed write transaction per batch of
//     UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props, n:Kind
//     and, per relationship type,
//     UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
//     MERGE (a)-[r:TYPE {id: row.id}]->(b) SET r += row.props
//     with the properties the loader stores (no content hash).
//   - loader: loader.Load with the graphdb store, as `survgraph synthetic`
//     does (content hashes, created/updated/unchanged counts, the delete of
//     what the input no longer holds, and the derived knownFrom dates).
//
// Both are checked afterwards: the graph must hold exactly the entities and
// relationships generated. It prints a Markdown table of every run, the
// medians and the loader/raw ratios. Validation and generation are not timed.
//
// -cpuprofile and -trace write a Go CPU profile and an execution trace of
// the loader runs; -only raw|loader runs one mode.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/synthetic"
)

func main() {
	uri := flag.String("uri", "bolt://127.0.0.1:7695", "the Neo4j to write to: it is emptied before every run")
	entities := flag.Int("entities", 100000, "synthetic entities")
	relationships := flag.Int("relationships", 500000, "synthetic relationships")
	seed := flag.Uint64("seed", 1, "synthetic seed")
	batch := flag.Int("batch", 5000, "rows per write transaction, for both modes (survgraph synthetic's default)")
	rounds := flag.Int("rounds", 3, "rounds; each runs raw and loader once")
	only := flag.String("only", "", "run only this mode: raw, loader, or import (the import against its raw baseline)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the loader runs here")
	tracefile := flag.String("trace", "", "write an execution trace of the loader runs here")
	reload := flag.Bool("reload", false, "after each loader run, load the same graph again and time that too (nothing changes)")
	importRows := flag.Int("import-rows", 0, "also compare `survgraph import table` on a CSV of this many rows with the raw baseline writing the same records (0: no import row; -only import runs it alone)")
	flag.Parse()
	if err := run(os.Stdout, *uri, synthetic.Shape{Entities: *entities, Relationships: *relationships, Seed: *seed},
		*batch, *rounds, *only, *cpuprofile, *tracefile, *reload, *importRows); err != nil {
		fmt.Fprintln(os.Stderr, "loaderbench:", err)
		os.Exit(1)
	}
}

// result is what one run measured.
type result struct {
	round                 int
	mode                  string
	wall                  time.Duration // everything timed, schema to the end
	entities, rels        time.Duration // writing entities, writing relationships
	deletes, derive       time.Duration // loader only
	reload                time.Duration // loader only, with -reload
	nEntities, nRelations int
}

func (r result) entityRate() float64 { return float64(r.nEntities) / r.entities.Seconds() }
func (r result) relRate() float64    { return float64(r.nRelations) / r.rels.Seconds() }
func (r result) rowRate() float64 {
	return float64(r.nEntities+r.nRelations) / r.wall.Seconds()
}

func run(w io.Writer, uri string, shape synthetic.Shape, batch, rounds int, only, cpuprofile, tracefile string, reload bool, importRows int) error {
	ctx := context.Background()
	log := func(format string, a ...any) { fmt.Fprintf(os.Stderr, "loaderbench: "+format+"\n", a...) }
	if only == "import" {
		shape = synthetic.Shape{Seed: shape.Seed}
	}

	log("generating %d entities, %d relationships (seed %d)", shape.Entities, shape.Relationships, shape.Seed)
	g := synthetic.Generate(shape)
	if _, err := loader.ValidateWith("", nil, nil, time.Now(), loader.Part{File: "synthetic", Graph: g}); err != nil {
		return fmt.Errorf("the synthetic graph is invalid: %w", err)
	}

	db, err := graphdb.Open(ctx, graphdb.Config{URI: uri}, nil)
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)

	// The profile and the trace cover the first loader run.
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		done := false
		startProfile = func() {
			if !done {
				pprof.StartCPUProfile(f)
			}
		}
		stopProfile = func() {
			if !done {
				pprof.StopCPUProfile()
				done = true
			}
		}
	}
	if tracefile != "" {
		f, err := os.Create(tracefile)
		if err != nil {
			return err
		}
		defer f.Close()
		done := false
		startTrace = func() {
			if !done {
				trace.Start(f)
			}
		}
		stopTrace = func() {
			if !done {
				trace.Stop()
				done = true
			}
		}
	}

	modes := []string{"raw", "loader"}
	switch only {
	case "":
	case "import":
		modes = nil
	default:
		modes = []string{only}
	}
	var results []result
	for round := 1; round <= rounds; round++ {
		order := slices.Clone(modes)
		if round%2 == 0 {
			slices.Reverse(order)
		}
		for _, mode := range order {
			log("round %d, %s: emptying the database", round, mode)
			t := time.Now()
			if err := db.Reset(ctx); err != nil {
				return fmt.Errorf("emptying the database: %w", err)
			}
			log("  emptied in %s", time.Since(t).Round(time.Millisecond))
			if err := db.EnsureSchema(ctx); err != nil {
				return err
			}
			var res result
			switch mode {
			case "raw":
				res, err = runRaw(ctx, driver, g, batch)
			case "loader":
				res, err = runLoader(ctx, db, g, batch, reload)
			default:
				return fmt.Errorf("unknown mode %q", mode)
			}
			if err != nil {
				return fmt.Errorf("round %d, %s: %w", round, mode, err)
			}
			if err := check(ctx, driver, len(g.Entities), len(g.Relationships)); err != nil {
				return fmt.Errorf("round %d, %s: %w", round, mode, err)
			}
			res.round, res.mode = round, mode
			res.nEntities, res.nRelations = len(g.Entities), len(g.Relationships)
			log("  %s: wall %s, entities %s (%.0f/s), relationships %s (%.0f/s), delete %s, derive %s, reload %s",
				mode, sec(res.wall), sec(res.entities), res.entityRate(), sec(res.rels), res.relRate(),
				sec(res.deletes), sec(res.derive), sec(res.reload))
			results = append(results, res)
		}
	}
	if len(results) > 0 {
		report(w, results, len(g.Entities), len(g.Relationships), batch)
	}
	if importRows > 0 {
		if len(results) > 0 {
			fmt.Fprintln(w)
		}
		return runImportBench(ctx, w, db, driver, importRows, batch, rounds, log)
	}
	return nil
}

var startProfile, stopProfile, startTrace, stopTrace = func() {}, func() {}, func() {}, func() {}

func sec(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// timedStore times what the loader asks of the graphdb store, by phase.
type timedStore struct {
	*graphdb.DB
	entities, rels, deletes, derive time.Duration
}

func (s *timedStore) UpsertEntities(ctx context.Context, input string, kind schema.Kind, batch []schema.Entity) (loader.Counts, error) {
	defer func(t time.Time) { s.entities += time.Since(t) }(time.Now())
	return s.DB.UpsertEntities(ctx, input, kind, batch)
}

func (s *timedStore) UpsertRelationships(ctx context.Context, input string, t schema.RelType, batch []schema.Relationship, sourcesKnownFrom map[string]time.Time) (loader.Counts, error) {
	defer func(t time.Time) { s.rels += time.Since(t) }(time.Now())
	return s.DB.UpsertRelationships(ctx, input, t, batch, sourcesKnownFrom)
}

func (s *timedStore) DeleteAbsent(ctx context.Context, input string, keepE, keepR []string) (loader.Deleted, error) {
	defer func(t time.Time) { s.deletes += time.Since(t) }(time.Now())
	return s.DB.DeleteAbsent(ctx, input, keepE, keepR)
}

func (s *timedStore) DeriveKnownFrom(ctx context.Context, fresh int) error {
	defer func(t time.Time) { s.derive += time.Since(t) }(time.Now())
	return s.DB.DeriveKnownFrom(ctx, fresh)
}

func runLoader(ctx context.Context, db *graphdb.DB, g schema.Graph, batch int, reload bool) (result, error) {
	store := &timedStore{DB: db}
	startProfile()
	startTrace()
	t := time.Now()
	rep, err := loader.Load(ctx, store, synthetic.Input, g, loader.Options{BatchSize: batch})
	wall := time.Since(t)
	stopTrace()
	stopProfile()
	if err != nil {
		return result{}, err
	}
	e, r := rep.Totals()
	if e.Created != len(g.Entities) || r.Created != len(g.Relationships) {
		return result{}, fmt.Errorf("the loader reported %d entities and %d relationships created, want %d and %d",
			e.Created, r.Created, len(g.Entities), len(g.Relationships))
	}
	res := result{wall: wall, entities: store.entities, rels: store.rels, deletes: store.deletes, derive: store.derive}
	if reload {
		t := time.Now()
		rep, err := loader.Load(ctx, db, synthetic.Input, g, loader.Options{BatchSize: batch})
		if err != nil {
			return result{}, fmt.Errorf("reloading: %w", err)
		}
		res.reload = time.Since(t)
		if rep.Changed() {
			return result{}, fmt.Errorf("reloading the same graph changed it")
		}
	}
	return res, nil
}

// runRaw writes g with the simplest correct statements, one managed write
// transaction per batch, entities by kind then relationships by type, as the
// loader orders them.
func runRaw(ctx context.Context, driver neo4j.DriverWithContext, g schema.Graph, batch int) (result, error) {
	byKind := map[schema.Kind][]map[string]any{}
	for _, e := range g.Entities {
		byKind[e.Kind] = append(byKind[e.Kind], rawEntity(e))
	}
	byType := map[schema.RelType][]map[string]any{}
	for _, r := range g.Relationships {
		byType[r.Type] = append(byType[r.Type], rawRelationship(r))
	}
	var res result
	began := time.Now()
	for _, spec := range schema.Kinds {
		cypher := fmt.Sprintf("UNWIND $rows AS row MERGE (n:%s {id: row.id}) SET n += row.props, n:%s", schema.EntityLabel, spec.Kind)
		if err := rawBatches(ctx, driver, cypher, byKind[spec.Kind], batch); err != nil {
			return res, fmt.Errorf("%s entities: %w", spec.Kind, err)
		}
	}
	res.entities = time.Since(began)
	t := time.Now()
	for _, spec := range schema.RelTypes {
		cypher := fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from}) MATCH (b:%[1]s {id: row.to})
MERGE (a)-[r:%[2]s {id: row.id}]->(b) SET r += row.props`, schema.EntityLabel, spec.Type)
		if err := rawBatches(ctx, driver, cypher, byType[spec.Type], batch); err != nil {
			return res, fmt.Errorf("%s relationships: %w", spec.Type, err)
		}
	}
	res.rels = time.Since(t)
	res.wall = time.Since(began)
	return res, nil
}

func rawBatches(ctx context.Context, driver neo4j.DriverWithContext, cypher string, rows []map[string]any, size int) error {
	s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer s.Close(ctx)
	for start := 0; start < len(rows); start += size {
		batch := rows[start:min(start+size, len(rows))]
		if _, err := s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, cypher, map[string]any{"rows": batch})
			if err != nil {
				return nil, err
			}
			return res.Consume(ctx)
		}); err != nil {
			return err
		}
	}
	return nil
}

// rawEntity holds the properties the loader stores on an entity's node,
// without its content hash.
func rawEntity(e schema.Entity) map[string]any {
	props := map[string]any{"id": e.ID, "kind": string(e.Kind), "input": synthetic.Input}
	for name, v := range e.Props {
		if d, ok := v.(schema.Date); ok {
			props[name] = d.String()
			continue
		}
		props[name] = v
	}
	if aliases, ok := e.Props["aliases"].([]string); ok {
		props["aliasesText"] = strings.Join(aliases, "\n")
	}
	citations(props, e.Citations)
	if d, ok := e.Props["publishedAt"].(schema.Date); ok && e.Kind == schema.Source {
		props["knownFrom"] = dbtype.Date(d.Latest())
	}
	return map[string]any{"id": e.ID, "props": props}
}

// rawRelationship holds the properties the loader stores on a relationship,
// without its content hash.
func rawRelationship(r schema.Relationship) map[string]any {
	props := map[string]any{"id": r.ID, "input": synthetic.Input, "status": string(r.Status), "statusRank": int64(r.Status.Rank()), "startKey": ""}
	if r.Summary != "" {
		props["summary"] = r.Summary
	}
	if !r.Period.Start.IsZero() {
		props["start"] = r.Period.Start.String()
		props["startFrom"] = dbtype.Date(r.Period.Start.Earliest())
		props["startKey"] = r.Period.Start.Earliest().Format(time.DateOnly)
	}
	if !r.Period.End.IsZero() {
		props["end"] = r.Period.End.String()
		props["endUntil"] = dbtype.Date(r.Period.End.Latest())
	}
	citations(props, r.Citations)
	return map[string]any{"id": r.ID, "from": r.From, "to": r.To, "props": props}
}

func citations(props map[string]any, cites []schema.Citation) {
	if len(cites) == 0 {
		return
	}
	var src, quote, loc, stance []string
	for _, c := range cites {
		src, quote, loc, stance = append(src, c.Source), append(quote, c.Quote), append(loc, c.Locator), append(stance, string(c.Stance))
	}
	props["citeSources"], props["citeQuotes"], props["citeLocators"], props["citeStances"] = src, quote, loc, stance
}

// check counts the entities and relationships the database holds. The
// loader also keeps a node of its own (the graph's generation token), which
// is not an entity, so nodes are counted by the entity label.
func check(ctx context.Context, driver neo4j.DriverWithContext, entities, relationships int) error {
	s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer s.Close(ctx)
	out, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, fmt.Sprintf(`MATCH (n:%s) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r`, schema.EntityLabel), nil)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		return rec.Values, nil
	})
	if err != nil {
		return err
	}
	v := out.([]any)
	if n, r := v[0].(int64), v[1].(int64); n != int64(entities) || r != int64(relationships) {
		return fmt.Errorf("the database holds %d entities and %d relationships, want %d and %d", n, r, entities, relationships)
	}
	return nil
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return medianOf(v)
}

// medianOf sorts v and returns its median, 0 for none.
func medianOf(v []float64) float64 {
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func report(w io.Writer, results []result, entities, relationships, batch int) {
	fmt.Fprintf(w, "%s entities, %s relationships, batches of %d rows.\n\n",
		commas(entities), commas(relationships), batch)
	fmt.Fprintln(w, "| round | mode | wall time | entities | entities/s | relationships | relationships/s | delete absent | derive knownFrom | rows/s overall |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	slices.SortStableFunc(results, func(a, b result) int { return cmp.Compare(a.round, b.round) })
	for _, r := range results {
		del, derive := "–", "–"
		if r.mode == "loader" {
			del, derive = sec(r.deletes), sec(r.derive)
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.round, r.mode, sec(r.wall),
			sec(r.entities), commas(int(r.entityRate())), sec(r.rels), commas(int(r.relRate())),
			del, derive, commas(int(r.rowRate())))
	}
	by := map[string][]result{}
	for _, r := range results {
		by[r.mode] = append(by[r.mode], r)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Medians:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| mode | runs | wall time | entities/s | relationships/s | rows/s overall |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	wall := func(r result) float64 { return r.wall.Seconds() }
	for _, mode := range []string{"raw", "loader"} {
		rs := by[mode]
		if len(rs) == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %.1f s | %s | %s | %s |\n", mode, len(rs), median(rs, wall),
			commas(int(median(rs, result.entityRate))), commas(int(median(rs, result.relRate))), commas(int(median(rs, result.rowRate))))
	}
	if len(by["raw"]) > 0 && len(by["loader"]) > 0 {
		ratio := func(f func(result) float64) float64 { return median(by["loader"], f) / median(by["raw"], f) }
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Loader/raw (ratio of the medians): entities/s **%.2f×**, relationships/s **%.2f×**, "+
			"rows/s over the whole wall time (the loader's includes deleting what is absent and deriving knownFrom) **%.2f×**.\n",
			ratio(result.entityRate), ratio(result.relRate), ratio(result.rowRate))
	}
	var reloads []float64
	for _, r := range by["loader"] {
		if r.reload > 0 {
			reloads = append(reloads, r.reload.Seconds())
		}
	}
	if len(reloads) > 0 {
		slices.Sort(reloads)
		fmt.Fprintf(w, "\nLoading the same graph again (nothing changes, every row is compared by its hash): median %.1f s over %d runs.\n",
			reloads[len(reloads)/2], len(reloads))
	}
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
