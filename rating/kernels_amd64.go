//go:build !purego

package rating

// linear1 adds to tot[f] the product w·clamp100(u) and the NaN term u − u
// of a linear indicator, u = (x[f] − worst)·inv, for every f < len(tot)
// (len(x) ≥ len(tot)): the loop of linear1Go with two firms an
// instruction (SSE2, kernels_amd64.s). Each lane rounds as the scalar code
// does: MAXPD/MINPD give min(max(u, 0), 100) for a u that is not NaN,
// +0 for −0, and the NaN term keeps a NaN u in the total.
//
//go:noescape
func linear1(tot, x []float64, worst, inv, w float64)

// linear2 is linear1 for two consecutive linear indicators (x then y),
// added in model order: tot[f] + p(x[f]) + p(y[f]) as linear2Go.
//
//go:noescape
func linear2(tot, x, y []float64, worst, inv, w, worst2, inv2, w2 float64)

// stepBands adds to tot[f] w·ys[b] + (v − v), b the band of v = x[f]
// among the first n (4 or 8) of cut, for every f < len(tot): stepBandsGo
// with two firms an instruction (SSE2, kernels_amd64.s).
//
//go:noescape
func stepBands(tot, x []float64, cut *[8]float64, ys *[16]float64, w float64, n int)

// pieceSegments adds to tot[f] w·(py[k] + pdy[k]·(v − px[k])/pdx[k]), k
// the segment of v = x[f], for every f < len(tot): pieceSegmentsGo with
// two firms an instruction (SSE2, kernels_amd64.s).
//
//go:noescape
func pieceSegments(tot, x []float64, first float64, cut *[8]float64, px, py, pdx, pdy *[16]float64, w float64, n int)
