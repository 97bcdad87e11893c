// Package export writes a survgraph graph in the formats that data
// journalists and their tools read: GraphML (Gephi, yEd, networkx), GEXF 1.3
// (Gephi), CSV tables in a zip (spreadsheets), Cytoscape.js JSON (Cytoscape,
// Cytoscape.js) and FollowTheMoney JSON lines (OCCRP Aleph, OpenSanctions'
// tools). Every format holds the same nodes and edges, sorted by id, each
// with its citations flattened; docs/exports.md gives each format's
// attributes, which tools/roundtrip/check.py reads back.
package export

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/schema"
)

// Format is an export format.
type Format string

// The formats.
const (
	GraphML   Format = "graphml"
	GEXF      Format = "gexf"
	CSV       Format = "csv"
	Cytoscape Format = "cytoscape"
	FtM       Format = "ftm"
)

// Formats lists every format, in the order they are offered.
var Formats = []Format{GraphML, GEXF, CSV, Cytoscape, FtM}

// formatNames lists the formats for messages.
func formatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// ParseFormat returns the format named s, in any case. An unknown name is a
// schema.ErrInvalid error that lists the formats.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	return "", schema.Errorf(schema.ErrInvalid, "unknown export format %q: the formats are %s", s, formatNames())
}

// ContentType is the media type to serve the format with.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml"
	case GEXF:
		return "application/gexf+xml"
	case CSV:
		return "application/zip"
	case Cytoscape:
		return "application/json"
	case FtM:
		return "application/x-ndjson"
	}
	return "application/octet-stream"
}

// FileName is the name to save an export under: base plus the format's
// extension, such as survgraph.graphml; CSV is a zip, survgraph-csv.zip.
// An empty base is "survgraph".
func (f Format) FileName(base string) string {
	if base == "" {
		base = "survgraph"
	}
	switch f {
	case GraphML:
		return base + ".graphml"
	case GEXF:
		return base + ".gexf"
	case CSV:
		return base + "-csv.zip"
	case Cytoscape:
		return base + ".cyjs"
	case FtM:
		return base + ".ftm.json"
	}
	return base + "." + string(f)
}

// Write writes g to w in format f. sources resolves the source ids of
// citations to Source entities, which may or may not also be entities of g;
// a source found in neither is written by its id alone. Write fails, writing
// nothing, when two entities or two relationships share an id, when a
// relationship's id is also an entity's, or when a relationship's end is not
// an entity of g.
func Write(w io.Writer, f Format, g schema.Graph, sources map[string]schema.Entity) error {
	write, err := writer(f)
	if err != nil {
		return err
	}
	prepared, err := prepare(g, sources)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := write(bw, prepared); err != nil {
		return err
	}
	return bw.Flush()
}

// writer is the function that writes format f.
func writer(f Format) (func(io.Writer, *graph) error, error) {
	switch f {
	case GraphML:
		return writeGraphML, nil
	case GEXF:
		return writeGEXF, nil
	case CSV:
		return writeCSV, nil
	case Cytoscape:
		return writeCytoscape, nil
	case FtM:
		return writeFtM, nil
	}
	return nil, schema.Errorf(schema.ErrInvalid, "unknown export format %q: the formats are %s", f, formatNames())
}

// graph is a graph made ready to write: in id order, checked, with every
// citation resolved. The writers read it through eachNode and eachEdge, so
// that it may be held in memory (Write) or read as it is written
// (WriteStream).
type graph struct {
	// eachNode and eachEdge call fn with every node and every edge in id
	// order, stopping at fn's first error; either may be called again.
	eachNode func(fn func(*node) error) error
	eachEdge func(fn func(*edge) error) error
	// ftmRef gives what FtM needs of the entity with the id when it is
	// written as an end or a cited source: its FtM id and whether it is
	// written as a court case.
	ftmRef func(id string) (ftmID string, courtCase bool)
	// licences are the terms under which the export may be reused: the
	// curated data's, then those of every licensed source it cites or holds.
	licences []string
	// What some formats must write before the nodes and edges, found by a
	// pass over them (summarise): the most citations on one node and on one
	// edge (CSV's columns), and whether any edge has dates (GEXF's mode).
	summarised         bool
	nodeMost, edgeMost int
	dynamic            bool
}

// summarise fills the summary fields, once.
func (g *graph) summarise() error {
	if g.summarised {
		return nil
	}
	g.summarised = true
	if err := g.eachNode(func(n *node) error {
		g.nodeMost = max(g.nodeMost, len(n.cites))
		return nil
	}); err != nil {
		return err
	}
	return g.eachEdge(func(e *edge) error {
		g.edgeMost = max(g.edgeMost, len(e.cites))
		if s, end := gexfDates(e); s != "" || end != "" {
			g.dynamic = true
		}
		return nil
	})
}

