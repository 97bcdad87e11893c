package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGracefulShutdown: once the signal comes, no new request is taken,
// requests in flight finish within the grace period, and one that outlives
// it is reported.
func TestGracefulShutdown(t *testing.T) {
	for _, tt := range []struct {
		name      string
		work      time.Duration // how long the request in flight takes
		grace     time.Duration
		wantError bool
	}{
		{"in-flight request finishes", 300 * time.Millisecond, 5 * time.Second, false},
		{"request outlives the grace", 3 * time.Second, 200 * time.Millisecond, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			started := make(chan struct{})
			handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(started)
				select {
				case <-time.After(tt.work):
					io.WriteString(w, "finished")
				case <-r.Context().Done():
				}
			})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := "http://" + ln.Addr().String()
			ctx, signal := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- serveUntilDone(ctx, &http.Server{Handler: handler}, ln, tt.grace, slog.New(slog.DiscardHandler))
			}()

			type answer struct {
				body string
				err  error
			}
			inFlight := make(chan answer, 1)
			go func() {
				res, err := http.Get(addr + "/slow")
				if err != nil {
					inFlight <- answer{err: err}
					return
				}
				defer res.Body.Close()
				b, err := io.ReadAll(res.Body)
				inFlight <- answer{string(b), err}
			}()
			<-started
			signal()
			// The listener closes at once: a new connection is refused.
			deadline := time.Now().Add(2 * time.Second)
			for {
				c, err := net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond)
				if err != nil {
					break
				}
				c.Close()
				if time.Now().After(deadline) {
					t.Fatal("the server still accepts connections after the signal")
				}
				time.Sleep(20 * time.Millisecond)
			}

			got := <-inFlight
			err = <-done
			if tt.wantError {
				if err == nil || !strings.Contains(err.Error(), "still running") {
					t.Errorf("shutdown returned %v, want an error about requests still running", err)
				}
				if got.err == nil && got.body == "finished" {
					t.Errorf("the request outliving the grace period finished normally")
				}
				return
			}
			if err != nil {
				t.Errorf("shutdown: %v", err)
			}
			if got.err != nil || got.body != "finished" {
				t.Errorf("the request in flight got %q, %v; want it to finish", got.body, got.err)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("shutdown hit its deadline")
			}
		})
	}
}
