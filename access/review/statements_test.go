package review

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func period(label string, year int, kv map[string]int64) Period {
	m := make(map[string]decimal.Decimal, len(kv))
	for k, v := range kv {
		m[k] = decimal.NewFromInt(v)
	}
	return Period{Label: label, End: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Lines: m}
}

// consistent returns two periods that satisfy every check of the default chart. Period 2024
// carries the IAS 7 illustration (jmedia.wiki mirror, review.md §5): opening cash 10,000;
// profit 50,000; depreciation 5,000; receivables up 2,000; PPE purchase 15,000; loan repaid
// 8,000 → CFO 53,000, CFI −15,000, CFF −8,000, closing cash 40,000.
func consistent() (map[string]int64, map[string]int64) {
	p1 := map[string]int64{
		"cash": 10000, "receivables": 20000, "inventory": 0, "otherCurrentAssets": 0, "currentAssets": 30000,
		"fixedAssets": 60000, "otherNonCurrentAssets": 0, "nonCurrentAssets": 60000, "totalAssets": 90000,
		"payables": 10000, "shortTermDebt": 0, "otherCurrentLiabilities": 0, "currentLiabilities": 10000,
		"longTermDebt": 30000, "otherNonCurrentLiabilities": 0, "nonCurrentLiabilities": 30000, "totalLiabilities": 40000,
		"shareCapital": 20000, "retainedEarnings": 30000, "otherEquity": 0, "equity": 50000,
		"revenue": 100000, "costOfSales": 60000, "operatingExpenses": 20000, "depreciation": 5000,
		"interestExpense": 1000, "incomeTax": 4000, "netIncome": 10000,
		"operatingCashFlow": 12000, "investingCashFlow": -5000, "financingCashFlow": 0,
		"capitalExpenditure": 5000, "disposals": 0, "dividends": 0,
	}
	p2 := map[string]int64{
		"cash": 40000, "receivables": 22000, "inventory": 0, "otherCurrentAssets": 0, "currentAssets": 62000,
		"fixedAssets": 70000, "otherNonCurrentAssets": 0, "nonCurrentAssets": 70000, "totalAssets": 132000,
		"payables": 10000, "shortTermDebt": 0, "otherCurrentLiabilities": 0, "currentLiabilities": 10000,
		"longTermDebt": 22000, "otherNonCurrentLiabilities": 0, "nonCurrentLiabilities": 22000, "totalLiabilities": 32000,
		"shareCapital": 20000, "retainedEarnings": 80000, "otherEquity": 0, "equity": 100000,
		"revenue": 200000, "costOfSales": 100000, "operatingExpenses": 35000, "depreciation": 5000,
		"interestExpense": 2000, "incomeTax": 8000, "netIncome": 50000,
		"operatingCashFlow": 53000, "investingCashFlow": -15000, "financingCashFlow": -8000,
		"capitalExpenditure": 15000, "disposals": 0, "dividends": 0,
	}
	return p1, p2
}

func stmts(p1, p2 map[string]int64) Statements {
	return Statements{Periods: []Period{period("2023", 2023, p1), period("2024", 2024, p2)}}
}

