package rating

import (
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The reference below is the scoring path as it was before the block
// batch (issue 22), kept verbatim (apart from names) so that
// TestScoreAllBitIdentical can show the batch and the scalar path give the
// same bits as before: per-firm scoring with the kind switch, the
// interpolation formula with its differences computed in place, a linear
// category search and a grade scan from the best grade.

func (c *indicator) refIndicatorScore(x float64) (s float64, ok bool) {
	switch c.kind {
	case Linear:
		s = (x - c.worst) * c.inv
		return min(max(s, 0), 100), true
	case Piecewise:
		xs, ys := c.xs, c.ys
		if x <= xs[0] {
			return ys[0], true
		}
		n := len(xs) - 1
		if x >= xs[n] {
			return ys[n], true
		}
		i := 1
		for x >= xs[i] {
			i++
		}
		return ys[i-1] + (ys[i]-ys[i-1])*(x-xs[i-1])/(xs[i]-xs[i-1]), true
	case Step:
		i := 0
		for i < len(c.xs) && x >= c.xs[i] {
			i++
		}
		return c.ys[i], true
	default: // Categorical
		for i, code := range c.xs {
			if x == code {
				return c.ys[i], true
			}
		}
		return 0, false
	}
}

func (m *Model) refScore(x []float64, missing []bool) (float64, int, error) {
	if len(x) != len(m.ind) {
		return 0, 0, shapeErr("values", len(x), len(m.ind))
	}
	if missing != nil && len(missing) != len(m.ind) {
		return 0, 0, shapeErr("missing", len(missing), len(m.ind))
	}
	var total float64
	imputed := 0
	ind := m.ind
	x = x[:len(ind)]
	for i := range ind {
		c := &ind[i]
		var s float64
		if missing != nil && missing[i] {
			if c.missing == MissingError {
				return 0, 0, &InputError{Field: at("values", i), Err: ErrMissingValue}
			}
			s = c.missScore
			imputed++
		} else {
			v := x[i]
			if v-v != 0 { // NaN or ±Inf
				return 0, 0, badValue(at("values", i), v, ErrInvalidInput)
			}
			if c.kind == Linear { // the common case, inlined
				s = min(max((v-c.worst)*c.inv, 0), 100)
			} else {
				var ok bool
				if s, ok = c.refIndicatorScore(v); !ok {
					return 0, 0, badValue(at("values", i), v, ErrUnknownCategory)
				}
			}
		}
		p := c.weight * s
		total += p
	}
	// Weights sum to 1 within WeightTolerance, so total may leave [0, 100]
	// by rounding only; clamp it.
	return min(max(total, 0), 100), imputed, nil
}

// refGrade is the grade scan before the table lookup.
func (s *MasterScale) refGrade(score float64) Grade {
	for i := 0; i < s.scored; i++ {
		if score >= s.grades[i].MinScore {
			return Grade(i + 1)
		}
	}
	return Grade(s.scored)
}

// refBatch scores every firm by the reference path.
func (m *Model) refBatch(rows [][]float64, missing [][]bool) []BatchResult {
	out := make([]BatchResult, len(rows))
	for i, x := range rows {
		var miss []bool
		if missing != nil {
			miss = missing[i]
		}
		s, imp, err := m.refScore(x, miss)
		if err != nil {
			out[i].Err = err
			continue
		}
		out[i].Result = Result{Score: s, Imputed: imp}
		if m.scale != nil {
			out[i].Result.Grade = m.scale.refGrade(s)
			out[i].Result.PD = m.scale.grades[out[i].Result.Grade-1].PD
		}
	}
	return out
}

// sameBits compares a batch with the reference: scores and PDs bit for bit,
// errors by sentinel (the reference names the firm's own "values[j]").
func sameBits(t testing.TB, name string, got, want []BatchResult) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d results, want %d", name, len(got), len(want))
	}
	bad := 0
	for i := range got {
		g, w := got[i], want[i]
		switch {
		case (g.Err == nil) != (w.Err == nil):
			t.Errorf("%s: firm %d: err %v, reference %v", name, i, g.Err, w.Err)
		case g.Err != nil:
			if sameSentinels(g.Err, w.Err) {
				continue
			}
			t.Errorf("%s: firm %d: err %v, reference %v", name, i, g.Err, w.Err)
		case math.Float64bits(g.Result.Score) != math.Float64bits(w.Result.Score) ||
			math.Float64bits(g.Result.PD) != math.Float64bits(w.Result.PD) ||
			g.Result.Grade != w.Result.Grade || g.Result.Imputed != w.Result.Imputed ||
			g.Result.Scores != nil || g.Result.Points != nil:
			t.Errorf("%s: firm %d: %+v, reference %+v", name, i, g.Result, w.Result)
		default:
			continue
		}
		if bad++; bad > 10 {
			t.Fatalf("%s: more differences not shown", name)
		}
	}
}

