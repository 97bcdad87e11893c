package queriestest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/internal/neo4jtest"
)

// docPath is docs/queries.md, seen from this package's folder.
const docPath = "../queries.md"

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

// checks hold what an excerpt cannot say: list lengths and properties of
// every element. Each is keyed by the name of its example in docs/queries.md
// and receives the answer (the GraphQL data, or the decoded JSON of an http
// example) and the response headers. The prose under each example says what
// its check checks.
var checks = map[string]func(t *testing.T, data any, hdr http.Header){
	"researcher-paths-qosmos-syria": func(t *testing.T, data any, _ http.Header) {
		paths := arr(t, field(t, data, "paths"))
		wantLen(t, "paths", paths, 3)
		if len(paths) > 0 {
			wantLen(t, "paths[0].explanation.sources", arr(t, field(t, field(t, paths[0], "explanation"), "sources")), 6)
		}
		last := 0.0
		for i, p := range paths {
			n := num(t, field(t, p, "length"))
			if n < last {
				t.Errorf("paths[%d] has length %v after a path of length %v: not shortest first", i, n, last)
			}
			last = n
			rels := arr(t, field(t, p, "relationships"))
			if float64(len(rels)) != n {
				t.Errorf("paths[%d]: length %v but %d relationships", i, n, len(rels))
			}
			for j, r := range rels {
				if len(arr(t, field(t, r, "citations"))) == 0 {
					t.Errorf("paths[%d].relationships[%d] (%v) has no citation", i, j, field(t, r, "id"))
				}
			}
		}
	},
	"researcher-legal-actions-qosmos": func(t *testing.T, data any, _ http.Header) {
		rels := field(t, field(t, data, "entity"), "relationships")
		nodes := arr(t, field(t, rels, "nodes"))
		wantLen(t, "nodes", nodes, int(num(t, field(t, rels, "totalCount"))))
		for i, n := range nodes {
			if field(t, n, "status") == nil || len(arr(t, field(t, n, "citations"))) == 0 {
				t.Errorf("nodes[%d] has no status or no citation", i)
			}
		}
	},
	"researcher-suppliers-syria": func(t *testing.T, data any, _ http.Header) {
		chains := arr(t, field(t, data, "suppliers"))
		wantLen(t, "suppliers", chains, 14)
		checkChains(t, chains, "syria-government", false)
	},
	"researcher-clients-qosmos": func(t *testing.T, data any, _ http.Header) {
		chains := arr(t, field(t, data, "clients"))
		wantLen(t, "clients", chains, 2)
		checkChains(t, chains, "qosmos", true)
	},
	"researcher-timeline-qosmos": func(t *testing.T, data any, _ http.Header) {
		events := arr(t, field(t, data, "timeline"))
		wantLen(t, "timeline", events, 19)
		prev := ""
		for i, e := range events {
			d := str(t, field(t, e, "date"))
			if d < prev {
				t.Errorf("timeline[%d] is dated %s, after an event of %s: not oldest first", i, d, prev)
			}
			prev = d
		}
	},
	"researcher-known-in-2012": func(t *testing.T, data any, _ http.Header) {
		wantLen(t, "paths", arr(t, field(t, data, "paths")), 3)
		e := field(t, data, "entity")
		in2012 := field(t, e, "in2012")
		wantLen(t, "in2012.nodes", arr(t, field(t, in2012, "nodes")), int(num(t, field(t, in2012, "totalCount"))))
		if known, all := num(t, field(t, in2012, "totalCount")), num(t, field(t, field(t, e, "now"), "totalCount")); known >= all {
			t.Errorf("%v claims known in 2012 of %v in all: knownAt filters nothing", known, all)
		}
	},
	"journalist-search-nso": func(t *testing.T, data any, _ http.Header) {
		hits := arr(t, field(t, data, "search"))
		wantLen(t, "search", hits, 8)
		for i, h := range hits {
			if k := field(t, h, "kind"); k != "COMPANY" && k != "LEGAL_ACTION" {
				t.Errorf("search[%d] is a %v, outside the kinds asked for", i, k)
			}
		}
	},
	"journalist-search-alias": func(t *testing.T, data any, _ http.Header) {
		wantLen(t, "search", arr(t, field(t, data, "search")), 1)
	},
	"journalist-neighborhood-hacking-team": func(t *testing.T, data any, _ http.Header) {
		n := field(t, data, "neighborhood")
		nodes, rels := arr(t, field(t, n, "nodes")), arr(t, field(t, n, "relationships"))
		wantLen(t, "nodes", nodes, 103)
		wantLen(t, "relationships", rels, 150)
		ids := map[any]bool{}
		for _, x := range nodes {
			ids[field(t, x, "id")] = true
		}
		for i, r := range rels {
			if ty := field(t, r, "type"); ty != "SUPPLIED" && ty != "MAKES" {
				t.Errorf("relationships[%d] is %v, not one of the types asked for", i, ty)
			}
			for _, end := range []string{"from", "to"} {
				if id := field(t, field(t, r, end), "id"); !ids[id] {
					t.Errorf("relationships[%d].%s is %v, which is not among the nodes", i, end, id)
				}
			}
		}
	},
	"journalist-export-qosmos": func(t *testing.T, data any, hdr http.Header) {
		if cd := hdr.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, `"survgraph-qosmos.cyjs"`) {
			t.Errorf("Content-Disposition = %q, want an attachment named survgraph-qosmos.cyjs", cd)
		}
		el := field(t, data, "elements")
		wantLen(t, "elements.nodes", arr(t, field(t, el, "nodes")), 13)
		edges := arr(t, field(t, el, "edges"))
		wantLen(t, "elements.edges", edges, 13)
		for i, e := range edges {
			d := field(t, e, "data")
			if n := len(arr(t, field(t, d, "citations"))); n == 0 || float64(n) != num(t, field(t, d, "citation_count")) {
				t.Errorf("edges[%d] (%v) has %d citations, citation_count %v", i, field(t, d, "id"), n, field(t, d, "citation_count"))
			}
		}
	},
	"academic-entities-french-companies": func(t *testing.T, data any, _ http.Header) {
		wantLen(t, "nodes", arr(t, field(t, field(t, data, "entities"), "nodes")), 5)
	},
	"academic-entities-next-page": func(t *testing.T, data any, _ http.Header) {
		wantLen(t, "nodes", arr(t, field(t, field(t, data, "entities"), "nodes")), 5)
	},
	"academic-relationships-syria": func(t *testing.T, data any, _ http.Header) {
		rels := field(t, data, "relationships")
		nodes := arr(t, field(t, rels, "nodes"))
		wantLen(t, "nodes", nodes, int(num(t, field(t, rels, "totalCount"))))
		for i, n := range nodes {
			if s := str(t, field(t, n, "status")); rank(s) < rank("REPORTED") {
				t.Errorf("nodes[%d] is %s, below minStatus REPORTED", i, s)
			}
		}
	},
	"academic-stats": func(t *testing.T, data any, _ http.Header) {
		all := field(t, data, "all")
		sum := func(facets any) float64 {
			var s float64
			for _, f := range arr(t, facets) {
				s += num(t, field(t, f, "count"))
			}
			return s
		}
		for _, c := range []struct {
			facet, total string
			stats        any
		}{
			{"byKind", "entities", all}, {"byType", "relationships", all}, {"byStatus", "relationships", all},
			{"byStatus", "relationships", field(t, data, "supplied")},
		} {
			if got, want := sum(field(t, c.stats, c.facet)), num(t, field(t, c.stats, c.total)); got != want {
				t.Errorf("%s adds up to %v, %s is %v", c.facet, got, c.total, want)
			}
		}
	},
}

