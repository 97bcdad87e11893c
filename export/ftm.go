package export

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// ftmPrefix starts every FtM id, so that survgraph's entities keep apart
// from others' in a shared Aleph or yente index.
const ftmPrefix = "survgraph-"

type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// add appends the non-empty values to property key, each value once.
func (e *ftmEntity) add(key string, values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || slices.Contains(e.Properties[key], v) {
			continue
		}
		e.Properties[key] = append(e.Properties[key], v)
	}
}

// judicial lists the legal action types that are FtM court cases; the
// others (sanctions, export bans, regulations) are events.
var judicial = map[string]bool{"COMPLAINT": true, "INVESTIGATION": true, "LAWSUIT": true, "INDICTMENT": true, "RULING": true}

// sourceSchema maps source types to FtM document schemata. FtM's plain
// Document stands for a file and needs a file name, which a cited source
// does not have; its subschemata do not. Published pieces are articles, a
// dataset is a table, and other documents (court filings, government
// documents, legislation, leaks) are Pages, FtM's "multi-page document".
var sourceSchema = map[string]string{
	"ARTICLE": "Article", "REPORT": "Article", "PRESS_RELEASE": "Article", "COMPANY_STATEMENT": "Article",
	"ENCYCLOPEDIA": "Article", "DATASET": "Table",
}

func isCourtCase(n *node) bool {
	return n != nil && n.Kind == schema.LegalAction && judicial[propString(n.Props["actionType"])]
}

// iso639 turns the BCP 47 language tags the sources use into the ISO 639-3
// codes FtM expects, for the languages the trade's sources are written in.
var iso639 = map[string]string{
	"ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fa": "fas", "fr": "fra", "he": "heb",
	"it": "ita", "ja": "jpn", "nl": "nld", "pt": "por", "ru": "rus", "sv": "swe", "tr": "tur", "zh": "zho",
}

func ftmLanguage(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if len(primary) == 3 {
		return primary
	}
	return iso639[primary]
}

// ftmCites records citations on an entity: sourceUrl for every cited URL,
// proof for every cited source that is itself in the export, and one
// readable line per citation in notesKey.
func ftmCites(e *ftmEntity, cs []cite, notesKey string) {
	for _, c := range cs {
		e.add("sourceUrl", c.URL)
		if c.inGraph {
			e.add("proof", ftmPrefix+c.SourceID)
		}
	}
	if notesKey != "" {
		for i, c := range cs {
			e.add(notesKey, fmt.Sprintf("Citation %d: %s", i+1, c.Text()))
		}
	}
}

func ftmNode(n *node) ftmEntity {
	p := func(name string) string { return propString(n.Props[name]) }
	e := ftmEntity{ID: ftmPrefix + n.ID, Properties: map[string][]string{}}
	e.add("name", n.Name())
	e.add("alias", propList(n.Props["aliases"])...)
	e.add("country", strings.ToLower(p("country")))
	e.add("description", p("description"))
	switch n.Kind {
	case schema.Company:
		e.Schema = "Company"
		e.add("incorporationDate", p("founded"))
		e.add("dissolutionDate", p("dissolved"))
		e.add("website", p("website"))
		e.add("address", p("hqCity"))
	case schema.Government:
		e.Schema = "PublicBody"
		e.add("jurisdiction", strings.ToLower(p("country")))
		if r := p("regime"); r != "" {
			e.add("notes", "Regime: "+r)
		}
	case schema.Agency:
		e.Schema = "PublicBody"
		e.add("jurisdiction", strings.ToLower(p("country")))
		e.add("classification", p("agencyType"))
	case schema.Organization:
		e.Schema = "Organization"
		e.add("classification", p("orgType"))
		e.add("website", p("website"))
	case schema.Person:
		e.Schema = "Person"
		e.add("position", p("role"))
	case schema.Product:
		e.Schema = "Asset"
		e.add("keywords", p("category"))
	case schema.Project:
		e.Schema = "Project"
		e.add("startDate", p("started"))
		e.add("endDate", p("ended"))
	case schema.LegalAction:
		if isCourtCase(n) {
			e.Schema = "CourtCase"
			e.add("category", p("actionType"))
			e.add("fileDate", p("filed"))
			e.add("closeDate", p("decided"))
		} else {
			e.Schema = "Event"
			e.add("keywords", p("actionType"))
			e.add("startDate", p("filed"))
			e.add("endDate", p("decided"))
		}
		if j := p("jurisdiction"); j != "" {
			e.add("notes", "Jurisdiction: "+j)
		}
		if o := p("outcome"); o != "" {
			e.add("notes", "Outcome: "+o)
		}
	case schema.Source:
		e.Schema = sourceSchema[p("sourceType")]
		if e.Schema == "" {
			e.Schema = "Pages"
		}
		// A document's caption is its title; FtM's name is for file names.
		if names, ok := e.Properties["name"]; ok {
			e.Properties["title"] = names
			delete(e.Properties, "name")
		}
		e.add("keywords", p("sourceType"))
		e.add("publisher", p("publisher"))
		e.add("author", propList(n.Props["authors"])...)
		e.add("publishedAt", p("publishedAt"))
		e.add("sourceUrl", p("url"))
		e.add("language", ftmLanguage(p("language")))
		if l := p("locator"); l != "" {
			e.add("notes", "Where to find it: "+l)
		}
		if l := p("licence"); l != "" {
			e.add("notes", "Licence: "+l)
		}
	default:
		e.Schema = "LegalEntity"
	}
	ftmCites(&e, n.cites, "notes")
	return e
}

