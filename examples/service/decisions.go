package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/smecredit/smecredit/examples/service/audit"
	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// evalFunc decides a request under doc: it decodes r's body strictly and
// returns the response value, or the problem to send. It depends on nothing
// but doc, the body and r's query, so a recorded decision can be re-run.
type evalFunc func(doc *registry.Document, r *http.Request) (any, *problem.Problem)

// operation is one decision endpoint.
type operation struct {
	name  string        // "access.decide": the audit record's operation
	kind  registry.Kind // the kind of document it decides under
	path  string        // route pattern, with param as its one wildcard
	param string
	eval  evalFunc
}

// operations are the decision endpoints, by name.
var operations = []operation{
	{"access.decide", registry.KindAccess, "/v1/access/{policy}/decide", "policy", decide},
	{"rating.score", registry.KindRating, "/v1/rating/{model}/score", "model", rate},
	{"scorecard.score", registry.KindScorecard, "/v1/scorecard/{id}/score", "id", scoreCard},
	{"monitor.classify", registry.KindMonitor, "/v1/monitor/{signals}/classify", "signals", classify},
	{"exit.choose", registry.KindExit, "/v1/exit/{set}/choose", "set", choose},
}

// operationNamed returns the operation called name.
func operationNamed(name string) (operation, bool) {
	for _, op := range operations {
		if op.name == name {
			return op, true
		}
	}
	return operation{}, false
}

// registerDecisionRoutes adds the endpoints that decide under a document and
// those that fetch and replay recorded decisions.
func (s *server) registerDecisionRoutes() {
	for _, op := range operations {
		s.handle(http.MethodPost, op.path, s.decision(op))
	}
	s.handle(http.MethodGet, "/v1/decisions/{id}", s.getDecision)
	s.handle(http.MethodPost, "/v1/decisions/{id}/replay", s.replayDecision)
}

// recordingBody keeps a copy of what is read from a request body.
type recordingBody struct {
	io.ReadCloser
	buf bytes.Buffer
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.buf.Write(p[:n])
	return n, err
}

// decision returns the handler of op: find the document, decide, record
// the decision in the audit store (when there is one) and only then answer.
// A decision that cannot be recorded is not answered: the client gets a 503
// and may retry.
func (s *server) decision(op operation) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		doc, p := s.find(r, op.kind, r.PathValue(op.param))
		if p != nil {
			problem.Write(w, r, p)
			return
		}
		body := &recordingBody{ReadCloser: r.Body}
		r.Body = body
		resp, p := op.eval(doc, r)
		if p != nil {
			problem.Write(w, r, p)
			return
		}
		out, err := json.Marshal(resp)
		if err != nil {
			problem.Write(w, r, problem.New(http.StatusInternalServerError, problem.CodeInternal, "encoding the response failed"))
			return
		}
		out = append(out, '\n')
		outcome, reasons := outcomeOf(resp)
		if s.store != nil {
			id := newID()
			rec := &audit.Record{
				ID: id, RequestID: requestID(r.Context()), TraceParent: r.Header.Get("traceparent"),
				Time: s.now().UTC(), Operation: op.name, Query: r.URL.RawQuery, Outcome: outcome,
				Input: body.buf.Bytes(), Output: out, Reasons: reasons,
				Document: auditDocument(doc), Requires: make([]audit.Document, len(doc.Requires)),
			}
			for i, d := range doc.Requires {
				rec.Requires[i] = auditDocument(d)
			}
			t0 := time.Now()
			err := s.store.Record(r.Context(), rec)
			s.metrics.storeLatency(time.Since(t0), err)
			if err != nil {
				s.log.ErrorContext(r.Context(), "decision not recorded; not answered", "operation", op.name, "err", err)
				p := problem.New(http.StatusServiceUnavailable, problem.CodeStoreUnavailable, "the decision could not be recorded in the audit store; nothing was decided, retry later")
				w.Header().Set("Retry-After", "1")
				problem.Write(w, r, p)
				return
			}
			w.Header().Set("Decision-ID", id)
			w.Header().Set("Location", "/v1/decisions/"+id)
		}
		s.metrics.decided(op.name, outcome)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		w.Write(out)
	}
}

// auditDocument is the audit store's view of a registry document.
func auditDocument(d *registry.Document) audit.Document {
	return audit.Document{FileHash: d.FileHash, Kind: string(d.Kind), ID: d.ID, Version: d.Version, Hash: d.Hash, File: d.File, Content: d.Data}
}

