#!/usr/bin/env bash
# Runs the suites that test survgraph through HTTP, against one real server:
# starts `survgraph serve -load` (the seed and the datasets loaded into the
# Neo4j at NEO4J_URI) on a free loopback port, waits until it is ready, runs
# the command given (by default every such suite: the explorer's browser
# tests, the client tests and the docs/clients.md recipes) with SURVGRAPH_URL
# and SURVGRAPH_EXPLORER_URL set to its address, and stops the server.
#
#   NEO4J_URI=bolt://127.0.0.1:7688 scripts/test-with-server.sh [-bin path/to/survgraph] [command...]
#
# The Neo4j at NEO4J_URI gets the seed loaded: point it at a test database.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=bin/survgraph
if [ "${1:-}" = -bin ]; then BIN=$2; shift 2; fi
[ $# -gt 0 ] || set -- node --test explorer/tests/ clients/tests/
: "${NEO4J_URI:?set NEO4J_URI to the test Neo4j (the seed is loaded into it)}"
ART=test-artifacts/server
mkdir -p "$ART"

[ -x "$BIN" ] || { echo "no survgraph binary at $BIN: run make build" >&2; exit 1; }

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
addr=127.0.0.1:$port
"$BIN" serve -load -addr "$addr" >"$ART/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

# Loading the seed takes a while on a cold Neo4j; give it up to 5 minutes.
node -e '
  const url = process.argv[1], pid = Number(process.argv[2]), end = Date.now() + 300000;
  (async () => {
    for (;;) {
      try { process.kill(pid, 0); } catch { console.error("survgraph serve exited; see '"$ART"'/server.log"); process.exit(1); }
      try { const r = await fetch(url); if (r.ok) process.exit(0); } catch {}
      if (Date.now() > end) { console.error("survgraph serve was not ready in 5 minutes"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();' "http://$addr/readyz" "$pid" || { tail -20 "$ART/server.log" >&2; exit 1; }

echo "survgraph serve is ready on http://$addr (log: $ART/server.log)"
SURVGRAPH_URL="http://$addr" SURVGRAPH_EXPLORER_URL="http://$addr" "$@"
