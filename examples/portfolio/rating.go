package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/validation"
)

// The rating stage's indicator system: 12 Polish ratios in 6 dimensions, each with its scoring
// function, direction, missing policy and weight inside its dimension, and the proposed SME master
// scale. The dimension weights in the file are equal; the stage replaces them by AHP weights
// from the pairwise comparison of the dimensions in rating-ahp.json and then combines the result
// with entropy weights computed on the firms.
var (
	//go:embed specs/rating-model.json
	ratingModelJSON []byte
	//go:embed specs/rating-ahp.json
	ratingAHPJSON []byte
)

// ratingAHPSpec is the expert's pairwise comparison of the model's dimensions (Saaty 1–9 scale):
// one named judgement per pair ("profitability over leverage = 2"), so the orientation cannot be
// transposed by mistake, and the random-index table used for the consistency ratio.
type ratingAHPSpec struct {
	Dimensions []string                `json:"dimensions"`
	Table      rating.RandomIndexTable `json:"table"`
	Pairs      []rating.Judgement      `json:"pairs"`
}

// ratingEntropyShare is α in w = α·w_AHP + (1 − α)·w_entropy: the subjective share of the
// combined weights.
const ratingEntropyShare = 0.5

// firmRating is one firm's rating: the exit stage computes IRB capital from Grade and PD.
type firmRating struct {
	Row      int     // CSV line of the firm
	Score    float64 // 0–100 points
	Grade    string  // grade name on the master scale ("BBB")
	PD       float64 // one-year PD of the grade, fraction, calibrated on the portfolio
	Bankrupt bool
}

// ratingRun holds everything the stage derives, in the order it derives it.
type ratingRun struct {
	equal, ahpModel, final *rating.Model
	ahp                    *rating.AHPResult
	ahpWarning             error // *rating.InconsistencyWarning when CR ≥ 0.10
	subjective, entropy    []float64
	combined               []float64
	x                      [][]float64 // raw ratios per firm, model order
	miss                   [][]bool
	scores                 []float64 // final model, per firm
	calib                  *rating.Calibration
	scale                  *rating.MasterScale // proposal cut-offs, calibrated PDs
	grades                 []rating.Grade
}

// ratioNumber reads N from an indicator ID "attrN".
func ratioNumber(id rating.IndicatorID) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(string(id), "attr"))
	if err != nil || n < 1 || n > numRatios {
		return 0, fmt.Errorf("indicator %q does not name a ratio attrN", id)
	}
	return n, nil
}

