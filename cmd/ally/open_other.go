//go:build !unix

package main

// openNonblock: opening a file does not block on this system.
const openNonblock = 0
