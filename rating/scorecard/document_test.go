package scorecard

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDocumentIdentity: ID, version, description and the training data's
// description survive the JSON round trip, and Fit fills the data's size.
func TestDocumentIdentity(t *testing.T) {
	sc, _, y := germanModel(t, GoodOverBad, ModelOptions{
		ID: "german-demo", Version: "2026.12", Description: "demonstration scorecard",
		Data: TrainingData{Description: "UCI Statlog German credit, all 1000 rows", Source: "germancredit.csv", Target: "creditability = bad"},
	})
	if sc.Data.Rows != len(y) || sc.Data.Events != 300 || sc.Data.Weight != 1000 {
		t.Errorf("data size %+v", sc.Data)
	}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"german-demo"`, `"version":"2026.12"`, `"description":"demonstration scorecard"`, `"data":{"description":"UCI Statlog`, `"rows":1000`, `"events":300`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("document lacks %s", want)
		}
	}
	back, err := LoadScorecard(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != sc.ID || back.Version != sc.Version || back.Description != sc.Description || back.Data != sc.Data {
		t.Errorf("round trip: %q %q %q %+v", back.ID, back.Version, back.Description, back.Data)
	}
}

// TestOmittedMembers removes each required member of a fitted scorecard's
// document in turn: ParseScorecard names it with ErrMissing (and
// ErrInvalidSpec), instead of compiling a zero value into a misleading
// mismatch or a silently different default.
func TestOmittedMembers(t *testing.T) {
	sc, _, _ := germanModel(t, BadOverGood, ModelOptions{Version: "t1"})
	b, _ := json.Marshal(sc)
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	type cut struct {
		path string
		del  func(d map[string]any)
	}
	v0 := func(d map[string]any) map[string]any { return d["variables"].([]any)[0].(map[string]any) }
	tb := func(d map[string]any) map[string]any { return v0(d)["table"].(map[string]any) }
	cuts := []cut{
		{"version", func(d map[string]any) { delete(d, "version") }},
		{"intercept", func(d map[string]any) { delete(d, "intercept") }},
		{"intercept.coef", func(d map[string]any) { delete(d["intercept"].(map[string]any), "coef") }},
		{"variables", func(d map[string]any) { delete(d, "variables") }},
		{"scaling", func(d map[string]any) { delete(d, "scaling") }},
		{"scaling.pdo", func(d map[string]any) { delete(d["scaling"].(map[string]any), "pdo") }},
		{"scaling.odds", func(d map[string]any) { delete(d["scaling"].(map[string]any), "odds") }},
		{"basePoints", func(d map[string]any) { delete(d, "basePoints") }},
		{"variables[0].coef", func(d map[string]any) { delete(v0(d), "coef") }},
		{"variables[0].points", func(d map[string]any) { delete(v0(d), "points") }},
		{"variables[0].table", func(d map[string]any) { delete(v0(d), "table") }},
		{"variables[0].table.woeSign", func(d map[string]any) { delete(tb(d), "woeSign") }},
		{"variables[0].table.closure", func(d map[string]any) { delete(tb(d), "closure") }},
		{"variables[0].table.kind", func(d map[string]any) { delete(tb(d), "kind") }},
		{"variables[0].table.zeroPolicy.kind", func(d map[string]any) { delete(tb(d)["zeroPolicy"].(map[string]any), "kind") }},
		{"variables[0].table.counts[1].events", func(d map[string]any) {
			delete(tb(d)["counts"].([]any)[1].(map[string]any), "events")
		}},
	}
	for _, c := range cuts {
		var d map[string]any
		_ = json.Unmarshal(b, &d)
		c.del(d)
		bb, _ := json.Marshal(d)
		_, err := LoadScorecard(bb)
		var se *SpecError
		if !errors.Is(err, ErrMissing) || !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != c.path {
			t.Errorf("omit %s: %v", c.path, err)
			continue
		}
		if want := "scorecard: " + c.path + ": required member missing"; se.Error() != want {
			t.Errorf("message %q, want %q", se.Error(), want)
		}
	}
	// Optional members may go.
	for _, k := range []string{"id", "maxReasons", "fit", "round"} {
		var d map[string]any
		_ = json.Unmarshal(b, &d)
		delete(d, k)
		bb, _ := json.Marshal(d)
		if _, err := ParseScorecard(bb); err != nil {
			t.Errorf("omit optional %s: %v", k, err)
		}
	}
}

// TestEmptyVersion: like every loader of the library (access, rating), a
// scorecard document must carry a non-empty version, the label a service
// and its audit trail cite; an empty or blank one is a *SpecError at
// "version" matching ErrMissing and ErrInvalidSpec, reported with the
// document's other problems.
func TestEmptyVersion(t *testing.T) {
	sc, _, _ := germanModel(t, BadOverGood, ModelOptions{Version: "t1"})
	good := sc.Spec()
	for _, v := range []string{"", "  ", "\t\n"} {
		m := sc.Spec()
		m.Version = v
		_, err := CompileScorecard(m)
		var se *SpecError
		if !errors.Is(err, ErrMissing) || !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != "version" {
			t.Errorf("CompileScorecard(version %q) err = %v, want *SpecError at version matching ErrMissing", v, err)
		}
		b, _ := json.Marshal(m)
		if _, err := LoadScorecard(b); !errors.As(err, &se) || se.Path != "version" || !errors.Is(err, ErrMissing) {
			t.Errorf("LoadScorecard(version %q) err = %v, want *SpecError at version", v, err)
		}
	}
	// Reported together with other defects, not instead of them.
	m := sc.Spec()
	m.Version, m.Kind = "", "x"
	var paths []string
	for _, e := range flatten(mustErr(CompileScorecard(m))) {
		var se *SpecError
		if errors.As(e, &se) {
			paths = append(paths, se.Path)
		}
	}
	if d := cmp.Diff([]string{"kind", "version"}, paths); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
	if _, err := CompileScorecard(good); err != nil {
		t.Errorf("version %q: %v", good.Version, err)
	}
}

func mustErr(_ *Scorecard, err error) error { return err }
