#!/usr/bin/env bash
# bench/run.sh: what `make bench` runs. It times every example of
# docs/queries.md against `survgraph serve`, first on the seed and the
# datasets, then with a synthetic graph loaded beside them, and writes both
# tables to docs/benchmarks-queries.md (BENCH_OUT).
#
# Settings (the Makefile passes them; these are its defaults):
#   BIN                  the survgraph binary (bin/survgraph), already built
#   BENCH_NEO4J_URI      the Neo4j to use (bolt://127.0.0.1:7688, the test Neo4j)
#   BENCH_NEO4J_BOLT     with BENCH_NEO4J_DATA: the project's Neo4j to start when
#   BENCH_NEO4J_DATA     BENCH_NEO4J_URI is bolt://BENCH_NEO4J_BOLT and nothing answers
#   BENCH_DATASETS       the public datasets (datasets/data)
#   BENCH_ENTITIES       synthetic entities (100000)
#   BENCH_RELATIONSHIPS  synthetic relationships (500000)
#   BENCH_N              timed requests per example (50)
#   BENCH_WARMUP         untimed requests per example first (5)
#   BENCH_OUT            where the report goes (docs/benchmarks-queries.md)
#   BENCH_KEEP_SYNTHETIC 1 to leave the synthetic graph in Neo4j afterwards
#   BENCH_TEST_NEO4J_DATA the test Neo4j's data folder (.data/neo4j-test)
#   BENCH_DISPOSABLE     1 if the Neo4j's data may be thrown away (automatic for
#                        the test Neo4j, whose data the tests wipe anyway)
#
# The Neo4j is written to: the seed and the datasets are loaded (idempotent),
# the synthetic input is replaced, and removed again at the end. Use the test
# Neo4j or a private one, never one whose data you want to keep as it is, and
# do not run `make test` on the same Neo4j meanwhile (tests empty it).
#
# The synthetic graph is removed through the loader, which deletes in batches
# of 10,000 (one transaction each), as the tests' reset does, so a 1 GB heap
# holds it. Should the removal fail all the same, on a disposable Neo4j of the
# project's the script stops it, deletes its data folder and starts it empty,
# so that `make test` keeps working afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/serve.sh
source scripts/serve.sh

