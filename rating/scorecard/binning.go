package scorecard

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/smecredit/smecredit/internal/radix"
)

// BinNumeric bins the numeric variable x against the binary target y
// (1 = event/bad, 0 = non-event/good) and returns its Table. x and y must
// have the same length; x is not modified. Values equal to one of
// opts.Specials go to the special bin, NaN to the missing bin when
// opts.NaNMissing; all other values must be finite.
//
// Methods (opts.Method):
//
//   - Cuts: opts.Cuts as given.
//   - EqualWidth: cuts min + j·(max−min)/Bins, j = 1…Bins−1, over the
//     regular values.
//   - Quantile: cuts at the sorted regular values of rank ⌊j·n/Bins⌋
//     (LeftClosed; ⌈j·n/Bins⌉−1 for RightClosed), duplicates dropped, so
//     ties never straddle a cut.
//   - Unique: a cut at every distinct regular value (one bin per value).
//   - ChiMerge: pre-bins merged bottom-up, always the adjacent
//     pair with the smallest chi-square statistic (2×2, no continuity
//     correction), until every pair differs at level ChiAlpha and at most
//     MaxBins remain (Kerber 1992).
//   - Optimal: the partition of pre-bins into at most MaxBins
//     contiguous bins that maximises IV subject to MinBinShare, MinEvents,
//     MinNonEvents and the event-rate shape of Trend (strictly monotonic,
//     peak or valley; see [Trend]), found exactly by dynamic programming
//     over (bins used, last bin, phase) in O(MaxBins·P³) for P pre-bins
//     (twice that for a peak or valley). TrendAuto and TrendAutoAscDesc
//     solve both directions and keep the larger IV (ascending on ties);
//     among equal IVs the fewest bins win. When no partition into two or more bins is feasible
//     (MinEvents above the events of any split, or a variable that
//     separates the classes perfectly under the default minimum of one
//     event and one non-event per bin), the error wraps ErrConstraint.
//
// Pre-bins (ChiMerge, Optimal): a variable with at most PreBins distinct
// regular values gets one pre-bin per value, so a rare value (a 0/1 flag
// whose ones are 3 % of the rows) is never lost; otherwise quantile cuts,
// and while ties leave fewer than PreBins pre-bins, the largest pre-bin
// holding two or more distinct values is split at the value boundary
// nearest its middle row.
//
// A variable with only special and missing values gets a table of one
// empty regular bin (−∞, +∞), the special bin and the missing bin.
//
// The result is deterministic. Cost: Quantile without weights selects its
// cuts from 4096 regular values on by a multi-rank quickselect, O(n·log
// Bins) expected and O(n log n) at worst; the other methods radix-sort the
// regular values, O(n). Counting rows per bin is O(n log k) for k bins, a
// search without data-dependent branches up to 128 bins; after a quantile
// selection the rows are counted from the partitioned copy in O(n) and
// only the events are searched.
//
// Errors: *SpecError (ErrOptions, ErrLimit) for bad options; *InputError
// wrapping ErrInvalidInput (lengths, labels, NaN/Inf with its row, as
// Field "name[i]"), ErrSingleClass, ErrSingleValue (one distinct regular
// value, for every method but Cuts), ErrConstraint (Optimal, see above) or
// ErrZeroCount under ZeroError.
//
// References:
//   - Navas-Palencia, G. (2020). Optimal binning: mathematical programming
//     formulation. arXiv:2001.08025 (constraints; solved here by dynamic
//     programming rather than MIP).
//   - Kerber, R. (1992). ChiMerge: discretization of numeric attributes.
//     Proc. AAAI-92, 123–128.
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley, ch. 8
//     (coarse classing, monotonic WoE).
func BinNumeric(name string, x, y []float64, opts BinOptions) (*Table, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	w := o.Weights
	nEv, err := checkLabelsW(y, w, len(x))
	if err != nil {
		return nil, err
	}
	// Split rows into regular, special and missing. vals starts as a copy
	// of x (append does not clear memory it is about to overwrite) and is
	// compacted in place. The minimum and maximum are taken over the keys
	// of internal/radix, whose order is that of the builtin min and max on
	// non-NaN floats (−0 below +0), without a branch.
	var spec, miss BinCounts
	kmin, kmax := uint64(math.MaxUint64), uint64(0)
	vals := append([]float64(nil), x...)
	nv := 0
	var wts []float64 // weights of vals, when weighted
	// evs collects the regular values of the events, without a branch
	// (written at ne, which advances by the label), for the selection path
	// (countSelected).
	var evs []float64
	ne := 0
	if o.Method == Quantile && w == nil && len(x) >= minSelect {
		evs = append([]float64(nil), x[:int(nEv)+1]...) // nEv < len(x); contents overwritten
	}
	for i, v := range x {
		switch {
		case v-v != 0 && v != v: // v − v is NaN for NaN and ±Inf, +0 otherwise
			if !o.NaNMissing {
				return nil, inputErr(idx(name, i), "NaN", "NaN is not a value (set NaNMissing to treat it as missing)", ErrInvalidInput)
			}
			addCount(&miss, y[i], weight(w, i))
			continue
		case v-v != 0: // ±Inf
			return nil, inputErr(idx(name, i), ftoa(v), "must be finite", ErrInvalidInput)
		case isSpecial(v, o.Specials):
			addCount(&spec, y[i], weight(w, i))
			continue
		}
		if w != nil {
			if w[i] == 0 {
				continue
			}
			wts = append(wts, w[i])
		}
		vals[nv] = v
		nv++
		if evs != nil {
			evs[ne] = v
			ne += int(y[i]) // 0 or 1
		}
		k := floatKey(v)
		kmin, kmax = min(kmin, k), max(kmax, k)
	}
	vals = vals[:nv]
	lo, hi := radix.FromFloatKey(kmin), radix.FromFloatKey(kmax) // slices.Min(vals), slices.Max(vals)
	s := TableSpec{Name: name, Kind: Numeric, Closure: o.Closure, WoESign: o.WoESign, ZeroPolicy: o.ZeroPolicy, NaNMissing: o.NaNMissing,
		Specials: slices.Clone(o.Specials)}
	if len(vals) == 0 {
		// Only special and missing values: one empty regular bin beside them.
		s.Counts = []BinCounts{{}, spec, miss}
		return NewTable(s)
	}
	var cuts []float64
	if o.Method == Cuts {
		cuts = slices.Clone(o.Cuts)
	} else {
		if lo == hi {
			return nil, inputErr(name, ftoa(lo), "one distinct regular value", ErrSingleValue)
		}
		var runs *weightedRuns
		switch {
		case o.Method == EqualWidth: // needs only the range
		case w != nil:
			runs = newWeightedRuns(vals, wts)
		case o.Method == Quantile && len(vals) >= minSelect: // selects its cuts
		default:
			radix.SortFloats(vals)
		}
		switch o.Method {
		case EqualWidth:
			w := hi/float64(o.Bins) - lo/float64(o.Bins) // no overflow for |x| near MaxFloat64
			for j := 1; j < o.Bins; j++ {
				c := lo + float64(j)*w
				if len(cuts) == 0 || c > cuts[len(cuts)-1] {
					cuts = append(cuts, c)
				}
			}
		case Quantile:
			if runs != nil {
				cuts = runs.quantileCuts(o.Bins, o.Closure)
			} else if len(vals) >= minSelect {
				var ranks []int
				cuts, ranks = selectQuantileCuts(vals, o.Bins, o.Closure, lo, hi)
				if len(cuts) <= maxFastCuts {
					s.Cuts = cuts
					s.Counts = countSelected(vals, ranks, cuts, o.Closure, evs[:ne], spec, miss)
					return NewTable(s)
				}
			} else {
				cuts = quantileCuts(vals, o.Bins, o.Closure)
			}
		case Unique:
			if runs != nil {
				cuts = uniqueCuts(runs.u, o.Closure)
			} else {
				cuts = uniqueCuts(vals, o.Closure)
			}
		case ChiMerge, Optimal:
			if runs != nil {
				cuts = runs.preBinCuts(o.PreBins, o.Closure)
			} else {
				cuts = preBinCuts(vals, o.PreBins, o.Closure)
			}
		}
	}
	s.Cuts = cuts
	counts, err := countNumeric(s, x, y, w, spec, miss)
	if err != nil {
		return nil, err
	}
	switch o.Method {
	case ChiMerge:
		s.Cuts, counts = chiMerge(s.Cuts, counts, o)
	case Optimal:
		s.Cuts, counts, err = optimal(s.Cuts, counts, o, true)
		if err != nil {
			return nil, inputErr(name, "", err.Error(), ErrConstraint)
		}
	}
	s.Counts = counts
	return NewTable(s)
}

