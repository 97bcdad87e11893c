package datasets

import (
	"regexp"

	"github.com/survgraph/survgraph/schema"
)

// Curated is what the curated seed already says, for the importers: an
// imported claim that the seed already makes is merged into the seed's
// (not written twice), and so is a dataset record the seed already cites.
// (The FinFisher table's mapping finds the seed's recipient of a customer
// code it cites through the graph's citations: see importer.Known.Cited.)
type Curated struct {
	claims map[claimKey]string // curated claims by type and ends -> id
	// records maps a dataset Source and a record's key, as the seed's
	// citations name it (an SII unique_id), to the curated relationships
	// citing it.
	records map[recordKey][]schema.Relationship
}

type claimKey struct {
	t        schema.RelType
	from, to string
}

type recordKey struct{ source, key string }

var (
	// "record Hacking_Team_Ethiopia_2012 (enduser; …)" or
	// "transfers.json, unique_id NSO_Group_Mexico_2013".
	siiRecordRE = regexp.MustCompile(`(?:^|[\s,])(?:record|unique_id) ([^,(]+?)(?:\s*\(|,|$)`)
)

// NewCurated indexes the curated seed's relationships and entities.
func NewCurated(g schema.Graph) *Curated {
	c := &Curated{claims: map[claimKey]string{}, records: map[recordKey][]schema.Relationship{}}
	for _, r := range g.Relationships {
		c.claims[claimKey{r.Type, r.From, r.To}] = r.ID
		for _, cite := range r.Citations {
			for _, k := range citedKeys(cite) {
				c.records[k] = append(c.records[k], r)
			}
		}
	}
	return c
}

// citedKeys are the dataset records a citation names.
func citedKeys(c schema.Citation) []recordKey {
	var re *regexp.Regexp
	switch c.Source {
	case SIITransfersSourceID:
		re = siiRecordRE
	default:
		return nil
	}
	var out []recordKey
	for _, m := range re.FindAllStringSubmatch(c.Locator, -1) {
		out = append(out, recordKey{c.Source, clean(m[1])})
	}
	return out
}

// Claim returns the id of the curated claim of type t from one entity to
// another, if the seed makes one.
func (c *Curated) Claim(t schema.RelType, from, to string) (string, bool) {
	if c == nil {
		return "", false
	}
	id, ok := c.claims[claimKey{t, from, to}]
	return id, ok
}

// Record returns the curated relationships that cite the record key of a
// dataset Source.
func (c *Curated) Record(source, key string) []schema.Relationship {
	if c == nil || key == "" {
		return nil
	}
	return c.records[recordKey{source, key}]
}
