package api

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"
)

// The HTTP server's bounds on slow and idle clients. A request's headers
// must arrive within ReadHeaderTimeout, its body within its own deadline
// (serveGraphQL sets it; ReadTimeout backs it up), and a kept-alive
// connection may sit idle for IdleTimeout, longer than a proxy's usual 60 s,
// so that the proxy, not survgraph, closes idle upstream connections and
// never sends a request into one being closed.
const (
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 75 * time.Second
	// MaxHeaderBytes bounds a request's line and headers: a GET carries its
	// query in the URL, and the explorer's longest is a few KiB.
	MaxHeaderBytes = 64 << 10
)

// HTTPServer returns an http.Server for s with the bounds above.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadHeaderTimeout + s.cfg.Timeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// Listen bounds the connections each client holds open at once to
// MaxConnsPerClient: a connection over the bound is closed as soon as it
// is accepted. Trusted proxies carry many clients and are not bounded;
// they bound their own upstream connections. Nor is the machine itself
// (127.0.0.1, ::1), where a reverse proxy, the load test and the
// benchmarks run.
func (s *Server) Listen(ln net.Listener) net.Listener {
	return &limitListener{Listener: ln, max: s.cfg.MaxConnsPerClient, trusted: s.cfg.TrustedProxies, open: map[string]int{}}
}

var localhost4 = netip.MustParseAddr("127.0.0.1")

type limitListener struct {
	net.Listener
	max     int
	trusted []netip.Prefix
	mu      sync.Mutex
	open    map[string]int // client -> open connections; no entry at zero
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
		if err != nil || isTrusted(ap.Addr().Unmap(), l.trusted) || ap.Addr().Unmap() == localhost4 || ap.Addr() == netip.IPv6Loopback() {
			return c, nil
		}
		key := clientKey(ap.Addr())
		l.mu.Lock()
		if l.open[key] >= l.max {
			l.mu.Unlock()
			c.Close()
			continue
		}
		l.open[key]++
		l.mu.Unlock()
		return &countedConn{Conn: c, release: func() { l.release(key) }}, nil
	}
}

func (l *limitListener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// countedConn gives its place back once, when closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

// drainBytes is how much of an oversize body is read and thrown away after
// the 413 is written, so that a client that sends its whole body before
// reading (one that does not send Expect: 100-continue) reads the 413
// instead of a connection reset. A larger body is cut short.
const drainBytes = 16 << 20

// drainTime bounds the time spent draining, and writeGrace how long after
// its deadline an answer may take to be read, so that a client that stops
// reading does not hold its connection.
const (
	drainTime  = 10 * time.Second
	writeGrace = 30 * time.Second
)

// refuseOversize answers 413 and drains up to drainBytes of the rest of
// body (the request's own, not the limited reader the handler read from).
func (s *Server) refuseOversize(w http.ResponseWriter, r *http.Request, body io.Reader) {
	rc := http.NewResponseController(w)
	// Reading after the answer is written needs the body kept open.
	rc.EnableFullDuplex()
	w.Header().Set("Connection", "close")
	s.fail(w, r, http.StatusRequestEntityTooLarge, "BAD_REQUEST", "the request body is larger than "+byteSize(s.cfg.MaxBodyBytes))
	rc.Flush()
	rc.SetReadDeadline(time.Now().Add(drainTime))
	io.CopyN(io.Discard, body, drainBytes)
}

// byteSize writes a byte count for messages.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// timedOut reports an error from a read deadline that passed.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
