package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/validation"
)

func ratingPortfolio(t *testing.T) *Portfolio {
	t.Helper()
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	return &Portfolio{Firms: firms}
}

// TestRatingSpecs checks that the embedded model spec compiles on its own, has 10–12 indicators
// and that every indicator ID names one of the 64 ratios.
func TestRatingSpecs(t *testing.T) {
	m, err := rating.LoadModel(ratingModelJSON)
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() < 10 || m.Len() > 12 {
		t.Errorf("%d indicators, want 10–12", m.Len())
	}
	for _, id := range m.IDs() {
		if _, err := ratioNumber(id); err != nil {
			t.Error(err)
		}
	}
}

func TestRateFirms(t *testing.T) {
	p := ratingPortfolio(t)
	run, err := runRating(p)
	if err != nil {
		t.Fatal(err)
	}
	if run.ahpWarning != nil || run.ahp.CR >= 0.10 {
		t.Errorf("AHP matrix inconsistent: CR %g", run.ahp.CR)
	}
	for _, w := range [][]float64{run.subjective, run.entropy, run.combined} {
		var s float64
		for _, v := range w {
			s += v
		}
		if math.Abs(s-1) > 1e-9 {
			t.Errorf("weights sum to %g", s)
		}
	}
	rs, err := rateFirms(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(p.Firms) {
		t.Fatalf("%d ratings for %d firms", len(rs), len(p.Firms))
	}
	scores := make([]float64, len(rs))
	bad := make([]bool, len(rs))
	for i, r := range rs {
		if r.Row != p.Firms[i].Row || !(r.PD > 0 && r.PD < 1) || r.Grade == "" || !(r.Score >= 0 && r.Score <= 100) {
			t.Fatalf("firm %d: %+v", i, r)
		}
		scores[i], bad[i] = r.Score, r.Bankrupt
	}
	// The 12 ratios together must separate better than the best single ratio, Attr26, whose AUC
	// the validation stage reports as about 0.80; 0.80 is a floor against regressions.
	auc, err := validation.AUC(scores, bad, validation.HigherSafer)
	if err != nil {
		t.Fatal(err)
	}
	if auc < 0.80 {
		t.Errorf("AUC %.3f, want at least 0.80", auc)
	}
	// Calibrated PDs rise from the best to the worst grade.
	for g := rating.Grade(2); int(g) < run.scale.Len(); g++ {
		a, _ := run.scale.PD(g - 1)
		b, _ := run.scale.PD(g)
		if !(b > a) {
			t.Errorf("PD of %s %g not above %s %g", run.scale.Name(g), b, run.scale.Name(g-1), a)
		}
	}
}

func TestRatingStage(t *testing.T) {
	p := ratingPortfolio(t)
	dir := t.TempDir()
	sec, err := ratingStage(p, Options{PlotsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AHP on the dimensions", "AUC", "Calibration", "lowest-rated firms", "rating-default-rate.png"} {
		if !strings.Contains(sec.Text(), want) {
			t.Errorf("section lacks %q", want)
		}
	}
	if err := drawFigures(&sec, dir, ".png"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"rating-default-rate.png", "rating-grades.png", "rating-roc.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() < 10000 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
