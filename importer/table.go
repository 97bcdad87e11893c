package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
	"github.com/survgraph/survgraph/tablemap"
)

// TableOptions describe an import of a table through a mapping.
type TableOptions struct {
	Input    string
	File     string
	Mapping  *tablemap.Mapping
	Now      time.Time
	Progress io.Writer // where progress lines go on long files; may be nil
}

// TableImport is a table import being checked and loaded.
type TableImport struct {
	opt   TableOptions
	m     *tablemap.Mapping
	known *Known
	// source is the mapping's constant Source; ownSource says whether this
	// import defines it (the graph may hold it already).
	source    *schema.Entity
	ownSource bool
	report    *Report
	checked   *checker
	// created holds the kind of every entity this import defines, and
	// actions the type of its legal actions, from the check.
	created map[string]schema.Kind
	actions map[string]string
	// claims are the merged relationships, in the order of their first row.
	claims   map[string]*claim
	order    []string
	rowSrcs  map[string]rowSrc // URL key -> its Source
	merged   map[string]bool   // merges reported
	progress *readProgress
	// resolved memoizes resolution, which the graph does not change while
	// an import runs: by step and the values it looked up.
	resolved map[string]resolution
}

// resolution is what a lookup in the graph found.
type resolution struct {
	id, why string
	ok      bool
}

// NewTable prepares a table import; Check reads the file.
func NewTable(known *Known, opt TableOptions) (*TableImport, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	im := &TableImport{opt: opt, m: opt.Mapping, known: known, report: newReport(opt.Input, []string{opt.File}),
		created: map[string]schema.Kind{}, actions: map[string]string{}, rowSrcs: map[string]rowSrc{}, merged: map[string]bool{},
		resolved: map[string]resolution{}}
	if s := opt.Mapping.Source; s != nil {
		e := s.Entity()
		im.source = &e
		if k, ok := known.Has(e.ID); ok {
			if k != schema.Source {
				return nil, schema.Errorf(schema.ErrInvalid, "the mapping's source id %s is a %s another input holds", e.ID, k)
			}
			im.report.Notes = append(im.report.Notes, fmt.Sprintf("the Source %s is another input's; the import cites it and does not define it", e.ID))
		} else {
			im.ownSource = true
		}
		im.report.Sources = []string{e.ID}
	}
	return im, nil
}

// rowSrc is the Source of a row's address: the graph's, or one this import
// creates (from the first row that gives the address, in every pass).
type rowSrc struct {
	id      string
	created bool
}

// ent is an entity of a row: the one the graph holds, or one this import
// defines (created), built when the row is the first to make it.
type ent struct {
	id      string
	kind    schema.Kind
	created bool
	entity  *schema.Entity
	// actionType is a legal action's type, which IMPOSED_BY and APPLIES_TO
	// check.
	actionType string
}

// rowCtx is one row being mapped.
type rowCtx struct {
	at   At
	data tablemap.Data
	cite string // the Source the row's records cite
	ents map[string]ent
	// emitted holds the entities the pass has yielded: a later row that
	// makes one again need not build it.
	emitted map[string]bool
	build   bool // the pass yields entities: build those the row defines
	check   bool
	bad     bool // a problem was found: the row makes no record
}

// problem records a problem of the row: in the check, one of the import's.
func (im *TableImport) problem(r *rowCtx, part, format string, args ...any) {
	r.bad = true
	if r.check {
		at := r.at
		at.Part = part
		im.checked.problem(at, "", format, args...)
	}
}

// eval computes v for the row, reporting a failure in part.
func (im *TableImport) eval(r *rowCtx, part string, v *tablemap.Value) string {
	if v == nil {
		return ""
	}
	s, err := v.Eval(r.data)
	if err != nil {
		im.problem(r, part, "%v", err)
		return ""
	}
	return s
}

// truth evaluates a condition, reporting a failure in part.
func (im *TableImport) truth(r *rowCtx, part string, cond *tablemap.Cond) bool {
	ok, err := cond.Holds(r.data)
	if err != nil {
		im.problem(r, part, "%v", err)
	}
	return ok
}

