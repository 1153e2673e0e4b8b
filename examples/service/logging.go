package main

import (
	"context"
	"log/slog"

	"github.com/google/uuid"
)

// traceParentKey is the context key of a request's W3C traceparent.
type traceParentKey struct{}

// contextHandler adds the request id and trace id of a request's context
// to every log record made with it.
type contextHandler struct{ slog.Handler }

// Handle adds requestID and traceID, when ctx has them, and passes r on.
func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestID(ctx); id != "" {
		r.AddAttrs(slog.String("requestID", id))
	}
	if tp, ok := ctx.Value(traceParentKey{}).(string); ok {
		r.AddAttrs(slog.String("traceID", tp[3:35]), slog.String("spanID", tp[36:52]))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the derived handler.
func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapper around the derived handler.
func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// newID returns a new request or decision id: a UUID of version 7 (RFC 9562
// section 5.7), so that ids sort by time.
func newID() string {
	id, err := uuid.NewV7()
	if err != nil { // the random source failed; a v4 panics the same way
		return uuid.NewString()
	}
	return id.String()
}
