package graphdb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What a deployment needs beyond one process and one server: the graph's
// generation as this process knows it (for HTTP caching), and a bound on
// concurrent transactions that fits the memory Neo4j lets them take.

// GenerationPoll is how often WatchGeneration reads the generation: a load
// by another process is seen within it.
const GenerationPoll = 5 * time.Second

// Generation returns the graph's generation as this process last read or
// wrote it; "" before the first read, or while no survgraph load has
// written the graph.
func (db *DB) Generation() string {
	g, _ := db.gen.Load().(string)
	return g
}

// WatchGeneration reads the generation now and then every interval until
// ctx ends, so that Generation follows loads made by other processes. A
// read that fails keeps the last value: a generation can only be stale by
// the time the database is unreachable, and then nothing is answered.
func (db *DB) WatchGeneration(ctx context.Context, interval time.Duration) {
	for {
		rctx, cancel := context.WithTimeout(ctx, interval)
		gen, err := db.readGeneration(rctx)
		cancel()
		if err == nil {
			db.gen.Store(gen)
		} else if ctx.Err() == nil {
			db.log.Warn("reading the graph's generation", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// readGeneration reads the generation in a transaction of its own.
func (db *DB) readGeneration(ctx context.Context) (string, error) {
	gen, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (string, error) {
		return generation(ctx, tx)
	})
	if err != nil {
		return "", fmt.Errorf("reading the graph's generation: %w", err)
	}
	return gen, nil
}

// TxMemory is what Neo4j lets transactions take of its heap, in bytes: one
// (db.memory.transaction.max) and all together (the smaller of
// dbms.memory.transaction.total.max and db.memory.transaction.total.max).
// Zero means unbounded, or unknown where the server does not say.
type TxMemory struct{ PerTransaction, Total int64 }

// Fits is how many transactions can run at once without taking the whole
// pool, when each may take its share: the pool over the share, less the
// shared computations' slots and two for a loader and the generation's
// poll. Zero when either bound is unknown.
func (m TxMemory) Fits() int {
	if m.PerTransaction <= 0 || m.Total <= 0 {
		return 0
	}
	return int(m.Total/m.PerTransaction) - sharedSlots - 2
}

// ReadTxMemory reads the transaction memory settings. Servers that do not
// let this user list settings (Aura) give an error.
func (db *DB) ReadTxMemory(ctx context.Context) (TxMemory, error) {
	m, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (TxMemory, error) {
		res, err := tx.Run(ctx, `SHOW SETTINGS YIELD name, value
WHERE name IN ['db.memory.transaction.max', 'db.memory.transaction.total.max', 'dbms.memory.transaction.total.max']
RETURN name, value`, nil)
		if err != nil {
			return TxMemory{}, err
		}
		var m TxMemory
		var d decoder
		for res.Next(ctx) {
			name := get[string](&d, res.Record().Values[0], "a setting's name")
			value := get[string](&d, res.Record().Values[1], "a setting's value")
			n, err := parseBytes(value)
			if err != nil {
				return TxMemory{}, fmt.Errorf("%s: %w", name, err)
			}
			switch {
			case name == "db.memory.transaction.max":
				m.PerTransaction = n
			case n > 0 && (m.Total == 0 || n < m.Total):
				m.Total = n
			}
		}
		return m, errors.Join(res.Err(), d.err)
	})
	if err != nil {
		return TxMemory{}, fmt.Errorf("reading the transaction memory settings: %w", err)
	}
	return m, nil
}

// concurrency is the bound on transactions at once: want, lowered to what
// the server's transaction memory fits, so that the transactions one
// process runs never exhaust the pool (docs/deploy.md).
func (db *DB) concurrency(ctx context.Context, want int) int {
	m, err := db.ReadTxMemory(ctx)
	if err != nil {
		db.log.Info("transaction memory unknown; keeping the bound on transactions at once", "bound", want, "err", err)
		return want
	}
	fits := m.Fits()
	switch {
	case m.PerTransaction == 0:
		db.log.Warn("Neo4j sets no memory limit per transaction (db.memory.transaction.max): one large transaction can take the pool every other needs; see docs/deploy.md",
			"pool", m.Total)
	case fits < want:
		db.log.Warn("lowering the bound on transactions at once to what Neo4j's transaction memory fits",
			"asked", want, "bound", max(fits, 1), "per_transaction", m.PerTransaction, "pool", m.Total)
		return max(fits, 1)
	}
	return want
}

// parseBytes reads Neo4j's way of writing a size: 0B, 59.00MiB, 1.40GiB.
func parseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		n      float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil {
				return 0, fmt.Errorf("size %q: %w", s, err)
			}
			return int64(f * u.n), nil
		}
	}
	return strconv.ParseInt(s, 10, 64)
}
