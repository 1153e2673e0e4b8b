package scorecard

import (
	"fmt"
	"math"
	"strconv"
)

// Defaults of BinOptions, used when the corresponding field is zero.
const (
	DefaultBins     = 10   // EqualWidth, Quantile
	DefaultPreBins  = 20   // Optimal, ChiMerge pre-bins
	DefaultMaxBins  = 10   // Optimal, ChiMerge
	DefaultChiAlpha = 0.05 // ChiMerge significance level
	// MaxPreBins caps PreBins, and the number of category groups that the
	// optimal grouping of a categorical variable starts from, so that the
	// O(MaxBins·P³) dynamic program stays fast.
	MaxPreBins = 100
	// MaxBinCount bounds Bins, MaxBins and the regular bins given by Cuts
	// (len(Cuts)+1), checked before any work.
	MaxBinCount = 1000
	// MaxSpecials bounds the number of special codes.
	MaxSpecials = 64
	// MaxCategories bounds the distinct categories of a categorical
	// variable and the categories listed in one table.
	MaxCategories = 100_000
)

// BinOptions configures the binning of one variable. The zero value means:
// optimal binning of DefaultPreBins quantile pre-bins into at most
// DefaultMaxBins bins with at least one event and one non-event each, trend
// chosen automatically, no special codes, NaN an error, [a, b) intervals,
// WoE = ln(%good/%bad), ZeroWoE.
type BinOptions struct {
	Method BinMethod `json:"method"`
	// Cuts are the cut points for Method Cuts: finite, strictly increasing.
	Cuts []float64 `json:"cuts,omitempty"`
	// Bins is the number of bins for EqualWidth and Quantile (0 = DefaultBins).
	Bins int `json:"bins,omitzero"`
	// PreBins is the number of quantile pre-bins for Optimal and ChiMerge
	// (0 = DefaultPreBins, at most MaxPreBins).
	PreBins int `json:"preBins,omitzero"`
	// MaxBins caps the regular bins for Optimal, ChiMerge and categorical
	// grouping (0 = DefaultMaxBins).
	MaxBins int `json:"maxBins,omitzero"`
	// MinBinShare is the minimum share of all rows in each regular bin for
	// Optimal and categorical grouping, in [0, 0.5]; 0 means no minimum.
	MinBinShare float64 `json:"minBinShare,omitzero"`
	// MinEvents and MinNonEvents are minimum counts per regular bin for
	// Optimal and categorical grouping; 0 means 1 (so no bin is pure).
	MinEvents    float64 `json:"minEvents,omitzero"`
	MinNonEvents float64 `json:"minNonEvents,omitzero"`
	// Trend constrains the event rate over regular bins (Optimal only).
	Trend Trend `json:"trend"`
	// ChiAlpha is the ChiMerge significance level in (0, 1) (0 = DefaultChiAlpha).
	ChiAlpha float64 `json:"chiAlpha,omitzero"`
	// RareShare groups categories whose share of all rows is below it into
	// one rare bin, which also receives unseen categories; 0 means none.
	RareShare float64 `json:"rareShare,omitzero"`
	// Specials are numeric special codes, all binned together in the
	// special bin (finite values).
	Specials []float64 `json:"specials,omitempty"`
	// NaNMissing makes NaN the missing value of a numeric variable; when
	// false a NaN is an error (ErrInvalidInput).
	NaNMissing bool       `json:"nanMissing,omitzero"`
	Closure    Closure    `json:"closure"`
	WoESign    WoESign    `json:"woeSign"`
	ZeroPolicy ZeroPolicy `json:"zeroPolicy"`
	// Weights, when not nil, has one frequency weight per row (finite,
	// ≥ 0): counts become sums of weights, quantiles and pre-bins are taken
	// over the weighted ranks, and MinBinShare and RareShare are shares of
	// the total weight. A row of weight w counts as w identical rows, so
	// integer weights give exactly the table of the duplicated data; a row
	// of weight 0 is left out (its value is still checked). Weights are
	// data, not options: they are never written to JSON.
	Weights []float64 `json:"-"`
}

