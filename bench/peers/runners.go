package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// A runner asks one query one way and returns its normalised answer.
type runner interface {
	name() string
	ask(ctx context.Context, q *benchQuery) ([]string, error)
	// fetch asks without normalising the answer: what is timed.
	fetch(ctx context.Context, q *benchQuery) error
	// roundTrips reports Neo4j transactions and statements so far (-1 when
	// not known).
	roundTrips(ctx context.Context) (transactions, statements int64)
	pid() int
}

// graphqlRunner posts to a GraphQL endpoint.
type graphqlRunner struct {
	label    string
	base     string // without /graphql
	client   *http.Client
	peer     bool // the @neo4j/graphql server: its request, its counters
	process  int
	counters func(ctx context.Context) (int64, int64)
}

func (r *graphqlRunner) name() string { return r.label }
func (r *graphqlRunner) pid() int     { return r.process }

func (r *graphqlRunner) post(ctx context.Context, req gqlRequest) (map[string]any, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, raw)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, out.Errors[0].Message)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, raw)
	}
	return out.Data, nil
}

func (r *graphqlRunner) ask(ctx context.Context, q *benchQuery) ([]string, error) {
	req, norm := q.survgraph, q.normSurvgraph
	if r.peer {
		req, norm = q.peer, q.normPeer
	}
	data, err := r.post(ctx, req)
	if err != nil {
		return nil, err
	}
	return norm(data)
}

func (r *graphqlRunner) fetch(ctx context.Context, q *benchQuery) error {
	req := q.survgraph
	if r.peer {
		req = q.peer
	}
	_, err := r.post(ctx, req)
	return err
}

func (r *graphqlRunner) roundTrips(ctx context.Context) (int64, int64) { return r.counters(ctx) }

// survgraphCounters reads survgraph_neo4j_transactions_total from /metrics.
// survgraph counts transactions, not the statements in them.
func survgraphCounters(client *http.Client, base string) func(ctx context.Context) (int64, int64) {
	return func(ctx context.Context) (int64, int64) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
		resp, err := client.Do(req)
		if err != nil {
			return -1, -1
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "survgraph_neo4j_transactions_total "); ok {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err == nil {
					return n, -1
				}
			}
		}
		return -1, -1
	}
}

// peerCounters reads the peer server's /bench/counters.
func peerCounters(client *http.Client, base string) func(ctx context.Context) (int64, int64) {
	return func(ctx context.Context) (int64, int64) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/bench/counters", nil)
		resp, err := client.Do(req)
		if err != nil {
			return -1, -1
		}
		defer resp.Body.Close()
		var c struct{ Transactions, Statements int64 }
		if json.NewDecoder(resp.Body).Decode(&c) != nil {
			return -1, -1
		}
		return c.Transactions, c.Statements
	}
}

// rawRunner runs the hand-written statement in one managed read transaction.
type rawRunner struct {
	driver neo4j.DriverWithContext
	txs    atomic.Int64
}

func (r *rawRunner) name() string { return "raw Cypher" }
func (r *rawRunner) pid() int     { return os.Getpid() }

func (r *rawRunner) roundTrips(context.Context) (int64, int64) {
	n := r.txs.Load()
	return n, n
}

func (r *rawRunner) ask(ctx context.Context, q *benchQuery) ([]string, error) {
	rows, err := r.rows(ctx, q.cypher, q.params)
	if err != nil {
		return nil, err
	}
	return q.normRaw(rows)
}

func (r *rawRunner) fetch(ctx context.Context, q *benchQuery) error {
	_, err := r.rows(ctx, q.cypher, q.params)
	return err
}

// rows returns the first column of every record, as plain Go values.
func (r *rawRunner) rows(ctx context.Context, cypher string, params map[string]any) ([]any, error) {
	r.txs.Add(1)
	s := r.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer s.Close(ctx)
	out, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]any, len(recs))
		for i, rec := range recs {
			rows[i] = plainValue(rec.Values[0])
		}
		return rows, nil
	})
	if err != nil {
		return nil, err
	}
	return out.([]any), nil
}

// plainValue turns driver values into what JSON decoding would give.
func plainValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainValue(e)
		}
		return out
	case dbtype.Node:
		return plainValue(x.Props)
	case int64:
		return float64(x)
	}
	return v
}

// profileDBHits runs a statement once with PROFILE and sums the db hits of
// its plan.
func profileDBHits(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) (int64, error) {
	s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer s.Close(ctx)
	out, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "PROFILE "+strings.TrimSpace(stripCypherPrefix(cypher)), params)
		if err != nil {
			return nil, err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}
		if sum.Profile() == nil {
			return nil, fmt.Errorf("no profile in the summary")
		}
		return sumHits(sum.Profile()), nil
	})
	if err != nil {
		return 0, err
	}
	return out.(int64), nil
}

// stripCypherPrefix removes a leading "CYPHER ..." options line, which
// PROFILE must follow rather than precede.
func stripCypherPrefix(c string) string {
	t := strings.TrimSpace(c)
	if strings.HasPrefix(strings.ToUpper(t), "CYPHER ") {
		if i := strings.IndexByte(t, '\n'); i > 0 {
			return t[:i] + "\nPROFILE " + t[i+1:]
		}
	}
	return t
}

func sumHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += sumHits(c)
	}
	return n
}

// peerStatements records the statements the peer sends for one request.
func peerStatements(ctx context.Context, r *graphqlRunner, q *benchQuery) ([]capturedStatement, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/bench/capture", nil)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if _, err := r.post(ctx, q.peer); err != nil {
		return nil, err
	}
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/bench/statements", nil)
	resp, err = r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	var list []struct {
		Cypher string         `json:"cypher"`
		Params map[string]any `json:"params"`
	}
	if err := dec.Decode(&list); err != nil {
		return nil, err
	}
	out := make([]capturedStatement, len(list))
	for i, s := range list {
		out[i] = capturedStatement{cypher: s.Cypher, params: fromJSParams(s.Params).(map[string]any)}
	}
	return out, nil
}

type capturedStatement struct {
	cypher string
	params map[string]any
}

// fromJSParams undoes server.mjs's encoding: {"$int": "n"} is a Neo4j
// integer, other numbers are JavaScript numbers (floats).
func fromJSParams(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["$int"].(string); ok && len(x) == 1 {
			n, _ := strconv.ParseInt(s, 10, 64)
			return n
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromJSParams(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromJSParams(e)
		}
		return out
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return float64(n)
		}
		f, _ := x.Float64()
		return f
	}
	return v
}
