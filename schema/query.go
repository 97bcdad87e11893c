package schema

import "time"

// Direction says which way relationships are followed from an entity.
type Direction string

// The directions.
const (
	Outgoing Direction = "OUT"
	Incoming Direction = "IN"
	Both     Direction = "BOTH"
)

// RelFilter narrows the relationships a query follows.
type RelFilter struct {
	Types []RelType // empty: every type
	// AsOf, when set, keeps only claims whose period may contain that day.
	AsOf *time.Time
	// KnownAt, when set, keeps only claims that at least one supporting
	// source had published by that day. A source dated only to a year or a
	// month counts from the last day it may mean, so nothing is dated known
	// before it surely was.
	KnownAt *time.Time
	// From and Until, when set, keep only claims whose period may overlap
	// that span ("between 2008 and 2012").
	From, Until *time.Time
	// IncludeUndated keeps, with AsOf, the claims that give no date at all,
	// which AsOf otherwise leaves out: a claim with no date is not known to
	// have been in force on any given day. knownAt follows the sources'
	// dates instead and needs no such rule.
	IncludeUndated bool
	// Bases, when set, keeps only claims resting on one of these bases.
	Bases []Basis
	// ExcludePlaceholders leaves out claims with a placeholder (an unknown
	// party) at either end.
	ExcludePlaceholders bool
}

// InForce reports whether a claim of period p is in force as of f.AsOf
// (always, when f sets no AsOf): its period may contain the day, and it is
// dated at all unless f.IncludeUndated.
func (f RelFilter) InForce(p Period) bool {
	if f.AsOf == nil {
		return true
	}
	if p.Start.IsZero() && p.End.IsZero() && !f.IncludeUndated {
		return false
	}
	return p.Contains(*f.AsOf)
}

// RelPage is one page of an entity's relationships, ordered by id.
type RelPage struct {
	Items   []Relationship
	Total   int  // how many match, over all pages
	HasNext bool // whether a page follows this one
	// HasPrevious: whether a page comes before this one. Known when paging
	// backwards; paging forwards, it is whether the page started after a
	// cursor.
	HasPrevious bool
}

// Subgraph is a set of entities and the relationships among them, shaped for
// drawing.
type Subgraph struct {
	Nodes         []Entity
	Relationships []Relationship
	// Truncated says that the node cap cut the expansion short.
	Truncated bool
}

// Path is a chain of relationships from one entity to another, with the
// entities along it in order.
type Path struct {
	Nodes         []Entity
	Relationships []Relationship
}

// ChainFilter narrows supply-chain queries.
type ChainFilter struct {
	RelFilter
	// MinStatus keeps only chains whose every hop is at least this sure.
	MinStatus ClaimStatus
	// VendorCountries keeps chains whose vendor is headquartered in one of
	// these ISO codes.
	VendorCountries []string
	// ProductCategories keeps chains that pass through a product of one of
	// these categories.
	ProductCategories []string
}

// ChainLinks are the relationship types a supply chain may follow: the
// supply itself and the ways a vendor reaches it (through subsidiaries,
// parents, partners, products and projects).
var ChainLinks = []RelType{Supplied, SubsidiaryOf, PartneredWith, Acquired, Makes, Deployed, UsedIn, ParticipatedIn, Commissioned, PartOf}

// Search is what a search for entities asks.
type Search struct {
	// Text is words of a name or alias, as a person types them.
	Text  string
	Kinds []Kind // empty: every kind
	// Countries keeps entities of these ISO 3166-1 alpha-2 codes; empty:
	// any country, or none.
	Countries []string
	// Fuzzy also finds names spelled close to the words (a letter or two
	// apart), ranked below the names that hold the words as typed.
	Fuzzy bool
}

// SearchSummary is what a search finds, in figures.
type SearchSummary struct {
	// Total counts the entities found; Exact those whose name or aliases
	// hold the words as typed (whole or as a prefix), or that are of the
	// country the words name.
	Total, Exact int
	// DidYouMean holds names spelled close to the words, best first, when
	// nothing holds the words as typed.
	DidYouMean []string
	// ByKind counts what the search finds whatever the kinds asked;
	// ByCountry whatever the countries asked ("" for none).
	ByKind, ByCountry []Facet
}

// CitedByQuery asks for a page of the claims that cite a source.
type CitedByQuery struct {
	Stances []Stance // empty: any stance
	First   int
	After   string // a relationship id: the page starts after it
}
