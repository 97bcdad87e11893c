package datasets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/survgraph/survgraph/internal/textfold"
	"github.com/survgraph/survgraph/schema"
)

// letters that NFD does not decompose into a base letter and a mark.
var foldReplacer = strings.NewReplacer(
	"ß", "ss", "ø", "o", "Ø", "o", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe",
	"ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ı", "i", "þ", "th", "ð", "d",
)

// fold lowercases s and removes accents: "Mistò" gives "misto". It lowercases
// first, so that capitals the table lacks ("Þ") fold like their small letter.
func fold(s string) string {
	out := textfold.Lower(strings.ToLower(s))
	// The letters the replacer spells out are replaced after the accents
	// go: "Ǿ" decomposes to "ø" and an acute, so replacing first left an "ø"
	// that a second fold turned into "o" (found by FuzzNormalisation).
	return strings.ToLower(foldReplacer.Replace(out))
}

// legalSuffixes are company-form words dropped from the end of a name, so
// that "Area S.p.A." and "Area" compare equal. Dots are removed before the
// comparison ("S.p.A." is "spa", "A/S" is "as").
var legalSuffixes = map[string]bool{
	"ltd": true, "limited": true, "llc": true, "llp": true, "lp": true, "plc": true,
	"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true, "company": true,
	"gmbh": true, "ag": true, "kg": true, "mbh": true,
	"sa": true, "sas": true, "sarl": true, "spa": true, "srl": true, "sl": true, "sal": true,
	"bv": true, "nv": true, "ab": true, "as": true, "asa": true, "aps": true,
	"oy": true, "oyj": true, "kk": true, "pte": true, "pty": true,
	"sro": true, "zrt": true, "kft": true, "ad": true, "doo": true,
	"fzco": true, "fze": true, "fzc": true, "fz": true, "wll": true, "sdn": true, "bhd": true,
}

var (
	slashFormRE = regexp.MustCompile(`\b(a|s|o)/(s|a|y)\b`) // A/S, S/A, O/Y
	elisionRE   = regexp.MustCompile(`\b([dl])['’]`)        // d'Ivoire, l'Homme: two words
	nonWordRE   = regexp.MustCompile(`[^\p{L}\p{N}]+`)
)

// words lowercases, folds and splits s into words: dots and apostrophes are
// dropped ("S.p.A." is "spa", "Ra'anana" is "raanana") except after a
// French elision ("d'Ivoire" is "d ivoire"), "&" reads "and", and any other
// punctuation separates words.
func words(s string) []string {
	s = fold(s)
	s = strings.ReplaceAll(s, "&", " and ")
	s = slashFormRE.ReplaceAllString(s, "$1$2")
	s = elisionRE.ReplaceAllString(s, "$1 ")
	s = strings.NewReplacer(".", "", "'", "", "’", "", "‘", "", "`", "").Replace(s)
	return strings.Fields(nonWordRE.ReplaceAllString(s, " "))
}

// strictName is a name compared without regard to case, accents, punctuation
// or spacing, but keeping every word: "NICE Systems Ltd." is
// "nice systems ltd".
func strictName(s string) string { return strings.Join(words(s), " ") }

// NormalizeName is the key under which two names count as the same: it
// lowercases, folds accents, drops punctuation, a leading "the" and legal
// suffixes (ltd, gmbh, s.p.a., inc, sa, ...), and collapses spaces. "Area
// S.p.A." and "AREA" both give "area"; "ZTE Corporation" gives "zte".
func NormalizeName(s string) string {
	w := words(s)
	if len(w) > 1 && w[0] == "the" {
		w = w[1:]
	}
	for len(w) > 1 && legalSuffixes[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}

// HasLegalForm reports whether a name ends in a company form that
// NormalizeName drops, such as Ltd, GmbH or S.p.A.: "Acme Ltd" is a firm's
// name.
func HasLegalForm(name string) bool {
	w := words(name)
	return len(w) > 1 && legalSuffixes[w[len(w)-1]]
}

// Slug turns s into an id part of at most max bytes, as the importers make
// ids: "Nokia Siemens Networks" gives "nokia-siemens-networks".
func Slug(s string, max int) string { return slug(s, max) }

// Clean collapses white space and drops format characters, as the
// importers clean every value they read.
func Clean(s string) string { return clean(s) }

// Cut shortens s to at most max bytes at a word boundary, marking the cut.
func Cut(s string, max int) string { return cut(s, max) }

// slug turns s into an id part: "Nokia Siemens Networks" gives
// "nokia-siemens-networks". It keeps every word (legal suffixes too) and cuts
// long results at a word boundary to at most max bytes.
func slug(s string, max int) string {
	w := words(s)
	out := ""
	for _, x := range w {
		next := x
		if out != "" {
			next = out + "-" + x
		}
		if len(next) > max {
			if out == "" {
				out = x[:max]
			}
			break
		}
		out = next
	}
	return out
}

// shortHash is a stable 8-hex-digit digest of s, used to keep ids unique
// when a slug had to be cut.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// clean collapses white space (newlines included), drops zero-width and other
// format characters, and trims.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cut shortens s to at most max bytes at a word boundary, marking the cut.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := strings.LastIndex(s[:max-len("…")], " ")
	if i <= 0 {
		i = max - len("…")
		for i > 0 && !utf8RuneStart(s[i]) {
			i--
		}
	}
	return strings.TrimRight(s[:i], " ,;:") + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// ---- countries ------------------------------------------------------------

// countryAliases are spellings that the ISO short names in schema do not
// cover, including the misspellings found in the datasets ("Norwat").
var countryAliases = map[string]string{
	"united states of america": "US", "united states": "US", "usa": "US", "us": "US",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
	"italia": "IT", "ungheria": "HU", "norwat": "NO", "deutschland": "DE", "brasil": "BR", "espana": "ES", "holland": "NL", "the netherlands": "NL",
	"macao": "MO", "macau": "MO", "hong kong": "HK",
	"south korea": "KR", "republic of korea": "KR", "north korea": "KP",
	"swaziland": "SZ", "eswatini": "SZ", "palestine": "PS", "state of palestine": "PS", "palestinian territories": "PS",
	"macedonia": "MK", "north macedonia": "MK", "fyrom": "MK",
	"democratic republic of congo": "CD", "democratic republic of the congo": "CD", "dr congo": "CD", "drc": "CD",
	"republic of the congo": "CG", "republic of congo": "CG",
	"cote d ivoire": "CI", "cote divoire": "CI", "ivory coast": "CI",
	"bosnia and herzegovina": "BA", "bosnia herzegovina": "BA", "bosnia": "BA",
	"czechia": "CZ", "russian federation": "RU", "myanmar": "MM", "burma": "MM",
	"syrian arab republic": "SY", "islamic republic of iran": "IR", "viet nam": "VN", "lao pdr": "LA",
	"uae": "AE", "emirates": "AE", "saudi": "SA", "ksa": "SA",
	"timor leste": "TL", "cabo verde": "CV", "vatican": "VA", "holy see": "VA",
	"american samoa": "AS", "samoa": "WS", "taiwan": "TW", "republic of china": "TW",
	"central african republic": "CF", "sao tome and principe": "ST",
	"saint kitts and nevis": "KN", "saint lucia": "LC", "saint vincent and the grenadines": "VC",
	"st vincent and the grenadines": "VC", "turks and caicos islands": "TC",
	"brunei darussalam": "BN", "moldova republic of": "MD", "tanzania united republic of": "TZ",
}

// countryByName maps the normalised ISO short name of every code (and the
// aliases above) to the code. Built once.
var countryByName = func() map[string]string {
	m := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			name, ok := schema.CountryName(code)
			if !ok {
				continue
			}
			m[strictName(name)] = code
			// "Myanmar (Burma)": also the part before the parenthesis, unless
			// two names share it ("Samoa (American)", "Samoa (western)").
			if i := strings.Index(name, "("); i > 0 {
				base := strictName(name[:i])
				if prev, dup := m[base]; dup && prev != code {
					m[base] = ""
				} else {
					m[base] = code
				}
			}
		}
	}
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	for k, v := range countryAliases {
		m[strictName(k)] = v
	}
	return m
}()

