package api

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/survgraph/survgraph/export"
	"github.com/survgraph/survgraph/schema"
)

// Whole-graph exports are built once per generation and format, on the
// first request (so that starting stays fast), into a file that every later
// request is served from until the graph changes. Builds run at most
// ExportBuilds at once, and read the graph as they write
// (export.WriteStream), so that a build holds an index of the entities,
// never the graph; the files are kept within ExportMaxBytes.

// Defaults of the export store.
const (
	DefaultExportBuilds   = 2
	DefaultExportMaxBytes = 4 << 30
	// exportBuildTime bounds a build, with room for graphs far larger than
	// the synthetic one whose build time docs/deploy.md gives; exportWait,
	// how long a request waits for one.
	exportBuildTime = 15 * time.Minute
	exportWait      = 5 * time.Minute
)

// streamer is a graph that reads itself a page at a time, in id order.
type streamer interface {
	EachEntity(ctx context.Context, fn func(schema.Entity) error) error
	EachRelationship(ctx context.Context, fn func(schema.Relationship) error) error
}

// generationReader reads the graph's generation from the database itself,
// where Config.Generation may lag behind a load by its poll.
type generationReader interface {
	ReadGeneration(ctx context.Context) (string, error)
}

// generations are what a build asks of the graph's generation: as it is
// known (polled), and as the database says it is now.
type generations struct {
	known func() string
	read  func(ctx context.Context) (string, error)
}

// exportStore keeps the built files.
type exportStore struct {
	dir      string
	maxBytes int64
	builds   chan struct{}
	log      *slog.Logger
	mu       sync.Mutex
	files    map[string]*exportFile // by generation and format
	building map[string]*exportBuild
}

type exportFile struct {
	path, gen string
	size      int64
	used      time.Time
	built     time.Time
}

type exportBuild struct {
	done chan struct{}
	file *exportFile
	err  error
}

// exportFilePrefix starts the names of the store's files, and of nothing
// else a user might keep in the folder: the store clears them as it starts.
const exportFilePrefix = ".survgraph-export-"

// newExportStore keeps its files in dir, which it creates, and clears of
// what an earlier process left there.
func newExportStore(dir string, maxBytes int64, builds int, log *slog.Logger) (*exportStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export folder: %w", err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, exportFilePrefix+"*"))
	for _, f := range old {
		os.Remove(f)
	}
	return &exportStore{dir: dir, maxBytes: maxBytes, builds: make(chan struct{}, builds), log: log,
		files: map[string]*exportFile{}, building: map[string]*exportBuild{}}, nil
}

// get returns the file of format f at generation gen, building it with
// write unless it is kept or being built; gens tells whether a load changed
// the graph during the build, and which generations to drop.
func (s *exportStore) get(ctx context.Context, gen string, f export.Format, write func(context.Context, io.Writer) error, gens generations) (*exportFile, error) {
	key := gen + "." + string(f)
	s.mu.Lock()
	if file := s.files[key]; file != nil {
		file.used = time.Now()
		s.mu.Unlock()
		return file, nil
	}
	b := s.building[key]
	if b == nil {
		b = &exportBuild{done: make(chan struct{})}
		s.building[key] = b
		go s.build(key, gen, f, b, write, gens)
	}
	s.mu.Unlock()
	select {
	case <-b.done:
		return b.file, b.err
	case <-ctx.Done():
		return nil, schema.Wrap(schema.ErrTimeout, ctx.Err(), "the export is still being built; retry in a minute")
	}
}

// build writes the file on its own, whoever waits for it, so that a
// request that gives up does not waste the work.
func (s *exportStore) build(key, gen string, f export.Format, b *exportBuild, write func(context.Context, io.Writer) error, gens generations) {
	defer close(b.done)
	ctx, cancel := context.WithTimeout(context.Background(), exportBuildTime)
	defer cancel()
	s.builds <- struct{}{}
	defer func() { <-s.builds }()
	began := time.Now()
	b.file, b.err = s.writeWhole(ctx, gen, f, write, gens.read)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.building, key)
	if b.err != nil {
		s.log.Warn("export build failed", "format", f, "err", b.err)
		return
	}
	s.log.Info("export built", "format", f, "bytes", b.file.size, "took", time.Since(began).Round(time.Millisecond))
	s.files[key] = b.file
	s.evict(key, gens.known())
}

// writeWhole writes the file of generation gen, which the database must
// hold from the start of the build to its end: a load during the build
// would leave pages of two generations in one file.
func (s *exportStore) writeWhole(ctx context.Context, gen string, f export.Format, write func(context.Context, io.Writer) error, read func(context.Context) (string, error)) (*exportFile, error) {
	var changed error = schema.Errorf(schema.ErrUnavailable, "the graph changed while its export was built; retry")
	if now, err := read(ctx); err != nil || now != gen {
		return nil, cmp.Or(err, changed)
	}
	file, err := s.write(ctx, gen, f, write)
	if err != nil {
		return nil, err
	}
	if now, err := read(ctx); err != nil || now != gen {
		os.Remove(file.path)
		return nil, cmp.Or(err, changed)
	}
	return file, nil
}

// write builds the file under a temporary name and renames it when whole.
func (s *exportStore) write(ctx context.Context, gen string, f export.Format, write func(context.Context, io.Writer) error) (*exportFile, error) {
	tmp, err := os.CreateTemp(s.dir, exportFilePrefix+"building-*")
	if err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = write(ctx, bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("building the %s export: %w", f, err)
	}
	st, err := os.Stat(tmp.Name())
	if err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	path := filepath.Join(s.dir, exportFilePrefix+safeName(gen)+"."+string(f))
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	now := time.Now()
	return &exportFile{path: path, gen: gen, size: st.Size(), used: now, built: now}, nil
}

// once builds a file for one request, not kept: for a graph with no
// generation, whose answers cannot be told apart over time. The caller
// removes it.
func (s *exportStore) once(ctx context.Context, f export.Format, write func(context.Context, io.Writer) error) (*exportFile, error) {
	select {
	case s.builds <- struct{}{}:
		defer func() { <-s.builds }()
	case <-ctx.Done():
		return nil, schema.Wrap(schema.ErrTimeout, ctx.Err(), "too many exports are being built; retry in a minute")
	}
	return s.write(ctx, "once-"+strconv.FormatInt(time.Now().UnixNano(), 36), f, write)
}

// evict drops the files of other generations than current, which no
// request will ask for again, then the least recently used until the rest
// fit maxBytes; keep stays, even alone over the bound. Files being served
// stay readable to the requests that opened them. Call with mu held.
func (s *exportStore) evict(keep, current string) {
	var total int64
	var keys []string
	for k, f := range s.files {
		if k != keep && f.gen != current {
			s.drop(k)
			continue
		}
		total += f.size
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return s.files[keys[i]].used.Before(s.files[keys[j]].used) })
	for _, k := range keys {
		if total <= s.maxBytes {
			return
		}
		if k != keep {
			total -= s.files[k].size
			s.drop(k)
		}
	}
}

func (s *exportStore) drop(key string) {
	os.Remove(s.files[key].path)
	delete(s.files, key)
}

// bytes is how much the kept files take, for tests.
func (s *exportStore) bytes() (n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		n += f.size
	}
	return n
}

// safeName keeps a generation token fit for a file name.
func safeName(s string) string {
	out := []rune{}
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			out = append(out, r)
		}
	}
	return string(out)
}
