package exit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Choice is the result of [OptionSet.Choose] for one loan: every option of
// the set valued and ranked. The zero value holds no options.
type Choice struct {
	EAD decimal.Decimal // the loan's EAD, rounded to the cent
	// Options holds one Valuation per option of the set (len = set's Len):
	// first the feasible ones by expected NPV, highest first (ties keep spec
	// order), then the infeasible ones in spec order.
	Options []Valuation
	// Feasible is the number of feasible options at the front of Options.
	Feasible int
}

// Valuation is one option valued for one loan. The zero value is an
// infeasible option with no name.
type Valuation struct {
	Name     string       // option name from the spec
	Kind     OptionKind   // option kind
	Feasible bool         // all preconditions hold
	Reasons  []ReasonCode // why the option is infeasible; empty when Feasible
	// LGD is the workout LGD of the option, 1 − NPV/EAD (a fraction; above 1
	// when costs exceed recoveries, negative when NPV exceeds EAD).
	LGD float64
	// Scenarios lists the probability-weighted branches of the option, in
	// model order within spec scenario order.
	Scenarios []ScenarioValue

	npv   int64 // expected NPV in cents
	index int
}

// NPV returns the expected net present value on the valuation date of the
// option's recoveries less costs, with two decimal places: the sum of the
// scenarios' Contribution. (A method, not a field, so that portfolio runs
// build no decimal they do not read.)
func (v Valuation) NPV() decimal.Decimal { return fromCents(v.npv) }

// ScenarioValue is one branch of an option: a spec scenario (Variant) and a
// model branch. The zero value is a zero-probability branch.
type ScenarioValue struct {
	Variant     string  // spec scenario name; "" when the option has none
	Branch      Branch  // model branch
	Probability float64 // P(variant) · P(branch), fraction

	pv, contrib int64 // cents
}

// PV returns the present value of the branch's flows, with two decimal
// places.
func (s ScenarioValue) PV() decimal.Decimal { return fromCents(s.pv) }

// Contribution returns round½even₂(Probability · PV); an option's NPV is the
// sum of its Contributions, so the two reconcile to the cent.
func (s ScenarioValue) Contribution() decimal.Decimal { return fromCents(s.contrib) }

// Best returns the chosen option, the highest-NPV feasible one, and whether
// there is one.
func (d *Choice) Best() (Valuation, bool) {
	if d.Feasible == 0 {
		return Valuation{}, false
	}
	return d.Options[0], true
}

// Explain returns a human-readable account of the ranking: one line per
// option with its NPV, workout LGD and, when infeasible, the reasons.
func (d *Choice) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "EAD %s; options ranked by expected NPV:\n", d.EAD.StringFixed(2))
	for i := range d.Options {
		v := &d.Options[i]
		if v.Feasible {
			mark := "  "
			if i == 0 {
				mark = "* "
			}
			fmt.Fprintf(&b, "%s%d. %-22s NPV %14s  LGD %6.2f %%\n", mark, i+1, v.Name, v.NPV().StringFixed(2), 100*v.LGD)
		} else {
			fmt.Fprintf(&b, "  -  %-22s NPV %14s  LGD %6.2f %%  infeasible: %v\n", v.Name, v.NPV().StringFixed(2), 100*v.LGD, v.Reasons)
		}
	}
	return b.String()
}

// Choose values every option of the set for loan on asOf and ranks the
// feasible ones by expected NPV (docs/reference/exit.md §6.2):
//
//	NPVⱼ = Σₛ round½even₂( pⱼₛ · PVⱼₛ ),  PVⱼₛ = Σₜ round½even₂( CFⱼₛₜ · (1 + r)^(−τₜ) )
//	LGDⱼ = 1 − NPVⱼ / EAD
//
// with pⱼₛ the scenario probability, CFⱼₛₜ the net cash flow (recoveries less
// costs, in cents) τₜ years after asOf and r the set's discount rate. The
// chosen option is argmaxⱼ NPVⱼ over the feasible options. Write-off is
// feasible only when the loan's recovery is exhausted or no other feasible
// option has a positive NPV.
//
// Errors: an [*InputError] for an invalid loan (wrapping [ErrEAD],
// [ErrAmount], [ErrProbability], [ErrRate] or [ErrValue]; asOf or
// loan.LastRestructured outside the years 1 to 9999, or a last restructuring
// after asOf, is [ErrValue] naming "asOf" or "lastRestructured"). A computed cash
// flow or PV beyond ±10¹⁵ units (100 times the input bound) is an
// [*InputError] wrapping [ErrAmount] that names the input driving it:
// "contractRate" for the interest of a performing path, "discountRate" for a
// negative set rate compounding over a long time, otherwise "ead". When no
// option is feasible the full Choice comes back with an error wrapping
// [ErrNoFeasibleOption]. Cost O(options · scenarios).
//
// References:
//   - EBA/GL/2017/16, Guidelines on PD estimation, LGD estimation and the treatment of defaulted exposures, ch. 6 (economic loss and realised LGD from discounted recoveries and costs).
//   - BCBS, Prudential treatment of problem assets – definitions of non-performing exposures and forbearance (April 2017).
//   - docs/reference/exit.md §6.1 (options and preconditions) and §6.2 (decision rule).
func (s *OptionSet) Choose(loan Loan, asOf time.Time) (Choice, error) {
	var d Choice
	err := s.ChooseTo(&d, &loan, asOf)
	return d, err
}

