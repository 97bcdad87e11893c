package export

import (
	"encoding/json"
	"io"

	"github.com/survgraph/survgraph/schema"
)

type cyElement struct {
	Data map[string]any `json:"data"`
}

type cyCite struct {
	SourceID  string `json:"source_id"`
	Title     string `json:"title,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
	Quote     string `json:"quote,omitempty"`
	Passage   string `json:"passage,omitempty"`
	Stance    string `json:"stance,omitempty"`
}

func cyCites(data map[string]any, cs []cite) {
	data["citation_count"] = len(cs)
	list := make([]cyCite, len(cs))
	for i, c := range cs {
		list[i] = cyCite{c.SourceID, c.Title, c.Publisher, c.Date, c.Link(), c.Quote, c.Passage, c.Stance}
	}
	data["citations"] = list
}

// cyValue is a property value for JSON: lists stay lists, dates become text.
func cyValue(v any) any {
	switch x := v.(type) {
	case []string:
		return x
	case string:
		return x
	}
	return propString(v)
}

func setText(data map[string]any, key, value string) {
	if value != "" {
		data[key] = value
	}
}

// writeCytoscape writes the document element by element, in the layout
// json.Encoder with a one-space indent gives the whole document.
func writeCytoscape(w io.Writer, g *graph) error {
	head, err := json.MarshalIndent(map[string]any{
		"name":        "survgraph",
		"description": "survgraph: an open knowledge graph of the surveillance-technology trade. Every node and edge carries its citations.",
		"licences":    g.licences,
	}, " ", " ")
	if err != nil {
		return err
	}
	ew := &errWriter{w: w}
	ew.printf("{\n \"data\": %s,\n \"elements\": {\n  \"nodes\": ", head)
	// list writes the elements each yields as a JSON array at depth 2.
	list := func(each func(emit func(map[string]any) error) error) error {
		n := 0
		if err := each(func(data map[string]any) error {
			b, err := json.MarshalIndent(cyElement{data}, "   ", " ")
			if err != nil {
				return err
			}
			if n == 0 {
				ew.printf("[\n   %s", b)
			} else {
				ew.printf(",\n   %s", b)
			}
			n++
			return ew.err
		}); err != nil {
			return err
		}
		if n == 0 {
			ew.printf("[]")
		} else {
			ew.printf("\n  ]")
		}
		return ew.err
	}
	if err := list(func(emit func(map[string]any) error) error {
		return g.eachNode(func(n *node) error { return emit(cyNode(n)) })
	}); err != nil {
		return err
	}
	ew.printf(",\n  \"edges\": ")
	if err := list(func(emit func(map[string]any) error) error {
		return g.eachEdge(func(e *edge) error { return emit(cyEdge(e)) })
	}); err != nil {
		return err
	}
	ew.printf("\n }\n}\n")
	return ew.err
}

func cyNode(n *node) map[string]any {
	data := map[string]any{"id": n.ID, "label": n.Name(), "kind": string(n.Kind)}
	for _, f := range fieldsOf(n.Kind) {
		if v, ok := n.Props[f.Name]; ok {
			data[f.Name] = cyValue(v)
		}
	}
	setText(data, "country_name", countryName(n.Entity))
	if n.Placeholder {
		data["placeholder"] = true
	}
	setText(data, "corrections", corrections(n.Corrections))
	cyCites(data, n.cites)
	return data
}

func cyEdge(e *edge) map[string]any {
	data := map[string]any{"id": e.ID, "source": e.From, "target": e.To, "label": string(e.Type), "type": string(e.Type)}
	setText(data, "status", string(e.Status))
	setText(data, "start", e.Period.Start.String())
	setText(data, "end", e.Period.End.String())
	setText(data, "summary", e.Summary)
	setText(data, "product", e.Product)
	setText(data, "product_name", e.productName)
	if e.Amount != 0 {
		data["amount"] = e.Amount
	}
	setText(data, "currency", e.Currency)
	if e.Quantity != 0 {
		data["quantity"] = e.Quantity
	}
	setText(data, "basis", string(e.Basis))
	setText(data, "role", e.Role)
	if e.Share != 0 {
		data["share"] = e.Share
	}
	setText(data, "corrections", corrections(e.Corrections))
	cyCites(data, e.cites)
	return data
}

// fieldsOf returns the fields of kind k, common and own; for a kind the
// schema does not know, the common fields.
func fieldsOf(k schema.Kind) []schema.Field {
	if spec, ok := schema.KindByName(string(k)); ok {
		return spec.AllFields()
	}
	return schema.CommonFields
}
