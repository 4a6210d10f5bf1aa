package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// clean makes untrusted text (a learner's name, a file name) safe for a
// terminal or a CSV cell: no control characters, at most max runes
// (0 = no limit).
func clean(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); max > 0 && len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// cell guards a CSV cell against spreadsheet formula injection.
func cell(s string) string {
	s = clean(s, 0)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func pct(f *float64) string {
	if f == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", *f*100)
}

func when(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.Format("2006-01-02")
}

// WriteTable writes the report as plain-text tables for a terminal.
func WriteTable(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s): %d learners\n\n", clean(r.Course.Title, 80), r.Course.ID, r.Course.Version, len(r.Learners))
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	head := "LEARNER\tSTAGE REACHED\tMODULES\tMEAN QUIZ\tPLACEMENT"
	for _, w := range r.Worksheets {
		head += "\t" + strings.ToUpper(clean(w.Label, 40))
	}
	fmt.Fprintln(tw, head+"\tLAST ACTIVE")
	for _, l := range r.Learners {
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%s", clean(l.Learner, 30), clean(l.Stage, 24), l.ModulesDone, l.Modules,
			pct(l.MeanScore), orDash(clean(l.Placement, 24)))
		for _, w := range r.Worksheets {
			fmt.Fprintf(tw, "\t%d", l.Worksheets[w.ID])
		}
		fmt.Fprintf(tw, "\t%s\n", when(l.LastActive))
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MODULE\tSTAGE\tSTARTED\tCOMPLETED\tMEAN SCORE")
	for _, m := range r.Modules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d (%.0f%%)\t%s\n", clean(m.Title, 40), m.Stage, m.Started, m.Completed, m.Completion*100, pct(m.MeanScore))
	}
	tw.Flush()
	b.WriteString("\nSTAGE FUNNEL\n")
	tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	n := len(r.Learners)
	for _, s := range r.Funnel {
		bar := 0
		if n > 0 {
			bar = s.Reached * 30 / n
		}
		fmt.Fprintf(tw, "%s %s\t%s\treached %d\tcompleted %d\tplaced %d\n", clean(s.Label, 16), clean(s.Title, 40),
			strings.Repeat("█", bar)+strings.Repeat("·", 30-bar), s.Reached, s.Completed, s.Placed)
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// CSVColumns are the columns of WriteCSV. The first, record, says what a
// row is: "learner", "module" or "stage"; cells that do not apply to it
// are empty. After them comes one column per worksheet of
// Report.Worksheets, named "worksheet:" and its id, holding the learner's
// count.
var CSVColumns = []string{"record", "id", "name", "stage", "modules_done", "modules", "mean_score", "placement",
	"last_active", "started", "completed", "completion", "reached", "placed", "source"}

// WriteCSV writes the report as one CSV table: a row per learner, then per
// module, then per stage. Scores and completion are fractions from 0 to 1.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	head := slices.Clone(CSVColumns)
	for _, ws := range r.Worksheets {
		head = append(head, "worksheet:"+ws.ID)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	blank := make([]string, len(r.Worksheets))
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, l := range r.Learners {
		last := ""
		if l.LastActive != nil {
			last = l.LastActive.Format(time.RFC3339)
		}
		row := []string{"learner", cell(l.Key), cell(l.Learner), l.Stage, strconv.Itoa(l.ModulesDone), strconv.Itoa(l.Modules),
			f(l.MeanScore), cell(l.Placement), last, "", "", "", "", "", cell(l.Source)}
		for _, ws := range r.Worksheets {
			row = append(row, strconv.Itoa(l.Worksheets[ws.ID]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	for _, m := range r.Modules {
		c := m.Completion
		if err := cw.Write(append([]string{"module", m.ID, cell(m.Title), m.Stage, "", "", f(m.MeanScore), "", "",
			strconv.Itoa(m.Started), strconv.Itoa(m.Completed), f(&c), "", "", ""}, blank...)); err != nil {
			return err
		}
	}
	for _, s := range r.Funnel {
		if err := cw.Write(append([]string{"stage", s.ID, cell(s.Title), s.ID, "", "", "", "", "", "", strconv.Itoa(s.Completed), "",
			strconv.Itoa(s.Reached), strconv.Itoa(s.Placed), ""}, blank...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the report as one JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteHTML writes the report as one self-contained page (no scripts, no
// fonts, nothing fetched) with a bar chart of the stage funnel.
func WriteHTML(w io.Writer, r *Report) error {
	type bar struct {
		StageRow
		Y, ReachedW, CompletedW int
		Pct                     string
	}
	n := len(r.Learners)
	var bars []bar
	for i, s := range r.Funnel {
		b := bar{StageRow: s, Y: 10 + i*44}
		if n > 0 {
			b.ReachedW = s.Reached * 600 / n
			b.CompletedW = s.Completed * 600 / n
			b.Pct = fmt.Sprintf("%.0f%%", float64(s.Reached)*100/float64(n))
		}
		bars = append(bars, b)
	}
	return htmlPage.Execute(w, map[string]any{"R": r, "Bars": bars, "H": 20 + len(bars)*44})
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct, "when": when, "orDash": orDash,
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.R.Course.Title}} — cohort report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1d2430;background:#fff}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#5a6472}table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e2e6eb}th{background:#f4f6f8}
td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:13px system-ui,sans-serif;fill:#1d2430}
.reached{fill:#9bbcf0}.completed{fill:#2f6fd6}
@media (prefers-color-scheme:dark){body{background:#14181e;color:#e2e6eb}th{background:#222831}th,td{border-color:#333b46}svg text{fill:#e2e6eb}.meta{color:#a0a8b4}}
</style></head><body>
<h1>{{.R.Course.Title}}</h1>
<p class="meta">Course {{.R.Course.ID}} {{.R.Course.Version}} · {{len .R.Learners}} learners · generated {{.R.Generated.Format "2006-01-02 15:04 UTC"}}</p>
<h2>Stage funnel</h2>
<svg role="img" aria-label="Learners who reached and completed each stage" width="100%" viewBox="0 0 960 {{.H}}">
{{range .Bars}}<text x="0" y="{{.Y}}" dy="14">{{.Label}} {{.Title}}</text>
<rect class="reached" x="300" y="{{.Y}}" width="{{.ReachedW}}" height="18"><title>{{.Reached}} reached</title></rect>
<rect class="completed" x="300" y="{{.Y}}" width="{{.CompletedW}}" height="18"><title>{{.Completed}} completed</title></rect>
<text x="300" y="{{.Y}}" dy="34">{{.Reached}} reached ({{.Pct}}), {{.Completed}} completed, {{.Placed}} placed here</text>
{{end}}</svg>
<p class="meta">Light bar: learners with a module of the stage open; dark bar: learners who completed every module of it.</p>
<h2>Modules</h2>
<table><tr><th>Module</th><th>Stage</th><th>Started</th><th>Completed</th><th>Mean score</th></tr>
{{range .R.Modules}}<tr><td>{{.Title}}</td><td>{{.Stage}}</td><td class="n">{{.Started}}</td><td class="n">{{.Completed}} ({{percent .Completion}})</td><td class="n">{{pct .MeanScore}}</td></tr>
{{end}}</table>
<h2>Learners</h2>
<table><tr><th>Learner</th><th>Stage reached</th><th>Modules</th><th>Mean quiz</th><th>Placement</th>{{range .R.Worksheets}}<th>{{.Label}}</th>{{end}}<th>Last active</th></tr>
{{range $l := .R.Learners}}<tr><td>{{$l.Learner}}</td><td>{{$l.StageTitle}}</td><td class="n">{{$l.ModulesDone}}/{{$l.Modules}}</td><td class="n">{{pct $l.MeanScore}}</td><td>{{orDash $l.Placement}}</td>{{range $.R.Worksheets}}<td class="n">{{index $l.Worksheets .ID}}</td>{{end}}<td>{{when $l.LastActive}}</td></tr>
{{end}}</table>
</body></html>
`))
