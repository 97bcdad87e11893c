package datasets

import (
	"reflect"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

// TestTransferStatus: a licence statistic or a measurement is never more
// than ALLEGED, and a transfer reported as not completed makes no claim.
func TestTransferStatus(t *testing.T) {
	tests := []struct {
		basis    schema.Basis
		complete string
		want     schema.ClaimStatus
		ok       bool
	}{
		{schema.BasisExportStatistics, "Yes", schema.Alleged, true},
		{schema.BasisExportStatistics, "Unknown", schema.Alleged, true},
		{schema.BasisExportStatistics, "", schema.Alleged, true},
		{schema.BasisExportStatistics, "No", "", false},
		{schema.BasisMeasurement, "Yes", schema.Alleged, true},
		{schema.BasisPress, "Yes", schema.Reported, true},
		{schema.BasisPress, " yes ", schema.Reported, true},
		{schema.BasisLeak, "Yes", schema.Reported, true},
		{schema.BasisPress, "Unknown", schema.Alleged, true},
		{schema.BasisPress, "No", "", false},
	}
	for _, tt := range tests {
		got, ok := TransferStatus(tt.basis, tt.complete)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TransferStatus(%s, %q) = %q, %v; want %q, %v", tt.basis, tt.complete, got, ok, tt.want, tt.ok)
		}
	}
}

// TestTransferBasis reads what a record rests on from its kind and sources.
func TestTransferBasis(t *testing.T) {
	tests := []struct {
		kind    string
		sources []string
		want    schema.Basis
		ok      bool
	}{
		{"Export data", nil, schema.BasisExportStatistics, true},
		{"Open", []string{"https://citizenlab.org/2013/07/planet-blue-coat-redux/"}, schema.BasisMeasurement, true},
		{"Open", []string{"Citizen Lab, For Their Eyes Only, <https://citizenlab.org/2013/04/for-their-eyes-only-2/>"}, schema.BasisMeasurement, true},
		{"Open", []string{"https://wikileaks.org/hackingteam/emails/emailid/3168"}, schema.BasisLeak, true},
		{"Open", []string{"Client Overview_list_20150401.xlsx"}, schema.BasisLeak, true},
		{"Open", []string{"https://www.fpds.gov/ezsearch/search.do?q=verint"}, schema.BasisDocument, true},
		{"Open", []string{"http://www.bloomberg.com/news/2011-11-03/syria-crackdown"}, schema.BasisPress, true},
		{"Open", nil, schema.BasisPress, true},
		{"Leak", nil, "", false},
	}
	for _, tt := range tests {
		got, ok := TransferBasis(tt.kind, tt.sources)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TransferBasis(%q, %q) = %q, %v; want %q, %v", tt.kind, tt.sources, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeGoods(t *testing.T) {
	in := []string{"Deeo packet inspection", " Lawful interception", "Lawful Interception", "Monitoring Centre",
		"Monitoring centres", "Fiber taps / probes", "Fibre taps / probes", "Network  infrastructure and services", ""}
	want := []string{"Deep packet inspection", "Lawful interception", "Monitoring centre", "Fibre taps / probes", "Network infrastructure and services"}
	if got := NormalizeGoods(in); !reflect.DeepEqual(got, want) {
		t.Errorf("NormalizeGoods = %q, want %q", got, want)
	}
}

func TestTechnologies(t *testing.T) {
	in := []string{"Phone Monitoring", "Internet Monitoring", "and Intrusion", "Monitoring Centre", "and Monitoring Centres", "and Video surveillance", "Video Surveillance"}
	want := []string{"Phone monitoring", "Internet monitoring", "Intrusion", "Monitoring centres", "Video surveillance"}
	if got := technologies(in); !reflect.DeepEqual(got, want) {
		t.Errorf("technologies = %q, want %q", got, want)
	}
}

func TestCitationText(t *testing.T) {
	sources := "Sonne, P., 'Firms aided Libyan spies', Wall Street Journal, <www.wsj.com/a>, Leroy, J., 'How firms placed Libya under surveillance', Operation Reality, <http://blog.example.org/2011/09/01/x/> , Ross, A."
	if got, want := citationText(sources, "http://blog.example.org/2011/09/01/x/", 2), "Leroy, J., 'How firms placed Libya under surveillance', Operation Reality"; got != want {
		t.Errorf("citationText = %q, want %q", got, want)
	}
	if got, want := citationText("Narus, “Narus Wins Award,” 9 November 2010, available at: <http://r.example/x>", "http://r.example/x", 1), "Narus, “Narus Wins Award,” 9 November 2010"; got != want {
		t.Errorf("citationText = %q, want %q", got, want)
	}
	if got := citationText("no link here", "http://r.example/x", 2); got != "" {
		t.Errorf("citationText of a missing link = %q, want empty", got)
	}
}