type node struct {
	schema.Entity
	cites []cite
}

type edge struct {
	schema.Relationship
	fromName, toName, productName string
	cites                         []cite
}

// cite is a citation with its source resolved.
type cite struct {
	SourceID  string
	Title     string
	Publisher string
	Date      string // the source's publishedAt
	URL       string // the source's url
	Where     string // the source's locator: where a source without a URL can be found
	Quote     string
	Passage   string // the citation's locator: page, paragraph or section
	Stance    string
	Licence   string // the source's licence, for a dataset
	inGraph   bool   // the source is an entity of the graph
}

// Link is the source's URL or, without one, where it can be found.
func (c cite) Link() string {
	if c.URL != "" {
		return c.URL
	}
	return c.Where
}

// Text is the citation on one line, for readers: stance, quote, then the
// source's title, publisher and date, the passage and the link, as in
// SUPPORTS “quote” — Title (Publisher, 2012-07-26), page 2. https://...
func (c cite) Text() string {
	var b strings.Builder
	if c.Stance != "" {
		b.WriteString(c.Stance + " ")
	}
	if c.Quote != "" {
		b.WriteString("“" + c.Quote + "” ")
	}
	b.WriteString("— ")
	if c.Title != "" {
		b.WriteString(c.Title)
	} else {
		b.WriteString(c.SourceID)
	}
	var meta []string
	for _, s := range []string{c.Publisher, c.Date} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	if c.Passage != "" {
		b.WriteString(", " + c.Passage)
	}
	b.WriteString(".")
	if l := c.Link(); l != "" {
		b.WriteString(" " + l)
	}
	return oneLine(b.String())
}

// oneLine folds line breaks into spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func prepare(g schema.Graph, sources map[string]schema.Entity) (*graph, error) {
	nodes, byID, err := sortedNodes(g.Entities)
	if err != nil {
		return nil, err
	}
	lookup := heldLookup(sources, byID)
	resolve := func(cs []schema.Citation) []cite { return resolveCites(cs, lookup) }
	for i := range nodes {
		nodes[i].cites = resolve(nodes[i].Citations)
	}
	edges, err := sortedEdges(g.Relationships, byID, resolve)
	if err != nil {
		return nil, err
	}
	out := &graph{
		eachNode: func(fn func(*node) error) error { return each(nodes, fn) },
		eachEdge: func(fn func(*edge) error) error { return each(edges, fn) },
		ftmRef: func(id string) (string, bool) {
			n := byID[id]
			return ftm.ExportID(n.Entity), ftm.IsCourtCase(n.Entity)
		},
	}
	out.licences = licences(nodes, edges)
	return out, nil
}

// sortedNodes are the entities as nodes in id order, and the nodes by id.
func sortedNodes(entities []schema.Entity) ([]node, map[string]*node, error) {
	byID := make(map[string]*node, len(entities))
	nodes := make([]node, len(entities))
	for i, e := range entities {
		nodes[i] = node{Entity: e}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	for i := range nodes {
		n := &nodes[i]
		if err := checkEntityID(n.Entity); err != nil {
			return nil, nil, err
		}
		if byID[n.ID] != nil {
			return nil, nil, fmt.Errorf("export: two entities have the id %q", n.ID)
		}
		byID[n.ID] = n
	}
	return nodes, byID, nil
}

// heldLookup finds a cited source among sources, then among the nodes.
func heldLookup(sources map[string]schema.Entity, byID map[string]*node) func(id string) (schema.Entity, bool, bool) {
	return func(id string) (schema.Entity, bool, bool) {
		src, ok := sources[id]
		n := byID[id]
		if !ok && n != nil {
			src, ok = n.Entity, true
		}
		return src, ok, n != nil
	}
}

// sortedEdges are the relationships as edges in id order, checked against
// the nodes byID, with their ends' names and resolved citations.
func sortedEdges(rels []schema.Relationship, byID map[string]*node, resolve func([]schema.Citation) []cite) ([]edge, error) {
	edges := make([]edge, len(rels))
	for i, r := range rels {
		edges[i] = edge{Relationship: withID(r)}
	}
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].ID < edges[j].ID })
	isEntity := func(id string) bool { return byID[id] != nil }
	for i := range edges {
		e := &edges[i]
		if i > 0 && edges[i-1].ID == e.ID {
			return nil, fmt.Errorf("export: two relationships have the id %q", e.ID)
		}
		if err := checkEnds(e.Relationship, isEntity); err != nil {
			return nil, err
		}
		e.fromName, e.toName = byID[e.From].Name(), byID[e.To].Name()
		if p := byID[e.Product]; p != nil {
			e.productName = p.Name()
		}
		e.cites = resolve(e.Citations)
	}
	return edges, nil
}

