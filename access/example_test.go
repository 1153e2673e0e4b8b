package access_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

const exampleSchema = `{"kind": "access-schema",
  "version": "sme-facts/1",
  "fields": [
    {"name": "operating_months", "kind": "int", "unit": "months"},
    {"name": "debt_to_asset_ratio", "kind": "decimal", "scale": 4, "unit": "fraction"},
    {"name": "tax_credit_grade", "kind": "enum", "allowed": ["A", "B", "M", "C", "D"]},
    {"name": "on_blacklist", "kind": "bool"}
  ]
}`

const examplePolicy = `{"kind": "access-policy",
  "id": "sme-credit-access", "version": "2026.03.1", "schemaVersion": "sme-facts/1",
  "rules": [
    {"id": "R01", "code": "ACC_OPERATING_YEARS", "field": "operating_months", "op": "ge", "value": 24,
     "severity": "reject", "message": {"en": "Business operating for less than 2 years", "zh-CN": "企业成立不满2年"}},
    {"id": "R03", "code": "ACC_DEBT_ASSET_RATIO", "field": "debt_to_asset_ratio", "op": "le", "value": "0.7000",
     "severity": "refer"},
    {"id": "R07", "code": "ACC_TAX_CREDIT_GRADE", "field": "tax_credit_grade", "op": "in", "value": ["A", "B"],
     "severity": "reject"},
    {"id": "R08", "code": "ACC_BLACKLIST", "field": "on_blacklist", "op": "is-false",
     "severity": "reject", "onMissing": "reject"}
  ]
}`

