package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/schema"
)

// ftmCites turns resolved citations into what package ftm writes.
func ftmCites(g *graph, cs []cite) []ftm.Cite {
	out := make([]ftm.Cite, len(cs))
	for i, c := range cs {
		out[i] = ftm.Cite{URL: c.URL, Supports: c.Stance == string(schema.Supports), Text: c.Text()}
		if c.inGraph {
			out[i].SourceID, _ = g.ftmRef(c.SourceID)
		}
	}
	return out
}

// ftmDescription states a claim for readers: its ends, type and status, the
// product, amount, quantity, basis, role and corrections, then one line per
// citation.
func ftmDescription(e *edge) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", e.fromName, e.Type, e.toName)
	if e.Status != "" {
		fmt.Fprintf(&b, " (claim status: %s)", e.Status)
	}
	b.WriteString(".")
	if e.Product != "" {
		name := e.productName
		if name == "" {
			name = e.Product
		}
		fmt.Fprintf(&b, " Product: %s.", name)
	}
	if a := amount(e.Relationship); a != "" {
		fmt.Fprintf(&b, " Amount: %s %s.", a, e.Currency)
	}
	if q := quantity(e.Relationship); q != "" {
		fmt.Fprintf(&b, " Quantity: %s.", q)
	}
	if s := share(e.Relationship); s != "" {
		fmt.Fprintf(&b, " Share: %s%%.", s)
	}
	if e.Basis != "" {
		fmt.Fprintf(&b, " Basis: %s.", e.Basis)
	}
	if e.Role != "" {
		fmt.Fprintf(&b, " Role of %s: %s.", e.toName, e.Role)
	}
	if c := corrections(e.Corrections); c != "" {
		fmt.Fprintf(&b, " Corrected: %s.", c)
	}
	for i, c := range e.cites {
		fmt.Fprintf(&b, "\nCitation %d: %s", i+1, c.Text())
	}
	return b.String()
}

// writeFtM writes FtM JSON lines with package ftm's table: the nodes (and
// the Address entities of companies' headquarters), then the edges.
func writeFtM(w io.Writer, g *graph) error {
	enc := json.NewEncoder(w)
	if err := g.eachNode(func(n *node) error {
		for _, e := range ftm.FromEntity(n.Entity, ftmCites(g, n.cites)) {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return g.eachEdge(func(e *edge) error {
		from, courtCase := g.ftmRef(e.From)
		to, _ := g.ftmRef(e.To)
		x := ftm.Edge{From: from, To: to, FromCourtCase: courtCase, ProductName: e.productName, Description: ftmDescription(e)}
		return enc.Encode(ftm.FromRelationship(e.Relationship, x, ftmCites(g, e.cites)))
	})
}
