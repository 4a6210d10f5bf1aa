package xapi

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/allyworks/ally/internal/lrstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatementsFromProgress(t *testing.T) {
	s := sampleStore(t)
	st := s.Snapshot()
	st.Actor = "3f1c0a52-0d7e-4a8e-9d35-6c1d2b7f0e11"
	l := Learner{Account: st.Actor}
	b := NewBuilder(s.Course(), l)
	ss := b.FromProgress(st)

	// 2 lessons, 2 quiz attempts (2 and 4 questions answered), 1 assessment.
	require.Len(t, ss, 2+1+2+1+4+1)
	verbs := map[string]int{}
	ids := map[string]bool{}
	for i, x := range ss {
		verbs[verbNames[x.Verb.ID]]++
		assert.False(t, ids[x.ID], "ids are distinct")
		ids[x.ID] = true
		assert.Equal(t, b.Registration(), x.Context.Registration)
		assert.Equal(t, &Account{HomePage: DefaultHomePage, Name: st.Actor}, x.Actor.Account)
		assert.Empty(t, x.Actor.Mbox)
		assert.Empty(t, x.Actor.Name, "no name unless the config says so")
		if i > 0 {
			assert.False(t, x.Timestamp.Before(ss[i-1].Timestamp.Time), "time order")
		}
	}
	assert.Equal(t, map[string]int{"completed": 2, "failed": 1, "passed": 1, "answered": 7}, verbs)

	base := "https://allyworks.github.io/ally/courses/" + s.Course().ID
	var failed, passed, q, a *Statement
	for i := range ss {
		x := &ss[i]
		switch {
		case x.Verb.ID == VerbFailed:
			failed = x
		case x.Verb.ID == VerbPassed:
			passed = x
		case x.Object.ID == base+"/why-reports/why-check/main-job" && q == nil:
			q = x
		case x.Object.ID == base+"/self-check/reporting-habits":
			a = x
		}
	}
	require.NotNil(t, failed)
	require.NotNil(t, passed)
	assert.Equal(t, base+"/why-reports/why-check", passed.Object.ID)
	assert.Equal(t, 0.75, passed.Result.Score.Scaled)
	assert.Equal(t, 3.0, *passed.Result.Score.Raw)
	assert.Equal(t, true, *passed.Result.Success)
	assert.Equal(t, 0.25, failed.Result.Score.Scaled)
	assert.Equal(t, false, *failed.Result.Success)
	assert.Equal(t, []Activity{{ObjectType: "Activity", ID: CategoryCmi5}}, passed.Context.ContextActivities.Category)
	assert.Equal(t, base+"/why-reports", passed.Context.ContextActivities.Parent[0].ID)
	assert.Equal(t, base, passed.Context.ContextActivities.Grouping[0].ID)

	require.NotNil(t, q, "each question answered")
	assert.Equal(t, "0", *q.Result.Response, "first attempt: option 0")
	assert.Equal(t, false, *q.Result.Success)
	assert.Equal(t, "choice", q.Object.Definition.InteractionType)
	assert.Equal(t, []string{"1"}, q.Object.Definition.CorrectResponsesPattern)

	require.NotNil(t, a)
	assert.Equal(t, VerbAnswered, a.Verb.ID)
	assert.Equal(t, "practice", a.Result.Extensions[ExtPlacement])
	assert.Contains(t, a.Result.Extensions, ExtDimensions)
	assert.NotContains(t, a.Result.Extensions, "answers", "single answers stay private")

	// Deterministic: the same records give the same statements.
	again := NewBuilder(s.Course(), l).FromProgress(st.Clone())
	assert.Equal(t, ss, again)
	// Another learner, another registration and other ids.
	other := NewBuilder(s.Course(), Learner{Account: "someone-else"}).FromProgress(st)
	assert.NotEqual(t, ss[0].ID, other[0].ID)
	assert.NotEqual(t, ss[0].Context.Registration, other[0].Context.Registration)

	// A course iri: changes every activity id.
	c2 := *s.Course()
	c2.IRI = "https://lms.example.org/c"
	assert.Equal(t, "https://lms.example.org/c", NewBuilder(&c2, l).CourseActivity().ID)
}

func TestSessionStatements(t *testing.T) {
	s := sampleStore(t)
	b := NewBuilder(s.Course(), Learner{Account: "a", Name: "Ada"})
	start := t0
	init := b.Initialized("sess-1", start)
	term := b.Terminated("sess-1", start, start.Add(83*time.Minute+4500*time.Millisecond))
	assert.Equal(t, "PT1H23M4.5S", term.Result.Duration)
	assert.Equal(t, "sess-1", init.Context.Extensions[ExtSessionID])
	assert.Equal(t, "Ada", init.Actor.Name)
	assert.NotEqual(t, init.ID, term.ID)
	assert.Equal(t, init.ID, b.Initialized("sess-1", start.Add(time.Hour)).ID, "the id is the event's, not the time's")
	assert.Equal(t, VerbSuspended, b.Suspended("sess-1", start).Verb.ID)
	assert.Equal(t, VerbResumed, b.Resumed("sess-1", start).Verb.ID)
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                   "PT0S",
		1500 * time.Millisecond:             "PT1.5S",
		59 * time.Second:                    "PT59S",
		10 * time.Minute:                    "PT10M",
		2*time.Hour + 3*time.Second:         "PT2H3S",
		-time.Second:                        "PT0S",
		20*time.Second + 5*time.Millisecond: "PT20.01S",
	} {
		assert.Equal(t, want, Duration(d), d.String())
	}
}

func TestResponseRoundTrip(t *testing.T) {
	for _, ans := range [][]int{{}, {0}, {2, 0, 1}} {
		got, ok := ParseResponse(Response(ans))
		require.True(t, ok)
		assert.Equal(t, ans, got)
	}
	_, ok := ParseResponse("a[,]b")
	assert.False(t, ok)
}

// Every statement Ally makes passes Learning Locker's validator.
func TestStatementsValidate(t *testing.T) {
	s := sampleStore(t)
	st := s.Snapshot()
	st.Actor = "3f1c0a52-0d7e-4a8e-9d35-6c1d2b7f0e11"
	st.Learner = "Ada"
	b := NewBuilder(s.Course(), LearnerFor(Config{SendName: true}, st))
	ss := b.FromProgress(st)
	ss = append(ss, b.Initialized("5b3e", t0), b.Resumed("5b3e", t0), b.Suspended("5b3e", t0.Add(time.Hour)),
		b.Terminated("5b3e", t0, t0.Add(time.Hour)))
	data, err := json.Marshal(ss)
	require.NoError(t, err)
	lrstest.Validate(t, data)

	// The validator does reject a bad statement (the check can fail).
	bad := ss[0]
	bad.Verb.ID = "not an iri"
	data, err = json.Marshal([]Statement{bad})
	require.NoError(t, err)
	ft := &fakeT{TB: t}
	func() {
		defer func() { recover() }()
		lrstest.Validate(ft, data)
	}()
	assert.True(t, ft.failed, "the validator reports a bad verb id")
}

// fakeT records a failure instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Fatalf(string, ...any) { f.failed = true; panic("fatal") }
func (f *fakeT) Helper()               {}
