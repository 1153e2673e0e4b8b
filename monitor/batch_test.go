package monitor

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// allKindsSet is the default set plus a rule of every kind and option it lacks (trend,
// EWMA with both limit modes, plain and robust z-scores, consecutive counts, a windowed
// threshold with conditions on two metrics), so that batch evaluation is checked on each.
func allKindsSet(t testing.TB) *SignalSet {
	t.Helper()
	spec := DefaultSignalSetSpec()
	r := func(id RuleID, rs RuleSpec) RuleSpec {
		rs.ID, rs.Code, rs.Category, rs.Severity = id, SignalCode(id), CategoryAccount, 1+len(id)%3
		return rs
	}
	spec.Rules = append(spec.Rules,
		r("z", RuleSpec{Kind: KindZScore, Metric: MetricPDRatio, Op: OpGE, Value: 1, MinHistory: 4, Robust: true, SigmaFloor: 0.01}),
		r("zp", RuleSpec{Kind: KindZScore, Metric: MetricUtilisation, Op: OpLE, Value: -0.5, MinHistory: 6}),
		r("w", RuleSpec{Kind: KindEWMA, Metric: MetricTurnoverToDebt, Side: Down, Lambda: 0.2, L: 1.5, Limits: AsymptoticLimits, Window: 3, MinHistory: 6}),
		r("we", RuleSpec{Kind: KindEWMA, Metric: MetricDPD, Side: Up, Lambda: 0.3, L: 1, Window: 4, MinHistory: 6, SigmaFloor: 1}),
		r("tr", RuleSpec{Kind: KindTrend, Metric: MetricUtilisation, Op: OpGT, Value: 0, Window: 5}),
		r("cc", RuleSpec{Kind: KindCount, Metric: MetricDPD, Op: OpGE, Value: 1, Window: 4, MinCount: 2, Consecutive: true}),
		r("ta", RuleSpec{Kind: KindThreshold, Metric: MetricDSCR, Op: OpLT, Value: 1.5, Window: 6,
			Also: []ConditionSpec{{Metric: MetricOutstanding, Op: OpGT, Value: 0, Lag: 2}, {Metric: MetricDSCR, Op: OpLT, Value: 1.6, Lag: 3}}}),
		r("up", RuleSpec{Kind: KindCUSUM, Metric: MetricPastDue, Side: Up, K: 0.5, H: 2, Window: 4, MinHistory: 4, SigmaFloor: 1}),
	)
	s, err := CompileSignalSet(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// variedHistory is benchHistory(seed, n) with gaps: some periods Missing, some fields not
// known, some arrears past 90 days.
func variedHistory(seed uint64, n int) *History {
	h := benchHistory(seed, n)
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := range h.Observations {
		o := &h.Observations[i]
		switch rng.IntN(12) {
		case 0:
			*o = Observation{Date: o.Date, Missing: true}
		case 1:
			o.Known &^= Field(1) << rng.IntN(15)
		case 2:
			o.Known &^= FieldDSCR | FieldPD | FieldTurnover
		case 3:
			o.DPD, o.PastDue = 91+rng.IntN(300), decimal.NewFromInt(int64(rng.IntN(5000)))
			o.Known |= FieldPastDue
		}
	}
	return h
}

// TestEvaluateBatch checks that a batch evaluates, loan by loan, to what EvaluatePreparedTo
// gives for each history (signals, evidence, unevaluated rules, level, errors), for three
// signal sets, histories of different lengths with gaps, refused histories and loans with no
// observation by asOf, at several dates, with the batch and the results reused.
func TestEvaluateBatch(t *testing.T) {
	def, cards := bothSets(t)
	var b PreparedBatch
	var got []BatchResult
	var want Result
	for _, s := range []*SignalSet{def, cards, allKindsSet(t)} {
		for round := range uint64(4) {
			hs := make([]*History, 0, 80)
			for i := range uint64(75) {
				hs = append(hs, variedHistory(round*1000+i, 1+int((i*7+round)%30)))
			}
			bad := benchHistory(99, 5)
			bad.Observations[3].Date = bad.Observations[2].Date
			late := benchHistory(98, 3)
			for i := range late.Observations {
				late.Observations[i].Date = asOf.AddDate(1, i, 0)
			}
			hs = append(hs, nil, bad, late, &History{Loan: "empty"})
			err := s.PrepareBatchTo(&b, hs)
			if !errors.Is(err, ErrInvalidInput) || !errors.Is(err, ErrUnsorted) {
				t.Fatalf("refused histories: %v", err)
			}
			if b.Len() != len(hs) {
				t.Fatalf("Len = %d, want %d", b.Len(), len(hs))
			}
			for _, at := range []time.Time{asOf, asOf.AddDate(0, -1, 0), asOf.AddDate(0, -5, 0), asOf.AddDate(0, -14, 0)} {
				got = s.EvaluateBatchTo(got, &b, at)
				if len(got) != len(hs) {
					t.Fatalf("%d results for %d loans", len(got), len(hs))
				}
				for j, h := range hs {
					var errWant error
					if p, err := Prepare(h); err != nil {
						errWant = err
						if h == nil {
							errWant = nilErr("hs[" + strconv.Itoa(j) + "]")
						}
					} else {
						errWant = s.EvaluatePreparedTo(&want, p, at)
					}
					if (errWant == nil) != (got[j].Err == nil) || errWant != nil && errWant.Error() != got[j].Err.Error() {
						t.Fatalf("loan %d at %v: error %v, want %v", j, at, got[j].Err, errWant)
					}
					if errWant != nil {
						continue
					}
					if d := cmp.Diff(want, got[j].Result, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); d != "" {
						t.Fatalf("loan %d at %v: batch differs from EvaluatePreparedTo (-want +got):\n%s", j, at, d)
					}
				}
			}
		}
	}

	// reuse: no allocation once the batch and the results have grown
	hs := make([]*History, 100)
	for i := range hs {
		hs[i] = benchHistory(uint64(i), 24)
	}
	if err := def.PrepareBatchTo(&b, hs); err != nil {
		t.Fatal(err)
	}
	got = def.EvaluateBatchTo(got, &b, asOf)
	if n := testing.AllocsPerRun(10, func() {
		if err := def.PrepareBatchTo(&b, hs); err != nil {
			t.Fatal(err)
		}
		got = def.EvaluateBatchTo(got, &b, asOf)
	}); n != 0 {
		t.Errorf("PrepareBatchTo and EvaluateBatchTo reused: %v allocations", n)
	}

	// a batch prepared for a set that reads fewer metrics; nil arguments
	if got = allKindsSet(t).EvaluateBatchTo(got, &b, asOf); !errors.Is(got[0].Err, ErrInvalidInput) {
		t.Errorf("metric not held: %v", got[0].Err)
	}
	if err := def.PrepareBatchTo(nil, hs); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil dst: %v", err)
	}
	if got = def.EvaluateBatchTo(got, nil, asOf); len(got) != 0 {
		t.Errorf("nil batch: %d results", len(got))
	}
	if err := def.PrepareBatchTo(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("empty batch: %v, Len %d", err, b.Len())
	}
	if got = def.EvaluateBatchTo(got, &b, asOf); len(got) != 0 {
		t.Errorf("empty batch: %d results", len(got))
	}
	if got = def.EvaluateBatchTo(got, &b, time.Time{}); len(got) != 0 {
		t.Errorf("empty batch: %d results", len(got))
	}
}

// TestEvaluateBatchConcurrent evaluates one PreparedBatch from 8 goroutines at once, each
// with its own results (run with go test -race ./monitor/): each gets the single-threaded
// results.
func TestEvaluateBatchConcurrent(t *testing.T) {
	s := allKindsSet(t)
	hs := make([]*History, 50)
	for i := range hs {
		hs[i] = variedHistory(uint64(i+500), 24)
	}
	var b PreparedBatch
	if err := s.PrepareBatchTo(&b, hs); err != nil {
		t.Fatal(err)
	}
	want := s.EvaluateBatchTo(nil, &b, asOf)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got []BatchResult
			for range 5 {
				got = s.EvaluateBatchTo(got, &b, asOf)
				for j := range got {
					if d := cmp.Diff(want[j].Result, got[j].Result, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); d != "" {
						t.Errorf("loan %d (-want +got):\n%s", j, d)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestEvaluateBatchCUSUM checks the batch CUSUM path (baseline sums over the rows, the chart
// per loan, the cases it hands to evalDetector) against EvaluatePreparedTo on turnover
// histories shaped for each case of the default downward CUSUM rule ews05c (18 baseline
// periods, window 6): in control, a downward step (alarm), a constant baseline (zero spread:
// unevaluated), a window with no turnover known (unevaluated), a missing baseline value, a
// missing window value, a value whose sum overflows float64, and a shorter history.
func TestEvaluateBatchCUSUM(t *testing.T) {
	def, _ := bothSets(t)
	turnover := func(h *History, f func(i int, o *Observation)) *History {
		for i := range h.Observations {
			f(i, &h.Observations[i])
		}
		return h
	}
	step := func(i int, o *Observation) {
		if i >= 20 {
			o.Turnover = o.Turnover.Div(decimal.NewFromInt(20))
		}
	}
	hs := []*History{
		benchHistory(1, 24),
		turnover(benchHistory(2, 24), step),
		turnover(benchHistory(3, 24), func(i int, o *Observation) {
			if i < 18 {
				o.Turnover = decimal.NewFromInt(1000)
			}
		}),
		turnover(benchHistory(4, 24), func(i int, o *Observation) {
			if i >= 18 {
				o.Known &^= FieldTurnover
			}
		}),
		turnover(turnover(benchHistory(5, 24), step), func(i int, o *Observation) {
			if i == 3 {
				o.Known &^= FieldTurnover
			}
		}),
		turnover(turnover(benchHistory(6, 24), step), func(i int, o *Observation) {
			if i == 21 {
				o.Known &^= FieldTurnover
			}
		}),
		turnover(benchHistory(7, 24), func(i int, o *Observation) {
			if i >= 18 {
				o.Turnover = decimal.Zero
			}
		}),
		turnover(benchHistory(8, 22), step),
	}
	var b PreparedBatch
	if err := def.PrepareBatchTo(&b, hs); err != nil {
		t.Fatal(err)
	}
	got := def.EvaluateBatchTo(nil, &b, asOf)
	var want Result
	fired := map[bool]int{}
	for j, h := range hs {
		p, err := Prepare(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := def.EvaluatePreparedTo(&want, p, asOf); err != nil || got[j].Err != nil {
			t.Fatalf("loan %d: %v, batch %v", j, err, got[j].Err)
		}
		if d := cmp.Diff(want, got[j].Result, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("loan %d: batch differs from EvaluatePreparedTo (-want +got):\n%s", j, d)
		}
		for _, s := range want.Signals {
			fired[s.Rule == "ews05c"]++
		}
		if j == 2 || j == 3 {
			if !slices.Contains(want.Unevaluated, "ews05c") {
				t.Errorf("loan %d: ews05c not unevaluated: %v", j, want.Unevaluated)
			}
		}
	}
	if fired[true] < 2 { // the collapse alarms and at least one step: the alarm path runs
		t.Errorf("ews05c fired on %d loans, want at least 2", fired[true])
	}
}

// TestCanonOp checks canonOp's claim: for every op it accepts and every v not NaN, op holds
// for v and t exactly when sg·v > st; values next to t, signed zeros, subnormals and
// infinities included, and eq, ne and non-finite t refused.
func TestCanonOp(t *testing.T) {
	inf := math.Inf(1)
	ts := []float64{0, math.Copysign(0, -1), 1, -1, 0.3, -0.95, 1e-310, -1e-310, math.MaxFloat64, -math.MaxFloat64}
	for _, th := range ts {
		vs := []float64{inf, -inf, 0, math.Copysign(0, -1), 5e-324, -5e-324, th, -th,
			math.Nextafter(th, inf), math.Nextafter(th, -inf), math.Nextafter(-th, inf), math.Nextafter(-th, -inf)}
		for _, op := range []Op{OpGT, OpGE, OpLT, OpLE} {
			sg, st, ok := canonOp(op, th)
			if !ok {
				t.Fatalf("%v %g refused", op, th)
			}
			for _, v := range vs {
				if got, want := sg*v > st, op.holds(v, th); got != want {
					t.Errorf("%g %v %g: canonical %v, holds %v", v, op, th, got, want)
				}
			}
		}
	}
	for _, c := range []struct {
		op Op
		t  float64
	}{{OpEQ, 1}, {OpNE, 1}, {OpGT, inf}, {OpLE, -inf}, {OpGE, math.NaN()}} {
		if _, _, ok := canonOp(c.op, c.t); ok {
			t.Errorf("%v %g accepted", c.op, c.t)
		}
	}
}

// TestEvaluateBatchUniform is TestEvaluateBatch on batches whose loans all have as many
// periods up to asOf, where the scans read the latest period's row directly: each loan's
// result is EvaluatePreparedTo's.
func TestEvaluateBatchUniform(t *testing.T) {
	def, cards := bothSets(t)
	var b PreparedBatch
	var got []BatchResult
	var want Result
	for _, s := range []*SignalSet{def, cards, allKindsSet(t)} {
		for round := range uint64(6) {
			hs := make([]*History, 0, 80)
			for i := range uint64(77) {
				hs = append(hs, variedHistory(round*1000+i, 24))
			}
			if err := s.PrepareBatchTo(&b, hs); err != nil {
				t.Fatal(err)
			}
			for _, at := range []time.Time{asOf, asOf.AddDate(0, -1, 0), asOf.AddDate(0, -5, 0), asOf.AddDate(0, -14, 0)} {
				got = s.EvaluateBatchTo(got, &b, at)
				for j, h := range hs {
					p, err := Prepare(h)
					if err != nil {
						t.Fatal(err)
					}
					errWant := s.EvaluatePreparedTo(&want, p, at)
					if (errWant == nil) != (got[j].Err == nil) || errWant != nil && errWant.Error() != got[j].Err.Error() {
						t.Fatalf("loan %d at %v: error %v, want %v", j, at, got[j].Err, errWant)
					}
					if errWant != nil {
						continue
					}
					if d := cmp.Diff(want, got[j].Result, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); d != "" {
						t.Fatalf("loan %d at %v: batch differs from EvaluatePreparedTo (-want +got):\n%s", j, at, d)
					}
				}
			}
		}
	}
}
