package rating

import (
	"fmt"
	"math"

	"github.com/smecredit/smecredit/internal/logit"
	"gonum.org/v1/gonum/mat"
)

// Calibration is a logistic map from score to one-year PD fitted on a
// portfolio. It is immutable and safe for concurrent use. The zero value is
// the constant PD 0.5 and is not a fit; build one with [CalibratePD].
type Calibration struct {
	Intercept   float64 // a, log-odds of default at score 0
	Slope       float64 // b, change in log-odds per score point (negative for a working model)
	SEIntercept float64 // standard error of a
	SESlope     float64 // standard error of b
	N           int     // firms used
	Defaults    int     // defaults among them
}

// CalibratePD fits the PD of a score by logistic regression of the default
// indicator on the score (points, 0–100):
//
//	PD(s) = 1 / (1 + exp(−(a + b·s)))
//
// scores and defaults have the same length; defaults[i] is true when firm i
// defaulted within the year after scoring. The fit is maximum likelihood
// by IRLS (the project's shared internal/logit). Inputs are not modified.
// Cost O(n) per iteration.
//
// Errors: an [*InputError] with Field "scores" or "defaults" wrapping
// [ErrShape] for empty input or a length mismatch; an [*InputError] with
// Field "scores[i]" wrapping [ErrInvalidInput] for a score that is NaN or
// outside [0, 100]; errors wrapping [ErrCalibration] when the fit fails
// (one class only, separation, no convergence, non-finite coefficients).
//
// References:
//   - Hosmer, D. W., Lemeshow, S., Sturdivant, R. X. (2013). Applied
//     Logistic Regression, 3rd ed., Wiley, ch. 1.
//   - BCBS Basel Framework CRE36.78–36.82 (PD estimation: long-run average
//     default rates per grade; statistical default prediction models).
func CalibratePD(scores []float64, defaults []bool) (*Calibration, error) {
	n := len(scores)
	if n == 0 {
		return nil, shapeErr("scores", 0, 1)
	}
	if len(defaults) != n {
		return nil, shapeErr("defaults", len(defaults), n)
	}
	y := make([]float64, n)
	d := 0
	for i, s := range scores {
		if !(s >= 0 && s <= 100) {
			return nil, badValue(at("scores", i), s, ErrInvalidInput)
		}
		if defaults[i] {
			y[i] = 1
			d++
		}
	}
	x := mat.NewDense(n, 1, append([]float64(nil), scores...))
	fit, err := logit.Fit(x, y, nil, logit.Options{})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCalibration, err)
	}
	for _, v := range [...]float64{fit.Coef[0], fit.Coef[1], fit.SE[0], fit.SE[1]} {
		if !finite(v) {
			return nil, fmt.Errorf("%w: non-finite coefficient or standard error", ErrCalibration)
		}
	}
	return &Calibration{Intercept: fit.Coef[0], Slope: fit.Coef[1],
		SEIntercept: fit.SE[0], SESlope: fit.SE[1], N: n, Defaults: d}, nil
}

// PD returns the calibrated one-year PD (fraction in [0, 1]) of a score in
// points. Cost O(1). Errors: an [*InputError] with Field "score" wrapping
// [ErrInvalidInput] for a score that is NaN or outside [0, 100]; an
// [*InputError] with Field "c", "c.intercept" or "c.slope" wrapping
// [ErrCalibration] for a nil c or a non-finite coefficient (possible in a
// Calibration built by hand).
func (c *Calibration) PD(score float64) (float64, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	if !(score >= 0 && score <= 100) {
		return 0, badValue("score", score, ErrInvalidInput)
	}
	return c.pd(score), nil
}

// check reports a nil or non-finite calibration.
func (c *Calibration) check() error {
	switch {
	case c == nil:
		return &InputError{Field: "c", Value: "nil", Err: ErrCalibration}
	case !finite(c.Intercept):
		return badValue("c.intercept", c.Intercept, ErrCalibration)
	case !finite(c.Slope):
		return badValue("c.slope", c.Slope, ErrCalibration)
	}
	return nil
}

// pd is the logistic PD for finite coefficients: a + b·s may overflow to
// ±Inf (never NaN), which gives 0 or 1.
func (c *Calibration) pd(s float64) float64 {
	return 1 / (1 + math.Exp(-(c.Intercept + c.Slope*s)))
}

// MasterScaleSpec returns a copy of base whose non-default grades carry
// the calibrated PD at the midpoint of their score band, so a master
// scale's PDs come from the portfolio. The best grade's band ends at 100; a
// default grade keeps PD 1. The result is a spec for [CompileMasterScale],
// which validates it (a PD that rounds to 0 is refused there). Cost
// O(len(base.Grades)).
//
//	PD_g = PD((MinScore_g + MinScore_{g−1}) / 2),  MinScore_0 = 100
//
// Errors: those of [Calibration.PD] for a nil or non-finite calibration;
// an error wrapping [ErrCalibration] if Slope ≥ 0 (a higher score would not
// mean a lower PD, so the grades could not be ordered).
func (c *Calibration) MasterScaleSpec(base MasterScaleSpec) (MasterScaleSpec, error) {
	if err := c.check(); err != nil {
		return MasterScaleSpec{}, err
	}
	if !(c.Slope < 0) {
		return MasterScaleSpec{}, fmt.Errorf("%w: slope %g: PD does not fall as the score rises", ErrCalibration, c.Slope)
	}
	s := base.clone()
	hi := 100.0
	for i := range s.Grades {
		g := &s.Grades[i]
		if g.Default {
			continue
		}
		lo := max(g.MinScore, 0)
		g.PD = c.pd((lo + min(hi, 100)) / 2)
		hi = g.MinScore
	}
	return s, nil
}
