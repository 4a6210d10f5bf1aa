// Command startup measures how fast Ally shows itself, from the outside, as
// a learner meets it:
//
//   - first frame: from launch to the first frame that shows a given text,
//     in tmux at 100×30, for Ally, for bench/hello (a minimal Bubble Tea v2
//     program linking Glamour) and for bench/min (the same without
//     Glamour), interleaved, with medians and ratios;
//   - resume: ally --resume straight into a lesson, against hello -lesson
//     rendering the same lesson before its first frame;
//   - the same first frame on a pseudo-terminal that never answers terminal
//     queries (as some SSH relays and CI ptys do);
//   - lesson switch: keypress (→/←) to the other lesson's text on screen,
//     at each of -sizes, for Ally and for bench/flip (the floor: two
//     lessons pre-rendered with Glamour, flipped in a minimal v2 program),
//     in interleaved blocks, median and 95th percentile and the ratio;
//   - peak RSS of Ally after the lesson switches.
//
// tmux is driven through one control-mode client (tmux -C): its %output
// notifications carry the pane's output as it is written, so polling costs
// nothing (a capture-pane process per poll costs 12–24 ms here).
//
// Usage: see bench/startup.sh, which builds the binaries and runs this.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/creack/pty"
)

func main() {
	ally := flag.String("ally", "./ally", "the ally binary")
	hello := flag.String("hello", "./hello", "the bench/hello binary")
	minBin := flag.String("min", "./min", "the bench/min binary")
	flip := flag.String("flip", "./flip", "the bench/flip binary")
	runs := flag.Int("runs", 20, "runs per measurement")
	switches := flag.Int("switches", 120, "lesson switches to time, per program and size (with 60 the ratio of medians moved by ±0.17 from run to run)")
	sizes := flag.String("sizes", "100x30,200x60", "comma-separated terminal `SIZES` (WxH) for the lesson switch")
	only := flag.String("only", "", "comma-separated parts to run: first, resume, switch, silent (default: all)")
	courses := flag.String("courses", "", "comma-separated course `DIRS`: time the first frame of each (ally --course DIR) and its whole map (its total time shown: a big course's first screen comes before it), interleaved, with the peak RSS")
	flag.DurationVar(&waitLimit, "timeout", waitLimit, "how long to wait for a frame")
	flag.StringVar(&resumeID, "resume", "", "with -courses: also time ally --resume straight into the lesson with this `ID` in each course")
	flag.BoolVar(&cold, "cold", false, "with -courses: time every start without a kept structure index (an empty cache folder each run), as the first start of a course is; by default each course is started once, untimed, to keep its index first")
	flag.DurationVar(&settle, "settle", 0, "with -courses: also read the peak RSS this long after the first frame (a big course is checked in the background meanwhile)")
	flag.Parse()
	var err error
	if *courses != "" {
		err = runCourses(*ally, strings.Split(*courses, ","), *runs)
	} else {
		var sz [][2]int
		for _, f := range strings.Split(*sizes, ",") {
			var w, h int
			if _, err := fmt.Sscanf(f, "%dx%d", &w, &h); err != nil || w < 40 || h < 12 {
				fmt.Fprintf(os.Stderr, "startup: -sizes: %q is not WxH (at least 40x12)\n", f)
				os.Exit(2)
			}
			sz = append(sz, [2]int{w, h})
		}
		parts := map[string]bool{}
		for _, p := range strings.Split(*only, ",") {
			if p != "" {
				parts[p] = true
			}
		}
		want := func(p string) bool { return len(parts) == 0 || parts[p] }
		err = run(bins{ally: *ally, hello: *hello, min: *minBin, flip: *flip}, *runs, *switches, sz, want)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

// Lessons of the built-in course used for resume and switching.
const (
	lessonA = "why-alliances-newness"
	lessonB = "why-alliances-two-kinds"
	title   = "Alliance Capability for Tech Founders"
)

// bins are the programs measured.
type bins struct{ ally, hello, min, flip string }

// switchBlock is how many switches each program makes per launch: the
// programs take turns, a block each, so that a drift in the machine's
// speed weighs on both alike.
const switchBlock = 10

func run(bs bins, runs, switches int, sizes [][2]int, want func(string) bool) error {
	ally, hello := bs.ally, bs.hello
	c, err := content.Load(content.Default())
	if err != nil {
		return err
	}
	a, b := c.Item(lessonA), c.Item(lessonB)
	tmp, err := os.MkdirTemp("", "ally-startup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	lessonFile := filepath.Join(tmp, "lesson.md")
	if err := os.WriteFile(lessonFile, []byte(a.Body), 0o600); err != nil {
		return err
	}
	lessonFileB := filepath.Join(tmp, "lesson-b.md")
	if err := os.WriteFile(lessonFileB, []byte(b.Body), 0o600); err != nil {
		return err
	}
	// A progress file whose last place is lesson A (for --resume).
	resume := filepath.Join(tmp, "resume.json")
	if err := writeResume(resume, c, lessonA); err != nil {
		return err
	}
	fresh := filepath.Join(tmp, "fresh.json")
	aNeedle := needle(a.Body)

	report := func(name string, d []time.Duration) {
		fmt.Printf("  %-50s median %6.1f ms   p95 %6.1f ms   min %6.1f ms\n", name, ms(median(d)), ms(pct(d, 95)), ms(slices.Min(d)))
	}
	ratio := func(a, b []time.Duration) float64 { return float64(median(a)) / float64(median(b)) }

	tm, err := startTmux(100, 30)
	if err != nil {
		return err
	}
	defer func() { tm.close() }()
	fmt.Printf("tmux %s, %d runs each\n\n", tmuxVersion(), runs)

	// interleave times programs in turn (one run of each, runs times), so
	// that a drift in the machine's speed weighs on all alike.
	interleave := func(text string, cmds ...string) ([][]time.Duration, error) {
		out := make([][]time.Duration, len(cmds))
		for i := 0; i < runs; i++ {
			for j, cmd := range cmds {
				d, err := tm.retry(func() (time.Duration, error) { return tm.launch(cmd, text) })
				if err != nil {
					return nil, fmt.Errorf("%s: %w", cmd, err)
				}
				out[j] = append(out[j], d)
			}
		}
		return out, nil
	}
	if want("first") {
		fmt.Println("First frame showing the course title (tmux, 100×30):")
		d, err := interleave(title, bs.min, hello, fmt.Sprintf("%s --progress %s", ally, fresh))
		if err != nil {
			return err
		}
		report("min (Bubble Tea v2 alone)", d[0])
		report("hello (Bubble Tea v2 + Glamour)", d[1])
		report("ally", d[2])
		fmt.Printf("  ratios of medians: ally/hello %.2f (budget ≤ 1.20), ally/min %.2f, hello/min %.2f\n\n", ratio(d[2], d[1]), ratio(d[2], d[0]), ratio(d[1], d[0]))
	}

	if want("resume") {
		fmt.Println("Resuming straight into a lesson (first frame showing the lesson's text, 100×30):")
		d, err := interleave(aNeedle, fmt.Sprintf("%s -lesson %s", hello, lessonFile), fmt.Sprintf("%s --resume --progress %s", ally, resume))
		if err != nil {
			return err
		}
		report("hello -lesson (renders it before the first frame)", d[0])
		report("ally --resume", d[1])
		fmt.Printf("  ratio ally/hello (medians): %.2f  (budget ≤ 1.00)\n\n", ratio(d[1], d[0]))
	}

	if want("switch") {
		resumeCmd := fmt.Sprintf("%s --resume --progress %s", ally, resume)
		flipCmd := fmt.Sprintf("%s -a %s -b %s -width 80", bs.flip, lessonFile, lessonFileB)
		// The terminal is redrawn where it changed: the words the two
		// lessons' first lines share ("The ") are not written again, so
		// the switch looks for words after the first.
		aSwitch, bSwitch := needleFrom(a.Body, 1), needleFrom(b.Body, 1)
		for _, sz := range sizes {
			if sz != [2]int{tm.w, tm.h} {
				tm.close()
				next, err := startTmux(sz[0], sz[1])
				if err != nil {
					time.Sleep(time.Second) // the old server may still hold the socket
					if next, err = startTmux(sz[0], sz[1]); err != nil {
						return fmt.Errorf("tmux at %d×%d: %w", sz[0], sz[1], err)
					}
				}
				tm = next
			}
			fmt.Printf("Lesson switch at %d×%d (→ and ←, keypress to the other lesson's text), %d switches each, in blocks of %d:\n", sz[0], sz[1], switches, switchBlock)
			var fl, al []time.Duration
			for len(al) < switches {
				for _, p := range []struct {
					cmd string
					out *[]time.Duration
				}{{flipCmd, &fl}, {resumeCmd, &al}} {
					got, err := tm.switches(p.cmd, aSwitch, bSwitch, min(switchBlock, switches-len(*p.out)))
					if err != nil {
						return fmt.Errorf("%s: %w", p.cmd, err)
					}
					*p.out = append(*p.out, got...)
				}
			}
			report("flip (two pre-rendered Glamour pages, minimal v2)", fl)
			report("ally next/previous lesson", al)
			fmt.Printf("  ratio ally/flip (medians): %.2f  (budget ≤ 1.30; and median ≤ 25 ms, p95 ≤ 50 ms)\n", ratio(al, fl))
			if kb, err := tm.peakRSS(); err == nil {
				fmt.Printf("  peak RSS of ally after its last block: %.1f MB (budget ≤ 50 MB)\n\n", float64(kb)/1024)
			} else {
				fmt.Println("  peak RSS:", err)
			}
		}
	}

	if tm.restarts > 0 {
		fmt.Printf("\n(the tmux server crashed %d time(s) during these runs and was restarted; see died())\n", tm.restarts)
	}
	if !want("silent") {
		return nil
	}

	fmt.Println("\nFirst frame on a pseudo-terminal that never answers queries:")
	for _, p := range []struct{ name, bin string }{{"min", bs.min}, {"hello", hello}, {"ally", ally}} {
		var d []time.Duration
		for i := 0; i < runs; i++ {
			args := []string{}
			if p.name == "ally" {
				args = []string{"--progress", fresh}
			}
			t, err := silentPTY(p.bin, args, title)
			if err != nil {
				return fmt.Errorf("%s on a silent pty: %w", p.name, err)
			}
			d = append(d, t)
		}
		report(p.name, d)
	}
	fmt.Println("  budget: ally ≤ 200 ms")
	return nil
}

// waitLimit is how long waitFor waits for a text.
var waitLimit = 10 * time.Second

// runCourses times the first frame (the course title on the map) of ally on
// each course folder, one run of each in turn, and reads each run's peak RSS
// once the frame is shown. Ratios are to the first folder.
// settle is -settle; resumeID is -resume.
// cold is -cold.
var (
	settle   time.Duration
	resumeID string
	cold     bool
)

func runCourses(ally string, dirs []string, runs int) error {
	tmp, err := os.MkdirTemp("", "ally-startup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	titles := make([]string, len(dirs))
	for i, dir := range dirs {
		y, err := os.ReadFile(filepath.Join(dir, "course.yaml"))
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(y), "\n") {
			if v, ok := strings.CutPrefix(l, "title: "); ok {
				titles[i] = strings.Trim(v, `"'`)
				break
			}
		}
		if titles[i] == "" {
			return fmt.Errorf("%s: no title: line in course.yaml", dir)
		}
	}
	needles := make([]string, len(dirs))
	if resumeID != "" {
		for i, dir := range dirs {
			fsys, err := content.OpenDir(dir)
			if err != nil {
				return err
			}
			c, _ := content.ValidateStructure(fsys)
			it := c.Item(resumeID)
			if c == nil || it == nil {
				return fmt.Errorf("%s: no lesson %s", dir, resumeID)
			}
			md, err := c.Text(it)
			if err != nil {
				return err
			}
			// The words before the first with markup, as they render.
			var plain []string
			for _, w := range strings.Fields(needle(md)) {
				if strings.ContainsAny(w, "*_`[]<>") {
					break
				}
				plain = append(plain, w)
			}
			if len(plain) == 0 {
				return fmt.Errorf("%s: lesson %s starts with markup: pick another", dir, resumeID)
			}
			needles[i] = strings.Join(plain, " ")
			if err := writeResume(filepath.Join(tmp, fmt.Sprintf("r%d.json", i)), c, resumeID); err != nil {
				return err
			}
		}
	}
	resumes := make([][]time.Duration, len(dirs))
	tm, err := startTmux(100, 30)
	if err != nil {
		return err
	}
	defer tm.close()
	// Every start gets its own cache folder (-cold), or all share one in
	// which each course's structure index was kept by an untimed start.
	kept := filepath.Join(tmp, "cache")
	env := func(run int) string {
		if cold {
			return fmt.Sprintf("env XDG_CACHE_HOME=%s", filepath.Join(tmp, fmt.Sprintf("cache%d", run)))
		}
		return "env XDG_CACHE_HOME=" + kept
	}
	which := "each course's structure index kept by an untimed start before"
	if cold {
		which = "no structure index kept (first starts)"
		for i := range runs * len(dirs) {
			if err := os.Mkdir(filepath.Join(tmp, fmt.Sprintf("cache%d", i)), 0o700); err != nil {
				return err
			}
		}
	} else {
		for i, dir := range dirs {
			if err := primeIndex(tm, kept, dir, fmt.Sprintf("%s %s --course %s --progress %s", env(0), ally, dir, filepath.Join(tmp, "prime.json")), titles[i]); err != nil {
				return err
			}
		}
	}
	fmt.Printf("tmux %s, terminal 100×30, %d runs each, interleaved; %s\n\n", tmuxVersion(), runs, which)
	times := make([][]time.Duration, len(dirs))
	whole := make([][]time.Duration, len(dirs)) // to the whole map (mapDone)
	rss := make([]int, len(dirs))
	settled := make([]int, len(dirs))
	for run := range runs {
		for i, dir := range dirs {
			cmd := fmt.Sprintf("%s %s --course %s --progress %s", env(run*len(dirs)+i), ally, dir, filepath.Join(tmp, fmt.Sprintf("p%d.json", i)))
			var full time.Duration
			d, err := tm.retry(func() (d time.Duration, err error) {
				d, full, err = tm.launchThen(cmd, titles[i], mapDone)
				return d, err
			})
			if err != nil {
				return fmt.Errorf("%s: %w", cmd, err)
			}
			times[i] = append(times[i], d)
			whole[i] = append(whole[i], full)
			if kb, err := tm.peakRSS(); err == nil {
				rss[i] = max(rss[i], kb)
			}
			if settle > 0 {
				time.Sleep(settle)
				if kb, err := tm.peakRSS(); err == nil {
					settled[i] = max(settled[i], kb)
				}
			}
			if resumeID != "" {
				cmd := fmt.Sprintf("%s %s --resume --course %s --progress %s", env(run*len(dirs)+i), ally, dir, filepath.Join(tmp, fmt.Sprintf("r%d.json", i)))
				d, err := tm.retry(func() (time.Duration, error) { return tm.launch(cmd, needles[i]) })
				if err != nil {
					return fmt.Errorf("%s: %w", cmd, err)
				}
				resumes[i] = append(resumes[i], d)
			}
		}
	}
	for i, dir := range dirs {
		d := times[i]
		fmt.Printf("  %-30s median %8.1f ms   p95 %8.1f ms   min %8.1f ms   ×%.2f of the first   peak RSS %6.1f MB\n",
			dir, ms(median(d)), ms(pct(d, 95)), ms(slices.Min(d)), float64(median(d))/float64(median(times[0])), float64(rss[i])/1024)
		f := whole[i]
		fmt.Printf("  %-30s the whole map (%q shown): median %8.1f ms   p95 %8.1f ms   ×%.2f of the first's first frame\n",
			"", mapDone, ms(median(f)), ms(pct(f, 95)), float64(median(f))/float64(median(times[0])))
		if settle > 0 {
			fmt.Printf("  %-30s peak RSS %s after the first frame: %6.1f MB\n", "", settle, float64(settled[i])/1024)
		}
		if resumeID != "" {
			r := resumes[i]
			fmt.Printf("  %-30s --resume into %s: median %8.1f ms   min %8.1f ms   ×%.2f of this course's first frame\n", "", resumeID, ms(median(r)), ms(slices.Min(r)), float64(median(r))/float64(median(d)))
		}
	}
	return nil
}

// primeIndex starts cmd (untimed) and waits, up to 30 s after it shows
// title, for a new structure index in the cache folder, unless course
// folder dir is too small for one (under 300 items).
func primeIndex(tm *tmuxCtl, cache, dir, cmd, title string) error {
	count := func() int {
		files, _ := filepath.Glob(filepath.Join(cache, "ally", "structure", "*.idx"))
		return len(files)
	}
	before := count()
	if _, err := tm.retry(func() (time.Duration, error) { return tm.launch(cmd, title) }); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	items := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && d.Name() != "module.md" {
			items++
		}
		return nil
	})
	if items < 300 {
		return nil
	}
	for end := time.Now().Add(30 * time.Second); count() == before && time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// needle is a phrase from the start of a lesson's text, as rendered.
func needle(md string) string { return needleFrom(md, 0) }

// needleFrom is four words of the first paragraph of a lesson, from its
// word skip on.
func needleFrom(md string, skip int) string {
	for _, l := range strings.Split(md, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		words := strings.Fields(l)
		words = words[min(skip, len(words)):]
		return strings.Join(words[:min(4, len(words))], " ")
	}
	return ""
}

func writeResume(path string, c *content.Course, id string) error {
	doc := map[string]any{
		"schema": progress.SchemaVersion, "course": map[string]string{"id": c.ID, "version": c.Version},
		"created": time.Now().UTC(), "updated": time.Now().UTC(),
		"last":    map[string]any{"item": id, "at": time.Now().UTC()},
		"lessons": map[string]any{id: map[string]any{"opened": time.Now().UTC()}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// tmuxCtl is a control-mode client of a private tmux server.
type tmuxCtl struct {
	w, h     int
	restarts int   // times the tmux server died and was started again
	c        *conn // the current server and client
}

// conn is one control-mode client and what it has read.
type conn struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	mu   sync.Mutex
	buf  bytes.Buffer // output of the pane since the last reset
	more chan struct{}
	log  []string // tmux's other messages (%exit, errors), for diagnosis
}

// socket names this run's own tmux server: runs side by side (another
// helper's, a CI job's) do not share one.
var socket = fmt.Sprintf("ally-startup-bench-%d", os.Getpid())

func startTmux(w, h int) (*tmuxCtl, error) {
	_ = exec.Command("tmux", "-L", socket, "kill-server").Run() // a server left by an earlier run
	cmd := exec.Command("tmux", "-L", socket, "-f", "/dev/null", "-C", "new-session", "-s", "bench",
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "sleep 100000")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	t := &tmuxCtl{w: w, h: h, c: &conn{cmd: cmd, in: in, more: make(chan struct{}, 1)}}
	go t.c.read(out)
	for _, c := range []string{
		fmt.Sprintf("refresh-client -C %dx%d", w, h), // windows take the client's size
	} {
		if err := t.send(c); err != nil {
			return nil, err
		}
	}
	time.Sleep(200 * time.Millisecond)
	return t, nil
}

// died reports whether the tmux server exited under us. tmux 3.3a's server
// sometimes crashes with a control-mode client attached while a Bubble Tea
// v2 program starts (hello as well as ally; with an ordinary client it
// survived every run we tried), so the harness starts it again and retries.
func (t *tmuxCtl) died() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for _, l := range t.c.log {
		if strings.HasPrefix(l, "%exit") {
			return true
		}
	}
	return false
}

// again replaces a dead tmux server with a new one.
func (t *tmuxCtl) again() error {
	t.close()
	n, err := startTmux(t.w, t.h)
	if err != nil {
		return err
	}
	t.c = n.c
	t.restarts++
	return nil
}

// retry runs f, starting tmux again when its server died under it.
func (t *tmuxCtl) retry(f func() (time.Duration, error)) (time.Duration, error) {
	for attempt := 0; ; attempt++ {
		d, err := f()
		if err == nil || !t.died() || attempt == 5 {
			return d, err
		}
		if err := t.again(); err != nil {
			return 0, err
		}
	}
}

func (t *conn) read(out io.Reader) {
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "%output ")
		if !ok {
			if !strings.HasPrefix(line, "%begin") && !strings.HasPrefix(line, "%end") {
				t.mu.Lock()
				t.log = append(t.log, line)
				t.mu.Unlock()
			}
			continue
		}
		_, data, _ := strings.Cut(rest, " ")
		t.mu.Lock()
		t.buf.WriteString(unescape(data))
		t.mu.Unlock()
		select {
		case t.more <- struct{}{}:
		default:
		}
	}
}

// unescape undoes tmux's octal escapes (\ooo) in %output data.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (t *tmuxCtl) send(command string) error {
	if _, err := io.WriteString(t.c.in, command+"\n"); err != nil {
		t.c.mu.Lock()
		defer t.c.mu.Unlock()
		return fmt.Errorf("tmux control client gone (%w); its last messages: %q", err, t.c.log[max(0, len(t.c.log)-5):])
	}
	return nil
}

