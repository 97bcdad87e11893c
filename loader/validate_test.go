package loader_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

var update = flag.Bool("update", false, "rewrite want.txt files and golden files from the current output")

// fixedNow is the day after which the catalogue's dates count as in the
// future.
var fixedNow = time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)

// validateDir validates every YAML file of dir, as the command does for the
// seed, and returns the graph and the problems rendered one per line.
func validateDir(t *testing.T, dir string) (schema.Graph, string) {
	t.Helper()
	fsys := os.DirFS(dir)
	files, err := loader.ReadFiles(fsys, ".")
	if err != nil {
		t.Fatalf("ReadFiles(%s): %v", dir, err)
	}
	if len(files) == 0 {
		t.Fatalf("%s holds no .yaml or .yml file", dir)
	}
	g, err := loader.Validate(fsys, files, fixedNow)
	if err == nil {
		return g, ""
	}
	var verr *loader.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate(%s) returned %T (%v), want *loader.ValidationError", dir, err, err)
	}
	if len(verr.Problems) == 0 {
		t.Fatalf("Validate(%s) returned a ValidationError with no problems", dir)
	}
	if !reflect.DeepEqual(g, schema.Graph{}) {
		t.Errorf("Validate(%s) returned a graph along with its problems; want none", dir)
	}
	var b strings.Builder
	for _, p := range verr.Problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return g, b.String()
}

// readWant reads a case's want.txt; a missing file reads as empty under
// -update only.
func readWant(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && *update {
		return ""
	}
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return string(data)
}

// diffLines describes how got differs from want, line by line.
func diffLines(want, got string) string {
	var b strings.Builder
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("\n  line " + strconv.Itoa(i+1) + ":\n    want: " + wl + "\n    got:  " + gl)
		}
	}
	return b.String()
}

func caseDirs(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 0 {
		t.Fatalf("no cases under %s", root)
	}
	return dirs
}

// TestValidateCatalogue runs every case under testdata/invalid and
// testdata/valid and compares the problems found, rendered as
// Problem.String renders them, with the case's want.txt. Cases under valid
// must have an empty want.txt, cases under invalid a non-empty one.
//
// A case holding known-bug.txt documents a bug in the loader: its want.txt
// (written by hand) says what the loader should report, and current.txt what
// it reports today. The case fails if the output is neither, skips (naming
// the bug) while it is current.txt, and fails once it is want.txt, so that
// whoever fixes the bug removes known-bug.txt and current.txt.
//
// Run with -update to rewrite want.txt (current.txt for known-bug cases)
// from the current output, then read every changed file.
func TestValidateCatalogue(t *testing.T) {
	for _, group := range []string{"invalid", "valid"} {
		root := filepath.Join("testdata", group)
		for _, name := range caseDirs(t, root) {
			dir := filepath.Join(root, name)
			t.Run(group+"/"+name, func(t *testing.T) {
				g, got := validateDir(t, dir)
				// Problems come out the same on every run.
				for range 5 {
					if _, again := validateDir(t, dir); again != got {
						t.Fatalf("Validate is not deterministic:%s", diffLines(got, again))
					}
				}

				wantPath := filepath.Join(dir, "want.txt")
				if bug, err := os.ReadFile(filepath.Join(dir, "known-bug.txt")); err == nil {
					want, err := os.ReadFile(wantPath)
					if err != nil {
						t.Fatalf("known-bug case without a hand-written want.txt: %v", err)
					}
					if got == string(want) {
						t.Fatalf("the known bug is fixed: remove %s/known-bug.txt and current.txt", dir)
					}
					currentPath := filepath.Join(dir, "current.txt")
					if *update {
						if err := os.WriteFile(currentPath, []byte(got), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					if current := readWant(t, currentPath); got != current {
						t.Fatalf("output differs both from %s (the fix) and from %s (the known bug):%s\nfull output:\n%s",
							wantPath, currentPath, diffLines(current, got), got)
					}
					t.Skipf("%s", strings.TrimSpace(string(bug)))
				}
				if *update {
					if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want := readWant(t, wantPath)
				if got != want {
					t.Errorf("problems differ from %s:%s\nfull output:\n%s", wantPath, diffLines(want, got), got)
				}
				switch group {
				case "valid":
					if want != "" {
						t.Errorf("%s is a valid case but its want.txt lists problems", dir)
					}
					if len(g.Entities) == 0 {
						t.Errorf("valid case %s produced no entities", dir)
					}
				case "invalid":
					if want == "" {
						t.Errorf("%s is an invalid case but its want.txt is empty", dir)
					}
				}
			})
		}
	}
}

// TestEncodingFixturesAreByteExact guards the fixtures that git or an editor
// could silently normalise: if one loses its bad bytes, its case no longer
// tests anything.
func TestEncodingFixturesAreByteExact(t *testing.T) {
	tests := []struct {
		file  string
		check func([]byte) bool
		what  string
	}{
		{"testdata/invalid/invalid-utf8/a.yaml", func(b []byte) bool { return !utf8.Valid(b) }, "invalid UTF-8"},
		{"testdata/invalid/utf8-bom/a.yaml", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) }, "a leading byte-order mark"},
		{"testdata/invalid/crlf-line-endings/a.yaml", func(b []byte) bool { return bytes.Count(b, []byte("\r\n")) == bytes.Count(b, []byte("\n")) }, "CRLF on every line"},
		{"testdata/invalid/yaml-tab-indent/a.yaml", func(b []byte) bool { return bytes.Contains(b, []byte("\n\t")) }, "a tab-indented line"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(data) {
				t.Errorf("%s no longer holds %s; restore it byte for byte", tt.file, tt.what)
			}
		})
	}
}
