package loader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// Store is what the loader needs of a graph database. The graph package
// implements it; tests of pure logic may use a fake.
type Store interface {
	// EnsureSchema creates constraints and indexes that do not exist yet.
	EnsureSchema(ctx context.Context) error
	// UpsertEntities writes entities of one kind, owned by input, and says
	// how many were created and how many changed.
	UpsertEntities(ctx context.Context, input string, kind schema.Kind, batch []schema.Entity) (Counts, error)
	// UpsertRelationships writes relationships of one type, owned by input,
	// each with the day it became public: the earliest among the sources
	// that support it. sourcesKnownFrom gives that day by source id for the
	// sources of the input, which the loader has written before.
	UpsertRelationships(ctx context.Context, input string, t schema.RelType, batch []schema.Relationship, sourcesKnownFrom map[string]time.Time) (Counts, error)
	// DeleteAbsent removes what input owns but no longer holds. The keep
	// lists name what the loader has just written for input, each id once,
	// so the store may count what input owns to see that nothing is absent.
	// It may delete in several transactions: cut short, it leaves part of
	// what is absent, which the next load of input removes.
	DeleteAbsent(ctx context.Context, input string, keepEntities, keepRelationships []string) (Deleted, error)
	// DeriveKnownFrom recomputes what follows from the whole graph, such as
	// the day each claim became public. fresh is how many relationships the
	// load has just written (created or updated), which are up to date.
	DeriveKnownFrom(ctx context.Context, fresh int) error
	// InputFingerprint returns the fingerprint recorded for input by its
	// last complete load, or "" when none is.
	InputFingerprint(ctx context.Context, input string) (string, error)
	// SetInputFingerprint records input's fingerprint; "" forgets it.
	SetInputFingerprint(ctx context.Context, input, fingerprint string) error
}

// Counts says what one write did; Deleted what DeleteAbsent removed. They
// are the schema's, so that a Store need not import the loader.
type (
	Counts  = schema.UpsertCounts
	Deleted = schema.DeleteCounts
)

// Change is the effect of a load on one kind or relationship type.
type Change struct {
	Created, Updated, Unchanged, Deleted int
}

// Report is the effect of one load.
type Report struct {
	Input         string
	Entities      map[schema.Kind]*Change
	Relationships map[schema.RelType]*Change
	Elapsed       time.Duration
	// Skipped says that the graph already held this very input, loaded by
	// this very program (Options.Version), so nothing was written.
	Skipped bool
}

// Options tune a load.
type Options struct {
	BatchSize int       // rows per write transaction; default 1000
	Progress  io.Writer // where progress lines go on long loads; may be nil
	Logger    *slog.Logger
	// Version names the program that loads, such as a hash of its
	// executable. With one set, a load of an input the graph already holds,
	// recorded by a complete load of the same content by the same Version,
	// writes nothing. Empty, every load writes.
	Version string
}

// Load writes g into store as the input named input: it creates missing
// constraints, upserts every entity and relationship in batches, then
// deletes what input owned before but g no longer holds. g must have passed
// [Validate]. Each batch is its own transaction, and so are the batches in
// which the store deletes and derives, so a load cut short leaves a partial
// graph that the next load completes. It is [LoadStream] over g, kinds in
// the order of schema.Kinds and types in that of schema.RelTypes.
func Load(ctx context.Context, store Store, input string, g schema.Graph, opt Options) (*Report, error) {
	info := StreamInfo{Entities: map[schema.Kind]int{}, Relationships: map[schema.RelType]int{}}
	for _, e := range g.Entities {
		info.Entities[e.Kind]++
	}
	for _, r := range g.Relationships {
		info.Relationships[r.Type]++
	}
	if opt.Version != "" {
		var err error
		if info.Digest, err = Fingerprint("", g); err != nil {
			return nil, err
		}
	}
	return LoadStream(ctx, store, input, graphStream{g}, info, opt)
}

// graphStream yields a graph's entities kind by kind and its relationships
// type by type, each in the graph's order.
type graphStream struct{ g schema.Graph }

