package doctext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// tool is an external program and the Debian package that ships it.
type tool struct {
	name, pkg string
}

var (
	toolPdftotext = tool{"pdftotext", "poppler-utils"}
	toolPdfinfo   = tool{"pdfinfo", "poppler-utils"}
	toolAntiword  = tool{"antiword", "antiword"}
	toolXls2csv   = tool{"xls2csv", "catdoc"}
)

// toolResult is a finished run: stdout, the start of stderr and the exit
// code (0 on success).
type toolResult struct {
	stdout []byte
	stderr string
	code   int
}

// reason is the most telling line of stderr, for error messages, with the
// temporary file's path (meaningless to the caller) cut out.
func (r toolResult) reason(path string) string {
	var lines []string
	for l := range strings.Lines(strings.ReplaceAll(r.stderr, path, "the file")) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return fmt.Sprintf("exit status %d", r.code)
	}
	// Poppler repeats itself ("Syntax Error: ... / Syntax Error: ..."):
	// the last line is the one that made it give up.
	return lines[len(lines)-1]
}

// tempFile writes body to a private temporary file (0600 in os.TempDir)
// and returns its path and a cleanup function.
func tempFile(body []byte, suffix string) (string, func(), error) {
	f, err := os.CreateTemp("", "ngosearch-doctext-*"+suffix)
	if err != nil {
		return "", nil, fmt.Errorf("creating temporary file: %w", err)
	}
	cleanup := func() { os.Remove(f.Name()) }
	if _, err := f.Write(body); err != nil {
		f.Close()
		cleanup()
		return "", nil, fmt.Errorf("writing temporary file: %w", err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("writing temporary file: %w", err)
	}
	return f.Name(), cleanup, nil
}

// cappedBuffer keeps at most max bytes and then fails every write, which
// makes exec close the pipe so the tool dies of SIGPIPE instead of
// filling memory.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int64
	overflow bool
}

var errOutputCap = errors.New("output cap reached")

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if int64(c.buf.Len())+int64(len(p)) > c.max {
		c.overflow = true
		return 0, errOutputCap
	}
	return c.buf.Write(p)
}

// tailBuffer keeps the last max bytes written and never fails a write:
// poppler can print thousands of warnings for a damaged PDF it still
// reads, and a failed write would kill it with SIGPIPE.
type tailBuffer struct {
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2*t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

// run executes t with args under lim.Timeout, capturing at most
// lim.MaxUnpacked bytes of stdout. A non-zero exit is not an error here:
// the caller reads the code and stderr to classify it.
func (t tool) run(ctx context.Context, lim Limits, args ...string) (toolResult, error) {
	path, err := exec.LookPath(t.name)
	if err != nil {
		return toolResult{}, fmt.Errorf("%w: %s not found (install the Debian package %s): %w", ErrToolMissing, t.name, t.pkg, err)
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	// No stdin, and a clean locale so messages are the English ones we
	// classify; the tools are told the output encoding explicitly.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
	stdout := &cappedBuffer{max: lim.MaxUnpacked}
	stderr := &tailBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	res := toolResult{stdout: stdout.buf.Bytes(), stderr: string(stderr.b)}
	switch {
	case stdout.overflow:
		return res, fmt.Errorf("%w: %s printed more than %d bytes", ErrTooLarge, t.name, lim.MaxUnpacked)
	case parent.Err() != nil:
		return res, fmt.Errorf("running %s: %w", t.name, parent.Err())
	case ctx.Err() != nil:
		return res, fmt.Errorf("%w: %s ran longer than %s: %w", ErrTooLarge, t.name, lim.Timeout, ctx.Err())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.code = exit.ExitCode()
		if res.code < 0 { // killed by a signal
			res.code = 128
		}
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("running %s: %w", t.name, err)
	}
	return res, nil
}
