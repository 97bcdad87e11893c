package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/tablemap"
)

// runTable imports file through the mapping at mapPath against the known
// graph, as `survgraph import table -dry-run` does, and gathers the records.
func runTable(t *testing.T, mapPath, file string) (*importer.Report, schema.Graph, error) {
	t.Helper()
	data, err := os.ReadFile(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	m, err := tablemap.Parse(data, mapPath)
	if err != nil {
		return nil, schema.Graph{}, err
	}
	ctx := context.Background()
	im, err := importer.NewTable(importer.NewKnown(knownGraph(), nil), importer.TableOptions{Input: "table", File: file, Mapping: m, Now: testNow})
	if err != nil {
		return nil, schema.Graph{}, err
	}
	rep, err := im.Check(ctx)
	if err != nil {
		return rep, schema.Graph{}, err
	}
	g, _, _, err := im.Graph(ctx)
	return rep, g, err
}

func TestTableExamples(t *testing.T) {
	t.Run("licences", func(t *testing.T) {
		rep, g, err := runTable(t, "testdata/table/licences.yaml", "testdata/table/licences.csv")
		if err != nil {
			t.Fatal(err)
		}
		es, rs := byID(g)
		if e := es["bahrain-ministry-of-interior"]; e.Kind != schema.Agency || e.Props["country"] != "BH" || e.Name() != "Ministry of Interior (Bahrain)" {
			t.Errorf("end user: %+v", e)
		}
		if _, ok := es["qosmos"]; ok {
			t.Error("qosmos is redefined; the graph holds it")
		}
		r := rs["nimbus-interception-ltd.supplied.bahrain-ministry-of-interior.monitoring-centre-2012-05-03"]
		if r.Status != schema.Alleged || r.Basis != schema.BasisExportStatistics || r.Amount != 1200000 || r.Currency != "EUR" ||
			r.Period.Start != schema.MustDate("2012-05-03") || len(r.Citations) != 1 || r.Citations[0].Locator != "row 2" {
			t.Errorf("licence: %+v", r)
		}
		if r := rs["qosmos.supplied.syria-government.deep-packet-inspection-2011-03-15"]; r.Amount != 0 || r.Currency != "" {
			t.Errorf("a licence without a value: %+v", r)
		}
		// Two rows, two reports: one claim citing both.
		if p := rs["saudi-arabia-general-intelligence-presidency.part-of.saudi-arabia-government"]; len(p.Citations) != 2 {
			t.Errorf("merged PART_OF: %+v", p.Citations)
		}
		// One document, one Source: the two rows of 2012-Q2 cite one.
		sources := 0
		for _, e := range g.Entities {
			if e.Kind == schema.Source {
				sources++
			}
		}
		if sources != 4 {
			t.Errorf("%d Sources, want one per quarterly report (4)", sources)
		}
		golden(t, "testdata/table/licences.report.golden", report(rep))
	})
	t.Run("officers", func(t *testing.T) {
		rep, g, err := runTable(t, "testdata/table/officers.yaml", "testdata/table/officers.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		es, rs := byID(g)
		if a := es["registry-gb-01234567-jane-roe"].Props["aliases"]; len(a.([]string)) != 2 {
			t.Errorf("aliases split on ';': %v", a)
		}
		if r := rs["registry-gb-01234567-jane-roe.owns.registry-gb-01234567"]; r.Share != 25.5 || r.Status != schema.Confirmed || r.Basis != schema.BasisDocument {
			t.Errorf("shareholding: %+v", r)
		}
		if r := rs["registry-gb-01234567-john-roe.heads.registry-gb-01234567.secretary"]; r.Role != "secretary" || r.Period.End != schema.MustDate("2014-12-31") {
			t.Errorf("directorship: %+v", r)
		}
		// One row, two claims.
		if _, ok := rs["registry-de-hrb-99999-erika-muster.owns.registry-de-hrb-99999"]; !ok {
			t.Error("no OWNS claim from the row that also makes a HEADS claim")
		}
		golden(t, "testdata/table/officers.report.golden", report(rep))
	})
}

// TestTableStableIDs: the same rows give the same records on every run.
func TestTableStableIDs(t *testing.T) {
	_, a, err := runTable(t, "testdata/table/licences.yaml", "testdata/table/licences.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := runTable(t, "testdata/table/licences.yaml", "testdata/table/licences.csv")
	if x, y := canonical(t, a), canonical(t, b); strings.Join(x, "\n") != strings.Join(y, "\n") {
		t.Error("two runs on the same rows differ")
	}
}

// TestTableBadMapping gives a mapping that breaks each rule and wants every
// problem named with its line and path, and no import.
func TestTableBadMapping(t *testing.T) {
	base := "source: {id: s, sourceType: DATASET, name: S, publisher: P, publishedAt: \"2020\"}\n"
	ent := "entities:\n  - as: a\n    kind: Company\n    id: '{{slug .name}}'\n    name: '{{.name}}'\n    citation: {locator: 'row {{._row}}'}\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown top-level key", base + ent + "colums: []\n", "field colums not found"},
		{"unknown key in a value", base + "columns:\n  - name: x\n    from: a\n    regx: b\n" + ent, "field regx not found in a value"},
		{"no source", ent, "source: give a constant source, a rowSource, or both"},
		{"a source without a date", "source: {id: s, sourceType: DATASET, name: S, publisher: P}\n" + ent, "source.publishedAt: missing"},
		{"unknown format", base + "input: {format: xlsx}\n" + ent, `input.format: "xlsx" is not one of csv, json, jsonl`},
		{"a delimiter of two characters", base + "input: {delimiter: ';;'}\n" + ent, "is not one character"},
		{"no header and no columns", base + "input: {header: false}\n" + ent, "input.columns: a CSV file without a header needs its columns named"},
		{"unknown kind", base + strings.Replace(ent, "Company", "Firm", 1), `entities[0].kind: "Firm" is not an entity kind`},
		{"unknown field", base + ent + "    fields: {founder: x}\n", "entities[0].fields.founder: Company has no such field"},
		{"no id", base + strings.Replace(ent, "    id: '{{slug .name}}'\n", "", 1), "entities[0].id: missing"},
		{"no citation", base + strings.Replace(ent, "    citation: {locator: 'row {{._row}}'}\n", "", 1), "entities[0].citation: missing"},
		{"a broken template", base + strings.Replace(ent, "'{{.name}}'", "'{{.name'", 1), "entities[0].name: template"},
		{"a broken regular expression", base + "columns:\n  - name: x\n    from: a\n    regex: '('\n" + ent, "columns[0]: regex"},
		{"a date format without a year", base + "columns:\n  - name: x\n    from: a\n    date: [DD.MM]\n" + ent, "has no year"},
		{"an unknown country mode", base + "columns:\n  - name: x\n    from: a\n    country: iso3\n" + ent, `country: "iso3" is not code, prefix or rest`},
		{"a column named with _", base + "columns:\n  - name: _row\n    from: a\n" + ent, "may not start with _"},
		{"a skip without a reason", base + ent + "skip:\n  - when: '{{.x}}'\n", "skip[0].reason: say why"},
		{"unknown relationship type", base + ent + "relationships:\n  - {type: SOLD, from: a, to: a, status: REPORTED, basis: PRESS, citation: {}}\n", `"SOLD" is not a relationship type`},
		{"a relationship to no entity", base + ent + "relationships:\n  - {type: PARTNERED_WITH, from: a, to: b, status: REPORTED, basis: PRESS, citation: {}}\n", `relationships[0].to: no entity of the mapping is named "b"`},
		{"a relationship without a basis", base + ent + "relationships:\n  - {type: PARTNERED_WITH, from: a, to: a, status: REPORTED, citation: {}}\n", "relationships[0].basis: missing"},
		{"a relationship without a citation", base + ent + "relationships:\n  - {type: PARTNERED_WITH, from: a, to: a, status: REPORTED, basis: PRESS}\n", "relationships[0].citation: missing"},
		{"a share where the type takes none", base + ent + "relationships:\n  - {type: PARTNERED_WITH, from: a, to: a, status: REPORTED, basis: PRESS, share: '5', citation: {}}\n", "PARTNERED_WITH takes no share"},
		{"a resolve step of two kinds", base + "entities:\n  - as: a\n    resolve:\n      - {alias: x, id: y}\n", "give one of cited, alias, name or id"},
		{"a government beside a kind", base + "entities:\n  - as: a\n    government: '{{.c}}'\n    kind: Government\n", "give no kind, id or name beside it"},
		{"nothing to make", base, "the mapping makes nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tablemap.Parse([]byte(tt.yaml), "bad.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.yaml:") {
				t.Errorf("Parse: %v\nwant an error at bad.yaml:LINE saying %q", err, tt.want)
			}
		})
	}
}