GO=${GO:-go}
BIN=${BIN:-bin/survgraph}
BENCH_NEO4J_BOLT=${BENCH_NEO4J_BOLT:-127.0.0.1:7688}
BENCH_NEO4J_DATA=${BENCH_NEO4J_DATA:-.data/neo4j-test}
BENCH_NEO4J_URI=${BENCH_NEO4J_URI:-bolt://$BENCH_NEO4J_BOLT}
BENCH_DATASETS=${BENCH_DATASETS:-datasets/data}
BENCH_ENTITIES=${BENCH_ENTITIES:-100000}
BENCH_RELATIONSHIPS=${BENCH_RELATIONSHIPS:-500000}
BENCH_N=${BENCH_N:-50}
BENCH_WARMUP=${BENCH_WARMUP:-5}
BENCH_OUT=${BENCH_OUT:-docs/benchmarks-queries.md}
BENCH_KEEP_SYNTHETIC=${BENCH_KEEP_SYNTHETIC:-0}
BENCH_TEST_NEO4J_DATA=${BENCH_TEST_NEO4J_DATA:-.data/neo4j-test}
BENCH_DISPOSABLE=${BENCH_DISPOSABLE:-}
disposable_given=$BENCH_DISPOSABLE

export NEO4J_URI=$BENCH_NEO4J_URI
# The project's Neo4j has auth off; other servers take NEO4J_USERNAME and
# NEO4J_PASSWORD from the environment as usual.

work=$(mktemp -d)
serve_pid=""
cleanup() {
	if [[ -n $serve_pid ]]; then
		kill "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf '== %s\n' "$*" >&2; }
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

# bench runs querybench; its status 2 means some requests failed, which the
# report shows; any other failure stops the run.
bench() {
	local out=$1
	shift
	"$work/querybench" -url "$url" -n "$BENCH_N" -warmup "$BENCH_WARMUP" "$@" >"$out" || {
		local rc=$?
		((rc == 2)) || exit "$rc"
		errors=1
	}
	cat "$out"
}

local_neo4j=0
[[ $BENCH_NEO4J_URI == "bolt://$BENCH_NEO4J_BOLT" ]] && local_neo4j=1
if [[ -z $BENCH_DISPOSABLE ]]; then
	BENCH_DISPOSABLE=0
	if ((local_neo4j)) && [[ $(realpath -m "$BENCH_NEO4J_DATA") == "$(realpath -m "$BENCH_TEST_NEO4J_DATA")" ]]; then
		BENCH_DISPOSABLE=1
	fi
fi

start_neo4j() {
	"$BIN" neo4j start -data "$BENCH_NEO4J_DATA" -bolt "$BENCH_NEO4J_BOLT" -heap 1g -pagecache 512m
}

# remove_synthetic loads an empty input named "synthetic", which removes what
# that input holds and nothing else. When the loader fails and the Neo4j is
# disposable, it empties the Neo4j instead.
remove_synthetic() {
	mkdir -p "$work/empty"
	echo "# no synthetic data" >"$work/empty/none.yaml"
	if "$BIN" load -dir "$work/empty" -input synthetic >"$work/remove.log" 2>&1; then
		return 0
	fi
	tail -3 "$work/remove.log" >&2
	if ((local_neo4j && BENCH_DISPOSABLE)) && [[ -n $BENCH_NEO4J_DATA && $(realpath -m "$BENCH_NEO4J_DATA") != / ]]; then
		say "the loader could not remove the synthetic graph; this Neo4j is disposable: emptying $BENCH_NEO4J_DATA"
		"$BIN" neo4j stop -data "$BENCH_NEO4J_DATA" -bolt "$BENCH_NEO4J_BOLT"
		rm -rf "$BENCH_NEO4J_DATA"
		start_neo4j
		return 0
	fi
	echo "the synthetic graph could not be removed from $BENCH_NEO4J_URI; remove it with a larger heap," >&2
	echo "or empty that Neo4j, or rerun with BENCH_DISPOSABLE=1 if its data may be thrown away" >&2
	return 1
}

say "building bench/querybench"
$GO build -o "$work/querybench" ./bench/querybench

neo4j_note="at $BENCH_NEO4J_URI"
if ((local_neo4j)); then
	say "Neo4j on $BENCH_NEO4J_BOLT (data $BENCH_NEO4J_DATA): starting it unless it runs"
	start_neo4j
	neo4j_note="the project's Neo4j on $BENCH_NEO4J_BOLT, data in $BENCH_NEO4J_DATA (started with \`-heap 1g -pagecache 512m\` unless it was running)"
fi

say "removing any synthetic graph left from an earlier run"
remove_synthetic

say "loading the seed and the datasets from $BENCH_DATASETS"
start=$SECONDS
"$BIN" load -datasets "$BENCH_DATASETS" >"$work/load.log"
load_seconds=$((SECONDS - start))

say "starting survgraph serve on a free port"
start_serve "$BIN" "$work"
say "serving at $url"

loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
status=0 errors=0
say "benchmark 1: the seed and the datasets"
bench "$work/seed.md" -title "The seed and the datasets"

say "loading the synthetic graph: $BENCH_ENTITIES entities, $BENCH_RELATIONSHIPS relationships"
start=$SECONDS
"$BIN" synthetic -entities "$BENCH_ENTITIES" -relationships "$BENCH_RELATIONSHIPS" >"$work/synthetic.log"
synthetic_seconds=$((SECONDS - start))

say "benchmark 2: with the synthetic graph"
bench "$work/synthetic.md" \
	-title "With the synthetic graph ($(commas "$BENCH_ENTITIES") entities, $(commas "$BENCH_RELATIONSHIPS") relationships)"

kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
serve_pid=""

mem_kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
neo4j_version=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' neo4j/pom.xml | head -1)
java_version=$(java -version 2>&1 | head -1 || true)
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)

{
	echo "# Query latency of docs/queries.md"
	echo
	echo "Generated by \`make bench\` ([bench/run.sh](../bench/run.sh), [bench/querybench](../bench/querybench/main.go)); do not edit by hand."
	echo
	echo "Every worked example of [queries.md](queries.md) is sent $BENCH_N times, one request at a"
	echo "time, after $BENCH_WARMUP untimed warm-up requests, to \`survgraph serve\` on the same machine over"
	echo "loopback HTTP. The latency is the whole round trip the client sees: the request, the"
	echo "GraphQL execution with its Neo4j transactions, and reading the answer. p50 and p99 are"
	if ((BENCH_N <= 100)); then
		echo "nearest-rank percentiles: with $BENCH_N requests, p99 is the slowest of them."
	else
		echo "nearest-rank percentiles."
	fi
	echo "\"As documented\" says whether the answer still holds the facts queries.md shows: with the"
	echo "synthetic graph beside the seed, lists and counts over the whole graph (stats, entities,"
	echo "relationships by country) change, so \"no\" is expected there; questions about a curated"
	echo "entity are unaffected, since synthetic entities never link to curated ones."
	echo
	echo "## Machine and versions"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| date | $(date -u +%Y-%m-%dT%H:%MZ) |"
	echo "| CPU | ${cpu:-unknown}, $(nproc) CPUs (nproc) |"
	echo "| memory | $(awk -v k="$mem_kib" 'BEGIN {printf "%.1f GiB", k/1048576}') |"
	echo "| OS | $(uname -sr) |"
	echo "| Go | $($GO version | sed 's/^go version //') |"
	echo "| Java | $java_version |"
	echo "| Neo4j | ${neo4j_version:-unknown} Community (neo4j/pom.xml), $neo4j_note |"
	echo "| survgraph | commit $commit |"
	echo "| load average before timing | $loadavg (1, 5, 15 min; the machine may be shared) |"
	echo
	echo "## Command"
	echo
	echo '```sh'
	if [[ $BENCH_NEO4J_URI == "bolt://$BENCH_NEO4J_BOLT" ]]; then
		where="BENCH_NEO4J_BOLT=$BENCH_NEO4J_BOLT BENCH_NEO4J_DATA=$BENCH_NEO4J_DATA${disposable_given:+ BENCH_DISPOSABLE=$disposable_given}"
	else
		where="BENCH_NEO4J_URI=$BENCH_NEO4J_URI"
	fi
	echo "make bench $where BENCH_N=$BENCH_N BENCH_WARMUP=$BENCH_WARMUP \\"
	echo "  BENCH_ENTITIES=$BENCH_ENTITIES BENCH_RELATIONSHIPS=$BENCH_RELATIONSHIPS"
	echo '```'
	echo
	echo "which runs, with NEO4J_URI=$BENCH_NEO4J_URI:"
	echo
	echo '```sh'
	echo "bin/survgraph load -datasets $BENCH_DATASETS          # took ${load_seconds} s"
	echo "bin/survgraph serve -addr 127.0.0.1:0"
	echo "querybench -url $url -n $BENCH_N -warmup $BENCH_WARMUP"
	echo "bin/survgraph synthetic -entities $BENCH_ENTITIES -relationships $BENCH_RELATIONSHIPS   # took ${synthetic_seconds} s"
	echo "querybench -url $url -n $BENCH_N -warmup $BENCH_WARMUP"
	echo '```'
	echo
	cat "$work/seed.md"
	cat "$work/synthetic.md"
} >"$BENCH_OUT"
say "wrote $BENCH_OUT"

if [[ $BENCH_KEEP_SYNTHETIC != 1 ]]; then
	say "removing the synthetic graph"
	remove_synthetic || status=1
fi
if ((errors)); then
	echo "bench: some requests failed; the report counts them (see $BENCH_OUT)" >&2
fi
if ((status)); then
	echo "bench: the synthetic graph could not be removed" >&2
fi
exit "$status"
