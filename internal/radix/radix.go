// Package radix sorts the large numeric columns of a portfolio (scores, ratios, sort keys) by
// radix sort, which beats a comparison sort from a few thousand values on. It is the one
// implementation behind rating/scorecard's binning and rating/validation's discrimination
// statistics.
package radix

import (
	"math"
	"slices"
)

// minRadix is the length below which the 256-bucket passes do not pay and slices.Sort is used.
const minRadix = 4096

// Sort sorts keys ascending in place: a most-significant-digit radix sort on bytes (American
// flag sort) that permutes within the slice, so it needs no second buffer, and hands buckets of
// fewer than 256 keys to slices.Sort. Cost O(n·w) for the w key bytes that distinguish the keys.
//
// References:
//   - McIlroy, P. M., Bostic, K. and McIlroy, M. D. (1993), Engineering radix sort, Computing
//     Systems 6(1), 5–27 (American flag sort).
func Sort(keys []uint64) {
	if len(keys) < minRadix {
		slices.Sort(keys)
		return
	}
	level(keys, 56)
}

// SortFloats sorts v ascending in place. v must hold no NaN. −0 and +0 compare equal and may
// come in either order. Large inputs are sorted through the order-preserving bit pattern of
// float64 (one []uint64 of len(v) is allocated); small ones with slices.Sort.
func SortFloats(v []float64) {
	if len(v) < minRadix {
		slices.Sort(v)
		return
	}
	keys := make([]uint64, len(v))
	for i, x := range v {
		keys[i] = FloatKey(x)
	}
	level(keys, 56)
	for i, k := range keys {
		v[i] = FromFloatKey(k)
	}
}

// FloatKey maps a float64 to a uint64 whose unsigned order is the numeric order of the
// floats (−Inf lowest, +Inf highest; −0 just below +0).
func FloatKey(x float64) uint64 {
	u := math.Float64bits(x)
	if u>>63 == 1 {
		return ^u
	}
	return u | 1<<63
}

// FromFloatKey inverts [FloatKey].
func FromFloatKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

const cutoff = 256 // below this, a comparison sort is faster

func level(keys []uint64, shift uint) {
	if len(keys) < cutoff {
		slices.Sort(keys)
		return
	}
	var count [256]int
	for _, k := range keys {
		count[byte(k>>shift)]++
	}
	// A byte shared by all keys: go straight to the next one.
	if count[byte(keys[0]>>shift)] == len(keys) {
		if shift > 0 {
			level(keys, shift-8)
		}
		return
	}
	var start, next [256]int
	s := 0
	for b := range 256 {
		start[b] = s
		next[b] = s
		s += count[b]
	}
	for b := range 256 {
		end := start[b] + count[b]
		for i := next[b]; i < end; i = next[b] {
			k := keys[i]
			d := byte(k >> shift)
			for int(d) != b { // cycle the key to its bucket
				j := next[d]
				next[d]++
				keys[j], k = k, keys[j]
				d = byte(k >> shift)
			}
			keys[i] = k
			next[b]++
		}
	}
	if shift == 0 {
		return
	}
	for b := range 256 {
		if count[b] > 1 {
			level(keys[start[b]:start[b]+count[b]], shift-8)
		}
	}
}
