package graphdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// metaLabel marks the nodes that are not part of the graph. One holds the
// graph's generation, a token that every write transaction changing the
// graph replaces, in the same transaction. Answers that cost a scan of the
// whole graph (stats, the totals of lists) are kept under the generation
// they were read at, and served again while it has not changed.
//
// The token is random rather than a counter so that a graph emptied and
// loaded again can never repeat a generation an answer was kept under.
// A generation read before a concurrent write commits may have its answer
// computed partly after it; that answer is then kept under the older
// generation, which no later request reads again, so nothing stale is
// served once the write is visible.
//
// The others record, each for one input, the fingerprint of its last
// complete load (SetInputFingerprint).
const metaLabel = "SurvgraphMeta"

// bumpGeneration marks the graph as changed. Write transactions that changed
// something call it last, after every other lock they take, so that two
// writers cannot deadlock on the meta node. The new generation is this
// process's at once (Generation), so that its own answers' ETags change
// with its own writes; should the transaction fail to commit after all,
// the next poll (WatchGeneration) puts the committed one back.
func (db *DB) bumpGeneration(ctx context.Context, tx neo4j.ManagedTransaction) error {
	res, err := tx.Run(ctx, "MERGE (m:"+metaLabel+" {id: 'graph'}) SET m.generation = randomUUID(), m.changedAt = toString(date()) RETURN m.generation", nil)
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	gen, err := as[string](rec.Values[0], "the graph's generation")
	if err != nil {
		return err
	}
	db.gen.Store(gen)
	return nil
}

// ChangedAt returns the day (UTC) a write last changed the graph, or ""
// when none has since survgraph began recording it.
func (db *DB) ChangedAt(ctx context.Context) (string, error) {
	day, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, "OPTIONAL MATCH (m:"+metaLabel+" {id: 'graph'}) RETURN m.changedAt", nil)
		if err != nil {
			return "", err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return "", err
		}
		return as[string](rec.Values[0], "the graph's change date")
	})
	if err != nil {
		return "", fmt.Errorf("reading when the graph last changed: %w", err)
	}
	return day, nil
}

// generation reads the graph's generation; empty when no survgraph load has
// written the graph yet, in which case nothing is cached.
func generation(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
	res, err := tx.Run(ctx, "OPTIONAL MATCH (m:"+metaLabel+" {id: 'graph'}) RETURN m.generation", nil)
	if err != nil {
		return "", err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return "", err
	}
	return as[string](rec.Values[0], "the graph's generation")
}

// resultCacheSize bounds how many answers are kept. Each is small (a count
// or a stats summary); the bound only guards against a client that asks
// for endless distinct filters.
const resultCacheSize = 4096

// resultCache keeps answers by statement and generation. Requests for the
// same answer that arrive while it is being computed wait for that one
// computation instead of starting their own, so that a burst of identical
// expensive requests costs one scan.
type resultCache struct {
	mu       sync.Mutex
	entries  map[string]cached
	inFlight map[string]*computation
	hits     int64
	misses   int64
}

type cached struct {
	generation string
	value      any
}

type computation struct {
	done  chan struct{}
	value any
	err   error
	// waiters counts the requests still waiting; a computation that has
	// not started when the last one leaves is dropped.
	waiters int
}

// errUnwanted ends a computation nobody waits for any more.
var errUnwanted = errors.New("nobody waits for this answer any more")

// cacheKey names an answer by its statement and parameters, so equal
// requests give equal keys. Only parameter types whose encoding is known to
// be faithful are accepted; with any other the answer is not cached, rather
// than risk two requests sharing a key.
func cacheKey(cypher string, params map[string]any) (string, bool) {
	canonical := make(map[string]any, len(params))
	for name, v := range params {
		switch v := v.(type) {
		case nil, string, bool, int64, []string, []int64:
			canonical[name] = v
		case dbtype.Date:
			canonical[name] = "date:" + v.Time().Format(time.DateOnly)
		default:
			return "", false
		}
	}
	b, err := json.Marshal(canonical) // map keys come out sorted
	if err != nil {
		return "", false
	}
	return cypher + "\x00" + string(b), true
}