// runRating builds the weights, rates every firm and calibrates the master scale.
func runRating(p *Portfolio) (*ratingRun, error) {
	var run ratingRun
	var err error
	if run.equal, err = rating.LoadModel(ratingModelJSON); err != nil {
		return nil, err
	}
	ids := run.equal.IDs()
	ratios := make([]int, len(ids))
	for i, id := range ids {
		if ratios[i], err = ratioNumber(id); err != nil {
			return nil, err
		}
	}
	run.x = make([][]float64, len(p.Firms))
	run.miss = make([][]bool, len(p.Firms))
	flat := make([]float64, len(p.Firms)*len(ids))
	flatMiss := make([]bool, len(p.Firms)*len(ids))
	for f := range p.Firms {
		x := flat[f*len(ids) : (f+1)*len(ids)]
		m := flatMiss[f*len(ids) : (f+1)*len(ids)]
		for i, n := range ratios {
			v, ok := p.Firms[f].Ratio(n)
			x[i], m[i] = v, !ok
		}
		run.x[f], run.miss[f] = x, m
	}

	// Subjective weights: AHP over the dimensions, times the expert weights inside each.
	var a ratingAHPSpec
	dec := json.NewDecoder(bytes.NewReader(ratingAHPJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("rating-ahp.json: %w", err)
	}
	dims := run.equal.Dimensions()
	if !slices.EqualFunc(a.Dimensions, dims, func(a string, b rating.DimensionID) bool { return a == string(b) }) {
		return nil, fmt.Errorf("rating-ahp.json: dimensions %v do not match the model's %v", a.Dimensions, dims)
	}
	run.ahp, err = rating.AHPFromPairs(a.Dimensions, a.Pairs, rating.AHPOptions{Table: a.Table})
	if errors.Is(err, rating.ErrInconsistent) {
		run.ahpWarning = err // weights usable; reported below
	} else if err != nil {
		return nil, fmt.Errorf("rating-ahp.json: %w", err)
	}
	spec := run.equal.Spec()
	for d := range spec.Dimensions {
		spec.Dimensions[d].Weight = run.ahp.Weights[d]
	}
	if run.ahpModel, err = rating.CompileModel(spec); err != nil {
		return nil, err
	}
	run.subjective = run.ahpModel.Weights()

	// Objective weights: entropy of the indicator scores (0–100, so non-negative and pointing
	// the same way) over all firms.
	scores := mat.NewDense(len(p.Firms), len(ids), nil)
	var r rating.Result
	for f := range p.Firms {
		if err := run.ahpModel.ScoreTo(&r, run.x[f], run.miss[f]); err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", p.Firms[f].Row, err)
		}
		scores.SetRow(f, r.Scores)
	}
	if run.entropy, err = rating.EntropyWeights(scores, rating.EntropyOptions{}); err != nil {
		return nil, err
	}
	if run.combined, err = rating.CombineWeights(run.subjective, run.entropy, rating.LinearCombination, ratingEntropyShare); err != nil {
		return nil, err
	}
	if run.final, err = run.ahpModel.WithWeights(run.combined); err != nil {
		return nil, err
	}

	// Rate every firm; each firm gets its result or its error.
	res, err := run.final.ScoreAll(run.x, run.miss)
	if err != nil {
		return nil, err
	}
	run.scores = make([]float64, len(res))
	defaults := make([]bool, len(res))
	for f, br := range res {
		if br.Err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", p.Firms[f].Row, br.Err)
		}
		run.scores[f], defaults[f] = br.Result.Score, p.Firms[f].Bankrupt
	}

	// Calibrate: logistic PD of score, read at the middle of each grade's score band.
	if run.calib, err = rating.CalibratePD(run.scores, defaults); err != nil {
		return nil, err
	}
	cs, err := run.calib.MasterScaleSpec(*spec.Scale)
	if err != nil {
		return nil, err
	}
	cs.Version += "+calibrated-polish-5year"
	if run.scale, err = rating.CompileMasterScale(cs); err != nil {
		return nil, err
	}
	run.grades = make([]rating.Grade, len(res))
	for f, s := range run.scores {
		if run.grades[f], err = run.scale.Grade(s); err != nil {
			return nil, err
		}
	}
	return &run, nil
}

// rateFirms returns every firm's score, grade and calibrated PD, in the order of p.Firms.
func rateFirms(p *Portfolio) ([]firmRating, error) {
	run, err := runRating(p)
	if err != nil {
		return nil, err
	}
	return run.ratings(p), nil
}

func (run *ratingRun) ratings(p *Portfolio) []firmRating {
	out := make([]firmRating, len(p.Firms))
	for f := range p.Firms {
		pd, _ := run.scale.PD(run.grades[f]) // grades come from the same scale
		out[f] = firmRating{Row: p.Firms[f].Row, Score: run.scores[f], Grade: run.scale.Name(run.grades[f]),
			PD: pd, Bankrupt: p.Firms[f].Bankrupt}
	}
	return out
}

