package export

import (
	"encoding/json"
	"io"

	"github.com/survgraph/survgraph/schema"
)

type cyElement struct {
	Data map[string]any `json:"data"`
}

type cyDoc struct {
	Data     map[string]any `json:"data"`
	Elements struct {
		Nodes []cyElement `json:"nodes"`
		Edges []cyElement `json:"edges"`
	} `json:"elements"`
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

func writeCytoscape(w io.Writer, g *graph) error {
	var doc cyDoc
	doc.Data = map[string]any{
		"name":        "survgraph",
		"description": "survgraph: an open knowledge graph of the surveillance-technology trade. Every node and edge carries its citations.",
		"licences":    g.licences,
	}
	doc.Elements.Nodes = make([]cyElement, 0, len(g.nodes))
	doc.Elements.Edges = make([]cyElement, 0, len(g.edges))
	for i := range g.nodes {
		n := &g.nodes[i]
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
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyElement{data})
	}
	for i := range g.edges {
		e := &g.edges[i]
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
		doc.Elements.Edges = append(doc.Elements.Edges, cyElement{data})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// fieldsOf returns the fields of kind k, common and own; for a kind the
// schema does not know, the common fields.
func fieldsOf(k schema.Kind) []schema.Field {
	if spec, ok := schema.KindByName(string(k)); ok {
		return spec.AllFields()
	}
	return schema.CommonFields
}
