package datasets

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/survgraph/survgraph/internal/textfold"
	"github.com/survgraph/survgraph/schema"
)

// sourceIndex finds the known Source that a dataset's citation of a
// document names, so that one document is one Source whoever cites it: by
// the same address (SourceURLKey), the same title (SourceTitleKey), or a
// title nearly the same on the same day (a typo or a reworded headline in
// one citation).
type sourceIndex struct {
	urls, titles map[string]string
	byDay        map[string][]datedTitle
}

type datedTitle struct {
	id    string
	words map[string]bool
}

func newSourceIndex() sourceIndex {
	return sourceIndex{urls: map[string]string{}, titles: map[string]string{}, byDay: map[string][]datedTitle{}}
}

func (x sourceIndex) add(e schema.Entity) {
	if e.Kind != schema.Source {
		return
	}
	if u, ok := e.Props["url"].(string); ok {
		if k := SourceURLKey(u); x.urls[k] == "" {
			x.urls[k] = e.ID
		}
	}
	if k := SourceTitleKey(e.Name()); k != "" && x.titles[k] == "" {
		x.titles[k] = e.ID
	}
	if d, ok := e.Props["publishedAt"].(schema.Date); ok && d.Day != 0 {
		x.byDay[d.String()] = append(x.byDay[d.String()], datedTitle{e.ID, titleWords(e.Name())})
	}
}

// sameTitleShare is how much two titles of one day must share, as the
// Jaccard index of their words, to name one document.
const sameTitleShare = 0.75

// find returns the known Source for a document, and why.
func (x sourceIndex) find(rawURL, title string, day schema.Date) (id, why string, ok bool) {
	if rawURL != "" {
		if id := x.urls[SourceURLKey(rawURL)]; id != "" {
			return id, "a known Source with this address", true
		}
	}
	if k := SourceTitleKey(title); k != "" {
		if id := x.titles[k]; id != "" {
			return id, "a known Source with this title", true
		}
	}
	if day.Day != 0 {
		words := titleWords(title)
		for _, t := range x.byDay[day.String()] {
			if jaccard(words, t.words) >= sameTitleShare {
				return t.id, "a known Source of the same day with nearly the same title", true
			}
		}
	}
	return "", "", false
}

// SourceURLKey is an address as it identifies a document: without scheme,
// "www." or a trailing slash; and, for an address whose last segment is a
// headline slug ("italian-firm-exits-syrian-monitoring-project"), the host
// and that slug only, so that one article filed under two paths is one.
func SourceURLKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	if i := strings.LastIndex(p, "/"); i >= 0 && strings.Count(p[i+1:], "-") >= 3 && u.RawQuery == "" {
		last := strings.ToLower(p[i+1:])
		for _, ext := range []string{".html", ".htm"} {
			last = strings.TrimSuffix(last, ext)
		}
		return host + "/…/" + last
	}
	k := host + p
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

// SourceTitleKey is a title as it identifies a document: letters and
// digits only, lower case, accents and punctuation dropped; "" for a title
// of fewer than four words, which says too little.
func SourceTitleKey(title string) string {
	w := strings.Fields(foldTitle(title))
	if len(w) < 4 {
		return ""
	}
	return strings.Join(w, " ")
}

func foldTitle(s string) string {
	s = textfold.Lower(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		case r == '\'' || r == '’':
			return -1 // firm's, firm’s: one word
		}
		return ' '
	}, s)
}

func titleWords(title string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(foldTitle(title)) {
		out[w] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