// ratingStage is the expert rating of the Polish firms: indicator system from the embedded spec,
// AHP weights combined with entropy weights, every firm rated and graded, discrimination and
// calibration per grade, and the firms that lose the most points explained.
func ratingStage(p *Portfolio, opts Options) (Section, error) {
	sec := Section{Title: "Rating: expert indicator system on the Polish firms"}
	run, err := runRating(p)
	if err != nil {
		return sec, err
	}
	defaults := make([]bool, len(p.Firms))
	for f := range p.Firms {
		defaults[f] = p.Firms[f].Bankrupt
	}
	var b doc
	spec := run.final.Spec()
	fmt.Fprintf(&b, "Model %s %s: %d ratios in %d dimensions; missing ratio scores worst (in this data a missing\n",
		spec.ID, spec.Version, run.final.Len(), len(spec.Dimensions))
	fmt.Fprintf(&b, "ratio goes with distress). AHP on the dimensions: λmax %.4f, CI %.4f, CR %.4f (RI %s %.2f).\n",
		run.ahp.LambdaMax, run.ahp.CI, run.ahp.CR, run.ahp.Table, run.ahp.RI)
	if run.ahpWarning != nil {
		fmt.Fprintf(&b, "warning: %v\n", run.ahpWarning)
	}
	fmt.Fprintf(&b, "Weights: AHP × expert weight inside the dimension; entropy of the indicator scores over the\n")
	fmt.Fprintf(&b, "firms; combined = %.1f·AHP + %.1f·entropy.\n\n", ratingEntropyShare, 1-ratingEntropyShare)
	tw := newTable(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "indicator\tdimension\tdirection\tAHP\tentropy\tcombined\tdefinition")
	for i, in := range spec.Indicators {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\n", in.ID, in.Dimension, in.Direction,
			run.subjective[i], run.entropy[i], run.combined[i], shorten(in.Name, 44))
	}
	if err := tw.Flush(); err != nil {
		return sec, err
	}

	fmt.Fprintf(&b, "\nDiscrimination of the score (higher is safer) by weighting:\n")
	var finalAUC float64
	for _, m := range []struct {
		label string
		model *rating.Model
	}{{"  equal dimensions  ", run.equal}, {"  AHP               ", run.ahpModel}, {"  AHP + entropy     ", run.final}} {
		res, err := m.model.ScoreAll(run.x, run.miss)
		if err != nil {
			return sec, err
		}
		s := make([]float64, len(res))
		for f, r := range res {
			if r.Err != nil {
				return sec, r.Err
			}
			s[f] = r.Result.Score
		}
		d, err := writeDiscrimination(&b, m.label, s, defaults, validation.HigherSafer)
		if err != nil {
			return sec, err
		}
		finalAUC = d.AUC
	}

	fmt.Fprintf(&b, "\nCalibration: PD(score) = 1/(1 + exp(−(a + b·score))), a = %.3f (SE %.3f), b = %.4f (SE %.4f)\n",
		run.calib.Intercept, run.calib.SEIntercept, run.calib.Slope, run.calib.SESlope)
	fmt.Fprintf(&b, "per score point, fitted on all %d firms (%d bankrupt); each grade's PD is PD at the middle of\n", run.calib.N, run.calib.Defaults)
	fmt.Fprintf(&b, "its band of the proposed SME scale. In-sample, so the table below is a check of fit, not a\n")
	fmt.Fprintf(&b, "validation.\n\n")
	names := make([]string, len(p.Firms))
	pds := make([]float64, len(p.Firms))
	for f, r := range run.ratings(p) {
		names[f], pds[f] = r.Grade, r.PD
	}
	rep, err := writeGradeTable(&b, names, pds, defaults)
	if err != nil {
		return sec, err
	}

	firmPD := make([]float64, len(run.scores))
	for f, sc := range run.scores {
		if firmPD[f], err = run.calib.PD(sc); err != nil {
			return sec, err
		}
	}
	hl, err := validation.HosmerLemeshow(firmPD, defaults, validation.HosmerLemeshowOptions{})
	var weak *validation.FewDefaultsWarning
	if err != nil && !errors.As(err, &weak) {
		return sec, err
	}
	brier, err := validation.Brier(pds, defaults)
	if err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "Firm-level logistic PDs: Hosmer–Lemeshow Ĉ %.1f on %d df, p %.3f; Brier score of the grade PDs %.4f.\n",
		hl.Statistic, hl.DF, hl.PValue, brier)

	grades := make([]plots.Grade, len(rep.Rows))
	gradeLabels := make([]string, len(rep.Rows))
	gradeCounts := make([]float64, len(rep.Rows))
	var dist, flagged []string
	for i, r := range rep.Rows {
		grades[i] = plots.Grade{Label: r.Grade, Obligors: r.Obligors, Defaults: r.Defaults, PD: r.PD}
		gradeLabels[i], gradeCounts[i] = r.Grade, float64(r.Obligors)
		dist = append(dist, fmt.Sprintf("%s %d", r.Grade, r.Obligors))
		if r.Light != validation.Green {
			flagged = append(flagged, fmt.Sprintf("%s is %s (observed %.2f %% against PD %.2f %%, Jeffreys p %.4f)", r.Grade, r.Light, 100*r.DefaultRate, 100*r.PD, r.JeffreysP))
		}
	}
	b.figure("rating-default-rate",
		"Calibration: observed bankruptcy rate per grade (red points) with its 95 % Jeffreys interval (blue bars) against the grade's PD (orange). "+
			"Read: where the orange PD lies below a blue bar the grade's PD is too low; above it, too high. Wide bars mean few firms or few defaults.",
		func(path string) error {
			return plots.Calibration(path, "Observed bankruptcy rate and PD by grade (log scale)", grades)
		})
	b.figure("rating-grades",
		"Number of firms per grade of the SME master scale. Read: a good scale spreads the firms; one dominant grade (a high Herfindahl index) ranks poorly.",
		func(path string) error {
			return plots.Bars(path, "Firms per grade", "grade", "firms", "%.0f", gradeLabels, gradeCounts)
		})
	b.figure("rating-roc",
		"ROC of the expert score (AHP + entropy weights) against bankruptcy. Read: AUC in the title; 0.5 is a coin toss, 0.8 and above is strong for a rating.",
		func(path string) error {
			return plots.ROC(path, "Expert rating score", run.scores, defaults, validation.HigherSafer)
		})
	if err := run.explainWorst(&b, p, 5); err != nil {
		return sec, err
	}
	if opts.PlotsDir != "" {
		fmt.Fprintf(&b, "Plot: rating-default-rate.png.\n")
	}
	b.keyFigure("Grade distribution (firms)", "%s", strings.Join(dist, ", "))
	b.keyFigure("Expert rating", "AUC %.3f; Hosmer–Lemeshow p %.3f; Brier %.4f", finalAUC, hl.PValue, brier)
	if len(flagged) > 0 {
		b.finding(2, "Rating calibration: %s; Hosmer–Lemeshow p %.3f on the firm-level PDs.", strings.Join(flagged, "; "), hl.PValue)
	}
	b.assume("Rating: a missing ratio scores worst, since in these data a missing ratio goes with distress.")
	b.assume("Rating weights: AHP weights of the dimensions from the expert's pairwise comparison (specs/rating-ahp.json) times the expert weight inside each dimension, combined %.1f : %.1f with entropy weights computed on the firms.", ratingEntropyShare, 1-ratingEntropyShare)
	b.assume("Rating PDs: a logistic regression of bankruptcy on the score, fitted in-sample on all firms; each grade's PD is the PD at the middle of its band on the proposed SME scale.")
	b.into(&sec)
	return sec, nil
}

