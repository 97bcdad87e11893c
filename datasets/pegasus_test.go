package datasets

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

func checkFixtureOperators(t *testing.T, im *Import) {
	rep := im.Report
	if rep.Read != 10 || rep.Claims != 7 || len(rep.Rejected) != 3 {
		t.Fatalf("report: read %d, claims %d, rejected %+v", rep.Read, rep.Claims, rep.Rejected)
	}
	for i, want := range []struct {
		record int
		reason string
	}{{2, "no suspected operator"}, {6, "operator not a country"}, {7, "malformed row"}} {
		if x := rep.Rejected[i]; x.Record != want.record || !strings.HasPrefix(x.Reason, want.reason) {
			t.Errorf("rejection %d: %+v, want record %d, %q", i, x, want.record, want.reason)
		}
	}
	if len(rep.MergedIntoCurated) != 1 || !strings.Contains(rep.MergedIntoCurated[0], "rows 1, 5 (Mexico, Pegasus)") {
		t.Errorf("merged: %q", rep.MergedIntoCurated)
	}
	for _, r := range im.Graph.Relationships {
		if r.Type != schema.Deployed || r.Status != schema.Alleged || r.Basis != schema.BasisMeasurement {
			t.Errorf("%s: %s %s %s; want DEPLOYED ALLEGED MEASUREMENT", r.ID, r.Type, r.Status, r.Basis)
		}
	}
	checkFixtureIndia(t, im)
	// One row, two operators: each takes its own dates.
	sv := mustRel(t, im, "el-salvador-government.deployed.pegasus.granitt")
	if sv.Period != (schema.Period{Start: schema.MustDate("2021-04-12"), End: schema.MustDate("2021-07-08")}) {
		t.Errorf("El Salvador period %v", sv.Period)
	}
	// Candiru's rows cite their own list, and so does the government they create.
	es := mustRel(t, im, "spain-government.deployed.devilstongue.granitt")
	if !citesSource(es, CandiruSourceID) || citesSource(es, PegasusSourceID) {
		t.Errorf("Spain citations %+v", es.Citations)
	}
	if g := mustEntity(t, im, "spain-government"); g.Citations[0].Source != CandiruSourceID {
		t.Errorf("Spain's government cites %+v", g.Citations)
	}
	names := caseNames(t, "testdata/pegasus/data-pegasus-victims.csv", "testdata/pegasus/data-candiru-victims.csv")
	if where := nameIn(im.Graph, names); where != "" {
		t.Errorf("a targeted person's name is in the import: %s", where)
	}
	if src := mustEntity(t, im, PegasusSourceID); src.Props["licence"] != GranittLicence {
		t.Errorf("licence %v", src.Props["licence"])
	}
}

// checkFixtureIndia: the sources of one claim, by how each is dated.
func checkFixtureIndia(t *testing.T, im *Import) {
	in := mustRel(t, im, "india-government.deployed.pegasus.granitt")
	if in.Period != (schema.Period{Start: schema.MustDate("2019"), End: schema.MustDate("2020")}) {
		t.Errorf("India period %v", in.Period)
	}
	if !citesSource(in, "fixture-citizenlab-2016-08-report") {
		t.Error("the citizenlab.ca address does not cite the Source known at citizenlab.org")
	}
	var scroll *schema.Entity
	for _, c := range in.Citations {
		if e := findEntity(im, c.Source); e != nil && strings.HasPrefix(e.ID, "scrollin") {
			scroll = e
		}
	}
	if scroll == nil || scroll.Props["publishedAt"] != schema.MustDate("2019-10-31") ||
		!strings.Contains(scroll.Props["description"].(string), "disclosure date of data-pegasus-victims.csv rows 3, 4") {
		t.Errorf("the Scroll link is not dated from the rows it discloses: %+v", scroll)
	}
	if len(in.Citations) != 3 {
		t.Errorf("India cites %d sources; want the list, Scroll and the known report: %+v", len(in.Citations), in.Citations)
	}
	for k, want := range map[string]int{"links not cited: no date": 2, "links not cited: the address names a person the lists name": 1} {
		if got := im.Report.Counts[k]; got != want {
			t.Errorf("%s: %d, want %d", k, got, want)
		}
	}
}

// caseNames reads the name column of the case lists, independently of the
// importer.
func caseNames(t *testing.T, paths ...string) []string {
	t.Helper()
	var names []string
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1 // the fixture has a malformed row
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			if n := strings.TrimSpace(rec[0]); n != "" {
				names = append(names, n)
			}
		}
	}
	return names
}

// nameIn returns where in g a name appears, word for word, in any string:
// ids, fields, lists, summaries, quotes, locators.
func nameIn(g schema.Graph, names []string) string {
	check := func(where string, texts ...string) string {
		if containsAnyName(texts, names) {
			return where
		}
		return ""
	}
	for _, e := range g.Entities {
		texts := []string{e.ID}
		for _, v := range e.Props {
			switch x := v.(type) {
			case string:
				texts = append(texts, x)
			case []string:
				texts = append(texts, x...)
			}
		}
		for _, c := range e.Citations {
			texts = append(texts, c.Quote, c.Locator)
		}
		if w := check("entity "+e.ID, texts...); w != "" {
			return w
		}
	}
	for _, r := range g.Relationships {
		texts := []string{r.ID, r.Summary, r.Role}
		for _, c := range r.Citations {
			texts = append(texts, c.Quote, c.Locator)
		}
		if w := check("relationship "+r.ID, texts...); w != "" {
			return w
		}
	}
	return ""
}

