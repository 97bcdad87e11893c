package ftm

import "github.com/survgraph/survgraph/schema"

// KindMap says how one survgraph kind is written in FtM and which FtM
// records become one.
type KindMap struct {
	Kind schema.Kind
	// Export is the schema an entity of the kind is written as; a legal
	// action and a source are written as one of several (see ExportSchema).
	Export []string
	// Imports lists the FtM schemata that may become the kind; Rule says
	// how the import chooses among kinds that share one.
	Imports []string
	Rule    string
}

// Kinds is the entity half of the table, in the order of schema.Kinds.
var Kinds = []KindMap{
	{Kind: schema.Company, Export: []string{"Company"}, Imports: []string{"Company", "Organization", "LegalEntity"},
		Rule: "Company always; Organization and LegalEntity when they look like a firm: a legalForm, incorporationDate or registrationNumber, a corp. or fin. topic, or a name ending in a company form (Ltd, GmbH, S.A., ...), unless their classification is one of survgraph's organization types"},
	{Kind: schema.Government, Export: []string{"PublicBody"}, Imports: []string{"PublicBody"},
		Rule: "with the topic gov.national (\"National government\"), which the export writes on every government"},
	{Kind: schema.Agency, Export: []string{"PublicBody"}, Imports: []string{"PublicBody"},
		Rule: "without the topic gov.national"},
	{Kind: schema.Product, Export: []string{"Asset"}, Imports: []string{"Asset"},
		Rule: "only with a keyword that is a product category, as the export writes; other assets (land, vessels, shares) are not imported"},
	{Kind: schema.Project, Export: []string{"Project"}, Imports: []string{"Project"}},
	{Kind: schema.LegalAction, Export: []string{"CourtCase", "Event"}, Imports: []string{"CourtCase", "Event", "Sanction"},
		Rule: "a CourtCase (actionType from its category when it is a legal action type, else LAWSUIT); an Event only with a keyword that is a legal action type, as the export writes; a Sanction becomes a SANCTION with IMPOSED_BY and APPLIES_TO"},
	{Kind: schema.Organization, Export: []string{"Organization"}, Imports: []string{"Organization", "LegalEntity"},
		Rule: "when not a Company by its rule"},
	{Kind: schema.Person, Export: []string{"Person"}, Imports: []string{"Person"}},
	{Kind: schema.Source, Export: []string{"Article", "Table", "Pages"}, Imports: []string{"Article", "Table", "Pages", "Document", "PlainText", "HyperText"},
		Rule: "with a title or name, a publisher and a publishedAt; sourceType from a keyword that is a source type, else by schema (Article ARTICLE, Table DATASET, others OTHER)"},
}

// Topics the table uses.
const (
	TopicNational = "gov.national" // a national government
)

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

// ExportSchema is the FtM schema an entity is written as.
func ExportSchema(e schema.Entity) string {
	switch e.Kind {
	case schema.LegalAction:
		if IsCourtCase(e) {
			return "CourtCase"
		}
		return "Event"
	case schema.Source:
		if s := sourceSchema[str(e.Props["sourceType"])]; s != "" {
			return s
		}
		return "Pages"
	}
	for _, k := range Kinds {
		if k.Kind == e.Kind {
			return k.Export[0]
		}
	}
	return "LegalEntity"
}

// IsCourtCase reports whether a legal action is written as a CourtCase.
func IsCourtCase(e schema.Entity) bool {
	return e.Kind == schema.LegalAction && judicial[str(e.Props["actionType"])]
}

// FieldMap maps a survgraph field to an FtM property, both ways.
type FieldMap struct {
	// Schemata are the FtM schemata the row applies to; nil for all.
	Schemata []string
	Field    string // the survgraph field
	Prop     string // the FtM property it is written as and read from
	// Also are further FtM properties the import reads it from, after Prop.
	Also []string
	// ExportOnly rows are written but not read back, as another row reads
	// the same field.
	ExportOnly bool
}

var (
	legalEntities = []string{"Company", "Organization", "LegalEntity", "PublicBody"}
	documents     = []string{"Article", "Table", "Pages", "Document", "PlainText", "HyperText"}
)