// checkColumns holds ScoreColumnsTo to the scalar reference on rows and
// missing made whole (a short row padded with 0.5, a mask of the wrong
// length dropped) and given column by column, with every mask column nil
// where no firm misses that indicator; it checks the element each error
// names.
func checkColumns(t testing.TB, m *Model, rows [][]float64, missing [][]bool) {
	t.Helper()
	n := m.Len()
	full := make([][]float64, len(rows))
	var fullMiss [][]bool
	if missing != nil {
		fullMiss = make([][]bool, len(rows))
	}
	cols := make([][]float64, n)
	var missCols [][]bool
	if missing != nil {
		missCols = make([][]bool, n)
	}
	for j := range cols {
		cols[j] = make([]float64, len(rows))
	}
	for i, r := range rows {
		x := make([]float64, n)
		for j := range x {
			x[j] = 0.5
		}
		copy(x, r)
		full[i] = x
		for j, v := range x {
			cols[j][i] = v
		}
		if missing != nil && len(missing[i]) == n {
			fullMiss[i] = missing[i]
			for j, b := range missing[i] {
				if b && missCols[j] == nil {
					missCols[j] = make([]bool, len(rows))
				}
				if b {
					missCols[j][i] = true
				}
			}
		}
	}
	dst := make([]BatchResult, 3) // reused, too short
	got, err := m.ScoreColumnsTo(dst, cols, missCols)
	if err != nil {
		t.Fatal(err)
	}
	want := m.refBatch(full, fullMiss)
	sameBits(t, "columns", got, want)
	checkScores(t, m, got, cols, missCols)
	for i, g := range got {
		var ie *InputError
		if !errors.As(g.Err, &ie) {
			continue
		}
		var wi *InputError
		if !errors.As(want[i].Err, &wi) {
			t.Fatalf("firm %d: %v, reference %v", i, g.Err, want[i].Err)
		}
		// The reference names "values[j]" or "missing[j]" of the firm.
		name, j, _ := strings.Cut(wi.Field, "[")
		if name == "values" {
			name = "cols"
		}
		if w := name + "[" + j + "[" + strconv.Itoa(i) + "]"; ie.Field != w {
			t.Fatalf("firm %d: error names %q, want %q", i, ie.Field, w)
		}
	}
}

func sameSentinels(a, b error) bool {
	for _, s := range []error{ErrInvalidInput, ErrUnknownCategory, ErrMissingValue, ErrShape} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return true
}

// kindsModel has every scoring kind, step functions of 1, 4 and 6 cuts
// (the unrolled kernels of 4 and 8 cuts) and of more than 8 (binary
// search), piecewise functions of 3, 4 and 7 breakpoints, categories in a table and beyond one, cut-offs that
// are not whole points, and each missing policy.
func kindsModel(t *testing.T) *Model { return kindsModelF(t) }

