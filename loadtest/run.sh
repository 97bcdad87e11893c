#!/usr/bin/env bash
# loadtest/run.sh: what `make load-test` runs (see loadtest/README.md).
#
#  1. makes sure the Neo4j at LOAD_NEO4J_URI answers (the project's own Neo4j
#     is started when the URI is its default address) and holds the synthetic
#     graph: when `survgraph checksum` counts fewer than LOAD_ENTITIES
#     entities, it loads it with `survgraph synthetic` (input "synthetic" only;
#     nothing else in that Neo4j is touched);
#  2. starts `survgraph serve` on a free loopback port against it;
#  3. runs the load generator (loadtest/) for LOAD_DURATION with
#     LOAD_CLIENTS clients;
#  4. stops the server and prints the report, also written to LOAD_OUT.
#
# Settings (the Makefile passes them; these are its defaults):
#   BIN                 the survgraph binary, already built (bin/survgraph)
#   LOAD_NEO4J_URI      bolt://127.0.0.1:7687
#   LOAD_CLIENTS        50
#   LOAD_DURATION       10m
#   LOAD_TIMEOUT        15s   client timeout per request (the server's deadline is 10 s)
#   LOAD_ENTITIES       100000
#   LOAD_RELATIONSHIPS  500000
#   LOAD_SEED           1     random seed of the query mix
#   LOAD_OUT            docs/load-test.md
#   LOAD_SKIP_CHECK     1 to skip the checksum (it reads the whole graph)
#   LOAD_SERVER_LOG     where to keep the server's log (by default it is not kept)
#   LOAD_PROFILE        direct (default): POSTs straight to the server;
#                       public: serve -public behind nginx with the tested
#                       configuration (deploy/nginx/survgraph.conf), readers
#                       sending GETs through it (loadtest/public.go)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/serve.sh
source scripts/serve.sh
# shellcheck source=../scripts/nginx.sh
source scripts/nginx.sh

GO=${GO:-go}
BIN=${BIN:-bin/survgraph}
LOAD_NEO4J_URI=${LOAD_NEO4J_URI:-bolt://127.0.0.1:7687}
LOAD_CLIENTS=${LOAD_CLIENTS:-50}
LOAD_DURATION=${LOAD_DURATION:-10m}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-15s}
LOAD_ENTITIES=${LOAD_ENTITIES:-100000}
LOAD_RELATIONSHIPS=${LOAD_RELATIONSHIPS:-500000}
LOAD_SEED=${LOAD_SEED:-1}
LOAD_OUT=${LOAD_OUT:-docs/load-test.md}
LOAD_SKIP_CHECK=${LOAD_SKIP_CHECK:-0}
LOAD_PROFILE=${LOAD_PROFILE:-direct}
LOAD_SERVER_LOG=${LOAD_SERVER_LOG:-}

export NEO4J_URI=$LOAD_NEO4J_URI
# Credentials, if any, come from NEO4J_USERNAME and NEO4J_PASSWORD as usual.

work=$(mktemp -d)
serve_pid=""
cleanup() {
	stop_nginx
	if [[ -n $serve_pid ]] && kill -0 "$serve_pid" 2>/dev/null; then
		kill "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf '== %s\n' "$*" >&2; }

say "building the load generator"
$GO build -o "$work/loadtest" ./loadtest

if [[ $LOAD_NEO4J_URI == "bolt://127.0.0.1:7687" ]]; then
	say "the project's Neo4j on 127.0.0.1:7687: starting it unless it runs"
	"$BIN" neo4j start
fi

graph_note=""
if [[ $LOAD_SKIP_CHECK == 1 ]]; then
	say "LOAD_SKIP_CHECK=1: not counting the graph (the load generator still checks the synthetic ids)"
else
	say "counting the graph at $LOAD_NEO4J_URI with survgraph checksum (it reads the whole graph)"
	start=$SECONDS
	sum=$("$BIN" checksum)
	say "$sum ($((SECONDS - start)) s)"
	entities=$(awk '{for (i = 1; i < NF; i++) if ($i == "entities") print $(i + 1)}' <<<"$sum")
	if [[ -z $entities ]]; then
		echo "could not read the entity count from: $sum" >&2
		exit 1
	fi
	if ((entities < LOAD_ENTITIES)); then
		say "$entities entities < $LOAD_ENTITIES: loading the synthetic graph ($LOAD_ENTITIES entities, $LOAD_RELATIONSHIPS relationships, input \"synthetic\")"
		"$BIN" synthetic -entities "$LOAD_ENTITIES" -relationships "$LOAD_RELATIONSHIPS"
		sum=$("$BIN" checksum)
		say "$sum"
	fi
	graph_note="survgraph checksum: $(awk '{print $1, $2, $3, $4}' <<<"$sum")"
fi

say "starting survgraph serve on a free loopback port"
extra=()
if [[ $LOAD_PROFILE == public ]]; then
	start_serve "$BIN" "$work" -public -admin 127.0.0.1:0 -trusted-proxies 127.0.0.1
	admin=$(sed -n 's/^ *admin *\(http:[^ ]*\)\/metrics .*/\1/p' "$work/serve.out" | head -1)
	start_nginx "$work" "${url#http://}"
	say "serving at $url (pid $serve_pid), admin $admin, behind nginx at $nginx_url (pid $nginx_pid); $LOAD_CLIENTS clients for $LOAD_DURATION"
	extra=(-profile public -metrics "$admin" -calibrate 0)
	target=$nginx_url
else
	start_serve "$BIN" "$work"
	say "serving at $url (pid $serve_pid); $LOAD_CLIENTS clients for $LOAD_DURATION"
	target=$url
fi

status=0
"$work/loadtest" -url "$target" -pid "$serve_pid" -clients "$LOAD_CLIENTS" -duration "$LOAD_DURATION" \
	-timeout "$LOAD_TIMEOUT" -entities "$LOAD_ENTITIES" -seed "$LOAD_SEED" -neo4j "$LOAD_NEO4J_URI" \
	-graph "$graph_note" -server-log "$work/serve.err" -out "$work/report.md" "${extra[@]}" \
	-command "make load-test LOAD_PROFILE=$LOAD_PROFILE LOAD_CLIENTS=$LOAD_CLIENTS LOAD_DURATION=$LOAD_DURATION LOAD_NEO4J_URI=$LOAD_NEO4J_URI" \
	>/dev/null || status=$?
stop_nginx

say "stopping the server"
start=$(date +%s.%N)
kill -TERM "$serve_pid"
serve_status=0
wait "$serve_pid" || serve_status=$?
serve_pid=""
if [[ -n $LOAD_SERVER_LOG ]]; then
	cp "$work/serve.err" "$LOAD_SERVER_LOG"
	say "kept the server's log in $LOAD_SERVER_LOG"
fi
stop_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')

if [[ ! -s $work/report.md ]]; then
	echo "the load generator wrote no report (exit status $status)" >&2
	tail -20 "$work/serve.err" >&2 || true
	exit 1
fi
{
	echo
	echo "The server stopped ${stop_seconds} s after SIGTERM with exit status ${serve_status}."
} >>"$work/report.md"
mkdir -p "$(dirname "$LOAD_OUT")"
cp "$work/report.md" "$LOAD_OUT"
cat "$LOAD_OUT"
say "wrote $LOAD_OUT"
exit "$status"
