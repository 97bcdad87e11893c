package graphdb

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/internal/textfold"
	"github.com/survgraph/survgraph/schema"
)

// What a search finds, and in what order:
//
//   - entities whose name or aliases hold every word as typed, whole or as a
//     prefix (a whole word scores higher);
//   - when the words name a country ("Egypt", "United Kingdom"), every entity
//     of that country, whatever its name, scores as if its name held them;
//   - with Fuzzy, entities whose names hold every word spelled a letter or two
//     apart ("Hacking Tem", "Gama International"): Lucene fuzzy terms in the
//     same full-text index, ranked after all of the above.
//
// Within each of those two tiers, entities that carry claims come first,
// then entities with no relationship (stubs), then sources; and within each
// class the full-text score, weighted by the logarithm of the entity's
// relationships, so that the Government of Egypt ranks above a stub agency
// whose short name matches the word more closely.

// foldedWords are the words of text, lower-cased and without accents (a
// wildcard or fuzzy term bypasses the index's analyzer, so the folding must
// happen here), Lucene's operators dropped.
func foldedWords(text string) []string {
	return strings.FieldsFunc(textfold.Lower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stopWords are the words the index's analyzer leaves out of names
// (Lucene's English stop words). A query term "of" is left out the same way,
// but its prefix form "of*" bypasses the analyzer and, required, would match
// no name: "Government of Egypt" would find nothing.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true,
	"not": true, "of": true, "on": true, "or": true, "such": true, "that": true, "the": true,
	"their": true, "then": true, "there": true, "these": true, "they": true, "this": true, "to": true,
	"was": true, "will": true, "with": true,
}

// queryWords are the folded words of text that a query can require: stop
// words left out, unless text holds nothing else (then they match as
// prefixes of longer words); at most 16.
func queryWords(text string) []string {
	all := foldedWords(text)
	words := make([]string, 0, len(all))
	for _, w := range all {
		if !stopWords[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = all
	}
	if len(words) > 16 {
		words = words[:16]
	}
	return words
}

// exactTextQuery is the Lucene query for words as typed: each word whole
// (boosted) or as a prefix, every word required.
func exactTextQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = fmt.Sprintf("(%s^2 OR %s*)", w, w)
	}
	return strings.Join(terms, " AND ")
}

// fuzzyTextQuery is the Lucene query for words spelled close to these: one
// edit away for words of three to five letters, two for longer ones; words
// shorter than three letters must match as typed, or they would match
// nearly every name.
func fuzzyTextQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		switch n := len([]rune(w)); {
		case n < 3:
			terms[i] = fmt.Sprintf("(%s OR %s*)", w, w)
		case n < 6:
			terms[i] = fmt.Sprintf("(%s OR %s~1)", w, w)
		default:
			terms[i] = fmt.Sprintf("(%s OR %s~2)", w, w)
		}
	}
	return strings.Join(terms, " AND ")
}

// countryAliases are names people use for countries that tzdata names
// otherwise, folded.
var countryAliases = map[string]string{
	"uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB", "swaziland": "SZ",
	"usa": "US", "united states of america": "US", "america": "US",
	"uae": "AE", "emirates": "AE",
	"south korea": "KR", "north korea": "KP",
	"czech republic": "CZ", "czechia": "CZ",
	"holland": "NL", "ivory coast": "CI", "burma": "MM",
	"russian federation": "RU", "turkiye": "TR",
}

// countriesNamed returns the codes of the country the words name, when the
// words are a country's name (or one of its names) and nothing else:
// "egypt", "britain", "uk", "korea south", "korea" (both). "Government of Egypt" names no
// country here, since its words are a name of their own.
func countriesNamed(words []string) []string {
	text := strings.Join(words, " ")
	if text == "" {
		return nil
	}
	if code, ok := countryAliases[text]; ok {
		return []string{code}
	}
	var codes []string
	for _, code := range schema.CountryCodes() {
		name, _ := schema.CountryName(code)
		// tzdata writes "Britain (UK)", "Korea (South)", "Bosnia & Herzegovina":
		// the name before its qualifier counts too ("Korea" names both).
		outer, _, _ := strings.Cut(name, "(")
		if text == strings.Join(foldedWords(name), " ") || text == strings.Join(foldedWords(outer), " ") ||
			text == strings.Join(foldedWords(strings.ReplaceAll(name, "&", "and")), " ") {
			codes = append(codes, code)
		}
	}
	return codes
}

// searchCandidates is the start of a search statement: one row per entity
// the words may mean, as node, tier (0: the words as typed, 1: an entity of
// the country they name, 2: only close spellings) and score, before any
// filter. It sets its parameters in params; ok is false when the text holds
// no word. fuzzy adds the close spellings.
func searchCandidates(text string, fuzzy bool, params map[string]any) (cypher string, ok bool) {
	words := queryWords(text)
	if len(words) == 0 {
		return "", false
	}
	params["index"] = FullTextIndex
	params["exactQuery"] = exactTextQuery(words)
	branches := []string{`CALL db.index.fulltext.queryNodes($index, $exactQuery) YIELD node, score
  RETURN node, score, 0 AS tier, 0.0 AS countryHit`}
	if fuzzy {
		params["fuzzyQuery"] = fuzzyTextQuery(words)
		branches = append(branches, `CALL db.index.fulltext.queryNodes($index, $fuzzyQuery) YIELD node, score
  RETURN node, score, 2 AS tier, 0.0 AS countryHit`)
	}
	if codes := countriesNamed(foldedWords(text)); len(codes) > 0 {
		params["namedCountries"] = codes
		branches = append(branches, fmt.Sprintf(`MATCH (node:%s) WHERE node.country IN $namedCountries
  RETURN node, 0.0 AS score, 1 AS tier, 1.0 AS countryHit`, schema.EntityLabel))
	}
	return fmt.Sprintf(`CALL () {
  %s
}
WITH node, min(tier) AS tier, max(score) + max(countryHit) AS score`, strings.Join(branches, "\n  UNION ALL\n  ")), true
}

