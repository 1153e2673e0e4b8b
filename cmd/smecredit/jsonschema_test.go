package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/smecredit/smecredit/access/offer"
	"github.com/smecredit/smecredit/access/review"
	"github.com/smecredit/smecredit/exit"
	"github.com/smecredit/smecredit/monitor"
	"github.com/smecredit/smecredit/monitor/ecl"
	"github.com/smecredit/smecredit/rating"
)

// The committed schemas are checked with santhosh-tekuri/jsonschema (v6), a
// JSON Schema 2020-12 validator that passes the official JSON-Schema-Test-Suite;
// it is a test-only dependency, as issue 24 asks.

// compileSchemas compiles the committed schema/KIND.json of every kind, with
// format assertion on (a "date-time" member must hold an RFC 3339 time, as
// encoding/json reads a time.Time).
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(noLoader{}) // every $ref is inside its document: never fetch
	urls := map[string]string{}
	for _, kind := range knownKinds() {
		b, err := os.ReadFile(filepath.Join("..", "..", "schema", kind+".json"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("schema/%s.json: %v", kind, err)
		}
		url := "https://github.com/smecredit/smecredit/schema/" + kind + ".json"
		if id := doc.(map[string]any)["$id"]; id != url {
			t.Fatalf("schema/%s.json: $id %v, want %s", kind, id, url)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		urls[kind] = url
	}
	out := map[string]*jsonschema.Schema{}
	for kind, url := range urls {
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("schema/%s.json does not compile: %v", kind, err)
		}
		out[kind] = s
	}
	return out
}

// noLoader refuses to load any URL.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) { return nil, errors.New("no loading: " + url) }

// schemaProblems validates doc against s and returns each failing leaf as
// "instanceLocation: message", the instance location a JSON Pointer.
func schemaProblems(t *testing.T, s *jsonschema.Schema, doc []byte) []string {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, doc)
	}
	err = s.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("validate: %v", err)
	}
	var probs []string
	var walk func(u jsonschema.OutputUnit)
	walk = func(u jsonschema.OutputUnit) {
		if u.Error != nil {
			probs = append(probs, u.InstanceLocation+": "+u.Error.String())
		}
		for _, c := range u.Errors {
			walk(c)
		}
	}
	walk(*ve.BasicOutput())
	return probs
}

// TestSchemasUpToDate checks that schema/ holds what go generate writes.
func TestSchemasUpToDate(t *testing.T) {
	for _, kind := range knownKinds() {
		want, err := schemaJSON(kind)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "schema", kind+".json"))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("schema/%s.json is stale (run go generate ./cmd/smecredit): %v", kind, err)
		}
	}
}

