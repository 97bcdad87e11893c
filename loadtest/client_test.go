package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// graphqlError is an error as survgraph writes it.
func graphqlError(message, code string) string {
	e := map[string]any{"message": message}
	if code != "" {
		e["extensions"] = map[string]string{"code": code}
	}
	b, _ := json.Marshal(map[string]any{"errors": []any{e}})
	return string(b)
}

// TestDoTellsWhatWentWrong sends requests to a server that answers each
// operation as the case says, and checks how each outcome is classified.
func TestDoTellsWhatWentWrong(t *testing.T) {
	type answer struct {
		status int
		body   string
	}
	answers := map[string]answer{
		"Ok":            {200, `{"data": {"entities": {"pageInfo": {"endCursor": "c9", "hasNextPage": true}}}}`},
		"Err":           {200, graphqlError("boom", "INTERNAL")},
		"NoCode":        {200, graphqlError("boom", "")},
		"Down":          {503, graphqlError("Neo4j is unavailable", "UNAVAILABLE")},
		"Deadline":      {400, graphqlError("context deadline exceeded", "BAD_USER_INPUT")},
		"Refused":       {400, graphqlError("too many: 500 > 100", "LIMIT_EXCEEDED")},
		"Answered":      {200, `{"data": {"entities": {"nodes": []}}}`},
		"Mixed":         {400, `{"errors": [{"message": "a", "extensions": {"code": "LIMIT_EXCEEDED"}}, {"message": "b", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]}`},
		"RefusedAs500":  {500, graphqlError("too many", "LIMIT_EXCEEDED")},
		"ProxyPage":     {502, `<html>502 Bad Gateway</html>`},
		"OverLimitSlow": {0, ""},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Query string }
		json.NewDecoder(r.Body).Decode(&body)
		op := strings.Fields(body.Query)[1]
		if op == "Slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		a := answers[op]
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	defer srv.Close()
	lt := newLoadTest(config{base: srv.URL, clients: 1, timeout: 300 * time.Millisecond, profile: "direct"}, io.Discard)

	for _, tt := range []struct {
		op        string
		overLimit bool
		status    int
		failure   string // "" or how it starts
		codes     string
	}{
		{"Ok", false, 200, "", ""},
		{"Err", false, 200, "HTTP 200, codes [INTERNAL]", "INTERNAL"},
		{"NoCode", false, 200, "HTTP 200, codes [(no code)]", "(no code)"},
		{"Down", false, 503, "HTTP 503, codes [UNAVAILABLE]", "UNAVAILABLE"},
		{"Deadline", false, 400, "server deadline passed: HTTP 400", "BAD_USER_INPUT"},
		{"Refused", false, 400, "HTTP 400, codes [LIMIT_EXCEEDED]", "LIMIT_EXCEEDED"}, // not an over-limit request
		{"Refused", true, 400, "", "LIMIT_EXCEEDED"},
		{"Answered", true, 200, "over-limit request not refused with LIMIT_EXCEEDED (HTTP 200", ""},
		{"Mixed", true, 400, "over-limit request not refused", "LIMIT_EXCEEDED GRAPHQL_VALIDATION_FAILED"},
		{"RefusedAs500", true, 500, "over-limit request not refused", "LIMIT_EXCEEDED"},
		{"ProxyPage", false, 502, "transport error", ""},
		{"Slow", false, 0, "client timeout", ""},
	} {
		var data json.RawMessage
		req := request{query: "query " + tt.op + " { x }", overLimit: tt.overLimit, onData: func(d json.RawMessage) { data = d }}
		res := lt.do(context.Background(), 0, req)
		if res.status != tt.status || !strings.HasPrefix(res.failure, tt.failure) || (tt.failure == "") != (res.failure == "") || strings.Join(res.codes, " ") != tt.codes {
			t.Errorf("%s (over-limit %v): status %d, failure %q, codes %v; want %d, %q..., %s", tt.op, tt.overLimit, res.status, res.failure, res.codes, tt.status, tt.failure, tt.codes)
		}
		if (data != nil) != (tt.op == "Ok") {
			t.Errorf("%s: the answer's data was handed on: %v", tt.op, data != nil)
		}
	}

	srv.Close()
	if res := lt.do(context.Background(), 0, request{query: "query Ok { x }"}); res.status != 0 || res.failure != "transport error" {
		t.Errorf("a closed server: status %d, failure %q; want 0, transport error", res.status, res.failure)
	}
}

// TestPublicProfileSendsGETs checks what a public reader sends: a GET with
// the query and variables in the URL, its own X-Forwarded-For, and what it
// reads of the answer: the proxy's cache status.
func TestPublicProfileSendsGETs(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Header().Set("X-Cache-Status", "HIT")
		io.WriteString(w, `{"data": {"entity": null}}`)
	}))
	defer srv.Close()
	lt := newLoadTest(config{base: srv.URL, clients: 1, timeout: time.Second, profile: "public"}, io.Discard)
	req := request{query: "query E($id: ID!) { entity(id: $id) { id } }", vars: map[string]any{"id": "syn-company-0000001"}, from: clientAddr(257)}
	res := lt.do(context.Background(), 1, req)
	if res.failure != "" || res.cache != "HIT" {
		t.Errorf("failure %q, cache %q", res.failure, res.cache)
	}
	q := got.URL.Query()
	if got.Method != http.MethodGet || got.URL.Path != "/graphql" || q.Get("query") != req.query || q.Get("variables") != `{"id":"syn-company-0000001"}` {
		t.Errorf("sent %s %s", got.Method, got.URL)
	}
	if xff := got.Header.Get("X-Forwarded-For"); xff != "10.1.1.1" {
		t.Errorf("X-Forwarded-For %q, want 10.1.1.1", xff)
	}
}

func TestShapeOf(t *testing.T) {
	for _, tt := range []struct {
		req  request
		want string
	}{
		{request{}, "plain"},
		{request{vars: map[string]any{"id": "syn-company-0000001", "first": 20}}, "plain"},
		{request{vars: map[string]any{"id": "x", "depth": 2, "types": []string{"SUPPLIED"}}}, "depth 2, types"},
		{request{vars: map[string]any{"from": "qosmos", "to": "syn-government-0000001", "maxHops": 3}}, "curated endpoint, maxHops 3"},
		{request{vars: map[string]any{"after": "c", "where": map[string]any{"to": "x", "from": "y"}, "orderBy": map[string]any{"field": "START", "direction": "DESC"}}},
			"next page, order START DESC, where {from, to}"},
		{request{overLimit: true, query: "query TooDeep($id: ID!) { x }", vars: map[string]any{"id": "x"}}, "TooDeep"},
	} {
		if got := shapeOf(tt.req); got != tt.want {
			t.Errorf("shapeOf(%v) = %q, want %q", tt.req.vars, got, tt.want)
		}
	}
}
