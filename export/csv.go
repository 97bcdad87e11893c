package export

import (
	"archive/zip"
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

// table writes a CSV file: the byte-order mark, the header, then rows, each
// text cell made safe.
type table struct {
	header []string
	cw     *csv.Writer
}

func newTable(w io.Writer, header []string) (*table, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	t := &table{header: header, cw: csv.NewWriter(w)}
	return t, t.cw.Write(header)
}

func (t *table) row(cells []string) error {
	for i := range cells {
		if !numeric[t.header[i]] {
			cells[i] = safeCell(cells[i])
		}
	}
	return t.cw.Write(cells)
}

func (t *table) close() error {
	t.cw.Flush()
	return t.cw.Error()
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
	if err := g.summarise(); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	files := []struct {
		name string
		fill func(io.Writer) error
	}{
		{"README.txt", func(w io.Writer) error { _, err := io.WriteString(w, csvReadmeWith(g.licences)); return err }},
		{"nodes.csv", g.writeNodesCSV},
		{"edges.csv", g.writeEdgesCSV},
		{"citations.csv", g.writeCitationsCSV},
	}
	for _, f := range files {
		if err := zipFile(zw, f.name, f.fill); err != nil {
			return err
		}
	}
	return zw.Close()
}

// zipFile adds a file to the zip, written by fill.
func zipFile(zw *zip.Writer, name string, fill func(io.Writer) error) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	return fill(fw)
}

// csvReadmeWith is the README with the export's licences.
func csvReadmeWith(licences []string) string {
	return csvReadme + "\nLicences: reuse this export under the terms below, each for what it covers.\n\n- " +
		strings.Join(licences, "\n- ") + "\n"
}

// nodeHeader is the header of nodes.csv, with citation columns for most
// citations.
func nodeHeader(most int) []string {
	h := []string{"id", "kind", "name", "country", "country_name", "aliases", "description"}
	for _, f := range kindFields {
		h = append(h, f.Name)
	}
	h = append(h, "placeholder", "corrections", "citation_count")
	return append(h, citationHeader(most)...)
}

// edgeHeader is the header of edges.csv, with citation columns for most
// citations.
func edgeHeader(most int) []string {
	h := []string{"id", "type", "source", "target", "source_name", "target_name",
		"status", "start", "end", "summary", "product", "product_name", "amount", "currency", "quantity", "basis", "role",
		"share", "corrections", "citation_count"}
	return append(h, citationHeader(most)...)
}

// citeHeader is the header of citations.csv.
var citeHeader = []string{"owner_id", "owner_type", "position", "source_id", "source_title",
	"publisher", "date", "url", "quote", "passage", "stance"}

func (g *graph) writeNodesCSV(w io.Writer) error {
	t, err := newTable(w, nodeHeader(g.nodeMost))
	if err != nil {
		return err
	}
	if err := g.eachNode(func(n *node) error {
		row := []string{n.ID, string(n.Kind), n.Name(), propString(n.Props["country"]), countryName(n.Entity),
			propString(n.Props["aliases"]), propString(n.Props["description"])}
		for _, f := range kindFields {
			row = append(row, propString(n.Props[f.Name]))
		}
		row = append(row, placeholder(n.Entity), corrections(n.Corrections))
		return t.row(append(row, citationCells(n.cites, g.nodeMost)...))
	}); err != nil {
		return err
	}
	return t.close()
}

func (g *graph) writeEdgesCSV(w io.Writer) error {
	t, err := newTable(w, edgeHeader(g.edgeMost))
	if err != nil {
		return err
	}
	if err := g.eachEdge(func(e *edge) error {
		row := []string{e.ID, string(e.Type), e.From, e.To, e.fromName, e.toName,
			string(e.Status), e.Period.Start.String(), e.Period.End.String(), e.Summary,
			e.Product, e.productName, amount(e.Relationship), e.Currency, quantity(e.Relationship), string(e.Basis), e.Role,
			share(e.Relationship), corrections(e.Corrections)}
		return t.row(append(row, citationCells(e.cites, g.edgeMost)...))
	}); err != nil {
		return err
	}
	return t.close()
}

// writeCitationsCSV writes every citation of the nodes, then of the edges.
func (g *graph) writeCitationsCSV(w io.Writer) error {
	t, err := newTable(w, citeHeader)
	if err != nil {
		return err
	}
	if err := g.eachNode(func(n *node) error { return t.cites(n.ID, "node", n.cites) }); err != nil {
		return err
	}
	if err := g.eachEdge(func(e *edge) error { return t.cites(e.ID, "edge", e.cites) }); err != nil {
		return err
	}
	return t.close()
}

// cites writes a row of citations.csv for each of an owner's citations.
func (t *table) cites(owner, ownerType string, cs []cite) error {
	for i, c := range cs {
		if err := t.row([]string{owner, ownerType, fmt.Sprint(i + 1), c.SourceID, c.Title,
			c.Publisher, c.Date, c.Link(), c.Quote, c.Passage, c.Stance}); err != nil {
			return err
		}
	}
	return nil
}
