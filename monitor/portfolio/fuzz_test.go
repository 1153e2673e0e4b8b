package portfolio

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

// decodeObs turns fuzz bytes into observations: 4 bytes a row (account, month, bucket,
// balance exponent), unclamped so that invalid buckets, gaps and repeats occur.
func decodeObs(data []byte, coef int64) []Observation {
	var obs []Observation
	for i := 0; i+4 <= len(data) && len(obs) < 256; i += 4 {
		obs = append(obs, Observation{
			Account: string(rune('a' + data[i]%4)),
			Month:   int(int8(data[i+1])),
			Bucket:  Bucket(data[i+2]),
			Balance: decimal.New(coef, int32(int8(data[i+3]))),
		})
	}
	return obs
}

func FuzzRollRates(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 1, 2, 0, 1, 0, 5, 254, 1, 1, 0, 3}, int64(12345))
	f.Add([]byte{0, 0, 6, 0, 0, 1, 0, 0}, int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, coef int64) {
		hs, err := Histories(decodeObs(data, coef))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		ms, err := RollRates(hs)
		if err != nil {
			if !errors.Is(err, ErrBucket) && !errors.Is(err, ErrAmount) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		// The same balances as int64 cents give the same matrices.
		if hc, ok := toCents(hs); ok {
			mc, err := RollRates(hc)
			if err != nil {
				t.Fatalf("cents: %v", err)
			}
			for k := range mc {
				if !sameFlow(&mc[k], &ms[k]) {
					t.Fatalf("month %d: cents and decimal balances differ", k)
				}
			}
		}
		p := Pool(ms)
		var n int64
		for _, h := range hs {
			n += int64(len(h.Buckets) - 1)
		}
		var got int64
		for b := range NumBuckets {
			got += p.Accounts(b)
		}
		if got != n {
			t.Fatalf("pooled transitions %d, want %d", got, n)
		}
		for _, h := range []int{1, 12} {
			lr, err := LossRates(&p, 0.45, h)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range lr {
				if !(x >= 0 && x <= 1) {
					t.Fatalf("loss rate %v", x)
				}
			}
		}
	})
}

func FuzzConcentrate(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4}, int64(100), int32(0), 3, uint8(0))
	f.Add([]byte{0, 0}, int64(-5), int32(-30), 0, uint8(7))
	f.Fuzz(func(t *testing.T, names []byte, coef int64, exp int32, topN int, by uint8) {
		if len(names) > 512 {
			names = names[:512]
		}
		exps := make([]Exposure, len(names))
		for i, b := range names {
			s := string(rune('a' + b%16))
			exps[i] = Exposure{Obligor: s, Group: string(rune('a' + b%3)), Sector: s[:b%2], Region: "r",
				EAD: decimal.New(coef+int64(b), exp)}
		}
		c, err := Concentrate(exps, Dimension(by), topN)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		if c.Names > 0 && (c.HHI < 1/float64(c.Names)-1e-9 || c.HHI > 1+1e-9 || math.IsNaN(c.Gini)) {
			t.Fatalf("%+v", c)
		}
		if _, err := LargeExposures(exps, decimal.New(coef, exp), BaselLEX()); err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
		}
	})
}

func FuzzStress(f *testing.F) {
	f.Add(0.01, 0.45, 0.2, -3.09, int64(1000))
	f.Add(math.NaN(), 2.0, 1.0, math.Inf(1), int64(-1))
	f.Fuzz(func(t *testing.T, pd, lgd, rho, z float64, ead int64) {
		gs, err := Stress([]Position{{Grade: "g", EAD: decimal.NewFromInt(ead), PD: pd, LGD: lgd, Rho: rho}}, z)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		for _, g := range gs {
			if !(g.StressedPD >= 0 && g.StressedPD <= 1) || g.StressedEL.Sign() < 0 {
				t.Fatalf("%+v", g)
			}
		}
		if q, err := StressedPD(pd, rho, 1/(1+math.Abs(z))); err == nil && !(q >= 0 && q <= 1) {
			t.Fatalf("D_q %v", q)
		}
	})
}