// addCount adds a row of label y and weight w to c.
func addCount(c *BinCounts, y, w float64) {
	if y == 1 {
		c.Events += w
	} else {
		c.NonEvents += w
	}
}

func isSpecial(v float64, sp []float64) bool {
	for _, s := range sp {
		if v == s {
			return true
		}
	}
	return false
}

// countNumeric counts rows per regular bin of s (whose Cuts are set) and
// appends the special and missing counts. Values of x other than NaN and
// the specials must be finite (BinNumeric has checked). Rows are added in
// input order, so weighted sums are those of a row-by-row loop; unweighted
// counts are integers, exact below 2^53 rows. Up to maxFastCuts cuts, a
// row's bin is found by a search without data-dependent branches (see
// binSearch); beyond, by Table.binOf.
func countNumeric(s TableSpec, x, y, w []float64, spec, miss BinCounts) ([]BinCounts, error) {
	nReg := len(s.Cuts) + 1
	counts := make([]BinCounts, nReg+2)
	counts[nReg], counts[nReg+1] = spec, miss
	if len(s.Cuts) > maxFastCuts {
		t := Table{Kind: Numeric, Closure: s.Closure, Cuts: s.Cuts, NaNMissing: s.NaNMissing}
		t.special, t.missing = nReg, nReg+1
		for i, v := range x {
			if v != v || isSpecial(v, s.Specials) {
				continue
			}
			b, err := t.binOf(v)
			if err != nil {
				return nil, err
			}
			addCount(&counts[b], y[i], weight(w, i))
		}
		return counts, nil
	}
	bs := newBinSearch(s.Cuts, s.Closure)
	sp := s.Specials
	if w != nil {
		for i, v := range x {
			if v != v || isSpecial(v, sp) {
				continue
			}
			addCount(&counts[bs.bin(v)], y[i], w[i])
		}
		return counts, nil
	}
	type tally struct{ rows, events int }
	var tl [maxFastCuts + 1]tally
	y = y[:len(x)]
	for i, v := range x {
		if v != v || isSpecial(v, sp) {
			continue
		}
		c := &tl[bs.bin(v)&maxFastCuts]
		c.rows++
		c.events += int(y[i]) // y is 0 or 1
	}
	for b := range nReg {
		counts[b] = BinCounts{NonEvents: float64(tl[b].rows - tl[b].events), Events: float64(tl[b].events)}
	}
	return counts, nil
}

