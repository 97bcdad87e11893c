# scripts/nginx.sh: sourced by the load test's public profile.
#
# start_nginx WORK UPSTREAM renders deploy/nginx/survgraph.conf (the tested
# configuration) into WORK/nginx, starts Debian's nginx with it on a free
# loopback port in front of UPSTREAM (host:port), in the foreground of a
# background job, and sets nginx_pid and nginx_url. stop_nginx stops it.
start_nginx() {
	local work=$1 upstream=$2 dir port bin user=""
	dir=$work/nginx
	mkdir -p "$dir"
	bin=$(command -v nginx || echo /usr/sbin/nginx)
	[[ -x $bin ]] || { echo "nginx is not installed: run make deps" >&2; exit 1; }
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	sed -e "s|@CACHE_DIR@|$dir/cache|" -e "s|@LISTEN@|127.0.0.1:$port|" -e "s|@UPSTREAM@|$upstream|" \
		deploy/nginx/survgraph.conf >"$dir/survgraph.conf"
	[[ $(id -u) == 0 ]] && user="user root;"
	cat >"$dir/nginx.conf" <<CONF
daemon off;
$user
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/survgraph.conf;
}
CONF
	"$bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
	nginx_pid=$!
	nginx_url=http://127.0.0.1:$port
	for _ in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		kill -0 "$nginx_pid" 2>/dev/null || { cat "$dir/error.log" >&2; echo "nginx stopped" >&2; exit 1; }
		sleep 0.1
	done
	echo "nginx did not listen on $port" >&2
	exit 1
}

stop_nginx() {
	if [[ -n ${nginx_pid:-} ]] && kill -0 "$nginx_pid" 2>/dev/null; then
		kill -TERM "$nginx_pid" 2>/dev/null || true
		wait "$nginx_pid" 2>/dev/null || true
	fi
	nginx_pid=""
}
