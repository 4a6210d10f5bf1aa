package progress

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
)

// CSVColumns are the columns of WriteCSV, documented in
// docs/progress-file.md.
var CSVColumns = []string{
	"stage", "module", "module_status", "item", "kind", "title", "required", "status",
	"opened", "completed", "scroll", "attempts", "best_score", "latest_score", "passed",
	"attempts_left", "placement", "last_attempt",
}

// WriteCSV writes one row per item of the course, in course order, then one
// per orphaned record (status "orphan"). Times are RFC 3339 in UTC, scores
// and scroll positions fractions from 0 to 1; a cell that does not apply to
// the row is empty.
func WriteCSV(w io.Writer, c *content.Course, st *State) error {
	if st == nil {
		st = NewState(c.ID, c.Version, time.Time{})
	}
	o := Evaluate(c, st)
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	for _, ms := range o.Modules {
		for _, is := range ms.Items {
			if err := cw.Write(itemRow(ms, is, st)); err != nil {
				return err
			}
		}
	}
	for _, or := range o.Orphans {
		row := make([]string, len(CSVColumns))
		row[3], row[4], row[7], row[11] = termsafe.CSVCell(or.ID), or.Kind, "orphan", strconv.Itoa(or.Records)
		if or.Kind == "preview" {
			row[1], row[3] = termsafe.CSVCell(or.ID), ""
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itemRow(ms *ModuleState, is *ItemState, st *State) []string {
	it := is.Item
	status := is.Status.String()
	if it.Kind == content.KindQuiz && is.Status == ItemDone {
		status = "passed"
	}
	row := map[string]string{
		"stage": ms.Module.Stage.ID, "module": ms.Module.ID, "module_status": ms.Status.String(),
		"item": it.ID, "kind": string(it.Kind), "title": it.Title,
		"required": strconv.FormatBool(is.Required), "status": status,
	}
	switch it.Kind {
	case content.KindLesson:
		if l := st.Lessons[it.ID]; l != nil {
			row["opened"] = timeCell(l.Opened)
			row["completed"] = timeCell(l.Completed)
			row["scroll"] = num(l.Scroll)
		}
	case content.KindQuiz:
		q := is.Quiz
		atts := quizAttempts(st, it.ID)
		row["attempts"] = strconv.Itoa(len(atts))
		row["passed"] = strconv.FormatBool(q != nil && q.Passed)
		if q != nil && q.AttemptsLeft >= 0 {
			row["attempts_left"] = strconv.Itoa(q.AttemptsLeft)
		}
		if len(atts) > 0 && q != nil {
			row["best_score"], row["latest_score"] = num(q.Best), num(q.Latest)
			row["last_attempt"] = timeCell(atts[len(atts)-1].At)
			for _, a := range atts {
				if reaches(a.Score, it.Quiz.Pass) {
					row["completed"] = timeCell(a.At)
					break
				}
			}
		}
	case content.KindWorksheet:
		if it.Worksheet.Reportable() {
			row["attempts"] = strconv.Itoa(ReportedCount(it, st))
		}
	case content.KindAssessment:
		a := is.Assessment
		row["attempts"] = strconv.Itoa(a.Taken)
		if a.Latest != nil {
			row["placement"] = a.Latest.Placement
			row["last_attempt"] = timeCell(a.Latest.At)
			row["completed"] = timeCell(st.Assessments[it.ID].Attempts[0].At)
		}
	}
	out := make([]string, len(CSVColumns))
	for i, col := range CSVColumns {
		out[i] = termsafe.CSVCell(row[col])
	}
	return out
}

func quizAttempts(st *State, id string) []QuizAttempt {
	if r := st.Quizzes[id]; r != nil {
		return r.Attempts
	}
	return nil
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ReportedCount is what the cohort report counts of a worksheet marked
// `report: counts`: its entries (alliances logged) or, for a worksheet
// attached to another, the entries there that have one here (alliances
// reviewed). It is 0 for a private worksheet.
func ReportedCount(it *content.Item, st *State) int {
	if it.Worksheet == nil || !it.Worksheet.Reportable() || st == nil {
		return 0
	}
	r := st.Worksheets[it.ID]
	if r == nil {
		return 0
	}
	if it.Worksheet.Parent == nil {
		return len(r.Entries)
	}
	parents := map[string]bool{}
	for _, e := range r.Entries {
		if e.For != "" {
			parents[e.For] = true
		}
	}
	return len(parents)
}
