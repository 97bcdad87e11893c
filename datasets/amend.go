package datasets

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// Amend applies the curated corrections (schema.Amendment, from
// seed/corrections) to the imports, in file order, after the import and
// before validation: each amended record says so and why, and each import's
// report lists them. A correction that names a record no import holds fails,
// naming its file and line, and nothing is amended. Applied to a fresh
// import every time, corrections are idempotent.
func Amend(imports []*Import, amendments []schema.Amendment) error {
	var ps []string
	for _, a := range amendments {
		if err := amend(imports, a); err != nil {
			ps = append(ps, fmt.Sprintf("%s:%d: %v", a.File, a.Line, err))
		}
	}
	if len(ps) > 0 {
		return fmt.Errorf("%d correction(s) do not apply; nothing was written:\n  %s", len(ps), strings.Join(ps, "\n  "))
	}
	for _, im := range imports {
		im.Report.Entities, im.Report.Relationships = len(im.Graph.Entities), len(im.Graph.Relationships)
	}
	return nil
}

func amend(imports []*Import, a schema.Amendment) error {
	correction := schema.Correction{Reason: a.Reason, Source: a.Citation.Source}
	for _, id := range a.Targets {
		im, i := findRecord(imports, id, a.OfRelationships)
		if im == nil {
			kind := "entity"
			if a.OfRelationships {
				kind = "relationship"
			}
			return fmt.Errorf("no import holds the %s %q", kind, id)
		}
		if err := apply(imports, im, i, a, correction); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		im.Report.Corrections = append(im.Report.Corrections, fmt.Sprintf("%s %s: %s (%s:%d)", a.Action, id, a.Reason, a.File, a.Line))
	}
	return nil
}

// findRecord finds the import that holds an entity or relationship, and its
// index there.
func findRecord(imports []*Import, id string, rel bool) (*Import, int) {
	for _, im := range imports {
		if rel {
			if i := slices.IndexFunc(im.Graph.Relationships, func(r schema.Relationship) bool { return r.ID == id }); i >= 0 {
				return im, i
			}
		} else if i := slices.IndexFunc(im.Graph.Entities, func(e schema.Entity) bool { return e.ID == id }); i >= 0 {
			return im, i
		}
	}
	return nil, -1
}

func apply(imports []*Import, im *Import, i int, a schema.Amendment, c schema.Correction) error {
	if !a.OfRelationships {
		return applyToEntity(imports, im, i, a, c)
	}
	r := &im.Graph.Relationships[i]
	switch a.Action {
	case schema.AmendSet:
		if err := setRelFields(r, a.Set); err != nil {
			return err
		}
	case schema.AmendStatus:
		r.Status = a.Status
	case schema.AmendRepoint:
		if a.From != "" {
			r.From = a.From
		}
		if a.To != "" {
			r.To = a.To
		}
	case schema.AmendCite:
		r.Citations = append(r.Citations, a.Citation)
	case schema.AmendMerge:
		if into, j := findRecord(imports, a.Into, true); into != nil {
			into.Graph.Relationships[j].Citations = appendCitations(into.Graph.Relationships[j].Citations, r.Citations)
			into.Graph.Relationships[j].Corrections = append(into.Graph.Relationships[j].Corrections, c)
		}
		im.removeRel(i)
		return nil
	case schema.AmendSuppress:
		im.removeRel(i)
		return nil
	default:
		return fmt.Errorf("a correction of relationships cannot %s", a.Action)
	}
	r.Corrections = append(r.Corrections, c)
	return nil
}

func applyToEntity(imports []*Import, im *Import, i int, a schema.Amendment, c schema.Correction) error {
	e := &im.Graph.Entities[i]
	switch a.Action {
	case schema.AmendSet:
		spec := e.Kind.Spec()
		for name, v := range a.Set {
			f, ok := spec.Field(name)
			if !ok {
				return fmt.Errorf("a %s has no field %s", e.Kind, name)
			}
			val, err := schema.CheckValue(f, v)
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			e.Props[name] = val
		}
	case schema.AmendCite:
		e.Citations = append(e.Citations, a.Citation)
	case schema.AmendMerge:
		id := e.ID
		im.removeEntity(i)
		for _, other := range imports {
			other.repointEntity(id, a.Into)
		}
		if into, j := findRecord(imports, a.Into, false); into != nil {
			into.Graph.Entities[j].Corrections = append(into.Graph.Entities[j].Corrections, c)
		}
		return nil
	case schema.AmendSuppress:
		id := e.ID
		im.removeEntity(i)
		for _, other := range imports {
			for j := len(other.Graph.Relationships) - 1; j >= 0; j-- {
				if r := other.Graph.Relationships[j]; r.From == id || r.To == id {
					other.removeRel(j)
				}
			}
		}
		return nil
	default:
		return fmt.Errorf("a correction of entities cannot %s", a.Action)
	}
	e.Corrections = append(e.Corrections, c)
	return nil
}

// setRelFields sets a relationship's fields from text, as the YAML gives
// them.
func setRelFields(r *schema.Relationship, set map[string]string) error {
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		v := set[name]
		switch name {
		case "summary":
			r.Summary = v
		case "start", "end":
			d, err := schema.ParseDate(v)
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			if name == "start" {
				r.Period.Start = d
			} else {
				r.Period.End = d
			}
		case "basis":
			if !schema.ValidBasis(schema.Basis(v)) {
				return fmt.Errorf("basis %q is not one of the bases", v)
			}
			r.Basis = schema.Basis(v)
		case "role":
			r.Role = v
		default:
			return fmt.Errorf("a correction cannot set a relationship's %s", name)
		}
	}
	return nil
}

func appendCitations(to, more []schema.Citation) []schema.Citation {
	for _, c := range more {
		if !slices.ContainsFunc(to, func(x schema.Citation) bool { return x.Source == c.Source && x.Quote == c.Quote }) {
			to = append(to, c)
		}
	}
	return to
}

// removeRel drops relationship i, with its record number.
func (im *Import) removeRel(i int) {
	im.Graph.Relationships = slices.Delete(im.Graph.Relationships, i, i+1)
	if i < len(im.RelRecords) {
		im.RelRecords = slices.Delete(im.RelRecords, i, i+1)
	}
}

// removeEntity drops entity i, with its record number.
func (im *Import) removeEntity(i int) {
	im.Graph.Entities = slices.Delete(im.Graph.Entities, i, i+1)
	if i < len(im.EntityRecords) {
		im.EntityRecords = slices.Delete(im.EntityRecords, i, i+1)
	}
}

// repointEntity makes every reference to the entity from refer to into:
// relationships' ends and products, and citations of a merged Source.
func (im *Import) repointEntity(from, into string) {
	swap := func(id *string) {
		if *id == from {
			*id = into
		}
	}
	cites := func(cs []schema.Citation) {
		for k := range cs {
			swap(&cs[k].Source)
		}
	}
	for i := range im.Graph.Relationships {
		r := &im.Graph.Relationships[i]
		swap(&r.From)
		swap(&r.To)
		swap(&r.Product)
		cites(r.Citations)
	}
	for i := range im.Graph.Entities {
		cites(im.Graph.Entities[i].Citations)
	}
}
