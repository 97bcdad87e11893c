package graphdb

import (
	"container/heap"
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// Whole-graph reads for exports, in id order, a page at a time: each page
// is a transaction of its own that seeks the id index past the last page,
// so neither Neo4j nor this process ever holds more than a page, whatever
// the graph's size (All, by contrast, holds the whole graph). The pages are
// read at different moments: a write between them can show in some pages
// and not others, so callers compare the generation before and after.

// streamPage is how many items one page reads.
var streamPage = 1000

// EachEntity calls fn with every entity, in id order.
func (db *DB) EachEntity(ctx context.Context, fn func(schema.Entity) error) error {
	cypher := fmt.Sprintf("MATCH (n:%s) WHERE n.id > $after RETURN n ORDER BY n.id LIMIT $limit", schema.EntityLabel)
	after := ""
	for {
		page, err := readTx(ctx, db, func(tx neo4j.ManagedTransaction) ([]schema.Entity, error) {
			res, err := tx.Run(ctx, cypher, map[string]any{"after": after, "limit": streamPage})
			if err != nil {
				return nil, err
			}
			return collectEntities(ctx, res)
		})
		if err != nil {
			return fmt.Errorf("reading the entities after %q: %w", after, err)
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < streamPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// EachRelationship calls fn with every relationship between two entities,
// in id order. Each type's relationships come in the order of its id
// index, and the types are merged here.
func (db *DB) EachRelationship(ctx context.Context, fn func(schema.Relationship) error) error {
	var h relHeap
	for _, spec := range schema.RelTypes {
		c := &relCursor{db: db, relType: spec.Type}
		if err := c.next(ctx); err != nil {
			return err
		}
		if c.ok() {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	for h.Len() > 0 {
		c := h[0]
		if err := fn(c.page[c.at]); err != nil {
			return err
		}
		if err := c.next(ctx); err != nil {
			return err
		}
		if c.ok() {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// relCursor walks one relationship type's relationships in id order.
type relCursor struct {
	db      *DB
	relType schema.RelType
	page    []schema.Relationship
	at      int
	done    bool // the last page has been read
}

func (c *relCursor) ok() bool { return c.at < len(c.page) }

// next moves to the following relationship, reading a page when needed.
func (c *relCursor) next(ctx context.Context) error {
	if c.page != nil {
		c.at++
	}
	if c.at < len(c.page) || c.done {
		return nil
	}
	after := ""
	if len(c.page) > 0 {
		after = c.page[len(c.page)-1].ID
	}
	cypher := fmt.Sprintf("MATCH (a:%[1]s)-[r:%[2]s]->(b:%[1]s) WHERE r.id > $after RETURN [r, a.id, b.id] ORDER BY r.id LIMIT $limit",
		schema.EntityLabel, c.relType)
	page, err := readTx(ctx, c.db, func(tx neo4j.ManagedTransaction) ([]schema.Relationship, error) {
		res, err := tx.Run(ctx, cypher, map[string]any{"after": after, "limit": streamPage})
		if err != nil {
			return nil, err
		}
		var page []schema.Relationship
		var d decoder
		for res.Next(ctx) {
			page = append(page, relFromTriple(&d, res.Record().Values[0]))
		}
		return page, errors.Join(res.Err(), d.err)
	})
	if err != nil {
		return fmt.Errorf("reading the %s relationships after %q: %w", c.relType, after, err)
	}
	c.page = page
	c.at = 0
	c.done = len(c.page) < streamPage
	if c.page == nil {
		c.page = []schema.Relationship{}
	}
	return nil
}

// relHeap orders cursors by the id of their current relationship.
type relHeap []*relCursor

func (h relHeap) Len() int           { return len(h) }
func (h relHeap) Less(i, j int) bool { return h[i].page[h[i].at].ID < h[j].page[h[j].at].ID }
func (h relHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *relHeap) Push(x any)        { *h = append(*h, x.(*relCursor)) }
func (h *relHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
