// Command ngoload sends a fixed rate of mixed search requests to a running
// ngosearch server on this machine for a bounded time, then reports latency
// percentiles, errors and the server's memory over time. It is the engine of
// scripts/soak.sh.
//
// It only targets loopback addresses: it refuses any other host.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// queries is the default mix: single words, several words, phrases,
// typos, missing diacritics, filters, suggestions and grants.
var queries = []string{
	"/api/search?q=sprawozdanie",
	"/api/search?q=sprawozdanie+wsp%C3%B3%C5%82praca+2019",
	"/api/search?q=bezdomnosc",
	"/api/search?q=%22program+wsp%C3%B3%C5%82pracy%22",
	"/api/search?q=sprawozdnie",
	"/api/search?q=seniorzy&type=news",
	"/api/search?q=konkurs+ofert&year=2021&size=20",
	"/api/search?q=kultura+-sport",
	"/api/search?q=Komisja+Dialogu+Obywatelskiego",
	"/api/search?q=lodz",
	"/api/suggest?q=spra",
	"/api/suggest?q=bezd",
	"/api/grants?sort=-amount",
	"/api/grants?q=senior&year=2021",
}

// words make the varied searches: two of them a query, so that most
// searches are new to the server's result cache, as a real audience's are.
var words = []string{
	"sprawozdanie", "współpraca", "organizacje", "pozarządowe", "konkurs", "ofert", "seniorzy", "bezdomność",
	"kultura", "sport", "młodzież", "dotacja", "uchwała", "program", "rada", "dzielnica", "nowa", "huta",
	"pomoc", "społeczna", "zdrowie", "edukacja", "ekologia", "wolontariat", "fundacja", "stowarzyszenie",
	"konsultacje", "regulamin", "inicjatywa", "lokalna", "granty", "wyniki", "ogloszenie", "zrodla", "finansowania",
	"lodz", "krakow", "mieszkania", "chronione", "noclegownia", "zima", "opp", "podatek", "ngo", "centrum",
	"aktywnosci", "seniora", "komisja", "dialogu", "obywatelskiego", "forum", "tydzien", "miasto", "gmina",
}

// request is the i-th request: the fixed mix in turn, with every other
// request a search for two words of words (and a page) instead.
func request(i int, vary bool) string {
	if !vary {
		return queries[i%len(queries)]
	}
	if i%2 == 0 {
		return queries[(i/2)%len(queries)]
	}
	n := i / 2
	w1, w2 := words[n%len(words)], words[(n/len(words)+n*7)%len(words)]
	return fmt.Sprintf("/api/search?q=%s+%s&page=%d", url.QueryEscape(w1), url.QueryEscape(w2), 1+n%3)
}

