package datasets

import (
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Area S.p.A.", "area"},
		{"AREA", "area"},
		{"Area SpA", "area"},
		{"Nice Systems", "nice systems"},
		{"NICE Systems Ltd.", "nice systems"},
		{"ZTE", "zte"},
		{"ZTE Corporation", "zte"},
		{"Gamma International UK Ltd", "gamma international uk"},
		{"Gamma International GmbH", "gamma international"},
		{"ETI A/S", "eti"},
		{"ETI AS", "eti"},
		{"Intellexa S.A.", "intellexa"},
		{"Nokia Siemens Networks B.V.", "nokia siemens networks"},
		{"Computerlinks FZCO", "computerlinks"},
		{"Hacking Team S.r.l.", "hacking team"},
		{"Netsweeper, Inc.", "netsweeper"},
		{"Rohde & Schwarz", "rohde and schwarz"},
		{"Rohde and Schwarz", "rohde and schwarz"},
		{"Alessandro Mistò", "alessandro misto"},
		{"Stéphane Salies", "stephane salies"},
		{"Ra'anana", "raanana"},
		{"  Komcept_Solutions  ", "komcept solutions"},
		{"The 5163 Army Division", "5163 army division"},
		{"The", "the"},                            // a suffix or "the" alone stays
		{"Limited", "limited"},                    // never empty
		{"Co of Iran", "co of iran"},              // only trailing forms go
		{"Acme Holding Co. Ltd.", "acme holding"}, // several forms
		{"Straße GmbH", "strasse"},
		{"Alcatel-Lucent", "alcatel lucent"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"United kingdom", "GB", true},
		{"United Kingdom", "GB", true},
		{"UK", "GB", true},
		{"United States of America", "US", true},
		{"Italia", "IT", true},
		{"Norwat", "NO", true},
		{"Norway", "NO", true},
		{"Hong kong", "HK", true},
		{"Macao", "MO", true},
		{"South africa", "ZA", true},
		{"Swaziland", "SZ", true},
		{"Palestine", "PS", true},
		{"South Korea", "KR", true},
		{"Macedonia", "MK", true},
		{"Democratic Republic of Congo", "CD", true},
		{"Cote d'ivoire", "CI", true},
		{"Côte d'Ivoire", "CI", true},
		{"Bosnia and Herzegovina", "BA", true},
		{"Bosnia Herzegovina", "BA", true},
		{"Trinidad and Tobago", "TT", true},
		{"Czech Republic", "CZ", true},
		{"Myanmar", "MM", true},
		{"Russia", "RU", true},
		{"Dominican republic", "DO", true},
		{"Costa rica", "CR", true},
		{"Solomon islands", "SB", true},
		{"Ungheria", "HU", true},
		{"FR", "FR", true},
		{" Syria ", "SY", true},
		{"Kosovo", "", false}, // XK is not ISO 3166-1; see nonISOStates
		{"XK", "", false},
		{"Samoa", "WS", true},
		{"Paris", "", false},
		{"Korea", "", false}, // which one?
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := CountryCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CountryCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok {
			if err := schema.CheckCountry(got); err != nil {
				t.Errorf("CountryCode(%q) = %q fails schema.CheckCountry: %v", tt.in, got, err)
			}
		}
	}
}

