//go:build !purego

package logit

import "golang.org/x/sys/cpu"

// haveFMA reports whether the AVX2 and FMA kernels of kernels_amd64.s can
// run (the processor has both and the operating system saves the YMM
// registers); without them Fit takes the SSE2/Go path of the other
// architectures. Set once at start-up, read only.
var haveFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// linearFMA sets eta[i] = b0 + Σ_j x[i·stride+j]·b[j], j < len(b), for the
// first len(eta) &^ 3 rows (linearRef, with the sum in another order and
// fused multiply-adds: kernels_amd64.s).
//
//go:noescape
func linearFMA(eta, x []float64, stride int, b []float64, b0 float64)

// scoreFMA adds Σ_i r[i]·x[i·stride+j] to g[j] for j < len(g), i < len(r)
// (scoreRef with fused multiply-adds and four partial sums: kernels_amd64.s).
//
//go:noescape
func scoreFMA(g, x []float64, stride int, r []float64)

// syrkFMA adds Σ_{i<m} A_iq·u[i·kp+l] to h[q·kp+l] for the 4×8 tiles on or
// above the diagonal of the first 4·nrb rows of h, where A_iq is
// x[i·stride+q] for q < 4·(nrb−1) and pt[4i+q−4·(nrb−1)] in the last four
// rows (syrkRef with fused multiply-adds: kernels_amd64.s). kp is a
// multiple of 8, nrb ≤ kp/4.
//
//go:noescape
func syrkFMA(h, x []float64, stride int, pt, u []float64, m, kp, nrb int)

// packFMA writes, for each row i < len(v), with x_i the p values from
// x[i·stride] and T = ⌊p/4⌋, pu[i·kp+q] = [v_i·x_i, v_i, r_i][q] for
// q ≤ p+1, zeros in the columns up to 4T+3, and pt[4i…4i+3] =
// x_i[4T…p−1], 1, zeros (packRef with four columns an instruction:
// kernels_amd64.s). Columns of pu after max(p+1, 4T+3) are not written.
//
//go:noescape
func packFMA(pt, pu, x []float64, stride, p, kp int, v, r []float64)

// rowsFMA is rowsGo for the first len(eta) &^ 3 rows of a block whose
// weights are all 0 or 1, four rows an instruction (kernels_amd64.s): the
// same e^{−a} with fused multiply-adds, and the log-likelihood terms
// accumulated in s by lane, the product Π(1 + z) kept exact in its
// exponent. len(y), len(w), len(r), len(v) ≥ len(eta).
//
//go:noescape
func rowsFMA(eta, y, w, r, v []float64, s *rowSums)
