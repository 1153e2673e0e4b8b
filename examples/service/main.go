// Command service is an HTTP JSON service that embeds smecredit the way a
// bank's own service would: it loads access policies, rating models,
// scorecards, monitoring signal sets and exit option sets from a directory,
// decides under them over HTTP, records every decision in an audit store
// before answering, and reloads the directory on SIGHUP or when a file
// changes without dropping a request.
//
// Usage:
//
//	cd examples/service && go run . [-addr 127.0.0.1:8080] [-dir DIR] [-db FILE|postgres://...] [flags]
//
// Every flag can also be set by an environment variable, SMECREDIT_ and the
// flag's name in upper case with '-' as '_' (SMECREDIT_DB, SMECREDIT_MAX_BODY);
// a flag on the command line wins.
//
//	-addr        listen address (127.0.0.1:8080)
//	-dir         document directory (default: the embedded specs/)
//	-db          audit store: an SQLite file (smecredit-audit.db), a
//	             postgres:// URL, or "none" to record nothing
//	-poll        how often to look for changed files in -dir (10s; 0: never)
//	-max-body    largest request body, in bytes (1 MiB)
//	-log-format  json or text (json)
//	-log-level   debug, info, warn or error (info)
//
// Without -dir it serves the policies and models embedded from specs/ (copies
// of the portfolio job's). With -dir it serves the *.json files of DIR, each
// named <kind>-<name>.json with kind access, rating, scorecard, monitor or
// exit. SIGHUP, or a change seen by polling, reloads DIR: a file that
// compiles replaces its old version in one atomic swap; a file that does not
// keeps its old version serving, and the log, /healthz and /readyz say why.
// SIGINT and SIGTERM make /readyz fail, stop accepting connections, let
// in-flight requests finish and flush the audit store.
//
// Endpoints (JSON in, JSON out; each decision cites the id, version and
// hash of the document it was made under; /openapi.json describes them all):
//
//	GET  /healthz                              liveness, documents, last failed reload
//	GET  /readyz                               readiness: documents loaded, store answers, not draining
//	GET  /metrics                              Prometheus metrics
//	GET  /openapi.json                         the OpenAPI 3.1 description
//	GET  /v1/documents                         every loaded document: kind, id, version, hash, file
//	POST /v1/access/{policy}/decide            access decision for an applicant's facts
//	POST /v1/rating/{model}/score              expert rating of a firm's indicator values
//	POST /v1/scorecard/{id}/score              scorecard score of a record
//	POST /v1/monitor/{signals}/classify        early-warning signals and five-category class of a loan's history
//	POST /v1/exit/{set}/choose                 exit options for a troubled loan, valued and ranked
//	GET  /v1/decisions/{id}                    a recorded decision: input, output, reasons, document
//	POST /v1/decisions/{id}/replay             re-run a recorded decision under its stored document
//
// A decision endpoint takes ?version= to pick one of several loaded versions
// of a document; without it the only version, or the one in force by its
// effective date, decides. With an audit store, a decision's response
// carries its id in the Decision-ID header.
//
// Errors are RFC 9457 problem details (application/problem+json) with a
// stable "code" member; see package problem for the list.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/smecredit/smecredit/examples/service/audit"
	"github.com/smecredit/smecredit/examples/service/registry"
)

//go:embed specs/*.json
var embeddedSpecs embed.FS

// shutdownTimeout bounds how long in-flight requests may take to finish
// after SIGINT or SIGTERM.
const shutdownTimeout = 20 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	if err := run(ctx, os.Args[1:], os.Stderr, nil, hup, nil); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
}

// config is the service's configuration, from flags and the environment.
type config struct {
	addr, dir, db       string
	maxBody             int64
	poll                time.Duration
	logFormat, logLevel string
}