func defaultChart(t testing.TB) *Chart {
	t.Helper()
	c, err := CompileChart(DefaultChartSpec())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStatementsConsistentHasNoFinding(t *testing.T) {
	c := defaultChart(t)
	f, err := c.Check(stmts(consistent()))
	if err != nil || len(f) != 0 {
		t.Fatalf("consistent statements: %v %+v", err, f)
	}
}

func TestStatementsBreakEachOnce(t *testing.T) {
	c := defaultChart(t)
	cases := []struct {
		name   string
		edit   func(p1, p2 map[string]int64)
		code   FindingCode
		check  string
		period string
		gap    int64
	}{
		{"balance sheet", func(_, p2 map[string]int64) { p2["otherEquity"], p2["equity"] = 5000, 105000 },
			CodeIdentityBroken, "balance-sheet", "2024", -5000},
		{"net income", func(_, p2 map[string]int64) { p2["incomeTax"] = 9000 }, CodeIdentityBroken, "net-income", "2024", 1000},
		{"total", func(p1, _ map[string]int64) { p1["otherCurrentAssets"] = 3000 }, CodeTotalMismatch, "currentAssets", "2023", -3000},
		{"retained earnings", func(_, p2 map[string]int64) { p2["dividends"] = 5000 }, CodeRollForwardBroken, "retained-earnings", "2024", 5000},
		{"cash", func(_, p2 map[string]int64) { p2["investingCashFlow"] = -14000 }, CodeRollForwardBroken, "cash", "2024", -1000},
		// IAS 7 indirect method: 53,000 = 50,000 + 5,000 − 2,000; an undisclosed 3,000
		// impairment charge makes the adjusted profit 56,000.
		{"operating cash flow", func(_, p2 map[string]int64) { p2["impairment"] = 3000 }, CodeIdentityBroken, "operating-cash-flow", "2024", -3000},
		{"operating cash flow, working capital", func(_, p2 map[string]int64) { p2["otherOperatingAdjustments"] = -700 },
			CodeIdentityBroken, "operating-cash-flow", "2024", 700},
		{"fixed assets", func(_, p2 map[string]int64) { p2["disposals"] = 1000 }, CodeRollForwardBroken, "fixed-assets", "2024", 1000},
		{"sign", func(p1, _ map[string]int64) { p1["shortTermDebt"], p1["otherCurrentLiabilities"] = -100, 100 },
			CodeSignViolated, "shortTermDebt", "2023", -100},
	}
	for _, tc := range cases {
		p1, p2 := consistent()
		tc.edit(p1, p2)
		f, err := c.Check(stmts(p1, p2))
		if err != nil {
			t.Fatal(err)
		}
		if len(f) != 1 {
			t.Errorf("%s: %d findings, want 1: %+v", tc.name, len(f), f)
			continue
		}
		g := f[0]
		if g.Code != tc.code || g.Check != tc.check || g.Period != tc.period || !g.Gap.Equal(decimal.NewFromInt(tc.gap)) {
			t.Errorf("%s: got %v %s %s gap %s, want %v %s %s gap %d", tc.name, g.Code, g.Check, g.Period, g.Gap, tc.code, tc.check, tc.period, tc.gap)
		}
	}
}

func TestStatementsTolerance(t *testing.T) {
	// relTolerance 0.001 of netIncome 50,000 = 50: a gap of 49 passes, 51 fails.
	c := defaultChart(t)
	for _, tc := range []struct {
		tax  int64
		want int
	}{{8049, 0}, {8051, 1}} {
		p1, p2 := consistent()
		p2["incomeTax"] = tc.tax
		f, _ := c.Check(stmts(p1, p2))
		if len(f) != tc.want {
			t.Errorf("tax %d: %d findings, want %d", tc.tax, len(f), tc.want)
		}
	}
}

func TestStatementsMissingLineNotSilent(t *testing.T) {
	c := defaultChart(t)
	p1, p2 := consistent()
	delete(p2, "dividends")
	f, err := c.Check(stmts(p1, p2))
	if err != nil || len(f) != 1 || f[0].Code != CodeNotChecked || f[0].Check != "retained-earnings" {
		t.Fatalf("missing dividends: %v %+v", err, f)
	}
}

func TestStatementsInputErrors(t *testing.T) {
	c := defaultChart(t)
	p1, p2 := consistent()
	s := stmts(p1, p2)
	s.Periods[1].End = s.Periods[0].End
	if _, err := c.Check(s); !errors.Is(err, ErrDuplicate) {
		t.Errorf("repeated period: %v", err)
	}
	s.Periods[1].End = s.Periods[0].End.AddDate(-1, 0, 0)
	if _, err := c.Check(s); !errors.Is(err, ErrOrder) {
		t.Errorf("out of order: %v", err)
	}
	s = stmts(p1, p2)
	s.Periods[1].Lines["goodwillX"] = decimal.NewFromInt(1)
	var ie *InputError
	if _, err := c.Check(s); !errors.As(err, &ie) || ie.Field != "periods[1].lines.goodwillX" || !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown line: %v", err)
	}
	s = stmts(p1, p2)
	s.Periods[0].Lines["cash"] = decimal.New(1, 16)
	if _, err := c.Check(s); !errors.Is(err, ErrAmount) {
		t.Errorf("huge amount: %v", err)
	}
	var nilChart *Chart
	if _, err := nilChart.Check(s); !errors.Is(err, ErrMissingValue) {
		t.Errorf("nil chart: %v", err)
	}
	res := c.CheckAll([]Statements{stmts(consistent()), s})
	if res[0].Err != nil || len(res[0].Result) != 0 || !errors.As(res[1].Err, &ie) || !strings.HasPrefix(ie.Field, "statements[1].periods[0]") {
		t.Errorf("batch: %+v", res)
	}
}