func FuzzVintages(f *testing.F) {
	f.Add([]byte{0, 1, 3, 0x35, 2, 2, 0, 0x07}, 5)
	f.Fuzz(func(t *testing.T, data []byte, asOf int) {
		var loans []Loan
		for i := 0; i+4 <= len(data) && len(loans) < 256; i += 4 {
			loans = append(loans, Loan{Originated: int(int8(data[i])), Defaulted: data[i+1]%2 == 1, DefaultMonth: int(int8(data[i+2])),
				Amount: decimal.New(int64(data[i+3]&15), 0), Loss: decimal.New(int64(int8(data[i+3])>>4), 0)})
		}
		vs, err := Vintages(loans, asOf)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		var loss, total decimal.Decimal
		for _, l := range loans {
			loss = loss.Add(l.Loss)
		}
		for _, v := range vs {
			if len(v.CumDefaultRate) != v.Observed+1 || len(v.CumLoss) != v.Observed+1 || len(v.CumLossRate) != v.Observed+1 {
				t.Fatalf("censoring: %+v", v)
			}
			for k := range v.CumLoss {
				if (k > 0 && v.CumLoss[k].LessThan(v.CumLoss[k-1])) || v.CumLossRate[k] != ratio(v.CumLoss[k], v.Amount) {
					t.Fatalf("not a cumulative loss curve: %+v", v)
				}
			}
			total = total.Add(v.CumLoss[v.Observed])
			for k := 1; k < len(v.CumDefaultRate); k++ {
				if v.CumDefaultRate[k] < v.CumDefaultRate[k-1] || v.CumDefaultRate[k] > 1 {
					t.Fatalf("not a cumulative rate: %+v", v)
				}
			}
		}
		if !total.Equal(loss) {
			t.Fatalf("cohort losses %v, loans' losses %v", total, loss)
		}
	})
}

// FuzzStressMigration: a 3×3 matrix from unclamped floats; any matrix accepted gives rows
// that are probability vectors whose default column is the conditional PD, and the fitted Z of
// the stressed matrix is the Z it was built with.
func FuzzStressMigration(f *testing.F) {
	f.Add(0.9, 0.08, 0.1, 0.8, 0.1, -1.5)
	f.Add(1.0, 0.0, 0.0, 0.0, 0.3, math.NaN())
	f.Fuzz(func(t *testing.T, a, b, c, d, rho, z float64) {
		ttc := [][]float64{{a, b, 1 - a - b}, {c, d, 1 - c - d}, {0, 0, 1}}
		m, err := StressMigration(ttc, rho, z)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		for i, row := range m {
			var s float64
			for _, p := range row {
				if !(p >= 0 && p <= 1) {
					t.Fatalf("p %v in %v", p, m)
				}
				s += p
			}
			if math.Abs(s-1) > 1e-14 {
				t.Fatalf("row %d sums to %v", i, s)
			}
		}
		if zf, err := FitMigrationZ(ttc, m, []int64{10, 10, 0}, rho); err != nil || math.IsNaN(zf) || math.Abs(zf) > MaxFitZ {
			t.Fatalf("fit: %v %v", zf, err)
		}
	})
}

// FuzzStressScenarios: two scenarios from unclamped floats under both methods; any accepted
// input gives stressed PDs in [0, 1] whose weighted value lies between the scenarios'.
func FuzzStressScenarios(f *testing.F) {
	f.Add(0.02, 0.45, 0.15, 0.7, -1.0, 0.8, int64(1000), false)
	f.Add(1.0, 0.0, 0.0, 0.5, math.Inf(1), math.NaN(), int64(-1), true)
	f.Fuzz(func(t *testing.T, pd, lgd, rho, w, z, shift float64, ead int64, logit bool) {
		m := VasicekShift
		if logit {
			m = LogitShift
		}
		ps := []Position{{Grade: "g", EAD: decimal.NewFromInt(ead), PD: pd, LGD: lgd, Rho: rho}}
		a, err := StressScenarios(ps, []Scenario{{Name: "a", Weight: w, Z: z, Shift: shift}, {Name: "b", Weight: 1 - w, Z: -z, Shift: -shift}}, m)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		p0, p1 := a.Scenarios[0].Grades[0].StressedDefaults, a.Scenarios[1].Grades[0].StressedDefaults
		pw := a.Weighted[0].StressedDefaults
		if !(p0 >= 0 && p0 <= 1 && p1 >= 0 && p1 <= 1) || pw < min(p0, p1)-1e-12 || pw > max(p0, p1)+1e-12 {
			t.Fatalf("scenario PDs %v %v, weighted %v", p0, p1, pw)
		}
		if a.Weighted[0].StressedEL.Sign() < 0 {
			t.Fatalf("EL %v", a.Weighted[0].StressedEL)
		}
		if q, err := LogitShiftPD(pd, shift, z); err == nil && !(q >= 0 && q <= 1) {
			t.Fatalf("logit PD %v", q)
		}
		if zz, err := MacroZ(z, shift, w, lgd); err == nil && (math.IsNaN(zz) || math.IsInf(zz, 0)) {
			t.Fatalf("MacroZ %v", zz)
		}
	})
}
