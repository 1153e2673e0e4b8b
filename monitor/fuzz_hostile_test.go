package monitor

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The fuzz targets below do not clamp their inputs: decimals take any int64 coefficient and
// int32 exponent, floats any bit pattern (NaN, ±Inf, subnormals, ±MaxFloat64), dates any Unix
// second (±292 billion years). Each checks the package's promise: a typed error wrapping one
// of the documented sentinels, or a finite result with the documented properties.

// floats reads up to 64 float64 values from the bytes of b, any bit pattern.
func floats(b []byte) []float64 {
	n := min(len(b)/8, 64)
	x := make([]float64, n)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return x
}

// wantInputError fails t unless err is an *InputError wrapping one of the sentinels.
func wantInputError(t *testing.T, err error, sentinels ...error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("untyped error %v", err)
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			if len(err.Error()) > 1000 {
				t.Fatalf("error message of %d bytes", len(err.Error()))
			}
			return
		}
	}
	t.Fatalf("error %v wraps none of %v", err, sentinels)
}

func unixDate(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// rat returns d exactly, or nil when its exponent is outside the documented range (the
// reference would then be as slow as the bug it checks).
func rat(d decimal.Decimal) *big.Rat {
	switch {
	case d.Sign() == 0:
		return new(big.Rat) // d.Rat() would materialise 10^|exponent| of a zero too
	case d.Exponent() < MinExponent || d.Exponent() > MaxExponent:
		return nil
	}
	return d.Rat()
}

func FuzzClassifyDebtor(f *testing.F) {
	f.Add(int64(1001), int32(-1), int64(8999), int32(-1), int64(1000), int32(0), int64(201), int32(0), 120, 0, false, int64(1_700_000_000))
	f.Add(int64(1), int32(math.MinInt32), int64(1), int32(math.MaxInt32), int64(0), int32(math.MaxInt32), int64(0), int32(0), 0, 0, false, int64(0))
	f.Add(int64(-1), int32(0), int64(5), int32(64), int64(5), int32(-64), int64(1), int32(-64), 400, -1, true, int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int32, c2 int64, e2 int32, c3 int64, e3 int32, c4 int64, e4 int32,
		dpd1, dpd2 int, retail bool, asOfSec int64) {
		d := Debtor{ID: "D", Retail: retail, Claims: []Claim{
			{Balance: decimal.New(c1, e1), Input: ClassificationInput{DPD: dpd1}},
			{Balance: decimal.New(c2, e2), Input: ClassificationInput{DPD: dpd2}},
		}, AllBanksDebt: decimal.New(c3, e3), AllBanksOver90: decimal.New(c4, e4)}
		got, err := ClassifyDebtor(d, unixDate(asOfSec))
		if err != nil {
			wantInputError(t, err, ErrInvalidInput)
			return
		}
		if len(got) != 2 {
			t.Fatalf("%d results for 2 claims", len(got))
		}
		// Reference: the pulls with exact rationals.
		total, npl := new(big.Rat), new(big.Rat)
		for i, c := range got {
			if !c.Category.IsValid() || c.Category < c.Floor {
				t.Fatalf("claim %d: %+v", i, c)
			}
			own, _ := Classify(d.Claims[i].Input, unixDate(asOfSec))
			total.Add(total, rat(d.Claims[i].Balance))
			if own.Category.NonPerforming() {
				npl.Add(npl, rat(d.Claims[i].Balance))
			}
		}
		debt, over := rat(d.AllBanksDebt), rat(d.AllBanksOver90)
		cross := debt.Sign() > 0 && new(big.Rat).Mul(over, big.NewRat(5, 1)).Cmp(debt) > 0
		intra := total.Sign() > 0 && npl.Sign() > 0 && new(big.Rat).Mul(npl, big.NewRat(10, 1)).Cmp(total) > 0
		pulled := !retail && (cross || intra)
		for i, c := range got {
			if pulled && !c.Category.NonPerforming() {
				t.Fatalf("claim %d not pulled: %+v (cross %v intra %v)", i, c, cross, intra)
			}
			if own, _ := Classify(d.Claims[i].Input, unixDate(asOfSec)); !pulled && c.Category != own.Category {
				t.Fatalf("claim %d: %v, alone %v", i, c.Category, own.Category)
			}
		}
	})
}