// Check reads the file, maps every row and validates every record, naming
// file, row and part; nothing is written.
func (im *TableImport) Check(ctx context.Context) (*Report, error) {
	im.checked = newChecker(im.opt.Now, im.report)
	im.claims, im.order = map[string]*claim{}, nil
	err := im.pass(ctx, true, func(at At, e schema.Entity) error {
		im.checked.entity(at, e)
		return nil
	}, func(at At, r schema.Relationship) error {
		im.checkRel(at, r)
		return nil
	})
	if err != nil {
		return im.report, err
	}
	for _, id := range im.order {
		c := im.claims[id]
		r, ok := im.finish(c)
		if ok {
			im.checkRel(c.at, r)
		}
	}
	return im.report, im.checked.err()
}

func (im *TableImport) checkRel(at At, r schema.Relationship) {
	im.checked.relationship(at, r, im.endEntity(r.From), im.endEntity(r.To))
}

// endEntity is what the checks need of a relationship's end.
func (im *TableImport) endEntity(id string) schema.Entity {
	e := schema.Entity{ID: id, Props: map[string]any{}}
	if k, ok := im.created[id]; ok {
		e.Kind = k
		e.Props["actionType"] = im.actions[id]
	} else {
		e.Kind, _ = im.known.Has(id)
		e.Props["actionType"] = im.known.ActionType(id)
	}
	return e
}

// Load writes the checked import into store as its input.
func (im *TableImport) Load(ctx context.Context, store loader.Store, opt loader.Options) (*Report, error) {
	if im.checked == nil || im.checked.err() != nil {
		return nil, errors.New("load an import only once it has been checked and found valid")
	}
	if opt.Progress == nil {
		opt.Progress = im.opt.Progress
	}
	rep, err := loader.LoadStream(ctx, store, im.opt.Input, stream{im.writePass}, im.checked.info(), opt)
	if err != nil {
		return im.report, err
	}
	im.report.Load = rep
	return im.report, nil
}