// Fields is the property half of the table. The first row that gives a
// field a value wins.
var Fields = []FieldMap{
	{Schemata: []string{"Sanction"}, Field: "filed", Prop: "startDate", Also: []string{"listingDate", "date"}},
	{Schemata: []string{"Sanction"}, Field: "decided", Prop: "endDate"},
	{Schemata: []string{"Sanction"}, Field: "description", Prop: "reason", Also: []string{"provisions", "summary", "description", "notes"}},
	{Field: "name", Prop: "name"},
	{Schemata: documents, Field: "name", Prop: "title"},
	{Field: "aliases", Prop: "alias", Also: []string{"weakAlias", "previousName"}},
	{Field: "country", Prop: "country", Also: []string{"jurisdiction", "mainCountry"}},
	{Schemata: []string{"PublicBody"}, Field: "country", Prop: "jurisdiction", ExportOnly: true},
	{Field: "description", Prop: "description", Also: []string{"notes"}},
	{Schemata: []string{"Company", "Organization", "LegalEntity"}, Field: "founded", Prop: "incorporationDate"},
	{Schemata: []string{"Company", "Organization", "LegalEntity"}, Field: "dissolved", Prop: "dissolutionDate"},
	{Schemata: legalEntities, Field: "website", Prop: "website"},
	{Schemata: []string{"Company"}, Field: "hqCity", Prop: "addressEntity"},
	{Schemata: []string{"PublicBody"}, Field: "agencyType", Prop: "classification"},
	{Schemata: []string{"Organization", "LegalEntity"}, Field: "orgType", Prop: "classification"},
	{Schemata: []string{"Person"}, Field: "role", Prop: "position"},
	{Schemata: []string{"Asset"}, Field: "category", Prop: "keywords"},
	{Schemata: []string{"Project"}, Field: "started", Prop: "startDate"},
	{Schemata: []string{"Project"}, Field: "ended", Prop: "endDate"},
	{Schemata: []string{"CourtCase"}, Field: "actionType", Prop: "category"},
	{Schemata: []string{"CourtCase"}, Field: "filed", Prop: "fileDate"},
	{Schemata: []string{"CourtCase"}, Field: "decided", Prop: "closeDate"},
	{Schemata: []string{"Event"}, Field: "actionType", Prop: "keywords"},
	{Schemata: []string{"Event"}, Field: "filed", Prop: "startDate"},
	{Schemata: []string{"Event"}, Field: "decided", Prop: "endDate"},
	{Schemata: documents, Field: "sourceType", Prop: "keywords"},
	{Schemata: documents, Field: "publisher", Prop: "publisher"},
	{Schemata: documents, Field: "authors", Prop: "author"},
	{Schemata: documents, Field: "publishedAt", Prop: "publishedAt", Also: []string{"date"}},
	{Schemata: documents, Field: "url", Prop: "sourceUrl"},
	{Schemata: documents, Field: "language", Prop: "language"},
}

// NoteMap is a field FtM has no property for, written as a line of notes,
// "Label: value", and read back from one.
type NoteMap struct {
	Kind  schema.Kind
	Field string
	Label string
}

// Notes lists the fields carried in notes.
var Notes = []NoteMap{
	{schema.Government, "regime", "Regime"},
	{schema.LegalAction, "jurisdiction", "Jurisdiction"},
	{schema.LegalAction, "outcome", "Outcome"},
	{schema.Source, "locator", "Where to find it"},
	{schema.Source, "licence", "Licence"},
}

// PlaceholderNote is the notes line that marks an entity standing for an
// unknown party, as survgraph's placeholders do; FtM has no property for it.
const PlaceholderNote = "Placeholder: it stands for an unknown party"

// LostField is something of survgraph's graph that FtM cannot carry: an
// export writes it for readers only (in a description), and an import
// brings the record back without it.
type LostField struct {
	Of, Field, Why string
}

// Lost lists what FtM cannot carry; TestFtMRoundTrip holds it to what an
// export and an import of the whole graph lose, and docs/import.md prints it.
var Lost = []LostField{
	{"relationship", "basis", "FtM has no property for what a claim rests on; the import sets it from the file's Source type (DOCUMENT with -official)"},
	{"relationship", "product", "an FtM interest joins two entities only; the product's name stays in namesMentioned and the description"},
	{"relationship", "amount, currency", "FtM's interests carry no amount outside Payment, which would claim money moved; stated in the description"},
	{"relationship", "quantity", "no property; stated in the description"},
	{"relationship, entity", "corrections", "no property; stated in the description"},
	{"relationship, entity", "citations' quotes, locators and stances", "FtM cites a document (proof) or an address (sourceUrl) only: the import cites the file's Source, each supporting document the proof names, and each sourceUrl's Source; quotes, locators and disputing or context citations stay in the notes and the description"},
}

// CitationNote starts the notes lines that carry an entity's citations,
// "Citation 1: SUPPORTS “quote” — Title (Publisher, date). URL", for
// readers in Aleph; an import takes its citations from proof and sourceUrl
// instead, and leaves these lines out of the description.
const CitationNote = "Citation "

