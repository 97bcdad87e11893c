package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/survgraph/survgraph/schema"
)

// MaxFileSize bounds one input file; the whole seed is far smaller.
const MaxFileSize = 8 << 20

// pos locates a value in an input file.
type pos struct {
	file string
	line int
}

// entityRecord is an entity as read, with where each part came from.
type entityRecord struct {
	schema.Entity
	at         pos
	field      string         // e.g. entities[3]
	fieldLines map[string]int // field name -> line
	citeLines  []int
}

// relRecord is a relationship as read.
type relRecord struct {
	schema.Relationship
	at         pos
	field      string
	fieldLines map[string]int
	citeLines  []int
}

// document is the content of one file.
type document struct {
	entities   []entityRecord
	rels       []relRecord
	amendments []amendRecord
}

// ReadFiles returns the paths of every .yaml or .yml file under root in
// fsys, sorted, so that loads are reproducible.
func ReadFiles(fsys fs.FS, root string) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := strings.ToLower(path.Ext(p)); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing input files under %q: %w", root, err)
	}
	sort.Strings(files)
	return files, nil
}

var (
	yamlLineRE = regexp.MustCompile(`line (\d+)`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// parseFile reads the file path of fsys into records, adding what is wrong
// to ps under the file's display name.
func parseFile(fsys fs.FS, path, name string, ps *problems) document {
	data, ok := readInputFile(fsys, path, name, ps)
	if !ok {
		return document{}
	}
	body, ok := decodeBody(name, data, ps)
	if !ok {
		return document{}
	}
	p := parser{file: name, ps: ps}
	return p.records(body)
}

// readInputFile returns the bytes of one input file, refusing what is too
// large or badly encoded before YAML sees it.
func readInputFile(fsys fs.FS, path, name string, ps *problems) ([]byte, bool) {
	f, err := fsys.Open(path)
	if err != nil {
		ps.add(name, 0, "", "cannot open: %v", err)
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		ps.add(name, 0, "", "cannot read: %v", err)
		return nil, false
	}
	if len(data) > MaxFileSize {
		ps.add(name, 0, "", "file is larger than %d bytes", MaxFileSize)
		return nil, false
	}
	if !checkEncoding(name, data, ps) {
		return nil, false
	}
	return data, true
}

// decodeBody decodes the file's one YAML document and returns its top-level
// mapping. ok is false when there is nothing to read: an empty or null file,
// which holds nothing, or a problem already added to ps.
func decodeBody(name string, data []byte, ps *problems) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, false // an empty file holds nothing
		}
		line, msg := yamlErrorLine(err)
		if strings.Contains(msg, "tab character") {
			line = tabIndentLine(data, line)
		}
		ps.add(name, line, "", "YAML syntax error: %s", msg)
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		// A second document, well formed or not: name the line of the "---"
		// that starts it, which yaml.v3 does not give for a broken one.
		ps.add(name, secondDocumentLine(data), "", "file holds more than one YAML document; use one per file")
		return nil, false
	}

	body := deref(&root)
	if body.Kind == yaml.DocumentNode && len(body.Content) == 1 {
		body = deref(body.Content[0])
	}
	if body.Kind == yaml.ScalarNode && body.Tag == "!!null" {
		return nil, false
	}
	if body.Kind != yaml.MappingNode {
		ps.add(name, body.Line, "", "the file must be a mapping with the keys sources, entities and relationships")
		return nil, false
	}
	return body, true
}

// records reads what each top-level key of body holds.
func (p parser) records(body *yaml.Node) document {
	var doc document
	for i := 0; i+1 < len(body.Content); i += 2 {
		key, val := body.Content[i], deref(body.Content[i+1])
		switch key.Value {
		case "sources":
			p.eachItem(val, "sources", func(n *yaml.Node, field string) {
				if e := p.entity(n, field, true); e.ID != "" {
					doc.entities = append(doc.entities, e)
				}
			})
		case "entities":
			p.eachItem(val, "entities", func(n *yaml.Node, field string) {
				if e := p.entity(n, field, false); e.ID != "" && e.Kind != "" {
					doc.entities = append(doc.entities, e)
				}
			})
		case "relationships":
			p.eachItem(val, "relationships", func(n *yaml.Node, field string) {
				if r := p.relationship(n, field); r.From != "" {
					doc.rels = append(doc.rels, r)
				}
			})
		case "corrections":
			p.eachItem(val, "corrections", func(n *yaml.Node, field string) {
				if a, ok := p.amendment(n, field); ok {
					doc.amendments = append(doc.amendments, a)
				}
			})
		default:
			p.ps.add(p.file, key.Line, key.Value, "unknown top-level key; expected sources, entities, relationships or corrections")
		}
	}
	return doc
}