// outcomeOf returns a decision response's outcome (decision, grade name,
// category or chosen option; empty for a bare score) and its reasons as
// JSON, for the audit record and the metrics.
func outcomeOf(resp any) (string, []byte) {
	var outcome string
	var reasons any
	switch v := resp.(type) {
	case decideResponse:
		outcome, reasons = v.Decision.String(), v.Reasons
	case rateResponse:
		outcome, reasons = v.GradeName, v.Contributions
	case scoreCardResponse:
		reasons = v.Reasons
	case monitorResponse:
		outcome, reasons = v.Category.String(), v.Reasons
	case chooseResponse:
		outcome, reasons = v.Chosen, v.Options
		if outcome == "" {
			outcome = "none-feasible"
		}
	}
	b, err := json.Marshal(reasons)
	if err != nil {
		b = []byte("null")
	}
	return outcome, b
}

// decisionView is the body of GET /v1/decisions/{id}: the audit record with
// its input and output as JSON.
type decisionView struct {
	*audit.Record
	Input   json.RawMessage `json:"input"`
	Output  json.RawMessage `json:"output"`
	Reasons json.RawMessage `json:"reasons"`
}

// getDecision returns a recorded decision.
func (s *server) getDecision(w http.ResponseWriter, r *http.Request) {
	rec, p := s.recorded(r)
	if p != nil {
		problem.Write(w, r, p)
		return
	}
	problem.WriteJSON(w, r, http.StatusOK, decisionView{Record: rec, Input: rawOrNull(rec.Input), Output: rawOrNull(rec.Output), Reasons: rawOrNull(rec.Reasons)})
}

// recorded loads the decision the path names, or returns the problem to send.
func (s *server) recorded(r *http.Request) (*audit.Record, *problem.Problem) {
	if s.store == nil {
		return nil, problem.New(http.StatusNotFound, problem.CodeUnknownDecision, "this service runs without an audit store (-db)")
	}
	id := r.PathValue("id")
	rec, err := s.store.Get(r.Context(), id)
	switch {
	case errors.Is(err, audit.ErrNotFound):
		return nil, problem.New(http.StatusNotFound, problem.CodeUnknownDecision, fmt.Sprintf("no decision %q is recorded", id))
	case err != nil:
		s.log.ErrorContext(r.Context(), "reading the audit store", "err", err)
		return nil, problem.New(http.StatusServiceUnavailable, problem.CodeStoreUnavailable, "the audit store could not be read")
	}
	return rec, nil
}

// rawOrNull returns b as JSON, or null when b is not valid JSON.
func rawOrNull(b []byte) json.RawMessage {
	if len(b) == 0 || !json.Valid(b) {
		return json.RawMessage("null")
	}
	return json.RawMessage(bytes.TrimSpace(b))
}

// replayResponse is the body of POST /v1/decisions/{id}/replay.
type replayResponse struct {
	ID       string           `json:"id"`
	Document audit.Document   `json:"document"`
	Same     bool             `json:"same"`        // the replayed output equals the recorded one
	Diffs    []difference     `json:"differences"` // where they differ, by JSON Pointer into the output
	Original json.RawMessage  `json:"original"`
	Replayed json.RawMessage  `json:"replayed"`
	Problem  *problem.Problem `json:"problem,omitempty"` // when the replay itself failed with a problem
}

// difference is one member whose value differs.
type difference struct {
	Pointer  string `json:"pointer"`
	Original any    `json:"original"`
	Replayed any    `json:"replayed"`
}

// replayDecision re-runs a recorded decision under exactly its documents,
// compiled afresh from the stored bytes, and reports any difference.
func (s *server) replayDecision(w http.ResponseWriter, r *http.Request) {
	rec, p := s.recorded(r)
	if p != nil {
		problem.Write(w, r, p)
		return
	}
	resp, err := s.replay(r.Context(), rec)
	if err != nil {
		s.log.ErrorContext(r.Context(), "replay failed", "decision", rec.ID, "err", err)
		problem.Write(w, r, problem.New(http.StatusInternalServerError, problem.CodeInternal, "replay failed: "+err.Error()))
		return
	}
	problem.WriteJSON(w, r, http.StatusOK, resp)
}