// explainWorst writes the k firms with the lowest scores (the most points lost) and the k
// bankrupt firms with the highest scores (what the model missed), each with the three
// indicators that cost it the most and their raw ratios.
func (run *ratingRun) explainWorst(b *doc, p *Portfolio, k int) error {
	order := make([]int, len(run.scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case run.scores[i] < run.scores[j]:
			return -1
		case run.scores[i] > run.scores[j]:
			return 1
		}
		return 0
	})
	fmt.Fprintf(b, "\nThe %d lowest-rated firms and the indicators that cost them most (points lost of 100):\n", k)
	if err := run.explain(b, p, order[:min(k, len(order))]); err != nil {
		return err
	}
	var missed []int
	for i := len(order) - 1; i >= 0 && len(missed) < k; i-- {
		if p.Firms[order[i]].Bankrupt {
			missed = append(missed, order[i])
		}
	}
	fmt.Fprintf(b, "The %d best-rated firms that went bankrupt (the model's misses) and their weakest indicators:\n", len(missed))
	return run.explain(b, p, missed)
}

func (run *ratingRun) explain(b *doc, p *Portfolio, firms []int) error {
	ids := run.final.IDs()
	for _, f := range firms {
		r, err := run.final.Score(run.x[f], run.miss[f])
		if err != nil {
			return err
		}
		cs, err := run.final.Explain(r)
		if err != nil {
			return err
		}
		status := "survived"
		if p.Firms[f].Bankrupt {
			status = "bankrupt"
		}
		fmt.Fprintf(b, "  line %d: score %.1f, grade %s, %s:", p.Firms[f].Row, r.Score, run.scale.Name(run.grades[f]), status)
		for _, c := range cs[:min(3, len(cs))] {
			i := slices.Index(ids, c.ID)
			raw := "missing"
			if !run.miss[f][i] {
				raw = strconv.FormatFloat(run.x[f][i], 'f', 3, 64)
			}
			fmt.Fprintf(b, " %s = %s (−%.1f)", c.ID, raw, c.Lost)
		}
		fmt.Fprintln(b)
	}
	return nil
}
