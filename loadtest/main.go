// Command loadtest is the load generator behind `make load-test`: it runs C
// concurrent clients for a duration against a running survgraph's /graphql
// on a loopback address, with a query mix shaped like the explorer's and
// scripts' traffic over the 100,000-entity synthetic graph, and writes a
// Markdown report: throughput, latency percentiles overall and per query
// kind, errors by HTTP status and by extensions.code, the server process's
// memory and threads, and Neo4j transactions per request from /metrics.
//
// It uses the standard library only and talks to loopback addresses only.
// See loadtest/README.md.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
}
