package schema_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/survgraph/survgraph/schema"
)

func TestErrors(t *testing.T) {
	cause := errors.New("bolt: connection refused to 10.0.0.5")
	tests := []struct {
		name        string
		err         error
		wantKind    schema.ErrorKind
		wantMessage string // caller-safe
		wantError   string // Error(), for logs
		wantCause   bool
	}{
		{"Errorf", schema.Errorf(schema.ErrNotFound, "no entity has id %q", "x"),
			schema.ErrNotFound, `no entity has id "x"`, `no entity has id "x"`, false},
		{"Wrap", schema.Wrap(schema.ErrUnavailable, cause, "the graph database is unavailable"),
			schema.ErrUnavailable, "the graph database is unavailable", "the graph database is unavailable: " + cause.Error(), true},
		{"wrapped by fmt", fmt.Errorf("resolving: %w", schema.Errorf(schema.ErrLimit, "too many")),
			schema.ErrLimit, "too many", "resolving: too many", false},
		{"plain error", cause, schema.ErrInternal, "internal error", cause.Error(), true},
		{"io.EOF", io.EOF, schema.ErrInternal, "internal error", "EOF", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := schema.KindOf(tt.err); got != tt.wantKind {
				t.Errorf("KindOf = %s, want %s", got, tt.wantKind)
			}
			if got := schema.MessageOf(tt.err); got != tt.wantMessage {
				t.Errorf("MessageOf = %q, want %q", got, tt.wantMessage)
			}
			if got := tt.err.Error(); got != tt.wantError {
				t.Errorf("Error() = %q, want %q", got, tt.wantError)
			}
			if got := errors.Is(tt.err, cause); got != tt.wantCause {
				t.Errorf("errors.Is(err, cause) = %v, want %v", got, tt.wantCause)
			}
		})
	}
}
