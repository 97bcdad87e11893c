package schema

// EntityQuery selects and orders a page of entities.
type EntityQuery struct {
	Kinds     []Kind
	Countries []string
	Text      string // full-text match on names and aliases
	// ExcludePlaceholders leaves out entities that stand for unknown parties.
	ExcludePlaceholders bool
	OrderBy             string // "ID", "NAME" or "COUNTRY"
	Desc                bool
	Window
}

// RelationshipQuery selects and orders a page of relationships.
type RelationshipQuery struct {
	RelFilter
	Statuses    []ClaimStatus
	MinStatus   ClaimStatus
	From, To    string   // endpoint ids
	ToCountries []string // country of the entity at the to end
	Text        string   // words in the summary
	OrderBy     string   // "ID", "START" or "STATUS"
	Desc        bool
	Window
	// Parts are the parts of Stats to compute, all when zero; pages ignore
	// them. Each facet costs a pass over the graph at scale, so a client
	// asking for one should not wait for the others.
	Parts StatsPart
}

// StatsPart is a part of [Stats] that costs work of its own.
type StatsPart uint

// The parts of Stats.
const (
	StatsEntities          StatsPart = 1 << iota // Entities and ByKind, from the count store, always computed
	StatsByCountry                               // ByCountry
	StatsRelationships                           // Relationships and ByType
	StatsByStatus                                // ByStatus
	StatsByYear                                  // ByYear
	StatsByProductCategory                       // ByProductCategory
	StatsVendorsByCountry                        // VendorsByCountry
	StatsAll               = 1<<iota - 1
)

// Has reports whether p asks for part x; zero asks for everything.
func (p StatsPart) Has(x StatsPart) bool { return p == 0 || p&x != 0 }

// Window says which part of an ordered list a page holds, as in Relay: the
// items strictly between After and Before (each optional), and of those the
// first First or, when Last is set, the last Last. Paging backwards with
// Last and Before yields the same items in the same order as paging
// forwards with First and After.
type Window struct {
	First, Last   int
	After, Before *Cursor
}

// Backward reports whether the page is taken from the end of the window.
func (w Window) Backward() bool { return w.Last > 0 }

// Cursor is a position in an ordered list: the sort key and the id of the
// last item seen, so that paging yields each item exactly once even when
// sort keys repeat.
type Cursor struct {
	Key, ID string
}

// Page is one page of a list, with the total over all pages.
type Page[T any] struct {
	Items   []T
	Keys    []Cursor // the cursor of each item
	Total   int
	HasNext bool
	// HasPrevious is exact when paging backwards; paging forwards it says
	// whether After was given, which Relay allows instead of a second query.
	HasPrevious bool
}

// Facet is one value of a facet and how many items carry it.
type Facet struct {
	Value string
	Count int
}

// Stats are counts over the graph, or over the relationships a filter keeps.
type Stats struct {
	Entities, Relationships int
	ByKind, ByCountry       []Facet // entities
	ByType, ByStatus        []Facet // relationships
	ByYear                  []Facet // relationships, by the year they started
	ByProductCategory       []Facet // SUPPLIED relationships, by the category of their product
	VendorsByCountry        []Facet // companies with a matching SUPPLIED claim, by headquarters country
}

// Input is one input of the graph, as stats lists it: what it holds and the
// Sources it comes from, with their licences, so that a reader can see what
// was imported and from where.
type Input struct {
	Name                    string
	Entities, Relationships int
	// Sources are the Sources its load named as where it comes from (a
	// dataset, an imported file); empty for the curated seed, whose every
	// record cites its own.
	Sources []Entity
}