func TestGovernmentIDAndName(t *testing.T) {
	tests := []struct{ code, id, name string }{
		{"SY", "syria-government", "Government of Syria"},
		{"US", "united-states-government", "Government of the United States"},
		{"GB", "united-kingdom-government", "Government of the United Kingdom"},
		{"AE", "united-arab-emirates-government", "Government of the United Arab Emirates"},
		{"KR", "south-korea-government", "Government of South Korea"},
		{"BA", "bosnia-and-herzegovina-government", "Government of Bosnia and Herzegovina"},
		{"TT", "trinidad-and-tobago-government", "Government of Trinidad and Tobago"},
		{"CI", "cote-d-ivoire-government", "Government of Côte d'Ivoire"},
		{"NL", "netherlands-government", "Government of the Netherlands"},
		{"HK", "hong-kong-government", "Government of Hong Kong"},
	}
	for _, tt := range tests {
		if got := GovernmentID(tt.code); got != tt.id {
			t.Errorf("GovernmentID(%s) = %q, want %q", tt.code, got, tt.id)
		}
		if got := GovernmentName(tt.code); got != tt.name {
			t.Errorf("GovernmentName(%s) = %q, want %q", tt.code, got, tt.name)
		}
		if err := schema.CheckID(GovernmentID(tt.code)); err != nil {
			t.Errorf("GovernmentID(%s): %v", tt.code, err)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Nokia Siemens Networks", 80, "nokia-siemens-networks"},
		{"@one IT GmbH", 80, "one-it-gmbh"},
		{"Hear & Know", 80, "hear-and-know"},
		{"Drug Enforcement Administration", 12, "drug"},
		{"Supercalifragilistic", 5, "super"},
	}
	for _, tt := range tests {
		if got := slug(tt.in, tt.max); got != tt.want {
			t.Errorf("slug(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestStripCountry(t *testing.T) {
	hu := place{code: "HU", label: "Hungary"}
	tests := []struct {
		in   string
		p    place
		want string
	}{
		{"SSNS - Ungheria", hu, "SSNS"},
		{"Egypt - MOD", place{code: "EG", label: "Egypt"}, "MOD"},
		{"CBA Poland", place{code: "PL", label: "Poland"}, "CBA"},
		{"Brasil PF", place{code: "BR", label: "Brazil"}, "PF"},
		{"Italy - DA - Rental", place{code: "IT", label: "Italy"}, "DA - Rental"},
		{"Rapid Action Batallion of Bangladesh", place{code: "BD", label: "Bangladesh"}, "Rapid Action Batallion of Bangladesh"},
		{"Estado del Mexico", place{code: "MX", label: "Mexico"}, "Estado del Mexico"},
		{"Information Office", hu, "Information Office"},
		{"Hungary", hu, "Hungary"}, // a body that is only the country stays: it is the government
	}
	for _, tt := range tests {
		if got := stripCountry(tt.in, tt.p); got != tt.want {
			t.Errorf("stripCountry(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFindDate(t *testing.T) {
	today := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want string // "" for none
	}{
		{"Citizen Lab, “For Their Eyes Only”, 30 April 2013, ", "2013-04-30"},
		{"Hager, N & Gallagher, R \"Private Eyes\", The Intercept, October 2016 ", "2016-10"},
		{"German Parliament, Drucksache 18/2067, 18.08.2014, Date accessed 03.02.2016, ", "2014-08-18"},
		{"SECO, Industrieprodukte, Date Accessed 4 May 2016, ", ""},
		{"'Private Interests: Monitoring Central Asia', Privacy International, Nov. 2014", "2014-11"},
		{"Africa Intelligence, “Bouteflika”,  N°1176 05/11/2015", "2015-11-05"},
		{"Karr, T, “One U.S. Corporation's Role”, Huffington Post, 28 Janury 2011,", "2011-01-28"},
		{"Markoff, J, “Documents”, The New York Times, April 13, 2006", "2006-04-13"},
		{"Amnesty International, “Undermining Global Security”, 2004", "2004"},
		{"provided TCI with the capability in the second half of 2008, Nokia said", ""},
		{"Someone, 'Later', News, 12 March 2031", ""}, // after today
		{"no date at all", ""},
	}
	for _, tt := range tests {
		d, ok := findDate(tt.in, today)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("findDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLDate(t *testing.T) {
	today := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"https://citizenlab.org/2013/07/planet-blue-coat-redux/", "2013-07"},
		{"http://blog.operationreality.org/2011/09/01/how-international-firms/", "2011-09-01"},
		{"http://www.inside-it.ch/articles/39522", ""},
		{"https://example.org/2013/13/bad/", ""},
	}
	for _, tt := range tests {
		d, ok := urlDate(tt.in, today)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
