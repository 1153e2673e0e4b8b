package rating

// linear1Go adds to tot[f], for every f < len(tot) (len(x) ≥ len(tot)),
// the product of a linear indicator and its NaN term:
//
//	tot[f] += w·clamp100(u) + (u − u),  u = (x[f] − worst)·inv
//
// u − u is +0 for a finite u and NaN for a NaN or infinite one, so a firm
// with a NaN or ±Inf value ends with a NaN total (see [Model.scoreBlock]).
func linear1Go(tot, x []float64, worst, inv, w float64) {
	x = x[:len(tot)]
	for f, v := range x {
		u := (v - worst) * inv
		tot[f] += float64(w*clamp100(u)) + (u - u)
	}
}

// linear2Go is linear1Go for two consecutive linear indicators, added in
// model order.
func linear2Go(tot, x, y []float64, worst, inv, w, worst2, inv2, w2 float64) {
	x = x[:len(tot)]
	y = y[:len(tot)]
	for f, v := range x {
		u := (v - worst) * inv
		u2 := (y[f] - worst2) * inv2
		t := tot[f] + (float64(w*clamp100(u)) + (u - u))
		tot[f] = t + (float64(w2*clamp100(u2)) + (u2 - u2))
	}
}

// stepBandsGo adds to tot[f], for every f < len(tot) (len(x) ≥ len(tot)),
// the product of a step function of at most n cuts (n = 4 or 8; cut padded
// with +Inf, ys padded with its last score) and its NaN term:
//
//	tot[f] += w·ys[b] + (v − v),  v = x[f]
//
// with b the number of cuts ≤ v, counted without a loop or a branch; a
// NaN or ±Inf v may count the padding, whose scores repeat the last, and
// is sent the slow way by v − v.
func stepBandsGo(tot, x []float64, cut *[8]float64, ys *[16]float64, w float64, n int) {
	x = x[:len(tot)]
	if n == 4 {
		for f, v := range x {
			vn := v + 0 // −0 → +0
			i := ge(vn, cut[0]) + ge(vn, cut[1]) + ge(vn, cut[2]) + ge(vn, cut[3])
			tot[f] += float64(w*ys[i&15]) + (v - v)
		}
		return
	}
	for f, v := range x {
		vn := v + 0
		i := ge(vn, cut[0]) + ge(vn, cut[1]) + ge(vn, cut[2]) + ge(vn, cut[3]) +
			ge(vn, cut[4]) + ge(vn, cut[5]) + ge(vn, cut[6]) + ge(vn, cut[7])
		tot[f] += float64(w*ys[i&15]) + (v - v)
	}
}

// pieceSegmentsGo adds to tot[f], for every f < len(tot), the product of
// a piecewise linear function on segment k of v = x[f] (k of
// [indicator.score]: 0 below the first breakpoint first, the number of
// breakpoints from the last, counted as for a step function over the
// others in cut, padded with +Inf):
//
//	tot[f] += w·(py[k] + pdy[k]·(v − px[k])/pdx[k])
//
// A NaN or ±Inf v gives a NaN term (v − px[k], or 0·∞ on a flat end).
func pieceSegmentsGo(tot, x []float64, first float64, cut *[8]float64, px, py, pdx, pdy *[16]float64, w float64, n int) {
	x = x[:len(tot)]
	if n == 4 {
		for f, v := range x {
			vn := v + 0
			k := (gt(vn, first) + ge(vn, cut[0]) + ge(vn, cut[1]) + ge(vn, cut[2]) + ge(vn, cut[3])) & 15
			tot[f] += float64(w * (py[k] + pdy[k]*(v-px[k])/pdx[k]))
		}
		return
	}
	for f, v := range x {
		vn := v + 0
		k := (gt(vn, first) + ge(vn, cut[0]) + ge(vn, cut[1]) + ge(vn, cut[2]) + ge(vn, cut[3]) +
			ge(vn, cut[4]) + ge(vn, cut[5]) + ge(vn, cut[6]) + ge(vn, cut[7])) & 15
		tot[f] += float64(w * (py[k] + pdy[k]*(v-px[k])/pdx[k]))
	}
}
