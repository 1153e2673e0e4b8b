package exit

import (
	"math"
	"slices"
	"time"

	"github.com/smecredit/smecredit/internal/enum"
)

// Param names an assumption varied by [OptionSet.Sensitivity]. The zero
// value is [ParamSuccessProbability]; the text form is kebab-case
// ("success-probability").
type Param uint8

// Assumptions varied by [OptionSet.Sensitivity], with the option kinds they
// belong to.
const (
	ParamSuccessProbability Param = iota // continue, reduce, add-collateral, restructure, guarantor, litigation
	ParamHaircut                         // collateral-disposal
	ParamPrice                           // sale
	ParamRecoveryRate                    // litigation, write-off
	ParamDiscountRate                    // the whole set
)

var paramNames = enum.Names[Param]{"success-probability", "haircut", "price", "recovery-rate", "discount-rate"}

// String returns the text form, such as "success-probability".
func (p Param) String() string { return paramNames.String(p) }

// IsValid reports whether p is one of the declared assumptions.
func (p Param) IsValid() bool { return paramNames.Valid(p) }

// MarshalText returns the text form; it fails for unknown values.
func (p Param) MarshalText() ([]byte, error) { return enumErrMarshal(paramNames.Marshal(p)) }

// UnmarshalText parses the text form.
func (p *Param) UnmarshalText(b []byte) error { return enumErrUnmarshal(paramNames.Unmarshal(p, b)) }

// BreakEven is a value of one assumption at which the chosen option changes.
// The zero value means nothing.
type BreakEven struct {
	Option  string  // option whose assumption is varied; "" for the discount rate
	Param   Param   // the assumption
	Current float64 // its value now (of the option's first scenario when it has several)
	// Value is the break-even: moving the assumption from Current to Value
	// changes the decision, while values strictly between Current and Value
	// (to within 10⁻⁹) keep the current choice.
	Value     float64
	NewChoice string // option chosen at Value; "" when no option is feasible there
}

func paramsOf(k OptionKind) []Param {
	switch k {
	case Continue, ReduceExposure, AddCollateral, Restructure, GuarantorEnforcement:
		return []Param{ParamSuccessProbability}
	case CollateralDisposal:
		return []Param{ParamHaircut}
	case Litigation:
		return []Param{ParamSuccessProbability, ParamRecoveryRate}
	case Sale:
		return []Param{ParamPrice}
	case WriteOff:
		return []Param{ParamRecoveryRate}
	}
	return nil
}

// Sensitivity finds, for the option chosen for loan and for every other
// feasible option, the break-even value of each key assumption: the value at
// which [OptionSet.Choose] picks a different option. Each assumption is moved
// alone, towards 0 and towards 1 (the discount rate towards 0 and 1, i.e.
// 100 %), on every scenario of its option, and the switching point is found by
// bisection to 10⁻⁹; a direction in which the choice never changes yields no
// entry. It returns the chosen option's name and the break-evens in option
// rank order. Errors: as [OptionSet.Choose]. Cost O(assumptions · 60 · options ·
// scenarios): each bisection takes about 30 Choose calls per direction.
//
// References:
//   - Saltelli et al., Global Sensitivity Analysis: The Primer (Wiley, 2008), ch. 1 (one-at-a-time sensitivity).
func (s *OptionSet) Sensitivity(loan Loan, asOf time.Time) (chosen string, out []BreakEven, err error) {
	var d Choice
	if err := s.ChooseTo(&d, &loan, asOf); err != nil {
		return "", nil, err
	}
	lc, _ := loan.validate()
	chosen = d.Options[0].Name
	var scratch Choice
	choice := func(t *OptionSet) string {
		if t.ChooseTo(&scratch, &loan, asOf) != nil {
			return ""
		}
		return scratch.Options[0].Name
	}
	search := func(option string, p Param, cur float64, with func(v float64) *OptionSet) {
		for _, end := range []float64{0, 1} {
			if end == cur {
				continue
			}
			if c := choice(with(end)); c == chosen {
				continue
			}
			a, b := cur, end // choice(a) == chosen, choice(b) != chosen
			for range 200 {
				if math.Abs(b-a) <= 1e-9 {
					break
				}
				m := a + (b-a)/2
				if choice(with(m)) == chosen {
					a = m
				} else {
					b = m
				}
			}
			out = append(out, BreakEven{Option: option, Param: p, Current: cur, Value: b, NewChoice: choice(with(b))})
		}
	}
	for _, v := range d.Options[:d.Feasible] {
		o := &s.opts[v.index]
		for _, p := range paramsOf(o.kind) {
			cur := s.current(o, p, &loan, &lc)
			search(o.name, p, cur, func(x float64) *OptionSet { return s.withParam(v.index, p, x) })
		}
	}
	search("", ParamDiscountRate, s.rate, func(x float64) *OptionSet {
		t := *s
		t.rate, t.lr = x, math.Log1p(x)
		return &t
	})
	return chosen, out, nil
}

// current returns the value assumption p takes now for option o.
func (s *OptionSet) current(o *option, p Param, l *Loan, lc *loanCents) float64 {
	q := &o.variants[0].p
	switch p {
	case ParamSuccessProbability:
		if q.hasSuccess {
			return q.success
		}
		if o.kind == Restructure {
			if l.Restructurings > 0 {
				return 0.3
			}
			return 0.5
		}
		return 1 - lc.pd
	case ParamHaircut:
		if q.hasHaircut {
			return q.haircut
		}
		return l.CollateralType.defaultHaircut()
	case ParamPrice:
		return q.price
	case ParamRecoveryRate:
		return q.recovery
	}
	return 0
}

// withParam returns a shallow copy of s with assumption p of option i set to
// v on every scenario.
func (s *OptionSet) withParam(i int, p Param, v float64) *OptionSet {
	t := *s
	t.opts = slices.Clone(s.opts)
	o := &t.opts[i]
	o.variants = slices.Clone(o.variants)
	for j := range o.variants {
		q := &o.variants[j].p
		switch p {
		case ParamSuccessProbability:
			q.success, q.hasSuccess = v, true
		case ParamHaircut:
			q.haircut, q.hasHaircut = v, true
		case ParamPrice:
			q.price = v
		case ParamRecoveryRate:
			q.recovery = v
		}
	}
	return &t
}
