package tablemap

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Row is one row of a file: its number and its columns. A CSV row's number
// is its line (the header is line 1); a JSON or JSON lines row's number is
// its position among the file's rows, from 1. Skip, when set, says why the
// row is no record (a JSON key that holds no object).
type Row struct {
	N      int
	Values Data
	Skip   string
}

// Rows reads a file's rows, one at a time.
type Rows interface {
	// Next returns the next row, or io.EOF after the last. An error that
	// names a row leaves the reader able to go on.
	Next() (Row, error)
	Close() error
}

// RowError is a row that cannot be read.
type RowError struct {
	Row int
	Err error
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Row, e.Err) }

// Format is the format a file is read in: Input.Format, or the file's
// extension.
func (m *Mapping) Format(path string) (string, error) {
	if m.Input.Format != "" {
		return m.Input.Format, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return "csv", nil
	case ".json":
		return "json", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	}
	return "", fmt.Errorf("%s: say the format in the mapping's input.format (csv, json or jsonl); the extension does not", path)
}

// Open reads path as the mapping's input says.
func (m *Mapping) Open(path string) (Rows, error) {
	format, err := m.Format(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	rows, err := m.Read(f, format)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// Read reads rows from r, in format; closing the Rows closes r when it is
// an io.Closer.
func (m *Mapping) Read(r io.Reader, format string) (Rows, error) {
	closer, _ := r.(io.Closer)
	switch format {
	case "csv":
		return m.readCSV(r, closer)
	case "jsonl":
		return &jsonlRows{m: m, r: bufio.NewReaderSize(r, 1<<20), closeInput: closeInput{closer}}, nil
	case "json":
		return m.readJSON(r, closer)
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// closeInput closes the file a reader of rows was opened on, if any.
type closeInput struct{ closer io.Closer }

func (c closeInput) Close() error {
	if c.closer != nil {
		return c.closer.Close()
	}
	return nil
}

type csvRows struct {
	r      *csv.Reader
	header []string
	closeInput
}

func (m *Mapping) readCSV(r io.Reader, closer io.Closer) (Rows, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // Excel's byte-order mark
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	if d := m.Input.Delimiter; d != "" {
		cr.Comma, _ = utf8.DecodeRuneInString(d)
	}
	rows := &csvRows{r: cr, header: m.Input.Columns, closeInput: closeInput{closer}}
	if m.Input.Header == nil || *m.Input.Header {
		h, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("the file is empty: no header row")
			}
			return nil, fmt.Errorf("the header row: %w", err)
		}
		rows.header = make([]string, len(h))
		seen := map[string]bool{}
		for i, name := range h {
			name = strings.TrimSpace(name)
			if name == "" || seen[name] {
				return nil, fmt.Errorf("the header row names column %d %q, which is empty or named twice", i+1, name)
			}
			seen[name] = true
			rows.header[i] = name
		}
	}
	return rows, nil
}

func (c *csvRows) Next() (Row, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	line, _ := c.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Row{}, &RowError{Row: pe.StartLine, Err: pe.Err}
		}
		return Row{}, err
	}
	if len(rec) != len(c.header) {
		return Row{}, &RowError{Row: line, Err: fmt.Errorf("%d fields where the header names %d columns", len(rec), len(c.header))}
	}
	vals := make(Data, len(rec)+2)
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return Row{}, &RowError{Row: line, Err: fmt.Errorf("column %s is not valid UTF-8", c.header[i])}
		}
		vals[c.header[i]] = strings.Clone(v)
	}
	return Row{N: line, Values: vals}, nil
}

// record turns a decoded JSON value into a row's columns: an object's
// fields, or an array's items by the mapping's columns.
func (m *Mapping) record(v any) (Data, error) {
	out := Data{}
	switch x := v.(type) {
	case map[string]any:
		for k, f := range x {
			if k == m.Input.Explode {
				out[k] = f
				continue
			}
			out[k] = scalar(f)
		}
	case []any:
		if len(x) != len(m.Input.Columns) {
			return nil, fmt.Errorf("an array of %d items where input.columns names %d", len(x), len(m.Input.Columns))
		}
		for i, f := range x {
			out[m.Input.Columns[i]] = scalar(f)
		}
	default:
		return nil, fmt.Errorf("a %s, not an object or an array", jsonKind(v))
	}
	return out, nil
}

