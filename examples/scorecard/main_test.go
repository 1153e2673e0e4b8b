package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/scorecard"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	var out bytes.Buffer
	if err := run(&out, "", model); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Step 2.", "Step 4.", "Step 5.", "Step 6. Holdout", "AUC"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	js, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scorecard.LoadScorecard(js); err != nil {
		t.Errorf("written model does not load: %v", err)
	}
}

func TestLoadData(t *testing.T) {
	d, err := load()
	if err != nil {
		t.Fatal(err)
	}
	// data/README.md: 1,000 applicants, 300 bad.
	if len(d.y) != 1000 || sum(d.y) != 300 {
		t.Errorf("%d rows, %v bad; want 1000, 300", len(d.y), sum(d.y))
	}
	tr, te := split(d.y, 2026)
	if len(tr) != 700 || len(te) != 300 || sum(pick(d.y, tr)) != 210 {
		t.Errorf("split %d/%d with %v bad in train; want 700/300 with 210", len(tr), len(te), sum(pick(d.y, tr)))
	}
}
