package importer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/importer"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// testNow is the day the tests take for today, so that their fixtures'
// dates never drift into the future.
var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// knownGraph is what the graph holds beside the import in these tests: a
// curated company, a company under survgraph's own id, and a Source whose
// address a fixture cites.
func knownGraph() schema.Graph {
	return schema.Graph{Entities: []schema.Entity{
		{ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos", "country": "FR"}},
		{ID: "amesys", Kind: schema.Company, Props: map[string]any{"name": "Amesys", "country": "FR"}},
		{ID: "treasury-pr", Kind: schema.Source, Props: map[string]any{"name": "Treasury sanctions cyber actors",
			"url": "https://example.org/treasury/press-release", "publisher": "US Treasury",
			"publishedAt": schema.MustDate("2021-11-03"), "sourceType": "PRESS_RELEASE"}},
	}}
}

func fileSource() schema.Entity {
	return schema.Entity{Props: map[string]any{"name": "Synthetic sanctions and registry extract", "publisher": "survgraph tests",
		"publishedAt": schema.MustDate("2024-06"), "licence": "MIT", "url": "https://example.org/fixtures/synthetic"}}
}

// runFtM imports files against the known graph, as `survgraph import ftm
// -dry-run` does, and gathers the records.
func runFtM(t *testing.T, official bool, files ...string) (*importer.Report, schema.Graph, error) {
	t.Helper()
	ctx := context.Background()
	im, err := importer.NewFtM(ctx, importer.NewKnown(knownGraph(), nil), importer.FtMOptions{
		Input: "synthetic", Files: files, Source: fileSource(), Official: official, Now: testNow})
	if err != nil {
		return nil, schema.Graph{}, err
	}
	rep, err := im.Check(ctx)
	if err != nil {
		return rep, schema.Graph{}, err
	}
	g, err := im.Graph(ctx)
	return rep, g, err
}

func byID(g schema.Graph) (map[string]schema.Entity, map[string]schema.Relationship) {
	es := map[string]schema.Entity{}
	for _, e := range g.Entities {
		es[e.ID] = e
	}
	rs := map[string]schema.Relationship{}
	for _, r := range g.Relationships {
		rs[r.ID] = r
	}
	return es, rs
}

func TestFtMSynthetic(t *testing.T) {
	rep, g, err := runFtM(t, false, "testdata/ftm/synthetic.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	es, rs := byID(g)
	entities := []struct {
		id    string
		kind  schema.Kind
		props map[string]any
	}{
		{"ftm-syn-nimbus", schema.Company, map[string]any{"name": "Nimbus Interception Ltd", "country": "GB", "hqCity": "London",
			"founded": schema.MustDate("2004-03-01"), "ftmId": "syn-nimbus", "description": "A fictional vendor of interception systems."}},
		{"ftm-syn-harbour", schema.Company, map[string]any{"name": "Harbour Holdings GmbH"}}, // its legal form makes it a firm
		{"ftm-syn-drw", schema.Organization, map[string]any{"orgType": "NGO"}},
		{"ftm-syn-odf", schema.Organization, nil},
		{"ftm-syn-nso", schema.Agency, map[string]any{"country": "IS"}},            // a PublicBody
		{"ftm-syn-gov-is", schema.Government, map[string]any{"country": "IS"}},     // a PublicBody with gov.national
		{"ftm-syn-jane", schema.Person, map[string]any{"role": "Chief executive"}}, // position
		{"ftm-syn-sanction-1", schema.LegalAction, map[string]any{"actionType": "SANCTION", "filed": schema.MustDate("2021-11-03"),
			"name": "Cyber-related sanctions", "description": "Provided surveillance tools used against journalists."}},
		{"ftm-authority-office-of-foreign-assets-control-us", schema.Agency, map[string]any{"country": "US"}},
		{"united-states-government", schema.Government, map[string]any{"name": "Government of the United States"}},
		{"ftm-syn-article-1", schema.Source, map[string]any{"sourceType": "ARTICLE", "language": "en", "publisher": "Example News"}},
		{"ftm-syn-bad-values", schema.Company, map[string]any{"country": "GB"}}, // "zz" dropped, "gb" kept
		{"survgraph-tests-2024-06-synthetic-sanctions-and-registry-extract", schema.Source, map[string]any{"sourceType": "DATASET", "licence": "MIT"}},
	}
	for _, want := range entities {
		e, ok := es[want.id]
		if !ok {
			t.Errorf("no entity %s", want.id)
			continue
		}
		if e.Kind != want.kind {
			t.Errorf("%s is a %s, want %s", want.id, e.Kind, want.kind)
		}
		for k, v := range want.props {
			if e.Props[k] != v {
				t.Errorf("%s.%s = %v, want %v", want.id, k, e.Props[k], v)
			}
		}
		if e.Kind != schema.Source && (len(e.Citations) == 0 || e.Citations[0].Source != "survgraph-tests-2024-06-synthetic-sanctions-and-registry-extract") {
			t.Errorf("%s does not cite the file's Source first: %v", want.id, e.Citations)
		}
	}
	for _, id := range []string{"qosmos", "amesys", "ftm-syn-qosmos", "ftm-syn-yacht", "ftm-syn-noname", "ftm-syn-event", "ftm-syn-sanction-2"} {
		if _, ok := es[id]; ok {
			t.Errorf("%s is defined; it is merged into the graph's entity or left out", id)
		}
	}
	rels := []struct {
		id, typ, from, to, role string
		share                   float64
	}{
		{"ftm-syn-jane.owns.ftm-syn-nimbus.syn-own-1", "OWNS", "ftm-syn-jane", "ftm-syn-nimbus", "shareholder", 25.5},
		{"ftm-syn-harbour.owns.ftm-syn-nimbus.syn-own-2", "OWNS", "ftm-syn-harbour", "ftm-syn-nimbus", "", 0},
		{"ftm-syn-jane.heads.ftm-syn-nimbus.syn-dir-1", "HEADS", "ftm-syn-jane", "ftm-syn-nimbus", "Chief executive officer", 0},
		{"ftm-syn-jane.related-to.ftm-syn-john.syn-fam-1", "RELATED_TO", "ftm-syn-jane", "ftm-syn-john", "sibling", 0},
		{"ftm-syn-john.related-to.ftm-syn-drw.syn-assoc-1", "RELATED_TO", "ftm-syn-john", "ftm-syn-drw", "former colleague", 0},
		{"ftm-syn-john.represents.ftm-syn-drw.syn-rep-1", "REPRESENTS", "ftm-syn-john", "ftm-syn-drw", "lawyer", 0},
		{"ftm-syn-sanction-1.applies-to.ftm-syn-nimbus", "APPLIES_TO", "ftm-syn-sanction-1", "ftm-syn-nimbus", "", 0},
		{"ftm-syn-sanction-1.imposed-by.ftm-authority-office-of-foreign-assets-control-us", "IMPOSED_BY", "ftm-syn-sanction-1", "ftm-authority-office-of-foreign-assets-control-us", "", 0},
		{"ftm-syn-sanction-3.imposed-by.united-states-government", "IMPOSED_BY", "ftm-syn-sanction-3", "united-states-government", "", 0},
		{"ftm-syn-nimbus.supplied.ftm-syn-nso.syn-supplied", "SUPPLIED", "ftm-syn-nimbus", "ftm-syn-nso", "", 0},
	}
	for _, want := range rels {
		r, ok := rs[want.id]
		if !ok {
			t.Errorf("no relationship %s", want.id)
			continue
		}
		if string(r.Type) != want.typ || r.From != want.from || r.To != want.to || r.Role != want.role || r.Share != want.share {
			t.Errorf("%s = %s %s->%s role %q share %v; want %s %s->%s role %q share %v", want.id, r.Type, r.From, r.To, r.Role, r.Share,
				want.typ, want.from, want.to, want.role, want.share)
		}
		if r.Status != schema.Reported && r.ID != "ftm-syn-nimbus.supplied.ftm-syn-nso.syn-supplied" {
			t.Errorf("%s is %s; a file that is no official list makes REPORTED claims", r.ID, r.Status)
		}
		if r.Basis != schema.BasisPress {
			t.Errorf("%s rests on %s; a DATASET Source supports PRESS", r.ID, r.Basis)
		}
	}
	if r := rs["ftm-syn-nimbus.supplied.ftm-syn-nso.syn-supplied"]; r.Status != schema.Alleged {
		t.Errorf("the claim status a record gives is kept: got %s", r.Status)
	}
	if s := rs["ftm-syn-harbour.owns.ftm-syn-nimbus.syn-own-2"].Summary; !strings.Contains(s, "50-75%") {
		t.Errorf("a share that is no number stays in the summary: %q", s)
	}
	// One document, one Source: the article's address cited by the company
	// is the article; the Treasury's address is the graph's Source.
	cites := func(id string) []string {
		var out []string
		for _, c := range es[id].Citations {
			out = append(out, c.Source)
		}
		for _, c := range rs[id].Citations {
			out = append(out, c.Source)
		}
		return out
	}
	if c := cites("ftm-syn-nimbus"); !slices.Contains(c, "ftm-syn-article-1") {
		t.Errorf("ftm-syn-nimbus cites %v; its sourceUrl is the article's", c)
	}
	if c := cites("ftm-syn-sanction-1"); !slices.Contains(c, "treasury-pr") {
		t.Errorf("ftm-syn-sanction-1 cites %v; its sourceUrl is the graph's Source treasury-pr", c)
	}
	if c := cites("ftm-syn-jane.heads.ftm-syn-nimbus.syn-dir-1"); !slices.Contains(c, "ftm-syn-article-1") {
		t.Errorf("the directorship cites %v; its proof is the article", c)
	}

	if got := rep.Dangling; len(got) != 2 || got["syn-ghost"] != 1 || got["syn-ghost-owner"] != 1 {
		t.Errorf("dangling = %v, want syn-ghost and syn-ghost-owner once each", got)
	}
	for _, s := range []string{"Identification", "Passport", "Payment", "UnknownLink"} {
		if rep.NotImported[s] != 1 {
			t.Errorf("not imported %s = %d, want 1", s, rep.NotImported[s])
		}
	}
	var merges []string
	for _, m := range rep.Merges {
		merges = append(merges, m.ID)
	}
	if !slices.Equal(merges, []string{"qosmos", "amesys"}) {
		t.Errorf("merges = %v, want qosmos (by name and country) and amesys (survgraph's own id)", merges)
	}
	golden(t, "testdata/ftm/synthetic.report.golden", report(rep))
}

// report prints a report without what varies between runs.
func report(rep *importer.Report) []byte {
	var b bytes.Buffer
	rep.WriteTo(&b)
	return b.Bytes()
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./importer -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./importer -update if the change is intended):\n%s", path, got)
	}
}

