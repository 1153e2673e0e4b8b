package scorecard

import (
	"errors"
	"strings"
	"testing"
)

func rc1Table(t *testing.T) *Table {
	t.Helper()
	tab, err := NewTable(TableSpec{
		Name: "mean radius",
		Cuts: []float64{11.42500019, 12.32999992, 13.09499979, 13.70499992, 15.04500008, 16.92500019},
		Counts: counts(
			[]float64{3, 3, 7, 10, 28, 44, 117},
			[]float64{115, 76, 61, 39, 55, 10, 1}, true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestTableString prints the RC1 table (optbinning tutorial_binary.ipynb,
// "mean radius") in optbinning's layout; the published values appear in
// the lines: first bin WoE −3.125170, IV 0.962483, JS 0.087205, and the
// Totals line 569 rows, 212 non-events, 357 events, event rate 0.627417,
// IV 5.043925, JS 0.393784.
func TestTableString(t *testing.T) {
	s := rc1Table(t).String()
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) != 1+9+1 {
		t.Fatalf("%d lines:\n%s", len(lines), s)
	}
	for _, want := range [][]string{
		{"Bin", "Count", "Count (%)", "Non-event", "Event", "Event rate", "WoE", "IV", "JS"},
		{"0", "(-inf, 11.42500019)", "118", "0.207381", "3", "115", "0.974576", "-3.125170", "0.962483", "0.087205"},
		{"7", "Special", "0", "0.000000"},
		{"8", "Missing", "0"},
		{"Totals", "569", "1.000000", "212", "357", "0.627417", "5.043925", "0.393784"},
	} {
		found := false
		for _, l := range lines {
			ok := true
			for _, f := range want {
				if !strings.Contains(l, f) {
					ok = false
					break
				}
			}
			if ok && strings.HasPrefix(strings.TrimSpace(l), want[0]) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line with %q in\n%s", want, s)
		}
	}
	if (*Table)(nil).String() != "" {
		t.Error("nil table")
	}
}

// TestMerge merges bins 0 and 1 of RC1: the merged bin holds 3 + 3
// non-events and 115 + 76 events, one cut fewer, and every statistic is
// that of the table built from the merged counts.
func TestMerge(t *testing.T) {
	tab := rc1Table(t)
	m, err := tab.Merge(0)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := NewTable(TableSpec{
		Name: "mean radius",
		Cuts: []float64{12.32999992, 13.09499979, 13.70499992, 15.04500008, 16.92500019},
		Counts: counts(
			[]float64{6, 7, 10, 28, 44, 117},
			[]float64{191, 61, 39, 55, 10, 1}, true),
	})
	sameTable(t, "merged", m, want)
	if m.Bins[0].BinCounts != (BinCounts{NonEvents: 6, Events: 191}) || !(m.IV < tab.IV) {
		t.Errorf("merged bin %+v, IV %v (was %v)", m.Bins[0].BinCounts, m.IV, tab.IV)
	}
	if tab.Regular() != 7 {
		t.Error("Merge modified its receiver")
	}
	for _, i := range []int{-1, 6, 7} {
		if _, err := tab.Merge(i); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Merge(%d): %v", i, err)
		}
	}
	// Categorical: groups joined, rare bin kept.
	c, err := NewTable(TableSpec{Name: "c", Kind: Categorical, Groups: [][]string{{"b"}, {"a"}, {"z", "y"}}, RareBin: 3,
		Counts: []BinCounts{{10, 1}, {10, 3}, {5, 5}, {}, {2, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := c.Merge(1)
	if err != nil {
		t.Fatal(err)
	}
	if got := cm.Label(1); got != "{a, y, z} + rare/unseen" || cm.Bins[1].BinCounts != (BinCounts{15, 8}) {
		t.Errorf("categorical merge: %q %+v", got, cm.Bins[1].BinCounts)
	}
	if b, _ := cm.BinOfCategory("unseen"); b != 1 {
		t.Errorf("unseen category → bin %d, want the rare bin 1", b)
	}
}

// TestRecut sets cut points by hand on the German credit duration: the
// table equals BinNumeric with Method Cuts and the same settings.
func TestRecut(t *testing.T) {
	names, data, y := germanColumns(t)
	j := 1 // duration_in_month
	if names[j] != "duration_in_month" {
		t.Fatalf("column %d is %s", j, names[j])
	}
	tab, err := BinNumeric(names[j], data[j].Num, y, BinOptions{WoESign: BadOverGood, Closure: RightClosed})
	if err != nil {
		t.Fatal(err)
	}
	cuts := []float64{8, 16, 34, 44}
	got, err := tab.Recut(cuts, data[j].Num, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := BinNumeric(names[j], data[j].Num, y, BinOptions{Method: Cuts, Cuts: cuts, WoESign: BadOverGood, Closure: RightClosed})
	sameTable(t, "recut", got, want)
	if got.WoESign != BadOverGood || got.Closure != RightClosed || got.Regular() != 5 {
		t.Errorf("recut settings %v %v %d", got.WoESign, got.Closure, got.Regular())
	}
	if _, err := tab.Recut([]float64{3, 2}, data[j].Num, y, nil); !errors.Is(err, ErrOptions) {
		t.Errorf("bad cuts: %v", err)
	}
}
