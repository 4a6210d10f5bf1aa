package content

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	for _, name := range SchemaNames() {
		raw, _ := Schema(name)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		require.NoError(t, err, name)
		require.NoError(t, c.AddResource("https://allyworks.github.io/ally/schema/"+name+".schema.json", doc))
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range SchemaNames() {
		s, err := c.Compile("https://allyworks.github.io/ally/schema/" + name + ".schema.json")
		require.NoError(t, err, name)
		out[name] = s
	}
	return out
}

// yamlValue decodes YAML into the plain values the schema library checks.
func yamlValue(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(src, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return doc
}

func frontMatterOf(src []byte) []byte {
	s := strings.TrimPrefix(string(src), "\ufeff")
	if !strings.HasPrefix(s, "---\n") {
		return nil
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 {
		return nil
	}
	return []byte(s[4 : 4+end])
}

// checkCourse checks every file of a valid course against its schema.
func checkCourse(t *testing.T, schemas map[string]*jsonschema.Schema, fsys fs.FS) int {
	t.Helper()
	n := 0
	require.NoError(t, fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() || (p != "course.yaml" && !strings.HasSuffix(p, ".md")) || !strings.Contains(p, "/") && p != "course.yaml" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		require.NoError(t, err)
		name, doc := "item", frontMatterOf(src)
		switch {
		case p == "course.yaml":
			name, doc = "course", src
		case path.Base(p) == "module.md":
			name = "module"
		}
		if doc == nil {
			return nil
		}
		assert.NoError(t, schemas[name].Validate(yamlValue(t, doc)), "%s against the %s schema", p, name)
		n++
		return nil
	}))
	return n
}

// Every file of the built-in course, the sample course and AUTHORING.md's
// example course passes its schema.
func TestSchemasAcceptValidCourses(t *testing.T) {
	schemas := compileSchemas(t)
	assert.Greater(t, checkCourse(t, schemas, Default()), 80)
	assert.Greater(t, checkCourse(t, schemas, os.DirFS("../testdata/sample")), 10)

	doc, err := os.ReadFile("../AUTHORING.md")
	require.NoError(t, err)
	fsys := fstest.MapFS{}
	for _, m := range docFile.FindAllSubmatch(doc, -1) {
		fsys[string(m[1])] = &fstest.MapFile{Data: append(m[2], '\n')}
	}
	assert.Equal(t, 10, checkCourse(t, schemas, fsys), "course.yaml and the nine markdown files")
}

// The schemas flag what the loader refuses: unknown keys, wrong types,
// missing required keys, a rule with two operators.
func TestSchemasRejectMistakes(t *testing.T) {
	schemas := compileSchemas(t)
	for _, tc := range []struct{ schema, doc string }{
		{"course", "id: x\ntitle: X\nversion: '1'\nsummary: s\nstages: [{id: a, title: A, summary: s}]\ntitel: typo\n"},
		{"course", "id: Bad Id\ntitle: X\nversion: '1'\nsummary: s\nstages: [{id: a, title: A, summary: s}]\n"},
		{"course", "id: x\ntitle: X\nversion: '1'\nsummary: s\nstages: []\n"},
		{"module", "id: m\ntitle: M\nstage: a\n"},
		{"module", "id: m\ntitle: M\nstage: a\nsummary: s\nrequires: {completed: a, passed: b}\n"},
		{"module", "id: m\ntitle: M\nstage: a\nsummary: s\nrequires: {answered: {assessment: x, item: y}}\n"},
		{"item", "id: l\ntitle: L\npass: 0.8\n"},
		{"item", "id: q\ntitle: Q\nkind: quiz\npass: 80\n"},
		{"item", "id: q\ntitle: Q\nkind: quiz\nscale: [a, b]\n"},
		{"item", "id: a\ntitle: A\nkind: assessment\nbands: [{id: b, title: B, minimum: 2}]\n"},
		{"item", "id: a\ntitle: A\nkind: video\n"},
	} {
		assert.Error(t, schemas[tc.schema].Validate(yamlValue(t, []byte(tc.doc))), "%s schema should refuse:\n%s", tc.schema, tc.doc)
	}
}

// The schemas name exactly the keys the loader knows, so neither can gain a
// key the other lacks.
func TestSchemasMatchTheLoadersKeys(t *testing.T) {
	var docs = map[string]map[string]any{}
	for _, name := range SchemaNames() {
		raw, _ := Schema(name)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		docs[name] = m
	}
	props := func(m any) []string {
		var keys []string
		for k := range m.(map[string]any)["properties"].(map[string]any) {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	}
	sorted := func(ks ...[]string) []string {
		var out []string
		for _, k := range ks {
			out = append(out, k...)
		}
		sort.Strings(out)
		return out
	}
	at := func(m any, keys ...string) any {
		for _, k := range keys {
			switch v := m.(type) {
			case map[string]any:
				m = v[k]
			case []any:
				i := 0
				for _, c := range k {
					i = i*10 + int(c-'0')
				}
				m = v[i]
			}
		}
		return m
	}
	item := docs["item"]
	assert.Equal(t, sorted(courseKeys), props(docs["course"]))
	assert.Equal(t, sorted(stageKeys), props(at(docs["course"], "properties", "stages", "items")))
	assert.Equal(t, sorted(moduleKeys), props(docs["module"]))
	assert.Equal(t, sorted(itemKeys), props(item))
	assert.Equal(t, sorted(itemKeys, quizKeys), props(at(item, "allOf", "0", "then")))
	assert.Equal(t, sorted(itemKeys, assessKeys), props(at(item, "allOf", "1", "then")))
	assess := at(item, "allOf", "1", "then", "properties")
	assert.Equal(t, sorted(bandKeys), props(at(assess, "bands", "items")))
	assert.Equal(t, sorted(scoreKeys), props(at(assess, "scores", "items")))
	assert.Equal(t, sorted(placementKeys), props(at(assess, "placement", "items")))
	assert.Equal(t, sorted(adviceKeys), props(at(assess, "advice", "items")))
	assert.Equal(t, sorted(condKeys), props(at(item, "$defs", "cond")))
	assert.Equal(t, sorted(ruleKeys), props(docs["rule"]))
	assert.Equal(t, sorted(answeredKeys), props(at(docs["rule"], "properties", "answered")))
	assert.Equal(t, sorted(placedKeys), props(at(docs["rule"], "properties", "placed")))
	assert.Equal(t, sorted(recordedKeys), props(at(docs["rule"], "properties", "recorded")))
	assert.Equal(t, sorted(itemKeys, worksheetKeys), props(at(item, "allOf", "3", "then")))
	assert.Equal(t, sorted(fieldKeys), props(at(item, "allOf", "3", "then", "properties", "fields", "items")))
	assert.Equal(t, sorted(renameKeys), props(at(docs["course"], "properties", "renamed", "items")))
}
