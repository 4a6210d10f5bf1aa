package content

import (
	"math/rand/v2"
	"testing"
)

// hasControlBytes, eight bytes at a time, says what a look at every byte
// says, wherever in a word the control byte (or the two of a C1 code) is.
func TestHasControlBytesLikeEveryByte(t *testing.T) {
	slow := func(data []byte) bool { return controlBytes(data, 0, len(data)) }
	rng := rand.New(rand.NewPCG(16, 1))
	alphabet := []byte{'a', 'z', ' ', '\t', '\n', 0x1f, 0x20, 0x00, 0x0d, 0x1b, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xc2, 0xc3, 0xff}
	found := 0
	for range 200000 {
		data := make([]byte, rng.IntN(40))
		for i := range data {
			data[i] = 'a'
			if rng.IntN(6) == 0 {
				data[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		want := slow(data)
		if got := hasControlBytes(data); got != want {
			t.Fatalf("hasControlBytes(%q) = %v, a byte at a time %v", data, got, want)
		}
		if want {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d of the texts hold a control byte", found)
	}
}
