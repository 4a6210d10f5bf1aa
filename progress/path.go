package progress

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
)

// EnvVar names the environment variable that sets the progress file.
const EnvVar = "ALLY_PROGRESS"

// DefaultPath is where a course's progress lives when neither --progress
// nor ALLY_PROGRESS says otherwise: ally/<course-id>.json in the per-user
// data folder ($XDG_DATA_HOME or ~/.local/share on Linux and BSD,
// ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows).
func DefaultPath(courseID string) (string, error) {
	if courseID == "" {
		return "", errors.New("progress: no course id")
	}
	if !filepath.IsAbs(xdg.DataHome) {
		return "", errors.New("cannot find the per-user data folder (is HOME set?); name a progress file with --progress or " + EnvVar)
	}
	return filepath.Join(xdg.DataHome, "ally", courseID+".json"), nil
}

// ResolvePath picks the progress file: flag (from --progress) when set,
// else $ALLY_PROGRESS, else DefaultPath(courseID).
func ResolvePath(flag, courseID string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv(EnvVar); env != "" {
		return filepath.Abs(env)
	}
	return DefaultPath(courseID)
}