// yamlErrorLine returns the 1-based line of a YAML syntax error and its
// message without the line. yaml.v3 numbers lines from 1 for scanner errors
// but from 0 for parser errors ("did not find expected ..."), so those are
// shifted to point at the line a person must fix.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ := strconv.Atoi(m[1])
	msg = strings.TrimSpace(strings.TrimPrefix(msg, m[0]+":"))
	if strings.HasPrefix(msg, "did not find expected") {
		line++
	}
	return line, msg
}

// secondDocumentLine finds the "---" that starts a file's second document:
// the first such marker, or the second when the first document opens with one.
func secondDocumentLine(data []byte) int {
	var markers []int
	opensWithMarker, seenContent := false, false
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("---")) {
			if !seenContent && len(markers) == 0 {
				opensWithMarker = true
			}
			markers = append(markers, i+1)
		}
		if len(t) > 0 && t[0] != '#' {
			seenContent = true
		}
	}
	if opensWithMarker && len(markers) > 1 {
		return markers[1]
	}
	if !opensWithMarker && len(markers) > 0 {
		return markers[0]
	}
	return 0
}

// tabIndentLine finds the first line at or after from whose indentation
// holds a tab: yaml.v3 reports a tab error where the scalar before it began.
func tabIndentLine(data []byte, from int) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if i+1 < from {
			continue
		}
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		if bytes.ContainsRune(indent, '\t') {
			return i + 1
		}
	}
	return from
}

// checkEncoding rejects what YAML parsers accept silently but that makes hand
// edits diverge between editors: invalid UTF-8, a byte-order mark, CRLF.
func checkEncoding(name string, data []byte, ps *problems) bool {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		ps.add(name, 1, "", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
		return false
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			ps.add(name, i+1, "", "line is not valid UTF-8; save the file as UTF-8")
			return false
		}
		if bytes.HasSuffix(line, []byte("\r")) {
			ps.add(name, i+1, "", "file has Windows (CRLF) line endings; save it with LF line endings")
			return false
		}
	}
	return true
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

type parser struct {
	file string
	ps   *problems
}

func (p parser) add(n *yaml.Node, field, format string, args ...any) {
	p.ps.add(p.file, n.Line, field, format, args...)
}

func (p parser) eachItem(list *yaml.Node, name string, fn func(*yaml.Node, string)) {
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return
	}
	if list.Kind != yaml.SequenceNode {
		p.add(list, name, "must be a list")
		return
	}
	for i, item := range list.Content {
		fn(deref(item), fmt.Sprintf("%s[%d]", name, i))
	}
}

// fields returns a mapping's values by key, reporting duplicate keys and
// anything that is not a mapping.
func (p parser) fields(n *yaml.Node, field string) (map[string]*yaml.Node, map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		p.add(n, field, "must be a mapping of field names to values")
		return nil, nil, false
	}
	vals := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if _, dup := vals[k.Value]; dup {
			p.add(k, field+"."+k.Value, "field is given twice")
			continue
		}
		vals[k.Value] = deref(n.Content[i+1])
		keys[k.Value] = k
	}
	return vals, keys, true
}

// scalar returns a scalar's text. ok is false both for an explicit null,
// which counts as missing and is for the caller to judge, and for a list or
// mapping, which scalar reports itself and flags as wrong so that the caller
// does not report it again as missing.
func (p parser) scalar(n *yaml.Node, field string) (s string, ok, wrong bool) {
	if n.Kind != yaml.ScalarNode {
		p.add(n, field, "must be a single value, not a list or mapping")
		return "", false, true
	}
	if n.Tag == "!!null" {
		return "", false, false
	}
	return n.Value, true, false
}

