package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgCluster is a throwaway PostgreSQL cluster: initdb in a temporary
// directory, a Unix socket there, no TCP listener. When this process runs as
// root the cluster runs as the "postgres" user (initdb refuses root).
type pgCluster struct {
	binDir  string
	dir     string // holds data/ and the socket
	runAs   string // "" or the user to run as
	version string
	log     *slog.Logger
}

// findPostgres returns the directory holding initdb, pg_ctl and postgres,
// or ErrSkipped naming the Debian package to install.
func findPostgres() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		d := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql postgresql-contrib hunspell-pl", ErrSkipped)
}

// newCluster finds the PostgreSQL programs and the user to run them as.
func newCluster(logger *slog.Logger) (*pgCluster, error) {
	bin, err := findPostgres()
	if err != nil {
		return nil, err
	}
	c := &pgCluster{binDir: bin, log: logger}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("%w: running as root and there is no postgres user to run the cluster as", ErrSkipped)
		}
		c.runAs = "postgres"
	}
	return c, nil
}

// startCluster creates a cluster in a new temporary directory and starts it.
func startCluster(ctx context.Context, logger *slog.Logger) (*pgCluster, error) {
	c, err := newCluster(logger)
	if err != nil {
		return nil, err
	}
	// Unix socket paths are limited to ~107 bytes: keep the directory short.
	// It is in the temporary directory rather than under Config.Out, which
	// the postgres user may not be allowed to reach.
	dir, err := os.MkdirTemp("", "ngobench-pg-")
	if err != nil {
		return nil, err
	}
	c.dir = dir
	if c.runAs != "" {
		if out, err := exec.CommandContext(ctx, "chown", c.runAs, dir).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("chown %s: %v: %s", dir, err, out)
		}
	}
	if _, err := c.run(ctx, "initdb", "-D", c.data(), "-A", "trust", "-U", "bench", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.start(ctx, time.Minute); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

// attachCluster starts the cluster an earlier run kept in dir. A run that
// was killed leaves a cluster that was not shut down: PostgreSQL recovers it
// from its write-ahead log on start, which takes longer than a clean start.
func attachCluster(ctx context.Context, dir string, logger *slog.Logger) (*pgCluster, error) {
	c, err := newCluster(logger)
	if err != nil {
		return nil, err
	}
	c.dir = dir
	if _, err := os.Stat(filepath.Join(c.data(), "PG_VERSION")); err != nil {
		return nil, fmt.Errorf("no kept PostgreSQL cluster in %s: %w", dir, err)
	}
	if err := c.start(ctx, 15*time.Minute); err != nil {
		return nil, err
	}
	return c, nil
}

// start starts the server on a Unix socket in c.dir and waits until it
// accepts connections.
func (c *pgCluster) start(ctx context.Context, wait time.Duration) error {
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=100", c.dir)
	if _, err := c.run(ctx, "pg_ctl", "-D", c.data(), "-o", opts, "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", strconv.Itoa(int(wait.Seconds())), "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		return fmt.Errorf("%w\n%s", err, log)
	}
	out, _ := c.run(ctx, "postgres", "--version")
	c.version = strings.TrimSpace(out)
	return nil
}

func (c *pgCluster) data() string { return filepath.Join(c.dir, "data") }

func (c *pgCluster) run(ctx context.Context, prog string, args ...string) (string, error) {
	name := filepath.Join(c.binDir, prog)
	if c.runAs != "" {
		args = append([]string{"-u", c.runAs, "--", name}, args...)
		name = "runuser"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = os.TempDir()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w: %s", prog, strings.Join(args, " "), err, out.String())
	}
	return out.String(), nil
}

func (c *pgCluster) connString() string {
	return fmt.Sprintf("host=%s user=bench dbname=postgres sslmode=disable", c.dir)
}

// pids are the cluster's processes: the postmaster and its children.
func (c *pgCluster) pids() []int {
	b, err := os.ReadFile(filepath.Join(c.data(), "postmaster.pid"))
	if err != nil {
		return nil
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return nil
	}
	out := []int{pm}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(st)
		if i := strings.LastIndexByte(s, ')'); i > 0 {
			f := strings.Fields(s[i+1:])
			if len(f) > 1 && f[1] == strconv.Itoa(pm) {
				out = append(out, pid)
			}
		}
	}
	return out
}

