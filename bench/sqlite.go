package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, FTS5 included
)

// sqliteEngine is SQLite FTS5 as a city developer would set it up: an
// external-content FTS5 table over a documents table (so snippet() works),
// tokenizer unicode61 with diacritics removed, bm25 ranking, prefix indexes
// for suggestions, WAL journal.
type sqliteEngine struct {
	path string
	db   *sql.DB
	rows int64
	conc int
}

const sqliteSchema = `
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE docs(
  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT NOT NULL, title TEXT NOT NULL,
  body TEXT NOT NULL, type TEXT, host TEXT, kind TEXT, year INTEGER, published INTEGER);
CREATE INDEX docs_type_year ON docs(type, year);
CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2', prefix='3 4 5');
CREATE TABLE grants(source_id TEXT NOT NULL, org TEXT NOT NULL, org_key TEXT NOT NULL, krs TEXT,
  task TEXT, amount INTEGER NOT NULL, year INTEGER);
CREATE INDEX grants_source ON grants(source_id);
CREATE INDEX grants_org ON grants(org_key, year);
`

func newSQLite(dir string, conc int) (*sqliteEngine, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	e := &sqliteEngine{path: filepath.Join(dir, "fts.db"), conc: conc}
	db, err := sql.Open("sqlite", e.path)
	if err != nil {
		return nil, fmt.Errorf("opening sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(sqliteSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("creating sqlite schema: %w", err)
	}
	e.db = db
	return e, nil
}

func (e *sqliteEngine) Name() string { return "sqlite-fts5" }

// docText is what the peers index as the body: lead, body and pages, pages
// separated by form feeds as pdftotext writes them.
func docText(it *Item) string {
	d := &it.Doc
	parts := []string{}
	if d.Lead != "" {
		parts = append(parts, d.Lead)
	}
	if d.Body != "" {
		parts = append(parts, d.Body)
	}
	if len(d.Pages) > 0 {
		parts = append(parts, strings.Join(d.Pages, "\f"))
	}
	return strings.Join(parts, "\n\n")
}

func (e *sqliteEngine) Index(ctx context.Context, items []Item) error {
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs(rowid, id, url, title, body, type, host, kind, year, published) VALUES (?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	fts, err := tx.PrepareContext(ctx, `INSERT INTO fts(rowid, title, body) VALUES (?,?,?)`)
	if err != nil {
		return err
	}
	gr, err := tx.PrepareContext(ctx, `INSERT INTO grants(source_id, org, org_key, krs, task, amount, year) VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		d := &it.Doc
		e.rows++
		body := docText(it)
		if _, err := ins.ExecContext(ctx, e.rows, d.ID, d.URL, d.Title, body, string(d.Type), d.Host, string(d.Kind), d.Published.Year(), d.Published.Unix()); err != nil {
			return fmt.Errorf("inserting %s: %w", d.URL, err)
		}
		if _, err := fts.ExecContext(ctx, e.rows, d.Title, body); err != nil {
			return fmt.Errorf("indexing %s: %w", d.URL, err)
		}
		for _, g := range it.Grants {
			if _, err := gr.ExecContext(ctx, g.SourceID, g.Organization, g.OrgKey, g.KRS, g.Task, int64(g.Amount), g.Year); err != nil {
				return fmt.Errorf("inserting grant: %w", err)
			}
		}
	}
	return tx.Commit()
}

func (e *sqliteEngine) Flush(ctx context.Context) error {
	// 'optimize' merges FTS5's b-trees into one, as a bulk load should end.
	for _, q := range []string{`INSERT INTO fts(fts) VALUES('optimize')`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := e.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite %s: %w", q, err)
		}
	}
	err := e.db.Close()
	e.db = nil
	return err
}

func (e *sqliteEngine) Reopen(ctx context.Context) error {
	db, err := sql.Open("sqlite", "file:"+e.path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(e.conc)
	db.SetMaxIdleConns(e.conc)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return err
	}
	e.db = db
	return nil
}

// ftsWords makes an FTS5 query of words: every word must occur, each one
// quoted so punctuation cannot break the syntax.
func ftsWords(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(q, " ")
}

func ftsMatch(q Query) string {
	if q.Class == QPhrase {
		return `"` + strings.ReplaceAll(strings.Join(q.Words, " "), `"`, `""`) + `"`
	}
	return ftsWords(q.Words)
}

func (e *sqliteEngine) Search(ctx context.Context, q Query) (int, error) {
	m := ftsMatch(q)
	where, args := "fts MATCH ?", []any{m}
	if q.Class == QFiltered {
		where += " AND d.type = ? AND d.year BETWEEN ? AND ?"
		args = append(args, string(q.Type), q.FromYear, q.ToYear)
	}
	// One result page: the top 10 by bm25 (title weighted like ngosearch's)
	// with a highlighted snippet, and the total.
	rows, err := e.db.QueryContext(ctx, `SELECT d.id, d.title, snippet(fts, 1, '<mark>', '</mark>', '…', 24)
		FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE `+where+` ORDER BY bm25(fts, 6.0, 1.0) LIMIT 10`, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id, title, snip string
		if err := rows.Scan(&id, &title, &snip); err != nil {
			rows.Close()
			return 0, err
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	var total int
	if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE `+where, args...).Scan(&total); err != nil {
		return 0, err
	}
	if q.Class == QFiltered {
		for _, col := range []string{"d.type", "d.year", "d.host", "d.kind"} {
			if err := drain(e.db.QueryContext(ctx, `SELECT `+col+`, count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE `+where+` GROUP BY 1`, args...)); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return rows.Close()
}

func (e *sqliteEngine) Suggest(ctx context.Context, prefix string) (int, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT d.title FROM fts JOIN docs d ON d.rowid = fts.rowid
		WHERE fts MATCH ? ORDER BY rank LIMIT 8`, `title : "`+strings.ReplaceAll(prefix, `"`, `""`)+`"*`)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Close()
}

func (e *sqliteEngine) Size(context.Context) (int64, error) { return dirSize(filepath.Dir(e.path)) }

func (e *sqliteEngine) Count(ctx context.Context) (int, error) {
	var n int
	err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&n)
	return n, err
}

// sqliteVersion is the SQLite library's version.
func sqliteVersion(ctx context.Context) (string, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	err = db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v)
	return v, err
}

func (e *sqliteEngine) PIDs() []int { return []int{0} }

func (e *sqliteEngine) Close() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	return err
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}
