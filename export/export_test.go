package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

var (
	update    = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")
	exportDir = flag.String("export-dir", "", "write the fixture in every format to this folder, for tools/roundtrip/check.py")
)

func write(t *testing.T, f export.Format, g schema.Graph, sources map[string]schema.Entity) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, f, g, sources); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

// unzip returns the files of a zip by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("reading the zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("reading %s from the zip: %v", f.Name, err)
		}
		out[f.Name] = b
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run go test ./export -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func TestGolden(t *testing.T) {
	g, sources := fixture()
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			out := write(t, f, g, sources)
			if f != export.CSV {
				golden(t, f.FileName("fixture"), out)
				return
			}
			files := unzip(t, out)
			names := make([]string, 0, len(files))
			for name, data := range files {
				names = append(names, name)
				golden(t, "fixture-csv/"+name, data)
			}
			slices.Sort(names)
			if want := []string{"README.txt", "citations.csv", "edges.csv", "nodes.csv"}; !slices.Equal(names, want) {
				t.Errorf("the zip holds %v, want %v", names, want)
			}
		})
	}
}

// TestDeterministic writes the fixture with its entities, relationships and
// sources in other orders: the bytes must not change.
func TestDeterministic(t *testing.T) {
	g, sources := fixture()
	rng := rand.New(rand.NewSource(1))
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			want := write(t, f, g, sources)
			for range 3 {
				h, srcs := fixture()
				rng.Shuffle(len(h.Entities), func(i, j int) { h.Entities[i], h.Entities[j] = h.Entities[j], h.Entities[i] })
				rng.Shuffle(len(h.Relationships), func(i, j int) {
					h.Relationships[i], h.Relationships[j] = h.Relationships[j], h.Relationships[i]
				})
				if got := write(t, f, h, srcs); !bytes.Equal(got, want) {
					t.Fatal("the output changed with the order of the input")
				}
			}
		})
	}
}

