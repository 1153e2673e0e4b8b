// Package audit is a decision audit store: every decision a service answers
// is recorded, before the answer is sent, with its input, output, reasons,
// time, request id and the identity of the document it was made under; the
// documents themselves are stored by the SHA-256 of their bytes, so that a
// decision can be fetched and re-run under exactly its document years later.
//
// Two databases are supported through database/sql: SQLite (a file, through
// the pure-Go driver modernc.org/sqlite, so nothing needs installing) and
// PostgreSQL (through github.com/jackc/pgx/v5), which several instances of a
// service can share behind a load balancer. Open picks the driver from the
// data source name and brings the schema up to date with the versioned
// migrations in this package, under a lock so that instances starting
// together migrate once.
//
// Writes are group-committed: Record hands its record to one writer
// goroutine, which gathers the records waiting and commits them in one
// transaction; each Record call returns only after its transaction
// committed. A service that answers only after Record returned never loses
// an answered decision, even when the process is killed (SIGKILL) a moment
// later: SQLite runs in WAL mode with synchronous=FULL, PostgreSQL with its
// default synchronous_commit. Close stops taking records, commits those
// waiting and closes the database.
//
// References: SQLite "Write-Ahead Logging" and "PRAGMA synchronous"
// (sqlite.org/wal.html, sqlite.org/pragma.html#pragma_synchronous);
// PostgreSQL 17 documentation, section 28.3 "Asynchronous Commit" and
// "INSERT ... ON CONFLICT".
package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// Sentinel errors.
var (
	ErrClosed   = errors.New("audit: store closed")
	ErrNotFound = errors.New("audit: no such record")
)

// Document is a policy or model file as a decision cited it.
type Document struct {
	FileHash string `json:"fileHash"` // "sha256:" and the hex digest of Content; the key
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Version  string `json:"version"`
	Hash     string `json:"hash"` // the package's content hash (may cover required documents)
	File     string `json:"file"` // the file name it was loaded from
	Content  []byte `json:"-"`
}

// Record is one answered decision.
type Record struct {
	ID          string    `json:"id"`        // unique decision id
	RequestID   string    `json:"requestID"` // the request's X-Request-ID
	TraceParent string    `json:"traceparent,omitempty"`
	Time        time.Time `json:"time"`      // when it was decided, UTC
	Operation   string    `json:"operation"` // "access.decide", "rating.score", ...
	Query       string    `json:"query"`     // the request's query string, part of its input
	Outcome     string    `json:"outcome"`   // decision, grade, category or chosen option; may be empty
	Input       []byte    `json:"-"`         // the request body as received
	Output      []byte    `json:"-"`         // the response body as sent
	Reasons     []byte    `json:"-"`         // JSON: the reasons given, also inside Output
	// Document is the document decided under; Requires the documents it
	// was compiled against (an access policy's schema). Their Content must
	// be set when a Record is recorded; Get returns them without it (see
	// Store.Document).
	Document Document   `json:"document"`
	Requires []Document `json:"requires,omitempty"`
}

// dialect is the SQL flavour of a store.
type dialect int

const (
	sqlite dialect = iota
	postgres
)

// Store is a decision audit store. Its methods are safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect dialect
	stats   func(n int, d time.Duration, err error)

	mu     sync.RWMutex // guards closed against sends on in
	closed bool
	in     chan *pending
	done   chan struct{}

	stored sync.Map // FileHash → struct{}: documents known to be in the store
}

// pending is a record waiting for its commit.
type pending struct {
	rec *Record
	err chan error
}

// Options tunes a store; the zero value is the default.
type Options struct {
	// MaxBatch bounds how many records one transaction commits (default 256).
	MaxBatch int
	// Commit, when not nil, is called after each transaction with the
	// number of records, the time it took and its error, for metrics.
	Commit func(n int, d time.Duration, err error)
}

// Open opens the store at dsn and migrates its schema. A dsn starting with
// "postgres://" or "postgresql://" is a PostgreSQL connection string; any
// other is an SQLite file path (":memory:" is refused: a store must outlive
// its process).
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s := &Store{stats: opt.Commit}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.dialect = postgres
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			s.db.SetMaxOpenConns(8)
		}
	case dsn == "" || strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory"):
		return nil, fmt.Errorf("audit: %q: want a database file path or a postgres:// URL", dsn)
	default:
		s.dialect = sqlite
		path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		// WAL lets readers run beside the writer; synchronous=FULL makes
		// every commit durable; busy_timeout waits out a checkpoint.
		s.db, err = sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_txlock=immediate")
		if err == nil {
			s.db.SetMaxOpenConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	max := opt.MaxBatch
	if max <= 0 {
		max = 256
	}
	s.in = make(chan *pending, max)
	s.done = make(chan struct{})
	go s.write(max)
	return s, nil
}

