#!/usr/bin/env bash
# bench/exportbench/run.sh: what `make bench-exports` runs. Starts a fresh
# `survgraph serve` on EXPORTBENCH_NEO4J_URI (which must hold the synthetic
# graph: `survgraph synthetic`, or make load-test, loads it), then runs
# exportbench: EXPORTBENCH_DOWNLOADS concurrent whole-graph downloads while
# it samples the server's memory and times a normal query; writes
# EXPORTBENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../scripts/serve.sh
source scripts/serve.sh
GO=${GO:-go}
BIN=${BIN:-bin/survgraph}
export NEO4J_URI=${EXPORTBENCH_NEO4J_URI:-bolt://127.0.0.1:7687}
DOWNLOADS=${EXPORTBENCH_DOWNLOADS:-20}
FORMAT=${EXPORTBENCH_FORMAT:-graphml}
OUT=${EXPORTBENCH_OUT:-docs/benchmarks-exports.md}

work=$(mktemp -d)
serve_pid=""
cleanup() {
	if [[ -n $serve_pid ]] && kill -0 "$serve_pid" 2>/dev/null; then
		kill "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
$GO build -o "$work/exportbench" ./bench/exportbench
start_serve "$BIN" "$work" -export-dir "$work/exports"
echo "== serving at $url (pid $serve_pid); $DOWNLOADS downloads of the whole graph as $FORMAT" >&2
"$work/exportbench" -url "$url" -pid "$serve_pid" -downloads "$DOWNLOADS" -format "$FORMAT" -out "$work/report.md" \
	-command "make bench-exports EXPORTBENCH_NEO4J_URI=$NEO4J_URI EXPORTBENCH_DOWNLOADS=$DOWNLOADS"
grep -E "export built|export build failed" "$work/serve.err" | sed 's/^/    /' >>"$work/report.md" || true
cp "$work/report.md" "$OUT"
echo "== wrote $OUT" >&2
