package logit

import "math"

// Go references of the assembly kernels (kernels_amd64.s): the oracle of
// their tests and their body on the architectures without them.

// linearRef sets eta[i] = b0 + Σ_j x[i·stride+j]·b[j], j < len(b), for
// every i < len(eta).
func linearRef(eta, x []float64, stride int, b []float64, b0 float64) {
	for i := range eta {
		e := b0
		for j, v := range x[i*stride : i*stride+len(b)] {
			e += v * b[j]
		}
		eta[i] = e
	}
}

// scoreRef adds Σ_i r[i]·x[i·stride+j] to g[j] for j < len(g), i < len(r).
func scoreRef(g, x []float64, stride int, r []float64) {
	for i, ri := range r {
		for j, v := range x[i*stride : i*stride+len(g)] {
			g[j] += ri * v
		}
	}
}

// syrkRef adds Σ_{i<m} a[i·kp+j]·u[i·kp+l] to h[j·kp+l] for the rows
// j < 4·nrb and, in row j, the columns l ≥ 8·⌊j/8⌋: the 4×8 tiles of
// syrkFMA on or above the diagonal.
func syrkRef(h, a, u []float64, m, kp, nrb int) {
	for j := range 4 * nrb {
		for l := 8 * (j / 8); l < kp; l++ {
			var s float64
			for i := range m {
				s += a[i*kp+j] * u[i*kp+l]
			}
			h[j*kp+l] += s
		}
	}
}

// packRef writes, for each row i < len(v), pa[i·kp+j] = [1, x_i][j] and
// pu[i·kp+j] = [v_i, v_i·x_i, r_i][j] for j ≤ p+1, x_i the p values from
// x[i·stride].
func packRef(pa, pu, x []float64, stride, p, kp int, v, r []float64) {
	for i, vi := range v {
		row := x[i*stride:][:p]
		a := pa[i*kp:][:p+2]
		u := pu[i*kp:][:p+2]
		a[0], u[0] = 1, vi
		for j, xv := range row {
			a[j+1] = xv
			u[j+1] = vi * xv
		}
		u[p+1] = r[i]
	}
}

// rowSums are the log-likelihood accumulators of rowsFMA, lane by lane:
// Σ a over the rows whose label disagrees with the sign of η, and
// Π(1 + z) = prod·2^expo (prod in [1, 2)) over the rows with weight 1.
type rowSums struct {
	lin, prod [4]float64
	expo      [4]int64
}

// rowsRef is rowsFMA in Go: for the first len(eta) &^ 3 rows, row i in
// lane i mod 4.
func rowsRef(eta, y, w, r, v []float64, s *rowSums) {
	for i, e := range eta[:len(eta)&^3] {
		l := i & 3
		a := math.Abs(e)
		z := expNeg(min(a, 708)) // min keeps a NaN
		q := 1 / (1 + z)
		mu := q
		if math.Signbit(e) {
			mu = z * q
		}
		r[i] = w[i] * (y[i] - mu)
		v[i] = w[i] * mu * (1 - mu)
		if w[i] != 1 {
			continue
		}
		if (e >= 0) != (y[i] == 1) {
			s.lin[l] += a
		}
		fr, ex := math.Frexp(s.prod[l] * (1 + z))
		s.prod[l] = 2 * fr
		s.expo[l] += int64(ex - 1)
	}
}