// TestExportDir writes the fixture in every format to -export-dir, for
// tools/roundtrip/check.py.
func TestExportDir(t *testing.T) {
	if *exportDir == "" {
		t.Skip("no -export-dir")
	}
	g, sources := fixture()
	if err := os.MkdirAll(*exportDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range export.Formats {
		path := filepath.Join(*exportDir, f.FileName("survgraph"))
		if err := os.WriteFile(path, write(t, f, g, sources), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d nodes and %d edges in every format to %s", fixtureNodes, fixtureEdges, *exportDir)
}

// --- GraphML parsed back ---

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID     string `xml:"id,attr"`
		For    string `xml:"for,attr"`
		Name   string `xml:"attr.name,attr"`
		Type   string `xml:"attr.type,attr"`
		YFiles string `xml:"yfiles.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string    `xml:"edgedefault,attr"`
		Data        []xmlData `xml:"data"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []xmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []xmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// attrs turns data elements into a map from attribute name to value.
func attrs(t *testing.T, data []xmlData, names map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range data {
		name, ok := names[d.Key]
		if !ok {
			t.Fatalf("data uses the undeclared key %q", d.Key)
		}
		out[name] = d.Value
	}
	return out
}

func TestGraphMLParsesBack(t *testing.T) {
	g, sources := fixture()
	var doc graphmlDoc
	if err := xml.Unmarshal(write(t, export.GraphML, g, sources), &doc); err != nil {
		t.Fatalf("the GraphML does not parse: %v", err)
	}
	if len(doc.Graph.Nodes) != fixtureNodes || len(doc.Graph.Edges) != fixtureEdges {
		t.Fatalf("read %d nodes and %d edges, want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), fixtureNodes, fixtureEdges)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault = %q", doc.Graph.EdgeDefault)
	}
	nodeKeys, edgeKeys, graphKeys := map[string]string{}, map[string]string{}, map[string]string{}
	for _, k := range doc.Keys {
		name := k.Name
		if k.YFiles != "" {
			name = k.YFiles
		} else if k.Type == "" {
			t.Errorf("key %s has no attr.type", k.ID)
		}
		switch k.For {
		case "node":
			nodeKeys[k.ID] = name
		case "edge":
			edgeKeys[k.ID] = name
		case "graph":
			graphKeys[k.ID] = name
		default:
			t.Errorf("key %s is for %q", k.ID, k.For)
		}
	}
	if got, want := attrs(t, doc.Graph.Data, graphKeys)["licences"], export.CuratedLicence+" | Report on \"Eagle\" <draft> (FIDH & LDH): CC BY 4.0"; got != want {
		t.Errorf("graph licences = %q, want %q", got, want)
	}
	nodes := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = attrs(t, n.Data, nodeKeys)
	}
	amesys := nodes["amesys"]
	for name, want := range map[string]string{
		"name":                "Amesys & Bull <SA>",
		"label":               "Amesys & Bull <SA>",
		"aliases":             `Amesys SAS; Société "i2e"`,
		"description":         "French firm.\nSold Eagle; said \"no\" to questions.", // control characters dropped
		"founded":             "1979",
		"country_name":        "France",
		"citation_count":      "2",
		"citation_sources":    "Amesys : la société qui a « équipé » Kadhafi | Report on \"Eagle\" <draft>",
		"citation_urls":       "https://example.org/lemonde/amesys?a=1&b=2 | Annex 3 of the complaint, page 12",
		"citation_stances":    "SUPPORTS | CONTEXT",
		"citation_passages":   " | page 4",
		"citation_publishers": "Le Monde | FIDH & LDH",
	} {
		if got := amesys[name]; got != want {
			t.Errorf("amesys %s = %q, want %q", name, got, want)
		}
	}
	if got := nodes["abdullah-senussi"]["name"]; got != "عبد الله السنوسي" {
		t.Errorf("Arabic name read back as %q", got)
	}
	edges := map[string]map[string]string{}
	for _, e := range doc.Graph.Edges {
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Errorf("edge %s joins %s and %s, not both nodes", e.ID, e.Source, e.Target)
		}
		edges[e.ID] = attrs(t, e.Data, edgeKeys)
	}
	sup := edges["amesys.supplied.libya-isa"]
	for name, want := range map[string]string{
		"type": "SUPPLIED", "status": "REPORTED", "start": "2007", "end": "2011-02", "amount": "26500000", "currency": "EUR",
		"product": "eagle", "product_name": "Eagle", "citation_count": "3",
		"summary":         "Amesys sold \"Eagle\" to Libya's <ISA> & trained staff;\nsecond line.",
		"citation_quotes": "26,5 millions d'euros | Amesys denied it | contract \"Eagle\"",
	} {
		if got := sup[name]; got != want {
			t.Errorf("supplied %s = %q, want %q", name, got, want)
		}
	}
	if _, ok := edges["amesys.supplied.libya-isa.maintenance"]["amount"]; ok {
		t.Error("an edge without an amount has one")
	}
}

// --- GEXF parsed back ---

type gexfDoc struct {
	XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		Mode       string `xml:"mode,attr"`
		TimeFormat string `xml:"timeformat,attr"`
		Attributes []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID     string `xml:"id,attr"`
			Label  string `xml:"label,attr"`
			Values []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID     string `xml:"id,attr"`
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Label  string `xml:"label,attr"`
			Start  string `xml:"start,attr"`
			End    string `xml:"end,attr"`
			Values []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func TestGEXFParsesBack(t *testing.T) {
	g, sources := fixture()
	var doc gexfDoc
	if err := xml.Unmarshal(write(t, export.GEXF, g, sources), &doc); err != nil {
		t.Fatalf("the GEXF does not parse: %v", err)
	}
	if doc.Version != "1.3" || doc.Graph.Mode != "dynamic" || doc.Graph.TimeFormat != "date" {
		t.Errorf("version %q, mode %q, timeformat %q; want 1.3, dynamic, date", doc.Version, doc.Graph.Mode, doc.Graph.TimeFormat)
	}
	if len(doc.Graph.Nodes) != fixtureNodes || len(doc.Graph.Edges) != fixtureEdges {
		t.Fatalf("read %d nodes and %d edges, want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), fixtureNodes, fixtureEdges)
	}
	declared := map[string]map[string]bool{}
	for _, a := range doc.Graph.Attributes {
		declared[a.Class] = map[string]bool{}
		for _, x := range a.Attrs {
			declared[a.Class][x.ID] = true
		}
	}
	ids := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		ids[n.ID] = true
		for _, v := range n.Values {
			if !declared["node"][v.For] {
				t.Errorf("node %s has a value for the undeclared attribute %q", n.ID, v.For)
			}
		}
		if n.ID == "amesys" && n.Label != "Amesys & Bull <SA>" {
			t.Errorf("amesys label = %q", n.Label)
		}
	}
	type dates struct{ start, end, pstart, pend string }
	want := map[string]dates{
		"amesys.supplied.libya-isa":             {"2007-01-01", "2011-02-28", "2007", "2011-02"},
		"amesys.supplied.libya-isa.maintenance": {"2011-12-05", "", "2011-12-05", ""},
		"abdullah-senussi.heads.libya-isa":      {"", "2011-12-31", "", "2011"},
		"amesys.makes.eagle":                    {},
	}
	for _, e := range doc.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("edge %s joins %s and %s, not both nodes", e.ID, e.Source, e.Target)
		}
		vals := map[string]string{}
		for _, v := range e.Values {
			if !declared["edge"][v.For] {
				t.Errorf("edge %s has a value for the undeclared attribute %q", e.ID, v.For)
			}
			vals[v.For] = v.Value
		}
		if vals["type"] != e.Label {
			t.Errorf("edge %s: label %q, type %q", e.ID, e.Label, vals["type"])
		}
		if w, ok := want[e.ID]; ok {
			if got := (dates{e.Start, e.End, vals["period_start"], vals["period_end"]}); got != w {
				t.Errorf("edge %s dates = %+v, want %+v", e.ID, got, w)
			}
		}
		if e.ID == "amesys.supplied.libya-isa" && vals["summary"] != "Amesys sold \"Eagle\" to Libya's <ISA> & trained staff;\nsecond line." {
			t.Errorf("summary read back as %q", vals["summary"])
		}
	}
}