// checkChains checks suppliers or clients chains: each runs from (or, for
// suppliers, to) the entity asked about, starts at a company, explains
// itself by its weakest hop, cites a source, and they come shortest first.
func checkChains(t *testing.T, chains []any, of string, clients bool) {
	t.Helper()
	last := 0.0
	for i, c := range chains {
		nodes := arr(t, field(t, c, "nodes"))
		if len(nodes) < 2 {
			t.Errorf("chain %d has %d nodes", i, len(nodes))
			continue
		}
		first, end := nodes[0], nodes[len(nodes)-1]
		if field(t, first, "kind") != nil && field(t, first, "kind") != "COMPANY" {
			t.Errorf("chain %d starts at a %v, not a company", i, field(t, first, "kind"))
		}
		anchor := end
		if clients {
			anchor = first
		}
		if id := field(t, anchor, "id"); id != of {
			t.Errorf("chain %d does not run through %s: %v", i, of, nodes)
		}
		n := num(t, field(t, c, "length"))
		if n < last {
			t.Errorf("chain %d has length %v after one of %v: not shortest first", i, n, last)
		}
		last = n
		weakest := ""
		for _, r := range arr(t, field(t, c, "relationships")) {
			if s := str(t, field(t, r, "status")); weakest == "" || rank(s) < rank(weakest) {
				weakest = s
			}
		}
		ex := field(t, c, "explanation")
		if s := field(t, ex, "status"); s != weakest {
			t.Errorf("chain %d: explanation status %v, weakest hop %s", i, s, weakest)
		}
		if len(arr(t, field(t, ex, "sources"))) == 0 {
			t.Errorf("chain %d cites no source", i)
		}
	}
}

