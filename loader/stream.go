package loader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// Stream is an input read in passes, for inputs too large to hold in
// memory (an imported file of a gigabyte): each call reads the records
// afresh from the start, in the same order every time.
type Stream interface {
	// Entities calls yield with every entity, and stops at yield's first
	// error, which it returns.
	Entities(ctx context.Context, yield func(schema.Entity) error) error
	// Relationships calls yield with every relationship, likewise.
	Relationships(ctx context.Context, yield func(schema.Relationship) error) error
}

// StreamInfo is what the producer of a [Stream] knows of it, having read it
// once to validate it.
type StreamInfo struct {
	// Entities and Relationships count what each pass yields, by kind and by
	// type: they size the progress lines and the report of a skipped load.
	Entities      map[schema.Kind]int
	Relationships map[schema.RelType]int
	// Digest identifies the content, such as a SHA-256 of the records in
	// their order. With Options.Version, a load of content the graph holds,
	// as loaded by the same program, writes nothing; "" always writes.
	Digest string
}

func (i StreamInfo) total() int {
	n := 0
	for _, c := range i.Entities {
		n += c
	}
	for _, c := range i.Relationships {
		n += c
	}
	return n
}

// LoadStream writes the stream into store as the input named input, as
// [Load] writes a graph: entities first (a pass), then relationships (a
// second pass), in batches of opt.BatchSize per kind and per type, one
// transaction each, then it deletes what input owned before but the stream
// no longer yields. The stream must have been validated as a whole: every
// relationship's ends exist once the entities are written, and every id is
// yielded once.
//
// Memory holds the ids written (to delete what is absent), the day each
// Source of the input became public, and a batch per kind or type. Each
// pass runs in a goroutine of its own, one batch ahead of the writes, so
// that reading and mapping the input overlaps with Neo4j's work.
func LoadStream(ctx context.Context, store Store, input string, s Stream, info StreamInfo, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	began := time.Now()
	rep := &Report{Input: input, Entities: map[schema.Kind]*Change{}, Relationships: map[schema.RelType]*Change{}}
	fingerprint, held, err := heldFingerprint(ctx, store, input, info, opt.Version)
	if err != nil {
		return nil, err
	}
	if held {
		return rep.skippedAs(info, began), nil
	}
	// Forgotten first, so that a load cut short is never taken for whole.
	if err := store.SetInputFingerprint(ctx, input, ""); err != nil {
		return nil, fmt.Errorf("recording the load of %s: %w", input, err)
	}
	if err := store.EnsureSchema(ctx); err != nil {
		return nil, fmt.Errorf("creating constraints and indexes: %w", err)
	}
	l := &streamLoad{store: store, input: input, batchSize: opt.BatchSize, rep: rep,
		prog: newProgress(opt.Progress, info.total()), sourcesKnownFrom: map[string]time.Time{}}
	kinds, types := allKinds(), allRelTypes()
	if err := l.writeEntities(ctx, s, kinds); err != nil {
		return nil, err
	}
	if err := l.writeRelationships(ctx, s, types); err != nil {
		return nil, err
	}
	// Every kind and type is in the report, written to or not, as Load
	// has always reported them.
	for _, k := range kinds {
		rep.entity(k)
	}
	for _, t := range types {
		rep.relationship(t)
	}
	if err := l.deleteAbsent(ctx); err != nil {
		return nil, err
	}
	if err := l.deriveKnownFrom(ctx); err != nil {
		return nil, err
	}
	if err := store.SetInputFingerprint(ctx, input, fingerprint); err != nil {
		return nil, fmt.Errorf("recording the load of %s: %w", input, err)
	}
	rep.Elapsed = time.Since(began)
	l.prog.finish()
	opt.Logger.Info("load finished", "input", input, "entities", len(l.keepE),
		"relationships", len(l.keepR), "elapsed", rep.Elapsed)
	return rep, nil
}

func (opt Options) withDefaults() Options {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 1000
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return opt
}

// heldFingerprint returns the fingerprint a complete load of the stream
// records, "" when it has no version or digest, and whether the graph
// already holds input with that fingerprint.
func heldFingerprint(ctx context.Context, store Store, input string, info StreamInfo, version string) (string, bool, error) {
	if version == "" || info.Digest == "" {
		return "", false, nil
	}
	fingerprint := streamFingerprint(version, info.Digest)
	held, err := store.InputFingerprint(ctx, input)
	if err != nil {
		return "", false, fmt.Errorf("reading what the graph holds of %s: %w", input, err)
	}
	return fingerprint, held == fingerprint, nil
}

func allKinds() []schema.Kind {
	kinds := make([]schema.Kind, len(schema.Kinds))
	for i, k := range schema.Kinds {
		kinds[i] = k.Kind
	}
	return kinds
}

func allRelTypes() []schema.RelType {
	types := make([]schema.RelType, len(schema.RelTypes))
	for i, t := range schema.RelTypes {
		types[i] = t.Type
	}
	return types
}

// streamLoad is what one LoadStream carries from pass to pass.
type streamLoad struct {
	store     Store
	input     string
	batchSize int
	rep       *Report
	prog      *progress
	// keepE and keepR are the ids written, so that the rest can be deleted.
	keepE, keepR []string
	// Every source the relationships cite is in the input (its validation
	// sees to that) and now in the graph as the input holds it, so the day
	// each claim became public is computed here rather than read back.
	sourcesKnownFrom map[string]time.Time
}