func TestGEXFStaticWithoutDates(t *testing.T) {
	g, sources := fixture()
	for i := range g.Relationships {
		g.Relationships[i].Period = schema.Period{}
	}
	var doc gexfDoc
	if err := xml.Unmarshal(write(t, export.GEXF, g, sources), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Graph.Mode != "static" || doc.Graph.TimeFormat != "" {
		t.Errorf("mode %q, timeformat %q; want static and none", doc.Graph.Mode, doc.Graph.TimeFormat)
	}
}

// --- CSV parsed back ---

func readCSV(t *testing.T, name string, data []byte) []map[string]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Errorf("%s does not start with a byte-order mark", name)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no header", name)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestCSVParsesBack(t *testing.T) {
	g, sources := fixture()
	files := unzip(t, write(t, export.CSV, g, sources))
	nodes := readCSV(t, "nodes.csv", files["nodes.csv"])
	edges := readCSV(t, "edges.csv", files["edges.csv"])
	cites := readCSV(t, "citations.csv", files["citations.csv"])
	if len(nodes) != fixtureNodes || len(edges) != fixtureEdges {
		t.Fatalf("read %d nodes and %d edges, want %d and %d", len(nodes), len(edges), fixtureNodes, fixtureEdges)
	}
	total := 0
	for _, e := range g.Entities {
		total += len(e.Citations)
	}
	for _, r := range g.Relationships {
		total += len(r.Citations)
	}
	if len(cites) != total {
		t.Errorf("citations.csv has %d rows, want %d", len(cites), total)
	}
	byID := map[string]map[string]string{}
	for _, n := range nodes {
		byID[n["id"]] = n
	}
	a := byID["amesys"]
	for col, want := range map[string]string{
		"name": "Amesys & Bull <SA>", "hqCity": "Aix-en-Provence", "country_name": "France", "citation_count": "2",
		"citation_1_source_title": "Amesys : la société qui a « équipé » Kadhafi", "citation_2_passage": "page 4",
		"citation_2_url": "Annex 3 of the complaint, page 12", "aliases": `Amesys SAS; Société "i2e"`,
	} {
		if a[col] != want {
			t.Errorf("nodes.csv amesys %s = %q, want %q", col, a[col], want)
		}
	}
	var sup map[string]string
	for _, e := range edges {
		if byID[e["source"]] == nil || byID[e["target"]] == nil {
			t.Errorf("edge %s joins %s and %s, not both nodes", e["id"], e["source"], e["target"])
		}
		if e["id"] == "amesys.supplied.libya-isa" {
			sup = e
		}
	}
	for col, want := range map[string]string{
		"amount": "26500000", "start": "2007", "end": "2011-02", "source_name": "Amesys & Bull <SA>", "target_name": "Internal Security Agency",
		"citation_3_quote": `contract "Eagle"`, "citation_2_stance": "DISPUTES", "citation_2_date": "2012",
		"summary": "Amesys sold \"Eagle\" to Libya's <ISA> & trained staff;\nsecond line.",
	} {
		if sup[col] != want {
			t.Errorf("edges.csv supplied %s = %q, want %q", col, sup[col], want)
		}
	}
}

