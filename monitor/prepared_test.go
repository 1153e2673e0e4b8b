package monitor

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// TestPrepareMetrics checks every metric of a prepared history against its definition in the
// Metric constants, worked by hand, including the missing cases: a field not known, a zero
// denominator, an unknown debt elsewhere (left out of creditBalanceToDebt), a Missing period.
func TestPrepareMetrics(t *testing.T) {
	all := FieldPastDue | FieldOutstanding | FieldLimit | FieldTurnover | FieldCreditBalance | FieldCollateral |
		FieldRevenue | FieldDebtElsewhere | FieldEquityToAssets | FieldProfitMargin | FieldDSCR |
		FieldCurrentRatio | FieldQuickRatio | FieldPD | FieldCovenant
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	full := Observation{Date: asOf.AddDate(0, -2, 0), Known: all, DPD: 12, Events: EventLawsuit,
		PastDue: d("50"), Outstanding: d("1000"), Limit: d("800"), Turnover: d("250.5"), CreditBalance: d("30"),
		Collateral: d("1250"), Revenue: d("5000"), DebtElsewhere: d("500"),
		EquityToAssets: 0.2, ProfitMargin: -0.03, DSCR: 1.1, CurrentRatio: 0.9, QuickRatio: 0.4, PD: 0.04,
		CovenantBreach: true}
	partial := Observation{Date: asOf.AddDate(0, -1, 0), Known: FieldOutstanding | FieldLimit | FieldCreditBalance | FieldCovenant,
		Outstanding: d("1000"), Limit: d("0"), CreditBalance: d("30")}
	missing := Observation{Date: asOf, Missing: true, Known: all, DPD: 400, Outstanding: d("1")}
	h := &History{Loan: "M", PDOrigination: 0.02, Observations: []Observation{full, partial, missing}}
	p, err := Prepare(h)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Metric][3]float64{
		MetricDPD:                 {12, 0, nan},
		MetricPastDue:             {50, nan, nan},
		MetricPastDueShare:        {0.05, nan, nan}, // 50 / 1000
		MetricOutstanding:         {1000, 1000, nan},
		MetricUtilisation:         {1.25, nan, nan}, // 1000 / 800; limit 0: missing
		MetricTurnover:            {250.5, nan, nan},
		MetricTurnoverToDebt:      {0.2505, nan, nan},
		MetricCreditBalance:       {30, 30, nan},
		MetricCreditBalanceToDebt: {0.02, 0.03, nan}, // 30 / (1000 + 500); 30 / 1000 without debt elsewhere
		MetricCollateral:          {1250, nan, nan},
		MetricLTV:                 {0.8, nan, nan}, // 1000 / 1250
		MetricRevenue:             {5000, nan, nan},
		MetricDebtElsewhere:       {500, nan, nan},
		MetricEquityToAssets:      {0.2, nan, nan},
		MetricProfitMargin:        {-0.03, nan, nan},
		MetricDSCR:                {1.1, nan, nan},
		MetricCurrentRatio:        {0.9, nan, nan},
		MetricQuickRatio:          {0.4, nan, nan},
		MetricPD:                  {0.04, nan, nan},
		MetricPDRatio:             {2, nan, nan}, // 0.04 / 0.02
		MetricCovenantBreach:      {1, 0, nan},
	}
	if len(want) != numMetrics {
		t.Fatalf("test covers %d of %d metrics", len(want), numMetrics)
	}
	for m, w := range want {
		got := p.col(m)
		for i := range w {
			if !(got[i] == w[i] || math.IsNaN(got[i]) && math.IsNaN(w[i])) {
				t.Errorf("%v[%d] = %v, want %v", m, i, got[i], w[i])
			}
		}
	}
	if p.Loan() != "M" || p.Len() != 3 || p.events[0] != EventLawsuit || p.events[2] != eventMissing {
		t.Errorf("loan %q len %d events %v", p.Loan(), p.Len(), p.events)
	}
}

// TestPrepareErrors: Prepare reports what Validate reports; the prepared path reports nil
// arguments and an evaluation date before every observation.
func TestPrepareErrors(t *testing.T) {
	bad := monthly(6)
	bad.Observations[4].Outstanding = decimal.NewFromInt(-5)
	for _, h := range []*History{bad, {Loan: "pd", PDOrigination: 1.5}, nil} {
		_, err := Prepare(h)
		if err == nil || err.Error() != h.Validate().Error() {
			t.Errorf("Prepare: %v, Validate: %v", err, h.Validate())
		}
	}
	var ie *InputError
	if _, err := Prepare(bad); !errors.As(err, &ie) || !strings.HasSuffix(ie.Field, " observations[4].outstanding") {
		t.Errorf("err = %v, want Outstanding[4]", err)
	}
	s := compile(t, RuleSpec{ID: "a", Code: "A", Kind: KindThreshold, Category: CategoryBehavioural, Severity: 1,
		Metric: MetricDPD, Op: OpGT, Value: 30})
	p, err := Prepare(monthly(3))
	if err != nil {
		t.Fatal(err)
	}
	var nilSet *SignalSet
	for _, tt := range []struct {
		err   error
		field string
	}{
		{s.EvaluatePreparedTo(nil, p, asOf), "dst"},
		{s.EvaluatePreparedTo(&Result{}, nil, asOf), "Prepared"},
		{nilSet.EvaluatePreparedTo(&Result{}, p, asOf), "SignalSet"},
	} {
		if !errors.As(tt.err, &ie) || ie.Field != tt.field {
			t.Errorf("err = %v, want InputError naming %s", tt.err, tt.field)
		}
	}
	if err := s.EvaluatePreparedTo(&Result{}, p, asOf.AddDate(-1, 0, 0)); !errors.Is(err, ErrShortHistory) ||
		!errors.As(err, &ie) || ie.Value != "0 dated on or before asOf, 3 after" {
		t.Errorf("before every observation: %v", err)
	}
	if err := s.EvaluatePreparedTo(&Result{}, &Prepared{}, asOf); !errors.Is(err, ErrShortHistory) ||
		!errors.As(err, &ie) || ie.Value != "0 dated on or before asOf, 0 after" {
		t.Errorf("zero Prepared: %v", err)
	}
}

