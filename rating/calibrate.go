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
// Errors: [*ShapeError] for a length mismatch or empty input; an
// [*InputError] wrapping [ErrInvalidInput] for a score that is NaN or
// outside [0, 100]; errors wrapping [ErrCalibration] when the fit fails
// (one class only, separation, no convergence).
//
// References:
//   - Hosmer, D. W., Lemeshow, S., Sturdivant, R. X. (2013). Applied
//     Logistic Regression, 3rd ed., Wiley, ch. 1.
//   - BCBS Basel Framework CRE36.78–36.82 (PD estimation: long-run average
//     default rates per grade; statistical default prediction models).
func CalibratePD(scores []float64, defaults []bool) (*Calibration, error) {
	n := len(scores)
	if n == 0 {
		return nil, &ShapeError{Name: "scores", Want: 1, Got: 0}
	}
	if len(defaults) != n {
		return nil, &ShapeError{Name: "defaults", Want: n, Got: len(defaults)}
	}
	y := make([]float64, n)
	d := 0
	for i, s := range scores {
		if !(s >= 0 && s <= 100) {
			return nil, &InputError{Index: i, ID: "score", Value: s, Err: ErrInvalidInput}
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
	return &Calibration{Intercept: fit.Coef[0], Slope: fit.Coef[1],
		SEIntercept: fit.SE[0], SESlope: fit.SE[1], N: n, Defaults: d}, nil
}

// PD returns the calibrated one-year PD (fraction in [0, 1]) of a score in
// points. Errors: an [*InputError] wrapping [ErrInvalidInput] for a score
// that is NaN or outside [0, 100].
func (c *Calibration) PD(score float64) (float64, error) {
	if !(score >= 0 && score <= 100) {
		return 0, &InputError{Index: -1, ID: "score", Value: score, Err: ErrInvalidInput}
	}
	return c.pd(score), nil
}

func (c *Calibration) pd(s float64) float64 {
	return 1 / (1 + math.Exp(-(c.Intercept + c.Slope*s)))
}

// ScaleSpec returns a copy of base whose non-default grades carry the
// calibrated PD at the midpoint of their score band, so a master scale's
// PDs come from the portfolio. The best grade's band ends at 100; a
// default grade keeps PD 1. The result is a spec for [NewMasterScale],
// which validates it.
//
//	PD_g = PD((MinScore_g + MinScore_{g−1}) / 2),  MinScore_0 = 100
//
// Errors: an error wrapping [ErrCalibration] if Slope ≥ 0 (a higher score
// would not mean a lower PD, so the grades could not be ordered).
func (c *Calibration) ScaleSpec(base ScaleSpec) (ScaleSpec, error) {
	if !(c.Slope < 0) {
		return ScaleSpec{}, fmt.Errorf("%w: slope %g: PD does not fall as the score rises", ErrCalibration, c.Slope)
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