func TestFtMOfficial(t *testing.T) {
	_, g, err := runFtM(t, true, "testdata/ftm/synthetic.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range g.Relationships {
		want := schema.Confirmed
		if r.ID == "ftm-syn-nimbus.supplied.ftm-syn-nso.syn-supplied" {
			want = schema.Alleged // the record's own status
		}
		if r.Status != want || r.Basis != schema.BasisDocument {
			t.Errorf("%s: %s on %s, want %s on DOCUMENT from an official list", r.ID, r.Status, r.Basis, want)
		}
	}
}

func TestFtMOpenSanctionsSamples(t *testing.T) {
	rep, g, err := runFtM(t, false, "testdata/ftm/opensanctions-t1.ftm.json", "testdata/ftm/opensanctions-parteispenden-head.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	es, _ := byID(g)
	inter, ok := es["ftm-nk-2gdmhtztenxjnvrbgexznj-"+idHash(t, "NK-2GdmHtZTeNXjNVrBGEXZNj")]
	if !ok {
		t.Fatalf("no entity for NK-2GdmHtZTeNXjNVrBGEXZNj: %v", mapsKeys(es))
	}
	if inter.Kind != schema.Company || inter.Name() != "RAB „Inter Tobacco“" || inter.Props["country"] != "BY" {
		t.Errorf("Inter Tobacco = %s %+v; want a Company (it has a registration number) named by its caption, BY", inter.Kind, inter.Props)
	}
	if rows := rep.Dropped["addressEntity: names an Address the files do not hold"]; rows == nil || rows.Count == 0 {
		t.Errorf("dropped = %v; Inter Tobacco's Address is not in the files", rep.Dropped)
	}
	if rep.Read != 7+25 || rep.NotImported["Payment"] == 0 {
		t.Errorf("read %d, not imported %v", rep.Read, rep.NotImported)
	}
}

func idHash(t *testing.T, ftmID string) string {
	t.Helper()
	id := ftm.ImportID(ftmID)
	return id[strings.LastIndex(id, "-")+1:]
}

func mapsKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestFtMBadInput gives a file that breaks each rule and wants an error that
// names the file, the line and the rule, and nothing else.
func TestFtMBadInput(t *testing.T) {
	good := `{"id":"a","schema":"Person","properties":{"name":["A"]}}`
	tests := []struct {
		name, content string
		line          int
		want          string
	}{
		{"not JSON", good + "\n{\"id\": \"b\",", 2, "not an FtM entity"},
		{"not an object", good + "\n[1, 2]", 2, "not an FtM entity"},
		{"no id", `{"schema":"Person","properties":{"name":["A"]}}`, 1, "no id"},
		{"empty id", `{"id":"","schema":"Person","properties":{}}`, 1, "no id"},
		{"no schema", `{"id":"a","properties":{"name":["A"]}}`, 1, "has no schema"},
		{"a property that is no list", `{"id":"a","schema":"Person","properties":{"name":"A"}}`, 1, `property "name" is not a list of strings`},
		{"a list of numbers", `{"id":"a","schema":"Person","properties":{"name":[1]}}`, 1, `property "name" is not a list of strings`},
		{"an id given twice", good + "\n" + good, 2, `the id "a" is given twice`},
		{"invalid UTF-8", good + "\n{\"id\":\"b\xff\",\"schema\":\"Person\"}", 2, "not valid UTF-8"},
		{"an id too long", `{"id":"` + strings.Repeat("x", 1001) + `","schema":"Person"}`, 1, "longer than 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.ftm.json")
			if err := os.WriteFile(path, []byte(tt.content+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, g, err := runFtM(t, false, path)
			var ve *loader.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (report %v, %d entities), want a validation error", err, rep, len(g.Entities))
			}
			if len(ve.Problems) != 1 || ve.Problems[0].File != path || ve.Problems[0].Line != tt.line || !strings.Contains(ve.Problems[0].Message, tt.want) {
				t.Errorf("problems %v, want one at %s:%d saying %q", ve.Problems, path, tt.line, tt.want)
			}
		})
	}
	t.Run("a Source without its licence", func(t *testing.T) {
		src := fileSource()
		delete(src.Props, "licence")
		_, err := importer.NewFtM(context.Background(), importer.NewKnown(schema.Graph{}, nil), importer.FtMOptions{
			Input: "x", Files: []string{"testdata/ftm/synthetic.ftm.json"}, Source: src, Now: testNow})
		if err == nil || !strings.Contains(err.Error(), "licence") || schema.KindOf(err) != schema.ErrInvalid {
			t.Errorf("error %v, want an INVALID error naming the licence", err)
		}
	})
	t.Run("a file that is missing", func(t *testing.T) {
		_, _, err := runFtM(t, false, "testdata/ftm/no-such-file.ftm.json")
		if err == nil || !strings.Contains(err.Error(), "no-such-file") {
			t.Errorf("error %v, want one naming the file", err)
		}
	})
}

