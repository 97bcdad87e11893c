package datasets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DataDir is where the raw dataset files sit, relative to the repository's
// root. Their terms do not all allow compiling them into the binary (see
// data/MANIFEST.md), so they are read from there at run time.
const DataDir = "datasets/data"

// manifestFile marks a folder as the datasets folder.
const manifestFile = "MANIFEST.md"

// Find returns the repository's datasets folder, wherever the command runs
// from: beside the executable (bin/survgraph in a clone), then in the
// working folder or any folder above it (go run, go test). It fails, naming
// where it looked, when none holds the datasets.
func Find() (string, error) {
	var tried []string
	try := func(dir string) (string, bool) {
		tried = append(tried, dir)
		st, err := os.Stat(filepath.Join(dir, manifestFile))
		return dir, err == nil && !st.IsDir()
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err = filepath.EvalSymlinks(exe); err == nil {
			bin := filepath.Dir(exe)
			for _, root := range []string{filepath.Dir(bin), bin} {
				if dir, ok := try(filepath.Join(root, filepath.FromSlash(DataDir))); ok {
					return dir, nil
				}
			}
		}
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; {
			if found, ok := try(filepath.Join(dir, filepath.FromSlash(DataDir))); ok {
				return found, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("%w: looked in %s", ErrNotFound, strings.Join(tried, ", "))
}

// ErrNotFound says that no folder holds the datasets.
var ErrNotFound = errors.New("the public datasets (" + DataDir + " in a survgraph clone) were not found")
