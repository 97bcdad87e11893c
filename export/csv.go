package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// zipTime is the modification time of every file in the zip, fixed so that
// two exports of one graph are the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// bom is the UTF-8 byte-order mark that tells Excel a CSV file is UTF-8.
const bom = "\uFEFF"

// citationColumns are the numbered citation columns, citation_N_<part>.
var citationColumns = []struct {
	part string
	get  func(cite) string
}{
	{"source_title", func(c cite) string { return c.Title }},
	{"publisher", func(c cite) string { return c.Publisher }},
	{"date", func(c cite) string { return c.Date }},
	{"url", cite.Link},
	{"quote", func(c cite) string { return c.Quote }},
	{"passage", func(c cite) string { return c.Passage }},
	{"stance", func(c cite) string { return c.Stance }},
}

func citationHeader(most int) []string {
	var out []string
	for i := 1; i <= most; i++ {
		for _, c := range citationColumns {
			out = append(out, fmt.Sprintf("citation_%d_%s", i, c.part))
		}
	}
	return out
}

func citationCells(cs []cite, most int) []string {
	out := []string{fmt.Sprint(len(cs))}
	for i := 0; i < most; i++ {
		for _, col := range citationColumns {
			if i < len(cs) {
				out = append(out, col.get(cs[i]))
			} else {
				out = append(out, "")
			}
		}
	}
	return out
}

// safeCell keeps a spreadsheet from running a text cell as a formula: a cell
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets read as "this is text".
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// numeric lists the columns that hold numbers, which safeCell leaves alone.
var numeric = map[string]bool{"citation_count": true, "amount": true, "quantity": true, "share": true, "position": true}

// table is a CSV file being built.
type table struct {
	header []string
	rows   [][]string
}

func (t *table) bytes() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(bom)
	cw := csv.NewWriter(&buf)
	if err := cw.Write(t.header); err != nil {
		return nil, err
	}
	for _, row := range t.rows {
		for i := range row {
			if !numeric[t.header[i]] {
				row[i] = safeCell(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

func mostCitations[T any](items []T, cites func(*T) []cite) int {
	most := 0
	for i := range items {
		most = max(most, len(cites(&items[i])))
	}
	return most
}

const csvReadme = `survgraph export: an open knowledge graph of the surveillance-technology trade.

nodes.csv      one row per entity: id, kind, name, country (ISO 3166-1 alpha-2),
               country_name, aliases (joined with "; "), description, a column for
               every field of every kind (empty where a kind has no such field),
               citation_count, and citation_N_* columns for each citation.
edges.csv      one row per relationship (a claim): id, type, source and target (entity
               ids), source_name, target_name, status (DENIED, ALLEGED, REPORTED,
               CONFIRMED, ADJUDICATED), start and end (dates as the sources give
               them: 2011, 2011-12 or 2011-12-05), summary, product (the id of the
               product a claim is about) and product_name, amount (whole units,
               empty when unknown), currency (ISO 4217), citation_count, and
               citation_N_* columns for each citation.
citations.csv  every citation once per row: owner_id (a node or edge id), owner_type
               (node or edge), position (1 for the first citation of its owner),
               source_id, source_title, publisher, date, url, quote, passage, stance.

citation_N_url is the source's address or, for a source without one, where it can be
found. passage is where in the source the quote is (page, paragraph or section).
stance says how the passage bears on the claim: SUPPORTS, DISPUTES or CONTEXT; a
party's denial is a DISPUTES citation beside the accusation.

The files are UTF-8 with a byte-order mark. A text cell that starts with =, +, -, @,
a tab or a carriage return has a leading apostrophe, so that no spreadsheet runs it
as a formula.
`

func writeCSV(w io.Writer, g *graph) error {
	nodeMost := mostCitations(g.nodes, func(n *node) []cite { return n.cites })
	edgeMost := mostCitations(g.edges, func(e *edge) []cite { return e.cites })

	nodes := &table{header: []string{"id", "kind", "name", "country", "country_name", "aliases", "description"}}
	for _, f := range kindFields {
		nodes.header = append(nodes.header, f.Name)
	}
	nodes.header = append(nodes.header, "placeholder", "corrections", "citation_count")
	nodes.header = append(nodes.header, citationHeader(nodeMost)...)

	edges := &table{header: []string{"id", "type", "source", "target", "source_name", "target_name",
		"status", "start", "end", "summary", "product", "product_name", "amount", "currency", "quantity", "basis", "role",
		"share", "corrections", "citation_count"}}
	edges.header = append(edges.header, citationHeader(edgeMost)...)

	cites := &table{header: []string{"owner_id", "owner_type", "position", "source_id", "source_title",
		"publisher", "date", "url", "quote", "passage", "stance"}}
	addCites := func(owner, ownerType string, cs []cite) {
		for i, c := range cs {
			cites.rows = append(cites.rows, []string{owner, ownerType, fmt.Sprint(i + 1), c.SourceID, c.Title,
				c.Publisher, c.Date, c.Link(), c.Quote, c.Passage, c.Stance})
		}
	}

	for i := range g.nodes {
		n := &g.nodes[i]
		row := []string{n.ID, string(n.Kind), n.Name(), propString(n.Props["country"]), countryName(n.Entity),
			propString(n.Props["aliases"]), propString(n.Props["description"])}
		for _, f := range kindFields {
			row = append(row, propString(n.Props[f.Name]))
		}
		row = append(row, placeholder(n.Entity), corrections(n.Corrections))
		nodes.rows = append(nodes.rows, append(row, citationCells(n.cites, nodeMost)...))
		addCites(n.ID, "node", n.cites)
	}
	for i := range g.edges {
		e := &g.edges[i]
		row := []string{e.ID, string(e.Type), e.From, e.To, e.fromName, e.toName,
			string(e.Status), e.Period.Start.String(), e.Period.End.String(), e.Summary,
			e.Product, e.productName, amount(e.Relationship), e.Currency, quantity(e.Relationship), string(e.Basis), e.Role,
			share(e.Relationship), corrections(e.Corrections)}
		edges.rows = append(edges.rows, append(row, citationCells(e.cites, edgeMost)...))
		addCites(e.ID, "edge", e.cites)
	}

	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	readme := csvReadme + "\nLicences: reuse this export under the terms below, each for what it covers.\n\n- " +
		strings.Join(g.licences, "\n- ") + "\n"
	if err := add("README.txt", []byte(readme)); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		t    *table
	}{{"nodes.csv", nodes}, {"edges.csv", edges}, {"citations.csv", cites}} {
		data, err := f.t.bytes()
		if err != nil {
			return err
		}
		if err := add(f.name, data); err != nil {
			return err
		}
	}
	return zw.Close()
}