// stop shuts the server down and, unless keep, removes the cluster.
func (c *pgCluster) stop(keep bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := c.run(ctx, "pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop")
	if keep {
		return err
	}
	if rerr := os.RemoveAll(c.dir); err == nil {
		err = rerr
	}
	return err
}

// pgEngine is PostgreSQL full-text search as a city developer would set it
// up: a documents table with a stored generated tsvector (title weight A,
// text weight D), a GIN index, websearch_to_tsquery and ts_rank_cd, and
// ts_headline for the snippets of one result page.
type pgEngine struct {
	cl    *pgCluster
	cfg   string // text search configuration
	conns chan *pgx.Conn
	all   []*pgx.Conn
	conc  int
	keep  bool        // the cluster outlives Close
	load  []*pgx.Conn // the loading connections
}

// pgConfigSQL creates the best Polish configuration available: the Polish
// hunspell dictionary (Debian hunspell-pl, linked into tsearch_data by
// postgresql-common as pl_pl) with unaccent-free fallback to simple. Without
// the dictionary: simple + unaccent.
const pgPolishSQL = `
CREATE TEXT SEARCH DICTIONARY pl_ispell (TEMPLATE = ispell, DictFile = pl_pl, AffFile = pl_pl);
CREATE TEXT SEARCH CONFIGURATION pl (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION pl ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
  WITH pl_ispell, simple;
`

const pgSimpleSQL = `
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION pl (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION pl ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
  WITH unaccent, simple;
`

const pgSchema = `
CREATE TABLE docs(
  id text PRIMARY KEY, url text NOT NULL, title text NOT NULL, body text NOT NULL,
  type text, host text, kind text, year int, published timestamptz,
  tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('pl', title), 'A') || setweight(to_tsvector('pl', body), 'D')) STORED);
CREATE INDEX docs_tsv ON docs USING gin(tsv);
CREATE INDEX docs_type_year ON docs(type, year);
CREATE TABLE grants(source_id text NOT NULL, org text NOT NULL, org_key text NOT NULL, krs text,
  task text, amount bigint NOT NULL, year int);
CREATE INDEX grants_source ON grants(source_id);
CREATE INDEX grants_org ON grants(org_key, year);
`

// headlineChars bounds the text ts_headline parses per hit.
const headlineChars = 8000

// pgLoaders is how many connections load in parallel: one per core, as
// ngosearch's indexing uses every core.
const pgLoaders = 2

// pgClusterFile, in the engine's work directory, names the directory of the
// cluster a run with Config.KeepIndexes kept.
const pgClusterFile = "cluster"

// newPostgres starts a new cluster with the Polish configuration and the
// schema, ready to load. With keep, the cluster outlives the run and
// workDir/cluster names it.
func newPostgres(ctx context.Context, conc int, logger *slog.Logger, workDir string, keep bool) (*pgEngine, error) {
	cl, err := startCluster(ctx, logger)
	if err != nil {
		return nil, err
	}
	e := &pgEngine{cl: cl, conc: conc}
	fail := func(err error) (*pgEngine, error) {
		e.Close()
		return nil, err
	}
	conn, err := pgx.Connect(ctx, cl.connString())
	if err != nil {
		return fail(fmt.Errorf("connecting to postgres: %w", err))
	}
	defer conn.Close(ctx)
	e.cfg = "pl_ispell (hunspell-pl)"
	if _, err := conn.Exec(ctx, pgPolishSQL); err != nil {
		logger.Info("postgres: no Polish dictionary, using simple+unaccent", "err", err)
		e.cfg = "simple+unaccent"
		if _, err := conn.Exec(ctx, pgSimpleSQL); err != nil {
			return fail(fmt.Errorf("creating text search configuration: %w", err))
		}
	}
	if _, err := conn.Exec(ctx, pgSchema); err != nil {
		return fail(fmt.Errorf("creating postgres schema: %w", err))
	}
	for range pgLoaders {
		c, err := pgx.Connect(ctx, cl.connString())
		if err != nil {
			return fail(err)
		}
		e.load = append(e.load, c)
	}
	if keep {
		if err := os.MkdirAll(workDir, 0o755); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(filepath.Join(workDir, pgClusterFile), []byte(cl.dir+"\n"), 0o644); err != nil {
			return fail(err)
		}
		e.keep = true
	}
	return e, nil
}

