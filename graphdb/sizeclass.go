package graphdb

import (
	"reflect"
	"regexp"
)

// classlessMap is the map parameter that classless moves string and list
// parameters into.
const classlessMap = "w"

var parameterRef = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// classless returns cypher and its parameters with every string and list
// parameter moved into the map parameter $w, read as $w.name.
//
// Neo4j keeps a plan per statement text and per size class of each string
// and list parameter, so that a cursor of a length not seen before plans the
// statement again, but it does not class the fields of a map. Whole-graph
// unions are slow to plan: planned again for each new length of cursor, they
// passed their deadline under load (docs/performance.md, "Plans kept
// whatever the cursor"). Numbers stay top-level: LIMIT takes only those.
func classless(cypher string, params map[string]any) (string, map[string]any) {
	moved := map[string]any{}
	out := map[string]any{}
	for name, v := range params {
		if k := reflect.ValueOf(v).Kind(); k == reflect.String || k == reflect.Slice {
			moved[name] = v
		} else {
			out[name] = v
		}
	}
	if len(moved) == 0 {
		return cypher, params
	}
	out[classlessMap] = moved
	cypher = parameterRef.ReplaceAllStringFunc(cypher, func(ref string) string {
		if _, ok := moved[ref[1:]]; ok {
			return "$" + classlessMap + "." + ref[1:]
		}
		return ref
	})
	return cypher, out
}
