package schema

// Amendment is a curated correction of imported records (the files under
// seed/corrections): what it changes, why, and the citation that shows it.
// It names the records by their stable ids; one that names a record no
// import holds is an error.
type Amendment struct {
	// Targets are the ids of imported entities, or of imported
	// relationships when OfRelationships is set.
	Targets         []string
	OfRelationships bool
	Action          AmendAction
	// Set gives field values, for AmendSet: an entity's fields, or a
	// relationship's summary, start, end, basis or role.
	Set map[string]string
	// Status is the new status, for AmendStatus.
	Status ClaimStatus
	// From and To are the new ends, for AmendRepoint; "" keeps an end.
	From, To string
	// Into is the record the targets duplicate, for AmendMerge.
	Into string
	// Citation shows the correction; AmendCite adds it to the targets.
	// Merges of duplicates may go without one.
	Citation Citation
	Reason   string
	// File and Line say where the amendment is written, for messages.
	File string
	Line int
}

// AmendAction is what an amendment does.
type AmendAction string

// The actions.
const (
	AmendSet      AmendAction = "set"      // set fields
	AmendStatus   AmendAction = "status"   // lower or raise a claim's status
	AmendRepoint  AmendAction = "repoint"  // move a claim's ends
	AmendCite     AmendAction = "cite"     // add a citation, such as a DISPUTES one
	AmendMerge    AmendAction = "merge"    // the targets are duplicates of Into
	AmendSuppress AmendAction = "suppress" // drop the targets
)

// AmendActions lists the actions.
var AmendActions = []AmendAction{AmendSet, AmendStatus, AmendRepoint, AmendCite, AmendMerge, AmendSuppress}

// RelSettable are the relationship fields an AmendSet may give.
var RelSettable = []string{"summary", "start", "end", "basis", "role"}