func TestChartSpecErrors(t *testing.T) {
	s := DefaultChartSpec()
	n := len(s.Lines)
	s.Lines = append(s.Lines, LineSpec{Name: "cash"}, LineSpec{Name: "x", Parent: "nope"}, LineSpec{Name: "", Sign: 9})
	s.Identities[0].Right = append(s.Identities[0].Right, Term{Line: "missing"})
	s.RelTolerance = -1
	_, err := CompileChart(s)
	for _, want := range []struct {
		path string
		err  error
	}{
		{idx("lines", n) + ".name", ErrDuplicate}, {idx("lines", n+1) + ".parent", ErrUnknown}, {idx("lines", n+2) + ".name", ErrMissingValue},
		{idx("lines", n+2) + ".sign", ErrUnknown}, {"identities[0].right[2].line", ErrUnknown}, {"relTolerance", ErrTolerance},
	} {
		if !hasSpecErr(err, want.path, want.err) {
			t.Errorf("want %s %v in %v", want.path, want.err, err)
		}
	}
	// NaN and ±Inf tolerances are spec errors, never silent.
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		s := DefaultChartSpec()
		s.RelTolerance = v
		s.Jumps[0].MaxChange = v
		_, err := CompileChart(s)
		if !hasSpecErr(err, "relTolerance", ErrTolerance) || !hasSpecErr(err, "jumps[0].maxChange", ErrTolerance) {
			t.Errorf("tolerance %v: %v", v, err)
		}
	}
	cyc := ChartSpec{Kind: KindChart, Lines: []LineSpec{{Name: "a", Parent: "b"}, {Name: "b", Parent: "a"}}}
	if _, err := CompileChart(cyc); !hasSpecErr(err, "lines[0].parent", ErrInvalidSpec) {
		t.Errorf("cycle: %v", err)
	}
	if _, err := LoadChart([]byte(`{"kind":"review-chart","version":"1","lines":[],"bogus":1}`)); !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("unknown member: %v", err)
	}
	if _, err := LoadChart([]byte(`{"kind":"access-policy"}`)); !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("wrong kind: %v", err)
	}
	for _, doc := range []string{
		`{"kind":"review-chart","lines":[]}`,
		`{"kind":"review-chart","version":"","lines":[]}`,
		`{"kind":"review-chart","version":"  ","lines":[]}`,
	} {
		if _, err := LoadChart([]byte(doc)); !hasSpecErr(err, "version", ErrInvalidSpec) {
			t.Errorf("LoadChart(%s): %v, want a SpecError at version", doc, err)
		}
	}
	rec := `{"kind":"review-reconciliation","sources":[{"name":"bank","low":0.8,"high":1.2,"rank":1}]}`
	if _, err := LoadReconciliation([]byte(rec)); !hasSpecErr(err, "version", ErrInvalidSpec) {
		t.Errorf("LoadReconciliation without version: %v, want a SpecError at version", err)
	}
	big := make([]byte, MaxSpecBytes+1)
	if _, err := ParseChart(big); !errors.Is(err, ErrLimit) {
		t.Errorf("too large: %v", err)
	}
}

func hasSpecErr(err error, path string, sentinel error) bool {
	var all []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap()
	} else if err != nil {
		all = []error{err}
	}
	for _, e := range all {
		var se *SpecError
		if errors.As(e, &se) && se.Path == path && errors.Is(e, sentinel) && errors.Is(e, ErrInvalidSpec) {
			return true
		}
	}
	return false
}

