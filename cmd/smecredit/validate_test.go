package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// TestValidatePrintsIdentity: for a valid document of every kind validate understands,
// "FILE: ok" is followed by the kind, the id (where the document has one) and the version,
// in one format for every kind.
func TestValidatePrintsIdentity(t *testing.T) {
	docs := repoDocuments(t)
	for name, b := range defaultDocuments(t) {
		docs[name] = b
	}
	// No file in the repository holds a reconciliation and the package has no default one.
	docs["reconciliation"] = []byte(`{"kind":"review-reconciliation","version":"r-1","sources":[{"name":"bank","low":0.8,"high":1.2,"rank":1}]}`)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range docs {
			if !yield(n) {
				return
			}
		}
	})
	dir := t.TempDir()
	covered := map[string]bool{}
	for i, name := range names {
		b := docs[name]
		kind, err := docKind(b)
		if err != nil || covered[kind] || kind == "access-policy" {
			continue // an access policy needs its schema: the golden files cover it
		}
		var head struct{ ID, Version string }
		if err := json.Unmarshal(b, &head); err != nil {
			continue
		}
		path := filepath.Join(dir, strconv.Itoa(i)+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runCLI(t, "", "validate", path)
		if code != exitOK {
			continue // a test's broken document
		}
		covered[kind] = true
		want := path + ": ok (" + kind
		if head.ID != "" {
			want += `, id "` + head.ID + `"`
		}
		want += `, version "` + head.Version + `")` + "\n"
		if head.Version == "" {
			t.Errorf("%s (%s): valid with an empty version", name, kind)
		}
		if out != want {
			t.Errorf("%s (%s):\n got %q\nwant %q", name, kind, out, want)
		}
	}
	for _, kind := range knownKinds() {
		if !covered[kind] && kind != "access-policy" {
			t.Errorf("kind %s: no valid document to validate", kind)
		}
	}
}
