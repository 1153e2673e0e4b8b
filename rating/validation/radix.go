package validation

import "slices"

// radixSort sorts keys ascending in place: a most-significant-digit radix
// sort on bytes (American flag sort) that permutes within the slice, so it
// needs no second buffer, and hands small buckets to slices.Sort. Cost
// O(n·w) for w key bytes actually distinguishing the keys, against
// O(n log n) comparisons (BenchmarkSortKeys compares the two).
//
// References:
//   - McIlroy, P. M., Bostic, K. and McIlroy, M. D. (1993), Engineering
//     radix sort, Computing Systems 6(1), 5–27 (American flag sort).
func radixSort(keys []uint64) { radixLevel(keys, 56) }

// sortKeys sorts keys ascending in place, by radix sort for large inputs
// and pdqsort below 4,096 keys, where the 256-bucket passes do not pay.
func sortKeys(keys []uint64) {
	if len(keys) < 4096 {
		slices.Sort(keys)
		return
	}
	radixSort(keys)
}

const radixCutoff = 256 // below this, a comparison sort is faster

func radixLevel(keys []uint64, shift uint) {
	if len(keys) < radixCutoff {
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
			radixLevel(keys, shift-8)
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
			radixLevel(keys[start[b]:start[b]+count[b]], shift-8)
		}
	}
}
