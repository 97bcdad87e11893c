package api

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// startServer serves srv as serve does (HTTPServer, Listen) on a loopback
// port and returns its address.
func startServer(t *testing.T, srv *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(srv.Listen(ln))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// readStatus reads the status line of an answer on c.
func readStatus(t *testing.T, c net.Conn) int {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// TestOversizeBodyWithoutExpect: a client that sends a 10 MB body in full
// before it reads, as Python's urllib does (no Expect: 100-continue), reads
// a 413, not a connection reset.
func TestOversizeBodyWithoutExpect(t *testing.T) {
	addr := startServer(t, mustNew(t, &fakeGraph{}, Config{}))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const size = 10 << 20
	head := "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(size) + "\r\n\r\n"
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	chunk := []byte(`{"query": "` + strings.Repeat("x", 64<<10-11))
	for sent := 0; sent < size; sent += len(chunk) {
		n := min(len(chunk), size-sent)
		if _, err := c.Write(chunk[:n]); err != nil {
			t.Fatalf("the server stopped reading after %d bytes: %v", sent, err)
		}
		chunk = []byte(strings.Repeat("x", 64<<10))
	}
	if got := readStatus(t, c); got != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", got)
	}
}

// TestSlowBodyIsCutAtTheDeadline: a body that trickles in gets 408 once the
// request's deadline passes, instead of holding the connection.
func TestSlowBodyIsCutAtTheDeadline(t *testing.T) {
	addr := startServer(t, mustNew(t, &fakeGraph{}, Config{Timeout: 300 * time.Millisecond}))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				if _, err := io.WriteString(c, " "); err != nil {
					return
				}
			}
		}
	}()
	began := time.Now()
	if got := readStatus(t, c); got != http.StatusRequestTimeout {
		t.Errorf("status %d, want 408", got)
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("answered after %s; the deadline is 300ms", took)
	}
}

// TestConnectionsPerClient: connections over a client's bound are closed
// at once; a trusted proxy, and the machine itself, are not bounded. The
// client is 127.0.0.2, a loopback address that is not the machine's own.
func TestConnectionsPerClient(t *testing.T) {
	for _, tt := range []struct {
		name, from string
		trusted    []netip.Prefix
		open       int
	}{
		{"client", "127.0.0.2", nil, 3},
		{"trusted proxy", "127.0.0.2", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, 6},
		{"the machine itself", "127.0.0.1", nil, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr := startServer(t, mustNew(t, &fakeGraph{}, Config{MaxConnsPerClient: 3, TrustedProxies: tt.trusted}))
			dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(tt.from)}}
			var open int
			for range 6 {
				c, err := dialer.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
				c.SetReadDeadline(time.Now().Add(2 * time.Second))
				if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
					resp.Body.Close()
					open++
				}
			}
			if open != tt.open {
				t.Errorf("%d of 6 connections answered, want %d", open, tt.open)
			}
		})
	}
}

func TestClientAddr(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, remote, xff, want string
	}{
		{"direct", "192.0.2.7:5555", "", "192.0.2.7"},
		{"direct, forged header", "192.0.2.7:5555", "198.51.100.1", "192.0.2.7"},
		{"through the proxy", "127.0.0.1:5555", "198.51.100.1", "198.51.100.1"},
		{"through two proxies", "127.0.0.1:5555", "198.51.100.1, 10.1.2.3", "198.51.100.1"},
		{"client forges its left", "127.0.0.1:5555", "203.0.113.9, 198.51.100.1", "198.51.100.1"},
		{"proxy without header", "127.0.0.1:5555", "", "127.0.0.1"},
		{"malformed hop", "127.0.0.1:5555", "nonsense", "127.0.0.1"},
		{"IPv6 client by its /64", "[2001:db8::1]:5555", "", "2001:db8::/64"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, &fakeGraph{}, Config{TrustedProxies: proxies})
			r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := s.clientOf(r); got != tt.want {
				t.Errorf("client %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := ParseProxies("10.0.0.0/33"); err == nil {
		t.Error("a bad network was accepted")
	}
}

// TestPublicCORS: with PublicGET any site may read GETs of public data,
// and only the listed origins may POST.
func TestPublicCORS(t *testing.T) {
	srv := mustNew(t, &fakeGraph{}, Config{PublicGET: true, CORSOrigins: []string{"https://news.example"}})
	for _, tt := range []struct {
		name, method, origin, preflight, want string
	}{
		{"GET from anywhere", http.MethodGet, "https://evil.example", "", "*"},
		{"preflight for a GET", http.MethodOptions, "https://evil.example", "GET", "*"},
		{"POST from anywhere", http.MethodPost, "https://evil.example", "", ""},
		{"preflight for a POST", http.MethodOptions, "https://evil.example", "POST", ""},
		{"POST from a listed origin", http.MethodPost, "https://news.example", "", "https://news.example"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			target := "/graphql?query=" + url.QueryEscape(`{ search(query: "x") { id } }`)
			var body io.Reader
			if tt.method == http.MethodPost {
				target, body = "/graphql", strings.NewReader(query(`{ search(query: "x") { id } }`))
			}
			r := httptest.NewRequest(tt.method, target, body)
			r.Header.Set("Origin", tt.origin)
			r.Header.Set("Content-Type", "application/json")
			if tt.preflight != "" {
				r.Header.Set("Access-Control-Request-Method", tt.preflight)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, r)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHTTPCaching: GET answers carry an ETag of the generation and the
// request; the same request with it gets 304 without reaching the graph; a
// new generation gives a new answer; failures are not stored.
func TestHTTPCaching(t *testing.T) {
	gen := "g1"
	g := &fakeGraph{}
	srv := mustNew(t, g, Config{Generation: func() string { return gen }, Version: "v1"})
	get := func(q, accept, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(q), nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		return rec
	}
	const q = `{ search(query: "x") { id } }`
	first := get(q, "", "")
	tag := first.Header().Get("ETag")
	if first.Code != 200 || tag == "" || first.Header().Get("Cache-Control") != "public, max-age=30" ||
		!strings.Contains(strings.Join(first.Header().Values("Vary"), ","), "Accept") {
		t.Fatalf("first answer: %d, headers %v", first.Code, first.Header())
	}
	if other := get(`{ search(query: "y") { id } }`, "", "").Header().Get("ETag"); other == tag {
		t.Error("two queries share an ETag")
	}
	if other := get(q, mediaGraphQLResponse, "").Header().Get("ETag"); other == tag {
		t.Error("two media types share an ETag")
	}
	calls := g.calls
	if again := get(q, "", tag); again.Code != http.StatusNotModified || again.Header().Get("ETag") != tag || again.Body.Len() != 0 {
		t.Errorf("with If-None-Match: %d %v %q", again.Code, again.Header(), again.Body)
	}
	if g.calls != calls {
		t.Error("a 304 reached the graph")
	}
	gen = "g2"
	if after := get(q, "", tag); after.Code != 200 || after.Header().Get("ETag") == tag {
		t.Errorf("after a load: %d, ETag %q", after.Code, after.Header().Get("ETag"))
	}
	g.err = schema.Errorf(schema.ErrUnavailable, "down")
	if failed := get(q, "", ""); failed.Header().Get("ETag") != "" || failed.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("a failed answer: %d, headers %v", failed.Code, failed.Header())
	}
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(q)))
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, r)
	if rec.Header().Get("ETag") != "" {
		t.Error("a POST answer has an ETag")
	}
}

func mustNew(t *testing.T, g Graph, cfg Config) *Server {
	t.Helper()
	s, err := New(g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
