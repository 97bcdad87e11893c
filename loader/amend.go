package loader

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/survgraph/survgraph/schema"
)

// amendRecord is an amendment as read, with where its citation came from.
type amendRecord struct {
	schema.Amendment
	field     string
	citeLines []int
}

// amendment reads one correction: the records it names (entity, entities,
// relationship or relationships), exactly one action, a reason, and a
// citation (a merge of duplicates may go without).
func (p parser) amendment(n *yaml.Node, field string) (amendRecord, bool) {
	vals, keys, ok := p.fields(n, field)
	if !ok {
		return amendRecord{}, false
	}
	a := amendRecord{field: field}
	a.File, a.Line = p.file, n.Line
	known := map[string]bool{"entity": true, "entities": true, "relationship": true, "relationships": true, "reason": true, "citation": true}
	var actions []string
	for _, act := range schema.AmendActions {
		known[string(act)] = true
		if _, ok := vals[string(act)]; ok {
			actions = append(actions, string(act))
		}
	}
	for _, k := range sortedKeys(keys) {
		if !known[k] {
			p.add(keys[k], field+"."+k, "unknown field; a correction has entity or relationship (or their plurals), one of %s, a reason and a citation", amendActionNames())
		}
	}
	p.amendTargets(n, vals, field, &a)
	if len(actions) != 1 {
		p.add(n, field, "give exactly one action of %s; found %d", amendActionNames(), len(actions))
		return a, false
	}
	a.Action = schema.AmendAction(actions[0])
	p.amendAction(vals[actions[0]], field+"."+actions[0], &a)
	if r, ok, _ := p.scalar(derefOr(vals["reason"]), field+".reason"); ok {
		a.Reason = r
		if err := schema.CheckText(r, schema.MaxTextLen); err != nil {
			p.add(vals["reason"], field+".reason", "%v", err)
		}
	} else {
		p.add(n, field+".reason", "missing required field: say why the record is corrected")
	}
	if c, ok := vals["citation"]; ok {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{c}, Line: c.Line}
		cites, lines := p.citations(seq, field+".citation")
		if len(cites) == 1 {
			a.Citation, a.citeLines = cites[0], lines
		}
	} else if a.Action != schema.AmendMerge {
		p.add(n, field+".citation", "missing required field: the source that shows the correction")
	}
	return a, true
}

func (p parser) amendTargets(n *yaml.Node, vals map[string]*yaml.Node, field string, a *amendRecord) {
	given := 0
	for _, k := range []string{"entity", "entities", "relationship", "relationships"} {
		v, ok := vals[k]
		if !ok {
			continue
		}
		given++
		a.OfRelationships = strings.HasPrefix(k, "relationship")
		if strings.HasSuffix(k, "s") {
			list, _ := p.stringList(v, field+"."+k)
			a.Targets = list
		} else if s, ok, _ := p.scalar(v, field+"."+k); ok {
			a.Targets = []string{s}
		}
		for _, id := range a.Targets {
			parts := []string{id}
			if a.OfRelationships {
				parts = strings.Split(id, ".") // from.type.to[.key]
			}
			for _, part := range parts {
				if err := schema.CheckID(part); err != nil {
					p.add(v, field+"."+k, "%q: %v", id, err)
					break
				}
			}
		}
	}
	if given != 1 || len(a.Targets) == 0 {
		p.add(n, field, "name the corrected records with one of entity, entities, relationship or relationships")
	}
}

// amendAction reads the value of the action key.
func (p parser) amendAction(v *yaml.Node, field string, a *amendRecord) {
	switch a.Action {
	case schema.AmendSet:
		vals, _, ok := p.fields(v, field)
		if !ok {
			return
		}
		a.Set = map[string]string{}
		for _, k := range sortedKeys(vals) {
			if s, ok, _ := p.scalar(vals[k], field+"."+k); ok {
				a.Set[k] = s
			}
			if a.OfRelationships && !slices.Contains(schema.RelSettable, k) {
				p.add(vals[k], field+"."+k, "a correction sets a relationship's %s only", strings.Join(schema.RelSettable, ", "))
			}
		}
	case schema.AmendStatus:
		s, _, _ := p.scalar(v, field)
		a.Status = schema.ClaimStatus(s)
		if a.Status.Rank() < 0 || !a.OfRelationships {
			p.add(v, field, "status corrects relationships, to one of DENIED, ALLEGED, REPORTED, CONFIRMED, ADJUDICATED")
		}
	case schema.AmendRepoint:
		vals, _, ok := p.fields(v, field)
		if !ok {
			return
		}
		for _, end := range []struct {
			name string
			into *string
		}{{"from", &a.From}, {"to", &a.To}} {
			if s, ok, _ := p.scalar(derefOr(vals[end.name]), field+"."+end.name); ok {
				*end.into = s
			}
		}
		if a.From == "" && a.To == "" || !a.OfRelationships {
			p.add(v, field, "repoint moves a relationship's from or to end to another entity's id")
		}
	case schema.AmendMerge:
		s, _, _ := p.scalar(v, field)
		a.Into = s
		if err := schema.CheckID(s); err != nil {
			p.add(v, field, "merge names the record the targets duplicate: %v", err)
		}
	case schema.AmendCite, schema.AmendSuppress:
		if s, _, _ := p.scalar(v, field); s != "true" {
			p.add(v, field, "%s takes the value true", a.Action)
		}
	}
}

// derefOr is deref for a node that may be missing.
func derefOr(n *yaml.Node) *yaml.Node {
	if n == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return deref(n)
}

func amendActionNames() string {
	names := make([]string, len(schema.AmendActions))
	for i, a := range schema.AmendActions {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}

// checkAmendments checks what the corrections cite: their sources must be
// sources of the input itself, so a correction is shown by what the
// curators read.
func checkAmendments(amends []amendRecord, byID map[string]*entityRecord, ps *problems) {
	for _, a := range amends {
		if a.Citation.Source == "" {
			continue
		}
		line := lineAt(a.citeLines, 0, a.Line)
		switch src, ok := byID[a.Citation.Source]; {
		case !ok:
			ps.add(a.File, line, a.field+".citation.source", "no source has id %q", a.Citation.Source)
		case src.Kind != schema.Source:
			ps.add(a.File, line, a.field+".citation.source", "%q is a %s, not a source", a.Citation.Source, src.Kind)
		}
	}
}
