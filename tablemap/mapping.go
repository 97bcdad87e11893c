// Package tablemap is survgraph's declarative mapping language for
// spreadsheets and tables: a YAML file that says how rows of a CSV file
// (any delimiter), a JSON array or JSON lines become entities,
// relationships and their citations, with value maps, regular expressions,
// splitting, date formats, row filters and templates, and no Go code.
// docs/import.md documents it, and mapping.schema.json describes it for
// editors; TestSchemaMatchesMapping holds the two to the types below.
//
// The package parses and checks a mapping, reads rows and computes values;
// package importer runs a mapping over a file with the seed's guarantees.
package tablemap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/survgraph/survgraph/schema"
)

// Mapping is a parsed mapping file.
type Mapping struct {
	// Input says how rows are read.
	Input Input `yaml:"input"`
	// Source is the Source every row cites when it gives no address of its
	// own (RowSource).
	Source *Source `yaml:"source"`
	// RowSource makes a Source of its own for each row that gives an
	// address.
	RowSource *RowSource `yaml:"rowSource"`
	// Columns are computed from the row's columns, in order; later ones and
	// every template can read them.
	Columns []Column `yaml:"columns"`
	// Skip leaves out the rows a condition holds for, with its reason.
	Skip []Skip `yaml:"skip"`
	// Entities and Relationships are what each row makes.
	Entities      []Entity       `yaml:"entities"`
	Relationships []Relationship `yaml:"relationships"`

	file string
}

// Input says how a file's rows are read.
type Input struct {
	// Format is csv, json (an array of objects, or an object keyed by an
	// id: see Key) or jsonl (one object a line); by default, the file's
	// extension.
	Format string `yaml:"format"`
	// Delimiter separates CSV fields: one character, "\t" for a tab; ","
	// by default.
	Delimiter string `yaml:"delimiter"`
	// Header says whether a CSV file's first row names its columns (true by
	// default); without one, Columns names them.
	Header *bool `yaml:"header"`
	// Columns names values by position: the fields of a CSV file without a
	// header, the items of a JSON row that is an array.
	Columns []string `yaml:"columns"`
	// Key reads a JSON file that is one object keyed by an id: each value
	// is a record, its key in the column Key.
	Key string `yaml:"key"`
	// Explode makes one row of each item of a record's list field, beside
	// the record's other fields; the column _item numbers them from 1.
	Explode string `yaml:"explode"`
}

// Source is a constant Source, with the fields of survgraph's Source kind.
type Source struct {
	ID          string   `yaml:"id"`
	SourceType  string   `yaml:"sourceType"`
	Name        string   `yaml:"name"`
	Publisher   string   `yaml:"publisher"`
	Authors     []string `yaml:"authors"`
	PublishedAt string   `yaml:"publishedAt"`
	URL         string   `yaml:"url"`
	Locator     string   `yaml:"locator"`
	Licence     string   `yaml:"licence"`
	Language    string   `yaml:"language"`
	Description string   `yaml:"description"`
}

// RowSource makes a row's Source from its columns: the row cites the
// document at URL, which is the graph's Source for that address when it
// holds one, or a Source this import creates.
type RowSource struct {
	URL         Value  `yaml:"url"`
	Name        Value  `yaml:"name"`
	Publisher   Value  `yaml:"publisher"`
	PublishedAt Value  `yaml:"publishedAt"`
	SourceType  string `yaml:"sourceType"`
}

// Column is a computed column.
type Column struct {
	Name  string `yaml:"name"`
	Value `yaml:",inline"`
}

// Skip leaves out the rows When holds for.
type Skip struct {
	When   Cond   `yaml:"when"`
	Reason string `yaml:"reason"`
}