type result struct {
	Target     string         `json:"target"`
	Rate       float64        `json:"rate_per_s"`
	Duration   string         `json:"duration"`
	Sent       int            `json:"sent"`
	Errors     int            `json:"errors"`
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	P50MS      float64        `json:"p50_ms"`
	P95MS      float64        `json:"p95_ms"`
	P99MS      float64        `json:"p99_ms"`
	MaxMS      float64        `json:"max_ms"`
	RSSMiB     []float64      `json:"rss_mib,omitempty"`
	RSSGrowth  float64        `json:"rss_growth,omitempty"` // last sample / the first under load
	Behind     int            `json:"late_sends"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "ngoload:", err)
		os.Exit(1)
	}
}

// errUsage marks a bad command line; the flag package has explained it.
var errUsage = errors.New("usage error")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ngoload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: ngoload [flags]

Sends a fixed rate of mixed search requests (open loop) to an ngosearch
server on this machine for a bounded time, then prints latency percentiles,
errors and the server's RSS over time. Loopback targets only.

Flags:
`)
		fs.PrintDefaults()
	}
	target := fs.String("url", "http://127.0.0.1:8080", "base URL of the ngosearch server (loopback only)")
	rate := fs.Float64("rate", 200, "requests per second (open loop: sent on schedule whatever the answers)")
	dur := fs.Duration("duration", 5*time.Minute, "how long to send (at most 1h)")
	pid := fs.Int("pid", 0, "server process to sample RSS from every 10 s (/proc/PID/status)")
	out := fs.String("out", "", "write the result as JSON to this file")
	maxErrors := fs.Int("max-errors", 0, "exit non-zero when more requests than this fail")
	maxP99 := fs.Duration("max-p99", 0, "exit non-zero when p99 latency is above this (0: no limit)")
	vary := fs.Bool("vary", true, "make every other request a new two-word search (false: only the fixed mix, which a result cache answers)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	u, err := url.Parse(*target)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-url %q is not a URL", *target)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %q: only loopback targets are allowed", *target)
	}
	if *rate <= 0 || *rate > 5000 || *dur <= 0 || *dur > time.Hour {
		return errors.New("-rate must be in (0, 5000] and -duration in (0, 1h]")
	}
	base := strings.TrimSuffix(*target, "/")

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 512}}
	res := result{Target: base, Rate: *rate, Duration: dur.String(), ErrorKinds: map[string]int{}}
	var mu sync.Mutex
	var lat []float64
	var wg sync.WaitGroup
	const maxInflight = 1000
	inflight := 0

	ctx, cancel := context.WithTimeout(ctx, *dur)
	defer cancel()
	if *pid > 0 {
		sampleRSS(*pid, &res, &mu)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(10 * time.Second)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					sampleRSS(*pid, &res, &mu)
				}
			}
		}()
	}

	interval := time.Duration(float64(time.Second) / *rate)
	start := time.Now()
	progress := time.NewTicker(10 * time.Second)
	defer progress.Stop()
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		} else if wait < -100*time.Millisecond {
			res.Behind++
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case <-progress.C:
			mu.Lock()
			fmt.Fprintf(stderr, "ngoload: %s: %d sent, %d errors\n", time.Since(start).Round(time.Second), res.Sent, res.Errors)
			mu.Unlock()
		default:
		}
		q := request(i, *vary)
		mu.Lock()
		res.Sent++
		if inflight >= maxInflight {
			// The server is this far behind: count it, do not pile up.
			res.Errors++
			res.ErrorKinds["client: too many requests in flight"]++
			mu.Unlock()
			continue
		}
		inflight++
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { mu.Lock(); inflight--; mu.Unlock() }()
			t0 := time.Now()
			kind := ""
			resp, err := client.Get(base + q)
			if err != nil {
				kind = "transport"
			} else {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					kind = "status " + strconv.Itoa(resp.StatusCode)
				}
			}
			ms := float64(time.Since(t0).Microseconds()) / 1000
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, ms)
			if kind != "" {
				res.Errors++
				res.ErrorKinds[kind]++
			}
		}()
	}
	wg.Wait()
	if *pid > 0 {
		sampleRSS(*pid, &res, &mu)
	}

	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	res.P50MS, res.P95MS, res.P99MS = pct(.50), pct(.95), pct(.99)
	if len(lat) > 0 {
		res.MaxMS = lat[len(lat)-1]
	}
	// Growth from the first sample under load (10 s in; the first one is
	// taken before any request) to the last.
	if n := len(res.RSSMiB); n >= 3 && res.RSSMiB[1] > 0 {
		res.RSSGrowth = res.RSSMiB[n-1] / res.RSSMiB[1]
	}
	fmt.Fprintf(stdout, "sent %d at %.0f/s for %s: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.1f ms  errors %d  late sends %d\n",
		res.Sent, *rate, dur, res.P50MS, res.P95MS, res.P99MS, res.MaxMS, res.Errors, res.Behind)
	if len(res.RSSMiB) > 0 {
		fmt.Fprintf(stdout, "server RSS (MiB, every 10 s): %v  growth ×%.2f\n", res.RSSMiB, res.RSSGrowth)
	}
	if *out != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if res.Errors > *maxErrors {
		return fmt.Errorf("%d requests failed (%v), more than -max-errors %d", res.Errors, res.ErrorKinds, *maxErrors)
	}
	if *maxP99 > 0 && res.P99MS > float64(maxP99.Milliseconds()) {
		return fmt.Errorf("p99 %.2f ms is above -max-p99 %s", res.P99MS, maxP99)
	}
	return nil
}

// sampleRSS appends the process's resident memory to res.
func sampleRSS(pid int, res *result, mu *sync.Mutex) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err == nil {
				mu.Lock()
				res.RSSMiB = append(res.RSSMiB, float64(int(kb/1024*10))/10)
				mu.Unlock()
			}
		}
	}
}
