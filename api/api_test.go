package api

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSchemaGolden keeps a copy of the SDL in testdata, so that every API
// change shows in review. Run `make golden` after an intended change.
func TestSchemaGolden(t *testing.T) {
	sch, err := NewSchema()
	if err != nil {
		t.Fatal(err)
	}
	got := SDL(sch)
	path := filepath.Join("testdata", "schema.graphql")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `make golden` to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the GraphQL schema changed; if intended, run `make golden` and review the diff.\n--- got:\n%s", got)
	}
	for _, name := range []string{"interface Entity", "type Company implements Entity", "enum ClaimStatus",
		"scalar Date", "neighborhood(asOf: Date, basis: [ClaimBasis!], depth: Int = 1, excludePlaceholders: Boolean, id: ID!, includeUndated: Boolean, knownAt: Date, types: [RelationshipType!]): Subgraph!"} {
		if !strings.Contains(got, name) {
			t.Errorf("schema lacks %q", name)
		}
	}
}

// fakeGraph answers from memory, for the API's own logic: limits, errors,
// HTTP handling. Everything that touches data is tested against Neo4j.
type fakeGraph struct {
	entities map[string]schema.Entity
	calls    int
	err      error
}

func (f *fakeGraph) Entities(ctx context.Context, ids []string, _ *schema.Fetch, _ *schema.Fetched) ([]schema.Entity, error) {
	f.calls++
	var out []schema.Entity
	for _, id := range ids {
		if e, ok := f.entities[id]; ok {
			out = append(out, e)
		}
	}
	return out, f.err
}

func (f *fakeGraph) Search(ctx context.Context, q schema.Search, first int, _ *schema.Fetch, _ *schema.Fetched) ([]schema.Entity, error) {
	f.calls++
	return nil, f.err
}

func (f *fakeGraph) SearchSummary(ctx context.Context, q schema.Search) (schema.SearchSummary, error) {
	f.calls++
	return schema.SearchSummary{}, f.err
}

func (f *fakeGraph) ChangedAt(ctx context.Context) (string, error) {
	f.calls++
	return "2012-07-26", f.err
}

func (f *fakeGraph) CitedBy(ctx context.Context, ids []string, q schema.CitedByQuery) (map[string]schema.RelPage, error) {
	f.calls++
	return map[string]schema.RelPage{}, f.err
}

func (f *fakeGraph) Relationships(ctx context.Context, ids []string, page *schema.PageFetch) (map[string]schema.RelPage, error) {
	f.calls++
	return map[string]schema.RelPage{}, f.err
}

func (f *fakeGraph) Neighborhood(ctx context.Context, id string, depth int, rf schema.RelFilter, maxNodes int, _ *schema.Fetch, _ *schema.Fetched) (schema.Subgraph, error) {
	f.calls++
	return schema.Subgraph{}, f.err
}

func (f *fakeGraph) Paths(ctx context.Context, from, to string, maxHops int, rf schema.RelFilter, first int, _ *schema.Fetch, _ *schema.Fetched) ([]schema.Path, error) {
	f.calls++
	return nil, f.err
}

func (f *fakeGraph) Timeline(ctx context.Context, id string, _ *schema.Fetch, _ *schema.Fetched) ([]schema.Event, error) {
	f.calls++
	return nil, f.err
}

func (f *fakeGraph) SupplyChains(ctx context.Context, id string, suppliers bool, maxHops int, cf schema.ChainFilter, first int, _ *schema.Fetch, _ *schema.Fetched) ([]schema.Path, error) {
	f.calls++
	return nil, f.err
}

func (f *fakeGraph) EntityPage(ctx context.Context, q schema.EntityQuery, _ *schema.Fetch, _ *schema.Fetched) (schema.Page[schema.Entity], error) {
	f.calls++
	return schema.Page[schema.Entity]{}, f.err
}

func (f *fakeGraph) RelationshipPage(ctx context.Context, q schema.RelationshipQuery, _ *schema.Fetch, _ *schema.Fetched) (schema.Page[schema.Relationship], error) {
	f.calls++
	return schema.Page[schema.Relationship]{}, f.err
}

func (f *fakeGraph) Stats(ctx context.Context, q schema.RelationshipQuery) (schema.Stats, error) {
	f.calls++
	return schema.Stats{}, f.err
}

func (f *fakeGraph) Inputs(ctx context.Context) ([]schema.Input, error) {
	f.calls++
	return nil, f.err
}

