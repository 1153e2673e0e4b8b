package main

// The due-diligence stage (access/review): Benford's law on the card bills and on the firms'
// reported working capital, the balance-sheet identity on every firm's last statement, a
// guarantee network over the firms with circles and contagion, and the review facts fed to an
// access policy. It takes plain inputs (ReviewInput) so that it does not depend on how the job
// loads its data; main.go builds the input and prints ReviewResult.Text.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/access/review"
)

// Assumptions of the synthetic guarantee network (no public guarantee data exists). They are
// this program's choices, not published figures.
const (
	reviewLinksPerFirm = 2    // guarantees a joining firm makes with earlier firms (at most)
	reviewMutualShare  = 0.05 // probability that a guarantee is answered by a reverse guarantee
	reviewLoopShare    = 0.02 // probability that a guarantee closes a three-firm loop
	reviewMinAmount    = 0.02 // guaranteed amount ∈ [2 %, 20 %) of the guarantor's total assets
	reviewMaxAmount    = 0.20
	reviewRecovery     = 0.40 // recovery on a called guarantee in the default cascade
)

// ReviewFirm is what the due-diligence stage reads of one Polish firm (ratios as in
// polish-attribute-definitions.csv). Known has bit n set when field n (0 LogAssets,
// 1 Liabilities, 2 Equity, 3 WorkingCapital) is present.
type ReviewFirm struct {
	Row            int     // CSV line, the firm's ID ("row N")
	Bankrupt       bool    // went bankrupt within one year
	LogAssets      float64 // Attr29: log10 of total assets
	Liabilities    float64 // Attr2: total liabilities / total assets
	Equity         float64 // Attr10: equity / total assets
	WorkingCapital float64 // Attr55: working capital, an amount in the data's unit
	Known          uint8
}

// ReviewFirmOf reads a ReviewFirm through a ratio accessor such as (*Firm).Ratio.
func ReviewFirmOf(row int, bankrupt bool, ratio func(n int) (float64, bool)) ReviewFirm {
	f := ReviewFirm{Row: row, Bankrupt: bankrupt}
	for bit, p := range []*float64{&f.LogAssets, &f.Liabilities, &f.Equity, &f.WorkingCapital} {
		if v, ok := ratio([]int{29, 2, 10, 55}[bit]); ok {
			*p = v
			f.Known |= 1 << bit
		}
	}
	return f
}

func (f *ReviewFirm) has(bits uint8) bool { return f.Known&bits == bits }

// ReviewInput is the stage's input: the card bill amounts (any sign; only positive bills enter
// Benford's tests, the others are counted), the firms, and the seed of the synthetic network.
type ReviewInput struct {
	Bills []decimal.Decimal
	Firms []ReviewFirm
	Seed  uint64
}

// BenfordPair is the first-digit and first-two-digits tests on the positive amounts of one
// data set, with the amounts left out counted.
type BenfordPair struct {
	Name                    string
	Zero, Negative, Missing int
	First, FirstTwo         review.BenfordResult
	Weak                    bool // a review.BenfordWarning came with a result
}

// StatementCheck is the balance-sheet identity over the firms.
type StatementCheck struct {
	Checked, NotChecked, Broken, SignFindings int
	// Worst are the broken firms with the largest gap relative to total assets, at most five.
	Worst []review.Finding
	// GapShare is each checked firm's gap / total assets, in firm order.
	GapShare []float64
}

// NetworkSummary is the synthetic guarantee network and its contagion.
type NetworkSummary struct {
	Firms, Guarantees, Left    int // Left: firms without the data to enter the network
	Circles, InCircle, Largest int
	MutualPairs, MaxChainDepth int
	OverNetWorth               int // firms whose contingent liabilities exceed their net worth
	Seeds                      int // bankrupt firms shocked
	DebtRankR                  float64
	CascadeDefaults            int // defaults in the cascade beyond the seeds
	CascadeRounds              int
}

// ReviewResult is the stage's answer.
type ReviewResult struct {
	Bills, WorkingCapital BenfordPair
	Statements            StatementCheck
	Network               NetworkSummary
	Policy                access.SimulationReport
	PolicyID, Version     string
	Bad, Good             int // firms decided, by outcome
}

