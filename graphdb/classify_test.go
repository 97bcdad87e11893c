package graphdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/survgraph/survgraph/schema"
)

// TestClassify maps the driver's errors to the kinds the API answers with:
// what may succeed on retry is UNAVAILABLE (503 with Retry-After), never an
// internal error.
func TestClassify(t *testing.T) {
	memory := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "dbms.memory.transaction.total.max threshold reached"}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}
	down := &neo4j.ConnectivityError{Inner: errors.New("connection refused")}
	tests := []struct {
		name string
		err  error
		want schema.ErrorKind
	}{
		{"memory pool, once", memory, schema.ErrUnavailable},
		// One transaction over its own share would be refused again.
		{"one transaction's share", &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
			Msg: "The allocation of an extra 2.0 MiB would use more than the limit 10.0 MiB. Currently using 10.0 MiB. db.memory.transaction.max threshold reached"}, schema.ErrLimit},
		{"memory pool, wrapped", fmt.Errorf("reading: %w", memory), schema.ErrUnavailable},
		{"memory pool, after the retries", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{memory, memory}}, schema.ErrUnavailable},
		{"database down, after the retries", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{down}}, schema.ErrUnavailable},
		{"database down", down, schema.ErrUnavailable},
		{"server-side timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, schema.ErrTimeout},
		{"a bug in a statement", syntax, schema.ErrInternal},
		{"a bug, after the retries", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{syntax}}, schema.ErrInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classify(context.Background(), overShare(tt.err))
			if got := schema.KindOf(err); got != tt.want {
				t.Errorf("kind %s, want %s (%v)", got, tt.want, err)
			}
			if !strings.Contains(err.Error(), tt.err.Error()) {
				t.Errorf("the driver's error is not kept in the chain for the log: %v", err)
			}
		})
	}
}
