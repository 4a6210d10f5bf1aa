package content

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuizParsing(t *testing.T) {
	quiz := "---\nid: q1\ntitle: Quiz one\nkind: quiz\nattempts: 2\nshuffle: true\n---\n" +
		"Read carefully.\n\n" +
		"## Which are fruit? {#fruit}\n\n" +
		"Consider this list:\n\n" +
		"- apples, pears\n- carrots\n\n" +
		"```text\n## not a heading\n- [x] not an answer\n```\n\n" +
		"- [x] Apple\n" +
		"  > Yes, a fruit.\n" +
		"- [ ] Carrot,\n  which is a root\n" +
		"- [X] Pear\n\n" +
		"> Apples and pears grow on trees.\n>\n> Carrots grow in the ground.\n\n" +
		"## Put them in order {#order}\n\n" +
		"1. First\n2. Second\n3. Third\n\n" +
		"## The sky is green. {#sky}\n\n- [ ] True\n- [x] False\n"
	c, rep := Validate(courseFS(map[string]string{"m1/02-quiz.md": quiz}))
	require.Empty(t, rep.Errors)
	q := c.Item("q1").Quiz
	assert.Equal(t, 0.8, q.Pass, "default pass mark")
	assert.Equal(t, 2, q.Attempts)
	assert.True(t, q.Shuffle)
	assert.Equal(t, "Read carefully.", q.Intro)
	require.Len(t, q.Questions, 3)

	fruit := q.Questions[0]
	assert.Equal(t, MultipleAnswer, fruit.Type)
	assert.Equal(t, "Which are fruit?", fruit.Title)
	assert.Contains(t, fruit.Prompt, "- carrots", "a bullet list before the answers is prompt")
	assert.Contains(t, fruit.Prompt, "## not a heading", "code in the prompt is kept")
	require.Len(t, fruit.Options, 3)
	assert.Equal(t, "Apple", fruit.Options[0].Text)
	assert.Equal(t, "Yes, a fruit.", fruit.Options[0].Feedback)
	assert.Equal(t, "Carrot,\nwhich is a root", fruit.Options[1].Text)
	assert.Equal(t, []int{0, 2}, fruit.Correct())
	assert.Equal(t, "Apples and pears grow on trees.\n\nCarrots grow in the ground.", fruit.Explanation)

	order := q.Questions[1]
	assert.Equal(t, Ordering, order.Type)
	assert.Equal(t, "Third", order.Options[2].Text)
	assert.Empty(t, order.Explanation)

	sky := q.Questions[2]
	assert.Equal(t, SingleChoice, sky.Type)
	assert.Equal(t, []int{1}, sky.Correct())
}

func TestAssessmentParsing(t *testing.T) {
	check := "---\nid: a1\ntitle: Check\nkind: assessment\n" +
		"bands:\n  - {id: gap, title: Gap, below: 2.5, recommend: true, dimensions: [d1]}\n" +
		"scores:\n  - {id: all, title: All, dimensions: [d1, d2]}\n" +
		"placement:\n  - stage: s1\n    title: Start\n    when: {all: [{answer: n1, max: 0}, {not: {score: all, min: 4}}]}\n    recommend: [m1]\n  - stage: s2\n" +
		"advice:\n  - when: {answer: r1, above: 3}\n    message: Careful.\n    recommend: [m1, m2]\n" +
		"---\nIntro text.\n\n" +
		"## Inventory {#inv}\n\n- How many? {#n1 type=number min=0 max=10 unit=\"finished things\"}\n\n" +
		"## First {#d1 recommend=\"m1 m2\"}\n\nAbout the first.\n\n- I agree. {#s1}\n  > Why it matters.\n- (R) I disagree. {#r1}\n\n" +
		"## Second {#d2 recommend=m1,m2}\n\n- Another. {#s2}\n"
	c, rep := Validate(courseFS(map[string]string{"m2/01-check.md": check}))
	require.Empty(t, rep.Errors)
	a := c.Item("a1").Assessment
	assert.Equal(t, DefaultScale, a.Scale)
	assert.Equal(t, 5, a.Max())
	assert.Equal(t, "Intro text.", a.Intro)
	require.Len(t, a.Dimensions, 3)
	assert.False(t, a.Dimension("inv").Scored(), "an inventory has no score")
	assert.True(t, a.Dimension("d1").Scored())
	assert.Equal(t, "About the first.", a.Dimension("d1").Intro)
	assert.Equal(t, []string{"m1", "m2"}, a.Dimension("d1").Recommend)
	assert.Equal(t, []string{"m1", "m2"}, a.Dimension("d2").Recommend)

	n1 := a.Item("n1")
	assert.Equal(t, Number, n1.Type)
	assert.Equal(t, "How many?", n1.Text)
	assert.Equal(t, "finished things", n1.Unit)
	assert.Equal(t, 0.0, *n1.Min)
	assert.Equal(t, 10.0, *n1.Max)
	assert.Equal(t, "Why it matters.", a.Item("s1").Help)
	assert.True(t, a.Item("r1").Reverse)
	assert.Equal(t, "I disagree.", a.Item("r1").Text)
	assert.Same(t, a.Dimension("d1"), a.Item("r1").Dimension)

	require.Len(t, a.Bands, 1)
	assert.True(t, a.Bands[0].Recommend)
	assert.Equal(t, []string{"d1"}, a.Bands[0].Dimensions)
	assert.Equal(t, []string{"d1", "d2"}, a.ScoreDef("all").Dimensions)
	require.Len(t, a.Placement, 2)
	w := a.Placement[0].When
	require.Len(t, w.All, 2)
	assert.Equal(t, "n1", w.All[0].Answer)
	assert.True(t, w.All[0].Contains(0))
	assert.False(t, w.All[0].Contains(1))
	assert.Equal(t, "all", w.All[1].Not.Score)
	assert.Nil(t, a.Placement[1].When)
	assert.Equal(t, "Careful.", a.Advice[0].Message)
	assert.True(t, a.Advice[0].When.Contains(4))
	assert.False(t, a.Advice[0].When.Contains(3), "above is strict")
}