const reviewSchemaJSON = `{"kind": "access-schema", "version": "review-facts/1",
  "fields": [
    {"name": "critical_findings", "kind": "int"},
    {"name": "in_guarantee_circle", "kind": "bool"},
    {"name": "contingent_to_net_worth", "kind": "decimal", "scale": 4, "unit": "fraction"}
  ]}`

// The thresholds are illustrative: no published contingent-liability limit was found.
const reviewPolicyJSON = `{"kind": "access-policy", "id": "due-diligence-gate", "version": "1", "schemaVersion": "review-facts/1",
  "rules": [
    {"id": "D01", "code": "DD_STATEMENTS", "field": "critical_findings", "op": "le", "value": 0, "severity": "refer"},
    {"id": "D02", "code": "DD_GUARANTEE_CIRCLE", "field": "in_guarantee_circle", "op": "is-false", "severity": "refer"},
    {"id": "D03", "code": "DD_CONTINGENT", "field": "contingent_to_net_worth", "op": "le", "value": "1.0000", "severity": "reject"}
  ]}`

// DueDiligence runs the stage.
func DueDiligence(in ReviewInput) (ReviewResult, error) {
	var res ReviewResult
	var err error
	if res.Bills, err = benfordPair("card bills", in.Bills, 0); err != nil {
		return res, fmt.Errorf("benford on bills: %w", err)
	}
	var wc []decimal.Decimal
	missing := 0
	for i := range in.Firms {
		if f := &in.Firms[i]; f.has(8) {
			wc = append(wc, decimal.NewFromFloat(f.WorkingCapital))
		} else {
			missing++
		}
	}
	if res.WorkingCapital, err = benfordPair("working capital (Attr55)", wc, missing); err != nil {
		return res, fmt.Errorf("benford on working capital: %w", err)
	}
	findings, err := checkStatements(in.Firms, &res.Statements)
	if err != nil {
		return res, err
	}
	net, index, err := guaranteeNetwork(in.Firms, rand.New(rand.NewPCG(in.Seed, 0x6775617261)))
	if err != nil {
		return res, err
	}
	ex := net.Exposure()
	s := &res.Network
	s.Firms, s.Left = net.Len(), len(in.Firms)-net.Len()
	s.Circles, s.MutualPairs, s.MaxChainDepth = len(ex.Circles), ex.MutualPairs, ex.MaxChainDepth
	for _, c := range ex.Circles {
		s.InCircle += len(c)
		s.Largest = max(s.Largest, len(c))
	}
	for _, fe := range ex.Firms {
		s.Guarantees += fe.Borrowers
		if !fe.RatioDefined && fe.Contingent.Sign() > 0 || fe.ContingentRatio > 1 {
			s.OverNetWorth++
		}
	}
	var seeds []int
	for i, k := range index {
		if k >= 0 && in.Firms[i].Bankrupt {
			seeds = append(seeds, k)
		}
	}
	s.Seeds = len(seeds)
	if len(seeds) > 0 {
		dr, err := net.DebtRank(seeds, 1, nil)
		if err != nil {
			return res, err
		}
		s.DebtRankR = dr.R
		cr, err := net.Cascade(seeds, reviewRecovery)
		if err != nil {
			return res, err
		}
		s.CascadeDefaults, s.CascadeRounds = cr.Count-len(seeds), cr.Rounds
	}
	// Derive each networked firm's facts and run the policy over bankrupt and good firms.
	schema, err := access.LoadSchema([]byte(reviewSchemaJSON), access.Limits{})
	if err != nil {
		return res, err
	}
	pol, err := access.LoadPolicy([]byte(reviewPolicyJSON), schema, access.Limits{})
	if err != nil {
		return res, err
	}
	var facts []*access.Facts
	var bad []bool
	for i, k := range index {
		if k < 0 {
			continue
		}
		d := review.Derive(review.ReconcileResult{}, ex.Firms[k], findings[i])
		f := schema.NewFacts()
		if err := errors.Join(f.SetInt("critical_findings", int64(d.CriticalFindings)),
			f.SetBool("in_guarantee_circle", d.InGuaranteeCircle)); err != nil {
			return res, err
		}
		if d.ContingentToNetWorthDefined { // else missing: the rule counts it as a hit
			if err := f.SetDecimal("contingent_to_net_worth", d.ContingentToNetWorth); err != nil {
				return res, err
			}
		}
		facts = append(facts, f)
		bad = append(bad, in.Firms[i].Bankrupt)
		if in.Firms[i].Bankrupt {
			res.Bad++
		} else {
			res.Good++
		}
	}
	if res.Policy, err = pol.Simulate(facts, bad); err != nil {
		return res, err
	}
	res.PolicyID, res.Version = pol.ID(), pol.Version()
	return res, nil
}

