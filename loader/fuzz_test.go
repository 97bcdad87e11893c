package loader_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/survgraph/survgraph/loader"
)

// FuzzValidate feeds arbitrary bytes to the loader as a seed file. Whatever
// the input, validation must return a graph or problems, never panic, and
// every problem must name the file.
func FuzzValidate(f *testing.F) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "invalid", "*", "*.yaml"))
	valid, _ := filepath.Glob(filepath.Join("testdata", "valid", "*", "*.y*ml"))
	for _, path := range append(cases, valid...) {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"f.yaml": &fstest.MapFile{Data: data}}
		_, err := loader.Validate(fsys, []string{"f.yaml"}, now)
		if verr, ok := err.(*loader.ValidationError); ok {
			for _, p := range verr.Problems {
				if p.File != "f.yaml" {
					t.Fatalf("problem names file %q: %v", p.File, p)
				}
			}
		}
	})
}
