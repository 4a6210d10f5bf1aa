package report

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
)

var l0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func fuzzCourse(tb testing.TB) *content.Course {
	c, err := content.Load(os.DirFS(filepath.Join("..", "testdata", "sample")))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