// Driver names the database: "sqlite" or "postgres".
func (s *Store) Driver() string {
	if s.dialect == postgres {
		return "postgres"
	}
	return "sqlite"
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Record stores rec and returns once it is committed, or with the error that
// prevented it (ErrClosed after Close). When ctx ends first, Record returns
// ctx's error, and the record may still be committed.
func (s *Store) Record(ctx context.Context, rec *Record) error {
	p := &pending{rec: rec, err: make(chan error, 1)}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.in <- p:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	select {
	case err := <-p.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops taking records, commits every record already handed over,
// and closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	close(s.in)
	s.mu.Unlock()
	<-s.done
	return s.db.Close()
}

// write is the writer goroutine: it commits what is waiting, up to max
// records a transaction, until in is closed and drained.
func (s *Store) write(max int) {
	defer close(s.done)
	batch := make([]*pending, 0, max)
	for p := range s.in {
		batch = append(batch[:0], p)
	gather:
		for len(batch) < max {
			select {
			case q, ok := <-s.in:
				if !ok {
					break gather
				}
				batch = append(batch, q)
			default:
				break gather
			}
		}
		t0 := time.Now()
		err := s.commit(batch)
		if s.stats != nil {
			s.stats(len(batch), time.Since(t0), err)
		}
		if err != nil && len(batch) > 1 {
			// One bad record must not refuse the others: commit each alone.
			for _, q := range batch {
				q.err <- s.commit([]*pending{q})
			}
			continue
		}
		for _, q := range batch {
			q.err <- err
		}
	}
}

// commit writes batch in one transaction.
func (s *Store) commit(batch []*pending) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer tx.Rollback()
	var added []string
	var insert *sql.Stmt // prepared once per transaction
	for _, p := range batch {
		r := p.rec
		docs := append([]Document{r.Document}, r.Requires...)
		for _, d := range docs {
			if _, ok := s.stored.Load(d.FileHash); ok || d.FileHash == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO documents (file_hash, kind, id, version, hash, file, content, stored_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (file_hash) DO NOTHING`),
				d.FileHash, d.Kind, d.ID, d.Version, d.Hash, d.File, d.Content, timeText(time.Now())); err != nil {
				return fmt.Errorf("audit: storing document %s: %w", d.FileHash, err)
			}
			added = append(added, d.FileHash)
		}
		req := make([]string, len(r.Requires))
		for i, d := range r.Requires {
			req[i] = d.FileHash
		}
		if insert == nil {
			if insert, err = tx.PrepareContext(ctx, s.q(`INSERT INTO decisions (id, request_id, traceparent, decided_at, operation, query, outcome,
				input, output, reasons, doc_kind, doc_id, doc_version, doc_hash, doc_file_hash, doc_requires)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`)); err != nil {
				return fmt.Errorf("audit: %w", err)
			}
			defer insert.Close()
		}
		if _, err := insert.ExecContext(ctx,
			r.ID, r.RequestID, r.TraceParent, timeText(r.Time), r.Operation, r.Query, r.Outcome,
			nonNil(r.Input), nonNil(r.Output), nonNil(r.Reasons), r.Document.Kind, r.Document.ID, r.Document.Version, r.Document.Hash,
			r.Document.FileHash, strings.Join(req, " ")); err != nil {
			return fmt.Errorf("audit: storing decision %s: %w", r.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: commit: %w", err)
	}
	for _, h := range added {
		s.stored.Store(h, struct{}{})
	}
	return nil
}

// Get returns the decision with the given id, its documents without their
// Content, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (*Record, error) {
	row := s.db.QueryRowContext(ctx, s.q(`SELECT d.id, d.request_id, d.traceparent, d.decided_at, d.operation, d.query, d.outcome,
		d.input, d.output, d.reasons, d.doc_kind, d.doc_id, d.doc_version, d.doc_hash, d.doc_file_hash, d.doc_requires, m.file
		FROM decisions d JOIN documents m ON m.file_hash = d.doc_file_hash WHERE d.id = $1`), id)
	var r Record
	var at, requires string
	err := row.Scan(&r.ID, &r.RequestID, &r.TraceParent, &at, &r.Operation, &r.Query, &r.Outcome,
		&r.Input, &r.Output, &r.Reasons, &r.Document.Kind, &r.Document.ID, &r.Document.Version, &r.Document.Hash,
		&r.Document.FileHash, &requires, &r.Document.File)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: decision %q", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if r.Time, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return nil, fmt.Errorf("audit: decision %s: time %q: %w", id, at, err)
	}
	for _, h := range strings.Fields(requires) {
		d, err := s.Document(ctx, h)
		if err != nil {
			return nil, err
		}
		d.Content = nil
		r.Requires = append(r.Requires, d)
	}
	return &r, nil
}

// Document returns the stored document whose file hash is fileHash, with its
// Content, or ErrNotFound.
func (s *Store) Document(ctx context.Context, fileHash string) (Document, error) {
	var d Document
	err := s.db.QueryRowContext(ctx, s.q(`SELECT file_hash, kind, id, version, hash, file, content FROM documents WHERE file_hash = $1`), fileHash).
		Scan(&d.FileHash, &d.Kind, &d.ID, &d.Version, &d.Hash, &d.File, &d.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("%w: document %q", ErrNotFound, fileHash)
	}
	if err != nil {
		return Document{}, fmt.Errorf("audit: %w", err)
	}
	return d, nil
}

// IDs returns the ids of every recorded decision, in no particular order;
// for tests and audits of modest stores (it holds them all in memory).
func (s *Store) IDs(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM decisions`)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// q adapts a query written with PostgreSQL's $n placeholders to the store's
// dialect (SQLite's ?n).
func (s *Store) q(query string) string {
	if s.dialect == postgres {
		return query
	}
	return placeholder.ReplaceAllString(query, "?$1")
}

// timeText formats t for storage: UTC, fixed width, so that text order is
// time order.
func timeText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }

// nonNil returns b, or an empty slice when b is nil, for NOT NULL columns.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
