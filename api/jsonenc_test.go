package api

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/graphql-go/graphql/gqlerrors"
)

// TestAppendResponseMatchesEncodingJSON checks appendResponse byte for byte
// against json.Encoder on the shapes graphql-go answers with and on the
// values it leaves to encoding/json.
func TestAppendResponseMatchesEncodingJSON(t *testing.T) {
	nested := map[string]any{
		"neighborhood": map[string]any{
			"nodes":     []any{map[string]any{"id": "qosmos", "name": "Qosmos", "kind": "COMPANY"}, map[string]any{"id": "syria", "name": nil}},
			"truncated": false,
			"count":     3,
			"total":     int64(1 << 40),
			"amount":    12.5,
			"big":       1e21,
			"tiny":      1e-7,
			"z":         []any{},
			"empty":     map[string]any{},
		},
	}
	for _, tc := range []struct {
		name string
		resp graphQLResponse
	}{
		{"nested answer", graphQLResponse{Data: nested}},
		{"no data", graphQLResponse{Errors: []gqlerrors.FormattedError{{Message: "bad <query> & \"more\""}}}},
		{"data and errors", graphQLResponse{Data: map[string]any{"entity": nil}, Errors: []gqlerrors.FormattedError{{Message: "not found"}}}},
		{"typed nils", graphQLResponse{Data: map[string]any{"m": map[string]any(nil), "l": []any(nil)}}},
		{"strings to escape", graphQLResponse{Data: map[string]any{
			"quote": `say "hi"`, "backslash": `a\b`, "html": "<b>&</b>", "control": "a\tb\nc\x01",
			"accents": "Fédération Internationale", "separators": "a\u2028b\u2029c", "invalid": "a\xffb",
			"key \"quoted\" <k>": "v",
		}}},
		{"other types", graphQLResponse{Data: map[string]any{"f32": float32(0.1), "i32": int32(-7), "strings": []string{"a", "b"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')
			got, err := appendResponse(nil, tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	if _, err := appendResponse(nil, graphQLResponse{Data: map[string]any{"x": math.NaN()}}); err == nil {
		t.Error("NaN encoded without an error")
	}
}

// FuzzAppendJSONString checks string escaping against encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\u2028", "\xff", "é", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		got, err := appendJSONString(nil, s)
		if err != nil || string(got) != string(want) {
			t.Errorf("%q: got %s (%v), want %s", s, got, err, want)
		}
	})
}
