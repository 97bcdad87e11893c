package datasets

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/schema"
)

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
	"janury": 1, // sic, in the SII's sources
}

const monthRE = `(jan(?:uary|ury)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

var (
	// "Date accessed 03.02.2016", "accessed on 4 May 2016": not a publication date.
	accessedRE = regexp.MustCompile(`(?i)(date\s+)?(last\s+)?accessed(\s+on)?\s*:?\s*[^,;<>]*`)
	dmyRE      = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthRE + `,?\s+((?:19|20)\d\d)\b`)
	mdyRE      = regexp.MustCompile(`(?i)\b` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	myRE       = regexp.MustCompile(`(?i)\b` + monthRE + `,?\s+((?:19|20)\d\d)\b`)
	numRE      = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b`)
	isoRE      = regexp.MustCompile(`\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`)
	// A year alone counts only as a field of its own in a citation
	// ("..., Amnesty International, 2004"), not inside a sentence ("in
	// the second half of 2008").
	yearRE    = regexp.MustCompile(`(?:^|,)\s*((?:19|20)\d\d)\s*(?:[,.;]|$)`)
	urlDateRE = regexp.MustCompile(`/((?:19|20)\d\d)/(\d\d)(?:/(\d\d))?/`)
)

// findDate finds the first date written in free text, such as a citation
// ("30 April 2013", "October 2016", "18.08.2014", "Nov. 2014"), at the
// precision written. Dates of access are ignored, and so are dates after
// today. Numeric dates are read day first (the SII's sources are European).
func findDate(text string, today time.Time) (schema.Date, bool) {
	text = accessedRE.ReplaceAllString(text, " ")
	type hit struct {
		at int
		d  schema.Date
	}
	var best *hit
	try := func(at int, y, m, d int) {
		date := schema.Date{Year: y, Month: m, Day: d}
		if _, err := schema.ParseDate(date.String()); err != nil || date.Earliest().After(today) {
			return
		}
		if best == nil || at < best.at {
			best = &hit{at, date}
		}
	}
	for _, m := range dmyRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[6]:m[7]]), months[strings.ToLower(text[m[4]:m[5]])], atoi(text[m[2]:m[3]]))
	}
	for _, m := range mdyRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[6]:m[7]]), months[strings.ToLower(text[m[2]:m[3]])], atoi(text[m[4]:m[5]]))
	}
	for _, m := range numRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[6]:m[7]]), atoi(text[m[4]:m[5]]), atoi(text[m[2]:m[3]]))
	}
	for _, m := range isoRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[2]:m[3]]), atoi(text[m[4]:m[5]]), atoi(text[m[6]:m[7]]))
	}
	if best != nil {
		return best.d, true
	}
	for _, m := range myRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[4]:m[5]]), months[strings.ToLower(text[m[2]:m[3]])], 0)
	}
	if best != nil {
		return best.d, true
	}
	for _, m := range yearRE.FindAllStringSubmatchIndex(text, -1) {
		try(m[0], atoi(text[m[2]:m[3]]), 0, 0)
	}
	if best != nil {
		return best.d, true
	}
	return schema.Date{}, false
}

// urlDate reads a date from a URL path such as /2013/07/planet-blue-coat/ or
// /2011/09/01/how-international-firms/.
func urlDate(u string, today time.Time) (schema.Date, bool) {
	m := urlDateRE.FindStringSubmatch(u)
	if m == nil {
		return schema.Date{}, false
	}
	d := schema.Date{Year: atoi(m[1]), Month: atoi(m[2])}
	if m[3] != "" {
		d.Day = atoi(m[3])
	}
	if _, err := schema.ParseDate(d.String()); err != nil || d.Earliest().After(today) {
		return schema.Date{}, false
	}
	return d, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

var (
	urlMonthDateRE = regexp.MustCompile(`(?i)/((?:19|20)\d\d)/` + monthRE + `/(\d\d)/`) // /2021/oct/06/
	urlISODateRE   = regexp.MustCompile(`/((?:19|20)\d\d)-(\d\d)-(\d\d)/`)              // /2022-01-19/
)

// pathDate reads a date from a URL path as urlDate does, and also in the
// forms /2021/oct/06/ and /2022-01-19/.
func pathDate(u string, today time.Time) (schema.Date, bool) {
	if d, ok := urlDate(u, today); ok {
		return d, true
	}
	var d schema.Date
	if m := urlMonthDateRE.FindStringSubmatch(u); m != nil {
		d = schema.Date{Year: atoi(m[1]), Month: months[strings.ToLower(strings.TrimSuffix(m[2], "."))], Day: atoi(m[3])}
	} else if m := urlISODateRE.FindStringSubmatch(u); m != nil {
		d = schema.Date{Year: atoi(m[1]), Month: atoi(m[2]), Day: atoi(m[3])}
	} else {
		return schema.Date{}, false
	}
	if _, err := schema.ParseDate(d.String()); err != nil || d.Earliest().After(today) {
		return schema.Date{}, false
	}
	return d, true
}
