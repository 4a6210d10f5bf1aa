package progress

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SchemaVersion is the version of the progress file this Ally reads and
// writes. Files of an older version are migrated (after a backup); files of
// a newer one are refused.
const SchemaVersion = 2

// migration upgrades a decoded progress document by one schema version, in
// place. It works on the generic JSON value because the Go types of the old
// version no longer exist.
type migration func(doc map[string]any) error

// schema is a file format version and the chain of migrations that brings
// older files up to it: up[v] turns version v into version v+1.
type schema struct {
	version int
	up      map[int]migration
}

// currentSchema is the format this Ally writes. A change to the file
// format bumps SchemaVersion and adds the migration from the previous
// version here.
var currentSchema = schema{
	version: SchemaVersion,
	up:      map[int]migration{1: schema1to2},
}

// schema1to2 adds the learner's worksheets, notes and entry drafts
// (empty: schema 1 had none).
func schema1to2(doc map[string]any) error {
	for _, k := range []string{"worksheets", "notes"} {
		if _, ok := doc[k]; !ok {
			doc[k] = map[string]any{}
		}
	}
	switch d := doc["drafts"].(type) {
	case nil:
		doc["drafts"] = map[string]any{"entries": map[string]any{}}
	case map[string]any:
		if _, ok := d["entries"]; !ok {
			d["entries"] = map[string]any{}
		}
	default:
		return fmt.Errorf(`"drafts" is not an object`)
	}
	return nil
}

// corruptError is a file that is not a progress document at all.
type corruptError struct{ reason string }

func (e *corruptError) Error() string { return e.reason }

// decode parses a progress file, migrating it when it is older than sc. It
// returns the version the file was written in. A file that cannot be parsed
// is a *corruptError; a newer one a *SchemaError.
func (sc schema) decode(data []byte) (*State, int, error) {
	// Fast path, one pass: a well-formed file of the current version.
	var st State
	if err := json.Unmarshal(data, &st); err == nil && st.Schema == sc.version && st.Course.ID != "" {
		st.normalize()
		return &st, sc.version, nil
	}
	st = State{}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, 0, &corruptError{"the file is empty"}
	}
	var head struct {
		Schema *int `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, 0, &corruptError{"it is not valid JSON: " + err.Error()}
	}
	if head.Schema == nil {
		return nil, 0, &corruptError{`it has no "schema" version`}
	}
	from := *head.Schema
	switch {
	case from > sc.version:
		return nil, from, &SchemaError{Found: from, Supported: sc.version}
	case from < 1:
		return nil, from, &corruptError{fmt.Sprintf("schema version %d is not valid", from)}
	case from < sc.version:
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, from, &corruptError{"it is not a JSON object: " + err.Error()}
		}
		for v := from; v < sc.version; v++ {
			up := sc.up[v]
			if up == nil {
				return nil, from, fmt.Errorf("progress: no migration from schema %d to %d", v, v+1)
			}
			if err := up(doc); err != nil {
				return nil, from, &corruptError{fmt.Sprintf("it cannot be upgraded from schema %d: %v", v, err)}
			}
			doc["schema"] = v + 1
		}
		var err error
		if data, err = json.Marshal(doc); err != nil {
			return nil, from, fmt.Errorf("progress: re-encoding a migrated file: %w", err)
		}
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, from, &corruptError{"its records do not have the expected shape: " + err.Error()}
	}
	if st.Course.ID == "" {
		return nil, from, &corruptError{"it names no course id"}
	}
	st.Schema = sc.version
	st.normalize()
	return &st, from, nil
}

// encode renders a state as the progress file: indented JSON, keys sorted,
// ending in a newline.
func encode(st *State) ([]byte, error) {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("progress: encoding: %w", err)
	}
	return append(data, '\n'), nil
}
