package datasets

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// RuleVerb says what a line of the alias table (seed/resolution.tsv) means.
type RuleVerb string

// The rule verbs.
const (
	// Same: the raw name A is the entity with id B. The entity may be curated
	// or created by an import; if no input defines it by the time it is
	// needed, the import creates it under that id.
	Same RuleVerb = "same"
	// Distinct: the entities A and B have colliding normalised names but are
	// different. Neither is matched on the shared normalised name, and
	// [Resolver.Collisions] stops reporting the pair.
	Distinct RuleVerb = "distinct"
	// NonGov: the raw end user A (written "<end user> (<country>)") is not a
	// government body; B says what it is (a telecom operator, a company).
	// SUPPLIED joins suppliers to governments and their bodies only, so a
	// transfer whose every end user is such is rejected, with the reason.
	NonGov RuleVerb = "nongov"
)

// Rule is one line of the alias table.
type Rule struct {
	Verb RuleVerb
	A, B string
	Note string
	Line int // 1-based line in the file
}

// LoadRules parses an alias table: one rule a line, four tab-separated
// columns (verb, A, B, note), blank lines and lines starting with # ignored.
//
//	same	Gamma International, FinFisher	gamma-international	one supplier: the SII writes the company and its product line
//	distinct	computerlinks-ag	computerlinks-fzco	two Computerlinks companies, German and Emirati
//	nongov	Irancell (Iran)	telecom operator	a mobile network operator, not a government body
//
// Every error names its line.
func LoadRules(r io.Reader) ([]Rule, error) {
	var rules []Rule
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 4 {
			return nil, fmt.Errorf("line %d: want 4 tab-separated columns (verb, name or id, id or what, note), got %d", line, len(cols))
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		rule := Rule{Verb: RuleVerb(cols[0]), A: cols[1], B: cols[2], Note: cols[3], Line: line}
		if rule.A == "" || rule.B == "" {
			return nil, fmt.Errorf("line %d: the second and third columns must not be empty", line)
		}
		if rule.Note == "" {
			return nil, fmt.Errorf("line %d: the note is empty; say why the rule holds", line)
		}
		var key string
		switch rule.Verb {
		case Same:
			if err := schema.CheckID(rule.B); err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			key = "name " + strictName(rule.A)
		case NonGov:
			key = "name " + strictName(rule.A)
		case Distinct:
			for _, id := range []string{rule.A, rule.B} {
				if err := schema.CheckID(id); err != nil {
					return nil, fmt.Errorf("line %d: %v", line, err)
				}
			}
			if rule.A == rule.B {
				return nil, fmt.Errorf("line %d: distinct needs two different ids", line)
			}
			a, b := rule.A, rule.B
			if b < a {
				a, b = b, a
			}
			key = "pair " + a + " " + b
		default:
			return nil, fmt.Errorf("line %d: unknown verb %q; one of same, distinct, nongov", line, cols[0])
		}
		if key == "name " {
			return nil, fmt.Errorf("line %d: the name %q has no letters or digits", line, rule.A)
		}
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("line %d: repeats the rule of line %d for %q", line, first, rule.A)
		}
		seen[key] = line
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return rules, nil
}

// Resolver decides, deterministically and with a stated reason, which known
// entity a raw name from a dataset means. It knows the curated seed's
// entities and, as imports run, the entities they create ([Resolver.Add]).
//
// A name resolves, in this order, by:
//  1. the alias table (a same rule for that raw name);
//  2. the same name as a known entity of the kind (ignoring case, accents,
//     punctuation and spacing), a trailing parenthesis aside ("Technology
//     Research Department (TRD)");
//  3. an alias of a known entity;
//  4. the same normalised name ([NormalizeName]: legal suffixes dropped);
//  5. the same normalised alias.
//
// The first step that finds exactly one entity wins. A step that finds two
// is ambiguous and stops the search unresolved: it takes a same rule to
// decide, never a guess.
type Resolver struct {
	entities map[string]known
	names    [4]map[string][]string // strict name, strict alias, loose name, loose alias -> ids
	same     ruleIndex
	nongov   ruleIndex
	distinct map[[2]string]Rule
	used     map[int]bool // rule lines consulted successfully
	sources  sourceIndex
	// curated is what the seed already claims (SetCurated); nil: nothing.
	curated *Curated
}

// SetCurated tells the importers what the curated seed already claims, so
// that they merge into it rather than claim it again.
func (r *Resolver) SetCurated(c *Curated) { r.curated = c }

type known struct {
	id      string
	kind    schema.Kind
	name    string
	country string
	loose   string
}

const (
	tierName = iota
	tierAlias
	tierLooseName
	tierLooseAlias
)

var tierWhy = [4]string{"same name as %s", "alias of %s", "same normalised name as %s", "normalised alias of %s"}

