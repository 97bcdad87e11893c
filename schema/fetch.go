package schema

// A fetch plan says what a read brings along, in the same statement, with
// each entity or relationship it returns: whatever the API's answer will read
// below them. The API compiles it from the GraphQL selection, so that one
// root field costs one statement however much it nests; the graph store
// answers it and hands back what it brought in a [Fetched] the caller owns,
// so that a plan stays what was asked and never what came back.

// What a slim read holds, defined once: the API plans a read slim only when
// the answer reads these fields alone, and the graph store brings only
// these. A relationship's fields are its claim's, by the API's names and
// the store's alike.
var (
	// SlimEntityFields are the fields of an entity a slim read brings.
	SlimEntityFields = []string{"id", "kind", "name", "country"}
	// SlimClaimFields are the fields of a relationship a slim read brings.
	SlimClaimFields = []string{"id", "status", "start", "end", "basis", "product", "summary", "amount", "currency", "quantity", "role"}
	// ClaimDetailFields are those of SlimClaimFields, and the product, that
	// a read with SlimClaims leaves out too.
	ClaimDetailFields = []string{"summary", "product", "amount", "currency", "quantity", "role"}
)

// EntityFetch is what to bring with an entity.
type EntityFetch struct {
	// Sources: the source entities the entity's citations name.
	Sources bool
	// Pages of the entity's relationships, one per distinct set of
	// arguments the selection asks for.
	Pages []*PageFetch
	// Slim, on a relationship's end or product, says that the answer reads
	// nothing of that entity but its id, kind, name and country (as
	// Fetch.Slim does for a whole read): the read may bring only those, and
	// lists the entity in Fetched.Slim.
	Slim bool
}

// PageFetch is one page of an entity's relationships, ordered by id, and
// what to bring with each relationship on it. Forwards, it is the First
// relationships after the one with id After ("" for the start); backwards
// (Last > 0), the Last relationships before the one with id Before (""
// for the end).
type PageFetch struct {
	Dir    Direction
	Filter RelFilter // Types, AsOf and KnownAt
	First  int
	After  string
	Last   int
	Before string
	Rel    RelFetch
	// Count: the total over all pages is read too (it costs a second match).
	Count bool
}

// RelFetch is what to bring with a relationship. A nil entity fetch means
// that end is not read.
type RelFetch struct {
	From, To, Product *EntityFetch
	// Sources: the source entities the relationship's citations name.
	Sources bool
}

// Empty reports whether f asks for nothing beyond the entity itself.
func (f *EntityFetch) Empty() bool { return f == nil || (!f.Sources && len(f.Pages) == 0) }

// Empty reports whether f asks for nothing beyond the relationship itself.
func (f *RelFetch) Empty() bool {
	return f == nil || (!f.Sources && f.From == nil && f.To == nil && f.Product == nil)
}

// Fetched is what a read brought along for a fetch plan. An entity read
// slim holds its id, kind, name and country only: its other fields are
// unknown, not empty, so it is kept apart from those read whole.
type Fetched struct {
	Entities []Entity // read whole
	Slim     []Entity // read slim (Fetch.Slim, EntityFetch.Slim)
	Pages    []FetchedPage
}

// FetchedPage is one entity's page of relationships for one [PageFetch].
type FetchedPage struct {
	Owner string // the entity's id
	Fetch *PageFetch
	Page  RelPage
}

// Fetch goes with a read: the plans for what to bring with each entity and
// each relationship the read returns. What it brought goes into a separate
// [Fetched]. A nil *Fetch asks for nothing.
type Fetch struct {
	Entity *EntityFetch
	Rel    *RelFetch
	// Slim says that the answer reads nothing of the entities the read
	// returns but their ids, kinds, names and countries, and nothing of the
	// claims' citations, so the read may leave the rest out. The caller,
	// which asked for it, knows the entities the read returns are slim;
	// those it brings along go into Fetched.Slim.
	Slim bool
	// SlimClaims, with Slim, says that the answer reads nothing of the
	// claims but their ids, types, statuses, periods and ends: not their
	// summaries, amounts, currencies or products, which the read may then
	// leave out too.
	SlimClaims bool
}

// IsSlim reports whether f asks for a slim read; false when f is nil.
func (f *Fetch) IsSlim() bool { return f != nil && f.Slim }

// EntityPlan is f's entity plan; nil when f is nil.
func (f *Fetch) EntityPlan() *EntityFetch {
	if f == nil {
		return nil
	}
	return f.Entity
}

// RelPlan is f's relationship plan; an empty one when f has none.
func (f *Fetch) RelPlan() *RelFetch {
	if f == nil || f.Rel == nil {
		return &RelFetch{}
	}
	return f.Rel
}
