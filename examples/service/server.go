package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

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
// every request goes through: access log, panic recovery and body limit.
type server struct {
	reg     *registry.Registry
	log     *slog.Logger
	maxBody int64
	mux     *http.ServeMux
	panics  atomic.Int64 // recovered panics, for the tests; each is also logged
	now     func() time.Time
}

func newServer(reg *registry.Registry, log *slog.Logger, maxBody int64) *server {
	s := &server{reg: reg, log: log, maxBody: maxBody, mux: http.NewServeMux(), now: time.Now}
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
	s.handle(http.MethodGet, "/v1/documents", s.documents)
	s.registerDecisionRoutes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, problem.New(http.StatusNotFound, problem.CodeNotFound, "no such endpoint; GET /v1/documents lists what is loaded"))
	})
}

// ServeHTTP runs a request through the middleware and the routes.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
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

// health reports that the server is up and what it serves.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	snap := s.reg.Current()
	problem.WriteJSON(w, r, http.StatusOK, struct {
		Status     string    `json:"status"`
		Documents  int       `json:"documents"`
		Generation uint64    `json:"generation"`
		LoadedAt   time.Time `json:"loadedAt"`
	}{"ok", snap.Len(), snap.Generation(), snap.LoadedAt()})
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
