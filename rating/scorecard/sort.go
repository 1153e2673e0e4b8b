package scorecard

import (
	"math"
	"slices"
)

// sortFloats sorts finite (non-NaN) values ascending. Large inputs use an
// LSD radix sort on the order-preserving bit pattern of float64 (six passes
// of 11 bits, O(n)), which is several times faster than a comparison sort
// for the 10⁵–10⁶ values of a portfolio column; small inputs use
// slices.Sort. −0 and +0 compare equal and may come in either order.
func sortFloats(v []float64) {
	const minRadix = 4096
	if len(v) < minRadix {
		slices.Sort(v)
		return
	}
	n := len(v)
	a := make([]uint64, n)
	b := make([]uint64, n)
	for i, x := range v {
		u := math.Float64bits(x)
		if u>>63 == 1 {
			u = ^u
		} else {
			u |= 1 << 63
		}
		a[i] = u
	}
	var count [1 << 11]int
	for shift := uint(0); shift < 64; shift += 11 {
		clear(count[:])
		for _, u := range a {
			count[(u>>shift)&2047]++
		}
		if count[(a[0]>>shift)&2047] == n {
			continue // every value has the same digit: the pass would not move anything
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, u := range a {
			d := (u >> shift) & 2047
			b[count[d]] = u
			count[d]++
		}
		a, b = b, a
	}
	for i, u := range a {
		if u>>63 == 1 {
			u &^= 1 << 63
		} else {
			u = ^u
		}
		v[i] = math.Float64frombits(u)
	}
}
