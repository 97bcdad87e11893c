package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/synthetic"
)

// schemaFile is the API's schema as api's tests keep it.
const schemaFile = "../api/testdata/schema.graphql"

// existing says whether id is an entity of the synthetic graph of n
// entities, or of the curated seed when seed is true.
func existing(id string, n int, seed bool) bool {
	if seed && slices.Contains(realIDs, id) {
		return true
	}
	i, err := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
	if err != nil {
		return false
	}
	for _, k := range synthetic.Counts(n) {
		if synthetic.ID(k.Kind, i) == id {
			return i < k.N
		}
	}
	return false
}

// ids are the entity ids a request names: arguments and filters.
func ids(vars map[string]any) []string {
	var out []string
	for _, m := range []map[string]any{vars, asMap(vars["where"])} {
		for _, k := range []string{"id", "from", "to", "of"} {
			if s, ok := m[k].(string); ok && (k != "from" || !isYear(s)) {
				out = append(out, s)
			}
		}
	}
	return out
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// isYear tells suppliers' from, a date, from paths' from, an id.
func isYear(s string) bool { _, err := strconv.Atoi(s); return err == nil }

// TestGeneratorsSendValidRequests checks many requests of every kind
// against the schema and the graph: fields, arguments, variables and their
// values as the API declares them, ids that exist, and cursors followed.
func TestGeneratorsSendValidRequests(t *testing.T) {
	s := readSDL(t, schemaFile)
	const entities = 2000
	nextPage := json.RawMessage(`{"entities": {"pageInfo": {"endCursor": "c1", "hasNextPage": true}},
		"relationships": {"pageInfo": {"endCursor": "c2", "hasNextPage": true}}}`)
	for _, seed := range []bool{false, true} {
		c := &client{r: rand.New(rand.NewPCG(1, 2)), g: newSynGraph(entities), seed: seed}
		for _, kd := range kinds {
			pages := 0
			for range 300 {
				req := kd.gen(c)
				if err := s.check(req.query, req.vars); err != nil {
					t.Fatalf("%s: %v\n%s\n%v", kd.name, err, req.query, req.vars)
				}
				for _, id := range ids(req.vars) {
					if !existing(id, entities, seed) {
						t.Fatalf("%s: %s is in no graph of %d entities (seed %v): %v", kd.name, id, entities, seed, req.vars)
					}
				}
				if req.vars["after"] != nil {
					pages++
				}
				if req.overLimit != (kd.name == "over-limit") {
					t.Errorf("%s: overLimit %v", kd.name, req.overLimit)
				}
				if req.onData != nil {
					req.onData(nextPage)
				}
			}
			if paged := kd.name == "entities" || kd.name == "relationships"; paged != (pages > 0) {
				t.Errorf("%s: %d requests of 300 followed a cursor", kd.name, pages)
			}
		}
	}
}

func TestPreflightAsksForTheLastIDs(t *testing.T) {
	s := readSDL(t, schemaFile)
	query, last := preflightQuery(100000)
	if err := s.check(query, nil); err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	if len(last) != 9 || !slices.IsSorted(last) {
		t.Errorf("last ids %v: want one for each of the 9 kinds, sorted", last)
	}
	for i, id := range last {
		n, _ := strconv.Atoi(id[len(id)-7:])
		if after := fmt.Sprintf("%s%07d", id[:len(id)-7], n+1); !existing(id, 100000, false) || existing(after, 100000, false) {
			t.Errorf("%s is not the last of its kind", id)
		}
		if !strings.Contains(query, "e"+strconv.Itoa(i)+`: entity(id: "`+id+`")`) {
			t.Errorf("the query does not ask for %s as e%d", id, i)
		}
	}
	if !slices.Contains(last, "syn-company-0028499") {
		t.Errorf("last ids %v: want syn-company-0028499, the last of 28,500 companies", last)
	}
	// A graph too small for some kinds asks only for the kinds it has.
	// 20 entities: 1 source, 5 companies, 2 agencies, 2 products, 10 people.
	if _, few := preflightQuery(20); len(few) != 5 {
		t.Errorf("20 entities: last ids %v", few)
	}
}
