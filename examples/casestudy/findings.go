package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/smecredit/smecredit/access"
)

// significance is the level below which an indicator's difference between groups is reported
// as significant.
const significance = 0.05

// findings writes the study's conclusions from the numbers of the three stages; nothing in it
// is fixed text about the outcome.
func (s *study) findings() string {
	var b strings.Builder
	n := len(s.pairs)

	// Access: overall, then the rules that caught most and turned away least.
	rep := s.access.report
	var stopped, goodStopped int
	for _, d := range rep.Decisions {
		if d.Decision != access.Accept {
			stopped += d.Bad
			goodStopped += d.Count - d.Bad
		}
	}
	fmt.Fprintf(&b, "1. Access: the policy would have rejected or referred %d of the %d failed firms (%.0f%%),\n"+
		"   and %d of the %d good firms (%.0f%%).\n", stopped, n, pct(stopped, n), goodStopped, n, pct(goodStopped, n))
	ruleFindings(&b, rep.Rules, n)

	// Rating: significant indicators by AUC, the wrong-way ones, the model.
	comps := slices.Clone(s.rating.comps)
	slices.SortStableFunc(comps, func(a, b comparison) int { return cmp.Compare(b.auc, a.auc) })
	var sig, wrong []string
	tested := 0
	for _, c := range comps {
		if c.empty {
			continue
		}
		tested++
		if c.mw.P < significance {
			sig = append(sig, fmt.Sprintf("Attr%d %s (AUC %.2f, p %.3g)", c.attr, c.name, c.auc, c.mw.P))
		}
		if c.auc < 0.5 {
			wrong = append(wrong, fmt.Sprintf("Attr%d %s", c.attr, c.name))
		}
	}
	fmt.Fprintf(&b, "2. Rating: %d of %d indicators differ between the groups at the %.0f%% level",
		len(sig), tested, 100*significance)
	if len(sig) > 0 {
		fmt.Fprintf(&b, ", best first:\n     %s\n", strings.Join(sig, "\n     "))
	} else {
		b.WriteString(".\n")
	}
	if len(wrong) > 0 {
		fmt.Fprintf(&b, "   Pointing the wrong way in this sample (AUC < 0.5): %s.\n", strings.Join(wrong, ", "))
	}
	r := s.rating
	var worseInPair int
	for i := range r.failed {
		if r.failed[i].score < r.good[i].score {
			worseInPair++
		}
	}
	fmt.Fprintf(&b, "   The expert model rates the failed firm below its matched good firm in %d of %d pairs;\n"+
		"   AUC of the score %.3f; median grade %s for failed, %s for good firms.\n",
		worseInPair, n, r.scoreAUC, r.medianGrade(r.failed), r.medianGrade(r.good))
	var meanPD float64
	for _, x := range r.failed {
		meanPD += x.pd / float64(n)
	}
	fmt.Fprintf(&b, "   The failed firms' grades carry a mean PD of %.1f%%, although all of them failed within a year.\n", 100*meanPD)

	// Exit.
	e := s.exit
	names := e.optionsByCount()
	fmt.Fprintf(&b, "3. Exit: of %s yuan, %s yuan is expected back in present value (workout LGD %.1f%%\n"+
		"   exposure-weighted); the default options choose %s for %d of %d loans",
		e.total.StringFixed(2), e.recovery.StringFixed(2), 100*e.lgdEAD, names[0], e.chosen[names[0]], n)
	if len(names) > 1 {
		var rest []string
		for _, nm := range names[1:] {
			rest = append(rest, fmt.Sprintf("%s for %d", nm, e.chosen[nm]))
		}
		fmt.Fprintf(&b, ", %s", strings.Join(rest, ", "))
	}
	b.WriteString(".\n")

	// Due diligence: the balance-sheet breaks by group and what the gate would have done.
	dd := s.review
	var gateBad, gateGood int
	for _, d := range dd.Policy.Decisions {
		if d.Decision != access.Accept {
			gateBad += d.Bad
			gateGood += d.Count - d.Bad
		}
	}
	brokenBad := 0
	for _, r := range dd.Policy.Rules {
		if r.RuleID == "D01" {
			brokenBad = r.Bad
		}
	}
	fmt.Fprintf(&b, "4. Due diligence: %d failed and %d good firms declare assets that liabilities and equity do not\n"+
		"   add up to; with the synthetic guarantee network the review gate would have stopped %d failed and\n"+
		"   %d good firms (illustrative thresholds, so a sketch of the check, not evidence about it).\n",
		brokenBad, dd.Statements.Broken-brokenBad, gateBad, gateGood)
	return b.String()
}

// ruleFindings writes which rules caught most failed firms and which hit good firms as often.
func ruleFindings(b *strings.Builder, all []access.RuleStats, n int) {
	// Only reject and refer rules stop a firm; warn rules are left out of the ranking.
	var rules []access.RuleStats
	for _, r := range all {
		if r.Severity == access.SeverityReject || r.Severity == access.SeverityRefer {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return
	}
	slices.SortStableFunc(rules, func(a, b access.RuleStats) int { return cmp.Compare(b.Bad, a.Bad) })
	top := rules[0]
	fmt.Fprintf(b, "   Most failed firms caught: %s (%s), %d of %d, turning away %d good firms.\n",
		top.RuleID, top.Code, top.Bad, n, top.Hits-top.Bad)
	// Sharpest rule: largest excess of failed over good firms hit (Youden's J on the sample).
	slices.SortStableFunc(rules, func(a, b access.RuleStats) int {
		return cmp.Compare(2*b.Bad-b.Hits, 2*a.Bad-a.Hits)
	})
	sharp := rules[0]
	fmt.Fprintf(b, "   Sharpest rule (failed caught minus good turned away): %s (%s), %d − %d.\n",
		sharp.RuleID, sharp.Code, sharp.Bad, sharp.Hits-sharp.Bad)
	var blunt []string
	for _, r := range rules {
		if 2*r.Bad-r.Hits <= 0 {
			blunt = append(blunt, string(r.RuleID))
		}
	}
	if len(blunt) > 0 {
		fmt.Fprintf(b, "   Rules hitting at least as many good firms as failed ones: %s.\n", strings.Join(blunt, ", "))
	}

}

func pct(k, n int) float64 { return 100 * float64(k) / float64(n) }
