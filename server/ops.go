package server

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"
)

// metrics are the server's Prometheus series, in a registry of its own so
// two servers in one process (tests) do not collide.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ngosearch_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ngosearch_http_request_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
}

func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return func(c *gin.Context) { h.ServeHTTP(c.Writer, c.Request) }
}

// gzipWriter compresses a response for clients that accept gzip.
type gzipWriter struct {
	gin.ResponseWriter
	zw *gzip.Writer
}

func (w *gzipWriter) Write(b []byte) (int, error) { return w.zw.Write(b) }

func (w *gzipWriter) WriteString(s string) (int, error) { return w.zw.Write([]byte(s)) }

func (w *gzipWriter) WriteHeader(code int) {
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(code)
}

var gzipPool = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

func (s *Server) gzip(c *gin.Context) {
	if !strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") || c.Request.Method == http.MethodHead ||
		strings.HasPrefix(c.Request.URL.Path, "/metrics") {
		c.Next()
		return
	}
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(c.Writer)
	c.Header("Content-Encoding", "gzip")
	c.Header("Vary", "Accept-Encoding")
	c.Writer = &gzipWriter{c.Writer, zw}
	defer func() {
		if c.Writer.Status() == http.StatusNotModified || c.Writer.Status() == http.StatusNoContent {
			c.Writer.Header().Del("Content-Encoding")
			zw.Reset(nil)
		} else {
			zw.Close()
		}
		gzipPool.Put(zw)
	}()
	c.Next()
}

// etagWriter buffers a GET response to give it an ETag and answer
// If-None-Match with 304: search results change only when the index does.
type etagWriter struct {
	gin.ResponseWriter
	buf    []byte
	status int
}

func (w *etagWriter) Write(b []byte) (int, error) {
	w.buf = append(w.buf, b...)
	return len(b), nil
}

func (w *etagWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *etagWriter) WriteHeader(code int) { w.status = code }

func (w *etagWriter) WriteHeaderNow() {}

func (w *etagWriter) Status() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

func (w *etagWriter) Size() int { return len(w.buf) }

func (w *etagWriter) Written() bool { return w.status != 0 || len(w.buf) > 0 }

// etagBasisKey names the context value a handler sets when its body has
// parts that change on every call (timings) and must not change the ETag.
const etagBasisKey = "ngosearch.etag-basis"

// cached gives cacheable API responses an ETag and a short Cache-Control.
func (s *Server) cached(c *gin.Context) {
	orig := c.Writer
	ew := &etagWriter{ResponseWriter: orig}
	c.Writer = ew
	c.Next()
	c.Writer = orig
	status := ew.Status()
	if status == http.StatusOK {
		basis := ew.buf
		if b, ok := c.Get(etagBasisKey); ok {
			basis = b.([]byte)
		}
		sum := sha256.Sum256(basis)
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		orig.Header().Set("ETag", etag)
		orig.Header().Set("Cache-Control", "public, max-age=60")
		if match := c.GetHeader("If-None-Match"); match != "" && strings.Contains(match, etag) {
			orig.Header().Del("Content-Encoding")
			orig.WriteHeader(http.StatusNotModified)
			orig.WriteHeaderNow()
			return
		}
	}
	orig.WriteHeader(status)
	orig.WriteHeaderNow()
	orig.Write(ew.buf)
}

// limiter is a per-client token bucket.
type limiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	clients map[string]*clientLimit
	sweep   time.Time
}

type clientLimit struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, clients: map[string]*clientLimit{}}
}

func (l *limiter) allow(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute {
		for k, v := range l.clients {
			if now.Sub(v.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	cl := l.clients[client]
	if cl == nil {
		cl = &clientLimit{l: rate.NewLimiter(l.rate, l.burst)}
		l.clients[client] = cl
	}
	cl.seen = now
	return cl.l.AllowN(now, 1)
}

func (s *Server) rateLimit(c *gin.Context) {
	if s.limit == nil {
		c.Next()
		return
	}
	if !s.limit.allow(c.ClientIP(), time.Now()) {
		c.Header("Retry-After", "1")
		c.AbortWithStatusJSON(http.StatusTooManyRequests, errorBody{apiError{http.StatusTooManyRequests, "rate_limited",
			"too many requests from your address; slow down"}})
		return
	}
	c.Next()
}

// ErrAdminBusy is returned by an AdminFunc when the same job already runs.
var ErrAdminBusy = errors.New("a job of this kind is already running")

// admin runs a recrawl or rebuild when the bearer token matches. Without a
// configured token the endpoints do not exist (404).
func (s *Server) admin(c *gin.Context) {
	if s.cfg.AdminToken == "" || s.cfg.Admin == nil {
		s.fail(c, notFound("no such page: "+c.Request.URL.Path))
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.AdminToken)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="ngosearch admin"`)
		c.AbortWithStatusJSON(http.StatusUnauthorized, errorBody{apiError{http.StatusUnauthorized, "unauthorized", "a valid admin token is required"}})
		return
	}
	job := c.Param("job")
	if job != "recrawl" && job != "rebuild" && job != "backup" {
		s.fail(c, notFound("no admin job "+job+" (recrawl, rebuild or backup)"))
		return
	}
	// The job outlives the request: it gets a background context.
	if err := s.cfg.Admin(context.WithoutCancel(c.Request.Context()), job); err != nil {
		if errors.Is(err, ErrAdminBusy) {
			c.AbortWithStatusJSON(http.StatusConflict, errorBody{apiError{http.StatusConflict, "busy", err.Error()}})
			return
		}
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"job": job, "status": "started"})
}