// TestTableBadRows gives rows that break each rule and wants each problem
// named with its file, row, part and rule, and nothing to write.
func TestTableBadRows(t *testing.T) {
	mapping := `input: {format: csv}
source: {id: s, sourceType: DATASET, name: S, publisher: P, publishedAt: "2020"}
columns:
  - name: day
    from: date
    date: [DD/MM/YYYY]
  - name: state
    from: country
    country: code
entities:
  - as: vendor
    kind: Company
    id: '{{.id}}'
    name: '{{.name}}'
    country: '{{.state}}'
    citation: {locator: 'row {{._row}}'}
  - as: buyer
    government: '{{.state}}'
    citation: {locator: 'row {{._row}}'}
relationships:
  - type: SUPPLIED
    from: vendor
    to: buyer
    status: '{{.status}}'
    basis: PRESS
    start: '{{.day}}'
    amount: '{{.amount}}'
    currency: EUR
    citation: {quote: '{{.name}}', locator: 'row {{._row}}'}
`
	header := "id,name,country,date,status,amount\n"
	good := "acme,Acme,France,01/02/2010,REPORTED,100\n"
	tests := []struct{ name, rows, want string }{
		{"a date not in the format", "acme,Acme,France,2010-02-01,REPORTED,100\n", `data.csv:2: columns.day: "2010-02-01" is not a date in the format DD/MM/YYYY`},
		{"no country of that name", "acme,Acme,Atlantis,01/02/2010,REPORTED,100\n", `data.csv:2: columns.state: "Atlantis" is no country survgraph knows`},
		{"an id that is no slug", "Acme Inc,Acme,France,01/02/2010,REPORTED,100\n", `data.csv:2: entities.vendor.id: id "Acme Inc" is not a lowercase slug`},
		{"an unknown status", "acme,Acme,France,01/02/2010,RUMOURED,100\n", `data.csv:2: relationships[0].status: unknown status "RUMOURED"`},
		{"an amount that is no number", "acme,Acme,France,01/02/2010,REPORTED,lots\n", `data.csv:2: relationships[0].amount: "lots" is not a whole, positive amount`},
		{"a future date", "acme,Acme,France,01/02/2099,REPORTED,100\n", "data.csv:2: relationships[0].start: date 2099-02-01 is in the future"},
		{"a row of too many fields", "acme,Acme,France,01/02/2010,REPORTED,100,extra\n", "data.csv:2: 7 fields where the header names 6 columns"},
		{"a name with markup", "acme,<b>Acme</b>,France,01/02/2010,REPORTED,100\n", "data.csv:2: entities.vendor.name: text contains HTML"},
		{"the same claim twice without merge", good + good, `data.csv:3: relationships[0]: a SUPPLIED relationship from "acme" to "france-government" (id acme.supplied.france-government) is made twice`},
		{"an id of two kinds", good + "france-government,France again,France,01/02/2010,REPORTED,1\n", "data.csv:3: entities.vendor.kind: france-government is a Company here and a Government in an earlier row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mp, data := filepath.Join(dir, "map.yaml"), filepath.Join(dir, "data.csv")
			os.WriteFile(mp, []byte(mapping), 0o644)
			os.WriteFile(data, []byte(header+tt.rows), 0o644)
			_, g, err := runTable(t, mp, data)
			var ve *loader.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%d entities), want a validation error", err, len(g.Entities))
			}
			if !strings.Contains(strings.ReplaceAll(err.Error(), dir+"/", ""), tt.want) {
				t.Errorf("got:\n%v\nwant a problem %q", err, tt.want)
			}
		})
	}
}
