package graphdb

import (
	"reflect"
	"testing"
)

func TestClasslessMovesStringsAndLists(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cypher     string
		params     map[string]any
		wantCypher string
		wantParams map[string]any
	}{
		{
			name:       "cursor strings move, the limit stays",
			cypher:     "WHERE r.startKey = $afterKey AND r.id > $afterID LIMIT $limit",
			params:     map[string]any{"afterKey": "2019", "afterID": "a.b", "limit": int64(21)},
			wantCypher: "WHERE r.startKey = $w.afterKey AND r.id > $w.afterID LIMIT $limit",
			wantParams: map[string]any{"limit": int64(21), "w": map[string]any{"afterKey": "2019", "afterID": "a.b"}},
		},
		{
			name:       "a name that begins another is rewritten whole",
			cypher:     "r.id > $after AND r.k = $afterKey AND toInteger($afterKey) > $afterRank",
			params:     map[string]any{"after": "x", "afterKey": "3", "afterRank": int64(2)},
			wantCypher: "r.id > $w.after AND r.k = $w.afterKey AND toInteger($w.afterKey) > $afterRank",
			wantParams: map[string]any{"afterRank": int64(2), "w": map[string]any{"after": "x", "afterKey": "3"}},
		},
		{
			name:       "lists of any element move",
			cypher:     "UNWIND range(0, size($page) - 1) AS i MATCH ()-[r]->() WHERE elementId(r) = $page[i] AND r.statusRank IN $ranks",
			params:     map[string]any{"page": []string{"5:x:1"}, "ranks": []int64{1, 2}},
			wantCypher: "UNWIND range(0, size($w.page) - 1) AS i MATCH ()-[r]->() WHERE elementId(r) = $w.page[i] AND r.statusRank IN $w.ranks",
			wantParams: map[string]any{"w": map[string]any{"page": []string{"5:x:1"}, "ranks": []int64{1, 2}}},
		},
		{
			name:       "nothing to move leaves the statement as it is",
			cypher:     "MATCH ()-[r:SUPPLIED]->() WITH r LIMIT $limit RETURN r",
			params:     map[string]any{"limit": int64(2)},
			wantCypher: "MATCH ()-[r:SUPPLIED]->() WITH r LIMIT $limit RETURN r",
			wantParams: map[string]any{"limit": int64(2)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params := classless(tc.cypher, tc.params)
			if cypher != tc.wantCypher {
				t.Errorf("statement\n got %s\nwant %s", cypher, tc.wantCypher)
			}
			if !reflect.DeepEqual(params, tc.wantParams) {
				t.Errorf("parameters\n got %#v\nwant %#v", params, tc.wantParams)
			}
		})
	}
}
