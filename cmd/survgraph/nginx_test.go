package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/survgraph/survgraph/api"
	"github.com/survgraph/survgraph/graphdb"
	"github.com/survgraph/survgraph/internal/neo4jtest"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// freshness is the longest a cache may serve an answer after a load
// changed it: what docs/deploy.md promises.
const freshness = 60 * time.Second

// TestFreshnessBound: the cache's max-age and the generation's poll
// together stay within the promise.
func TestFreshnessBound(t *testing.T) {
	if got := api.DefaultMaxAge + graphdb.GenerationPoll; got > freshness-10*time.Second {
		t.Errorf("max-age %s plus the generation poll %s is %s: no room left for a revalidation within %s",
			api.DefaultMaxAge, graphdb.GenerationPoll, got, freshness)
	}
}

// startNginx runs Debian's nginx with deploy/nginx/survgraph.conf in front of
// upstream, on a free loopback port, until the test ends; it returns the
// port's base URL.
func startNginx(t *testing.T, upstream string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nginx", "/sbin/nginx"} {
			if _, serr := os.Stat(p); serr == nil {
				bin, err = p, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("SURVGRAPH_REQUIRE_NGINX") == "1" {
			t.Fatal("SURVGRAPH_REQUIRE_NGINX=1 but nginx is not installed (make deps installs it)")
		}
		t.Skip("nginx is not installed: make deps installs it")
	}
	dir := t.TempDir()
	port := freePort(t)
	site, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx", "survgraph.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer("@CACHE_DIR@", filepath.Join(dir, "cache"), "@LISTEN@", "127.0.0.1:"+port,
		"@UPSTREAM@", upstream).Replace(string(site))
	if err := os.WriteFile(filepath.Join(dir, "survgraph.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Getuid() == 0 {
		user = "user root;" // its workers must write the test's own folders
	}
	main := fmt.Sprintf(`daemon off;
%s
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 512; }
http {
    access_log %[2]s/access.log;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[2]s/survgraph.conf;
}
`, user, dir)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	// Stopped with the test, and with this process should it die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	base := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(10 * time.Second); ; {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not answer on %s:\n%s", base, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

var adminURL = regexp.MustCompile(`admin\s+(http://\S+)/metrics`)

// originRequests counts the GraphQL requests that reached survgraph, by
// status, from its /metrics.
func originRequests(t *testing.T, admin string) map[string]int {
	t.Helper()
	resp, err := http.Get(admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]int{}
	line := regexp.MustCompile(`^survgraph_requests_total\{operation="[^"]*",status="(\d+)"\} (\d+)$`)
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			n, _ := strconv.Atoi(m[2])
			out[m[1]] += n
			out["all"] += n
		}
	}
	return out
}

// TestNginxCaches runs survgraph -public behind nginx with the tested
// configuration: repeated GETs are served by nginx (survgraph's request
// counter does not move), an expired answer is revalidated with a 304, and
// after a load by another process nginx serves the new answer within the
// freshness bound.
func TestNginxCaches(t *testing.T) {
	db := neo4jtest.Open(t)
	getenv := testEnv(t)
	ctx := context.Background()
	company := func(id string) schema.Entity {
		return schema.Entity{ID: id, Kind: schema.Company, Props: map[string]any{"name": "Nginx probe " + id}}
	}
	if _, err := loader.Load(ctx, db, "probe", schema.Graph{Entities: []schema.Entity{company("probe-a")}}, loader.Options{}); err != nil {
		t.Fatal(err)
	}
	gqlURL, out := serveWith(t, getenv, "-public", "-admin", "127.0.0.1:0", "-trusted-proxies", "127.0.0.1")
	m := adminURL.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("serve printed no admin address:\n%s", out.String())
	}
	admin := m[1]
	origin := strings.TrimPrefix(strings.TrimSuffix(gqlURL, "/graphql"), "http://")
	proxy := startNginx(t, origin)

	query := proxy + "/graphql?query=" + url.QueryEscape(`{ entities { totalCount } }`)
	get := func() (int, string) {
		t.Helper()
		resp, err := http.Get(query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct {
			Data struct{ Entities struct{ TotalCount int } }
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || json.Unmarshal(body, &res) != nil {
			t.Fatalf("through nginx: %d %s", resp.StatusCode, body)
		}
		return res.Data.Entities.TotalCount, resp.Header.Get("X-Cache-Status")
	}
	before := originRequests(t, admin)["all"]
	first, status := get()
	if first != 1 || status != "MISS" {
		t.Fatalf("first answer: %d entities, cache %s; want 1, MISS", first, status)
	}
	began := time.Now()
	for range 20 {
		if _, status := get(); status != "HIT" {
			t.Errorf("a repeated GET: cache %s, want HIT", status)
		}
	}
	if n := originRequests(t, admin)["all"] - before; n != 1 {
		t.Errorf("21 GETs through nginx reached survgraph %d times, want 1", n)
	}

	// Past max-age nginx asks again with If-None-Match: 304, nothing run.
	time.Sleep(time.Until(began.Add(api.DefaultMaxAge + time.Second)))
	if _, status := get(); status != "REVALIDATED" && status != "STALE" && status != "UPDATING" {
		t.Errorf("past max-age: cache %s, want REVALIDATED (or STALE while it revalidates)", status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for originRequests(t, admin)["304"] == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if originRequests(t, admin)["304"] == 0 {
		t.Error("survgraph answered no revalidation with 304")
	}

	// Another process loads: the generation changes, and nginx must serve
	// the new answer within the freshness bound.
	if _, err := loader.Load(ctx, db, "probe", schema.Graph{Entities: []schema.Entity{company("probe-a"), company("probe-b")}}, loader.Options{}); err != nil {
		t.Fatal(err)
	}
	loaded := time.Now()
	for {
		if n, _ := get(); n == 2 {
			t.Logf("nginx served the new answer %s after the load (bound %s)", time.Since(loaded).Round(100*time.Millisecond), freshness)
			break
		}
		if time.Since(loaded) > freshness {
			t.Fatalf("nginx still served the old answer %s after the load", freshness)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