// ChooseTo is [OptionSet.Choose] writing into dst, reusing its slices to
// avoid allocation in portfolio runs; it does not modify loan. On a loan
// error dst is reset to hold no options. A nil dst or loan, or a nil or zero
// receiver, is an [*InputError] wrapping [ErrValue].
func (s *OptionSet) ChooseTo(dst *Choice, loan *Loan, asOf time.Time) error {
	if s == nil || s.opts == nil {
		return inputErr("set", "nil", ErrValue)
	}
	if dst == nil {
		return inputErr("dst", "nil", ErrValue)
	}
	if loan == nil {
		return inputErr("loan", "nil", ErrValue)
	}
	lc, err := loan.validate()
	if err == nil {
		err = loan.validateDates(asOf)
	}
	if err != nil {
		dst.EAD, dst.Options, dst.Feasible = decimal.Decimal{}, dst.Options[:0], 0
		return err
	}
	e := evaluator{set: s, loan: loan, lc: lc, ok: true}
	dst.EAD = fromCents(lc.ead)
	opts := dst.Options
	if cap(opts) < len(s.opts) {
		opts = make([]Valuation, len(s.opts))
	}
	opts = opts[:len(s.opts)]
	days := -1
	sinceRestructured := func() int {
		if days < 0 {
			days = civilDays(loan.LastRestructured, asOf)
		}
		return days
	}
	var br [4]branch
	anyPositive := false
	for i := range s.opts {
		o := &s.opts[i]
		v := &opts[i]
		v.Name, v.Kind, v.index = o.name, o.kind, i
		v.Reasons = e.infeasible(o.kind, &o.variants[0].p, sinceRestructured, v.Reasons[:0])
		v.Scenarios = v.Scenarios[:0]
		var npv int64
		for vi := range o.variants {
			vr := &o.variants[vi]
			for _, b := range e.model(o.kind, &vr.p, br[:0]) {
				p := vr.prob * b.prob
				c := e.mul(b.pv, p)
				npv += c
				v.Scenarios = append(v.Scenarios, ScenarioValue{Variant: vr.name, Branch: b.branch,
					Probability: p, pv: b.pv, contrib: c})
			}
		}
		v.npv = npv
		v.LGD = 1 - float64(npv)/float64(lc.ead)
		v.Feasible = len(v.Reasons) == 0
		if v.Feasible && o.kind != WriteOff && npv > 0 {
			anyPositive = true
		}
	}
	if !e.ok {
		dst.EAD, dst.Options, dst.Feasible = decimal.Decimal{}, opts[:0], 0
		return e.blame()
	}
	if s.hasWrite && !loan.RecoveryExhausted && anyPositive {
		for i := range opts {
			if opts[i].Kind == WriteOff {
				opts[i].Reasons = append(opts[i].Reasons, ReasonRecoveryNotExhausted)
				opts[i].Feasible = false
			}
		}
	}
	rank(opts)
	dst.Options = opts
	dst.Feasible = 0
	for i := range opts {
		if opts[i].Feasible {
			dst.Feasible++
		}
	}
	if dst.Feasible == 0 {
		return inputErr("options", "none feasible", ErrNoFeasibleOption)
	}
	return nil
}

// rank orders feasible before infeasible, feasible by NPV descending, ties
// and infeasible by spec index. Insertion sort: sets are small.
func rank(v []Valuation) {
	less := func(a, b *Valuation) bool {
		if a.Feasible != b.Feasible {
			return a.Feasible
		}
		if a.Feasible && a.npv != b.npv {
			return a.npv > b.npv
		}
		return a.index < b.index
	}
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && less(&v[j], &v[j-1]); j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// BatchResult is one loan's outcome in [OptionSet.ChooseAll]: its Choice or
// its error (an invalid loan, or [ErrNoFeasibleOption] alongside the Choice).
type BatchResult struct {
	Result Choice // the ranked options; empty when the loan is invalid
	Err    error  // the loan's *InputError (possibly ErrNoFeasibleOption), or nil
}

// ChooseAll runs [OptionSet.Choose] for each loan; out has len(loans)
// results in the same order, each with its Choice or its error (an
// [*InputError] whose field is prefixed "loans[i]."). A bad loan never stops
// or loses the others. Cost O(len(loans) · options · scenarios).
func (s *OptionSet) ChooseAll(loans []Loan, asOf time.Time) []BatchResult {
	out := make([]BatchResult, len(loans))
	if s == nil || s.opts == nil {
		for i := range out {
			out[i].Err = inputErr("set", "nil", ErrValue)
		}
		return out
	}
	for i := range loans {
		err := s.ChooseTo(&out[i].Result, &loans[i], asOf)
		if ie, ok := err.(*InputError); ok {
			ie.Field = "loans[" + strconv.Itoa(i) + "]." + ie.Field
		}
		out[i].Err = err
	}
	return out
}
