package export

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xmlText escapes s for XML 1.0 element content, and xmlAttr for an
// attribute value in double quotes: markup characters become references,
// invalid UTF-8 becomes U+FFFD, and characters that XML 1.0 forbids (other
// control characters, U+FFFE, U+FFFF) are dropped. Carriage returns, and in
// attributes line feeds, tabs and quotes, become character references, so
// that a parser's normalisation gives them back unchanged.
func xmlText(s string) string { return xmlEscape(s, false) }

func xmlAttr(s string) string { return xmlEscape(s, true) }

func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case attr && r == '"':
			b.WriteString("&quot;")
		case attr && r == '\n':
			b.WriteString("&#xA;")
		case attr && r == '\t':
			b.WriteString("&#x9;")
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case !xmlChar(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// errWriter writes until the first error and keeps it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// graphmlKeyID is the GraphML key id of an attribute of nodes ("n_name") or
// edges ("e_type").
func graphmlKeyID(class, name string) string {
	return class[:1] + "_" + name
}

// labelWidth guesses the width yEd needs for a label, so that names do not
// spill far out of their boxes before a layout.
func labelWidth(s string) int {
	w := 8*utf8.RuneCountInString(s) + 20
	return max(60, min(w, 400))
}

func writeGraphML(w io.Writer, g *graph) error {
	ew := &errWriter{w: w}
	ew.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	ew.printf("<!-- survgraph: an open knowledge graph of the surveillance-technology trade. Every node and edge carries its citations. -->\n")
	ew.printf("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:y=\"http://www.yworks.com/xml/graphml\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n")

	nodeNames := append([]attr{{"label", ""}}, nodeAttrs(&node{})...)
	edgeNames := append([]attr{{"label", ""}}, edgeAttrs(&edge{}, "start", "end")...)
	for _, a := range nodeNames {
		ew.printf("  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", graphmlKeyID("node", a.name), a.name, attrType(a.name))
	}
	ew.printf("  <key id=\"n_graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n")
	for _, a := range edgeNames {
		ew.printf("  <key id=\"%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", graphmlKeyID("edge", a.name), a.name, attrType(a.name))
	}
	ew.printf("  <key id=\"e_graphics\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n")
	ew.printf("  <key id=\"g_licences\" for=\"graph\" attr.name=\"licences\" attr.type=\"string\"/>\n")

	ew.printf("  <graph id=\"survgraph\" edgedefault=\"directed\">\n")
	ew.printf("    <data key=\"g_licences\">%s</data>\n", xmlText(strings.Join(g.licences, " | ")))
	data := func(class string, attrs []attr) {
		for _, a := range attrs {
			if a.value != "" {
				ew.printf("      <data key=\"%s\">%s</data>\n", graphmlKeyID(class, a.name), xmlText(a.value))
			}
		}
	}
	if err := g.eachNode(func(n *node) error {
		name := xmlText(n.Name())
		ew.printf("    <node id=\"%s\">\n", xmlAttr(n.ID))
		data("node", append([]attr{{"label", n.Name()}}, nodeAttrs(n)...))
		ew.printf("      <data key=\"n_graphics\"><y:ShapeNode><y:Geometry height=\"30.0\" width=\"%d.0\" x=\"0.0\" y=\"0.0\"/><y:NodeLabel>%s</y:NodeLabel></y:ShapeNode></data>\n", labelWidth(n.Name()), name)
		ew.printf("    </node>\n")
		return ew.err
	}); err != nil {
		return err
	}
	if err := g.eachEdge(func(e *edge) error {
		ew.printf("    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", xmlAttr(e.ID), xmlAttr(e.From), xmlAttr(e.To))
		data("edge", append([]attr{{"label", string(e.Type)}}, edgeAttrs(e, "start", "end")...))
		ew.printf("      <data key=\"e_graphics\"><y:PolyLineEdge><y:Arrows source=\"none\" target=\"standard\"/><y:EdgeLabel>%s</y:EdgeLabel></y:PolyLineEdge></data>\n", xmlText(string(e.Type)))
		ew.printf("    </edge>\n")
		return ew.err
	}); err != nil {
		return err
	}
	ew.printf("  </graph>\n</graphml>\n")
	return ew.err
}

// gexfType is the GEXF type of an attribute.
func gexfType(name string) string {
	switch attrType(name) {
	case "int":
		return "integer"
	case "long":
		return "long"
	}
	return "string"
}

// gexfDates returns an edge's Gephi dates: the first day its start may mean
// and the last day its end may mean, empty where the period is open. A
// period whose start falls after its end gets none.
func gexfDates(e *edge) (start, end string) {
	if !e.Period.Valid() {
		return "", ""
	}
	if !e.Period.Start.IsZero() {
		start = e.Period.Start.Earliest().Format("2006-01-02")
	}
	if !e.Period.End.IsZero() {
		end = e.Period.End.Latest().Format("2006-01-02")
	}
	return start, end
}

func writeGEXF(w io.Writer, g *graph) error {
	ew := &errWriter{w: w}
	if err := g.summarise(); err != nil {
		return err
	}
	dynamic := g.dynamic
	ew.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	ew.printf("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n")
	ew.printf("  <meta>\n    <creator>survgraph</creator>\n    <description>survgraph: an open knowledge graph of the surveillance-technology trade. Every node and edge carries its citations. Licences: %s</description>\n  </meta>\n", xmlText(strings.Join(g.licences, " | ")))
	if dynamic {
		ew.printf("  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n")
	} else {
		ew.printf("  <graph defaultedgetype=\"directed\" mode=\"static\">\n")
	}
	declare := func(class string, attrs []attr) {
		ew.printf("    <attributes class=\"%s\" mode=\"static\">\n", class)
		for _, a := range attrs {
			ew.printf("      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", a.name, a.name, gexfType(a.name))
		}
		ew.printf("    </attributes>\n")
	}
	declare("node", nodeAttrs(&node{}))
	declare("edge", edgeAttrs(&edge{}, "period_start", "period_end"))
	values := func(attrs []attr) {
		ew.printf("        <attvalues>\n")
		for _, a := range attrs {
			if a.value != "" {
				ew.printf("          <attvalue for=\"%s\" value=\"%s\"/>\n", a.name, xmlAttr(a.value))
			}
		}
		ew.printf("        </attvalues>\n")
	}
	ew.printf("    <nodes>\n")
	if err := g.eachNode(func(n *node) error {
		ew.printf("      <node id=\"%s\" label=\"%s\">\n", xmlAttr(n.ID), xmlAttr(n.Name()))
		values(nodeAttrs(n))
		ew.printf("      </node>\n")
		return ew.err
	}); err != nil {
		return err
	}
	ew.printf("    </nodes>\n    <edges>\n")
	if err := g.eachEdge(func(e *edge) error {
		ew.printf("      <edge id=\"%s\" source=\"%s\" target=\"%s\" label=\"%s\"", xmlAttr(e.ID), xmlAttr(e.From), xmlAttr(e.To), xmlAttr(string(e.Type)))
		start, end := gexfDates(e)
		if start != "" {
			ew.printf(" start=\"%s\"", start)
		}
		if end != "" {
			ew.printf(" end=\"%s\"", end)
		}
		ew.printf(">\n")
		values(edgeAttrs(e, "period_start", "period_end"))
		ew.printf("      </edge>\n")
		return ew.err
	}); err != nil {
		return err
	}
	ew.printf("    </edges>\n  </graph>\n</gexf>\n")
	return ew.err
}
