package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/scorecard"
)

// TestScorecardFit fits the German credit data (testdata/german-train.csv,
// Statlog German credit, 1000 rows) and checks the document loads back with
// scorecard.LoadScorecard and scores every training row, and that the CLI's
// own scorecard score command agrees.
func TestScorecardFit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sc.json")
	code, stdout, errs := runCLI(t, "", "scorecard", "fit", "-data", td("german-train.csv"), "-target", "creditability",
		"-event", "bad", "-nonevent", "good", "-version", "cli-test", "-o", out)
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, errs)
	}
	if stdout != "" {
		t.Errorf("stdout with -o: %q", stdout)
	}
	golden(t, "scorecard-fit.txt", errs)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "scorecard-fit.json", string(data))
	sc, err := scorecard.LoadScorecard(data)
	if err != nil {
		t.Fatalf("LoadScorecard: %v", err)
	}
	if sc.Version != "cli-test" || len(sc.Variables) != 4 || sc.Fit.N != 1000 {
		t.Errorf("version %q, %d variables, N %d; want cli-test, 4, 1000", sc.Version, len(sc.Variables), sc.Fit.N)
	}
	// Score the training rows with the fitted document.
	code, scores, errs := runCLI(t, "", "scorecard", "score", "-scorecard", out, "-data", td("german-train.csv"))
	if code != 0 {
		t.Fatalf("scorecard score: exit code %d; stderr:\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(scores), "\n")
	if len(lines) != 1001 {
		t.Errorf("scorecard score gave %d lines, want header + 1000", len(lines))
	}
}

func TestScorecardFitBadRows(t *testing.T) {
	in := "id,x,c,bad\n" +
		"a,1,u,1\n" +
		"b,2,v\n" + // line 3 ragged
		"c,3,u,maybe\n" + // line 4 bad target
		"d,4,v,0\n"
	code, _, errs := runCLI(t, in, "scorecard", "fit", "-data", "-", "-target", "bad")
	if code == 0 {
		t.Errorf("exit code 0 with bad rows; stderr:\n%s", errs)
	}
	for _, want := range []string{"-:3:", "-:4:7: column bad:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not contain %q:\n%s", want, errs)
		}
	}
	if code, _, _ := runCLI(t, in, "scorecard", "fit", "-data", "-", "-target", "nosuch"); code != exitUsage {
		t.Errorf("missing target column: exit code %d, want 2", code)
	}
}