// scalar is a JSON value as a column holds it: strings as they are,
// numbers as written, booleans as true or false, null as empty, and
// objects and arrays as JSON.
func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// withArticle is "an array", "a string".
func withArticle(kind string) string {
	if strings.IndexByte("aeiou", kind[0]) >= 0 {
		return "an " + kind
	}
	return "a " + kind
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

// exploder turns records into rows: one per record, or one per item of
// the record's Explode list.
type exploder struct {
	m       *Mapping
	n       int   // rows so far
	pending []Row // rows of the current record not yet returned
}

// fill makes the rows of one record the pending ones.
func (x *exploder) fill(rec Data, skip string) error {
	rows, err := x.rows(rec, skip)
	x.pending = rows
	return err
}

// take returns the first pending row; fill must have left one.
func (x *exploder) take() Row {
	r := x.pending[0]
	x.pending = x.pending[1:]
	return r
}

func (x *exploder) rows(rec Data, skip string) ([]Row, error) {
	if skip != "" {
		x.n++
		return []Row{{N: x.n, Skip: skip}}, nil
	}
	field := x.m.Input.Explode
	if field == "" {
		x.n++
		rec["_item"] = "1"
		return []Row{{N: x.n, Values: rec}}, nil
	}
	list, ok := rec[field].([]any)
	delete(rec, field)
	if !ok {
		x.n++
		return []Row{{N: x.n, Skip: fmt.Sprintf("its %s is no list of rows", field)}}, nil
	}
	out := make([]Row, 0, len(list))
	for i, item := range list {
		x.n++
		vals := make(Data, len(rec)+len(x.m.Input.Columns)+1)
		for k, v := range rec {
			vals[k] = v
		}
		item, err := x.m.record(item)
		if err != nil {
			return out, &RowError{Row: x.n, Err: fmt.Errorf("item %d of %s: %v", i+1, field, err)}
		}
		for k, v := range item {
			vals[k] = v
		}
		vals["_item"] = fmt.Sprint(i + 1)
		out = append(out, Row{N: x.n, Values: vals})
	}
	if len(list) == 0 {
		x.n++
		out = append(out, Row{N: x.n, Skip: fmt.Sprintf("its %s is empty", field)})
	}
	return out, nil
}

type jsonlRows struct {
	m    *Mapping
	r    *bufio.Reader
	line int
	ex   exploder
	closeInput
}

func (j *jsonlRows) Next() (Row, error) {
	j.ex.m = j.m
	for len(j.ex.pending) == 0 {
		data, err := j.r.ReadBytes('\n')
		if len(data) == 0 && errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return Row{}, err
		}
		j.line++
		if len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			j.ex.n++
			return Row{}, &RowError{Row: j.ex.n, Err: fmt.Errorf("line %d is not JSON: %v", j.line, err)}
		}
		rec, err := j.m.record(v)
		if err != nil {
			j.ex.n++
			return Row{}, &RowError{Row: j.ex.n, Err: fmt.Errorf("line %d: %v", j.line, err)}
		}
		if err := j.ex.fill(rec, ""); err != nil {
			return Row{}, err
		}
	}
	return j.ex.take(), nil
}

// jsonRows reads a JSON array of records, or an object of records keyed
// by id, one record at a time.
type jsonRows struct {
	m     *Mapping
	dec   *json.Decoder
	keyed bool
	ex    exploder
	closeInput
	done bool
}

func (m *Mapping) readJSON(r io.Reader, closer io.Closer) (Rows, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<20))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	want := json.Delim('[')
	if m.Input.Key != "" {
		want = '{'
	}
	if tok != want {
		if m.Input.Key != "" {
			return nil, fmt.Errorf("input.key says the file is an object keyed by %s; it begins with %v", m.Input.Key, tok)
		}
		return nil, fmt.Errorf("want a JSON array of rows (or input.key for an object keyed by id); the file begins with %v", tok)
	}
	return &jsonRows{m: m, dec: dec, keyed: m.Input.Key != "", ex: exploder{m: m}, closeInput: closeInput{closer}}, nil
}

func (j *jsonRows) Next() (Row, error) {
	for len(j.ex.pending) == 0 {
		if j.done || !j.dec.More() {
			j.done = true
			return Row{}, io.EOF
		}
		key := ""
		if j.keyed {
			tok, err := j.dec.Token()
			if err != nil {
				j.done = true
				return Row{}, &RowError{Row: j.ex.n + 1, Err: fmt.Errorf("not JSON: %v", err)}
			}
			key, _ = tok.(string)
		}
		var v any
		if err := j.dec.Decode(&v); err != nil {
			j.done = true // the decoder cannot go on past a syntax error
			return Row{}, &RowError{Row: j.ex.n + 1, Err: fmt.Errorf("not JSON: %v", err)}
		}
		skip := ""
		var rec Data
		if _, ok := v.(map[string]any); !ok && j.keyed {
			skip = fmt.Sprintf("key %q holds %s, not a record", key, withArticle(jsonKind(v)))
		} else {
			var err error
			if rec, err = j.m.record(v); err != nil {
				j.ex.n++
				return Row{}, &RowError{Row: j.ex.n, Err: err}
			}
			if j.keyed {
				rec[j.m.Input.Key] = key
			}
		}
		if err := j.ex.fill(rec, skip); err != nil {
			return Row{}, err
		}
	}
	return j.ex.take(), nil
}
