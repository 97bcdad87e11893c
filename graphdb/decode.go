package graphdb

import "fmt"

// as reads a value the driver returned as the type the code expects. nil,
// an absent property or column, is the zero value; a value of another type
// is an error: the data and the code have drifted apart, and an empty value
// would hide it.
func as[T any](v any, what string) (T, error) {
	var zero T
	if v == nil {
		return zero, nil
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("decoding %s: got a %T, want a %T", what, v, zero)
	}
	return t, nil
}

// decoder keeps the first type mismatch met while decoding a result, so
// that the decoders of nested values need not each return an error; the
// read that owns it returns err.
type decoder struct{ err error }

// get is as, with the mismatch kept in d.
func get[T any](d *decoder, v any, what string) T {
	t, err := as[T](v, what)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}
