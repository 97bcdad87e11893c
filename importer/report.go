package importer

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// maxListed bounds the rows a report lists by name for one reason, so that
// a file of millions of rows cannot fill memory with its report; the counts
// stay exact.
const maxListed = 1000

// Report says what an import read and what became of it.
type Report struct {
	Input string
	Files []string
	// Sources are the ids of the Sources that say where the input comes
	// from: a file's Source, a mapping's constant Source.
	Sources []string
	Read    int // records or rows read
	// Entities and Relationships count the records the input holds, by kind
	// and type.
	Entities      map[schema.Kind]int
	Relationships map[schema.RelType]int
	// Merges lists every record resolved to an entity the graph already
	// holds, with the reason.
	Merges []Merge
	// Skipped groups the records left out by reason.
	Skipped map[string]*Rows
	// NotImported counts records of schemata the import does not read.
	NotImported map[string]int
	// Dropped groups the values left out of records that were imported,
	// such as a country code that is no ISO code, by field and reason.
	Dropped map[string]*Rows
	// Dangling lists the ids that records refer to but neither the file
	// nor the graph holds.
	Dangling map[string]int
	// Notes are anything else a reviewer should know.
	Notes []string
	// Load is what writing did; nil for a dry run.
	Load *loader.Report
}

// Merge is a record resolved to a known entity.
type Merge struct {
	At, Record, ID, Why string
}

// Rows are the rows or lines one reason applies to.
type Rows struct {
	Count int
	At    []string // the first maxListed, as file:line
}

func newReport(input string, files []string) *Report {
	return &Report{Input: input, Files: files, Entities: map[schema.Kind]int{}, Relationships: map[schema.RelType]int{},
		Skipped: map[string]*Rows{}, NotImported: map[string]int{}, Dropped: map[string]*Rows{}, Dangling: map[string]int{}}
}

func add(m map[string]*Rows, reason, at string) {
	r := m[reason]
	if r == nil {
		r = &Rows{}
		m[reason] = r
	}
	r.Count++
	if len(r.At) < maxListed {
		r.At = append(r.At, at)
	}
}

// skip records a record left out, and why.
func (r *Report) skip(at, reason string) { add(r.Skipped, reason, at) }

// drop records a value left out of an imported record.
func (r *Report) drop(at, reason string) { add(r.Dropped, reason, at) }

func (r *Report) merge(at, record, id, why string) {
	if len(r.Merges) < 100*maxListed {
		r.Merges = append(r.Merges, Merge{At: at, Record: record, ID: id, Why: why})
	}
}

// SkippedCount is how many records were left out, for every reason.
func (r *Report) SkippedCount() int {
	n := 0
	for _, x := range r.Skipped {
		n += x.Count
	}
	return n
}

// WriteTo prints the report: what was read, the counts per kind and type
// (created, updated, unchanged and deleted once written), every merge, and
// every record left out with its reason.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "input %q from %s: %d records read\n", r.Input, strings.Join(r.Files, ", "), r.Read)
	if len(r.Sources) > 0 {
		fmt.Fprintf(&b, "  cites %s\n", strings.Join(r.Sources, ", "))
	}
	if r.Load != nil {
		r.Load.WriteTo(&b)
	} else {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "\tto write\t\n")
		for _, k := range schema.Kinds {
			if n := r.Entities[k.Kind]; n > 0 {
				fmt.Fprintf(tw, "%s\t%d\t\n", k.Kind, n)
			}
		}
		for _, t := range schema.RelTypes {
			if n := r.Relationships[t.Type]; n > 0 {
				fmt.Fprintf(tw, "%s\t%d\t\n", t.Type, n)
			}
		}
		tw.Flush()
		b.WriteString("dry run: nothing written\n")
	}
	if len(r.Merges) > 0 {
		fmt.Fprintf(&b, "merged into entities the graph holds (%d):\n", len(r.Merges))
		for _, m := range r.Merges {
			fmt.Fprintf(&b, "  %s: %s -> %s (%s)\n", m.At, m.Record, m.ID, m.Why)
		}
	}
	if len(r.Dangling) > 0 {
		ids := slices.Sorted(maps.Keys(r.Dangling))
		total := 0
		for _, n := range r.Dangling {
			total += n
		}
		fmt.Fprintf(&b, "dangling references: %d references to %d ids that neither the file nor the graph holds; their records are left out:\n", total, len(ids))
		for _, id := range ids {
			fmt.Fprintf(&b, "  %s (%d)\n", id, r.Dangling[id])
		}
	}
	writeRows(&b, "left out", r.Skipped)
	if len(r.NotImported) > 0 {
		fmt.Fprintf(&b, "not imported, by schema:\n")
		for _, s := range slices.Sorted(maps.Keys(r.NotImported)) {
			fmt.Fprintf(&b, "  %s: %d\n", s, r.NotImported[s])
		}
	}
	writeRows(&b, "values left out of imported records", r.Dropped)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func writeRows(b *strings.Builder, title string, m map[string]*Rows) {
	if len(m) == 0 {
		return
	}
	total := 0
	for _, x := range m {
		total += x.Count
	}
	fmt.Fprintf(b, "%s (%d):\n", title, total)
	for _, reason := range slices.Sorted(maps.Keys(m)) {
		x := m[reason]
		more := ""
		if x.Count > len(x.At) {
			more = fmt.Sprintf(" and %d more", x.Count-len(x.At))
		}
		fmt.Fprintf(b, "  %d × %s: %s%s\n", x.Count, reason, strings.Join(x.At, ", "), more)
	}
}