// repoDocuments returns every JSON file under the repository root (but
// schema/ and hidden directories) whose top level is an object with a
// "kind" member, by path relative to the root.
func repoDocuments(t *testing.T) map[string][]byte {
	t.Helper()
	root := filepath.Join("..", "..")
	docs := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "schema" || (rel != "." && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if kind, err := docKind(b); err == nil && kind != "" {
			docs[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// defaultDocuments returns the library's built-in specs marshalled as
// documents: they cover kinds no file in the repository holds.
func defaultDocuments(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	for kind, spec := range map[string]any{
		review.KindChart:       review.DefaultChartSpec(),
		offer.KindOfferPolicy:  offer.DefaultOfferPolicySpec(),
		rating.KindMasterScale: rating.DefaultSMEMasterScaleSpec(),
		ecl.KindStagingPolicy:  ecl.DefaultStagingPolicySpec(),
		monitor.KindSignalSet:  monitor.DefaultSignalSetSpec(),
		exit.KindOptionSet:     exit.DefaultOptionSetSpec(),
		exit.KindTriggerSet:    exit.DefaultTriggerSetSpec(),
	} {
		b, err := json.Marshal(spec)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		m["kind"], _ = json.Marshal(kind) // Go-built specs may leave kind empty
		if b, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		docs["default "+kind] = b
	}
	docs["stream_test.go wideSchema"] = []byte(wideSchema)
	docs["stream_test.go widePolicy"] = []byte(widePolicy)
	return docs
}

// TestSchemasAcceptDocuments validates every document in the repository
// that the library loads (every JSON file with a known "kind"), and the
// library's built-in specs, against the committed schema of its kind. A
// document the library refuses (a test's broken document) is listed and
// skipped: a schema checks shape, not everything a loader checks.
func TestSchemasAcceptDocuments(t *testing.T) {
	schemas := compileSchemas(t)
	docs := repoDocuments(t)
	for name, b := range defaultDocuments(t) {
		docs[name] = b
	}
	names := make([]string, 0, len(docs))
	for name := range docs {
		names = append(names, name)
	}
	slices.Sort(names)
	perKind := map[string]int{}
	for _, name := range names {
		b := docs[name]
		kind, _ := docKind(b)
		s := schemas[kind]
		if s == nil {
			t.Logf("%s: kind %q has no schema (not a document)", name, kind)
			continue
		}
		if err := loadsCleanly(kind, b); err != nil {
			t.Logf("%s: skipped, the library refuses it: %.120v", name, err)
			continue
		}
		perKind[kind]++
		if probs := schemaProblems(t, s, b); len(probs) > 0 {
			t.Errorf("%s (%s) does not match schema/%s.json:\n  %s", name, kind, kind, strings.Join(probs, "\n  "))
		}
	}
	t.Logf("documents validated per kind: %v", perKind)
	for _, kind := range knownKinds() {
		if perKind[kind] == 0 && kind != review.KindReconciliation { // no sample: see TestSchemasRejectBrokenDocuments
			t.Errorf("no document of kind %s validated", kind)
		}
	}
	if n := len(names); n < 50 {
		t.Errorf("found %d documents, want the repository's 50 or more", n)
	}
}

// TestSchemasRejectBrokenDocuments checks that broken documents fail their
// kind's schema, with the JSON Pointer of the faulty member reported.
func TestSchemasRejectBrokenDocuments(t *testing.T) {
	schemas := compileSchemas(t)
	for _, tt := range []struct {
		name, kind, doc string
		at              string // instance location that must be reported
	}{
		{"unknown member", "access-policy", `{"kind": "access-policy", "id": "x", "rules": [], "extra": 1}`, ""},
		{"wrong kind", "access-policy", `{"kind": "access-schema"}`, "/kind"},
		{"no kind", "access-policy", `{"id": "x"}`, ""},
		{"unknown operator", "access-policy", `{"kind": "access-policy", "rules": [{"id": "R1", "op": "gte"}]}`, "/rules/0/op"},
		{"misspelt nested member", "access-policy", `{"kind": "access-policy", "rules": [{"id": "R1", "all": [{"feld": "x"}]}]}`, "/rules/0/all/0"},
		{"rules not an array", "access-policy", `{"kind": "access-policy", "rules": "none"}`, "/rules"},
		{"field kind unknown", "access-schema", `{"kind": "access-schema", "fields": [{"name": "a", "kind": "money"}]}`, "/fields/0/kind"},
		{"weight a string", "rating-model", `{"kind": "rating-model", "indicators": [{"id": "x", "weight": "0.5"}]}`, "/indicators/0/weight"},
		{"date not RFC 3339", "access-policy", `{"kind": "access-policy", "effectiveFrom": "2024-01-01"}`, "/effectiveFrom"},
		{"no version", "signal-set", `{"kind": "signal-set", "id": "x"}`, ""},
		{"reconciliation unknown member", "review-reconciliation", `{"kind": "review-reconciliation", "tolerence": 1}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			probs := schemaProblems(t, schemas[tt.kind], []byte(tt.doc))
			if len(probs) == 0 {
				t.Fatalf("%s accepted by schema/%s.json", tt.doc, tt.kind)
			}
			found := false
			for _, p := range probs {
				loc, _, _ := strings.Cut(p, ": ")
				found = found || loc == tt.at
			}
			if !found {
				t.Errorf("problems %q do not name the instance location %q", probs, tt.at)
			}
		})
	}
}

// loadsCleanly reports whether the library loads the document (policies are
// only parsed: their schema is not at hand).
func loadsCleanly(kind string, b []byte) error {
	if kind == "access-policy" {
		_, err := parsePolicyOnly(b)
		return err
	}
	return loaders[kind](b)
}