// get returns the answer kept for key at generation gen, computing it with
// compute when there is none. The computation runs on its own and is shared:
// a caller whose context ends stops waiting, but a computation that has
// started goes on for those who come later; compute asks wanted whether
// anyone still waits before it starts costly work. An error is returned
// to every waiter and not kept.
func (c *resultCache) get(ctx context.Context, key, gen string, compute func(wanted func() bool) (any, error)) (any, error) {
	slot := gen + "\x00" + key
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.inFlight = map[string]cached{}, map[string]*computation{}
	}
	if e, ok := c.entries[key]; ok && e.generation == gen {
		c.hits++
		c.mu.Unlock()
		return e.value, nil
	}
	w, ok := c.inFlight[slot]
	if !ok {
		w = &computation{done: make(chan struct{})}
		c.inFlight[slot] = w
		c.misses++
		wanted := func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			return w.waiters > 0
		}
		go func() {
			value, err := compute(wanted)
			c.mu.Lock()
			w.value, w.err = value, err
			delete(c.inFlight, slot)
			if err == nil {
				if len(c.entries) >= resultCacheSize {
					c.evict(gen)
				}
				c.entries[key] = cached{generation: gen, value: value}
			}
			c.mu.Unlock()
			close(w.done)
		}()
	}
	w.waiters++
	c.mu.Unlock()
	select {
	case <-w.done:
		if errors.Is(w.err, errUnwanted) {
			// It was dropped just as this request came to wait for it.
			return c.get(ctx, key, gen, compute)
		}
		return w.value, w.err
	case <-ctx.Done():
		c.mu.Lock()
		w.waiters--
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// evict drops the answers of other generations, which no request will read
// again, and if that frees nothing, an arbitrary half of the rest.
func (c *resultCache) evict(current string) {
	for k, e := range c.entries {
		if e.generation != current {
			delete(c.entries, k)
		}
	}
	if len(c.entries) < resultCacheSize {
		return
	}
	n := 0
	for k := range c.entries {
		if n >= resultCacheSize/2 {
			return
		}
		delete(c.entries, k)
		n++
	}
}

// CacheCounts says how many answers were served from the cache and how many
// were computed and kept. Tests read it to prove that a repeated request
// was served from memory and that a write made the next one compute again.
func (db *DB) CacheCounts() (hits, misses int64) {
	db.cache.mu.Lock()
	defer db.cache.mu.Unlock()
	return db.cache.hits, db.cache.misses
}

// sharedTimeout bounds a shared computation. It is longer than a request's
// deadline on purpose: an answer that takes a loaded server longer than one
// request may wait is still computed once and then served to every request
// until the graph changes, instead of being started and cancelled again by
// each request that times out. sharedSlots bounds how many run at once, so
// that they cannot take every Neo4j worker from cheap requests.
const (
	sharedTimeout = 2 * time.Minute
	sharedSlots   = 2
)

// sharedRows returns cypher's rows as kept for generation gen, or computes
// them once, in a read transaction of its own that does not end with the
// requests waiting for it. Only the parameters cypher names are part of its
// key, so that statements shared by different requests (the same count
// under different page cursors, a facet that no filter touches) are
// computed once. Without a generation (a graph no survgraph load has
// written), nothing is kept and the statement runs in tx.
func (db *DB) sharedRows(ctx context.Context, tx neo4j.ManagedTransaction, gen, cypher string, params map[string]any) ([][]any, error) {
	used := make(map[string]any, len(params))
	for name, v := range params {
		if strings.Contains(cypher, "$"+name) {
			used[name] = v
		}
	}
	key, ok := cacheKey(cypher, used)
	if gen == "" || !ok {
		return runRows(ctx, tx, cypher, used)
	}
	out, err := db.cache.get(ctx, key, gen, func(wanted func() bool) (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedTimeout)
		defer cancel()
		select {
		case db.sharedSlots <- struct{}{}:
			defer func() { <-db.sharedSlots }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// Waiting for a slot may have outlasted every request that
		// wanted the answer; then it is not worth a slot.
		if !wanted() {
			return nil, errUnwanted
		}
		start := time.Now()
		rows, err := db.transact(ctx, db.sharedDriver, neo4j.AccessModeRead, func(tx neo4j.ManagedTransaction) (any, error) {
			return runRows(ctx, tx, cypher, used)
		})
		db.log.Info("shared answer computed", "statement", firstLine(cypher), "took", time.Since(start).Round(time.Millisecond), "err", err)
		return rows, err
	})
	if err != nil {
		return nil, err
	}
	return out.([][]any), nil
}

// runRows runs cypher in tx and returns its rows.
func runRows(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([][]any, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	for res.Next(ctx) {
		rows = append(rows, res.Record().Values)
	}
	return rows, res.Err()
}

// firstLine is a statement's first line, enough to tell it in a log.
func firstLine(cypher string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(cypher), "\n")
	return line
}
