package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// At locates a record: its file and line or row, and the part of it (a
// mapping's entity or relationship, an FtM property) a problem is in.
type At struct {
	File string
	Line int
	Part string
}

func (a At) String() string {
	if a.Line == 0 {
		return a.File
	}
	return fmt.Sprintf("%s:%d", a.File, a.Line)
}

// checker validates records as a pass yields them, with the loader's own
// rules, and keeps what the checks across records need: the id and kind of
// every entity, the id of every relationship. It also digests the records,
// so that a load of content the graph holds writes nothing.
type checker struct {
	now      time.Time
	problems []loader.Problem
	entities map[string]schema.Kind
	rels     map[string]struct{}
	digest   hash.Hash
	report   *Report
}

func newChecker(now time.Time, rep *Report) *checker {
	return &checker{now: now, entities: map[string]schema.Kind{}, rels: map[string]struct{}{}, digest: sha256.New(), report: rep}
}

// maxProblems bounds the problems one import lists: past it, the input is
// wrong throughout and more lines would not help.
const maxProblems = 1000

func (c *checker) problem(at At, field, format string, args ...any) {
	if len(c.problems) == maxProblems {
		c.problems = append(c.problems, loader.Problem{File: at.File, Line: at.Line, Message: "and more problems: stopped listing"})
	}
	if len(c.problems) > maxProblems {
		return
	}
	if at.Part != "" {
		field = strings.TrimSuffix(at.Part+"."+field, ".")
	}
	c.problems = append(c.problems, loader.Problem{File: at.File, Line: at.Line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// entity checks e's values and counts it. It returns false when e is not
// valid, having noted why.
func (c *checker) entity(at At, e schema.Entity) bool {
	n := len(c.problems)
	c.part(at, loader.Part{File: at.File, Graph: schema.Graph{Entities: []schema.Entity{e}}, EntityRecords: []int{at.Line}}, "entities[0]")
	for name, v := range e.Props {
		if d, ok := v.(schema.Date); ok && d.Earliest().After(c.now) {
			c.problem(at, name, "date %s is in the future", d)
		}
	}
	if k, dup := c.entities[e.ID]; dup {
		c.problem(at, "id", "the id %q is defined twice (the other is a %s)", e.ID, k)
	}
	c.entities[e.ID] = e.Kind
	c.report.Entities[e.Kind]++
	c.add(e)
	return len(c.problems) == n
}

// relationship checks r's values and its ends, and counts it.
func (c *checker) relationship(at At, r schema.Relationship, from, to schema.Entity) bool {
	n := len(c.problems)
	c.part(at, loader.Part{File: at.File, Graph: schema.Graph{Relationships: []schema.Relationship{r}}, RelRecords: []int{at.Line}}, "relationships[0]")
	for _, p := range loader.CheckEnds(r, from, to) {
		c.problem(at, p.Field, "%s", p.Message)
	}
	for _, d := range []schema.Date{r.Period.Start, r.Period.End} {
		if !d.IsZero() && d.Earliest().After(c.now) {
			c.problem(at, "start", "date %s is in the future", d)
		}
	}
	if _, dup := c.rels[r.ID]; dup {
		c.problem(at, "", "a %s relationship from %q to %q (id %s) is made twice; give its rows a key that tells them apart", r.Type, r.From, r.To, r.ID)
	}
	c.rels[r.ID] = struct{}{}
	c.report.Relationships[r.Type]++
	c.add(r)
	return len(c.problems) == n
}

// part runs the loader's checks of records built by code, naming fields
// after at's part rather than the loader's record path.
func (c *checker) part(at At, p loader.Part, path string) {
	err := loader.CheckPart(p)
	if err == nil {
		return
	}
	if ve, ok := err.(*loader.ValidationError); ok {
		for _, pr := range ve.Problems {
			field := strings.TrimPrefix(strings.TrimPrefix(pr.Field, path), ".")
			c.problem(at, field, "%s", pr.Message)
		}
		return
	}
	c.problem(at, "", "%v", err)
}

// add digests a record: every field that the graph stores, in a fixed
// order, without reflection (the check of a million rows digests them all).
func (c *checker) add(v any) {
	h := c.digest
	w := func(parts ...string) {
		for _, p := range parts {
			io.WriteString(h, p)
			h.Write([]byte{0})
		}
	}
	cites := func(cs []schema.Citation) {
		for _, x := range cs {
			w(x.Source, x.Quote, x.Locator, string(x.Stance))
		}
	}
	switch x := v.(type) {
	case schema.Entity:
		w("E", x.ID, string(x.Kind), strconv.FormatBool(x.Placeholder))
		keys := make([]string, 0, len(x.Props))
		for k := range x.Props {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			switch p := x.Props[k].(type) {
			case []string:
				w(k, strings.Join(p, "\x01"))
			case schema.Date:
				w(k, p.String())
			default:
				w(k, fmt.Sprint(p))
			}
		}
		cites(x.Citations)
	case schema.Relationship:
		w("R", x.ID, string(x.Type), x.From, x.To, string(x.Status), x.Period.Start.String(), x.Period.End.String(), x.Summary,
			x.Product, strconv.FormatInt(x.Amount, 10), x.Currency, strconv.Itoa(x.Quantity), string(x.Basis), x.Role,
			strconv.FormatFloat(x.Share, 'g', -1, 64))
		cites(x.Citations)
	}
	h.Write([]byte{'\n'})
}

// err is the validation error, or nil.
func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &loader.ValidationError{Problems: c.problems}
}

// info is what the loader needs of the checked stream.
func (c *checker) info() loader.StreamInfo {
	info := loader.StreamInfo{Entities: map[schema.Kind]int{}, Relationships: map[schema.RelType]int{},
		Digest: hex.EncodeToString(c.digest.Sum(nil))}
	for k, n := range c.report.Entities {
		info.Entities[k] = n
	}
	for t, n := range c.report.Relationships {
		info.Relationships[t] = n
	}
	return info
}

// records is a pass over an input: it calls entity and relationship for
// each record, as the import builds them.
type records func(ctx context.Context, entity func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error

// stream adapts passes to the loader: one pass for the entities, another
// for the relationships.
type stream struct{ pass records }

func (s stream) Entities(ctx context.Context, yield func(schema.Entity) error) error {
	return s.pass(ctx, func(_ At, e schema.Entity) error { return yield(e) }, nil)
}

func (s stream) Relationships(ctx context.Context, yield func(schema.Relationship) error) error {
	return s.pass(ctx, nil, func(_ At, r schema.Relationship) error { return yield(r) })
}

// collect runs one pass and gathers its records, for inputs small enough to
// hold (the datasets the seed loads with).
func collect(ctx context.Context, pass records) (schema.Graph, []int, []int, error) {
	var g schema.Graph
	var el, rl []int
	err := pass(ctx, func(at At, e schema.Entity) error {
		g.Entities = append(g.Entities, e)
		el = append(el, at.Line)
		return nil
	}, func(at At, r schema.Relationship) error {
		g.Relationships = append(g.Relationships, r)
		rl = append(rl, at.Line)
		return nil
	})
	return g, el, rl, err
}
