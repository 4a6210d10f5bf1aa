package progress

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/allyworks/ally/content"
)

// AssessmentResult is what one set of self-assessment answers scores.
type AssessmentResult struct {
	// Dimensions maps each scored dimension with at least one rated answer
	// to the mean of its rated items, after reversing.
	Dimensions map[string]float64
	// Scores maps each composite score to the mean of its dimensions that
	// have a score (absent when none has).
	Scores map[string]float64
	// Bands maps dimension and composite ids to the first band that holds
	// for their score (and applies to them).
	Bands map[string]*content.Band
	// Placement is the first placement rule that holds; nil when none does.
	Placement *content.Placement
	// Advice lists every advice rule that holds, in order.
	Advice []*content.Advice
	// Recommend routes the learner: the modules of every dimension in a
	// recommend band, lowest score first, then the placement's, then the
	// advice's, each module once.
	Recommend []string
}

// RatedValue is what a Likert answer counts for: the answer itself, or
// N+1−answer for a reversed item on an N-label scale.
func RatedValue(a *content.Assessment, it *content.AssessmentItem, answer float64) float64 {
	if it.Reverse {
		return float64(len(a.Scale)+1) - answer
	}
	return answer
}

// ScoreAssessment scores answers (item id → answer as given, see
// AssessmentAttempt.Answers). Unanswered items are left out of the means;
// conditions that compare them are false.
func ScoreAssessment(a *content.Assessment, answers map[string]float64) AssessmentResult {
	r := AssessmentResult{
		Dimensions: map[string]float64{},
		Scores:     map[string]float64{},
		Bands:      map[string]*content.Band{},
	}
	for _, d := range a.Dimensions {
		sum, n := 0.0, 0
		for _, it := range d.Items {
			v, ok := answers[it.ID]
			if it.Type != content.Likert || !ok {
				continue
			}
			sum += RatedValue(a, it, v)
			n++
		}
		if n > 0 {
			r.Dimensions[d.ID] = sum / float64(n)
		}
	}
	for _, s := range a.Scores {
		sum, n := 0.0, 0
		for _, id := range s.Dimensions {
			if v, ok := r.Dimensions[id]; ok {
				sum += v
				n++
			}
		}
		if n > 0 {
			r.Scores[s.ID] = sum / float64(n)
		}
	}
	for id, v := range r.Dimensions {
		if b := bandFor(a.Bands, id, v); b != nil {
			r.Bands[id] = b
		}
	}
	for id, v := range r.Scores {
		if b := bandFor(a.Bands, id, v); b != nil {
			r.Bands[id] = b
		}
	}
	values := r.values()
	for _, p := range a.Placement {
		if p.When == nil || EvalCond(p.When, values, answers) {
			r.Placement = p
			break
		}
	}
	for _, adv := range a.Advice {
		if adv.When == nil || EvalCond(adv.When, values, answers) {
			r.Advice = append(r.Advice, adv)
		}
	}
	r.Recommend = route(a, r)
	return r
}

// values merges dimension and composite scores into one lookup, as the
// score: condition sees them.
func (r AssessmentResult) values() map[string]float64 {
	v := make(map[string]float64, len(r.Dimensions)+len(r.Scores))
	for id, s := range r.Dimensions {
		v[id] = s
	}
	for id, s := range r.Scores {
		v[id] = s
	}
	return v
}

// bandFor returns the first band that applies to id and holds for v.
func bandFor(bands []*content.Band, id string, v float64) *content.Band {
	for _, b := range bands {
		if len(b.Dimensions) > 0 && !slices.Contains(b.Dimensions, id) {
			continue
		}
		if (content.Bounds{Min: b.Min, Below: b.Below}).Contains(v) {
			return b
		}
	}
	return nil
}