// NewResolver returns a resolver that knows the given entities (the curated
// seed: every kind, sources included, so that ids stay unique and links to a
// known URL cite the known Source) and follows the rules of the alias table.
func NewResolver(seed []schema.Entity, table []Rule) *Resolver {
	r := &Resolver{
		entities: map[string]known{},
		same:     ruleIndex{},
		nongov:   ruleIndex{},
		distinct: map[[2]string]Rule{},
		used:     map[int]bool{},
		sources:  newSourceIndex(),
	}
	for i := range r.names {
		r.names[i] = map[string][]string{}
	}
	for _, rule := range table {
		switch rule.Verb {
		case Same:
			r.same.add(rule)
		case NonGov:
			r.nongov.add(rule)
		case Distinct:
			r.distinct[pair(rule.A, rule.B)] = rule
		}
	}
	for _, e := range seed {
		r.Add(e)
	}
	return r
}

// ruleIndex finds the rule for a raw name by its words, ignoring case,
// accents, punctuation and spacing, but not legal forms: "L-3" and "L-3 ASA"
// are different names.
type ruleIndex map[string]Rule

func (x ruleIndex) add(rule Rule) { x[strictName(rule.A)] = rule }

func (x ruleIndex) find(raw string) (Rule, bool) {
	rule, ok := x[strictName(raw)]
	return rule, ok
}

func pair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Add makes e known, so that later names resolve to it. An id already known
// is left as it was.
func (r *Resolver) Add(e schema.Entity) {
	if _, dup := r.entities[e.ID]; dup {
		return
	}
	country, _ := e.Props["country"].(string)
	k := known{id: e.ID, kind: e.Kind, name: e.Name(), country: country, loose: NormalizeName(e.Name())}
	r.entities[e.ID] = k
	add := func(tier int, key string) {
		if key == "" {
			return
		}
		for _, id := range r.names[tier][key] {
			if id == e.ID {
				return
			}
		}
		r.names[tier][key] = append(r.names[tier][key], e.ID)
	}
	for _, n := range nameVariants(e.Name()) {
		add(tierName, strictName(n))
		add(tierLooseName, NormalizeName(n))
	}
	aliases, _ := e.Props["aliases"].([]string)
	for _, a := range aliases {
		add(tierAlias, strictName(a))
		add(tierLooseAlias, NormalizeName(a))
	}
	r.sources.add(e)
}

// nameVariants is the name and, when it ends in a parenthesis, the name
// without it: "Information Network Security Agency (INSA)".
func nameVariants(name string) []string {
	out := []string{name}
	if strings.HasSuffix(strings.TrimSpace(name), ")") {
		if i := strings.LastIndex(name, "("); i > 0 {
			out = append(out, strings.TrimSpace(name[:i]))
		}
	}
	return out
}

// Resolve finds the entity of the given kind that raw names. why says how
// ("alias table (resolution.tsv line 12)", "same normalised name as area").
// When ok is false, id is the id that the alias table assigns to the name
// (the entity is not defined yet), or empty.
//
// An alias-table rule is taken as written, whatever the kind of its target;
// the caller checks the kind ([Resolver.KindOf]) where it matters.
func (r *Resolver) Resolve(kind schema.Kind, raw string) (id, why string, ok bool) {
	return r.resolve(kind, raw, "")
}

// ResolveIn is [Resolver.Resolve] restricted to entities of the given
// country, for names such as "Federal Police" that mean a different body in
// every country. Alias-table rules apply as in Resolve.
func (r *Resolver) ResolveIn(kind schema.Kind, raw, country string) (id, why string, ok bool) {
	if country == "" {
		return "", "no country to resolve in", false
	}
	return r.resolve(kind, raw, country)
}

func (r *Resolver) resolve(kind schema.Kind, raw, country string) (string, string, bool) {
	if rule, ok := r.same.find(raw); ok {
		r.used[rule.Line] = true
		if _, def := r.entities[rule.B]; def {
			return rule.B, fmt.Sprintf("alias table (resolution.tsv line %d)", rule.Line), true
		}
		return rule.B, fmt.Sprintf("alias table (resolution.tsv line %d) names %s, which no input defines yet", rule.Line, rule.B), false
	}
	if strictName(raw) == "" {
		return "", "empty name", false
	}
	keys := [4]string{strictName(raw), strictName(raw), NormalizeName(raw), NormalizeName(raw)}
	for tier, key := range keys {
		var cands []string
		for _, id := range r.names[tier][key] {
			e := r.entities[id]
			if e.kind != kind || (country != "" && e.country != country) {
				continue
			}
			if tier >= tierLooseName && r.distinctFromAnother(e) {
				continue // a distinct rule: never matched on the colliding name
			}
			cands = append(cands, id)
		}
		switch len(cands) {
		case 0:
			continue
		case 1:
			return cands[0], fmt.Sprintf(tierWhy[tier], cands[0]), true
		default:
			sort.Strings(cands)
			return "", "ambiguous: " + fmt.Sprintf(tierWhy[tier], strings.Join(cands, ", ")), false
		}
	}
	return "", "no match", false
}

