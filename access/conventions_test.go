package access_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/access"
)

// snakeKey matches a JSON member name with an underscore: the convention is
// lowerCamelCase (fact names are the user's own and appear only as values
// of "name", "field" and "inputs", never as member names of a document).
var snakeKey = regexp.MustCompile(`"[A-Za-z0-9]*_[A-Za-z0-9_]*"\s*:`)

// TestDocumentRoundTrip checks each document kind of the package against
// the library's conventions: the marshalled spec says its kind, has no
// snake_case member, and parses and compiles back to an equal spec and hash.
func TestDocumentRoundTrip(t *testing.T) {
	t.Run("access-schema", func(t *testing.T) {
		s, err := access.LoadSchema([]byte(`{"kind": "access-schema", "version": "rt/1",
		  "fields": [{"name": "debt", "kind": "decimal", "scale": 2}, {"name": "assets", "kind": "decimal", "scale": 2},
		             {"name": "opened", "kind": "date"}, {"name": "today", "kind": "date"},
		             {"name": "grade", "kind": "enum", "allowed": ["A", "B"]}],
		  "derived": [{"name": "debt_ratio", "kind": "decimal", "scale": 4, "formula": "ratio", "inputs": ["debt", "assets"], "zeroCode": "ZERO_ASSETS"},
		              {"name": "age_days", "kind": "int", "formula": "date-difference", "inputs": ["today", "opened"]}]}`), access.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(s.Spec())
		if err != nil {
			t.Fatal(err)
		}
		checkDocument(t, b, access.KindSchema)
		back, err := access.LoadSchema(b, access.Limits{})
		if err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		if diff := cmp.Diff(s.Spec(), back.Spec()); diff != "" || back.Hash() != s.Hash() {
			t.Errorf("schema spec changed over the round trip (-want +got):\n%s", diff)
		}
	})
	t.Run("access-policy", func(t *testing.T) {
		s := smeSchema(t)
		p := mustPolicy(t, s, "sme20-policy.json")
		b, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		checkDocument(t, b, access.KindPolicy)
		for _, want := range []string{`"schemaVersion"`, `"onMissing"`, `"effectiveFrom"`, `"op":"not-in"`, `"op":"is-false"`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("canonical policy lacks %s", want)
			}
		}
		q, err := access.LoadPolicy(b, s, access.Limits{})
		if err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		if diff := cmp.Diff(p.Spec(), q.Spec()); diff != "" || q.Hash() != p.Hash() {
			t.Errorf("policy spec changed over the round trip (-want +got):\n%s", diff)
		}
		out, err := p.Explain(s.NewFacts())
		if err != nil {
			t.Fatal(err)
		}
		ob, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if snakeKey.Match(ob) || !strings.Contains(string(ob), `"policyID"`) || !strings.Contains(string(ob), `"ruleID"`) {
			t.Errorf("outcome JSON does not follow the convention: %s", ob)
		}
	})
	t.Run("kind refused", func(t *testing.T) {
		for _, doc := range []string{
			`{"version": "1", "fields": [{"name": "a", "kind": "int"}]}`,
			`{"kind": "access-policy", "version": "1", "fields": [{"name": "a", "kind": "int"}]}`,
		} {
			_, err := access.ParseSchema([]byte(doc), access.Limits{})
			var se *access.SpecError
			if !errors.As(err, &se) || se.Path != "kind" || !errors.Is(err, access.ErrInvalidSpec) {
				t.Errorf("%s: got %v, want a SpecError at kind", doc, err)
			}
		}
		_, err := access.ParsePolicy([]byte(`{"kind": "access-schema", "id": "p", "version": "1", "rules": []}`), access.Limits{})
		if !errors.Is(err, access.ErrInvalidSpec) {
			t.Errorf("policy of kind access-schema: %v", err)
		}
		_, err = access.ParsePolicy([]byte(`{"kind": "access-policy", "id": "p", "id": "q", "version": "1", "rules": []}`), access.Limits{})
		var se *access.SpecError
		if !errors.As(err, &se) || se.Path != "id" {
			t.Errorf("duplicate member: %v", err)
		}
	})
}

