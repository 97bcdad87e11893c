package graphdb

import (
	"context"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// firstRuns lets one transaction at a time run a statement that this
// process has not yet seen Neo4j plan, the others waiting until it has.
//
// Neo4j plans a statement it has no plan for in every transaction that asks
// for it at once, each on its own thread. After a restart of Neo4j, or of
// a cache in front of survgraph, many requests of the same shape arrive
// together, and their identical plans shared two cores until requests
// passed their deadline (docs/performance.md, "One plan at a time"). The
// others wait for the first instead, then find its plan kept.
type firstRuns struct {
	mu      sync.Mutex
	seed    maphash.Seed
	planned map[uint64]bool          // statements Neo4j has planned; at most maxFirstRuns
	running map[uint64]chan struct{} // closed when the statement's first run returns
	waiting int                      // transactions waiting for a first run
}

// maxFirstRuns bounds what firstRuns remembers; beyond it statements run
// without waiting, as they would without it.
const maxFirstRuns = 50_000

func newFirstRuns() *firstRuns {
	return &firstRuns{seed: maphash.MakeSeed(), planned: map[uint64]bool{}, running: map[uint64]chan struct{}{}}
}

// do runs run, first waiting, while another transaction runs the same
// planKey for the first time, until it returns. A run that fails leaves the
// statement unplanned, and the next waiter runs it.
func (f *firstRuns) do(ctx context.Context, key uint64, run func() error) error {
	for {
		f.mu.Lock()
		if f.planned[key] || len(f.planned) >= maxFirstRuns {
			f.mu.Unlock()
			return run()
		}
		wait, ok := f.running[key]
		if !ok {
			done := make(chan struct{})
			f.running[key] = done
			f.mu.Unlock()
			err := run()
			f.mu.Lock()
			delete(f.running, key)
			if err == nil {
				f.planned[key] = true
			}
			f.mu.Unlock()
			close(done)
			return err
		}
		f.waiting++
		f.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
		}
		f.mu.Lock()
		f.waiting--
		f.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// planKey is what Neo4j keeps a plan for: the statement's text, its
// parameters' names and types, and the size class of each string and list
// parameter (classless).
func (f *firstRuns) planKey(cypher string, params map[string]any) uint64 {
	var h maphash.Hash
	h.SetSeed(f.seed)
	h.WriteString(cypher)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		v := reflect.ValueOf(params[name])
		h.WriteString("\x00" + name + "\x00" + v.Kind().String())
		if k := v.Kind(); k == reflect.String || k == reflect.Slice {
			h.WriteString(sizeClass(v.Len()))
		}
	}
	return h.Sum64()
}

// sizeClass is a length's order of magnitude, as Neo4j classes them: 4 and
// 10 share one, 10 and 25 do not.
func sizeClass(n int) string {
	if n == 0 {
		return "0"
	}
	return strconv.Itoa(len(strconv.Itoa(n - 1)))
}

// gatedTx is a transaction whose statements run through firstRuns.
type gatedTx struct {
	neo4j.ManagedTransaction
	first *firstRuns
}

func (tx gatedTx) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	var res neo4j.ResultWithContext
	err := tx.first.do(ctx, tx.first.planKey(cypher, params), func() error {
		var err error
		res, err = tx.ManagedTransaction.Run(ctx, cypher, params)
		return err
	})
	return res, err
}
