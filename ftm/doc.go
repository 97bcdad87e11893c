package ftm

import (
	"fmt"
	"strings"

	"github.com/survgraph/survgraph/schema"
)

// Markdown prints the table for docs/import.md: kinds, relationship types,
// fields, notes and what FtM cannot carry, from the very tables the export
// and the import read.
func Markdown() string {
	var b strings.Builder
	cell := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	b.WriteString("| survgraph kind | written as | read from | how the import chooses |\n|---|---|---|---|\n")
	for _, k := range Kinds {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", k.Kind, strings.Join(k.Export, ", "), strings.Join(k.Imports, ", "), cell(k.Rule))
	}
	b.WriteString("\n| relationship type | FtM schema | from end | to end | read from records survgraph did not write |\n|---|---|---|---|---|\n")
	for _, l := range Links {
		schemaName := l.Schema
		switch {
		case l.ImportOnly:
			schemaName += " (read only)"
		case l.CourtCase:
			schemaName += " (from a CourtCase)"
		}
		foreign := ""
		if l.Foreign {
			foreign = "yes"
			if l.RoleProp != "" {
				foreign += ", its " + l.RoleProp + " as the role"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", l.Type, schemaName, l.From, l.To, foreign)
	}
	b.WriteString("\n| field | FtM property | also read from | schemata |\n|---|---|---|---|\n")
	for _, f := range Fields {
		also := strings.Join(f.Also, ", ")
		if f.ExportOnly {
			also = "(written only)"
		}
		scope := "all"
		if f.Schemata != nil {
			scope = strings.Join(f.Schemata, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Field, f.Prop, also, scope)
	}
	b.WriteString("\nFields FtM has no property for travel as lines of `notes`, which the import reads back:\n\n")
	b.WriteString("| kind | field | notes line |\n|---|---|---|\n")
	for _, n := range Notes {
		fmt.Fprintf(&b, "| %s | %s | `%s: …` |\n", n.Kind, n.Field, n.Label)
	}
	fmt.Fprintf(&b, "| every kind | placeholder | `%s` |\n", PlaceholderNote)
	fmt.Fprintf(&b, "\nA government is also written with the topic `%s`; survgraph writes its relationship type as the first value of `role` on every relationship (%s).\n",
		TopicNational, strings.Join(relTypeNames(), ", "))
	b.WriteString("\nWhat FtM cannot carry (an export states it for readers only; an import brings the record back without it):\n\n")
	b.WriteString("| of | what | why |\n|---|---|---|\n")
	for _, l := range Lost {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.Of, l.Field, cell(l.Why))
	}
	return b.String()
}

func relTypeNames() []string {
	out := make([]string, len(schema.RelTypes))
	for i, r := range schema.RelTypes {
		out[i] = string(r.Type)
	}
	return out
}
