package schema

// EntityQuery selects and orders a page of entities.
type EntityQuery struct {
	Kinds     []Kind
	Countries []string
	Text      string // full-text match on names and aliases
	OrderBy   string // "ID", "NAME" or "COUNTRY"
	Desc      bool
	First     int
	After     *Cursor
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
	First       int
	After       *Cursor
}

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
