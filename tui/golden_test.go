package tui

import (
	"fmt"
	"testing"

	"github.com/allyworks/ally/content"
)

// Every screen, as the learner sees it, at 80×24 and 120×40. Refresh the
// files with: go test ./tui -update (then read the diff).
func TestGoldenScreens(t *testing.T) {
	type scene struct {
		name   string
		course *content.Course // nil: the sample course
		path   func(*testing.T) string
		setup  func(d *driver)
	}
	keys := func(k ...string) func(*driver) { return func(d *driver) { d.keys(k...) } }
	scenes := []scene{
		{name: "home", setup: keys()},
		{name: "home-embedded", course: mustDefault(t), setup: keys()},
		{name: "module-open", setup: keys("down", "enter")},
		{name: "module-locked-preview", setup: keys("down", "down", "down", "down", "enter")},
		{name: "reader", setup: keys("enter")},
		{name: "reader-search", setup: func(d *driver) { d.keys("enter", "/"); d.typeText("report"); d.keys("enter") }},
		{name: "reader-links", path: unlockWriting, setup: func(d *driver) { d.send(navMsg{id: "reproduce"}); d.keys("o") }},
		{name: "reader-preview", setup: keys("down", "down", "down", "down", "enter", "enter")},
		{name: "quiz-intro", setup: keys("enter", "G", "right", "G", "esc", "enter")},
		{name: "quiz-question", setup: keys("enter", "G", "right", "G", "esc", "enter", "enter", "down")},
		{name: "quiz-feedback", setup: keys("enter", "G", "right", "G", "esc", "enter", "enter", "1", "enter")},
		{name: "quiz-ordering", path: unlockWriting, setup: func(d *driver) { d.send(navMsg{id: "writing-check"}); d.keys("enter") }},
		{name: "quiz-result", setup: keys("enter", "G", "right", "G", "esc", "enter", "enter",
			"2", "enter", "enter", "2", "enter", "enter", "1", "enter", "enter", "1", "enter", "enter")},
		{name: "quiz-review", setup: keys("enter", "G", "right", "G", "esc", "enter", "enter",
			"2", "enter", "enter", "2", "enter", "enter", "1", "enter", "enter", "1", "enter", "enter", "v")},
		{name: "assess-intro", setup: keys("enter", "G", "esc", "down", "down", "enter", "enter")},
		{name: "assess-number", setup: keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter", "3")},
		{name: "assess-likert", setup: keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter",
			"4", "enter", "1", "2", "enter", "3")},
		{name: "assess-results", setup: keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter",
			"4", "enter", "1", "2", "enter", "3", "3", "2", "4", "1")},
		{name: "progress", setup: keys("enter", "G", "esc", "p")},
		{name: "help", setup: keys("enter", "?")},
		{name: "home-gate", path: atTheGate, setup: keys()},
		{name: "locked-error", setup: keys("down", "down", "down", "enter", "down", "enter")},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range scenes {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				c := sc.course
				if c == nil {
					c = loadSample(t)
				}
				var d *driver
				if sc.path != nil {
					d = openDriver(t, c, sc.path(t), size[0], size[1], false)
				} else {
					d = newDriver(t, c, size[0], size[1])
				}
				sc.setup(d)
				d.golden(name)
			})
		}
	}
}

func mustDefault(t *testing.T) *content.Course {
	c, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
