package export_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/export"
)

// TestPythonRoundTrip runs tools/roundtrip/check.py, which reads every format
// back with networkx, csv and json, on the fixture. It is skipped where
// python3 or networkx is missing (pip install -r tools/roundtrip/requirements.txt).
func TestPythonRoundTrip(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	if out, err := exec.Command(python, "-c", "import networkx").CombinedOutput(); err != nil {
		t.Skipf("no networkx (pip install -r tools/roundtrip/requirements.txt): %s", out)
	}
	dir := t.TempDir()
	g, sources := fixture()
	for _, f := range export.Formats {
		if err := os.WriteFile(filepath.Join(dir, f.FileName("survgraph")), write(t, f, g, sources), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := filepath.Join("..", "tools", "roundtrip", "check.py")
	out, err := exec.Command(python, check, dir, fmt.Sprint(fixtureNodes), fmt.Sprint(fixtureEdges)).CombinedOutput()
	if err != nil {
		t.Fatalf("check.py failed: %v\n%s", err, out)
	}
	t.Logf("check.py:\n%s", out)

	// And it fails when a count is wrong.
	out, err = exec.Command(python, check, dir, fmt.Sprint(fixtureNodes), fmt.Sprint(fixtureEdges+1)).CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 || strings.Count(string(out), "FAIL") != len(export.Formats) {
		t.Errorf("check.py with a wrong edge count: %v\n%s", err, out)
	}
}

// TestImportsOnlyStandardLibraryAndSchema keeps the package light: the CLI
// and the API import it, and it imports nothing else of the project but
// schema and ftm (the FollowTheMoney table, which the import shares).
func TestImportsOnlyStandardLibraryAndSchema(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != "github.com/survgraph/survgraph/schema" && path != "github.com/survgraph/survgraph/ftm" {
				t.Errorf("%s imports %s; export may import only the standard library, schema and ftm", name, path)
			}
		}
	}
}
