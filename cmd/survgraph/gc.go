package main

import (
	"log/slog"
	"runtime/debug"
)

// serveGCPercent and serveMemoryLimit are serve's garbage-collector settings
// when GOGC and GOMEMLIMIT are not set. serve's live heap is small next to
// what one answer allocates, so Go's default (GOGC=100) collects about once
// per request, a cost measured in docs/performance.md. At 800 the heap may
// grow ninefold before a collection; the soft limit makes the collector work
// harder instead of letting the heap grow past 192 MiB: a whole-graph
// export's build allocates as fast as Neo4j sends, and the limit holds the
// process's memory down meanwhile (figures in docs/deploy.md, "Whole-graph exports").
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
