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

// syrkFMA adds Σ_{i<m} a[i·kp+j]·u[i·kp+l] to h[j·kp+l] for the 4×8 tiles
// on or above the diagonal of the first 4·nrb rows of h (syrkRef with
// fused multiply-adds: kernels_amd64.s). kp is a multiple of 8, nrb ≤ kp/4.
//
//go:noescape
func syrkFMA(h, a, u []float64, m, kp, nrb int)

// packFMA writes, for each row i < len(v), pa[i·kp+j] = [1, x_i][j] and
// pu[i·kp+j] = [v_i, v_i·x_i, r_i][j] for j ≤ p+1, x_i the p values from
// x[i·stride] (packRef with four columns an instruction: kernels_amd64.s).
// The columns from p+2 on get arbitrary finite values, and the stores
// after the last row may reach 8 values past len(v)·kp: pa and pu need
// that slack.
//
//go:noescape
func packFMA(pa, pu, x []float64, stride, p, kp int, v, r []float64)

// rowsFMA is rowsGo for the first len(eta) &^ 3 rows of a block whose
// weights are all 0 or 1, four rows an instruction (kernels_amd64.s): the
// same e^{−a} with fused multiply-adds, and the log-likelihood terms
// accumulated in s by lane, the product Π(1 + z) kept exact in its
// exponent. len(y), len(w), len(r), len(v) ≥ len(eta).
//
//go:noescape
func rowsFMA(eta, y, w, r, v []float64, s *rowSums)
