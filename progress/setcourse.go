package progress

import "github.com/allyworks/ally/content"

// SetCourse switches the store to a new version of its course, as
// `ally --course DIR --watch` reloads it after an edit. The records stay as
// they are (ids the new version lacks become orphans, as on any start); a
// course with another id is refused.
func (s *Store) SetCourse(c *content.Course) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID != s.course.ID {
		return &CourseMismatchError{Path: s.path, FileCourse: s.course.ID, Course: c.ID}
	}
	s.course = c
	return nil
}