// Entity says how a row makes one entity, known to relationships by As. An
// As may have several entries: the first whose When holds and that either
// resolves or can create the entity gives it.
type Entity struct {
	As   string `yaml:"as"`
	When Cond   `yaml:"when"`
	// Resolve lists the ways to find the entity in the graph, in order; the
	// first that finds it wins, and nothing is created.
	Resolve []Resolve `yaml:"resolve"`
	// Government makes the entity the government of the state whose ISO
	// code it gives: the alias table's, the graph's, or one created under
	// survgraph's conventions (id <country>-government).
	Government  *Value           `yaml:"government"`
	Kind        string           `yaml:"kind"`
	ID          *Value           `yaml:"id"`
	Name        *Value           `yaml:"name"`
	Aliases     []Value          `yaml:"aliases"`
	Country     *Value           `yaml:"country"`
	Description *Value           `yaml:"description"`
	Fields      map[string]Value `yaml:"fields"`
	Placeholder bool             `yaml:"placeholder"`
	Citation    *Citation        `yaml:"citation"`
}

// Resolve is one way to find an entity in the graph.
type Resolve struct {
	// Cited finds the entity the graph already gives a record: the one
	// whose citation of Source names Key in its locator, or the to end of a
	// claim of type Claims citing it so.
	Cited *Cited `yaml:"cited"`
	// Alias looks the name up in the alias table (seed/resolution.tsv).
	Alias *Value `yaml:"alias"`
	// Name finds an entity of Kinds by name, with the datasets' rules: the
	// alias table, then exact and normalised names and aliases; with
	// Country, within that country.
	Name    *Value   `yaml:"name"`
	Kinds   []string `yaml:"kinds"`
	Country *Value   `yaml:"country"`
	// ID is the entity of that id, when the graph holds one.
	ID *Value `yaml:"id"`
}

// Cited finds an entity by a dataset record the graph already cites.
type Cited struct {
	Source string `yaml:"source"`
	Key    Value  `yaml:"key"`
	Claims string `yaml:"claims"`
}

// Citation says how a record cites its row's Source.
type Citation struct {
	Quote   *Value `yaml:"quote"`
	Locator *Value `yaml:"locator"`
}

