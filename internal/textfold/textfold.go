// Package textfold removes accents, the one definition that entity
// resolution, source matching and full-text queries share: "Lévêque" and
// "Leveque" must meet wherever names are compared.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Lower returns s in lower case with its combining marks removed: "Mistò"
// gives "misto". Letters that are not a base letter and a mark (ø, ł) stay.
func Lower(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