func TestFtMImportID(t *testing.T) {
	tests := []struct{ ftm, want string }{
		{"survgraph-qosmos", "qosmos"},
		{"survgraph-Not A Slug", "ftm-survgraph-not-a-slug-" + hashOf("survgraph-Not A Slug")},
		{"syn-nimbus", "ftm-syn-nimbus"},
		{"NK-2GdmH", "ftm-nk-2gdmh-" + hashOf("NK-2GdmH")},
		{"nk-2gdmh", "ftm-nk-2gdmh"},
		{"8b0f3c", "ftm-8b0f3c"},
		{"addr-125caec37c3486d3a71de8ae943eec47f420b38a", "ftm-addr-125caec37c3486d3a71de8ae943eec47f420b38a"},
		{"Ω", "ftm-" + hashOf("Ω")},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		got := ftm.ImportID(tt.ftm)
		if got != tt.want {
			t.Errorf("ImportID(%q) = %q, want %q", tt.ftm, got, tt.want)
		}
		if schema.CheckID(got) != nil {
			t.Errorf("ImportID(%q) = %q, not a valid id", tt.ftm, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%q and %q give the same id %q", tt.ftm, other, got)
		}
		seen[got] = tt.ftm
	}
	long := ftm.ImportID(strings.Repeat("a", 300))
	if len(long) > schema.MaxIDLen || schema.CheckID(long) != nil {
		t.Errorf("a long FtM id gives %q", long)
	}
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}
