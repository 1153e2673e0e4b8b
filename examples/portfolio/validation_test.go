package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/validation"
)

func embeddedFirmsT(t *testing.T) []Firm {
	t.Helper()
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	return firms
}

// TestRankRatiosOneClass: a user's -firms file may hold a ratio only on firms of one class, or no
// bankrupt firm at all; such a ratio has no AUC and is left out instead of stopping the run, and
// only a file where no ratio can be ranked is an error.
func TestRankRatiosOneClass(t *testing.T) {
	// firm returns a firm with every ratio present and equal to v, except those in absent.
	firm := func(bankrupt bool, v float64, absent ...int) Firm {
		f := Firm{Bankrupt: bankrupt, present: 1<<numRatios - 1}
		for i := range f.ratios {
			f.ratios[i] = v
		}
		for _, n := range absent {
			f.present &^= 1 << (n - 1)
		}
		return f
	}
	tests := []struct {
		name    string
		firms   []Firm
		ranked  int  // ratios ranked
		wantErr bool // no ratio can be ranked
	}{
		{"both classes everywhere", []Firm{firm(false, 1), firm(true, 0)}, numRatios, false},
		// Attr5 is missing on the only bankrupt firm: present on survivors only.
		{"ratio present on survivors only", []Firm{firm(false, 1), firm(false, 2), firm(true, 0, 5)}, numRatios - 1, false},
		{"no bankrupt firm", []Firm{firm(false, 1), firm(false, 2)}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ranked, err := rankRatios(tt.firms)
			if (err != nil) != tt.wantErr || len(ranked) != tt.ranked {
				t.Fatalf("%d ratios ranked, err %v; want %d, error %v", len(ranked), err, tt.ranked, tt.wantErr)
			}
			for _, r := range ranked {
				if r.N == 5 && tt.ranked < numRatios {
					t.Errorf("Attr5 ranked although present on survivors only")
				}
			}
		})
	}
}

// TestRankRatios checks the screening on the embedded Polish year-5 data against AUCs computed
// independently from the CSV with SciPy 1.10.1 (mannwhitneyu statistic / (D·G), on the rows
// where the ratio is present; all three ratios point "higher is safer").
func TestRankRatios(t *testing.T) {
	ranked, err := rankRatios(embeddedFirmsT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(ranked) != numRatios {
		t.Fatalf("%d ratios ranked, want %d", len(ranked), numRatios)
	}
	want := map[int]struct{ auc, missing float64 }{
		26: {0.7959220926404154, 0.003045685279187804}, // 5,892 firms present
		39: {0.7886124168514412, 0},
		20: {0.5064623059866962, 0},
	}
	seen := map[int]bool{}
	for i, r := range ranked {
		if seen[r.N] {
			t.Errorf("Attr%d ranked twice", r.N)
		}
		seen[r.N] = true
		if r.AUC < 0.5 || (i > 0 && r.AUC > ranked[i-1].AUC) {
			t.Errorf("rank %d: Attr%d AUC %v out of order or below 0.5", i+1, r.N, r.AUC)
		}
		if w, ok := want[r.N]; ok {
			if math.Abs(r.AUC-w.auc) > 1e-12 || math.Abs(r.Missing-w.missing) > 1e-15 || !r.Safer {
				t.Errorf("Attr%d: AUC %v missing %v safer %v; want %v, %v, true (SciPy)", r.N, r.AUC, r.Missing, r.Safer, w.auc, w.missing)
			}
		}
		if r.Name == "" {
			t.Errorf("Attr%d has no definition", r.N)
		}
	}
	if ranked[0].N != 26 || ranked[len(ranked)-1].N != 20 {
		t.Errorf("best Attr%d, weakest Attr%d; want Attr26 and Attr20", ranked[0].N, ranked[len(ranked)-1].N)
	}
}

func TestRatioScreeningStage(t *testing.T) {
	p := &Portfolio{Firms: embeddedFirmsT(t)}
	dir := t.TempDir()
	sec, err := ratioScreening(p, Options{PlotsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := drawFigures(&sec, dir, ".png"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sec.Text(), "Attr26") || strings.Count(sec.Text(), "\n") < ratioTop+5 {
		t.Errorf("unexpected body:\n%s", sec.Text())
	}
	for _, f := range []string{"validation-ratio-auc.png", "validation-best-ratio-roc.png", "validation-best-ratio-cap.png", "validation-best-ratio-ks.png"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s: not a PNG (%v)", f, err)
		}
	}
	// Without a plots directory nothing is drawn.
	if _, err := ratioScreening(p, Options{}); err != nil {
		t.Fatal(err)
	}
}

// TestReportHelpers checks the helpers the rating and scorecard stages reuse; the grade figures
// are those of the validation package's ReportGrades example (SciPy p-values).
func TestReportHelpers(t *testing.T) {
	var grades []string
	var pds []float64
	var def []bool
	add := func(g string, n, d int, pd float64) {
		for i := range n {
			grades, pds, def = append(grades, g), append(pds, pd), append(def, i < d)
		}
	}
	add("C", 200, 10, 0.01)
	add("A", 100, 3, 0.01)
	add("B", 400, 12, 0.02)
	var b strings.Builder
	rep, err := writeGradeTable(&b, grades, pds, def)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 3 || rep.Rows[0].Grade != "A" || rep.Rows[1].Grade != "C" || rep.Rows[2].Grade != "B" {
		t.Fatalf("rows %+v", rep.Rows)
	}
	if rep.Rows[0].Light != validation.Yellow || rep.Rows[1].Light != validation.Red || rep.Rows[2].Light != validation.Green {
		t.Errorf("lights %v %v %v; want yellow red green", rep.Rows[0].Light, rep.Rows[1].Light, rep.Rows[2].Light)
	}
	out := b.String()
	for _, s := range []string{"0.0393", "yellow", "total", "Herfindahl", "fewer than 5 defaults"} {
		if !strings.Contains(out, s) {
			t.Errorf("grade table lacks %q:\n%s", s, out)
		}
	}
	b.Reset()
	d, err := writeDiscrimination(&b, "PD", pds, def, validation.HigherRiskier)
	if err != nil || d.N != 700 {
		t.Fatalf("%+v, %v", d, err)
	}
	if !strings.Contains(b.String(), "AUC ") {
		t.Errorf("line: %s", b.String())
	}
	if _, err := writeDiscrimination(&b, "x", []float64{1, math.NaN()}, []bool{true, false}, validation.HigherRiskier); !errors.Is(err, validation.ErrNotFinite) {
		t.Errorf("NaN score: %v", err)
	}
}
