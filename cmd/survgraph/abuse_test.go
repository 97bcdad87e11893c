package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/internal/neo4jtest"
)

// TestAbusiveRequests sends the requests a hostile or careless client would:
// every one must get a 4xx or a GraphQL error with extensions.code, never a
// 5xx, and the graph must be unchanged afterwards.
func TestAbusiveRequests(t *testing.T) {
	db := neo4jtest.Open(t)
	getenv := testEnv(t)
	if err := run(context.Background(), []string{"load", "-datasets", "none"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	before, err := db.Checksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	gqlURL := serve(t, getenv)
	base := strings.TrimSuffix(gqlURL, "/graphql")

	check := func(name string, resp *http.Response, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 500 {
			t.Errorf("%s: status %d: %.300s", name, resp.StatusCode, body)
			return
		}
		if resp.StatusCode >= 400 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || resp.StatusCode == 200 {
			var res struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if json.Unmarshal(body, &res) != nil {
				return // a download or a plain-text 4xx
			}
			for _, e := range res.Errors {
				if e.Extensions["code"] == nil {
					t.Errorf("%s: an error without extensions.code: %q", name, e.Message)
				}
				// Messages may echo the request; they must never carry the
				// driver's errors, Cypher of ours, or Go stack traces.
				for _, leak := range []string{"Neo.ClientError", "Neo4jError", "ConnectivityError", "dbtype", "UNWIND", "goroutine", ".go:"} {
					if strings.Contains(e.Message, leak) {
						t.Errorf("%s: the error leaks internals (%s): %q", name, leak, e.Message)
					}
				}
			}
		}
	}
	post := func(name, contentType string, body []byte) {
		t.Helper()
		resp, err := http.Post(gqlURL, contentType, bytes.NewReader(body))
		check(name, resp, err)
	}
	postQuery := func(name, q string, vars map[string]any) {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		post(name, "application/json", b)
	}

	deep := strings.Repeat(`relationships { nodes { to { `, 10) + "id" + strings.Repeat(" } } }", 10)
	postQuery("deep nesting", `{ entity(id: "qosmos") { `+deep+` } }`, nil)
	var aliases strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&aliases, " a%d: search(query: \"q\") { id }", i)
	}
	postQuery("a thousand aliases", "{"+aliases.String()+" }", nil)
	postQuery("fragment cycle", `fragment a on Company { ...b } fragment b on Company { ...a } { entity(id: "qosmos") { ...a } }`, nil)
	postQuery("huge first", `{ search(query: "q", first: 1000000000) { id } }`, nil)
	postQuery("huge depth", `{ neighborhood(id: "qosmos", depth: 99) { truncated } }`, nil)
	postQuery("huge maxHops", `{ paths(from: "qosmos", to: "syria-government", maxHops: 99) { length } }`, nil)
	postQuery("int overflow", `{ search(query: "q", first: 99999999999999999999) { id } }`, nil)
	for i := range 100 {
		postQuery(fmt.Sprintf("introspection %d", i), `{ __schema { types { name fields { name args { name } } } } }`, nil)
	}
	postQuery("recursive introspection", `{ __schema { types { `+strings.Repeat("interfaces { possibleTypes { ", 8)+"name"+strings.Repeat(" } }", 8)+` } } }`, nil)
	postQuery("introspection repeated by aliases", "{"+strings.Repeat(" __schema { types { fields { args { name } } } }", 1)+
		strings.ReplaceAll(aliases.String(), `search(query: "q") { id }`, `__schema { types { name } }`)+" }", nil)
	batch := make([]map[string]any, 1000)
	for i := range batch {
		batch[i] = map[string]any{"query": `{ search(query: "q") { id } }`}
	}
	b, _ := json.Marshal(batch)
	post("a batch of 1000 operations", "application/json", b)
	post("a 10 MB body", "application/json", append([]byte(`{"query": "{ search(query: \"`), bytes.Repeat([]byte("a"), 10<<20)...))
	post("invalid JSON", "application/json", []byte(`{"query": `))
	post("wrong content type", "text/plain", []byte(`{ search(query: "q") { id } }`))
	postQuery("variables of the wrong type", `query($n: Int) { search(query: "q", first: $n) { id } }`, map[string]any{"n": "ten"})

	injections := []string{`' OR 1=1`, `}) MATCH (n) DETACH DELETE n //`, `"; MATCH (n) DETACH DELETE n; //`,
		`\u0000`, `*`, `qosmos) OR (1=1`, `<script>alert(1)</script>`, strings.Repeat("x", 5000)}
	for _, s := range injections {
		v := map[string]any{"s": s, "l": []string{s}}
		for name, q := range map[string]string{
			"search":        `query($s: String!) { search(query: $s) { id } }`,
			"entity":        `query($s: ID!) { entity(id: $s) { id } }`,
			"paths":         `query($s: ID!) { paths(from: $s, to: $s) { length } }`,
			"neighborhood":  `query($s: ID!) { neighborhood(id: $s) { truncated } }`,
			"timeline":      `query($s: ID!) { timeline(id: $s) { date } }`,
			"suppliers":     `query($s: ID!, $l: [String!]) { suppliers(of: $s, vendorCountries: $l, productCategories: $l) { length } }`,
			"entities":      `query($s: String, $l: [String!]) { entities(where: {text: $s, countries: $l}, after: $s) { totalCount } }`,
			"relationships": `query($s: String, $l: [String!]) { relationships(where: {text: $s, from: $s, to: $s, toCountries: $l}, after: $s) { totalCount } }`,
			"stats":         `query($s: String) { stats(where: {text: $s, from: $s}) { relationships } }`,
			"cursor":        `query($s: String) { entity(id: "qosmos") { relationships(after: $s) { totalCount } } }`,
		} {
			postQuery("injection in "+name+": "+s[:min(len(s), 20)], q, v)
		}
		for _, u := range []string{
			"/export?format=" + url.QueryEscape(s),
			"/export?format=cytoscape&scope=neighborhood&id=" + url.QueryEscape(s),
			"/export?format=cytoscape&scope=neighborhood&id=qosmos&types=" + url.QueryEscape(s) + "&asOf=" + url.QueryEscape(s),
			"/graphql?query=" + url.QueryEscape(s),
		} {
			resp, err := http.Get(base + u)
			check("GET "+u[:min(len(u), 60)], resp, err)
		}
	}

	after, err := db.Checksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("the abusive requests changed the graph")
	}
}
