package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/allyworks/ally/xapi"
)

// FuzzReadStatements: an export is untrusted input; reading one must end
// with statements or an error, never a panic or a hang, and what is not
// JSON is never read as statements.
func FuzzReadStatements(f *testing.F) {
	f.Add([]byte(`[{"actor":{"account":{"homePage":"https://h","name":"a"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://x/c/m/l"},"timestamp":"2026-01-01T00:00:00Z","result":{"score":{"scaled":0.5},"extensions":{"https://allyworks.github.io/ally/xapi/extensions/attempt":2}}}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"timestamp":"nope"}]`))
	f.Add([]byte(`{"statements":[]}`))
	c := fuzzCourse(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		col := xapi.NewCollector(c)
		if err := ReadStatements(bytes.NewReader(data), func(s xapi.Statement) error { col.Add(s); return nil }); err == nil && !json.Valid(data) {
			t.Fatalf("%q is not JSON, and was read without an error", data)
		}
		b := New(c)
		for _, l := range col.Learners() {
			b.Add(Learner{Key: l.Key, State: l.State(), LastActive: l.LastActive})
		}
		_ = b.Report(l0)
	})
}
