package main

import (
	"fmt"
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
	if strings.Contains(errs, "warning: no -version") {
		t.Errorf("warning about -version although it is given:\n%s", errs)
	}
	if _, _, errs := runCLI(t, "", "scorecard", "fit", "-data", td("german-train.csv"), "-target", "creditability",
		"-event", "bad", "-nonevent", "good"); !strings.Contains(errs, "warning: no -version LABEL") {
		t.Errorf("no warning without -version:\n%s", errs)
	}
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

// fitData returns a small training CSV with a numeric x and a categorical c
// that both separate the classes, and extra columns as given by more (a
// header name and a function of the row giving the cell).
func fitData(more string, cell func(i int) string) string {
	var b strings.Builder
	b.WriteString("id,x,c,bad")
	if more != "" {
		b.WriteString("," + more)
	}
	b.WriteString("\n")
	for i := range 200 {
		bad := "0"
		if i%5 == 0 || (i >= 100 && i%5 == 1) {
			bad = "1"
		}
		c := "u"
		if i%3 == 0 {
			c = "v"
		}
		if i >= 100 {
			c = "w"
		}
		b.WriteString(fmt.Sprintf("r%d,%d,%s,%s", i, i, c, bad))
		if more != "" {
			b.WriteString("," + cell(i))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestScorecardFitNonFinite: "NaN", "Inf" and "1e400" in a numeric column
// are bad cells reported by line and column (as scorecard score and score
// report them), not a reason to turn the column into categories.
func TestScorecardFitNonFinite(t *testing.T) {
	for _, bad := range []string{"NaN", "nan", "Inf", "-Infinity", "1e400"} {
		in := strings.Replace(fitData("", nil), "\nr7,7,", "\nr7,"+bad+",", 1)
		code, doc, errs := runCLI(t, in, "scorecard", "fit", "-data", "-", "-target", "bad")
		if code != exitFindings {
			t.Errorf("%s: exit code %d, want 1; stderr:\n%s", bad, code, errs)
		}
		want := fmt.Sprintf("-:9:4: column x: %q is not a finite number", bad)
		if !strings.Contains(errs, want) {
			t.Errorf("%s: stderr does not contain %q:\n%s", bad, want, errs)
		}
		if !strings.Contains(doc, `"kind": "numeric"`) || strings.Contains(errs, "x  categorical") {
			t.Errorf("%s: x is not fitted as numeric; stderr:\n%s", bad, errs)
		}
	}
}

// TestScorecardFitConstantColumn: a column with one category, or with no
// value at all, has a constant WoE; it is reported and left out instead of
// making the logistic regression singular for every column.
func TestScorecardFitConstantColumn(t *testing.T) {
	for name, cell := range map[string]func(int) string{
		"one category": func(int) string { return "q" },
		"all empty":    func(int) string { return "" },
	} {
		code, doc, errs := runCLI(t, fitData("k", cell), "scorecard", "fit", "-data", "-", "-target", "bad", "-version", "t1")
		if code != exitFindings {
			t.Errorf("%s: exit code %d, want 1; stderr:\n%s", name, code, errs)
		}
		if !strings.Contains(errs, "-: column k not used:") {
			t.Errorf("%s: stderr does not report column k:\n%s", name, errs)
		}
		if _, err := scorecard.LoadScorecard([]byte(doc)); err != nil {
			t.Errorf("%s: the fitted document does not load: %v\nstderr:\n%s", name, err, errs)
		}
	}
}
