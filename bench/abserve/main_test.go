package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseServer(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    server
		wantErr string
	}{
		{"a=http://127.0.0.1:8291", server{name: "a", url: "http://127.0.0.1:8291"}, ""},
		{"after=http://127.0.0.1:8293/@4242", server{name: "after", url: "http://127.0.0.1:8293", pid: 4242}, ""},
		{"http://127.0.0.1:8291", server{}, "want name=URL"},
		{"a=http://127.0.0.1:8291@x", server{}, "not a process id"},
		{"a=127.0.0.1:8291", server{}, "must start with http://"},
	} {
		got, err := parseServer(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseServer(%q): error %v, want one saying %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseServer(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestNearestRankAndMedian(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 200; i++ {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	if got := nearestRank(l, 99); got != 198*time.Millisecond {
		t.Errorf("p99 of 1..200 ms = %v, want 198ms", got)
	}
	if got := nearestRank(l[:1], 99); got != time.Millisecond {
		t.Errorf("p99 of one = %v", got)
	}
	if got := median([]float64{5, 1, 3, 2}); got != 2.5 {
		t.Errorf("median = %v, want 2.5", got)
	}
}

// TestRunReportsEachServerAndStopsOnErrors times two fake servers, then one
// whose answers carry GraphQL errors.
func TestRunReportsEachServerAndStopsOnErrors(t *testing.T) {
	answer := func(body string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/graphql" || r.Method != http.MethodPost {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte(body))
		}))
	}
	good, other, bad := answer(`{"data":{"x":1}}`), answer(`{"data":{"x":2}}`), answer(`{"errors":[{"message":"no"}],"data":null}`)
	defer good.Close()
	defer other.Close()
	defer bad.Close()
	var out bytes.Buffer
	args := []string{"-query", "{ x }", "-duration", "50ms", "-rounds", "3", "-c", "2", "-server", "a=" + good.URL, "-server", "b=" + other.URL}
	if err := run(args, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| a | ", "| b | ", "3 rounds of 50ms"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	err := run([]string{"-query", "{ x }", "-duration", "50ms", "-rounds", "1", "-server", "a=" + good.URL, "-server", "broken=" + bad.URL}, &out)
	if err == nil || !strings.Contains(err.Error(), "broken") || !strings.Contains(err.Error(), `"message":"no"`) {
		t.Errorf("a server answering errors: %v, want an error naming it and quoting the answer", err)
	}
}