func rank(status string) int {
	return slices.Index([]string{"DENIED", "ALLEGED", "REPORTED", "CONFIRMED", "ADJUDICATED"}, status)
}

func field(t *testing.T, v any, name string) any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want an object with %q, got %s", name, short(v))
	}
	x, ok := m[name]
	if !ok {
		t.Fatalf("the answer has no %q in %s", name, short(v))
	}
	return x
}

func arr(t *testing.T, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("want an array, got %s", short(v))
	}
	return a
}

func num(t *testing.T, v any) float64 {
	t.Helper()
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("want a number, got %s", short(v))
	}
	return f
}

func str(t *testing.T, v any) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("want a string, got %s", short(v))
	}
	return s
}

func wantLen(t *testing.T, what string, list []any, n int) {
	t.Helper()
	if len(list) != n {
		t.Errorf("%s has %d elements, the page says %d", what, len(list), n)
	}
}

// TestQueriesDocParses reads docs/queries.md without a database: every
// example is well formed, the three audiences are there, and every check
// above belongs to an example.
func TestQueriesDocParses(t *testing.T) {
	examples, err := ParseFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	audiences := map[string]int{}
	for _, e := range examples {
		names[e.Name] = true
		audience, _, _ := strings.Cut(e.Name, "-")
		audiences[audience]++
		if e.Kind == "graphql" && !strings.Contains(e.Query, "{") {
			t.Errorf("%s:%d: example %s has no query", docPath, e.Line, e.Name)
		}
		if m, ok := e.Expected.(map[string]any); !ok || len(m) == 0 {
			t.Errorf("%s:%d: example %s states no facts: its json block must be a non-empty object", docPath, e.Line, e.Name)
		}
	}
	for _, a := range []string{"researcher", "journalist", "academic"} {
		if audiences[a] == 0 {
			t.Errorf("docs/queries.md has no example for the %s (names starting %s-)", a, a)
		}
	}
	for name := range checks {
		if !names[name] {
			t.Errorf("checks has %q, which is no example of docs/queries.md", name)
		}
	}
	t.Logf("%d examples: %v", len(examples), audiences)
}

