package api

import (
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql/language/ast"
)

// rateLimiter is a token bucket per client address: each client may make
// burst requests at once and rate requests per second over time. Buckets of
// clients that went quiet are dropped, so the map cannot grow without bound.
type rateLimiter struct {
	rate    float64
	burst   float64
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the clients the limiter remembers at once.
const maxBuckets = 1 << 16

func newRateLimiter(rate float64, burst int) *rateLimiter {
	if rate <= 0 {
		return nil
	}
	return &rateLimiter{rate: rate, burst: float64(max(burst, 1)), buckets: map[string]*bucket{}}
}

// allow takes a token for client, or says how long until one is free.
func (l *rateLimiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.last) > time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[client]
	if b == nil && len(l.buckets) >= maxBuckets {
		// More clients than the bound within a minute: start over. Each
		// gets a fresh burst, but the map cannot grow.
		clear(l.buckets)
	}
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[client] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// clientOf names the client behind a request: its address, or behind a
// trusted proxy the address the proxies say they were called from (see
// clientAddr), without the port. IPv6 clients are named by their /64, the
// block one subscriber gets, so that one cannot take a new bucket per address.
func (s *Server) clientOf(r *http.Request) string {
	addr := clientAddr(r, s.cfg.TrustedProxies)
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	return clientKey(addr)
}

// clientKey names a client by its address, or an IPv6 client by its /64.
func clientKey(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// clientAddr is the address of the client behind r. When r comes from a
// trusted proxy, X-Forwarded-For is read from its end: each trusted proxy
// appended the address it was called from, so the first address from the
// right that is not a trusted proxy is the client's; what lies to its left
// the client may have written itself. From anyone else the header is
// ignored.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	addr := ap.Addr().Unmap()
	if !isTrusted(addr, trusted) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return addr // a malformed hop: trust nothing beyond the proxy
		}
		if hop = hop.Unmap(); !isTrusted(hop, trusted) {
			return hop
		}
		addr = hop
	}
	return addr
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// ParseProxies reads a comma-separated list of addresses and networks in
// CIDR notation, such as "127.0.0.1,10.0.0.0/8".
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or a network", item)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or a network", item)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// withRateLimit answers 429 with Retry-After to a client over its budget.
func (s *Server) withRateLimit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := s.limiter.allow(s.clientOf(r), time.Now())
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.fail(w, r, http.StatusTooManyRequests, "RATE_LIMITED", "too many requests; retry after the time in Retry-After")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withCORS lets browsers on other sites call the API. With PublicGET, any
// site may read the GETs of public data (queries and exports, which need no
// credentials); otherwise, and for every POST, only CORSOrigins may, and
// with no list the API is same-origin only: browsers refuse cross-site
// reads.
func (s *Server) withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		h := w.Header()
		if s.cfg.PublicGET && publicGET(r) {
			h.Set("Access-Control-Allow-Origin", "*")
			if r.Method == http.MethodOptions {
				preflight(w, "GET", "Accept, If-None-Match")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		// The answer differs by origin: caches must keep it apart.
		if len(s.cfg.CORSOrigins) > 0 {
			h.Add("Vary", "Origin")
		}
		if origin != "" && slices.Contains(s.cfg.CORSOrigins, origin) {
			h.Set("Access-Control-Allow-Origin", origin)
			if r.Method == http.MethodOptions {
				preflight(w, "GET, POST", "Content-Type, Accept, If-None-Match")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// preflight answers a browser's CORS preflight with what it may send.
func preflight(w http.ResponseWriter, methods, headers string) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", methods)
	h.Set("Access-Control-Allow-Headers", headers)
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// publicGET reports whether r is a GET of public data, or a browser's
// preflight for one.
func publicGET(r *http.Request) bool {
	if r.URL.Path != "/graphql" && r.URL.Path != "/export" {
		return false
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodOptions:
		return r.Header.Get("Access-Control-Request-Method") == http.MethodGet
	}
	return false
}

// usesIntrospection reports whether a document asks for __schema or __type.
// __typename stays allowed: clients need it for interfaces.
func usesIntrospection(doc *ast.Document) bool {
	var walk func(set *ast.SelectionSet) bool
	walk = func(set *ast.SelectionSet) bool {
		if set == nil {
			return false
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if n := s.Name.Value; n == "__schema" || n == "__type" || walk(s.SelectionSet) {
					return true
				}
			case *ast.InlineFragment:
				if walk(s.SelectionSet) {
					return true
				}
			}
		}
		return false
	}
	for _, d := range doc.Definitions {
		switch d := d.(type) {
		case *ast.OperationDefinition:
			if walk(d.SelectionSet) {
				return true
			}
		case *ast.FragmentDefinition:
			if walk(d.SelectionSet) {
				return true
			}
		}
	}
	return false
}
