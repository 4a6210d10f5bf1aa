package linear

import (
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// worksheet says what a worksheet holds. Filling one in field by field is
// not part of linear mode yet: it points to the full-screen workbook and
// to ally workbook, which print and export the entries.
func (s *session) worksheet(it *content.Item) error {
	st := s.store.Snapshot()
	ws := it.Worksheet
	var entries []progress.Entry
	if r := st.Worksheets[it.ID]; r != nil {
		entries = r.Entries
	}
	s.out.blank()
	s.out.say("Worksheet: " + it.Title + ". It holds " + ws.Name(len(entries)) + ".")
	for _, e := range entries {
		s.out.line("  %s: %s.", e.ID, progress.EntryName(ws, e))
	}
	s.out.line("In linear mode worksheets can be read but not filled in yet: use the full-screen app (w opens the workbook), or read them with: ally workbook show %s.", it.ID)
	return nil
}