func (t *tmuxCtl) reset() {
	t.c.mu.Lock()
	t.c.buf.Reset()
	t.c.mu.Unlock()
}

// waitFor returns when the pane's output since the reset holds text.
func (t *tmuxCtl) waitFor(text string, start time.Time) (time.Duration, error) {
	deadline := time.After(waitLimit)
	for {
		t.c.mu.Lock()
		found := strings.Contains(stripANSI(t.c.buf.String()), text)
		t.c.mu.Unlock()
		if found {
			return time.Since(start), nil
		}
		select {
		case <-t.c.more:
		case <-deadline:
			t.c.mu.Lock()
			seen := stripANSI(t.c.buf.String())
			t.c.mu.Unlock()
			return 0, fmt.Errorf("%q never appeared; the pane showed %q; tmux said %q", text, tail(seen, 400), t.c.log[max(0, len(t.c.log)-6):])
		}
	}
}

// mapDone is on the course map once the whole course is read: the line of
// its total time. The first screen of a big course, shown while it is
// read, has "Reading the rest of the course…" there instead. (Every course
// gencourse writes gives its lessons' minutes.)
const mapDone = " in all"

// launchThen is launch, timing the output that shows text and then the
// output that shows then.
func (t *tmuxCtl) launchThen(cmd, text, then string) (first, full time.Duration, err error) {
	start, err := t.start(cmd)
	if err != nil {
		return 0, 0, err
	}
	if first, err = t.waitFor(text, start); err != nil {
		return 0, 0, err
	}
	full, err = t.waitFor(then, start)
	return first, full, err
}

