package api

import (
	"fmt"
	"sort"
	"strings"

	"github.com/graphql-go/graphql"
)

// SDL prints the schema in the GraphQL schema definition language, types in
// name order, so that a golden copy shows every API change in review.
// graphql-go has no printer of its own.
func SDL(s graphql.Schema) string {
	var names []string
	for name := range s.TypeMap() {
		if strings.HasPrefix(name, "__") || builtinScalars[name] {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		printType(&b, s.TypeMap()[name])
	}
	return b.String()
}

var builtinScalars = map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}

func printDescription(b *strings.Builder, indent, desc string) {
	if desc == "" {
		return
	}
	fmt.Fprintf(b, "%s%q\n", indent, desc)
}

func printType(b *strings.Builder, t graphql.Type) {
	switch t := t.(type) {
	case *graphql.Scalar:
		printDescription(b, "", t.Description())
		fmt.Fprintf(b, "scalar %s\n", t.Name())
	case *graphql.Enum:
		printDescription(b, "", t.Description())
		fmt.Fprintf(b, "enum %s {\n", t.Name())
		values := t.Values()
		sort.Slice(values, func(i, j int) bool { return values[i].Name < values[j].Name })
		for _, v := range values {
			printDescription(b, "  ", v.Description)
			fmt.Fprintf(b, "  %s\n", v.Name)
		}
		b.WriteString("}\n")
	case *graphql.Interface:
		printDescription(b, "", t.Description())
		fmt.Fprintf(b, "interface %s {\n", t.Name())
		printFields(b, t.Fields())
		b.WriteString("}\n")
	case *graphql.Object:
		printDescription(b, "", t.Description())
		fmt.Fprintf(b, "type %s", t.Name())
		if ifs := t.Interfaces(); len(ifs) > 0 {
			names := make([]string, len(ifs))
			for i, f := range ifs {
				names[i] = f.Name()
			}
			fmt.Fprintf(b, " implements %s", strings.Join(names, " & "))
		}
		b.WriteString(" {\n")
		printFields(b, t.Fields())
		b.WriteString("}\n")
	case *graphql.InputObject:
		fmt.Fprintf(b, "input %s {\n", t.Name())
		fields := t.Fields()
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(b, "  %s: %s\n", n, fields[n].Type)
		}
		b.WriteString("}\n")
	}
}

func printFields(b *strings.Builder, fields graphql.FieldDefinitionMap) {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f := fields[n]
		printDescription(b, "  ", f.Description)
		fmt.Fprintf(b, "  %s", n)
		if len(f.Args) > 0 {
			args := append([]*graphql.Argument(nil), f.Args...)
			sort.Slice(args, func(i, j int) bool { return args[i].Name() < args[j].Name() })
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = fmt.Sprintf("%s: %s", a.Name(), a.Type)
				if a.DefaultValue != nil {
					parts[i] += fmt.Sprintf(" = %v", a.DefaultValue)
				}
			}
			fmt.Fprintf(b, "(%s)", strings.Join(parts, ", "))
		}
		fmt.Fprintf(b, ": %s\n", f.Type)
	}
}