// TestPreparedConcurrent evaluates one SignalSet on one Prepared from several goroutines at
// different dates (run with -race): both are shared read-only, each goroutine owns its Result.
func TestPreparedConcurrent(t *testing.T) {
	def, cards := bothSets(t)
	p, err := Prepare(benchHistory(11, 24))
	if err != nil {
		t.Fatal(err)
	}
	dates := []time.Time{asOf, asOf.AddDate(0, -2, 0), asOf.AddDate(0, -7, 0), asOf.AddDate(0, -13, 0)}
	type key struct {
		set  int
		date int
	}
	want := map[key][]Signal{}
	for si, s := range []*SignalSet{def, cards} {
		for di, at := range dates {
			r, err := s.Evaluate(benchHistory(11, 24), at)
			if err != nil {
				t.Fatal(err)
			}
			want[key{si, di}] = r.Signals
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var r Result
			for i := range 50 {
				k := key{(g + i) % 2, (g + i) % len(dates)}
				s := []*SignalSet{def, cards}[k.set]
				if err := s.EvaluatePreparedTo(&r, p, dates[k.date]); err != nil {
					t.Error(err)
					return
				}
				if d := cmp.Diff(want[k], r.Signals, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("goroutine %d, %v (-want +got):\n%s", g, k, d)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestPreparedReviewCases: cases found in review. A huge exponent gives a short error quickly
// (the amount written out would be ten million digits); a nil Prepared has no loan and no
// observations; a sum of amounts that overflows makes creditBalanceToDebt missing, not 0; a
// change, slope or z-score that overflows float64 leaves its rule unevaluated whether or not
// it would have fired.
func TestPreparedReviewCases(t *testing.T) {
	h := monthly(3)
	h.Observations[1].Known |= FieldRevenue
	h.Observations[1].Revenue = decimal.New(1, 10_000_000)
	_, err := Prepare(h)
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasSuffix(ie.Field, "observations[1].revenue") || len(err.Error()) > 200 ||
		ie.Value != "1e+10000000 (beyond the float64 range)" {
		t.Errorf("huge exponent: %.300v", err)
	}
	var nilP *Prepared
	if nilP.Len() != 0 || nilP.Loan() != "" {
		t.Error("nil Prepared")
	}

	big := decimal.New(1, 308)
	h = monthly(2)
	for i := range h.Observations {
		o := &h.Observations[i]
		o.Known |= FieldDebtElsewhere
		o.Outstanding, o.DebtElsewhere, o.CreditBalance = big, big, big
	}
	p, err := Prepare(h)
	if err != nil {
		t.Fatal(err)
	}
	if v := p.col(MetricCreditBalanceToDebt)[1]; !math.IsNaN(v) {
		t.Errorf("creditBalanceToDebt with an overflowing debt = %v, want missing", v)
	}

	h = monthly(14)
	for i := range h.Observations {
		h.Observations[i].Known |= FieldDSCR
		h.Observations[i].DSCR = math.MaxFloat64 * float64(1-2*(i%2)) // ±MaxFloat64
	}
	up := func(id RuleID, kind RuleKind, op Op) RuleSpec {
		r := RuleSpec{ID: id, Code: "X", Kind: kind, Category: CategoryFinancial, Severity: 1, Metric: MetricDSCR, Op: op}
		switch kind {
		case KindTrend:
			r.Window = 6
		case KindChange:
			r.Lag = 1
		case KindZScore:
			r.MinHistory = 3
		}
		return r
	}
	s := compile(t, up("trend-gt", KindTrend, OpGT), up("trend-lt", KindTrend, OpLT),
		up("chg-gt", KindChange, OpGT), up("chg-lt", KindChange, OpLT),
		up("z-gt", KindZScore, OpGT), up("z-lt", KindZScore, OpLT))
	r, err := s.Evaluate(h, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]RuleID{"trend-gt", "trend-lt", "chg-gt", "chg-lt", "z-gt", "z-lt"}, r.Unevaluated); d != "" || len(r.Signals) != 0 {
		t.Errorf("overflowing statistics: signals %v, unevaluated (-want +got):\n%s", r.Signals, d)
	}
}

func TestDecimalText(t *testing.T) {
	for _, tt := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.RequireFromString("123.45"), "123.45"},
		{decimal.New(-1, -40), "-1e-40"},
		{decimal.New(123456789, 50), "1.23456789e+58"},
		{decimal.RequireFromString("12345678900000000000000000000000000000000000000000"), "1.23456789e+49"},
		{decimal.New(-25, -10_000_000), "-2.5e-9999999"},
	} {
		if got := decimalText(tt.d); got != tt.want {
			t.Errorf("decimalText(%v) = %q, want %q", tt.d.Exponent(), got, tt.want)
		}
	}
}
