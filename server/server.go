package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

// Index is what the server needs from the search index.
type Index interface {
	Search(ctx context.Context, r model.SearchRequest) (model.SearchResult, error)
	Grants(ctx context.Context, r model.GrantRequest) (model.GrantResult, error)
	Document(ctx context.Context, id string) (model.Document, error)
	Suggest(ctx context.Context, prefix string, n int) ([]string, error)
	Stats(ctx context.Context) (model.IndexStats, error)
}

// Config configures a Server. The zero value plus an Index is usable.
type Config struct {
	// Logger receives request logs and internal errors; default slog.Default().
	Logger *slog.Logger
	// RequestTimeout bounds one request's work; default 10s.
	RequestTimeout time.Duration
	// SiteName is shown in the page title; default "Wyszukiwarka NGO Kraków".
	SiteName string
	// RateLimit is the sustained requests per second one client may make to
	// the API; 0 turns limiting off (the default). RateBurst is the burst
	// allowed above it (default 2×RateLimit, at least 1).
	RateLimit float64
	RateBurst int
	// TrustedProxies are the addresses or CIDRs of reverse proxies whose
	// X-Forwarded-For names the client; default none: the peer address is
	// the client.
	TrustedProxies []string
	// AdminToken enables POST /admin/recrawl and /admin/rebuild, which call
	// Admin; the token is compared in constant time. Empty: no admin routes.
	AdminToken string
	Admin      func(ctx context.Context, job string) error
	// Archived reads the raw response archived at offset (a Document's
	// ArchiveOffset); nil: no archived copies are served.
	Archived func(ctx context.Context, offset int64) (http.Header, []byte, error)
	// CORSOrigins may call the read-only API from a browser: exact origins
	// ("https://www.krakow.pl") or "*" for any. Default: any origin.
	CORSOrigins []string
	// PublicURL is the address readers reach the service at
	// ("https://ngo.krakow.pl/szukaj"), for the absolute links of feeds, the
	// OpenSearch description and the data package. Empty: the scheme and
	// Host header of each request, which behind a reverse proxy are the
	// proxy's view and which any client can set.
	PublicURL string
}

// Validate checks the configuration and fills in defaults.
func (c *Config) Validate() error {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = 10 * time.Second
	}
	if c.RequestTimeout < 0 {
		return errors.New("server: request timeout must not be negative")
	}
	if c.RateLimit < 0 || c.RateBurst < 0 {
		return errors.New("server: rate limit and burst must not be negative")
	}
	if c.RateLimit > 0 && c.RateBurst == 0 {
		c.RateBurst = max(1, int(2*c.RateLimit))
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		return errors.New("server: the admin token must be at least 16 characters")
	}
	if c.CORSOrigins == nil {
		c.CORSOrigins = []string{"*"}
	}
	if c.SiteName == "" {
		c.SiteName = "Wyszukiwarka NGO Kraków"
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("server: public URL %q: want http(s)://host[/path], without query, fragment or user", c.PublicURL)
		}
		c.PublicURL = strings.TrimSuffix(u.String(), "/")
	}
	return nil
}

// Server serves the API and the UI.
type Server struct {
	cfg     Config
	ix      Index
	tmpl    *template.Template
	engine  *gin.Engine
	metrics *metrics
	limit   *limiter
}

// New builds the server and its router.
func New(cfg Config, ix Index) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if ix == nil {
		return nil, errors.New("server: no index")
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ix: ix, tmpl: tmpl}
	if cfg.RateLimit > 0 {
		s.limit = newLimiter(cfg.RateLimit, cfg.RateBurst)
	}
	s.engine = s.routes()
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("server: trusted proxies: %w", err)
	}
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

