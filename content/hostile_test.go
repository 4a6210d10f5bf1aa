//go:build unix

package content

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileDir writes the base course into a temp folder and adds what a
// hostile (or careless) third-party course could hold. FIFOs, sockets and
// symbolic links cannot be committed, so the folder is built here.
func hostileDir(t *testing.T) (dir, outside string) {
	t.Helper()
	top := t.TempDir()
	dir, outside = filepath.Join(top, "course"), filepath.Join(top, "outside")
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	for name, text := range base {
		write(name, text)
	}
	require.NoError(t, os.MkdirAll(outside, 0o755))
	secret := "---\nid: secret\ntitle: Secret\n---\nThe learner's private notes.\n"
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.md"), []byte(secret), 0o644))

	link := func(name, target string) {
		t.Helper()
		require.NoError(t, os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))))
	}
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "m1", "03-fifo.md"), 0o644))
	l, err := net.Listen("unix", filepath.Join(dir, "m1", "04-socket.md"))
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	link("m1/05-zero.md", "/dev/zero")
	link("m1/06-absolute.md", filepath.Join(outside, "secret.md"))
	link("m1/07-up.md", "../../outside/secret.md")
	link("outdir", outside)
	link("m1/08-through-link.md", "../outdir/secret.md") // looks inside, is not
	link("m1/09-in.md", "../notes/lesson.txt")           // stays inside: fine
	write("notes/lesson.txt", "---\nid: linked\ntitle: Linked lesson\n---\nText.\n")
	link("m1/10-pipe-link.md", "03-fifo.md")
	write("m1/11-big.md", "---\nid: big\ntitle: Big\n---\n"+strings.Repeat("a\n", MaxFileSize/2+1))
	write("m1/\x1b[31mred.md", "---\nid: red\ntitle: Red\n---\n")
	write("m\x1b[5m9/module.md", "---\nid: m9\ntitle: Nine\nstage: s1\nsummary: Nine.\n---\n")
	write("m1/02-quiz.md", strings.Replace(base["m1/02-quiz.md"], "- [ ] Wrong", "- [ ] Wrong &#x1b;]8;;https://evil&#x1b;\\\\\n- [ ] Odd \x1b[2J", 1))
	write("m2/01-check.md", strings.Replace(base["m2/01-check.md"], "- A statement {#i1}", "- A statement \u009b5m {#i1}", 1))
	write("m1/12-escapes.md", "---\nid: esc\ntitle: \"\\e[2J\"\nminutes: 1\n---\nText.\n")
	write("course.yaml", strings.Replace(base["course.yaml"], "title: Test course", `title: "Test \x1b]52;c;AAAA\a course"`, 1))
	write("m2/module.md", strings.Replace(base["m2/module.md"], "title: Module two", `title: "Two \u009b5m"`+"\n\"\\e]8;;x\\e\\\\\": 1", 1))
	return dir, outside
}

func TestHostileCourseFolder(t *testing.T) {
	dir, _ := hostileDir(t)
	fsys, err := OpenDir(dir)
	require.NoError(t, err)

	done := make(chan *Report, 1)
	go func() { _, rep := Validate(fsys); done <- rep }()
	var rep *Report
	select {
	case rep = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("validating the hostile course hangs")
	}
	want := map[string]string{
		"m1/03-fifo.md:1:1":         "is a named pipe (FIFO), not a regular file",
		"m1/04-socket.md:1:1":       "is a socket, not a regular file",
		"m1/05-zero.md:1:1":         `is a symbolic link to "/dev/zero", outside the course folder`,
		"m1/06-absolute.md:1:1":     "outside the course folder",
		"m1/07-up.md:1:1":           `is a symbolic link to "../../outside/secret.md", outside the course folder`,
		"outdir:1:1":                "outside the course folder",
		"m1/08-through-link.md:1:1": "leads outside the course folder or to nothing",
		"m1/10-pipe-link.md:1:1":    "is a symbolic link to a named pipe (FIFO), not a regular file",
		"m1/11-big.md:1:1":          "over the 1 MiB limit",
		`m1/\x1b[31mred.md:1:1`:     "file name holds control character U+001B (ESC)",
		"m1/12-escapes.md:3:8":      "`title` holds control character U+001B (ESC)",
		"course.yaml:2:8":           "`title` holds control character U+001B (ESC)",
		"m2/module.md:3:8":          "`title` holds control character U+009B (CSI)",
		"m2/module.md:4:1":          "a YAML key holds control character U+001B (ESC)",
		`m\x1b[5m9:1:1`:             "folder name holds control character U+001B (ESC)",
		"m1/02-quiz.md:10:13":       "character reference &#x1b; stands for control character U+001B (ESC)",
		"m1/02-quiz.md:11:11":       "control character U+001B (ESC)",
		"m2/01-check.md:15:15":      "control character U+009B (CSI)",
	}
	got := map[string]string{}
	for _, p := range rep.Errors {
		assert.NotContains(t, p.Error(), "\x1b", "a message carries an escape character")
		got[p.Pos.String()] += p.Msg + "\n"
	}
	for at, msg := range want {
		assert.Contains(t, got[at], msg, "at %s; all errors:\n%s", at, rep.Errors.Error())
	}
	for _, p := range append(rep.Errors, rep.Warnings...) {
		assert.NotContains(t, p.Msg, "private notes")
	}
	_, err = Load(fsys)
	assert.Error(t, err, "a course that fails validation never opens")
}