func FuzzAssessDefault(f *testing.F) {
	f.Add(120, int64(101), int32(0), int64(5000), int32(0), int64(100), int32(0), 0.01, uint8(0), int64(0), int64(1_700_000_000), 3, 12, false)
	f.Add(0, int64(1), int32(math.MinInt32), int64(1), int32(math.MaxInt32), int64(0), int32(0), 0.0, uint8(0), int64(-1), int64(0), 0, 0, true)
	f.Add(91, int64(1), int32(64), int64(1), int32(-64), int64(0), int32(-64), 5e-324, uint8(255), int64(math.MinInt64), int64(math.MaxInt64), 1200, 1201, true)
	f.Fuzz(func(t *testing.T, dpd int, pc int64, pe int32, xc int64, xe int32, ac int64, ae int32, rel float64, utp uint8,
		lastSec, asOfSec int64, prob, rprob int, restructured bool) {
		in := DefaultInput{Loan: "L", DPD: dpd, PastDue: decimal.New(pc, pe), Exposure: decimal.New(xc, xe), UTP: UTP(utp),
			Restructured: restructured}
		if lastSec != 0 {
			in.LastTrigger = unixDate(lastSec)
		}
		asOf := unixDate(asOfSec)
		opts := DefaultOptions{DPD: dpd / 2, Absolute: decimal.New(ac, ae), Relative: rel, Probation: prob, RestructuringProbation: rprob}
		r, err := AssessDefault(in, asOf, opts)
		if err != nil {
			wantInputError(t, err, ErrInvalidInput, ErrInvalidParameter)
			return
		}
		if r.Probation && (!r.Defaulted || !r.CureDate.After(asOf)) || r.Defaulted != (len(r.Reasons) > 0) {
			t.Fatalf("result %+v", r)
		}
		// Reference: materiality with exact rationals.
		pd, ex, abs := rat(in.PastDue), rat(in.Exposure), rat(opts.Absolute)
		relRat, _ := new(big.Rat).SetString(strconv.FormatFloat(rel, 'g', -1, 64)) // as documented: the shortest decimal
		limit := new(big.Rat).Mul(ex, relRat)
		material := pd.Cmp(abs) > 0 && pd.Cmp(limit) > 0
		o := opts.DPD
		if o == 0 {
			o = 90
		}
		if want := material && dpd > o || utp != 0; want != (r.Defaulted && !r.Probation) {
			t.Fatalf("defaulted %+v, reference %v (material %v)", r, want, material)
		}
	})
}

func FuzzStageOf(f *testing.F) {
	f.Add(31, 0.01, 0.03, uint8(0), int64(0), int64(1_700_000_000), 0, 0, 0, 0.0)
	f.Add(-1, math.NaN(), math.Inf(1), uint8(255), int64(math.MaxInt64), int64(math.MinInt64), -1, 5, 1<<62, math.NaN())
	f.Add(100, 5e-324, 1.0, uint8(1), int64(1_600_000_000), int64(1_700_000_000), 10, 20, 1200, 1e308)
	f.Fuzz(func(t *testing.T, dpd int, pdo, pd float64, flags uint8, lastSec, asOfSec int64, s2, s3, prob int, ratio float64) {
		in := StageInput{DPD: dpd, PDOrigination: pdo, PD: pd, CreditImpaired: flags&1 != 0, Watchlist: flags&2 != 0,
			Forborne: flags&4 != 0, LowCreditRisk: flags&8 != 0}
		if flags&16 != 0 {
			in.LastSICR = unixDate(lastSec)
		}
		asOf := unixDate(asOfSec)
		r, err := StageOf(in, asOf, StageOptions{Stage2DPD: s2, Stage3DPD: s3, PDRatio: ratio, ProbationMonths: prob})
		if err != nil {
			wantInputError(t, err, ErrInvalidInput, ErrInvalidParameter)
			return
		}
		if !r.Stage.IsValid() || (r.Stage == Stage1) != (len(r.Reasons) == 0) {
			t.Fatalf("result %+v", r)
		}
		if in.CreditImpaired && r.Stage != Stage3 {
			t.Fatalf("credit-impaired in %v", r.Stage)
		}
	})
}

