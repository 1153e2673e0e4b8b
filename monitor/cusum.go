package monitor

import (
	"strconv"

	"github.com/smecredit/smecredit/internal/enum"
)

// CUSUMParams are the parameters of a tabular CUSUM chart. K, H and HeadStart are in units
// of Sigma, as in Montgomery; the zero value is invalid (Sigma and H must be positive).
type CUSUMParams struct {
	Target float64 // in-control mean μ₀, in the units of the series
	Sigma  float64 // in-control standard deviation σ of one point, > 0
	K      float64 // reference value k in σ units, ≥ 0; usually 0.5 (half the shift to detect)
	H      float64 // decision interval h in σ units, > 0; usually 4 or 5
	// HeadStart is the fast-initial-response head start in σ units, in [0, H); both sums
	// start from HeadStart·σ instead of 0. Lucas and Crosier recommend H/2; 0 means none.
	HeadStart float64
}

// CUSUM is a compiled tabular CUSUM chart. It is immutable and safe for concurrent use. The
// zero value is not usable: build one with [NewCUSUM].
//
// For points x₁…xₙ, with K′ = k·σ and H′ = h·σ:
//
//	C⁺ᵢ = max(0, C⁺ᵢ₋₁ + xᵢ − (μ₀ + K′))
//	C⁻ᵢ = max(0, C⁻ᵢ₋₁ + (μ₀ − K′) − xᵢ)
//	C⁺₀ = C⁻₀ = HeadStart·σ
//
// An alarm is raised at point i when C⁺ᵢ > H′ (upward shift) or C⁻ᵢ > H′ (downward shift).
// N⁺ᵢ counts the consecutive points with C⁺ > 0 ending at i; the shift began after point
// i − N⁺ᵢ (the last point at which the sum was zero), and the new mean is estimated as
//
//	μ̂ = μ₀ + K′ + C⁺ᵢ / N⁺ᵢ   (upper)      μ̂ = μ₀ − K′ − C⁻ᵢ / N⁻ᵢ   (lower)
//
// With k = 0.5, h = 5 the in-control average run length is about 465 and about 10.4 for a
// one-σ shift (Montgomery, Table 9.3).
//
// References:
//   - Page, E. S. (1954), Continuous inspection schemes, Biometrika 41, 100–115.
//   - Montgomery, D. C., Introduction to Statistical Quality Control, §9.1 (tabular CUSUM,
//     N⁺ counters, new-mean estimate).
//   - NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.3.
//   - Lucas, J. M. and Crosier, R. B. (1982), Fast initial response for CUSUM quality-control
//     schemes, Technometrics 24, 199–205.
type CUSUM struct {
	p       CUSUMParams
	k, h, s float64 // K′, H′, head start in series units
}

// NewCUSUM validates p and returns the chart. It returns an [*InputError] wrapping
// [ErrInvalidParameter] whose Field names the first bad parameter ("target", "sigma", "k",
// "h", "headStart"): Target not finite, Sigma ≤ 0, K < 0, H ≤ 0, HeadStart outside [0, H), or
// any NaN or infinite value; and one naming sigma when μ₀ ± K·σ or H·σ overflows float64.
func NewCUSUM(p CUSUMParams) (*CUSUM, error) {
	for _, c := range []struct {
		name string
		v    float64
		ok   bool
		want string
	}{
		{"target", p.Target, finite(p.Target), "finite"},
		{"sigma", p.Sigma, p.Sigma > 0 && finite(p.Sigma), "finite and > 0"},
		{"k", p.K, p.K >= 0 && finite(p.K), "finite and ≥ 0"},
		{"h", p.H, p.H > 0 && finite(p.H), "finite and > 0"},
		{"headStart", p.HeadStart, p.HeadStart >= 0 && p.HeadStart < p.H, "in [0, h)"},
	} {
		if err := paramCheck(c.name, c.v, c.ok, c.want); err != nil {
			return nil, err
		}
	}
	c := &CUSUM{p: p, k: p.K * p.Sigma, h: p.H * p.Sigma, s: p.HeadStart * p.Sigma}
	if !finite(c.h) || !finite(p.Target+c.k) || !finite(p.Target-c.k) {
		return nil, paramErr("sigma", p.Sigma, "small enough that μ₀ ± K·σ and H·σ are finite")
	}
	return c, nil
}

