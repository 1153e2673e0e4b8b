package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testDSNs are the stores the tests run against: SQLite always, PostgreSQL
// when SMECREDIT_TEST_POSTGRES holds a connection URL.
func testDSNs(t *testing.T) map[string]string {
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "audit.db")}
	if pg := os.Getenv("SMECREDIT_TEST_POSTGRES"); pg != "" {
		dsns["postgres"] = pg
	} else {
		t.Log("SMECREDIT_TEST_POSTGRES is not set: PostgreSQL not tested")
	}
	return dsns
}

func testRecord(id string) *Record {
	return &Record{
		ID: id, RequestID: "req-" + id, Time: time.Date(2026, 12, 3, 4, 5, 6, 7, time.UTC), Operation: "rating.score",
		Query: "version=1", Outcome: "BBB", Input: []byte(`{"values":{}}`), Output: []byte(`{"score":50}` + "\n"), Reasons: []byte(`[]`),
		Document: Document{FileHash: "sha256:doc-" + id[:1], Kind: "rating", ID: "m", Version: "1", Hash: "h", File: "rating-m.json", Content: []byte(`{"id":"m"}`)},
		Requires: []Document{{FileHash: "sha256:schema", Kind: "schema", ID: "s", Version: "s", Hash: "hs", File: "access-s.json", Content: []byte(`{}`)}},
	}
}

// TestStore records from many goroutines at once (group commit), reads the
// records back, reopens the store (migrations run once) and checks that a
// closed store refuses records.
func TestStore(t *testing.T) {
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var batches, maxBatch atomic.Int64
			st, err := Open(ctx, dsn, Options{Commit: func(n int, d time.Duration, err error) {
				batches.Add(1)
				if int64(n) > maxBatch.Load() {
					maxBatch.Store(int64(n))
				}
			}})
			if err != nil {
				t.Fatal(err)
			}
			prefix := fmt.Sprintf("%x", time.Now().UnixNano()) // PostgreSQL keeps rows between runs
			const n = 200
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() { errs <- st.Record(ctx, testRecord(fmt.Sprintf("%s-%03d", prefix, i))) })
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%d records in %d transactions, the largest %d", n, batches.Load(), maxBatch.Load())
			if batches.Load() >= n {
				t.Errorf("%d transactions for %d concurrent records: no group commit", batches.Load(), n)
			}
			want := testRecord(prefix + "-007")
			got, err := st.Get(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.RequestID != want.RequestID || !got.Time.Equal(want.Time) || string(got.Output) != string(want.Output) ||
				got.Document.FileHash != want.Document.FileHash || got.Document.File != want.Document.File ||
				len(got.Requires) != 1 || got.Requires[0].FileHash != "sha256:schema" || got.Query != want.Query {
				t.Errorf("read back %+v, want %+v", got, want)
			}
			d, err := st.Document(ctx, "sha256:schema")
			if err != nil || string(d.Content) != `{}` {
				t.Errorf("document: %+v, %v", d, err)
			}
			if _, err := st.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(nope) = %v, want ErrNotFound", err)
			}
			// A duplicate among good records fails alone.
			errs = make(chan error, 20)
			for i := range 20 {
				id := fmt.Sprintf("%s-b%02d", prefix, i)
				if i == 7 {
					id = prefix + "-007"
				}
				wg.Go(func() {
					if err := st.Record(ctx, testRecord(id)); (err != nil) != (i == 7) {
						errs <- fmt.Errorf("record %s: %v", id, err)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			if err := st.Record(ctx, testRecord(prefix+"-999")); !errors.Is(err, ErrClosed) {
				t.Errorf("Record after Close = %v, want ErrClosed", err)
			}

			st, err = Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer st.Close()
			var v int
			if err := st.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != SchemaVersion() {
				t.Errorf("schema version %d (%v), want %d", v, err, SchemaVersion())
			}
			if _, err := st.Get(ctx, want.ID); err != nil {
				t.Errorf("after reopening: %v", err)
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", ":memory:", "file::memory:?cache=shared"} {
		if st, err := Open(ctx, dsn, Options{}); err == nil {
			st.Close()
			t.Errorf("Open(%q) accepted an in-memory store", dsn)
		}
	}
	// A store migrated by a newer program.
	dsn := filepath.Join(t.TempDir(), "audit.db")
	st, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err := Open(ctx, dsn, Options{}); err == nil {
		st.Close()
		t.Error("a store with a newer schema was opened")
	}
}
