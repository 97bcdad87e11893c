#!/usr/bin/env bash
# bench/peers/run.sh: what `make bench-peers` runs. It benchmarks survgraph
# beside @neo4j/graphql and hand-written Cypher over one Neo4j and writes
# docs/benchmarks.md (PEERS_OUT). From a fresh clone it fetches what it needs:
# APOC core with Maven (bench/peers/apoc), the Node server's packages with
# `npm ci` (bench/peers/node), and the project's Neo4j, which it starts with
# APOC loaded (SURVGRAPH_NEO4J_PLUGINS, see localneo4j).
#
# Settings (the Makefile passes them; these are its defaults):
#   BIN                  the survgraph binary (bin/survgraph), already built
#   PEERS_NEO4J_BOLT     the project's Neo4j to start and use (127.0.0.1:7687)
#   PEERS_NEO4J_DATA     its data folder (.data/neo4j-peers)
#   PEERS_NEO4J_HEAP     its heap (2g) and page cache (1g)
#   PEERS_NEO4J_PAGECACHE
#   PEERS_DATASETS       the public datasets loaded beside the seed (datasets/data;
#                        "none" for the seed alone)
#   PEERS_ENTITIES       synthetic entities (100000) and relationships (500000),
#   PEERS_RELATIONSHIPS  loaded unless the Neo4j already holds that many
#   PEERS_SURVGRAPH_ADDR where survgraph serve listens (127.0.0.1:8291)
#   PEERS_NODE_PORT      where the @neo4j/graphql server listens (8292)
#   PEERS_ROUNDS         rounds (5), each timing every system once per query and
#   PEERS_DURATION       concurrency for PEERS_DURATION (3s)
#   PEERS_CONCURRENCY    concurrency levels (1,8,32)
#   PEERS_OUT            the report (docs/benchmarks.md)
#   PEERS_ALLOW_FAILED   1 to time the queries that pass the same-answers check when
#                        others fail it (the report lists the failures; the exit
#                        status is still non-zero)
#
# The Neo4j is written to: the seed and the datasets are loaded (idempotent)
# and the synthetic input is loaded when it is missing or of another size.
# A Neo4j of the project's that already runs on that data folder without
# APOC is restarted with it.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO=${GO:-go}
BIN=${BIN:-bin/survgraph}
PEERS_NEO4J_BOLT=${PEERS_NEO4J_BOLT:-127.0.0.1:7687}
PEERS_NEO4J_DATA=${PEERS_NEO4J_DATA:-.data/neo4j-peers}
PEERS_NEO4J_HEAP=${PEERS_NEO4J_HEAP:-2g}
PEERS_NEO4J_PAGECACHE=${PEERS_NEO4J_PAGECACHE:-1g}
PEERS_DATASETS=${PEERS_DATASETS:-datasets/data}
PEERS_ENTITIES=${PEERS_ENTITIES:-100000}
PEERS_RELATIONSHIPS=${PEERS_RELATIONSHIPS:-500000}
PEERS_SURVGRAPH_ADDR=${PEERS_SURVGRAPH_ADDR:-127.0.0.1:8291}
PEERS_NODE_PORT=${PEERS_NODE_PORT:-8292}
PEERS_ROUNDS=${PEERS_ROUNDS:-5}
PEERS_DURATION=${PEERS_DURATION:-3s}
PEERS_CONCURRENCY=${PEERS_CONCURRENCY:-1,8,32}
PEERS_OUT=${PEERS_OUT:-docs/benchmarks.md}
PEERS_ALLOW_FAILED=${PEERS_ALLOW_FAILED:-0}

say() { printf '== %s\n' "$*" >&2; }
fail() {
	printf 'bench-peers: %s\n' "$*" >&2
	exit 1
}

