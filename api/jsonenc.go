package api

import (
	"encoding/json"
	"slices"
	"strconv"
)

// appendResponse appends resp as encoding/json would encode it, followed by
// a newline as json.Encoder writes, byte for byte. graphql-go hands back an
// answer as nested map[string]any and []any of plain values; encoding/json
// walks those by reflection, which cost a tenth of the CPU of a large
// answer (BenchmarkNeighborhoodAnswer), so the common shapes are written
// here directly and anything else is left to encoding/json.
func appendResponse(buf []byte, resp graphQLResponse) ([]byte, error) {
	buf = append(buf, '{')
	var err error
	if resp.Data != nil {
		buf = append(buf, `"data":`...)
		if buf, err = appendJSON(buf, resp.Data); err != nil {
			return nil, err
		}
	}
	if len(resp.Errors) > 0 {
		if resp.Data != nil {
			buf = append(buf, ',')
		}
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		buf = append(append(buf, `"errors":`...), errs...)
	}
	return append(buf, '}', '\n'), nil
}

// appendJSON appends v as json.Marshal would: map keys sorted, strings
// escaped the same way (HTML characters included).
func appendJSON(buf []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case string:
		return appendJSONString(buf, v)
	case bool:
		return strconv.AppendBool(buf, v), nil
	case int:
		return strconv.AppendInt(buf, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(buf, v, 10), nil
	case map[string]any:
		if v == nil {
			return append(buf, "null"...), nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		buf = append(buf, '{')
		for i, k := range keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = appendJSONString(buf, k); err != nil {
				return nil, err
			}
			buf = append(buf, ':')
			if buf, err = appendJSON(buf, v[k]); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	case []any:
		if v == nil {
			return append(buf, "null"...), nil
		}
		buf = append(buf, '[')
		for i, x := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = appendJSON(buf, x); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(buf, b...), nil
}

// appendJSONString writes a string that needs no escaping as it is, and
// leaves any other to encoding/json (control characters, quotes,
// backslashes, HTML characters, and non-ASCII, for U+2028, U+2029 and
// invalid UTF-8).
func appendJSONString(buf []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, err := json.Marshal(s)
			if err != nil {
				return nil, err
			}
			return append(buf, b...), nil
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"'), nil
}
