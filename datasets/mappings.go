package datasets

import "embed"

// Mappings holds the declarative mappings (package tablemap) of the
// datasets that are imported without Go code of their own:
// mappings/finfisher-customers.yaml reads the FinFisher customer table.
//
//go:embed mappings/*.yaml
var Mappings embed.FS
