package loader

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// Validate reads the given files of fsys and checks the whole input: each
// value against the schema, then everything across files (duplicate ids,
// references, endpoint kinds, cycles, dates in the future). It returns the
// graph, or a *[ValidationError] listing every problem at once. now is the
// day after which dates count as in the future.
func Validate(fsys fs.FS, files []string, now time.Time) (schema.Graph, error) {
	return ValidateIn("", fsys, files, now)
}

// ValidateIn is [Validate] for files that a person knows under the folder
// dir: every problem names its file as dir/file, so it can be opened as
// printed.
func ValidateIn(dir string, fsys fs.FS, files []string, now time.Time) (schema.Graph, error) {
	return ValidateWith(dir, fsys, files, now)
}

// Part is an input that does not come from YAML files, such as an imported
// dataset. It is checked together with the YAML input, so references between
// them resolve, and problems name File and the record's number in it.
type Part struct {
	File          string
	Graph         schema.Graph
	EntityRecords []int // for each entity, its record number in File; may be nil
	RelRecords    []int // for each relationship, its record number in File; may be nil
}

// ValidateWith is [ValidateIn] for YAML files plus parts from elsewhere:
// everything is checked together, and nothing is returned unless all of it
// is valid. It returns the YAML files' graph; each part keeps its own.
func ValidateWith(dir string, fsys fs.FS, files []string, now time.Time, parts ...Part) (schema.Graph, error) {
	var ps problems
	var entities []entityRecord
	var rels []relRecord
	var amends []amendRecord
	for _, f := range files {
		doc := parseFile(fsys, f, path.Join(dir, f), &ps)
		entities = append(entities, doc.entities...)
		rels = append(rels, doc.rels...)
		amends = append(amends, doc.amendments...)
	}
	yamlEntities, yamlRels := len(entities), len(rels)
	for _, p := range parts {
		pe, pr := partRecords(p, &ps)
		entities = append(entities, pe...)
		rels = append(rels, pr...)
	}
	byID := checkGraph(entities, rels, now, &ps)
	checkAmendments(amends, byID, &ps)
	if len(ps) > 0 {
		return schema.Graph{}, &ValidationError{Problems: ps.sorted()}
	}
	g := schema.Graph{
		Entities:      make([]schema.Entity, yamlEntities),
		Relationships: make([]schema.Relationship, yamlRels),
	}
	for i := range g.Entities {
		g.Entities[i] = entities[i].Entity
	}
	for i := range g.Relationships {
		g.Relationships[i] = rels[i].Relationship
	}
	for _, a := range amends {
		g.Amendments = append(g.Amendments, a.Amendment)
	}
	return g, nil
}

// CheckPart checks a part's records on their own, without the references
// between them and other inputs that [ValidateWith] also checks: values,
// citations, statuses, periods, amounts.
func CheckPart(p Part) error {
	var ps problems
	partRecords(p, &ps)
	if len(ps) > 0 {
		return &ValidationError{Problems: ps.sorted()}
	}
	return nil
}

// partRecords turns a part into records, checking each the way the YAML
// parser checks what it reads.
func partRecords(p Part, ps *problems) ([]entityRecord, []relRecord) {
	entities := make([]entityRecord, 0, len(p.Graph.Entities))
	for i, e := range p.Graph.Entities {
		rec := entityRecord{Entity: e, at: pos{p.File, recordAt(p.EntityRecords, i)}, field: fmt.Sprintf("entities[%d]", i)}
		checkProps(rec, ps)
		if len(e.Citations) == 0 && e.Kind != schema.Source {
			ps.add(rec.at.file, rec.at.line, rec.field+".citations", "missing: every entity needs at least one citation")
		}
		checkCitationValues(e.Citations, rec.at, rec.field, ps)
		entities = append(entities, rec)
	}
	rels := make([]relRecord, 0, len(p.Graph.Relationships))
	for i, r := range p.Graph.Relationships {
		rec := relRecord{Relationship: r, at: pos{p.File, recordAt(p.RelRecords, i)}, field: fmt.Sprintf("relationships[%d]", i)}
		at, field := rec.at, rec.field
		if len(r.Citations) == 0 {
			ps.add(at.file, at.line, field+".citations", "missing: every relationship needs at least one citation")
		}
		checkCitationValues(r.Citations, at, field, ps)
		if r.Status.Rank() < 0 {
			ps.add(at.file, at.line, field+".status", "unknown status %q", r.Status)
		}
		if r.Summary != "" {
			if err := schema.CheckText(r.Summary, schema.MaxTextLen); err != nil {
				ps.add(at.file, at.line, field+".summary", "%v", err)
			}
		}
		if (r.Amount != 0) != (r.Currency != "") || r.Amount < 0 || (r.Currency != "" && !currencyRE.MatchString(r.Currency)) {
			ps.add(at.file, at.line, field+".amount", "amount %d with currency %q: give a positive amount and an ISO 4217 code, or neither", r.Amount, r.Currency)
		}
		if !r.Period.Valid() {
			ps.add(at.file, at.line, field+".start", "start %s is after end %s", r.Period.Start, r.Period.End)
		}
		// Code that builds records knows what they rest on: no default.
		if !schema.ValidBasis(r.Basis) {
			ps.add(at.file, at.line, field+".basis", "basis %q: a record built by code gives one of %s", r.Basis, basisNames())
		}
		if r.Quantity < 0 {
			ps.add(at.file, at.line, field+".quantity", "quantity %d is negative", r.Quantity)
		}
		if err := CheckShare(r.Share); err != nil {
			ps.add(at.file, at.line, field+".share", "%v", err)
		}
		if err := schema.CheckLine(r.Role, schema.MaxStringLen); err != nil {
			ps.add(at.file, at.line, field+".role", "%v", err)
		}
		for _, id := range []string{r.From, r.To} {
			if err := schema.CheckID(id); err != nil {
				ps.add(at.file, at.line, field, "%v", err)
			}
		}
		rels = append(rels, rec)
	}
	return entities, rels
}

