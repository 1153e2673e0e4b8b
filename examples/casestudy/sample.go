package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// sizeClasses is the number of size classes (deciles of total assets) used for matching.
const sizeClasses = 10

// pair is one failed firm and the non-failed firm drawn to match its size.
type pair struct {
	failed, good *firm
	size         int // size class of both, 1 (smallest decile) … sizeClasses
}

// drawSample draws a matched sample of n pairs from firms with a PCG generator seeded with
// (seed, 0):
//
//  1. The firms with total assets (Attr29) present are cut into sizeClasses size classes at the
//     deciles of log10 total assets. A row identical in every field to an earlier row is the
//     same firm listed twice (the year-5 file has 60 such rows) and is left out.
//  2. The bankrupt firms are shuffled (rand.Shuffle) and the first n taken, in that order.
//  3. For each of them in turn, one non-bankrupt firm of the same size class not drawn yet is
//     picked uniformly at random (rand.IntN over the candidates in file order).
//
// This is the matched-pair design of Altman (1968), matched on size only: the data has no
// industry code. The same seed always gives the same sample.
//
// References:
//   - Altman, E. I. (1968). Financial ratios, discriminant analysis and the prediction of
//     corporate bankruptcy. Journal of Finance 23(4), 589–609, section II (paired sample
//     stratified by industry and asset size).
func drawSample(firms []firm, n int, seed uint64) ([]pair, error) {
	if n < 1 {
		return nil, fmt.Errorf("group size -n must be at least 1, got %d", n)
	}
	var logTA []float64
	var bad, good []*firm
	type content struct {
		ratios   [numRatios]float64
		present  uint64
		bankrupt bool
	}
	seen := make(map[content]bool, len(firms))
	for i := range firms {
		v, ok := firms[i].ratio(29)
		key := content{firms[i].ratios, firms[i].present, firms[i].bankrupt}
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		logTA = append(logTA, v)
		if firms[i].bankrupt {
			bad = append(bad, &firms[i])
		} else {
			good = append(good, &firms[i])
		}
	}
	if n > len(bad) {
		return nil, fmt.Errorf("group size -n %d exceeds the %d bankrupt firms with total assets", n, len(bad))
	}
	slices.Sort(logTA)
	cuts := make([]float64, sizeClasses-1)
	for k := range cuts {
		cuts[k] = stat.Quantile(float64(k+1)/sizeClasses, stat.Empirical, logTA, nil)
	}
	class := func(f *firm) int {
		v, _ := f.ratio(29)
		c, _ := slices.BinarySearch(cuts, math.Nextafter(v, math.Inf(1)))
		return c + 1 // values equal to a cut belong to the lower class
	}

	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(bad), func(i, j int) { bad[i], bad[j] = bad[j], bad[i] })
	used := make(map[*firm]bool, n)
	pairs := make([]pair, 0, n)
	var cand []*firm
	goodClass := make([]int, len(good))
	for i, g := range good {
		goodClass[i] = class(g)
	}
	for _, b := range bad[:n] {
		c := class(b)
		cand = cand[:0]
		for i, g := range good {
			if goodClass[i] == c && !used[g] {
				cand = append(cand, g)
			}
		}
		if len(cand) == 0 {
			return nil, fmt.Errorf("no non-bankrupt firm left in size class %d to match the firm on line %d", c, b.row)
		}
		g := cand[rng.IntN(len(cand))]
		used[g] = true
		pairs = append(pairs, pair{failed: b, good: g, size: c})
	}
	return pairs, nil
}
