package tablemap

import (
	"bytes"
	"fmt"
	"html"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/schema"
)

// Value computes one string from a row: a template (or a column, From)
// passed through transforms, applied in the order of the fields below.
// Written as a plain string, a Value is a template.
type Value struct {
	// Template is a Go text/template over the row: {{.column}}, with the
	// functions docs/import.md lists. Without actions it is a constant.
	Template string `yaml:"value"`
	// From takes a column's value as it is.
	From string `yaml:"from"`
	// Null (written empty) lists values that mean empty, such as "n/a" or
	// "1970-01-01".
	Null []string `yaml:"empty"`
	// Unescape decodes entities: "html" turns "&euro;" into "€".
	Unescape string `yaml:"unescape"`
	// Regex keeps its first group's match (the whole match without a
	// group); no match gives "".
	Regex string `yaml:"regex"`
	// Replace replaces every match of each pattern, in order.
	Replace []Replace `yaml:"replace"`
	// Clean collapses white space and drops invisible characters.
	Clean bool `yaml:"clean"`
	// Case is lower or upper.
	Case string `yaml:"case"`
	// Map replaces a value by another; a value it does not list stays, or
	// becomes Otherwise when that is set.
	Map       map[string]string `yaml:"map"`
	Otherwise string            `yaml:"otherwise"`
	// Default stands in for an empty value.
	Default string `yaml:"default"`
	// Date reads a date in one of these formats (YYYY, MM, M, DD, D, Mon
	// and Month stand for their parts) and writes it as YYYY, YYYY-MM or
	// YYYY-MM-DD, as precise as the format.
	Date []string `yaml:"date"`
	// Country reads a country: "code" turns a name or code into its ISO
	// code; "prefix" gives the ISO code of the country a value begins with
	// ("Bosnia Herzegovina Intelligence" gives BA), "rest" what follows it.
	Country string `yaml:"country"`
	// Slug turns the value into an id part of at most Slug bytes.
	Slug int `yaml:"slug"`
	// Split makes a list of a value, for a list field such as aliases.
	Split string `yaml:"split"`

	tmpl     *template.Template
	column   string // the template is {{.column}} alone
	literal  bool   // the template has no action
	re       *regexp.Regexp
	replaces []*regexp.Regexp
	layouts  []layout
}

// Cond is a condition: a template that holds unless it gives "", "false"
// or "0". An empty condition always holds.
type Cond struct{ v Value }

// UnmarshalYAML reads a condition's template.
func (c *Cond) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a condition is a template string, such as '{{eq .status \"cancelled\"}}'", n.Line)
	}
	c.v.Template = n.Value
	return nil
}

// Text is the condition's template.
func (c *Cond) Text() string { return c.v.Template }

// Holds evaluates the condition for data.
func (c *Cond) Holds(data Data) (bool, error) {
	if c.v.Template == "" {
		return true, nil
	}
	s, err := c.v.Eval(data)
	s = strings.TrimSpace(s)
	return err == nil && s != "" && s != "false" && s != "0", err
}

// Replace is a regular expression and what its matches become ($1 for a
// group).
type Replace struct {
	Pattern string `yaml:"pattern"`
	With    string `yaml:"with"`
}

// UnmarshalYAML reads a Value from a string (a template) or a mapping,
// refusing keys it does not know.
func (v *Value) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		v.Template = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a value is a template string or a mapping of value or from and transforms", n.Line)
	}
	if err := knownKeys(n, reflect.TypeOf(Value{})); err != nil {
		return err
	}
	type plain Value
	return n.Decode((*plain)(v))
}

// UnmarshalYAML reads a Column: its name and its Value's fields.
func (c *Column) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a column is a mapping with a name and a value or from", n.Line)
	}
	rest := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			c.Name = n.Content[i+1].Value
			continue
		}
		rest.Content = append(rest.Content, n.Content[i], n.Content[i+1])
	}
	return c.Value.UnmarshalYAML(rest)
}

// knownKeys refuses a mapping key that is no yaml tag of t.
func knownKeys(n *yaml.Node, t reflect.Type) error {
	var known []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			known = append(known, tag)
		}
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !slices.Contains(known, k) {
			return fmt.Errorf("line %d: field %s not found in a value; a value has %s", n.Content[i].Line, k, strings.Join(known, ", "))
		}
	}
	return nil
}

