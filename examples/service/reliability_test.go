package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
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

// reliabilityFor is how long TestReliability sends load to each store. The
// issue asks for 20 s; CI runs 3 s by default to stay fast. Set it with
// -reliability 20s or SMECREDIT_RELIABILITY=20s.
var reliabilityFor = flag.Duration("reliability", 0, "duration of TestReliability's load per store (default 3s, or $SMECREDIT_RELIABILITY)")

func reliabilityDuration(t *testing.T) time.Duration {
	if *reliabilityFor > 0 {
		return *reliabilityFor
	}
	if v := os.Getenv("SMECREDIT_RELIABILITY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("SMECREDIT_RELIABILITY=%q: %v", v, err)
		}
		return d
	}
	return 3 * time.Second
}

// reliabilityStores are the audit stores TestReliability runs with.
func reliabilityStores(t *testing.T) map[string]string {
	stores := map[string]string{"sqlite": filepath.Join(t.TempDir(), "audit.db")}
	if pg := os.Getenv("SMECREDIT_TEST_POSTGRES"); pg != "" {
		stores["postgres"] = pg
	}
	return stores
}

// serveLoopback serves h on a loopback port until the test ends and returns
// its base URL.
func serveLoopback(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(h, slog.New(slog.DiscardHandler))
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestReliability is the reliability test: 32 clients on loopback
// send decisions of every kind for a bounded time while the rating model's
// file flips between two versions and is reloaded, a broken document is
// dropped into the directory and the model's own file is broken for a
// while. Then: no answer is a 5xx or anything but a 200; every answer cites
// a valid document version (never a half-loaded set); every answered
// decision has exactly one audit record, and the store has no other; every
// record replays to the same answer. It runs with SQLite always and with
// PostgreSQL when SMECREDIT_TEST_POSTGRES holds a connection URL.
func TestReliability(t *testing.T) {
	if os.Getenv("SMECREDIT_TEST_POSTGRES") == "" {
		t.Log("SMECREDIT_TEST_POSTGRES is not set: running with SQLite only (set it to a postgres:// URL to test PostgreSQL too)")
	}
	for name, dsn := range reliabilityStores(t) {
		t.Run(name, func(t *testing.T) { reliability(t, dsn) })
	}
}

func reliability(t *testing.T, dsn string) {
	const clients = 32
	dur := reliabilityDuration(t)
	s, dir, _ := newTestServer(t)
	s.log = slog.New(slog.DiscardHandler)
	st, err := audit.Open(context.Background(), dsn, audit.Options{Commit: s.metrics.commit})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s.store = st
	before, err := st.IDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	base := serveLoopback(t, s)

	ratingFile := filepath.Join(dir, "rating-sme.json")
	data1, err := os.ReadFile(ratingFile)
	if err != nil {
		t.Fatal(err)
	}
	data2 := bytes.Replace(data1, []byte(`"2026-11-test"`), []byte(`"2026-12-test"`), 1)
	validRating := map[string]bool{registry.SHA256(data1): true, registry.SHA256(data2): true}

	type request struct{ target, body string }
	var requests []request
	for _, c := range auditCases {
		requests = append(requests, request{c.target, readRequest(t, c.file)})
	}

	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()

	var (
		mu       sync.Mutex
		answered = map[string]bool{} // decision ids of 200 answers
		failures atomic.Int64
		sent     atomic.Int64
	)
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := c; ctx.Err() == nil; i += clients {
				rq := requests[i%len(requests)]
				req, _ := http.NewRequest("POST", base+rq.target, strings.NewReader(rq.body))
				req.Header.Set("Content-Type", "application/json")
				sent.Add(1)
				resp, err := client.Do(req)
				if err != nil {
					fail("%s: %v", rq.target, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					fail("%s: status %d, %v: %s", rq.target, resp.StatusCode, err, body)
					continue
				}
				if i%20 == 0 { // a sample of the exchanges against openapi.json
					if errs := api.record("POST", req.URL.Path, []byte(rq.body), resp.StatusCode, resp.Header, body); len(errs) > 0 {
						fail("%s", errs[0])
					}
				}
				id := resp.Header.Get("Decision-ID")
				mu.Lock()
				dup := answered[id]
				answered[id] = true
				mu.Unlock()
				if id == "" || dup {
					fail("%s: decision id %q (duplicate %v)", rq.target, id, dup)
				}
				if strings.Contains(rq.target, "/rating/") {
					var got rateResponse
					if json.Unmarshal(body, &got) != nil || !validRating[got.Model.Hash] {
						fail("rating answer cites %+v, not a valid version: %s", got.Model, body)
					}
				}
			}
		})
	}

	// The reloader: flip versions, drop in a bad document, break the model
	// file for a while and mend it.
	reloads, failedReloads := 0, 0
	tick := time.NewTicker(25 * time.Millisecond)
	for step := 0; ctx.Err() == nil; step++ {
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
		data := data1
		if step%2 == 1 {
			data = data2
		}
		switch {
		case step == 10:
			os.WriteFile(filepath.Join(dir, "rating-bad.json"), []byte(`{"kind": "rating-model", "id": "bad", "weights": [`), 0o644)
		case step >= 20 && step < 30:
			data = data1[:len(data1)/2] // a half-written file
		case step == 40:
			os.Remove(filepath.Join(dir, "rating-bad.json"))
		}
		if err := os.WriteFile(ratingFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		reloads++
		if s.reg.Reload() != nil {
			failedReloads++
		}
	}
	tick.Stop()
	wg.Wait()
	if st := s.reg.Status(); st.Failures == 0 || !strings.Contains(st.LastFailure, "rating-bad.json") || st.Failing != (reloads <= 41) {
		t.Errorf("registry status after %d reloads, a bad document dropped in at the 11th and removed at the 41st: %+v", reloads, st)
	}

	// Exactly one record per answer, and no other.
	after, err := st.IDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]bool{}
	for _, id := range before {
		old[id] = true
	}
	var recorded []string
	for _, id := range after {
		if !old[id] {
			recorded = append(recorded, id)
		}
	}
	if len(recorded) != len(answered) {
		t.Errorf("%d new records for %d answered decisions", len(recorded), len(answered))
	}
	for _, id := range recorded {
		if !answered[id] {
			t.Errorf("record %s has no answer", id)
			break
		}
	}
	// Every record replays to the same answer.
	replayStart := time.Now()
	differ := 0
	var getTime time.Duration
	for _, id := range recorded {
		t0 := time.Now()
		rec, err := st.Get(context.Background(), id)
		getTime += time.Since(t0)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := s.replay(context.Background(), rec)
		if err != nil {
			t.Fatalf("replay %s: %v", id, err)
		}
		if !rr.Same {
			if differ++; differ <= 3 {
				t.Errorf("replay of %s (%s) differs: %+v", id, rec.Operation, rr.Diffs)
			}
		}
	}
	t.Logf("%s, %v: %d requests from %d clients, %d answered and recorded, %d failures, %d reloads (%d reported errors); replayed all in %v (reading them %v)",
		st.Driver(), dur, sent.Load(), clients, len(answered), failures.Load(), reloads, failedReloads, time.Since(replayStart).Round(time.Millisecond), getTime.Round(time.Millisecond))
}