// maxFastCuts is the largest number of cuts that binSearch takes; it is
// one less than the padded table, a power of two.
const maxFastCuts = 127

// binSearch finds the regular bin of a finite value among at most
// maxFastCuts cuts: the number of cuts ≤ x (LeftClosed) or < x
// (RightClosed), as Table.binOf does. Values and cuts are compared as
// integer keys in numeric order (orderKey), in a binary search over the
// cuts padded to a power of two with a key above every value, whose steps
// take the comparison from the borrow of a subtraction, without a branch.
type binSearch struct {
	pad   [maxFastCuts + 1]uint64
	half  int    // half the padded length
	right uint64 // 1 when right-closed
}

func newBinSearch(cuts []float64, cl Closure) *binSearch {
	bs := &binSearch{half: 1}
	for len(cuts) >= 2*bs.half {
		bs.half *= 2
	}
	if cl == RightClosed {
		bs.right = 1
	}
	for i := range bs.pad {
		bs.pad[i] = math.MaxUint64
	}
	for i, c := range cuts {
		bs.pad[i] = orderKey(c)
	}
	return bs
}

// orderKey maps a finite x to an integer whose unsigned order is the
// numeric order of x, with −0 and +0 on one key (x + 0 is +0 for both);
// finite keys lie in [2^52, 2^64 − 2^52). It is internal/radix.FloatKey,
// without a branch.
func orderKey(x float64) uint64 {
	return floatKey(x + 0)
}

