package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smecredit/smecredit/examples/service/audit"
)

// BenchmarkDecideHTTP measures access decisions through HTTP on loopback
// from 32 concurrent clients, without an audit store and with the SQLite
// store (every decision committed before its answer, group-committed). It
// reports decisions per second and the p99 latency. Run it with
//
//	go test -run '^$' -bench DecideHTTP -benchmem -cpu 2 -benchtime 5000x
func BenchmarkDecideHTTP(b *testing.B) {
	for _, store := range []string{"none", "sqlite"} {
		b.Run("store="+store, func(b *testing.B) {
			s, _, _ := newTestServer(b)
			s.log = slog.New(slog.DiscardHandler)
			if store == "sqlite" {
				st, err := audit.Open(context.Background(), filepath.Join(b.TempDir(), "audit.db"), audit.Options{Commit: s.metrics.commit})
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				s.store = st
			}
			base := serveLoopback(b, s)
			rng := rand.New(rand.NewPCG(1, 2))
			bodies := make([]string, 100)
			for i := range bodies {
				bb, _ := json.Marshal(decideRequest{Facts: loadApplicant(b, rng)})
				bodies[i] = string(bb)
			}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			defer client.CloseIdleConnections()
			var mu sync.Mutex
			var lat []time.Duration
			// RunParallel runs parallelism × GOMAXPROCS clients: 32 in all.
			b.SetParallelism((32 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				i := 0
				for pb.Next() {
					i++
					t0 := time.Now()
					resp, err := client.Post(base+decidePath, "application/json", strings.NewReader(bodies[i%len(bodies)]))
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			b.StopTimer()
			if len(lat) == 0 {
				return
			}
			slices.Sort(lat)
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "decisions/s")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		})
	}
}