func TestDescribe(t *testing.T) {
	check := replace(t, "m2/01-check.md", "{#n1 type=number min=0 max=9}", "{#n1 type=number min=0 max=9 unit=\"finished alliances\"}")
	cases := []struct{ rule, want string }{
		{"passed: q1", "Pass “Quiz one” (50%)"},
		{"{passed: q1, min: 0.9}", "Pass “Quiz one” with at least 90%"},
		{"passed: m1", "Pass every quiz in “Module one”"},
		{"passed: s1", "Pass every quiz of the “First” stage"},
		{"completed: s1", "Complete the “First” stage"},
		{"completed: m1", "Complete “Module one”"},
		{"completed: l1", "Read “Lesson one”"},
		{"completed: q1", "Pass “Quiz one”"},
		{"answered: {assessment: a1, item: n1, min: 2}", "Report at least 2 finished alliances in “Check”"},
		{"answered: {assessment: a1, item: n1, min: 1, max: 3}", "Report between 1 and 3 finished alliances in “Check”"},
		{"answered: {assessment: a1, item: i1, min: 2}", "Rate “A statement” at least 2 (Yes) in “Check”"},
		{"placed: {assessment: a1, stage: s2}", "Be placed in “Second” or later by “Check”"},
		{"all: [{passed: q1}, {answered: {assessment: a1, item: n1, min: 2}}]",
			"Pass “Quiz one” (50%) and report at least 2 finished alliances in “Check”"},
		{"all: [{completed: l1}, {any: [{passed: q1}, {placed: {assessment: a1, stage: s1}}]}]",
			"Read “Lesson one” and either pass “Quiz one” (50%) or be placed in “First” or later by “Check”"},
		{"any: [{completed: l1}, {completed: q1}, {not: {completed: a1}}]",
			"One of: read “Lesson one”; pass “Quiz one”; not (take “Check”)"},
		{"not: {answered: {assessment: a1, item: n1, max: 0}}", "Report more than 0 finished alliances in “Check”"},
		{"not: {answered: {assessment: a1, item: n1, min: 3}}", "Report fewer than 3 finished alliances in “Check”"},
		{"not: {answered: {assessment: a1, item: n1, min: 1, max: 3}}", "Not (report between 1 and 3 finished alliances in “Check”)"},
	}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			mod := "---\nid: m3\ntitle: Three\nstage: s2\nsummary: Third.\nrequires:\n  " + tc.rule + "\n---\n"
			c, rep := Validate(courseFS(map[string]string{
				"m2/01-check.md": check, "m3/module.md": mod, "m3/01-x.md": "---\nid: x\ntitle: X\n---\n",
			}))
			require.Empty(t, rep.Errors)
			assert.Equal(t, tc.want, c.Describe(c.Module("m3").Requires))
		})
	}
}

