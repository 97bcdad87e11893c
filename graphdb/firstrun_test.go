package graphdb

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// waitForWaiters yields until n transactions wait in f.
func waitForWaiters(f *firstRuns, n int) {
	for {
		f.mu.Lock()
		w := f.waiting
		f.mu.Unlock()
		if w == n {
			return
		}
		runtime.Gosched()
	}
}

func TestFirstRunsLetOneTransactionPlan(t *testing.T) {
	f := newFirstRuns()
	ctx := context.Background()
	release, firstDone := make(chan struct{}), atomic.Bool{}
	firstErr := make(chan error)
	go func() {
		firstErr <- f.do(ctx, 1, func() error {
			<-release
			firstDone.Store(true)
			return nil
		})
	}()
	waitForRunning(f, 1)

	// Another statement does not wait.
	if err := f.do(ctx, 2, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	// The same statement waits until the first run has returned.
	secondErr := make(chan error)
	go func() {
		secondErr <- f.do(ctx, 1, func() error {
			if !firstDone.Load() {
				return errors.New("ran before the first run returned")
			}
			return nil
		})
	}()
	waitForWaiters(f, 1)
	close(release)
	if err := <-firstErr; err != nil {
		t.Fatal(err)
	}
	if err := <-secondErr; err != nil {
		t.Error(err)
	}
	if !f.planned[1] || !f.planned[2] {
		t.Errorf("planned %v, want statements 1 and 2", f.planned)
	}
}

// waitForRunning yields until a first run of key is under way.
func waitForRunning(f *firstRuns, key uint64) {
	for {
		f.mu.Lock()
		_, ok := f.running[key]
		f.mu.Unlock()
		if ok {
			return
		}
		runtime.Gosched()
	}
}

func TestFirstRunsAfterAFailureTheNextWaiterRuns(t *testing.T) {
	f := newFirstRuns()
	ctx := context.Background()
	release := make(chan struct{})
	refused := errors.New("refused")
	firstErr := make(chan error)
	go func() {
		firstErr <- f.do(ctx, 7, func() error { <-release; return refused })
	}()
	waitForRunning(f, 7)
	var ran atomic.Int32
	secondErr := make(chan error)
	go func() { secondErr <- f.do(ctx, 7, func() error { ran.Add(1); return nil }) }()
	waitForWaiters(f, 1)
	close(release)
	if err := <-firstErr; !errors.Is(err, refused) {
		t.Fatalf("first run gave %v, want its own error", err)
	}
	if err := <-secondErr; err != nil || ran.Load() != 1 {
		t.Fatalf("the waiter gave %v and ran %d times, want nil and once", err, ran.Load())
	}
	if !f.planned[7] {
		t.Error("the statement is not marked planned after the waiter's run")
	}
}

func TestFirstRunsWaiterGivesUpAtItsDeadline(t *testing.T) {
	f := newFirstRuns()
	release := make(chan struct{})
	defer close(release)
	go f.do(context.Background(), 3, func() error { <-release; return nil })
	waitForRunning(f, 3)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		errc <- f.do(ctx, 3, func() error { return errors.New("ran while the first run was under way") })
	}()
	waitForWaiters(f, 1)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("gave %v, want the context's error", err)
	}
}

func TestPlanKeyFollowsNeo4jsPlanCache(t *testing.T) {
	f := newFirstRuns()
	const q = "MATCH (n) WHERE n.id > $id RETURN n"
	key := func(p map[string]any) uint64 { return f.planKey(q, p) }
	for _, tc := range []struct {
		name string
		a, b map[string]any
		same bool
	}{
		{"strings of 4 and 10 characters", map[string]any{"id": "abcd"}, map[string]any{"id": "abcdefghij"}, true},
		{"strings of 10 and 25 characters", map[string]any{"id": "abcdefghij"}, map[string]any{"id": strings.Repeat("x", 25)}, false},
		{"strings of 52 and 150 characters", map[string]any{"id": strings.Repeat("x", 52)}, map[string]any{"id": strings.Repeat("x", 150)}, false},
		{"strings of 130 and 150 characters", map[string]any{"id": strings.Repeat("x", 130)}, map[string]any{"id": strings.Repeat("x", 150)}, true},
		{"an empty string and one character", map[string]any{"id": ""}, map[string]any{"id": "a"}, false},
		{"lists of 3 and 101 items", map[string]any{"id": []string{"a", "b", "c"}}, map[string]any{"id": make([]string, 101)}, false},
		{"a string and a number", map[string]any{"id": "1"}, map[string]any{"id": int64(1)}, false},
		{"numbers of any value", map[string]any{"id": int64(1)}, map[string]any{"id": int64(1 << 40)}, true},
		{"other parameter names", map[string]any{"id": "a"}, map[string]any{"key": "a"}, false},
		{"two parameters in either order", map[string]any{"id": "a", "limit": int64(2)}, map[string]any{"limit": int64(9), "id": "b"}, true},
	} {
		if got := key(tc.a) == key(tc.b); got != tc.same {
			t.Errorf("%s: same key %v, want %v", tc.name, got, tc.same)
		}
	}
	if f.planKey(q, nil) == f.planKey(q+" LIMIT 1", nil) {
		t.Error("two statements share a key")
	}
}
