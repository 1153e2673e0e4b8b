package main

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/smecredit/smecredit/examples/service/registry"
)

// metrics are the service's Prometheus metrics, on a registry of their own
// (no global state: tests run several servers in one process).
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec   // by route, method, status
	latency     *prometheus.HistogramVec // by route
	decisions   *prometheus.CounterVec   // by operation, outcome
	storeWait   prometheus.Histogram     // a request's wait for its commit
	storeErrors prometheus.Counter
	commits     prometheus.Histogram // one transaction's duration
	batch       prometheus.Histogram // records per transaction
}

// newMetrics registers the metrics, and the registry's reload counts as
// functions read at scrape time.
func newMetrics(docs *registry.Registry) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "smecredit_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
	}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "smecredit_http_request_duration_seconds", Help: "Time from a request's headers to its response, by route pattern.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "smecredit_decisions_total", Help: "Answered decisions by operation and outcome (decision, grade, category or chosen option).",
	}, []string{"operation", "outcome"})
	m.storeWait = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "smecredit_store_record_seconds", Help: "Time a decision waits for its audit record to commit.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	})
	m.storeErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "smecredit_store_errors_total", Help: "Decisions refused because their audit record could not be committed.",
	})
	m.commits = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "smecredit_store_commit_seconds", Help: "Duration of one audit store transaction (a batch of records).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	})
	m.batch = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "smecredit_store_batch_records", Help: "Audit records committed per transaction.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
	})
	status := func(f func(registry.Status) float64) func() float64 {
		return func() float64 { return f(docs.Status()) }
	}
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.storeWait, m.storeErrors, m.commits, m.batch,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "smecredit_reloads_total", Help: "Document reloads attempted (SIGHUP or a changed directory)."},
			status(func(s registry.Status) float64 { return float64(s.Reloads) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "smecredit_reload_failures_total", Help: "Document reloads that reported an error; the previous versions kept serving."},
			status(func(s registry.Status) float64 { return float64(s.Failures) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "smecredit_reload_failing", Help: "1 when the most recent reload failed, else 0."},
			status(func(s registry.Status) float64 {
				if s.Failing {
					return 1
				}
				return 0
			})),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "smecredit_documents", Help: "Documents loaded in the snapshot in service."},
			status(func(s registry.Status) float64 { return float64(s.Documents) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "smecredit_documents_generation", Help: "Reloads that published a new document snapshot."},
			status(func(s registry.Status) float64 { return float64(s.Generation) })),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// observe counts one request.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// decided counts one answered decision.
func (m *metrics) decided(op, outcome string) { m.decisions.WithLabelValues(op, outcome).Inc() }

// storeLatency records a request's wait for its commit.
func (m *metrics) storeLatency(d time.Duration, err error) {
	m.storeWait.Observe(d.Seconds())
	if err != nil {
		m.storeErrors.Inc()
	}
}

// commit records one store transaction; it is audit.Options.Commit.
func (m *metrics) commit(n int, d time.Duration, err error) {
	m.commits.Observe(d.Seconds())
	m.batch.Observe(float64(n))
}
