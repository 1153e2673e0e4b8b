package main

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/access/review"
)

// TestDueDiligenceStage checks the due-diligence stage of the default study. Benford's tests
// on the population's working capital (Attr55) are compared with a Python recount of the CSV
// (first two significant digits of each cell's text): 4,786 positive, 2 zero, 1,122 negative
// amounts; first digits 1491 832 589 476 367 311 274 243 203; MAD 0.00290 and 0.001122, both
// close conformity by Nigrini (2012) Table 7.1. The balance-sheet breaks are recounted here
// from the ratios alone: a firm breaks assets = liabilities + equity when |1 − Attr2 − Attr10|
// exceeds 0.1 % (the chart's relative tolerance; its 1-unit floor is below 0.1 % of every
// sampled firm's assets).
func TestDueDiligenceStage(t *testing.T) {
	firms, err := readFirms(bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	s, err := runStudy(firms, defaultN, defaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	r := s.review
	w := r.WorkingCapital
	if w.First.N != 4786 || w.Zero != 2 || w.Negative != 1122 || w.Missing != 0 {
		t.Errorf("working capital N %d zero %d negative %d missing %d", w.First.N, w.Zero, w.Negative, w.Missing)
	}
	for i, c := range []int{1491, 832, 589, 476, 367, 311, 274, 243, 203} {
		if w.First.Counts[i] != c {
			t.Errorf("first digit %d: %d, want %d", i+1, w.First.Counts[i], c)
		}
	}
	if math.Abs(w.First.MAD-0.00290) > 5e-6 || math.Abs(w.FirstTwo.MAD-0.001122) > 5e-7 ||
		w.First.Conformity != review.Close || w.FirstTwo.Conformity != review.Close {
		t.Errorf("MAD %.6f %v, first two %.7f %v", w.First.MAD, w.First.Conformity, w.FirstTwo.MAD, w.FirstTwo.Conformity)
	}
	var broken, brokenFailed int
	for _, p := range s.pairs {
		for _, f := range []*firm{p.failed, p.good} {
			l, _ := f.ratio(2)
			e, _ := f.ratio(10)
			if math.Abs(1-l-e) > 0.001 {
				broken++
				if f.bankrupt {
					brokenFailed++
				}
			}
		}
	}
	st := r.Statements
	if st.Checked != 2*defaultN || st.Broken != broken {
		t.Errorf("checked %d, broken %d, recount %d", st.Checked, st.Broken, broken)
	}
	for _, ru := range r.Policy.Rules {
		if ru.RuleID == "D01" && (ru.Hits != broken || ru.Bad != brokenFailed) {
			t.Errorf("D01 hits %d (failed %d), recount %d (%d)", ru.Hits, ru.Bad, broken, brokenFailed)
		}
		if ru.RuleID == "D02" && ru.Hits != r.Network.InCircle {
			t.Errorf("D02 hits %d, firms in circles %d", ru.Hits, r.Network.InCircle)
		}
	}
	n := r.Network
	if n.Firms != 2*defaultN || n.Seeds != defaultN || r.Bad != defaultN || r.Good != defaultN ||
		!(n.DebtRankR >= 0 && n.DebtRankR <= 1) || n.InCircle < 2*n.Circles {
		t.Errorf("network %+v, decided %d + %d", n, r.Bad, r.Good)
	}
	if want := fmt.Sprintf("4. Due diligence: %d failed and %d good firms declare", brokenFailed, broken-brokenFailed); !strings.Contains(s.findings(), want) {
		t.Errorf("findings lack %q:\n%s", want, s.findings())
	}
	decided := 0
	for _, d := range r.Policy.Decisions {
		decided += d.Count
	}
	if decided != 2*defaultN {
		t.Errorf("policy decided %d firms", decided)
	}
}
