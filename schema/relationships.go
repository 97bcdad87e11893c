package schema

// RelType is a kind of relationship. Its string value is the Neo4j
// relationship type and the GraphQL RelationshipType value.
type RelType string

// The relationship types.
const (
	Supplied       RelType = "SUPPLIED"
	Makes          RelType = "MAKES"
	Deployed       RelType = "DEPLOYED"
	ParticipatedIn RelType = "PARTICIPATED_IN"
	Commissioned   RelType = "COMMISSIONED"
	UsedIn         RelType = "USED_IN"
	SubsidiaryOf   RelType = "SUBSIDIARY_OF"
	Owns           RelType = "OWNS"
	Acquired       RelType = "ACQUIRED"
	PartneredWith  RelType = "PARTNERED_WITH"
	PartOf         RelType = "PART_OF"
	Targets        RelType = "TARGETS"
	FiledBy        RelType = "FILED_BY"
	HandledBy      RelType = "HANDLED_BY"
	ImposedBy      RelType = "IMPOSED_BY"
	AppliesTo      RelType = "APPLIES_TO"
	Represents     RelType = "REPRESENTS"
	Heads          RelType = "HEADS"
	RelatedTo      RelType = "RELATED_TO"
	Cites          RelType = "CITES"
)

// RelSpec describes one relationship type: what it means and which entity
// kinds it may join.
type RelSpec struct {
	Type RelType
	Doc  string
	From []Kind
	To   []Kind
	// FromActionTypes, when set, further restricts a LegalAction at the From
	// end to these action types (a sanction is imposed; a lawsuit is not).
	FromActionTypes []string
	// RoleOf lists the kinds at the To end that the claim must give the
	// role of: a company supplied as a network operator, not as a state.
	RoleOf []Kind
	// OptionalRole says the claim may give a role where RoleOf does not ask
	// for one: a director's position, a shareholder's kind, a kinship.
	OptionalRole bool
	// Share says the claim may give the share held, in percent.
	Share bool
	// Within, when set, further restricts the ends to kinds of one group:
	// RELATED_TO joins two legal actions, or two people or organisations,
	// never a legal action to a person.
	Within [][]Kind
}

var (
	parties  = []Kind{Company, Government, Agency, Organization, Person}
	related  = [][]Kind{{LegalAction}, {Person, Company, Organization}}
	measures = []string{"SANCTION", "EXPORT_BAN", "REGULATION"}
)

