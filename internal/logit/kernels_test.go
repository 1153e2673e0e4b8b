package logit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The assembly kernels sum in another order than the Go references and
// round each product into its sum once (fused multiply-add), so they are
// not bit-identical. Both are recursive sums of m products, whose error is
// at most γ_m·Σ|products| with γ_m = m·u/(1 − m·u), u = 2⁻⁵³ (Higham,
// Accuracy and Stability of Numerical Algorithms, 2nd ed., SIAM 2002,
// §3.1, eq. 3.4; the same bound holds for any order of the sum, and with
// an FMA each product is exact in it). Two such sums differ by at most
// 2·γ_m·Σ|products|: kernelTol checks that bound, with m the number of
// terms (one more for the starting value).
func kernelTol(got, want, absSum float64, m int) bool {
	u := 0x1p-53
	g := float64(m) * u / (1 - float64(m)*u)
	return math.Abs(got-want) <= 2*g*absSum
}

func randSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		// Mixed signs and magnitudes, so that sums cancel.
		s[i] = r.NormFloat64() * math.Exp2(float64(r.IntN(21)-10))
	}
	return s
}

var kernelShapes = []struct{ p, m, pad int }{
	{1, 4, 0}, {2, 5, 1}, {3, 8, 0}, {4, 7, 3}, {5, 1, 0}, {7, 12, 2}, {8, 0, 0},
	{9, 16, 1}, {12, 3, 0}, {20, 256, 0}, {20, 255, 5}, {23, 64, 1}, {24, 33, 0}, {31, 100, 4},
}

// TestLinearFMA checks linearFMA against linearRef within the bound of
// kernelTol, and that it writes only the first len(eta) &^ 3 values.
func TestLinearFMA(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, sh := range kernelShapes {
		st := sh.p + sh.pad
		// Rows of exactly p values at the end: a read past the last row
		// would show under the race detector or as a fault at a page end.
		x := randSlice(r, max(sh.m*st-sh.pad, 0))
		b := randSlice(r, sh.p)
		b0 := r.NormFloat64()
		got := make([]float64, sh.m)
		for i := range got {
			got[i] = 12345
		}
		want := make([]float64, sh.m)
		linearFMA(got, x, st, b, b0)
		linearRef(want, x, st, b, b0)
		for i := range got {
			if i >= sh.m&^3 {
				if got[i] != 12345 {
					t.Errorf("p %d m %d: eta[%d] written", sh.p, sh.m, i)
				}
				continue
			}
			abs := math.Abs(b0)
			for j, v := range x[i*st : i*st+sh.p] {
				abs += math.Abs(v * b[j])
			}
			if !kernelTol(got[i], want[i], abs, sh.p+1) {
				t.Errorf("p %d m %d: eta[%d] = %v, Go %v", sh.p, sh.m, i, got[i], want[i])
			}
		}
	}
}

// TestScoreFMA checks scoreFMA against scoreRef (accumulating into a
// non-zero g) within the bound of kernelTol.
func TestScoreFMA(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sh := range kernelShapes {
		st := sh.p + sh.pad
		x := randSlice(r, max(sh.m*st-sh.pad, 0))
		rr := randSlice(r, sh.m)
		g0 := randSlice(r, sh.p)
		got := append([]float64(nil), g0...)
		want := append([]float64(nil), g0...)
		scoreFMA(got, x, st, rr)
		scoreRef(want, x, st, rr)
		for j := range got {
			abs := math.Abs(g0[j])
			for i := range sh.m {
				abs += math.Abs(rr[i] * x[i*st+j])
			}
			if !kernelTol(got[j], want[j], abs, sh.m+1) {
				t.Errorf("p %d m %d: g[%d] = %v, Go %v", sh.p, sh.m, j, got[j], want[j])
			}
		}
	}
}

// TestSyrkFMA checks syrkFMA against syrkRef within the bound of
// kernelTol on the tiles, and that every other value of h is unchanged.
func TestSyrkFMA(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, sh := range kernelShapes {
		k := sh.p + 1
		kp := (k + 1 + 7) &^ 7
		nrb := (k + 3) / 4
		last := 4 * (nrb - 1)
		st := sh.p + sh.pad
		x := randSlice(r, max(sh.m*st-sh.pad, 0))
		pt := randSlice(r, sh.m*4)
		u := randSlice(r, sh.m*kp)
		h0 := randSlice(r, kp*kp)
		got := append([]float64(nil), h0...)
		want := append([]float64(nil), h0...)
		syrkFMA(got, x, st, pt, u, sh.m, kp, nrb)
		syrkRef(want, x, st, pt, u, sh.m, kp, nrb)
		for j := range kp {
			for l := range kp {
				o := j*kp + l
				if j >= 4*nrb || l < 8*(j/8) {
					if got[o] != h0[o] {
						t.Errorf("p %d m %d: h[%d,%d] written outside the tiles", sh.p, sh.m, j, l)
					}
					continue
				}
				abs := math.Abs(h0[o])
				for i := range sh.m {
					var a float64
					if j < last {
						a = x[i*st+j]
					} else {
						a = pt[4*i+j-last]
					}
					abs += math.Abs(a * u[i*kp+l])
				}
				if !kernelTol(got[o], want[o], abs, sh.m+1) {
					t.Errorf("p %d m %d: h[%d,%d] = %v, Go %v", sh.p, sh.m, j, l, got[o], want[o])
				}
			}
		}
	}
}