// benfordPair runs the first-digit and first-two-digits tests on the positive amounts.
func benfordPair(name string, amounts []decimal.Decimal, missing int) (BenfordPair, error) {
	p := BenfordPair{Name: name, Missing: missing}
	pos := make([]decimal.Decimal, 0, len(amounts))
	for _, a := range amounts {
		switch a.Sign() {
		case 0:
			p.Zero++
		case -1:
			p.Negative++
		default:
			pos = append(pos, a)
		}
	}
	for _, t := range []struct {
		test review.DigitTest
		dst  *review.BenfordResult
	}{{review.FirstDigit, &p.First}, {review.FirstTwoDigits, &p.FirstTwo}} {
		err := review.BenfordTo(t.dst, pos, t.test, review.BenfordOptions{})
		if errors.Is(err, review.ErrSmallSample) {
			p.Weak = true
		} else if err != nil {
			return p, err
		}
	}
	return p, nil
}

// balanceChart is the part of the chart the Polish ratios allow: total assets, liabilities
// and equity, and the identity between them, at the review package's default tolerance.
func balanceChart() (*review.Chart, error) {
	def := review.DefaultChartSpec()
	return review.CompileChart(review.ChartSpec{Kind: review.KindChart, Version: "polish-balance/1",
		Lines: []review.LineSpec{{Name: "totalAssets", Sign: review.NonNegative},
			{Name: "totalLiabilities", Sign: review.NonNegative}, {Name: "equity"}},
		Identities:   def.Identities[:1], // totalAssets = totalLiabilities + equity
		AbsTolerance: def.AbsTolerance, RelTolerance: def.RelTolerance})
}

// amountsOf returns the firm's total assets (10^Attr29), liabilities and equity in the data's
// unit, rounded to cents.
func amountsOf(f *ReviewFirm) (ta, liab, eq decimal.Decimal) {
	ta = decimal.NewFromFloat(math.Pow(10, f.LogAssets)).Round(2)
	liab = decimal.NewFromFloat(f.Liabilities).Mul(ta).Round(2)
	eq = decimal.NewFromFloat(f.Equity).Mul(ta).Round(2)
	return ta, liab, eq
}

// checkStatements checks every firm's balance sheet; findings[i] are firm i's findings.
func checkStatements(firms []ReviewFirm, sc *StatementCheck) ([][]review.Finding, error) {
	chart, err := balanceChart()
	if err != nil {
		return nil, err
	}
	findings := make([][]review.Finding, len(firms))
	for i := range firms {
		f := &firms[i]
		if !f.has(7) {
			sc.NotChecked++
			continue
		}
		ta, liab, eq := amountsOf(f)
		fs, err := chart.Check(review.Statements{Periods: []review.Period{{Label: "year 5",
			Lines: map[string]decimal.Decimal{"totalAssets": ta, "totalLiabilities": liab, "equity": eq}}}})
		if err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", f.Row, err)
		}
		sc.Checked++
		gap, _ := ta.Sub(liab).Sub(eq).Float64()
		share := 0.0
		if ta.Sign() > 0 {
			share = gap / ta.InexactFloat64()
		}
		sc.GapShare = append(sc.GapShare, share)
		for j := range fs {
			fs[j].Lines = append(fs[j].Lines, "row "+strconv.Itoa(f.Row))
			switch fs[j].Code {
			case review.CodeIdentityBroken:
				sc.Broken++
				sc.Worst = append(sc.Worst, fs[j])
			case review.CodeSignViolated:
				sc.SignFindings++
			}
		}
		findings[i] = fs
	}
	rel := func(f review.Finding) float64 {
		g, l := f.Gap.Abs().InexactFloat64(), f.Left.Abs().InexactFloat64()
		if l == 0 {
			return math.Inf(1)
		}
		return g / l
	}
	slices.SortStableFunc(sc.Worst, func(a, b review.Finding) int {
		ra, rb := rel(a), rel(b)
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return 0
	})
	sc.Worst = sc.Worst[:min(5, len(sc.Worst))]
	return findings, nil
}

