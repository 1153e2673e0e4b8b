package logit

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
