// Package graphdb stores survgraph's graph in Neo4j. It is the only package
// that imports the Neo4j driver: the loader writes through it and the API
// reads through it, both in terms of the schema package's types.
//
// Every statement is parameterized. Labels and relationship types are never
// taken from user text: they come from the schema's own lists, so they can be
// written into Cypher, where parameters are not allowed.
package graphdb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/survgraph/survgraph/schema"
)

// Config says where Neo4j is. It mirrors the NEO4J_* environment variables.
type Config struct {
	// URI is bolt://host:7687 for one server, or neo4j://host:7687 (and
	// neo4j+s:// for Aura) for a cluster: the driver then sends read
	// transactions to the members that serve reads and writes to the
	// leader.
	URI      string
	Username string // empty for a server without authentication
	Password string
	Database string // empty for the server's default database
	// MaxConcurrent bounds the transactions run at once through this DB;
	// the others wait their turn, first come first served, within their
	// deadline. Zero leaves them unbounded. Open lowers it to what Neo4j's
	// transaction memory fits (TxMemory.Fits). See DB.slots.
	MaxConcurrent int
}

// DB is a connection pool to one Neo4j database.
type DB struct {
	driver       neo4j.DriverWithContext
	sharedDriver neo4j.DriverWithContext // for shared computations (cache.go)
	database     string
	log          *slog.Logger
	// transactions counts the transactions opened, so tests can prove that a
	// request touches Neo4j a bounded number of times.
	transactions atomic.Int64
	// cache keeps the answers of whole-graph scans by generation, and
	// sharedSlots bounds how many are computed at once (cache.go).
	cache       resultCache
	sharedSlots chan struct{}
	// slots, when not nil, bounds the transactions run at once. Neo4j
	// shares its CPUs among the queries it runs; with more queries than
	// cores each one takes as many times longer, and under a steady load
	// the longest ones pass their deadline. Waiting in
	// line instead costs every request the same short wait, so the long
	// ones still finish in time, and fewer queries contend for memory.
	slots chan struct{}
	// bookmarks chain every session of this DB causally: on a cluster, a
	// read that follows a write, in any goroutine, waits until the member
	// it reads from has applied that write (cluster.go).
	bookmarks neo4j.BookmarkManager
	// gen is the graph's generation as last read or written (cluster.go).
	gen atomic.Value
}

// Open connects to Neo4j and checks that it answers. It bounds the
// transactions run at once by cfg.MaxConcurrent, lowered to what Neo4j's
// transaction memory fits.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	connect := func(pool int) (neo4j.DriverWithContext, error) {
		return neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
			c.MaxConnectionPoolSize = pool
			c.ConnectionAcquisitionTimeout = 30 * time.Second
			// A database that is down should be reported within a request's
			// deadline, not retried past it: clients then get UNAVAILABLE, and
			// a load cut short is simply run again.
			c.MaxTransactionRetryTime = 5 * time.Second
			c.SocketConnectTimeout = 3 * time.Second
		})
	}
	driver, err := connect(50)
	if err != nil {
		return nil, schema.Wrap(schema.ErrInvalid, err, fmt.Sprintf("cannot use NEO4J_URI %q", cfg.URI))
	}
	// Shared computations (cache.go) have connections of their own: the
	// requests that wait for them hold theirs, and under load they may hold
	// every connection of the main pool.
	shared, err := connect(sharedSlots)
	if err != nil {
		driver.Close(ctx)
		return nil, schema.Wrap(schema.ErrInvalid, err, fmt.Sprintf("cannot use NEO4J_URI %q", cfg.URI))
	}
	db := &DB{driver: driver, sharedDriver: shared, database: cfg.Database, log: log, sharedSlots: make(chan struct{}, sharedSlots),
		bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})}
	if err := db.Ping(ctx); err != nil {
		db.Close(ctx)
		return nil, err
	}
	if cfg.MaxConcurrent > 0 {
		db.slots = make(chan struct{}, db.concurrency(ctx, cfg.MaxConcurrent))
	}
	return db, nil
}

// Close releases the connections.
func (db *DB) Close(ctx context.Context) error {
	return errors.Join(db.driver.Close(ctx), db.sharedDriver.Close(ctx))
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	_, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "RETURN 1", nil)
		if err != nil {
			return nil, err
		}
		_, err = res.Single(ctx)
		return nil, err
	})
	return err
}

// Transactions returns how many transactions this DB has opened.
func (db *DB) Transactions() int64 { return db.transactions.Load() }

// readTx runs work in a managed read transaction, retried on transient
// errors, and returns what work returns, typed.
func readTx[T any](ctx context.Context, db *DB, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return transactAs(ctx, db, db.driver, neo4j.AccessModeRead, work)
}

