package content

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logSheet is a worksheet in m1; reviewSheet is attached to it, in m2; m3's
// rule counts log entries.
const logSheet = `---
id: log
title: Alliance log
kind: worksheet
noun: alliance
columns: [partner, form, review.outcome]
fields:
  - {id: partner, label: Partner, type: text, required: true}
  - {id: form, label: Form, type: choice, options: [Licence, Joint venture, R&D]}
  - {id: kinds, label: Kinds, type: choices, options: [Upstream, Downstream]}
  - {id: signed, label: Signed, type: date}
  - {id: people, label: People, type: number, min: 0, max: 500}
  - {id: evaluated, label: Evaluated, type: yes/no}
  - {id: lessons, label: Lessons, type: long text, help: Three to five.}
---
One entry per alliance.
`

const reviewSheet = `---
id: review
title: Alliance review
kind: worksheet
for: log
noun: review
fields:
  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}
---
`

func wsCourse(rule string, changes map[string]string) map[string]string {
	ch := map[string]string{
		"m1/03-log.md":    logSheet,
		"m2/02-review.md": reviewSheet,
		"m3/module.md":    "---\nid: m3\ntitle: Module three\nstage: s2\nsummary: Third.\nrequires:\n  " + rule + "\n---\n",
		"m3/01-x.md":      "---\nid: x\ntitle: X\n---\nText.\n",
	}
	for k, v := range changes {
		ch[k] = v
	}
	return ch
}

const okRule = "recorded: {worksheet: log, min: 2, where: {evaluated: yes}, reviewed: review}"

func TestWorksheetIsRead(t *testing.T) {
	c, rep := Validate(courseFS(wsCourse(okRule, nil)))
	require.Empty(t, rep.Errors)
	require.Len(t, rep.Warnings, 1)
	assert.Equal(t, `m2/02-review.md:5:6: worksheet "review" counts towards completing module "m2" but needs entries of "log" in module "m1": add `+"`optional: true`"+`, or that module may have to open first`, rep.Warnings[0].Error())
	assert.Equal(t, 2, rep.Stats.Worksheets)
	log := c.Worksheet("log")
	require.NotNil(t, log)
	w := log.Worksheet
	assert.True(t, w.Many)
	assert.Equal(t, "alliances", w.Plural)
	require.Len(t, w.Fields, 7)
	assert.Equal(t, FieldLongText, w.Field("lessons").Type)
	assert.Equal(t, "Three to five.", w.Field("lessons").Help)
	assert.True(t, w.Field("partner").Required)
	assert.Equal(t, 500.0, *w.Field("people").Max)
	assert.Equal(t, []string{"Licence", "Joint venture", "R&D"}, w.Field("form").Options)
	require.Len(t, w.Attached, 1)
	assert.Equal(t, "review", w.Attached[0].ID)
	rv := c.Worksheet("review").Worksheet
	assert.False(t, rv.Many, "an attached worksheet holds one entry per parent entry by default")
	assert.Equal(t, log, rv.Parent)
	require.Len(t, w.Columns, 3)
	assert.Equal(t, "review", w.Columns[2].Worksheet)
	assert.Equal(t, rv.Field("outcome"), w.Columns[2].Field)
	assert.Equal(t, "log", w.Columns[0].Worksheet)
	assert.Equal(t, ReportNone, w.Report, "a worksheet is private unless it says otherwise")
	assert.False(t, w.Reportable())

	r := c.Module("m3").Requires
	assert.Equal(t, OpRecorded, r.Op)
	assert.Equal(t, []Match{{Field: "evaluated", Value: "yes", Pos: Pos{File: "m3/module.md", Line: 7, Col: 46}}}, r.Where)
	assert.Equal(t, "Log at least 2 alliances in “Alliance log” with “Evaluated” yes and a finished review", c.Describe(r))
}

// `report: counts` makes a worksheet reportable; `none` is the default.
func TestWorksheetReport(t *testing.T) {
	for value, want := range map[string]bool{"report: counts": true, "report: none": false, "": false} {
		c, rep := Validate(courseFS(wsCourse(okRule, map[string]string{"m1/03-log.md": strings.Replace(logSheet, "noun: alliance", "noun: alliance\n"+value, 1)})))
		require.Empty(t, rep.Errors, value)
		assert.Equal(t, want, c.Worksheet("log").Worksheet.Reportable(), value)
		assert.False(t, c.Worksheet("review").Worksheet.Reportable(), "a review is reported only when it says so: %s", value)
	}
	// The built-in course counts its alliance log and the reviews.
	c, err := Load(Default())
	require.NoError(t, err)
	for _, id := range []string{"alliances", "alliance-review"} {
		require.NotNil(t, c.Worksheet(id), id)
		assert.True(t, c.Worksheet(id).Worksheet.Reportable(), id)
	}
}

