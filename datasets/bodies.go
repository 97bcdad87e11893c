package datasets

import (
	"fmt"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// place is a recipient state: an ISO code, or none for a state such as
// Kosovo that has no ISO code.
type place struct {
	code  string // ISO 3166-1 alpha-2, or ""
	label string // English name: "United Kingdom", "Kosovo"
	gov   string // id of its government
}

// phrase is the state's name in running text: "the United States".
func (p place) phrase() string {
	if p.code != "" && theNames[p.code] {
		return "the " + p.label
	}
	return p.label
}

// sentenceStart capitalises the first letter of s.
func sentenceStart(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// recipientPlace reads a recipient country and returns its government,
// creating it if need be. ok is false when raw names no country survgraph
// recognises.
func (b *builder) recipientPlace(raw string, record int, locator string) (place, bool) {
	if name, ok := nonISOStates[strictName(raw)]; ok {
		return place{label: name, gov: b.nonISOGovernment(name, record, locator)}, true
	}
	code, ok := CountryCode(raw)
	if !ok {
		return place{}, false
	}
	return place{code: code, label: CountryName(code), gov: b.government(code, record, locator)}, true
}

// bodyOutcome is what an end user turned out to be.
type bodyOutcome int

const (
	bodyEntity  bodyOutcome = iota // a government or government body: id is set
	bodyNonGov                     // not a government body (alias table): what is set
	bodyUnknown                    // "Unknown other entities" and the like: nothing to link
	bodyLater                      // an alias-table target that another record should define first
)

// body resolves one end user of a state (an agency such as "Federal Police",
// or the government itself), creating an Agency with a PART_OF claim to the
// government when nothing known matches. With defer set, a name that the
// alias table sends to an entity no input defines yet is left for later
// (bodyLater), so that the record that really defines it does so first.
//
// asWritten, when set, is how the dataset writes the body ("Qatar SSB" for
// the body "SSB" of Qatar): the new agency's alias and description quote it.
func (b *builder) body(raw, asWritten string, p place, record int, cite schema.Citation, deferRules bool) (id, what string, out bodyOutcome) {
	raw = trimBody(raw)
	if asWritten == "" {
		asWritten = raw
	}
	if raw == "" {
		return "", "", bodyUnknown
	}
	keyed := raw + " (" + p.label + ")"
	if what, rule, ok := b.res.NonGov(keyed); ok {
		return "", fmt.Sprintf("%s, %s (resolution.tsv line %d)", raw, what, rule.Line), bodyNonGov
	}
	if id, why, defined, ok := b.res.Alias(keyed); ok {
		if defined {
			b.noteKnown(keyed, id, why)
			return id, "", bodyEntity
		}
		if deferRules {
			return "", "", bodyLater
		}
		return b.newAgency(id, raw, asWritten, p, record, cite), "", bodyEntity
	}
	if w := words(raw); len(w) > 0 && w[0] == "unknown" {
		return "", "", bodyUnknown
	}
	name := stripCountry(raw, p)
	if b.isGovernmentItself(name, p) {
		return p.gov, "", bodyEntity
	}
	if p.code != "" {
		for _, try := range nameVariants(name) {
			id, why, ok := b.res.ResolveIn(schema.Agency, try, p.code)
			if ok {
				b.noteKnown(raw, id, why)
				return id, "", bodyEntity
			}
			if strings.HasPrefix(why, "ambiguous") {
				b.note("end user %q of %s: %s; a new agency is created (add a same rule to decide)", raw, p.label, why)
				break
			}
		}
	} else if id, _, ok := b.res.Resolve(schema.Agency, name+" ("+p.label+")"); ok {
		return id, "", bodyEntity
	}
	return b.newAgency("", raw, asWritten, p, record, cite), "", bodyEntity
}

// noteKnown records a resolution: every one to an entity that another input
// owns, and those to this import's own entities that took more than the
// exact name.
func (b *builder) noteKnown(raw, id, why string) {
	if _, own := b.owned[id]; !own || strictName(raw) != strictName(b.res.NameOf(id)) {
		b.noteResolved(raw, id, why)
	}
}

// newAgency creates "<name> (<country>)", an Agency of the state p, with a
// PART_OF claim to its government. id may be given by the alias table.
func (b *builder) newAgency(id, raw, asWritten string, p place, record int, cite schema.Citation) string {
	name := stripCountry(raw, p)
	if asWritten == "" {
		asWritten = raw
	}
	if id == "" {
		id = b.res.FreeID(slug(p.label, 50) + "-" + slug(name, 60))
	}
	if b.res.Has(id) {
		return id
	}
	b.noteUnresolved(asWritten + " (" + p.label + ")")
	props := map[string]any{
		"name": cut(name+" ("+p.label+")", schema.MaxStringLen),
		"description": fmt.Sprintf("A body of the state of %s, named as %q in %s; survgraph records no more about it than that.",
			p.phrase(), asWritten, b.describe()),
	}
	if asWritten != props["name"] {
		props["aliases"] = []string{cut(asWritten, schema.MaxStringLen)}
	}
	if p.code != "" {
		props["country"] = p.code
	}
	b.addEntity(schema.Entity{ID: id, Kind: schema.Agency, Props: props, Citations: []schema.Citation{cite}}, record)
	b.addRel(schema.Relationship{
		ID:        schema.RelationshipID(id, schema.PartOf, p.gov, ""),
		Type:      schema.PartOf,
		From:      id,
		To:        p.gov,
		Status:    schema.Reported,
		Basis:     b.recordBasis(),
		Summary:   fmt.Sprintf("%s names %q as a customer in %s, read here as a body of that state.", sentenceStart(b.describe()), asWritten, p.phrase()),
		Citations: []schema.Citation{cite},
	}, record)
	return id
}

// recordBasis is what the dataset's records rest on, for the claims that
// follow from a record as a whole (a body named as a customer belongs to its
// state): the SII is research.
func (b *builder) recordBasis() schema.Basis { return schema.BasisPress }

// describe names the dataset in prose.
func (b *builder) describe() string { return "Privacy International's Surveillance Industry Index" }

// isGovernmentItself reports whether an end user names the state as a whole:
// "Government of Bahrain", "Honduras".
func (b *builder) isGovernmentItself(name string, p place) bool {
	n := NormalizeName(name)
	if n == NormalizeName(p.label) || n == "government" || n == "government of "+NormalizeName(p.label) ||
		n == "government of the "+NormalizeName(p.label) {
		return true
	}
	if p.code != "" {
		if code, ok := CountryCode(name); ok && code == p.code {
			return true
		}
		if strings.HasPrefix(n, "government of ") {
			if code, ok := CountryCode(strings.TrimPrefix(n, "government of ")); ok && code == p.code {
				return true
			}
		}
	}
	return false
}

// trimBody tidies an end user as written: spaces, stray trailing commas and
// quotes.
func trimBody(s string) string {
	s = clean(s)
	return strings.Trim(s, " ,;.")
}

// stripCountry drops a redundant mention of the state from a body's name, as
// Hacking Team's client list writes them: "Egypt - MOD" is "MOD", "CBA
// Poland" is "CBA", "SSNS - Ungheria" is "SSNS".
func stripCountry(name string, p place) string {
	if p.code == "" {
		return name
	}
	is := func(s string) bool {
		code, ok := CountryCode(s)
		return ok && code == p.code
	}
	if parts := strings.Split(name, " - "); len(parts) > 1 {
		if is(parts[0]) {
			return strings.Join(parts[1:], " - ")
		}
		if is(parts[len(parts)-1]) {
			return strings.Join(parts[:len(parts)-1], " - ")
		}
	}
	w := strings.Fields(name)
	// "Rapid Action Batallion of Bangladesh" and "Estado del Mexico" keep
	// their country: it is part of the name.
	dangling := map[string]bool{"of": true, "de": true, "del": true, "di": true, "du": true, "in": true, "the": true}
	for k := 2; k >= 1; k-- {
		if len(w) > k && is(strings.Join(w[:k], " ")) {
			return strings.Join(w[k:], " ")
		}
		if len(w) > k && is(strings.Join(w[len(w)-k:], " ")) && !dangling[strings.ToLower(w[len(w)-k-1])] {
			return strings.Join(w[:len(w)-k], " ")
		}
	}
	return name
}