// ftmLink maps a relationship to an FtM interest schema and its two ends.
func ftmLink(e *edge, fromCourtCase bool) (schemaName, fromProp, toProp string) {
	switch e.Type {
	case schema.SubsidiaryOf:
		return "Ownership", "asset", "owner"
	case schema.Acquired:
		return "Ownership", "owner", "asset"
	case schema.Represents:
		return "Representation", "agent", "client"
	case schema.Heads:
		return "Directorship", "director", "organization"
	case schema.PartOf:
		return "Membership", "member", "organization"
	case schema.ParticipatedIn, schema.Commissioned:
		return "ProjectParticipant", "participant", "project"
	case schema.Cites:
		return "Documentation", "entity", "document"
	case schema.Targets, schema.FiledBy, schema.HandledBy:
		if fromCourtCase {
			return "CourtCaseParty", "case", "party"
		}
	}
	return "UnknownLink", "subject", "object"
}

func ftmEdge(e *edge, g *graph) ftmEntity {
	schemaName, fromProp, toProp := ftmLink(e, g.courtCase(e.From))
	f := ftmEntity{ID: ftmPrefix + e.ID, Schema: schemaName, Properties: map[string][]string{}}
	f.add(fromProp, ftmPrefix+e.From)
	f.add(toProp, ftmPrefix+e.To)
	f.add("role", string(e.Type))
	f.add("status", string(e.Status))
	f.add("startDate", e.Period.Start.String())
	f.add("endDate", e.Period.End.String())
	f.add("summary", e.Summary)
	f.add("namesMentioned", e.productName)

	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", e.fromName, e.Type, e.toName)
	if e.Status != "" {
		fmt.Fprintf(&b, " (claim status: %s)", e.Status)
	}
	b.WriteString(".")
	if e.Product != "" {
		name := e.productName
		if name == "" {
			name = e.Product
		}
		fmt.Fprintf(&b, " Product: %s.", name)
	}
	if a := amount(e.Relationship); a != "" {
		fmt.Fprintf(&b, " Amount: %s %s.", a, e.Currency)
	}
	if q := quantity(e.Relationship); q != "" {
		fmt.Fprintf(&b, " Quantity: %s.", q)
	}
	if e.Basis != "" {
		fmt.Fprintf(&b, " Basis: %s.", e.Basis)
	}
	if e.Role != "" {
		fmt.Fprintf(&b, " Role of %s: %s.", e.toName, e.Role)
	}
	if c := corrections(e.Corrections); c != "" {
		fmt.Fprintf(&b, " Corrected: %s.", c)
	}
	for i, c := range e.cites {
		fmt.Fprintf(&b, "\nCitation %d: %s", i+1, c.Text())
	}
	f.add("description", b.String())
	ftmCites(&f, e.cites, "")
	return f
}

func writeFtM(w io.Writer, g *graph) error {
	enc := json.NewEncoder(w)
	if err := g.eachNode(func(n *node) error { return enc.Encode(ftmNode(n)) }); err != nil {
		return err
	}
	return g.eachEdge(func(e *edge) error { return enc.Encode(ftmEdge(e, g)) })
}