// TestKillRestart builds the service, runs it as a process with an SQLite
// store (and with PostgreSQL when SMECREDIT_TEST_POSTGRES is set), kills it
// with SIGKILL while 8 clients send decisions, restarts it on the same
// store and checks that every decision answered before the kill is there
// and that a sample replays to the same answer.
func TestKillRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service as a process; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "service")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, db := range reliabilityStores(t) {
		t.Run(name, func(t *testing.T) { killRestart(t, bin, db) })
	}
}

func killRestart(t *testing.T, bin, db string) {
	dir := copyTestdata(t, testdataDocs...)
	base, cmd := startProcess(t, bin, "-dir", dir, "-db", db)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var answered []string
	var wg sync.WaitGroup
	body := readRequest(t, "rate.json")
	for range 8 {
		wg.Go(func() {
			for ctx.Err() == nil {
				resp, err := http.Post(base+"/v1/rating/sme-financial/score", "application/json", strings.NewReader(body))
				if err != nil {
					return // the process is gone
				}
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				if err == nil && resp.StatusCode == http.StatusOK {
					mu.Lock()
					answered = append(answered, resp.Header.Get("Decision-ID"))
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(700 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	cancel()
	wg.Wait()
	if len(answered) == 0 {
		t.Fatal("no decision answered before the kill")
	}

	base, cmd = startProcess(t, bin, "-dir", dir, "-db", db)
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	missing := 0
	for i, id := range answered {
		resp, err := http.Get(base + "/v1/decisions/" + id)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			missing++
			continue
		}
		if i%50 == 0 { // a sample replays through HTTP
			resp, err := http.Post(base+"/v1/decisions/"+id+"/replay", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			var rr replayResponse
			err = json.NewDecoder(resp.Body).Decode(&rr)
			resp.Body.Close()
			if err != nil || !rr.Same {
				t.Errorf("replay of %s after restart: %v %+v", id, err, rr.Diffs)
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d decisions answered before SIGKILL are missing after the restart", missing, len(answered))
	}
	t.Logf("%d decisions answered before SIGKILL, all recorded", len(answered))
}

// startProcess runs the service binary on a free loopback port and returns
// its base URL once /readyz answers 200.
func startProcess(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-log-format", "json", "-poll", "0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				addr <- line.Addr
			}
		}
	}()
	select {
	case a := <-addr:
		base := "http://" + a
		for range 100 {
			if resp, err := http.Get(base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return base, cmd
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		cmd.Process.Kill()
		t.Fatalf("%s never became ready", base)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the service did not start")
	}
	return "", nil
}