// resolved returns o with defaults filled, or the option errors joined.
func (o BinOptions) resolved() (BinOptions, error) {
	var errs []error
	if !o.Method.IsValid() {
		errs = append(errs, optErr("method", "unknown method "+o.Method.String()))
	}
	if len(o.Cuts)+1 > MaxBinCount {
		errs = append(errs, &SpecError{Path: "cuts", Err: ErrLimit, Msg: fmt.Sprintf("%d cut points, limit %d", len(o.Cuts), MaxBinCount-1)})
		o.Cuts = nil
	}
	if len(o.Specials) > MaxSpecials {
		errs = append(errs, &SpecError{Path: "specials", Err: ErrLimit, Msg: fmt.Sprintf("%d special codes, limit %d", len(o.Specials), MaxSpecials)})
		o.Specials = nil
	}
	if o.Method == Cuts && len(o.Cuts) == 0 {
		errs = append(errs, optErr("cuts", "method cuts needs at least one cut point"))
	}
	for i, c := range o.Cuts {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			errs = append(errs, optErr(fmt.Sprintf("cuts[%d]", i), "must be finite"))
		} else if i > 0 && !(c > o.Cuts[i-1]) {
			errs = append(errs, optErr(fmt.Sprintf("cuts[%d]", i), "must be strictly increasing"))
		}
	}
	for i, c := range o.Specials {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			errs = append(errs, optErr(fmt.Sprintf("specials[%d]", i), "must be finite"))
		}
	}
	ints := []struct {
		name string
		v    *int
		def  int
	}{{"bins", &o.Bins, DefaultBins}, {"preBins", &o.PreBins, DefaultPreBins}, {"maxBins", &o.MaxBins, DefaultMaxBins}}
	for _, f := range ints {
		if *f.v < 0 {
			errs = append(errs, optErr(f.name, "must be ≥ 0"))
		}
		if *f.v == 0 {
			*f.v = f.def
		}
		if *f.v > MaxBinCount {
			errs = append(errs, &SpecError{Path: f.name, Err: ErrLimit, Msg: fmt.Sprintf("%d, limit MaxBinCount = %d", *f.v, MaxBinCount)})
		}
	}
	if o.PreBins > MaxPreBins {
		errs = append(errs, optErr("preBins", fmt.Sprintf("must be ≤ MaxPreBins (%d)", MaxPreBins)))
	}
	if !(o.MinBinShare >= 0 && o.MinBinShare <= 0.5) {
		errs = append(errs, optErr("minBinShare", "must be in [0, 0.5]"))
	}
	if !(o.RareShare >= 0 && o.RareShare < 1) {
		errs = append(errs, optErr("rareShare", "must be in [0, 1)"))
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"minEvents", &o.MinEvents}, {"minNonEvents", &o.MinNonEvents}} {
		if !(*f.v >= 0) || math.IsInf(*f.v, 0) {
			errs = append(errs, optErr(f.name, "must be finite and ≥ 0"))
		}
		if *f.v == 0 {
			*f.v = 1
		}
	}
	if !(o.ChiAlpha >= 0 && o.ChiAlpha < 1) {
		errs = append(errs, optErr("chiAlpha", "must be in (0, 1)"))
	}
	if o.ChiAlpha == 0 {
		o.ChiAlpha = DefaultChiAlpha
	}
	if !o.Trend.IsValid() {
		errs = append(errs, optErr("trend", "unknown trend"))
	}
	if !o.Closure.IsValid() {
		errs = append(errs, optErr("closure", "unknown closure"))
	}
	if !o.WoESign.IsValid() {
		errs = append(errs, optErr("woeSign", "unknown WoE sign"))
	}
	errs = append(errs, checkZero(o.ZeroPolicy, "zeroPolicy", ErrOptions)...)
	if len(errs) > 0 {
		return o, joinErrs(errs)
	}
	return o, nil
}

// checkLabels validates y (0/1, length n) and returns the event count.
func checkLabels(y []float64, n int) (float64, error) {
	return checkLabelsW(y, nil, n)
}

// checkLabelsW validates y (0/1, length n) and the weights w (nil, or n
// finite values ≥ 0) and returns the weighted event count.
func checkLabelsW(y, w []float64, n int) (float64, error) {
	if len(y) != n {
		return 0, inputErr("y", "length "+strconv.Itoa(len(y)), fmt.Sprintf("length must equal len(x) = %d", n), ErrInvalidInput)
	}
	if w != nil && len(w) != n {
		return 0, inputErr("weights", "length "+strconv.Itoa(len(w)), fmt.Sprintf("length must equal len(x) = %d", n), ErrInvalidInput)
	}
	if w == nil {
		// Unweighted: integer counts, the same values as sums of ones
		// below 2^53 rows.
		// v·(v−1) is ±0 exactly for v = 0, −0 and 1 (the product of a
		// finite v ∉ {0, 1} is never small enough to underflow), so the
		// labels are checked without a branch per row and a bad one is
		// looked for only when there is one.
		ev := 0
		var bad uint64
		for _, v := range y {
			bad |= math.Float64bits(v*(v-1)) << 1
			ev += int(v)
		}
		if bad != 0 {
			for i, v := range y {
				if v != 0 && v != 1 {
					return 0, inputErr(idx("y", i), ftoa(v), "must be 0 (non-event) or 1 (event)", ErrInvalidInput)
				}
			}
		}
		if ev == 0 || ev == n {
			return 0, inputErr("y", "", "needs both events and non-events (with positive weight)", ErrSingleClass)
		}
		return float64(ev), nil
	}
	var ev, non float64
	for i, v := range y {
		if v != 0 && v != 1 {
			return 0, inputErr(idx("y", i), ftoa(v), "must be 0 (non-event) or 1 (event)", ErrInvalidInput)
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
			if !(wi >= 0) || math.IsInf(wi, 0) {
				return 0, inputErr(idx("weights", i), ftoa(wi), "must be finite and ≥ 0", ErrInvalidInput)
			}
		}
		if v == 1 {
			ev += wi
		} else {
			non += wi
		}
	}
	if math.IsInf(ev+non, 0) {
		return 0, inputErr("weights", "", "total weight overflows float64", ErrInvalidInput)
	}
	if ev == 0 || non == 0 {
		return 0, inputErr("y", "", "needs both events and non-events (with positive weight)", ErrSingleClass)
	}
	return ev, nil
}

// weight returns the weight of row i (1 without weights).
func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}
