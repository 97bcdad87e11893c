package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/survgraph/survgraph/schema"
)

// errorCodes is the one table that maps survgraph's error kinds to what a
// client sees: a GraphQL extensions.code and, where a request fails as a
// whole, an HTTP status.
var errorCodes = map[schema.ErrorKind]struct {
	code   string
	status int
}{
	schema.ErrInvalid:     {"BAD_USER_INPUT", http.StatusBadRequest},
	schema.ErrNotFound:    {"NOT_FOUND", http.StatusOK},
	schema.ErrLimit:       {"LIMIT_EXCEEDED", http.StatusBadRequest},
	schema.ErrTimeout:     {"TIMEOUT", http.StatusGatewayTimeout},
	schema.ErrUnavailable: {"UNAVAILABLE", http.StatusServiceUnavailable},
	schema.ErrInternal:    {"INTERNAL_SERVER_ERROR", http.StatusInternalServerError},
}

// retryAfter is what a 503 asks clients to wait, in seconds: the database
// was busy or unreachable, and a moment usually mends the first.
const retryAfter = "2"

// setRetryAfter tells a client when to retry a request the database could
// not serve.
func setRetryAfter(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
}

// Codes for errors that graphql-go itself raises before execution.
const (
	codeParseFailed      = "GRAPHQL_PARSE_FAILED"
	codeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	// Codes for requests the server refuses before GraphQL sees them.
	codeBadRequest            = "BAD_REQUEST"
	codeRateLimited           = "RATE_LIMITED"
	codeIntrospectionDisabled = "INTROSPECTION_DISABLED"
)

// findAppError walks graphql-go's wrappers down to survgraph's own error, if
// there is one.
func findAppError(err error) *schema.Error {
	for depth := 0; err != nil && depth < 16; depth++ {
		var se *schema.Error
		if errors.As(err, &se) {
			return se
		}
		switch e := err.(type) {
		case gqlerrors.FormattedError:
			err = e.OriginalError()
		case *gqlerrors.FormattedError:
			err = e.OriginalError()
		case *gqlerrors.Error:
			err = e.OriginalError
		case gqlerrors.Error:
			err = e.OriginalError
		default:
			return nil
		}
	}
	return nil
}

// publicErrors rewrites execution errors for the client: survgraph errors get
// their caller-safe message and code; anything else (a panic, a driver error
// that escaped wrapping) becomes a generic internal error, logged in full.
func publicErrors(errs []gqlerrors.FormattedError, log *slog.Logger) ([]gqlerrors.FormattedError, schema.ErrorKind) {
	worst := schema.ErrorKind("")
	out := make([]gqlerrors.FormattedError, 0, len(errs))
	for _, fe := range errs {
		pub := gqlerrors.FormattedError{Message: fe.Message, Locations: fe.Locations, Path: fe.Path}
		if se := findAppError(fe); se != nil {
			pub.Message = se.Message
			pub.Extensions = map[string]any{"code": errorCodes[se.Kind].code}
			if se.Kind == schema.ErrInternal || se.Kind == schema.ErrUnavailable {
				log.Error("request failed", "path", fe.Path, "err", se)
			}
			if worst == "" {
				worst = se.Kind
			}
		} else if ext := fe.Extensions; ext != nil && ext["code"] != nil {
			pub.Extensions = ext
		} else if len(fe.Path) == 0 {
			// No resolver raised it: graphql-go rejected the request itself,
			// for instance a variable of the wrong type. Its message is about
			// the request, safe to show.
			pub.Extensions = map[string]any{"code": errorCodes[schema.ErrInvalid].code}
			if worst == "" {
				worst = schema.ErrInvalid
			}
		} else {
			log.Error("unexpected error in resolver", "path", fe.Path, "err", fe.Message)
			pub.Message = "internal error"
			pub.Extensions = map[string]any{"code": errorCodes[schema.ErrInternal].code}
			if worst == "" {
				worst = schema.ErrInternal
			}
		}
		out = append(out, pub)
	}
	return out, worst
}

// requestErrors builds the errors of a request that failed before execution.
func requestErrors(code string, errs ...error) []gqlerrors.FormattedError {
	out := make([]gqlerrors.FormattedError, 0, len(errs))
	for _, err := range errs {
		fe := gqlerrors.FormatError(err)
		fe.Extensions = map[string]any{"code": code}
		out = append(out, fe)
	}
	return out
}
