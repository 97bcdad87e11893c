package schema

import (
	"errors"
	"fmt"
)

// ErrorKind classifies an [Error]. The API maps each kind to a GraphQL
// extensions.code and an HTTP status in one table at its edge.
type ErrorKind string

// The error kinds.
const (
	ErrInvalid     ErrorKind = "INVALID"     // bad input from the caller
	ErrNotFound    ErrorKind = "NOT_FOUND"   // no such entity
	ErrLimit       ErrorKind = "LIMIT"       // a request over a limit
	ErrTimeout     ErrorKind = "TIMEOUT"     // the deadline passed
	ErrUnavailable ErrorKind = "UNAVAILABLE" // Neo4j cannot be reached
	ErrInternal    ErrorKind = "INTERNAL"    // a bug or an unexpected failure
)

// Error is survgraph's one application error type. Message is safe to show
// to a caller; Err holds the cause, which is logged and never shown.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an [Error] of kind k with a formatted, caller-safe message.
func Errorf(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an [Error] of kind k whose cause is err.
func Wrap(k ErrorKind, err error, message string) *Error {
	return &Error{Kind: k, Message: message, Err: err}
}

// KindOf returns the kind of the first [Error] in err's chain, or
// ErrInternal when there is none.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ErrInternal
}

// MessageOf returns the caller-safe message of err: the message of its first
// [Error], or a generic one, so that driver errors never reach a client.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
