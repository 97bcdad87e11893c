// Command loadtest is the load generator behind `make load-test`: it runs C
// concurrent clients for a duration against a running survgraph's /graphql
// on a loopback address, with a query mix shaped like the explorer's and
// scripts' traffic over the 100,000-entity synthetic graph, and writes a
// Markdown report: throughput, latency percentiles overall and per query
// kind, errors by HTTP status and by extensions.code, the server process's
// memory and threads, and Neo4j transactions per request from /metrics.
//
// It talks to loopback addresses only.
// See loadtest/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
)

// main exits with 1 when the run failed its verdict, 2 when it could not
// run.
func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return
	}
	fmt.Fprintln(os.Stderr, "loadtest:", err)
	if errors.Is(err, errFailed) {
		os.Exit(1)
	}
	os.Exit(2)
}