// compileErr compiles a one-rule policy on s and returns its error.
func compileErr(s *access.Schema, rule string) error {
	_, err := policyJSON(s, `{"kind":"access-policy","id":"p","version":"1","schemaVersion":"`+s.Version()+`","rules":[`+rule+`]}`)
	return err
}

func checkDocument(t *testing.T, b []byte, kind string) {
	t.Helper()
	var head struct{ Kind, Version string }
	if err := json.Unmarshal(b, &head); err != nil || head.Kind != kind || head.Version == "" {
		t.Errorf("document says kind %q version %q, want kind %q and a version", head.Kind, head.Version, kind)
	}
	if m := snakeKey.Find(b); m != nil {
		t.Errorf("snake_case member %s in\n%s", m, b)
	}
}

// TestErrorsTable checks errors.Is and errors.As over the package's
// sentinels and error types: a SpecError matches ErrInvalidSpec and its own
// sentinel, an InputError its sentinel only; messages carry one "access: "
// prefix.
func TestErrorsTable(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	var nilPolicy *access.Policy
	tests := []struct {
		name    string
		err     error
		is      []error
		isNot   []error
		asSpec  bool   // errors.As *SpecError (else *InputError)
		where   string // Path or Field
		message string // prefix of Error()
	}{
		{"unknown field", compileErr(s, `{"id":"R1","code":"C","field":"nope","op":"present","severity":"warn"}`),
			[]error{access.ErrInvalidSpec, access.ErrUnknownField}, []error{access.ErrInvalidFact}, true, "rules[0].field", "access: rules[0].field: unknown field: "},
		{"excess decimals", compileErr(s, `{"id":"R1","code":"C","field":"debt_to_asset_ratio","op":"le","value":"0.12345","severity":"warn"}`),
			[]error{access.ErrInvalidSpec, access.ErrScale}, nil, true, "rules[0].value", "access: rules[0].value: more decimals"},
		{"document too large", func() error {
			_, err := access.ParsePolicy(make([]byte, 100), access.Limits{MaxDocumentBytes: 10})
			return err
		}(), []error{access.ErrInvalidSpec, access.ErrLimit}, nil, true, "$", "access: $: size limit exceeded: "},
		{"syntax", func() error { _, err := access.ParseSchema([]byte(`{`), access.Limits{}); return err }(),
			[]error{access.ErrInvalidSpec}, []error{access.ErrLimit}, true, "$", "access: $: invalid spec: "},
		{"fact kind", s.NewFacts().SetString("operating_months", "x"),
			[]error{access.ErrKindMismatch}, []error{access.ErrInvalidSpec}, false, "operating_months", `access: operating_months = "x": kind mismatch`},
		{"fact not allowed", s.NewFacts().SetString("tax_credit_grade", "Z"),
			[]error{access.ErrNotAllowed}, nil, false, "tax_credit_grade", `access: tax_credit_grade = "Z": value not allowed`},
		{"unknown fact", s.NewFacts().SetInt("nope", 1),
			[]error{access.ErrUnknownField}, nil, false, "nope", "access: nope: unknown field"},
		{"facts not an object", func() error { _, err := s.DecodeFacts([]byte(`[]`)); return err }(),
			[]error{access.ErrInvalidFact}, nil, false, "$", "access: $ = not a JSON object: invalid fact"},
		{"nil policy", func() error { _, err := nilPolicy.Decide(s.NewFacts()); return err }(),
			[]error{access.ErrNilPolicy}, nil, false, "p", "access: p: nil policy"},
		{"nil outcome", p.DecideTo(nil, s.NewFacts()),
			[]error{access.ErrNilOutcome}, nil, false, "dst", "access: dst: nil outcome"},
		{"foreign facts", func() error { _, err := p.Decide(kindsSchema(t).NewFacts()); return err }(),
			[]error{access.ErrSchemaMismatch}, nil, false, "f", `access: f = schema "kinds/1": facts belong to another schema`},
		{"nil schema", func() error { _, err := access.CompilePolicy(p.Spec(), nil, access.Limits{}); return err }(),
			[]error{access.ErrNilSchema}, nil, false, "s", "access: s: nil schema"},
		{"batch length", func() error { _, err := p.Simulate(nil, []bool{true}); return err }(),
			[]error{access.ErrLength}, nil, false, "bad", "access: bad = 1 outcomes for 0 applicants: length mismatch"},
		{"empty policy", func() error {
			_, err := access.CompilePolicy(access.PolicySpec{ID: "p", Version: "1", SchemaVersion: s.Version()}, s, access.Limits{})
			return err
		}(), []error{access.ErrInvalidSpec, access.ErrEmptyPolicy}, nil, true, "rules", "access: rules: policy has no rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			for _, want := range tt.is {
				if !errors.Is(tt.err, want) {
					t.Errorf("%v does not match %v", tt.err, want)
				}
			}
			for _, not := range tt.isNot {
				if errors.Is(tt.err, not) {
					t.Errorf("%v matches %v", tt.err, not)
				}
			}
			var se *access.SpecError
			var ie *access.InputError
			switch {
			case tt.asSpec && errors.As(tt.err, &se):
				if se.Path != tt.where {
					t.Errorf("path %q, want %q", se.Path, tt.where)
				}
			case !tt.asSpec && errors.As(tt.err, &ie):
				if ie.Field != tt.where {
					t.Errorf("field %q, want %q", ie.Field, tt.where)
				}
			default:
				t.Errorf("%v (%T) is not the expected error type", tt.err, tt.err)
			}
			msg := tt.err.Error()
			if !strings.HasPrefix(msg, tt.message) || strings.Contains(msg, "access: access:") || strings.Count(msg, "access: ") != 1 {
				t.Errorf("message %q, want prefix %q and one package prefix", msg, tt.message)
			}
		})
	}
	// Every sentinel stands on its own with the package prefix.
	for _, e := range []error{access.ErrInvalidSpec, access.ErrInvalidFact, access.ErrUnknownField, access.ErrUnknownOp,
		access.ErrKindMismatch, access.ErrScale, access.ErrOverflow, access.ErrInvalidString, access.ErrNotAllowed,
		access.ErrDuplicate, access.ErrMissingValue, access.ErrEmptyPolicy, access.ErrLimit, access.ErrSchemaMismatch,
		access.ErrLength, access.ErrNilPolicy, access.ErrNilSchema, access.ErrNilFacts, access.ErrNilOutcome} {
		if !strings.HasPrefix(e.Error(), "access: ") || strings.Count(e.Error(), "access:") != 1 {
			t.Errorf("sentinel %q", e)
		}
	}
}

