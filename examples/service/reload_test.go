package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/smecredit/smecredit/examples/service/audit"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// rewrite replaces the first occurrence of old in dir/name with new.
func rewrite(t testing.TB, dir, name, old, new string) []byte {
	t.Helper()
	p := filepath.Join(dir, name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	data = []byte(strings.Replace(string(data), old, new, 1))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReloadGoodFile(t *testing.T) {
	s, dir, logs := newTestServer(t)
	before, _ := s.reg.Lookup(registry.KindRating, "sme-financial")
	data := rewrite(t, dir, "rating-sme.json", `"2026-11-test"`, `"2026-12-test"`)
	if err := s.reg.Reload(); err != nil {
		t.Fatalf("reload: %v", err)
	}
	after, _ := s.reg.Lookup(registry.KindRating, "sme-financial")
	if after.Version != "2026-12-test" || after.Hash != registry.SHA256(data) || after.Hash == before.Hash {
		t.Errorf("after reload serving %+v, want version 2026-12-test and hash %s", after, registry.SHA256(data))
	}
	if g := s.reg.Current().Generation(); g != 1 {
		t.Errorf("generation %d, want 1", g)
	}
	if !strings.Contains(logs.String(), "reload: replaced") {
		t.Errorf("log does not report the replacement:\n%s", logs)
	}
}

func TestReloadBadFile(t *testing.T) {
	s, dir, logs := newTestServer(t)
	before, _ := s.reg.Lookup(registry.KindRating, "sme-financial")

	// A change that breaks the model: weights no longer sum to 1.
	rewrite(t, dir, "rating-sme.json", `"weight": 0.4`, `"weight": 0.9`)
	// A new file that does not parse, and one of no known kind.
	if err := os.WriteFile(filepath.Join(dir, "rating-broken.json"), []byte(`{"id": `), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := s.reg.Reload()
	if err == nil {
		t.Fatal("reload of bad files reported no error")
	}
	for _, name := range []string{"rating-sme.json", "rating-broken.json", "notes.json"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("reload error does not name %s: %v", name, err)
		}
	}
	after, ok := s.reg.Lookup(registry.KindRating, "sme-financial")
	if !ok || after != before {
		t.Errorf("old version not kept: %+v, want %+v", after, before)
	}
	if n := s.reg.Current().Len(); n != len(testdataDocs) {
		t.Errorf("%d documents served, want %d", n, len(testdataDocs))
	}
	if !strings.Contains(logs.String(), "previous versions keep serving") {
		t.Errorf("log does not say why:\n%s", logs)
	}
	// The old version still answers.
	rec := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", `{"values": {"liabilities_to_assets": 0.5}}`)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), before.Hash) {
		t.Errorf("old version does not serve: %d %s", rec.Code, rec.Body)
	}

	// Fixing the file brings the new version in.
	rewrite(t, dir, "rating-sme.json", `"weight": 0.9`, `"weight": 0.4`)
	os.Remove(filepath.Join(dir, "rating-broken.json"))
	os.Remove(filepath.Join(dir, "notes.json"))
	if err := s.reg.Reload(); err != nil {
		t.Fatalf("reload after the fix: %v", err)
	}
}

func TestReloadRemovedFileAndDuplicate(t *testing.T) {
	s, dir, _ := newTestServer(t)
	// A second file defining the same model id is refused; the first stays.
	data, err := os.ReadFile(filepath.Join(dir, "rating-sme.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rating-zcopy.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.reg.Reload(); err == nil || !strings.Contains(err.Error(), "already defined by rating-sme.json") {
		t.Errorf("duplicate id: reload error %v", err)
	}
	if d, _ := s.reg.Lookup(registry.KindRating, "sme-financial"); d.File != "rating-sme.json" {
		t.Errorf("served from %s, want rating-sme.json", d.File)
	}
	// A removed file's document is no longer served... unless another file
	// now provides it.
	os.Remove(filepath.Join(dir, "rating-sme.json"))
	if err := s.reg.Reload(); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.reg.Lookup(registry.KindRating, "sme-financial"); d == nil || d.File != "rating-zcopy.json" {
		t.Errorf("after removal served %+v, want it from rating-zcopy.json", d)
	}
	os.Remove(filepath.Join(dir, "rating-zcopy.json"))
	if err := s.reg.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.reg.Lookup(registry.KindRating, "sme-financial"); ok {
		t.Error("removed model still served")
	}
}

// TestReloadConcurrent rates firms from many goroutines while the model file
// flips between two versions and reloads; run it with -race. Every answer
// must be a 200 citing one of the two versions with that version's hash.
func TestReloadConcurrent(t *testing.T) {
	s, dir, _ := newTestServer(t)
	v1, _ := s.reg.Lookup(registry.KindRating, "sme-financial")
	p := filepath.Join(dir, "rating-sme.json")
	data1, _ := os.ReadFile(p)
	data2 := []byte(strings.Replace(string(data1), `"2026-11-test"`, `"2026-12-test"`, 1))
	wantHash := map[string]string{v1.Version: v1.Hash, "2026-12-test": registry.SHA256(data2)}

	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	var served atomic.Int64
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				rec := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", `{"values": {"liabilities_to_assets": 0.5}}`)
				var got rateResponse
				if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
					errs <- fmt.Errorf("status %d: %s", rec.Code, rec.Body)
					return
				}
				if h, ok := wantHash[got.Model.Version]; !ok || h != got.Model.Hash {
					errs <- fmt.Errorf("answer cites %+v, not a loaded version", got.Model)
					return
				}
				served.Add(1)
			}
		})
	}
	for i := range 20 {
		data := data1
		if i%2 == 0 {
			data = data2
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s.reg.Reload(); err != nil {
			t.Error(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	t.Logf("%d requests served during 20 reloads", served.Load())
	for err := range errs {
		t.Error(err)
	}
}

// startRun runs the service as main does, on a free loopback port, and
// returns its base URL, a function that stops it and returns run's error,
// and the SIGHUP channel.
func startRun(t *testing.T, args ...string) (base string, stop func() error, hup chan os.Signal, logs *logBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	hup = make(chan os.Signal, 1)
	logs = &logBuffer{}
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "audit.db")}, args...), io.Discard,
			slogText(logs), hup, func(a net.Addr) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		base = "http://" + a.String()
	case err := <-done:
		cancel()
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("server did not start")
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				err = errors.New("run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return base, stop, hup, logs
}

func TestRunEmbeddedDefault(t *testing.T) {
	base, stop, _, _ := startRun(t)
	resp, err := http.Get(base + "/v1/documents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Source    string              `json:"source"`
		Documents []registry.Document `json:"documents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	entries, err := embeddedSpecs.ReadDir("specs")
	if err != nil {
		t.Fatal(err)
	}
	if list.Source != "embedded" || len(list.Documents) != len(entries) || len(entries) == 0 {
		t.Errorf("serving %d documents from %q, want all %d embedded ones", len(list.Documents), list.Source, len(entries))
	}
	if err := stop(); err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunBadStart(t *testing.T) {
	bad := copyTestdata(t)
	os.WriteFile(filepath.Join(bad, "rating-x.json"), []byte(`{`), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing directory", []string{"-dir", filepath.Join(t.TempDir(), "nope")}, "nope: no such file"},
		{"file as directory", []string{"-dir", filepath.Join(bad, "rating-x.json")}, "rating-x.json: not a directory"},
		{"empty directory", []string{"-dir", t.TempDir()}, "no policy or model files"},
		{"bad file", []string{"-dir", bad}, "rating-x.json"},
		{"bad flag", []string{"-max-body", "0"}, "must be positive"},
		{"extra argument", []string{"serve"}, "unexpected arguments"},
		{"port in use", []string{"-addr", "127.0.0.1:-1"}, "invalid port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), append([]string{"-db", "none"}, tt.args...), io.Discard, slogText(io.Discard), nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

// TestRunSIGHUP reloads through the signal channel, as main wires SIGHUP.
func TestRunSIGHUP(t *testing.T) {
	dir := copyTestdata(t, testdataDocs...)
	base, _, hup, logs := startRun(t, "-dir", dir)
	data := rewrite(t, dir, "rating-sme.json", `"2026-11-test"`, `"2026-12-test"`)
	hup <- syscall.SIGHUP
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Post(base+"/v1/rating/sme-financial/score", "application/json", strings.NewReader(`{"values": {"liabilities_to_assets": 0.5}}`))
		if err != nil {
			t.Fatal(err)
		}
		var got rateResponse
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got.Model.Hash == registry.SHA256(data) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("new version not served after SIGHUP; log:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestGracefulShutdown starts a request, stops the server while the request
// body is still arriving, and checks that the request completes with a 200
// and that run then returns cleanly. It talks raw HTTP/1.1 on a TCP
// connection so that the half-sent body is under the test's control.
func TestGracefulShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "audit.db")
	base, stop, _, logs := startRun(t, "-dir", copyTestdata(t, testdataDocs...), "-db", db)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"values": {"liabilities_to_assets": 0.5}}`
	head := fmt.Sprintf("POST /v1/rating/sme-financial/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the server read the head: the connection is now active

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	for !strings.Contains(logs.String(), "shutting down") {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-stopped:
		t.Fatalf("run returned before the in-flight request finished: %v", err)
	default:
	}
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"score"`) {
		t.Fatalf("in-flight request: status %d, body %s", resp.StatusCode, b)
	}
	if err := <-stopped; err != nil {
		t.Errorf("run: %v", err)
	}
	// The in-flight decision was recorded and the store flushed and closed.
	st, err := audit.Open(context.Background(), db, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Get(context.Background(), resp.Header.Get("Decision-ID")); err != nil {
		t.Errorf("the decision answered during shutdown: %v", err)
	}
	// New connections are refused now.
	if _, err := net.Dial("tcp", strings.TrimPrefix(base, "http://")); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

// TestReloadSchema changes and then breaks the access schema a policy is
// compiled against. A changed schema recompiles its policies (their hash
// covers the schema); a broken one keeps the old schema and the policies
// compiled against it serving.
func TestReloadSchema(t *testing.T) {
	s, dir, _ := newTestServer(t)
	find := func() *registry.Document {
		d, _ := s.reg.Current().Find(registry.KindAccess, "polish-sme-access", "2026.1", time.Now())
		if d == nil {
			t.Fatal("policy 2026.1 not served")
		}
		return d
	}
	before := find()
	rewrite(t, dir, "access-schema.json", `"unit": "ratio", "doc": "Attr4`, `"unit": "times", "doc": "Attr4`)
	if err := s.reg.Reload(); err != nil {
		t.Fatal(err)
	}
	changed := find()
	if changed.Hash == before.Hash || changed.FileHash != before.FileHash {
		t.Errorf("after a schema change: hash %s (was %s), file hash %s (was %s); want a new hash from an unchanged file",
			changed.Hash, before.Hash, changed.FileHash, before.FileHash)
	}

	rewrite(t, dir, "access-schema.json", `"kind": "decimal", "scale": 6, "unit": "times"`, `"kind": "complex", "scale": 6, "unit": "times"`)
	err := s.reg.Reload()
	if err == nil || !strings.Contains(err.Error(), "access-schema.json") {
		t.Fatalf("reload with a broken schema: %v", err)
	}
	if d := find(); d.Hash != changed.Hash {
		t.Errorf("policy hash %s after a broken schema, want the previous %s", d.Hash, changed.Hash)
	}
	body, _ := os.ReadFile(filepath.Join("testdata", "requests", "decide.json"))
	rec := do(s, "POST", "/v1/access/polish-sme-access/decide?version=2026.1", "application/json", string(body))
	if rec.Code != http.StatusOK {
		t.Errorf("decision after a broken schema: %d %s", rec.Code, rec.Body)
	}
}

// TestReloadEmptyDirectory keeps everything serving when the directory is
// emptied (say, by a deployment caught half-way).
func TestReloadEmptyDirectory(t *testing.T) {
	s, dir, _ := newTestServer(t)
	for _, n := range testdataDocs {
		os.Remove(filepath.Join(dir, n))
	}
	if err := s.reg.Reload(); err == nil || !strings.Contains(err.Error(), "no policy or model files") {
		t.Errorf("reload of an empty directory: %v", err)
	}
	if n := s.reg.Current().Len(); n != len(testdataDocs) {
		t.Errorf("%d documents serving, want the %d loaded before", n, len(testdataDocs))
	}
}