// Params returns the parameters the chart was built with (zero for a nil chart).
func (c *CUSUM) Params() CUSUMParams {
	if c == nil {
		return CUSUMParams{}
	}
	return c.p
}

// Limit returns the decision interval H′ = h·σ in series units (0 for a nil chart).
func (c *CUSUM) Limit() float64 {
	if c == nil {
		return 0
	}
	return c.h
}

// check reports a nil or zero chart (not built by NewCUSUM): an [*InputError] naming "CUSUM".
func (c *CUSUM) check() error {
	if c == nil || !(c.p.Sigma > 0) {
		return nilErr("CUSUM")
	}
	return nil
}

// CUSUMPoint is the state of a CUSUM chart after one point.
type CUSUMPoint struct {
	Upper, Lower       float64 // C⁺ᵢ, C⁻ᵢ ≥ 0, in series units
	UpperRun, LowerRun int     // N⁺ᵢ, N⁻ᵢ: consecutive points with a positive sum, ending here
	AlarmUp, AlarmDown bool    // C⁺ᵢ > H′, C⁻ᵢ > H′
}

// Step returns the chart state after point x given the previous state prev (use
// [CUSUM.Start] before the first point). It returns an [*InputError] for a NaN or infinite x
// or when a sum overflows float64 (prev is then returned unchanged), and for a nil or zero
// chart.
func (c *CUSUM) Step(prev CUSUMPoint, x float64) (CUSUMPoint, error) {
	if err := c.check(); err != nil {
		return prev, err
	}
	if !finite(x) {
		return prev, &InputError{Field: "x", Value: fmtFloat(x), Err: ErrInvalidInput}
	}
	p := c.step(prev, x)
	if !finite(p.Upper) || !finite(p.Lower) {
		return prev, overflowErr(-1, x)
	}
	return p, nil
}

// overflowErr reports a point whose cumulative sum overflowed float64: the series is far
// outside the chart's scale (e.g. values near ±1.8e308).
func overflowErr(i int, x float64) error {
	return &InputError{Field: seriesField("x", i), Value: fmtFloat(x) + " (cumulative sum overflows float64)", Err: ErrInvalidInput}
}

// seriesField returns "name[i]", or name for i < 0.
func seriesField(name string, i int) string {
	if i < 0 {
		return name
	}
	return name + "[" + strconv.Itoa(i) + "]"
}

// Start returns the state before the first point: both sums at the head start, run counters
// at zero (so with a head start the new-mean estimate ignores the head start's period).
func (c *CUSUM) Start() CUSUMPoint {
	if c == nil {
		return CUSUMPoint{}
	}
	return CUSUMPoint{Upper: c.s, Lower: c.s}
}

func (c *CUSUM) step(p CUSUMPoint, x float64) CUSUMPoint {
	p.Upper, p.Lower = c.sums(p.Upper, p.Lower, x)
	p.UpperRun = run(p.Upper, p.UpperRun)
	p.LowerRun = run(p.Lower, p.LowerRun)
	p.AlarmUp, p.AlarmDown = p.Upper > c.h, p.Lower > c.h
	return p
}

// sums advances C⁺ and C⁻ by one point, each reset to +0 when it is not positive. The
// builtin max gives exactly that (s ≤ 0, −0 included, gives +0; a NaN is kept) without a
// branch: whether a sum resets depends on the data, and mispredicted branches cost the
// batch run a third of its CUSUM time. It inlines into Run, FirstAlarm and the CUSUM rules.
func (c *CUSUM) sums(up, lo, x float64) (float64, float64) {
	up = max(up+(x-(c.p.Target+c.k)), 0)
	lo = max(lo+((c.p.Target-c.k)-x), 0)
	return up, lo
}

func run(sum float64, n int) int {
	if sum > 0 {
		return n + 1
	}
	return 0
}

