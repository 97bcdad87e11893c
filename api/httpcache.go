package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// HTTP caching. A GET answer's ETag is a digest of the graph's generation
// (which every write that changes the graph replaces), this build of the
// program, and what the request asked: so an answer stays valid exactly as
// long as the graph and the program do. A cache keeps an answer MaxAge and
// then asks again with If-None-Match; while the generation has not changed
// survgraph answers 304 at once, without running the query. A load is thus
// seen by every cache within MaxAge plus the time survgraph takes to notice
// the new generation (graphdb.GenerationPoll), with no purge to send to
// caches survgraph does not know of. docs/deploy.md gives the figures.

// DefaultMaxAge is how long a cache may serve an answer without asking.
const DefaultMaxAge = 30 * time.Second

// etag is the ETag of the answer to a GET, or "" when the graph has no
// generation to derive it from.
func (s *Server) etag(r *http.Request, media string, req graphQLRequest) string {
	if s.cfg.Generation == nil {
		return ""
	}
	gen := s.cfg.Generation()
	if gen == "" {
		return ""
	}
	vars, err := json.Marshal(req.Variables) // map keys come out sorted
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, part := range []string{s.cfg.Version, gen, r.URL.Path, media, req.Query, req.OperationName, string(vars),
		strconv.FormatBool(s.cfg.NoIntrospection), strconv.FormatBool(s.cfg.NoLookahead)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return `W/"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// notModified reports whether the request's If-None-Match names tag, by
// weak comparison as RFC 9110 asks for If-None-Match.
func notModified(r *http.Request, tag string) bool {
	want := strings.TrimPrefix(tag, "W/")
	for _, v := range r.Header.Values("If-None-Match") {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == want {
				return true
			}
		}
	}
	return false
}

// cacheHeaders sets what a cacheable answer carries: its ETag, how long
// caches may keep it, and what else the answer depends on (the media type
// negotiated from Accept; withCORS adds Origin where it matters).
func (s *Server) cacheHeaders(w http.ResponseWriter, tag string) {
	h := w.Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.MaxAge.Seconds())))
	h.Add("Vary", "Accept")
}

// writeNotModified answers 304 to a cache that holds the current answer.
func (s *Server) writeNotModified(w http.ResponseWriter, tag string) {
	s.cacheHeaders(w, tag)
	w.WriteHeader(http.StatusNotModified)
}

// transientCodes are errors that another try may not repeat: an answer
// holding one must not be kept.
var transientCodes = []string{"TIMEOUT", "UNAVAILABLE", "INTERNAL_SERVER_ERROR", "RATE_LIMITED"}

// setCaching makes an answer cacheable when it has a tag and says the same
// as long as the generation holds: no 5xx, no refusal for the moment (429,
// 408), no error that a retry may not repeat. Any other answer is not
// stored.
func (s *Server) setCaching(w http.ResponseWriter, tag string, status int, codes []string) {
	lasting := tag != "" && status < 500 && status != http.StatusTooManyRequests && status != http.StatusRequestTimeout
	for _, c := range codes {
		if slices.Contains(transientCodes, c) {
			lasting = false
		}
	}
	if !lasting {
		w.Header().Set("Cache-Control", "no-store")
		return
	}
	s.cacheHeaders(w, tag)
}

// knownOperation names a query already validated, for the metrics of a 304,
// which runs nothing.
func (s *Server) knownOperation(query string) string {
	if doc := s.valid.get(query); doc != nil {
		return operationName(doc)
	}
	return otherOperation
}
