package ftm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// KindOf says which kind an FtM entity becomes, by the rules of [Kinds]; why
// says why it becomes none (its schema is not imported, or it lacks what the
// kind needs). hasLegalForm tells a company's name ("Acme Ltd") from
// another's; nil reads no name.
func KindOf(e Entity, hasLegalForm func(name string) bool) (kind schema.Kind, why string) {
	switch e.Schema {
	case "Company":
		return schema.Company, ""
	case "Organization", "LegalEntity":
		for _, c := range e.Properties["classification"] {
			if slices.Contains(schema.OrganizationTypes, strings.ToUpper(c)) {
				return schema.Organization, ""
			}
		}
		if len(e.Properties["legalForm"]) > 0 || len(e.Properties["incorporationDate"]) > 0 || len(e.Properties["registrationNumber"]) > 0 {
			return schema.Company, ""
		}
		for _, t := range e.Properties["topics"] {
			if strings.HasPrefix(t, "corp.") || strings.HasPrefix(t, "fin.") {
				return schema.Company, ""
			}
		}
		if hasLegalForm != nil {
			for _, n := range e.Properties["name"] {
				if hasLegalForm(n) {
					return schema.Company, ""
				}
			}
		}
		return schema.Organization, ""
	case "PublicBody":
		if e.Has("topics", TopicNational) {
			return schema.Government, ""
		}
		return schema.Agency, ""
	case "Person":
		return schema.Person, ""
	case "Asset":
		if firstEnum(e.Properties["keywords"], schema.ProductCategories) == "" {
			return "", "an Asset with no product category among its keywords (land, vessels, shares... are not products)"
		}
		return schema.Product, ""
	case "Project":
		return schema.Project, ""
	case "CourtCase", "Sanction":
		return schema.LegalAction, ""
	case "Event":
		if firstEnum(e.Properties["keywords"], schema.LegalActionTypes) == "" {
			return "", "an Event with no legal action type among its keywords"
		}
		return schema.LegalAction, ""
	}
	if slices.Contains(documents, e.Schema) {
		if len(e.Properties["publisher"]) == 0 || len(e.Properties["publishedAt"])+len(e.Properties["date"]) == 0 {
			return "", "a " + e.Schema + " without a publisher and a publishedAt date, which a Source needs"
		}
		return schema.Source, ""
	}
	return "", "the schema " + e.Schema + " is not imported"
}

// firstEnum is the first value that, in upper case, is one of allowed.
func firstEnum(values, allowed []string) string {
	for _, v := range values {
		if u := strings.ToUpper(strings.TrimSpace(v)); slices.Contains(allowed, u) {
			return u
		}
	}
	return ""
}

// Converted is an FtM entity read as a survgraph entity, before it is
// resolved against the graph: its fields, what was left out and why, and
// what it refers to.
type Converted struct {
	Kind  schema.Kind
	Props map[string]any
	// Dropped lists values that did not fit the schema, as "field: why".
	Dropped []string
	// Address is the id of the Address entity that may give the entity's
	// headquarters city and country, where it has none.
	Address string
	// Proof lists the FtM ids of its supporting documents; SourceURLs the
	// addresses of its sources.
	Proof, SourceURLs []string
	// Placeholder marks an entity that stands for an unknown party.
	Placeholder bool
}

// ToEntity reads e as an entity of kind (see [KindOf]). now bounds dates:
// one in the future is dropped. It fails when e has no name it can use.
func ToEntity(e Entity, kind schema.Kind, now time.Time) (Converted, error) {
	c := Converted{Kind: kind, Props: map[string]any{}}
	spec := kind.Spec()
	name, aliases := names(e)
	if name == "" {
		return c, fmt.Errorf("%s has no name", e.Schema)
	}
	if err := schema.CheckLine(name, schema.MaxStringLen); err != nil {
		return c, fmt.Errorf("its name %q: %v", cut(name, 80), err)
	}
	c.Props["name"] = name
	notes := c.noteFields(e, spec)
	for _, f := range Fields {
		if f.ExportOnly || !f.applies(e.Schema) || f.Field == "name" {
			continue
		}
		field, ok := spec.Field(f.Field)
		if !ok || c.Props[f.Field] != nil {
			continue
		}
		vals := slices.Clone(e.Properties[f.Prop])
		for _, p := range f.Also {
			vals = append(vals, e.Properties[p]...)
		}
		switch f.Field {
		case "aliases":
			vals = append(aliases, vals...)
		case "description":
			vals = slices.Clone(e.Properties[f.Prop])
			for _, p := range f.Also {
				if p == "notes" {
					vals = append(vals, notes...)
				} else {
					vals = append(vals, e.Properties[p]...)
				}
			}
		case "hqCity":
			c.Address = e.First(f.Prop)
			continue
		}
		if v, ok := c.value(field, vals, name, now); ok {
			c.Props[f.Field] = v
		}
	}
	if c.Address == "" && len(e.Properties["addressEntity"]) > 0 {
		c.Address = e.First("addressEntity")
	}
	c.defaults(e)
	c.Proof = e.Properties["proof"]
	c.SourceURLs = e.Properties["sourceUrl"]
	if kind == schema.Source {
		// A document's own address is its url, not a source of it.
		c.SourceURLs = nil
	}
	return c, nil
}

