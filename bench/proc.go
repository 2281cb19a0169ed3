package bench

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Memory is measured two ways, both from /proc:
//   - sampled: every 50 ms the resident set of the engine's processes
//     (RssAnon+RssFile of each, plus the largest RssShmem once, so
//     PostgreSQL's shared buffers are not counted once per backend); the
//     maximum over the phase is reported. This works for both in-process
//     engines (this process) and PostgreSQL (postmaster and children).
//   - for in-process engines also the kernel's exact peak, VmHWM, after
//     resetting it with "5" > /proc/self/clear_refs at the start of a phase.
//
// In-process figures include the harness itself (the Go runtime, the batch
// of generated documents being indexed); BaseRSS is the figure at the start
// of the phase, after a forced GC and release of memory to the OS.

type procStatus struct{ anon, file, shmem, hwm int64 } // bytes

func readStatus(pid int) (procStatus, bool) {
	p := "/proc/self/status"
	if pid != 0 {
		p = filepath.Join("/proc", strconv.Itoa(pid), "status")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return procStatus{}, false
	}
	var s procStatus
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		n *= 1024
		switch k {
		case "RssAnon":
			s.anon = n
		case "RssFile":
			s.file = n
		case "RssShmem":
			s.shmem = n
		case "VmHWM":
			s.hwm = n
		}
	}
	return s, true
}

// rssOf returns the resident set of pids (see above) and its anonymous
// part alone: RssFile includes the pages of memory-mapped index files
// (bleve maps its segments), which the kernel can drop under pressure.
func rssOf(pids []int) (rss, anon int64) {
	var shm int64
	for _, pid := range pids {
		if s, ok := readStatus(pid); ok {
			rss += s.anon + s.file
			anon += s.anon
			shm = max(shm, s.shmem)
		}
	}
	return rss + shm, anon
}

// sampler records the peak resident set of a set of processes.
type sampler struct {
	pids   func() []int
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
	mu     sync.Mutex
	peak   int64
	anon   int64
	base   int64
	inProc bool
}

func startSampler(pids func() []int) *sampler {
	inProc := false
	for _, p := range pids() {
		if p == 0 {
			inProc = true
		}
	}
	if inProc {
		runtime.GC()
		debug.FreeOSMemory()
		// Reset VmHWM to the current RSS; ignored where not permitted.
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	}
	s := &sampler{pids: pids, stop: make(chan struct{}), done: make(chan struct{}), inProc: inProc}
	s.base, s.anon = rssOf(pids())
	s.peak = s.base
	go func() {
		defer close(s.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				r, a := rssOf(s.pids())
				s.mu.Lock()
				s.peak = max(s.peak, r)
				s.anon = max(s.anon, a)
				s.mu.Unlock()
			}
		}
	}()
	return s
}

// finish stops sampling and returns the base and peak in bytes; for an
// in-process engine the peak is the larger of the samples and VmHWM.
func (s *sampler) finish() (base, peak int64) {
	s.once.Do(func() {
		r, a := rssOf(s.pids())
		close(s.stop)
		<-s.done
		s.mu.Lock()
		s.peak = max(s.peak, r)
		s.anon = max(s.anon, a)
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inProc {
		if st, ok := readStatus(0); ok {
			s.peak = max(s.peak, st.hwm)
		}
	}
	return s.base, s.peak
}

// cpuTime is the CPU time (user+system) used so far by pids (0: this
// process).
func cpuTime(pids []int) time.Duration {
	var total time.Duration
	for _, pid := range pids {
		if pid == 0 {
			var ru syscall.Rusage
			if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
				total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		// fields after ")": state(0) ppid(1) ... utime(11) stime(12)
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			st, _ := strconv.ParseInt(f[12], 10, 64)
			total += time.Duration(u+st) * time.Second / 100 // USER_HZ is 100 on Linux
		}
	}
	return total
}

// Machine describes where a run happened.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemoryMB  int64  `json:"memory_mb"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Kernel    string `json:"kernel"`
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				m.MemoryMB = kb / 1024
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				m.OS += ", " + strings.Trim(v, `"`)
			}
		}
	}
	return m
}

// loadAvg is the 1-minute load average, 0 when unknown.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// peakAnon is the largest anonymous resident set sampled.
func (s *sampler) peakAnon() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.anon
}
