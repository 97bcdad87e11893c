package datasets

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// manifestRow is one file of data/MANIFEST.md's table.
type manifestRow struct {
	file, sha256 string
	bytes        int64
	line         int
}

// readManifest reads the file table of data/MANIFEST.md.
func readManifest(t *testing.T) []manifestRow {
	t.Helper()
	f, err := os.Open(filepath.Join("data", "MANIFEST.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []manifestRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 7 || strings.TrimSpace(cells[1]) == "file" || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		size, err := strconv.ParseInt(strings.TrimSpace(cells[3]), 10, 64)
		if err != nil {
			t.Fatalf("data/MANIFEST.md:%d: bytes %q is not a number", n, cells[3])
		}
		rows = append(rows, manifestRow{file: strings.TrimSpace(cells[1]), sha256: strings.TrimSpace(cells[2]), bytes: size, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("data/MANIFEST.md lists no files")
	}
	return rows
}

// TestManifestChecksums holds every raw dataset file to the SHA-256 and size
// its manifest records, and every file in data/ to being listed: the data
// is the product, and a changed byte must be a reviewed change.
func TestManifestChecksums(t *testing.T) {
	rows := readManifest(t)
	listed := map[string]bool{}
	for _, r := range rows {
		listed[r.file] = true
		b, err := os.ReadFile(filepath.Join("data", filepath.FromSlash(r.file)))
		if err != nil {
			t.Errorf("data/MANIFEST.md:%d: %v", r.line, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != r.sha256 {
			t.Errorf("data/MANIFEST.md:%d: %s has SHA-256 %s, the manifest says %s", r.line, r.file, got, r.sha256)
		}
		if int64(len(b)) != r.bytes {
			t.Errorf("data/MANIFEST.md:%d: %s has %d bytes, the manifest says %d", r.line, r.file, len(b), r.bytes)
		}
	}
	var unlisted []string
	err := fs.WalkDir(os.DirFS("data"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "MANIFEST.md" {
			return err
		}
		if !listed[p] {
			unlisted = append(unlisted, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(unlisted)
	for _, p := range unlisted {
		t.Errorf("data/%s is not listed in data/MANIFEST.md", p)
	}
}