// guaranteeNetwork generates the synthetic guarantee network over the firms that have total
// assets and equity (the others are left out and counted), by directed preferential
// attachment (Barabási & Albert 1999, Science 286:509): firms join in a random order; each
// joining firm makes up to reviewLinksPerFirm guarantees with earlier firms chosen with
// probability proportional to degree + 1, each direction (it guarantees them or they it) with
// probability ½; a guarantee is answered by a reverse one with probability reviewMutualShare
// (a mutual guarantee) and closes a three-firm loop through one of the borrower's borrowers
// with probability reviewLoopShare. The amount is a uniform share in [reviewMinAmount,
// reviewMaxAmount) of the guarantor's total assets. Net worth is equity (Attr10 × total
// assets). index[i] is firm i's node, −1 when left out.
func guaranteeNetwork(firms []ReviewFirm, rng *rand.Rand) (*review.Network, []int, error) {
	index := make([]int, len(firms))
	var nodes []review.Firm
	var assets []float64
	for i := range firms {
		f := &firms[i]
		if !f.has(1 | 4) {
			index[i] = -1
			continue
		}
		ta, _, eq := amountsOf(f)
		index[i] = len(nodes)
		nodes = append(nodes, review.Firm{ID: "row " + strconv.Itoa(f.Row), NetWorth: eq})
		assets = append(assets, ta.InexactFloat64())
	}
	n := len(nodes)
	order := rng.Perm(n)
	var gs []review.Guarantee
	out := make([][]int, n) // borrowers of each node, for loop closing
	var ends []int          // each node once per degree + 1: the preferential draw
	add := func(g, b int) {
		amt := decimal.NewFromFloat(assets[g] * (reviewMinAmount + (reviewMaxAmount-reviewMinAmount)*rng.Float64())).Round(2)
		if amt.Sign() <= 0 {
			amt = decimal.New(1, -2)
		}
		gs = append(gs, review.Guarantee{Guarantor: nodes[g].ID, Borrower: nodes[b].ID, Amount: amt})
		out[g] = append(out[g], b)
		ends = append(ends, g, b)
	}
	for j, v := range order {
		ends = append(ends, v)
		if j == 0 {
			continue
		}
		links := min(reviewLinksPerFirm, j)
		for range links {
			t := ends[rng.IntN(len(ends))]
			if t == v {
				continue
			}
			g, b := v, t
			if rng.IntN(2) == 0 {
				g, b = t, v
			}
			add(g, b)
			if rng.Float64() < reviewMutualShare {
				add(b, g)
			}
			if rng.Float64() < reviewLoopShare && len(out[b]) > 0 {
				if w := out[b][rng.IntN(len(out[b]))]; w != g {
					add(w, g) // g → b → w → g
				}
			}
		}
	}
	net, err := review.NewNetwork(nodes, gs)
	return net, index, err
}