func (s graphStream) Entities(ctx context.Context, yield func(schema.Entity) error) error {
	for _, k := range schema.Kinds {
		for _, e := range s.g.Entities {
			if e.Kind != k.Kind {
				continue
			}
			if err := yield(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s graphStream) Relationships(ctx context.Context, yield func(schema.Relationship) error) error {
	for _, t := range schema.RelTypes {
		for _, r := range s.g.Relationships {
			if r.Type != t.Type {
				continue
			}
			if err := yield(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Fingerprint identifies an input's content as loaded by a program version:
// the SHA-256 of version and of the graph, entities and relationships in id
// order, so that the order of the files does not matter.
func Fingerprint(version string, g schema.Graph) (string, error) {
	entities := slices.Clone(g.Entities)
	slices.SortFunc(entities, func(a, b schema.Entity) int { return strings.Compare(a.ID, b.ID) })
	rels := slices.Clone(g.Relationships)
	slices.SortFunc(rels, func(a, b schema.Relationship) int { return strings.Compare(a.ID, b.ID) })
	h := sha256.New()
	io.WriteString(h, version+"\x00")
	if err := json.NewEncoder(h).Encode(schema.Graph{Entities: entities, Relationships: rels}); err != nil {
		return "", fmt.Errorf("fingerprinting the input: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (c *Change) add(counts Counts, batch int) {
	c.Created += counts.Created
	c.Updated += counts.Updated
	c.Unchanged += batch - counts.Created - counts.Updated
}

func (r *Report) entity(k schema.Kind) *Change {
	if r.Entities[k] == nil {
		r.Entities[k] = &Change{}
	}
	return r.Entities[k]
}

func (r *Report) relationship(t schema.RelType) *Change {
	if r.Relationships[t] == nil {
		r.Relationships[t] = &Change{}
	}
	return r.Relationships[t]
}

// Totals sums the report's changes.
func (r *Report) Totals() (entities, relationships Change) {
	for _, c := range r.Entities {
		entities.Created += c.Created
		entities.Updated += c.Updated
		entities.Unchanged += c.Unchanged
		entities.Deleted += c.Deleted
	}
	for _, c := range r.Relationships {
		relationships.Created += c.Created
		relationships.Updated += c.Updated
		relationships.Unchanged += c.Unchanged
		relationships.Deleted += c.Deleted
	}
	return entities, relationships
}

// Changed reports whether the load changed the graph at all.
func (r *Report) Changed() bool {
	e, rel := r.Totals()
	return e.Created+e.Updated+e.Deleted+rel.Created+rel.Updated+rel.Deleted > 0
}

// WriteTo prints the report as a table: one row per kind and relationship
// type that the input holds or held.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tcreated\tupdated\tunchanged\tdeleted\t\n")
	row := func(name string, c *Change) {
		if *c == (Change{}) {
			return
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", name, c.Created, c.Updated, c.Unchanged, c.Deleted)
	}
	kinds := make([]string, 0, len(r.Entities))
	for k := range r.Entities {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		row(k, r.Entities[schema.Kind(k)])
	}
	types := make([]string, 0, len(r.Relationships))
	for t := range r.Relationships {
		types = append(types, string(t))
	}
	sort.Strings(types)
	for _, t := range types {
		row(t, r.Relationships[schema.RelType(t)])
	}
	e, rel := r.Totals()
	row("all entities", &e)
	row("all relationships", &rel)
	tw.Flush()
	if r.Skipped {
		fmt.Fprintf(&b, "input %q is already in the graph, as loaded by this program: nothing written (%s)\n", r.Input, r.Elapsed.Round(time.Millisecond))
	} else {
		fmt.Fprintf(&b, "loaded input %q in %s\n", r.Input, r.Elapsed.Round(time.Millisecond))
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// progress prints a line every tenth of a long load, so that someone watching
// a 100,000-entity load knows it is moving.
type progress struct {
	w           io.Writer
	total, done int
	next        int
	began       time.Time
}

const progressMinTotal = 5000

func newProgress(w io.Writer, total int) *progress {
	if total < progressMinTotal {
		w = nil // short loads finish before a progress line would help
	}
	return &progress{w: w, total: total, next: total / 10, began: time.Now()}
}

func (p *progress) advance(n int) {
	p.done += n
	if p.w == nil || p.done < p.next {
		return
	}
	for p.next <= p.done {
		p.next += p.total / 10
	}
	rate := float64(p.done) / time.Since(p.began).Seconds()
	fmt.Fprintf(p.w, "  %d/%d written (%.0f%%, %.0f/s)\n", p.done, p.total, 100*float64(p.done)/float64(p.total), rate)
}

func (p *progress) finish() {
	if p.w != nil && p.done > 0 {
		fmt.Fprintf(p.w, "  %d/%d written\n", p.done, p.total)
	}
}
