package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/bench/gencohort/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// The report of a generated cohort, in every export format and every
// output format, is what testdata/golden holds: reading exports faster
// must not change a byte of it. Besides the generator's learners, the
// cohort has learners with worksheet entries (as statements and as a
// progress file) and one learner split over two files.
func TestReportGolden(t *testing.T) {
	c := builtIn(t)
	for _, formats := range [][]string{{"json"}, {"csv"}, {"xapi"}, {"json", "csv", "xapi"}} {
		name := formats[0]
		if len(formats) > 1 {
			name = "mixed"
		}
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // Source names the file: keep it the same from run to run
			require.NoError(t, gen.Write(c, "cohort", 40, 7, formats...))
			write(t, filepath.Join("cohort", "zed.xapi.json"), statementsJSON(t, c, alliances(c, "zed", 4, 3)))
			data, err := json.Marshal(alliances(c, "ann", 2, 1))
			require.NoError(t, err)
			write(t, filepath.Join("cohort", "ann.json"), data)
			write(t, filepath.Join("cohort", "lrs", "ann.xapi.json"), statementsJSON(t, c, alliances(c, "ann", 3, 2)))

			co := NewCohort(c)
			require.NoError(t, co.ReadDir("cohort"))
			require.Empty(t, co.Problems)
			b := New(c)
			for _, l := range co.Learners() {
				b.Add(*l)
			}
			r := b.Report(l0)
			want := 2 // zed and ann; an xapi export of no records holds no learner
			for i := range 40 {
				st := gen.Learner(c, i, 7)
				if formats[i%len(formats)] != "xapi" || len(st.Lessons)+len(st.Quizzes)+len(st.Assessments) > 0 {
					want++
				}
			}
			require.Len(t, r.Learners, want)
			for ext, w := range map[string]func(*bytes.Buffer, *Report) error{
				"txt":  func(b *bytes.Buffer, r *Report) error { return WriteTable(b, r) },
				"csv":  func(b *bytes.Buffer, r *Report) error { return WriteCSV(b, r) },
				"json": func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) },
				"html": func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) },
			} {
				var out bytes.Buffer
				require.NoError(t, w(&out, r))
				golden := filepath.Join(wd(t), "testdata", "golden", name+"."+ext)
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
					require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run `go test ./report -run TestReportGolden -update` to record it")
				assert.Equal(t, string(want), out.String(), "%s differs from %s", ext, golden)
			}
		})
	}
}

// pkgDir is the package folder, read before a test changes directory.
var pkgDir, _ = os.Getwd()

func wd(t *testing.T) string {
	t.Helper()
	require.NotEmpty(t, pkgDir)
	return pkgDir
}
