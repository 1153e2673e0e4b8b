package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/validation"
)

func TestSplitFirmsDeterministic(t *testing.T) {
	p := ratingPortfolio(t)
	tr1, te1 := splitFirms(p.Firms, 7, 0.7)
	tr2, te2 := splitFirms(p.Firms, 7, 0.7)
	if !slices.Equal(tr1, tr2) || !slices.Equal(te1, te2) {
		t.Fatal("split is not deterministic")
	}
	if len(tr1)+len(te1) != len(p.Firms) {
		t.Fatalf("split loses firms: %d + %d", len(tr1), len(te1))
	}
	// Stratified: each class split 70/30 up to rounding.
	bad := func(rows []int) int {
		n := 0
		for _, i := range rows {
			if p.Firms[i].Bankrupt {
				n++
			}
		}
		return n
	}
	if b := bad(tr1); b != 287 { // round(0.7 × 410)
		t.Errorf("%d bankrupt firms in training, want 287", b)
	}
}

func TestScorecardStage(t *testing.T) {
	p := ratingPortfolio(t)
	run, err := runScorecard(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(run.card.Variables); n < 2 || n > run.opts.MaxVariables {
		t.Errorf("%d variables", n)
	}
	// A WoE scorecard on these ratios must separate bankrupt firms on the
	// holdout clearly better than chance.
	auc, err := validation.AUC(run.testScore, run.testBad, validation.HigherSafer)
	if err != nil {
		t.Fatal(err)
	}
	if auc < 0.75 {
		t.Errorf("holdout AUC %.3f, want ≥ 0.75", auc)
	}
	sec, err := scorecardStage(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scorecard points: AUC", "PSI", "reasons:"} {
		if !strings.Contains(sec.Text(), want) {
			t.Errorf("section lacks %q:\n%s", want, sec.Text())
		}
	}
}