func kindsModelF(t testing.TB) *Model {
	t.Helper()
	neutral := 40.0
	negZero := math.Copysign(0, -1) // a cut at −0: the kernels compare with +0
	manyCuts := make([]float64, 20)
	manyScores := make([]float64, 21)
	for i := range manyCuts {
		manyCuts[i] = float64(i) / 20
		manyScores[i+1] = float64(i+1) * 5
	}
	spec := ModelSpec{ID: "kinds", Version: "1", Indicators: []IndicatorSpec{
		{ID: "lin", Direction: Benefit, Weight: 0.13, Scoring: ScoringSpec{Kind: Linear, Worst: 0.1, Best: 0.9}},
		{ID: "linc", Direction: Cost, Weight: 0.11, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Linear, Worst: 0.8, Best: 0.3}},
		{ID: "step", Direction: Benefit, Weight: 0.07, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{0.2, 0.4, 0.6, 0.8}, Scores: []float64{0, 30, 60, 80, 100}}},
		{ID: "stepc", Direction: Cost, Weight: 0.09, Missing: MissingNeutral, NeutralScore: &neutral, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{0.5}, Scores: []float64{100, 10}}},
		{ID: "many", Direction: Benefit, Weight: 0.06, Scoring: ScoringSpec{Kind: Step, Cuts: manyCuts, Scores: manyScores}},
		{ID: "pw", Direction: Benefit, Weight: 0.1, Scoring: ScoringSpec{Kind: Piecewise, Points: []Point{{X: 0, Score: 0}, {X: 0.3, Score: 50}, {X: 0.7, Score: 80}, {X: 1, Score: 100}}}},
		{ID: "pwc", Direction: Cost, Weight: 0.1, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Piecewise, Points: []Point{{X: 0.1, Score: 97.3}, {X: 0.33, Score: 41.7}, {X: 0.9, Score: 3.1}}}},
		{ID: "cat", Weight: 0.1, Scoring: ScoringSpec{Kind: Categorical, Categories: []CategoryScore{{Code: 0, Score: 100}, {Code: 1, Score: 60}, {Code: 2, Score: 0}}}},
		{ID: "catneg", Weight: 0.1, Missing: MissingNeutral, NeutralScore: &neutral, Scoring: ScoringSpec{Kind: Categorical, Categories: []CategoryScore{{Code: -3, Score: 10}, {Code: 7, Score: 90}}}},
		{ID: "catwide", Weight: 0.1, Scoring: ScoringSpec{Kind: Categorical, Categories: []CategoryScore{{Code: 0, Score: 20}, {Code: 1, Score: 70}, {Code: 100000, Score: 100}}}},
		{ID: "step6", Direction: Cost, Weight: 0.02, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{negZero, 0.1, 0.25, 0.5, 0.75, 0.9}, Scores: []float64{100, 90, 70, 50, 20, 10, 0}}},
		{ID: "pw7", Direction: Benefit, Weight: 0.02, Scoring: ScoringSpec{Kind: Piecewise, Points: []Point{{X: negZero, Score: 0}, {X: 0.1, Score: 5}, {X: 0.2, Score: 20}, {X: 0.5, Score: 50}, {X: 0.6, Score: 71.3}, {X: 0.8, Score: 90}, {X: 0.9, Score: 100}}}},
	}}
	sc := DefaultSMEMasterScaleSpec()
	for i := range sc.Grades[:8] {
		sc.Grades[i].MinScore -= 0.37 // cut-offs inside a point
	}
	spec.Scale = &sc
	m, err := CompileModel(spec)
	if err != nil {
		t.Fatal(err)
	}
	if m.ind[7].tbl == nil || m.ind[8].tbl == nil || m.ind[9].tbl != nil {
		t.Fatal("category tables not as intended")
	}
	return m
}

