package access_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// TestCompileReportsEverything checks that Compile reports every problem of a
// policy at once, each with its path and sentinel.
func TestCompileReportsEverything(t *testing.T) {
	s := kindsSchema(t)
	doc := `{"kind":"access-policy","id":"","version":"1","schemaVersion":"kinds/9","rules":[
	 {"id":"R1","code":"C1","field":"nope","op":"eq","value":1,"severity":"reject"},
	 {"id":"R1","code":"bad code","field":"n","op":"eq","value":1,"severity":"pass"},
	 {"id":"R3","code":"C3","field":"ratio","op":"between","min":"0.5","max":"0.1","severity":"refer","onMissing":"refer"},
	 {"id":"R4","code":"C4","field":"n","op":"in","value":[1,2,2,null],"severity":"warn"},
	 {"id":"R5","code":"C5","field":"flag","op":"is-true","value":true,"severity":"warn"},
	 {"id":"R6","code":"C6","all":[{"field":"n","op":"ge","value":1},{"any":[]}],"field":"n","severity":"warn"},
	 {"id":"R7","code":"C7","any":[{"field":"n","op":"ge"},{"field":"amount","op":"lt","value":"1.001"}],"severity":"warn"},
	 {"id":"","code":"","severity":"refer"}
	]}`
	_, err := policyJSON(s, doc)
	if !errors.Is(err, access.ErrInvalidSpec) {
		t.Fatalf("error %v does not match ErrInvalidSpec", err)
	}
	want := []problem{
		{"id", "ErrMissingValue"},
		{"schemaVersion", "ErrSchemaMismatch"},
		{"rules[0].field", "ErrUnknownField"},
		{"rules[1].id", "ErrDuplicate"},
		{"rules[1].code", "ErrInvalidSpec"},
		{"rules[1].severity", "ErrInvalidSpec"},
		{"rules[2].max", "ErrInvalidSpec"},
		{"rules[3].value[2]", "ErrDuplicate"},
		{"rules[3].value[3]", "ErrMissingValue"},
		{"rules[4].value", "ErrInvalidSpec"},
		{"rules[5]", "ErrInvalidSpec"},
		{"rules[6].any[0].value", "ErrMissingValue"},
		{"rules[6].any[1].value", "ErrScale"},
		{"rules[7].id", "ErrMissingValue"},
		{"rules[7].code", "ErrMissingValue"},
		{"rules[7].field", "ErrMissingValue"},
		{"rules[7].op", "ErrMissingValue"},
	}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var se *access.SpecError
	if !errors.As(err, &se) || se.Error() == "" {
		t.Fatal("no SpecError")
	}
	if got := fmt.Sprint(flatten(err)[2]); !strings.HasPrefix(got, "access: rules[0].field: unknown field") {
		t.Errorf("message %q", got)
	}
}

// TestParseEnumTexts checks that ParsePolicy and ParseSchema refuse an unknown
// operator, severity, field kind or formula text, each with its path, and
// the old snake_case operator spellings among them.
func TestParseEnumTexts(t *testing.T) {
	_, err := access.ParsePolicy([]byte(`{"kind":"access-policy","id":"p","version":"1","schemaVersion":"kinds/1","rules":[
	 {"id":"R1","code":"C1","field":"n","op":"like","value":1,"severity":"deny"},
	 {"id":"R2","code":"C2","any":[{"field":"n","op":"ge","value":1},{"field":"n","op":"not_in","value":[1]}],"severity":"refer","onMissing":"ignore"}
	]}`), access.Limits{})
	want := []problem{
		{"rules[0].severity", "ErrInvalidSpec"},
		{"rules[0].op", "ErrUnknownOp"},
		{"rules[1].onMissing", "ErrInvalidSpec"},
		{"rules[1].any[1].op", "ErrUnknownOp"},
	}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("policy problems (-want +got):\n%s", diff)
	}
	_, err = access.ParseSchema([]byte(`{"kind":"access-schema","version":"1","fields":[{"name":"a","kind":"float"}],
	  "derived":[{"name":"b","kind":"int","formula":"sum","inputs":["a"]}]}`), access.Limits{})
	want = []problem{
		{"fields[0].kind", "ErrKindMismatch"},
		{"derived[0].formula", "ErrInvalidSpec"},
	}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("schema problems (-want +got):\n%s", diff)
	}
}