// LinkMap says how one relationship type is written in FtM and which FtM
// records become one.
type LinkMap struct {
	Type   schema.RelType
	Schema string // the FtM schema
	// From and To are the properties that hold the ends.
	From, To string
	// CourtCase rows apply to relationships from a legal action written as
	// a CourtCase; the type's other row to the rest.
	CourtCase bool
	// Foreign rows turn a record that survgraph did not write (it names no
	// relationship type in its role) into this type; ImportOnly rows are
	// never written.
	Foreign, ImportOnly bool
	// RoleProp is the property that carries the relationship's role, when
	// it is not role.
	RoleProp string
}

// Links is the relationship half of the table. survgraph writes its type
// as the first value of role on every relationship it exports; the import
// reads a record that names a type there by that type's row for the
// record's schema, and a record that names none by the schema's Foreign
// row, if any.
var Links = []LinkMap{
	{Type: schema.Supplied, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.Makes, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.Deployed, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.ParticipatedIn, Schema: "ProjectParticipant", From: "participant", To: "project"},
	{Type: schema.Commissioned, Schema: "ProjectParticipant", From: "participant", To: "project"},
	{Type: schema.UsedIn, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.SubsidiaryOf, Schema: "Ownership", From: "asset", To: "owner"},
	{Type: schema.Owns, Schema: "Ownership", From: "owner", To: "asset", Foreign: true},
	{Type: schema.Acquired, Schema: "Ownership", From: "owner", To: "asset"},
	{Type: schema.PartneredWith, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.PartOf, Schema: "Membership", From: "member", To: "organization"},
	{Type: schema.Targets, Schema: "CourtCaseParty", From: "case", To: "party", CourtCase: true},
	{Type: schema.Targets, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.FiledBy, Schema: "CourtCaseParty", From: "case", To: "party", CourtCase: true},
	{Type: schema.FiledBy, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.HandledBy, Schema: "CourtCaseParty", From: "case", To: "party", CourtCase: true},
	{Type: schema.HandledBy, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.ImposedBy, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.AppliesTo, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.Represents, Schema: "Representation", From: "agent", To: "client", Foreign: true},
	{Type: schema.Heads, Schema: "Directorship", From: "director", To: "organization", Foreign: true},
	{Type: schema.RelatedTo, Schema: "UnknownLink", From: "subject", To: "object"},
	{Type: schema.RelatedTo, Schema: "Family", From: "person", To: "relative", Foreign: true, ImportOnly: true, RoleProp: "relationship"},
	{Type: schema.RelatedTo, Schema: "Associate", From: "person", To: "associate", Foreign: true, ImportOnly: true, RoleProp: "relationship"},
	{Type: schema.Cites, Schema: "Documentation", From: "entity", To: "document"},
}

// ExportLink is the row a relationship is written by; fromCourtCase says
// whether its from end is written as a CourtCase.
func ExportLink(t schema.RelType, fromCourtCase bool) LinkMap {
	var fallback LinkMap
	for _, l := range Links {
		if l.Type != t || l.ImportOnly {
			continue
		}
		if l.CourtCase == fromCourtCase {
			return l
		}
		fallback = l
	}
	if fallback.Type == "" {
		return LinkMap{Type: t, Schema: "UnknownLink", From: "subject", To: "object"}
	}
	return fallback
}

// ImportLink is the row that reads an FtM record of an edge schema: by the
// relationship type its role names, or the schema's Foreign row. ok is
// false for a record no row reads.
func ImportLink(e Entity) (LinkMap, bool) {
	marked := ""
	for _, r := range e.Properties["role"] {
		if _, ok := schema.RelTypeByName(r); ok {
			marked = r
			break
		}
	}
	for _, l := range Links {
		if l.Schema != e.Schema {
			continue
		}
		if (marked != "" && string(l.Type) == marked) || (marked == "" && l.Foreign) {
			return l, true
		}
	}
	return LinkMap{}, false
}

// EdgeSchemata are FtM's schemata that join two entities (those of its
// model with an "edge" annotation), with the properties of their source and
// target, as FtM names them.
var EdgeSchemata = map[string][2]string{
	"Associate": {"person", "associate"}, "ContractAward": {"contract", "supplier"},
	"Control": {"controller", "controlled"}, "CourtCaseParty": {"party", "case"}, "Debt": {"debtor", "creditor"},
	"Directorship": {"director", "organization"}, "Documentation": {"document", "entity"},
	"Employment": {"employee", "employer"}, "Family": {"person", "relative"}, "Membership": {"member", "organization"},
	"Occupancy": {"holder", "post"}, "Ownership": {"owner", "asset"}, "Payment": {"payer", "beneficiary"},
	"ProjectParticipant": {"participant", "project"}, "Representation": {"agent", "client"},
	"Succession": {"predecessor", "successor"}, "UnknownLink": {"subject", "object"},
}

func str(v any) string { s, _ := v.(string); return s }
