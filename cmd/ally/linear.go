package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/signal"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/linear"
	"github.com/allyworks/ally/tui"
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
	c, store, notices, err := o.openStore()
	if err != nil {
		return err
	}
	msgs := make([]string, len(notices))
	for i, n := range notices {
		msgs[i] = n.String()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// Lessons are plain text, as 'ally read' prints them into a pipe.
	r := tui.NewRenderer()
	render := func(id, md string) (string, error) {
		return r.RenderLesson(&content.Item{ID: id, Body: md}, o.width, "notty")
	}
	pageLines := 20
	if _, h := terminalSize(o.stdout); h >= 10 {
		pageLines = h - 2 // a page and its prompt fit on the screen
	}
	return linear.Run(ctx, linear.Options{Course: c, Store: store, Notices: msgs, In: o.stdin, Out: o.stdout,
		Render: render, PageLines: pageLines, Resume: resume, Seed: rand.Uint64()})
}