func TestParse(t *testing.T) {
	const good = "# Title\n\n<!-- example: a-one -->\nprose\n```graphql\n{ entity(id: \"x\") { id } }\n```\nmore prose\n```json\n{\"entity\": {\"id\": \"x\", \"n\": 2}}\n```\n" +
		"<!-- example: b-two -->\n```sh\ncurl -OJ 'http://localhost:8080/export?format=cytoscape&scope=all'\n```\n```json\n{\"elements\": {}}\n```\n" +
		"```sh\nnot an example: ignored\n```\n"
	ex, err := Parse(strings.NewReader(good), "good.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 || ex[0].Name != "a-one" || ex[0].Kind != "graphql" || ex[0].Line != 3 ||
		ex[0].Query != "{ entity(id: \"x\") { id } }\n" || ex[0].Expected.(map[string]any)["entity"].(map[string]any)["n"] != 2.0 ||
		ex[1].Kind != "http" || ex[1].Path != "/export?format=cytoscape&scope=all" {
		t.Fatalf("Parse gave %+v", ex)
	}
	for _, tt := range []struct{ doc, want string }{
		{"```graphql\n{ a }\n```\n", "bad.md:1: a ```graphql block that is no example"},
		{"<!-- example: x -->\n```graphql\n{ a }\n```\n", "bad.md:1: example x: no ```json block"},
		{"<!-- example: x -->\ntext\n", "bad.md:1: example x: no ```graphql or ```sh block"},
		{"<!-- example: x -->\n```graphql\n{ a }\n```\n```json\n{nope\n```\n", "bad.md:5: example x: the ```json block is not JSON"},
		{"<!-- example: x -->\n```python\nprint()\n```\n", "bad.md:2: example x: the block after the marker is ```python"},
		{"<!-- example: x -->\n```sh\necho\n```\n", "bad.md:2: example x: the ```sh block must hold exactly one"},
		{"<!-- example: Bad Name -->\n", "bad.md:1: malformed example marker"},
		{"<!-- example: x -->\n```graphql\n{ a }\n```\n```json\n{}\n```\n<!-- example: x -->\n", "bad.md:8: example x is already defined on line 1"},
		{"<!-- example: x -->\n```graphql\n{ a }\n", "bad.md:2: unclosed ``` block"},
	} {
		_, err := Parse(strings.NewReader(tt.doc), "bad.md")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.doc, err, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	got := map[string]any{
		"a": []any{map[string]any{"id": "x", "n": 1.0}, map[string]any{"id": "y"}, map[string]any{"id": "z"}},
		"b": nil, "c": "s", "d": true, "e": []any{},
	}
	for _, tt := range []struct {
		want any
		ok   string // "" if it matches, else a part of the error
	}{
		{map[string]any{}, ""},
		{map[string]any{"a": []any{map[string]any{"id": "x"}, map[string]any{"id": "z"}}}, ""},
		{map[string]any{"a": []any{map[string]any{"id": "z"}, map[string]any{"id": "x"}}}, "$.a: expected element 1"},
		{map[string]any{"a": []any{map[string]any{"id": "x", "n": 2.0}}}, "want 2, got 1"},
		{map[string]any{"a": []any{}}, "want an empty array, got 3"},
		{map[string]any{"e": []any{}, "b": nil, "c": "s", "d": true}, ""},
		{map[string]any{"b": "x"}, `$.b: want "x", got null`},
		{map[string]any{"f": 1.0}, "$.f: missing"},
		{map[string]any{"c": map[string]any{}}, "want an object"},
		{map[string]any{"c": []any{1.0}}, "want an array"},
		{map[string]any{"a": []any{map[string]any{"id": "x"}, map[string]any{"id": "x"}}}, "expected element 1"},
	} {
		err := Match(tt.want, got)
		if tt.ok == "" && err != nil || tt.ok != "" && (err == nil || !strings.Contains(err.Error(), tt.ok)) {
			t.Errorf("Match(%s) = %v, want %q", short(tt.want), err, tt.ok)
		}
	}
}

// TestQueriesDoc loads the seed and the datasets into the test Neo4j,
// starts survgraph serve, sends every example of docs/queries.md over HTTP
// and checks each answer against the page: its excerpt, and its check above.
func TestQueriesDoc(t *testing.T) {
	examples, err := ParseFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := datasetsDir(t)
	neo4jtest.Open(t) // empties the test database
	base := startServer(t, dir)
	client := &http.Client{Timeout: 60 * time.Second}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			body, hdr, err := Fetch(ctx, client, base, ex)
			if err != nil {
				t.Fatalf("docs/queries.md:%d: %s: %v", ex.Line, ex.Name, err)
			}
			data, err := Answer(ex, body)
			if err != nil {
				t.Fatalf("docs/queries.md:%d: %s: %v", ex.Line, ex.Name, err)
			}
			if err := Match(ex.Expected, data); err != nil {
				t.Errorf("docs/queries.md:%d: %s: the answer no longer holds the facts the page shows: %v", ex.Line, ex.Name, err)
			}
			if check := checks[ex.Name]; check != nil {
				check(t, data, hdr)
			}
		})
	}
	checkReadmeQueries(t, client, base)
}

