package scorecard

import (
	"math"
	"math/bits"
	"slices"
)

// minSelect is the number of regular values from which Quantile cuts are
// selected by partition (selectQuantileCuts) rather than read from a sorted
// copy. It is internal/radix's threshold for a radix sort: below it the
// values are sorted with slices.Sort, as before, which keeps the former
// order of −0 and +0 there.
const minSelect = 4096

// quantileRank is the rank, in the ascending order of n regular values,
// of candidate cut j of q quantile bins: ⌊j·n/q⌋ for LeftClosed and
// ⌈j·n/q⌉ − 1 for RightClosed (see quantileCuts).
func quantileRank(j, n, q int, cl Closure) int {
	if cl == LeftClosed {
		return j * n / q
	}
	return (j*n+q-1)/q - 1
}

// selectQuantileCuts returns quantileCuts(sorted vals, q, cl) without
// sorting: the values at the q−1 quantile ranks are selected by a
// multi-rank quickselect, O(n·log q) expected and O(n log n) at worst (a
// range that needs more than 2·log₂ n partitions is sorted). vals must hold
// at least two distinct finite values and is reordered; lo and hi are its
// minimum and maximum.
//
// The cuts are those of the radix-sorted copy bit for bit: values are
// compared in the radix sort's order, where −0 sorts below +0 (see less).
func selectQuantileCuts(vals []float64, q int, cl Closure, lo, hi float64) (cuts []float64, ranks []int) {
	n := len(vals)
	ranks = make([]int, 0, q-1)
	for j := 1; j < q; j++ {
		if r := quantileRank(j, n, q, cl); len(ranks) == 0 || r > ranks[len(ranks)-1] {
			ranks = append(ranks, r)
		}
	}
	selectRanks(vals, ranks)
	for j := 1; j < q; j++ {
		c := vals[quantileRank(j, n, q, cl)]
		if cl == LeftClosed && c <= lo || cl == RightClosed && c >= hi {
			continue // would leave the first (last) bin empty
		}
		if len(cuts) == 0 || c > cuts[len(cuts)-1] {
			cuts = append(cuts, c)
		}
	}
	return cuts, ranks
}

// countSelected counts the rows of each regular bin from the values as
// selectQuantileCuts leaves them, without a search per row, and appends
// the special and missing counts. vals holds the n regular values with the
// value of each of ranks (ascending, distinct) in place, smaller values
// (in the order of less) before it and larger ones after; cuts (at most
// maxFastCuts) are among those values; evs holds the regular values of
// the events.
//
// The values between two consecutive selected positions, whose values are
// A and B, lie in [A, B], and no cut lies strictly between A and B, so a
// value strictly between them is in the bin of the cuts ≤ A (bin 0 before
// the first position), whatever the closure; only the values equal to A
// or B need their own bin. The rows of a bin are thus counted by one pass
// that compares each value with the two ends of its stretch; the events by
// a bin search over evs (O(e log k) for e events).
func countSelected(vals []float64, ranks []int, cuts []float64, cl Closure, evs []float64, spec, miss BinCounts) []BinCounts {
	bs := newBinSearch(cuts, cl)
	below := newBinSearch(cuts, LeftClosed) // cuts ≤ x
	nReg := len(cuts) + 1
	rows := make([]int, nReg)
	lo := 0 // start of the current stretch
	for i := 0; i <= len(ranks); i++ {
		hi := len(vals)
		if i < len(ranks) {
			hi = ranks[i]
		}
		stretch := vals[lo:hi]
		mid := 0
		if i > 0 {
			mid = below.bin(vals[ranks[i-1]])
		}
		var kA, kB uint64 = 0, 0 // no finite value has key 0
		if i > 0 {
			kA = orderKey(vals[ranks[i-1]])
		}
		if i < len(ranks) {
			kB = orderKey(vals[hi])
		}
		eqA, eqB := 0, 0
		for _, v := range stretch {
			k := orderKey(v)
			_, a := bits.Sub64(k^kA, 1, 0) // 1 when k = kA
			_, b := bits.Sub64(k^kB, 1, 0)
			eqA += int(a)
			eqB += int(b &^ a) // a value equal to both ends counts once
		}
		rows[mid] += len(stretch) - eqA - eqB
		if eqA > 0 {
			rows[bs.bin(vals[ranks[i-1]])] += eqA
		}
		if eqB > 0 {
			rows[bs.bin(vals[hi])] += eqB
		}
		if i < len(ranks) {
			rows[bs.bin(vals[hi])]++ // the selected value itself
		}
		lo = hi + 1
	}
	events := make([]int, nReg)
	for _, v := range evs {
		events[bs.bin(v)]++
	}
	counts := make([]BinCounts, nReg+2)
	for b := range nReg {
		counts[b] = BinCounts{NonEvents: float64(rows[b] - events[b]), Events: float64(events[b])}
	}
	counts[nReg], counts[nReg+1] = spec, miss
	return counts
}

