//go:build !amd64 || purego

package logit

// haveFMA is false: without the assembly kernels Fit takes the Go path.
const haveFMA = false

func linearFMA(eta, x []float64, stride int, b []float64, b0 float64) {
	linearRef(eta[:len(eta)&^3], x, stride, b, b0)
}

func scoreFMA(g, x []float64, stride int, r []float64) { scoreRef(g, x, stride, r) }

func syrkFMA(h, x []float64, stride int, pt, u []float64, m, kp, nrb int) {
	syrkRef(h, x, stride, pt, u, m, kp, nrb)
}

func packFMA(pt, pu, x []float64, stride, p, kp int, v, r []float64) {
	packRef(pt, pu, x, stride, p, kp, v, r)
}

func rowsFMA(eta, y, w, r, v []float64, s *rowSums) { rowsRef(eta, y, w, r, v, s) }
