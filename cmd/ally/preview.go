package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// previewFile makes the throwaway progress file of --preview: empty (new),
// with every module open (unlocked), or a copy of a learner's file. It
// lives in a temporary folder removed when the command ends, so the
// learner's real progress file is never read for writing nor changed.
func (o *options) previewFile(c *content.Course) (string, error) {
	sweepPreviews(time.Now())
	dir, err := os.MkdirTemp("", "ally-preview-")
	if err != nil {
		return "", fmt.Errorf("--preview: %w", err)
	}
	o.cleanups = append(o.cleanups, func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, c.ID+".json")
	switch o.preview {
	case "new":
		return path, nil
	case "unlocked":
		st := progress.NewState(c.ID, c.Version, time.Now().UTC())
		for _, m := range c.Modules {
			st.Unlocked[m.ID] = st.Created // unlocking sticks: every module stays open
		}
		data, err := json.Marshal(st)
		if err != nil {
			return "", err
		}
		return path, os.WriteFile(path, data, 0o600)
	}
	data, err := os.ReadFile(o.preview)
	if err != nil {
		return "", fmt.Errorf("--preview: use new, unlocked or a progress file: %w", err)
	}
	return path, os.WriteFile(path, data, 0o600)
}

// previewWords says what a preview starts from and that nothing is kept.
func previewWords(preview string) string {
	switch preview {
	case "new":
		return "none (preview as a new learner: nothing you do is kept)"
	case "unlocked":
		return "none (preview with every module open: nothing you do is kept)"
	}
	return fmt.Sprintf("none (preview from a copy of %s: nothing you do is kept)", preview)
}

// sweepPreviews removes the throwaway folders of previews that were killed
// before they could clean up (a closed terminal), once they are a day old.
func sweepPreviews(now time.Time) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "ally-preview-*"))
	for _, dir := range old {
		if fi, err := os.Lstat(dir); err == nil && fi.IsDir() && now.Sub(fi.ModTime()) > 24*time.Hour {
			os.RemoveAll(dir)
		}
	}
}

// startNotices are what the TUI and the accessible mode say first: the
// progress file's notices, then that this is a preview, if it is.
func (o *options) startNotices(notices []progress.Notice) []string {
	msgs := make([]string, len(notices))
	for i, n := range notices {
		msgs[i] = n.String()
	}
	if o.preview != "" {
		msgs = append(msgs, "Preview: progress file "+previewWords(o.preview)+".")
	}
	return msgs
}