// launch starts cmd in a new window and times its first output that shows
// text. The previous program is quit with q, as a learner would, and its
// window closed; window 0 keeps the session alive. (Respawning one pane,
// killing programs, or window-size manual each crashed tmux 3.3a's server
// now and then with this control client.)
func (t *tmuxCtl) launch(cmd, text string) (time.Duration, error) {
	start, err := t.start(cmd)
	if err != nil {
		return 0, err
	}
	return t.waitFor(text, start)
}

// start starts cmd in a new window, once the previous program is gone,
// and returns when it did.
func (t *tmuxCtl) start(cmd string) (time.Time, error) {
	if err := t.send("send-keys -t bench q"); err != nil {
		return time.Time{}, err
	}
	time.Sleep(300 * time.Millisecond)
	if err := t.send("kill-window -a -t bench:0"); err != nil {
		return time.Time{}, err
	}
	time.Sleep(50 * time.Millisecond)
	t.reset()
	start := time.Now()
	return start, t.send(fmt.Sprintf("new-window -t bench: 'exec %s'", cmd))
}

// key presses a key in the pane and times the output that shows text.
//
// It waits 80 ms, plus a random part of one frame at 120 fps, after the
// last output. Both programs paint on a 120 fps ticker, so a switch waits
// for the next tick; with a fixed pause, every key of a run landed at about
// the same point of the tick, each run's median sat on one of two modes
// 8 ms apart (3–4 ms or 9–12 ms), and which one depended on a program's
// output latency, not its speed. With the random part the keys land
// anywhere in the tick, as a learner's do.
func (t *tmuxCtl) key(name, text string) (time.Duration, error) {
	time.Sleep(80*time.Millisecond + rand.N(time.Second/120))
	t.reset()
	start := time.Now()
	if err := t.send("send-keys -t bench " + name); err != nil {
		return 0, err
	}
	return t.waitFor(text, start)
}

