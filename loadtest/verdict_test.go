package main

import (
	"slices"
	"testing"
)

func TestVerdict(t *testing.T) {
	overLimit := slices.IndexFunc(kinds, func(k kind) bool { return k.name == "over-limit" })
	ok := result{kind: 0, status: 200}
	for _, tt := range []struct {
		name    string
		results []result
		want    verdict
		pass    bool
	}{
		{"no requests at all", nil, verdict{}, false},
		{"every request answered", []result{ok, ok}, verdict{Requests: 2}, true},
		{"over-limit refused as it should be", []result{ok, {kind: overLimit, status: 400, codes: []string{"LIMIT_EXCEEDED"}}},
			verdict{LimitOK: 1, Requests: 2}, true},
		{"over-limit answered", []result{ok, {kind: overLimit, status: 200, failure: "over-limit request not refused with LIMIT_EXCEEDED (HTTP 200, codes [])"}},
			verdict{LimitBad: 1, Unexpected: 1, Requests: 2}, false},
		{"LIMIT_EXCEEDED on an ordinary request", []result{ok, {kind: 1, status: 400, codes: []string{"LIMIT_EXCEEDED"}, failure: "HTTP 400, codes [LIMIT_EXCEEDED]"}},
			verdict{Unexpected: 1, Requests: 2}, false},
		{"a 5xx", []result{ok, {kind: 3, status: 503, codes: []string{"UNAVAILABLE"}, failure: "HTTP 503, codes [UNAVAILABLE]"}},
			verdict{FiveXX: 1, Unexpected: 1, Requests: 2}, false},
		{"a client timeout", []result{ok, {kind: 2, status: 0, failure: "client timeout"}},
			verdict{Transport: 1, Unexpected: 1, Requests: 2}, false},
		{"a transport error", []result{{kind: 2, status: 0, failure: "transport error"}, ok},
			verdict{Transport: 1, Unexpected: 1, Requests: 2}, false},
		{"a 502 page from a proxy", []result{ok, {kind: 2, status: 502, failure: "transport error"}},
			verdict{FiveXX: 1, Unexpected: 1, Requests: 2}, false},
		{"the server's deadline passed", []result{ok, {kind: 4, status: 400, codes: []string{"BAD_USER_INPUT"}, failure: "server deadline passed: HTTP 400, codes [BAD_USER_INPUT]"}},
			verdict{Unexpected: 1, Requests: 2}, false},
	} {
		r := (&loadTest{results: tt.results}).report()
		if got := r.failures(); got != tt.want {
			t.Errorf("%s: failures() = %+v, want %+v", tt.name, got, tt.want)
		}
		if got := r.passed(); got != tt.pass {
			t.Errorf("%s: passed() = %v, want %v", tt.name, got, tt.pass)
		}
	}
}

func TestVerdictColumns(t *testing.T) {
	v := verdict{Unexpected: 5, LimitOK: 3, LimitBad: 2}
	if v.Other() != 3 || v.OverLimit() != 5 {
		t.Errorf("%+v: Other() = %d, OverLimit() = %d; want 3 and 5", v, v.Other(), v.OverLimit())
	}
}