// TestPassPathsAgree checks one pass of the assembly path against the Go
// path (transposed blocks and dot products) at the same point, with and
// without the information matrix, on weighted rows in a strided design:
// log-likelihood, score and X'WX within 1e-12 relative to their scale.
func TestPassPathsAgree(t *testing.T) {
	if !haveFMA {
		t.Skip("no AVX2 and FMA kernels on this build or processor")
	}
	const n, p, st = 1000, 13, 15
	r := rand.New(rand.NewPCG(7, 8))
	x := randSlice(r, n*st)
	for i := range x {
		x[i] = math.Ldexp(x[i], -4)
	}
	y := make([]float64, n)
	w := make([]float64, n)
	wu := make([]float64, n) // unit and zero weights: rowsFMA
	for i := range n {
		y[i] = float64(r.IntN(2))
		w[i] = float64(r.IntN(3)) / 2
		wu[i] = float64(min(r.IntN(5), 1))
	}
	b := randSlice(r, p+1)
	for j := range b {
		b[j] = math.Ldexp(b[j], -6)
	}
	for _, c := range []struct {
		w    []float64
		info bool
	}{{w, false}, {w, true}, {wu, false}, {wu, true}} {
		info, w := c.info, c.w
		fa := newFitterPath(x, st, n, p, y, w, 0.5, true)
		fg := newFitterPath(x, st, n, p, y, w, 0.5, false)
		if fa.unitFMA != (&w[0] == &wu[0]) {
			t.Fatalf("unitFMA %v", fa.unitFMA)
		}
		lla, llg := fa.pass(b, info), fg.pass(b, info)
		if math.Abs(lla-llg) > 1e-12*math.Abs(llg) {
			t.Errorf("info %v: log-likelihood %v, Go %v", info, lla, llg)
		}
		scale := 0.0
		for _, g := range fg.grad {
			scale = max(scale, math.Abs(g))
		}
		for j := range fg.grad {
			if math.Abs(fa.grad[j]-fg.grad[j]) > 1e-12*scale {
				t.Errorf("info %v: grad[%d] %v, Go %v", info, j, fa.grad[j], fg.grad[j])
			}
		}
		if !info {
			continue
		}
		scale = 0
		for j := range p + 1 {
			scale = max(scale, fg.h[j*fg.kp+j])
		}
		for j := range p + 1 {
			for l := j; l <= p; l++ {
				aj, al := fa.fmaIndex(j), fa.fmaIndex(l)
				a, g := fa.h[min(aj, al)*fa.kp+max(aj, al)], fg.h[j*fg.kp+l]
				if math.Abs(a-g) > 1e-12*scale {
					t.Errorf("h[%d,%d] %v, Go %v", j, l, a, g)
				}
			}
		}
	}
}

// TestPackFMA checks packFMA against packRef: copies and single
// products, so bit for bit, in pt and in the columns of pu up to
// max(p+1, 4⌊p/4⌋+3); the columns after those stay as they were.
func TestPackFMA(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, sh := range kernelShapes {
		p, st := sh.p, sh.p+sh.pad
		kp := (p + 2 + 7) &^ 7
		x := randSlice(r, max(sh.m*st-sh.pad, 0))
		v := randSlice(r, sh.m)
		rr := randSlice(r, sh.m)
		pt, pu := randSlice(r, sh.m*4), randSlice(r, sh.m*kp)
		pu0 := append([]float64(nil), pu...)
		wt, wu := make([]float64, sh.m*4), append([]float64(nil), pu...)
		packFMA(pt, pu, x, st, p, kp, v, rr)
		packRef(wt, wu, x, st, p, kp, v, rr)
		for i := range sh.m {
			for j := range kp {
				o := i*kp + j
				if math.Float64bits(pu[o]) != math.Float64bits(wu[o]) {
					t.Errorf("p %d m %d: row %d column %d: pu %v, Go %v", p, sh.m, i, j, pu[o], wu[o])
				}
				if j > max(p+1, p/4*4+3) && pu[o] != pu0[o] {
					t.Errorf("p %d m %d: row %d column %d written", p, sh.m, i, j)
				}
			}
			for j := range 4 {
				if o := 4*i + j; math.Float64bits(pt[o]) != math.Float64bits(wt[o]) {
					t.Errorf("p %d m %d: row %d: pt[%d] %v, Go %v", p, sh.m, i, j, pt[o], wt[o])
				}
			}
		}
	}
}

