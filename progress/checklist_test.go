package progress

import (
	"testing"

	"github.com/allyworks/ally/content"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// row is a check flattened for comparison: the mark, the words, the value,
// the action (an item id) or why none.
type checkRow struct {
	Met             bool
	Text, Current   string
	Action, Blocked string
	Options         []checkRow
}

func rows(checks []Check) []checkRow {
	var out []checkRow
	for _, c := range checks {
		r := checkRow{Met: c.Met, Text: c.Text, Current: c.Current, Blocked: c.Blocked, Options: rows(c.Options)}
		if c.Action != nil {
			r.Action = c.Action.ID
		}
		out = append(out, r)
	}
	return out
}

func TestChecklist(t *testing.T) {
	c := sampleCourse(t)
	completedBasics := func(met bool, cur, action string) checkRow {
		return checkRow{Met: met, Text: "Complete “Why bug reports matter”", Current: cur, Action: action}
	}
	for _, tc := range []struct {
		name   string
		module string
		st     records
		want   []checkRow
	}{
		{"fresh: writing needs the basics, then one of two", "writing", newRecords(), []checkRow{
			completedBasics(false, "0 of 3 items done", "what-for"),
			{Text: "One of these:", Action: "why-check", Options: []checkRow{
				{Text: "Pass “Why bug reports matter — check” with at least 100%", Current: "not taken yet", Action: "why-check"},
				{Text: "Be placed in “Practice” or later by “Your reporting habits”", Current: "not taken yet",
					Blocked: "“How do you report bugs today?” is still locked"},
			}},
		}},
		{"basics done at 75%: retaking the quiz or the assessment", "writing", basicsDone(0.75), []checkRow{
			completedBasics(true, "3 of 3 items done", ""),
			{Text: "One of these:", Action: "why-check", Options: []checkRow{
				{Text: "Pass “Why bug reports matter — check” with at least 100%", Current: "best 75% of 100% needed", Action: "why-check"},
				{Text: "Be placed in “Practice” or later by “Your reporting habits”", Current: "not taken yet", Action: "reporting-habits"},
			}},
		}},
		{"no attempts left: only the assessment can help", "writing", newRecords().read("what-for", "anatomy").quiz("why-check", 0.75, 0.75).habits(habitsAttempt{stage: "basics"}), []checkRow{
			completedBasics(true, "3 of 3 items done", ""),
			{Text: "One of these:", Action: "reporting-habits", Options: []checkRow{
				{Text: "Pass “Why bug reports matter — check” with at least 100%", Current: "best 75% of 100% needed", Blocked: "no attempts left at “Why bug reports matter — check”"},
				{Text: "Be placed in “Practice” or later by “Your reporting habits”", Current: "placed in Stage 1 · The basics", Action: "reporting-habits"},
			}},
		}},
		{"triage: quizzes passed, the stage, a not", "triage", basicsDone(1).habits(habitsAttempt{stage: "practice", received: 0}), []checkRow{
			{Text: "Pass every quiz in “Writing steps to reproduce”", Current: "0 of 1 quizzes passed", Action: "writing-check"},
			{Met: true, Text: "Complete the “The basics” stage", Current: "2 of 2 modules completed"},
			{Text: c.Describe(c.Module("triage").Requires.Args[2])},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Evaluate(c, tc.st.st)
			ms := o.Module(tc.module)
			require.Equal(t, StatusLocked, ms.Status)
			assert.Equal(t, tc.want, rows(ms.Checks))
			assert.Equal(t, rows(Checklist(c, tc.st.st, c.Module(tc.module).EffectiveRule())), rows(ms.Checks))
		})
	}
}

func TestChecklistAnsweredShowsTheValue(t *testing.T) {
	c := sampleCourse(t)
	st := basicsDone(1).habits(habitsAttempt{stage: "practice", received: 1}).st
	r := c.Module("triage").Requires.Args[2].Args[0] // answered reports-received max 0
	checks := Checklist(c, st, r)
	require.Len(t, checks, 1)
	assert.False(t, checks[0].Met)
	assert.Equal(t, "bug reports received last month you reported: 1", checks[0].Current)
	assert.Equal(t, "reporting-habits", checks[0].Action.ID)
}

func TestNextUnlockActsOnTheFirstUnmetCheck(t *testing.T) {
	c := sampleCourse(t)
	o := Evaluate(c, basicsDone(0.75).habits(habitsAttempt{stage: "basics"}).st)
	require.Equal(t, NextUnlock, o.Next.Kind)
	assert.Equal(t, "writing", o.Next.Module.ID)
	require.NotNil(t, o.Next.Action)
	assert.Equal(t, "why-check", o.Next.Action.ID, "one attempt is left at the quiz")
	assert.Len(t, o.Next.Checks, 2)
}

func TestNewlyOpen(t *testing.T) {
	c := sampleCourse(t)
	ids := func(before, after records) (st, mods []string) {
		ss, ms := NewlyOpen(Evaluate(c, before.st), Evaluate(c, after.st))
		for _, s := range ss {
			st = append(st, s.ID)
		}
		for _, m := range ms {
			mods = append(mods, m.ID)
		}
		return st, mods
	}
	st, mods := ids(newRecords(), newRecords().read("what-for"))
	assert.Empty(t, st, "the basics stage was open already")
	assert.Equal(t, []string{"self-check"}, mods)

	st, mods = ids(basicsDone(0.75), basicsDone(1))
	assert.Equal(t, []string{"practice"}, st, "Writing is the first module of Practice to open")
	assert.Empty(t, mods)

	st, mods = ids(basicsDone(1), basicsDone(1))
	assert.Empty(t, st)
	assert.Empty(t, mods, "nothing changed, nothing to say")
}

func TestMinutesLeft(t *testing.T) {
	c := sampleCourse(t)
	o := Evaluate(c, nil)
	// Required: what-for 3, anatomy 4, why-check 3 | reporting-habits 3 |
	// reproduce 4, writing-check 2 | sorting 3 (two-reports is optional).
	assert.Equal(t, 10, o.Module("why-reports").Minutes)
	assert.Equal(t, 10, o.Module("why-reports").MinutesLeft)
	assert.Equal(t, 13, o.Stages[0].Minutes)
	assert.Equal(t, 22, o.Minutes)
	o = Evaluate(c, newRecords().read("what-for").st)
	assert.Equal(t, 7, o.Module("why-reports").MinutesLeft)
	assert.Equal(t, 10, o.Module("why-reports").Minutes)
	assert.Equal(t, 19, o.MinutesLeft)
}

func TestChecklistRecordedCountsEntries(t *testing.T) {
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	var rule *content.Rule
	var find func(r *content.Rule)
	find = func(r *content.Rule) {
		if r == nil {
			return
		}
		if r.Op == content.OpRecorded && rule == nil {
			rule = r
		}
		for _, a := range r.Args {
			find(a)
		}
	}
	for _, s := range c.Stages {
		find(s.Requires)
	}
	require.NotNil(t, rule, "the built-in course has a recorded condition")
	checks := Checklist(c, nil, rule)
	require.Len(t, checks, 1)
	assert.False(t, checks[0].Met)
	assert.Equal(t, "0 of 2 recorded", checks[0].Current)
}