// TestScoreAllBitIdentical checks issue 22's block batch against the
// scalar path as it was: random firms (with NaN, ±Inf, missing values,
// unknown and non-integral category codes, wrong row and mask lengths)
// and real firms (the Polish bankruptcy ratios in testdata).
func TestScoreAllBitIdentical(t *testing.T) {
	m := kindsModel(t)
	rng := rand.New(rand.NewPCG(22, 1))
	n := 3*blockFirms + 17
	rows := make([][]float64, n)
	missing := make([][]bool, n)
	cats := [][]float64{{0, 1, 2, 3, -1, 0.5}, {-3, 7, 0, 2}, {0, 1, 100000, 5}}
	for i := range rows {
		r := make([]float64, m.Len())
		for j := range 7 {
			r[j] = rng.Float64()*1.4 - 0.2
			if rng.IntN(8) == 0 {
				r[j] = []float64{0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0}[rng.IntN(10)] // on a cut or breakpoint
			}
		}
		for j := 10; j < m.Len(); j++ {
			r[j] = rng.Float64()*1.4 - 0.2
			if rng.IntN(8) == 0 {
				r[j] = []float64{0, 0.1, 0.2, 0.25, 0.5, 0.6, 0.75, 0.8, 0.9, math.Copysign(0, -1)}[rng.IntN(10)]
			}
		}
		for j := range 3 {
			c := cats[j]
			r[7+j] = c[rng.IntN(len(c)-2)]
			if rng.IntN(50) == 0 {
				r[7+j] = c[len(c)-2+rng.IntN(2)] // unmapped
			}
		}
		switch rng.IntN(60) {
		case 0:
			r[rng.IntN(len(r))] = math.NaN()
		case 1:
			r[rng.IntN(len(r))] = math.Inf(1 - 2*rng.IntN(2))
		case 2:
			r = r[:len(r)-1]
		}
		rows[i] = r
		if rng.IntN(4) == 0 {
			mk := make([]bool, m.Len())
			for j := range mk {
				mk[j] = rng.IntN(6) == 0
			}
			if rng.IntN(20) == 0 {
				mk = mk[:3]
			}
			missing[i] = mk
		}
	}
	got, err := m.ScoreAll(rows, missing)
	if err != nil {
		t.Fatal(err)
	}
	sameBits(t, "random", got, m.refBatch(rows, missing))
	got, err = m.ScoreAll(rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameBits(t, "random, no mask", got, m.refBatch(rows, nil))
	checkColumns(t, m, rows, missing)
	checkColumns(t, m, rows, nil)
	for i, r := range got {
		if r.Err != nil {
			continue
		}
		one, err := m.Score(rows[i], nil)
		if err != nil || one.Score != r.Result.Score || one.Grade != r.Result.Grade || one.PD != r.Result.PD {
			t.Fatalf("firm %d: Score %+v %v, ScoreAll %+v", i, one, err, r.Result)
		}
		if g, _ := m.scale.Grade(r.Result.Score); g != m.scale.refGrade(r.Result.Score) {
			t.Fatalf("Grade(%v) = %v, scan %v", r.Result.Score, g, m.scale.refGrade(r.Result.Score))
		}
	}
	for s := 0.0; s <= 100; s += 0.01 {
		if g := m.scale.gradeOf(s); g != m.scale.refGrade(s) {
			t.Fatalf("gradeOf(%v) = %v, scan %v", s, g, m.scale.refGrade(s))
		}
	}

	// Real firms: 3,000 rows of the Polish companies' ratios (year 5),
	// missing values ("?") marked in the mask.
	pm, prow, pmiss := polishFirms(t)
	got, err = pm.ScoreAll(prow, pmiss)
	if err != nil {
		t.Fatal(err)
	}
	sameBits(t, "polish", got, pm.refBatch(prow, pmiss))
	graded := 0
	for _, r := range got {
		if r.Err == nil && r.Result.Grade > 1 && r.Result.Grade < 9 {
			graded++
		}
	}
	if graded < 1000 {
		t.Errorf("only %d Polish firms between the best and the worst grade: the model does not exercise the scale", graded)
	}
}

// polishFirms reads testdata/polish-5year-12.csv (UCI Polish companies
// bankruptcy, year 5, first 3,000 rows, 11 ratios and the class; CC BY
// 4.0, Zięba, Tomczak and Tomczak 2016) and a model on its columns.
func polishFirms(t *testing.T) (*Model, [][]float64, [][]bool) {
	t.Helper()
	f, err := os.Open("testdata/polish-5year-12.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	var miss [][]bool
	for _, rec := range recs[1:] {
		r := make([]float64, len(rec))
		mk := make([]bool, len(rec))
		for j, v := range rec {
			if v == "?" || v == "" { // missing in the UCI file
				mk[j] = true
				continue
			}
			if r[j], err = strconv.ParseFloat(v, 64); err != nil {
				t.Fatal(err)
			}
		}
		rows, miss = append(rows, r), append(miss, mk)
	}
	neutral := 50.0
	lin := func(id IndicatorID, dir Direction, worst, best, w float64, mp MissingPolicy) IndicatorSpec {
		s := IndicatorSpec{ID: id, Direction: dir, Weight: w, Missing: mp, Scoring: ScoringSpec{Kind: Linear, Worst: worst, Best: best}}
		if mp == MissingNeutral {
			s.NeutralScore = &neutral
		}
		return s
	}
	spec := ModelSpec{ID: "polish", Version: "1", Indicators: []IndicatorSpec{
		lin("debt_to_assets", Cost, 0.8, 0.4, 0.12, MissingWorst),
		lin("current_ratio", Benefit, 0.8, 2, 0.1, MissingWorst),
		lin("quick_ratio", Benefit, 0.4, 1, 0.08, MissingNeutral),
		lin("roa", Benefit, 0, 0.08, 0.12, MissingWorst),
		lin("gross_margin", Benefit, 0, 0.1, 0.08, MissingNeutral),
		{ID: "asset_turnover", Direction: Benefit, Weight: 0.08, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Piecewise, Points: []Point{{X: 0.2, Score: 0}, {X: 0.8, Score: 55}, {X: 1.5, Score: 85}, {X: 3, Score: 100}}}},
		{ID: "sales_growth", Direction: Benefit, Weight: 0.08, Missing: MissingNeutral, NeutralScore: &neutral, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{0.9, 1, 1.1, 1.2}, Scores: []float64{0, 40, 60, 80, 100}}},
		{ID: "log_assets", Direction: Benefit, Weight: 0.06, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{3, 3.5, 4, 4.5, 5, 5.5}, Scores: []float64{0, 20, 40, 60, 75, 90, 100}}},
		lin("equity_to_assets", Benefit, 0, 0.5, 0.1, MissingWorst),
		lin("receivable_days", Cost, 120, 30, 0.06, MissingNeutral),
		{ID: "cash_ratio", Direction: Benefit, Weight: 0.06, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Step,
			Cuts:   []float64{0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1},
			Scores: []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100}}},
		{ID: "bankrupt_within_year", Weight: 0.06, Missing: MissingWorst, Scoring: ScoringSpec{Kind: Categorical, Categories: []CategoryScore{{Code: 0, Score: 100}, {Code: 1, Score: 0}}}},
	}}
	sc := DefaultSMEMasterScaleSpec()
	spec.Scale = &sc
	m, err := CompileModel(spec)
	if err != nil {
		t.Fatal(err)
	}
	return m, rows, miss
}

