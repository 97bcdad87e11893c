package main

import (
	"log/slog"
	"runtime/debug"
)

// serveGCPercent and serveMemoryLimit are serve's garbage-collector settings
// when GOGC and GOMEMLIMIT are not set. Go's default (GOGC=100) starts a
// collection whenever the heap doubles from a 4 MiB floor; serve's live heap
// is a few MiB while one neighbourhood answer allocates about 4 MiB, so the
// default collects about once per request and that cost a quarter of serve's
// CPU under load (docs/performance.md). At 800 the heap may grow ninefold
// before a collection; the soft limit makes the collector work harder instead
// of letting the heap grow past 192 MiB. Under load the heap stays below it
// (docs/load-test.md), so it costs nothing there; while a whole-graph export
// is built, which allocates as fast as Neo4j sends, it keeps the process
// under 300 MB (docs/deploy.md).
const (
	serveGCPercent   = 800
	serveMemoryLimit = 192 << 20
)

// tuneGC applies serve's garbage-collector settings where the operator's
// environment does not set its own: GOGC and GOMEMLIMIT always win.
func tuneGC(getenv func(string) string, log *slog.Logger) {
	var applied []any
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
		applied = append(applied, "gc_percent", serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
		applied = append(applied, "memory_limit_bytes", serveMemoryLimit)
	}
	if applied != nil {
		log.Info("garbage collector tuned for serving (GOGC and GOMEMLIMIT override)", applied...)
	}
}
