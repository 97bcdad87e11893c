# scripts/serve.sh: sourced by the benchmark and load-test scripts.
#
# start_serve BIN WORK [ARGS...] starts `BIN serve ARGS` on a free loopback
# port in the background, with its output in WORK/serve.out and WORK/serve.err, waits
# until it prints its address and says it is ready, and sets serve_pid and
# url (http://host:port, without /graphql). It exits the script, with the
# server's output, if the server stops or prints no address within 30 s.
start_serve() {
	local bin=$1 work=$2
	shift 2
	"$bin" serve -addr 127.0.0.1:0 "$@" >"$work/serve.out" 2>"$work/serve.err" &
	serve_pid=$!
	url=""
	for _ in $(seq 1 300); do
		url=$(sed -n 's/^ *GraphQL *\(http:[^ ]*\)\/graphql$/\1/p' "$work/serve.out" | head -1)
		[[ -n $url ]] && break
		if ! kill -0 "$serve_pid" 2>/dev/null; then
			cat "$work/serve.out" "$work/serve.err" >&2
			echo "survgraph serve stopped" >&2
			exit 1
		fi
		sleep 0.1
	done
	if [[ -z $url ]]; then
		cat "$work/serve.out" "$work/serve.err" >&2
		echo "survgraph serve printed no address" >&2
		exit 1
	fi
	wait_ready "$url"
}

# wait_ready URL waits until URL/readyz?full answers 200: the server plans
# its whole-graph statements as it starts (a minute on the 100,000-entity
# graph), and benchmarks should not time that. Plain bash, so that no HTTP
# client needs installing.
wait_ready() {
	local hostport=${1#http://} status="" waited=0
	local host=${hostport%:*} port=${hostport##*:}
	while ((waited < 600)); do
		status=$( (exec 3<>"/dev/tcp/$host/$port" && printf 'GET /readyz?full HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3 && head -1 <&3) 2>/dev/null || true)
		[[ $status == *" 200 "* ]] && return 0
		if ((waited % 30 == 0)); then
			echo "== waiting for $1/readyz (${status:-no answer}); ${waited}s so far" >&2
		fi
		sleep 2
		waited=$((waited + 2))
	done
	echo "survgraph serve was not ready after ${waited}s" >&2
	exit 1
}
