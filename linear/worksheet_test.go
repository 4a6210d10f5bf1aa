package linear

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A worksheet in linear mode says what it holds and where to fill it in.
func TestWorksheetIsShown(t *testing.T) {
	fsys := fstest.MapFS{
		"course.yaml": {Data: []byte("id: ws\ntitle: WS\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n")},
		"m/module.md": {Data: []byte("---\nid: m\ntitle: Logging\nstage: s\nsummary: M.\n---\n")},
		"m/01-l.md":   {Data: []byte("---\nid: l\ntitle: Why log\n---\nText.\n")},
		"m/02-log.md": {Data: []byte("---\nid: log\ntitle: Alliance log\nkind: worksheet\nnoun: alliance\nfields: [{id: partner, label: Partner, type: text}]\n---\n")},
	}
	c, err := content.Load(fsys)
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	_, err = store.AddEntry("log", "", map[string]progress.Value{"partner": progress.TextValue("Food lab")})
	require.NoError(t, err)
	var out bytes.Buffer
	o := Options{Course: c, Store: store, In: strings.NewReader("1\n2\nq\n"), Out: &out, Render: plain, PageLines: 8, Seed: 1}
	require.NoError(t, Run(context.Background(), o))
	s := out.String()
	assert.Contains(t, s, "2. Worksheet: Alliance log:")
	assert.Contains(t, s, "Worksheet: Alliance log. It holds 1 alliance.")
	assert.Contains(t, s, "e1: Food lab.")
	assert.Contains(t, s, "ally workbook show log")
}
