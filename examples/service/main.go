// Command service is an HTTP JSON service that embeds smecredit the way a
// bank's own service would: it loads access policies, rating models,
// scorecards, monitoring signal sets and exit option sets from a directory,
// decides under them over HTTP, and reloads the directory on SIGHUP without
// dropping a request.
//
// Usage:
//
//	cd examples/service && go run . [-addr 127.0.0.1:8080] [-dir DIR] [-max-body BYTES]
//
// Without -dir it serves the policies and models embedded from specs/ (copies
// of the portfolio job's). With -dir it serves the *.json files of DIR, each
// named <kind>-<name>.json with kind access, rating, scorecard, monitor or
// exit. SIGHUP reloads DIR: a file that compiles replaces its old version in
// one atomic swap; a file that does not keeps its old version serving, and
// the log says why. SIGINT and SIGTERM stop accepting connections and let
// in-flight requests finish.
//
// Endpoints (JSON in, JSON out; each decision cites the id, version and
// hash of the document it was made under):
//
//	GET  /healthz                              liveness and the number of loaded documents
//	GET  /v1/documents                         every loaded document: kind, id, version, hash, file
//	POST /v1/access/{policy}/decide            access decision for an applicant's facts
//	POST /v1/rating/{model}/score              expert rating of a firm's indicator values
//	POST /v1/scorecard/{id}/score              scorecard score of a record
//	POST /v1/monitor/{signals}/classify        early-warning signals and five-category class of a loan's history
//	POST /v1/exit/{set}/choose                 exit options for a troubled loan, valued and ranked
//
// A decision endpoint takes ?version= to pick one of several loaded versions
// of a document; without it the only version, or the one in force by its
// effective date, decides.
//
// Errors are RFC 9457 problem details (application/problem+json) with a
// stable "code" member; see problem.go for the list.
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

	"github.com/smecredit/smecredit/examples/service/registry"
)

//go:embed specs/*.json
var embeddedSpecs embed.FS

// shutdownTimeout bounds how long in-flight requests may take to finish
// after SIGINT or SIGTERM.
const shutdownTimeout = 20 * time.Second

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	if err := run(ctx, os.Args[1:], os.Stderr, log, hup, nil); err != nil {
		log.Error("service stopped", "err", err)
		os.Exit(1)
	}
}

// run parses args, loads the documents, serves until ctx is done, then shuts
// down gracefully. Each value received on hup reloads the documents. When
// ready is not nil it is called with the listening address once the server
// accepts connections.
func run(ctx context.Context, args []string, stderr io.Writer, log *slog.Logger, hup <-chan os.Signal, ready func(net.Addr)) error {
	fl := flag.NewFlagSet("service", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "listen on this `host:port`")
	dir := fl.String("dir", "", "load policies and models from this `directory` (default: the embedded specs)")
	maxBody := fl.Int64("max-body", defaultMaxBody, "largest request body accepted, in `bytes`")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fl.Args(), " "))
	}
	if *maxBody <= 0 {
		return fmt.Errorf("-max-body must be positive, got %d", *maxBody)
	}

	var fsys fs.FS
	source := *dir
	if source == "" {
		sub, err := fs.Sub(embeddedSpecs, "specs")
		if err != nil {
			return err
		}
		fsys, source = sub, "embedded"
	} else {
		fsys = os.DirFS(source)
	}
	reg, err := registry.New(fsys, source, compileDocument, documentOrder, log)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(newServer(reg, log, *maxBody), log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "source", source)
	if ready != nil {
		ready(ln.Addr())
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
			sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
				return err
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
