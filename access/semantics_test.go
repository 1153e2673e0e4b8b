package access_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// kindsSchema has one field of every kind.
func kindsSchema(t testing.TB) *access.Schema {
	t.Helper()
	s, err := access.CompileSchema(access.SchemaSpec{
		Version: "kinds/1",
		Fields: []access.FieldSpec{
			{Name: "n", Kind: access.FieldKindInt},
			{Name: "amount", Kind: access.FieldKindDecimal, Scale: 2, Unit: "CNY"},
			{Name: "ratio", Kind: access.FieldKindDecimal, Scale: 4},
			{Name: "text", Kind: access.FieldKindString},
			{Name: "grade", Kind: access.FieldKindEnum, Allowed: []string{"A", "B", "M", "C", "D"}},
			{Name: "flag", Kind: access.FieldKindBool},
			{Name: "day", Kind: access.FieldKindDate},
		},
	}, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// oneRule compiles a policy of one rule given as the JSON of its condition
// and options.
func oneRule(t testing.TB, s *access.Schema, rule string) *access.Policy {
	t.Helper()
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"`+s.Version()+`","rules":[{"id":"R1","code":"C1",`+rule+`}]}`)
	if err != nil {
		t.Fatalf("compile %s: %v", rule, err)
	}
	return p
}

// TestMissingNeverPasses checks semantic 3 of the access reference: a rule on
// a missing fact applies its on_missing severity (default refer), negative
// operators included, and passes only with an explicit "onMissing": "pass".
func TestMissingNeverPasses(t *testing.T) {
	s := kindsSchema(t)
	conds := []string{
		`"field":"n","op":"eq","value":0`,
		`"field":"n","op":"ne","value":0`,
		`"field":"n","op":"lt","value":5`,
		`"field":"n","op":"le","value":5`,
		`"field":"n","op":"gt","value":5`,
		`"field":"n","op":"ge","value":5`,
		`"field":"amount","op":"between","min":"0.00","max":"10.00"`,
		`"field":"grade","op":"in","value":["A","B"]`,
		`"field":"grade","op":"not-in","value":["D"]`,
		`"field":"text","op":"ne","value":"K70"`,
		`"field":"text","op":"not-in","value":["K70","J66"]`,
		`"field":"flag","op":"is-true"`,
		`"field":"flag","op":"is-false"`,
		`"field":"day","op":"ge","value":"2026-01-01"`,
		`"field":"ratio","op":"present"`,
		`"all":[{"field":"n","op":"ne","value":1},{"field":"flag","op":"is-false"}]`,
		`"any":[{"field":"n","op":"ne","value":1},{"field":"flag","op":"is-false"}]`,
	}
	tests := []struct {
		name      string
		onMissing string
		want      access.Decision
		reasons   int
	}{
		{"default refer", ``, access.Refer, 1},
		{"explicit reject", `,"onMissing":"reject"`, access.Reject, 1},
		{"explicit warn", `,"onMissing":"warn"`, access.Accept, 1},
		{"explicit pass", `,"onMissing":"pass"`, access.Accept, 0},
	}
	for _, tt := range tests {
		for _, c := range conds {
			t.Run(tt.name+"/"+c, func(t *testing.T) {
				p := oneRule(t, s, c+`,"severity":"reject"`+tt.onMissing)
				out, err := p.Decide(s.NewFacts())
				if err != nil {
					t.Fatal(err)
				}
				if out.Decision != tt.want || len(out.Reasons) != tt.reasons {
					t.Fatalf("decision %v with %d reasons, want %v with %d", out.Decision, len(out.Reasons), tt.want, tt.reasons)
				}
				if tt.reasons == 1 && !out.Reasons[0].Missing() {
					t.Errorf("reason not marked missing: %+v", out.Reasons[0])
				}
			})
		}
	}
}

// TestNullOrdering checks that missing (JSON null) is not ordered before or
// after any value, unlike null in SQL ORDER BY or in JavaScript, where
// null < 5 is true: both lt and ge give missing, neither passes.
func TestNullOrdering(t *testing.T) {
	s := kindsSchema(t)
	f, err := s.DecodeFacts([]byte(`{"n": null, "amount": null}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{
		`"field":"n","op":"lt","value":0`, `"field":"n","op":"ge","value":0`,
		`"field":"amount","op":"lt","value":"0.00"`, `"field":"amount","op":"ge","value":"0.00"`,
	} {
		out, err := oneRule(t, s, c+`,"severity":"warn","onMissing":"reject"`).Decide(f)
		if err != nil {
			t.Fatal(err)
		}
		if out.Decision != access.Reject || !out.Reasons[0].Missing() {
			t.Errorf("%s on null: %v %+v, want reject (missing)", c, out.Decision, out.Reasons)
		}
	}
}

// TestExactDecimals checks semantic 4: money compares exactly. The float64
// sum 0.1 + 0.2 is 0.30000000000000004 (IEEE 754 binary64; Goldberg 1991,
// "What every computer scientist should know about floating-point
// arithmetic"), so a float engine rejects 0.1 + 0.2 <= 0.3; decimals do not.
func TestExactDecimals(t *testing.T) {
	s := kindsSchema(t)
	if a, b := 0.1, 0.2; a+b <= 0.3 {
		t.Fatal("float64 arithmetic unexpectedly exact; the test no longer shows the float failure")
	}
	sum := decimal.RequireFromString("0.1").Add(decimal.RequireFromString("0.2"))
	tests := []struct {
		name string
		rule string
		fact decimal.Decimal
		want access.Decision
	}{
		{"0.1+0.2 <= 0.3", `"field":"amount","op":"le","value":"0.30"`, sum, access.Accept},
		{"0.1+0.2 = 0.3", `"field":"amount","op":"eq","value":"0.3"`, sum, access.Accept},
		{"upper bound inclusive", `"field":"amount","op":"between","min":"1000000.00","max":"100000000.00"`, decimal.RequireFromString("100000000.00"), access.Accept},
		{"one cent above", `"field":"amount","op":"between","min":"1000000.00","max":"100000000.00"`, decimal.RequireFromString("100000000.01"), access.Reject},
		{"literal as JSON number is exact", `"field":"amount","op":"le","value":0.30`, sum, access.Accept},
		{"beyond int64 coefficient", `"field":"amount","op":"lt","value":"123456789012345678901234567890.00"`, decimal.RequireFromString("123456789012345678901234567889.99"), access.Accept},
		{"beyond int64, equal", `"field":"amount","op":"lt","value":"123456789012345678901234567890.00"`, decimal.RequireFromString("123456789012345678901234567890"), access.Reject},
		{"ratio 0.7000 vs 0.70", `"field":"ratio","op":"le","value":"0.7000"`, decimal.RequireFromString("0.70"), access.Accept},
		{"ratio 0.7001", `"field":"ratio","op":"le","value":"0.70"`, decimal.RequireFromString("0.7001"), access.Reject},
		{"negative", `"field":"amount","op":"ge","value":"0.00"`, decimal.RequireFromString("-0.01"), access.Reject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oneRule(t, s, tt.rule+`,"severity":"reject"`)
			f := s.NewFacts()
			field := "amount"
			if p.Spec().Rules[0].Field == "ratio" {
				field = "ratio"
			}
			if err := f.SetDecimal(field, tt.fact); err != nil {
				t.Fatal(err)
			}
			out, err := p.Decide(f)
			if err != nil {
				t.Fatal(err)
			}
			if out.Decision != tt.want {
				t.Errorf("decision %v, want %v (%+v)", out.Decision, tt.want, out.Reasons)
			}
		})
	}
}