func (p parser) stringList(n *yaml.Node, field string) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		p.add(n, field, "must be a list, such as [a, b]")
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		s, ok, wrong := p.scalar(deref(item), fmt.Sprintf("%s[%d]", field, i))
		if !ok {
			if !wrong {
				p.add(item, fmt.Sprintf("%s[%d]", field, i), "is empty")
			}
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// structural fields, handled apart from the schema's value fields.
var (
	entityStructural = map[string]bool{"id": true, "kind": true, "citations": true, "placeholder": true}
	relFields        = map[string]bool{"type": true, "from": true, "to": true, "key": true, "status": true,
		"start": true, "end": true, "summary": true, "citations": true, "product": true, "amount": true, "currency": true,
		"quantity": true, "basis": true, "role": true, "share": true}
	citationFields = map[string]bool{"source": true, "quote": true, "locator": true, "stance": true}
)

func (p parser) entity(n *yaml.Node, field string, isSource bool) entityRecord {
	vals, keys, ok := p.fields(n, field)
	if !ok {
		return entityRecord{}
	}
	rec := entityRecord{at: pos{p.file, n.Line}, field: field, fieldLines: map[string]int{}}
	rec.Props = map[string]any{}
	for k, kn := range keys {
		rec.fieldLines[k] = kn.Line
	}
	rec.ID = p.entityID(n, vals, field)
	spec, ok := p.entityKind(n, vals, field, isSource)
	if !ok {
		return rec
	}
	rec.Kind = spec.Kind
	wrong := p.entityProps(&rec, spec, vals, keys)
	p.requireFields(n, rec, spec, keys, wrong)
	if v, ok := vals["placeholder"]; ok {
		rec.Placeholder = p.placeholder(v, field+".placeholder")
	}
	if c, ok := vals["citations"]; ok {
		rec.Citations, rec.citeLines = p.citations(c, field+".citations")
	} else if !isSource {
		p.add(n, field+".citations", "missing: every entity needs at least one citation")
	}
	return rec
}

// entityID returns the entity's id, reporting one that is missing or
// malformed; a malformed id is still returned, so its record is kept.
func (p parser) entityID(n *yaml.Node, vals map[string]*yaml.Node, field string) string {
	id, idWrong := "", false
	if v, ok := vals["id"]; ok {
		var s string
		if s, ok, idWrong = p.scalar(v, field+".id"); ok {
			id = s
			if err := schema.CheckID(s); err != nil {
				p.add(v, field+".id", "%v", err)
			}
		}
	}
	if id == "" && !idWrong {
		p.add(n, field+".id", "missing required field")
	}
	return id
}

// entityKind returns the spec of the entity's kind: Source under sources,
// the kind it names under entities. ok is false when the kind is missing or
// unknown, and the fields cannot be checked.
func (p parser) entityKind(n *yaml.Node, vals map[string]*yaml.Node, field string, isSource bool) (schema.KindSpec, bool) {
	if isSource {
		if k, ok := vals["kind"]; ok && k.Value != string(schema.Source) {
			p.add(k, field+".kind", "entries under sources are of kind Source; move this entry to entities")
		}
		return schema.Source.Spec(), true
	}
	kn, ok := vals["kind"]
	if !ok {
		p.add(n, field+".kind", "missing required field; one of %s", kindNames())
		return schema.KindSpec{}, false
	}
	s, _, wrong := p.scalar(kn, field+".kind")
	if wrong {
		return schema.KindSpec{}, false
	}
	spec, found := schema.KindByName(s)
	if !found {
		p.add(kn, field+".kind", "unknown kind %q; one of %s", s, kindNames())
		return schema.KindSpec{}, false
	}
	if spec.Kind == schema.Source {
		p.add(kn, field+".kind", "list sources under the top-level key sources")
	}
	return spec, true
}

// entityProps checks the value fields of the entity against spec and stores
// the valid ones in rec.Props. It returns the fields that were given but
// wrong, so that they are not reported again as missing.
func (p parser) entityProps(rec *entityRecord, spec schema.KindSpec, vals, keys map[string]*yaml.Node) map[string]bool {
	wrong := map[string]bool{}
	for _, name := range sortedKeys(vals) {
		if entityStructural[name] {
			continue
		}
		fpath := rec.field + "." + name
		f, ok := spec.Field(name)
		if !ok {
			p.add(keys[name], fpath, "unknown field for kind %s; known fields: %s", spec.Kind, fieldNames(spec))
			continue
		}
		v := vals[name]
		raw, given, isWrong := p.rawValue(f, v, fpath)
		if !given {
			wrong[name] = isWrong
			continue // absent; required fields are checked apart
		}
		val, err := schema.CheckValue(f, raw)
		if err != nil {
			p.add(v, fpath, "%v", err)
			wrong[name] = true
			continue
		}
		rec.Props[name] = val
	}
	return wrong
}

// rawValue reads a field's value as the schema's CheckValue takes it: a list
// of strings or a string. given is false for a null, which counts as absent,
// and for a value of the wrong shape, which wrong then says.
func (p parser) rawValue(f schema.Field, v *yaml.Node, fpath string) (raw any, given, wrong bool) {
	if f.Type == schema.StringList {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil, false, false
		}
		list, ok := p.stringList(v, fpath)
		if !ok {
			return nil, false, true
		}
		return list, true, false
	}
	s, ok, wrong := p.scalar(v, fpath)
	if !ok {
		return nil, false, wrong
	}
	return s, true, false
}

