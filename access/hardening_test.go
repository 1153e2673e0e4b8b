package access_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// TestSetDecimalExtremeExponent checks issue 18's reproducer: decimals built
// in Go with extreme exponents or coefficients are refused with ErrOverflow
// at once, the value shown in scientific notation, never expanded.
func TestSetDecimalExtremeExponent(t *testing.T) {
	s := smeSchema(t)
	huge := new(big.Int).Lsh(big.NewInt(1), 1<<20) // 2^(2^20), a 315,653-digit coefficient
	for _, tc := range []struct {
		name  string
		v     decimal.Decimal
		value string // InputError.Value
	}{
		{"exponent MinInt32", decimal.New(1, math.MinInt32), "1e-2147483648"},
		{"exponent MaxInt32", decimal.New(1, math.MaxInt32), "1e2147483647"},
		{"exponent -101", decimal.New(7, -101), "7e-101"},
		{"huge coefficient", decimal.NewFromBigInt(huge, 0), "(315653-digit coefficient)e0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := s.NewFacts()
			err := f.SetDecimal("annual_sales_cny", tc.v)
			var ie *access.InputError
			if !errors.Is(err, access.ErrOverflow) || !errors.As(err, &ie) || ie.Field != "annual_sales_cny" || ie.Value != tc.value {
				t.Fatalf("got %v (%#v), want ErrOverflow with value %s", err, ie, tc.value)
			}
			if len(err.Error()) > 200 {
				t.Errorf("message of %d bytes", len(err.Error()))
			}
		})
	}
	// The edges of the range are accepted when the value fits the field.
	f := s.NewFacts()
	if err := f.SetDecimal("annual_sales_cny", decimal.New(1, access.MaxExponent-70)); err != nil {
		t.Errorf("1e30: %v", err)
	}
	if err := f.SetDecimal("annual_sales_cny", decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(98), nil), access.MinExponent)); err != nil {
		t.Errorf("1e98 × 10^-100: %v", err)
	}
}