// selectRanks reorders v (finite values) so that for each r of ranks
// (ascending, distinct, in [0, len(v))) v[r] is the value of rank r in the
// order of less, every value before it is at most v[r] and every value
// after it at least v[r] in that order.
func selectRanks(v []float64, ranks []int) {
	selectRange(v, 0, ranks, 2*bits.Len(uint(len(v))))
}

// selectRange does selectRanks for the sub-slice v that starts at position
// off of the whole; ranks are positions in the whole. depth is the number
// of partitions left before the range is sorted instead.
func selectRange(v []float64, off int, ranks []int, depth int) {
	for len(ranks) > 0 {
		n := len(v)
		if n <= 24 || depth == 0 {
			sortKeyOrder(v)
			return
		}
		depth--
		p := pivot(v)
		m := partitionLess(v, p) // v[:m] < p ≤ v[m:]
		if m == 0 {
			// p is the minimum: set its copies aside; their ranks are done.
			m = partitionLessEq(v, p) // v[:m] = p < v[m:], m ≥ 1
		} else if k := countBelow(ranks, off+m); k > 0 {
			selectRange(v[:m], off, ranks[:k], depth)
		}
		ranks = ranks[countBelow(ranks, off+m):]
		v, off = v[m:], off+m
	}
}

// countBelow is the number of ranks (ascending) below pos.
func countBelow(ranks []int, pos int) int {
	k := 0
	for k < len(ranks) && ranks[k] < pos {
		k++
	}
	return k
}

// pivot is the median of three values of v (len ≥ 3), or for long slices
// Tukey's ninther (the median of three medians of three), so that sorted,
// reversed and organ-pipe inputs split near the middle.
func pivot(v []float64) float64 {
	n := len(v)
	if n < 128 {
		return median3(v[0], v[n/2], v[n-1])
	}
	s := n / 8
	return median3(
		median3(v[0], v[s], v[2*s]),
		median3(v[n/2-s], v[n/2], v[n/2+s]),
		median3(v[n-1-2*s], v[n-1-s], v[n-1]))
}

func median3(a, b, c float64) float64 {
	if less(b, a) == 1 {
		a, b = b, a
	}
	if less(c, b) == 1 {
		b = c
		if less(b, a) == 1 {
			b = a
		}
	}
	return b
}

// less reports whether a sorts below b in the order of the radix sort
// (internal/radix.FloatKey): the numeric order, with −0 below +0. a and b
// are finite. It is the sign of a − b, which is never zero for a ≠ b
// (gradual underflow) and is −0 only for −0 − (+0); computed without a
// branch, it returns 1 or 0.
func less(a, b float64) int {
	return int(math.Float64bits(a-b) >> 63)
}

// partitionLess moves the values of v below p (in the order of less) to
// the front and returns their number: Lomuto's scheme, with the count
// advanced by the comparison's 0 or 1 rather than a branch.
func partitionLess(v []float64, p float64) int {
	j := 0
	for i, x := range v {
		v[i] = v[j]
		v[j] = x
		j += less(x, p)
	}
	return j
}

// partitionLessEq moves the values of v at most p (in the order of less)
// to the front and returns their number.
func partitionLessEq(v []float64, p float64) int {
	j := 0
	for i, x := range v {
		v[i] = v[j]
		v[j] = x
		j += 1 - less(p, x)
	}
	return j
}

// sortKeyOrder sorts v (finite values) in the order of less: an insertion
// sort for short slices, otherwise a comparison sort.
func sortKeyOrder(v []float64) {
	if len(v) > 24 {
		slices.SortFunc(v, func(a, b float64) int { return less(b, a) - less(a, b) })
		return
	}
	for i := 1; i < len(v); i++ {
		x := v[i]
		j := i
		for ; j > 0 && less(x, v[j-1]) == 1; j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
}