// RelTypes lists every relationship type in a fixed order.
var RelTypes = []RelSpec{
	{Type: Supplied, Doc: "Sold, delivered or provided surveillance technology or services to a government or one of its bodies, or to a company in the role the claim gives, such as a network operator.",
		From: []Kind{Company, Government}, To: []Kind{Government, Agency, Company}, RoleOf: []Kind{Company}},
	{Type: Makes, Doc: "Develops, makes or sells the product under its name.",
		From: []Kind{Company}, To: []Kind{Product}},
	{Type: Deployed, Doc: "Put the product or project into use; a company so, as a network operator.",
		From: []Kind{Government, Agency, Company}, To: []Kind{Product, Project}},
	{Type: ParticipatedIn, Doc: "Took part in the project as contractor, subcontractor, integrator or supplier.",
		From: []Kind{Company}, To: []Kind{Project}},
	{Type: Commissioned, Doc: "Ordered or paid for the project.",
		From: []Kind{Government, Agency}, To: []Kind{Project}},
	{Type: UsedIn, Doc: "The product was part of the project.",
		From: []Kind{Product}, To: []Kind{Project}},
	{Type: SubsidiaryOf, Doc: "Is owned or controlled by the other company, in a corporate group.",
		From: []Kind{Company}, To: []Kind{Company}},
	{Type: Owns, Doc: "Holds shares in the company: a shareholding, with the share held where known (SUBSIDIARY_OF is for corporate groups).",
		From: []Kind{Person, Company}, To: []Kind{Company}, OptionalRole: true, Share: true},
	{Type: Acquired, Doc: "Bought the other company or the business in question.",
		From: []Kind{Company}, To: []Kind{Company}},
	{Type: PartneredWith, Doc: "Worked with the other company as partner, reseller or integrator.",
		From: []Kind{Company}, To: []Kind{Company}},
	{Type: PartOf, Doc: "The body belongs to that government.",
		From: []Kind{Agency}, To: []Kind{Government}},
	{Type: Targets, Doc: "The legal action is brought against, or investigates, this party.",
		From: []Kind{LegalAction}, To: append([]Kind{Product}, parties...)},
	{Type: FiledBy, Doc: "The legal action was brought by this party.",
		From: []Kind{LegalAction}, To: parties},
	{Type: HandledBy, Doc: "The prosecutor, court or authority in charge of the legal action.",
		From: []Kind{LegalAction}, To: []Kind{Agency, Organization}},
	{Type: ImposedBy, Doc: "The sanction, ban or regulation was imposed or adopted by this authority.",
		From: []Kind{LegalAction}, To: []Kind{Government, Agency, Organization}, FromActionTypes: measures},
	{Type: AppliesTo, Doc: "The sanction, ban or regulation restricts this party, product or destination.",
		From: []Kind{LegalAction}, To: append([]Kind{Product}, parties...), FromActionTypes: measures},
	{Type: Represents, Doc: "Speaks or acts for the company, organization or body (lawyer, spokesperson, officer), in the role the claim gives where it gives one.",
		From: []Kind{Person}, To: []Kind{Company, Organization, Agency, Government}, OptionalRole: true},
	{Type: Heads, Doc: "Leads or directs the government, body, company or organization, in the role the claim gives where it gives one.",
		From: []Kind{Person}, To: []Kind{Government, Agency, Company, Organization}, OptionalRole: true},
	{Type: RelatedTo, Doc: "The legal actions belong to the same matter (one led to, joined or parallels the other); or the people or organisations are related, as the claim's role says (family, associates).",
		From: []Kind{LegalAction, Person, Company, Organization}, To: []Kind{LegalAction, Person, Company, Organization},
		OptionalRole: true, Within: related},
	{Type: Cites, Doc: "The legal action or document relies on that document as evidence.",
		From: []Kind{LegalAction, Source}, To: []Kind{Source}},
}

// RelTypeByName returns the spec of the relationship type t.
func RelTypeByName(t string) (RelSpec, bool) {
	for _, r := range RelTypes {
		if string(r.Type) == t {
			return r, true
		}
	}
	return RelSpec{}, false
}

// Allows reports whether the relationship may go from an entity of kind from
// to one of kind to.
func (r RelSpec) Allows(from, to Kind) bool {
	if !containsKind(r.From, from) || !containsKind(r.To, to) {
		return false
	}
	if len(r.Within) == 0 {
		return true
	}
	for _, group := range r.Within {
		if containsKind(group, from) && containsKind(group, to) {
			return true
		}
	}
	return false
}

// EndPairs lists the pairs of kind sets the type joins: From and To, or
// each group of Within with itself.
func (r RelSpec) EndPairs() [][2][]Kind {
	if len(r.Within) == 0 {
		return [][2][]Kind{{r.From, r.To}}
	}
	out := make([][2][]Kind, len(r.Within))
	for i, g := range r.Within {
		out[i] = [2][]Kind{g, g}
	}
	return out
}

