package graphdb

import (
	"slices"
	"testing"
)

func TestSearchQueries(t *testing.T) {
	for _, tt := range []struct {
		text         string
		exact, fuzzy string
	}{
		{"Hacking Tem", "(hacking^2 OR hacking*) AND (tem^2 OR tem*)", "(hacking OR hacking~2) AND (tem OR tem~1)"},
		{"Gama", "(gama^2 OR gama*)", "(gama OR gama~1)"},
		{"NSO", "(nso^2 OR nso*)", "(nso OR nso~1)"},
		{"Fédération ÉTÉ", "(federation^2 OR federation*) AND (ete^2 OR ete*)", "(federation OR federation~2) AND (ete OR ete~1)"},
		{"x 2", "(x^2 OR x*) AND (2^2 OR 2*)", "(x OR x*) AND (2 OR 2*)"},
		{`") OR 1=1 //~`, "(1^2 OR 1*) AND (1^2 OR 1*)", "(1 OR 1*) AND (1 OR 1*)"},
		{"Government of Egypt", "(government^2 OR government*) AND (egypt^2 OR egypt*)", "(government OR government~2) AND (egypt OR egypt~1)"},
		{"The", "(the^2 OR the*)", "(the OR the~1)"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			w := queryWords(tt.text)
			if got := exactTextQuery(w); got != tt.exact {
				t.Errorf("exact: %s, want %s", got, tt.exact)
			}
			if got := fuzzyTextQuery(w); got != tt.fuzzy {
				t.Errorf("fuzzy: %s, want %s", got, tt.fuzzy)
			}
		})
	}
}

func TestCountriesNamed(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Egypt", []string{"EG"}},
		{"egypt", []string{"EG"}},
		{"United Kingdom", []string{"GB"}},
		{"Britain", []string{"GB"}},
		{"UK", []string{"GB"}},
		{"Korea (South)", []string{"KR"}},
		{"Korea", []string{"KP", "KR"}},
		{"South Korea", []string{"KR"}},
		{"Bosnia and Herzegovina", []string{"BA"}},
		{"Côte d'Ivoire", []string{"CI"}},
		{"UAE", []string{"AE"}},
		{"Government of Egypt", nil},
		{"Hacking Team", nil},
		{"", nil},
	} {
		if got := countriesNamed(foldedWords(tt.text)); !slices.Equal(got, tt.want) {
			t.Errorf("%q names %v, want %v", tt.text, got, tt.want)
		}
	}
}