func TestCSVFormulaCellsNeutralised(t *testing.T) {
	g, sources := fixture()
	g.Relationships[0].Summary = "=HYPERLINK(\"http://evil\")"
	files := unzip(t, write(t, export.CSV, g, sources))
	for _, e := range readCSV(t, "edges.csv", files["edges.csv"]) {
		if e["id"] == g.Relationships[0].ID && e["summary"] != "'=HYPERLINK(\"http://evil\")" {
			t.Errorf("summary = %q, want a leading apostrophe", e["summary"])
		}
	}
}

// --- Cytoscape parsed back ---

func TestCytoscapeParsesBack(t *testing.T) {
	g, sources := fixture()
	var doc struct {
		Elements struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(write(t, export.Cytoscape, g, sources), &doc); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	if len(doc.Elements.Nodes) != fixtureNodes || len(doc.Elements.Edges) != fixtureEdges {
		t.Fatalf("read %d nodes and %d edges, want %d and %d", len(doc.Elements.Nodes), len(doc.Elements.Edges), fixtureNodes, fixtureEdges)
	}
	ids := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		id, _ := n.Data["id"].(string)
		if id == "" || ids[id] {
			t.Errorf("node id %q is empty or repeated", id)
		}
		ids[id] = true
		if id == "abdullah-senussi" && n.Data["label"] != "عبد الله السنوسي" {
			t.Errorf("label = %v", n.Data["label"])
		}
		if id == "amesys" {
			if al, _ := n.Data["aliases"].([]any); len(al) != 2 {
				t.Errorf("aliases = %v, want a list of 2", n.Data["aliases"])
			}
		}
	}
	for _, e := range doc.Elements.Edges {
		id, _ := e.Data["id"].(string)
		if ids[id] {
			t.Errorf("edge id %q repeats an id", id)
		}
		ids[id] = true
		if !ids[e.Data["source"].(string)] || !ids[e.Data["target"].(string)] {
			t.Errorf("edge %s joins %v and %v, not both nodes", id, e.Data["source"], e.Data["target"])
		}
		if id == "amesys.supplied.libya-isa" {
			if e.Data["amount"] != float64(26500000) || e.Data["start"] != "2007" || e.Data["citation_count"] != float64(3) {
				t.Errorf("supplied data = %v", e.Data)
			}
			cs, _ := e.Data["citations"].([]any)
			if len(cs) != 3 || cs[1].(map[string]any)["stance"] != "DISPUTES" {
				t.Errorf("citations = %v", e.Data["citations"])
			}
		}
	}
}

// --- FtM parsed back ---

// ftmEdges lists FtM's edge schemata with their two ends.
var ftmEdges = map[string][2]string{
	"Ownership": {"owner", "asset"}, "Representation": {"agent", "client"}, "Directorship": {"director", "organization"},
	"Membership": {"member", "organization"}, "ProjectParticipant": {"participant", "project"},
	"CourtCaseParty": {"party", "case"}, "Documentation": {"document", "entity"}, "UnknownLink": {"subject", "object"},
}

