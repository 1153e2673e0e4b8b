//go:build !amd64 || purego

package rating

func linear1(tot, x []float64, worst, inv, w float64) { linear1Go(tot, x, worst, inv, w) }

func linear2(tot, x, y []float64, worst, inv, w, worst2, inv2, w2 float64) {
	linear2Go(tot, x, y, worst, inv, w, worst2, inv2, w2)
}

func stepBands(tot, x []float64, cut *[8]float64, ys *[16]float64, w float64, n int) {
	stepBandsGo(tot, x, cut, ys, w, n)
}

func pieceSegments(tot, x []float64, first float64, cut *[8]float64, px, py, pdx, pdy *[16]float64, w float64, n int) {
	pieceSegmentsGo(tot, x, first, cut, px, py, pdx, pdy, w, n)
}
