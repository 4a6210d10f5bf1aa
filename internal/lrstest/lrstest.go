// Package lrstest runs the real xAPI parts Ally's tests check against:
// Learning Locker's statement service (xapi-statements 5.0.1) and its
// validator (@learninglocker/xapi-validation 3.0.0), installed by
// `npm ci` in test/lrs (.ci/run does it).
//
// When node or the packages are missing the tests fail if CI=true (so CI
// cannot pass without them) and are skipped, saying why, otherwise.
package lrstest

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Dir returns the test/lrs folder of the module.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "test", "lrs")
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("lrstest: no go.mod above the test's folder")
		}
		dir = up
	}
}

// need checks node and an installed package, failing under CI and
// skipping elsewhere when they are missing.
func need(t testing.TB, pkg string) (node, dir string) {
	t.Helper()
	dir = Dir(t)
	missing := ""
	node, err := exec.LookPath("node")
	if err != nil {
		missing = "node is not installed"
	} else if _, err := os.Stat(filepath.Join(dir, "node_modules", filepath.FromSlash(pkg), "package.json")); err != nil {
		missing = pkg + " is not installed (run `npm ci` in test/lrs)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("lrstest: %s; CI must run this test against the real parts (.ci/run installs them)", missing)
		}
		t.Skipf("lrstest: %s; skipped outside CI", missing)
	}
	return node, dir
}

// Validate runs Learning Locker's validator over a JSON array of
// statements and fails the test with every problem it reports.
func Validate(t testing.TB, statements []byte) {
	t.Helper()
	node, dir := need(t, "@learninglocker/xapi-validation")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "validate.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(statements)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xapi-validation rejects statements: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), " 0 problems") {
		t.Fatalf("xapi-validation: unexpected output:\n%s", out)
	}
}

// Start runs the statement service in memory on a free loopback port and
// returns its xAPI base address (http://127.0.0.1:PORT/xAPI/). It stops
// when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	node, dir := need(t, "xapi-statements")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "start.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "EXPRESS_PORT="+strconv.Itoa(port), "ALLY_LRS_DIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait() // killed: the error says so
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "ready ") {
				ready <- sc.Text()
				break
			}
		}
		for sc.Scan() { // keep draining so the service never blocks on stdout
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		cancel()
		_ = cmd.Wait() // stderr is complete once it returns
		t.Fatalf("xapi-statements did not start within 30s:\n%s", stderr.String())
	}
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/xAPI/"
}