// TestRowsFMA checks rowsFMA against rowsRef on η over the whole range
// (with NaN, ±Inf and values beyond the clamp at 708), labels 0/1 and
// weights 0/1: r and v within 4 ulp of their scale (e^{−a} with and
// without fused multiply-adds differ by a few ulp, see TestExpNeg), the
// disagreement sums bit for bit (the same additions in the same order),
// and ln Π(1+z) within 1e-14 relative.
func TestRowsFMA(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 707.9, 708, 709, -745, 1e300, -1e-300}
	for _, m := range []int{0, 3, 4, 9, 256} {
		for _, nan := range []bool{false, true} {
			eta := make([]float64, m)
			y, w := make([]float64, m), make([]float64, m)
			for i := range eta {
				eta[i] = rng.NormFloat64() * math.Exp2(float64(rng.IntN(12)-3))
				if nan && rng.IntN(8) == 0 {
					eta[i] = special[rng.IntN(len(special))]
				}
				y[i] = float64(rng.IntN(2))
				w[i] = float64(min(rng.IntN(4), 1))
			}
			rg, vg := make([]float64, m), make([]float64, m)
			rw, vw := make([]float64, m), make([]float64, m)
			sg := rowSums{prod: [4]float64{1, 1, 1, 1}}
			sw := sg
			rowsFMA(eta, y, w, rg, vg, &sg)
			rowsRef(eta, y, w, rw, vw, &sw)
			close := func(a, b, scale float64) bool {
				return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 4*0x1p-52*scale
			}
			for i := range m &^ 3 {
				if !close(rg[i], rw[i], 1) || !close(vg[i], vw[i], 0.25) {
					t.Errorf("m %d: η %v: r, v = %v, %v; Go %v, %v", m, eta[i], rg[i], vg[i], rw[i], vw[i])
				}
			}
			for l := range 4 {
				if math.Float64bits(sg.lin[l]) != math.Float64bits(sw.lin[l]) && !(math.IsNaN(sg.lin[l]) && math.IsNaN(sw.lin[l])) {
					t.Errorf("m %d: lin[%d] = %v, Go %v", m, l, sg.lin[l], sw.lin[l])
				}
				lg := math.Log(sg.prod[l]) + float64(sg.expo[l])*math.Ln2
				lw := math.Log(sw.prod[l]) + float64(sw.expo[l])*math.Ln2
				if math.IsNaN(lw) != math.IsNaN(lg) || math.Abs(lg-lw) > 1e-14*math.Abs(lw) {
					t.Errorf("m %d: ln Π(1+z) in lane %d = %v, Go %v", m, l, lg, lw)
				}
			}
		}
	}
}

// TestSolvePathsAgree checks whole fits (plain Newton to a tolerance of
// 1e-10, ending at the information of the estimate) on the assembly and
// the Go kernels: coefficients within 1e-12 absolute (they are of order
// 1), log-likelihood within 1e-13 relative, unit and fractional weights.
func TestSolvePathsAgree(t *testing.T) {
	if !haveFMA {
		t.Skip("no AVX2 and FMA kernels on this build or processor")
	}
	x, y := synth(5000, 7, 13)
	raw := x.RawMatrix()
	wf := make([]float64, 5000)
	for i := range wf {
		wf[i] = float64(1+i%3) / 2
	}
	for _, w := range [][]float64{nil, wf} {
		var b [2][]float64
		var ll [2]float64
		for k, fma := range []bool{true, false} {
			f := newFitterPath(raw.Data, raw.Stride, 5000, 7, y, w, 0.1, fma)
			b[k] = make([]float64, 8)
			var err error
			if ll[k], _, err = f.solve(b[k], 100, 1e-10, false, true); err != nil {
				t.Fatal(err)
			}
		}
		for j := range b[0] {
			if math.Abs(b[0][j]-b[1][j]) > 1e-12 {
				t.Errorf("weights %v: coef %d = %v, Go %v", w != nil, j, b[0][j], b[1][j])
			}
		}
		if math.Abs(ll[0]-ll[1]) > 1e-13*math.Abs(ll[1]) {
			t.Errorf("weights %v: log-likelihood %v, Go %v", w != nil, ll[0], ll[1])
		}
	}
}
