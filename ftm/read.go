package ftm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxLine bounds one line of FtM JSON lines; OpenSanctions' largest
// entities, with hundreds of names, are far smaller.
const MaxLine = 8 << 20

// MaxID bounds an FtM id.
const MaxID = 1000

// Reader reads FtM JSON lines, one entity a line, blank lines skipped.
type Reader struct {
	r    *bufio.Reader
	line int
}

// NewReader reads from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Line is the number of the line Next last read, from 1.
func (r *Reader) Line() int { return r.line }

// Next returns the next entity, or io.EOF after the last. A line that is not
// an FtM entity (JSON with a string id and schema and properties holding
// lists of strings) is an error that names its line; reading can go on
// after it.
func (r *Reader) Next() (Entity, error) {
	for {
		data, err := r.readLine()
		if err != nil {
			return Entity{}, err
		}
		if len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		e, err := Parse(data)
		if err != nil {
			return Entity{}, fmt.Errorf("line %d: %w", r.line, err)
		}
		return e, nil
	}
}

// readLine returns the next line without its end, refusing one over
// MaxLine (and skipping the rest of it, so that the next call reads on).
func (r *Reader) readLine() ([]byte, error) {
	r.line++
	var buf []byte
	for {
		chunk, err := r.r.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.r.ReadSlice('\n')
			}
			return nil, fmt.Errorf("line %d is longer than %d bytes", r.line, MaxLine)
		}
		buf = append(buf, chunk...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, nil
		case err != nil:
			return nil, fmt.Errorf("reading line %d: %w", r.line, err)
		}
		return bytes.TrimRight(buf, "\r\n"), nil
	}
}

// Parse reads one FtM entity from its JSON.
func Parse(data []byte) (Entity, error) {
	if !utf8.Valid(data) {
		return Entity{}, errors.New("not valid UTF-8")
	}
	var raw struct {
		ID         *string                    `json:"id"`
		Schema     *string                    `json:"schema"`
		Properties map[string]json.RawMessage `json:"properties"`
		Caption    string                     `json:"caption"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return Entity{}, fmt.Errorf("not an FtM entity (a JSON object with id, schema and properties): %v", err)
	}
	switch {
	case raw.ID == nil || *raw.ID == "":
		return Entity{}, errors.New("no id")
	case len(*raw.ID) > MaxID:
		return Entity{}, fmt.Errorf("the id is longer than %d bytes", MaxID)
	case raw.Schema == nil || *raw.Schema == "":
		return Entity{}, fmt.Errorf("entity %q has no schema", *raw.ID)
	}
	e := Entity{ID: *raw.ID, Schema: *raw.Schema, Caption: raw.Caption, Properties: make(map[string][]string, len(raw.Properties))}
	for k, v := range raw.Properties {
		var vals []string
		if err := json.Unmarshal(v, &vals); err != nil {
			return Entity{}, fmt.Errorf("entity %q: property %q is not a list of strings", e.ID, k)
		}
		if len(vals) > 0 {
			e.Properties[k] = vals
		}
	}
	return e, nil
}
