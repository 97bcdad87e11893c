package schema_test

import (
	"testing"
	"time"

	"github.com/survgraph/survgraph/schema"
)

// day returns midnight UTC of the given day, the form in which the loader and
// the API hand days to the schema.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad test day %q: %v", s, err)
	}
	return d
}

// date parses a partial date for a test table; "" is the zero (open) date.
func date(t *testing.T, s string) schema.Date {
	t.Helper()
	if s == "" {
		return schema.Date{}
	}
	d, err := schema.ParseDate(s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func TestParseDateValid(t *testing.T) {
	tests := []struct {
		in   string
		want schema.Date
		prec schema.Precision
	}{
		{"2011", schema.Date{Year: 2011}, schema.YearPrecision},
		{"2011-12", schema.Date{Year: 2011, Month: 12}, schema.MonthPrecision},
		{"2011-01", schema.Date{Year: 2011, Month: 1}, schema.MonthPrecision},
		{"2011-12-05", schema.Date{Year: 2011, Month: 12, Day: 5}, schema.DayPrecision},
		{"2011-02-28", schema.Date{Year: 2011, Month: 2, Day: 28}, schema.DayPrecision},
		{"2012-02-29", schema.Date{Year: 2012, Month: 2, Day: 29}, schema.DayPrecision}, // leap year
		{"2000-02-29", schema.Date{Year: 2000, Month: 2, Day: 29}, schema.DayPrecision}, // divisible by 400
		{"2011-04-30", schema.Date{Year: 2011, Month: 4, Day: 30}, schema.DayPrecision},
		{"2011-12-31", schema.Date{Year: 2011, Month: 12, Day: 31}, schema.DayPrecision},
		{"1900", schema.Date{Year: 1900}, schema.YearPrecision},
		{"1900-01-01", schema.Date{Year: 1900, Month: 1, Day: 1}, schema.DayPrecision},
		{"2100", schema.Date{Year: 2100}, schema.YearPrecision},
		{"2100-12-31", schema.Date{Year: 2100, Month: 12, Day: 31}, schema.DayPrecision},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := schema.ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): unexpected error %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if got.Precision() != tt.prec {
				t.Errorf("ParseDate(%q).Precision() = %d, want %d", tt.in, got.Precision(), tt.prec)
			}
			if got.IsZero() {
				t.Errorf("ParseDate(%q).IsZero() = true", tt.in)
			}
			// Round trip: a date prints as it was written.
			if s := got.String(); s != tt.in {
				t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, s)
			}
			if again, err := schema.ParseDate(got.String()); err != nil || again != got {
				t.Errorf("ParseDate(String()) = %+v, %v; want %+v", again, err, got)
			}
		})
	}
}

func TestParseDateInvalid(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"month 13", "2011-13"},
		{"month 00", "2011-00"},
		{"day 00", "2011-01-00"},
		{"february 30", "2011-02-30"},
		{"february 29 in a common year", "2011-02-29"},
		{"february 29 in 1900", "1900-02-29"}, // divisible by 100, not by 400
		{"april 31", "2011-04-31"},
		{"day 32", "2011-01-32"},
		{"year 1899", "1899"},
		{"year 1899 with day", "1899-12-31"},
		{"year 2101", "2101"},
		{"year 0000", "0000"},
		{"one-digit month", "2011-1"},
		{"one-digit day", "2011-01-1"},
		{"three-digit day", "2011-01-001"},
		{"two-digit year", "11"},
		{"five-digit year", "20111"},
		{"leading plus", "+2011"},
		{"plus inside width", "+201"},
		{"plus in month", "2011-+1"},
		{"leading minus", "-2011"},
		{"trailing hyphen", "2011-"},
		{"double hyphen", "2011--01"},
		{"four parts", "2011-01-01-01"},
		{"time of day", "2011-01-01T00:00"},
		{"slashes", "2011/01/01"},
		{"leading space", " 2011"},
		{"trailing space", "2011 "},
		{"letters", "201a"},
		{"fullwidth digits", "２０１１"},
		{"day-month-year", "01-01-2011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := schema.ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %+v, want an error", tt.in, got)
			}
			if got != (schema.Date{}) {
				t.Errorf("ParseDate(%q) returned %+v with its error, want the zero Date", tt.in, got)
			}
		})
	}
}

func TestMustDate(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		if got := schema.MustDate("2011-12"); got != (schema.Date{Year: 2011, Month: 12}) {
			t.Errorf("MustDate(2011-12) = %+v", got)
		}
	})
	t.Run("invalid panics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("MustDate(2011-02-30) did not panic")
			}
		}()
		schema.MustDate("2011-02-30")
	})
}

