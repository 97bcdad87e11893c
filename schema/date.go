package schema

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date that may be partial: a year (2011), a month
// (2011-12) or a day (2011-12-05). Sources often give no more than a year,
// and survgraph records no more than they say.
type Date struct {
	Year  int
	Month int // 0 when only the year is known
	Day   int // 0 when only the year or month is known
}

// Precision names how much of a Date is known.
type Precision int

// The precisions.
const (
	YearPrecision Precision = iota + 1
	MonthPrecision
	DayPrecision
)

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD, rejecting impossible dates
// such as 2011-02-30 and years outside 1900..2100.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || s == "" {
		return Date{}, fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	widths := []int{4, 2, 2}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if len(p) != widths[i] {
			return Date{}, fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return Date{}, fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0]}
	if d.Year < 1900 || d.Year > 2100 {
		return Date{}, fmt.Errorf("date %q: year must be between 1900 and 2100", s)
	}
	if len(nums) > 1 {
		d.Month = nums[1]
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("date %q: month must be 01 to 12", s)
		}
	}
	if len(nums) > 2 {
		d.Day = nums[2]
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return Date{}, fmt.Errorf("date %q: day out of range for that month", s)
		}
	}
	return d, nil
}

// MustDate parses s and panics on error; for tests and literals.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision reports how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Day != 0:
		return DayPrecision
	case d.Month != 0:
		return MonthPrecision
	default:
		return YearPrecision
	}
}

// String formats d as it was written: YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	switch d.Precision() {
	case DayPrecision:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case MonthPrecision:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d", d.Year)
	}
}

// Earliest is the first day d may mean: 2011 gives 2011-01-01.
func (d Date) Earliest() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Latest is the last day d may mean: 2011 gives 2011-12-31.
func (d Date) Latest() time.Time {
	switch d.Precision() {
	case DayPrecision:
		return d.Earliest()
	case MonthPrecision:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
}

// Period is the time a claim holds. Either end may be open (zero).
type Period struct {
	Start, End Date
}

// Contains reports whether the period may contain the day t. A partial date
// is read generously (a start of 2011 admits any day of 2011), and an open end
// is open, because the sources rarely pin periods down to the day.
func (p Period) Contains(t time.Time) bool {
	if !p.Start.IsZero() && t.Before(p.Start.Earliest()) {
		return false
	}
	if !p.End.IsZero() && t.After(p.End.Latest()) {
		return false
	}
	return true
}

// Valid reports whether the start can come before the end.
func (p Period) Valid() bool {
	if p.Start.IsZero() || p.End.IsZero() {
		return true
	}
	return !p.Start.Earliest().After(p.End.Latest())
}