// Example loads a schema and a policy from JSON, decodes an applicant's facts
// and decides: 18 months of operation fails a reject rule, and the missing
// tax grade is referred (missing never passes).
func Example() {
	sspec, err := access.ParseSchema([]byte(exampleSchema), access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	schema, err := access.CompileSchema(sspec, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pspec, err := access.ParsePolicy([]byte(examplePolicy), access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, err := access.CompilePolicy(pspec, schema, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	facts, err := schema.DecodeFacts([]byte(`{"operating_months": 18, "debt_to_asset_ratio": "0.65",
		"tax_credit_grade": null, "on_blacklist": false}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := policy.Decide(facts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("decision:", out.Decision, "by", out.PolicyID, out.Version)
	for _, r := range out.Reasons {
		fmt.Printf("%s %s %s: observed %v, expected %s (%s)\n", r.RuleID(), r.Severity(), r.Code(), r.Observed(), r.Expected(), r.Message("en"))
	}
	// Output:
	// decision: reject by sme-credit-access 2026.03.1
	// R01 reject ACC_OPERATING_YEARS: observed 18, expected >= 24 (Business operating for less than 2 years)
	// R07 refer ACC_TAX_CREDIT_GRADE: observed missing, expected in [A, B] (ACC_TAX_CREDIT_GRADE)
}

// ExamplePolicy_DecideAll decides a batch with LoadSchema and LoadPolicy:
// each applicant gets its outcome or its own error, in input order.
func ExamplePolicy_DecideAll() {
	schema, err := access.LoadSchema([]byte(exampleSchema), access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, err := access.LoadPolicy([]byte(examplePolicy), schema, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	good, _ := schema.DecodeFacts([]byte(`{"operating_months": 36, "debt_to_asset_ratio": "0.5",
		"tax_credit_grade": "A", "on_blacklist": false}`))
	young := good.Clone()
	_ = young.SetInt("operating_months", 6)
	for i, r := range policy.DecideAll([]*access.Facts{good, young, nil}) {
		fmt.Println(i, r.Result.Decision, len(r.Result.Reasons), r.Err)
	}
	// Output:
	// 0 accept 0 <nil>
	// 1 reject 1 <nil>
	// 2 Decision(0) 0 access: applicants[2]: nil facts or facts not created by Schema.NewFacts
}

// Example_errors shows ParsePolicy and CompilePolicy reporting every problem of a policy at once,
// each with its path, and a fact refused by a setter.
func Example_errors() {
	sspec, _ := access.ParseSchema([]byte(exampleSchema), access.Limits{})
	schema, _ := access.CompileSchema(sspec, access.Limits{})
	_, err := access.ParsePolicy([]byte(`{"kind": "access-policy", "id": "p", "version": "1", "schemaVersion": "sme-facts/1", "rules": [
	  {"id": "R1", "code": "C1", "field": "employees", "op": "like", "value": 300, "severity": "block"}]}`), access.Limits{})
	fmt.Println(errors.Is(err, access.ErrUnknownOp))
	fmt.Println(err)

	bad := `{"kind": "access-policy", "id": "p", "version": "1", "schemaVersion": "sme-facts/1", "rules": [
	  {"id": "R1", "code": "C1", "field": "operating_months", "op": "ge", "value": "24", "severity": "reject"},
	  {"id": "R2", "code": "C2", "field": "debt_to_asset_ratio", "op": "le", "value": "0.70001", "severity": "refer"},
	  {"id": "R3", "code": "C3", "field": "employees", "op": "le", "value": 300, "severity": "reject"}]}`
	pspec, _ := access.ParsePolicy([]byte(bad), access.Limits{})
	_, err = access.CompilePolicy(pspec, schema, access.Limits{})
	fmt.Println(errors.Is(err, access.ErrInvalidSpec), errors.Is(err, access.ErrScale))
	fmt.Println(err)

	facts := schema.NewFacts()
	err = facts.SetDecimal("debt_to_asset_ratio", decimal.RequireFromString("0.123456"))
	var fe *access.InputError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, errors.Is(err, access.ErrScale))
	}
	// Output:
	// true
	// access: rules[0].severity: invalid spec: unknown Severity "block" (valid: ["pass" "warn" "refer" "reject"])
	// access: rules[0].op: unknown operator: unknown Op "like" (valid: ["eq" "ne" "lt" "le" "gt" "ge" "between" "in" "not-in" "is-true" "is-false" "present"])
	// true true
	// access: rules[0].value: kind mismatch: want an integer number, got a string (rule "R1")
	// access: rules[1].value: more decimals than the field's scale: 0.70001 has more than 4 decimals (rule "R2")
	// access: rules[2].field: unknown field: "employees" is not in schema "sme-facts/1" (rule "R3")
	// debt_to_asset_ratio true
}

// ExampleDiff compares two versions of a policy over three applicants.
func ExampleDiff() {
	sspec, _ := access.ParseSchema([]byte(exampleSchema), access.Limits{})
	schema, _ := access.CompileSchema(sspec, access.Limits{})
	v1spec, _ := access.ParsePolicy([]byte(examplePolicy), access.Limits{})
	v1, _ := access.CompilePolicy(v1spec, schema, access.Limits{})
	v2spec := v1.Spec()
	v2spec.Version = "2026.06.1"
	v2spec.Rules[1].Value = []byte(`"0.6000"`) // tighter debt ratio
	v2spec.Rules = v2spec.Rules[:3]            // drop the blacklist rule
	v2, err := access.CompilePolicy(v2spec, schema, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var applicants []*access.Facts
	for _, doc := range []string{
		`{"operating_months": 36, "debt_to_asset_ratio": "0.65", "tax_credit_grade": "A", "on_blacklist": false}`,
		`{"operating_months": 36, "debt_to_asset_ratio": "0.55", "tax_credit_grade": "B"}`,
		`{"operating_months": 12, "debt_to_asset_ratio": "0.65", "tax_credit_grade": "A", "on_blacklist": false}`,
	} {
		f, _ := schema.DecodeFacts([]byte(doc))
		applicants = append(applicants, f)
	}
	d, err := access.Diff(v1, v2, applicants)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("removed:", d.Removed, "changed:", d.Changed)
	for _, t := range d.Transitions {
		fmt.Printf("%s -> %s: %d\n", t.From, t.To, t.Count)
	}
	fmt.Println("changed applicants:", d.ChangedApplicants)
	// Output:
	// removed: [R08] changed: [{R03 [condition]}]
	// accept -> refer: 1
	// reject -> accept: 1
	// reject -> reject: 1
	// changed applicants: [0 1]
}

// ExampleFormula declares a derived debt-to-equity ratio in the schema
// document with the built-in formula ratio; a zero equity makes it missing
// with the document's code instead of an infinite ratio.
func ExampleFormula() {
	schema, err := access.LoadSchema([]byte(`{"kind": "access-schema", "version": "ratios/1",
	  "fields": [
	    {"name": "total_liabilities", "kind": "decimal", "scale": 2, "unit": "CNY"},
	    {"name": "equity", "kind": "decimal", "scale": 2, "unit": "CNY"}],
	  "derived": [
	    {"name": "debt_to_equity", "kind": "decimal", "scale": 4, "formula": "ratio",
	     "inputs": ["total_liabilities", "equity"], "zeroCode": "DEBT_TO_EQUITY_DENOMINATOR_ZERO"}]}`), access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	spec, _ := access.ParsePolicy([]byte(`{"kind":"access-policy","id": "p", "version": "1", "schemaVersion": "ratios/1", "rules": [
	  {"id": "R1", "code": "ACC_DEBT_TO_EQUITY", "field": "debt_to_equity", "op": "le", "value": "2.5", "severity": "reject"}]}`), access.Limits{})
	policy, err := access.CompilePolicy(spec, schema, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, doc := range []string{
		`{"total_liabilities": "3000000.00", "equity": "1000000.00"}`,
		`{"total_liabilities": "3000000.00", "equity": "0.00"}`,
	} {
		f, _ := schema.DecodeFacts([]byte(doc))
		out, _ := policy.Decide(f)
		r := out.Reasons[0]
		fmt.Printf("%s observed=%v code=%q\n", out.Decision, r.Observed(), r.MissingCode())
	}
	// Output:
	// reject observed=3.0000 code=""
	// refer observed=missing code="DEBT_TO_EQUITY_DENOMINATOR_ZERO"
}
