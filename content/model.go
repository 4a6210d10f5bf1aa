// Package content reads and validates Ally courses: a folder of markdown
// files (lessons, quizzes, self-assessments) grouped in modules and stages.
//
// The package is pure: it reads through an fs.FS and never touches the
// terminal or the learner's progress. AUTHORING.md documents the format.
package content

import "io/fs"

// Course is a loaded course. Stages hold their modules in order; Modules
// lists every module in course order (stage order, then folder name).
type Course struct {
	ID      string
	Title   string
	Version string
	Summary string
	Authors []string
	License string
	// IRI is the base of the course's xAPI activity ids, from the optional
	// `iri:` in course.yaml, without a trailing slash; "" = the default
	// (see DefaultIRI).
	IRI string

	Stages  []*Stage
	Modules []*Module
	Renamed []Rename // ids changed after learners started: applied to their progress on load

	byID map[string]any // *Stage, *Module or *Item
	fsys fs.FS          // where lesson bodies are re-read from (ValidateLean)
	// byFile finds an item by its file (links are followed by file): a scan
	// of every item per link cost 50,000 steps in a course that size.
	byFile map[string]*Item
	// front: loaded by ValidateStructure, bodies not checked yet; files
	// is then every file of the course, for the links of a body checked
	// when it is read (see Course.Text).
	front bool
	files map[string]bool
	ixb   *indexBuild // what the structure load read, for StructureIndex
	// partial: the course's first module folders only (FirstModules).
	partial bool
}

// DefaultIRIBase is the base under which a course without an `iri:` gets
// its xAPI activity ids: DefaultIRIBase + "/" + course id.
const DefaultIRIBase = "https://allyworks.github.io/ally/courses"

// BaseIRI returns the course's xAPI base IRI: its `iri:`, else
// DefaultIRIBase/<id>.
func (c *Course) BaseIRI() string {
	if c.IRI != "" {
		return c.IRI
	}
	return DefaultIRIBase + "/" + c.ID
}

// Stage is one step of the learning trajectory.
type Stage struct {
	ID       string
	Label    string // shown before the title: "Stage 0"; default "Stage N" from 1
	Title    string
	Summary  string
	Requires *Rule // applies to every module of the stage; nil = none
	Modules  []*Module
	Index    int // position in Course.Stages
	Pos      Pos
}

// Module is a sub-folder of the course with a module.md and its items.
type Module struct {
	ID       string
	Label    string // optional short name shown before the title: "M1.2"
	Title    string
	Summary  string
	Stage    *Stage
	Requires *Rule // the module's own rule; see EffectiveRule
	Preview  bool  // lessons readable while locked
	Intro    string
	Dir      string // folder inside the course fs
	Items    []*Item
	Pos      Pos
}

// Kind is what an item is.
type Kind string

// Item kinds.
const (
	KindLesson     Kind = "lesson"
	KindQuiz       Kind = "quiz"
	KindAssessment Kind = "assessment"
	KindWorksheet  Kind = "worksheet"
)

// Item is one markdown file of a module: a lesson, quiz or assessment.
type Item struct {
	ID       string
	Title    string
	Kind     Kind
	Minutes  int
	Optional bool // does not count towards module completion
	Module   *Module
	File     string // path inside the course fs
	Body     string // markdown after the front matter; "" for a lesson loaded by ValidateLean: see Course.Text
	BodyLine int    // line of File where Body starts

	src *source // where a lean lesson's body is re-read from

	Quiz       *Quiz       // when Kind == KindQuiz
	Assessment *Assessment // when Kind == KindAssessment
	Worksheet  *Worksheet  // when Kind == KindWorksheet
}

// QuestionType is the answer format of a quiz question.
type QuestionType string

// Question types.
const (
	SingleChoice   QuestionType = "single"   // one checked box
	MultipleAnswer QuestionType = "multiple" // several checked boxes
	Ordering       QuestionType = "ordering" // numbered list in the right order
)