// writePass is a pass of the load: the rows' records, then the merged
// claims the check gathered.
func (im *TableImport) writePass(ctx context.Context, entity func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	if err := im.pass(ctx, false, entity, rel); err != nil {
		return err
	}
	if rel == nil {
		return nil
	}
	for _, id := range im.order {
		c := im.claims[id]
		if r, ok := im.finish(c); ok {
			if err := rel(c.at, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Graph gathers the records, for tables small enough to hold (the datasets
// the seed loads with), with the row each came from.
func (im *TableImport) Graph(ctx context.Context) (schema.Graph, []int, []int, error) {
	return collect(ctx, im.writePass)
}

// onceEach passes each entity on to entity the first time its id comes,
// noting it in emitted, and drops it when entity is nil: several rows or
// lines may make the same one.
func onceEach(emitted map[string]bool, entity func(At, schema.Entity) error) func(At, schema.Entity) error {
	return func(at At, e schema.Entity) error {
		if entity == nil || emitted[e.ID] {
			return nil
		}
		emitted[e.ID] = true
		return entity(at, e)
	}
}

// pass maps every row once. The check (check set) reports what it leaves
// out and gathers the merged claims; the load's passes leave them alone.
func (im *TableImport) pass(ctx context.Context, check bool, entity func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	emitted := map[string]bool{}
	emit := onceEach(emitted, entity)
	if im.ownSource {
		if err := emit(At{File: im.opt.File, Part: "source"}, *im.source); err != nil {
			return err
		}
	}
	rows, err := im.m.Open(im.opt.File)
	if err != nil {
		return err
	}
	defer rows.Close()
	prog := newReadProgress(im.opt.Progress, check)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			prog.done()
			return nil
		}
		var re *tablemap.RowError
		if errors.As(err, &re) {
			if check {
				im.checked.problem(At{File: im.opt.File, Line: re.Row}, "", "%v", re.Err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", im.opt.File, err)
		}
		prog.row()
		if check {
			im.report.Read++
		}
		at := At{File: im.opt.File, Line: row.N}
		if row.Skip != "" {
			if check {
				im.report.skip(at.String(), row.Skip)
			}
			continue
		}
		r := &rowCtx{at: at, data: row.Values, ents: map[string]ent{}, check: check, emitted: emitted, build: entity != nil}
		if err := im.mapRow(r, emit, rel); err != nil {
			return err
		}
	}
}

// mapRow computes a row's columns, applies the skips, and makes its
// Source, entities and relationships.
func (im *TableImport) mapRow(r *rowCtx, emit func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	r.data["_row"] = strconv.Itoa(r.at.Line)
	for i := range im.m.Columns {
		c := &im.m.Columns[i]
		r.data[c.Name] = im.eval(r, "columns."+c.Name, &c.Value)
	}
	if r.bad {
		return nil
	}
	for i := range im.m.Skip {
		s := &im.m.Skip[i]
		if im.truth(r, fmt.Sprintf("skip[%d]", i), &s.When) {
			if r.check {
				im.report.skip(r.at.String(), s.Reason)
			}
			return nil
		}
	}
	if err := im.rowSource(r, emit); err != nil || r.bad {
		return err
	}
	created, ids := map[string]bool{}, map[string]string{}
	r.data["_created"], r.data["_id"] = created, ids
	for i := range im.m.Entities {
		spec := &im.m.Entities[i]
		if _, done := r.ents[spec.As]; done {
			continue
		}
		part := "entities." + spec.As
		if !im.truth(r, part+".when", &spec.When) {
			continue
		}
		e, ok := im.entity(r, part, spec)
		if r.bad {
			return nil
		}
		if !ok {
			continue
		}
		r.ents[spec.As] = e
		created[spec.As], ids[spec.As] = e.created, e.id
		if e.entity != nil {
			if err := emit(At{File: r.at.File, Line: r.at.Line, Part: part}, *e.entity); err != nil {
				return err
			}
		}
	}
	if rel == nil && !r.check {
		return nil
	}
	for i := range im.m.Relationships {
		if err := im.relationship(r, i, rel); err != nil || r.bad {
			return err
		}
	}
	return nil
}

// rowSource sets the Source the row's records cite: the document at the
// row's address, as the graph holds it or as this import creates it, else
// the mapping's constant Source.
func (im *TableImport) rowSource(r *rowCtx, emit func(At, schema.Entity) error) error {
	rs := im.m.RowSource
	if rs == nil {
		r.cite = im.source.ID
		return nil
	}
	raw := strings.TrimSpace(im.eval(r, "rowSource.url", &rs.URL))
	if raw == "" {
		if im.source == nil {
			im.problem(r, "rowSource.url", "the row gives no address, and the mapping has no constant source to cite instead")
			return nil
		}
		r.cite = im.source.ID
		return nil
	}
	if err := schema.CheckURL(raw); err != nil {
		im.problem(r, "rowSource.url", "%v", err)
		return nil
	}
	key := datasets.SourceURLKey(raw)
	rsrc, seen := im.rowSrcs[key]
	if seen && !rsrc.created {
		r.cite = rsrc.id
		return nil
	}
	name := im.eval(r, "rowSource.name", &rs.Name)
	date := im.eval(r, "rowSource.publishedAt", &rs.PublishedAt)
	d, derr := schema.ParseDate(date)
	if !seen {
		if id, _, ok := im.known.KnownSource(raw, name, d); ok {
			im.rowSrcs[key] = rowSrc{id: id}
			r.cite = id
			return nil
		}
		rsrc = rowSrc{id: "src-" + shortHash(key), created: true}
		im.rowSrcs[key] = rsrc
	}
	id := rsrc.id
	r.cite = id
	publisher := im.eval(r, "rowSource.publisher", &rs.Publisher)
	if u, err := url.Parse(raw); err == nil && publisher == "" {
		publisher = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	if name == "" {
		name = datasets.Cut(raw, schema.MaxStringLen)
	}
	if derr != nil {
		im.problem(r, "rowSource.publishedAt", "a row's Source needs its publication date: %v", derr)
		return nil
	}
	st := rs.SourceType
	if st == "" {
		st = "OTHER"
	}
	src := schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{"name": name, "publisher": publisher,
		"publishedAt": d, "url": raw, "sourceType": st}}
	return emit(r.at, src)
}

// entity finds or makes the entity of one definition; ok is false when the
// definition gives none for the row (it neither resolves nor creates).
func (im *TableImport) entity(r *rowCtx, part string, spec *tablemap.Entity) (ent, bool) {
	for i := range spec.Resolve {
		if e, ok := im.resolve(r, fmt.Sprintf("%s.resolve[%d]", part, i), &spec.Resolve[i]); ok {
			return e, true
		}
	}
	if spec.Government != nil {
		return im.government(r, part, spec)
	}
	if spec.ID == nil {
		return ent{}, false
	}
	id := im.eval(r, part+".id", spec.ID)
	if r.bad {
		return ent{}, false
	}
	if err := schema.CheckID(id); err != nil {
		im.problem(r, part+".id", "%v", err)
		return ent{}, false
	}
	kind := schema.Kind(spec.Kind)
	if k, ok := im.known.Has(id); ok {
		im.noteMerge(r, part, id, id, "an entity of this id another input holds")
		return ent{id: id, kind: k, actionType: im.known.ActionType(id)}, true
	}
	if k, ok := im.created[id]; ok && k != kind && r.check {
		im.problem(r, part+".kind", "%s is a %s here and a %s in an earlier row", id, kind, k)
		return ent{}, false
	}
	e := ent{id: id, kind: kind, created: true, actionType: im.actions[id]}
	if r.emitted[id] || !r.build {
		return e, true // an earlier row made it, which defines it
	}
	if r.check {
		im.created[id] = kind
	}
	built := im.build(r, part, spec, id, kind)
	if r.bad {
		return ent{}, false
	}
	e.actionType = str(built.Props["actionType"])
	if r.check && e.actionType != "" {
		im.actions[id] = e.actionType
	}
	e.entity = &built
	return e, true
}

// lookup memoizes find under key.
func (im *TableImport) lookup(key string, find func() (string, string, bool)) (string, string, bool) {
	if r, ok := im.resolved[key]; ok {
		return r.id, r.why, r.ok
	}
	id, why, ok := find()
	im.resolved[key] = resolution{id, why, ok}
	return id, why, ok
}

// resolve runs one resolve step.
func (im *TableImport) resolve(r *rowCtx, part string, s *tablemap.Resolve) (ent, bool) {
	var id, why, raw string
	var ok bool
	switch {
	case s.Cited != nil:
		key := im.eval(r, part+".cited.key", &s.Cited.Key)
		raw = key
		var kinds []schema.Kind
		for _, k := range s.Kinds {
			kinds = append(kinds, schema.Kind(k))
		}
		if len(kinds) == 0 {
			kinds = []schema.Kind{schema.Government, schema.Agency}
		}
		id, why, ok = im.lookup(part+"\x00"+key, func() (string, string, bool) {
			id, ok := im.known.Cited(s.Cited.Source, key, schema.RelType(s.Cited.Claims), kinds)
			return id, fmt.Sprintf("the graph cites %s for %s (%s)", key, id, s.Cited.Source), ok
		})
	case s.Alias != nil:
		raw = im.eval(r, part+".alias", s.Alias)
		id, why, ok = im.lookup(part+"\x00"+raw, func() (string, string, bool) { return im.known.Alias(raw) })
	case s.Name != nil:
		var kinds []schema.Kind
		for _, k := range s.Kinds {
			kinds = append(kinds, schema.Kind(k))
		}
		country := ""
		if s.Country != nil {
			country = im.eval(r, part+".country", s.Country)
		}
		raw = im.eval(r, part+".name", s.Name)
		id, why, ok = im.lookup(part+"\x00"+raw+"\x00"+country, func() (string, string, bool) { return im.known.Resolve(kinds, raw, country) })
	case s.ID != nil:
		id = im.eval(r, part+".id", s.ID)
		raw = id
		_, ok = im.known.Has(id)
		why = "an entity of this id another input holds"
	}
	if !ok || r.bad {
		return ent{}, false
	}
	kind, _ := im.known.Has(id)
	im.noteMerge(r, part, raw, id, why)
	return ent{id: id, kind: kind, actionType: im.known.ActionType(id)}, true
}

// noteMerge reports a row's entity resolved to one the graph holds, once
// for each entity and reason: the row, the mapping's entity and what it
// was found by.
func (im *TableImport) noteMerge(r *rowCtx, part, raw, id, why string) {
	if !r.check || im.merged[id+"\x00"+why] {
		return
	}
	im.merged[id+"\x00"+why] = true
	as, _, _ := strings.Cut(strings.TrimPrefix(part, "entities."), ".")
	im.report.merge(r.at.String(), fmt.Sprintf("%s %q", as, raw), id, why)
}

// government is the government of the state the definition names: the
// alias table's, the graph's, or one this import creates under survgraph's
// conventions.
func (im *TableImport) government(r *rowCtx, part string, spec *tablemap.Entity) (ent, bool) {
	code := im.eval(r, part+".government", spec.Government)
	if code == "" || r.bad {
		return ent{}, false
	}
	if err := schema.CheckCountry(code); err != nil {
		im.problem(r, part+".government", "%v", err)
		return ent{}, false
	}
	name := datasets.GovernmentName(code)
	id, why, known := im.lookup(part+"\x00"+code, func() (string, string, bool) {
		if id, why, ok := im.known.Alias(name); ok {
			if k, _ := im.known.Has(id); k == schema.Government {
				return id, why, true
			}
		}
		id := datasets.GovernmentID(code)
		_, ok := im.known.Has(id)
		return id, "the government of " + datasets.CountryName(code), ok
	})
	if known {
		k, _ := im.known.Has(id)
		im.noteMerge(r, part, code, id, why)
		return ent{id: id, kind: k}, true
	}
	if r.check {
		im.created[id] = schema.Government
	}
	if r.emitted[id] || !r.build {
		return ent{id: id, kind: schema.Government, created: true}, true
	}
	e := schema.Entity{ID: id, Kind: schema.Government, Props: map[string]any{"name": name, "country": code},
		Citations: []schema.Citation{im.citation(r, part, spec.Citation, nil)}}
	return ent{id: id, kind: schema.Government, created: true, entity: &e}, true
}

// build makes a created entity's fields and citation.
func (im *TableImport) build(r *rowCtx, part string, spec *tablemap.Entity, id string, kind schema.Kind) schema.Entity {
	e := schema.Entity{ID: id, Kind: kind, Props: map[string]any{}, Placeholder: spec.Placeholder}
	set := func(name string, v *tablemap.Value) {
		if s := im.eval(r, part+"."+name, v); s != "" {
			e.Props[name] = s
		}
	}
	set("name", spec.Name)
	set("country", spec.Country)
	set("description", spec.Description)
	var aliases []string
	for i := range spec.Aliases {
		list, err := spec.Aliases[i].EvalList(r.data)
		if err != nil {
			im.problem(r, part+".aliases", "%v", err)
		}
		for _, a := range list {
			if a != e.Name() && !slices.Contains(aliases, a) {
				aliases = append(aliases, a)
			}
		}
	}
	if len(aliases) > 0 {
		e.Props["aliases"] = aliases
	}
	ks := kind.Spec()
	for name, v := range spec.Fields {
		f, _ := ks.Field(name)
		if f.Type == schema.StringList {
			list, err := v.EvalList(r.data)
			if err != nil {
				im.problem(r, part+".fields."+name, "%v", err)
			}
			if len(list) > 0 {
				e.Props[name] = list
			}
			continue
		}
		s := im.eval(r, part+".fields."+name, &v)
		if s == "" {
			continue
		}
		if f.Type == schema.DateField {
			d, err := schema.ParseDate(s)
			if err != nil {
				im.problem(r, part+".fields."+name, "%v", err)
				continue
			}
			e.Props[name] = d
			continue
		}
		e.Props[name] = s
	}
	e.Citations = []schema.Citation{im.citation(r, part, spec.Citation, nil)}
	return e
}

// citation is a record's citation of its row's Source; group, for a merged
// claim, is the rows that share the citation's quote.
func (im *TableImport) citation(r *rowCtx, part string, spec *tablemap.Citation, data tablemap.Data) schema.Citation {
	c := schema.Citation{Source: r.cite, Stance: schema.Supports}
	if spec == nil {
		return c
	}
	if data == nil {
		data = groupData(r.data, []tablemap.Data{r.data})
	}
	eval := func(what string, v *tablemap.Value) string {
		if v == nil {
			return ""
		}
		s, err := v.Eval(data)
		if err != nil {
			im.problem(r, part+".citation."+what, "%v", err)
		}
		return s
	}
	c.Quote = datasets.Cut(datasets.Clean(eval("quote", spec.Quote)), schema.MaxQuoteLen)
	c.Locator = datasets.Cut(datasets.Clean(eval("locator", spec.Locator)), schema.MaxStringLen)
	return c
}

// groupData is what a template over merged rows sees: the first row's
// columns, and _rows, _first and _count. A row alone is its own group: its
// map takes the names, rather than a copy of it.
func groupData(first tablemap.Data, rows []tablemap.Data) tablemap.Data {
	d := first
	if len(rows) > 1 {
		d = make(tablemap.Data, len(first)+8)
		for k, v := range first {
			d[k] = v
		}
	}
	d["_rows"], d["_first"], d["_count"] = rows, first, strconv.Itoa(len(rows))
	return d
}

// claim is a relationship its rows make, merged.
type claim struct {
	spec     *tablemap.Relationship
	at       At
	rel      schema.Relationship
	row      *rowCtx
	rows     []tablemap.Data
	cites    []citeKey // in the order of their first row
	byCite   map[citeKey][]tablemap.Data
	amount   int64
	priced   int
	quantity int
	currency string
}

// citeKey is one citation of a claim: a Source and a quote.
type citeKey struct{ source, quote string }

// relationship makes the row's relationship of definition i, or adds the
// row to the claim it merges into.
func (im *TableImport) relationship(r *rowCtx, i int, rel func(At, schema.Relationship) error) error {
	spec := &im.m.Relationships[i]
	part := fmt.Sprintf("relationships[%d]", i)
	if !im.truth(r, part+".when", &spec.When) || r.bad {
		return nil
	}
	from, to, ok := im.relEnds(r, part, spec)
	if !ok {
		return nil
	}
	key, ok := im.relKey(r, part, spec)
	if !ok {
		return nil
	}
	t := schema.RelType(spec.Type)
	x := schema.Relationship{ID: schema.RelationshipID(from.id, t, to.id, key), Type: t, From: from.id, To: to.id}
	im.relFields(r, part, spec, &x)
	m := im.relMeasures(r, part, spec)
	x.Share = m.share
	if r.bad {
		return nil
	}
	if spec.Merge {
		if r.check {
			im.mergeRow(r, part, spec, x, m.amount, m.priced, m.currency, m.quantity)
		}
		return nil
	}
	x.Amount, x.Currency, x.Quantity = m.amount, m.currency, m.quantity
	if m.amount == 0 {
		x.Currency = ""
	}
	at := At{File: r.at.File, Line: r.at.Line, Part: part}
	c := &claim{spec: spec, at: at, rel: x, row: r, rows: []tablemap.Data{r.data}}
	c.addCite(im, r, part)
	out, ok := im.finish(c)
	if !ok || rel == nil {
		return nil
	}
	return rel(at, out)
}

// relEnds are the row's entities that the relationship joins; a row that
// lacks one is skipped, and the check pass says so.
func (im *TableImport) relEnds(r *rowCtx, part string, spec *tablemap.Relationship) (from, to ent, ok bool) {
	from, okF := r.ents[spec.From]
	to, okT := r.ents[spec.To]
	if okF && okT {
		return from, to, true
	}
	if r.check {
		missing := spec.From
		if okF {
			missing = spec.To
		}
		im.report.skip(r.at.String(), fmt.Sprintf("%s %s: the row gives no %s", part, spec.Type, missing))
	}
	return from, to, false
}

// relKey is the key that tells apart relationships of one type between the
// same ends; it is false when the key is not a valid id.
func (im *TableImport) relKey(r *rowCtx, part string, spec *tablemap.Relationship) (string, bool) {
	key := im.eval(r, part+".key", spec.Key)
	if key != "" {
		if err := schema.CheckID(key); err != nil {
			im.problem(r, part+".key", "%v (use slug)", err)
			return "", false
		}
	}
	return key, true
}

// relFields sets x's status, basis, role, period and product from the row.
func (im *TableImport) relFields(r *rowCtx, part string, spec *tablemap.Relationship, x *schema.Relationship) {
	x.Status = schema.ClaimStatus(im.eval(r, part+".status", spec.Status))
	x.Basis = schema.Basis(im.eval(r, part+".basis", spec.Basis))
	x.Role = im.eval(r, part+".role", spec.Role)
	for _, d := range []struct {
		name string
		v    *tablemap.Value
		into *schema.Date
	}{{"start", spec.Start, &x.Period.Start}, {"end", spec.End, &x.Period.End}} {
		if s := im.eval(r, part+"."+d.name, d.v); s != "" {
			v, err := schema.ParseDate(s)
			if err != nil {
				im.problem(r, part+"."+d.name, "%v", err)
			}
			*d.into = v
		}
	}
	if spec.Product != "" {
		if p, ok := r.ents[spec.Product]; ok {
			x.Product = p.id
		}
	}
}

// measures are a row's amount, currency, quantity and share of a claim.
type measures struct {
	amount   int64
	priced   bool // the row gives an amount
	currency string
	quantity int
	share    float64
}

// relMeasures reads the row's measures, reporting those that are not numbers.
func (im *TableImport) relMeasures(r *rowCtx, part string, spec *tablemap.Relationship) measures {
	amount := im.eval(r, part+".amount", spec.Amount)
	currency := im.eval(r, part+".currency", spec.Currency)
	quantity := im.eval(r, part+".quantity", spec.Quantity)
	share := im.eval(r, part+".share", spec.Share)
	m := measures{priced: amount != "", currency: currency}
	if amount != "" {
		var err error
		if m.amount, err = strconv.ParseInt(amount, 10, 64); err != nil || m.amount < 0 {
			im.problem(r, part+".amount", "%q is not a whole, positive amount", amount)
		}
	}
	if quantity != "" {
		var err error
		if m.quantity, err = strconv.Atoi(quantity); err != nil || m.quantity < 0 {
			im.problem(r, part+".quantity", "%q is not a whole number", quantity)
		}
	}
	if share != "" {
		v, err := strconv.ParseFloat(strings.TrimSuffix(share, "%"), 64)
		if err != nil {
			im.problem(r, part+".share", "%q is not a percentage", share)
		}
		m.share = v
	}
	return m
}

// addCite files the row under its citation: its Source and its quote.
func (c *claim) addCite(im *TableImport, r *rowCtx, part string) {
	k := citeKey{source: r.cite}
	if c.spec.Citation != nil && c.spec.Citation.Quote != nil {
		k.quote = im.eval(r, part+".citation.quote", c.spec.Citation.Quote)
	}
	if c.byCite == nil {
		c.byCite = map[citeKey][]tablemap.Data{}
	}
	if _, ok := c.byCite[k]; !ok {
		c.cites = append(c.cites, k)
	}
	c.byCite[k] = append(c.byCite[k], r.data)
}

// mergeRow adds a row to the claim of its id, which its first row opened:
// the period widens, amounts and quantities add up.
func (im *TableImport) mergeRow(r *rowCtx, part string, spec *tablemap.Relationship, x schema.Relationship, amount int64, priced bool, currency string, q int) {
	c := im.claims[x.ID]
	if c == nil {
		c = &claim{spec: spec, at: At{File: r.at.File, Line: r.at.Line, Part: part}, rel: x, row: r}
		im.claims[x.ID] = c
		im.order = append(im.order, x.ID)
	} else {
		p := &c.rel.Period
		if !x.Period.Start.IsZero() && (p.Start.IsZero() || x.Period.Start.Earliest().Before(p.Start.Earliest())) {
			p.Start = x.Period.Start
		}
		if !x.Period.End.IsZero() && (p.End.IsZero() || x.Period.End.Latest().After(p.End.Latest())) {
			p.End = x.Period.End
		}
		if x.Status != c.rel.Status || x.Basis != c.rel.Basis || x.Role != c.rel.Role || x.Product != c.rel.Product {
			im.problem(r, part, "rows %d and %d make the claim %s with a different status, basis, role or product", c.at.Line, r.at.Line, x.ID)
		}
	}
	c.rows = append(c.rows, r.data)
	if priced && amount > 0 {
		c.amount += amount
		c.priced++
		if currency != "" && c.currency != "" && currency != c.currency {
			im.problem(r, part+".currency", "the claim %s sums amounts in %s and %s", x.ID, c.currency, currency)
		}
		if currency != "" {
			c.currency = currency
		}
	}
	c.quantity += q
	c.addCite(im, r, part)
}

// finish makes a claim's relationship: its summary and citations over its
// rows. ok is false when a template failed, which the check reports.
func (im *TableImport) finish(c *claim) (schema.Relationship, bool) {
	r := c.rel
	spec := c.spec
	if spec.Merge {
		r.Amount, r.Currency, r.Quantity = c.amount, c.currency, c.quantity
		if r.Amount == 0 {
			r.Currency = ""
		}
		if !r.Period.Valid() {
			r.Period.End = schema.Date{}
		}
	}
	data := im.claimData(c, r, c.rows)
	row := *c.row
	row.bad = false
	if spec.Summary != nil {
		s, err := spec.Summary.Eval(data)
		if err != nil {
			im.problem(&row, c.at.Part+".summary", "%v", err)
		}
		r.Summary = s
	}
	for _, k := range c.cites {
		d := im.claimData(c, r, c.byCite[k])
		row.cite = k.source
		cite := im.citation(&row, c.at.Part, spec.Citation, d)
		cite.Quote = datasets.Cut(datasets.Clean(k.quote), schema.MaxQuoteLen)
		r.Citations = append(r.Citations, cite)
	}
	return r, !row.bad
}

// claimData is what a claim's templates see: the rows', and the claim's
// merged values (_start, _end, _amount, _priced, _quantity).
func (im *TableImport) claimData(c *claim, r schema.Relationship, rows []tablemap.Data) tablemap.Data {
	d := groupData(rows[0], rows)
	d["_start"], d["_end"] = r.Period.Start.String(), r.Period.End.String()
	d["_amount"], d["_priced"], d["_quantity"] = "", strconv.Itoa(c.priced), strconv.Itoa(r.Quantity)
	if r.Amount != 0 {
		d["_amount"] = strconv.FormatInt(r.Amount, 10)
	}
	d["_claimRows"] = strconv.Itoa(len(c.rows))
	return d
}

// readProgress prints a line every 100,000 rows or records read before the
// writes, so that someone watching a long file knows it moves; the writes
// have their own (loader's).
type readProgress struct {
	w     io.Writer
	n     int
	began time.Time
}

func newReadProgress(w io.Writer, check bool) *readProgress {
	if !check {
		w = nil
	}
	return &readProgress{w: w, began: time.Now()}
}

func (p *readProgress) row() {
	p.n++
	if p.w != nil && p.n%100000 == 0 {
		fmt.Fprintf(p.w, "  %d read (%.0f/s)\n", p.n, float64(p.n)/time.Since(p.began).Seconds())
	}
}

func (p *readProgress) done() {
	if p.w != nil && p.n >= 100000 {
		fmt.Fprintf(p.w, "  %d read\n", p.n)
	}
}