// Text renders the result.
func (r ReviewResult) Text() string {
	var b strings.Builder
	b.WriteString("Benford's law (first digit and first two digits; positive amounts only, the rest counted):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "data\tN\tzero\tnegative\tmissing\tMAD 1st\tconformity\tchi2 1st (df 8)\tMAD 1st-2\tconformity\tchi2 1st-2 (df 89)\t\n")
	for _, p := range []BenfordPair{r.Bills, r.WorkingCapital} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.5f\t%v\t%.1f\t%.5f\t%v\t%.1f\t\n", p.Name, p.First.N, p.Zero, p.Negative, p.Missing,
			p.First.MAD, p.First.Conformity, p.First.ChiSquare, p.FirstTwo.MAD, p.FirstTwo.Conformity, p.FirstTwo.ChiSquare)
	}
	tw.Flush()
	b.WriteString("MAD bands: Nigrini (2012) Table 7.1. Chi-square rejects almost any large real sample; read the MAD.\n\n")

	s := r.Statements
	fmt.Fprintf(&b, "Balance sheet (total assets = 10^Attr29; liabilities = Attr2 × assets; equity = Attr10 × assets):\n")
	fmt.Fprintf(&b, "%d firms checked, %d without the three ratios; %d break assets = liabilities + equity beyond\n"+
		"max(1, 0.1 %%), %d have a negative liability line. The data does not say what the gap holds.\n",
		s.Checked, s.NotChecked, s.Broken, s.SignFindings)
	for _, f := range s.Worst {
		fmt.Fprintf(&b, "  %s: assets %s, liabilities + equity %s, gap %s (tolerance %s)\n",
			f.Lines[len(f.Lines)-1], f.Left.StringFixed(2), f.Right.StringFixed(2), f.Gap.StringFixed(2), f.Tolerance.StringFixed(2))
	}
	n := r.Network
	fmt.Fprintf(&b, "\nGuarantee network: SYNTHETIC. No public guarantee data exists; the network is generated by a\n"+
		"seeded directed preferential-attachment generator (Barabási–Albert; up to %d guarantees per joining\n"+
		"firm, %.0f %% answered by a mutual guarantee, %.0f %% closing a three-firm loop, amounts %.0f–%.0f %% of the\n"+
		"guarantor's total assets). Only the firms' net worth (equity) and total assets are real.\n",
		reviewLinksPerFirm, 100*reviewMutualShare, 100*reviewLoopShare, 100*reviewMinAmount, 100*reviewMaxAmount)
	fmt.Fprintf(&b, "%d firms (%d left out without assets or equity), %d guarantees after merging parallel ones.\n",
		n.Firms, n.Left, n.Guarantees)
	fmt.Fprintf(&b, "Guarantee circles: %d (%d firms, largest %d); mutual pairs %d; longest chain %d guarantees.\n",
		n.Circles, n.InCircle, n.Largest, n.MutualPairs, n.MaxChainDepth)
	fmt.Fprintf(&b, "Firms whose contingent liabilities exceed their net worth (or with net worth ≤ 0): %d.\n", n.OverNetWorth)
	fmt.Fprintf(&b, "Contagion from the %d bankrupt firms: DebtRank R = %.4f (Battiston et al. 2012; share of guaranteed\n"+
		"value lost beyond the shock); default cascade at %.0f %% recovery: %d further defaults in %d rounds.\n\n",
		n.Seeds, n.DebtRankR, 100*reviewRecovery, n.CascadeDefaults, n.CascadeRounds)

	fmt.Fprintf(&b, "Review facts fed to access policy %s version %s (illustrative thresholds) for %d bankrupt and %d good firms:\n",
		r.PolicyID, r.Version, r.Bad, r.Good)
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rule\tcode\tseverity\tbankrupt hit\tgood hit\tmissing\t\n")
	for _, ru := range r.Policy.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t\n", ru.RuleID, ru.Code, ru.Severity, ru.Bad, ru.Hits-ru.Bad, ru.Missing)
	}
	tw.Flush()
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "decision\tbankrupt\tgood\t\n")
	for _, d := range r.Policy.Decisions {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", d.Decision, d.Bad, d.Count-d.Bad)
	}
	tw.Flush()
	return b.String()
}

// dueDiligenceStage runs [DueDiligence] on the embedded (or given) firms and card bills.
func dueDiligenceStage(p *Portfolio, _ Options) (Section, error) {
	sec := Section{Title: "Due diligence: Benford tests, statement checks and guarantee network (access/review)"}
	in := ReviewInput{Seed: 2026}
	for i := range p.Firms {
		f := &p.Firms[i]
		in.Firms = append(in.Firms, ReviewFirmOf(f.Row, f.Bankrupt, f.Ratio))
	}
	for _, a := range p.Accounts {
		in.Bills = append(in.Bills, a.Bill[:]...)
	}
	r, err := DueDiligence(in)
	if err != nil {
		return sec, err
	}
	var b doc
	b.WriteString(r.Text())
	b.keyFigure("Balance-sheet identity (firms)", "%d of %d firms break assets = liabilities + equity",
		r.Statements.Broken, r.Statements.Checked)
	b.assume("Due diligence: the guarantee network is synthetic (no public guarantee data exists), generated with seed %d; the due-diligence gate's thresholds are illustrative.", in.Seed)
	b.into(&sec)
	return sec, nil
}
