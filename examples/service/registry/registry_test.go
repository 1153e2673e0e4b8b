package registry_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/smecredit/smecredit/examples/service/registry"
)

// toy documents: {"id": ..., "version": ..., "needs": "other id"}; a file
// that is not such JSON, or needs a document not compiled before it, fails.
type toy struct {
	ID, Version, Needs string
}

func compileToy(name string, k registry.Kind, data []byte, done map[registry.Key]*registry.Document) (*registry.Document, error) {
	var t toy
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	d := &registry.Document{ID: t.ID, Version: t.Version, Compiled: t}
	if t.Needs != "" {
		dep, ok := done[registry.Key{Kind: registry.KindRating, ID: t.Needs, Version: "1"}]
		if !ok {
			return nil, fmt.Errorf("needs %s", t.Needs)
		}
		d.Requires = []*registry.Document{dep}
	}
	return d, nil
}

// orderToy compiles documents without needs first.
func orderToy(k registry.Kind, data []byte) int {
	if strings.Contains(string(data), "needs") {
		return 1
	}
	return 0
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestNewFindReloadStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rating-a.json", `{"id": "a", "version": "1"}`)
	write("rating-b.json", `{"id": "b", "version": "1", "needs": "a"}`)
	r, err := registry.New(os.DirFS(dir), dir, compileToy, orderToy, quiet)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := r.Lookup(registry.KindRating, "b")
	if !ok || len(b.Requires) != 1 || b.Requires[0].ID != "a" || string(b.Data) != `{"id": "b", "version": "1", "needs": "a"}` ||
		b.FileHash != registry.SHA256(b.Data) || b.Hash != b.FileHash || b.File != "rating-b.json" || b.Kind != registry.KindRating {
		t.Fatalf("b = %+v", b)
	}
	if st := r.Status(); st.Documents != 2 || st.Reloads != 0 || st.Failing || st.Source != dir {
		t.Errorf("status %+v", st)
	}

	write("rating-c.json", `{"id": `)
	err = r.Reload()
	if err == nil || !strings.Contains(err.Error(), "rating-c.json") {
		t.Fatalf("reload with a bad file: %v", err)
	}
	st := r.Status()
	if st.Reloads != 1 || st.Failures != 1 || !st.Failing || !strings.Contains(st.LastFailure, "rating-c.json") || st.LastFailureAt.IsZero() || st.Generation != 1 {
		t.Errorf("status after a failed reload %+v", st)
	}
	os.Remove(filepath.Join(dir, "rating-c.json"))
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); st.Failing || st.LastFailure == "" || st.Reloads != 2 {
		t.Errorf("status after a good reload keeps the last failure but is not failing: %+v", st)
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rating-a.json")
	os.WriteFile(p, []byte(`{"id": "a", "version": "1"}`), 0o644)
	r, err := registry.New(os.DirFS(dir), dir, compileToy, orderToy, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.Watch(ctx, 5*time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	if st := r.Status(); st.Reloads != 0 {
		t.Fatalf("an unchanged directory was reloaded %d times", st.Reloads)
	}
	os.WriteFile(p+".tmp", []byte(`{"id": "a", "version": "2"}`), 0o644)
	os.Rename(p+".tmp", p)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if d, _ := r.Lookup(registry.KindRating, "a"); d.Version == "2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the change was not picked up")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A broken file is reloaded once, not on every tick. (It is written
	// aside and renamed, so that the watcher cannot see it half-written.)
	os.WriteFile(p+".tmp", []byte(`{`), 0o644)
	os.Rename(p+".tmp", p)
	time.Sleep(60 * time.Millisecond)
	if st := r.Status(); st.Failures != 1 {
		t.Errorf("%d failed reloads of one unchanged broken file, want 1", st.Failures)
	}
	if d, _ := r.Lookup(registry.KindRating, "a"); d.Version != "2" {
		t.Errorf("after a broken file serving %q, want the previous version 2", d.Version)
	}
}

func TestBuild(t *testing.T) {
	files := []registry.File{
		{Name: "rating-b.json", Data: []byte(`{"id": "b", "version": "1", "needs": "a"}`)},
		{Name: "rating-a.json", Data: []byte(`{"id": "a", "version": "1"}`)},
	}
	s, err := registry.Build(files, compileToy, orderToy)
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Get(registry.Key{Kind: registry.KindRating, ID: "b", Version: "1"}); d == nil || d.Requires[0].ID != "a" {
		t.Errorf("b = %+v", d)
	}
	if _, err := registry.Build(files[:1], compileToy, orderToy); err == nil {
		t.Error("a document without what it needs was built")
	}
}

func TestNewRefuses(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"empty":      {},
		"bad file":   {"rating-a.json": {Data: []byte(`{`)}},
		"no kind":    {"notes.json": {Data: []byte(`{}`)}},
		"no id":      {"rating-a.json": {Data: []byte(`{"version": "1"}`)}},
		"duplicates": {"rating-a.json": {Data: []byte(`{"id": "a", "version": "1"}`)}, "rating-b.json": {Data: []byte(`{"id": "a", "version": "1"}`)}},
	}
	for name, fsys := range tests {
		if _, err := registry.New(fsys, name, compileToy, orderToy, quiet); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

// Example loads a directory of documents with a host's compile function
// and finds the version in force.
func Example() {
	fsys := fstest.MapFS{
		"rating-sme.json": {Data: []byte(`{"id": "sme", "version": "2026.1"}`)},
	}
	compile := func(name string, k registry.Kind, data []byte, done map[registry.Key]*registry.Document) (*registry.Document, error) {
		var t struct{ ID, Version string }
		if err := json.Unmarshal(data, &t); err != nil {
			return nil, err
		}
		return &registry.Document{ID: t.ID, Version: t.Version, Compiled: t}, nil
	}
	r, err := registry.New(fsys, "example", compile, func(registry.Kind, []byte) int { return 0 }, quiet)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := r.Lookup(registry.KindRating, "sme")
	fmt.Println(d.Kind, d.ID, d.Version, d.File, d.Hash[:15])
	// The hash is sha256sum of the file, as computed by coreutils.
	// Output: rating sme 2026.1 rating-sme.json sha256:6e60adbf
}
