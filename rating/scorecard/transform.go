package scorecard

import (
	"fmt"
	"math"
	"strconv"
)

// Value is one variable's value in a record: Num for a numeric variable,
// Cat for a categorical one (the other field is ignored). A missing
// numeric value is NaN (accepted only when the table's NaNMissing is
// true); a missing categorical value is "". The zero value is the number 0
// for a numeric variable and the missing value for a categorical one.
type Value struct {
	Num float64
	Cat string
}

// BinOf returns the index in t.Bins of the bin that holds the numeric
// value x: the special bin when x equals one of t.Specials, the missing
// bin for NaN when t.NaNMissing, otherwise the regular interval under
// t.Closure.
//
// Errors: *InputError wrapping ErrInvalidInput for ±Inf, for NaN without
// NaNMissing, and for a categorical table. Cost O(log k + s) for k cut
// points and s special codes.
func (t *Table) BinOf(x float64) (int, error) {
	if !t.valid() {
		return 0, errZeroTable()
	}
	if t.Kind != Numeric {
		return 0, inputErr(t.Name, "", "categorical table needs a category", ErrInvalidInput)
	}
	return t.binOf(x)
}

func (t *Table) binOf(x float64) (int, error) {
	if x != x {
		if t.NaNMissing {
			return t.missing, nil
		}
		return 0, inputErr(t.Name, "NaN", "NaN is not a value (set NaNMissing to treat it as missing)", ErrInvalidInput)
	}
	if math.IsInf(x, 0) {
		return 0, inputErr(t.Name, ftoa(x), "must be finite", ErrInvalidInput)
	}
	for _, s := range t.Specials {
		if x == s {
			return t.special, nil
		}
	}
	// Binary search: LeftClosed counts cuts ≤ x, RightClosed cuts < x.
	lo, hi := 0, len(t.Cuts)
	if t.Closure == LeftClosed {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.Cuts[m] <= x {
				lo = m + 1
			} else {
				hi = m
			}
		}
	} else {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.Cuts[m] < x {
				lo = m + 1
			} else {
				hi = m
			}
		}
	}
	return lo, nil
}

// BinOfCategory returns the index in t.Bins of the bin that holds category
// c: its group, the missing bin for "", and for a category not seen when
// fitting, the rare-category bin (or the missing bin when the table has
// none). Errors: *InputError wrapping ErrInvalidInput for a numeric table.
func (t *Table) BinOfCategory(c string) (int, error) {
	if !t.valid() {
		return 0, errZeroTable()
	}
	if t.Kind != Categorical {
		return 0, inputErr(t.Name, strconv.Quote(cut(c)), "numeric table needs a number", ErrInvalidInput)
	}
	return t.binOfCategory(c), nil
}

func (t *Table) binOfCategory(c string) int {
	if c == "" {
		return t.missing
	}
	if i, ok := t.cat[c]; ok {
		return i
	}
	return t.unseen
}

// binOfValue dispatches on the table kind.
func (t *Table) binOfValue(v Value) (int, error) {
	if t.Kind == Categorical {
		return t.binOfCategory(v.Cat), nil
	}
	return t.binOf(v.Num)
}

// Transform writes the WoE of each numeric value of x into dst (grown or
// allocated to len(x)) and returns it. Special, missing (NaN with
// NaNMissing) and every other value get the WoE of the fitted bin that
// holds them; an empty special or missing bin has WoE 0 (neutral).
// Errors: the first bad value as *InputError with Field "name[i]". x is not
// modified. Cost O(n log k).
func (t *Table) Transform(dst, x []float64) ([]float64, error) {
	if !t.valid() {
		return dst, errZeroTable()
	}
	if t.Kind != Numeric {
		return dst, inputErr(t.Name, "", "categorical table: use TransformCategories", ErrInvalidInput)
	}
	dst = grow(dst, len(x))
	for i, v := range x {
		b, err := t.binOf(v)
		if err != nil {
			err.(*InputError).Field = idx(t.Name, i)
			return dst, err
		}
		dst[i] = t.Bins[b].WoE
	}
	return dst, nil
}

// TransformCategories writes the WoE of each category of x into dst
// (grown or allocated to len(x)) and returns it. "" takes the missing
// bin's WoE and unseen categories the rare bin's (or the missing bin's
// when there is no rare bin). Errors: *InputError for a numeric table.
func (t *Table) TransformCategories(dst []float64, x []string) ([]float64, error) {
	if !t.valid() {
		return dst, errZeroTable()
	}
	if t.Kind != Categorical {
		return dst, inputErr(t.Name, "", "numeric table: use Transform", ErrInvalidInput)
	}
	dst = grow(dst, len(x))
	for i, c := range x {
		dst[i] = t.Bins[t.binOfCategory(c)].WoE
	}
	return dst, nil
}

func grow(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}

// TransformColumn is Transform or TransformCategories, chosen by the
// table's kind; c must be of the same kind (Cat non-nil for a categorical
// table), otherwise the error is an *InputError wrapping ErrInvalidInput.
func (t *Table) TransformColumn(dst []float64, c Column) ([]float64, error) {
	if !t.valid() {
		return dst, errZeroTable()
	}
	if (t.Kind == Categorical) != (c.Cat != nil) {
		return dst, inputErr(t.Name, "", fmt.Sprintf("column kind does not match the %v table (set Num for numeric, Cat for categorical)", t.Kind), ErrInvalidInput)
	}
	if t.Kind == Categorical {
		return t.TransformCategories(dst, c.Cat)
	}
	return t.Transform(dst, c.Num)
}

// errZeroTable is returned by the methods of a nil or zero Table.
func errZeroTable() error {
	return inputErr("table", "", "nil or zero Table (build one with NewTable or a binning function)", ErrInvalidInput)
}
