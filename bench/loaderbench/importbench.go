package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/tablemap"
)

// importMapping reads the benchmark's CSV: each row a vendor, a Company of
// its own, and its SUPPLIED claim to the government of one of a hundred
// states, citing one constant Source.
const importMapping = `input:
  format: csv
source:
  id: loaderbench-table
  sourceType: DATASET
  name: Synthetic supplies for the loader benchmark
  publisher: survgraph loaderbench
  publishedAt: "2024"
entities:
  - as: vendor
    kind: Company
    id: '{{.id}}'
    name: '{{.name}}'
    country: '{{.country}}'
    citation:
      locator: 'row {{._row}}'
  - as: buyer
    government: '{{.buyer}}'
    citation:
      locator: 'row {{._row}}'
relationships:
  - type: SUPPLIED
    from: vendor
    to: buyer
    status: REPORTED
    basis: PRESS
    start: '{{.year}}'
    amount: '{{.value}}'
    currency: EUR
    summary: 'Synthetic supply {{.id}}.'
    citation:
      quote: '{{.name}} to {{.buyer}}'
      locator: 'row {{._row}}'
`

// writeImportCSV writes rows of synthetic supplies, the same on every run.
func writeImportCSV(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	codes := []string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if c := string([]rune{a, b}); schema.CheckCountry(c) == nil {
				codes = append(codes, c)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fmt.Fprintln(w, "id,name,country,buyer,year,value")
	for i := range rows {
		fmt.Fprintf(w, "vendor-%07d,Vendor %d,%s,%s,%d,%d\n", i, i, codes[rng.IntN(len(codes))], codes[rng.IntN(100)],
			1995+rng.IntN(25), 1000+rng.IntN(1000000))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// importResult is one run of the import comparison.
type importResult struct {
	round int
	mode  string // raw or import
	wall  time.Duration
	check time.Duration // import only: reading, mapping and validating before any write
	// Writing entities and relationships (for the import, the time its
	// batches spent in Neo4j, while the next was being read), and the
	// import's delete and derive passes.
	entities, rels, tail time.Duration
}

// runImportBench compares `survgraph import table` on a CSV of rows rows
// with the raw UNWIND/MERGE baseline writing the same records, each into an
// emptied database, and prints the rows/s of each, counting input rows.
func runImportBench(ctx context.Context, w io.Writer, db *graphdb.DB, driver neo4j.DriverWithContext, rows, batch, rounds int, log func(string, ...any)) error {
	dir, err := os.MkdirTemp("", "loaderbench-import")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	csvPath := filepath.Join(dir, "supplies.csv")
	log("import: writing %d rows to %s", rows, csvPath)
	if err := writeImportCSV(csvPath, rows); err != nil {
		return err
	}
	st, _ := os.Stat(csvPath)
	m, err := tablemap.Parse([]byte(importMapping), "loaderbench mapping")
	if err != nil {
		return err
	}
	newImport := func(known schema.Graph) (*importer.TableImport, error) {
		return importer.NewTable(importer.NewKnown(known, nil), importer.TableOptions{Input: "loaderbench-table", File: csvPath, Mapping: m})
	}
	// The raw baseline writes what the import writes, built beforehand.
	log("import: mapping the rows for the raw baseline (not timed)")
	im, err := newImport(schema.Graph{})
	if err != nil {
		return err
	}
	if _, err := im.Check(ctx); err != nil {
		return err
	}
	g, _, _, err := im.Graph(ctx)
	if err != nil {
		return err
	}
	var results []importResult
	for round := 1; round <= rounds; round++ {
		order := []string{"raw", "import"}
		if round%2 == 0 {
			slices.Reverse(order)
		}
		for _, mode := range order {
			log("import round %d, %s: emptying the database", round, mode)
			if err := db.Reset(ctx); err != nil {
				return err
			}
			if err := db.EnsureSchema(ctx); err != nil {
				return err
			}
			res := importResult{round: round, mode: mode}
			t := time.Now()
			switch mode {
			case "raw":
				r, err := runRaw(ctx, driver, g, batch)
				if err != nil {
					return err
				}
				res.entities, res.rels = r.entities, r.rels
			case "import":
				// What `survgraph import table` does once connected: read what
				// the graph holds, check the file, then load it.
				// The profile and the trace cover the first import run when no
				// loader run came before.
				startProfile()
				startTrace()
				store := &timedStore{DB: db}
				err := func() error {
					defer stopProfile()
					defer stopTrace()
					known, err := db.KnownGraph(ctx, "loaderbench-table", m.CitedSources())
					if err != nil {
						return err
					}
					im, err := newImport(known)
					if err != nil {
						return err
					}
					if _, err := im.Check(ctx); err != nil {
						return err
					}
					res.check = time.Since(t)
					_, err = im.Load(ctx, store, loader.Options{BatchSize: batch})
					return err
				}()
				if err != nil {
					return err
				}
				res.entities, res.rels, res.tail = store.entities, store.rels, store.deletes+store.derive
			}
			res.wall = time.Since(t)
			if err := check(ctx, driver, len(g.Entities), len(g.Relationships)); err != nil {
				return fmt.Errorf("import round %d, %s: %w", round, mode, err)
			}
			log("  %s: %s (%.0f rows/s)", mode, sec(res.wall), float64(rows)/res.wall.Seconds())
			results = append(results, res)
		}
	}
	reportImport(w, results, rows, st.Size(), len(g.Entities), len(g.Relationships), batch)
	return nil
}

func reportImport(w io.Writer, results []importResult, rows int, size int64, entities, relationships, batch int) {
	fmt.Fprintf(w, "A CSV of %s rows (%.0f MB), each a vendor and its supply to one of a hundred governments: %s entities and %s relationships to write, batches of %d rows.\n\n",
		commas(rows), float64(size)/1e6, commas(entities), commas(relationships), batch)
	fmt.Fprintln(w, "| round | mode | wall time | of which checking the file | writing entities | writing relationships | delete and derive | input rows/s |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|")
	by := map[string][]float64{}
	for _, r := range results {
		checkCol, tailCol := "–", "–"
		if r.mode == "import" {
			checkCol, tailCol = sec(r.check), sec(r.tail)
		}
		rate := float64(rows) / r.wall.Seconds()
		by[r.mode] = append(by[r.mode], rate)
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.round, r.mode, sec(r.wall), checkCol,
			sec(r.entities), sec(r.rels), tailCol, commas(int(rate)))
	}
	med := medianOf
	if len(by["raw"]) > 0 && len(by["import"]) > 0 {
		fmt.Fprintf(w, "\nImport/raw (ratio of the median input rows/s): **%.2f×** (%s against %s rows/s).\n",
			med(by["import"])/med(by["raw"]), commas(int(med(by["import"]))), commas(int(med(by["raw"]))))
	}
}
