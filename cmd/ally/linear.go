package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/allyworks/ally/linear"
)

// wantLinear reports whether to run the accessible, line-by-line mode
// instead of the full-screen UI: --accessible, $ACCESSIBLE set to anything,
// or a dumb terminal.
func wantLinear(flag bool) bool {
	return flag || os.Getenv("ACCESSIBLE") != "" || os.Getenv("TERM") == "dumb"
}

// runLinear runs the course in the accessible mode, reading answers from
// stdin. It works the same in a terminal and through pipes.
func runLinear(ctx context.Context, o *options, resume bool) error {
	// A big course folder can take seconds to check: a learner at a
	// terminal is told so meanwhile (a script reading the output is not).
	opened := func() {}
	if dir := o.courseSource(); dir != "" && isTerminal(o.stdout) {
		opened = slowLine(o.stdout, readingLine(dir), slowStartAfter)
	}
	c, store, notices, err := o.openStore()
	opened()
	if err != nil {
		return err
	}
	msgs := o.startNotices(notices)
	render, err := spokenRenderer(o.width)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	pageLines := 20
	if _, h := terminalSize(o.stdout); h >= 10 {
		pageLines = h - 2 // a page and its prompt fit on the screen
	}
	var sess *xapiSession // the session's xAPI statements; none in a preview
	if o.preview == "" {
		sess = newXAPISession(store)
		status, err := sess.begin()
		if err != nil {
			status = err.Error()
		}
		if status != "" {
			msgs = append(msgs, status)
		}
	}
	err = linear.Run(ctx, linear.Options{Course: c, Store: store, Notices: msgs, In: o.stdin, Out: o.stdout,
		Render: render, PageLines: pageLines, Resume: resume, Seed: rand.Uint64(), Throwaway: o.preview != ""})
	if sess != nil {
		sess.end(context.WithoutCancel(ctx), o, c)
	}
	return err
}

// spokenRenderer renders markdown as plain text to be read aloud or in
// braille: the plain style of 'ally read' piped, without the marks a
// screen reader would spell out (# before headings, * and ** around
// emphasis, ~~ around struck text). Lists keep their bullets and numbers.
func spokenRenderer(width int) (func(id, md string) (string, error), error) {
	st := styles.NoTTYStyleConfig
	for _, h := range []*string{&st.H1.Prefix, &st.H2.Prefix, &st.H3.Prefix, &st.H4.Prefix, &st.H5.Prefix, &st.H6.Prefix} {
		*h = ""
	}
	for _, p := range []*string{&st.Emph.BlockPrefix, &st.Emph.BlockSuffix, &st.Strong.BlockPrefix, &st.Strong.BlockSuffix,
		&st.Strikethrough.BlockPrefix, &st.Strikethrough.BlockSuffix} {
		*p = ""
	}
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(st), glamour.WithWordWrap(width))
	if err != nil {
		return nil, err
	}
	cache := map[string]string{} // the session is one goroutine
	return func(id, md string) (string, error) {
		if out, ok := cache[id]; ok {
			return out, nil
		}
		out, err := tr.Render(md)
		if err != nil {
			return "", err
		}
		out = strings.Trim(out, "\n")
		cache[id] = out
		return out, nil
	}, nil
}
