package graphdb

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// SetDeleteBatch lets tests delete in small batches; it returns a function
// that restores the batch size.
func SetDeleteBatch(n int) (restore func()) {
	old := deleteBatch
	deleteBatch = n
	return func() { deleteBatch = old }
}

// ReadRows runs cypher in a read transaction, for tests that need a
// statement of their own.
func (db *DB) ReadRows(ctx context.Context, cypher string, params map[string]any) ([][]any, error) {
	return readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([][]any, error) {
		return runRows(ctx, tx, cypher, params)
	})
}

// WriteRows runs cypher in a write transaction.
func (db *DB) WriteRows(ctx context.Context, cypher string, params map[string]any) error {
	_, err := writeTx(ctx, db, func(tx neo4j.ManagedTransaction) ([][]any, error) {
		return runRows(ctx, tx, cypher, params)
	})
	return err
}

// Slots is the bound on transactions at once, 0 for none.
func (db *DB) Slots() int { return cap(db.slots) }

// Bookmarks is the DB's bookmark manager.
func (db *DB) Bookmarks() neo4j.BookmarkManager { return db.bookmarks }

// SetStreamPage lets tests read whole-graph streams in small pages.
func SetStreamPage(n int) (restore func()) {
	old := streamPage
	streamPage = n
	return func() { streamPage = old }
}
