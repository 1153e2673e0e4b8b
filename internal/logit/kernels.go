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

// syrkRef adds Σ_{i<m} A_iq·u[i·kp+l] to h[q·kp+l] for the rows
// q < 4·nrb and, in row q, the columns l ≥ 8·⌊q/8⌋ (the 4×8 tiles of
// syrkFMA on or above the diagonal), where A_iq is x[i·stride+q] for
// q < 4·(nrb−1) and pt[4i+q−4·(nrb−1)] in the last four rows.
func syrkRef(h, x []float64, stride int, pt, u []float64, m, kp, nrb int) {
	last := 4 * (nrb - 1)
	for q := range 4 * nrb {
		for l := 8 * (q / 8); l < kp; l++ {
			var s float64
			for i := range m {
				var a float64
				if q < last {
					a = x[i*stride+q]
				} else {
					a = pt[4*i+q-last]
				}
				s += a * u[i*kp+l]
			}
			h[q*kp+l] += s
		}
	}
}

// packRef writes, for each row i < len(v), with x_i the p values from
// x[i·stride] and T = ⌊p/4⌋, pu[i·kp+q] = [v_i·x_i, v_i, r_i][q] for
// q ≤ p+1, v_i·0 in the columns from p+2 to 4T+3, and pt[4i…4i+3] =
// x_i[4T…p−1], 1, zeros.
func packRef(pt, pu, x []float64, stride, p, kp int, v, r []float64) {
	t := p / 4 * 4
	for i, vi := range v {
		row := x[i*stride:][:p]
		u := pu[i*kp:][:max(p+2, t+4)]
		for j := range u {
			u[j] = vi * 0 // −0 for a negative v, as the masked lanes of packFMA
		}
		for j, xv := range row {
			u[j] = vi * xv
		}
		u[p], u[p+1] = vi, r[i]
		a := pt[4*i:][:4]
		clear(a)
		copy(a, row[t:])
		a[p-t] = 1
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
