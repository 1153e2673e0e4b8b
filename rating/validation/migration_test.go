package validation

import (
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var smallSpec = MigrationSpec{States: []string{"A", "B", "D", "NR"}, Default: "D", Withdrawn: "NR"}

// smallEvents is a hand-made history over 2000:
//
//	a: A from 2000-01-01, B from 2000-06-01        A→B
//	b: A from 1999-12-31                           A→A
//	c: B from 2000-01-01, D 2000-03-01, B 2000-09-01 (cure ignored: default absorbs)
//	d: B from 2000-01-01, NR from 2000-05-01       withdrawn
//	e: B from 2000-02-01                           not in the 2000 cohort
func smallEvents() []RatingEvent {
	return []RatingEvent{
		{"a", day(2000, 1, 1), "A"}, {"a", day(2000, 6, 1), "B"},
		{"b", day(1999, 12, 31), "A"},
		{"c", day(2000, 1, 1), "B"}, {"c", day(2000, 3, 1), "D"}, {"c", day(2000, 9, 1), "B"},
		{"d", day(2000, 1, 1), "B"}, {"d", day(2000, 5, 1), "NR"},
		{"e", day(2000, 2, 1), "B"},
	}
}

func TestCohortHand(t *testing.T) {
	m, err := Cohort(smallEvents(), smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	want := Migration{
		States:    []string{"A", "B", "D"},
		P:         [][]float64{{0.5, 0.5, 0}, {0, 0, 1}, {0, 0, 1}},
		Counts:    [][]float64{{1, 1, 0}, {0, 0, 1}, {0, 0, 0}},
		AtRisk:    []float64{2, 2, 0},
		Withdrawn: []float64{0, 1, 0},
	}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// Record order must not matter.
	ev := smallEvents()
	slices.Reverse(ev)
	m2, _ := Cohort(ev, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
	if d := cmp.Diff(m, m2); d != "" {
		t.Errorf("reversed events changed the result:\n%s", d)
	}
}

// TestAalenJohansenHand: by hand, risk sets just before each event:
// 2000-03-01 c B→D with Y_B = 3 (c, d and e, who entered 2000-02-01);
// 2000-05-01 d withdrawn (censored); 2000-06-01 a A→B with Y_A = 2.
// P = (I + ΔA(Mar))(I + ΔA(Jun)) = [[½, ½, 0], [0, ⅔, ⅓], [0, 0, 1]].
func TestAalenJohansenHand(t *testing.T) {
	m, err := AalenJohansen(smallEvents(), smallSpec, DurationOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	wantP := [][]float64{{0.5, 0.5, 0}, {0, 2.0 / 3, 1.0 / 3}, {0, 0, 1}}
	if d := cmp.Diff(wantP, m.P, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("P (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]float64{{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, m.Counts); d != "" {
		t.Errorf("Counts (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]float64{0, 1, 0}, m.Withdrawn); d != "" {
		t.Errorf("Withdrawn (-want +got):\n%s", d)
	}
	// Time at risk in A: a for 152 days (to 2000-06-01), b for 366 days.
	if got, want := m.AtRisk[0], (152.0+366)/365.25; math.Abs(got-want) > 1e-12 {
		t.Errorf("AtRisk[A] = %v, want %v", got, want)
	}
}

// TestAalenJohansenLongWindow: time at risk is exact over windows longer
// than a time.Duration can hold (about 292 years). 400 Gregorian years are
// 146097 days.
func TestAalenJohansenLongWindow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		start, end time.Time
		days       float64
	}{
		{"one year", day(2000, 1, 1), day(2001, 1, 1), 366},
		{"400 years", day(1700, 1, 1), day(2100, 1, 1), 146097},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := []RatingEvent{{"a", tc.start, "A"}}
			m, err := AalenJohansen(ev, smallSpec, DurationOptions{Start: tc.start, End: tc.end})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m.AtRisk[0], tc.days/365.25; math.Abs(got-want) > 1e-9 {
				t.Errorf("AtRisk[A] = %v, want %v", got, want)
			}
		})
	}
}

func TestMigrationErrors(t *testing.T) {
	ev := smallEvents()
	opts := CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)}
	for _, tc := range []struct {
		name  string
		ev    []RatingEvent
		spec  MigrationSpec
		opts  CohortOptions
		want  error
		field string
	}{
		{"no events", nil, smallSpec, opts, ErrEmpty, "events"},
		{"unknown state", []RatingEvent{{"a", day(2000, 1, 1), "Z"}}, smallSpec, opts, ErrState, "events[0].State"},
		{"no default", ev, MigrationSpec{States: []string{"A", "B"}, Default: "D"}, opts, ErrState, "spec.Default"},
		{"duplicate state", ev, MigrationSpec{States: []string{"A", "A", "D"}, Default: "D"}, opts, ErrState, "spec.States[1]"},
		{"short window", ev, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2000, 6, 1)}, ErrDate, "opts.End"},
		{"negative months", ev, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1), Months: -1}, ErrDate, "opts.Months"},
		// Start + MaxInt months overflows time.Time and used to loop for ever.
		{"months overflow", ev, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1), Months: math.MaxInt}, ErrDate, "opts.Months"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Cohort(tc.ev, tc.spec, tc.opts)
			var ie *InputError
			if !errors.Is(err, tc.want) || !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("err = %v, want %v at %s", err, tc.want, tc.field)
			}
		})
	}
	if _, err := AalenJohansen(ev, smallSpec, DurationOptions{Start: day(2001, 1, 1), End: day(2000, 1, 1)}); !errors.Is(err, ErrDate) {
		t.Errorf("AJ reversed window: %v", err)
	}
}