// TestInt64Beyond2To53 checks that ints are exact over int64: 2^53 + 1 =
// 9007199254740993 is not representable in float64 and rounds to 2^53 there
// (IEEE 754 binary64 has a 53-bit significand), so JSON decoders that go
// through float64 confuse the two values.
func TestInt64Beyond2To53(t *testing.T) {
	s := kindsSchema(t)
	p := oneRule(t, s, `"field":"n","op":"eq","value":9007199254740993,"severity":"reject"`)
	for _, tt := range []struct {
		json string
		want access.Decision
	}{
		{`{"n": 9007199254740993}`, access.Accept},
		{`{"n": 9007199254740992}`, access.Reject},
		{`{"n": 9223372036854775807}`, access.Reject},
	} {
		f, err := s.DecodeFacts([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		out, _ := p.Decide(f)
		if out.Decision != tt.want {
			t.Errorf("%s: %v, want %v", tt.json, out.Decision, tt.want)
		}
	}
	if float64(9007199254740993) != float64(9007199254740992) {
		t.Fatal("float64 unexpectedly distinguishes 2^53+1 from 2^53")
	}
	_, err := s.DecodeFacts([]byte(`{"n": 9223372036854775808}`))
	if diff := cmp.Diff([]problem{{"n", "ErrOverflow"}}, problems(err)); diff != "" {
		t.Errorf("int64 overflow (-want +got):\n%s", diff)
	}
}

// TestNoMixedKinds checks semantic 4 of the reference: no coercion between
// kinds, neither in literals (at Compile) nor in facts (at Set / decode).
func TestNoMixedKinds(t *testing.T) {
	s := kindsSchema(t)
	compileTests := []struct {
		name string
		rule string
		want []problem
	}{
		{"string literal on int", `"field":"n","op":"ge","value":"24"`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
		{"fraction on int", `"field":"n","op":"ge","value":24.5`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
		{"bool literal on decimal", `"field":"amount","op":"le","value":true`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
		{"number literal on string", `"field":"text","op":"eq","value":70`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
		{"lt on string", `"field":"text","op":"lt","value":"K"`, []problem{{"rules[0].op", "ErrKindMismatch"}}},
		{"lt on enum", `"field":"grade","op":"lt","value":"C"`, []problem{{"rules[0].op", "ErrKindMismatch"}}},
		{"is_true on int", `"field":"n","op":"is-true"`, []problem{{"rules[0].op", "ErrKindMismatch"}}},
		{"in on bool", `"field":"flag","op":"in","value":[true]`, []problem{{"rules[0].op", "ErrKindMismatch"}}},
		{"enum value not allowed", `"field":"grade","op":"in","value":["A","Z"]`, []problem{{"rules[0].value[1]", "ErrNotAllowed"}}},
		{"too many decimals", `"field":"ratio","op":"le","value":"0.70001"`, []problem{{"rules[0].value", "ErrScale"}}},
		{"too many decimals in number", `"field":"amount","op":"le","value":0.001`, []problem{{"rules[0].value", "ErrScale"}}},
		{"bad date", `"field":"day","op":"ge","value":"2026-02-30"`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
		{"in needs array", `"field":"n","op":"in","value":1`, []problem{{"rules[0].value", "ErrKindMismatch"}}},
	}
	for _, tt := range compileTests {
		t.Run("compile/"+tt.name, func(t *testing.T) {
			_, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[{"id":"R1","code":"C1",`+tt.rule+`,"severity":"reject"}]}`)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	factTests := []struct {
		name, json string
		want       []problem
	}{
		{"string for int", `{"n":"18"}`, []problem{{"n", "ErrKindMismatch"}}},
		{"float for int", `{"n":18.0}`, []problem{{"n", "ErrKindMismatch"}}},
		{"exponent for int", `{"n":1e3}`, []problem{{"n", "ErrKindMismatch"}}},
		{"number for string", `{"text":70}`, []problem{{"text", "ErrKindMismatch"}}},
		{"string for bool", `{"flag":"false"}`, []problem{{"flag", "ErrKindMismatch"}}},
		{"number for bool", `{"flag":0}`, []problem{{"flag", "ErrKindMismatch"}}},
		{"object for decimal", `{"amount":{"v":1}}`, []problem{{"amount", "ErrKindMismatch"}}},
		{"excess decimals", `{"amount":"1.005"}`, []problem{{"amount", "ErrScale"}}},
		{"enum not allowed", `{"grade":"E"}`, []problem{{"grade", "ErrNotAllowed"}}},
		{"unknown field", `{"nn":1}`, []problem{{"nn", "ErrUnknownField"}}},
		{"duplicate key", `{"n":1,"n":2}`, []problem{{"n", "ErrDuplicate"}}},
		{"decimal overflow", `{"amount":"1e40"}`, []problem{{"amount", "ErrOverflow"}}},
		{"huge exponent", `{"amount":1e999999999}`, []problem{{"amount", "ErrOverflow"}}},
		{"tiny exponent", `{"amount":1e-999999999}`, []problem{{"amount", "ErrScale"}}},
		{"several at once", `{"n":"x","grade":"E","zz":null}`, []problem{{"n", "ErrKindMismatch"}, {"grade", "ErrNotAllowed"}, {"zz", "ErrUnknownField"}}},
		{"not an object", `[1]`, []problem{{"$", "ErrInvalidFact"}}},
		{"trailing data", `{"n":1} {}`, []problem{{"$", "ErrInvalidFact"}}},
	}
	for _, tt := range factTests {
		t.Run("facts/"+tt.name, func(t *testing.T) {
			_, err := s.DecodeFacts([]byte(tt.json))
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	f := s.NewFacts()
	setters := []struct {
		name string
		err  error
		want []problem
	}{
		{"SetString on int", f.SetString("n", "18"), []problem{{"n", "ErrKindMismatch"}}},
		{"SetInt on decimal", f.SetInt("amount", 18), []problem{{"amount", "ErrKindMismatch"}}},
		{"SetDecimal on int", f.SetDecimal("n", decimal.NewFromInt(18)), []problem{{"n", "ErrKindMismatch"}}},
		{"SetBool on string", f.SetBool("text", true), []problem{{"text", "ErrKindMismatch"}}},
		{"SetDate on int", f.SetDate("n", time.Now()), []problem{{"n", "ErrKindMismatch"}}},
		{"SetDecimal scale", f.SetDecimal("amount", decimal.RequireFromString("0.125")), []problem{{"amount", "ErrScale"}}},
		{"SetString enum", f.SetString("grade", "a"), []problem{{"grade", "ErrNotAllowed"}}},
		{"unknown", f.SetInt("x", 1), []problem{{"x", "ErrUnknownField"}}},
	}
	for _, tt := range setters {
		if diff := cmp.Diff(tt.want, problems(tt.err)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if got, _ := f.Get("n"); got.Present() {
		t.Errorf("failed setters stored a value: %v", got)
	}
}

// TestDeclaredOrder checks semantic 6: reasons come in declared rule order,
// whatever their severity; reversing the rules reverses the reasons.
func TestDeclaredOrder(t *testing.T) {
	s := kindsSchema(t)
	rules := []string{
		`{"id":"A","code":"A","field":"n","op":"ge","value":10,"severity":"warn"}`,
		`{"id":"B","code":"B","field":"text","op":"eq","value":"x","severity":"reject"}`,
		`{"id":"C","code":"C","field":"flag","op":"is-true","severity":"refer"}`,
		`{"id":"D","code":"D","field":"grade","op":"in","value":["A"],"severity":"reject"}`,
	}
	f := s.NewFacts()
	_ = f.SetInt("n", 1)
	_ = f.SetString("text", "y")
	_ = f.SetBool("flag", false)
	ids := func(order []int) []access.RuleID {
		doc := `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[`
		for k, i := range order {
			if k > 0 {
				doc += ","
			}
			doc += rules[i]
		}
		p, err := policyJSON(s, doc+`]}`)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := p.Decide(f)
		var got []access.RuleID
		for _, r := range out.Reasons {
			got = append(got, r.RuleID())
		}
		return got
	}
	if diff := cmp.Diff([]access.RuleID{"A", "B", "C", "D"}, ids([]int{0, 1, 2, 3})); diff != "" {
		t.Errorf("declared order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]access.RuleID{"D", "C", "B", "A"}, ids([]int{3, 2, 1, 0})); diff != "" {
		t.Errorf("reversed order (-want +got):\n%s", diff)
	}
}

// TestPriority checks semantic 2: reject > refer > accept, warn never changes
// the decision, and all rules are evaluated (no short-circuit).
func TestPriority(t *testing.T) {
	s := kindsSchema(t)
	f := s.NewFacts()
	_ = f.SetInt("n", 5)
	tests := []struct {
		sevs []string // severity of failing rules
		want access.Decision
	}{
		{nil, access.Accept},
		{[]string{"warn"}, access.Accept},
		{[]string{"warn", "refer"}, access.Refer},
		{[]string{"refer", "reject", "warn"}, access.Reject},
		{[]string{"reject", "refer"}, access.Reject},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.sevs), func(t *testing.T) {
			doc := `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[{"id":"P","code":"P","field":"n","op":"eq","value":5,"severity":"reject"}`
			for i, sev := range tt.sevs {
				doc += fmt.Sprintf(`,{"id":"F%d","code":"F","field":"n","op":"gt","value":5,"severity":%q}`, i, sev)
			}
			p, err := policyJSON(s, doc+`]}`)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := p.Explain(f)
			if out.Decision != tt.want || len(out.Reasons) != len(tt.sevs) || len(out.Trace) != len(tt.sevs)+1 {
				t.Errorf("got %v, %d reasons, %d trace entries", out.Decision, len(out.Reasons), len(out.Trace))
			}
		})
	}
}

// TestLargeEnum checks an enum with more than 64 allowed values, beyond the
// fast path's bitmask: value 64 must not alias value 0.
func TestLargeEnum(t *testing.T) {
	var allowed []string
	for i := range 100 {
		allowed = append(allowed, fmt.Sprintf("V%02d", i))
	}
	s, err := access.CompileSchema(access.SchemaSpec{Version: "e/1", Fields: []access.FieldSpec{{Name: "e", Kind: access.FieldKindEnum, Allowed: allowed}}}, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{`"op":"in","value":["V00"]`, `"op":"eq","value":"V00"`} {
		p := oneRule(t, s, `"field":"e",`+op+`,"severity":"reject"`)
		for _, tt := range []struct {
			v    string
			want access.Decision
		}{{"V00", access.Accept}, {"V64", access.Reject}, {"V99", access.Reject}} {
			f := s.NewFacts()
			if err := f.SetString("e", tt.v); err != nil {
				t.Fatal(err)
			}
			if out, _ := p.Decide(f); out.Decision != tt.want {
				t.Errorf("%s with %s: %v, want %v", op, tt.v, out.Decision, tt.want)
			}
		}
	}
}
