package main

import (
	"context"
	"errors"
)

func runTUI(ctx context.Context, o *options) error {
	return errors.New("the terminal UI is not built yet")
}