func TestCompileLimits(t *testing.T) {
	s := kindsSchema(t)
	rule := func(i int) string {
		return fmt.Sprintf(`{"id":"R%d","code":"C","field":"n","op":"ge","value":%d,"severity":"refer"}`, i, i)
	}
	many := func(n int) string {
		var rs []string
		for i := range n {
			rs = append(rs, rule(i))
		}
		return `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[` + strings.Join(rs, ",") + `]}`
	}
	set := func(n int) string {
		var xs []string
		for i := range n {
			xs = append(xs, fmt.Sprint(i))
		}
		return `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[{"id":"R","code":"C","field":"n","op":"in","value":[` + strings.Join(xs, ",") + `],"severity":"refer"}]}`
	}
	nest := func(depth int) string {
		c := `{"field":"n","op":"ge","value":1}`
		for range depth {
			c = `{"all":[` + c + `]}`
		}
		return `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[{"id":"R","code":"C",` + c[1:len(c)-1] + `,"severity":"refer"}]}`
	}
	lim := access.Limits{MaxDocumentBytes: 4000, MaxRules: 10, MaxSetSize: 20, MaxStringLen: 8, MaxDepth: 2}
	tests := []struct {
		name string
		doc  string
		want []problem
	}{
		{"empty", `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[]}`, []problem{{"rules", "ErrEmptyPolicy"}}},
		{"rules ok", many(10), nil},
		{"too many rules", many(11), []problem{{"rules", "ErrLimit"}}},
		{"document too big", many(60), []problem{{"$", "ErrLimit"}}},
		{"set ok", set(20), nil},
		{"set too big", set(21), []problem{{"rules[0].value", "ErrLimit"}}},
		{"string too long", `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[{"id":"R","code":"C","field":"text","op":"eq","value":"123456789","severity":"refer"}]}`, []problem{{"rules[0].value", "ErrLimit"}}},
		{"depth ok", nest(2), nil},
		{"too deep", nest(3), []problem{{"rules[0].all[0].all[0].all", "ErrLimit"}}},
		{"unknown key", `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[],"extra":1}`, []problem{{"extra", "ErrInvalidSpec"}}},
		{"trailing", `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[]} x`, []problem{{"$", "ErrInvalidSpec"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := access.ParsePolicy([]byte(tt.doc), lim)
			if err == nil {
				_, err = access.CompilePolicy(spec, s, lim)
			}
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileSchemaErrors(t *testing.T) {
	_, err := access.CompileSchema(access.SchemaSpec{
		Fields: []access.FieldSpec{
			{Name: "a", Kind: access.FieldKindInt},
			{Name: "a", Kind: access.FieldKindInt},
			{Name: "Bad Name", Kind: access.FieldKindInt},
			{Name: "f", Kind: access.FieldKind(99)},
			{Name: "d", Kind: access.FieldKindDecimal, Scale: 19},
			{Name: "i", Kind: access.FieldKindInt, Scale: 2},
			{Name: "e", Kind: access.FieldKindEnum},
			{Name: "e2", Kind: access.FieldKindEnum, Allowed: []string{"x", "x"}},
			{Name: "s", Kind: access.FieldKindString, Allowed: []string{"x"}},
		},
		Derived: []access.DerivedSpec{{FieldSpec: access.FieldSpec{Name: "r", Kind: access.FieldKindDecimal, Scale: 4}, Inputs: []string{"a", "zz"}}},
	}, access.Limits{})
	want := []problem{
		{"version", "ErrMissingValue"},
		{"fields[1].name", "ErrDuplicate"},
		{"fields[2].name", "ErrInvalidSpec"},
		{"fields[3].kind", "ErrKindMismatch"},
		{"fields[4].scale", "ErrInvalidSpec"},
		{"fields[5].scale", "ErrKindMismatch"},
		{"fields[6].allowed", "ErrMissingValue"},
		{"fields[7].allowed[1]", "ErrDuplicate"},
		{"fields[8].allowed", "ErrKindMismatch"},

		{"derived[0].inputs[1]", "ErrUnknownField"},
		{"derived[0].formula", "ErrMissingValue"},
	}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestRoundTrip checks that a compiled policy's canonical spec survives JSON
// and compiles to the same hash, and that equivalent literals ("0.7", 0.70,
// "0.7000") give the same hash while a real change does not.
func TestRoundTrip(t *testing.T) {
	s := smeSchema(t)
	for _, file := range []string{"sample-policy.json", "sme20-policy.json"} {
		p := mustPolicy(t, s, file)
		b, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		spec, err := access.ParsePolicy(b, access.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		q, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Hash() != q.Hash() {
			t.Errorf("%s: hash changed over the round trip", file)
		}
		if diff := cmp.Diff(p.Spec(), q.Spec()); diff != "" {
			t.Errorf("%s: spec changed (-want +got):\n%s", file, diff)
		}
		b2, _ := json.Marshal(q)
		if string(b) != string(b2) {
			t.Errorf("%s: JSON changed:\n%s\n%s", file, b, b2)
		}
	}
	hash := func(lit string) string {
		p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"debt_to_asset_ratio","op":"le","value":`+lit+`,"severity":"refer"}]}`)
		if err != nil {
			t.Fatal(err)
		}
		return p.Hash()
	}
	if hash(`"0.7"`) != hash(`0.70`) || hash(`0.70`) != hash(`"0.7000"`) {
		t.Error("equivalent literals give different hashes")
	}
	if hash(`"0.7"`) == hash(`"0.7001"`) {
		t.Error("different literals give the same hash")
	}
}

func TestSchemaRoundTrip(t *testing.T) {
	s := smeSchema(t)
	b, err := json.Marshal(s.Spec())
	if err != nil {
		t.Fatal(err)
	}
	spec, err := access.ParseSchema(b, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := access.CompileSchema(spec, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Hash() != s2.Hash() {
		t.Error("schema hash changed over the JSON round trip")
	}
	if fs, ok := s2.Field("debt_to_asset_ratio"); !ok || fs.Scale != 4 || fs.Kind != access.FieldKindDecimal {
		t.Errorf("Field = %+v, %v", fs, ok)
	}
}

// TestFactsRoundTrip checks MarshalJSON / DecodeFacts and the typed getters.
func TestFactsRoundTrip(t *testing.T) {
	s := smeSchema(t)
	f := goodFacts(t, s)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.DecodeFacts(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(g)
	if string(b) != string(b2) {
		t.Errorf("facts JSON changed:\n%s\n%s", b, b2)
	}
	tests := []struct {
		field string
		want  string
	}{
		{"operating_months", "48"},
		{"business_debt_cny", "1200000.00"},
		{"debt_to_asset_ratio", "0.5500"},
		{"tax_credit_grade", "A"},
		{"on_blacklist", "false"},
		{"license_expiry", "2031-06-30"},
	}
	for _, tt := range tests {
		v, ok := g.Get(tt.field)
		if !ok || v.String() != tt.want {
			t.Errorf("%s = %v (%v), want %s", tt.field, v, ok, tt.want)
		}
	}
	v, _ := g.Get("business_debt_cny")
	if !v.Decimal().Equal(decimal.RequireFromString("1200000")) || v.Kind() != access.FieldKindDecimal {
		t.Errorf("Decimal() = %v", v.Decimal())
	}
	if err := g.UnmarshalJSON([]byte(`{"operating_months": null}`)); err != nil {
		t.Fatal(err)
	}
	if v, _ := g.Get("operating_months"); v.Present() {
		t.Error("null did not make the fact missing")
	}
	if v, _ := g.Get("employees"); v.Present() {
		t.Error("UnmarshalJSON kept an old value")
	}
}

func TestCompileEffectiveFrom(t *testing.T) {
	s := kindsSchema(t)
	spec := access.PolicySpec{ID: "t", Version: "1", SchemaVersion: "kinds/1",
		EffectiveFrom: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		Rules:         []access.RuleSpec{{ID: "R", Code: "C", ConditionSpec: access.ConditionSpec{Field: "n", Op: access.OpPresent}, Severity: access.SeverityRefer}}}
	_, err := access.CompilePolicy(spec, s, access.Limits{})
	if diff := cmp.Diff([]problem{{"effectiveFrom", "ErrInvalidSpec"}}, problems(err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestBlankVersion checks that a schema or policy whose version is only
// blanks is refused at "version" (ErrMissingValue), as an empty one is and
// as every other loader of the library refuses a blank version.
func TestBlankVersion(t *testing.T) {
	_, err := access.CompileSchema(access.SchemaSpec{Version: " \t",
		Fields: []access.FieldSpec{{Name: "a", Kind: access.FieldKindInt}}}, access.Limits{})
	if diff := cmp.Diff([]problem{{"version", "ErrMissingValue"}}, problems(err)); diff != "" {
		t.Errorf("schema problems (-want +got):\n%s", diff)
	}
	s := kindsSchema(t)
	_, err = policyJSON(s, `{"kind":"access-policy","id":"p","version":"  ","schemaVersion":"kinds/1","rules":[
	 {"id":"R","code":"C","field":"n","op":"ge","value":1,"severity":"refer"}]}`)
	if diff := cmp.Diff([]problem{{"version", "ErrMissingValue"}}, problems(err)); diff != "" {
		t.Errorf("policy problems (-want +got):\n%s", diff)
	}
}