func TestLinks(t *testing.T) {
	text := "See [a](a.md) and ![img](pics/x.png \"title\").\n" +
		"Code `[b](b.md)` is skipped, [c](https://x.org) is external.\n" +
		"```md\n[d](d.md)\n```\n" +
		"[ref]: ../other/e.md\n"
	var got []string
	for _, l := range Links(text) {
		got = append(got, l.Target)
	}
	assert.Equal(t, []string{"a.md", "pics/x.png", "https://x.org", "../other/e.md"}, got)

	p, rel, why := ResolveLink("m1/01-a.md", "../m2/01-b.md#part")
	assert.True(t, rel)
	assert.Empty(t, why)
	assert.Equal(t, "m2/01-b.md", p)
	_, rel, _ = ResolveLink("m1/01-a.md", "https://example.com")
	assert.False(t, rel)
	_, _, why = ResolveLink("m1/01-a.md", "../../x.md")
	assert.Equal(t, "points outside the course folder", why)
}

func TestSampleCourse(t *testing.T) {
	c, err := Load(os.DirFS("../testdata/sample"))
	require.NoError(t, err)
	_, rep := Validate(os.DirFS("../testdata/sample"))
	assert.Empty(t, rep.Warnings)
	assert.Equal(t, Stats{Stages: 3, Modules: 4, Lessons: 5, Quizzes: 2, Questions: 7, Assessments: 1, Minutes: 24}, rep.Stats)
	assert.True(t, c.Module("triage").Preview)
	assert.Equal(t, c.Stage("practice"), c.Module("writing").Stage)
	it := c.ItemByFile("03-writing/01-reproduce.md")
	require.NotNil(t, it)
	assert.Equal(t, "reproduce", it.ID)
}

// citation matches an (Author, Year) citation, or a source named in words
// for the seeds' own claims (course brief §0): "the review notes…".
var citation = regexp.MustCompile(`\([^()]*\b(19|20)\d\d[a-z]?\b[^()]*\)|` +
	`(?i)\b(the review|start-up alliance review|Kale (&|and) Singh|Sytch (&|and) Bubenzer|CADIC|SME guideline|biotech[–-]pharma study)\b`)

// The built-in course is what users judge Ally by: it must validate
// cleanly and hold what issue 5 promises.
func TestEmbeddedCourse(t *testing.T) {
	c, rep := Validate(Default())
	require.Empty(t, rep.Errors)
	assert.Empty(t, rep.Warnings)
	s := rep.Stats
	assert.Equal(t, 4, s.Stages)
	assert.GreaterOrEqual(t, s.Modules, 17)
	assert.GreaterOrEqual(t, s.Lessons, 40)
	assert.GreaterOrEqual(t, s.Questions, 90)
	assert.Equal(t, 1, s.Assessments)
	for _, it := range c.Items() {
		switch it.Kind {
		case KindLesson:
			if it.ID != "glossary" {
				assert.Regexp(t, citation, it.Body, "lesson %s has no citation", it.ID)
			}
		case KindQuiz:
			for _, q := range it.Quiz.Questions {
				assert.Regexp(t, citation, q.Explanation, "question %s/%s explains without a citation", it.ID, q.ID)
			}
		}
	}
	assert.Equal(t, "M1.2", c.Module("choosing-partners").Label, "the lessons refer to modules by these labels")
	assert.Equal(t, "Stage 0", c.Stage("orientation").Label)
	for _, m := range c.Stage("advanced").Modules {
		assert.True(t, m.Preview, "advanced module %s should be readable in preview", m.ID)
	}
	// Stage 3 counts reviewed alliances in the log (issue 11); the
	// self-assessment still places.
	assert.Contains(t, c.Describe(c.Stage("advanced").Requires),
		"either log at least 2 alliances in “Your alliance log” with a finished review or be placed in “Advanced” or later by")
	log := c.Worksheet("alliances")
	require.NotNil(t, log)
	assert.Equal(t, "alliance-log", log.Module.ID)
	assert.Equal(t, []*Item{c.Worksheet("alliance-review")}, log.Worksheet.Attached)
	assert.Equal(t, "individual-evaluation", c.Worksheet("alliance-review").Module.ID)
	assert.True(t, log.Optional && c.Worksheet("alliance-review").Optional, "completing a module never waits for the learner's own alliances")
}
