package scorecard

import (
	"math"
	"slices"
	"sort"
)

// weightedRuns holds the distinct regular values of a weighted variable in
// ascending order with their total weights: the run-length form of the
// sorted data in which every row of weight w appears w times. Ranks are
// positions in that expanded data: value u[k] occupies ranks
// [c[k], c[k+1]).
type weightedRuns struct {
	u []float64 // distinct values, ascending
	c []float64 // c[k] = total weight of the values below u[k]; len(u)+1
}

// newWeightedRuns sorts vals with their weights (all > 0) and aggregates
// equal values. vals and wts are reordered.
func newWeightedRuns(vals, wts []float64) *weightedRuns {
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case vals[a] < vals[b]:
			return -1
		case vals[a] > vals[b]:
			return 1
		}
		return 0
	})
	r := &weightedRuns{c: []float64{0}}
	for _, i := range idx {
		if k := len(r.u); k > 0 && r.u[k-1] == vals[i] {
			r.c[k] += wts[i]
			continue
		}
		r.u = append(r.u, vals[i])
		r.c = append(r.c, r.c[len(r.c)-1]+wts[i])
	}
	return r
}

// at returns the value of rank r.
func (w *weightedRuns) at(r float64) float64 {
	k := sort.Search(len(w.u), func(k int) bool { return w.c[k+1] > r })
	return w.u[min(k, len(w.u)-1)]
}

// quantileCuts is quantileCuts over the weighted ranks: the cut j is the
// value of rank ⌊j·N/q⌋ (LeftClosed) or ⌈j·N/q⌉ − 1 (RightClosed), N the
// total weight, so integer weights give the cuts of the duplicated data.
func (w *weightedRuns) quantileCuts(q int, cl Closure) []float64 {
	n := w.c[len(w.u)]
	first, last := w.u[0], w.u[len(w.u)-1]
	var cuts []float64
	for j := 1; j < q; j++ {
		var c float64
		if cl == LeftClosed {
			c = w.at(math.Floor(float64(j) * n / float64(q)))
			if c <= first {
				continue
			}
		} else {
			c = w.at(math.Ceil(float64(j)*n/float64(q)) - 1)
			if c >= last {
				continue
			}
		}
		if len(cuts) == 0 || c > cuts[len(cuts)-1] {
			cuts = append(cuts, c)
		}
	}
	return cuts
}

// preBinCuts is preBinCuts over the weighted ranks: pre-bins are ranges of
// runs, the heaviest pre-bin holding two or more values is split at the
// run boundary nearest its middle rank (the upper one on a tie), as the
// unweighted version does row by row.
func (w *weightedRuns) preBinCuts(q int, cl Closure) []float64 {
	d := len(w.u)
	if d <= q {
		return uniqueCuts(w.u, cl)
	}
	cuts := w.quantileCuts(q, cl)
	// Pre-bin boundaries as run indices.
	pos := make([]int, 0, q+1)
	pos = append(pos, 0)
	for _, c := range cuts {
		k, _ := slices.BinarySearch(w.u, c)
		if cl == RightClosed {
			k++ // first run above c
		}
		pos = append(pos, k)
	}
	pos = append(pos, d)
	for len(pos)-1 < q {
		best, bestK := -1.0, -1
		for b := 0; b+1 < len(pos); b++ {
			a, e := pos[b], pos[b+1]
			lo, hi := w.c[a], w.c[e]
			if hi-lo <= best || e-a < 2 {
				continue
			}
			m := math.Floor((lo + hi) / 2)
			// The run boundary in (a, e) nearest m, the upper one on a tie.
			k := a + 1 + sort.Search(e-a-1, func(i int) bool { return w.c[a+1+i] >= m })
			switch {
			case k >= e:
				k = e - 1
			case k > a+1 && m-w.c[k-1] < w.c[k]-m:
				k--
			}
			best, bestK = hi-lo, k
		}
		if bestK < 0 {
			break
		}
		pos = append(pos, bestK)
		slices.Sort(pos)
	}
	cuts = cuts[:0]
	for _, k := range pos[1 : len(pos)-1] {
		if cl == LeftClosed {
			cuts = append(cuts, w.u[k])
		} else {
			cuts = append(cuts, w.u[k-1])
		}
	}
	return cuts
}