// reusePostgres starts the cluster a run with Config.KeepIndexes kept, as
// workDir/cluster names it, for serving only; it is kept again afterwards.
func reusePostgres(ctx context.Context, conc int, logger *slog.Logger, workDir string) (*pgEngine, error) {
	b, err := os.ReadFile(filepath.Join(workDir, pgClusterFile))
	if err != nil {
		return nil, fmt.Errorf("no kept PostgreSQL cluster (run with -keep first): %w", err)
	}
	cl, err := attachCluster(ctx, strings.TrimSpace(string(b)), logger)
	if err != nil {
		return nil, err
	}
	e := &pgEngine{cl: cl, conc: conc, keep: true}
	conn, err := pgx.Connect(ctx, cl.connString())
	if err != nil {
		e.Close()
		return nil, fmt.Errorf("connecting to postgres: %w", err)
	}
	defer conn.Close(ctx)
	var polish bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'pl_ispell')`).Scan(&polish); err != nil {
		e.Close()
		return nil, fmt.Errorf("reading the kept cluster's configuration: %w", err)
	}
	e.cfg = "simple+unaccent"
	if polish {
		e.cfg = "pl_ispell (hunspell-pl)"
	}
	return e, nil
}

func (e *pgEngine) Name() string { return "postgres-fts" }

// Index loads a batch with COPY, split over the loading connections.
func (e *pgEngine) Index(ctx context.Context, items []Item) error {
	parts := len(e.load)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(items)/parts, (p+1)*len(items)/parts
		wg.Go(func() { errs[p] = e.copy(ctx, e.load[p], items[lo:hi]) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (e *pgEngine) copy(ctx context.Context, conn *pgx.Conn, items []Item) error {
	rows := make([][]any, len(items))
	var grants [][]any
	for i := range items {
		d := &items[i].Doc
		rows[i] = []any{d.ID, d.URL, d.Title, docText(&items[i]), string(d.Type), d.Host, string(d.Kind), d.Published.Year(), d.Published}
		for _, g := range items[i].Grants {
			grants = append(grants, []any{g.SourceID, g.Organization, g.OrgKey, g.KRS, g.Task, int64(g.Amount), g.Year})
		}
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"docs"}, []string{"id", "url", "title", "body", "type", "host", "kind", "year", "published"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copying documents: %w", err)
	}
	if len(grants) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"grants"}, []string{"source_id", "org", "org_key", "krs", "task", "amount", "year"}, pgx.CopyFromRows(grants)); err != nil {
			return fmt.Errorf("copying grants: %w", err)
		}
	}
	return tx.Commit(ctx)
}

func (e *pgEngine) Flush(ctx context.Context) error {
	for _, q := range []string{"VACUUM ANALYZE docs", "VACUUM ANALYZE grants", "CHECKPOINT"} {
		if _, err := e.load[0].Exec(ctx, q); err != nil {
			return fmt.Errorf("postgres %s: %w", q, err)
		}
	}
	for _, c := range e.load {
		c.Close(ctx)
	}
	e.load = nil
	return nil
}

// Reopen opens one connection per concurrent client and warms each up
// (the first query of a session loads the dictionary).
func (e *pgEngine) Reopen(ctx context.Context) error {
	e.conns = make(chan *pgx.Conn, e.conc)
	conns := make([]*pgx.Conn, e.conc)
	errs := make([]error, e.conc)
	var wg sync.WaitGroup
	for i := range e.conc {
		wg.Go(func() {
			c, err := pgx.Connect(ctx, e.cl.connString())
			if err == nil {
				conns[i] = c
				_, err = c.Exec(ctx, "SELECT to_tsvector('pl', 'sprawozdania')")
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, c := range conns {
		if c != nil {
			e.all = append(e.all, c)
			e.conns <- c
		}
	}
	return errors.Join(errs...)
}

func (e *pgEngine) Search(ctx context.Context, q Query) (int, error) {
	c := <-e.conns
	defer func() { e.conns <- c }()
	text := q.Text()
	where, args := "tsv @@ q", []any{text}
	if q.Class == QFiltered {
		where += " AND type = $2 AND year BETWEEN $3 AND $4"
		args = append(args, string(q.Type), q.FromYear, q.ToYear)
	}
	// ts_headline re-parses the text it is given with the dictionary; on
	// whole 40-page reports that costs seconds, so it gets the first
	// headlineChars characters, the usual mitigation.
	rows, err := c.Query(ctx, `SELECT id, title, ts_headline('pl', left(body, `+strconv.Itoa(headlineChars)+`), q, 'MaxWords=24, MinWords=12, MaxFragments=1')
		FROM (SELECT id, title, body, q, ts_rank_cd(tsv, q) AS r FROM docs, websearch_to_tsquery('pl', $1) q
		      WHERE `+where+` ORDER BY r DESC LIMIT 10) t ORDER BY r DESC`, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM docs, websearch_to_tsquery('pl', $1) q WHERE `+where, args...).Scan(&total); err != nil {
		return 0, err
	}
	if q.Class == QFiltered {
		rows, err := c.Query(ctx, `SELECT type, year, host, kind, count(*) FROM docs, websearch_to_tsquery('pl', $1) q WHERE `+where+
			` GROUP BY GROUPING SETS ((type), (year), (host), (kind))`, args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

func (e *pgEngine) Suggest(ctx context.Context, prefix string) (int, error) {
	c := <-e.conns
	defer func() { e.conns <- c }()
	// Prefix match on the title's lexemes (weight A), best first.
	var w strings.Builder
	for _, r := range strings.ToLower(prefix) {
		if r == '\'' || r == '\\' || r == ':' || r == '&' || r == '|' || r == '!' || r == '(' || r == ')' || r == ' ' {
			continue
		}
		w.WriteRune(r)
	}
	rows, err := c.Query(ctx, `SELECT title FROM docs, to_tsquery('simple', $1) q WHERE tsv @@ q ORDER BY ts_rank_cd(tsv, q) DESC LIMIT 8`, w.String()+":*A")
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	return n, rows.Err()
}

func (e *pgEngine) Size(ctx context.Context) (int64, error) {
	c, err := pgx.Connect(ctx, e.cl.connString())
	if err != nil {
		return 0, err
	}
	defer c.Close(ctx)
	var n int64
	err = c.QueryRow(ctx, `SELECT pg_total_relation_size('docs') + pg_total_relation_size('grants')`).Scan(&n)
	return n, err
}

func (e *pgEngine) Count(ctx context.Context) (int, error) {
	c := <-e.conns
	defer func() { e.conns <- c }()
	var n int
	err := c.QueryRow(ctx, `SELECT count(*) FROM docs`).Scan(&n)
	return n, err
}

func (e *pgEngine) PIDs() []int {
	if e.cl == nil {
		return nil
	}
	return e.cl.pids()
}

func (e *pgEngine) Close() error {
	ctx := context.Background()
	for _, c := range append(e.all, e.load...) {
		c.Close(ctx)
	}
	e.all, e.load = nil, nil
	if e.cl == nil {
		return nil
	}
	err := e.cl.stop(e.keep)
	e.cl = nil
	return err
}