// floatKey is internal/radix.FloatKey without a branch: an integer whose
// unsigned order is the numeric order of x, −0 just below +0.
func floatKey(x float64) uint64 {
	u := math.Float64bits(x)
	return u ^ (uint64(int64(u)>>63) | 1<<63)
}

// bin returns the number of cuts ≤ x (< x when right-closed); x finite.
// Right-closed, c < x is c ≤ x − one key step (keys are integers and no
// finite x has key 0).
func (bs *binSearch) bin(x float64) int {
	k := orderKey(x) - bs.right
	if bs.half <= 8 {
		// Four steps over the first 16 keys, unrolled.
		p := (*[16]uint64)(bs.pad[:16])
		_, lt := bits.Sub64(k, p[7], 0)
		b := 8 & int(lt-1)
		_, lt = bits.Sub64(k, p[(b+3)&15], 0)
		b += 4 & int(lt-1)
		_, lt = bits.Sub64(k, p[(b+1)&15], 0)
		b += 2 & int(lt-1)
		_, lt = bits.Sub64(k, p[b&15], 0)
		return b + 1&int(lt-1)
	}
	b := 0
	for h := bs.half; h > 0; h >>= 1 {
		_, lt := bits.Sub64(k, bs.pad[(b+h-1)&maxFastCuts], 0) // 1 when k < the cut
		b += h & int(lt-1)
	}
	return b
}

// quantileCuts returns distinct cuts at ranks ⌊j·n/q⌋ of sorted vals.
func quantileCuts(vals []float64, q int, cl Closure) []float64 {
	n := len(vals)
	var cuts []float64
	for j := 1; j < q; j++ {
		var c float64
		if cl == LeftClosed {
			c = vals[j*n/q]
			if c <= vals[0] {
				continue // would leave the first bin empty
			}
		} else {
			c = vals[(j*n+q-1)/q-1]
			if c >= vals[n-1] {
				continue
			}
		}
		if len(cuts) == 0 || c > cuts[len(cuts)-1] {
			cuts = append(cuts, c)
		}
	}
	return cuts
}

// preBinCuts returns the cuts of at most q pre-bins of sorted vals (at
// least two distinct values). With d ≤ q distinct values every value is
// its own pre-bin. Otherwise the cuts are the quantile cuts, and while
// ties leave fewer than q pre-bins, the pre-bin with the most rows that
// holds two or more distinct values is split at the value boundary
// nearest its middle row: so a value with few rows is never merged into
// a heavy neighbour while pre-bins remain. Cost O(n + q·n) worst case.
func preBinCuts(vals []float64, q int, cl Closure) []float64 {
	d := 1
	for i := 1; i < len(vals); i++ {
		if vals[i] != vals[i-1] {
			d++
		}
	}
	if d <= q {
		return uniqueCuts(vals, cl)
	}
	cuts := quantileCuts(vals, q, cl)
	// Row positions of the pre-bin boundaries.
	n := len(vals)
	pos := make([]int, 0, q+1)
	pos = append(pos, 0)
	for _, c := range cuts {
		if cl == LeftClosed {
			pos = append(pos, sort.SearchFloat64s(vals, c)) // first ≥ c
		} else {
			pos = append(pos, sort.Search(n, func(i int) bool { return vals[i] > c }))
		}
	}
	pos = append(pos, n)
	for len(pos)-1 < q {
		best, bestK := -1, -1
		for b := 0; b+1 < len(pos); b++ {
			lo, hi := pos[b], pos[b+1]
			if hi-lo <= best || vals[lo] == vals[hi-1] {
				continue
			}
			// The value boundary k (vals[k] ≠ vals[k−1]) nearest the middle.
			m := (lo + hi) / 2
			k := -1
			for dlt := 0; ; dlt++ {
				if u := m + dlt; u < hi && u > lo && vals[u] != vals[u-1] {
					k = u
					break
				}
				if v := m - dlt; v > lo && v < hi && vals[v] != vals[v-1] {
					k = v
					break
				}
				if m+dlt >= hi && m-dlt <= lo {
					break
				}
			}
			if k > 0 {
				best, bestK = hi-lo, k
			}
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
			cuts = append(cuts, vals[k])
		} else {
			cuts = append(cuts, vals[k-1])
		}
	}
	return cuts
}