// writeTx is readTx in a write transaction.
func writeTx[T any](ctx context.Context, db *DB, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return transactAs(ctx, db, db.driver, neo4j.AccessModeWrite, work)
}

// transactAs is transact with work's own result type.
func transactAs[T any](ctx context.Context, db *DB, driver neo4j.DriverWithContext, mode neo4j.AccessMode, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	out, err := db.transact(ctx, driver, mode, func(tx neo4j.ManagedTransaction) (any, error) { return work(tx) })
	t, _ := out.(T) // work's own value, or the zero value after an error
	return t, err
}

func (db *DB) transact(ctx context.Context, driver neo4j.DriverWithContext, mode neo4j.AccessMode, work neo4j.ManagedTransactionWork) (any, error) {
	start := time.Now()
	// Shared computations have slots of their own (cache.go): the requests
	// waiting for them hold these.
	if db.slots != nil && driver == db.driver {
		select {
		case db.slots <- struct{}{}:
			defer func() { <-db.slots }()
		case <-ctx.Done():
			return nil, classify(ctx, ctx.Err())
		}
	}
	s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: db.database, BookmarkManager: db.bookmarks})
	defer s.Close(context.WithoutCancel(ctx))
	db.transactions.Add(1)
	execute := s.ExecuteRead
	if mode == neo4j.AccessModeWrite {
		execute = s.ExecuteWrite
	}
	began := time.Now()
	out, err := execute(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out, err := work(tx)
		return out, overShare(err)
	}, txTimeout(ctx))
	err = classify(ctx, err)
	// Where a slow request spent its time: waiting for a slot (the server is
	// saturated) or in Neo4j.
	if waited, ran := began.Sub(start), time.Since(began); waited+ran > slowTransaction || schema.KindOf(err) == schema.ErrTimeout {
		db.log.Warn("slow transaction", "waited_for_slot", waited.Round(time.Millisecond), "ran", ran.Round(time.Millisecond), "err", err)
	}
	return out, err
}

// slowTransaction is how long a transaction may take, slot wait included,
// before it is logged.
const slowTransaction = 3 * time.Second

// txTimeout carries the context's deadline into the server-side transaction,
// so that Neo4j itself stops work the client no longer waits for.
func txTimeout(ctx context.Context) func(*neo4j.TransactionConfig) {
	return func(c *neo4j.TransactionConfig) {
		if dl, ok := ctx.Deadline(); ok {
			if left := time.Until(dl); left > 0 {
				c.Timeout = left
			} else {
				c.Timeout = time.Millisecond
			}
		}
	}
}

// classify turns driver errors into schema errors whose messages are safe to
// show; the driver's own text stays in the chain for logs.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var se *schema.Error
	if errors.As(err, &se) {
		return err
	}
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return schema.Wrap(schema.ErrTimeout, err, "the query ran out of time")
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch {
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
			return schema.Wrap(schema.ErrTimeout, err, "the query ran out of time")
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security."):
			return schema.Wrap(schema.ErrUnavailable, err, "the graph database refused the credentials")
		}
	}
	var cerr *neo4j.ConnectivityError
	if errors.As(err, &cerr) {
		return schema.Wrap(schema.ErrUnavailable, err, "the graph database is unavailable")
	}
	if transient(err) {
		return schema.Wrap(schema.ErrUnavailable, err, "the graph database is busy; retry shortly")
	}
	// Retries that ran out after connection failures: the database is down;
	// after transient errors (memory pool, deadlocks): it is busy.
	var lerr *neo4j.TransactionExecutionLimit
	if errors.As(err, &lerr) {
		for _, e := range lerr.Errors {
			if errors.As(e, &cerr) {
				return schema.Wrap(schema.ErrUnavailable, err, "the graph database is unavailable")
			}
		}
		for _, e := range lerr.Errors {
			if transient(e) {
				return schema.Wrap(schema.ErrUnavailable, err, "the graph database is busy; retry shortly")
			}
		}
	}
	return schema.Wrap(schema.ErrInternal, err, "graph database error")
}

// overShare turns Neo4j's refusal of a transaction that needs more memory
// than one may take (db.memory.transaction.max) into a limit error, which
// the driver does not retry: the same transaction would need the same
// memory again. The driver's text is kept for the log, outside the chain,
// since the driver retries any error whose chain holds a transient one.
func overShare(err error) error {
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) && nerr.Code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError" &&
		strings.Contains(nerr.Msg, "db.memory.transaction.max") {
		return schema.Wrap(schema.ErrLimit, errors.New(nerr.Error()),
			"the query needs more memory than one query may take on this server; ask for less (lower first, depth or maxHops)")
	}
	return err
}

// transient reports a Neo4j error of the TransientError class: the same
// request may succeed later (memory pool full, lock timeout, leader switch).
func transient(err error) bool {
	var nerr *neo4j.Neo4jError
	return errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.TransientError.")
}
