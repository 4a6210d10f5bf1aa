package tui

import "testing"

func TestOutboxStatusOnTheMap(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.hasNot("statements waiting")
	d.send(OutboxMsg{Status: "12 statements waiting for lrs.example.org · sent when you quit"})
	d.has("12 statements waiting for lrs.example.org · sent when you quit", "Stage 1 · The basics")
	d.send(OutboxMsg{})
	d.hasNot("statements waiting")
}