// requireFields reports each required field of spec that rec lacks, unless
// it was given but wrong, which is reported already.
func (p parser) requireFields(n *yaml.Node, rec entityRecord, spec schema.KindSpec, keys map[string]*yaml.Node, wrong map[string]bool) {
	for _, f := range spec.AllFields() {
		if _, ok := rec.Props[f.Name]; f.Required && !ok && !wrong[f.Name] {
			line := n.Line
			if kn, given := keys[f.Name]; given {
				line = kn.Line // given, but as null
			}
			p.ps.add(p.file, line, rec.field+"."+f.Name, "missing required field")
		}
	}
}

// placeholder reads the placeholder flag, which is true or false.
func (p parser) placeholder(v *yaml.Node, field string) bool {
	s, _, _ := p.scalar(v, field)
	switch s {
	case "true":
		return true
	case "false":
	default:
		p.add(v, field, "placeholder is true or false, not %q", s)
	}
	return false
}

func (p parser) citations(n *yaml.Node, field string) ([]schema.Citation, []int) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.add(n, field, "must be a non-empty list of citations")
		return nil, nil
	}
	var out []schema.Citation
	var lines []int
	for i, item := range n.Content {
		item = deref(item)
		cf := fmt.Sprintf("%s[%d]", field, i)
		vals, keys, ok := p.fields(item, cf)
		if !ok {
			continue
		}
		for _, k := range sortedKeys(vals) {
			if !citationFields[k] {
				p.add(keys[k], cf+"."+k, "unknown field; a citation has source, quote, locator and stance")
			}
		}
		var c schema.Citation
		str := func(name string, max int, oneLine bool) string {
			v, ok := vals[name]
			if !ok {
				return ""
			}
			s, ok, _ := p.scalar(v, cf+"."+name)
			if !ok {
				return ""
			}
			check := schema.CheckText
			if oneLine {
				check = schema.CheckLine
			}
			if err := check(s, max); err != nil {
				p.add(v, cf+"."+name, "%v", err)
			}
			return s
		}
		c.Source = str("source", schema.MaxIDLen, true)
		c.Quote = str("quote", schema.MaxQuoteLen, false)
		c.Locator = str("locator", schema.MaxStringLen, true)
		stance := str("stance", 20, true)
		if c.Source == "" {
			p.add(item, cf+".source", "missing required field: the id of a source")
		}
		switch {
		case stance == "":
			p.add(item, cf+".stance", "missing required field; one of SUPPORTS, DISPUTES, CONTEXT")
		case !validStance(stance):
			p.add(vals["stance"], cf+".stance", "unknown stance %q; one of SUPPORTS, DISPUTES, CONTEXT", stance)
		}
		c.Stance = schema.Stance(stance)
		out = append(out, c)
		lines = append(lines, item.Line)
	}
	return out, lines
}