// route lists the recommended modules (see AssessmentResult.Recommend).
func route(a *content.Assessment, r AssessmentResult) []string {
	type low struct {
		d     *content.Dimension
		score float64
	}
	var lows []low
	for _, d := range a.Dimensions {
		if b := r.Bands[d.ID]; b != nil && b.Recommend {
			lows = append(lows, low{d, r.Dimensions[d.ID]})
		}
	}
	sort.SliceStable(lows, func(i, j int) bool { return lows[i].score < lows[j].score })
	var out []string
	add := func(ids []string) {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	for _, l := range lows {
		add(l.d.Recommend)
	}
	if r.Placement != nil {
		add(r.Placement.Recommend)
	}
	for _, adv := range r.Advice {
		add(adv.Recommend)
	}
	return out
}

// EvalCond evaluates a placement or advice condition. scores holds the
// dimension and composite scores, answers the raw answers (before
// reversing). A comparison with a missing score or an unanswered item is
// false (so not: of it is true); all: of nothing holds, any: of nothing
// does not.
func EvalCond(c *content.Cond, scores, answers map[string]float64) bool {
	switch {
	case c == nil:
		return true
	case c.All != nil:
		for _, sub := range c.All {
			if !EvalCond(sub, scores, answers) {
				return false
			}
		}
		return true
	case c.Any != nil:
		for _, sub := range c.Any {
			if EvalCond(sub, scores, answers) {
				return true
			}
		}
		return false
	case c.Not != nil:
		return !EvalCond(c.Not, scores, answers)
	case c.Score != "":
		v, ok := scores[c.Score]
		return ok && c.Bounds.Contains(v)
	case c.Answer != "":
		v, ok := answers[c.Answer]
		return ok && c.Bounds.Contains(v)
	}
	return false
}

// Attempt turns a result into the record kept in the progress file.
func (r AssessmentResult) Attempt(answers map[string]float64) AssessmentAttempt {
	at := AssessmentAttempt{
		Answers:    cloneMap(answers),
		Dimensions: cloneMap(r.Dimensions),
		Scores:     cloneMap(r.Scores),
		Bands:      make(map[string]string, len(r.Bands)),
		Recommend:  slices.Clone(r.Recommend),
	}
	for id, b := range r.Bands {
		at.Bands[id] = b.ID
	}
	if r.Placement != nil {
		at.Placement = r.Placement.Stage
	}
	return at
}

// Change is the change of every dimension and composite score between two
// attempts (cur − prev), for the ids both attempts scored.
func Change(prev, cur *AssessmentAttempt) map[string]float64 {
	d := map[string]float64{}
	if prev == nil || cur == nil {
		return d
	}
	for _, pair := range [][2]map[string]float64{{prev.Dimensions, cur.Dimensions}, {prev.Scores, cur.Scores}} {
		for id, c := range pair[1] {
			if p, ok := pair[0][id]; ok {
				d[id] = c - p
			}
		}
	}
	return d
}

// checkAssessmentAnswers reports answers that could not have come from the
// assessment: unknown item ids, ratings off the scale, numbers out of bounds.
func checkAssessmentAnswers(a *content.Assessment, answers map[string]float64) error {
	items := map[string]*content.AssessmentItem{}
	for _, d := range a.Dimensions {
		for _, it := range d.Items {
			items[it.ID] = it
		}
	}
	for id, v := range answers {
		it := items[id]
		switch {
		case it == nil:
			return fmt.Errorf("%w: the assessment has no item %q", ErrInvalidAnswer, id)
		case math.IsNaN(v) || math.IsInf(v, 0):
			return fmt.Errorf("%w: item %q: %v is not a number", ErrInvalidAnswer, id, v)
		case it.Type == content.Likert && (v != math.Trunc(v) || v < 1 || int(v) > len(a.Scale)):
			return fmt.Errorf("%w: item %q is rated 1 to %d, got %v", ErrInvalidAnswer, id, len(a.Scale), v)
		case it.Type == content.Number && ((it.Min != nil && v < *it.Min) || (it.Max != nil && v > *it.Max)):
			return fmt.Errorf("%w: item %q: %v is outside %s", ErrInvalidAnswer, id, v, rangeText(it.Min, it.Max))
		}
	}
	return nil
}

func rangeText(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("%v to %v", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("at least %v", *lo)
	case hi != nil:
		return fmt.Sprintf("at most %v", *hi)
	}
	return "any number"
}
