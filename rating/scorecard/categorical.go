package scorecard

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// BinCategorical bins the categorical variable x against the binary target
// y (1 = event, 0 = non-event); "" is the missing value. x and y must have
// the same length and are not modified.
//
// Categories whose share of all rows is below opts.RareShare are first
// pooled into one rare bin, which also receives unseen categories at
// transform time. The remaining categories are ordered by event rate
// (ties by name, so the result is deterministic); then
//
//   - Method Unique gives every category its own bin;
//   - Method Optimal groups neighbours in that order into at most MaxBins
//     bins maximising IV under MinBinShare, MinEvents and MinNonEvents (the
//     event rate is then ascending by construction), by the same dynamic
//     program as BinNumeric, O(MaxBins·c³) for c categories; beyond
//     MaxPreBins categories, neighbours in event-rate order are first
//     pooled into MaxPreBins groups of about equal row count;
//
// other methods are an ErrOptions error. The rare bin, if any, is the last
// regular bin. Categories inside a bin are sorted by name.
//
// When every value is "" the table has no regular bin, only the special
// (empty) and missing bins.
//
// Errors: as BinNumeric; ErrLimit for more than MaxCategories distinct
// categories.
//
// References:
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley, ch. 8
//     (grouping attributes by bad rate).
//   - Navas-Palencia, G. (2020). Optimal binning: mathematical programming
//     formulation. arXiv:2001.08025, §3.4 (categorical variables ordered by
//     event rate).
func BinCategorical(name string, x []string, y []float64, opts BinOptions) (*Table, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	if o.Method != Unique && o.Method != Optimal {
		return nil, optErr("method", "categorical variables support unique and optimal")
	}
	w := o.Weights
	if _, err := checkLabelsW(y, w, len(x)); err != nil {
		return nil, err
	}
	var miss BinCounts
	byCat := map[string]*BinCounts{}
	for i, c := range x {
		if c == "" {
			addCount(&miss, y[i], weight(w, i))
			continue
		}
		if weight(w, i) == 0 {
			continue
		}
		bc := byCat[c]
		if bc == nil {
			bc = &BinCounts{}
			byCat[c] = bc
		}
		addCount(bc, y[i], weight(w, i))
	}
	if len(byCat) == 0 {
		// Only missing values: a table of the special and missing bins.
		return NewTable(TableSpec{Name: name, Kind: Categorical, WoESign: o.WoESign, ZeroPolicy: o.ZeroPolicy,
			Counts: []BinCounts{{}, miss}})
	}
	if len(byCat) > MaxCategories {
		return nil, inputErr(name, strconv.Itoa(len(byCat)), fmt.Sprintf("more than MaxCategories (%d) distinct categories", MaxCategories), ErrLimit)
	}
	n := float64(len(x))
	if w != nil {
		n = 0
		for _, wi := range w {
			n += wi
		}
	}
	var cats []cat
	var rare BinCounts
	var rareNames []string
	for k, v := range byCat {
		if (v.Events+v.NonEvents)/n < o.RareShare {
			rare.Events += v.Events
			rare.NonEvents += v.NonEvents
			rareNames = append(rareNames, k)
			continue
		}
		cats = append(cats, cat{k, *v})
	}
	slices.Sort(rareNames)
	slices.SortFunc(cats, func(a, b cat) int {
		ra := a.c.Events / (a.c.Events + a.c.NonEvents)
		rb := b.c.Events / (b.c.Events + b.c.NonEvents)
		if r := cmp.Compare(ra, rb); r != 0 {
			return r
		}
		return cmp.Compare(a.name, b.name)
	})
	var groups [][]string
	var counts []BinCounts
	if len(cats) > 0 && o.Method == Optimal {
		pre := preGroup(cats2counts(cats), MaxPreBins)
		// The rare and missing rows count in the totals but not in the
		// partition: pass them as the two trailing non-regular bins.
		tail := BinCounts{Events: rare.Events + miss.Events, NonEvents: rare.NonEvents + miss.NonEvents}
		pre = append(pre, tail, BinCounts{})
		_, merged, err := optimal(nil, pre, o, false)
		if err != nil {
			return nil, inputErr(name, "", err.Error(), ErrConstraint)
		}
		reg := merged[:len(merged)-2]
		k := 0
		for _, m := range reg {
			var g []string
			var got BinCounts
			for got.Events < m.Events || got.NonEvents < m.NonEvents {
				g = append(g, cats[k].name)
				got.Events += cats[k].c.Events
				got.NonEvents += cats[k].c.NonEvents
				k++
			}
			slices.Sort(g)
			groups = append(groups, g)
			counts = append(counts, m)
		}
	} else {
		for _, c := range cats {
			groups = append(groups, []string{c.name})
			counts = append(counts, c.c)
		}
	}
	s := TableSpec{Name: name, Kind: Categorical, WoESign: o.WoESign, ZeroPolicy: o.ZeroPolicy}
	if len(rareNames) > 0 {
		groups = append(groups, rareNames)
		counts = append(counts, rare)
		s.RareBin = len(groups)
	}
	s.Groups = groups
	s.Counts = append(counts, BinCounts{}, miss)
	return NewTable(s)
}

func cats2counts(cats []cat) []BinCounts {
	out := make([]BinCounts, len(cats))
	for i, c := range cats {
		out[i] = c.c
	}
	return out
}

// preGroup pools consecutive counts into at most k groups of about equal
// total count (cutting where the cumulative count crosses j/k of the
// total); with len(c) ≤ k it returns a copy.
func preGroup(c []BinCounts, k int) []BinCounts {
	if len(c) <= k {
		return append([]BinCounts(nil), c...)
	}
	var total float64
	for _, b := range c {
		total += b.Events + b.NonEvents
	}
	out := make([]BinCounts, 0, k)
	var cur BinCounts
	var cum float64
	next := 1
	for i, b := range c {
		cur.Events += b.Events
		cur.NonEvents += b.NonEvents
		cum += b.Events + b.NonEvents
		if i == len(c)-1 || (cum >= float64(next)*total/float64(k) && len(out) < k-1) {
			out = append(out, cur)
			cur = BinCounts{}
			for next < k && cum >= float64(next)*total/float64(k) {
				next++
			}
		}
	}
	return out
}

// cat is one category with its counts.
type cat struct {
	name string
	c    BinCounts
}
