package main

import (
	"fmt"
	"os"
	"sync"
)

// processTB gives kube-apiserver's test-server starter the testing.TB-shaped object it expects, for a
// process that is not a Go test: logs go to stderr, a fatal error ends the process, cleanups run at exit.
type processTB struct {
	mu       sync.Mutex
	cleanups []func()
	failed   bool
	tmpDirs  []string
	verbose  bool
}

func newProcessTB() *processTB {
	return &processTB{verbose: os.Getenv("VMNETDIAG_CONTROLPLANE_VERBOSE") != ""}
}

func (t *processTB) Cleanup(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, f)
}

// cleanup runs the registered cleanups, last first, as the testing package does.
func (t *processTB) cleanup() {
	t.mu.Lock()
	fs := t.cleanups
	t.cleanups = nil
	t.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
	for _, d := range t.tmpDirs {
		os.RemoveAll(d)
	}
}

func (t *processTB) Error(args ...any) { t.Log(args...); t.Fail() }
func (t *processTB) Errorf(format string, args ...any) {
	t.Logf(format, args...)
	t.Fail()
}
func (t *processTB) Fail() { t.mu.Lock(); t.failed = true; t.mu.Unlock() }
func (t *processTB) FailNow() {
	fmt.Fprintln(os.Stderr, "controlplane: fatal error, exiting")
	t.cleanup()
	os.Exit(1)
}
func (t *processTB) Failed() bool                      { t.mu.Lock(); defer t.mu.Unlock(); return t.failed }
func (t *processTB) Fatal(args ...any)                 { t.Log(args...); t.FailNow() }
func (t *processTB) Fatalf(format string, args ...any) { t.Logf(format, args...); t.FailNow() }
func (t *processTB) Helper()                           {}
func (t *processTB) Log(args ...any) {
	if t.verbose {
		fmt.Fprintln(os.Stderr, args...)
	}
}
func (t *processTB) Logf(format string, args ...any) {
	if t.verbose {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}
func (t *processTB) Name() string                  { return "vmnetdiag-controlplane" }
func (t *processTB) Setenv(key, value string)      { os.Setenv(key, value) }
func (t *processTB) Skip(args ...any)              { t.Fatal(args...) }
func (t *processTB) SkipNow()                      { t.FailNow() }
func (t *processTB) Skipf(format string, a ...any) { t.Fatalf(format, a...) }
func (t *processTB) Skipped() bool                 { return false }
func (t *processTB) TempDir() string {
	d, err := os.MkdirTemp("", "vmnetdiag-controlplane")
	if err != nil {
		t.Fatal(err)
	}
	t.mu.Lock()
	t.tmpDirs = append(t.tmpDirs, d)
	t.mu.Unlock()
	return d
}