func TestRecordedDescriptions(t *testing.T) {
	for rule, want := range map[string]string{
		"recorded: {worksheet: log}":                            "Log at least 1 alliance in “Alliance log”",
		"recorded: {worksheet: log, min: 3, reviewed: review}":  "Log at least 3 alliances in “Alliance log” with a finished review",
		"recorded: {worksheet: log, where: {form: Licence}}":    "Log at least 1 alliance in “Alliance log” with “Form” Licence",
		"recorded: {worksheet: log, where: {evaluated: false}}": "Log at least 1 alliance in “Alliance log” with “Evaluated” no",
		"recorded: {worksheet: log, where: {people: 10.0}}":     "Log at least 1 alliance in “Alliance log” with “People” 10",
		"all: [{completed: l1}, {recorded: {worksheet: log}}]":  "Read “Lesson one” and log at least 1 alliance in “Alliance log”",
		"recorded: {worksheet: review, min: 1}":                 "Fill in “Alliance review”",
	} {
		c, rep := Validate(courseFS(wsCourse(rule, nil)))
		require.Empty(t, rep.Errors, rule)
		assert.Equal(t, want, c.Describe(c.Module("m3").Requires), rule)
	}
}

func TestWorksheetProblems(t *testing.T) {
	type tc struct {
		name    string
		changes map[string]string
		at, msg string
	}
	ws := func(old, new string) map[string]string {
		require.Contains(t, logSheet, old)
		return wsCourse(okRule, map[string]string{"m1/03-log.md": strings.Replace(logSheet, old, new, 1)})
	}
	rv := func(old, new string) map[string]string {
		require.Contains(t, reviewSheet, old)
		return wsCourse(okRule, map[string]string{"m2/02-review.md": strings.Replace(reviewSheet, old, new, 1)})
	}
	rule := func(r string) map[string]string { return wsCourse(r, nil) }
	cases := []tc{
		{"unknown worksheet key", ws("noun: alliance", "nuon: alliance"), "m1/03-log.md:5:1", "unknown key `nuon` in front matter: did you mean `noun`?"},
		{"no fields", ws("fields:", "felds:"), "m1/03-log.md:7:1", "did you mean `fields`?"},
		{"fields missing", map[string]string{"m1/03-log.md": "---\nid: log\ntitle: Log\nkind: worksheet\n---\n"}, "m1/03-log.md:2:1", "is missing `fields`"},
		{"bad entries", ws("noun: alliance", "entries: several"), "m1/03-log.md:5:10", "`entries` is \"several\": use many"},
		{"bad report", ws("noun: alliance", "report: contents"), "m1/03-log.md:5:9", "`report` is \"contents\": use counts"},
		{"report suggestion", ws("noun: alliance", "report: count"), "m1/03-log.md:5:9", "did you mean `counts`?"},
		{"unknown field type", ws("type: long text", "type: longtext"), "m1/03-log.md:14:41", "unknown field type \"longtext\""},
		{"field type suggestion", ws("type: yes/no", "type: yes-no"), "m1/03-log.md:13:45", "did you mean `yes/no`?"},
		{"field label missing", ws("{id: partner, label: Partner,", "{id: partner,"), "m1/03-log.md:8:5", "a worksheet field is missing `label`"},
		{"field id malformed", ws("{id: partner", "{id: Partner"), "m1/03-log.md:8:10", `id "Partner" is not valid`},
		{"duplicate field", ws("{id: kinds", "{id: form"), "m1/03-log.md:10:5", `field id "form" is already used at line 9`},
		{"choice without options", ws(", options: [Licence, Joint venture, R&D]", ""), "m1/03-log.md:9:5", "a worksheet field is missing `options`"},
		{"choice with one option", ws("options: [Upstream, Downstream]", "options: [Upstream]"), "m1/03-log.md:10:55", "needs at least 2 options"},
		{"duplicate option", ws("[Upstream, Downstream]", "[Upstream, Upstream]"), "m1/03-log.md:10:66", `option "Upstream" is listed twice`},
		{"options on text", ws("type: text, required: true", "type: text, options: [a, b]"), "m1/03-log.md:8:56", "`options` only goes with type choice or choices, not text"},
		{"min above max", ws("min: 0, max: 500", "min: 10, max: 5"), "m1/03-log.md:12:61", "`max` 5 is below `min` 10"},
		{"scale without labels", rv(", labels: [Poor, Fair, Good]", ""), "m2/02-review.md:8:5", "missing `labels`"},
		{"for unknown worksheet", rv("for: log", "for: lgo"), "m2/02-review.md:5:6", "`for` names unknown worksheet \"lgo\": did you mean `log`?"},
		{"for a lesson", rv("for: log", "for: l1"), "m2/02-review.md:5:6", "`for: l1` names a lesson"},
		{"for itself", rv("for: log", "for: review"), "m2/02-review.md:5:6", "cannot be attached to itself"},
		{"unknown column", ws("columns: [partner,", "columns: [partnr,"), "m1/03-log.md:6:11", "column \"partnr\": worksheet \"log\" has no field \"partnr\": did you mean `partner`?"},
		{"column of a worksheet not attached", ws("review.outcome", "reveiw.outcome"), "m1/03-log.md:6:26", "not a worksheet attached to \"log\": did you mean `review`?"},
		{"column of an unknown attached field", ws("review.outcome", "review.outcom"), "m1/03-log.md:6:26", "worksheet \"review\" has no field \"outcom\""},
		{"recorded unknown worksheet", rule("recorded: {worksheet: lgo}"), "m3/module.md:7:13", "unknown worksheet \"lgo\": did you mean `log`?"},
		{"recorded a lesson", rule("recorded: {worksheet: l1}"), "m3/module.md:7:13", "\"l1\" is a lesson, not a worksheet"},
		{"recorded unknown field", rule("recorded: {worksheet: log, where: {evaluatd: yes}}"), "m3/module.md:7:38", "worksheet \"log\" has no field \"evaluatd\": did you mean `evaluated`?"},
		{"recorded bad yes/no", rule("recorded: {worksheet: log, where: {evaluated: maybe}}"), "m3/module.md:7:38", "compare it with yes or no"},
		{"recorded unknown option", rule("recorded: {worksheet: log, where: {form: Licnce}}"), "m3/module.md:7:38", "field \"form\" has no option \"Licnce\": did you mean `Licence`?"},
		{"recorded number as text", rule("recorded: {worksheet: log, where: {people: many}}"), "m3/module.md:7:38", "compare it with a number"},
		{"recorded min 0", rule("recorded: {worksheet: log, min: 0}"), "m3/module.md:7:35", "`min` is 0"},
		{"recorded review not attached", rule("recorded: {worksheet: review, reviewed: log}"), "m3/module.md:7:13", "worksheet \"log\" is not attached to \"review\""},
		{"recorded unknown review", rule("recorded: {worksheet: log, reviewed: reveiw}"), "m3/module.md:7:13", "unknown worksheet \"reveiw\" in `reviewed`: did you mean `review`?"},
		{"recorded one entry twice", rule("recorded: {worksheet: review, min: 2}"), "m3/module.md:7:13", "has `entries: one`"},
		{"recorded unknown key", rule("recorded: {worksheet: log, count: 2}"), "m3/module.md:7:30", "unknown key `count` in `recorded`"},
		{"recorded in its own module", map[string]string{"m3/02-own.md": "---\nid: own\ntitle: Own\nkind: worksheet\nfields: [{id: a, label: A, type: text}]\n---\n", "m3/module.md": "---\nid: m3\ntitle: Module three\nstage: s2\nsummary: Third.\nrequires:\n  recorded: {worksheet: own}\n---\n", "m3/01-x.md": "---\nid: x\ntitle: X\n---\nText.\n"},
			"m3/module.md:7:13", "the rule needs \"own\", which is inside module \"m3\" (or its stage), so the module can never unlock"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rep := Validate(courseFS(c.changes))
			var got []string
			for _, p := range rep.Errors {
				got = append(got, p.Error())
				if strings.HasPrefix(p.Error(), c.at+": ") && strings.Contains(p.Msg, c.msg) {
					return
				}
			}
			t.Errorf("want an error at %s containing %q; got:\n%s", c.at, c.msg, strings.Join(got, "\n"))
		})
	}
}

func FuzzWorksheet(f *testing.F) {
	f.Add(logSheet)
	f.Add(reviewSheet)
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("---\nid: w\ntitle: W\nkind: worksheet\nfields: [{id: a, label: A, type: scale, labels: [a]}, {id: a}]\ncolumns: [a, b.c, .]\nfor: w\n---\n")
	f.Add("---\nid: w\ntitle: W\nkind: worksheet\nfields: *x\nentries: [one]\n---\n")
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFileIn(t, wsCourse(okRule, nil), "m1/03-log.md", text)
		fuzzFileIn(t, wsCourse(okRule, nil), "m2/02-review.md", text)
	})
}