func TestDateZero(t *testing.T) {
	var d schema.Date
	if !d.IsZero() {
		t.Error("zero Date: IsZero() = false")
	}
	if s := d.String(); s != "" {
		t.Errorf("zero Date: String() = %q, want empty", s)
	}
}

func TestDateEarliestLatest(t *testing.T) {
	tests := []struct {
		in, earliest, latest string
	}{
		{"2011", "2011-01-01", "2011-12-31"},
		{"2012-02", "2012-02-01", "2012-02-29"},
		{"2011-02", "2011-02-01", "2011-02-28"},
		{"2100-02", "2100-02-01", "2100-02-28"},
		{"2011-04", "2011-04-01", "2011-04-30"},
		{"2011-12", "2011-12-01", "2011-12-31"},
		{"2011-12-05", "2011-12-05", "2011-12-05"},
		{"2012-02-29", "2012-02-29", "2012-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d := date(t, tt.in)
			if got, want := d.Earliest(), day(t, tt.earliest); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("%s.Earliest() = %v, want %v UTC", tt.in, got, want)
			}
			if got, want := d.Latest(), day(t, tt.latest); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("%s.Latest() = %v, want %v UTC", tt.in, got, want)
			}
		})
	}
}

func TestPeriodContains(t *testing.T) {
	tests := []struct {
		name       string
		start, end string // "" is open
		day        string
		want       bool
	}{
		{"open both ends, early", "", "", "1900-01-01", true},
		{"open both ends, late", "", "", "2100-12-31", true},

		{"open end, before start year", "2011", "", "2010-12-31", false},
		{"open end, first day of start year", "2011", "", "2011-01-01", true},
		{"open end, long after", "2011", "", "2030-06-01", true},

		{"open start, long before", "", "2012-01", "1950-01-01", true},
		{"end month, its last day", "", "2012-01", "2012-01-31", true},
		{"end month, the next day", "", "2012-01", "2012-02-01", false},
		{"end year, its last day (leap year)", "", "2012", "2012-12-31", true},
		{"end year, next year", "", "2012", "2013-01-01", false},
		{"end leap february, the 29th", "", "2012-02", "2012-02-29", true},
		{"end leap february, march 1st", "", "2012-02", "2012-03-01", false},

		{"one day, that day", "2011-06-15", "2011-06-15", "2011-06-15", true},
		{"one day, day before", "2011-06-15", "2011-06-15", "2011-06-14", false},
		{"one day, day after", "2011-06-15", "2011-06-15", "2011-06-16", false},

		{"month to year, before the start month", "2011-03", "2011", "2011-02-28", false},
		{"month to year, first day of start month", "2011-03", "2011", "2011-03-01", true},
		{"month to year, last day of end year", "2011-03", "2011", "2011-12-31", true},
		{"month to year, after", "2011-03", "2011", "2012-01-01", false},

		{"day to month, mid-way", "2009-05-20", "2012-01", "2010-07-01", true},
		{"day to month, day before start", "2009-05-20", "2012-01", "2009-05-19", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := schema.Period{Start: date(t, tt.start), End: date(t, tt.end)}
			if got := p.Contains(day(t, tt.day)); got != tt.want {
				t.Errorf("Period{%q, %q}.Contains(%s) = %v, want %v", tt.start, tt.end, tt.day, got, tt.want)
			}
		})
	}
}

func TestPeriodValid(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		want       bool
	}{
		{"both open", "", "", true},
		{"only start", "2011", "", true},
		{"only end", "", "2011", true},
		{"same day", "2011-06-15", "2011-06-15", true},
		{"start before end", "2009", "2012-01", true},
		{"start year after end year", "2012", "2011", false},
		{"start day after end day", "2011-06-16", "2011-06-15", false},
		{"year overlapping month", "2012", "2012-01", true}, // 2012 may begin in January
		{"month inside year", "2012-06", "2012", true},      // 2012-06 may fall before the end of 2012
		{"day at end of end month", "2012-01-31", "2012-01", true},
		{"day after end month", "2012-02-01", "2012-01", false},
		{"month after end month", "2012-02", "2012-01", false},
		{"start month after end day", "2012-02", "2012-01-31", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := schema.Period{Start: date(t, tt.start), End: date(t, tt.end)}
			if got := p.Valid(); got != tt.want {
				t.Errorf("Period{%q, %q}.Valid() = %v, want %v", tt.start, tt.end, got, tt.want)
			}
		})
	}
}