// writeEntities is the first pass: it upserts the entities, batch by batch
// per kind.
func (l *streamLoad) writeEntities(ctx context.Context, s Stream, kinds []schema.Kind) error {
	return pipeline(ctx, kinds, func(e schema.Entity) schema.Kind { return e.Kind }, l.batchSize, s.Entities,
		func(k schema.Kind, first int, batch []schema.Entity) error {
			c, err := l.store.UpsertEntities(ctx, l.input, k, batch)
			if err != nil {
				return fmt.Errorf("writing %s entities: rows %d to %d: %w", k, first+1, first+len(batch), err)
			}
			l.rep.entity(k).add(c, len(batch))
			l.prog.advance(len(batch))
			for _, e := range batch {
				l.keepE = append(l.keepE, e.ID)
				if e.Kind == schema.Source {
					l.sourcesKnownFrom[e.ID], _ = e.KnownFrom()
				}
			}
			return nil
		})
}

// writeRelationships is the second pass: it upserts the relationships,
// batch by batch per type, once their ends are written.
func (l *streamLoad) writeRelationships(ctx context.Context, s Stream, types []schema.RelType) error {
	return pipeline(ctx, types, func(r schema.Relationship) schema.RelType { return r.Type }, l.batchSize, s.Relationships,
		func(t schema.RelType, first int, batch []schema.Relationship) error {
			c, err := l.store.UpsertRelationships(ctx, l.input, t, batch, l.sourcesKnownFrom)
			if err != nil {
				return fmt.Errorf("writing %s relationships: rows %d to %d: %w", t, first+1, first+len(batch), err)
			}
			l.rep.relationship(t).add(c, len(batch))
			l.prog.advance(len(batch))
			for _, r := range batch {
				l.keepR = append(l.keepR, r.ID)
			}
			return nil
		})
}

// deleteAbsent removes what the input owned before but did not yield now.
func (l *streamLoad) deleteAbsent(ctx context.Context) error {
	del, err := l.store.DeleteAbsent(ctx, l.input, l.keepE, l.keepR)
	if err != nil {
		return fmt.Errorf("removing what %s no longer holds: %w", l.input, err)
	}
	for k, n := range del.Entities {
		l.rep.entity(k).Deleted += n
	}
	for t, n := range del.Relationships {
		l.rep.relationship(t).Deleted += n
	}
	return nil
}

// deriveKnownFrom brings the day each claim became public up to date. A
// claim's day follows from its citations, which are in its content, and
// from its sources' dates. The upserts set it on every relationship they
// wrote, so it can be out of date elsewhere only when a source changed.
func (l *streamLoad) deriveKnownFrom(ctx context.Context) error {
	sources := l.rep.Entities[schema.Source]
	if sources == nil || sources.Created+sources.Updated+sources.Deleted <= 0 {
		return nil
	}
	_, rels := l.rep.Totals()
	return l.store.DeriveKnownFrom(ctx, rels.Created+rels.Updated)
}

// streamFingerprint identifies content by its digest as loaded by a
// program version.
func streamFingerprint(version, digest string) string {
	sum := sha256.Sum256([]byte(version + "\x00" + digest))
	return hex.EncodeToString(sum[:])
}

// skippedAs fills r for an input the graph already holds: all unchanged.
func (r *Report) skippedAs(info StreamInfo, began time.Time) *Report {
	r.Skipped = true
	for k, n := range info.Entities {
		r.entity(k).Unchanged += n
	}
	for t, n := range info.Relationships {
		r.relationship(t).Unchanged += n
	}
	r.Elapsed = time.Since(began)
	return r
}

// batch is a batch of one group (a kind or a type), and where it starts
// among the group's items.
type batch[G comparable, T any] struct {
	group G
	first int
	items []T
}

// pipeline runs produce in a goroutine of its own, collects what it yields
// into batches of size items per group, and calls write for each batch as
// it fills, then for the groups' remainders in the order of groups. write
// runs in the caller's goroutine, one batch behind the producer at most. The
// first error of either stops both.
func pipeline[G comparable, T any](ctx context.Context, groups []G, groupOf func(T) G, size int,
	produce func(context.Context, func(T) error) error, write func(group G, first int, items []T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan batch[G, T], 1)
	var perr error
	go func() {
		defer close(ch)
		pending := map[G][]T{}
		sent := map[G]int{}
		send := func(g G) error {
			b := batch[G, T]{group: g, first: sent[g], items: pending[g]}
			sent[g] += len(b.items)
			pending[g] = make([]T, 0, size)
			select {
			case ch <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		perr = produce(ctx, func(x T) error {
			g := groupOf(x)
			if !slices.Contains(groups, g) {
				return fmt.Errorf("%v is not one of %v", g, groups)
			}
			if pending[g] == nil {
				pending[g] = make([]T, 0, size)
			}
			pending[g] = append(pending[g], x)
			if len(pending[g]) >= size {
				return send(g)
			}
			return nil
		})
		for _, g := range groups {
			if perr != nil {
				return
			}
			if len(pending[g]) > 0 {
				perr = send(g)
			}
		}
	}()
	for b := range ch {
		if err := write(b.group, b.first, b.items); err != nil {
			cancel()
			for range ch {
				// Let the producer see the cancellation and finish.
			}
			return err
		}
	}
	// The channel is closed: the producer has returned, and perr is its.
	return perr
}