// TestEnumText checks the kebab-case text of every enumeration and that the
// zero values without text do not marshal.
func TestEnumText(t *testing.T) {
	texts := map[string]interface{ MarshalText() ([]byte, error) }{
		"not-in": access.OpNotIn, "is-true": access.OpIsTrue, "is-false": access.OpIsFalse, "ge": access.OpGE,
		"refer": access.SeverityRefer, "pass": access.SeverityPass, "reject": access.Reject, "accept": access.Accept,
		"decimal": access.FieldKindDecimal, "date-difference": access.FormulaDateDifference, "custom": access.FormulaCustom,
	}
	for want, v := range texts {
		b, err := v.MarshalText()
		if err != nil || string(b) != want {
			t.Errorf("%v marshals to %q, %v; want %q", v, b, err, want)
		}
	}
	for _, v := range []interface{ MarshalText() ([]byte, error) }{access.Op(0), access.SeverityUnset, access.DecisionUnknown, access.FieldKind(0), access.Op(200)} {
		if b, err := v.MarshalText(); err == nil {
			t.Errorf("%T zero or invalid value marshals to %q", v, b)
		}
	}
	var op access.Op
	if err := op.UnmarshalText([]byte("not_in")); err == nil {
		t.Error("the old spelling not_in is accepted")
	}
	if string(access.CodeDerivedInvalid) != "derived-value-invalid" {
		t.Errorf("CodeDerivedInvalid = %q", access.CodeDerivedInvalid)
	}
	if access.SeverityWarn.Compare(access.SeverityRefer) != -1 || access.Reject.Compare(access.Refer) != 1 {
		t.Error("Compare order")
	}
	if got := fmt.Sprint(access.OpEQ, access.OpNE, access.OpLT, access.OpLE, access.OpGT, access.OpIn, access.OpBetween, access.OpPresent); got != "eq ne lt le gt in between present" {
		t.Errorf("operator texts %q", got)
	}
}
