package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
)

// progress shows a long crawl as it goes: a line redrawn in place on a
// terminal, or a plain log line every interval otherwise (a pipe, a file,
// systemd's journal).
type progress struct {
	w        io.Writer
	tty      bool
	interval time.Duration
	docs     func() int

	mu    sync.Mutex
	start time.Time
	last  time.Time
	drawn bool
	p     crawler.Progress
}

func newProgress(w io.Writer, docs func() int) *progress {
	p := &progress{w: w, tty: isTerminal(w), docs: docs, interval: 10 * time.Second, start: time.Now()}
	if p.tty {
		p.interval = 200 * time.Millisecond
	}
	return p
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update is the crawler's Progress callback; it must return quickly.
func (p *progress) update(cp crawler.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.p = cp
	now := time.Now()
	if now.Sub(p.last) < p.interval {
		return
	}
	p.last = now
	p.drawLocked(now)
}

func (p *progress) drawLocked(now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.p.Fetched) / elapsed
	}
	line := fmt.Sprintf("fetched %d  queued %d  in flight %d  documents %d  errors %d  refused %d  %s  %.1f/s",
		p.p.Fetched, p.p.Queued, p.p.InFlight, p.docs(), p.p.Errors, p.p.Refused, humanBytes(p.p.Bytes), rate)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "progress: %s\n", line)
}

// done ends the live line so what follows starts on a fresh line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		p.drawLocked(time.Now())
		fmt.Fprintln(p.w)
	}
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
