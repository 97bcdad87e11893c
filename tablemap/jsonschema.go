package tablemap

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// JSONSchema is the JSON Schema of a mapping file, for editors
// (docs/import-mapping.schema.json, which TestJSONSchema holds to it). It
// is drawn from the mapping's types, so that it cannot drift from what
// Parse reads; fieldDocs and the enumerations of package schema fill in the
// rest. It uses draft-07, which the YAML editors read.
func JSONSchema() ([]byte, error) {
	defs := map[string]any{}
	root := object(reflect.TypeOf(Mapping{}), defs)
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = "https://github.com/survgraph/survgraph/docs/import-mapping.schema.json"
	root["title"] = "survgraph table mapping"
	root["description"] = "How `survgraph import table` turns the rows of a CSV, JSON or JSON lines file into entities, relationships and their citations (docs/import.md)."
	root["definitions"] = defs
	return json.MarshalIndent(root, "", "  ")
}

var (
	valueType = reflect.TypeOf(Value{})
	condType  = reflect.TypeOf(Cond{})
)

// object is the schema of a struct: its yaml fields, and no others.
func object(t reflect.Type, defs map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if opts == "inline" { // a Column's Value
			for k, v := range object(f.Type, defs)["properties"].(map[string]any) {
				props[k] = v
			}
			continue
		}
		key := t.Name() + "." + tag
		p := field(f.Type, defs)
		if d, ok := fieldDocs[key]; ok {
			for k, v := range d {
				p[k] = v
			}
		}
		props[tag] = p
		if requiredFields[key] {
			required = append(required, tag)
		}
	}
	if t == reflect.TypeOf(Column{}) {
		props["name"] = map[string]any{"type": "string", "pattern": "^[^_]", "description": "The column's name, which may not start with _."}
		required = append(required, "name")
	}
	out := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// field is the schema of a field's type: a template string or a transform
// object for a Value, definitions for the structs, arrays and maps of them.
func field(t reflect.Type, defs map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == condType:
		return map[string]any{"$ref": "#/definitions/cond"}
	case t == valueType:
		if defs["value"] == nil {
			defs["value"] = true // taken while being drawn
			defs["template"] = map[string]any{"type": "string", "description": "A Go text/template over the row ({{.column}}, {{slug .name 60}}, {{if .x}}…{{end}}); without {{ }} a constant."}
			defs["cond"] = map[string]any{"type": "string", "description": "A template that holds unless it gives \"\", \"false\" or \"0\"."}
			defs["value"] = map[string]any{"description": "A template, or a column or template through transforms (applied in the order docs/import.md gives).",
				"oneOf": []any{map[string]any{"$ref": "#/definitions/template"}, object(t, defs)}}
		}
		return map[string]any{"$ref": "#/definitions/value"}
	}
	switch t.Kind() {
	case reflect.Struct:
		name := strings.ToLower(t.Name()[:1]) + t.Name()[1:]
		if defs[name] == nil {
			defs[name] = true
			defs[name] = object(t, defs)
		}
		return map[string]any{"$ref": "#/definitions/" + name}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": field(t.Elem(), defs)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": field(t.Elem(), defs)}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	}
	return map[string]any{"type": "string"}
}

func kindEnum() []string {
	var out []string
	for _, k := range schema.Kinds {
		if k.Kind != schema.Source {
			out = append(out, string(k.Kind))
		}
	}
	return out
}

func relTypeEnum() []string {
	var out []string
	for _, r := range schema.RelTypes {
		out = append(out, string(r.Type))
	}
	return out
}

// requiredFields are the fields a mapping must give.
var requiredFields = map[string]bool{
	"Source.id": true, "Source.sourceType": true, "Source.name": true, "Source.publisher": true, "Source.publishedAt": true,
	"RowSource.url": true, "Skip.when": true, "Skip.reason": true, "Entity.as": true, "Replace.pattern": true, "Cited.source": true, "Cited.key": true,
	"Relationship.type": true, "Relationship.from": true, "Relationship.to": true, "Relationship.status": true,
	"Relationship.basis": true, "Relationship.citation": true,
}