// Relationship says how a row makes one relationship between two of its
// entities.
type Relationship struct {
	Type string `yaml:"type"`
	When Cond   `yaml:"when"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
	// Key tells apart two claims of one type between one pair of entities;
	// rows that give the same key make the same claim, which Merge allows.
	Key      *Value `yaml:"key"`
	Status   *Value `yaml:"status"`
	Basis    *Value `yaml:"basis"`
	Role     *Value `yaml:"role"`
	Start    *Value `yaml:"start"`
	End      *Value `yaml:"end"`
	Summary  *Value `yaml:"summary"`
	Product  string `yaml:"product"`
	Amount   *Value `yaml:"amount"`
	Currency *Value `yaml:"currency"`
	Quantity *Value `yaml:"quantity"`
	Share    *Value `yaml:"share"`
	// Merge makes one claim of the rows that give the same claim: its
	// period from the earliest start to the latest end, the amounts and
	// quantities summed, one citation per distinct quote. Its templates see
	// the rows merged (see docs/import.md).
	Merge    bool      `yaml:"merge"`
	Citation *Citation `yaml:"citation"`
}

// CitedSources lists the Sources whose citations the mapping resolves
// entities by (Resolve.Cited), which the import reads from the graph.
func (m *Mapping) CitedSources() []string {
	var out []string
	for _, e := range m.Entities {
		for _, r := range e.Resolve {
			if r.Cited != nil && !slices.Contains(out, r.Cited.Source) {
				out = append(out, r.Cited.Source)
			}
		}
	}
	return out
}

// formats are the input formats.
var formats = []string{"csv", "json", "jsonl"}

// Parse reads a mapping from data; file names it in errors. Every problem
// is reported with its line.
func Parse(data []byte, file string) (*Mapping, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	m := &Mapping{file: file}
	if err := dec.Decode(m); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the mapping is empty", file)
		}
		return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c := &checker{file: file, lines: lineIndex(&root)}
	m.check(c)
	if len(c.problems) > 0 {
		return nil, &Error{Problems: c.problems}
	}
	return m, nil
}

// Error lists a mapping's problems.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return fmt.Sprintf("%d problem(s) in the mapping:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// checker collects a mapping's problems, each at the line of its path.
type checker struct {
	file     string
	lines    map[string]int
	problems []string
}

func (c *checker) add(path, format string, args ...any) {
	line := c.lines[path]
	for p := path; line == 0 && p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
		line = c.lines[p]
	}
	c.problems = append(c.problems, fmt.Sprintf("%s:%d: %s: %s", c.file, line, path, fmt.Sprintf(format, args...)))
}

// lineIndex maps each path of the YAML document ("entities[0].kind") to
// its line.
func lineIndex(root *yaml.Node) map[string]int {
	out := map[string]int{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := strings.TrimPrefix(path+"."+n.Content[i].Value, ".")
				out[p] = n.Content[i].Line
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				out[p] = c.Line
				walk(c, p)
			}
		}
	}
	walk(root, "")
	return out
}

// check compiles the mapping's templates and expressions and checks every
// name it uses: kinds, fields, types, statuses, entities, columns.
func (m *Mapping) check(c *checker) {
	in := &m.Input
	if in.Format != "" && !slices.Contains(formats, in.Format) {
		c.add("input.format", "%q is not one of %s", in.Format, strings.Join(formats, ", "))
	}
	if d := in.Delimiter; d != "" && len([]rune(d)) != 1 {
		c.add("input.delimiter", "%q is not one character", d)
	}
	if in.Header != nil && !*in.Header && len(in.Columns) == 0 {
		c.add("input.columns", "a CSV file without a header needs its columns named")
	}
	if m.Source == nil && m.RowSource == nil {
		c.add("source", "give a constant source, a rowSource, or both: every record cites a Source")
	}
	if m.Source != nil {
		m.Source.check(c)
	}
	if m.RowSource != nil {
		rs := m.RowSource
		c.value("rowSource.url", &rs.URL)
		for path, v := range map[string]*Value{"rowSource.name": &rs.Name, "rowSource.publisher": &rs.Publisher, "rowSource.publishedAt": &rs.PublishedAt} {
			c.value(path, v)
		}
		if rs.SourceType != "" && !slices.Contains(schema.SourceTypes, rs.SourceType) {
			c.add("rowSource.sourceType", "%q is not one of %s", rs.SourceType, strings.Join(schema.SourceTypes, ", "))
		}
	}
	for i := range m.Columns {
		col := &m.Columns[i]
		path := fmt.Sprintf("columns[%d]", i)
		if col.Name == "" || strings.HasPrefix(col.Name, "_") {
			c.add(path+".name", "a computed column needs a name, which may not start with _")
		}
		c.value(path, &col.Value)
	}
	for i := range m.Skip {
		path := fmt.Sprintf("skip[%d]", i)
		if m.Skip[i].Reason == "" {
			c.add(path+".reason", "say why the rows are left out")
		}
		c.cond(path+".when", &m.Skip[i].When, true)
	}
	as := map[string]bool{}
	for i := range m.Entities {
		m.Entities[i].check(c, fmt.Sprintf("entities[%d]", i))
		as[m.Entities[i].As] = true
	}
	for i := range m.Relationships {
		m.Relationships[i].check(c, fmt.Sprintf("relationships[%d]", i), as)
	}
	if len(m.Entities) == 0 && len(m.Relationships) == 0 {
		c.add("entities", "the mapping makes nothing: give entities, relationships or both")
	}
}

func (s *Source) check(c *checker) {
	if err := schema.CheckID(s.ID); err != nil {
		c.add("source.id", "%v", err)
	}
	for _, f := range []struct{ path, v string }{{"sourceType", s.SourceType}, {"name", s.Name}, {"publisher", s.Publisher}, {"publishedAt", s.PublishedAt}} {
		if f.v == "" {
			c.add("source."+f.path, "missing: a Source needs a sourceType, a name, a publisher and a publishedAt date")
		}
	}
	spec := schema.Source.Spec()
	for name, v := range s.props() {
		f, _ := spec.Field(name)
		if _, err := schema.CheckValue(f, v); err != nil && v != "" {
			c.add("source."+name, "%v", err)
		}
	}
}

// props are the Source's fields as survgraph's Source kind holds them.
func (s *Source) props() map[string]any {
	p := map[string]any{}
	for k, v := range map[string]string{"sourceType": s.SourceType, "name": s.Name, "publisher": s.Publisher, "publishedAt": s.PublishedAt,
		"url": s.URL, "locator": s.Locator, "licence": s.Licence, "language": s.Language, "description": s.Description} {
		if v != "" {
			p[k] = v
		}
	}
	if len(s.Authors) > 0 {
		p["authors"] = s.Authors
	}
	return p
}

// Entity returns the Source as an entity, its values checked (Parse did).
func (s *Source) Entity() schema.Entity {
	e := schema.Entity{ID: s.ID, Kind: schema.Source, Props: map[string]any{}}
	spec := schema.Source.Spec()
	for name, v := range s.props() {
		f, _ := spec.Field(name)
		x, _ := schema.CheckValue(f, v)
		e.Props[name] = x
	}
	return e
}

func (e *Entity) check(c *checker, path string) {
	if e.As == "" {
		c.add(path+".as", "name the entity, so that relationships can refer to it")
	}
	c.cond(path+".when", &e.When, false)
	for i := range e.Resolve {
		e.Resolve[i].check(c, fmt.Sprintf("%s.resolve[%d]", path, i))
	}
	if e.Government != nil {
		c.value(path+".government", e.Government)
		if e.Kind != "" || e.ID != nil || e.Name != nil {
			c.add(path+".government", "a government is made by survgraph's conventions: give no kind, id or name beside it")
		}
		if e.Citation != nil {
			c.citation(path+".citation", e.Citation)
		}
		return
	}
	creates := e.ID != nil || e.Name != nil || e.Kind != ""
	if !creates {
		if len(e.Resolve) == 0 {
			c.add(path, "an entity needs a kind, an id and a name to be created, or resolve steps to be found, or government")
		}
		return
	}
	spec, ok := schema.KindByName(e.Kind)
	if !ok || spec.Kind == schema.Source {
		c.add(path+".kind", "%q is not an entity kind; one of %s", e.Kind, kindNames())
		return
	}
	if e.ID == nil {
		c.add(path+".id", "missing: an entity that may be created needs an id template, so that the same rows give the same id")
	}
	if e.Name == nil {
		c.add(path+".name", "missing: an entity that may be created needs a name")
	}
	for name, v := range map[string]*Value{"id": e.ID, "name": e.Name, "country": e.Country, "description": e.Description} {
		if v != nil {
			c.value(path+"."+name, v)
		}
	}
	for i := range e.Aliases {
		c.value(fmt.Sprintf("%s.aliases[%d]", path, i), &e.Aliases[i])
	}
	for name, v := range e.Fields {
		f, ok := spec.Field(name)
		if !ok || slices.Contains([]string{"name", "aliases", "country", "description"}, name) {
			c.add(path+".fields."+name, "%s has no such field of its own; its fields are %s", e.Kind, fieldNames(spec))
			continue
		}
		if v.Split != "" && f.Type != schema.StringList {
			c.add(path+".fields."+name, "split makes a list, and %s is not one", name)
		}
		c.value(path+".fields."+name, &v)
		e.Fields[name] = v
	}
	if e.Citation == nil {
		c.add(path+".citation", "missing: say how the entity cites its row (quote and locator templates; either may be empty)")
	} else {
		c.citation(path+".citation", e.Citation)
	}
}

func (r *Resolve) check(c *checker, path string) {
	n := 0
	if r.Cited != nil {
		n++
		if err := schema.CheckID(r.Cited.Source); err != nil {
			c.add(path+".cited.source", "%v", err)
		}
		c.value(path+".cited.key", &r.Cited.Key)
		if _, ok := schema.RelTypeByName(r.Cited.Claims); r.Cited.Claims != "" && !ok {
			c.add(path+".cited.claims", "%q is not a relationship type", r.Cited.Claims)
		}
	}
	if r.Alias != nil {
		n++
		c.value(path+".alias", r.Alias)
	}
	if r.Name != nil {
		n++
		c.value(path+".name", r.Name)
		if len(r.Kinds) == 0 {
			c.add(path+".kinds", "say which kinds the name may be of")
		}
		for _, k := range r.Kinds {
			if _, ok := schema.KindByName(k); !ok {
				c.add(path+".kinds", "%q is not an entity kind", k)
			}
		}
		if r.Country != nil {
			c.value(path+".country", r.Country)
		}
	}
	if r.ID != nil {
		n++
		c.value(path+".id", r.ID)
	}
	if n != 1 {
		c.add(path, "give one of cited, alias, name or id")
	}
}

func (r *Relationship) check(c *checker, path string, as map[string]bool) {
	spec, ok := schema.RelTypeByName(r.Type)
	if !ok {
		c.add(path+".type", "%q is not a relationship type; one of %s", r.Type, relTypeNames())
	}
	c.cond(path+".when", &r.When, false)
	for _, end := range []struct{ name, v string }{{"from", r.From}, {"to", r.To}, {"product", r.Product}} {
		if end.v != "" && !as[end.v] {
			c.add(path+"."+end.name, "no entity of the mapping is named %q", end.v)
		} else if end.v == "" && end.name != "product" {
			c.add(path+"."+end.name, "missing: name one of the mapping's entities")
		}
	}
	if r.Status == nil {
		c.add(path+".status", "missing: give the claims' status (a constant, or a template through a map)")
	}
	if r.Basis == nil {
		c.add(path+".basis", "missing: say what the claims rest on, one of %s", basisNames())
	}
	for name, v := range map[string]*Value{"key": r.Key, "status": r.Status, "basis": r.Basis, "role": r.Role, "start": r.Start, "end": r.End,
		"summary": r.Summary, "amount": r.Amount, "currency": r.Currency, "quantity": r.Quantity, "share": r.Share} {
		if v != nil {
			c.value(path+"."+name, v)
		}
	}
	if r.Share != nil && ok && !spec.Share {
		c.add(path+".share", "%s takes no share", r.Type)
	}
	if r.Citation == nil {
		c.add(path+".citation", "missing: every relationship is cited; give quote and locator templates (either may be empty)")
	} else {
		c.citation(path+".citation", r.Citation)
	}
}

func (c *checker) citation(path string, ci *Citation) {
	if ci.Quote != nil {
		c.value(path+".quote", ci.Quote)
	}
	if ci.Locator != nil {
		c.value(path+".locator", ci.Locator)
	}
}

// value compiles a value's template and expressions.
func (c *checker) value(path string, v *Value) {
	if err := v.compile(); err != nil {
		c.add(path, "%v", err)
	}
}

// cond compiles a condition.
func (c *checker) cond(path string, cond *Cond, required bool) {
	if cond.v.Template == "" {
		if required {
			c.add(path, "missing: a condition template, such as '{{eq .status \"cancelled\"}}'")
		}
		return
	}
	if err := cond.v.compile(); err != nil {
		c.add(path, "%v", err)
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func kindNames() string {
	var out []string
	for _, k := range schema.Kinds {
		if k.Kind != schema.Source {
			out = append(out, string(k.Kind))
		}
	}
	return strings.Join(out, ", ")
}

func relTypeNames() string {
	var out []string
	for _, r := range schema.RelTypes {
		out = append(out, string(r.Type))
	}
	return strings.Join(out, ", ")
}

func basisNames() string {
	var out []string
	for _, b := range schema.Bases {
		out = append(out, string(b))
	}
	return strings.Join(out, ", ")
}

func fieldNames(spec schema.KindSpec) string {
	var out []string
	for _, f := range spec.Fields {
		out = append(out, f.Name)
	}
	return strings.Join(out, ", ")
}
