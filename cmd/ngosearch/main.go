// Command ngosearch crawls the City of Kraków's NGO pages and documents,
// indexes them with Polish-aware search and serves the API and the UI.
//
// Run "ngosearch -h" for the commands and "ngosearch CMD -h" for their flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gin-gonic/gin"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		if err != errUsage {
			fmt.Fprintln(os.Stderr, "ngosearch:", err)
		}
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "ngosearch:", err)
		os.Exit(1)
	}
}

// errUsage marks an error the user made on the command line; it has already
// been explained on stderr.
var errUsage = errors.New("usage error")

// command is one subcommand of ngosearch.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environ, args []string) error
}

// environ is what a command may touch of the process: no command reads
// os.Args, os.Getenv or writes os.Stdout directly, so tests can call run.
type environ struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"crawl", "harvest the sites and documents into a data directory", runCrawl},
		{"serve", "serve the API and the search page from a data directory", runServe},
		{"search", "search a data directory from the terminal", runSearch},
		{"index", "rebuild the index from the archive, or import a WARC file or wget mirror", runIndex},
		{"run", "serve and recrawl on a schedule in one process", runRun},
		{"demo", "crawl the bundled sample site (no network) and serve it", runDemo},
		{"version", "print the version", runVersion},
	}
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	gin.SetMode(gin.ReleaseMode)
	env := &environ{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(stderr, "ngosearch: unknown command %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `ngosearch: search the City of Kraków's cooperation with NGOs.

Usage:
  ngosearch COMMAND [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "ngosearch COMMAND -h" for the flags of a command.
Quick start without network: ngosearch demo
`)
}

func runVersion(_ context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "version", "", "Prints the version of ngosearch.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, "ngosearch", version)
	return nil
}

// newFlagSet makes a flag set whose -h text has a usage line and a
// description above the flags.
func newFlagSet(env *environ, name, argsUsage, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: ngosearch %s [flags] %s\n\n%s\n\nFlags:\n", name, argsUsage, description)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a bad flag is a usage error (already printed).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
