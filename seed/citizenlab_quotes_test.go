package seed_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/survgraph/survgraph/schema"
)

// The Citizen Lab reports the seed cites are kept in full in the repository
// (datasets/data/citizenlab-reports, see its MANIFEST), so every quote taken
// from one of them can be checked against the text it claims to copy.

const citizenLabReports = "../datasets/data/citizenlab-reports/reports.json"

// quoteNorm is the small normalisation applied to both a quote and the report
// text before looking for the one in the other, so that only typography the
// YAML cannot easily reproduce is forgiven, never a word:
//   - curly single quotes and apostrophes (‘ ’ ‚ ‛ ′) become ', curly double
//     quotes (“ ” „ ‟ ″) become ";
//   - the dashes ‒ – — ― and the minus sign − become -;
//   - every run of white space (including no-break spaces and line breaks,
//     as between the cells of a table) becomes one space, and the ends are
//     trimmed.
//
// Case, punctuation, footnote numbers and spelling must match exactly.
func quoteNorm(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case '‘', '’', '‚', '‛', '′':
			r = '\''
		case '“', '”', '„', '‟', '″':
			r = '"'
		case '‒', '–', '—', '―', '−':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// reportKey makes two addresses of one report compare equal when they differ
// only in scheme (http or https) or a trailing slash.
func reportKey(url string) string {
	u := strings.TrimSpace(url)
	for _, p := range []string{"https://", "http://"} {
		if len(u) >= len(p) && strings.EqualFold(u[:len(p)], p) {
			u = u[len(p):]
			break
		}
	}
	return strings.TrimRight(u, "/")
}

type citizenLabReport struct {
	Link, Title string
	text        string // normalised
}

func loadCitizenLabReports(t *testing.T) map[string]citizenLabReport {
	t.Helper()
	raw, err := os.ReadFile(citizenLabReports)
	if err != nil {
		t.Fatalf("the Citizen Lab reports are needed to check quotes: %v", err)
	}
	var rows []struct {
		ReportLink string `json:"report_link"`
		Title      string `json:"title"`
		Text       string `json:"text"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatalf("%s: %v", citizenLabReports, err)
	}
	out := map[string]citizenLabReport{}
	for _, r := range rows {
		out[reportKey(r.ReportLink)] = citizenLabReport{Link: r.ReportLink, Title: r.Title, text: quoteNorm(r.Text)}
	}
	return out
}

// TestCitizenLabQuotesAreVerbatim checks every citation, of an entity or a
// relationship, whose source's url is one of the Citizen Lab reports in the
// dataset: its quote must occur in that report's text.
func TestCitizenLabQuotesAreVerbatim(t *testing.T) {
	reports := loadCitizenLabReports(t)
	g := curated(t)
	reportOf := map[string]citizenLabReport{} // source id -> report
	for _, e := range g.Entities {
		if e.Kind != schema.Source {
			continue
		}
		if u, _ := e.Props["url"].(string); u != "" {
			if r, ok := reports[reportKey(u)]; ok {
				reportOf[e.ID] = r
			}
		}
	}
	if len(reportOf) == 0 {
		t.Fatal("no source of the seed is a Citizen Lab report of the dataset; the check would be vacuous")
	}
	checked := 0
	check := func(what, id string, cites []schema.Citation) {
		for _, c := range cites {
			r, ok := reportOf[c.Source]
			if !ok {
				continue
			}
			checked++
			q := quoteNorm(c.Quote)
			if q == "" {
				t.Errorf("%s %s: citation of %s has no quote", what, id, c.Source)
				continue
			}
			if !strings.Contains(r.text, q) {
				t.Errorf("%s %s: the quote is not in %s (%s):\n\t%q", what, id, c.Source, r.Link, c.Quote)
			}
		}
	}
	for _, e := range g.Entities {
		check("entity", e.ID, e.Citations)
	}
	for _, rel := range g.Relationships {
		check("relationship", rel.ID, rel.Citations)
	}
	t.Logf("%d citations of %d Citizen Lab reports checked", checked, len(reportOf))
}

// The FinFisher server scan (Bill Marczak, citizenlab/spyware-scan) is cited
// row by row: the quote is the row as it stands in ff.csv, and the locator
// names the row by its IP address.
const finFisherScan = "../datasets/data/citizenlab-finfisher-scan/ff.csv"

func TestFinFisherScanRowsAreVerbatim(t *testing.T) {
	raw, err := os.ReadFile(finFisherScan)
	if err != nil {
		t.Fatalf("the scan results are needed to check quotes: %v", err)
	}
	lines := map[string]string{} // row as written -> its IP
	recs, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", finFisherScan, err)
	}
	for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if i > 0 && i < len(recs) {
			lines[strings.TrimRight(line, "\r")] = recs[i][0]
		}
	}
	g := curated(t)
	scan := map[string]bool{}
	for _, e := range g.Entities {
		if loc, _ := e.Props["locator"].(string); e.Kind == schema.Source && strings.HasPrefix(loc, "citizenlab/spyware-scan@") {
			scan[e.ID] = true
		}
	}
	checked := 0
	check := func(id string, cites []schema.Citation) {
		for _, c := range cites {
			if !scan[c.Source] {
				continue
			}
			checked++
			ip, ok := lines[c.Quote]
			if !ok {
				t.Errorf("%s: the quote of %s is not a row of ff.csv: %q", id, c.Source, c.Quote)
				continue
			}
			if !strings.Contains(c.Locator, "row with IP "+ip) {
				t.Errorf("%s: the locator of %s should name the row by its IP (%q): %q", id, c.Source, "row with IP "+ip, c.Locator)
			}
		}
	}
	for _, e := range g.Entities {
		check(e.ID, e.Citations)
	}
	for _, rel := range g.Relationships {
		check(rel.ID, rel.Citations)
	}
	t.Logf("%d citations of the FinFisher scan checked", checked)
}
