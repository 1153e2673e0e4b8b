package portfolio

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Every sentinel is reachable from a public call, comes back as an *InputError naming the
// field, and the message has exactly one "portfolio: " prefix.
func TestErrorsTable(t *testing.T) {
	d := decimal.NewFromInt
	cases := []struct {
		sentinel error
		field    string
		call     func() error
	}{
		{ErrBucket, "histories[0].buckets[0]", func() error { _, err := RollRates([]History{{Buckets: []Bucket{9}}}); return err }},
		{ErrMonth, "observations[a].month", func() error {
			_, err := Histories([]Observation{{Account: "a", Month: 1}, {Account: "a", Month: 1}})
			return err
		}},
		{ErrAmount, "exposures[0].ead", func() error { _, err := Concentrate([]Exposure{{Obligor: "x", EAD: d(-1)}}, ByObligor, 1); return err }},
		{ErrProbability, "q", func() error { _, err := StressedPD(0.1, 0.1, 0); return err }},
		{ErrCorrelation, "rho", func() error { _, err := ConditionalPD(0.1, -0.1, 0); return err }},
		{ErrSize, "horizon", func() error { _, err := LossRates(&FlowMatrix{}, 0.5, MaxHorizon+1); return err }},
		{ErrValue, "z", func() error { _, err := Stress(nil, math.NaN()); return err }},
	}
	for _, c := range cases {
		err := c.call()
		var ie *InputError
		if !errors.Is(err, c.sentinel) || !errors.As(err, &ie) {
			t.Errorf("%v: got %v", c.sentinel, err)
			continue
		}
		if ie.Field != c.field {
			t.Errorf("%v: field %q, want %q", c.sentinel, ie.Field, c.field)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "portfolio: ") || strings.Contains(msg, "portfolio: portfolio:") {
			t.Errorf("message %q", msg)
		}
	}
	// Loaders join at most 100 errors and one more.
	var hs []History
	for range 150 {
		hs = append(hs, History{Buckets: []Bucket{NumBuckets}})
	}
	_, err := RollRates(hs)
	if n := strings.Count(err.Error(), "\n") + 1; n != 101 {
		t.Errorf("%d joined errors, want 101", n)
	}
	// Long values are cut.
	long := strings.Repeat("x", 500)
	_, err = Vintages([]Loan{{ID: long, Originated: -1}}, 0)
	if len(err.Error()) > 200 {
		t.Errorf("unbounded message: %d bytes", len(err.Error()))
	}
}

func TestDimensionText(t *testing.T) {
	for d := ByObligor; d <= ByRegion; d++ {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Dimension
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("%v → %s → %v %v", d, b, back, err)
		}
	}
	var x Dimension
	if err := x.UnmarshalText([]byte("Sector")); err == nil {
		t.Error("upper case accepted")
	}
}