// rawSpec is the state space of testdata/rating_data_raw.csv
// (open-risk/transitionMatrix).
var rawSpec = MigrationSpec{
	States:    []string{"AAA", "AA+", "A+", "BBB+", "BB+", "B+", "CCC+", "D", "NR"},
	Default:   "D",
	Withdrawn: "NR",
}

func readRaw(t testing.TB) []RatingEvent {
	f, err := os.Open("testdata/rating_data_raw.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ev []RatingEvent
	for _, r := range rows[1:] {
		d, err := time.Parse("02-01-2006", r[1])
		if err != nil {
			t.Fatal(err)
		}
		ev = append(ev, RatingEvent{Obligor: r[0], Date: d, State: r[2]})
	}
	return ev
}

func checkStochasticRows(t *testing.T, name string, p [][]float64) {
	t.Helper()
	for i, row := range p {
		var s float64
		for _, v := range row {
			if !(v >= 0 && v <= 1) {
				t.Errorf("%s: row %d has entry %v", name, i, v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("%s: row %d sums to %v", name, i, s)
		}
	}
}

// TestMigrationRawData estimates annual matrices from the 4,000 rating
// events of open-risk/transitionMatrix's rating_data_raw.csv and checks
// the properties that must hold on real data: rows sum to 1, default
// absorbs, withdrawals are separate, record order does not matter, and
// the cohort and Aalen–Johansen estimates of the same year agree on the
// overall picture.
func TestMigrationRawData(t *testing.T) {
	ev := readRaw(t)
	if len(ev) != 4000 {
		t.Fatalf("read %d events, want 4,000 (README)", len(ev))
	}
	co := CohortOptions{Start: day(2000, 1, 1), End: day(2005, 1, 1)}
	m, err := Cohort(ev, rawSpec, co)
	if err != nil {
		t.Fatal(err)
	}
	checkStochasticRows(t, "cohort", m.P)
	var n, w, moved float64
	for i := range m.States {
		n += m.AtRisk[i]
		w += m.Withdrawn[i]
		for j := range m.States {
			moved += m.Counts[i][j]
		}
	}
	if n != moved+w || w == 0 {
		t.Errorf("obligor-years %v ≠ migrations %v + withdrawn %v", n, moved, w)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	shuffled := slices.Clone(ev)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	m2, _ := Cohort(shuffled, rawSpec, co)
	if d := cmp.Diff(m, m2); d != "" {
		t.Errorf("shuffled events changed the cohort matrix:\n%s", d)
	}
	aj, err := AalenJohansen(ev, rawSpec, DurationOptions{Start: day(2000, 1, 1), End: day(2005, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	checkStochasticRows(t, "Aalen-Johansen", aj.P)
	aj2, _ := AalenJohansen(shuffled, rawSpec, DurationOptions{Start: day(2000, 1, 1), End: day(2005, 1, 1)})
	if d := cmp.Diff(aj, aj2); d != "" {
		t.Errorf("shuffled events changed the Aalen-Johansen matrix:\n%s", d)
	}
	// The five-year cohort power and the five-year Aalen–Johansen matrix
	// estimate the same thing; their default columns must be close.
	ts, err := m.TermStructure("D", 5)
	if err != nil {
		t.Fatal(err)
	}
	d := len(m.States) - 1
	for i := range d {
		if diff := math.Abs(ts[4][i] - aj.P[i][d]); diff > 0.1 {
			t.Errorf("state %s: 5-year PD cohort^5 %.4f vs Aalen-Johansen %.4f", m.States[i], ts[4][i], aj.P[i][d])
		}
	}
	t.Logf("cohort 1-year PD by grade: %.4f", column(m.P, d))
	t.Logf("5-year PD cohort^5: %.4f; Aalen-Johansen: %.4f", ts[4], column(aj.P, d))
}

func column(p [][]float64, j int) []float64 {
	out := make([]float64, len(p))
	for i := range p {
		out[i] = p[i][j]
	}
	return out
}

// readSP returns the S&P 1981–2016 average cumulative matrices (8 tenors
// of 7 from-states × 9 to-states, in percent) withdrawal-adjusted to
// 8×8 matrices: D/(100 − NR) etc., with an absorbing default row.
func readSP(t *testing.T) (tenors []int, mats [][][]float64) {
	f, err := os.Open("testdata/sp_1981-2016.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rows[1][3:] {
		v, _ := strconv.Atoi(s)
		tenors = append(tenors, v)
	}
	for b := range tenors {
		m := make([][]float64, 8)
		for i := range 7 {
			row := rows[2+b*7+i]
			v := make([]float64, 9)
			for j := range 9 {
				v[j], _ = strconv.ParseFloat(row[j], 64)
			}
			m[i] = make([]float64, 8)
			var s float64
			for j := range 8 {
				m[i][j] = v[j] / (100 - v[8])
				s += m[i][j]
			}
			for j := range 8 { // the published figures are rounded to 0.01 %
				m[i][j] /= s
			}
		}
		m[7] = []float64{0, 0, 0, 0, 0, 0, 0, 1}
		mats = append(mats, m)
	}
	return tenors, mats
}

// TestSPTermStructure compares multi-year default rates implied by powers
// of S&P's published one-year matrix (2016 Annual Global Corporate Default
// Study, 1981–2016, withdrawal-adjusted) with S&P's published multi-year
// cumulative rates. The Markov power is exact at one year and close at two
// (within 2.5 percentage points for every grade); at longer horizons the
// published rates exceed the Markov ones for speculative grades, a known
// non-Markov effect, so only the ordering of grades is asserted there.
func TestSPTermStructure(t *testing.T) {
	tenors, mats := readSP(t)
	if len(tenors) != 8 || tenors[0] != 1 || tenors[7] != 20 {
		t.Fatalf("tenors %v", tenors)
	}
	one := mats[0]
	cum, err := DefaultTermStructure(one, 7, 20)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 7 {
		if math.Abs(cum[0][i]-one[i][7]) > 1e-15 {
			t.Errorf("1-year PD of grade %d: %v, published %v", i, cum[0][i], one[i][7])
		}
		if diff := math.Abs(cum[1][i] - mats[1][i][7]); diff > 0.025 {
			t.Errorf("2-year PD of grade %d: Markov %.4f, S&P %.4f", i, cum[1][i], mats[1][i][7])
		}
	}
	for k, h := range tenors {
		for i := 1; i < 7; i++ {
			if !(cum[h-1][i] >= cum[h-1][i-1]) || !(mats[k][i][7] >= mats[k][i-1][7]) {
				t.Errorf("%d years: PD not increasing from grade %d to %d", h, i-1, i)
			}
		}
	}
	for i := range 7 {
		for h := 1; h < 20; h++ {
			if cum[h][i] < cum[h-1][i] {
				t.Errorf("grade %d: cumulative PD falls at year %d", i, h+1)
			}
		}
	}
	p5, err := MatrixPower(one, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkStochasticRows(t, "S&P^5", p5)
	if d := cmp.Diff(cum[4], column(p5, 7)[:8], cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("term structure vs power (-want +got):\n%s", d)
	}
}

// TestJLTPower checks the Jarrow–Lando–Turnbull (1997) one-year matrix
// (rows renormalised after the paper's 4-decimal rounding):
// P⁰ = I, P¹ = P, Pᵐ⁺ⁿ = Pᵐ·Pⁿ, rows of powers stay stochastic.
func TestJLTPower(t *testing.T) {
	f, err := os.Open("testdata/JLT.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var p [][]float64
	for _, r := range rows[1:] {
		var v []float64
		for _, s := range r {
			x, _ := strconv.ParseFloat(s, 64)
			v = append(v, x)
		}
		tot := sum(v) // printed to 4 decimals: rows sum to 1 ± 2e-4
		for j := range v {
			v[j] /= tot
		}
		p = append(p, v)
	}
	p0, err := MatrixPower(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p0 {
		for j := range p0 {
			if want := float64(b2i(i == j)); p0[i][j] != want {
				t.Fatalf("P⁰[%d][%d] = %v", i, j, p0[i][j])
			}
		}
	}
	p1, _ := MatrixPower(p, 1)
	if d := cmp.Diff(p, p1); d != "" {
		t.Errorf("P¹ ≠ P:\n%s", d)
	}
	p2, _ := MatrixPower(p, 2)
	p3, _ := MatrixPower(p, 3)
	p5, _ := MatrixPower(p, 5)
	p5b, _ := MatrixPower(p2, 1)
	p5b = mul(p5b, p3)
	if d := cmp.Diff(p5, p5b, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("P⁵ ≠ P²·P³:\n%s", d)
	}
	checkStochasticRows(t, "JLT^5", p5)
	if _, err := MatrixPower([][]float64{{0.5, 0.4}, {0, 1}}, 2); !errors.Is(err, ErrProbability) {
		t.Errorf("row sum 0.9: %v", err)
	}
	if _, err := MatrixPower(p, -1); !errors.Is(err, ErrOptions) {
		t.Errorf("negative power: %v", err)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mul(a, b [][]float64) [][]float64 {
	n := len(a)
	c := make([][]float64, n)
	for i := range n {
		c[i] = make([]float64, n)
		for k := range n {
			for j := range n {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func BenchmarkCohort(b *testing.B) {
	ev := readRaw(b)
	for b.Loop() {
		if _, err := Cohort(ev, rawSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2005, 1, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAalenJohansen(b *testing.B) {
	ev := readRaw(b)
	for b.Loop() {
		if _, err := AalenJohansen(ev, rawSpec, DurationOptions{Start: day(2000, 1, 1), End: day(2005, 1, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzCohort(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{1, 200, 3, 1, 201, 2, 2, 50, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ev []RatingEvent
		for i := 0; i+2 < len(raw); i += 3 {
			ev = append(ev, RatingEvent{
				Obligor: strconv.Itoa(int(raw[i] % 8)),
				Date:    day(2000, 1, 1).AddDate(0, 0, int(raw[i+1])*3-100),
				State:   smallSpec.States[int(raw[i+2])%4],
			})
		}
		for _, m := range []func() (Migration, error){
			func() (Migration, error) {
				return Cohort(ev, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1), Months: 6})
			},
			func() (Migration, error) {
				return AalenJohansen(ev, smallSpec, DurationOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
			},
		} {
			r, err := m()
			if err != nil {
				continue
			}
			for i, row := range r.P {
				var s float64
				for _, v := range row {
					if math.IsNaN(v) || v < 0 || v > 1 {
						t.Fatalf("row %d: %v", i, row)
					}
					s += v
				}
				if math.Abs(s-1) > 1e-9 {
					t.Fatalf("row %d sums to %v", i, s)
				}
			}
		}
	})
}

// Issue #18 reproducers: sizes, horizons and dates beyond the documented
// bounds are refused before any work, and MatrixPower takes any n.
func TestMigrationBounds(t *testing.T) {
	p := [][]float64{{0.9, 0.08, 0.02}, {0.1, 0.8, 0.1}, {0, 0, 1}}
	m, err := MatrixPower(p, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	// Every obligor ends in the absorbing default state.
	for i, row := range m {
		if math.Abs(row[2]-1) > 1e-9 {
			t.Errorf("row %d of P^MaxInt = %v", i, row)
		}
	}
	if _, err := DefaultTermStructure(p, 2, 1e9); !errors.Is(err, ErrLimit) {
		t.Errorf("horizon 1e9: %v", err)
	}
	if cum, err := DefaultTermStructure(p, 2, MaxHorizon); err != nil || len(cum) != MaxHorizon {
		t.Errorf("horizon MaxHorizon: %d rows, %v", len(cum), err)
	}
	big := make([][]float64, MaxStates+1)
	for i := range big {
		big[i] = make([]float64, MaxStates+1)
		big[i][i] = 1
	}
	if _, err := MatrixPower(big, 2); !errors.Is(err, ErrLimit) {
		t.Errorf("%d states: %v", len(big), err)
	}
	far := time.Date(100_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := Cohort(smallEvents(), smallSpec, CohortOptions{Start: day(2000, 1, 1), End: far}); !errors.Is(err, ErrLimit) {
		t.Errorf("End in the year 10¹¹: %v", err)
	}
	// Monthly cohorts up to the bound are accepted.
	if _, err := Cohort(smallEvents(), smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2100, 1, 1), Months: 1}); err != nil {
		t.Errorf("1200 monthly cohorts: %v", err)
	}
	// The duration estimator works over event times only: a far End is fine.
	if m, err := AalenJohansen(smallEvents(), smallSpec, DurationOptions{Start: day(2000, 1, 1), End: far}); err != nil || len(m.P) != 3 {
		t.Errorf("Aalen-Johansen to the year 10¹¹: %v", err)
	}
}

// Migration's methods only read it: 64 goroutines get the single-threaded
// results (run with -race).
func TestMigrationConcurrent(t *testing.T) {
	m, err := Cohort(smallEvents(), smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	wantP, _ := m.Power(7)
	wantT, _ := m.TermStructure(smallSpec.Default, 10)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err1 := m.Power(7)
			ts, err2 := m.TermStructure(smallSpec.Default, 10)
			if err1 != nil || err2 != nil || !cmp.Equal(p, wantP) || !cmp.Equal(ts, wantT) {
				errs <- "concurrent result differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
