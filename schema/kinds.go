// Package schema defines survgraph's domain once: the kinds of entity, their
// fields, the kinds of relationship and the endpoints each allows, claim
// statuses, citation stances and partial dates. The loader validates against
// it, the graph package derives its constraints and labels from it, and the
// API derives its GraphQL types from it. It imports only the standard library,
// so every other package can depend on it without dragging in a driver.
package schema

// Kind is a kind of entity. Its string value is the Neo4j label.
type Kind string

// The entity kinds. Every entity also carries the common label [EntityLabel].
const (
	Company      Kind = "Company"
	Government   Kind = "Government"
	Agency       Kind = "Agency"
	Product      Kind = "Product"
	Project      Kind = "Project"
	LegalAction  Kind = "LegalAction"
	Organization Kind = "Organization"
	Person       Kind = "Person"
	Source       Kind = "Source"
)

// EntityLabel is the label every entity node carries, with a uniqueness
// constraint on id, so that any entity can be found by id alone.
const EntityLabel = "Entity"

// FieldType says how a field's value is written and checked.
type FieldType int

// The field types.
const (
	String     FieldType = iota // one line of text
	Text                        // free text, may span lines
	StringList                  // a list of one-line strings
	DateField                   // a partial date: 2011, 2011-12 or 2011-12-05
	URLField                    // an absolute http or https URL
	Enum                        // one of Field.Values
	Country                     // an ISO 3166-1 alpha-2 code
)

// Field describes one field of an entity kind. Name is the same in the seed
// files, in Neo4j and in GraphQL.
type Field struct {
	Name     string
	Type     FieldType
	Values   []string // allowed values, for Enum
	Required bool
	Doc      string
}

// MaxStringLen and MaxTextLen bound field sizes so that a stray paste cannot
// bloat the graph or the API's answers.
const (
	MaxStringLen = 300
	MaxTextLen   = 4000
	MaxQuoteLen  = 600
	MaxListLen   = 50
)

// KindSpec describes one entity kind.
type KindSpec struct {
	Kind Kind
	// Enum is the GraphQL EntityKind value, such as LEGAL_ACTION.
	Enum   string
	Doc    string
	Fields []Field // fields of this kind only; see CommonFields
}

// CommonFields are carried by every kind. id, kind and citations are
// structural and handled apart.
var CommonFields = []Field{
	{Name: "name", Type: String, Required: true, Doc: "The name most sources use."},
	{Name: "aliases", Type: StringList, Doc: "Other names, spellings and former names, searched like the name."},
	{Name: "country", Type: Country, Doc: "ISO 3166-1 alpha-2 code: a company's headquarters, a government's state."},
	{Name: "description", Type: Text, Doc: "A neutral description, drawn from the cited sources."},
	{Name: "ftmId", Type: String, Doc: "The FollowTheMoney id of the record the entity was imported from: a later import of the same record finds the entity by it, and the FtM export writes it again."},
}

// ProductCategories classify products.
var ProductCategories = []string{
	"DPI", "SPYWARE", "LAWFUL_INTERCEPTION", "MONITORING_CENTRE", "INTERNET_FILTERING",
	"MOBILE_FORENSICS", "IMSI_CATCHER", "SOCIAL_MEDIA_MONITORING", "VIDEO_SURVEILLANCE",
	"FACIAL_RECOGNITION", "DATA_RETENTION", "LOCATION_TRACKING", "OTHER",
}

// LegalActionTypes classify legal actions.
var LegalActionTypes = []string{
	"COMPLAINT", "INVESTIGATION", "LAWSUIT", "INDICTMENT", "RULING", "SANCTION",
	"EXPORT_BAN", "REGULATION",
}

// OrganizationTypes classify organizations.
var OrganizationTypes = []string{
	"NGO", "NEWS_OUTLET", "INTERGOVERNMENTAL", "RESEARCH", "INDUSTRY_BODY", "COURT", "OTHER",
}

// SourceTypes classify sources.
var SourceTypes = []string{
	"ARTICLE", "REPORT", "LEAK", "COURT_FILING", "COMPANY_STATEMENT", "GOVERNMENT_DOCUMENT",
	"LEGISLATION", "DATASET", "ENCYCLOPEDIA", "PRESS_RELEASE", "OTHER",
}

