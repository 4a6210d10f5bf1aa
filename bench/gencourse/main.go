// Command gencourse writes a synthetic Ally course for benchmarks:
//
//	go run ./bench/gencourse -lessons 1000 DIR     a course of 1,000 lessons in DIR
//	go run ./bench/gencourse -lesson FILE -size 8k one lesson of about 8 KB in FILE
//
// The course is valid (`ally validate DIR` reports no errors and no
// warnings) and the same flags always give the same bytes. DIR must be
// empty or not exist yet. See bench/README.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/allyworks/ally/bench/gencourse/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gencourse:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gencourse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: gencourse [-lessons N] [-seed S] DIR\n       gencourse -lesson FILE [-size 8k] [-seed S]\n\n")
		fs.PrintDefaults()
	}
	lessons := fs.Int("lessons", 1000, "number of lessons in the course")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same course")
	lesson := fs.String("lesson", "", "write one lesson's markdown (front matter and body) to `FILE` instead of a course")
	size := fs.String("size", "8k", "with -lesson: the body's size in bytes (8192, 8k, 8KB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *lesson != "" {
		if fs.NArg() != 0 {
			return errors.New("-lesson takes no DIR")
		}
		n, err := parseSize(*size)
		if err != nil {
			return err
		}
		body := gen.StandaloneLesson(*seed, n)
		text := fmt.Sprintf("---\nid: long-lesson\ntitle: A long lesson\nminutes: %d\n---\n%s", 2+len(body)/1000, body)
		if err := os.WriteFile(*lesson, []byte(text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: a lesson of %d bytes (body %d)\n", *lesson, len(text), len(body))
		return nil
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("give one DIR to write the course into")
	}
	if *lessons < 1 {
		return errors.New("-lessons must be at least 1")
	}
	dir := fs.Arg(0)
	if err := gen.Write(dir, gen.Config{Lessons: *lessons, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a course of %d lessons to %s\n", *lessons, dir)
	return nil
}

// parseSize reads 8192, 8k, 8K, 8kb or 8KB (k = 1024).
func parseSize(s string) (int, error) {
	t := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "b")
	mult := 1
	if strings.HasSuffix(t, "k") {
		mult, t = 1024, strings.TrimSuffix(t, "k")
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("-size %q: give a positive number of bytes, such as 8192 or 8k", s)
	}
	return n * mult, nil
}
