package main

import (
	_ "embed"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

var (
	//go:embed specs/access-schema.json
	accessSchemaJSON []byte
	//go:embed specs/access-policy-v1.json
	accessPolicyJSON []byte
)

// accessRatio maps each input fact of the access schema to the Polish ratio AttrN it is read
// from, as the portfolio job's access stage does.
var accessRatio = map[string]int{
	"roa":              1,
	"debt_ratio":       2,
	"current_ratio":    4,
	"ebit_to_assets":   7,
	"equity_to_assets": 10,
	"sales_growth":     21,
}

// accessResult is the pre-loan stage's answer: the policy's simulation over both groups.
type accessResult struct {
	policy *access.Policy
	report access.SimulationReport
	n      int // firms per group
}

// loadPolicy parses and compiles the embedded schema and policy (the portfolio job's champion
// policy, v1). The schema's derived debt-to-equity ratio is the built-in formula "ratio", named in
// the document.
func loadPolicy() (*access.Policy, error) {
	schema, err := access.LoadSchema(accessSchemaJSON, access.Limits{})
	if err != nil {
		return nil, err
	}
	return access.LoadPolicy(accessPolicyJSON, schema, access.Limits{})
}

// firmFacts fills the policy's facts from the firm's ratios. A ratio becomes the shortest decimal
// that reads back as the same float (the CSV text), rounded half to even (decimal.RoundBank) to
// the field's scale: the one place where a float ratio meets the policy's exact decimals. A
// missing ratio stays a missing fact.
func firmFacts(schema *access.Schema, f *firm) (*access.Facts, error) {
	facts := schema.NewFacts()
	for field, n := range accessRatio {
		v, ok := f.ratio(n)
		if !ok {
			continue
		}
		spec, _ := schema.Field(field)
		if err := facts.SetDecimal(field, decimal.NewFromFloat(v).RoundBank(spec.Scale)); err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", f.row, err)
		}
	}
	return facts, nil
}

// runAccess decides every firm of the sample (failed firms first, then good ones) with the
// embedded policy.
func runAccess(pairs []pair) (accessResult, error) {
	pol, err := loadPolicy()
	if err != nil {
		return accessResult{}, err
	}
	facts := make([]*access.Facts, 0, 2*len(pairs))
	bad := make([]bool, 0, 2*len(pairs))
	for _, failed := range []bool{true, false} {
		for _, p := range pairs {
			f := p.good
			if failed {
				f = p.failed
			}
			fa, err := firmFacts(pol.Schema(), f)
			if err != nil {
				return accessResult{}, err
			}
			facts = append(facts, fa)
			bad = append(bad, failed)
		}
	}
	rep, err := pol.Simulate(facts, bad)
	if err != nil {
		return accessResult{}, err
	}
	return accessResult{policy: pol, report: rep, n: len(pairs)}, nil
}

// section prints the per-rule and per-decision tables.
func (a accessResult) section() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Policy %s version %s (%d rules), applied to the last statements of all %d firms.\n",
		a.policy.ID(), a.policy.Version(), a.policy.Len(), 2*a.n)
	fmt.Fprintf(&b, "A reject or refer rule 'catches' a failed firm when it hits it (a missing fact counts as a hit\n"+
		"unless the rule lets it pass); a good firm it hits is turned away or sent to manual review.\n"+
		"A warn rule only adds a reason: its hits are flags, not decisions.\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rule\tcode\tseverity\tfailed hit\tgood hit\tmissing-fact hits (both groups)\tunique hits\t\n")
	for _, r := range a.report.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d / %d\t%d / %d\t%d\t%d\t\n",
			r.RuleID, r.Code, r.Severity, r.Bad, a.n, r.Hits-r.Bad, a.n, r.Missing, r.UniqueHits)
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "decision\tfailed firms\tgood firms\t\n")
	for _, d := range a.report.Decisions {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", d.Decision, d.Bad, d.Count-d.Bad)
	}
	tw.Flush()
	return b.String()
}
