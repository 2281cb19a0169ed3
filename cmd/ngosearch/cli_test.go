package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runArgs(args ...string) (stdout, stderr string, err error) {
	var o, e bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, &o, &e)
	return o.String(), e.String(), err
}

func TestCommandLine(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantErr    error // nil, errUsage, flag.ErrHelp, or errAny
		wantStderr []string
		wantStdout []string
	}{
		{"no command", nil, errUsage, []string{"Commands:", "crawl", "serve", "search", "demo"}, nil},
		{"help", []string{"-h"}, flag.ErrHelp, []string{"Commands:"}, nil},
		{"unknown", []string{"bogus"}, errUsage, []string{`unknown command "bogus"`}, nil},
		{"crawl help", []string{"crawl", "-h"}, flag.ErrHelp, []string{"-data", "-seed", "-allow-host", "-delay", "-max-pages", "-user-agent", "-max-body", "-timeout", "-parallelism", "-log-level", "-host-alias", "-pattern-budget", "-no-archive", "-full"}, nil},
		{"serve help", []string{"serve", "-h"}, flag.ErrHelp, []string{"-data", "-addr", "-cors-origin", "-rate-limit", "-trusted-proxy", "NGOSEARCH_ADMIN_TOKEN"}, nil},
		{"run help", []string{"run", "-h"}, flag.ErrHelp, []string{"-data", "-every", "-seed", "-addr", "-no-initial-crawl"}, nil},
		{"index help", []string{"index", "-h"}, flag.ErrHelp, []string{"-rebuild", "-from", "-scheme"}, nil},
		{"run bad every", []string{"run", "--data", "x", "--every", "5s"}, errUsage, []string{"--every"}, nil},
		{"search help", []string{"search", "-h"}, flag.ErrHelp, []string{"-data", "-size", "-page", "QUERY"}, nil},
		{"demo help", []string{"demo", "-h"}, flag.ErrHelp, []string{"-addr", "-data", "no network"}, nil},
		{"crawl needs data", []string{"crawl"}, errUsage, []string{"--data is required"}, nil},
		{"crawl bad flag", []string{"crawl", "--data", "x", "--delay", "soon"}, errUsage, []string{"invalid value"}, nil},
		{"crawl bad host alias", []string{"crawl", "--data", "x", "--host-alias", "krakow.pl"}, errUsage, nil, nil},
		{"crawl bad log level", []string{"crawl", "--data", "x", "--log-level", "loud"}, errUsage, nil, nil},
		{"search needs query", []string{"search", "--data", "x"}, errUsage, []string{"give a query"}, nil},
		{"search bad size", []string{"search", "--data", "x", "--size", "1000", "q"}, errUsage, []string{"--size"}, nil},
		{"search without index", []string{"search", "--data", t.TempDir(), "q"}, errAny, nil, nil},
		{"serve without index", []string{"serve", "--data", t.TempDir()}, errAny, nil, nil},
		{"crawl into a file", []string{"crawl", "--data", filepath.Join(blocked, "sub"), "--seed", "http://127.0.0.1:1/"}, errAny, nil, nil},
		{"version", []string{"version"}, nil, nil, []string{"ngosearch "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runArgs(tt.args...)
			switch {
			case tt.wantErr == errAny && (err == nil || errors.Is(err, errUsage)):
				t.Errorf("err = %v, want a runtime error", err)
			case tt.wantErr != errAny && !errors.Is(err, tt.wantErr) && !(tt.wantErr == nil && err == nil):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// errAny in a test row means: some error that is not a usage error.
var errAny = errors.New("any runtime error")

func TestSearchWithoutIndexSaysWhatToRun(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runArgs("search", "--data", dir, "sprawozdanie")
	if err == nil || !strings.Contains(err.Error(), "ngosearch crawl --data "+dir) {
		t.Errorf("err = %v, want advice to run crawl", err)
	}
}

func TestHostAliasFlag(t *testing.T) {
	f := crawlFlags{hostAliases: stringList{"Stara.Krakow.PL=www.krakow.pl", "dialog.krakow.pl = ngo.krakow.pl"}}
	rules, err := f.urlRules()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"https://stara.krakow.pl/a.html":    "https://www.krakow.pl/a.html",
		"http://dialog.krakow.pl/x":         "https://ngo.krakow.pl/x",
		"https://bip.krakow.pl/?dok_id=1":   "https://www.bip.krakow.pl/?dok_id=1", // built-in alias kept
		"https://other.krakow.pl/?dok_id=1": "https://other.krakow.pl/?dok_id=1",
	} {
		if got, err := rules.Canonical(in); err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestREADMEDocumentsEveryFlag: every flag of every command's -h is named in
// README.md, so a new flag cannot ship undocumented.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flagLine := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	for _, c := range commands() {
		_, stderr, err := runArgs(c.name, "-h")
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%s -h: %v", c.name, err)
		}
		names := flagLine.FindAllStringSubmatch(stderr, -1)
		if c.name == "serve" && len(names) < 5 {
			t.Fatalf("serve -h lists %d flags; the pattern no longer matches the help text:\n%s", len(names), stderr)
		}
		for _, m := range names {
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(m[1]) + `([^a-z0-9-]|$)`).Match(readme) {
				t.Errorf("README.md does not document %s --%s", c.name, m[1])
			}
		}
	}
}
