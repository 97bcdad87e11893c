// Package layers holds the test that keeps survgraph's layers as the
// architecture says (docs/architecture.md): a rule in a table fails the build
// of the test suite, where a sentence in a README would drift.
package layers

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/survgraph/survgraph/"

// rule forbids packages matching Packages from importing anything matching
// Imports, except the packages in Except. A trailing "/..." matches a
// package and everything below it.
type rule struct {
	why      string
	packages []string
	imports  []string
	except   []string
}

var rules = []rule{
	{why: "the domain depends on nothing but the standard library",
		packages: []string{"schema"}, imports: []string{"*non-std*"}},
	{why: "only graphdb speaks to Neo4j",
		packages: []string{"..."}, imports: []string{"github.com/neo4j/..."},
		except: []string{"graphdb", "bench/..."}},
	{why: "only api speaks GraphQL",
		packages: []string{"..."}, imports: []string{"github.com/graphql-go/..."},
		except: []string{"api", "bench/..."}},
	{why: "the database adapter does not depend on the services above it",
		packages: []string{"graphdb"}, imports: []string{module + "loader", module + "datasets", module + "api", module + "cmd/..."}},
	{why: "the loader writes through its Store, not through the adapter",
		packages: []string{"loader", "datasets", "datareport", "export", "synthetic", "importer", "tablemap", "ftm"}, imports: []string{module + "graphdb", module + "api"}},
	{why: "the FollowTheMoney table, which the export and the import share, depends on the domain alone",
		packages: []string{"ftm"}, imports: []string{module + "loader", module + "datasets", module + "importer", module + "tablemap", module + "export"}},
	{why: "a mapping is read and computed without knowing how it is imported",
		packages: []string{"tablemap"}, imports: []string{module + "loader", module + "importer"}},
}

type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

// packages lists the module's packages with their non-test imports.
func packages(t *testing.T) map[string]pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	std := map[string]bool{}
	stdOut, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	for _, p := range strings.Fields(string(stdOut)) {
		std[p] = true
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		for i, imp := range p.Imports {
			if std[imp] {
				p.Imports[i] = "std:" + imp
			}
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module)] = p
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; is the test run from internal/layers?", len(pkgs))
	}
	return pkgs
}

func matches(pattern, path string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

func matchesAny(patterns []string, path string) bool {
	for _, p := range patterns {
		if matches(p, path) {
			return true
		}
	}
	return false
}

// forbidden reports whether imp breaks the rule's import patterns.
func (r rule) forbidden(imp string) bool {
	for _, p := range r.imports {
		if p == "*non-std*" && !strings.HasPrefix(imp, "std:") {
			return true
		}
		if matches(p, imp) {
			return true
		}
	}
	return false
}

func TestLayers(t *testing.T) {
	for name, p := range packages(t) {
		for _, r := range rules {
			if !matchesAny(r.packages, name) || matchesAny(r.except, name) {
				continue
			}
			for _, imp := range p.Imports {
				if r.forbidden(imp) {
					t.Errorf("%s imports %s: %s", name, strings.TrimPrefix(imp, "std:"), r.why)
				}
			}
		}
	}
}

// TestRulesBite checks the rules against imports they must refuse, so that a
// rule that matches nothing cannot pass unnoticed.
func TestRulesBite(t *testing.T) {
	for _, tt := range []struct{ pkg, imp string }{
		{"schema", "go.yaml.in/yaml/v3"},
		{"api", "github.com/neo4j/neo4j-go-driver/v5/neo4j"},
		{"loader", "github.com/graphql-go/graphql"},
		{"graphdb", module + "loader"},
		{"datasets", module + "graphdb"},
		{"ftm", module + "datasets"},
		{"tablemap", module + "importer"},
		{"importer", module + "graphdb"},
	} {
		refused := false
		for _, r := range rules {
			if matchesAny(r.packages, tt.pkg) && !matchesAny(r.except, tt.pkg) && r.forbidden(tt.imp) {
				refused = true
			}
		}
		if !refused {
			t.Errorf("no rule refuses %s importing %s", tt.pkg, tt.imp)
		}
	}
}