// uniqueCuts puts a cut at every distinct value of sorted vals.
func uniqueCuts(vals []float64, cl Closure) []float64 {
	u := slices.Compact(slices.Clone(vals))
	if cl == LeftClosed {
		return u[1:]
	}
	return u[:len(u)-1]
}

// chiMerge merges adjacent regular bins with the smallest chi-square
// statistic while it is below the critical value or more than MaxBins
// remain.
func chiMerge(cuts []float64, counts []BinCounts, o BinOptions) ([]float64, []BinCounts) {
	crit := distuv.ChiSquared{K: 1}.Quantile(1 - o.ChiAlpha)
	reg := slices.Clone(counts[:len(counts)-2])
	cuts = slices.Clone(cuts)
	for len(reg) > 1 {
		best, bi := math.Inf(1), -1
		for i := 0; i+1 < len(reg); i++ {
			if c := chi2(reg[i], reg[i+1]); c < best {
				best, bi = c, i
			}
		}
		if best >= crit && len(reg) <= o.MaxBins {
			break
		}
		reg[bi].Events += reg[bi+1].Events
		reg[bi].NonEvents += reg[bi+1].NonEvents
		reg = slices.Delete(reg, bi+1, bi+2)
		cuts = slices.Delete(cuts, bi, bi+1)
	}
	return cuts, append(reg, counts[len(counts)-2:]...)
}

// chi2 is Pearson's statistic of the 2×2 table of two adjacent bins;
// cells with zero expected count contribute 0 (Kerber 1992).
func chi2(a, b BinCounts) float64 {
	na, nb := a.Events+a.NonEvents, b.Events+b.NonEvents
	ev, ne := a.Events+b.Events, a.NonEvents+b.NonEvents
	n := na + nb
	if n == 0 {
		return 0
	}
	var s float64
	for _, c := range [4][2]float64{{a.Events, na * ev / n}, {a.NonEvents, na * ne / n}, {b.Events, nb * ev / n}, {b.NonEvents, nb * ne / n}} {
		if c[1] > 0 {
			d := c[0] - c[1]
			s += d * d / c[1]
		}
	}
	return s
}

// optimal merges the regular pre-bins of counts into the IV-maximising
// feasible partition. With numeric true the trend option applies and cuts
// are merged alongside; otherwise (categorical, pre-sorted by event rate)
// the trend is ascending and cuts is nil.
func optimal(cuts []float64, counts []BinCounts, o BinOptions, numeric bool) ([]float64, []BinCounts, error) {
	reg := counts[:len(counts)-2]
	P := len(reg)
	var G, B, N float64
	for _, c := range counts {
		G += c.NonEvents
		B += c.Events
	}
	N = G + B
	pg := make([]float64, P+1) // prefix sums
	pb := make([]float64, P+1)
	for i, c := range reg {
		pg[i+1] = pg[i] + c.NonEvents
		pb[i+1] = pb[i] + c.Events
	}
	trends := []Trend{o.Trend}
	if !numeric {
		trends = []Trend{TrendAscending}
	} else if o.Trend == TrendAuto || o.Trend == TrendAutoAscDesc {
		trends = []Trend{TrendAscending, TrendDescending}
	}
	bestIV := math.Inf(-1)
	var bestEnds []int
	for _, tr := range trends {
		iv, ends := dpPartition(P, pg, pb, G, B, N, o, tr)
		if ends != nil && iv > bestIV+1e-12 {
			bestIV, bestEnds = iv, ends
		}
	}
	if bestEnds == nil {
		if P >= 2 {
			return nil, nil, fmt.Errorf("no partition of %d pre-bins into two or more bins has at least %g events, %g non-events and a share of %g in each bin with a %v event rate",
				P, o.MinEvents, o.MinNonEvents, o.MinBinShare, o.Trend)
		}
		bestEnds = []int{P} // one pre-bin: nothing to split
	}
	out := make([]BinCounts, 0, len(bestEnds)+2)
	var newCuts []float64
	start := 0
	for k, e := range bestEnds {
		out = append(out, BinCounts{NonEvents: pg[e] - pg[start], Events: pb[e] - pb[start]})
		if numeric && k < len(bestEnds)-1 {
			newCuts = append(newCuts, cuts[e-1])
		}
		start = e
	}
	return newCuts, append(out, counts[len(counts)-2:]...), nil
}