// Kinds lists every entity kind, in a fixed order used wherever kinds are
// listed (GraphQL enum, reports).
var Kinds = []KindSpec{
	{Kind: Company, Enum: "COMPANY", Doc: "A firm that makes, sells, integrates or resells surveillance technology.",
		Fields: []Field{
			{Name: "founded", Type: DateField, Doc: "When it was founded or incorporated."},
			{Name: "dissolved", Type: DateField, Doc: "When it ceased to exist, if it did."},
			{Name: "website", Type: URLField},
			{Name: "hqCity", Type: String, Doc: "City of its headquarters."},
		}},
	{Kind: Government, Enum: "GOVERNMENT", Doc: "A state's government or a regime.",
		Fields: []Field{
			{Name: "regime", Type: String, Doc: "The regime or period meant, where the entity is one, such as Gaddafi's Libya."},
		}},
	{Kind: Agency, Enum: "AGENCY", Doc: "A government body: a ministry, intelligence service, police force, prosecutor or court.",
		Fields: []Field{
			{Name: "agencyType", Type: Enum, Values: []string{"MINISTRY", "INTELLIGENCE", "POLICE", "MILITARY", "PROSECUTOR", "COURT", "REGULATOR", "OTHER"}},
		}},
	{Kind: Product, Enum: "PRODUCT", Doc: "A system or software: a DPI engine, spyware, an interception or monitoring centre.",
		Fields: []Field{
			{Name: "category", Type: Enum, Values: ProductCategories, Required: true},
		}},
	{Kind: Project, Enum: "PROJECT", Doc: "A contract or programme, such as Asfador in Syria.",
		Fields: []Field{
			{Name: "started", Type: DateField},
			{Name: "ended", Type: DateField},
		}},
	{Kind: LegalAction, Enum: "LEGAL_ACTION", Doc: "A complaint, investigation, lawsuit, indictment, ruling, sanction, export ban or regulation.",
		Fields: []Field{
			{Name: "actionType", Type: Enum, Values: LegalActionTypes, Required: true},
			{Name: "filed", Type: DateField, Doc: "When it was filed, opened, imposed or adopted."},
			{Name: "decided", Type: DateField, Doc: "When it was decided, closed or lifted."},
			{Name: "jurisdiction", Type: String, Doc: "Where it is heard or applies: a country code, EU, US federal..."},
			{Name: "outcome", Type: Text, Doc: "What came of it, as far as the sources say."},
		}},
	{Kind: Organization, Enum: "ORGANIZATION", Doc: "An NGO, a news outlet, an intergovernmental body such as the EU, or an international court.",
		Fields: []Field{
			{Name: "orgType", Type: Enum, Values: OrganizationTypes},
			{Name: "website", Type: URLField},
		}},
	{Kind: Person, Enum: "PERSON", Doc: "A person who matters to a case: an executive, lawyer, official, victim or researcher.",
		Fields: []Field{
			{Name: "role", Type: String, Doc: "The role for which the person is in the graph."},
		}},
	{Kind: Source, Enum: "SOURCE", Doc: "A document behind a claim: an article, report, leak, court filing, company statement or dataset.",
		Fields: []Field{
			{Name: "sourceType", Type: Enum, Values: SourceTypes, Required: true},
			{Name: "publisher", Type: String, Required: true},
			{Name: "authors", Type: StringList},
			{Name: "publishedAt", Type: DateField, Required: true},
			{Name: "url", Type: URLField, Doc: "Where it can be read; left out when the original address is unknown."},
			{Name: "locator", Type: String, Doc: "Where it can be found without a URL of its own: a repost, an archive, a docket, a dataset's repository and path."},
			{Name: "licence", Type: String},
			{Name: "language", Type: String, Doc: "BCP 47 language tag of the document."},
		}},
}

// KindByName returns the spec of the kind whose label is name.
func KindByName(name string) (KindSpec, bool) {
	for _, k := range Kinds {
		if string(k.Kind) == name {
			return k, true
		}
	}
	return KindSpec{}, false
}

// KindByEnum returns the spec of the kind whose GraphQL enum value is e.
func KindByEnum(e string) (KindSpec, bool) {
	for _, k := range Kinds {
		if k.Enum == e {
			return k, true
		}
	}
	return KindSpec{}, false
}

// Spec returns the spec of k. It panics on a kind that is not in [Kinds],
// which only a programming error can produce.
func (k Kind) Spec() KindSpec {
	s, ok := KindByName(string(k))
	if !ok {
		panic("schema: unknown kind " + string(k))
	}
	return s
}

// AllFields returns the common fields followed by the kind's own.
func (s KindSpec) AllFields() []Field {
	out := make([]Field, 0, len(CommonFields)+len(s.Fields))
	out = append(out, CommonFields...)
	return append(out, s.Fields...)
}

// Field returns the field named name, common or the kind's own.
func (s KindSpec) Field(name string) (Field, bool) {
	for _, f := range s.AllFields() {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}
