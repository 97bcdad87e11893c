package ftm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// Cite is a citation as the export writes it.
type Cite struct {
	URL string // the cited source's URL, if it has one
	// SourceID is the FtM id of the cited source when the source is an
	// entity of the same export, "" otherwise.
	SourceID string
	Supports bool   // the stance is SUPPORTS
	Text     string // the citation on one line, for readers
}

// iso639 turns the primary subtags of the BCP 47 language tags sources
// use into the ISO 639-3 codes FtM expects, and back on import: the
// languages the trade's sources are written in and their neighbours. A
// language not listed is written nowhere (TestFtMRoundTrip finds one the
// seed uses and the table lacks).
var iso639 = map[string]string{
	"ar": "ara", "bg": "bul", "bn": "ben", "bs": "bos", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu", "el": "ell",
	"en": "eng", "es": "spa", "et": "est", "fa": "fas", "fi": "fin", "fr": "fra", "he": "heb", "hi": "hin", "hr": "hrv",
	"hu": "hun", "id": "ind", "it": "ita", "ja": "jpn", "ka": "kat", "kk": "kaz", "ko": "kor", "lt": "lit", "lv": "lav",
	"mk": "mkd", "mn": "mon", "ms": "msa", "nl": "nld", "no": "nor", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus",
	"sk": "slk", "sl": "slv", "sq": "sqi", "sr": "srp", "sv": "swe", "sw": "swa", "th": "tha", "tr": "tur", "uk": "ukr",
	"ur": "urd", "uz": "uzb", "vi": "vie", "zh": "zho",
}

func ftmLanguage(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if len(primary) == 3 {
		return primary
	}
	return iso639[primary]
}

// applies reports whether a row of Fields applies to FtM schema s.
func (f FieldMap) applies(s string) bool { return f.Schemata == nil || slices.Contains(f.Schemata, s) }

// FromEntity writes an entity: the entity itself and, for a company with a
// headquarters city, the Address entity that gives it (FtM's way to say
// where a company is; its addressEntity names it).
func FromEntity(e schema.Entity, cites []Cite) []Entity {
	out := New(ExportID(e), ExportSchema(e))
	var address *Entity
	for _, f := range Fields {
		if !f.applies(out.Schema) || (f.Field == "name" && slices.Contains(documents, out.Schema) && f.Prop == "name") {
			continue
		}
		v, ok := e.Props[f.Field]
		if !ok {
			continue
		}
		switch f.Field {
		case "country":
			out.Add(f.Prop, strings.ToLower(str(v)))
		case "language":
			out.Add(f.Prop, ftmLanguage(str(v)))
		case "hqCity":
			a := New(out.ID+"-hq", "Address")
			a.Add("city", str(v))
			a.Add("full", str(v))
			a.Add("country", strings.ToLower(str(e.Props["country"])))
			out.Add(f.Prop, a.ID)
			out.Add("address", str(v))
			address = &a
		default:
			out.Add(f.Prop, values(v)...)
		}
	}
	if e.Kind == schema.Government {
		out.Add("topics", TopicNational)
	}
	if e.Placeholder {
		out.Add("notes", PlaceholderNote)
	}
	for _, n := range Notes {
		if v := str(e.Props[n.Field]); n.Kind == e.Kind && v != "" {
			out.Add("notes", n.Label+": "+v)
		}
	}
	addCites(&out, cites, true)
	if address != nil {
		return []Entity{out, *address}
	}
	return []Entity{out}
}

// values is a field's value as strings: a list's items, a date as written.
func values(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case schema.Date:
		return []string{x.String()}
	case string:
		return []string{x}
	}
	return []string{fmt.Sprint(v)}
}

// addCites records citations: sourceUrl for every cited URL, proof for every
// supporting source of the export (a disputing one is no proof), and, with
// notes, one readable line per citation.
func addCites(e *Entity, cs []Cite, notes bool) {
	for _, c := range cs {
		e.Add("sourceUrl", c.URL)
		if c.Supports && c.SourceID != "" {
			e.Add("proof", c.SourceID)
		}
	}
	if notes {
		for i, c := range cs {
			e.Add("notes", fmt.Sprintf("%s%d: %s", CitationNote, i+1, c.Text))
		}
	}
}

// Edge is what FromRelationship needs beyond the relationship itself.
type Edge struct {
	From, To      string // the FtM ids of the ends
	FromCourtCase bool   // the from end is written as a CourtCase
	ProductName   string
	Description   string // the claim stated for readers, with its citations
}

// FromRelationship writes a relationship as its row of Links says, with
// its type and role as role, its claim status as status, its period, its
// summary, its share as percentage, and its citations.
func FromRelationship(r schema.Relationship, x Edge, cites []Cite) Entity {
	l := ExportLink(r.Type, x.FromCourtCase)
	out := New(Prefix+r.ID, l.Schema)
	out.Add(l.From, x.From)
	out.Add(l.To, x.To)
	out.Add("role", string(r.Type), r.Role)
	out.Add("status", string(r.Status))
	out.Add("startDate", r.Period.Start.String())
	out.Add("endDate", r.Period.End.String())
	out.Add("summary", r.Summary)
	out.Add("namesMentioned", x.ProductName)
	if r.Share != 0 {
		out.Add("percentage", strconv.FormatFloat(r.Share, 'f', -1, 64))
	}
	out.Add("description", x.Description)
	addCites(&out, cites, false)
	return out
}