// names is the name an entity goes by (its caption, when it is one of its
// names, else its first name; a document's title) and its other names.
func names(e Entity) (string, []string) {
	list := e.Properties["name"]
	if e.Schema == "Sanction" {
		return SanctionName(e), nil
	}
	if slices.Contains(documents, e.Schema) {
		list = append(slices.Clone(e.Properties["title"]), list...)
	}
	name := ""
	if e.Caption != "" && slices.Contains(list, e.Caption) {
		name = e.Caption
	} else if len(list) > 0 {
		name = list[0]
	}
	name = strings.Join(strings.Fields(name), " ")
	var others []string
	for _, n := range list {
		if n = strings.Join(strings.Fields(n), " "); n != name {
			others = append(others, n)
		}
	}
	return name, others
}

// SanctionName is the name of the legal action a Sanction becomes: its
// program, as FtM captions it, or its authority's sanction.
func SanctionName(e Entity) string {
	if p := strings.Join(strings.Fields(e.First("program")), " "); p != "" {
		return p
	}
	if a := strings.Join(strings.Fields(e.First("authority")), " "); a != "" {
		return "Sanction by " + a
	}
	return "Sanction"
}

// noteFields reads the notes lines of [Notes] into their fields and
// returns the other notes, citation lines left out.
func (c *Converted) noteFields(e Entity, spec schema.KindSpec) []string {
	var rest []string
	for _, line := range e.Properties["notes"] {
		if strings.HasPrefix(line, CitationNote) && isCitationLine(line) {
			continue
		}
		if line == PlaceholderNote {
			c.Placeholder = true
			continue
		}
		taken := false
		for _, n := range Notes {
			if v, ok := strings.CutPrefix(line, n.Label+": "); ok && n.Kind == spec.Kind {
				if f, ok := spec.Field(n.Field); ok {
					if x, err := schema.CheckValue(f, v); err == nil {
						c.Props[n.Field] = x
					} else {
						c.drop(n.Field, err)
					}
				}
				taken = true
				break
			}
		}
		if !taken {
			rest = append(rest, line)
		}
	}
	return rest
}

// isCitationLine reports whether a notes line is one the export writes for
// a citation: "Citation 3: ...".
func isCitationLine(line string) bool {
	rest := strings.TrimPrefix(line, CitationNote)
	n, _, ok := strings.Cut(rest, ": ")
	_, err := strconv.Atoi(n)
	return ok && err == nil
}

// value is the first of vals that fits field f (all that fit, for a list;
// the paragraphs joined, for text), and notes the others as dropped.
func (c *Converted) value(f schema.Field, vals []string, name string, now time.Time) (any, bool) {
	switch f.Type {
	case schema.StringList:
		var list []string
		for _, v := range vals {
			v = strings.Join(strings.Fields(v), " ")
			if v == "" || v == name || slices.Contains(list, v) {
				continue
			}
			if err := schema.CheckLine(v, schema.MaxStringLen); err != nil {
				c.drop(f.Name, err)
				continue
			}
			if len(list) == schema.MaxListLen {
				c.drop(f.Name, fmt.Errorf("more than %d values; the rest are left out", schema.MaxListLen))
				break
			}
			list = append(list, v)
		}
		return list, len(list) > 0
	case schema.Text:
		var paras []string
		for _, v := range vals {
			if v = strings.TrimSpace(v); v == "" || slices.Contains(paras, v) {
				continue
			}
			if err := schema.CheckText(v, schema.MaxTextLen); err != nil {
				c.drop(f.Name, err)
				continue
			}
			paras = append(paras, v)
		}
		text := strings.Join(paras, "\n\n")
		if len(text) > schema.MaxTextLen {
			c.drop(f.Name, fmt.Errorf("longer than %d bytes; cut", schema.MaxTextLen))
			text = cut(text, schema.MaxTextLen)
		}
		return text, text != ""
	}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		switch f.Type {
		case schema.Country:
			v = strings.ToUpper(v)
		case schema.Enum:
			v = strings.ToUpper(v)
		case schema.DateField:
			v = datePart(v)
		}
		if f.Name == "language" {
			v = language(v)
		}
		x, err := schema.CheckValue(f, v)
		if err == nil {
			if d, ok := x.(schema.Date); ok && d.Earliest().After(now) {
				err = fmt.Errorf("date %s is in the future", d)
			}
		}
		if err != nil {
			if f.Type != schema.Enum { // other keywords and classifications are no error
				c.drop(f.Name, err)
			}
			continue
		}
		return x, true
	}
	return nil, false
}