// each calls fn with every item of xs, stopping at fn's first error.
func each[T any](xs []T, fn func(*T) error) error {
	for i := range xs {
		if err := fn(&xs[i]); err != nil {
			return err
		}
	}
	return nil
}

// The checks that Write and WriteStream share.

// checkEntityID fails for an entity without an id.
func checkEntityID(e schema.Entity) error {
	if e.ID == "" {
		return fmt.Errorf("export: an entity of kind %s has no id", e.Kind)
	}
	return nil
}

// withID gives a relationship without an id the one its ends and type make.
func withID(r schema.Relationship) schema.Relationship {
	if r.ID == "" {
		r.ID = schema.RelationshipID(r.From, r.Type, r.To, "")
	}
	return r
}

// checkEnds fails when r has an entity's id or joins an id that is not an
// entity; isEntity says which ids are entities of the graph.
func checkEnds(r schema.Relationship, isEntity func(id string) bool) error {
	if isEntity(r.ID) {
		return fmt.Errorf("export: relationship %q has the id of an entity", r.ID)
	}
	for _, end := range []string{r.From, r.To} {
		if !isEntity(end) {
			return fmt.Errorf("export: relationship %q joins %q, which is not an entity of the graph", r.ID, end)
		}
	}
	return nil
}

// resolveCites resolves citations through lookup, which finds a source by
// id and says whether it is an entity of the export.
func resolveCites(cs []schema.Citation, lookup func(id string) (src schema.Entity, found, inGraph bool)) []cite {
	if len(cs) == 0 {
		return nil
	}
	res := make([]cite, len(cs))
	for i, c := range cs {
		src, ok, inGraph := lookup(c.Source)
		r := cite{SourceID: c.Source, Quote: c.Quote, Passage: c.Locator, Stance: string(c.Stance), inGraph: inGraph}
		if ok {
			r.Title = src.Name()
			r.Publisher = propString(src.Props["publisher"])
			r.Date = propString(src.Props["publishedAt"])
			r.URL = propString(src.Props["url"])
			r.Where = propString(src.Props["locator"])
			r.Licence = propString(src.Props["licence"])
		}
		res[i] = r
	}
	return res
}

// CuratedLicence is the licence of survgraph's own curated data (seed/LICENSE).
const CuratedLicence = "survgraph curated data: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), attribute \"survgraph contributors\""

// licences lists CuratedLicence, then one line per source that carries a
// licence and is cited by, or is, an item of the export, sorted: what a
// reuser must honour for this export, and no more.
func licences(nodes []node, edges []edge) []string {
	var l licenceLines
	for i := range nodes {
		n := &nodes[i]
		if n.Kind == schema.Source {
			l.addSource(n.Entity)
		}
		l.addCites(n.cites)
	}
	for i := range edges {
		l.addCites(edges[i].cites)
	}
	return l.list()
}

// licenceLines gathers the distinct licence lines of an export.
type licenceLines struct {
	seen  map[string]bool
	lines []string
}

func (l *licenceLines) add(title, publisher, licence string) {
	if licence == "" {
		return
	}
	line := title
	if publisher != "" {
		line += " (" + publisher + ")"
	}
	line = oneLine(line + ": " + licence)
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if !l.seen[line] {
		l.seen[line] = true
		l.lines = append(l.lines, line)
	}
}

// addSource adds the licence of a Source entity.
func (l *licenceLines) addSource(e schema.Entity) {
	l.add(e.Name(), propString(e.Props["publisher"]), propString(e.Props["licence"]))
}

func (l *licenceLines) addCites(cs []cite) {
	for _, c := range cs {
		l.add(c.Title, c.Publisher, c.Licence)
	}
}

func (l *licenceLines) list() []string {
	sort.Strings(l.lines)
	return append([]string{CuratedLicence}, l.lines...)
}

// propString formats a property value as text: lists joined with "; ",
// dates as the sources give them.
func propString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []string:
		return strings.Join(x, "; ")
	case schema.Date:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// propList returns a list property's items; any other value is one item.
func propList(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []string:
		return x
	}
	if s := propString(v); s != "" {
		return []string{s}
	}
	return nil
}

// kindFields lists the fields of every kind beyond the common ones, each name
// once, in the schema's order: the columns every export declares.
var kindFields = func() []schema.Field {
	seen := map[string]bool{}
	for _, f := range schema.CommonFields {
		seen[f.Name] = true
	}
	var out []schema.Field
	for _, k := range schema.Kinds {
		for _, f := range k.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f)
			}
		}
	}
	return out
}()