func TestChartRoundTrip(t *testing.T) {
	spec := DefaultChartSpec()
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"kind":"review-chart"`) || strings.Contains(string(b), "_") {
		t.Fatalf("JSON: %s", b)
	}
	c, err := LoadChart(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Spec(); !reflect.DeepEqual(got, spec) {
		t.Errorf("round trip differs:\n%+v\n%+v", got, spec)
	}
}

func FuzzLoadChart(f *testing.F) {
	b, _ := json.Marshal(DefaultChartSpec())
	f.Add(b)
	f.Add([]byte(`{"kind":"review-chart","lines":[{"name":"a","parent":"a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := LoadChart(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error not ErrInvalidSpec: %v", err)
			}
			return
		}
		_, _ = c.Check(stmts(consistent()))
	})
}

func TestStatementsFastPathAgrees(t *testing.T) {
	// Property: the integer-cents fast path decides as the decimal path does. An amount with
	// three decimal places (8000.000) forces the decimal path for its period.
	c := defaultChart(t)
	for g := int64(-5200); g <= 5200; g += 37 {
		p1, p2 := consistent()
		fast := stmts(p1, p2)
		fast.Periods[1].Lines["incomeTax"] = decimal.New(800000+g, -2)
		fast.Periods[1].Lines["dividends"] = decimal.New(g, -2)
		slow := stmts(p1, p2)
		slow.Periods[1].Lines["incomeTax"] = decimal.New((800000+g)*10, -3)
		slow.Periods[1].Lines["dividends"] = decimal.New(g*10, -3)
		fast.Periods[1].Lines["otherOperatingAdjustments"] = decimal.New(g, -2) // operating-cash-flow gap
		slow.Periods[1].Lines["otherOperatingAdjustments"] = decimal.New(g*10, -3)
		f1, err1 := c.Check(fast)
		f2, err2 := c.Check(slow)
		if err1 != nil || err2 != nil || len(f1) != len(f2) {
			t.Fatalf("gap %d cents: fast %d findings (%v), decimal %d (%v)", g, len(f1), err1, len(f2), err2)
		}
		for i := range f1 {
			if f1[i].Code != f2[i].Code || !f1[i].Gap.Equal(f2[i].Gap) {
				t.Fatalf("gap %d: %+v vs %+v", g, f1[i], f2[i])
			}
		}
	}
}

func TestStatementsJump(t *testing.T) {
	// The consistent pair doubles revenue (100,000 → 200,000: change exactly 1, allowed);
	// 200,001 exceeds it (net income is then off by 1, within tolerance).
	c := defaultChart(t)
	p1, p2 := consistent()
	p2["revenue"] = 200001
	f, _ := c.Check(stmts(p1, p2))
	var jumps int
	for _, x := range f {
		if x.Code == CodeImplausibleJump {
			jumps++
			if x.Check != "revenue" || x.Period != "2024" || !x.Gap.Equal(decimal.NewFromInt(100001)) {
				t.Errorf("jump %+v", x)
			}
		}
	}
	if jumps != 1 || len(f) != 1 {
		t.Errorf("findings %+v", f)
	}
}

