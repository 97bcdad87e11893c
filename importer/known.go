package importer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/schema"
)

// Known is what the graph holds beside the input being imported, which the
// import resolves its records against: the entities that other inputs own
// (through datasets' Resolver, with the alias table), the FtM ids they were
// imported under, and the records of a dataset that the graph already cites.
// An import never changes what another input owns: it refers to it.
type Known struct {
	res    *datasets.Resolver
	ftmIDs map[string]string // FtM id -> entity id
	// citing holds, by cited source, the citations of the graph that cite
	// it: their locators and the entity each points to (the cited entity,
	// or the to end of a cited claim, with the claim's type).
	citing map[string][]citedBy
	// actions holds the type of every legal action, which IMPOSED_BY and
	// APPLIES_TO depend on.
	actions map[string]string
}

// citedBy is one citation of a source in the graph.
type citedBy struct {
	locator string
	id      string         // the entity cited, or the claim's to end
	claim   schema.RelType // "" for an entity's own citation
	kind    schema.Kind
}

// NewKnown indexes g, what other inputs hold, with the alias table. g's
// relationships matter only for the records they cite (see [Known.Cited]).
func NewKnown(g schema.Graph, rules []datasets.Rule) *Known {
	return newKnown(datasets.NewResolver(g.Entities, rules), g)
}

// KnownWith is [NewKnown] over a resolver that already knows the entities
// (the datasets' own, shared across the dataset imports of one load), so
// that the alias rules an import uses count as used.
func KnownWith(res *datasets.Resolver, g schema.Graph) *Known { return newKnown(res, g) }

func newKnown(res *datasets.Resolver, g schema.Graph) *Known {
	k := &Known{res: res, ftmIDs: map[string]string{}, citing: map[string][]citedBy{}, actions: map[string]string{}}
	kinds := make(map[string]schema.Kind, len(g.Entities))
	for _, e := range g.Entities {
		kinds[e.ID] = e.Kind
		if at, _ := e.Props["actionType"].(string); at != "" {
			k.actions[e.ID] = at
		}
		if id, _ := e.Props["ftmId"].(string); id != "" {
			k.ftmIDs[id] = e.ID
		}
		for _, c := range e.Citations {
			k.citing[c.Source] = append(k.citing[c.Source], citedBy{locator: c.Locator, id: e.ID, kind: e.Kind})
		}
	}
	for _, r := range g.Relationships {
		for _, c := range r.Citations {
			k.citing[c.Source] = append(k.citing[c.Source], citedBy{locator: c.Locator, id: r.To, claim: r.Type, kind: kinds[r.To]})
		}
	}
	return k
}

// Has reports whether another input defines id, and as what kind.
func (k *Known) Has(id string) (schema.Kind, bool) { return k.res.KindOf(id) }

// Name is the name of a known entity.
func (k *Known) Name(id string) string { return k.res.NameOf(id) }

// ActionType is the type of a known legal action, or "".
func (k *Known) ActionType(id string) string { return k.actions[id] }

// ByFtMID finds the entity another input imported under an FtM id.
func (k *Known) ByFtMID(ftmID string) (string, bool) {
	id, ok := k.ftmIDs[ftmID]
	return id, ok
}

// Alias looks a name up in the alias table: the entity a same rule names,
// when an input defines it.
func (k *Known) Alias(name string) (id, why string, ok bool) {
	id, why, defined, ok := k.res.Alias(name)
	return id, why, ok && defined
}

// Resolve finds the known entity of one of kinds, in that order, that name
// means, by the datasets' rules: the alias table, then exact and normalised
// names and aliases. With a country, an entity of another country is no
// match, and one without a country is one only when none of the country
// matches.
func (k *Known) Resolve(kinds []schema.Kind, name, country string) (id, why string, ok bool) {
	for _, kind := range kinds {
		if country != "" {
			if id, why, ok := k.res.ResolveIn(kind, name, country); ok {
				return id, why, true
			}
		}
		id, why, ok := k.res.Resolve(kind, name)
		if !ok {
			continue
		}
		if kk, _ := k.res.KindOf(id); !slices.Contains(kinds, kk) {
			continue // an alias rule for an entity of another kind
		}
		if c := k.res.CountryOf(id); country == "" || c == "" || c == country {
			return id, why, true
		}
	}
	return "", "", false
}

// KnownSource finds the Source the graph already holds for a document: the
// same address, the same title, or nearly the same title on the same day,
// so that one document is one Source.
func (k *Known) KnownSource(url, title string, day schema.Date) (id, why string, ok bool) {
	return k.res.KnownSource(url, title, day)
}

// Cited finds the entity the graph already gives a record of a dataset: the
// entity (of one of kinds) whose own citation of source has a locator naming
// key, or the to end of a claim of type claim citing it so. ok is false when
// no citation, or two different entities, match.
func (k *Known) Cited(source, key string, claim schema.RelType, kinds []schema.Kind) (id string, ok bool) {
	if key == "" {
		return "", false
	}
	re := regexp.MustCompile(`(?:^|\W)` + regexp.QuoteMeta(key) + `(?:$|[^\p{L}\p{N}])`)
	for _, c := range k.citing[source] {
		if (c.claim == "" && !slices.Contains(kinds, c.kind)) || (c.claim != "" && c.claim != claim) {
			continue
		}
		if !strings.Contains(c.locator, key) || !re.MatchString(c.locator) {
			continue
		}
		if id != "" && id != c.id {
			return "", false
		}
		id = c.id
	}
	return id, id != ""
}