// TestNameInCanFail: the check finds a name however an address writes it.
func TestNameInCanFail(t *testing.T) {
	names := []string{"Casey Test", "Al Jazeera #2"}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"https://news.example.org/2019/11/09/casey-test-was-hacked/", true},
		{"CASEY TEST", true},
		{"Caseys Testing", false},
		{"al-jazeera-2", true},
		{"Al Jazeera", false},
	} {
		g := schema.Graph{Entities: []schema.Entity{{ID: "x", Props: map[string]any{"name": tt.text}}}}
		if got := nameIn(g, names) != ""; got != tt.want {
			t.Errorf("%q: found %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestCaseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"2018-06-02", "2018-06-02"}, {"2018-06-xx", "2018-06"}, {"2018-xx-xx", "2018"}, {"2020-02", "2020-02"},
		{"2016", "2016"}, {" 2016 ", "2016"}, {"unknown", ""}, {"2999", ""}, {"", ""},
	} {
		d, ok := caseDate(tt.in)
		if got := d.String(); ok != (tt.want != "") || (ok && got != tt.want) {
			t.Errorf("caseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestOfOperator(t *testing.T) {
	for _, tt := range []struct {
		values []string
		i, n   int
		want   string
	}{
		{[]string{"2016", "2021"}, 0, 1, "2016 2021"}, // one operator: every value
		{[]string{"2016", "2021"}, 1, 2, "2021"},      // one value per operator
		{[]string{"2016", "2020", "2021"}, 0, 2, ""},  // neither: none
		{nil, 0, 2, ""},
	} {
		if got := strings.Join(ofOperator(tt.values, tt.i, tt.n), " "); got != tt.want {
			t.Errorf("ofOperator(%v, %d, %d) = %q, want %q", tt.values, tt.i, tt.n, got, tt.want)
		}
	}
}

func TestPathDate(t *testing.T) {
	today := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ url, want string }{
		{"https://citizenlab.ca/2016/08/million-dollar-dissident/", "2016-08"},
		{"https://www.nytimes.com/2019/11/09/technology/x.html", "2019-11-09"},
		{"https://www.theguardian.com/world/2021/oct/06/dubai-ruler", "2021-10-06"},
		{"https://english.elpais.com/usa/2022-01-19/a-movie.html", "2022-01-19"},
		{"https://scroll.in/latest/942218/nagpur-lawyer", ""},
		{"https://example.org/2030/01/future/", ""},
		{"https://example.org/2021/13/bad-month/", ""},
	} {
		d, ok := pathDate(tt.url, today)
		if got := d.String(); ok != (tt.want != "") || (ok && got != tt.want) {
			t.Errorf("pathDate(%q) = %q, %v; want %q", tt.url, got, ok, tt.want)
		}
	}
}

func TestRowSourceDates(t *testing.T) {
	cases := []spywareCase{
		{row: 1, disclosed: []string{"2019-10-31"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/a", "https://x.org/b"}},
		{row: 2, disclosed: []string{"2019-10-31"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/a"}},
		{row: 3, disclosed: []string{"2019-11-03"}, by: []string{"The Telegraph"}, sources: []string{"https://scroll.in/a"}}, // not Scroll's row
		{row: 4, disclosed: []string{"2020-01-01"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/c", "https://scroll.in/d"}},
		{row: 5, disclosed: []string{"2020-06-15"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/e"}},
		{row: 6, disclosed: []string{"2020-06-16"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/e"}},
		{row: 7, disclosed: []string{"2020-06"}, by: []string{"Scroll"}, sources: []string{"https://scroll.in/f"}}, // no day
	}
	got := rowSourceDates(cases)
	if a := got["https://scroll.in/a"]; a.conflict || a.date != schema.MustDate("2019-10-31") || len(a.rows) != 2 {
		t.Errorf("scroll.in/a: %+v", a)
	}
	for _, u := range []string{"https://x.org/b", "https://scroll.in/c", "https://scroll.in/d", "https://scroll.in/f"} {
		if _, ok := got[u]; ok {
			t.Errorf("%s was given a date: %+v", u, got[u])
		}
	}
	if e := got["https://scroll.in/e"]; !e.conflict {
		t.Errorf("two rows with two dates: %+v", e)
	}
}

func TestURLVariants(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://citizenlab.ca/2016/08/x/", "https://citizenlab.ca/2016/08/x/ https://citizenlab.org/2016/08/x/"},
		{"https://web.archive.org/web/20230228194640/https://apnews.com/article/a5", "https://web.archive.org/web/20230228194640/https://apnews.com/article/a5 https://apnews.com/article/a5"},
		{"https://example.org/a", "https://example.org/a"},
	} {
		if got := strings.Join(urlVariants(tt.in), " "); got != tt.want {
			t.Errorf("urlVariants(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
