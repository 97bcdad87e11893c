package schema

import (
	"fmt"
	"sort"
	"strings"
)

// EventKind says what happened on a timeline's date.
type EventKind string

// The event kinds.
const (
	RelationshipStart EventKind = "RELATIONSHIP_START"
	RelationshipEnd   EventKind = "RELATIONSHIP_END"
	LegalActionFiled  EventKind = "LEGAL_ACTION_FILED"
	MeasureImposed    EventKind = "MEASURE_IMPOSED"
	LegalActionDone   EventKind = "LEGAL_ACTION_DECIDED"
	SourcePublished   EventKind = "SOURCE_PUBLISHED"
)

// EventKinds lists the event kinds.
var EventKinds = []EventKind{RelationshipStart, RelationshipEnd, LegalActionFiled, MeasureImposed, LegalActionDone, SourcePublished}

// Event is one dated entry of an entity's timeline, with how it is known.
type Event struct {
	Date         Date
	Kind         EventKind
	Summary      string
	Relationship *Relationship // for RELATIONSHIP_* events
	Entity       *Entity       // the legal action or source, for the others
	Citations    []Citation
}

// Timeline lists the dated events around center, oldest first: its claims
// starting and ending, the legal actions it is party to (or is) being filed,
// imposed and decided, and the sources behind them being published. rels are
// center's relationships; neighbors holds the entities at their other ends;
// sources the sources their citations name.
func Timeline(center Entity, rels []Relationship, neighbors, sources map[string]Entity) []Event {
	var events []Event
	name := func(id string) string {
		if id == center.ID {
			return center.Name()
		}
		if e, ok := neighbors[id]; ok {
			return e.Name()
		}
		return id
	}
	cited := map[string]bool{}
	cite := func(cs []Citation) {
		for _, c := range cs {
			cited[c.Source] = true
		}
	}
	cite(center.Citations)
	for i := range rels {
		r := &rels[i]
		cite(r.Citations)
		claim := fmt.Sprintf("%s %s %s", name(r.From), strings.ToLower(strings.ReplaceAll(string(r.Type), "_", " ")), name(r.To))
		if !r.Period.Start.IsZero() {
			events = append(events, Event{Date: r.Period.Start, Kind: RelationshipStart, Summary: "Begins: " + claim, Relationship: r, Citations: r.Citations})
		}
		if !r.Period.End.IsZero() {
			events = append(events, Event{Date: r.Period.End, Kind: RelationshipEnd, Summary: "Ends: " + claim, Relationship: r, Citations: r.Citations})
		}
	}
	actions := []Entity{}
	if center.Kind == LegalAction {
		actions = append(actions, center)
	}
	for _, id := range sortedIDs(neighbors) {
		if e := neighbors[id]; e.Kind == LegalAction {
			actions = append(actions, e)
		}
	}
	for i := range actions {
		a := &actions[i]
		cite(a.Citations)
		kind := LegalActionFiled
		if t, _ := a.Props["actionType"].(string); t == "SANCTION" || t == "EXPORT_BAN" || t == "REGULATION" {
			kind = MeasureImposed
		}
		if d, ok := a.Props["filed"].(Date); ok {
			events = append(events, Event{Date: d, Kind: kind, Summary: a.Name(), Entity: a, Citations: a.Citations})
		}
		if d, ok := a.Props["decided"].(Date); ok {
			events = append(events, Event{Date: d, Kind: LegalActionDone, Summary: a.Name(), Entity: a, Citations: a.Citations})
		}
	}
	for _, id := range sortedIDs(sources) {
		s := sources[id]
		d, ok := s.Props["publishedAt"].(Date)
		if !ok || !cited[id] {
			continue
		}
		publisher, _ := s.Props["publisher"].(string)
		events = append(events, Event{Date: d, Kind: SourcePublished, Summary: fmt.Sprintf("%s publishes %q", publisher, s.Name()), Entity: &s})
	}
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if !a.Date.Earliest().Equal(b.Date.Earliest()) {
			return a.Date.Earliest().Before(b.Date.Earliest())
		}
		if a.Date.Precision() != b.Date.Precision() {
			return a.Date.Precision() < b.Date.Precision() // "2011" before "2011-01-01"
		}
		return kindOrder(a.Kind) < kindOrder(b.Kind)
	})
	return events
}

func kindOrder(k EventKind) int {
	for i, x := range EventKinds {
		if x == k {
			return i
		}
	}
	return len(EventKinds)
}

func sortedIDs(m map[string]Entity) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
