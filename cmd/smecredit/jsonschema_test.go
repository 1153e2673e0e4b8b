package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// validate checks doc against the subset of JSON Schema 2020-12 the
// generator emits ($ref to $defs, type, const, enum, properties,
// additionalProperties, items, anyOf, required) and returns the problems
// with their JSON paths. It is a test helper, not a general validator.
func validate(root, s map[string]any, doc any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		return validate(root, root["$defs"].(map[string]any)[name].(map[string]any), doc, path)
	}
	if alts, ok := s["anyOf"].([]any); ok {
		for _, alt := range alts {
			if len(validate(root, alt.(map[string]any), doc, path)) == 0 {
				return nil
			}
		}
		return []string{path + ": matches no alternative"}
	}
	if c, ok := s["const"]; ok && c != doc {
		return []string{fmt.Sprintf("%s: %v is not %v", path, doc, c)}
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, doc) {
		return []string{fmt.Sprintf("%s: %v is not one of the enum", path, doc)}
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.Contains(types, jsonTypeOf(doc)) && !(jsonTypeOf(doc) == "integer" && slices.Contains(types, "number")) {
			return []string{fmt.Sprintf("%s: %s, want %v", path, jsonTypeOf(doc), types)}
		}
	}
	var probs []string
	switch d := doc.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := d[r]; !ok {
				probs = append(probs, path+": missing "+r)
			}
		}
		for k, v := range d {
			if ps, ok := props[k]; ok {
				probs = append(probs, validate(root, ps.(map[string]any), v, path+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					probs = append(probs, path+": unknown member "+k)
				}
			case map[string]any:
				probs = append(probs, validate(root, ap, v, path+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, v := range d {
				probs = append(probs, validate(root, items, v, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return probs
}

func asStrings(x any) []string {
	var out []string
	if xs, ok := x.([]any); ok {
		for _, v := range xs {
			out = append(out, v.(string))
		}
	}
	return out
}

func jsonTypeOf(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		t.Fatal(err)
	}
	return x
}

func committedSchema(t *testing.T, kind string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "schema", kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, b).(map[string]any)
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

// TestSchemasAcceptDocuments validates every example and test document
// against the schema of its kind, and checks broken documents fail.
func TestSchemasAcceptDocuments(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*.json", "../../examples/*/specs/*.json", "../../examples/service/testdata/*.json",
		"../../*/testdata/*.json", "../../*/*/testdata/*.json"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kind, err := docKind(b)
		if err != nil || specTypes[kind] == nil || loadsCleanly(kind, b) != nil {
			continue // not a valid document of a known kind
		}
		n++
		if probs := validate(committedSchema(t, kind), committedSchema(t, kind), decodeJSON(t, b), "$"); len(probs) > 0 {
			t.Errorf("%s (%s): %v", f, kind, probs)
		}
	}
	t.Logf("%d documents validated", n)
	if n < 10 {
		t.Errorf("only %d documents validated", n)
	}
	s := committedSchema(t, "access-policy")
	for _, bad := range []string{
		`{"kind": "access-policy", "id": "x", "rules": [], "extra": 1}`,
		`{"kind": "access-schema"}`,
		`{"id": "x"}`,
		`{"kind": "access-policy", "rules": [{"id": "R1", "op": "gte"}]}`,
		`{"kind": "access-policy", "rules": [{"id": "R1", "all": [{"feld": "x"}]}]}`,
		`{"kind": "access-policy", "rules": "none"}`,
	} {
		if probs := validate(s, s, decodeJSON(t, []byte(bad)), "$"); len(probs) == 0 {
			t.Errorf("%s: accepted", bad)
		}
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