// TestStatementsJumpFastPath checks that the cents fast pass of the jump rule decides as the
// exact decimal path: the same revenue pairs are checked once in whole cents and once with a
// sub-cent line in each period (which sends the period down the decimal path), around the
// limit of a 100 % change and far from it.
func TestStatementsJumpFastPath(t *testing.T) {
	c := defaultChart(t)
	rng := rand.New(rand.NewPCG(21, 22))
	jumps := func(prev, cur decimal.Decimal, subCent bool) int {
		mk := func(year int, rev decimal.Decimal) Period {
			lines := map[string]decimal.Decimal{"revenue": rev}
			if subCent {
				lines["inventory"] = decimal.New(1, -3)
			}
			return Period{Label: strconv.Itoa(year), End: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Lines: lines}
		}
		f, err := c.Check(Statements{Periods: []Period{mk(2023, prev), mk(2024, cur)}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range f {
			if x.Code == CodeImplausibleJump {
				n++
			}
		}
		return n
	}
	for i := range 2000 {
		prev := int64(1 + rng.IntN(1_000_000_000))
		var cur int64
		switch i % 4 {
		case 0:
			cur = 2*prev + int64(rng.IntN(3)) - 1 // at the limit: −1, 0, +1 cent
		case 1:
			cur = int64(rng.IntN(3)) - 1 // falling to about zero
		default:
			cur = int64(rng.IntN(int(3 * prev)))
		}
		p, q := decimal.New(prev, -2), decimal.New(cur, -2)
		if a, b := jumps(p, q, false), jumps(p, q, true); a != b {
			t.Errorf("revenue %s → %s: %d jumps in cents, %d in decimals", p, q, a, b)
		}
	}
}

// TestOperatingCashFlow checks the indirect-method identity of the default chart on the IAS 7
// illustration (review.md §5: profit 50,000, depreciation 5,000, receivables up 2,000 → CFO
// 53,000): it holds as declared, breaks once by a declared CFO 100 above, counts undeclared
// optional lines as zero, and is not checked when a working-capital line is declared in only
// one of the two periods or in the first period.
func TestOperatingCashFlow(t *testing.T) {
	c := defaultChart(t)
	only := func(fs []Finding, check string) []Finding {
		var out []Finding
		for _, f := range fs {
			if f.Check == check {
				out = append(out, f)
			}
		}
		return out
	}
	p1, p2 := consistent()
	if fs, _ := c.Check(stmts(p1, p2)); len(only(fs, "operating-cash-flow")) != 0 {
		t.Fatalf("IAS 7 illustration: %+v", fs)
	}
	p1, p2 = consistent()
	p2["operatingCashFlow"], p2["investingCashFlow"] = 53100, -15100 // cash still rolls forward
	fs, _ := c.Check(stmts(p1, p2))
	if len(fs) != 1 {
		t.Fatalf("CFO 53,100: %+v", fs)
	}
	f := fs[0]
	if f.Code != CodeIdentityBroken || f.Period != "2024" || !f.Left.Equal(decimal.NewFromInt(53100)) ||
		!f.Right.Equal(decimal.NewFromInt(53000)) || !f.Gap.Equal(decimal.NewFromInt(100)) ||
		!f.Tolerance.Equal(decimal.RequireFromString("53.1")) || !slices.Contains(f.Lines, "receivables") {
		t.Errorf("finding %+v", f)
	}
	// Declared amortisation and impairment and a payables rise, balanced by a higher CFO.
	p1, p2 = consistent()
	p2["amortisation"], p2["impairment"], p2["otherOperatingAdjustments"] = 400, 600, -250
	p2["operatingCashFlow"], p2["investingCashFlow"] = 53750, -15750
	if fs, _ := c.Check(stmts(p1, p2)); len(fs) != 0 {
		t.Errorf("with memo lines: %+v", fs)
	}
	// payables declared only in 2024: not checked, never a silent pass.
	p1, p2 = consistent()
	delete(p1, "payables")
	fs, _ = c.Check(stmts(p1, p2))
	if nc := only(fs, "operating-cash-flow"); len(nc) != 1 || nc[0].Code != CodeNotChecked || nc[0].Period != "2024" {
		t.Errorf("payables in one period: %+v", fs)
	}
	// A single period: the change terms have no base, the identity is not run.
	p1, _ = consistent()
	p1["operatingCashFlow"] = 1
	if fs, _ := c.Check(Statements{Periods: []Period{period("2023", 2023, p1)}}); len(only(fs, "operating-cash-flow")) != 0 {
		t.Errorf("single period: %+v", fs)
	}
}

// randomConsistent draws statements over periods years that satisfy every check of the
// default chart exactly: totals are sums of their lines, assets = liabilities + equity (other
// equity takes up the difference), net income is revenue less the costs, operating cash flow
// follows the indirect method, and retained earnings, cash and fixed assets roll forward.
// Amounts are integers in units of 10^exp (exp −2: whole cents; −3: sub-cent amounts, which
// take the decimal path).
func randomConsistent(rng *rand.Rand, periods int, exp int32) Statements {
	r := func(lo, hi int64) int64 { return lo + rng.Int64N(hi-lo+1) }
	var (
		cash, rec, inv, oca      = r(50_000, 200_000), r(20_000, 80_000), r(0, 50_000), r(0, 10_000)
		fa, onca                 = r(2_000_000, 3_000_000), r(0, 100_000)
		pay, std, ocl, ltd, oncl = r(10_000, 60_000), r(0, 50_000), r(0, 20_000), r(0, 500_000), r(0, 30_000)
		sc, re                   = r(100_000, 500_000), r(-100_000, 300_000)
	)
	st := Statements{}
	for t := range periods {
		rev := r(1_000_000, 1_400_000)
		cos, opex := rev/2+r(0, rev/10), r(0, rev/5)
		dep, interest, tax := r(10_000, 60_000), r(0, 20_000), r(0, 30_000)
		ni := rev - cos - opex - dep - interest - tax
		capex, disp, div := r(0, 80_000), r(0, 20_000), r(0, 40_000)
		icf, fcf := disp-capex+r(-5_000, 5_000), r(-60_000, 60_000)
		var ocf int64
		if t == 0 {
			ocf = ni + dep + r(-10_000, 10_000) // not checked: no previous period
		} else {
			rec2, inv2, pay2 := max(0, rec+r(-10_000, 10_000)), max(0, inv+r(-10_000, 10_000)), max(0, pay+r(-10_000, 10_000))
			ocf = ni + dep - (rec2 - rec) - (inv2 - inv) + (pay2 - pay)
			rec, inv, pay = rec2, inv2, pay2
			fa += capex - dep - disp
			re += ni - div
			if cash+ocf+icf+fcf < 0 {
				fcf += -(cash + ocf + icf + fcf) + r(0, 10_000)
			}
			cash += ocf + icf + fcf
		}
		ca, nca := cash+rec+inv+oca, fa+onca
		ta := ca + nca
		cl, ncl := pay+std+ocl, ltd+oncl
		tl := cl + ncl
		oe := ta - tl - sc - re
		lines := map[string]int64{
			"cash": cash, "receivables": rec, "inventory": inv, "otherCurrentAssets": oca, "currentAssets": ca,
			"fixedAssets": fa, "otherNonCurrentAssets": onca, "nonCurrentAssets": nca, "totalAssets": ta,
			"payables": pay, "shortTermDebt": std, "otherCurrentLiabilities": ocl, "currentLiabilities": cl,
			"longTermDebt": ltd, "otherNonCurrentLiabilities": oncl, "nonCurrentLiabilities": ncl, "totalLiabilities": tl,
			"shareCapital": sc, "retainedEarnings": re, "otherEquity": oe, "equity": sc + re + oe,
			"revenue": rev, "costOfSales": cos, "operatingExpenses": opex, "depreciation": dep,
			"interestExpense": interest, "incomeTax": tax, "netIncome": ni,
			"operatingCashFlow": ocf, "investingCashFlow": icf, "financingCashFlow": fcf,
			"capitalExpenditure": capex, "disposals": disp, "dividends": div,
		}
		m := make(map[string]decimal.Decimal, len(lines))
		for k, v := range lines {
			m[k] = decimal.New(v, exp)
		}
		st.Periods = append(st.Periods, Period{Label: strconv.Itoa(2015 + t), End: time.Date(2015+t, 12, 31, 0, 0, 0, 0, time.UTC), Lines: m})
	}
	return st
}

// TestStatementsConsistentPropertyNoFinding is the issue's property "a consistent statement
// has no integrity finding" on 500 generated multi-period statements (2 to 6 periods, whole
// cents and sub-cent amounts), and checks that the generator is not vacuous: moving one
// amount off by a unit above tolerance in a random period breaks at least one check.
func TestStatementsConsistentPropertyNoFinding(t *testing.T) {
	c := defaultChart(t)
	rng := rand.New(rand.NewPCG(51, 52))
	for i := range 500 {
		exp := int32(-2 - i%2)
		s := randomConsistent(rng, 2+rng.IntN(5), exp)
		f, err := c.Check(s)
		if err != nil || len(f) != 0 {
			t.Fatalf("statement %d: %v %+v", i, err, f)
		}
		p := s.Periods[rng.IntN(len(s.Periods))]
		line := []string{"cash", "receivables", "fixedAssets", "payables", "retainedEarnings", "revenue", "incomeTax"}[rng.IntN(7)]
		// 1 % of total assets is above both tolerances (1 unit; 0.1 % of the larger side).
		p.Lines[line] = p.Lines[line].Add(p.Lines["totalAssets"].Div(decimal.NewFromInt(100)).Round(-exp))
		if f, err = c.Check(s); err != nil || len(f) == 0 {
			t.Fatalf("statement %d: %s moved in %s, no finding (%v)", i, line, p.Label, err)
		}
	}
}
