// Package queriestest reads the worked examples of docs/queries.md, so that
// they cannot rot: its test runs every example against the seed and the
// datasets loaded in a real Neo4j and compares each answer with the facts the
// page states, and bench/querybench times the same requests.
//
// An example in the page is an HTML comment naming it, followed by the
// request and then by the facts of the answer:
//
//	<!-- example: researcher-paths-qosmos-syria -->
//	```graphql
//	{ paths(from: "qosmos", to: "syria-government") { length } }
//	```
//	```json
//	{ "paths": [ { "length": 1 } ] }
//	```
//
// The request is a ```graphql block (POSTed to /graphql), or a ```sh block
// holding one http://localhost:PORT/... address (a GET, such as /export).
// The ```json block is an excerpt of the answer (the "data" member of a
// GraphQL response); see [Match] for how it is compared. Prose may sit between
// the blocks. Every ```graphql block of the page must belong to an example.
package queriestest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Example is one worked example of docs/queries.md.
type Example struct {
	Name string
	Line int    // line of the marker, from 1
	Kind string // "graphql" or "http"
	// Query is the GraphQL document of a graphql example.
	Query string
	// Path is the path and query string of an http example, such as
	// "/export?format=cytoscape&scope=neighborhood&id=qosmos".
	Path string
	// Expected is the decoded ```json block: an excerpt of the answer.
	Expected any
}

var (
	marker    = regexp.MustCompile(`^<!--\s*example:\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*-->\s*$`)
	looseMark = regexp.MustCompile(`<!--\s*example\b`)
	localURL  = regexp.MustCompile(`https?://localhost:[0-9]+(/[^\s'"]*)`)
)

