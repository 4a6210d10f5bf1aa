package site

import (
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A worksheet's page shows its introduction and its fields, escaped.
func TestExportWorksheet(t *testing.T) {
	fsys := fstest.MapFS{
		"course.yaml": {Data: []byte("id: ws\ntitle: WS\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n")},
		"m/module.md": {Data: []byte("---\nid: m\ntitle: Logging\nstage: s\nsummary: M.\n---\n")},
		"m/01-log.md": {Data: []byte("---\nid: log\ntitle: Alliance log\nkind: worksheet\nentries: many\nfields:\n" +
			"  - {id: partner, label: \"Partner <b>name</b>\", type: text, help: Who it is.}\n" +
			"  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Good]}\n---\nOne entry per alliance.\n")},
	}
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors)
	out := t.TempDir()
	require.NoError(t, Export(c, fsys, out))
	page := read(t, out, "log.html")
	assert.Contains(t, page, "Worksheet")
	assert.Contains(t, page, "One entry per alliance.")
	assert.Contains(t, page, "<legend>Partner &lt;b&gt;name&lt;/b&gt;</legend><div class=\"meta\">Who it is.</div>")
	assert.Contains(t, page, `<input type="text" name="log.partner"`)
	assert.Contains(t, page, `<input type="radio" name="log.outcome" value="2"> 2 Good`)
	assert.Contains(t, page, "once per entry", "one blank copy per entry")
}