func TestFtMParsesBack(t *testing.T) {
	g, sources := fixture()
	out := write(t, export.FtM, g, sources)
	type entity struct {
		ID         string                     `json:"id"`
		Schema     string                     `json:"schema"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var nodes, edges []entity
	props := map[string]map[string][]string{}
	schemata := map[string]string{}
	for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		var e entity
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %d does not parse: %v", i+1, err)
		}
		if !strings.HasPrefix(e.ID, "survgraph-") || e.Schema == "" {
			t.Errorf("line %d: id %q, schema %q", i+1, e.ID, e.Schema)
		}
		props[e.ID] = map[string][]string{}
		for k, raw := range e.Properties {
			var vals []string
			if err := json.Unmarshal(raw, &vals); err != nil || len(vals) == 0 {
				t.Errorf("%s.%s = %s: not a non-empty list of strings", e.ID, k, raw)
			}
			props[e.ID][k] = vals
		}
		schemata[e.ID] = e.Schema
		if e.Schema == "Address" {
			continue // a company's headquarters, part of its node
		}
		if _, isEdge := ftmEdges[e.Schema]; isEdge {
			edges = append(edges, e)
		} else {
			nodes = append(nodes, e)
		}
	}
	if len(nodes) != fixtureNodes || len(edges) != fixtureEdges {
		t.Fatalf("read %d nodes and %d edges, want %d and %d", len(nodes), len(edges), fixtureNodes, fixtureEdges)
	}
	for _, e := range edges {
		for _, end := range ftmEdges[e.Schema] {
			ref := props[e.ID][end]
			if len(ref) != 1 || schemata[ref[0]] == "" {
				t.Errorf("%s %s.%s = %v: not one entity of the export", e.Schema, e.ID, end, ref)
			}
		}
	}
	wantSchema := map[string]string{
		"amesys": "Company", "eagle": "Asset", "libya-gaddafi-government": "PublicBody", "libya-isa": "PublicBody",
		"abdullah-senussi": "Person", "fidh": "Organization", "eagle-libya": "Project", "fidh-complaint-amesys": "CourtCase",
		"eu-export-ban-2011": "Event", "lemonde-2011-11-30-amesys": "Article", "fidh-2013-report": "Pages",
		"amesys.supplied.libya-isa": "UnknownLink", "amesys.subsidiary-of.bull": "Ownership", "bull.acquired.amesys": "Ownership",
		"abdullah-senussi.heads.libya-isa": "Directorship", "libya-isa.part-of.libya-gaddafi-government": "Membership",
		"amesys.participated-in.eagle-libya": "ProjectParticipant", "fidh-complaint-amesys.targets.amesys": "CourtCaseParty",
		"eu-export-ban-2011.applies-to.libya-gaddafi-government": "UnknownLink", "fidh-complaint-amesys.cites.fidh-2013-report": "Documentation",
	}
	for id, want := range wantSchema {
		if got := schemata["survgraph-"+id]; got != want {
			t.Errorf("%s is a %q, want %q", id, got, want)
		}
	}
	check := func(id, prop string, want ...string) {
		t.Helper()
		if got := props["survgraph-"+id][prop]; !slices.Equal(got, want) {
			t.Errorf("%s.%s = %q, want %q", id, prop, got, want)
		}
	}
	check("amesys.subsidiary-of.bull", "owner", "survgraph-bull")
	check("amesys.subsidiary-of.bull", "asset", "survgraph-amesys")
	check("bull.acquired.amesys", "owner", "survgraph-bull")
	check("amesys.supplied.libya-isa", "role", "SUPPLIED")
	check("amesys.supplied.libya-isa", "status", "REPORTED")
	check("amesys.supplied.libya-isa", "startDate", "2007")
	check("amesys.supplied.libya-isa", "endDate", "2011-02")
	check("amesys.supplied.libya-isa", "sourceUrl", "https://example.org/lemonde/amesys?a=1&b=2", "https://example.org/reuters/qosmos")
	check("amesys.supplied.libya-isa", "proof", "survgraph-lemonde-2011-11-30-amesys", "survgraph-fidh-2013-report")
	check("amesys", "country", "fr")
	check("amesys", "incorporationDate", "1979")
	check("abdullah-senussi", "name", "عبد الله السنوسي")
	check("lemonde-2011-11-30-amesys", "language", "fra")
	check("lemonde-2011-11-30-amesys", "title", "Amesys : la société qui a « équipé » Kadhafi")
	desc := props["survgraph-amesys.supplied.libya-isa"]["description"]
	if len(desc) != 1 || !strings.Contains(desc[0], "Amount: 26500000 EUR.") || !strings.Contains(desc[0], "claim status: REPORTED") ||
		!strings.Contains(desc[0], "Citation 2: DISPUTES “Amesys denied it” — France investigates") {
		t.Errorf("description = %q", desc)
	}
}

// --- API and errors ---

func TestParseFormat(t *testing.T) {
	for _, f := range export.Formats {
		for _, s := range []string{string(f), strings.ToUpper(string(f)), " " + string(f) + " "} {
			if got, err := export.ParseFormat(s); err != nil || got != f {
				t.Errorf("ParseFormat(%q) = %q, %v", s, got, err)
			}
		}
	}
	_, err := export.ParseFormat("xlsx")
	if err == nil {
		t.Fatal("ParseFormat(xlsx): no error")
	}
	if schema.KindOf(err) != schema.ErrInvalid {
		t.Errorf("ParseFormat(xlsx): kind %s, want INVALID", schema.KindOf(err))
	}
	for _, f := range export.Formats {
		if !strings.Contains(err.Error(), string(f)) {
			t.Errorf("the error %q does not list %s", err, f)
		}
	}
}

func TestFileNameAndContentType(t *testing.T) {
	want := map[export.Format][2]string{
		export.GraphML:   {"survgraph.graphml", "application/graphml+xml"},
		export.GEXF:      {"survgraph.gexf", "application/gexf+xml"},
		export.CSV:       {"survgraph-csv.zip", "application/zip"},
		export.Cytoscape: {"survgraph.cyjs", "application/json"},
		export.FtM:       {"survgraph.ftm.json", "application/x-ndjson"},
	}
	if len(want) != len(export.Formats) {
		t.Fatalf("this test knows %d formats, Formats has %d", len(want), len(export.Formats))
	}
	for f, w := range want {
		if got := f.FileName("survgraph"); got != w[0] {
			t.Errorf("%s.FileName = %q, want %q", f, got, w[0])
		}
		if got := f.FileName(""); got != w[0] {
			t.Errorf("%s.FileName(\"\") = %q, want %q", f, got, w[0])
		}
		if got := f.ContentType(); got != w[1] {
			t.Errorf("%s.ContentType = %q, want %q", f, got, w[1])
		}
	}
}

func TestWriteRejectsBrokenGraphs(t *testing.T) {
	tests := []struct {
		name   string
		change func(*schema.Graph)
		want   string
	}{
		{"duplicate entity", func(g *schema.Graph) { g.Entities = append(g.Entities, g.Entities[0]) }, `two entities have the id "amesys"`},
		{"duplicate relationship", func(g *schema.Graph) { g.Relationships = append(g.Relationships, g.Relationships[0]) }, "two relationships have the id"},
		{"dangling end", func(g *schema.Graph) { g.Relationships[0].To = "nowhere" }, `joins "nowhere", which is not an entity`},
		{"relationship id of an entity", func(g *schema.Graph) { g.Relationships[0].ID = "bull" }, "has the id of an entity"},
	}
	for _, tt := range tests {
		for _, f := range export.Formats {
			t.Run(tt.name+" "+string(f), func(t *testing.T) {
				g, sources := fixture()
				tt.change(&g)
				var buf bytes.Buffer
				err := export.Write(&buf, f, g, sources)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Write: %v, want an error saying %q", err, tt.want)
				}
				if buf.Len() != 0 {
					t.Errorf("Write wrote %d bytes before failing", buf.Len())
				}
			})
		}
	}
	t.Run("unknown format", func(t *testing.T) {
		g, sources := fixture()
		err := export.Write(io.Discard, export.Format("xlsx"), g, sources)
		if schema.KindOf(err) != schema.ErrInvalid {
			t.Errorf("Write(xlsx): %v, want an INVALID error", err)
		}
	})
}

func TestRelationshipWithoutID(t *testing.T) {
	g, sources := fixture()
	g.Relationships = g.Relationships[2:3] // amesys SUBSIDIARY_OF bull
	g.Relationships[0].ID = ""
	var doc graphmlDoc
	if err := xml.Unmarshal(write(t, export.GraphML, g, sources), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Graph.Edges) != 1 || doc.Graph.Edges[0].ID != "amesys.subsidiary-of.bull" {
		t.Errorf("edges = %+v, want one with the id schema.RelationshipID gives", doc.Graph.Edges)
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestWriteReportsWriterErrors(t *testing.T) {
	g, sources := fixture()
	for _, f := range export.Formats {
		if err := export.Write(&failingWriter{}, f, g, sources); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("Write(%s) to a failing writer: %v", f, err)
		}
	}
}

func TestEmptyGraph(t *testing.T) {
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			out := write(t, f, schema.Graph{}, nil)
			switch f {
			case export.GraphML:
				var doc graphmlDoc
				if err := xml.Unmarshal(out, &doc); err != nil || len(doc.Graph.Nodes)+len(doc.Graph.Edges) != 0 {
					t.Errorf("%v, %d elements", err, len(doc.Graph.Nodes)+len(doc.Graph.Edges))
				}
			case export.GEXF:
				var doc gexfDoc
				if err := xml.Unmarshal(out, &doc); err != nil || doc.Graph.Mode != "static" {
					t.Errorf("%v, mode %q", err, doc.Graph.Mode)
				}
			case export.CSV:
				files := unzip(t, out)
				if rows := readCSV(t, "nodes.csv", files["nodes.csv"]); len(rows) != 0 {
					t.Errorf("%d node rows", len(rows))
				}
			case export.Cytoscape:
				var doc struct{ Elements map[string][]any }
				if err := json.Unmarshal(out, &doc); err != nil || doc.Elements["nodes"] == nil || doc.Elements["edges"] == nil {
					t.Errorf("%v; nodes and edges must be empty lists, not null: %s", err, out)
				}
			case export.FtM:
				if len(out) != 0 {
					t.Errorf("wrote %q", out)
				}
			}
		})
	}
}

// TestXMLIllegalCharacters feeds every ASCII control character, U+FFFE,
// U+FFFF and invalid UTF-8 through both XML formats: the output must parse.
func TestXMLIllegalCharacters(t *testing.T) {
	var bad strings.Builder
	for r := rune(0); r < 0x20; r++ {
		bad.WriteRune(r)
	}
	bad.WriteString("\u007f\uFFFE\uFFFF\xff\xfe]]>&amp;")
	g, sources := fixture()
	g.Entities[0].Props["description"] = bad.String()
	g.Relationships[0].Summary = bad.String()
	for _, f := range []export.Format{export.GraphML, export.GEXF} {
		out := write(t, f, g, sources)
		dec := xml.NewDecoder(bytes.NewReader(out))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s does not parse: %v", f, err)
			}
		}
	}
}

func Example() {
	g := schema.Graph{
		Entities: []schema.Entity{
			{ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos", "country": "FR"}},
			{ID: "syria-government", Kind: schema.Government, Props: map[string]any{"name": "Syria", "country": "SY"}},
		},
		Relationships: []schema.Relationship{{
			ID: "qosmos.supplied.syria-government", Type: schema.Supplied, From: "qosmos", To: "syria-government",
			Status: schema.Reported, Period: schema.Period{Start: schema.MustDate("2009")},
		}},
	}
	if err := export.Write(os.Stdout, export.FtM, g, nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"id":"survgraph-qosmos","schema":"Company","properties":{"country":["fr"],"name":["Qosmos"]}}
	// {"id":"survgraph-syria-government","schema":"PublicBody","properties":{"country":["sy"],"jurisdiction":["sy"],"name":["Syria"],"topics":["gov.national"]}}
	// {"id":"survgraph-qosmos.supplied.syria-government","schema":"UnknownLink","properties":{"description":["Qosmos SUPPLIED Syria (claim status: REPORTED)."],"object":["survgraph-syria-government"],"role":["SUPPLIED"],"startDate":["2009"],"status":["REPORTED"],"subject":["survgraph-qosmos"]}}
}
