package access_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/access"
)

// TestReferenceOutcome decides the applicant of the access reference
// ("Outcome for an applicant with 18 months of operation and a missing tax
// grade") under its 8-criteria sample rule set and compares the outcome with
// the JSON printed there.
func TestReferenceOutcome(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sample-policy.json")
	f := goodFacts(t, s)
	if err := f.SetInt("operating_months", 18); err != nil {
		t.Fatal(err)
	}
	if err := f.SetInt("bureau_overdue_count_24m", 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Unset("tax_credit_grade"); err != nil {
		t.Fatal(err)
	}
	out, err := p.Decide(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	// Reference: access.md, "Outcome for an applicant with 18 months of
	// operation and a missing tax grade" (hash elided there as "sha256:...").
	want := `{"decision":"reject","policyID":"sme-credit-access","version":"2026.03.1",` +
		`"hash":"` + p.Hash() + `","reasons":[` +
		`{"ruleID":"R01","code":"ACC_OPERATING_YEARS","severity":"reject","field":"operating_months","observed":"18","expected":"\u003e= 24"},` +
		`{"ruleID":"R07","code":"ACC_TAX_CREDIT_GRADE","severity":"refer","field":"tax_credit_grade","expected":"in [A, B]","missing":true}]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("outcome JSON (-want +got):\n%s", diff)
	}
	if m := out.Reasons[0].Message("zh-CN"); m != "企业成立不满2年" {
		t.Errorf("zh-CN message = %q", m)
	}
	if m := out.Reasons[0].Message("fr"); m != "Business operating for less than 2 years" {
		t.Errorf("fallback message = %q", m)
	}
	if m := out.Reasons[1].Message("en"); m != "ACC_TAX_CREDIT_GRADE" {
		t.Errorf("message without texts = %q, want the code", m)
	}
}

func TestOutcomeJSONAccept(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	out, err := p.Decide(goodFacts(t, s))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"decision":"accept","policyID":"sme-credit-access-20","version":"2026.03.1","hash":"` + p.Hash() + `","reasons":[]}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var d access.Decision
	if err := d.UnmarshalText([]byte("refer")); err != nil || d != access.Refer {
		t.Errorf("UnmarshalText: %v %v", d, err)
	}
	if err := d.UnmarshalText([]byte("maybe")); err == nil {
		t.Error("UnmarshalText accepted an unknown decision")
	}
}
