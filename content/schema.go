package content

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// The JSON Schemas of course.yaml and of module and item front matter, for
// editors that complete and check keys as authors type (yaml-language-server
// and the like). schema_test.go keeps them in step with the loader's keys.
//
//go:embed schema/*.schema.json
var schemas embed.FS

// SchemaNames returns the names of the schemas: course, item, module, rule.
func SchemaNames() []string {
	entries, _ := fs.ReadDir(schemas, "schema")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".schema.json"))
	}
	sort.Strings(names)
	return names
}

// Schema returns the JSON Schema with the name, or false.
func Schema(name string) ([]byte, bool) {
	b, err := schemas.ReadFile("schema/" + name + ".schema.json")
	return b, err == nil
}