// defaults fills what a kind needs that the record may lack: a court case
// is a lawsuit unless its category says otherwise, a sanction a SANCTION, a
// document's type follows its schema.
func (c *Converted) defaults(e Entity) {
	switch {
	case e.Schema == "Sanction":
		c.Props["actionType"] = "SANCTION"
	case c.Kind == schema.LegalAction && c.Props["actionType"] == nil:
		c.Props["actionType"] = "LAWSUIT"
	case c.Kind == schema.Source && c.Props["sourceType"] == nil:
		switch e.Schema {
		case "Article":
			c.Props["sourceType"] = "ARTICLE"
		case "Table":
			c.Props["sourceType"] = "DATASET"
		default:
			c.Props["sourceType"] = "OTHER"
		}
	}
}

func (c *Converted) drop(field string, err error) {
	c.Dropped = append(c.Dropped, field+": "+err.Error())
}

// datePart is the date of an FtM date or date-time: "2011-05-03T10:00:00"
// gives "2011-05-03".
func datePart(v string) string {
	if len(v) > 10 && v[10] == 'T' {
		return v[:10]
	}
	return v
}

// language turns an ISO 639-3 code back into the BCP 47 tag the sources
// use, where survgraph knows it.
func language(v string) string {
	v = strings.ToLower(v)
	for tag, code := range iso639 {
		if code == v {
			return tag
		}
	}
	return v
}

func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max - len("…")
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// LinkEnds are a relationship record read by its row of [Links]: its type,
// the FtM ids of its ends, its role and share.
type LinkEnds struct {
	Type     schema.RelType
	From, To string
	Role     string
	Share    float64
	// ShareText is a percentage that is no number ("25-50%"), which the
	// summary keeps.
	ShareText string
	Status    schema.ClaimStatus // the record's own, when it names one
	Period    schema.Period
	Summary   string
	Dropped   []string
	Proof     []string
	URLs      []string
}

// ToLink reads a record of an edge schema by its row of Links. why says why
// it becomes no relationship.
func ToLink(e Entity, now time.Time) (LinkEnds, string) {
	l, ok := ImportLink(e)
	if !ok {
		if _, edge := EdgeSchemata[e.Schema]; edge {
			return LinkEnds{}, "the schema " + e.Schema + " is not imported (no survgraph relationship type has its meaning)"
		}
		return LinkEnds{}, "the schema " + e.Schema + " is not imported"
	}
	out := LinkEnds{Type: l.Type, From: e.First(l.From), To: e.First(l.To), Proof: e.Properties["proof"], URLs: e.Properties["sourceUrl"]}
	if len(e.Properties[l.From]) != 1 || len(e.Properties[l.To]) != 1 {
		return out, fmt.Sprintf("a %s needs one %s and one %s; it has %d and %d", e.Schema, l.From, l.To,
			len(e.Properties[l.From]), len(e.Properties[l.To]))
	}
	roleProp := "role"
	if l.RoleProp != "" {
		roleProp = l.RoleProp
	}
	var roles []string
	for _, r := range e.Properties[roleProp] {
		if r = strings.Join(strings.Fields(r), " "); r != "" && r != string(l.Type) && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	if role := strings.Join(roles, "; "); role != "" {
		if err := schema.CheckLine(role, schema.MaxStringLen); err != nil {
			out.Dropped = append(out.Dropped, "role: "+err.Error())
		} else {
			out.Role = role
		}
	}
	if spec, _ := schema.RelTypeByName(string(l.Type)); spec.Share {
		for _, p := range e.Properties["percentage"] {
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
			if err == nil && v > 0 && v <= 100 {
				out.Share = v
				break
			}
			out.ShareText = p
		}
	}
	for _, s := range e.Properties["status"] {
		if st := schema.ClaimStatus(strings.ToUpper(s)); st.Rank() >= 0 {
			out.Status = st
			break
		}
	}
	period := func(props ...string) schema.Date {
		for _, p := range props {
			for _, v := range e.Properties[p] {
				d, err := schema.ParseDate(datePart(v))
				if err == nil && !d.Earliest().After(now) {
					return d
				}
				out.Dropped = append(out.Dropped, fmt.Sprintf("%s: %q is no date survgraph can use", p, v))
			}
		}
		return schema.Date{}
	}
	out.Period = schema.Period{Start: period("startDate", "date"), End: period("endDate")}
	if !out.Period.Valid() {
		out.Dropped = append(out.Dropped, fmt.Sprintf("endDate: %s is before the start %s", out.Period.End, out.Period.Start))
		out.Period.End = schema.Date{}
	}
	texts := append(slices.Clone(e.Properties["summary"]), e.Properties["description"]...)
	if marked(e) != "" {
		texts = e.Properties["summary"] // survgraph's description restates the claim for readers
	}
	for _, s := range texts {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if err := schema.CheckText(s, schema.MaxTextLen); err != nil {
			out.Dropped = append(out.Dropped, "summary: "+err.Error())
			continue
		}
		out.Summary = s
		break
	}
	return out, ""
}

// marked is the relationship type a record's role names, as survgraph's
// export writes it, or "".
func marked(e Entity) string {
	for _, r := range e.Properties["role"] {
		if _, ok := schema.RelTypeByName(r); ok {
			return r
		}
	}
	return ""
}