// TestClamp100 checks the branch-free clamp of the batch against min(max(u, 0), 100) on the
// values where they could differ: signed zeros, subnormals, the bounds and their neighbours,
// infinities and random values of every magnitude.
func TestClamp100(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 1e-310, 100, math.Nextafter(100, 0),
		math.Nextafter(100, 200), 99.99999999999999, -1e-300, 1e300, -1e300, math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewPCG(5, 5))
	for range 100000 {
		vals = append(vals, math.Float64frombits(rng.Uint64())) // every exponent, both signs
	}
	for _, u := range vals {
		if math.IsNaN(u) {
			continue // sent the slow way by the batch
		}
		want := min(max(u, 0), 100)
		if got := clamp100(u); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("clamp100(%v) = %v, want %v", u, got, want)
		}
	}
}

// FuzzScoreAll holds the block batch to the scalar path as it was, bit for bit, on any float64
// bit patterns (NaN, ±Inf, ±0, subnormals, ±MaxFloat64, which overflow the differences of the
// kernels), with a missing mask from the fuzzer and rows of every length.
func FuzzScoreAll(f *testing.F) {
	seed := func(v ...float64) []byte {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(seed(0.5, 0.2, 0.4, 0.7, 0.33, 0.5, 0.2, 1, 7, 100000), uint64(0), uint8(0))
	f.Add(seed(math.NaN(), math.Inf(1), -math.MaxFloat64, math.MaxFloat64, math.Copysign(0, -1), 5e-324, 0.8, 2.5, -3, 1e300), uint64(1<<40|3), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, mask uint64, short uint8) {
		m := kindsModelF(t)
		n := m.Len()
		vals := make([]float64, len(data)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
		var rows [][]float64
		var miss [][]bool
		for i := 0; len(vals) > 0 && i < 600; i++ {
			r := make([]float64, n)
			for j := range r {
				r[j] = vals[(i*n+j)%len(vals)]
			}
			if short != 0 && i%int(short) == 0 {
				r = r[:i%n]
			}
			mk := make([]bool, n)
			for j := range mk {
				mk[j] = mask>>((i+j)%64)&1 != 0 && i%3 == 0
			}
			rows, miss = append(rows, r), append(miss, mk)
		}
		got, err := m.ScoreAll(rows, miss)
		if err != nil {
			t.Fatal(err)
		}
		sameBits(t, "fuzz", got, m.refBatch(rows, miss))
		got, _ = m.ScoreAll(rows, nil)
		sameBits(t, "fuzz, no mask", got, m.refBatch(rows, nil))
		checkColumns(t, m, rows, miss)
	})
}

// TestScoreAllKernelGroups holds the batch to the scalar reference on a
// model whose layout exercises the kernels' seams: 9 indicators (the row
// form gathers 4 at a time, so the last group has one), linear
// indicators in pairs, alone, and in a pair split by a group boundary,
// a step function of 6 cuts and a piecewise one of 9 breakpoints (the
// 8-cut kernels), and batches of odd sizes (the kernels take two firms
// at a time), with NaN, ±Inf, ±0 and values beyond the thresholds.
func TestScoreAllKernelGroups(t *testing.T) {
	lin := func(id IndicatorID, dir Direction, worst, best float64) IndicatorSpec {
		return IndicatorSpec{ID: id, Direction: dir, Weight: 0.1, Scoring: ScoringSpec{Kind: Linear, Worst: worst, Best: best}}
	}
	negZero := math.Copysign(0, -1)
	spec := ModelSpec{ID: "groups", Version: "1", Indicators: []IndicatorSpec{
		lin("a", Benefit, 0.1, 0.9), lin("b", Cost, 0.8, 0.3), lin("c", Benefit, negZero, 1), lin("d", Benefit, -0.5, 0.5),
		lin("e", Cost, 1, 0),
		{ID: "step6", Direction: Cost, Weight: 0.1, Scoring: ScoringSpec{Kind: Step, Cuts: []float64{negZero, 0.1, 0.25, 0.5, 0.75, 0.9}, Scores: []float64{100, 90, 70, 50, 20, 10, 0}}},
		lin("g", Benefit, 0, 1),
		{ID: "pw9", Direction: Benefit, Weight: 0.25, Scoring: ScoringSpec{Kind: Piecewise, Points: []Point{{X: -0.1, Score: 0}, {X: 0, Score: 3}, {X: 0.1, Score: 5}, {X: 0.2, Score: 20}, {X: 0.5, Score: 50}, {X: 0.6, Score: 71.3}, {X: 0.8, Score: 90}, {X: 0.9, Score: 97}, {X: 1.2, Score: 100}}}},
		{ID: "i", Direction: Cost, Weight: 0.05, Scoring: ScoringSpec{Kind: Linear, Worst: 1, Best: 0}},
	}}
	sc := DefaultSMEMasterScaleSpec()
	spec.Scale = &sc
	m, err := CompileModel(spec)
	if err != nil {
		t.Fatal(err)
	}
	if m.ind[5].fix == nil || m.ind[5].fix.n != 8 || m.ind[7].fix == nil || m.ind[7].fix.n != 8 {
		t.Fatal("not the 8-cut kernels")
	}
	rng := rand.New(rand.NewPCG(22, 9))
	special := []float64{0, math.Copysign(0, -1), 0.1, 0.25, 0.5, 0.9, 1, -0.1, 1.2, math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300, 5e-324}
	for _, n := range []int{1, 2, 3, 255, 256, 257, 2*blockFirms + 1} {
		rows := make([][]float64, n)
		for i := range rows {
			r := make([]float64, m.Len())
			for j := range r {
				r[j] = rng.Float64()*1.6 - 0.3
				if rng.IntN(10) == 0 {
					r[j] = special[rng.IntN(len(special))]
				}
			}
			rows[i] = r
		}
		got, err := m.ScoreAll(rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		sameBits(t, fmt.Sprint(n, " firms"), got, m.refBatch(rows, nil))
		checkColumns(t, m, rows, nil)
	}
}

// checkScores holds ScoresTo to ScoreColumnsTo's results want on the
// same columns: scores and PDs bit for bit, grades, and a note for
// exactly the firms with an imputed value or an error, with that error.
// It fills a reused BatchScores whose columns are too short and whose
// notes hold garbage.
func checkScores(t testing.TB, m *Model, want []BatchResult, cols [][]float64, missing [][]bool) {
	t.Helper()
	dst := &BatchScores{Score: []float64{7}, Notes: []FirmNote{{Firm: -1}}}
	got, err := m.ScoresTo(dst, cols, missing)
	if err != nil || got != dst {
		t.Fatalf("ScoresTo: %p, %v; want dst %p", got, err, dst)
	}
	if len(got.Score) != len(want) || len(got.Grade) != len(want) || len(got.PD) != len(want) {
		t.Fatalf("ScoresTo: %d, %d, %d entries, want %d", len(got.Score), len(got.Grade), len(got.PD), len(want))
	}
	notes := got.Notes
	for i, w := range want {
		r := w.Result
		if math.Float64bits(got.Score[i]) != math.Float64bits(r.Score) || got.Grade[i] != r.Grade ||
			math.Float64bits(got.PD[i]) != math.Float64bits(r.PD) {
			t.Fatalf("firm %d: ScoresTo %v, %v, %v; ScoreColumnsTo %+v", i, got.Score[i], got.Grade[i], got.PD[i], r)
		}
		if w.Err == nil && r.Imputed == 0 {
			continue
		}
		if len(notes) == 0 || notes[0].Firm != i {
			t.Fatalf("firm %d (imputed %d, error %v): no note; %d notes left", i, r.Imputed, w.Err, len(notes))
		}
		if n := notes[0]; n.Imputed != r.Imputed || fmt.Sprint(n.Err) != fmt.Sprint(w.Err) {
			t.Fatalf("firm %d: note %+v, want imputed %d, error %v", i, n, r.Imputed, w.Err)
		}
		notes = notes[1:]
	}
	if len(notes) > 0 {
		t.Fatalf("%d notes of firms without imputation or error, the first %+v", len(notes), notes[0])
	}
}

// TestScoresToShape checks the call's errors of ScoresTo, a nil dst and
// a model without a scale.
func TestScoresToShape(t *testing.T) {
	m := kindsModel(t)
	cols := make([][]float64, m.Len())
	for j := range cols {
		cols[j] = []float64{0.5, 0.5}
	}
	cols[7], cols[8], cols[9] = []float64{0, 1}, []float64{7, -3}, []float64{1, 100000}
	dst := &BatchScores{Score: []float64{1, 2, 3}}
	for _, tc := range []struct {
		name    string
		cols    [][]float64
		missing [][]bool
		field   string
	}{
		{"short cols", cols[1:], nil, "cols"},
		{"ragged", append(append([][]float64{}, cols[:11]...), []float64{1}), nil, "cols[11]"},
		{"missing", cols, make([][]bool, 3), "missing"},
		{"missing column", cols, append(make([][]bool, m.Len()-1), []bool{true}), "missing[11]"},
	} {
		got, err := m.ScoresTo(dst, tc.cols, tc.missing)
		var ie *InputError
		if !errors.As(err, &ie) || !errors.Is(err, ErrShape) || ie.Field != tc.field || got != dst || len(got.Score) != 0 {
			t.Errorf("%s: %v (%+v), want a shape error naming %q and dst emptied", tc.name, err, got, tc.field)
		}
	}
	got, err := m.ScoresTo(nil, cols, nil)
	if err != nil || len(got.Score) != 2 || len(got.Notes) != 0 {
		t.Fatalf("nil dst: %+v, %v", got, err)
	}
	want, _ := m.ScoreColumnsTo(nil, cols, nil)
	checkScores(t, m, want, cols, nil)

	noScale := m.Spec()
	noScale.Scale = nil
	ns, err := CompileModel(noScale)
	if err != nil {
		t.Fatal(err)
	}
	got, err = ns.ScoresTo(got, cols, nil)
	if err != nil || got.Grade[0] != NoGrade || got.PD[0] != 0 || got.Score[0] != want[0].Result.Score {
		t.Fatalf("no scale: %+v, %v", got, err)
	}
	if _, err := (*Model)(nil).ScoresTo(nil, cols, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil model: %v", err)
	}
}

// TestBatchNoAllocs checks the batch forms' claim that, with dst reused and
// every firm complete and valid, they allocate nothing (300 firms: two
// blocks, the second partial).
func TestBatchNoAllocs(t *testing.T) {
	m := kindsModel(t)
	const n = 300
	cols := make([][]float64, m.Len())
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = 0.5 + 0.001*float64(i%7)
		}
	}
	for i := range n {
		cols[7][i], cols[8][i], cols[9][i] = float64(i%2), 7, 1
	}
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, m.Len())
		for j := range rows[i] {
			rows[i][j] = cols[j][i]
		}
	}
	res, err := m.ScoreAllTo(nil, rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil || r.Result.Imputed != 0 {
			t.Fatalf("firm %d: %+v, want a complete valid firm", i, r)
		}
	}
	scores, err := m.ScoresTo(nil, cols, nil)
	if err != nil || len(scores.Notes) != 0 {
		t.Fatalf("ScoresTo: %v, notes %+v", err, scores.Notes)
	}
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"ScoreAllTo", func() { res, _ = m.ScoreAllTo(res, rows, nil) }},
		{"ScoreColumnsTo", func() { res, _ = m.ScoreColumnsTo(res, cols, nil) }},
		{"ScoresTo", func() { scores, _ = m.ScoresTo(scores, cols, nil) }},
	} {
		if a := testing.AllocsPerRun(20, tc.f); a != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tc.name, a)
		}
	}
}
