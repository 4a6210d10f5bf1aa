package content

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingReader counts the calls to Read of the reader it wraps.
type countingReader struct {
	r     io.Reader
	calls int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.calls++
	return c.r.Read(p)
}

func TestReadAtMostStopsAtTheSize(t *testing.T) {
	// A file read to the size it said it has is whole: no second read to
	// meet its end.
	r := &countingReader{r: strings.NewReader("hello")}
	data, err := readAtMost(nil, r, 5, MaxFileSize+1)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(data))
	assert.Equal(t, 1, r.calls)

	// One that grew after its size was taken is read as it was then.
	data, err = readAtMost(nil, strings.NewReader("hello, world"), 5, MaxFileSize+1)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(data))

	// One that shrank, or says it is empty (as special files do), is read
	// to its end, never past max.
	data, err = readAtMost(nil, strings.NewReader("hi"), 5, MaxFileSize+1)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(data))
	data, err = readAtMost(nil, strings.NewReader("not empty"), 0, MaxFileSize+1)
	require.NoError(t, err)
	assert.Equal(t, "not empty", string(data))
	data, err = readAtMost(nil, strings.NewReader(strings.Repeat("x", 100)), 0, 10)
	require.NoError(t, err)
	assert.Len(t, data, 10)
}