// CountryCode turns a country as the datasets write it ("United kingdom",
// "Italia", "Norwat", "Hong kong", "Macao", "South africa", "Swaziland",
// "Palestine", "GB") into an ISO 3166-1 alpha-2 code that passes
// [schema.CheckCountry].
//
// Kosovo gives ("", false): its usual code XK is user-assigned, not part of
// ISO 3166-1, and schema.CheckCountry rejects it. Importers keep Kosovo as a
// government entity without a country code (see [nonISOStates]) rather than
// misfile it under Serbia or drop the record.
func CountryCode(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if len(s) == 2 && strings.ToUpper(s) == s && schema.CheckCountry(s) == nil {
		return s, true
	}
	code, ok := countryByName[strictName(s)]
	if !ok {
		return "", false
	}
	if schema.CheckCountry(code) != nil {
		return "", false
	}
	return code, true
}

// nonISOStates are recipients that have a government but no ISO 3166-1 code.
// Their government entity carries no country field.
var nonISOStates = map[string]string{
	"kosovo": "Kosovo",
}

// englishNames override the ISO short names of schema where those read badly
// in "Government of ..." ("Britain (UK)", "Korea (South)").
var englishNames = map[string]string{
	"GB": "United Kingdom", "US": "United States", "KR": "South Korea", "KP": "North Korea",
	"BA": "Bosnia and Herzegovina", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
	"MM": "Myanmar", "SZ": "Eswatini", "MO": "Macao", "AS": "American Samoa", "WS": "Samoa",
	"CF": "Central African Republic", "TF": "French Southern Territories", "MF": "Saint Martin",
	"SX": "Sint Maarten", "VG": "British Virgin Islands", "VI": "United States Virgin Islands",
	"UM": "United States Minor Outlying Islands", "TC": "Turks and Caicos Islands", "BQ": "Caribbean Netherlands",
	"VC": "Saint Vincent and the Grenadines",
}

// theNames take "the" after "Government of".
var theNames = map[string]bool{
	"US": true, "GB": true, "AE": true, "NL": true, "PH": true, "CZ": true, "CD": true, "CG": true,
	"MV": true, "BS": true, "GM": true, "DO": true, "CF": true, "KM": true, "MH": true, "SB": true, "SC": true,
}

// CountryName is the English name survgraph uses for code: schema's ISO
// short name, with "&" written "and" and a few awkward names replaced.
func CountryName(code string) string {
	if n, ok := englishNames[code]; ok {
		return n
	}
	n, ok := schema.CountryName(code)
	if !ok {
		return code
	}
	return strings.ReplaceAll(n, " & ", " and ")
}

// CountryPhrase is a state's name in running text: "the United States",
// "Singapore".
func CountryPhrase(code string) string {
	if theNames[code] {
		return "the " + CountryName(code)
	}
	return CountryName(code)
}

// GovernmentID is the id of a country's government under the curated
// convention: "syria-government", "united-states-government".
func GovernmentID(code string) string { return slug(CountryName(code), 80) + "-government" }

// GovernmentName is "Government of Syria", "Government of the United States".
func GovernmentName(code string) string {
	if theNames[code] {
		return "Government of the " + CountryName(code)
	}
	return "Government of " + CountryName(code)
}

// plural is "1 licence", "3 licences".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