// replay re-runs rec and compares the outputs.
func (s *server) replay(ctx context.Context, rec *audit.Record) (*replayResponse, error) {
	op, ok := operationNamed(rec.Operation)
	if !ok {
		return nil, fmt.Errorf("unknown operation %q", rec.Operation)
	}
	snap, err := s.storedSnapshot(ctx, rec)
	if err != nil {
		return nil, err
	}
	doc := snap.Get(registry.Key{Kind: registry.Kind(rec.Document.Kind), ID: rec.Document.ID, Version: rec.Document.Version})
	if doc == nil || doc.FileHash != rec.Document.FileHash {
		return nil, fmt.Errorf("the stored documents do not define %s %q version %q", rec.Document.Kind, rec.Document.ID, rec.Document.Version)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/?"+rec.Query, bytes.NewReader(rec.Input))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	out := &replayResponse{ID: rec.ID, Document: rec.Document, Original: rawOrNull(rec.Output)}
	resp, p := op.eval(doc, req)
	if p != nil {
		out.Problem = p
		out.Replayed = json.RawMessage("null")
	} else {
		b, err := json.Marshal(resp)
		if err != nil {
			return nil, err
		}
		out.Replayed = b
	}
	out.Diffs = diffJSON(rec.Output, out.Replayed)
	out.Same = bytes.Equal(bytes.TrimSpace(rec.Output), bytes.TrimSpace(out.Replayed))
	if !out.Same && len(out.Diffs) == 0 { // equal values written differently
		out.Diffs = []difference{{Pointer: "", Original: "the same values in other bytes", Replayed: "the same values in other bytes"}}
	}
	return out, nil
}

// storedSnapshot compiles rec's documents from the store, or returns the
// snapshot compiled for an earlier replay under the same documents.
func (s *server) storedSnapshot(ctx context.Context, rec *audit.Record) (*registry.Snapshot, error) {
	key := rec.Document.FileHash
	for _, d := range rec.Requires {
		key += " " + d.FileHash
	}
	if snap, ok := s.replays.Load(key); ok {
		return snap.(*registry.Snapshot), nil
	}
	var files []registry.File
	for _, ad := range append(append([]audit.Document(nil), rec.Requires...), rec.Document) {
		d, err := s.store.Document(ctx, ad.FileHash)
		if err != nil {
			return nil, err
		}
		if got := registry.SHA256(d.Content); got != d.FileHash {
			return nil, fmt.Errorf("stored document %s hashes to %s: the store was altered", d.FileHash, got)
		}
		files = append(files, registry.File{Name: d.File, Data: d.Content})
	}
	snap, err := registry.Build(files, compileDocument, documentOrder)
	if err != nil {
		return nil, fmt.Errorf("compiling the stored documents: %w", err)
	}
	if s.replayed.Add(1)%maxReplayCache == 0 { // bound the cache: start afresh now and then
		s.replays.Clear()
	}
	s.replays.Store(key, snap)
	return snap, nil
}

// maxReplayCache bounds the compiled document sets kept for replays.
const maxReplayCache = 64

// diffJSON lists the JSON Pointers at which a and b differ.
func diffJSON(a, b []byte) []difference {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		if bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) {
			return []difference{}
		}
		return []difference{{Pointer: "", Original: string(a), Replayed: string(b)}}
	}
	diffs := []difference{}
	var walk func(ptr string, x, y any)
	walk = func(ptr string, x, y any) {
		switch xv := x.(type) {
		case map[string]any:
			yv, ok := y.(map[string]any)
			if !ok {
				break
			}
			keys := make([]string, 0, len(xv)+len(yv))
			for k := range xv {
				keys = append(keys, k)
			}
			for k := range yv {
				if _, ok := xv[k]; !ok {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(ptr+"/"+problem.EscapePointer(k), xv[k], yv[k])
			}
			return
		case []any:
			yv, ok := y.([]any)
			if !ok || len(yv) != len(xv) {
				break
			}
			for i := range xv {
				walk(fmt.Sprintf("%s/%d", ptr, i), xv[i], yv[i])
			}
			return
		}
		if !reflect.DeepEqual(x, y) {
			diffs = append(diffs, difference{Pointer: ptr, Original: x, Replayed: y})
		}
	}
	walk("", va, vb)
	return diffs
}

// requestIDKey is the context key of a request's id.
type requestIDKey struct{}

// requestID returns the request id the middleware put in ctx.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID reports whether a client's X-Request-ID can be kept: 1 to
// 128 characters of letters, digits and "-_.:".
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	return strings.IndexFunc(s, func(c rune) bool {
		return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("-_.:", c))
	}) < 0
}

// validTraceParent reports whether s is a W3C traceparent header of
// version 00 ("00-<32 hex>-<16 hex>-<2 hex>").
//
// References: W3C Trace Context, section 3.2 "traceparent Header".
func validTraceParent(s string) bool {
	if len(s) != 55 || s[2] != '-' || s[35] != '-' || s[52] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i == 2 || i == 35 || i == 52 {
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return s[3:35] != strings.Repeat("0", 32) && s[36:52] != strings.Repeat("0", 16)
}