func validStance(s string) bool {
	for _, x := range schema.Stances {
		if string(x) == s {
			return true
		}
	}
	return false
}

func (p parser) relationship(n *yaml.Node, field string) relRecord {
	vals, keys, ok := p.fields(n, field)
	if !ok {
		return relRecord{}
	}
	rec := relRecord{at: pos{p.file, n.Line}, field: field, fieldLines: p.relFieldLines(keys, field)}
	r := relReader{parser: p, n: n, field: field, vals: vals}
	t := r.readFields(&rec)
	r.setTypeAndStatus(&rec, t)
	r.checkReferences(rec)
	r.setQuantities(&rec, t)
	r.checkBasisRoleKey(rec, t.key)
	r.setPeriod(&rec, t)
	if rec.Summary != "" {
		if err := schema.CheckText(rec.Summary, schema.MaxTextLen); err != nil {
			r.addAt("summary", "%v", err)
		}
	}
	if c, ok := vals["citations"]; ok {
		rec.Citations, rec.citeLines = p.citations(c, field+".citations")
	} else {
		p.add(n, field+".citations", "missing: every relationship needs at least one citation")
	}
	rec.ID = schema.RelationshipID(rec.From, rec.Type, rec.To, t.key)
	return rec
}

// relFieldLines returns the line of each field of a relationship, reporting
// the fields a relationship does not have.
func (p parser) relFieldLines(keys map[string]*yaml.Node, field string) map[string]int {
	lines := map[string]int{}
	for _, k := range sortedKeys(keys) {
		kn := keys[k]
		lines[k] = kn.Line
		if !relFields[k] {
			p.add(kn, field+"."+k, "unknown field; a relationship has %s", relFieldList)
		}
	}
	return lines
}

// relReader reads the fields of one relationship's mapping n.
type relReader struct {
	parser
	n     *yaml.Node
	field string
	vals  map[string]*yaml.Node
}

// relText holds the fields of a relationship that are read as text and
// parsed apart.
type relText struct {
	typ, key, status, start, end, amount, quantity, share string
}

// get returns a field's text, reporting it when required and missing.
func (r relReader) get(name string, required bool) string {
	v, ok := r.vals[name]
	if !ok {
		if required {
			r.add(r.n, r.field+"."+name, "missing required field")
		}
		return ""
	}
	s, ok, wrong := r.scalar(v, r.field+"."+name)
	if !ok && !wrong && required {
		r.add(v, r.field+"."+name, "missing required field")
	}
	return s
}

// addAt reports a problem with the value of the field name.
func (r relReader) addAt(name, format string, args ...any) {
	r.add(r.vals[name], r.field+"."+name, format, args...)
}

// readFields reads every field, keeping the plain text ones in rec. Missing
// fields are reported on the line of the mapping, in this order.
func (r relReader) readFields(rec *relRecord) relText {
	var t relText
	t.typ = r.get("type", true)
	rec.From = r.get("from", true)
	rec.To = r.get("to", true)
	t.key = r.get("key", false)
	t.status = r.get("status", true)
	t.start = r.get("start", false)
	t.end = r.get("end", false)
	rec.Summary = r.get("summary", false)
	rec.Product = r.get("product", false)
	t.amount = r.get("amount", false)
	rec.Currency = r.get("currency", false)
	t.quantity = r.get("quantity", false)
	rec.Basis = schema.Basis(r.get("basis", false))
	rec.Role = r.get("role", false)
	t.share = r.get("share", false)
	return t
}

func (r relReader) setTypeAndStatus(rec *relRecord, t relText) {
	if t.typ != "" {
		if _, ok := schema.RelTypeByName(t.typ); !ok {
			r.addAt("type", "unknown relationship type %q; one of %s", t.typ, relTypeNames())
		}
	}
	rec.Type = schema.RelType(t.typ)
	if t.status != "" {
		rec.Status = schema.ClaimStatus(t.status)
		if rec.Status.Rank() < 0 {
			r.addAt("status", "unknown status %q; one of DENIED, ALLEGED, REPORTED, CONFIRMED, ADJUDICATED", t.status)
		}
	}
}