// fieldDocs add to a field's schema what its Go type does not say: the
// values it may take, and a line for the editor.
var fieldDocs = map[string]map[string]any{
	"Input.format":          {"enum": []string{"csv", "json", "jsonl"}, "description": "By default, the file's extension."},
	"Input.delimiter":       {"description": "One character; \"\\t\" for a tab; \",\" by default."},
	"Input.header":          {"description": "Whether a CSV file's first row names its columns (true by default)."},
	"Input.columns":         {"description": "Names by position: the fields of a CSV file without a header, the items of a JSON row that is an array."},
	"Input.key":             {"description": "The file is one JSON object keyed by an id: each value is a record, its key in this column."},
	"Input.explode":         {"description": "One row per item of this list field of a record, beside its other fields; _item numbers them from 1."},
	"Mapping.source":        {"description": "The Source every row cites when it gives no address of its own."},
	"Mapping.rowSource":     {"description": "A Source of its own for each row that gives an address: the graph's, or one the import creates."},
	"Mapping.columns":       {"description": "Columns computed from the row's, in order; later ones and every template can read them."},
	"Mapping.skip":          {"description": "Rows left out, each condition with its reason, which the report gives."},
	"Source.id":             {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
	"Source.sourceType":     {"enum": schema.SourceTypes},
	"Source.publishedAt":    {"pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
	"RowSource.sourceType":  {"enum": schema.SourceTypes},
	"Value.value":           {"description": "A template over the row."},
	"Value.from":            {"description": "A column, taken as it is."},
	"Value.empty":           {"description": "Values that mean empty, such as n/a or 1970-01-01."},
	"Value.unescape":        {"enum": []string{"html"}},
	"Value.regex":           {"description": "Keep the first group of the first match (the match without a group); no match gives \"\"."},
	"Value.clean":           {"description": "Collapse white space and drop invisible characters."},
	"Value.case":            {"enum": []string{"lower", "upper"}},
	"Value.map":             {"description": "A value map."},
	"Value.otherwise":       {"description": "What a value the map does not list becomes."},
	"Value.default":         {"description": "What an empty value becomes."},
	"Value.date":            {"description": "Formats such as DD.MM.YYYY or Mon YYYY (YYYY, MM, M, DD, D, Mon, Month); written YYYY, YYYY-MM or YYYY-MM-DD."},
	"Value.country":         {"enum": []string{"code", "prefix", "rest"}, "description": "A country name as its ISO code; prefix: the code of the country a value begins with; rest: what follows it."},
	"Value.slug":            {"minimum": 1, "maximum": schema.MaxIDLen, "description": "Make an id part of at most this many bytes."},
	"Value.split":           {"description": "Split the value into a list, for a list field such as aliases."},
	"Replace.with":          {"description": "What a match becomes; $1 for its first group."},
	"Entity.as":             {"description": "The name relationships refer to it by; several entries may share one: the first that gives an entity wins."},
	"Entity.kind":           {"enum": kindEnum()},
	"Entity.government":     {"description": "The government of the state of this ISO code, by survgraph's conventions."},
	"Entity.fields":         {"description": "The kind's own fields: founded, hqCity, agencyType, category, actionType…"},
	"Resolve.kinds":         {"items": map[string]any{"enum": kindEnum()}},
	"Cited.source":          {"description": "The Source the graph cites the dataset as."},
	"Cited.claims":          {"enum": relTypeEnum(), "description": "The type of the claims whose to end is the entity."},
	"Relationship.type":     {"enum": relTypeEnum()},
	"Relationship.from":     {"description": "An entity of the mapping, by its as."},
	"Relationship.to":       {"description": "An entity of the mapping, by its as."},
	"Relationship.product":  {"description": "An entity of the mapping, by its as: the product the claim is about."},
	"Relationship.merge":    {"description": "Rows that make the same claim merge into one: the period widens, amounts and quantities add up, one citation per Source and quote."},
	"Relationship.key":      {"description": "Tells apart two claims of one type between one pair of entities (a slug)."},
	"Relationship.summary":  {"description": "One sentence; with merge, a template over the rows merged (_rows, _first, _count, _start, _end, _amount, _priced, _quantity)."},
	"Relationship.quantity": {"description": "With merge, summed over the rows."},
	"Relationship.amount":   {"description": "Whole units of currency; with merge, summed over the rows that give one."},
}