// TakesRole reports whether a claim of this type to an entity of kind to
// may give a role, and whether it must.
func (r RelSpec) TakesRole(to Kind) (may, must bool) {
	must = containsKind(r.RoleOf, to)
	return must || r.OptionalRole, must
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// ClaimStatus says how sure a claim is.
type ClaimStatus string

// The claim statuses, from weakest to strongest, except DENIED, which records
// that the claim has been denied by a party to it and ranks as the weakest.
const (
	Denied      ClaimStatus = "DENIED"
	Alleged     ClaimStatus = "ALLEGED"
	Reported    ClaimStatus = "REPORTED"
	Confirmed   ClaimStatus = "CONFIRMED"
	Adjudicated ClaimStatus = "ADJUDICATED"
)

// ClaimStatuses lists the statuses, weakest first.
var ClaimStatuses = []ClaimStatus{Denied, Alleged, Reported, Confirmed, Adjudicated}

// StatusDocs explains each status; the GraphQL enum carries these texts.
var StatusDocs = map[ClaimStatus]string{
	Denied:      "A party denies it and no source establishes it.",
	Alleged:     "Asserted by an accuser, such as a complaint or an NGO, not independently established.",
	Reported:    "Reported by journalists, researchers or officials on their own evidence.",
	Confirmed:   "Established by a primary document or admitted by the party concerned.",
	Adjudicated: "Established by a court ruling.",
}

// Rank orders statuses by strength, weakest 0. Unknown statuses rank -1.
func (s ClaimStatus) Rank() int {
	for i, x := range ClaimStatuses {
		if x == s {
			return i
		}
	}
	return -1
}

// Basis says what kind of evidence a claim rests on, so that a reader can
// ask, say, for supplies documented by leaks or court records only.
type Basis string

// The bases, from the most to the least documentary. MEASUREMENT (a
// network scan, a server's location, forensics of an infection) attributes
// a product's use, not a sale.
const (
	BasisCourtRecord      Basis = "COURT_RECORD"
	BasisDocument         Basis = "DOCUMENT"
	BasisLeak             Basis = "LEAK"
	BasisCompanyStatement Basis = "COMPANY_STATEMENT"
	BasisExportStatistics Basis = "EXPORT_STATISTICS"
	BasisPress            Basis = "PRESS"
	BasisMeasurement      Basis = "MEASUREMENT"
)

// Bases lists the bases in the order above.
var Bases = []Basis{BasisCourtRecord, BasisDocument, BasisLeak, BasisCompanyStatement, BasisExportStatistics, BasisPress, BasisMeasurement}

// BasisDocs explains each basis; the GraphQL enum carries these texts.
var BasisDocs = map[Basis]string{
	BasisCourtRecord:      "A court filing, ruling or record of proceedings.",
	BasisDocument:         "A contract, procurement record, official or company document made public other than by a leak.",
	BasisLeak:             "Leaked internal documents of a vendor or a customer.",
	BasisCompanyStatement: "The company's or the customer's own statement.",
	BasisExportStatistics: "Government export-licence statistics: a licence granted, not a delivery seen.",
	BasisPress:            "Reporting by journalists, NGOs or researchers on evidence the record does not classify further.",
	BasisMeasurement:      "A network measurement: a device or server found by scanning, or forensics of an infection; it attributes use, not a sale.",
}

// ValidBasis reports whether b is one of [Bases].
func ValidBasis(b Basis) bool {
	for _, x := range Bases {
		if x == b {
			return true
		}
	}
	return false
}

// AllowedStatus is the surest status a claim of type t resting on basis b
// may have, given the status s it claims, and why when that is less than s:
// a measurement may suggest who bought a product, never establish it, so a
// SUPPLIED claim on MEASUREMENT is at most ALLEGED.
func AllowedStatus(t RelType, b Basis, s ClaimStatus) (ClaimStatus, string) {
	if t == Supplied && b == BasisMeasurement && s.Rank() > Alleged.Rank() {
		return Alleged, "a measurement may suggest a customer but never establishes a sale"
	}
	return s, ""
}

// sourceBasis is the basis a citation of a source of each type supports,
// for claims that give none: a measurement is never presumed.
var sourceBasis = map[string]Basis{
	"COURT_FILING":        BasisCourtRecord,
	"GOVERNMENT_DOCUMENT": BasisDocument,
	"LEGISLATION":         BasisDocument,
	"LEAK":                BasisLeak,
	"COMPANY_STATEMENT":   BasisCompanyStatement,
}

// DefaultBasis is the basis of a claim that gives none: the most
// documentary one its supporting sources' types support (sourceTypes, in
// any order), else PRESS.
func DefaultBasis(sourceTypes []string) Basis {
	best := BasisPress
	rank := func(b Basis) int {
		for i, x := range Bases {
			if x == b {
				return i
			}
		}
		return len(Bases)
	}
	for _, t := range sourceTypes {
		if b, ok := sourceBasis[t]; ok && rank(b) < rank(best) {
			best = b
		}
	}
	return best
}

// Stance says how a cited passage bears on the claim.
type Stance string

// The stances.
const (
	Supports Stance = "SUPPORTS"
	Disputes Stance = "DISPUTES"
	Context  Stance = "CONTEXT"
)

// Stances lists the stances.
var Stances = []Stance{Supports, Disputes, Context}

// Citation ties a claim to a passage of a source. A company's denial is a
// DISPUTES citation beside the accusation, so both stay on record.
type Citation struct {
	Source  string // id of a Source entity
	Quote   string // at most two sentences, verbatim
	Locator string // page, paragraph or section
	Stance  Stance
}