// checkReferences checks the form of the ids the relationship refers to;
// whether they exist is for checkGraph.
func (r relReader) checkReferences(rec relRecord) {
	for _, ref := range []struct{ name, id string }{{"from", rec.From}, {"to", rec.To}, {"product", rec.Product}} {
		if ref.id == "" {
			continue
		}
		if err := schema.CheckID(ref.id); err != nil {
			r.addAt(ref.name, "%v", err)
		}
	}
}

// setQuantities parses the amount, quantity and share, and checks the
// currency that goes with an amount.
func (r relReader) setQuantities(rec *relRecord, t relText) {
	if t.amount != "" {
		n, err := strconv.ParseInt(t.amount, 10, 64)
		if err != nil || n <= 0 {
			r.addAt("amount", "amount %q must be a positive whole number", t.amount)
		}
		rec.Amount = n
	}
	if (rec.Amount != 0) != (rec.Currency != "") {
		r.add(r.n, r.field+".currency", "amount and currency go together: give both or neither")
	} else if rec.Currency != "" && !currencyRE.MatchString(rec.Currency) {
		r.addAt("currency", "currency %q is not an ISO 4217 code such as EUR", rec.Currency)
	}
	if t.quantity != "" {
		n, err := strconv.Atoi(t.quantity)
		if err != nil || n <= 0 {
			r.addAt("quantity", "quantity %q must be a positive whole number", t.quantity)
		}
		rec.Quantity = n
	}
	if t.share != "" {
		v, err := strconv.ParseFloat(t.share, 64)
		if err == nil {
			err = CheckShare(v)
		}
		if err != nil || v == 0 {
			r.addAt("share", "share %q must be a percentage above 0 and at most 100", t.share)
		}
		rec.Share = v
	}
}

func (r relReader) checkBasisRoleKey(rec relRecord, key string) {
	if rec.Basis != "" && !schema.ValidBasis(rec.Basis) {
		r.addAt("basis", "unknown basis %q; one of %s", rec.Basis, basisNames())
	}
	if rec.Role != "" {
		if err := schema.CheckLine(rec.Role, schema.MaxStringLen); err != nil {
			r.addAt("role", "%v", err)
		}
	}
	if key != "" {
		if err := schema.CheckID(key); err != nil {
			r.addAt("key", "%v", err)
		}
	}
}

// setPeriod parses the start and end dates and checks that start comes
// first.
func (r relReader) setPeriod(rec *relRecord, t relText) {
	for _, d := range []struct {
		name, text string
		into       *schema.Date
	}{{"start", t.start, &rec.Period.Start}, {"end", t.end, &rec.Period.End}} {
		if d.text == "" {
			continue
		}
		v, err := schema.ParseDate(d.text)
		if err != nil {
			r.addAt(d.name, "%v", err)
			continue
		}
		*d.into = v
	}
	if !rec.Period.Valid() {
		r.addAt("start", "start %s is after end %s", rec.Period.Start, rec.Period.End)
	}
}

// relFieldList names a relationship's fields, for messages.
const relFieldList = "type, from, to, key, status, basis, start, end, summary, product, amount, currency, quantity, role, share and citations"

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func kindNames() string {
	var names []string
	for _, k := range schema.Kinds {
		if k.Kind != schema.Source {
			names = append(names, string(k.Kind))
		}
	}
	return strings.Join(names, ", ")
}

func basisNames() string {
	names := make([]string, len(schema.Bases))
	for i, b := range schema.Bases {
		names[i] = string(b)
	}
	return strings.Join(names, ", ")
}

func relTypeNames() string {
	var names []string
	for _, r := range schema.RelTypes {
		names = append(names, string(r.Type))
	}
	return strings.Join(names, ", ")
}

func fieldNames(spec schema.KindSpec) string {
	var names []string
	for _, f := range spec.AllFields() {
		names = append(names, f.Name)
	}
	return strings.Join(append(names, "citations"), ", ")
}