// parseConfig reads args, with SMECREDIT_* environment variables (looked up
// by getenv) as defaults for the flags args does not set.
func parseConfig(args []string, stderr io.Writer, getenv func(string) string) (config, error) {
	var c config
	fl := flag.NewFlagSet("service", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen on this `host:port`")
	fl.StringVar(&c.dir, "dir", "", "load policies and models from this `directory` (default: the embedded specs)")
	fl.StringVar(&c.db, "db", "smecredit-audit.db", "audit store: an SQLite `file`, a postgres:// URL, or none")
	fl.Int64Var(&c.maxBody, "max-body", defaultMaxBody, "largest request body accepted, in `bytes`")
	fl.DurationVar(&c.poll, "poll", 10*time.Second, "look for changed files in -dir this often (0: only on SIGHUP)")
	fl.StringVar(&c.logFormat, "log-format", "json", "log as json or text")
	fl.StringVar(&c.logLevel, "log-level", "info", "log at debug, info, warn or error")
	if err := fl.Parse(args); err != nil {
		return c, err
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fl.Args(), " "))
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fl.VisitAll(func(f *flag.Flag) {
		env := "SMECREDIT_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(env); v != "" && !set[f.Name] {
			if err := fl.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", env, v, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	if c.maxBody <= 0 {
		return c, fmt.Errorf("-max-body must be positive, got %d", c.maxBody)
	}
	if c.poll < 0 {
		return c, fmt.Errorf("-poll must not be negative, got %v", c.poll)
	}
	if c.logFormat != "json" && c.logFormat != "text" {
		return c, fmt.Errorf("-log-format must be json or text, got %q", c.logFormat)
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(c.logLevel)); err != nil {
		return c, fmt.Errorf("-log-level: %w", err)
	}
	return c, nil
}

// newLogger returns the logger c asks for, writing to w.
func (c config) newLogger(w io.Writer) *slog.Logger {
	var lv slog.Level
	lv.UnmarshalText([]byte(c.logLevel)) // checked by parseConfig
	opts := &slog.HandlerOptions{Level: lv}
	if c.logFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// run parses args, loads the documents, opens the audit store, serves until
// ctx is done, then shuts down gracefully. Each value received on hup
// reloads the documents. log nil means the logger the flags ask for, on
// stderr. When ready is not nil it is called with the listening address
// once the server accepts connections.
func run(ctx context.Context, args []string, stderr io.Writer, log *slog.Logger, hup <-chan os.Signal, ready func(net.Addr)) error {
	c, err := parseConfig(args, stderr, os.Getenv)
	if err != nil {
		return err
	}
	if log == nil {
		log = c.newLogger(stderr)
	}

	var fsys fs.FS
	source := c.dir
	if source == "" {
		sub, err := fs.Sub(embeddedSpecs, "specs")
		if err != nil {
			return err
		}
		fsys, source = sub, "embedded"
	} else {
		// os.DirFS reports a missing directory as "open .": say which.
		if fi, err := os.Stat(source); err != nil {
			return fmt.Errorf("-dir: %w", err)
		} else if !fi.IsDir() {
			return fmt.Errorf("-dir %s: not a directory", source)
		}
		fsys = os.DirFS(source)
	}
	reg, err := registry.New(fsys, source, compileDocument, documentOrder, log)
	if err != nil {
		return err
	}
	s := newServer(reg, log, c.maxBody)
	if c.db != "none" {
		store, err := audit.Open(ctx, c.db, audit.Options{Commit: s.metrics.commit})
		if err != nil {
			return err
		}
		defer store.Close() // after a failure below; the shutdown path closes it first
		s.store = store
		log.Info("audit store open", "driver", store.Driver(), "schemaVersion", audit.SchemaVersion())
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(s, log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "source", source)
	if ready != nil {
		ready(ln.Addr())
	}
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	if c.dir != "" && c.poll > 0 {
		go reg.Watch(watchCtx, c.poll)
	}

	for {
		select {
		case err := <-serveErr:
			return err
		case <-hup:
			log.Info("SIGHUP: reloading", "source", source)
			reg.Reload() // logs what changed and what failed
		case <-ctx.Done():
			log.Info("shutting down; finishing in-flight requests", "timeout", shutdownTimeout)
			s.draining.Store(true)
			stopWatch()
			sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			if s.store != nil {
				if err := s.store.Close(); err != nil {
					return fmt.Errorf("closing the audit store: %w", err)
				}
			}
			log.Info("stopped")
			return nil
		}
	}
}

// newHTTPServer returns an http.Server with the service's timeouts; its own
// errors (TLS handshakes, malformed requests) go to log at warning level.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    serverMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