// switches launches cmd, showing the text a, and times n switches: →
// (to the text b) and ← (back to a) in turn. A tmux server that dies
// under it is started again and the block made again.
func (t *tmuxCtl) switches(cmd, a, b string, n int) ([]time.Duration, error) {
	for attempt := 0; ; attempt++ {
		var out []time.Duration
		_, err := t.retry(func() (time.Duration, error) { return t.launch(cmd, a) })
		for i := 0; err == nil && i < n; i++ {
			keyName, want := "Right", b
			if i%2 == 1 {
				keyName, want = "Left", a
			}
			var d time.Duration
			if d, err = t.key(keyName, want); err == nil {
				out = append(out, d)
			}
		}
		if n%2 == 1 && err == nil { // end on a, where the next block starts
			_, err = t.key("Left", a)
		}
		if err == nil || !t.died() || attempt == 5 {
			return out, err
		}
		if err := t.again(); err != nil {
			return nil, err
		}
	}
}

// peakRSS reads the high-water mark of the pane's process, in kB.
func (t *tmuxCtl) peakRSS() (int, error) {
	out, err := exec.Command("tmux", "-L", socket, "display", "-p", "-t", "bench", "#{pane_pid}").Output()
	if err != nil {
		return 0, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%s/status", strings.TrimSpace(string(out))))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

func (t *tmuxCtl) close() {
	t.c.in.Close()
	exec.Command("tmux", "-L", socket, "kill-server").Run()
	t.c.cmd.Wait()
}

func tmuxVersion() string {
	out, _ := exec.Command("tmux", "-V").Output()
	return strings.TrimSpace(strings.TrimPrefix(string(out), "tmux "))
}

// silentPTY runs bin on a pseudo-terminal that never writes anything back,
// and times its first output that shows text.
func silentPTY(bin string, args []string, text string) (time.Duration, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	cmd.Env = slices.DeleteFunc(cmd.Env, func(e string) bool { return strings.HasPrefix(e, "TMUX") })
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		return 0, err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}()
	found := make(chan time.Duration, 1)
	go func() {
		var seen bytes.Buffer
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			seen.Write(buf[:n])
			if strings.Contains(stripANSI(seen.String()), text) {
				found <- time.Since(start)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case d := <-found:
		return d, nil
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("%q never appeared", text)
	}
}

// stripANSI drops escape sequences (CSI, OSC, and two-byte ESC codes).
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			break
		}
		switch s[i+1] {
		case '[':
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j
		case ']', 'P', '_':
			j := i + 2
			for j < len(s) && s[j] != 0x07 && !(s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\') {
				j++
			}
			if j < len(s) && s[j] == 0x1b {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return b.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(d []time.Duration) time.Duration { return pct(d, 50) }

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}
