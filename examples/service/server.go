package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smecredit/smecredit/examples/service/audit"
	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// Server limits. The timeouts bound how long a slow or stalled client can hold
// a connection; decisions themselves take microseconds.
const (
	defaultMaxBody    = 1 << 20 // bytes; -max-body
	readHeaderTimeout = 5 * time.Second
	// maxHeaderBytes bounds a request's line and headers. The server checks it itself, so the
	// client gets a 431 problem document; net/http's own limit (serverMaxHeaderBytes) is set
	// well above it, since net/http answers with plain text.
	maxHeaderBytes       = 16 << 10
	serverMaxHeaderBytes = 1 << 20
	readTimeout          = 10 * time.Second
	writeTimeout         = 15 * time.Second
	idleTimeout          = 60 * time.Second
)

// server routes requests to the handlers and wraps them in the middleware
// every request goes through: request id, access log, metrics, panic
// recovery and body limit.
type server struct {
	reg      *registry.Registry
	store    *audit.Store // nil: decisions are not recorded
	log      *slog.Logger
	metrics  *metrics
	maxBody  int64
	mux      *http.ServeMux
	panics   atomic.Int64 // recovered panics, for the tests; each is also logged
	draining atomic.Bool  // set when shutdown starts: /readyz fails
	replays  sync.Map     // document file hashes → *registry.Snapshot compiled for replays
	replayed atomic.Int64 // snapshots compiled for replays
	now      func() time.Time
}

// newServer returns a server deciding under reg's documents, without an
// audit store; set store before serving to record decisions.
func newServer(reg *registry.Registry, log *slog.Logger, maxBody int64) *server {
	s := &server{reg: reg, log: slog.New(contextHandler{log.Handler()}), maxBody: maxBody, mux: http.NewServeMux(), now: time.Now}
	s.metrics = newMetrics(reg)
	s.routes()
	return s
}

// handle registers h for "METHOD /path" and, for the same path without a
// method, a 405 problem naming the allowed method. The method pattern is
// more specific, so it wins whenever the method matches.
func (s *server) handle(method, path string, h http.HandlerFunc) {
	s.mux.HandleFunc(method+" "+path, h)
	allow := method
	if method == http.MethodGet {
		allow = "GET, HEAD"
	}
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		problem.Write(w, r, problem.New(http.StatusMethodNotAllowed, problem.CodeMethodNotAllowed,
			fmt.Sprintf("%s is not allowed here; use %s", r.Method, allow)))
	})
}

func (s *server) routes() {
	s.handle(http.MethodGet, "/healthz", s.health)
	s.handle(http.MethodGet, "/readyz", s.ready)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.handle(http.MethodGet, "/openapi.json", serveOpenAPI)
	s.handle(http.MethodGet, "/v1/documents", s.documents)
	s.registerDecisionRoutes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, problem.New(http.StatusNotFound, problem.CodeNotFound, "no such endpoint; GET /v1/documents lists what is loaded"))
	})
}

// ServeHTTP runs a request through the middleware and the routes. The
// request gets an id (the client's X-Request-ID when it is sane, else a new
// one), returned in X-Request-ID and carried by every log line; a valid W3C
// traceparent header is passed back and logged with it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-ID")
	if !validRequestID(id) {
		id = newID()
	}
	w.Header().Set("X-Request-ID", id)
	ctx := context.WithValue(r.Context(), requestIDKey{}, id)
	if tp := r.Header.Get("traceparent"); tp != "" {
		if validTraceParent(tp) {
			w.Header().Set("traceparent", tp)
			ctx = context.WithValue(ctx, traceParentKey{}, tp)
		} else {
			r.Header.Del("traceparent")
		}
	}
	r = r.WithContext(ctx)
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		d := time.Since(start)
		s.metrics.observe(r.Pattern, r.Method, sw.status, d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", d))
	}()
	defer s.recoverPanic(sw, r)
	if n := headerBytes(r); n > maxHeaderBytes {
		problem.Write(sw, r, problem.New(http.StatusRequestHeaderFieldsTooLarge, problem.CodeHeaderTooLarge,
			fmt.Sprintf("the request line and headers take %d bytes, more than %d", n, maxHeaderBytes)))
		return
	}
	r.Body = http.MaxBytesReader(sw, r.Body, s.maxBody)
	s.mux.ServeHTTP(sw, r)
}

