package content

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The course's templates are worksheets (issue 15), each in the module
// whose lessons teach it, optional so that completing a module never
// waits for the learner's own deals, and announced in a lesson's "Try
// this" so the learner knows where to fill it in.
func TestEmbeddedTemplatesAreWorksheets(t *testing.T) {
	c, rep := Validate(Default())
	require.Empty(t, rep.Errors)
	require.Empty(t, rep.Warnings)

	// worksheet id → the modules whose lessons send the learner to it.
	announced := map[string][]string{
		"partner-scorecard":     {"choosing-partners"},
		"risk-sheet":            {"alliance-risk"},
		"signing-day-scorecard": {"individual-evaluation", "governance"},
	}
	for id, modules := range announced {
		ws := c.Worksheet(id)
		require.NotNil(t, ws, "worksheet %s", id)
		assert.Equal(t, modules[0], ws.Module.ID, "%s sits next to the lessons that teach it", id)
		assert.True(t, ws.Optional, "%s: completing a module must not wait for the learner's own deals", id)
		for _, m := range modules {
			assert.True(t, tryThisNames(c, m, ws.Title), "no lesson of %s names %q in its 'Try this'", m, ws.Title)
		}
	}
	for _, ws := range c.Worksheets() {
		assert.True(t, ws.Optional, "%s should be optional", ws.ID)
	}
}

// tryThisNames reports whether a lesson of the module names the worksheet
// in its "Try this" and says how to open it.
func tryThisNames(c *Course, module, title string) bool {
	for _, it := range c.Module(module).Items {
		i := strings.Index(it.Body, "\n## Try this")
		if it.Kind != KindLesson || i < 0 {
			continue
		}
		s := strings.Join(strings.Fields(it.Body[i:]), " ") // as reflowed on screen
		if strings.Contains(s, "*"+title+"*") && strings.Contains(s, "fill it in with `w`") {
			return true
		}
	}
	return false
}

// The partner scorecard scores both trios of M1.2's first lesson apart,
// shows them side by side in the grid, and lists red flags to tick.
func TestEmbeddedPartnerScorecard(t *testing.T) {
	c := builtIn(t)
	ws := c.Worksheet("partner-scorecard").Worksheet
	assert.True(t, ws.Many, "one entry per candidate partner")
	var grid []string
	for _, col := range ws.Columns {
		grid = append(grid, col.Field.ID)
	}
	traits := []string{"complementary-competences", "compatible-objectives", "cooperative-attitudes", // Brouthers et al.
		"complementarity", "commitment", "compatibility"} // Kale & Singh
	for _, id := range traits {
		f := ws.Field(id)
		require.NotNil(t, f, id)
		assert.Equal(t, FieldScale, f.Type, id)
		assert.Len(t, f.Labels, 5, "%s: the lesson scores each trait from 1 to 5", id)
		assert.Contains(t, grid, id, "%s belongs in the comparison grid", id)
	}
	flags := ws.Field("red-flags")
	require.NotNil(t, flags)
	assert.Equal(t, FieldChoices, flags.Type, "a candidate can raise several red flags")
	assert.GreaterOrEqual(t, len(flags.Options), 5)
	assert.Equal(t, FieldChoice, ws.Field("decision").Type)
}

// The risk sheet rates every risk of M1.5's table, and its drivers are
// exactly those risks: the table and the sheet cannot drift apart.
func TestEmbeddedRiskSheetFollowsTheRiskTable(t *testing.T) {
	c := builtIn(t)
	lesson := c.Item("alliance-risk-two-kinds")
	require.NotNil(t, lesson)
	row := regexp.MustCompile(`(?m)^\| ([A-Z][^|]+?) \| (Relational|Performance)[^|]* \|$`)
	var risks []string
	for _, m := range row.FindAllStringSubmatch(lesson.Body, -1) {
		risks = append(risks, m[1])
	}
	require.Len(t, risks, 7, "the lesson's table of the seven risks")

	ws := c.Worksheet("risk-sheet").Worksheet
	assert.True(t, ws.Many, "one entry per look at an alliance's risks")
	assert.Equal(t, risks, ws.Field("drivers").Options)
	assert.Equal(t, FieldChoices, ws.Field("drivers").Type)
	var rated []string
	for _, f := range ws.Fields {
		if name, ok := strings.CutSuffix(f.Label, ": likelihood"); ok {
			rated = append(rated, name)
			assert.Equal(t, []string{"Low", "Medium", "High"}, f.Labels, f.ID)
			impact := ws.Field(strings.TrimSuffix(f.ID, "-likelihood") + "-impact")
			if assert.NotNil(t, impact, "%s has no impact field", f.ID) {
				assert.Equal(t, name+": impact", impact.Label)
				assert.Equal(t, f.Labels, impact.Labels)
			}
		}
	}
	assert.Equal(t, risks, rated, "likelihood and impact for each risk, in the table's order")
	assert.Len(t, ws.Field("hazards").Options, 5, "the five start-up hazards of lesson three")
}

// The signing-day scorecard asks one yes/no question per clause family of
// M1.3's checklist, next to M1.6's objectives and measures.
func TestEmbeddedSigningDayScorecard(t *testing.T) {
	c := builtIn(t)
	lesson := c.Item("governance-negotiating-the-deal")
	require.NotNil(t, lesson)
	families := regexp.MustCompile(`(?m)^### \d\. `).FindAllString(lesson.Body, -1)
	require.Len(t, families, 7)

	ws := c.Worksheet("signing-day-scorecard").Worksheet
	var yesNo int
	for _, f := range ws.Fields {
		if f.Type == FieldYesNo {
			yesNo++
		}
	}
	assert.Equal(t, len(families), yesNo, "one yes/no field per clause family")
	assert.True(t, ws.Field("objectives").Required, "objectives are the point of the scorecard")
	for _, id := range []string{"strategic", "operational", "financial"} {
		assert.Equal(t, FieldLongText, ws.Field(id).Type, "the scorecard heading %s", id)
	}
	assert.Equal(t, FieldDate, ws.Field("evaluate-on").Type)
}

func builtIn(t *testing.T) *Course {
	t.Helper()
	c, rep := Validate(Default())
	require.Empty(t, rep.Errors)
	return c
}
