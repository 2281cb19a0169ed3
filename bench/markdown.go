package bench

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// WriteMarkdown prints the report as the Markdown tables of BENCHMARKS.md:
// indexing, query phases, query classes (one client, in process), crawl
// and ratios. The figures are the report's, rounded for reading.
func WriteMarkdown(w io.Writer, r *Report) {
	c := r.Corpus
	m := r.Machine
	fmt.Fprintf(w, "%s documents (news %s, BIP pages %s, reports %s), %s MB of text, %s PDF pages, %s grants, seed %d; %d CPUs (%s), %s MB RAM, %s.\n\n",
		count(c.Docs), count(c.ByClass[ClassNews]), count(c.ByClass[ClassBIP]), count(c.ByClass[ClassReport]),
		num(float64(c.TextBytes)/1e6), count(c.Pages), count(c.Grants), c.Seed, m.CPUs, m.CPUModel, count(int(m.MemoryMB)), m.GoVersion)

	fmt.Fprintln(w, "| engine | index s | docs/s | MB/s | cores | CPU s / 1k docs | size MB | size / text | peak RSS MB indexing (anon) | peak RSS MB serving (anon) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, e := range r.Engines {
		if e.Skipped != "" {
			fmt.Fprintf(w, "| %s | skipped: %s |||||||||\n", engineTitle(e.Name), e.Skipped)
			continue
		}
		ix := e.Index
		srv := "-"
		if e.Serving != nil {
			srv = num(e.Serving.PeakRSSMB) + " (" + num(e.Serving.PeakAnonMB) + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s |\n", engineTitle(e.Name), num(ix.measured(ix.Seconds)), num(ix.measured(ix.DocsPerSec)),
			num(ix.measured(ix.MBPerSec)), num(ix.measured(ix.CPUCores)), num(ix.measured(ix.CPUSeconds*1000/float64(max(c.Docs, 1)))), num(float64(ix.SizeBytes)/1e6),
			num(ix.SizeOfText), num(ix.measured(ix.PeakRSSMB)), num(ix.measured(ix.PeakAnonMB)), srv)
	}
	fmt.Fprintln(w)
	for _, e := range r.Engines {
		if e.Reused != "" {
			fmt.Fprintf(w, "%s: %s.\n\n", engineTitle(e.Name), e.Reused)
		}
	}

	fmt.Fprintln(w, "| engine | mode | clients | q/s | p50 ms | p95 ms | p99 ms | CPU ms/query | errors |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, e := range r.Engines {
		for _, p := range e.Phases {
			mode, cl := "in-process", strconv.Itoa(p.Concurrency)
			switch p.Mode {
			case "http":
				mode = "HTTP"
			case "http-rate":
				mode, cl = fmt.Sprintf("HTTP, open loop %d req/s", p.RateRPS), "-"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", engineTitle(e.Name), mode, cl, num(p.QPS),
				num(p.All.P50), num(p.All.P95), num(p.All.P99), num(p.CPUPerQueryMS), count(p.Errors))
		}
		if e.HTTPWarmUpErrors > 0 {
			fmt.Fprintf(w, "| %s | HTTP warm-up | 1 | | | | | | %d |\n", engineTitle(e.Name), e.HTTPWarmUpErrors)
		}
	}
	fmt.Fprintln(w)

	var withC1 []EngineReport
	for _, e := range r.Engines {
		if e.phase("in-process", 1) != nil {
			withC1 = append(withC1, e)
		}
	}
	perClass := map[QueryClass]int{}
	for _, q := range r.Queries {
		perClass[q.Class]++
	}
	if len(withC1) > 0 {
		fmt.Fprint(w, "| class (1 client, in process: p50 / p99 ms, mean results) |")
		for _, e := range withC1 {
			fmt.Fprintf(w, " %s |", engineTitle(e.Name))
		}
		fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(withC1)))
		for _, cl := range QueryClasses {
			fmt.Fprintf(w, "| %s |", cl)
			for _, e := range withC1 {
				s := e.phase("in-process", 1).ByClass[cl]
				cell := fmt.Sprintf(" %s / %s, %s", num(s.P50), num(s.P99), num(s.Hits))
				if s.ZeroHits > 0 {
					cell += fmt.Sprintf(" (%d of %d without results)", s.ZeroHits, perClass[cl])
				}
				fmt.Fprintf(w, "%s |", cell)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}

	if r.Crawl != nil {
		fmt.Fprintf(w, "| harvester (%s documents, %s files) | fetched | seconds | pages/s | CPU s |\n", count(r.Crawl.Docs), count(r.Crawl.Files))
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
		for _, cr := range r.Crawl.Runs {
			if cr.Skipped != "" {
				fmt.Fprintf(w, "| %s | skipped: %s ||||\n", cr.Name, cr.Skipped)
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", cr.Name, count(cr.Fetched), num(cr.Seconds), num(cr.PagesPerS), num(cr.CPUSeconds))
		}
		fmt.Fprintln(w)
	}

	if len(r.Ratios) > 0 {
		var figures, peers []string
		by := map[[2]string]float64{}
		for _, x := range r.Ratios {
			if !slices.Contains(figures, x.Figure) {
				figures = append(figures, x.Figure)
			}
			if !slices.Contains(peers, x.Peer) {
				peers = append(peers, x.Peer)
			}
			by[[2]string{x.Figure, x.Peer}] = x.Factor
		}
		fmt.Fprint(w, "| ngosearch vs (factor > 1: ngosearch better) |")
		for _, p := range peers {
			fmt.Fprintf(w, " %s |", engineTitle(p))
		}
		fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|", len(peers)))
		for _, f := range figures {
			fmt.Fprintf(w, "| %s |", f)
			for _, p := range peers {
				if v, ok := by[[2]string{f, p}]; ok {
					fmt.Fprintf(w, " %sx |", num(v))
				} else {
					fmt.Fprint(w, " - |")
				}
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
}

// WriteGrowth prints how each engine's figures grow across runs of
// different corpus sizes (10k, 100k, 1M), with the factor between
// consecutive sizes.
func WriteGrowth(w io.Writer, reports []*Report) {
	rs := slices.Clone(reports)
	slices.SortFunc(rs, func(a, b *Report) int { return a.Corpus.Docs - b.Corpus.Docs })
	type figure struct {
		name string
		get  func(r *Report, e *EngineReport) float64
	}
	phase := func(mode string, c int, f func(p *PhaseStats) float64) func(*Report, *EngineReport) float64 {
		return func(_ *Report, e *EngineReport) float64 {
			if p := e.phase(mode, c); p != nil && p.Queries > 0 {
				return f(p)
			}
			return math.NaN()
		}
	}
	figures := []figure{
		{"indexing docs/s", func(_ *Report, e *EngineReport) float64 { return e.Index.measured(e.Index.DocsPerSec) }},
		{"indexing cores", func(_ *Report, e *EngineReport) float64 { return e.Index.measured(e.Index.CPUCores) }},
		{"indexing CPU s / 1k docs", func(r *Report, e *EngineReport) float64 {
			return e.Index.measured(e.Index.CPUSeconds * 1000 / float64(max(r.Corpus.Docs, 1)))
		}},
		{"size on disk MB", func(_ *Report, e *EngineReport) float64 { return float64(e.Index.SizeBytes) / 1e6 }},
		{"size / text", func(_ *Report, e *EngineReport) float64 { return e.Index.SizeOfText }},
		{"peak RSS MB indexing", func(_ *Report, e *EngineReport) float64 { return e.Index.measured(e.Index.PeakRSSMB) }},
		{"peak RSS MB serving", func(_ *Report, e *EngineReport) float64 {
			if e.Serving == nil {
				return math.NaN()
			}
			return e.Serving.PeakRSSMB
		}},
		{"1 client p50 ms", phase("in-process", 1, func(p *PhaseStats) float64 { return p.All.P50 })},
		{"1 client p99 ms", phase("in-process", 1, func(p *PhaseStats) float64 { return p.All.P99 })},
		{"1 client CPU ms / query", phase("in-process", 1, func(p *PhaseStats) float64 { return p.CPUPerQueryMS })},
		{"8 clients q/s", phase("in-process", 8, func(p *PhaseStats) float64 { return p.QPS })},
		{"8 clients p99 ms", phase("in-process", 8, func(p *PhaseStats) float64 { return p.All.P99 })},
		{"HTTP 1 client p99 ms", phase("http", 1, func(p *PhaseStats) float64 { return p.All.P99 })},
		{"suggestions p99 ms", phase("in-process", 1, func(p *PhaseStats) float64 { return p.ByClass[QPrefix].P99 })},
	}
	var names []string
	for _, r := range rs {
		for _, e := range r.Engines {
			if e.Skipped == "" && !slices.Contains(names, e.Name) {
				names = append(names, e.Name)
			}
		}
	}
	for _, name := range names {
		fmt.Fprintf(w, "| %s |", engineTitle(name))
		for _, r := range rs {
			fmt.Fprintf(w, " %s docs |", count(r.Corpus.Docs))
		}
		fmt.Fprintf(w, " growth |\n|---|%s---|\n", strings.Repeat("---:|", len(rs)))
		for _, f := range figures {
			vals := make([]float64, len(rs))
			for i, r := range rs {
				vals[i] = math.NaN()
				if e := r.engine(name); e != nil {
					vals[i] = f.get(r, e)
				}
			}
			if !slices.ContainsFunc(vals, func(v float64) bool { return !math.IsNaN(v) }) {
				continue // a figure this engine has at no size (HTTP of a peer)
			}
			fmt.Fprintf(w, "| %s |", f.name)
			for _, v := range vals {
				if math.IsNaN(v) {
					fmt.Fprint(w, " - |")
				} else {
					fmt.Fprintf(w, " %s |", num(v))
				}
			}
			var growth []string
			for i := 1; i < len(vals); i++ {
				if math.IsNaN(vals[i]) || math.IsNaN(vals[i-1]) || vals[i-1] == 0 {
					growth = append(growth, "-")
					continue
				}
				growth = append(growth, "x"+num(vals[i]/vals[i-1]))
			}
			fmt.Fprintf(w, " %s |\n", strings.Join(growth, ", "))
		}
		fmt.Fprintln(w)
	}
}

// engineTitle is an engine's name as BENCHMARKS.md writes it.
func engineTitle(name string) string {
	switch name {
	case EngineSQLite:
		return "SQLite FTS5"
	case EnginePostgres:
		return "PostgreSQL FTS"
	}
	return name
}

// count formats a whole number with thousands separators.
func count(n int) string {
	if n > -100 && n < 100 {
		return strconv.Itoa(n)
	}
	return num(float64(n))
}

// num formats a figure for reading: three significant digits below 100,
// whole numbers with thousands separators above.
func num(f float64) string {
	switch a := math.Abs(f); {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return "-"
	case a >= 100:
		s := strconv.FormatInt(int64(math.Round(f)), 10)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		if neg {
			s = "-" + s
		}
		return s
	case a >= 10:
		return strconv.FormatFloat(f, 'f', 1, 64)
	case a == 0:
		return "0"
	case a >= 1:
		return strconv.FormatFloat(f, 'f', 2, 64)
	default:
		return strconv.FormatFloat(f, 'g', 2, 64)
	}
}