// checkReadmeQueries sends the README's queries, which show no answer, and
// checks that each answers without error and that every root field finds
// something: a README example that finds nothing misleads its first reader.
func checkReadmeQueries(t *testing.T, client *http.Client, base string) {
	f, err := os.Open(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	blocks, err := GraphQLBlocks(f, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```graphql block")
	}
	for _, ex := range blocks {
		t.Run(ex.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			body, _, err := Fetch(ctx, client, base, ex)
			if err != nil {
				t.Fatalf("%s: %v", ex.Name, err)
			}
			data, err := Answer(ex, body)
			if err != nil {
				t.Fatalf("%s: %v", ex.Name, err)
			}
			for root, v := range data.(map[string]any) {
				if isEmpty(v) {
					t.Errorf("%s: %s finds nothing: %s", ex.Name, root, short(v))
				}
			}
		})
	}
}

// isEmpty reports whether an answer holds no item: null, an empty list, or
// an object that has lists or objects and all of them empty.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case map[string]any:
		nested := 0
		for _, x := range v {
			switch x.(type) {
			case []any, map[string]any:
				nested++
				if !isEmpty(x) {
					return false
				}
			}
		}
		return nested > 0
	}
	return false
}

func TestIsEmpty(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want bool
	}{
		{nil, true},
		{[]any{}, true},
		{[]any{1.0}, false},
		{map[string]any{"id": "x"}, false},
		{map[string]any{"nodes": []any{}, "truncated": false}, true},
		{map[string]any{"nodes": []any{}, "relationships": []any{map[string]any{}}}, false},
	} {
		if got := isEmpty(tt.v); got != tt.want {
			t.Errorf("isEmpty(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

// datasetsDir is the public datasets' folder in the repository.
func datasetsDir(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(repoRoot, filepath.FromSlash(datasets.DataDir)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatal(err)
	}
	return abs
}

// commandEnv is the environment for survgraph commands: the test Neo4j, and
// never the caller's NEO4J_* settings.
func commandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") && !strings.HasPrefix(kv, "SURVGRAPH_DATASETS=") {
			env = append(env, kv)
		}
	}
	cfg, _ := neo4jtest.Config()
	return append(env, "NEO4J_URI="+cfg.URI, "NEO4J_USERNAME="+cfg.Username,
		"NEO4J_PASSWORD="+cfg.Password, "NEO4J_DATABASE="+cfg.Database)
}

// startServer builds the survgraph command, loads the seed and the datasets
// with it, and starts `survgraph serve` on a free port, stopped when the test
// ends. It returns the server's base address.
func startServer(t *testing.T, datasets string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "survgraph")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/survgraph")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/survgraph: %v\n%s", err, out)
	}

	load := exec.Command(bin, "load", "-datasets", datasets)
	load.Dir, load.Env = repoRoot, commandEnv()
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("survgraph load -datasets %s: %v\n%s", datasets, err, out)
	}

	// No warm-up: the examples are timed by make bench, not here.
	serve := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-warm=false")
	serve.Dir, serve.Env = repoRoot, commandEnv()
	var logs syncBuffer
	serve.Stderr = &logs
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{}) // closed when serve has exited, with waitErr set
	var waitErr error
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(&logs, sc.Text())
			if m := graphqlURL.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		waitErr = serve.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		serve.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			serve.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("survgraph serve said:\n%s", logs.String())
		}
	})
	select {
	case u := <-urls:
		return u
	case <-exited:
		t.Fatalf("survgraph serve stopped: %v\n%s", waitErr, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("survgraph serve printed no address in 60 s:\n%s", logs.String())
	}
	return ""
}

var graphqlURL = regexp.MustCompile(`GraphQL\s+(http://\S+)/graphql`)

// syncBuffer collects the server's output from two goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var _ io.Writer = (*syncBuffer)(nil)
