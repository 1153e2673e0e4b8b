package main

import (
	_ "embed"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/examples/internal/plots"
)

var (
	//go:embed specs/access-schema.json
	accessSchemaJSON []byte
	//go:embed specs/access-policy-v1.json
	accessPolicyV1JSON []byte
	//go:embed specs/access-policy-v2.json
	accessPolicyV2JSON []byte
)

// accessRatios maps each input field of specs/access-schema.json to its ratio AttrN.
var accessRatios = []struct {
	field string
	attr  int
}{
	{"roa", 1}, {"debt_ratio", 2}, {"current_ratio", 4}, {"ebit_to_assets", 7},
	{"equity_to_assets", 10}, {"sales_growth", 21},
}

// accessRatioScale is the decimal scale of the ratio fields: the CSV writes ratios with at most
// six decimals.
const accessRatioScale = 6

// accessPolicies compiles the embedded schema (with its derived debt-to-equity ratio) and the two
// embedded versions of the access policy: v1, the champion, and v2, the challenger.
func accessPolicies() (schema *access.Schema, v1, v2 *access.Policy, err error) {
	// The derived debt-to-equity ratio is the built-in formula "ratio", named in the document.
	if schema, err = access.LoadSchema(accessSchemaJSON, access.Limits{}); err != nil {
		return nil, nil, nil, fmt.Errorf("specs/access-schema.json: %w", err)
	}
	compile := func(name string, doc []byte) (*access.Policy, error) {
		p, err := access.LoadPolicy(doc, schema, access.Limits{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return p, nil
	}
	if v1, err = compile("specs/access-policy-v1.json", accessPolicyV1JSON); err != nil {
		return nil, nil, nil, err
	}
	if v2, err = compile("specs/access-policy-v2.json", accessPolicyV2JSON); err != nil {
		return nil, nil, nil, err
	}
	return schema, v1, v2, nil
}

// accessFacts turns each firm's ratios into facts of schema, in firm order. A missing ratio stays
// missing. The float64 ratio becomes the shortest decimal that reads back as the same float (the
// CSV text), rounded half-to-even to six decimals, the CSV's precision, at this one boundary.
func accessFacts(schema *access.Schema, firms []Firm) ([]*access.Facts, error) {
	out := make([]*access.Facts, len(firms))
	for i := range firms {
		f := schema.NewFacts()
		for _, r := range accessRatios {
			v, ok := firms[i].Ratio(r.attr)
			if !ok {
				continue
			}
			d := decimal.NewFromFloat(v).RoundBank(accessRatioScale)
			if err := f.SetDecimal(r.field, d); err != nil {
				return nil, fmt.Errorf("firm on line %d: Attr%d: %w", firms[i].Row, r.attr, err)
			}
		}
		out[i] = f
	}
	return out, nil
}

// accessDecide decides every firm under policy p and returns the outcomes in firm order; the case
// study reuses it. facts come from accessFacts with p's schema.
func accessDecide(p *access.Policy, facts []*access.Facts) ([]access.Outcome, error) {
	out := make([]access.Outcome, len(facts))
	for i, f := range facts {
		if err := p.DecideTo(&out[i], f); err != nil {
			return nil, fmt.Errorf("firm %d: %w", i, err)
		}
	}
	return out, nil
}

// accessStage runs the embedded access policy over the Polish firms: decision counts with the
// real bankruptcy rate per decision, each rule's hits and unique hits, one explained decision, and
// the diff between the champion (v1) and the challenger (v2) policy.
func accessStage(p *Portfolio, _ Options) (Section, error) {
	sec := Section{Title: "Access policy (Polish firms)"}
	schema, v1, v2, err := accessPolicies()
	if err != nil {
		return sec, err
	}
	facts, err := accessFacts(schema, p.Firms)
	if err != nil {
		return sec, err
	}
	bankrupt := make([]bool, len(p.Firms))
	for i := range p.Firms {
		bankrupt[i] = p.Firms[i].Bankrupt
	}
	var b doc
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	var rateLabels []string
	var rates []float64
	acceptBad := map[string]string{}
	for _, pol := range []*access.Policy{v1, v2} {
		sim, err := pol.Simulate(facts, bankrupt)
		if err != nil {
			return sec, err
		}
		var counts []string
		for _, d := range sim.Decisions {
			counts = append(counts, fmt.Sprintf("%s %d (%s)", d.Decision, d.Count, percent(d.Count, sim.N)))
			rateLabels = append(rateLabels, fmt.Sprintf("%s, %s", d.Decision, pol.Version()))
			rates = append(rates, 100*float64(d.Bad)/float64(max(d.Count, 1)))
			if d.Decision == access.Accept {
				acceptBad[pol.Version()] = fmt.Sprintf("%s of %d accepted firms", percent(d.Bad, d.Count), d.Count)
			}
		}
		b.keyFigure("Access decisions, policy "+pol.Version(), "%s", strings.Join(counts, ", "))
		fmt.Fprintf(&b, "Policy %s version %s (%d rules, %s…), %d firms decided:\n",
			pol.ID(), pol.Version(), pol.Len(), pol.Hash()[:19], sim.N)
		fmt.Fprintln(tw, "decision\tfirms\tshare\tbankrupt\tbankruptcy rate\t")
		for _, d := range sim.Decisions {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t\n", d.Decision, d.Count, percent(d.Count, sim.N), d.Bad, percent(d.Bad, d.Count))
		}
		fmt.Fprintf(tw, "all\t%d\t\t%d\t%s\t\n", sim.N, sim.Bad, percent(sim.Bad, sim.N))
		tw.Flush()
		fmt.Fprintln(tw, "rule\tcode\tseverity\thits\tof which missing\thit rate\tunique hits\tbankruptcy rate of hits\t")
		for _, r := range sim.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%s\t\n", r.RuleID, r.Code, r.Severity, r.Hits, r.Missing,
				percent(r.Hits, sim.N), r.UniqueHits, percent(r.Bad, r.Hits))
		}
		tw.Flush()
		b.WriteByte('\n')
	}
	b.keyFigure("Bankruptcy rate of accepted firms", "%s under %s; %s under %s",
		acceptBad[v1.Version()], v1.Version(), acceptBad[v2.Version()], v2.Version())
	b.figure("access-bankruptcy-by-decision",
		"Bankruptcy rate within one year by access decision, champion and challenger policy. Read: the rate should rise "+
			"from accept to reject; the lower the accept bar, the cleaner the accepted book.",
		func(path string) error {
			return plots.Bars(path, "Bankruptcy rate by access decision and policy version", "decision, policy version",
				"bankrupt within one year, %", "%.2f %%", rateLabels, rates)
		})
	// One explained decision: the first bankrupt firm the champion rejects.
	outs, err := accessDecide(v1, facts)
	if err != nil {
		return sec, err
	}
	for i, o := range outs {
		if o.Decision != access.Reject || !p.Firms[i].Bankrupt {
			continue
		}
		fmt.Fprintf(&b, "Example: firm on line %d (bankrupt) is %s by %s:\n", p.Firms[i].Row, o.Decision, o.Version)
		for _, r := range o.Reasons {
			obs := r.Observed().String()
			if r.Missing() {
				obs = "missing"
			}
			fmt.Fprintf(&b, "  %s %-6s %-24s observed %s, expected %s: %s\n", r.RuleID(), r.Severity(), r.Code(), obs, r.Expected(), r.Message("en"))
		}
		break
	}
	d, err := access.Diff(v1, v2, facts)
	if err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "\nDiff %s -> %s: rules added %v, removed %v, changed:", v1.Version(), v2.Version(), d.Added, d.Removed)
	for _, c := range d.Changed {
		fmt.Fprintf(&b, " %s %v", c.RuleID, c.Attributes)
	}
	fmt.Fprintf(&b, "\n%d of %d firms change decision:\n", len(d.ChangedApplicants), d.N)
	changedBankrupt := 0
	for _, i := range d.ChangedApplicants {
		if p.Firms[i].Bankrupt {
			changedBankrupt++
		}
	}
	fmt.Fprintln(tw, "from\tto\tfirms\t")
	for _, t := range d.Transitions {
		if t.From != t.To {
			fmt.Fprintf(tw, "%s\t%s\t%d\t\n", t.From, t.To, t.Count)
		}
	}
	tw.Flush()
	fmt.Fprintf(&b, "of which bankrupt: %d (%s)\n", changedBankrupt, percent(changedBankrupt, len(d.ChangedApplicants)))
	b.finding(3, "The challenger access policy %s lowers the bankruptcy rate of accepted firms to %s (champion %s: %s); %d of %d firms change decision, %d of them bankrupt.",
		v2.Version(), acceptBad[v2.Version()], v1.Version(), acceptBad[v1.Version()], len(d.ChangedApplicants), d.N, changedBankrupt)
	b.assume("Access facts are the firms' ratios rounded half-to-even to six decimals (the CSV's precision); a missing ratio stays missing and the policy's onMissing rule decides.")
	b.assume("Bankruptcy within one year (the Polish year-5 class) is the outcome every stage of the firms is judged by.")
	b.into(&sec)
	return sec, nil
}