// countryName is the English name of the entity's country, if it has one.
func countryName(e schema.Entity) string {
	n, _ := schema.CountryName(propString(e.Props["country"]))
	return n
}

// amount is the deal's worth as text, empty when unknown.
func amount(r schema.Relationship) string {
	if r.Amount == 0 {
		return ""
	}
	return fmt.Sprint(r.Amount)
}

// attr is one named text attribute of a node or an edge, for the formats
// that hold text attributes (GraphML, GEXF).
type attr struct {
	name, value string
}

// citationAttrs lists the citation attributes of GraphML and GEXF, all of
// them, in order, even when empty (the writers skip empty values).
func citationAttrs(cs []cite) []attr {
	parts := func(get func(cite) string) string {
		if len(cs) == 0 {
			return ""
		}
		vals := make([]string, len(cs))
		for i, c := range cs {
			vals[i] = oneLine(get(c))
		}
		return strings.Join(vals, " | ")
	}
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = fmt.Sprintf("[%d] %s", i+1, c.Text())
	}
	return []attr{
		{"citation_count", fmt.Sprint(len(cs))},
		{"citation_source_ids", parts(func(c cite) string { return c.SourceID })},
		{"citation_sources", parts(func(c cite) string { return c.Title })},
		{"citation_publishers", parts(func(c cite) string { return c.Publisher })},
		{"citation_dates", parts(func(c cite) string { return c.Date })},
		{"citation_urls", parts(cite.Link)},
		{"citation_quotes", parts(func(c cite) string { return c.Quote })},
		{"citation_passages", parts(func(c cite) string { return c.Passage })},
		{"citation_stances", parts(func(c cite) string { return c.Stance })},
		{"citations", strings.Join(lines, "\n")},
	}
}

// nodeAttrs lists a node's attributes for GraphML and GEXF, in a fixed order,
// empty ones too.
func nodeAttrs(n *node) []attr {
	out := []attr{
		{"kind", string(n.Kind)},
		{"name", n.Name()},
		{"country", propString(n.Props["country"])},
		{"country_name", countryName(n.Entity)},
		{"aliases", propString(n.Props["aliases"])},
		{"description", propString(n.Props["description"])},
	}
	for _, f := range kindFields {
		out = append(out, attr{f.Name, propString(n.Props[f.Name])})
	}
	out = append(out, attr{"placeholder", placeholder(n.Entity)}, attr{"corrections", corrections(n.Corrections)})
	return append(out, citationAttrs(n.cites)...)
}

// placeholder is "true" for an entity that stands for an unknown party.
func placeholder(e schema.Entity) string {
	if e.Placeholder {
		return "true"
	}
	return ""
}

// corrections is a record's curated corrections, their reasons joined.
func corrections(cs []schema.Correction) string {
	reasons := make([]string, len(cs))
	for i, c := range cs {
		reasons[i] = oneLine(c.Reason)
	}
	return strings.Join(reasons, " | ")
}

// quantity is the claim's number of units or licences as text, empty when
// unknown.
func quantity(r schema.Relationship) string {
	if r.Quantity == 0 {
		return ""
	}
	return fmt.Sprint(r.Quantity)
}

// share is the share held, in percent, as text, empty when unknown.
func share(r schema.Relationship) string {
	if r.Share == 0 {
		return ""
	}
	return strconv.FormatFloat(r.Share, 'f', -1, 64)
}

// edgeAttrs lists an edge's attributes for GraphML and GEXF, in a fixed
// order, empty ones too. start and end are named by the caller, since GEXF
// reserves those names.
func edgeAttrs(e *edge, start, end string) []attr {
	out := []attr{
		{"type", string(e.Type)},
		{"status", string(e.Status)},
		{start, e.Period.Start.String()},
		{end, e.Period.End.String()},
		{"summary", e.Summary},
		{"product", e.Product},
		{"product_name", e.productName},
		{"amount", amount(e.Relationship)},
		{"currency", e.Currency},
		{"quantity", quantity(e.Relationship)},
		{"basis", string(e.Basis)},
		{"role", e.Role},
		{"share", share(e.Relationship)},
		{"corrections", corrections(e.Corrections)},
	}
	return append(out, citationAttrs(e.cites)...)
}

// attrType is the type of the attribute: citation_count and amount are
// integers, everything else is text.
func attrType(name string) string {
	switch name {
	case "citation_count", "quantity":
		return "int"
	case "amount":
		return "long"
	case "share":
		return "double"
	}
	return "string"
}
