package tablemap_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/survgraph/survgraph/tablemap"
)

// FuzzParse: whatever the bytes, a mapping parses or gives an error, and
// never panics.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"../importer/testdata/table/licences.yaml", "../importer/testdata/table/officers.yaml",
		"../datasets/mappings/finfisher-customers.yaml"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("entities: [{as: a, when: '{{'}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := tablemap.Parse(data, "fuzz.yaml")
		if err == nil && m == nil {
			t.Fatal("no mapping and no error")
		}
	})
}

// FuzzRows: whatever the bytes, the readers of every format return rows or
// errors, and never panic or loop.
func FuzzRows(f *testing.F) {
	f.Add([]byte("a;b\n1;2\n\"x\";\"y\"\"\"\n"), "csv")
	f.Add([]byte(`[{"a": 1, "b": [1, 2]}, {"a": null}]`), "json")
	f.Add([]byte(`{"k": {"name": "n", "data": [["p", "s", "e", "l", "y"]]}, "0": []}`), "keyed")
	f.Add([]byte("{\"a\": \"1\"}\n\nnot json\n"), "jsonl")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		y := "source: {id: s, sourceType: DATASET, name: S, publisher: P, publishedAt: \"2020\"}\nentities: [{as: a, resolve: [{id: x}]}]\n"
		switch format {
		case "csv":
			y += "input: {format: csv, delimiter: ';'}\n"
		case "keyed":
			y += "input: {format: json, key: code, explode: data, columns: [product, start, end, licence, support]}\n"
			format = "json"
		case "json", "jsonl":
			y += "input: {format: " + format + "}\n"
		default:
			return
		}
		m, err := tablemap.Parse([]byte(y), "fuzz.yaml")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := m.Read(bytes.NewReader(data), format)
		if err != nil {
			return
		}
		for range 10000 {
			if _, err := rows.Next(); errors.Is(err, io.EOF) {
				return
			} else if err != nil && !errors.As(err, new(*tablemap.RowError)) {
				return
			}
		}
	})
}
