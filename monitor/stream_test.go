package monitor

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSetPrepareTo checks the streaming path of issue 22: a history prepared for a signal set
// (only the metric columns its rules read, storage reused from loan to loan) evaluates to the
// result of the full Prepare and of EvaluateTo on the history, at several dates; a set reading
// a metric the prepared value does not hold is refused; reuse does not allocate.
func TestSetPrepareTo(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	if s.need == allMetricSet || s.need == 0 {
		t.Fatalf("default set reads %b: the test needs a strict subset", s.need)
	}
	var slot Prepared // one reused value for every loan, as in a streaming run
	var got, full, hist Result
	for seed := range uint64(300) {
		h := benchHistory(seed, 6+int(seed%30))
		if err := s.PrepareTo(&slot, h); err != nil {
			t.Fatal(err)
		}
		if len(slot.vals) >= len(h.Observations)*numMetrics {
			t.Fatalf("loan %d: %d values held, want fewer than all %d metrics", seed, len(slot.vals), numMetrics)
		}
		p, err := Prepare(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, back := range []int{0, 1, 4} {
			at := asOf.AddDate(0, -back, 0)
			e1 := s.EvaluatePreparedTo(&got, &slot, at)
			e2 := s.EvaluatePreparedTo(&full, p, at)
			e3 := s.EvaluateTo(&hist, h, at)
			if (e1 == nil) != (e2 == nil) || (e1 == nil) != (e3 == nil) {
				t.Fatalf("loan %d at %v: errors %v, %v, %v", seed, at, e1, e2, e3)
			}
			opt := cmpopts.IgnoreUnexported(Result{})
			if d := cmp.Diff(full, got, opt); d != "" {
				t.Fatalf("loan %d at %v: set-prepared differs from Prepare (-full +set):\n%s", seed, at, d)
			}
			if d := cmp.Diff(hist, got, opt); d != "" {
				t.Fatalf("loan %d at %v: set-prepared differs from EvaluateTo (-history +set):\n%s", seed, at, d)
			}
		}
	}

	// A set that reads a metric the slot does not hold.
	spec := DefaultSignalSetSpec()
	spec.Rules = append(spec.Rules, RuleSpec{ID: "turnover-to-debt-low", Code: "turnover-to-debt-low", Kind: KindThreshold,
		Category: spec.Rules[0].Category, Severity: spec.Rules[0].Severity, Metric: MetricTurnoverToDebt, Op: OpLT, Value: 0.01})
	other, err := CompileSignalSet(spec)
	if err != nil {
		t.Fatal(err)
	}
	if s.need&(1<<MetricTurnoverToDebt) != 0 {
		t.Fatal("the default set reads turnover-to-debt: pick another metric")
	}
	var ie *InputError
	if err := other.EvaluatePreparedTo(&got, &slot, asOf); !errors.Is(err, ErrInvalidInput) || !errors.As(err, &ie) {
		t.Fatalf("metric not held: %v", err)
	}
	if err := s.PrepareTo(nil, benchHistory(1, 3)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil dst: %v", err)
	}
	if err := PrepareTo(&slot, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil history: %v", err)
	}

	h := benchHistory(7, 24)
	if n := testing.AllocsPerRun(20, func() {
		if err := s.PrepareTo(&slot, h); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("PrepareTo into a grown slot: %v allocations", n)
	}
}
