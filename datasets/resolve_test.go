package datasets

import (
	"strings"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func TestLoadRules(t *testing.T) {
	good := "# comment\n\nsame\tGamma International, FinFisher\tgamma-international\tone supplier\n" +
		"distinct\tcomputerlinks-ag\tcomputerlinks-fzco\ttwo companies\r\n" +
		"  # indented comment\n" +
		"nongov\tIrancell (Iran)\tmobile operator\tnot a government body\n"
	rules, err := LoadRules(strings.NewReader(good))
	if err != nil {
		t.Fatalf("LoadRules: %v", err)
	}
	want := []Rule{
		{Verb: Same, A: "Gamma International, FinFisher", B: "gamma-international", Note: "one supplier", Line: 3},
		{Verb: Distinct, A: "computerlinks-ag", B: "computerlinks-fzco", Note: "two companies", Line: 4},
		{Verb: NonGov, A: "Irancell (Iran)", B: "mobile operator", Note: "not a government body", Line: 6},
	}
	if len(rules) != len(want) {
		t.Fatalf("got %d rules, want %d: %+v", len(rules), len(want), rules)
	}
	for i := range want {
		if rules[i] != want[i] {
			t.Errorf("rule %d = %+v, want %+v", i, rules[i], want[i])
		}
	}

	bad := []struct {
		name, in, want string
	}{
		{"too few columns", "# x\nsame\tArea\tarea\n", "line 2: want 4 tab-separated columns"},
		{"spaces not tabs", "same Area area note\n", "line 1: want 4"},
		{"unknown verb", "\n\nalias\tArea\tarea\tnote\n", "line 3: unknown verb \"alias\""},
		{"bad id", "same\tArea\tArea SpA\tnote\n", "line 1: id \"Area SpA\" is not a lowercase slug"},
		{"distinct bad id", "distinct\tarea\tBad_Id\tnote\n", "line 1: id \"Bad_Id\""},
		{"distinct same id", "distinct\tarea\tarea\tnote\n", "line 1: distinct needs two different ids"},
		{"empty column", "same\t\tarea\tnote\n", "line 1: the second and third columns must not be empty"},
		{"no note", "same\tArea\tarea\t \n", "line 1: the note is empty"},
		{"duplicate name", "same\tArea SpA\tarea\tnote\n#\nsame\tAREA SPA\tarea-2\tnote\n", "line 3: repeats the rule of line 1"},
		{"duplicate pair", "distinct\ta\tb\tnote\ndistinct\tb\ta\tnote\n", "line 2: repeats the rule of line 1"},
		{"punctuation only", "nongov\t--\tx\tnote\n", "line 1: the name \"--\" has no letters or digits"},
	}
	for _, tt := range bad {
		_, err := LoadRules(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadRules error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func ent(id string, kind schema.Kind, name string, kv ...any) schema.Entity {
	e := schema.Entity{ID: id, Kind: kind, Props: map[string]any{"name": name}}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Props[kv[i].(string)] = kv[i+1]
	}
	return e
}

func TestResolver(t *testing.T) {
	seed := []schema.Entity{
		ent("area", schema.Company, "Area SpA", "aliases", []string{"Area S.p.A.", "Area"}, "country", "IT"),
		ent("gamma-international", schema.Company, "Gamma International", "aliases", []string{"Gamma Group"}),
		ent("computerlinks-ag", schema.Company, "Computerlinks AG"),
		ent("computerlinks-fzco", schema.Company, "Computerlinks FZCO"),
		ent("acme-a", schema.Company, "Acme Ltd"),
		ent("acme-b", schema.Company, "Acme GmbH"),
		ent("belgium-federal-police", schema.Agency, "Federal Police", "country", "BE"),
		ent("germany-federal-police", schema.Agency, "Federal Police", "country", "DE"),
		ent("ethiopia-insa", schema.Agency, "Information Network Security Agency (INSA)", "aliases", []string{"INSA"}, "country", "ET"),
		ent("syria-government", schema.Government, "Government of Syria", "country", "SY"),
		ent("some-source", schema.Source, "A report", "url", "https://www.example.org/report/"),
	}
	rules := []Rule{
		{Verb: Same, A: "Gamma International, FinFisher", B: "gamma-international", Note: "n", Line: 1},
		{Verb: Same, A: "Nice Systems", B: "nice-systems", Note: "n", Line: 2},
		{Verb: Distinct, A: "computerlinks-ag", B: "computerlinks-fzco", Note: "n", Line: 3},
		{Verb: Same, A: "Unused Name", B: "area", Note: "n", Line: 4},
		{Verb: NonGov, A: "Irancell (Iran)", B: "mobile operator", Note: "n", Line: 5},
	}
	r := NewResolver(seed, rules)
	tests := []struct {
		kind    schema.Kind
		raw     string
		country string
		id      string
		why     string // prefix
		ok      bool
	}{
		{schema.Company, "Gamma International, FinFisher", "", "gamma-international", "alias table (resolution.tsv line 1)", true},
		{schema.Company, "gamma   international,finfisher", "", "gamma-international", "alias table", true},
		{schema.Company, "Nice Systems", "", "nice-systems", "alias table (resolution.tsv line 2) names nice-systems, which no input defines yet", false},
		{schema.Company, "Area SpA", "", "area", "same name as area", true},
		{schema.Company, "AREA", "", "area", "alias of area", true},
		{schema.Company, "Area Srl", "", "area", "same normalised name as area", true},
		{schema.Company, "Gamma Group Ltd", "", "gamma-international", "normalised alias of gamma-international", true},
		{schema.Company, "Computerlinks AG", "", "computerlinks-ag", "same name as computerlinks-ag", true},
		{schema.Company, "Computerlinks", "", "", "no match", false}, // distinct: never on the shared name
		{schema.Company, "Acme", "", "", "ambiguous: same normalised name as acme-a, acme-b", false},
		{schema.Government, "Area SpA", "", "", "no match", false}, // wrong kind
		{schema.Agency, "Federal Police", "", "", "ambiguous: same name as belgium-federal-police, germany-federal-police", false},
		{schema.Agency, "Federal Police", "BE", "belgium-federal-police", "same name as belgium-federal-police", true},
		{schema.Agency, "Federal Police", "FR", "", "no match", false},
		{schema.Agency, "Information Network Security Agency", "ET", "ethiopia-insa", "same name as ethiopia-insa", true},
		{schema.Agency, "insa", "ET", "ethiopia-insa", "alias of ethiopia-insa", true},
		{schema.Company, "", "", "", "empty name", false},
	}
	for _, tt := range tests {
		var id, why string
		var ok bool
		if tt.country != "" {
			id, why, ok = r.ResolveIn(tt.kind, tt.raw, tt.country)
		} else {
			id, why, ok = r.Resolve(tt.kind, tt.raw)
		}
		if id != tt.id || ok != tt.ok || !strings.HasPrefix(why, tt.why) {
			t.Errorf("Resolve(%s, %q, %q) = %q, %q, %v; want %q, %q..., %v", tt.kind, tt.raw, tt.country, id, why, ok, tt.id, tt.why, tt.ok)
		}
	}

	if what, rule, ok := r.NonGov("IRANCELL (Iran)"); !ok || what != "mobile operator" || rule.Line != 5 {
		t.Errorf("NonGov = %q, %+v, %v", what, rule, ok)
	}
	if id, _, ok := r.KnownSource("http://example.org/report", "", schema.Date{}); !ok || id != "some-source" {
		t.Errorf("KnownSource = %q, %v; want some-source", id, ok)
	}

	// Adding an entity makes it resolvable; FreeID steps around taken ids.
	r.Add(ent("nice-systems", schema.Company, "Nice Systems"))
	if id, _, ok := r.Resolve(schema.Company, "NICE Systems Ltd"); !ok || id != "nice-systems" {
		t.Errorf("after Add: Resolve = %q, %v", id, ok)
	}
	if got := r.FreeID("area"); got != "area-2" {
		t.Errorf("FreeID(area) = %q, want area-2", got)
	}
	if got := r.FreeID("brand-new"); got != "brand-new" {
		t.Errorf("FreeID(brand-new) = %q", got)
	}

	unused := r.UnusedRules(rules)
	if len(unused) != 1 || unused[0].Line != 4 {
		t.Errorf("UnusedRules = %+v, want only line 4", unused)
	}
	coll := r.Collisions()
	// acme-a/acme-b collide with no rule. The two federal police agencies
	// are of two countries, and Computerlinks has a distinct rule.
	if len(coll) != 1 || !strings.Contains(coll[0], "acme-a and acme-b") {
		t.Errorf("Collisions = %q", coll)
	}
}
