// Package seed embeds survgraph's curated data: YAML files that people edit
// and review like code, every claim in them cited to a public source. See
// README.md in this folder for the format.
package seed

import "embed"

// FS holds every seed file. cases/ holds one file per documented case.
//
//go:embed *.yaml *.tsv cases corrections LICENSE
var FS embed.FS

// Input is the name under which the seed is loaded; the graph records it on
// everything the seed owns, so a reload removes only what the seed dropped.
const Input = "seed"

// ResolutionFile is the entity-resolution table the dataset importers use:
// which raw names in the datasets are which entities, and which entities
// with colliding names are distinct. See the file's header.
const ResolutionFile = "resolution.tsv"