// dpPartition finds the IV-maximising partition of P pre-bins into at most
// o.MaxBins (≥ 2) feasible bins whose event rates follow tr (ascending,
// descending, none, peak or valley); it returns the end index of each bin,
// or nil.
//
// f[k][ph][j][i]: best IV covering pre-bins [0, j) with k+1 bins, the last
// being [i, j), in phase ph (0 before the change point of a peak or valley,
// 1 after it; monotonic trends use phase 0 only).
func dpPartition(P int, pg, pb []float64, G, B, N float64, o BinOptions, tr Trend) (float64, []int) {
	K := min(o.MaxBins, P)
	if K < 2 {
		return 0, nil
	}
	sz := (P + 1) * (P + 1)
	idx := func(j, i int) int { return j*(P+1) + i }
	feasible := make([]bool, sz)
	iv := make([]float64, sz)
	rate := make([]float64, sz)
	for i := 0; i < P; i++ {
		for j := i + 1; j <= P; j++ {
			g, b := pg[j]-pg[i], pb[j]-pb[i]
			ok := g >= o.MinNonEvents && b >= o.MinEvents && (g+b)/N >= o.MinBinShare
			feasible[idx(j, i)] = ok
			if ok {
				sg, sb := g/G, b/B
				iv[idx(j, i)] = (sg - sb) * math.Log(sg/sb)
				rate[idx(j, i)] = b / (g + b)
			}
		}
	}
	phases := 1
	if tr == TrendPeak || tr == TrendValley {
		phases = 2
	}
	// next returns the phase after a bin of rate r follows one of rate pr
	// in phase ph, or −1 when the trend forbids it.
	next := func(ph int, r, pr float64) int {
		switch tr {
		case TrendAscending:
			if r > pr {
				return 0
			}
		case TrendDescending:
			if r < pr {
				return 0
			}
		case TrendPeak, TrendValley:
			up := r > pr
			if tr == TrendValley {
				up = r < pr
			}
			switch {
			case up && ph == 0:
				return 0
			case r != pr && !up:
				return 1
			}
		default:
			return 0
		}
		return -1
	}
	negInf := math.Inf(-1)
	f := make([][]float64, K)
	from := make([][]int32, K) // h·2 + previous phase
	for k := range K {
		f[k] = make([]float64, phases*sz)
		from[k] = make([]int32, phases*sz)
		for i := range f[k] {
			f[k][i] = negInf
		}
	}
	for j := 1; j <= P; j++ {
		if feasible[idx(j, 0)] {
			f[0][idx(j, 0)] = iv[idx(j, 0)]
		}
	}
	for k := 1; k < K; k++ {
		for j := 2; j <= P; j++ {
			for i := 1; i < j; i++ {
				if !feasible[idx(j, i)] {
					continue
				}
				r := rate[idx(j, i)]
				for h := 0; h < i; h++ {
					pr := rate[idx(i, h)]
					for ph := range phases {
						prev := f[k-1][ph*sz+idx(i, h)]
						if prev == negInf {
							continue
						}
						nph := next(ph, r, pr)
						if nph < 0 {
							continue
						}
						if v := prev + iv[idx(j, i)]; v > f[k][nph*sz+idx(j, i)] {
							f[k][nph*sz+idx(j, i)] = v
							from[k][nph*sz+idx(j, i)] = int32(2*h + ph)
						}
					}
				}
			}
		}
	}
	bestIV, bk, bi, bph := negInf, -1, -1, 0
	for k := 1; k < K; k++ { // at least two bins
		for i := 1; i < P; i++ {
			for ph := range phases {
				if v := f[k][ph*sz+idx(P, i)]; v > bestIV+1e-12 {
					bestIV, bk, bi, bph = v, k, i, ph
				}
			}
		}
	}
	if bk < 0 {
		return 0, nil
	}
	ends := make([]int, bk+1)
	j, i, ph := P, bi, bph
	for k := bk; k >= 0; k-- {
		ends[k] = j
		if k > 0 {
			fr := int(from[k][ph*sz+idx(j, i)])
			j, i, ph = i, fr/2, fr%2
		}
	}
	return bestIV, ends
}

// String gives a short description of the options for reports.
func (o BinOptions) String() string {
	return fmt.Sprintf("%v(maxBins=%d, trend=%v)", o.Method, o.MaxBins, o.Trend)
}