// The link inside the folder is followed, and its lesson loads.
func TestSymlinkInsideTheCourse(t *testing.T) {
	top := t.TempDir()
	for name, text := range base {
		p := filepath.Join(top, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(top, "notes"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(top, "notes", "lesson.txt"), []byte("---\nid: linked\ntitle: Linked\n---\nText.\n"), 0o644))
	require.NoError(t, os.Symlink("../notes/lesson.txt", filepath.Join(top, "m1", "09-in.md")))
	fsys, err := OpenDir(top)
	require.NoError(t, err)
	c, err := Load(fsys)
	require.NoError(t, err)
	assert.Equal(t, "Linked", c.Item("linked").Title)
}

func TestOpenDirRefusesAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "x")
	require.NoError(t, os.WriteFile(f, nil, 0o644))
	_, err := OpenDir(f)
	assert.ErrorContains(t, err, "is not a folder")
}

// A module's files are read through the module folder opened once; what
// takes a checked file's place after the walk is refused all the same,
// and errors name the file by its path in the course.
func TestModuleFolderReads(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "m1"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m1", "01-a.md"), []byte("text"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "m1", "02-fifo.md"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m1", "03-big.md"), make([]byte, MaxFileSize+1), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other.md"), []byte("elsewhere"), 0o644))
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	m := openModuleDir(fsys, "m1")
	require.NotNil(t, m)
	defer m.close()

	data, _, err := m.readFile(fsys, "m1/01-a.md", MaxFileSize)
	require.NoError(t, err)
	assert.Equal(t, "text", string(data))
	data, _, err = m.readFile(fsys, "other.md", MaxFileSize)
	require.NoError(t, err)
	assert.Equal(t, "elsewhere", string(data))

	done := make(chan error, 1)
	go func() { _, _, err := m.readFile(fsys, "m1/02-fifo.md", MaxFileSize); done <- err }()
	select {
	case err = <-done:
		assert.ErrorIs(t, err, errNotRegular)
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe hangs")
	}
	_, st, err := m.readFile(fsys, "m1/03-big.md", MaxFileSize)
	assert.ErrorIs(t, err, errTooBig)
	require.NotNil(t, st)
	assert.EqualValues(t, MaxFileSize+1, st.Size())

	v := &checker{fsys: fsys, rep: &Report{}, dir: m}
	_, ok := v.readText("m1/04-gone.md")
	assert.False(t, ok)
	require.Len(t, v.rep.Errors, 1)
	assert.Equal(t, "m1/04-gone.md:1:1", v.rep.Errors[0].Pos.String())
	assert.Contains(t, v.rep.Errors[0].Msg, "m1/04-gone.md: no such file")
}

func TestReadDirAsTheRoot(t *testing.T) {
	// rootFS lists a folder without an lstat per entry, but gives what the
	// root's own FS gives: the same entries, sorted, of the same types, and
	// an Info read inside the root (a link's own, not its target's).
	dir := t.TempDir()
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "m1", "sub"), 0o755))
	for _, n := range []string{"b.md", "a.md", "c.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "m1", n), []byte("text of "+n), 0o644))
	}
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "m1", "out.md")))
	require.NoError(t, os.Symlink("a.md", filepath.Join(dir, "m1", "in.md")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "m1", "pipe.md"), 0o644))
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	r := fsys.(rootFS)
	for _, name := range []string{".", "m1", "m1/sub"} {
		got, err := r.ReadDir(name)
		require.NoError(t, err)
		want, err := fs.ReadDir(r.FS, name)
		require.NoError(t, err)
		require.Len(t, got, len(want), name)
		for i := range want {
			assert.Equal(t, want[i].Name(), got[i].Name())
			assert.Equal(t, want[i].Type(), got[i].Type(), got[i].Name())
			assert.Equal(t, want[i].IsDir(), got[i].IsDir(), got[i].Name())
			gi, err := got[i].Info()
			require.NoError(t, err)
			wi, err := want[i].Info()
			require.NoError(t, err)
			assert.Equal(t, wi.Mode(), gi.Mode(), got[i].Name())
			assert.Equal(t, wi.Size(), gi.Size(), got[i].Name())
		}
	}
	_, err = r.ReadDir("../" + filepath.Base(outside))
	assert.Error(t, err)
	_, err = r.ReadDir("m1/out.md")
	assert.Error(t, err)
}
