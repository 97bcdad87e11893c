// Package loader reads survgraph's input files, validates all of them against
// the schema before anything is written, and writes the result to a graph
// store in idempotent batches: loading the same input twice changes nothing,
// a changed input is updated in place, and what an input no longer holds is
// removed from the graph, without touching what other inputs own.
package loader

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with the input, located precisely enough for a
// person to fix it by hand.
type Problem struct {
	File    string
	Line    int
	Field   string // a path such as relationships[3].citations[0].source
	Message string
}

func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, p.Field, p.Message)
	}
	return fmt.Sprintf("%s: %s", loc, p.Message)
}

// ValidationError holds every problem found in an input. Nothing is written
// while there is one.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the input; nothing was written:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// problems collects problems as validation proceeds.
type problems []Problem

func (ps *problems) add(file string, line int, field, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// sorted orders problems by file and line, so that reports read top to bottom.
func (ps problems) sorted() []Problem {
	out := append([]Problem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}
