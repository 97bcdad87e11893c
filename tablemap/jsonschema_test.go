package tablemap_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/survgraph/survgraph/tablemap"
)

var update = flag.Bool("update", false, "rewrite docs/import-mapping.schema.json")

const schemaFile = "../docs/import-mapping.schema.json"

// mappings are the mappings of the repository: the documentation's
// examples and the datasets'.
var mappings = []string{"../importer/testdata/table/licences.yaml", "../importer/testdata/table/officers.yaml",
	"../datasets/mappings/finfisher-customers.yaml"}

// TestJSONSchema keeps docs/import-mapping.schema.json the schema the
// mapping's types give, and checks that every mapping of the repository
// validates against it, and that invalid ones do not.
func TestJSONSchema(t *testing.T) {
	want, err := tablemap.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *update {
		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the mapping's types (go test ./tablemap -update rewrites it)", schemaFile)
	}
	var s map[string]any
	if err := json.Unmarshal(want, &s); err != nil {
		t.Fatal(err)
	}
	for _, path := range mappings {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if errs := validate(s, s, doc, ""); len(errs) > 0 {
			t.Errorf("%s does not validate against the schema: %v", path, errs)
		}
	}
	for _, bad := range []string{"colums: []", "entities: [{as: a, kind: Firm}]", "relationships: [{type: SOLD}]",
		"input: {format: xlsx}", "columns: [{name: x, regx: y}]"} {
		var doc any
		yaml.Unmarshal([]byte(bad), &doc)
		if errs := validate(s, s, doc, ""); len(errs) == 0 {
			t.Errorf("%q validates; the schema should refuse it", bad)
		}
	}
}

// validate checks doc against the part of JSON Schema draft-07 the mapping
// schema uses: $ref, oneOf, type, enum, pattern, properties,
// additionalProperties, required, items.
func validate(root, s map[string]any, doc any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/definitions/")
		return validate(root, root["definitions"].(map[string]any)[name].(map[string]any), doc, at)
	}
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, o := range one {
			if len(validate(root, o.(map[string]any), doc, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			return []string{fmt.Sprintf("%s: matches %d of oneOf", at, n)}
		}
		return nil
	}
	var errs []string
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, doc) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, doc, e))
	}
	switch s["type"] {
	case "object":
		m, ok := doc.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: not an object", at))
		}
		props, _ := s["properties"].(map[string]any)
		for k, v := range m {
			if p, ok := props[k]; ok {
				errs = append(errs, validate(root, p.(map[string]any), v, at+"."+k)...)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				errs = append(errs, validate(root, ap, v, at+"."+k)...)
			} else if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s: unknown property %s", at, k))
			}
		}
		for _, r := range asStrings(s["required"]) {
			if _, ok := m[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: %s is required", at, r))
			}
		}
	case "array":
		l, ok := doc.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: not an array", at))
		}
		for i, v := range l {
			errs = append(errs, validate(root, s["items"].(map[string]any), v, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		str, ok := doc.(string)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %v is not a string", at, doc))
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, str, p))
		}
	case "boolean":
		if _, ok := doc.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: not a boolean", at))
		}
	case "integer":
		if _, ok := doc.(int); !ok {
			errs = append(errs, fmt.Sprintf("%s: not an integer", at))
		}
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, x.(string))
		}
	}
	return out
}