// TestDerivedExtremeDecimal checks that a custom DeriveFunc returning a
// decimal with an extreme exponent makes the fact missing with
// CodeDerivedInvalid, without rescaling it (TestDerivedInvalid covers the
// decision; this checks the cost stays bounded through Explain).
func TestDerivedExtremeDecimal(t *testing.T) {
	s := derivedSchema(t, func([]access.Value) access.Value { return access.DecimalValue(decimal.New(1, math.MaxInt32)) })
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived/1","rules":[
		{"id":"R1","code":"C","field":"debt_to_equity","op":"le","value":"1","severity":"reject"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Explain(s.NewFacts())
	if err != nil || out.Trace[0].MissingCode() != access.CodeDerivedInvalid {
		t.Fatalf("got %v %+v", err, out.Trace)
	}
}

// TestErrorCap checks issue 18's amplification reproducers: a 1 MiB facts
// body of bad members and a Go-built policy with a million-wide group give
// at most MaxErrors problems plus one counting the rest, in a short message.
func TestErrorCap(t *testing.T) {
	s := smeSchema(t)
	var b strings.Builder
	b.WriteString("{")
	for i := 0; b.Len() < 1<<20-64; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"x%d":1`, i)
	}
	b.WriteString("}")
	_, err := s.DecodeFacts([]byte(b.String()))
	errs := flatten(err)
	if len(errs) != access.MaxErrors+1 || !errors.Is(errs[access.MaxErrors], access.ErrLimit) || len(err.Error()) > 8<<10 {
		t.Fatalf("%d errors, message of %d bytes", len(errs), len(err.Error()))
	}
	if !strings.Contains(errs[access.MaxErrors].Error(), "more problems not listed") {
		t.Errorf("last error %q", errs[access.MaxErrors])
	}

	// A 200,000-wide group of unknown fields: refused at its size, before
	// its members are compiled.
	members := make([]access.ConditionSpec, 200_000)
	for i := range members {
		members[i] = access.ConditionSpec{Field: "nope", Op: access.OpPresent}
	}
	spec := access.PolicySpec{ID: "p", Version: "1", SchemaVersion: s.Version(),
		Rules: []access.RuleSpec{{ID: "R", Code: "C", ConditionSpec: access.ConditionSpec{Any: members}, Severity: access.SeverityRefer}}}
	_, err = access.CompilePolicy(spec, s, access.Limits{})
	if !errors.Is(err, access.ErrLimit) || len(err.Error()) > 1<<10 {
		t.Fatalf("million-wide group: %d bytes: %.200v", len(err.Error()), err)
	}

	// Many bad rules: each reports, up to the cap.
	rules := make([]access.RuleSpec, 1000)
	for i := range rules {
		rules[i] = access.RuleSpec{ID: access.RuleID(fmt.Sprint("R", i)), Code: "C",
			ConditionSpec: access.ConditionSpec{Field: "nope", Op: access.OpPresent}, Severity: access.SeverityRefer}
	}
	spec.Rules = rules
	_, err = access.CompilePolicy(spec, s, access.Limits{})
	if errs := flatten(err); len(errs) != access.MaxErrors+1 || !errors.Is(errs[access.MaxErrors], access.ErrLimit) {
		t.Fatalf("%d errors", len(errs))
	}
}

// TestLoneSurrogateLiteral checks issue 22 item 5: a policy literal with a
// lone UTF-16 surrogate escape or invalid UTF-8 is refused with
// ErrInvalidString (never turned into U+FFFD, which would then match a
// U+FFFD fact), in a document and in a spec built in Go alike.
func TestLoneSurrogateLiteral(t *testing.T) {
	s := kindsSchema(t)
	for _, lit := range []string{`"\ud800"`, `"a\udc00b"`, `["A", "\ud800"]`, `"\ud800\u0041"`} {
		op := "eq"
		if strings.HasPrefix(lit, "[") {
			op = "in"
		}
		doc := `{"kind":"access-policy","id":"p","version":"1","schemaVersion":"kinds/1","rules":[
			{"id":"R1","code":"C","field":"text","op":"` + op + `","value":` + lit + `,"severity":"reject"}]}`
		_, err := access.ParsePolicy([]byte(doc), access.Limits{})
		var se *access.SpecError
		if !errors.Is(err, access.ErrInvalidString) || !errors.Is(err, access.ErrInvalidSpec) || !errors.As(err, &se) {
			t.Errorf("document with %s: %v", lit, err)
		}
		// The same literal in a spec built in Go.
		spec := access.PolicySpec{ID: "p", Version: "1", SchemaVersion: "kinds/1", Rules: []access.RuleSpec{{ID: "R1", Code: "C",
			ConditionSpec: access.ConditionSpec{Field: "text", Op: access.OpEQ, Value: json.RawMessage(lit)}, Severity: access.SeverityReject}}}
		if op == "in" {
			spec.Rules[0].Op = access.OpIn
		}
		_, err = access.CompilePolicy(spec, s, access.Limits{})
		if !errors.Is(err, access.ErrInvalidString) || !errors.As(err, &se) || se.Path != "rules[0].value" {
			t.Errorf("Go spec with %s: %v", lit, err)
		}
	}
	spec := access.PolicySpec{ID: "p", Version: "1", SchemaVersion: "kinds/1", Rules: []access.RuleSpec{{ID: "R1", Code: "C",
		ConditionSpec: access.ConditionSpec{Field: "text", Op: access.OpEQ, Value: json.RawMessage("\"\xff\"")}, Severity: access.SeverityReject}}}
	if _, err := access.CompilePolicy(spec, s, access.Limits{}); !errors.Is(err, access.ErrInvalidString) {
		t.Errorf("invalid UTF-8 literal: %v", err)
	}
	// A valid surrogate pair is text.
	if _, err := policyJSON(s, `{"kind":"access-policy","id":"p","version":"1","schemaVersion":"kinds/1","rules":[
		{"id":"R1","code":"C","field":"text","op":"eq","value":"\ud83d\ude00","severity":"reject"}]}`); err != nil {
		t.Errorf("surrogate pair: %v", err)
	}
}

// TestConcurrentExplainAndBatch decides the 20-rule policy from 64 goroutines at once
// (run with -race) and checks every result against the single-threaded one.
func TestConcurrentExplainAndBatch(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	good := goodFacts(t, s)
	bad := good.Clone()
	if err := bad.SetInt("operating_months", 3); err != nil {
		t.Fatal(err)
	}
	_ = bad.Unset("inquiries_3m")
	applicants := []*access.Facts{good, bad, s.NewFacts()}
	want := make([]string, len(applicants))
	for i, f := range applicants {
		out, err := p.Explain(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(out)
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out access.Outcome
			for k := range 10 {
				i := (g + k) % len(applicants)
				if err := p.DecideTo(&out, applicants[i]); err != nil {
					errs <- err.Error()
					return
				}
				ex, _ := p.Explain(applicants[i])
				if out.Decision != ex.Decision || len(out.Reasons) != len(ex.Reasons) {
					errs <- fmt.Sprintf("applicant %d: DecideTo %v, Explain %v", i, out.Decision, ex.Decision)
					return
				}
				b, _ := json.Marshal(ex)
				if string(b) != want[i] {
					errs <- fmt.Sprintf("applicant %d: %s, want %s", i, b, want[i])
					return
				}
				if r := p.DecideAll(applicants); r[i].Err != nil || r[i].Result.Decision != out.Decision {
					errs <- fmt.Sprintf("applicant %d: DecideAll %v", i, r[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSettersDoNotAllocate checks that the bounds checks of the setters (the
// exponent range, the error texts built only on failure) cost no allocation
// on the path of a valid value.
func TestSettersDoNotAllocate(t *testing.T) {
	s := smeSchema(t)
	f := s.NewFacts()
	d := decimal.RequireFromString("12.50")
	for name, fn := range map[string]func(){
		"SetInt":     func() { _ = f.SetInt("operating_months", 30) },
		"SetString":  func() { _ = f.SetString("tax_credit_grade", "A") },
		"SetDecimal": func() { _ = f.SetDecimal("annual_sales_cny", d) },
		"SetBool":    func() { _ = f.SetBool("on_blacklist", false) },
	} {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s: %v allocations", name, n)
		}
	}
}

// TestConcurrentDerived decides a policy on a derived ratio from 64
// goroutines (run with -race): the derived facts live in each caller's
// Outcome, never in the shared Policy.
func TestConcurrentDerived(t *testing.T) {
	s := derivedSchema(t, nil)
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived/1","rules":[
		{"id":"R1","code":"ACC_DEBT_TO_EQUITY","field":"debt_to_equity","op":"le","value":"2.0000","severity":"reject"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{`{"total_liabilities":"1000000.00","equity":"500000.00"}`, `{"total_liabilities":"1000000.00","equity":"333333.33"}`, `{"total_liabilities":"1.00","equity":"0.00"}`}
	want := []access.Decision{access.Accept, access.Reject, access.Refer}
	facts := make([]*access.Facts, len(docs))
	for i, d := range docs {
		if facts[i], err = s.DecodeFacts([]byte(d)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var failed sync.Once
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out access.Outcome
			for k := range 30 {
				i := (g + k) % len(facts)
				if err := p.DecideTo(&out, facts[i]); err != nil || out.Decision != want[i] {
					failed.Do(func() { t.Errorf("applicant %d: %v %v, want %v", i, out.Decision, err, want[i]) })
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestDecideAllMatchesDecide checks DecideAll against Decide applicant by
// applicant, and that the outcomes' reasons, which share storage, stay
// independent when a caller appends to one.
func TestDecideAllMatchesDecide(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	good := goodFacts(t, s)
	var apps []*access.Facts
	for i := range 40 {
		f := good.Clone()
		_ = f.SetInt("operating_months", int64(i))
		if i%4 == 0 {
			_ = f.Unset("inquiries_3m")
		}
		apps = append(apps, f)
	}
	got := p.DecideAll(apps)
	for i := range got {
		got[i].Result.Reasons = append(got[i].Result.Reasons, access.Reason{})
	}
	for i, f := range apps {
		want, err := p.Decide(f)
		if err != nil || got[i].Err != nil {
			t.Fatal(err, got[i].Err)
		}
		rs := got[i].Result.Reasons[:len(got[i].Result.Reasons)-1]
		if got[i].Result.Decision != want.Decision || got[i].Result.Hash != want.Hash || len(rs) != len(want.Reasons) {
			t.Fatalf("applicant %d: %v with %d reasons, want %v with %d", i, got[i].Result.Decision, len(rs), want.Decision, len(want.Reasons))
		}
		for k := range rs {
			if rs[k].RuleID() != want.Reasons[k].RuleID() || rs[k].Observed() != want.Reasons[k].Observed() {
				t.Fatalf("applicant %d reason %d: %v, want %v", i, k, rs[k].RuleID(), want.Reasons[k].RuleID())
			}
		}
	}
}