// checkCitationValues checks what the YAML parser checks of each citation it
// reads: a known stance, and quotes and locators of acceptable text.
func checkCitationValues(cites []schema.Citation, at pos, field string, ps *problems) {
	for i, c := range cites {
		cf := fmt.Sprintf("%s.citations[%d]", field, i)
		if !validStance(string(c.Stance)) {
			ps.add(at.file, at.line, cf+".stance", "unknown stance %q", c.Stance)
		}
		if err := schema.CheckText(c.Quote, schema.MaxQuoteLen); err != nil {
			ps.add(at.file, at.line, cf+".quote", "%v", err)
		}
		if err := schema.CheckLine(c.Locator, schema.MaxStringLen); err != nil {
			ps.add(at.file, at.line, cf+".locator", "%v", err)
		}
	}
}

// lineAt is the line of citation i, or the record's line for records built by
// code, which have no line per citation.
func lineAt(lines []int, i, record int) int {
	if i < len(lines) {
		return lines[i]
	}
	return record
}

func recordAt(records []int, i int) int {
	if i < len(records) {
		return records[i]
	}
	return 0
}

// checkProps checks the values of an entity built by code rather than read
// from YAML, against the same schema.
func checkProps(e entityRecord, ps *problems) {
	if err := schema.CheckID(e.ID); err != nil {
		ps.add(e.at.file, e.at.line, e.field+".id", "%v", err)
	}
	spec, ok := schema.KindByName(string(e.Kind))
	if !ok {
		ps.add(e.at.file, e.at.line, e.field+".kind", "unknown kind %q", e.Kind)
		return
	}
	for name, v := range e.Props {
		f, ok := spec.Field(name)
		if !ok {
			ps.add(e.at.file, e.at.line, e.field+"."+name, "unknown field for kind %s", spec.Kind)
			continue
		}
		if d, isDate := v.(schema.Date); isDate {
			v = d.String()
		}
		if _, err := schema.CheckValue(f, v); err != nil {
			ps.add(e.at.file, e.at.line, e.field+"."+name, "%v", err)
		}
	}
	for _, f := range spec.AllFields() {
		if _, ok := e.Props[f.Name]; f.Required && !ok {
			ps.add(e.at.file, e.at.line, e.field+"."+f.Name, "missing required field")
		}
	}
}

// checkGraph checks everything across records and returns the entities by
// id.
func checkGraph(entities []entityRecord, rels []relRecord, now time.Time, ps *problems) map[string]*entityRecord {
	byID := indexEntities(entities, ps)
	for i := range entities {
		checkEntityAcross(&entities[i], byID, now, ps)
	}
	relByID := make(map[string]*relRecord, len(rels))
	for i := range rels {
		r := &rels[i]
		if first, dup := relByID[r.ID]; dup {
			ps.add(r.at.file, r.at.line, r.field,
				"a %s relationship from %q to %q is already defined at %s:%d; give one of them a distinct key",
				r.Type, r.From, r.To, first.at.file, first.at.line)
			continue
		}
		relByID[r.ID] = r
		checkRelationshipAcross(r, byID, now, ps)
	}
	checkOwnershipCycles(rels, ps)
	return byID
}

// indexEntities returns the entities by id, reporting every id defined
// twice at the second definition.
func indexEntities(entities []entityRecord, ps *problems) map[string]*entityRecord {
	byID := make(map[string]*entityRecord, len(entities))
	for i := range entities {
		e := &entities[i]
		if first, dup := byID[e.ID]; dup {
			ps.add(e.at.file, e.lineOf("id"), e.field+".id",
				"duplicate id %q: already defined at %s:%d", e.ID, first.at.file, first.lineOf("id"))
			continue
		}
		byID[e.ID] = e
	}
	return byID
}