// ParseFile reads the examples of a Markdown file.
func ParseFile(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

type block struct {
	info string // the fence's info string: graphql, json, sh...
	text string
	line int // line of the opening fence
}

// Parse reads the examples of a Markdown document; name is used in errors.
// It reports every problem it finds, each with its line.
func Parse(r io.Reader, name string) ([]Example, error) {
	var (
		examples []Example
		problems []string
		cur      *Example
		stage    int // 0: want the request block, 1: want the json block
		inBlock  *block
		body     strings.Builder
		seen     = map[string]int{}
	)
	fail := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	}
	finish := func() {
		if cur != nil {
			if stage == 0 {
				fail(cur.Line, "example %s: no ```graphql or ```sh block follows the marker", cur.Name)
			} else {
				fail(cur.Line, "example %s: no ```json block of expected facts follows the request", cur.Name)
			}
		}
		cur = nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if inBlock != nil {
			if strings.HasPrefix(trimmed, "```") && strings.Trim(trimmed, "`") == "" {
				inBlock.text = body.String()
				b := *inBlock
				inBlock = nil
				body.Reset()
				switch {
				case cur != nil && stage == 0 && b.info == "graphql":
					cur.Kind, cur.Query = "graphql", b.text
					stage = 1
				case cur != nil && stage == 0 && (b.info == "sh" || b.info == "bash" || b.info == "console"):
					urls := localURL.FindAllStringSubmatch(b.text, -1)
					if len(urls) != 1 {
						fail(b.line, "example %s: the ```%s block must hold exactly one http://localhost:PORT/... address, found %d", cur.Name, b.info, len(urls))
						cur = nil
						continue
					}
					cur.Kind, cur.Path = "http", urls[0][1]
					stage = 1
				case cur != nil && stage == 0:
					fail(b.line, "example %s: the block after the marker is ```%s, want ```graphql or ```sh", cur.Name, b.info)
					cur = nil
				case cur != nil && stage == 1 && b.info == "json":
					dec := json.NewDecoder(strings.NewReader(b.text))
					dec.UseNumber()
					var v any
					if err := dec.Decode(&v); err != nil {
						fail(b.line, "example %s: the ```json block is not JSON: %v", cur.Name, err)
						cur = nil
						continue
					}
					cur.Expected = normalize(v)
					examples = append(examples, *cur)
					cur = nil
				case cur != nil && stage == 1:
					fail(b.line, "example %s: the block after the request is ```%s, want ```json", cur.Name, b.info)
					cur = nil
				case b.info == "graphql":
					fail(b.line, "a ```graphql block that is no example: put <!-- example: NAME --> before it, and a ```json block of expected facts after it")
				}
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inBlock = &block{info: strings.TrimSpace(strings.TrimLeft(trimmed, "`")), line: n}
			continue
		}
		if m := marker.FindStringSubmatch(trimmed); m != nil {
			finish()
			if first, dup := seen[m[1]]; dup {
				fail(n, "example %s is already defined on line %d", m[1], first)
			}
			seen[m[1]] = n
			cur, stage = &Example{Name: m[1], Line: n}, 0
			continue
		}
		if looseMark.MatchString(trimmed) {
			fail(n, "malformed example marker %q: want <!-- example: lower-case-name -->", trimmed)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inBlock != nil {
		fail(inBlock.line, "unclosed ``` block")
	}
	finish()
	if len(problems) > 0 {
		return examples, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return examples, nil
}

// normalize turns json.Number into float64, as encoding/json decodes
// answers, so that expected and actual values compare alike.
func normalize(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, _ := v.Float64()
		return f
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	}
	return v
}

// Request builds the example's HTTP request against a server whose base
// address is base, such as "http://127.0.0.1:8080".
func (e Example) Request(ctx context.Context, base string) (*http.Request, error) {
	base = strings.TrimSuffix(base, "/")
	if e.Kind == "http" {
		return http.NewRequestWithContext(ctx, http.MethodGet, base+e.Path, nil)
	}
	body, err := json.Marshal(map[string]any{"query": e.Query})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// Fetch sends the example to the server at base and returns the body of a
// 200 answer, or an error naming the status.
func Fetch(ctx context.Context, c *http.Client, base string, e Example) ([]byte, http.Header, error) {
	req, err := e.Request(ctx, base)
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		const max = 500
		if len(body) > max {
			body = body[:max]
		}
		return nil, resp.Header, fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(body))
	}
	return body, resp.Header, nil
}

// Answer decodes a body that Fetch returned: the "data" member of a GraphQL
// response (an error if the response carries errors), or the JSON document
// an http example returns.
func Answer(e Example, body []byte) (any, error) {
	if e.Kind == "http" {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("the answer is not JSON: %v", err)
		}
		return v, nil
	}
	var resp struct {
		Data   any               `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("the answer is not a GraphQL response: %v", err)
	}
	if len(resp.Errors) > 0 {
		msgs := make([]string, len(resp.Errors))
		for i, m := range resp.Errors {
			msgs[i] = string(m)
		}
		return resp.Data, fmt.Errorf("GraphQL errors: %s", strings.Join(msgs, "; "))
	}
	return resp.Data, nil
}

// Match reports whether got contains the excerpt want, and if not, where
// they first differ:
//
//   - an object matches when each of its members is in got and matches;
//     members got has and want lacks are ignored;
//   - a non-empty array matches when its elements match elements of got in
//     the same order, others being allowed between them (an ordered
//     subsequence), so an excerpt also checks the order the API promises;
//   - an empty array matches only an empty array;
//   - null, strings, numbers and booleans must be equal.
func Match(want, got any) error {
	return match("$", want, got)
}

func match(path string, want, got any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %s", path, short(got))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing from the answer", path, k)
			}
			if err := match(path+"."+k, w[k], gv); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %s", path, short(got))
		}
		if len(w) == 0 {
			if len(g) != 0 {
				return fmt.Errorf("%s: want an empty array, got %d elements", path, len(g))
			}
			return nil
		}
		j := 0
		for i, we := range w {
			start := j
			var firstErr error
			for ; j < len(g); j++ {
				err := match(fmt.Sprintf("%s[%d]", path, j), we, g[j])
				if err == nil {
					break
				}
				if firstErr == nil || j == i {
					firstErr = err // the same index is the likeliest counterpart
				}
			}
			if j == len(g) {
				why := ""
				if firstErr != nil {
					why = "; closest: " + firstErr.Error()
				}
				return fmt.Errorf("%s: expected element %d %s matches none of the answer's elements %d to %d, in order%s",
					path, i, short(we), start, len(g)-1, why)
			}
			j++
		}
		return nil
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return fmt.Errorf("%s: want %v, got %s", path, w, short(got))
		}
		return nil
	default: // nil, string, bool
		if want != got {
			return fmt.Errorf("%s: want %s, got %s", path, short(want), short(got))
		}
		return nil
	}
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 160 {
		return string(b[:157]) + "..."
	}
	return string(b)
}

// GraphQLBlocks returns the ```graphql blocks of a page that are not
// examples, such as the README's, each as an Example named after its line,
// with no excerpt to match: the caller checks that it answers.
func GraphQLBlocks(r io.Reader, name string) ([]Example, error) {
	var (
		blocks []Example
		cur    *Example
		body   strings.Builder
	)
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case cur == nil && text == "```graphql":
			cur = &Example{Name: fmt.Sprintf("%s:%d", name, line), Line: line, Kind: "graphql"}
			body.Reset()
		case cur != nil && text == "```":
			cur.Query = body.String()
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(text + "\n")
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("%s:%d: unclosed ```graphql block", name, cur.Line)
	}
	return blocks, sc.Err()
}
