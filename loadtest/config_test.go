package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

// TestFlagsStayOnLoopback checks that the load test refuses to send its
// traffic anywhere but a loopback address, whatever URL it is given.
func TestFlagsStayOnLoopback(t *testing.T) {
	for _, tt := range []struct {
		args []string
		err  string // "" when the flags are accepted
	}{
		{[]string{"-url", "http://127.0.0.1:8080/"}, ""},
		{[]string{"-url", "http://localhost:8080"}, ""},
		{[]string{"-url", "http://[::1]:8080"}, ""},
		{[]string{"-url", "http://127.0.0.1:8080", "-metrics", "http://127.0.0.2:9"}, ""},
		{[]string{}, "-url is required"},
		{[]string{"-url", "http://10.0.0.1:8080"}, "not a loopback address"},
		{[]string{"-url", "http://example.org"}, "not a loopback address"},
		{[]string{"-url", "https://127.0.0.1:8443"}, "only http://"},
		{[]string{"-url", "http://127.0.0.1:8080", "-metrics", "http://192.168.1.1:9"}, "not a loopback address"},
		{[]string{"-url", "http://127.0.0.1:8080", "-pprof", "http://8.8.8.8"}, "not a loopback address"},
		{[]string{"-url", "http://127.0.0.1:8080", "-profile", "cached"}, "use direct or public"},
		{[]string{"-url", "http://127.0.0.1:8080", "-clients", "0"}, "must be positive"},
		{[]string{"-url", "http://127.0.0.1:8080", "-duration", "-1s"}, "must be positive"},
		{[]string{"-url", "http://127.0.0.1:8080", "-nope"}, "flag provided but not defined"},
	} {
		_, err := parseFlags(tt.args, io.Discard)
		if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.err)
		}
	}
}

func TestFlagDefaults(t *testing.T) {
	cfg, err := parseFlags([]string{"-url", "http://127.0.0.1:8080/", "-clients", "5"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.base != "http://127.0.0.1:8080" || cfg.metrics != cfg.base || cfg.profile != "direct" || !cfg.failOnErrs ||
		cfg.entities != 100000 || cfg.calibrate != 3 || cfg.command != "loadtest -url http://127.0.0.1:8080/ -clients 5" {
		t.Errorf("%+v", cfg)
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}
