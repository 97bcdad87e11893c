package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/seed"
	"github.com/survgraph/survgraph/tablemap"
)

const importUsage = `usage:
  survgraph import ftm -input NAME -publisher P -title T -date D -licence L [-url U] [-source-type T] [-official] [-dry-run] FILE...
  survgraph import table -mapping MAP.yaml -input NAME [-dry-run] FILE

ftm reads FollowTheMoney JSON lines (OpenSanctions, Aleph); table reads CSV (any
delimiter), JSON arrays or JSON lines through a declarative mapping (docs/import.md).
Everything is validated before anything is written; -dry-run prints the report and
writes nothing. Loading the same files again changes nothing, and records gone from
them are removed from the graph, within the input NAME only.
`

// reservedInputs are the inputs survgraph loads itself: an import under one
// of their names would delete what they hold.
var reservedInputs = []string{seed.Input, "sii-companies", "sii-transfers", "finfisher-customers", "synthetic"}

func cmdImport(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ftm" && args[0] != "table") {
		fmt.Fprint(stderr, importUsage)
		return errors.New("import: say ftm or table")
	}
	switch args[0] {
	case "ftm":
		return cmdImportFtM(ctx, args[1:], getenv, log, stdout, stderr)
	default:
		return cmdImportTable(ctx, args[1:], getenv, log, stdout, stderr)
	}
}

// importFlags are the flags both imports take.
type importFlags struct {
	input  string
	dryRun bool
	batch  int
	force  bool
}

func (f *importFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&f.input, "input", "", "the input's name (required): the graph records it, so that a reload removes only what this input dropped")
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate and print the report; write nothing")
	fl.IntVar(&f.batch, "batch", 5000, "rows per write transaction")
	fl.BoolVar(&f.force, "force", false, "write even when the graph already holds these very files as this program loaded them")
}

func (f *importFlags) check(fl *flag.FlagSet) error {
	if f.input == "" {
		return errors.New("-input NAME is required")
	}
	if err := schema.CheckID(f.input); err != nil {
		return fmt.Errorf("-input: %v", err)
	}
	if slices.Contains(reservedInputs, f.input) {
		return fmt.Errorf("-input %s is an input survgraph loads itself; an import under its name would delete what it holds", f.input)
	}
	if fl.NArg() == 0 {
		return errors.New("name the files to import")
	}
	return nil
}

// known reads what the graph holds beside the input, with the alias table.
func known(ctx context.Context, db *graphdb.DB, input string, citing []string) (*importer.Known, error) {
	rules, err := readRules()
	if err != nil {
		return nil, err
	}
	g, err := db.KnownGraph(ctx, input, citing)
	if err != nil {
		return nil, err
	}
	return importer.NewKnown(g, rules), nil
}

// finishImport writes a checked import, unless it is a dry run, records its
// Sources for stats, and prints the report.
func finishImport(ctx context.Context, db *graphdb.DB, f importFlags, rep *importer.Report, load func(loader.Options) (*importer.Report, error), stdout io.Writer) error {
	if f.dryRun {
		_, err := rep.WriteTo(stdout)
		return err
	}
	version := programVersion()
	if f.force {
		version = ""
	}
	rep, err := load(loader.Options{BatchSize: f.batch, Progress: stdout, Version: version})
	if err != nil {
		return err
	}
	if err := db.SetInputSources(ctx, f.input, rep.Sources); err != nil {
		return err
	}
	_, err = rep.WriteTo(stdout)
	return err
}

func cmdImportFtM(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("import ftm", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var f importFlags
	f.register(fl)
	publisher := fl.String("publisher", "", "who published the files (required)")
	title := fl.String("title", "", "the files' title (required)")
	url := fl.String("url", "", "where the files can be found")
	date := fl.String("date", "", "when the files were published: YYYY, YYYY-MM or YYYY-MM-DD (required)")
	licence := fl.String("licence", "", "the files' licence, such as \"CC BY-NC 4.0\" (required)")
	sourceType := fl.String("source-type", "DATASET", "the files' Source type; the claims' basis follows from it (GOVERNMENT_DOCUMENT: DOCUMENT, LEAK: LEAK, ... otherwise PRESS)")
	official := fl.Bool("official", false, "the files are an official list or registry: their claims are CONFIRMED and rest on DOCUMENT (otherwise REPORTED)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if err := f.check(fl); err != nil {
		return fmt.Errorf("import ftm: %w", err)
	}
	props := map[string]any{"sourceType": *sourceType, "publisher": *publisher, "name": *title, "licence": *licence}
	if *url != "" {
		props["url"] = *url
	}
	var problems []string
	spec := schema.Source.Spec()
	for name, v := range props {
		field, _ := spec.Field(name)
		if v == "" {
			continue // NewFtM names every one missing
		}
		if x, err := schema.CheckValue(field, v); err != nil {
			problems = append(problems, fmt.Sprintf("-%s: %v", flagOf(name), err))
		} else {
			props[name] = x
		}
	}
	if *date != "" {
		d, err := schema.ParseDate(*date)
		if err != nil {
			problems = append(problems, fmt.Sprintf("-date: %v", err))
		}
		props["publishedAt"] = d
	}
	for k, v := range props {
		if v == "" {
			delete(props, k)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("import ftm: %s", strings.Join(problems, "; "))
	}
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	k, err := known(ctx, db, f.input, nil)
	if err != nil {
		return err
	}
	im, err := importer.NewFtM(ctx, k, importer.FtMOptions{Input: f.input, Files: fl.Args(), Official: *official,
		Source: schema.Entity{Props: props}, Now: time.Now(), Progress: stdout})
	if err != nil {
		return fmt.Errorf("import ftm: %w", err)
	}
	rep, err := im.Check(ctx)
	if err != nil {
		rep.WriteTo(stdout)
		return fmt.Errorf("import ftm: %w", err)
	}
	return finishImport(ctx, db, f, rep, func(opt loader.Options) (*importer.Report, error) { return im.Load(ctx, db, opt) }, stdout)
}

// flagOf is the flag that sets a Source field.
func flagOf(field string) string {
	switch field {
	case "name":
		return "title"
	case "sourceType":
		return "source-type"
	}
	return field
}

func cmdImportTable(ctx context.Context, args []string, getenv func(string) string, log *slog.Logger, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("import table", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var f importFlags
	f.register(fl)
	mapping := fl.String("mapping", "", "the mapping file (required; docs/import.md)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if err := f.check(fl); err != nil {
		return fmt.Errorf("import table: %w", err)
	}
	if *mapping == "" {
		return errors.New("import table: -mapping MAP.yaml is required")
	}
	if fl.NArg() != 1 {
		return errors.New("import table: name one file; a mapping reads one table")
	}
	data, err := os.ReadFile(*mapping)
	if err != nil {
		return fmt.Errorf("import table: %w", err)
	}
	m, err := tablemap.Parse(data, *mapping)
	if err != nil {
		return fmt.Errorf("import table: %w", err)
	}
	db, err := openDB(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	k, err := known(ctx, db, f.input, m.CitedSources())
	if err != nil {
		return err
	}
	im, err := importer.NewTable(k, importer.TableOptions{Input: f.input, File: fl.Arg(0), Mapping: m, Now: time.Now(), Progress: stdout})
	if err != nil {
		return fmt.Errorf("import table: %w", err)
	}
	rep, err := im.Check(ctx)
	if err != nil {
		rep.WriteTo(stdout)
		return fmt.Errorf("import table: %w", err)
	}
	return finishImport(ctx, db, f, rep, func(opt loader.Options) (*importer.Report, error) { return im.Load(ctx, db, opt) }, stdout)
}