// headerBytes is the size of r's request line and headers as sent, near enough for a limit.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// recoverPanic turns a panic in a handler into a 500 problem and an error
// log line with the stack, so that no panic reaches a client as a dropped
// connection. http.ErrAbortHandler is re-raised: it is net/http's own way to
// abort a response.
func (s *server) recoverPanic(w *statusWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.panics.Add(1)
	s.log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	if w.status != 0 { // headers already sent: the best we can do is stop
		panic(http.ErrAbortHandler)
	}
	problem.Write(w, r, problem.New(http.StatusInternalServerError, problem.CodeInternal, "the server hit a bug; it has been logged"))
}

// statusWriter records the status and size of a response for the access log
// and so that panic recovery knows whether headers are out.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// healthBody is the body of /healthz and /readyz.
type healthBody struct {
	State  string `json:"status"` // "ok", "ready" or "not-ready"
	Reason string `json:"reason,omitempty"`
	registry.Status
	Store string `json:"store"` // "sqlite", "postgres" or "none"
}

func (s *server) healthBody(status string) healthBody {
	b := healthBody{State: status, Status: s.reg.Status(), Store: "none"}
	if s.store != nil {
		b.Store = s.store.Driver()
	}
	return b
}

// health reports that the process is up, what it serves and the last
// failed reload. It fails only when the process cannot answer at all.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	problem.WriteJSON(w, r, http.StatusOK, s.healthBody("ok"))
}

// ready reports whether the instance should receive traffic: it has a valid
// document set, its audit store answers and it is not shutting down. A
// failed reload does not make it unready (the previous documents serve);
// the body reports it.
func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	b := s.healthBody("ready")
	switch {
	case s.draining.Load():
		b.State, b.Reason = "not-ready", "shutting down"
	case s.reg.Current() == nil || s.reg.Current().Len() == 0:
		b.State, b.Reason = "not-ready", "no valid document set is loaded"
	case s.store != nil:
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.store.Ping(ctx); err != nil {
			b.State, b.Reason = "not-ready", "the audit store does not answer"
		}
	}
	status := http.StatusOK
	if b.State != "ready" {
		status = http.StatusServiceUnavailable
	}
	problem.WriteJSON(w, r, status, b)
}

// documents lists the loaded policies and models with version and hash.
func (s *server) documents(w http.ResponseWriter, r *http.Request) {
	snap := s.reg.Current()
	problem.WriteJSON(w, r, http.StatusOK, struct {
		Source     string               `json:"source"`
		Generation uint64               `json:"generation"`
		LoadedAt   time.Time            `json:"loadedAt"`
		Documents  []*registry.Document `json:"documents"`
	}{s.reg.Source(), snap.Generation(), snap.LoadedAt(), snap.List()})
}

// find returns the document a decision request names: kind k, the id from
// the path and the version from the "version" query parameter, or when
// there is none the version in force now (see snapshot.find). Otherwise it
// returns the problem to send.
func (s *server) find(r *http.Request, k registry.Kind, id string) (*registry.Document, *problem.Problem) {
	version := r.URL.Query().Get("version")
	d, versions := s.reg.Current().Find(k, id, version, s.now())
	if d != nil {
		return d, nil
	}
	c, what := problem.CodeUnknownModel, string(k)
	switch k {
	case registry.KindAccess:
		c, what = problem.CodeUnknownPolicy, "access policy"
	case registry.KindRating:
		what = "rating model"
	case registry.KindMonitor:
		what = "monitoring signal set"
	case registry.KindExit:
		what = "exit option set"
	}
	if len(versions) == 0 {
		return nil, problem.New(http.StatusNotFound, c, fmt.Sprintf("no %s %q is loaded; GET /v1/documents lists them", what, id))
	}
	var vs []string
	for _, v := range versions {
		vs = append(vs, strconv.Quote(v.Version))
	}
	if version != "" {
		return nil, problem.New(http.StatusNotFound, c, fmt.Sprintf("%s %q has no version %q; loaded: %s", what, id, version, strings.Join(vs, ", ")))
	}
	return nil, problem.New(http.StatusBadRequest, problem.CodeVersionRequired,
		fmt.Sprintf("%s %q has several versions and none is in force by its effective date; add ?version= with one of %s", what, id, strings.Join(vs, ", ")))
}