// Quiz is a graded set of questions.
type Quiz struct {
	Pass      float64 // fraction of questions to pass, 0–1
	Attempts  int     // 0 = unlimited
	Shuffle   bool    // shuffle the options of choice questions
	Intro     string
	Questions []*Question
}

// Question is a `## Title {#id}` section of a quiz.
type Question struct {
	ID          string
	Title       string
	Prompt      string
	Type        QuestionType
	Options     []*Option // ordering: in the correct order
	Explanation string
	Line        int
}

// Option is one answer of a question.
type Option struct {
	Text     string
	Correct  bool // choice questions only
	Feedback string
}

// Correct returns the indexes of the correct options of a choice question.
func (q *Question) Correct() []int {
	var idx []int
	for i, o := range q.Options {
		if o.Correct {
			idx = append(idx, i)
		}
	}
	return idx
}

// ItemType is the answer format of an assessment item.
type ItemType string

// Assessment item types.
const (
	Likert ItemType = "likert"
	Number ItemType = "number"
)

// Assessment is a self-assessment: Likert dimensions, numeric inventory
// items, bands, composite scores, placement rules and advice.
type Assessment struct {
	Scale      []string
	Bands      []*Band
	Scores     []*Score
	Placement  []*Placement
	Advice     []*Advice
	Intro      string
	Dimensions []*Dimension

	items map[string]*AssessmentItem
}

// Dimension is a `## Name {#id}` section of an assessment.
type Dimension struct {
	ID        string
	Title     string
	Intro     string
	Recommend []string // module ids routed to when the dimension scores low
	Items     []*AssessmentItem
	Line      int
}

// Scored reports whether the dimension has Likert items (and so a score).
func (d *Dimension) Scored() bool {
	for _, it := range d.Items {
		if it.Type == Likert {
			return true
		}
	}
	return false
}

// AssessmentItem is a `- Statement {#id}` line of a dimension.
type AssessmentItem struct {
	ID        string
	Text      string
	Help      string
	Type      ItemType
	Reverse   bool     // Likert: scored as (len(scale)+1) - answer
	Min, Max  *float64 // Number: bounds, nil = unbounded
	Unit      string   // Number: what is counted, used in rule descriptions
	Dimension *Dimension
	Line      int
}

// Band is a named score range: Min <= score < Below.
type Band struct {
	ID         string
	Title      string
	Min        *float64
	Below      *float64
	Recommend  bool     // dimensions in this band route to their modules
	Dimensions []string // empty = every dimension
	Pos        Pos
}

// Score is a composite: the mean of some dimension scores.
type Score struct {
	ID         string
	Title      string
	Dimensions []string
	Pos        Pos
}

// Placement maps answers and scores to a stage; the first match wins.
type Placement struct {
	Stage     string
	Title     string
	When      *Cond // nil = always
	Recommend []string
	Pos       Pos
}

// Advice is a message shown, with modules, whenever its condition holds.
type Advice struct {
	When      *Cond
	Message   string
	Recommend []string
	Pos       Pos
}

// Cond is a condition over one assessment attempt: a combinator (All, Any,
// Not) or a comparison of a score or a raw answer with bounds.
type Cond struct {
	All    []*Cond
	Any    []*Cond
	Not    *Cond
	Score  string // dimension or composite score id
	Answer string // item id; compares the answer as given
	Bounds
	Pos Pos
}

// Bounds are optional inclusive (Min, Max) and strict (Above, Below) limits.
type Bounds struct {
	Min, Max, Above, Below *float64
}

// Contains reports whether v is within every bound that is set.
func (b Bounds) Contains(v float64) bool {
	return (b.Min == nil || v >= *b.Min) && (b.Max == nil || v <= *b.Max) &&
		(b.Above == nil || v > *b.Above) && (b.Below == nil || v < *b.Below)
}

// RuleOp is the operator of an unlock rule node.
type RuleOp string