func (f *fakeGraph) All(ctx context.Context) (schema.Graph, error) {
	f.calls++
	var g schema.Graph
	for _, e := range f.entities {
		g.Entities = append(g.Entities, e)
	}
	return g, f.err
}

func (f *fakeGraph) Ping(ctx context.Context) error { return f.err }

type gqlResult struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func post(t *testing.T, h http.Handler, contentType, body string) (int, gqlResult) {
	t.Helper()
	status, _, res := postAccept(t, h, "", contentType, body)
	return status, res
}

// postAccept posts body with an Accept header (none when empty) and returns
// the status, the Content-Type and the decoded answer.
func postAccept(t *testing.T, h http.Handler, accept, contentType, body string) (int, string, gqlResult) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var res gqlResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, rec.Body)
	}
	return rec.Code, rec.Header().Get("Content-Type"), res
}

func query(q string) string {
	b, _ := json.Marshal(map[string]any{"query": q})
	return string(b)
}

// TestErrorsCarryCodes checks that every kind of bad request gets a GraphQL
// error with extensions.code and never a 500, with the status docs/http.md
// gives for each media type: the GraphQL request errors of the specification
// (parse, validation, variables, operation) are 200 in application/json and
// 400 in application/graphql-response+json; survgraph's own refusals are 4xx
// in both; an answer with data is 200 in both.
func TestErrorsCarryCodes(t *testing.T) {
	g := &fakeGraph{entities: map[string]schema.Entity{
		"qosmos": {ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos"}},
	}}
	srv, err := New(g, Config{MaxQueryDepth: 6}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, contentType, body string
		jsonStatus, gqlStatus   int // answering in application/json, in application/graphql-response+json
		code                    string
	}{
		{"first over 100", "application/json", query(`{ search(query: "q", first: 101) { id } }`), 400, 400, "LIMIT_EXCEEDED"},
		{"first zero", "application/json", query(`{ search(query: "q", first: 0) { id } }`), 400, 400, "LIMIT_EXCEEDED"},
		{"depth over 3", "application/json", query(`{ neighborhood(id: "qosmos", depth: 4) { truncated } }`), 400, 400, "LIMIT_EXCEEDED"},
		{"maxHops over 6", "application/json", query(`{ paths(from: "a", to: "b", maxHops: 7) { length } }`), 400, 400, "LIMIT_EXCEEDED"},
		{"nested relationships first over 100", "application/json",
			query(`{ entity(id: "qosmos") { relationships(first: 500) { totalCount } } }`), 200, 200, "LIMIT_EXCEEDED"},
		{"bad cursor", "application/json",
			query(`{ entity(id: "qosmos") { relationships(after: "not-a-cursor") { totalCount } } }`), 200, 200, "BAD_USER_INPUT"},
		{"nested relationships last over 100", "application/json",
			query(`{ entity(id: "qosmos") { relationships(last: 101) { totalCount } } }`), 200, 200, "LIMIT_EXCEEDED"},
		{"first and last together", "application/json",
			query(`{ entity(id: "qosmos") { relationships(first: 2, last: 2) { totalCount } } }`), 200, 200, "BAD_USER_INPUT"},
		{"last with after", "application/json",
			query(`{ entity(id: "qosmos") { relationships(last: 2, after: "cmVsOmE") { totalCount } } }`), 200, 200, "BAD_USER_INPUT"},
		{"bad before cursor", "application/json",
			query(`{ entity(id: "qosmos") { relationships(last: 2, before: "nope") { totalCount } } }`), 200, 200, "BAD_USER_INPUT"},
		{"bad id", "application/json", query(`{ paths(from: "Not A Slug", to: "b") { length } }`), 400, 400, "BAD_USER_INPUT"},
		{"bad date", "application/json", query(`{ paths(from: "a", to: "b", asOf: "2011-13-01") { length } }`), 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown field", "application/json", query(`{ nope }`), 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"syntax error", "application/json", query(`{ search(`), 200, 400, "GRAPHQL_PARSE_FAILED"},
		{"too deep", "application/json",
			query(`{ entity(id: "qosmos") { relationships { edges { node { from { relationships { edges { node { id } } } } } } } } }`), 400, 400, "LIMIT_EXCEEDED"},
		{"invalid JSON", "application/json", `{"query": `, 400, 400, "BAD_REQUEST"},
		{"extensions not a map", "application/json", `{"query": "{ __typename }", "extensions": "x"}`, 400, 400, "BAD_REQUEST"},
		{"wrong content type", "text/plain", query(`{ search(query: "q") { id } }`), 415, 415, "BAD_REQUEST"},
		{"no query", "application/json", `{}`, 400, 400, "BAD_REQUEST"},
		{"variables of the wrong type", "application/json",
			`{"query": "query($n: Int) { search(query: \"q\", first: $n) { id } }", "variables": {"n": "ten"}}`, 200, 400, "BAD_USER_INPUT"},
		{"required variable missing", "application/json",
			`{"query": "query($id: ID!) { entity(id: $id) { id } }"}`, 200, 400, "BAD_USER_INPUT"},
		{"unknown operation", "application/json",
			`{"query": "query a { __typename }", "operationName": "b"}`, 200, 400, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		for _, accept := range []string{mediaJSON, mediaGraphQLResponse} {
			t.Run(tt.name+" as "+accept, func(t *testing.T) {
				status, ct, res := postAccept(t, srv, accept, tt.contentType, tt.body)
				want := tt.jsonStatus
				if accept == mediaGraphQLResponse {
					want = tt.gqlStatus
				}
				if status != want {
					t.Errorf("status = %d, want %d", status, want)
				}
				if !strings.HasPrefix(ct, accept+";") {
					t.Errorf("Content-Type = %q, want %s", ct, accept)
				}
				if len(res.Errors) == 0 {
					t.Fatalf("want an error, got data %v", res.Data)
				}
				if got := res.Errors[0].Extensions["code"]; got != tt.code {
					t.Errorf("code = %v, want %s (message %q)", got, tt.code, res.Errors[0].Message)
				}
			})
		}
	}
}

// TestPartialDataIs200 checks that an answer with data is 200 whatever its
// errors, as the GraphQL-over-HTTP specification requires in both media
// types, and that a request the database failed as a whole keeps its 503.
func TestPartialDataIs200(t *testing.T) {
	g := &fakeGraph{err: schema.Errorf(schema.ErrUnavailable, "the graph database is unavailable")}
	srv, _ := New(g, Config{}, nil)
	for _, accept := range []string{mediaJSON, mediaGraphQLResponse} {
		// entity may be null, so its error leaves data: {"entity": null}.
		status, _, res := postAccept(t, srv, accept, "application/json", query(`{ entity(id: "qosmos") { id } }`))
		if status != 200 || res.Data == nil || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "UNAVAILABLE" {
			t.Errorf("%s, partial data: %d %+v", accept, status, res)
		}
		// search may not, so its error leaves no data.
		status, _, res = postAccept(t, srv, accept, "application/json", query(`{ search(query: "x") { id } }`))
		if status != 503 || res.Data != nil || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "UNAVAILABLE" {
			t.Errorf("%s, no data: %d %+v", accept, status, res)
		}
	}
}

// TestNegotiate checks the choice of the answer's media type.
func TestNegotiate(t *testing.T) {
	for _, tt := range []struct{ accept, want string }{
		{"", mediaJSON},
		{"*/*", mediaJSON},
		{"application/*", mediaJSON},
		{"application/json", mediaJSON},
		{"application/json; charset=utf-8", mediaJSON},
		{"application/graphql-response+json", mediaGraphQLResponse},
		{"application/graphql-response+json, application/json", mediaGraphQLResponse},
		{"application/json, application/graphql-response+json", mediaGraphQLResponse},
		{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", mediaGraphQLResponse},
		{"application/graphql-response+json;q=0.5, application/json", mediaJSON},
		{"application/graphql-response+json, */*;q=0.8", mediaGraphQLResponse},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", mediaJSON},
		{"*/*, application/graphql-response+json", mediaGraphQLResponse},
		{"application/json; charset=latin1", ""},
		{"application/json;q=0", ""},
		{"text/html", ""},
		{"nonsense;;", ""},
	} {
		if got := negotiate(tt.accept); got != tt.want {
			t.Errorf("negotiate(%q) = %q, want %q", tt.accept, got, tt.want)
		}
	}
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	status, ct, res := postAccept(t, srv, "text/html", "application/json", query(`{ __typename }`))
	if status != http.StatusNotAcceptable || !strings.HasPrefix(ct, mediaJSON) || len(res.Errors) == 0 {
		t.Errorf("Accept: text/html: %d %s %+v, want 406 with an error in JSON", status, ct, res)
	}
}

// TestInternalErrorsAreHidden checks that a store error's details never
// reach the client.
func TestInternalErrorsAreHidden(t *testing.T) {
	secret := "Neo.ClientError.Statement.SyntaxError: MATCH (n:Secret)"
	g := &fakeGraph{err: schema.Wrap(schema.ErrInternal, errString(secret), "graph database error")}
	srv, err := New(g, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, res := post(t, srv, "application/json", query(`{ search(query: "qosmos") { id } }`))
	if len(res.Errors) != 1 {
		t.Fatalf("want one error, got %+v", res)
	}
	if strings.Contains(res.Errors[0].Message, "MATCH") || strings.Contains(res.Errors[0].Message, "Neo.") {
		t.Errorf("message leaks internals: %q", res.Errors[0].Message)
	}
	if res.Errors[0].Extensions["code"] != "INTERNAL_SERVER_ERROR" {
		t.Errorf("code = %v", res.Errors[0].Extensions["code"])
	}
}

// TestBusyDatabaseAsksToRetry checks that a request the database could not
// serve for now (memory pool full, server down) is a 503 with Retry-After, as
// load balancers and clients expect, and never an internal error.
func TestBusyDatabaseAsksToRetry(t *testing.T) {
	g := &fakeGraph{err: schema.Wrap(schema.ErrUnavailable, errString("Neo.TransientError.General.MemoryPoolOutOfMemoryError"), "the graph database is busy; retry shortly")}
	srv, err := New(g, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`{ neighborhood(id: "bahrain-government", depth: 3) { truncated } }`, `{ search(query: "qosmos") { id } }`} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(q)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s: status %d, Retry-After %q; want 503 with Retry-After", q, rec.Code, rec.Header().Get("Retry-After"))
		}
		if !strings.Contains(rec.Body.String(), `"UNAVAILABLE"`) || strings.Contains(rec.Body.String(), "Neo.") {
			t.Errorf("%s: body %s; want the UNAVAILABLE code and no driver text", q, rec.Body)
		}
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export?format=graphml&scope=all", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("export: status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestGraphiQLIsServedOffline(t *testing.T) {
	srv, err := New(&fakeGraph{}, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/graphiql", "/graphiql/graphiql.min.js", "/graphiql/graphiql-init.js", "/graphiql/graphiql.min.css"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
		// The page and its own script load nothing from elsewhere; the vendored
		// bundles are only mentioned for completeness.
		if !strings.Contains(path, ".min.") && strings.Contains(rec.Body.String(), "://") {
			t.Errorf("GET %s refers to another site", path)
		}
	}
}

func TestReadyzFollowsTheGraph(t *testing.T) {
	g := &fakeGraph{}
	warming, planning := false, false
	srv, _ := New(g, Config{Warming: func() bool { return warming }, Planning: func() bool { return planning }}, nil)
	for _, tt := range []struct {
		path              string
		err               error
		warming, planning bool
		want              int
		wantBody          string
	}{
		{"/readyz", nil, false, false, 200, "ready"},
		{"/readyz", schema.Errorf(schema.ErrUnavailable, "down"), false, false, 503, "unavailable"},
		{"/readyz", nil, true, true, 503, "warming up"},
		{"/readyz", nil, false, true, 200, "ready"}, // users need not wait for the rarer plans
		{"/readyz?full", nil, false, true, 503, "planning"},
		{"/readyz?full", nil, false, false, 200, "ready"},
	} {
		g.err, warming, planning = tt.err, tt.warming, tt.planning
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.wantBody) {
			t.Errorf("%s with err %v, warming %v, planning %v: %d %q, want %d %q", tt.path, tt.err, tt.warming, tt.planning, rec.Code, rec.Body, tt.want, tt.wantBody)
		}
	}
}

func TestGetQueries(t *testing.T) {
	g := &fakeGraph{entities: map[string]schema.Entity{
		"qosmos": {ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos"}},
	}}
	srv, _ := New(g, Config{}, nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, `/graphql?query=%7Bentity(id%3A%22qosmos%22)%7Bname%20kind%7D%7D`, nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"name":"Qosmos"`) || !strings.Contains(rec.Body.String(), `"kind":"COMPANY"`) {
		t.Errorf("GET query: %d %s", rec.Code, rec.Body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	for _, tt := range []struct{ path, frameAncestors string }{
		{"/graphiql", "frame-ancestors 'self'"},
		{"/healthz", "frame-ancestors 'self'"},
		{"/embed", "frame-ancestors *"},
	} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q must allow scripts from 'self' only", tt.path, csp)
		}
		if !strings.Contains(csp, tt.frameAncestors) {
			t.Errorf("%s: CSP %q lacks %q", tt.path, csp, tt.frameAncestors)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s: missing nosniff or request id: %v", tt.path, rec.Header())
		}
	}
}

func TestProductionSwitches(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{NoGraphiQL: true, NoIntrospection: true, CORSOrigins: []string{"https://news.example"}}, nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphiql", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GraphiQL switched off answers %d", rec.Code)
	}
	status, res := post(t, srv, "application/json", query(`{ __schema { types { name } } }`))
	if status != 400 || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "INTROSPECTION_DISABLED" {
		t.Errorf("introspection switched off: %d %+v", status, res.Errors)
	}
	if status, res := post(t, srv, "application/json", query(`{ search(query: "x") { __typename id } }`)); status != 200 || len(res.Errors) > 0 {
		t.Errorf("__typename must stay allowed: %d %+v", status, res.Errors)
	}
	for _, tt := range []struct {
		origin  string
		allowed bool
	}{{"https://news.example", true}, {"https://evil.example", false}} {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", tt.origin)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin") == tt.origin; got != tt.allowed {
			t.Errorf("origin %s allowed = %v, want %v", tt.origin, got, tt.allowed)
		}
	}
}

func TestRateLimit(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{RateLimit: 1, RateBurst: 3}, nil)
	codes := map[int]int{}
	for range 5 {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(`{ search(query: "x") { id } }`)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "192.0.2.7:5555"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		codes[rec.Code]++
		if rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[200] != 3 || codes[429] != 2 {
		t.Errorf("5 quick requests with a burst of 3: %v", codes)
	}
	// Another client has its own budget.
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(query(`{ search(query: "x") { id } }`)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "192.0.2.8:5555"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("a second client got %d", rec.Code)
	}
}

func TestMetrics(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{RoundTrips: func() int64 { return 42 }}, nil)
	post(t, srv, "application/json", query(`{ search(query: "x") { id } }`))
	post(t, srv, "application/json", query(`{ search(query: "x", first: 1000) { id } }`))
	// A validation error is 200 in application/json and 400 in
	// graphql-response+json; its code is counted either way.
	post(t, srv, "application/json", query(`{ search(query: "x") { nope } }`))
	postAccept(t, srv, mediaGraphQLResponse, "application/json", query(`{ search(query: "x") { nope } }`))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`survgraph_requests_total{operation="search",status="200"} 1`,
		`survgraph_requests_total{operation="search",status="400"} 1`,
		`survgraph_request_duration_seconds_count{operation="search"} 2`,
		// Documents that do not validate are counted apart, unnamed.
		`survgraph_requests_total{operation="invalid",status="200"} 1`,
		`survgraph_requests_total{operation="invalid",status="400"} 1`,
		`survgraph_errors_total{code="LIMIT_EXCEEDED"} 1`,
		`survgraph_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 2`,
		`survgraph_neo4j_transactions_total 42`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

// TestFragmentCycles guards against a stack overflow in graphql-go's
// validator, which a fragment cycle would trigger and which crashes the
// whole process.
func TestFragmentCycles(t *testing.T) {
	srv, _ := New(&fakeGraph{}, Config{}, nil)
	for _, q := range []string{
		`fragment a on Company { ...a } { entity(id: "x") { ...a } }`,
		`fragment a on Company { ...b } fragment b on Company { id ...a } { entity(id: "x") { ...a } }`,
		`fragment a on Company { relationships { nodes { to { ...c } } } } fragment c on Company { ...a } { entity(id: "x") { ... on Company { ...a } } }`,
	} {
		status, _, res := postAccept(t, srv, mediaGraphQLResponse, "application/json", query(q))
		if status != 400 || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%s: %d %+v", q, status, res.Errors)
		}
	}
}

// slowGraph answers only when the request's deadline has passed.
type slowGraph struct{ fakeGraph }

func (g *slowGraph) EntityPage(ctx context.Context, q schema.EntityQuery, _ *schema.Fetch, _ *schema.Fetched) (schema.Page[schema.Entity], error) {
	<-ctx.Done()
	return schema.Page[schema.Entity]{}, schema.Wrap(schema.ErrTimeout, ctx.Err(), "the query ran out of time")
}

func TestDeadlineIsATimeout(t *testing.T) {
	srv, _ := New(&slowGraph{}, Config{Timeout: 50 * time.Millisecond}, nil)
	status, res := post(t, srv, "application/json", query(`{ entities { totalCount } }`))
	if status != http.StatusGatewayTimeout || len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "TIMEOUT" {
		t.Fatalf("a request past its deadline: %d %+v; want 504 TIMEOUT", status, res.Errors)
	}
}
