package tui

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutboxStatusOnTheMap(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.hasNot("statements waiting")
	d.send(OutboxMsg{Status: "12 statements waiting for lrs.example.org · sent when you quit"})
	d.has("12 statements waiting for lrs.example.org · sent when you quit", "Stage 1 · The basics")
	d.send(OutboxMsg{})
	d.hasNot("statements waiting")
}

// After each save the line is asked for again, so the count follows what
// the learner does.
func TestOutboxStatusFollowsSaves(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	calls := 0
	d.m.c.outboxFn = func() string { calls++; return fmt.Sprintf("%d statements waiting for lrs", 10+calls) }
	d.keys("enter") // open the first lesson: a save, but no line yet
	assert.Equal(t, 0, calls, "no LRS line shown: nothing asked")
	d.send(OutboxMsg{Status: "1 statement waiting for lrs"})
	d.keys("end", "esc") // read to the end: saved
	assert.Positive(t, calls)
	d.has(fmt.Sprintf("%d statements waiting for lrs", 10+calls))
}
