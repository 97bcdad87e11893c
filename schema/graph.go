package schema

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Entity is one node of the graph. Props holds the common and kind fields by
// name: string for String, Text, URLField, Enum and Country; []string for
// StringList; [Date] for DateField. Unset fields are absent.
type Entity struct {
	ID        string
	Kind      Kind
	Props     map[string]any
	Citations []Citation
	// Placeholder marks an entity that stands for an unknown party, such as
	// "Unidentified exporter in CH": no claim about it names anyone.
	Placeholder bool
	// Corrections record the curated amendments made to an imported entity.
	Corrections []Correction
}

// Correction is a curated amendment of an imported record: why it was made
// and the source that shows it (a Source id; empty when the reason alone
// stands, as for a merge of duplicates).
type Correction struct {
	Reason string
	Source string
}

// Name returns the entity's name.
func (e Entity) Name() string { s, _ := e.Props["name"].(string); return s }

// KnownFrom is the day from which a source was public: the last day its
// publication date allows, so that a source dated "2012" counts as known by
// the end of 2012. ok is false for an entity that is not a source and for a
// source without a date.
func (e Entity) KnownFrom() (day time.Time, ok bool) {
	d, ok := e.Props["publishedAt"].(Date)
	if !ok || e.Kind != Source {
		return time.Time{}, false
	}
	return d.Latest(), true
}

// Relationship is one claim joining two entities.
type Relationship struct {
	ID        string
	Type      RelType
	From, To  string
	Status    ClaimStatus
	Period    Period
	Summary   string
	Citations []Citation
	// Product, when set, is the id of the Product the claim is about, such
	// as the FinSpy licence a SUPPLIED claim records.
	Product string
	// Amount is what the deal was worth, in whole units of Currency (an ISO
	// 4217 code such as EUR), when a source gives it; 0 when unknown.
	Amount   int64
	Currency string
	// Quantity is how many units or licences the claim covers, when a
	// source counts them; 0 when unknown.
	Quantity int
	// Basis is what kind of evidence the claim rests on.
	Basis Basis
	// Role is the role the claim gives: the To end's where its kind needs
	// one (RelSpec.RoleOf), "network operator" for a company supplied; a
	// director's position for HEADS, a kinship for RELATED_TO
	// (RelSpec.OptionalRole).
	Role string
	// Share is the share held, in percent (0 < Share <= 100), for a claim
	// whose type takes one (RelSpec.Share); 0 when unknown.
	Share       float64
	Corrections []Correction
}

// UpsertCounts says what one write of a batch did.
type UpsertCounts struct {
	Created, Updated int
}

// DeleteCounts counts what a removal of absent records removed, by kind and
// by type.
type DeleteCounts struct {
	Entities      map[Kind]int
	Relationships map[RelType]int
}

// Graph is a set of entities and relationships, such as one input's content.
type Graph struct {
	Entities      []Entity
	Relationships []Relationship
	// Amendments are the curated corrections the input makes to imported
	// records (the seed's corrections files).
	Amendments []Amendment
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// MaxIDLen bounds ids.
const MaxIDLen = 120

// CheckID checks that id is a stable lowercase slug such as "qosmos" or
// "syria-government".
func CheckID(id string) error {
	if len(id) > MaxIDLen {
		return fmt.Errorf("id is longer than %d characters", MaxIDLen)
	}
	if !slugRE.MatchString(id) {
		return fmt.Errorf("id %q is not a lowercase slug (a-z, 0-9 and single hyphens, such as \"syria-government\")", id)
	}
	return nil
}

// RelationshipID is the id a relationship gets when its file names none:
// from, type and to, plus an optional key that tells apart two claims of the
// same type between the same entities (say, two contracts).
func RelationshipID(from string, t RelType, to, key string) string {
	id := from + "." + strings.ReplaceAll(strings.ToLower(string(t)), "_", "-") + "." + to
	if key != "" {
		id += "." + key
	}
	return id
}

// CheckCountry checks an ISO 3166-1 alpha-2 code.
func CheckCountry(code string) error {
	if _, ok := countryNames[code]; !ok {
		return fmt.Errorf("%q is not an ISO 3166-1 alpha-2 country code (such as FR, SY, US)", code)
	}
	return nil
}

// CountryName returns the English short name of an ISO 3166-1 alpha-2 code.
func CountryName(code string) (string, bool) {
	n, ok := countryNames[code]
	return n, ok
}

// CheckURL checks an absolute http or https URL. Other schemes, such as
// javascript:, would turn a citation link into an attack on the reader.
func CheckURL(raw string) error {
	if err := CheckLine(raw, MaxTextLen); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", raw)
	}
	return nil
}

var markupRE = regexp.MustCompile(`<[a-zA-Z/!?]`)

// CheckText checks free text: valid UTF-8, no control characters other than
// newlines and tabs, no markup, and at most max bytes. Text ends up in a web
// page, and markup in the record is never wanted.
func CheckText(s string, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("text is not valid UTF-8")
	}
	if len(s) > max {
		return fmt.Errorf("text is %d bytes long; the limit is %d", len(s), max)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return fmt.Errorf("text contains the control character %U", r)
		}
	}
	if markupRE.MatchString(s) {
		return fmt.Errorf("text contains HTML or other markup (%q)", markupRE.FindString(s))
	}
	return nil
}

// CheckLine is [CheckText] for a one-line value.
func CheckLine(s string, max int) error {
	if strings.ContainsAny(s, "\n\r") {
		return fmt.Errorf("value must be on one line")
	}
	return CheckText(s, max)
}

// CheckValue checks v against field f and returns the value in its stored
// form. Dates arrive as strings and leave as [Date].
func CheckValue(f Field, v any) (any, error) {
	switch f.Type {
	case StringList:
		list, ok := v.([]string)
		if !ok {
			return nil, fmt.Errorf("must be a list of strings")
		}
		if len(list) > MaxListLen {
			return nil, fmt.Errorf("has %d items; the limit is %d", len(list), MaxListLen)
		}
		seen := map[string]bool{}
		for _, s := range list {
			if strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("has an empty item")
			}
			if err := CheckLine(s, MaxStringLen); err != nil {
				return nil, err
			}
			if seen[s] {
				return nil, fmt.Errorf("lists %q twice", s)
			}
			seen[s] = true
		}
		return list, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("must be a string")
	}
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("is empty")
	}
	switch f.Type {
	case String:
		return s, CheckLine(s, MaxStringLen)
	case Text:
		return s, CheckText(s, MaxTextLen)
	case URLField:
		return s, CheckURL(s)
	case Country:
		return s, CheckCountry(s)
	case DateField:
		return ParseDate(s)
	case Enum:
		for _, allowed := range f.Values {
			if s == allowed {
				return s, nil
			}
		}
		return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(f.Values, ", "))
	}
	return nil, fmt.Errorf("field type %d has no check", f.Type)
}

// CountryCodes returns every ISO 3166-1 alpha-2 code, sorted.
func CountryCodes() []string {
	codes := make([]string, 0, len(countryNames))
	for c := range countryNames {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}
