package main

// verdict counts what went wrong in a run: a run passes with no 5xx, no
// request left without an answer, and nothing else but the deliberate
// over-limit requests refused with LIMIT_EXCEEDED.
type verdict struct {
	FiveXX     int // responses with a 5xx status
	Transport  int // requests without an answer: client timeout or transport error
	Unexpected int // requests that did not go as they should, over-limit ones included
	LimitOK    int // over-limit requests refused as they should be
	LimitBad   int // over-limit requests that were not
	Requests   int
}

// failures counts what went wrong.
func (r *report) failures() verdict {
	v := verdict{Requests: len(r.lt.results)}
	for _, res := range r.lt.results {
		if res.status >= 500 {
			v.FiveXX++
		}
		if res.status == 0 {
			v.Transport++
		}
		if kinds[res.kind].name == "over-limit" {
			if res.failure == "" {
				v.LimitOK++
			} else {
				v.LimitBad++
			}
		}
		if res.failure != "" {
			v.Unexpected++
		}
	}
	return v
}

// Passed says whether the run passed; a run without requests does not.
func (v verdict) Passed() bool {
	return v.FiveXX == 0 && v.Transport == 0 && v.Unexpected == 0 && v.Requests > 0
}

func (r *report) passed() bool { return r.failures().Passed() }

// Other is the requests that went wrong, the over-limit ones aside.
func (v verdict) Other() int { return v.Unexpected - v.LimitBad }

// OverLimit is the deliberate over-limit requests sent.
func (v verdict) OverLimit() int { return v.LimitOK + v.LimitBad }
