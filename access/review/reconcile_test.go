package review

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// testReconciliation states bands for the test only; no published bands exist (review.md §4).
func testReconciliation(t testing.TB) *Reconciliation {
	t.Helper()
	r, err := CompileReconciliation(ReconciliationSpec{Kind: KindReconciliation, Version: "t", Sources: []SourceSpec{
		{Name: "vat-invoices", Low: 0.9, High: 1.1, Rank: 2},
		{Name: "bank-credits", Low: 0.8, High: 1.5, Rank: 1, Required: true},
		{Name: "tax-filing", Low: 0.95, High: 1.05, Rank: 3, Required: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReconcile(t *testing.T) {
	r := testReconciliation(t)
	d := decimal.NewFromInt
	res, err := r.Reconcile("2024", d(1000000), map[string]decimal.Decimal{"bank-credits": d(950000), "vat-invoices": d(700000)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Verified.Equal(d(950000)) || res.VerifiedShare != 0.95 {
		t.Errorf("verified %s share %v, want 950000 0.95", res.Verified, res.VerifiedShare)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("findings %+v", res.Findings)
	}
	gap, miss := res.Findings[0], res.Findings[1]
	if gap.Code != CodeSourceGap || gap.Check != "vat-invoices" || gap.Ratio != 0.7 || !gap.Gap.Equal(d(300000)) || gap.Severity != SeverityWarning {
		t.Errorf("gap finding %+v", gap)
	}
	if miss.Code != CodeSourceMissing || miss.Check != "tax-filing" || miss.Severity != SeverityWarning {
		t.Errorf("missing finding %+v", miss)
	}
	// Bank credits above the declared figure verify no more than declared.
	res, _ = r.Reconcile("2024", d(100), map[string]decimal.Decimal{"bank-credits": d(140), "vat-invoices": d(100), "tax-filing": d(100)})
	if !res.Verified.Equal(d(100)) || res.VerifiedShare != 1 || len(res.Findings) != 0 {
		t.Errorf("capped: %+v", res)
	}
	// No source at all: nothing verified, every source reported missing.
	res, _ = r.Reconcile("2024", d(100), nil)
	if !res.Verified.IsZero() || res.VerifiedShare != 0 || len(res.Findings) != 3 {
		t.Errorf("none: %+v", res)
	}
	for _, c := range []struct {
		decl decimal.Decimal
		am   map[string]decimal.Decimal
		err  error
	}{
		{d(0), nil, ErrAmount}, {d(10), map[string]decimal.Decimal{"bank-credits": d(-1)}, ErrAmount},
		{d(10), map[string]decimal.Decimal{"customs": d(1)}, ErrUnknown},
	} {
		if _, err := r.Reconcile("2024", c.decl, c.am); !errors.Is(err, c.err) {
			t.Errorf("%v %v: %v", c.decl, c.am, err)
		}
	}
}

func TestReconciliationSpec(t *testing.T) {
	r := testReconciliation(t)
	b, _ := json.Marshal(r.Spec())
	if !strings.Contains(string(b), `"kind":"review-reconciliation"`) || strings.Contains(string(b), "_") {
		t.Fatalf("JSON: %s", b)
	}
	r2, err := LoadReconciliation(b)
	if err != nil || !reflect.DeepEqual(r2.Spec(), r.Spec()) {
		t.Fatalf("round trip: %v %s", err, b)
	}
	bad := ReconciliationSpec{Kind: KindReconciliation, Sources: []SourceSpec{
		{Name: "a", Low: 2, High: 1, Rank: 1}, {Name: "a", Low: 0, High: 1, Rank: 1}}}
	_, err = CompileReconciliation(bad)
	if !hasSpecErr(err, "sources[0].low", ErrTolerance) || !hasSpecErr(err, "sources[1].name", ErrDuplicate) || !hasSpecErr(err, "sources[1].rank", ErrDuplicate) {
		t.Errorf("spec errors: %v", err)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		nan := ReconciliationSpec{Kind: KindReconciliation, Sources: []SourceSpec{{Name: "a", Low: v, High: v, Rank: 1}}}
		if _, err := CompileReconciliation(nan); !hasSpecErr(err, "sources[0].low", ErrTolerance) {
			t.Errorf("band %v: %v", v, err)
		}
	}
}

func FuzzLoadReconciliation(f *testing.F) {
	f.Add([]byte(`{"kind":"review-reconciliation","sources":[{"name":"bank","low":0.8,"high":1.2,"rank":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := LoadReconciliation(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatal(err)
			}
			return
		}
		res, err := r.Reconcile("p", decimal.NewFromInt(1000), map[string]decimal.Decimal{r.Spec().Sources[0].Name: decimal.NewFromInt(900)})
		if err != nil || res.VerifiedShare < 0 || res.VerifiedShare > 1 {
			t.Fatalf("%v %+v", err, res)
		}
	})
}
