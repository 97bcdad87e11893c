package loader_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

func TestReadFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"b.yaml":              {Data: []byte("{}")},
		"a.yml":               {Data: []byte("{}")},
		"README.md":           {Data: []byte("# not input")},
		"notes.txt":           {Data: []byte("not input")},
		"cases/z.yaml":        {Data: []byte("{}")},
		"cases/deep/c.yaml":   {Data: []byte("{}")},
		"cases/deep/c.yaml~":  {Data: []byte("{}")},
		"cases/y.yaml.bak":    {Data: []byte("{}")},
		"other/outside.yaml":  {Data: []byte("{}")},
		"cases/yaml/notafile": {Data: []byte("{}")},
	}
	tests := []struct {
		root    string
		want    []string
		wantErr bool
	}{
		{".", []string{"a.yml", "b.yaml", "cases/deep/c.yaml", "cases/z.yaml", "other/outside.yaml"}, false},
		{"cases", []string{"cases/deep/c.yaml", "cases/z.yaml"}, false},
		{"missing", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			got, err := loader.ReadFiles(fsys, tt.root)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ReadFiles(%q) = %v, want an error", tt.root, got)
				}
				if !strings.Contains(err.Error(), tt.root) {
					t.Errorf("error %q does not name the root %q", err, tt.root)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadFiles(%q): %v", tt.root, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ReadFiles(%q) = %q, want %q", tt.root, got, tt.want)
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    loader.Problem
		want string
	}{
		{loader.Problem{File: "a.yaml", Line: 7, Field: "relationships[0].to", Message: `no entity has id "missing"`},
			`a.yaml:7: relationships[0].to: no entity has id "missing"`},
		{loader.Problem{File: "a.yaml", Line: 1, Message: "file starts with a UTF-8 byte-order mark"},
			"a.yaml:1: file starts with a UTF-8 byte-order mark"},
		{loader.Problem{File: "cases/b.yaml", Field: "entities[2].id", Message: "bad"},
			"cases/b.yaml: entities[2].id: bad"},
		{loader.Problem{File: "b.yaml", Message: "cannot open"}, "b.yaml: cannot open"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	err := &loader.ValidationError{Problems: []loader.Problem{
		{File: "a.yaml", Line: 3, Field: "entities[0].name", Message: "missing required field"},
		{File: "b.yaml", Line: 1, Message: "file has Windows (CRLF) line endings"},
	}}
	want := "2 problem(s) in the input; nothing was written:\n" +
		"  a.yaml:3: entities[0].name: missing required field\n" +
		"  b.yaml:1: file has Windows (CRLF) line endings"
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// validateMap validates in-memory files and returns the rendered problems.
func validateMap(t *testing.T, fsys fstest.MapFS, files ...string) (schema.Graph, []string) {
	t.Helper()
	g, err := loader.Validate(fsys, files, fixedNow)
	if err == nil {
		return g, nil
	}
	var verr *loader.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate returned %T (%v), want *loader.ValidationError", err, err)
	}
	var out []string
	for _, p := range verr.Problems {
		out = append(out, p.String())
	}
	return g, out
}

// TestValidateFileProblems covers what cannot sit in a fixture directory:
// files that cannot be opened, and files over the size limit.
func TestValidateFileProblems(t *testing.T) {
	big := make([]byte, loader.MaxFileSize+1)
	for i := range big {
		big[i] = '#'
	}
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		files []string
		want  []string
	}{
		{"missing file", fstest.MapFS{}, []string{"gone.yaml"},
			[]string{"gone.yaml: cannot open: open gone.yaml: file does not exist"}},
		{"file over the size limit", fstest.MapFS{"big.yaml": {Data: big}}, []string{"big.yaml"},
			[]string{"big.yaml: file is larger than 8388608 bytes"}},
		{"file at the size limit is read", fstest.MapFS{"big.yaml": {Data: big[:loader.MaxFileSize]}}, []string{"big.yaml"},
			nil},
		{"no files", fstest.MapFS{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := validateMap(t, tt.fsys, tt.files...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateInNamesFilesUnderDir(t *testing.T) {
	fsys := fstest.MapFS{"cases/a.yaml": {Data: []byte("entity: []\n")}}
	_, err := loader.ValidateIn("seed", fsys, []string{"cases/a.yaml"}, fixedNow)
	var verr *loader.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 1 {
		t.Fatalf("ValidateIn: %v, want one problem", err)
	}
	if got, want := verr.Problems[0].String(), "seed/cases/a.yaml:1: entity: unknown top-level key; expected sources, entities, relationships or corrections"; got != want {
		t.Errorf("problem = %q, want %q", got, want)
	}
}

func entityByID(t *testing.T, g schema.Graph, id string) schema.Entity {
	t.Helper()
	for _, e := range g.Entities {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entity %q in the graph", id)
	return schema.Entity{}
}

// TestValidateAnchorsResolve checks what the anchor-alias case loads, not
// only that it validates: every alias must carry its anchor's value.
func TestValidateAnchorsResolve(t *testing.T) {
	g, problems := validateDir(t, "testdata/valid/anchor-alias")
	if problems != "" {
		t.Fatalf("anchor-alias is invalid:\n%s", problems)
	}
	qosmos, amesys := entityByID(t, g, "qosmos"), entityByID(t, g, "amesys")
	src, src2 := entityByID(t, g, "src"), entityByID(t, g, "src-2")
	libya := entityByID(t, g, "libya-gaddafi-government")
	tests := []struct {
		name      string
		got, want any
	}{
		{"scalar alias", amesys.Props["country"], "FR"},
		{"scalar anchor", qosmos.Props["country"], "FR"},
		{"aliased publisher", src2.Props["publisher"], "Example News"},
		{"aliased author list", src2.Props["authors"], []string{"Thierry Lévêque", "Alexandria Sage"}},
		{"anchored author list", src.Props["authors"], []string{"Thierry Lévêque", "Alexandria Sage"}},
		{"aliased citations", amesys.Citations, qosmos.Citations},
		{"anchored citations", qosmos.Citations, []schema.Citation{{
			Source: "src", Quote: "Paris prosecutors ordered the preliminary inquiry into Paris-based Qosmos", Stance: schema.Supports}}},
		{"anchored entity", libya.Kind, schema.Government},
		{"date", src.Props["publishedAt"], schema.Date{Year: 2012, Month: 7, Day: 26}},
		{"source kind", src.Kind, schema.Source},
		{"entity count", len(g.Entities), 5},
		{"relationship count", len(g.Relationships), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
	t.Run("relationship", func(t *testing.T) {
		r := g.Relationships[0]
		want := schema.Relationship{
			ID: "amesys.supplied.libya-gaddafi-government", Type: schema.Supplied,
			From: "amesys", To: "libya-gaddafi-government", Status: schema.Alleged,
			Period:    schema.Period{Start: schema.Date{Year: 2007}, End: schema.Date{Year: 2011, Month: 2}},
			Summary:   "Amesys is accused of supplying surveillance technology to Gaddafi's government.",
			Citations: qosmos.Citations,
			Basis:     schema.BasisPress, // the default: its only source is an ARTICLE
		}
		if !reflect.DeepEqual(r, want) {
			t.Errorf("relationship =\n%#v\nwant\n%#v", r, want)
		}
	})
}

// TestValidateEveryKind checks the graph built from a valid input holding
// every kind: ids, kinds and a few stored values, and that the empty and
// comment-only files and the .txt file add nothing.
func TestValidateEveryKind(t *testing.T) {
	g, problems := validateDir(t, "testdata/valid/every-kind")
	if problems != "" {
		t.Fatalf("every-kind is invalid:\n%s", problems)
	}
	kinds := map[schema.Kind]int{}
	for _, e := range g.Entities {
		kinds[e.Kind]++
	}
	for _, k := range schema.Kinds {
		if kinds[k.Kind] == 0 {
			t.Errorf("no entity of kind %s", k.Kind)
		}
	}
	if len(g.Entities) != 10 || len(g.Relationships) != 10 {
		t.Errorf("got %d entities and %d relationships, want 10 and 10", len(g.Entities), len(g.Relationships))
	}
	// Files are read in sorted order (a.yaml, b.yml, ...), entities in file order.
	if g.Entities[0].ID != "src" || g.Entities[2].ID != "qosmos" {
		t.Errorf("entities are not in file order: first %q, third %q", g.Entities[0].ID, g.Entities[2].ID)
	}
	qosmos := entityByID(t, g, "qosmos")
	if got, want := qosmos.Props["description"], "A Paris software company that analyses network traffic."; got != want {
		t.Errorf("folded description = %q, want %q", got, want)
	}
	if got := qosmos.Props["founded"]; got != (schema.Date{Year: 2000}) {
		t.Errorf("founded = %#v, want the Date 2000", got)
	}
	ids := map[string]bool{}
	for _, r := range g.Relationships {
		ids[r.ID] = true
	}
	for _, id := range []string{"qosmos.supplied.syria-government", "qosmos.supplied.syria-government.second-claim", "src.cites.src-2"} {
		if !ids[id] {
			t.Errorf("no relationship %q", id)
		}
	}
}