// checkEntityAcross checks an entity's citations against the other records,
// and its dates against now.
func checkEntityAcross(e *entityRecord, byID map[string]*entityRecord, now time.Time, ps *problems) {
	if _, ok := schema.KindByName(string(e.Kind)); !ok {
		return // reported where it was read
	}
	checkCitations(e.Citations, e.citeLines, e.at, e.field, byID, ps)
	for _, f := range e.Kind.Spec().AllFields() {
		if d, ok := e.Props[f.Name].(schema.Date); ok && d.Earliest().After(now) {
			ps.add(e.at.file, e.lineOf(f.Name), e.field+"."+f.Name, "date %s is in the future", d)
		}
	}
}

// checkRelationshipAcross checks a relationship's citations, its ends and
// product against the entities, its dates against now, and the status its
// basis allows. A relationship with no basis gets the one its sources imply.
func checkRelationshipAcross(r *relRecord, byID map[string]*entityRecord, now time.Time, ps *problems) {
	checkCitations(r.Citations, r.citeLines, r.at, r.field, byID, ps)
	for _, d := range []struct {
		name string
		date schema.Date
	}{{"start", r.Period.Start}, {"end", r.Period.End}} {
		if !d.date.IsZero() && d.date.Earliest().After(now) {
			ps.add(r.at.file, r.lineOf(d.name), r.field+"."+d.name, "date %s is in the future", d.date)
		}
	}
	if _, ok := schema.RelTypeByName(string(r.Type)); !ok {
		return // reported while parsing
	}
	from, to, ok := relEnds(r, byID, ps)
	if !ok {
		return
	}
	for _, p := range CheckEnds(r.Relationship, from.Entity, to.Entity) {
		ps.add(r.at.file, r.lineOf(p.Field), r.field+"."+p.Field, "%s", p.Message)
	}
	if r.Basis == "" {
		r.Basis = defaultBasis(r.Citations, byID)
	}
	if allowed, why := schema.AllowedStatus(r.Type, r.Basis, r.Status); allowed != r.Status {
		ps.add(r.at.file, r.lineOf("status"), r.field+".status",
			"%s on basis %s is at most %s: %s", r.Type, r.Basis, allowed, why)
	}
}

// relEnds returns the entities a relationship joins, reporting ids that no
// entity has, and a product that is missing or not a product. ok is false
// unless both ends exist.
func relEnds(r *relRecord, byID map[string]*entityRecord, ps *problems) (from, to *entityRecord, ok bool) {
	from, fromOK := byID[r.From]
	to, toOK := byID[r.To]
	if !fromOK && r.From != "" {
		ps.add(r.at.file, r.lineOf("from"), r.field+".from", "no entity has id %q", r.From)
	}
	if !toOK && r.To != "" {
		ps.add(r.at.file, r.lineOf("to"), r.field+".to", "no entity has id %q", r.To)
	}
	if r.Product != "" {
		switch p, ok := byID[r.Product]; {
		case !ok:
			ps.add(r.at.file, r.lineOf("product"), r.field+".product", "no entity has id %q", r.Product)
		case p.Kind != schema.Product:
			ps.add(r.at.file, r.lineOf("product"), r.field+".product", "%q is a %s, not a product", r.Product, p.Kind)
		}
	}
	return from, to, fromOK && toOK
}

// EndProblem is a relationship's problem with its ends, in its field.
type EndProblem struct{ Field, Message string }

// CheckEnds checks a relationship against the entities it joins: not one
// entity to itself, kinds its type joins, a role where the type needs one
// and none where it takes none, a share only where the type takes one, and
// a legal action of the type a measure needs. Imports that hold no whole
// graph check each relationship with it as they read.
func CheckEnds(r schema.Relationship, from, to schema.Entity) []EndProblem {
	var out []EndProblem
	add := func(field, format string, args ...any) {
		out = append(out, EndProblem{field, fmt.Sprintf(format, args...)})
	}
	if r.From == r.To {
		add("to", "a relationship cannot join %q to itself", r.From)
	}
	spec, ok := schema.RelTypeByName(string(r.Type))
	if !ok {
		return append(out, EndProblem{"type", fmt.Sprintf("unknown relationship type %q", r.Type)})
	}
	if !spec.Allows(from.Kind, to.Kind) {
		add("type", "%s cannot go from a %s to a %s; it joins %s", r.Type, from.Kind, to.Kind, joins(spec))
		return out
	}
	switch may, must := spec.TakesRole(to.Kind); {
	case must && r.Role == "":
		add("role", "%s to a %s gives the %s's role, such as \"network operator\"", r.Type, to.Kind, to.Kind)
	case !may && r.Role != "":
		add("role", "%s to a %s takes no role", r.Type, to.Kind)
	}
	if r.Share != 0 && !spec.Share {
		add("share", "%s takes no share; only %s", r.Type, shareTypes())
	}
	if len(spec.FromActionTypes) > 0 {
		at, _ := from.Props["actionType"].(string)
		if !slices.Contains(spec.FromActionTypes, at) {
			add("from", "%s needs a legal action of type %s; %q is of type %s", r.Type, strings.Join(spec.FromActionTypes, ", "), r.From, at)
		}
	}
	return out
}

