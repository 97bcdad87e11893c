package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// TestValidDocumentsAreKept checks that a query that parsed and validated is
// kept and answered again from the kept document, that one that failed is
// not kept and fails again the same way, and that the cache stays bounded.
func TestValidDocumentsAreKept(t *testing.T) {
	g := &fakeGraph{entities: map[string]schema.Entity{
		"qosmos": {ID: "qosmos", Kind: schema.Company, Props: map[string]any{"name": "Qosmos"}},
	}}
	srv, err := New(g, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	valid := `query($id: ID!) { entity(id: $id) { id name } }`
	for i := 0; i < 2; i++ {
		o := srv.execute(context.Background(), graphQLRequest{Query: valid, Variables: map[string]any{"id": "qosmos"}}, false)
		status, resp := httpStatus(mediaGraphQLResponse, o), o.resp
		if status != 200 || len(resp.Errors) > 0 || !strings.Contains(fmt.Sprint(resp.Data), "Qosmos") {
			t.Fatalf("ask %d: %d %v %v", i+1, status, resp.Errors, resp.Data)
		}
		if srv.valid.get(valid) == nil {
			t.Fatalf("ask %d: the valid document was not kept", i+1)
		}
	}
	for _, invalid := range []string{`{ entity(id: "qosmos") { nosuchfield } }`, `{ entity(`} {
		for i := 0; i < 2; i++ {
			o := srv.execute(context.Background(), graphQLRequest{Query: invalid}, false)
			status, resp := httpStatus(mediaGraphQLResponse, o), o.resp
			if status != 400 || len(resp.Errors) == 0 {
				t.Errorf("%s, ask %d: %d %v, want 400 with an error", invalid, i+1, status, resp.Errors)
			}
			if srv.valid.get(invalid) != nil {
				t.Errorf("%s was kept", invalid)
			}
		}
	}
	for i := range maxDocuments + 10 {
		q := fmt.Sprintf(`{ entity(id: "e%d") { id } }`, i)
		srv.execute(context.Background(), graphQLRequest{Query: q}, false)
		if n := len(srv.valid.docs); n > maxDocuments {
			t.Fatalf("%d documents kept, the bound is %d", n, maxDocuments)
		}
	}
}