work=$(mktemp -d)
serve_pid="" node_pid=""
cleanup() {
	for pid in $serve_pid $node_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

need() {
	command -v "$1" >/dev/null 2>&1 || fail "$1 not found: $2"
}
need node "Node.js 20 or newer runs the @neo4j/graphql server"
need npm "npm installs the @neo4j/graphql server's packages (bench/peers/node)"
need mvn "Maven fetches APOC core and Neo4j"
need java "Java 17 runs Neo4j"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || fail "Node.js $(node --version) is too old: @neo4j/graphql 7 needs 20 or newer"

say "fetching APOC core with Maven (bench/peers/apoc)"
if ! mvn -q -B -f bench/peers/apoc/pom.xml package >"$work/mvn.log" 2>&1; then
	tail -30 "$work/mvn.log" >&2
	fail "Maven could not fetch APOC core (mvn -f bench/peers/apoc/pom.xml package failed; its output is above)"
fi
plugins=$(realpath bench/peers/apoc/target/plugins)
ls "$plugins"/apoc-core-*.jar >/dev/null 2>&1 || fail "no APOC core jar in $plugins after Maven"

say "installing the @neo4j/graphql server's packages (npm ci in bench/peers/node)"
if ! (cd bench/peers/node && npm ci --no-audit --no-fund >"$work/npm.log" 2>&1); then
	tail -30 "$work/npm.log" >&2
	fail "npm ci failed in bench/peers/node (its output is above)"
fi

say "building the harness (bench/peers)"
$GO build -o "$work/peers" ./bench/peers || fail "go build ./bench/peers failed"

neo4j_pid() { head -1 "$PEERS_NEO4J_DATA/neo4j.pid" 2>/dev/null || true; }
start_neo4j() {
	SURVGRAPH_NEO4J_PLUGINS=$plugins "$BIN" neo4j start -data "$PEERS_NEO4J_DATA" -bolt "$PEERS_NEO4J_BOLT" \
		-heap "$PEERS_NEO4J_HEAP" -pagecache "$PEERS_NEO4J_PAGECACHE" ||
		fail "Neo4j did not start on $PEERS_NEO4J_BOLT (data $PEERS_NEO4J_DATA); see $PEERS_NEO4J_DATA/logs/neo4j.log"
}
say "Neo4j on $PEERS_NEO4J_BOLT (data $PEERS_NEO4J_DATA), with APOC"
start_neo4j
pid=$(neo4j_pid)
[[ -n $pid ]] || fail "Neo4j runs on $PEERS_NEO4J_BOLT but not from $PEERS_NEO4J_DATA; choose another PEERS_NEO4J_BOLT"
if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--plugins $plugins"; then
	say "that Neo4j (pid $pid) runs without APOC: restarting it with APOC"
	"$BIN" neo4j stop -data "$PEERS_NEO4J_DATA" -bolt "$PEERS_NEO4J_BOLT" || fail "could not stop Neo4j (pid $pid)"
	start_neo4j
	pid=$(neo4j_pid)
fi
export NEO4J_URI=bolt://$PEERS_NEO4J_BOLT

say "loading the seed and the datasets ($PEERS_DATASETS)"
"$BIN" load -datasets "$PEERS_DATASETS" >"$work/load.log" 2>&1 || {
	tail -20 "$work/load.log" >&2
	fail "loading the seed failed"
}
have=$("$work/peers" -bolt "$NEO4J_URI" -synthetic-size)
if [[ $have != "$PEERS_ENTITIES $PEERS_RELATIONSHIPS" ]]; then
	say "loading the synthetic graph: $PEERS_ENTITIES entities, $PEERS_RELATIONSHIPS relationships (it holds $have; this takes a while)"
	"$BIN" synthetic -entities "$PEERS_ENTITIES" -relationships "$PEERS_RELATIONSHIPS" >"$work/synthetic.log" 2>&1 || {
		tail -20 "$work/synthetic.log" >&2
		fail "loading the synthetic graph failed"
	}
fi

say "starting survgraph serve on $PEERS_SURVGRAPH_ADDR"
"$BIN" serve -addr "$PEERS_SURVGRAPH_ADDR" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
say "starting the @neo4j/graphql server on 127.0.0.1:$PEERS_NODE_PORT"
(cd bench/peers/node && exec env PORT="$PEERS_NODE_PORT" HOST=127.0.0.1 node server.mjs) >"$work/node.out" 2>"$work/node.err" &
node_pid=$!
for _ in $(seq 1 600); do
	ok=1
	grep -q "GraphQL" "$work/serve.out" 2>/dev/null || ok=0
	grep -q "ready on" "$work/node.out" 2>/dev/null || ok=0
	((ok)) && break
	kill -0 "$serve_pid" 2>/dev/null || {
		cat "$work/serve.out" "$work/serve.err" >&2
		fail "survgraph serve stopped"
	}
	kill -0 "$node_pid" 2>/dev/null || {
		cat "$work/node.out" "$work/node.err" >&2
		fail "the @neo4j/graphql server stopped"
	}
	sleep 0.2
done
((ok)) || fail "survgraph serve or the @neo4j/graphql server did not become ready in 2 minutes"
# survgraph plans its whole-graph statements as it starts; time it once ready.
# shellcheck source=../../scripts/serve.sh
source scripts/serve.sh
wait_ready "http://$PEERS_SURVGRAPH_ADDR"

pkg() { node -p "require('./bench/peers/node/node_modules/$1/package.json').version"; }
neo4j_version=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' neo4j/pom.xml | head -1)
make_cmd="make bench-peers PEERS_NEO4J_BOLT=$PEERS_NEO4J_BOLT PEERS_NEO4J_DATA=$PEERS_NEO4J_DATA PEERS_ROUNDS=$PEERS_ROUNDS PEERS_DURATION=$PEERS_DURATION PEERS_CONCURRENCY=$PEERS_CONCURRENCY"
[[ $PEERS_ALLOW_FAILED == 1 ]] && make_cmd+=" PEERS_ALLOW_FAILED=1"
steps="SURVGRAPH_NEO4J_PLUGINS=bench/peers/apoc/target/plugins $BIN neo4j start -data $PEERS_NEO4J_DATA -bolt $PEERS_NEO4J_BOLT -heap $PEERS_NEO4J_HEAP -pagecache $PEERS_NEO4J_PAGECACHE"
steps+=" @@ $BIN load -datasets $PEERS_DATASETS @@ $BIN synthetic -entities $PEERS_ENTITIES -relationships $PEERS_RELATIONSHIPS   # when Neo4j holds another number of synthetic items"
steps+=" @@ $BIN serve -addr $PEERS_SURVGRAPH_ADDR & @@ (cd bench/peers/node && PORT=$PEERS_NODE_PORT node server.mjs) &"
steps+=" @@ go build -o peers ./bench/peers && ./peers -survgraph http://$PEERS_SURVGRAPH_ADDR -peer http://127.0.0.1:$PEERS_NODE_PORT -bolt $NEO4J_URI -rounds $PEERS_ROUNDS -duration $PEERS_DURATION -concurrency $PEERS_CONCURRENCY"
info="node=$(node --version)"
info+=";neo4j=$neo4j_version Community, embedded (neo4j/pom.xml), heap $PEERS_NEO4J_HEAP, page cache $PEERS_NEO4J_PAGECACHE, on $PEERS_NEO4J_BOLT"
info+=";neo4jgraphql=$(pkg @neo4j/graphql)"
info+=";nodepkgs=graphql-yoga $(pkg graphql-yoga), graphql $(pkg graphql), neo4j-driver $(pkg neo4j-driver)"
info+=";graphqlgo=$($GO list -m -f '{{.Version}}' github.com/graphql-go/graphql)"
info+=";godriver=$($GO list -m -f '{{.Version}}' github.com/neo4j/neo4j-go-driver/v5)"
info+=";commit=$(git describe --always --dirty 2>/dev/null || echo unknown)"
info+=";command=$make_cmd"
info+=";steps=$steps"

allow=()
[[ $PEERS_ALLOW_FAILED == 1 ]] && allow=(-allow-failed)
say "running the benchmark"
"$work/peers" "${allow[@]}" -survgraph "http://$PEERS_SURVGRAPH_ADDR" -survgraph-pid "$serve_pid" \
	-peer "http://127.0.0.1:$PEERS_NODE_PORT" -peer-pid "$node_pid" \
	-bolt "$NEO4J_URI" -neo4j-pid "$pid" \
	-rounds "$PEERS_ROUNDS" -duration "$PEERS_DURATION" -concurrency "$PEERS_CONCURRENCY" \
	-out "$PEERS_OUT" -info "$info"
