package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

// The scorecard stage's settings: split, binning, selection thresholds and scaling.
//
//go:embed specs/scorecard-options.json
var scorecardOptionsJSON []byte

type scorecardOptions struct {
	Seed           uint64                 `json:"seed"`
	TrainShare     float64                `json:"trainShare"`
	Binning        scorecard.BinOptions   `json:"binning"`
	MinIV          float64                `json:"minIV"`
	MaxCorrelation float64                `json:"maxCorrelation"`
	Candidates     int                    `json:"candidates"`
	MaxVariables   int                    `json:"maxVariables"`
	Model          scorecard.ModelOptions `json:"model"`
}

func loadScorecardOptions() (scorecardOptions, error) {
	var o scorecardOptions
	dec := json.NewDecoder(bytes.NewReader(scorecardOptionsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return o, fmt.Errorf("specs/scorecard-options.json: %w", err)
	}
	if !(o.TrainShare > 0 && o.TrainShare < 1) || o.Candidates < 1 || o.MaxVariables < 1 {
		return o, errors.New("specs/scorecard-options.json: trainShare must be in (0, 1), candidates and maxVariables ≥ 1")
	}
	return o, nil
}

// splitFirms returns a deterministic stratified split: within the bankrupt and the surviving
// firms separately, a shuffle seeded by seed puts the first share of each class in train.
func splitFirms(firms []Firm, seed uint64, share float64) (train, test []int) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for _, bankrupt := range []bool{true, false} {
		var idx []int
		for i := range firms {
			if firms[i].Bankrupt == bankrupt {
				idx = append(idx, i)
			}
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		k := int(math.Round(share * float64(len(idx))))
		train = append(train, idx[:k]...)
		test = append(test, idx[k:]...)
	}
	slices.Sort(train)
	slices.Sort(test)
	return train, test
}

// ratioColumn returns ratio n of the given firms with NaN where it is missing.
func ratioColumn(firms []Firm, rows []int, n int) []float64 {
	x := make([]float64, len(rows))
	for k, i := range rows {
		if v, ok := firms[i].Ratio(n); ok {
			x[k] = v
		} else {
			x[k] = math.NaN()
		}
	}
	return x
}

func labels(firms []Firm, rows []int) ([]float64, []bool) {
	y := make([]float64, len(rows))
	b := make([]bool, len(rows))
	for k, i := range rows {
		if firms[i].Bankrupt {
			y[k], b[k] = 1, true
		}
	}
	return y, b
}

// scorecardRun is everything the stage derives.
type scorecardRun struct {
	opts                  scorecardOptions
	train, test           []int
	tables                []*scorecard.Table // every ratio that could be binned, ratio order
	ratio                 []int              // ratio number of tables[k]
	chosen                []int              // indices into tables of the model's variables
	card                  *scorecard.Scorecard
	signWarning           error
	trainScore, testScore []float64
	testBad               []bool
}

// runScorecard bins all 64 ratios on the training firms, keeps those with IV ≥ minIV, drops
// correlated ones (keeping the higher IV), picks variables by forward stepwise AIC among the
// strongest candidates, fits the scorecard and scores both samples.
func runScorecard(p *Portfolio) (*scorecardRun, error) {
	o, err := loadScorecardOptions()
	if err != nil {
		return nil, err
	}
	run := &scorecardRun{opts: o}
	run.train, run.test = splitFirms(p.Firms, o.Seed, o.TrainShare)
	y, _ := labels(p.Firms, run.train)
	cols := make([][]float64, 0, numRatios)
	for n := 1; n <= numRatios; n++ {
		x := ratioColumn(p.Firms, run.train, n)
		t, err := scorecard.BinNumeric(fmt.Sprintf("Attr%d", n), x, y, o.Binning)
		if err != nil {
			// A ratio that cannot be binned (one value, or no split meeting the constraints)
			// is simply not a candidate.
			if errors.Is(err, scorecard.ErrSingleValue) || errors.Is(err, scorecard.ErrConstraint) {
				continue
			}
			return nil, err
		}
		run.tables, run.ratio, cols = append(run.tables, t), append(run.ratio, n), append(cols, x)
	}
	keep, err := scorecard.FilterIV(run.tables, o.MinIV)
	if err != nil {
		return nil, err
	}
	if len(keep) < 2 {
		return nil, fmt.Errorf("only %d ratios with IV ≥ %g", len(keep), o.MinIV)
	}
	woe := mat.NewDense(len(y), len(keep), nil)
	iv := make([]float64, len(keep))
	col := make([]float64, len(y))
	for k, j := range keep {
		if col, err = run.tables[j].Transform(col, cols[j]); err != nil {
			return nil, err
		}
		woe.SetCol(k, col)
		iv[k] = run.tables[j].IV
	}
	uncorr, err := scorecard.FilterCorrelation(woe, iv, o.MaxCorrelation)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(uncorr, func(a, b int) int { return -cmpFloat(iv[a], iv[b]) })
	if len(uncorr) > o.Candidates {
		uncorr = uncorr[:o.Candidates]
	}
	slices.Sort(uncorr)
	cand := mat.NewDense(len(y), len(uncorr), nil)
	for k, c := range uncorr {
		cand.SetCol(k, mat.Col(nil, c, woe))
	}
	sel, _, err := scorecard.Stepwise(cand, y, scorecard.StepwiseOptions{Direction: scorecard.Forward, MaxSteps: o.MaxVariables})
	if err != nil {
		return nil, err
	}
	tables := make([]*scorecard.Table, len(sel))
	data := make([]scorecard.Column, len(sel))
	for k, s := range sel {
		j := keep[uncorr[s]]
		run.chosen = append(run.chosen, j)
		tables[k], data[k] = run.tables[j], scorecard.Column{Num: cols[j]}
	}
	run.card, err = scorecard.Fit(tables, data, y, o.Model)
	var sw *scorecard.SignWarning
	if errors.As(err, &sw) {
		// A coefficient against the WoE direction means a bin with better odds would get
		// fewer points (collinearity): drop those ratios and refit once.
		run.signWarning = err
		var t2 []*scorecard.Table
		var d2 []scorecard.Column
		var c2 []int
		for k, t := range tables {
			if !slices.Contains(sw.Variables, t.Name) {
				t2, d2, c2 = append(t2, t), append(d2, data[k]), append(c2, run.chosen[k])
			}
		}
		run.chosen = c2
		run.card, err = scorecard.Fit(t2, d2, y, o.Model)
	}
	if err != nil {
		return nil, err
	}
	if run.trainScore, err = run.score(p, run.train); err != nil {
		return nil, err
	}
	if run.testScore, err = run.score(p, run.test); err != nil {
		return nil, err
	}
	_, run.testBad = labels(p.Firms, run.test)
	return run, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// score scores the given firms with the fitted card, reusing one Result.
func (run *scorecardRun) score(p *Portfolio, rows []int) ([]float64, error) {
	out := make([]float64, len(rows))
	rec := make([]scorecard.Value, len(run.chosen))
	var r scorecard.Result
	for k, i := range rows {
		for v, j := range run.chosen {
			x, ok := p.Firms[i].Ratio(run.ratio[j])
			if !ok {
				x = math.NaN()
			}
			rec[v] = scorecard.Value{Num: x}
		}
		if err := run.card.ScoreTo(&r, rec); err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", p.Firms[i].Row, err)
		}
		out[k] = r.Score
	}
	return out, nil
}

// scorecardStage is the statistical scorecard on the Polish firms: optimal WoE binning of the 64
// ratios on a 70% training sample, IV / correlation / stepwise selection, logistic regression,
// points, and the holdout comparison with the expert rating.
func scorecardStage(p *Portfolio, opts Options) (Section, error) {
	sec := Section{Title: "Scorecard: WoE logistic scorecard on the Polish firms"}
	run, err := runScorecard(p)
	if err != nil {
		return sec, err
	}
	names, err := ratioNames()
	if err != nil {
		return sec, err
	}
	var b doc
	o := run.opts
	fmt.Fprintf(&b, "Split: %d training / %d holdout firms (stratified, seed %d). %d of 64 ratios binned (optimal, ≤ %d bins, ≥ %.0f%% per bin), %d with IV ≥ %.2f.\n",
		len(run.train), len(run.test), o.Seed, len(run.tables), o.Binning.MaxBins, 100*o.Binning.MinBinShare, countIV(run.tables, o.MinIV), o.MinIV)
	fmt.Fprintf(&b, "Model: %d ratios by forward stepwise AIC; AIC %.1f, log-likelihood %.1f (null %.1f).\n\n",
		len(run.chosen), run.card.Fit.AIC, run.card.Fit.LogLik, run.card.Fit.NullLogLik)
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ratio\tbins\tIV\tcoef\tSE\tp-value\tmin pts\tmax pts\t\tdefinition")
	for k, v := range run.card.Variables {
		j := run.chosen[k]
		lo, hi := slices.Min(v.Points), slices.Max(v.Points)
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.1e\t%.0f\t%.0f\t%s\t%s\n", v.Table.Name, v.Table.Regular(), v.Table.IV,
			v.Coef.Coef, v.Coef.SE, v.Coef.P, lo, hi, "", shorten(names[run.ratio[j]-1], 48))
	}
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	s := run.card.Scaling
	fmt.Fprintf(&b, "Scaling: %.0f points at good:bad %g:1, %.0f points to double the odds; base points %.0f; points rounded.\n",
		s.BaseScore, s.BaseOdds, s.PDO, run.card.BasePoints)
	if run.signWarning != nil {
		fmt.Fprintf(&b, "First fit: %v; those ratios were dropped and the model refitted.\n", run.signWarning)
	}
	b.WriteString("\nHoldout discrimination (same firms for both models):\n")
	cardD, err := writeDiscrimination(&b, "  scorecard points", run.testScore, run.testBad, validation.HigherSafer)
	if err != nil {
		return sec, err
	}
	var expertD validation.Discrimination
	expert, expertErr := rateFirms(p)
	var expertTrain, expertTest []float64
	if expertErr == nil {
		for _, i := range run.train {
			expertTrain = append(expertTrain, expert[i].Score)
		}
		for _, i := range run.test {
			expertTest = append(expertTest, expert[i].Score)
		}
		if expertD, err = writeDiscrimination(&b, "  expert rating score", expertTest, run.testBad, validation.HigherSafer); err != nil {
			return sec, err
		}
	} else {
		fmt.Fprintf(&b, "  expert rating unavailable: %v\n", expertErr)
	}
	st, err := validation.PSISamples(run.trainScore, run.testScore, validation.StabilityOptions{Bins: 10})
	if err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "Stability, training vs holdout (10 quantile bins of the training scores): scorecard PSI %.4f (%v)", st.PSI, st.Band)
	if expertErr == nil {
		se, err := validation.PSISamples(expertTrain, expertTest, validation.StabilityOptions{Bins: 10})
		if err != nil {
			return sec, err
		}
		fmt.Fprintf(&b, ", expert score PSI %.4f (%v)", se.PSI, se.Band)
	}
	b.WriteString(".\n")
	if err := explainFirm(&b, run, p); err != nil {
		return sec, err
	}
	title := "Scorecard, holdout"
	b.figure("scorecard-roc",
		"ROC of the scorecard points on the holdout firms (not used in fitting). Read: AUC in the title; compare with the expert rating's AUC in the text.",
		func(path string) error {
			return plots.ROC(path, title, run.testScore, run.testBad, validation.HigherSafer)
		})
	b.figure("scorecard-cap",
		"CAP of the scorecard on the holdout: share of bankruptcies caught against share of firms declined, lowest score first. Read: the steeper the start, the fewer good firms are turned away per bankruptcy avoided.",
		func(path string) error {
			return plots.CAP(path, title, run.testScore, run.testBad, validation.HigherSafer)
		})
	b.figure("scorecard-ks",
		"Cumulative score distributions of bankrupt and surviving holdout firms. Read: the black bar marks the cut-off score where the two differ most (KS).",
		func(path string) error {
			return plots.KS(path, title, "scorecard points (higher is safer)", run.testScore, run.testBad)
		})
	b.figure("scorecard-scores",
		"Holdout score distributions of surviving (blue) and bankrupt (red) firms on the same bins, each as a share of its own group. Read: the less the two overlap, the better the scorecard separates.",
		func(path string) error {
			return plots.ScoreDistributions(path, "Holdout score distribution, survivors and bankrupt firms", "scorecard points (higher is safer)", run.testScore, run.testBad, 20)
		})
	best := 0
	for k, v := range run.card.Variables {
		if v.Table.IV > run.card.Variables[best].Table.IV {
			best = k
		}
	}
	t := run.card.Variables[best].Table
	bins := make([]plots.Bin, len(t.Bins))
	for i, bn := range t.Bins {
		bins[i] = plots.Bin{Label: t.Label(i), NonEvents: bn.NonEvents, Events: bn.Events, WoE: bn.WoE}
	}
	b.figure("scorecard-binning",
		fmt.Sprintf("Binning of %s, the model variable with the largest IV (training firms): counts of survivors and bankrupt firms per bin above the bankruptcy rate per bin. "+
			"Read: the rate should move steadily across the bins; a small bin with an extreme rate (often the missing bin) drives much of the IV.", t.Name),
		func(path string) error {
			return plots.Binning(path, fmt.Sprintf("%s: counts and bankruptcy rate by bin (IV %.2f)", t.Name, t.IV), bins, plots.EventRateLine)
		})
	b.figure("scorecard-woe",
		fmt.Sprintf("WoE per bin of %s. Read: WoE = ln(%%good / %%bad); negative bins hold more than their share of bankruptcies and cost points.", t.Name),
		func(path string) error {
			return plots.Binning(path, fmt.Sprintf("%s: counts and WoE by bin (IV %.2f)", t.Name, t.IV), bins, plots.WoELine)
		})
	if expertErr != nil {
		b.keyFigure("Scorecard (holdout)", "AUC %.3f, KS %.3f on %d firms", cardD.AUC, cardD.KS, cardD.N)
	} else {
		b.keyFigure("Scorecard (holdout)", "AUC %.3f, KS %.3f on %d firms; expert rating AUC %.3f on the same firms", cardD.AUC, cardD.KS, cardD.N, expertD.AUC)
		b.finding(5, "The WoE scorecard (%d ratios) ranks holdout firms better than the expert rating: AUC %.3f against %.3f on the same %d firms; its PSI %.4f shows no drift between training and holdout.",
			len(run.chosen), cardD.AUC, expertD.AUC, cardD.N, st.PSI)
	}
	b.assume("Scorecard: a stratified %d / %d training / holdout split with seed %d; bins by optimal binning with at most %d bins of at least %.0f %% each; variables by forward stepwise AIC among ratios with IV ≥ %.2f.",
		len(run.train), len(run.test), o.Seed, o.Binning.MaxBins, 100*o.Binning.MinBinShare, o.MinIV)
	b.into(&sec)
	return sec, nil
}

func countIV(tables []*scorecard.Table, min float64) int {
	n := 0
	for _, t := range tables {
		if t.IV >= min {
			n++
		}
	}
	return n
}

// explainFirm prints the reason codes of the lowest-scoring holdout firm.
func explainFirm(b *doc, run *scorecardRun, p *Portfolio) error {
	k := 0
	for i, s := range run.testScore {
		if s < run.testScore[k] {
			k = i
		}
	}
	i := run.test[k]
	rec := make([]scorecard.Value, len(run.chosen))
	for v, j := range run.chosen {
		x, ok := p.Firms[i].Ratio(run.ratio[j])
		if !ok {
			x = math.NaN()
		}
		rec[v] = scorecard.Value{Num: x}
	}
	r, err := run.card.Score(rec)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "Lowest holdout score: firm on line %d, %.0f points (PD %.1f%%, bankrupt: %v); reasons:", p.Firms[i].Row, r.Score, 100*r.PD, p.Firms[i].Bankrupt)
	for _, rs := range r.Reasons {
		fmt.Fprintf(b, " %s in %s (−%.0f)", rs.Code, run.card.Variables[rs.Variable].Table.Label(rs.Bin), rs.Loss)
	}
	b.WriteString("\n")
	return nil
}