// Run returns the chart state after each point of x, in a new slice of len(x) points, point
// i after x[i]; [CUSUM.RunTo] writes into the caller's storage. x is not modified. Run
// returns an [*InputError] (ErrInvalidInput) naming "x[i]", the first NaN or infinite point
// or the first point at which a sum overflows float64 (the result then holds the points
// before it), or naming "CUSUM" for a nil or zero chart. Cost O(len(x)).
func (c *CUSUM) Run(x []float64) ([]CUSUMPoint, error) { return c.RunTo(nil, x) }

// RunTo is [CUSUM.Run] writing into dst, which is grown when its capacity is below len(x),
// and returning it; it does not allocate when cap(dst) ≥ len(x).
func (c *CUSUM) RunTo(dst []CUSUMPoint, x []float64) ([]CUSUMPoint, error) {
	dst = dst[:0]
	if err := c.check(); err != nil {
		return dst, err
	}
	if cap(dst) < len(x) {
		dst = make([]CUSUMPoint, 0, len(x))
	}
	up, lo := c.s, c.s
	nu, nl := 0, 0
	for i, v := range x {
		if !finite(v) {
			return dst, &InputError{Field: seriesField("x", i), Value: fmtFloat(v), Err: ErrInvalidInput}
		}
		up, lo = c.sums(up, lo, v)
		if !finite(up) || !finite(lo) {
			return dst, overflowErr(i, v)
		}
		nu, nl = run(up, nu), run(lo, nl)
		dst = append(dst, CUSUMPoint{Upper: up, Lower: lo, UpperRun: nu, LowerRun: nl, AlarmUp: up > c.h, AlarmDown: lo > c.h})
	}
	return dst, nil
}

// Side is the direction of a detected shift.
type Side uint8

// Shift directions. The zero value [Up] is an upward shift.
const (
	Up   Side = iota // mean increased (C⁺ or the upper limit)
	Down             // mean decreased (C⁻ or the lower limit)
)

var sideNames = enum.Names[Side]{"up", "down"}

// String returns "up" or "down", or "Side(n)" for an invalid n.
func (s Side) String() string { return sideNames.String(s) }

// IsValid reports whether s is Up or Down.
func (s Side) IsValid() bool { return sideNames.Valid(s) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid side.
func (s Side) MarshalText() ([]byte, error) { return marshalEnum(sideNames, "Side", s) }

// UnmarshalText implements [encoding.TextUnmarshaler] for "up" and "down".
func (s *Side) UnmarshalText(b []byte) error { return unmarshalEnum(sideNames, "Side", s, b) }

// CUSUMAlarm describes the first alarm of a CUSUM chart.
type CUSUMAlarm struct {
	Index   int     // index of the first point with C > H′
	Side    Side    // which sum crossed
	Onset   int     // index of the first point of the shift: Index − N + 1
	Sum     float64 // C⁺ or C⁻ at Index, in series units
	NewMean float64 // estimated mean after the shift
}

// FirstAlarm runs the chart over x and returns its first alarm, with found = false when no
// point alarms. If both sums cross at the same point, the larger one is reported. It does not
// allocate. Errors as for [CUSUM.Run], and an [*InputError] naming the alarm's point when the
// new-mean estimate overflows float64.
func (c *CUSUM) FirstAlarm(x []float64) (a CUSUMAlarm, found bool, err error) {
	if err := c.check(); err != nil {
		return a, false, err
	}
	up, lo := c.s, c.s
	nu, nl := 0, 0
	for i, v := range x {
		if !finite(v) {
			return a, false, &InputError{Field: seriesField("x", i), Value: fmtFloat(v), Err: ErrInvalidInput}
		}
		up, lo = c.sums(up, lo, v)
		if !finite(up) || !finite(lo) {
			return a, false, overflowErr(i, v)
		}
		nu, nl = run(up, nu), run(lo, nl)
		if up > c.h || lo > c.h {
			a = CUSUMAlarm{Index: i, Side: Down, Onset: i - nl + 1, Sum: lo, NewMean: c.p.Target - c.k - lo/float64(nl)}
			if up > c.h && up >= lo {
				a = CUSUMAlarm{Index: i, Side: Up, Onset: i - nu + 1, Sum: up, NewMean: c.p.Target + c.k + up/float64(nu)}
			}
			if !finite(a.NewMean) {
				return CUSUMAlarm{}, false, overflowErr(i, v)
			}
			return a, true, nil
		}
	}
	return a, false, nil
}
