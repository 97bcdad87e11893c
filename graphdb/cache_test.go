package graphdb

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

func TestResultCacheComputesOncePerGeneration(t *testing.T) {
	var c resultCache
	var computed atomic.Int32
	release := make(chan struct{})
	compute := func(func() bool) (any, error) {
		computed.Add(1)
		<-release
		return 42, nil
	}
	// Ten requests arrive while the first computation runs: one computation.
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			v, err := c.get(context.Background(), "k", "g1", compute)
			if err != nil || v != 42 {
				t.Errorf("got %v, %v", v, err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := computed.Load(); n != 1 {
		t.Errorf("computed %d times for 10 concurrent requests, want 1", n)
	}
	if v, _ := c.get(context.Background(), "k", "g1", compute); v != 42 || computed.Load() != 1 {
		t.Errorf("a later request recomputed (computed %d times)", computed.Load())
	}
	// A new generation computes again.
	if _, err := c.get(context.Background(), "k", "g2", compute); err != nil || computed.Load() != 2 {
		t.Errorf("a new generation: computed %d times, want 2 (err %v)", computed.Load(), err)
	}
}

func TestResultCacheOutlivesImpatientRequests(t *testing.T) {
	var c resultCache
	release := make(chan struct{})
	finished := make(chan struct{})
	compute := func(func() bool) (any, error) {
		defer close(finished)
		<-release
		return "answer", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.get(ctx, "k", "g", compute); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the impatient request got %v, want its deadline", err)
	}
	close(release)
	<-finished
	v, err := c.get(context.Background(), "k", "g", func(func() bool) (any, error) { return nil, errors.New("computed again") })
	if err != nil || v != "answer" {
		t.Errorf("the next request got %v, %v; want the answer computed for the one that gave up", v, err)
	}
}

func TestResultCacheDropsUnwantedWork(t *testing.T) {
	var c resultCache
	start := make(chan struct{})
	wantedThen := make(chan bool, 1)
	compute := func(wanted func() bool) (any, error) {
		<-start
		wantedThen <- wanted()
		return nil, errUnwanted
	}
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	c.get(ctx, "k", "g", compute)
	close(start)
	if <-wantedThen {
		t.Error("wanted() says yes after the only request left")
	}
	// An error is not kept.
	if v, err := c.get(context.Background(), "k", "g", func(func() bool) (any, error) { return 7, nil }); err != nil || v != 7 {
		t.Errorf("after a failed computation got %v, %v; want a fresh one", v, err)
	}
}

func TestCacheKeyRefusesUnknownTypes(t *testing.T) {
	a, okA := cacheKey("RETURN $x", map[string]any{"x": []int64{1, 2}})
	b, okB := cacheKey("RETURN $x", map[string]any{"x": []int64{1, 3}})
	if !okA || !okB || a == b {
		t.Errorf("int lists: keys %q and %q (ok %v %v) should differ", a, b, okA, okB)
	}
	if _, ok := cacheKey("RETURN $x", map[string]any{"x": struct{ A int }{1}}); ok {
		t.Error("a struct parameter was given a key; its encoding could hide a difference")
	}
}

// TestTransactionsWaitForASlot checks the bound on transactions run at once:
// with every slot taken, a request waits, and when its deadline passes first
// it gets TIMEOUT without having opened a session (the DB has no driver
// here: opening one would panic).
func TestTransactionsWaitForASlot(t *testing.T) {
	db := &DB{slots: make(chan struct{}, 1)}
	db.slots <- struct{}{} // a transaction holds the only slot
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := readTx[any](ctx, db, nil)
	if kind := schema.KindOf(err); kind != schema.ErrTimeout {
		t.Fatalf("waiting for a slot past the deadline gave %v (kind %q), want TIMEOUT", err, kind)
	}
	if waited := time.Since(start); waited < 15*time.Millisecond {
		t.Errorf("gave up after %v, before the deadline", waited)
	}
	if n := db.Transactions(); n != 0 {
		t.Errorf("%d transactions counted for a request that never got a slot", n)
	}
}