// Rule operators.
const (
	OpAll       RuleOp = "all"
	OpAny       RuleOp = "any"
	OpNot       RuleOp = "not"
	OpCompleted RuleOp = "completed"
	OpPassed    RuleOp = "passed"
	OpAnswered  RuleOp = "answered"
	OpPlaced    RuleOp = "placed"
	OpRecorded  RuleOp = "recorded"
)

// Rule is an unlock rule (`requires:`): a tree of all/any/not over
// completed, passed, answered and placed conditions.
type Rule struct {
	Op   RuleOp
	Args []*Rule // all, any: children; not: one child

	// completed: a stage, module or item id. passed: a quiz, module or
	// stage id. answered, placed: the assessment id. recorded: the
	// worksheet id.
	Target string
	Item   string   // answered: the assessment item id
	Stage  string   // placed: the stage id (that stage or a later one)
	Min    *float64 // passed: overrides the pass mark; answered: lower bound; recorded: entries
	Max    *float64 // answered: upper bound
	// recorded: conditions on each counted entry's fields, and the attached
	// worksheet each counted entry must have a finished entry in.
	Where    []Match
	Reviewed string
	Pos      Pos
}

// EffectiveRule is what must hold for the module to unlock: its stage's
// rule and its own. Nil means always open.
func (m *Module) EffectiveRule() *Rule {
	var rules []*Rule
	if m.Stage != nil && m.Stage.Requires != nil {
		rules = append(rules, m.Stage.Requires)
	}
	if m.Requires != nil {
		rules = append(rules, m.Requires)
	}
	switch len(rules) {
	case 0:
		return nil
	case 1:
		return rules[0]
	}
	return &Rule{Op: OpAll, Args: rules}
}

// Stage returns the stage with the id, or nil.
func (c *Course) Stage(id string) *Stage { s, _ := c.byID[id].(*Stage); return s }

// Module returns the module with the id, or nil.
func (c *Course) Module(id string) *Module { m, _ := c.byID[id].(*Module); return m }

// Item returns the item with the id, or nil.
func (c *Course) Item(id string) *Item { it, _ := c.byID[id].(*Item); return it }

// Items returns every item of the course in course order.
func (c *Course) Items() []*Item {
	var items []*Item
	for _, m := range c.Modules {
		items = append(items, m.Items...)
	}
	return items
}

// Quizzes returns the quizzes a passed: condition on id covers: the quiz
// itself, or every quiz of a module or stage.
func (c *Course) Quizzes(id string) []*Item {
	var mods []*Module
	switch n := c.byID[id].(type) {
	case *Item:
		if n.Kind == KindQuiz {
			return []*Item{n}
		}
		return nil
	case *Module:
		mods = []*Module{n}
	case *Stage:
		mods = n.Modules
	}
	var quizzes []*Item
	for _, m := range mods {
		for _, it := range m.Items {
			if it.Kind == KindQuiz {
				quizzes = append(quizzes, it)
			}
		}
	}
	return quizzes
}

// Item returns the assessment item with the id, or nil.
func (a *Assessment) Item(id string) *AssessmentItem { return a.items[id] }

// Dimension returns the dimension with the id, or nil.
func (a *Assessment) Dimension(id string) *Dimension {
	for _, d := range a.Dimensions {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// ScoreDef returns the composite score with the id, or nil.
func (a *Assessment) ScoreDef(id string) *Score {
	for _, s := range a.Scores {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Max returns the top of the Likert scale.
func (a *Assessment) Max() int { return len(a.Scale) }

// Required returns the items that count towards module completion: the
// non-optional ones, or all of them when every item is optional.
func (m *Module) Required() []*Item {
	var req []*Item
	for _, it := range m.Items {
		if !it.Optional {
			req = append(req, it)
		}
	}
	if len(req) == 0 {
		return m.Items
	}
	return req
}

// Word names the kind for a learner: "Lesson", "Quiz", "Self-assessment",
// "Worksheet".
func (k Kind) Word() string {
	switch k {
	case KindQuiz:
		return "Quiz"
	case KindAssessment:
		return "Self-assessment"
	case KindWorksheet:
		return "Worksheet"
	}
	return "Lesson"
}