func FuzzDetectors(f *testing.F) {
	series := func(v ...float64) []byte {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(series(10, 11, 9, 10, 12, 14, 15, 16), 10.0, 1.0, 0.5, 4.0, 0.0, 0.2, 3.0, uint8(0), 3)
	f.Add(series(1e308, 1e308, -1e308, math.NaN()), 0.0, 1e300, 0.0, 1e-300, 0.0, 1.0, 1e300, uint8(1), -1)
	f.Add(series(5e-324, -5e-324, 0, 1.7976931348623157e308), math.Inf(-1), 5e-324, math.MaxFloat64, math.MaxFloat64, 1.0, 1e-300, 3.0, uint8(9), 1<<62)
	f.Fuzz(func(t *testing.T, data []byte, target, sigma, k, h, headStart, lambda, l float64, limits uint8, minHistory int) {
		x := floats(data)
		if c, err := NewCUSUM(CUSUMParams{Target: target, Sigma: sigma, K: k, H: h, HeadStart: headStart}); err != nil {
			wantInputError(t, err, ErrInvalidParameter)
		} else {
			pts, err := c.Run(x)
			a, found, aerr := c.FirstAlarm(x)
			if err != nil {
				wantInputError(t, err, ErrInvalidInput)
			}
			for i, p := range pts {
				if !finite(p.Upper) || !finite(p.Lower) || p.Upper < 0 || p.Lower < 0 {
					t.Fatalf("point %d: %+v", i, p)
				}
				if (p.AlarmUp || p.AlarmDown) && err == nil && aerr == nil && (!found || a.Index > i) {
					t.Fatalf("Run alarms at %d, FirstAlarm %v %+v", i, found, a)
				}
			}
			if aerr != nil {
				wantInputError(t, aerr, ErrInvalidInput)
			} else if found && (!finite(a.NewMean) || !finite(a.Sum) || a.Onset < 0 || a.Onset > a.Index) {
				t.Fatalf("alarm %+v", a)
			}
		}
		if e, err := NewEWMA(EWMAParams{Target: target, Sigma: sigma, Lambda: lambda, L: l, Limits: LimitMode(limits)}); err != nil {
			wantInputError(t, err, ErrInvalidParameter)
		} else {
			pts, err := e.Run(x)
			if err != nil {
				wantInputError(t, err, ErrInvalidInput)
			}
			for i, p := range pts {
				if !finite(p.Z) || !finite(p.LCL) || !finite(p.UCL) || p.LCL > p.UCL {
					t.Fatalf("point %d: %+v", i, p)
				}
			}
			if _, _, _, err := e.FirstAlarm(x); err != nil {
				wantInputError(t, err, ErrInvalidInput)
			}
		}
		if len(x) == 0 {
			return
		}
		hist, last := x[:len(x)-1], x[len(x)-1]
		for _, robust := range []bool{false, true} {
			var z float64
			var err error
			if robust {
				z, err = RobustZScore(nil, hist, last, minHistory)
			} else {
				z, err = ZScore(hist, last, minHistory)
			}
			if err != nil {
				wantInputError(t, err, ErrInvalidParameter, ErrShortHistory, ErrInvalidInput, ErrZeroSpread, ErrOverflow)
			} else if !finite(z) {
				t.Fatalf("z = %v", z)
			}
		}
	})
}

func FuzzDrift(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0x24, 0x40, 0, 0, 0, 0, 0, 0, 0x24, 0x40}, []byte{0, 0, 0, 0, 0, 0, 0x14, 0x40, 0, 0, 0, 0, 0, 0, 0x2e, 0x40})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f, 1, 0, 0, 0, 0, 0, 0, 0}, []byte{1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		expected, actual := floats(a), floats(b)
		dst := make([]float64, 0, 64)
		r, err := DriftTo(dst, expected, actual)
		if err != nil {
			wantInputError(t, err, ErrInvalidInput)
			return
		}
		if !finite(r.PSI) || r.PSI < 0 || r.Level != driftLevel(r.PSI) || len(r.Contributions) != len(expected) {
			t.Fatalf("result %+v", r)
		}
		if r.PSI >= 0.25 && r.Level != Orange || r.PSI >= 0.10 && r.PSI < 0.25 && r.Level != Yellow || r.PSI < 0.10 && r.Level != Green {
			t.Fatalf("PSI %v banded %v", r.PSI, r.Level)
		}
		for i, c := range r.Contributions {
			if !finite(c) || c < 0 {
				t.Fatalf("contribution %d = %v", i, c)
			}
		}
	})
}
