package importer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleRE finds a worked example of docs/import.md: its file, and the
// YAML block that follows.
var exampleRE = regexp.MustCompile("(?s)<!-- example: ([^ ]+) -->\n```yaml\n(.*?)```\n")

// TestImportDocExamples holds the mappings docs/import.md shows to the
// files the tests run (go test ./importer -update copies them in).
func TestImportDocExamples(t *testing.T) {
	const doc = "../docs/import.md"
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	out := exampleRE.ReplaceAllStringFunc(string(data), func(block string) string {
		m := exampleRE.FindStringSubmatch(block)
		want, err := os.ReadFile(filepath.Join("..", m[1]))
		if err != nil {
			t.Errorf("%s names %s: %v", doc, m[1], err)
			return block
		}
		n++
		if m[2] != string(want) && !*update {
			t.Errorf("%s: the example %s differs from the file (go test ./importer -update copies it in)", doc, m[1])
		}
		return strings.Replace(block, "```yaml\n"+m[2]+"```", "```yaml\n"+string(want)+"```", 1)
	})
	if n != 3 {
		t.Errorf("%s shows %d worked examples, want 3", doc, n)
	}
	if *update && out != string(data) {
		if err := os.WriteFile(doc, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
