#!/usr/bin/env bash
# Kill Neo4j in the middle of a load, restart it, load again, and check that the
# graph converges to exactly what an uninterrupted load gives: same counts, same
# checksum, no duplicates (the uniqueness constraints would refuse them).
#
#   scripts/kill-mid-load.sh [ENTITIES] [RELATIONSHIPS] [KILL_AFTER_SECONDS]
#
# Defaults: the 100,000-entity / 500,000-relationship synthetic graph, killed
# after 60 s. Uses two throwaway Neo4j instances on 127.0.0.1:7695 and :7696
# (make bench-loader's Neo4j listens on 7695 too: stop it first).
#
# Upserts, the delete of what is absent and the knownFrom derivation all run
# in batches, each its own transaction, so the kill can land between any two
# of them; the reload must converge whatever it finds.
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-100000}
relationships=${2:-500000}
kill_after=${3:-60}
bin=bin/survgraph
go build -o "$bin" ./cmd/survgraph

work=$(mktemp -d)
ref=(-data "$work/reference" -bolt 127.0.0.1:7695 -heap 1g -pagecache 1g)
crash=(-data "$work/crashed" -bolt 127.0.0.1:7696 -heap 1g -pagecache 1g)
cleanup() {
  "$bin" neo4j stop "${ref[@]}" >/dev/null 2>&1 || true
  "$bin" neo4j stop "${crash[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
load() { NEO4J_URI=bolt://$1 "$bin" synthetic -entities "$entities" -relationships "$relationships"; }
sum() { NEO4J_URI=bolt://$1 "$bin" checksum; }

echo "== reference: an uninterrupted load"
"$bin" neo4j start "${ref[@]}" >/dev/null
load 127.0.0.1:7695 >"$work/reference.log" 2>&1 || { tail -20 "$work/reference.log"; exit 1; }
reference=$(sum 127.0.0.1:7695)
echo "$reference"
"$bin" neo4j stop "${ref[@]}" >/dev/null

echo "== crash: SIGKILL Neo4j ${kill_after}s into the load"
"$bin" neo4j start "${crash[@]}" >/dev/null
load 127.0.0.1:7696 >"$work/crash.log" 2>&1 &
loader=$!
sleep "$kill_after"
pid=$(awk 'NR==1{print $1}' "$work/crashed/neo4j.pid")
kill -KILL "$pid"
echo "killed Neo4j (pid $pid); the load said:"
wait "$loader" && { echo "the load finished before the kill: raise KILL_AFTER or the sizes"; exit 1; } || true
grep -v 'level=' "$work/crash.log" | tail -3
echo "partial graph after restart:"
"$bin" neo4j start "${crash[@]}" >/dev/null
sum 127.0.0.1:7696

echo "== reload after the crash"
load 127.0.0.1:7696 >"$work/reload.log" 2>&1 || { echo "the reload failed:"; tail -20 "$work/reload.log"; exit 1; }
after=$(sum 127.0.0.1:7696)
echo "$after"
grep 'all entities\|all relationships' "$work/reload.log"

if [ "$after" = "$reference" ]; then
  echo "PASS: the reloaded graph equals the uninterrupted one"
else
  echo "FAIL: reference: $reference"
  echo "      reloaded:  $after"
  exit 1
fi