var columnRE = regexp.MustCompile(`^\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)

// compile parses the template and the expressions.
func (v *Value) compile() error {
	if v.tmpl != nil || v.literal || v.column != "" {
		return nil // compiled already: a value reached twice
	}
	switch {
	case v.From != "" && v.Template != "":
		return fmt.Errorf("give value or from, not both")
	case v.From != "":
		v.column = v.From
	case columnRE.MatchString(v.Template):
		v.column = columnRE.FindStringSubmatch(v.Template)[1]
	case !strings.Contains(v.Template, "{{"):
		v.literal = true
	default:
		t, err := template.New("").Option("missingkey=zero").Funcs(funcs).Parse(v.Template)
		if err != nil {
			return fmt.Errorf("template: %v", strings.TrimPrefix(err.Error(), "template: :"))
		}
		v.tmpl = t
	}
	var err error
	if v.Regex != "" {
		if v.re, err = regexp.Compile(v.Regex); err != nil {
			return fmt.Errorf("regex: %v", err)
		}
	}
	for _, r := range v.Replace {
		re, err := regexp.Compile(r.Pattern)
		if err != nil {
			return fmt.Errorf("replace: %v", err)
		}
		v.replaces = append(v.replaces, re)
	}
	if v.Unescape != "" && v.Unescape != "html" {
		return fmt.Errorf("unescape: %q is not html", v.Unescape)
	}
	if v.Case != "" && v.Case != "lower" && v.Case != "upper" {
		return fmt.Errorf("case: %q is not lower or upper", v.Case)
	}
	if v.Country != "" && !slices.Contains([]string{"code", "prefix", "rest"}, v.Country) {
		return fmt.Errorf("country: %q is not code, prefix or rest", v.Country)
	}
	if v.Slug < 0 || v.Slug > schema.MaxIDLen {
		return fmt.Errorf("slug: %d is not a length from 1 to %d", v.Slug, schema.MaxIDLen)
	}
	for _, f := range v.Date {
		l, err := parseLayout(f)
		if err != nil {
			return fmt.Errorf("date: %v", err)
		}
		v.layouts = append(v.layouts, l)
	}
	return nil
}

// Data is what a template sees: the row's columns, computed columns
// included, and the names that start with _ (docs/import.md).
type Data map[string]any

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Eval computes the value for data.
func (v *Value) Eval(data Data) (string, error) {
	var s string
	switch {
	case v.column != "":
		s = str(data[v.column])
	case v.literal:
		s = v.Template
	case v.tmpl != nil:
		b := bufs.Get().(*bytes.Buffer)
		b.Reset()
		defer bufs.Put(b)
		if err := v.tmpl.Execute(b, data); err != nil {
			return "", fmt.Errorf("template: %v", strings.TrimPrefix(err.Error(), "template: :"))
		}
		s = b.String()
	}
	return v.transform(s)
}

// EvalList computes a list value: the value split by Split, or the value
// alone; empty items are left out.
func (v *Value) EvalList(data Data) ([]string, error) {
	s, err := v.Eval(data)
	if err != nil || s == "" {
		return nil, err
	}
	if v.Split == "" {
		return []string{s}, nil
	}
	var out []string
	for _, p := range strings.Split(s, v.Split) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

func (v *Value) transform(s string) (string, error) {
	if slices.Contains(v.Null, s) {
		s = ""
	}
	if v.Unescape == "html" {
		s = html.UnescapeString(s)
	}
	if v.re != nil {
		m := v.re.FindStringSubmatch(s)
		switch {
		case m == nil:
			s = ""
		case len(m) > 1:
			s = m[1]
		default:
			s = m[0]
		}
		if slices.Contains(v.Null, s) {
			s = ""
		}
	}
	for i, re := range v.replaces {
		s = re.ReplaceAllString(s, v.Replace[i].With)
	}
	if v.Clean {
		s = datasets.Clean(s)
	}
	switch v.Case {
	case "lower":
		s = strings.ToLower(s)
	case "upper":
		s = strings.ToUpper(s)
	}
	if x, ok := v.Map[s]; ok {
		s = x
	} else if v.Otherwise != "" && s != "" {
		s = v.Otherwise
	}
	if s == "" {
		s = v.Default
	}
	if len(v.layouts) > 0 && s != "" {
		d, err := parseDate(s, v.layouts)
		if err != nil {
			return "", err
		}
		s = d
	}
	switch v.Country {
	case "code":
		if s != "" {
			code, ok := datasets.CountryCode(s)
			if !ok {
				return "", fmt.Errorf("%q is no country survgraph knows", s)
			}
			s = code
		}
	case "prefix":
		s, _ = countryPrefix(s)
	case "rest":
		_, s = countryPrefix(s)
	}
	if v.Slug > 0 {
		s = datasets.Slug(s, v.Slug)
	}
	return s, nil
}

// countryPrefix splits "Bosnia Herzegovina Intelligence" into BA and
// "Intelligence": the longest run of one to three leading words that names
// a country. A value that begins with none gives "" and itself.
func countryPrefix(s string) (code, rest string) {
	w := strings.Fields(s)
	for k := min(3, len(w)); k >= 1; k-- {
		if c, ok := datasets.CountryCode(strings.Join(w[:k], " ")); ok {
			return c, strings.Join(w[k:], " ")
		}
	}
	return "", s
}

// layout is a date format: its Go layout and its precision.
type layout struct {
	text, goLayout string
	precision      schema.Precision
}

var dateTokens = []struct{ token, goLayout string }{
	{"YYYY", "2006"}, {"Month", "January"}, {"Mon", "Jan"}, {"MM", "01"}, {"M", "1"}, {"DD", "02"}, {"D", "2"},
}

// parseLayout turns "DD/MM/YYYY" into a Go layout.
func parseLayout(f string) (layout, error) {
	l := layout{text: f, precision: schema.YearPrecision}
	var b strings.Builder
	year := false
	for rest := f; rest != ""; {
		matched := false
		for _, t := range dateTokens {
			if strings.HasPrefix(rest, t.token) {
				b.WriteString(t.goLayout)
				rest = rest[len(t.token):]
				matched = true
				switch t.token {
				case "YYYY":
					year = true
				case "Month", "Mon", "MM", "M":
					l.precision = max(l.precision, schema.MonthPrecision)
				case "DD", "D":
					l.precision = schema.DayPrecision
				}
				break
			}
		}
		if !matched {
			r := rest[0]
			if r >= '0' && r <= '9' {
				return l, fmt.Errorf("%q: a digit is no date part; write YYYY, MM, M, DD, D, Mon or Month", f)
			}
			b.WriteByte(r)
			rest = rest[1:]
		}
	}
	if !year {
		return l, fmt.Errorf("%q has no year (YYYY)", f)
	}
	l.goLayout = b.String()
	return l, nil
}

// parseDate reads s in the first layout that fits it.
func parseDate(s string, layouts []layout) (string, error) {
	var names []string
	for _, l := range layouts {
		t, err := time.Parse(l.goLayout, s)
		if err != nil {
			names = append(names, l.text)
			continue
		}
		switch l.precision {
		case schema.DayPrecision:
			return t.Format("2006-01-02"), nil
		case schema.MonthPrecision:
			return t.Format("2006-01"), nil
		}
		return t.Format("2006"), nil
	}
	return "", fmt.Errorf("%q is not a date in the format %s", s, strings.Join(names, " or "))
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

var (
	regexMu    sync.Mutex
	regexCache = map[string]*regexp.Regexp{}
)

func cachedRegexp(pattern string) (*regexp.Regexp, error) {
	regexMu.Lock()
	defer regexMu.Unlock()
	if re, ok := regexCache[pattern]; ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err == nil && len(regexCache) < 1000 {
		regexCache[pattern] = re
	}
	return re, err
}

// funcs are the functions templates may call.
var funcs = template.FuncMap{
	"slug": func(s string, max ...int) string {
		n := schema.MaxIDLen
		if len(max) > 0 {
			n = max[0]
		}
		return datasets.Slug(s, n)
	},
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"trim":  strings.TrimSpace,
	"clean": datasets.Clean,
	"cut":   func(n int, s string) string { return datasets.Cut(s, n) },
	"quote": strconv.Quote,
	"plural": func(n any, word string) string {
		k, _ := strconv.Atoi(str(n))
		if k == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", k, word)
	},
	"join": func(list []string, sep string) string { return strings.Join(list, sep) },
	"pluck": func(rows []Data, column string) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = str(r[column])
		}
		return out
	},
	"countryName":    datasets.CountryName,
	"countryPhrase":  datasets.CountryPhrase,
	"countryCode":    func(name string) string { c, _ := datasets.CountryCode(name); return c },
	"governmentName": datasets.GovernmentName,
	"match": func(pattern, s string) (bool, error) {
		re, err := cachedRegexp(pattern)
		if err != nil {
			return false, err
		}
		return re.MatchString(s), nil
	},
	"replace": func(pattern, with, s string) (string, error) {
		re, err := cachedRegexp(pattern)
		if err != nil {
			return "", err
		}
		return re.ReplaceAllString(s, with), nil
	},
	"default": func(def string, s any) string {
		if v := str(s); v != "" {
			return v
		}
		return def
	},
	"atoi": func(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n },
}
