// Package ftm maps survgraph's graph to FollowTheMoney (FtM), the data
// model of OCCRP Aleph and OpenSanctions, and back, with one table that the
// export (package export) and the import (package importer) both read:
// [Kinds] for entities, [Links] for relationships, [Fields] for the
// properties, [Notes] for the fields FtM has no property for. It imports
// only the standard library and schema.
//
// docs/import.md prints the table; TestTableDoc holds the two equal.
package ftm

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// Entity is one FtM entity as its JSON lines carry it: every property value
// is a string in a list. Relationships are entities too (Ownership,
// UnknownLink...), whose properties name their ends by id.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	// Caption is the name OpenSanctions chose among the names, when given.
	Caption string `json:"caption,omitempty"`
}

// New returns an entity with no properties.
func New(id, schemaName string) Entity {
	return Entity{ID: id, Schema: schemaName, Properties: map[string][]string{}}
}

// Add appends the non-empty values to property key, each value once.
func (e *Entity) Add(key string, values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || slices.Contains(e.Properties[key], v) {
			continue
		}
		e.Properties[key] = append(e.Properties[key], v)
	}
}

// First is the first value of property key, or "".
func (e Entity) First(key string) string {
	if v := e.Properties[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether property key holds value.
func (e Entity) Has(key, value string) bool {
	return slices.Contains(e.Properties[key], value)
}

// Prefix starts the FtM id of every entity and relationship survgraph
// exports, so that its records keep apart from others' in a shared index,
// and so that an import knows them for survgraph's own.
const Prefix = "survgraph-"

// ExportID is the FtM id of an entity: the FtM id it was imported under,
// kept in its ftmId field, or Prefix and its id.
func ExportID(e schema.Entity) string {
	if id, _ := e.Props["ftmId"].(string); id != "" {
		return id
	}
	return Prefix + e.ID
}

// ImportID is the survgraph id of the entity an FtM id names: the id itself
// for one survgraph exported ("survgraph-qosmos" is qosmos); otherwise
// "ftm-" and the FtM id as a slug, with a short hash of the FtM id when the
// slug had to change it, so that two FtM ids never give one survgraph id
// ("NK-2GdmH" and "nk-2gdmh" differ in case only).
func ImportID(ftmID string) string {
	if rest, ok := strings.CutPrefix(ftmID, Prefix); ok && schema.CheckID(rest) == nil {
		return rest
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(ftmID) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.TrimRight(b.String(), "-")
	const room = schema.MaxIDLen - len("ftm-") - 9 // a hash and its hyphen
	if slug == ftmID && len(slug) <= schema.MaxIDLen-len("ftm-") {
		return "ftm-" + slug
	}
	if len(slug) > room {
		slug = strings.TrimRight(slug[:room], "-")
	}
	sum := sha256.Sum256([]byte(ftmID))
	if slug == "" {
		return "ftm-" + hex.EncodeToString(sum[:4])
	}
	return "ftm-" + slug + "-" + hex.EncodeToString(sum[:4])
}

// ImportRelationshipID is the survgraph id of a relationship an FtM id
// names: the id itself for one survgraph exported, otherwise the usual id
// from its ends and type with the FtM id as its key.
func ImportRelationshipID(ftmID, from string, t schema.RelType, to string) string {
	if rest, ok := strings.CutPrefix(ftmID, Prefix); ok && rest != "" {
		return rest
	}
	return schema.RelationshipID(from, t, to, strings.TrimPrefix(ImportID(ftmID), "ftm-"))
}
