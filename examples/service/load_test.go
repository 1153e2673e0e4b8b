package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smecredit/smecredit/access"

	"github.com/smecredit/smecredit/examples/service/registry"
)

// TestLoad is the bounded load test: it starts the real HTTP server (the
// same timeouts, middleware and handlers as main) on a loopback port, sends
// loadDecisions access decisions from loadClients concurrent clients,
// requires zero errors and every decision equal to the library's own, and
// logs throughput and p50/p99 latency. It stops itself after loadDeadline.
//
// Skipped with -short, and under the race detector: there the 20,000
// round trips cost about ten times the CPU and would not finish within the
// deadline on a shared two-core CI machine. Concurrency under -race is
// covered by TestReloadConcurrent.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped with -short")
	}
	if raceEnabled {
		t.Skip("load test skipped under the race detector (too slow to be a meaningful measurement)")
	}
	const (
		loadDecisions = 20000
		loadClients   = 64
		loadDeadline  = 60 * time.Second
		distinct      = 500 // distinct applicants, cycled
	)
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()

	dir := copyTestdata(t, testdataDocs...)
	log := slog.New(slog.DiscardHandler) // an access log line per request would measure the log
	reg, err := registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(newServer(reg, log, defaultMaxBody), log)
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + decidePath

	// Applicants and what the library decides for them.
	doc, _ := reg.Lookup(registry.KindAccess, "sme-credit-access-20")
	pol := doc.Compiled.(*access.Policy)
	bodies := make([][]byte, distinct)
	want := make([][]byte, distinct) // the exact response body the library's decision makes
	counts := map[access.Decision]int{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range distinct {
		facts := loadApplicant(t, rng)
		bodies[i], _ = json.Marshal(decideRequest{Facts: facts})
		out := libraryDecision(t, pol, decideRequest{Facts: facts})
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = append(b, '\n')
		counts[out.Decision]++
	}
	t.Logf("applicants: %d accept, %d refer, %d reject", counts[access.Accept], counts[access.Refer], counts[access.Reject])

	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: loadClients, MaxIdleConnsPerHost: loadClients, IdleConnTimeout: 10 * time.Second,
	}}
	defer client.CloseIdleConnections()
	latency := make([]time.Duration, loadDecisions)
	var next atomic.Int64
	var failures atomic.Int64
	var firstErr sync.Once
	fail := func(err error) {
		failures.Add(1)
		firstErr.Do(func() { t.Error(err) })
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range loadClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= loadDecisions || ctx.Err() != nil {
					return
				}
				k := i % distinct
				req, _ := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(bodies[k]))
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fail(fmt.Errorf("decision %d: %w", i, err))
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				latency[i] = time.Since(t0)
				if err != nil || resp.StatusCode != http.StatusOK {
					fail(fmt.Errorf("decision %d: status %d, %v: %s", i, resp.StatusCode, err, body))
					continue
				}
				if !bytes.Equal(body, want[k]) {
					fail(fmt.Errorf("decision %d: service answers\n%s\nlibrary decides\n%s", i, body, want[k]))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		t.Fatalf("load test stopped after %v: %v (%d of %d decisions sent)", loadDeadline, err, min(next.Load(), loadDecisions), loadDecisions)
	}
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d decisions failed", n, loadDecisions)
	}
	slices.Sort(latency)
	t.Logf("%d decisions from %d clients in %v: %.0f decisions/s, latency p50 %v, p99 %v, max %v",
		loadDecisions, loadClients, elapsed.Round(time.Millisecond), float64(loadDecisions)/elapsed.Seconds(),
		latency[loadDecisions/2].Round(time.Microsecond), latency[loadDecisions*99/100].Round(time.Microsecond),
		latency[loadDecisions-1].Round(time.Microsecond))
}

// loadApplicant returns the facts of a random variation of the good
// applicant: some facts moved across their rule's threshold, some missing.
func loadApplicant(t testing.TB, rng *rand.Rand) json.RawMessage {
	m := goodApplicant(t)
	m["operating_months"] = rng.IntN(120)
	m["debt_to_asset_ratio"] = fmt.Sprintf("%d.%04d", 0, 3000+rng.IntN(6000))
	m["inquiries_3m"] = rng.IntN(10)
	m["controller_age"] = 20 + rng.IntN(50)
	m["tax_credit_grade"] = []string{"A", "B", "M", "C", "D"}[rng.IntN(5)]
	m["on_blacklist"] = rng.IntN(20) == 0
	for _, f := range []string{"employees", "industry_code", "license_status"} {
		if rng.IntN(10) == 0 {
			delete(m, f)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
