package datasets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// readTable reads a CSV table's rows as maps by column, checking that the
// named columns are there. A row whose field count differs from the
// header's is returned as malformed, by row number.
func readTable(r io.Reader, need []string) (rows []map[string]string, malformed map[int]string, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the header: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	for _, c := range need {
		if !contains(header, c) {
			return nil, nil, fmt.Errorf("no %q column", c)
		}
	}
	malformed = map[int]string{}
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, malformed, nil
		}
		var perr *csv.ParseError
		switch {
		case errors.As(err, &perr):
			malformed[n] = perr.Err.Error()
			rec = nil
		case err != nil:
			return nil, nil, err
		case len(rec) != len(header):
			malformed[n] = fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))
			rec = nil
		}
		row := map[string]string{}
		for i, v := range rec {
			row[header[i]] = v
		}
		rows = append(rows, row)
	}
}

func readTableFile(path string, need []string) ([]map[string]string, map[int]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return readTable(f, need)
}
