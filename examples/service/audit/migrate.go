package audit

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// migrations are the schema's versions, in order: migration i brings the
// schema from version i to i+1. A published migration is never edited; a
// change is a new one appended. "BLOB" is written bytea for PostgreSQL.
var migrations = []string{
	// 1: documents by file hash, decisions citing them.
	`CREATE TABLE documents (
		file_hash TEXT PRIMARY KEY,
		kind      TEXT NOT NULL,
		id        TEXT NOT NULL,
		version   TEXT NOT NULL,
		hash      TEXT NOT NULL,
		file      TEXT NOT NULL,
		content   BLOB NOT NULL,
		stored_at TEXT NOT NULL
	);
	CREATE TABLE decisions (
		id            TEXT PRIMARY KEY,
		request_id    TEXT NOT NULL,
		traceparent   TEXT NOT NULL,
		decided_at    TEXT NOT NULL,
		operation     TEXT NOT NULL,
		query         TEXT NOT NULL,
		outcome       TEXT NOT NULL,
		input         BLOB NOT NULL,
		output        BLOB NOT NULL,
		reasons       BLOB NOT NULL,
		doc_kind      TEXT NOT NULL,
		doc_id        TEXT NOT NULL,
		doc_version   TEXT NOT NULL,
		doc_hash      TEXT NOT NULL,
		doc_file_hash TEXT NOT NULL REFERENCES documents (file_hash),
		doc_requires  TEXT NOT NULL
	);
	CREATE INDEX decisions_decided_at ON decisions (decided_at);
	CREATE INDEX decisions_request_id ON decisions (request_id);
	CREATE INDEX decisions_document ON decisions (doc_kind, doc_id, doc_version)`,
}

// SchemaVersion returns the schema version this package writes: the number
// of migrations.
func SchemaVersion() int { return len(migrations) }

// migrate brings the schema to SchemaVersion. PostgreSQL serialises
// concurrent migrations with a transaction-scoped advisory lock; SQLite's
// immediate transactions take the write lock at BEGIN. A store whose schema
// is newer than this package knows is refused.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit: migrate: %w", err)
	}
	defer tx.Rollback()
	if s.dialect == postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7346295611)`); err != nil {
			return fmt.Errorf("audit: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("audit: migrate: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("audit: migrate: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("audit: the store's schema is version %d, newer than this program's %d", have, len(migrations))
	}
	for v := have; v < len(migrations); v++ {
		for _, stmt := range strings.Split(migrations[v], ";") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if s.dialect == postgres {
				stmt = strings.ReplaceAll(stmt, "BLOB", "bytea")
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("audit: migration %d: %w", v+1, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`), v+1, timeText(time.Now())); err != nil {
			return fmt.Errorf("audit: migration %d: %w", v+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: migrate: %w", err)
	}
	return nil
}
