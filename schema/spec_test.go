package schema_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func relSpec(t *testing.T, typ schema.RelType) schema.RelSpec {
	t.Helper()
	r, ok := schema.RelTypeByName(string(typ))
	if !ok {
		t.Fatalf("RelTypeByName(%s): not found", typ)
	}
	return r
}

func TestRelSpecAllows(t *testing.T) {
	tests := []struct {
		typ      schema.RelType
		from, to schema.Kind
		want     bool
	}{
		{schema.Supplied, schema.Company, schema.Government, true},
		{schema.Supplied, schema.Company, schema.Agency, true},
		{schema.Supplied, schema.Government, schema.Government, true},
		{schema.Supplied, schema.Person, schema.Government, false},
		{schema.Supplied, schema.Government, schema.Person, false},
		{schema.Makes, schema.Company, schema.Product, true},
		{schema.Makes, schema.Product, schema.Company, false},
		{schema.SubsidiaryOf, schema.Company, schema.Company, true},
		{schema.Supplied, schema.Company, schema.Company, true}, // a network operator, with its role
		{schema.Deployed, schema.Company, schema.Product, true},
		{schema.Deployed, schema.Person, schema.Product, false},
		{schema.SubsidiaryOf, schema.Agency, schema.Government, false},
		{schema.PartOf, schema.Agency, schema.Government, true},
		{schema.PartOf, schema.Government, schema.Agency, false},
		{schema.Targets, schema.LegalAction, schema.Product, true},
		{schema.Targets, schema.LegalAction, schema.Person, true},
		{schema.Targets, schema.LegalAction, schema.Source, false},
		{schema.FiledBy, schema.LegalAction, schema.Product, false},
		{schema.ImposedBy, schema.LegalAction, schema.Organization, true},
		{schema.ImposedBy, schema.LegalAction, schema.Company, false},
		{schema.AppliesTo, schema.LegalAction, schema.Product, true},
		{schema.Heads, schema.Person, schema.Company, true},
		{schema.Heads, schema.Company, schema.Person, false},
		{schema.Cites, schema.Source, schema.Source, true},
		{schema.Cites, schema.LegalAction, schema.Source, true},
		{schema.Cites, schema.Company, schema.Source, false},
		{schema.RelatedTo, schema.LegalAction, schema.LegalAction, true},
		{schema.RelatedTo, schema.Person, schema.Company, true},
		{schema.RelatedTo, schema.Organization, schema.Person, true},
		{schema.RelatedTo, schema.LegalAction, schema.Person, false},
		{schema.RelatedTo, schema.Company, schema.LegalAction, false},
		{schema.Owns, schema.Person, schema.Company, true},
		{schema.Owns, schema.Company, schema.Company, true},
		{schema.Owns, schema.Government, schema.Company, false},
		{schema.Owns, schema.Person, schema.Organization, false},
		{schema.Supplied, schema.Kind("Nonsense"), schema.Government, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+" "+string(tt.from)+"->"+string(tt.to), func(t *testing.T) {
			if got := relSpec(t, tt.typ).Allows(tt.from, tt.to); got != tt.want {
				t.Errorf("%s.Allows(%s, %s) = %v, want %v", tt.typ, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestClaimStatusRank(t *testing.T) {
	// Weakest first; DENIED ranks below ALLEGED.
	order := []schema.ClaimStatus{"DENIED", "ALLEGED", "REPORTED", "CONFIRMED", "ADJUDICATED"}
	for i, s := range order {
		t.Run(string(s), func(t *testing.T) {
			if got := s.Rank(); got != i {
				t.Errorf("%s.Rank() = %d, want %d", s, got, i)
			}
			if i > 0 && !(order[i-1].Rank() < s.Rank()) {
				t.Errorf("%s ranks %d, not above %s (%d)", s, s.Rank(), order[i-1], order[i-1].Rank())
			}
			if schema.StatusDocs[s] == "" {
				t.Errorf("%s has no StatusDocs entry", s)
			}
		})
	}
	for _, s := range []schema.ClaimStatus{"", "alleged", "PROVEN", "Denied"} {
		t.Run("unknown "+strconv.Quote(string(s)), func(t *testing.T) {
			if got := s.Rank(); got != -1 {
				t.Errorf("%q.Rank() = %d, want -1", s, got)
			}
		})
	}
	if len(schema.ClaimStatuses) != len(order) {
		t.Errorf("ClaimStatuses has %d statuses, this test knows %d", len(schema.ClaimStatuses), len(order))
	}
}

var (
	enumRE  = regexp.MustCompile(`^[A-Z][A-Z_]*[A-Z]$`)
	fieldRE = regexp.MustCompile(`^[a-z][a-zA-Z]*$`)
)

// structural names the loader reserves on every entity.
var structural = []string{"id", "kind", "citations"}

func TestKindSpecsConsistent(t *testing.T) {
	kinds := map[schema.Kind]bool{}
	enums := map[string]schema.Kind{}
	for _, k := range schema.Kinds {
		t.Run(string(k.Kind), func(t *testing.T) {
			if kinds[k.Kind] {
				t.Errorf("kind %s is listed twice", k.Kind)
			}
			kinds[k.Kind] = true
			if prev, dup := enums[k.Enum]; dup {
				t.Errorf("enum name %s is used by %s and %s", k.Enum, prev, k.Kind)
			}
			enums[k.Enum] = k.Kind
			if !enumRE.MatchString(k.Enum) {
				t.Errorf("enum name %q is not UPPER_SNAKE", k.Enum)
			}
			if k.Doc == "" {
				t.Error("no Doc")
			}
			if got, ok := schema.KindByName(string(k.Kind)); !ok || got.Kind != k.Kind {
				t.Errorf("KindByName(%s) = %v, %v", k.Kind, got.Kind, ok)
			}
			if got, ok := schema.KindByEnum(k.Enum); !ok || got.Kind != k.Kind {
				t.Errorf("KindByEnum(%s) = %v, %v", k.Enum, got.Kind, ok)
			}
			if got := k.Kind.Spec(); got.Kind != k.Kind {
				t.Errorf("%s.Spec().Kind = %s", k.Kind, got.Kind)
			}

			names := map[string]bool{}
			for _, f := range k.AllFields() {
				if names[f.Name] {
					t.Errorf("field %s appears twice (own fields must not repeat a common field)", f.Name)
				}
				names[f.Name] = true
				if slices.Contains(structural, f.Name) {
					t.Errorf("field %s clashes with the structural field of that name", f.Name)
				}
				if !fieldRE.MatchString(f.Name) {
					t.Errorf("field name %q is not lowerCamel", f.Name)
				}
				if got, ok := k.Field(f.Name); !ok || got.Name != f.Name || got.Type != f.Type {
					t.Errorf("Field(%s) = %+v, %v", f.Name, got, ok)
				}
				if f.Type == schema.Enum {
					if len(f.Values) == 0 {
						t.Errorf("enum field %s has no Values", f.Name)
					}
					seen := map[string]bool{}
					for _, v := range f.Values {
						if !enumRE.MatchString(v) {
							t.Errorf("enum field %s: value %q is not UPPER_SNAKE", f.Name, v)
						}
						if seen[v] {
							t.Errorf("enum field %s lists %s twice", f.Name, v)
						}
						seen[v] = true
					}
				} else if len(f.Values) > 0 {
					t.Errorf("field %s is not an enum but has Values %v", f.Name, f.Values)
				}
			}
			if _, ok := k.Field("nonexistent"); ok {
				t.Error(`Field("nonexistent") found a field`)
			}
		})
	}
	t.Run("required fields", func(t *testing.T) {
		// The loader and the seed README rely on these being required.
		for _, req := range []struct {
			kind  schema.Kind
			field string
		}{
			{schema.Company, "name"}, {schema.Product, "category"}, {schema.LegalAction, "actionType"},
			{schema.Source, "sourceType"}, {schema.Source, "publisher"}, {schema.Source, "publishedAt"},
		} {
			f, ok := req.kind.Spec().Field(req.field)
			if !ok || !f.Required {
				t.Errorf("%s.%s: found %v, required %v; want a required field", req.kind, req.field, ok, f.Required)
			}
		}
	})
	t.Run("lookups of unknown names fail", func(t *testing.T) {
		if _, ok := schema.KindByName("Entity"); ok {
			t.Error(`KindByName("Entity") found a kind`)
		}
		if _, ok := schema.KindByEnum("Company"); ok {
			t.Error(`KindByEnum("Company") found a kind; enum names are upper case`)
		}
		defer func() {
			if recover() == nil {
				t.Error("Kind(\"Nonsense\").Spec() did not panic")
			}
		}()
		schema.Kind("Nonsense").Spec()
	})
	t.Run("enum values shared with the loader", func(t *testing.T) {
		if f, _ := schema.Product.Spec().Field("category"); !slices.Equal(f.Values, schema.ProductCategories) {
			t.Error("Product.category does not use ProductCategories")
		}
		f, _ := schema.LegalAction.Spec().Field("actionType")
		if !slices.Equal(f.Values, schema.LegalActionTypes) {
			t.Error("LegalAction.actionType does not use LegalActionTypes")
		}
	})
}

func TestRelSpecsConsistent(t *testing.T) {
	seen := map[schema.RelType]bool{}
	for _, r := range schema.RelTypes {
		t.Run(string(r.Type), func(t *testing.T) {
			if seen[r.Type] {
				t.Errorf("type %s is listed twice", r.Type)
			}
			seen[r.Type] = true
			if !enumRE.MatchString(string(r.Type)) {
				t.Errorf("type %q is not UPPER_SNAKE", r.Type)
			}
			if r.Doc == "" {
				t.Error("no Doc")
			}
			if got, ok := schema.RelTypeByName(string(r.Type)); !ok || got.Type != r.Type {
				t.Errorf("RelTypeByName(%s) = %v, %v", r.Type, got.Type, ok)
			}
			for end, ks := range map[string][]schema.Kind{"From": r.From, "To": r.To} {
				if len(ks) == 0 {
					t.Errorf("%s is empty", end)
				}
				dup := map[schema.Kind]bool{}
				for _, k := range ks {
					if _, ok := schema.KindByName(string(k)); !ok {
						t.Errorf("%s names kind %q, which does not exist", end, k)
					}
					if dup[k] {
						t.Errorf("%s lists %s twice", end, k)
					}
					dup[k] = true
				}
			}
			if len(r.FromActionTypes) > 0 {
				if !slices.Equal(r.From, []schema.Kind{schema.LegalAction}) {
					t.Errorf("FromActionTypes set, but From is %v, not only LegalAction", r.From)
				}
				for _, at := range r.FromActionTypes {
					if !slices.Contains(schema.LegalActionTypes, at) {
						t.Errorf("FromActionTypes names %q, which is not a legal action type", at)
					}
				}
			}
		})
	}
	if _, ok := schema.RelTypeByName("supplied"); ok {
		t.Error(`RelTypeByName("supplied") found a type; types are upper case`)
	}
}

func TestStancesUnique(t *testing.T) {
	want := []schema.Stance{"SUPPORTS", "DISPUTES", "CONTEXT"}
	if !slices.Equal(schema.Stances, want) {
		t.Errorf("Stances = %v, want %v", schema.Stances, want)
	}
}

// isStandardLibrary reports whether an import path names a standard library
// package: the first path element of every other module path has a dot.
func isStandardLibrary(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestIsStandardLibrary(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"fmt", true},
		{"net/url", true},
		{"unicode/utf8", true},
		{"go.yaml.in/yaml/v3", false},
		{"github.com/neo4j/neo4j-go-driver/v5/neo4j", false},
		{"golang.org/x/text", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := isStandardLibrary(tt.path); got != tt.want {
				t.Errorf("isStandardLibrary(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// TestImportsOnlyStandardLibrary keeps the package's promise that every other
// package can depend on it without dragging in a driver.
func TestImportsOnlyStandardLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parsing %s: %v", name, err)
		}
		checked++
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatalf("%s: bad import %s", name, imp.Path.Value)
			}
			if !isStandardLibrary(path) {
				t.Errorf("%s imports %q; the schema package may import only the standard library", fset.Position(imp.Pos()), path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("found no non-test Go files to check")
	}
}

func TestTakesRole(t *testing.T) {
	tests := []struct {
		typ       schema.RelType
		to        schema.Kind
		may, must bool
	}{
		{schema.Supplied, schema.Company, true, true},
		{schema.Supplied, schema.Government, false, false},
		{schema.Heads, schema.Company, true, false},
		{schema.Owns, schema.Company, true, false},
		{schema.RelatedTo, schema.Person, true, false},
		{schema.Makes, schema.Product, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+"->"+string(tt.to), func(t *testing.T) {
			may, must := relSpec(t, tt.typ).TakesRole(tt.to)
			if may != tt.may || must != tt.must {
				t.Errorf("TakesRole(%s) = %v, %v; want %v, %v", tt.to, may, must, tt.may, tt.must)
			}
		})
	}
}