// defaultBasis is the basis of a claim that gives none, from its supporting
// citations' sources (schema.DefaultBasis).
func defaultBasis(cites []schema.Citation, byID map[string]*entityRecord) schema.Basis {
	var types []string
	for _, c := range cites {
		if src, ok := byID[c.Source]; ok && c.Stance == schema.Supports {
			t, _ := src.Props["sourceType"].(string)
			types = append(types, t)
		}
	}
	return schema.DefaultBasis(types)
}

func checkCitations(cites []schema.Citation, lines []int, at pos, field string, byID map[string]*entityRecord, ps *problems) {
	file := at.file
	type key struct{ source, quote string }
	seen := map[key]bool{}
	for i, c := range cites {
		cf := fmt.Sprintf("%s.citations[%d]", field, i)
		if c.Source == "" {
			continue // reported while parsing
		}
		k := key{c.Source, c.Quote}
		if seen[k] {
			ps.add(file, lineAt(lines, i, at.line), cf, "duplicate citation: the same source and quote are cited twice")
		}
		seen[k] = true
		src, ok := byID[c.Source]
		switch {
		case !ok:
			ps.add(file, lineAt(lines, i, at.line), cf+".source", "no source has id %q", c.Source)
		case src.Kind != schema.Source:
			ps.add(file, lineAt(lines, i, at.line), cf+".source", "%q is a %s, not a source", c.Source, src.Kind)
		}
	}
}

// checkOwnershipCycles rejects SUBSIDIARY_OF chains that come back on
// themselves: a company cannot own itself, and supply-chain queries walk
// these chains.
func checkOwnershipCycles(rels []relRecord, ps *problems) {
	parent := map[string][]*relRecord{}
	for i := range rels {
		if rels[i].Type == schema.SubsidiaryOf {
			parent[rels[i].From] = append(parent[rels[i].From], &rels[i])
		}
	}
	const (
		unvisited = iota
		onPath
		done
	)
	state := map[string]int{}
	var visit func(id string) *relRecord
	visit = func(id string) *relRecord {
		state[id] = onPath
		for _, r := range parent[id] {
			switch state[r.To] {
			case onPath:
				return r
			case unvisited:
				if c := visit(r.To); c != nil {
					return c
				}
			}
		}
		state[id] = done
		return nil
	}
	ids := make([]string, 0, len(parent))
	for id := range parent {
		ids = append(ids, id)
	}
	sort.Strings(ids) // report the same cycle on every run
	for _, id := range ids {
		if state[id] == unvisited {
			if r := visit(id); r != nil {
				ps.add(r.at.file, r.at.line, r.field, "SUBSIDIARY_OF cycle: %q leads back to itself through %q", r.To, r.From)
				return
			}
		}
	}
}

// CheckShare checks a share in percent: 0 (unknown) or above 0 and at most
// 100.
func CheckShare(share float64) error {
	if share < 0 || share > 100 || share != share {
		return fmt.Errorf("share %v is not a percentage above 0 and at most 100", share)
	}
	return nil
}

// shareTypes names the relationship types that take a share.
func shareTypes() string {
	var names []string
	for _, r := range schema.RelTypes {
		if r.Share {
			names = append(names, string(r.Type))
		}
	}
	return strings.Join(names, ", ")
}

// joins says which kinds a relationship type joins, for messages.
func joins(spec schema.RelSpec) string {
	var parts []string
	for _, p := range spec.EndPairs() {
		parts = append(parts, kindList(p[0])+" to "+kindList(p[1]))
	}
	return strings.Join(parts, ", or ")
}

func kindList(ks []schema.Kind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// lineOf is the line of a field, or of the whole record when the field's
// own line is unknown (a record built by code).
func (e *entityRecord) lineOf(field string) int {
	if l, ok := e.fieldLines[field]; ok {
		return l
	}
	return e.at.line
}

func (r *relRecord) lineOf(field string) int {
	if l, ok := r.fieldLines[field]; ok {
		return l
	}
	return r.at.line
}