// distinctFromAnother reports whether a distinct rule says e differs from an
// entity whose normalised name collides with e's.
func (r *Resolver) distinctFromAnother(e known) bool {
	for p, rule := range r.distinct {
		var other string
		switch e.id {
		case p[0]:
			other = p[1]
		case p[1]:
			other = p[0]
		default:
			continue
		}
		if o, ok := r.entities[other]; ok && o.loose == e.loose {
			r.used[rule.Line] = true
			return true
		}
	}
	return false
}

// NonGov says whether the alias table marks the raw end user as not a
// government body, and what it is instead.
func (r *Resolver) NonGov(raw string) (what string, rule Rule, ok bool) {
	rule, ok = r.nongov.find(raw)
	if ok {
		r.used[rule.Line] = true
	}
	return rule.B, rule, ok
}

// HasRule reports whether the alias table has a same or nongov rule for raw,
// which then names one thing even if it contains a comma.
func (r *Resolver) HasRule(raw string) bool {
	_, s := r.same.find(raw)
	_, n := r.nongov.find(raw)
	return s || n
}

// Has reports whether an entity with that id is known.
func (r *Resolver) Has(id string) bool { _, ok := r.entities[id]; return ok }

// KindOf returns the kind of a known entity.
func (r *Resolver) KindOf(id string) (schema.Kind, bool) {
	e, ok := r.entities[id]
	return e.kind, ok
}

// CountryOf returns the country of a known entity, or "".
func (r *Resolver) CountryOf(id string) string { return r.entities[id].country }

// NameOf returns the name of a known entity.
func (r *Resolver) NameOf(id string) string { return r.entities[id].name }

// FreeID returns base if no known entity has it, else base-2, base-3, ...
func (r *Resolver) FreeID(base string) string {
	if len(base) > schema.MaxIDLen-4 {
		base = strings.TrimRight(base[:schema.MaxIDLen-4], "-")
	}
	if !r.Has(base) {
		return base
	}
	for i := 2; ; i++ {
		id := fmt.Sprintf("%s-%d", base, i)
		if !r.Has(id) {
			return id
		}
	}
}

// KnownSource returns the known Source of a document a dataset cites: one
// with the same address, the same title, or nearly the same title on the
// same day (see sourceIndex), and why.
func (r *Resolver) KnownSource(rawURL, title string, day schema.Date) (id, why string, ok bool) {
	return r.sources.find(rawURL, title, day)
}

// UnusedRules returns the rules no resolution has needed: a same or nongov
// rule whose raw name never came up, or a distinct rule whose entities do
// not (or no longer) collide. A stale rule is a sign that the data or the
// seed changed under the table.
func (r *Resolver) UnusedRules(table []Rule) []Rule {
	// A distinct rule is needed exactly when its entities collide.
	for _, rule := range table {
		if rule.Verb != Distinct {
			continue
		}
		a, aok := r.entities[rule.A]
		b, bok := r.entities[rule.B]
		if aok && bok && a.loose == b.loose {
			r.used[rule.Line] = true
		}
	}
	var out []Rule
	for _, rule := range table {
		if !r.used[rule.Line] {
			out = append(out, rule)
		}
	}
	return out
}

// Collisions lists pairs of known entities of one kind whose normalised
// names are equal, whose countries do not tell them apart, and that no
// distinct rule tells apart. Each such pair is
// either one entity defined twice (an import should have merged it) or two
// entities that need a distinct rule.
func (r *Resolver) Collisions() []string {
	groups := map[string][]string{}
	for id, e := range r.entities {
		if e.kind == schema.Source || e.loose == "" {
			continue
		}
		k := string(e.kind) + "\x00" + e.loose
		groups[k] = append(groups[k], id)
	}
	var out []string
	for _, ids := range groups {
		sort.Strings(ids)
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				if _, ok := r.distinct[pair(ids[i], ids[j])]; ok {
					continue
				}
				e, f := r.entities[ids[i]], r.entities[ids[j]]
				if e.country != "" && f.country != "" && e.country != f.country {
					continue // "Federal Police" of two states
				}
				out = append(out, fmt.Sprintf("%s %s and %s share the normalised name %q", e.kind, ids[i], ids[j], e.loose))
			}
		}
	}
	sort.Strings(out)
	return out
}

// addAliasKey indexes one more alias of a known entity.
func (r *Resolver) addAliasKey(id, alias string) {
	if _, ok := r.entities[id]; !ok {
		return
	}
	for tier, key := range map[int]string{tierAlias: strictName(alias), tierLooseAlias: NormalizeName(alias)} {
		if key == "" || contains(r.names[tier][key], id) {
			continue
		}
		r.names[tier][key] = append(r.names[tier][key], id)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Alias looks raw up in the alias table only: ok says a same rule names it,
// defined whether an input defines the rule's target yet.
func (r *Resolver) Alias(raw string) (id, why string, defined, ok bool) {
	rule, ok := r.same.find(raw)
	if !ok {
		return "", "", false, false
	}
	r.used[rule.Line] = true
	_, defined = r.entities[rule.B]
	return rule.B, fmt.Sprintf("alias table (resolution.tsv line %d)", rule.Line), defined, true
}