// searchRanked ranks candidates: fuzzy (only close spellings), class (0:
// carries claims, 1: a stub with no relationship, 2: a source) and rank.
const searchRanked = `
WITH node, tier, score, COUNT { (node)--() } AS claims
WITH node, tier = 2 AS fuzzy,
  CASE WHEN node.kind = 'Source' THEN 2 WHEN claims = 0 THEN 1 ELSE 0 END AS class,
  score * (1 + log(1 + claims)) AS rank`

// searchHits is a search statement up to its ranked rows: node, fuzzy,
// class and rank, kept by q's kinds and countries.
func searchHits(q schema.Search, params map[string]any) (string, bool) {
	cands, ok := searchCandidates(q.Text, q.Fuzzy, params)
	if !ok {
		return "", false
	}
	params["kinds"], params["countries"] = kindNames(q.Kinds), q.Countries
	if params["countries"] == nil {
		params["countries"] = []string{}
	}
	return cands + `
WHERE (size($kinds) = 0 OR node.kind IN $kinds) AND (size($countries) = 0 OR node.country IN $countries)` + searchRanked, true
}

func kindNames(kinds []schema.Kind) []string {
	names := make([]string, 0, len(kinds))
	for _, k := range kinds {
		names = append(names, string(k))
	}
	return names
}

// SearchSummary counts what Search finds for q, by kind (whatever q's
// kinds) and by country (whatever q's countries), and, when no name holds
// the words as typed, gives up to three names spelled close to them, best
// first, whether q is fuzzy or not. One statement.
func (db *DB) SearchSummary(ctx context.Context, q schema.Search) (schema.SearchSummary, error) {
	params := map[string]any{"kinds": kindNames(q.Kinds), "countries": q.Countries}
	if q.Countries == nil {
		params["countries"] = []string{}
	}
	// The close spellings are read whether q is fuzzy or not, for the
	// names to suggest; fuzzy decides whether they count as found.
	cands, ok := searchCandidates(q.Text, true, params)
	if !ok {
		return schema.SearchSummary{DidYouMean: []string{}, ByKind: []schema.Facet{}, ByCountry: []schema.Facet{}}, nil
	}
	params["fuzzy"] = q.Fuzzy
	cypher := cands + searchRanked + `
WITH node, fuzzy, class, rank,
  size($kinds) = 0 OR node.kind IN $kinds AS kindOK,
  size($countries) = 0 OR node.country IN $countries AS countryOK
WITH collect({k: node.kind, c: coalesce(node.country, ''), f: fuzzy, n: node.name, cl: class, r: rank,
  kindOK: kindOK, countryOK: countryOK, counted: $fuzzy OR NOT fuzzy}) AS hits
CALL (hits) {
  UNWIND hits AS h WITH h WHERE h.counted AND h.countryOK
  WITH h.k AS v, count(*) AS n RETURN collect([v, n]) AS byKind
}
CALL (hits) {
  UNWIND hits AS h WITH h WHERE h.counted AND h.kindOK
  WITH h.c AS v, count(*) AS n RETURN collect([v, n]) AS byCountry
}
CALL (hits) {
  UNWIND hits AS h WITH h WHERE h.f AND h.kindOK AND h.countryOK
  WITH h ORDER BY h.cl, h.r DESC, h.n
  RETURN collect(h.n) AS close
}
RETURN size([h IN hits WHERE h.counted AND h.kindOK AND h.countryOK]) AS total,
  size([h IN hits WHERE NOT h.f AND h.kindOK AND h.countryOK]) AS exact, byKind, byCountry, close`
	out, err := readStatement(ctx, db, cypher, params, func(ctx context.Context, res neo4j.ResultWithContext) (schema.SearchSummary, error) {
		rec, err := res.Single(ctx)
		if err != nil {
			return schema.SearchSummary{}, err
		}
		s := schema.SearchSummary{DidYouMean: []string{}}
		var d decoder
		s.Total = int(get[int64](&d, rec.Values[0], "a count"))
		s.Exact = int(get[int64](&d, rec.Values[1], "a count"))
		s.ByKind = facetPairs(&d, rec.Values[2])
		s.ByCountry = facetPairs(&d, rec.Values[3])
		if s.Exact == 0 {
			seen := map[string]bool{}
			for _, n := range stringList(&d, rec.Values[4], "names") {
				if !seen[n] && len(s.DidYouMean) < 3 {
					seen[n] = true
					s.DidYouMean = append(s.DidYouMean, n)
				}
			}
		}
		return s, d.err
	})
	if err != nil {
		return schema.SearchSummary{}, fmt.Errorf("summing up the search for %q: %w", q.Text, err)
	}
	return out, nil
}

// facetPairs reads a list of [value, count] pairs, most first, then by value.
func facetPairs(d *decoder, v any) []schema.Facet {
	list := []schema.Facet{}
	for _, p := range get[[]any](d, v, "facets") {
		if pair := get[[]any](d, p, "a facet"); len(pair) == 2 {
			list = appendFacet(d, list, pair[0], pair[1])
		}
	}
	sortFacets(list)
	return list
}
