# scripts/serve.sh: sourced by the benchmark and load-test scripts.
#
# start_serve BIN WORK starts `BIN serve` on a free loopback port in the
# background, with its output in WORK/serve.out and WORK/serve.err, waits
# until it prints its address, and sets serve_pid and url (http://host:port,
# without /graphql). It exits the script, with the server's output, if the
# server stops or prints no address within 30 s.
start_serve() {
	local bin=$1 work=$2
	"$bin" serve -addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
	serve_pid=$!
	url=""
	for _ in $(seq 1 300); do
		url=$(sed -n 's/^ *GraphQL *\(http:[^ ]*\)\/graphql$/\1/p' "$work/serve.out" | head -1)
		[[ -n $url ]] && return 0
		if ! kill -0 "$serve_pid" 2>/dev/null; then
			cat "$work/serve.out" "$work/serve.err" >&2
			echo "survgraph serve stopped" >&2
			exit 1
		fi
		sleep 0.1
	done
	cat "$work/serve.out" "$work/serve.err" >&2
	echo "survgraph serve printed no address" >&2
	exit 1
}
