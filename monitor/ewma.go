package monitor

import (
	"math"

	"github.com/smecredit/smecredit/internal/enum"
)

// LimitMode selects the control limits of an EWMA chart. The zero value is [ExactLimits], the
// default of R's qcc::ewma.
type LimitMode uint8

// EWMA limit modes.
const (
	ExactLimits      LimitMode = iota // time-varying limits, narrower for the first points ("exact")
	AsymptoticLimits                  // steady-state limits for all points ("asymptotic")
)

var limitNames = enum.Names[LimitMode]{"exact", "asymptotic"}

// String returns "exact" or "asymptotic", or "LimitMode(n)" for an invalid n.
func (m LimitMode) String() string { return limitNames.String(m) }

// IsValid reports whether m is ExactLimits or AsymptoticLimits.
func (m LimitMode) IsValid() bool { return limitNames.Valid(m) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid mode.
func (m LimitMode) MarshalText() ([]byte, error) { return marshalEnum(limitNames, "LimitMode", m) }

// UnmarshalText implements [encoding.TextUnmarshaler] for "exact" and "asymptotic".
func (m *LimitMode) UnmarshalText(b []byte) error {
	return unmarshalEnum(limitNames, "LimitMode", m, b)
}

// EWMAParams are the parameters of an EWMA control chart. The zero value is invalid (Sigma,
// Lambda and L must be positive).
type EWMAParams struct {
	Target float64   // in-control mean μ₀ and starting value z₀, in series units
	Sigma  float64   // in-control standard deviation σ of one point, > 0
	Lambda float64   // smoothing weight λ in (0, 1]; λ = 1 is a Shewhart chart; typical 0.05–0.25
	L      float64   // width of the limits in σ units, > 0; typical 2.6–3
	Limits LimitMode // exact (default) or asymptotic limits
}

// EWMA is a compiled EWMA control chart. It is immutable and safe for concurrent use. The
// zero value is not usable: build one with [NewEWMA].
//
//	zᵢ = λ·xᵢ + (1 − λ)·zᵢ₋₁,   z₀ = μ₀
//	exact limits:       μ₀ ± L·σ·√(λ/(2 − λ) · (1 − (1 − λ)^(2i)))
//	asymptotic limits:  μ₀ ± L·σ·√(λ/(2 − λ))
//
// for points i = 1, 2, …. An alarm is raised when zᵢ (not xᵢ) lies outside the limits.
//
// References:
//   - Roberts, S. W. (1959), Control chart tests based on geometric moving averages,
//     Technometrics 1, 239–250.
//   - Lucas, J. M. and Saccucci, M. S. (1990), Exponentially weighted moving average control
//     schemes, Technometrics 32, 1–12.
//   - Montgomery, Introduction to Statistical Quality Control, §9.2.
//   - NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.4.
type EWMA struct {
	p     EWMAParams
	w     float64 // L·σ·√(λ/(2−λ))
	decay float64 // (1 − λ)²
}

// NewEWMA validates p and returns the chart. It returns an [*InputError] wrapping
// [ErrInvalidParameter] whose Field names the first bad parameter ("target", "sigma",
// "lambda", "l", "limits"): Target not finite, Sigma ≤ 0, Lambda outside (0, 1], L ≤ 0, an
// unknown Limits, or (naming l) limits that overflow float64.
func NewEWMA(p EWMAParams) (*EWMA, error) {
	for _, c := range []struct {
		name string
		v    float64
		ok   bool
		want string
	}{
		{"target", p.Target, finite(p.Target), "finite"},
		{"sigma", p.Sigma, p.Sigma > 0 && finite(p.Sigma), "finite and > 0"},
		{"lambda", p.Lambda, p.Lambda > 0 && p.Lambda <= 1, "in (0, 1]"},
		{"l", p.L, p.L > 0 && finite(p.L), "finite and > 0"},
		{"limits", float64(p.Limits), p.Limits.IsValid(), "exact or asymptotic"},
	} {
		if err := paramCheck(c.name, c.v, c.ok, c.want); err != nil {
			return nil, err
		}
	}
	q := 1 - p.Lambda
	e := &EWMA{p: p, w: p.L * p.Sigma * math.Sqrt(p.Lambda/(2-p.Lambda)), decay: q * q}
	if !finite(p.Target-e.w) || !finite(p.Target+e.w) {
		return nil, paramErr("l", p.L, "small enough that the limits μ₀ ± L·σ·√(λ/(2 − λ)) are finite")
	}
	return e, nil
}

// Params returns the parameters the chart was built with (zero for a nil chart).
func (e *EWMA) Params() EWMAParams {
	if e == nil {
		return EWMAParams{}
	}
	return e.p
}

// check reports a nil or zero chart (not built by NewEWMA): an [*InputError] naming "EWMA".
func (e *EWMA) check() error {
	if e == nil || !(e.p.Sigma > 0) {
		return nilErr("EWMA")
	}
	return nil
}

// EWMAPoint is the EWMA statistic and its limits at one point.
type EWMAPoint struct {
	Z        float64 // zᵢ
	LCL, UCL float64 // control limits at point i
	Alarm    bool    // zᵢ < LCL or zᵢ > UCL
}

// Run returns the statistic and limits after each point of x, in a new slice; point i of the
// result belongs to x[i]; [EWMA.RunTo] writes into the caller's storage. x is not modified.
// Run returns an [*InputError] (ErrInvalidInput) naming "x[i]", the first NaN or infinite
// point or the point at which z overflows float64 (possible only for values within rounding
// of ±1.8e308), or naming "EWMA" for a nil or zero chart. Cost O(len(x)).
func (e *EWMA) Run(x []float64) ([]EWMAPoint, error) { return e.RunTo(nil, x) }

// RunTo is [EWMA.Run] writing into dst, which is grown when its capacity is below len(x), and
// returning it; it does not allocate when cap(dst) ≥ len(x).
func (e *EWMA) RunTo(dst []EWMAPoint, x []float64) ([]EWMAPoint, error) {
	dst = dst[:0]
	if err := e.check(); err != nil {
		return dst, err
	}
	if cap(dst) < len(x) {
		dst = make([]EWMAPoint, 0, len(x))
	}
	z, pow := e.p.Target, 1.0
	for i, v := range x {
		if !finite(v) {
			return dst, &InputError{Field: seriesField("x", i), Value: fmtFloat(v), Err: ErrInvalidInput}
		}
		var p EWMAPoint
		if p, z, pow = e.step(z, pow, v); !finite(z) {
			return dst, &InputError{Field: seriesField("x", i), Value: fmtFloat(v) + " (EWMA statistic overflows float64)", Err: ErrInvalidInput}
		}
		dst = append(dst, p)
	}
	return dst, nil
}

func (e *EWMA) step(z, pow, x float64) (EWMAPoint, float64, float64) {
	z = e.p.Lambda*x + (1-e.p.Lambda)*z
	pow *= e.decay
	w := e.w
	if e.p.Limits == ExactLimits {
		w *= math.Sqrt(1 - pow)
	}
	p := EWMAPoint{Z: z, LCL: e.p.Target - w, UCL: e.p.Target + w}
	p.Alarm = z < p.LCL || z > p.UCL
	return p, z, pow
}

// FirstAlarm returns the index of the first point whose statistic lies outside the limits
// and the side it left by, with found = false when none does. It does not allocate. Errors as
// for [EWMA.Run].
func (e *EWMA) FirstAlarm(x []float64) (index int, side Side, found bool, err error) {
	if err := e.check(); err != nil {
		return 0, Up, false, err
	}
	z, pow := e.p.Target, 1.0
	for i, v := range x {
		if !finite(v) {
			return 0, Up, false, &InputError{Field: seriesField("x", i), Value: fmtFloat(v), Err: ErrInvalidInput}
		}
		var p EWMAPoint
		if p, z, pow = e.step(z, pow, v); !finite(z) {
			return 0, Up, false, &InputError{Field: seriesField("x", i), Value: fmtFloat(v) + " (EWMA statistic overflows float64)", Err: ErrInvalidInput}
		}
		if p.Alarm {
			if p.Z < p.LCL {
				return i, Down, true, nil
			}
			return i, Up, true, nil
		}
	}
	return 0, Up, false, nil
}