func (s *Server) routes() *gin.Engine {
	r := gin.New()
	s.metrics = newMetrics()
	r.Use(gin.Recovery(), s.metrics.observe, s.logRequests, s.securityHeaders, s.preflight, s.gzip, s.timeout)
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { s.fail(c, notFound("no such page: "+c.Request.URL.Path)) })
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{apiError{http.StatusMethodNotAllowed, "method_not_allowed", "method " + c.Request.Method + " not allowed"}})
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.metrics.handler())
	r.POST("/admin/:job", s.admin)
	r.GET("/feed.atom", s.cors, s.feed)
	r.GET("/opensearch.xml", s.openSearch)
	r.GET("/widget.js", s.widget)
	api := r.Group("/api", s.cors, s.rateLimit)
	api.GET("/datapackage.json", s.dataPackage)
	api.GET("/openapi.json", s.openAPI)
	api.GET("/search", s.cached, s.apiSearch)
	api.GET("/grants", s.cached, s.apiGrants)
	api.GET("/documents/:id", s.cached, s.apiDocument)
	api.GET("/documents/:id/archived", s.archived)
	api.GET("/suggest", s.cached, s.apiSuggest)
	api.GET("/organizations/:key", s.cached, s.apiOrganization)
	api.GET("/stats", s.cached, s.apiStats)

	r.GET("/", s.uiSearch)
	r.GET("/dokument/:id", s.uiDocument)
	r.GET("/granty", s.uiGrants)
	r.GET("/organizacja/:key", s.uiOrganization)
	static, _ := fs.Sub(assets, "static") // the embedded tree is fixed: cannot fail
	r.StaticFS("/static", http.FS(static))
	return r
}

func notFound(msg string) error { return fmt.Errorf("%w: %s", model.ErrNotFound, msg) }

func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.cfg.Logger.Info("request",
		"method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
		"bytes", c.Writer.Size(), "ms", time.Since(start).Milliseconds(), "client", c.ClientIP())
}

func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

func (s *Server) timeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// cors lets browsers on other origins read the API (never with cookies:
// the API has no state to protect and no credentials are allowed).
func (s *Server) cors(c *gin.Context) {
	s.allowOrigin(c)
	c.Next()
}

// allowOrigin sets Access-Control-Allow-Origin when the request's origin
// may read the API.
func (s *Server) allowOrigin(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" {
		return
	}
	for _, o := range s.cfg.CORSOrigins {
		if o == "*" {
			c.Header("Access-Control-Allow-Origin", "*")
			return
		}
		if o == origin {
			c.Header("Access-Control-Allow-Origin", origin)
			c.Header("Vary", "Origin")
			return
		}
	}
}

// preflight answers CORS preflight requests to the API. It runs before
// routing (engine middleware), so no catch-all OPTIONS route is needed.
func (s *Server) preflight(c *gin.Context) {
	if c.Request.Method != http.MethodOptions || !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.Next()
		return
	}
	s.allowOrigin(c)
	if c.Writer.Header().Get("Access-Control-Allow-Origin") == "" {
		c.AbortWithStatus(http.StatusForbidden)
		return
	}
	c.Header("Access-Control-Allow-Methods", "GET, OPTIONS")
	c.Header("Access-Control-Allow-Headers", "Accept, Content-Type")
	c.Header("Access-Control-Max-Age", "86400")
	c.AbortWithStatus(http.StatusNoContent)
}

func (s *Server) openAPI(c *gin.Context) {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

func (s *Server) widget(c *gin.Context) {
	b, err := assets.ReadFile("static/widget.js")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Header("Cross-Origin-Resource-Policy", "cross-origin")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", b)
}

// readyz says whether this instance should get traffic: the index answers
// a real search.
func (s *Server) readyz(c *gin.Context) {
	_, err := s.ix.Search(c.Request.Context(), model.SearchRequest{Query: "kraków", Page: 1, Size: 1, NoFacets: true})
	if err != nil {
		s.cfg.Logger.Warn("not ready", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) healthz(c *gin.Context) {
	// A lookup of an ID that cannot exist proves the index answers.
	_, err := s.ix.Document(c.Request.Context(), "healthz")
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		s.cfg.Logger.Error("health check failed", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
