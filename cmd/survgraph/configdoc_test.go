package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestConfigurationDocNamesEveryVariable: every environment variable the
// command or the project's Neo4j reads is in docs/configuration.md, so that
// the list of settings is the code's, not one kept beside it by hand.
func TestConfigurationDocNamesEveryVariable(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	read := variablesRead(t, ".", filepath.Join("..", "..", "localneo4j"))
	if len(read) < 10 {
		t.Fatalf("found only %d variables read (%v): the scan misses them", len(read), read)
	}
	for _, name := range read {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/configuration.md does not name %s, which the code reads", name)
		}
	}
}

// variablesRead lists the quoted SURVGRAPH_* and NEO4J_* names in the
// non-test Go files of dirs. A name followed by "=" is one the code sets
// for a child process, and does not match.
func variablesRead(t *testing.T, dirs ...string) []string {
	t.Helper()
	name := regexp.MustCompile(`"((?:SURVGRAPH|NEO4J)_[A-Z0-9_]+)"`)
	var found []string
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range name.FindAllStringSubmatch(string(src), -1) {
				found = append(found, m[1])
			}
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}
