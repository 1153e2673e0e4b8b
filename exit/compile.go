package exit

import (
	"fmt"
	"math"
	"strconv"
)

// OptionSet is a compiled, validated set of exit options with its valuation
// assumptions. Build it with [CompileOptionSet] or [LoadOptionSet]; the zero
// value is not usable (its methods return an error wrapping [ErrValue]). An
// OptionSet is immutable and safe for concurrent use by multiple goroutines.
type OptionSet struct {
	spec     OptionSetSpec
	rate     float64 // annual discount rate
	lr       float64 // ln(1 + rate)
	dc       DayCount
	obsDays  int // observation period in days
	fb       fallback
	opts     []option
	hasWrite bool
}

type fallback struct {
	recovery, years, collYears, cost float64
}

type option struct {
	name     string
	kind     OptionKind
	variants []variant
}

type variant struct {
	name string  // scenario name, "" when the option has none
	prob float64 // scenario probability
	p    params
}

// params are resolved assumptions; the has* flags mark fields left to a
// loan-dependent default.
type params struct {
	years, haircut, cost, servicing, success, recovery, price, reduce, minDSCR, failYears float64
	fixed                                                                                 int64
	timing                                                                                CostTiming
	hasYears, hasHaircut, hasSuccess, hasFail                                             bool
}

// CompileOptionSet validates s and returns the compiled option set. It
// reports every problem at once, joined with [errors.Join] (at most 100,
// then how many more); each is a [*SpecError] with a JSON path such as
// "options[2].scenarios[1].probability", matching [ErrInvalidSpec] and one
// of [ErrProbability], [ErrProbabilitySum], [ErrRate], [ErrAmount] or
// [ErrValue]. More than [MaxOptions] options or [MaxScenarios] scenarios of
// one option is an [ErrLimit] error, reported before any other work. A Kind
// other than "" or "exit-option-set" is an error. s is not modified; the set
// keeps a deep copy (see [OptionSet.Spec]). Cost O(options · scenarios).
func CompileOptionSet(s OptionSetSpec) (*OptionSet, error) {
	if len(s.Options) > MaxOptions {
		return nil, &SpecError{Path: "options", Err: ErrLimit, Msg: fmt.Sprintf("%d options, limit %d", len(s.Options), MaxOptions)}
	}
	for i := range s.Options {
		if n := len(s.Options[i].Scenarios); n > MaxScenarios {
			return nil, &SpecError{Path: "options[" + strconv.Itoa(i) + "].scenarios", Err: ErrLimit,
				Msg: fmt.Sprintf("%d scenarios, limit %d", n, MaxScenarios)}
		}
	}
	var errs []error
	badMsg := func(path string, err error, msg string) {
		errs = append(errs, &SpecError{Path: path, Err: err, Msg: msg})
	}
	bad := func(path string, err error) { badMsg(path, err, "") }
	if s.Kind != "" && s.Kind != KindOptionSet {
		badMsg("kind", ErrInvalidSpec, strconv.Quote(s.Kind)+", want "+strconv.Quote(KindOptionSet))
	}
	frac := func(path string, v *float64) {
		if v != nil && !(*v >= 0 && *v <= 1) {
			bad(path, ErrProbability)
		}
	}
	years := func(path string, v *float64) {
		if v != nil && !(*v >= 0 && *v <= 100) {
			bad(path, ErrValue)
		}
	}
	set := &OptionSet{spec: cloneSpec(s), rate: 0.08, dc: s.DayCount, obsDays: 365}
	set.spec.Kind = KindOptionSet
	if s.DiscountRate != nil {
		set.rate = *s.DiscountRate
		if checkRate("", set.rate) != nil {
			bad("discountRate", ErrRate)
		}
	}
	if !s.DayCount.IsValid() {
		bad("dayCount", ErrValue)
	}
	years("observationYears", s.ObservationYears)
	if s.ObservationYears != nil && *s.ObservationYears >= 0 && *s.ObservationYears <= 100 {
		set.obsDays = yearsToDays(*s.ObservationYears)
	}
	set.lr = math.Log1p(set.rate)
	set.fb = fallback{recovery: 0.34, years: 2.5, collYears: 1.5, cost: 0.08}
	fs := s.Fallback
	frac("fallback.recoveryRate", fs.RecoveryRate)
	frac("fallback.costRate", fs.CostRate)
	years("fallback.years", fs.Years)
	years("fallback.collateralYears", fs.CollateralYears)
	set.fb.recovery = orDefault(fs.RecoveryRate, set.fb.recovery)
	set.fb.cost = orDefault(fs.CostRate, set.fb.cost)
	set.fb.years = orDefault(fs.Years, set.fb.years)
	set.fb.collYears = orDefault(fs.CollateralYears, set.fb.collYears)

	if len(s.Options) == 0 {
		badMsg("options", ErrValue, "no options")
	}
	names := map[string]bool{}
	for i, os := range s.Options {
		path := "options[" + strconv.Itoa(i) + "]"
		if !os.Kind.IsValid() {
			bad(path+".kind", ErrValue)
			continue
		}
		name := os.Name
		if name == "" {
			name = os.Kind.String()
		}
		if names[name] {
			badMsg(path+".name", ErrValue, "duplicate name "+strconv.Quote(name))
		}
		names[name] = true
		checkParams(path, os.Kind, os.Params, badMsg, frac, years)
		base := defaults(os.Kind).override(os.Params)
		o := option{name: name, kind: os.Kind}
		if len(os.Scenarios) == 0 {
			o.variants = []variant{{prob: 1, p: base}}
		} else {
			sum := 0.0
			snames := map[string]bool{}
			for j, sc := range os.Scenarios {
				sp := path + ".scenarios[" + strconv.Itoa(j) + "]"
				if !(sc.Probability >= 0 && sc.Probability <= 1) {
					bad(sp+".probability", ErrProbability)
				}
				if snames[sc.Name] {
					badMsg(sp+".name", ErrValue, "duplicate scenario name "+strconv.Quote(sc.Name))
				}
				snames[sc.Name] = true
				sum += sc.Probability
				checkParams(sp, os.Kind, sc.Params, badMsg, frac, years)
				o.variants = append(o.variants, variant{name: sc.Name, prob: sc.Probability, p: base.override(sc.Params)})
			}
			if math.Abs(sum-1) > 1e-9 {
				badMsg(path+".scenarios", ErrProbabilitySum, fmt.Sprintf("sum %g", sum))
			}
		}
		if os.Kind == WriteOff {
			set.hasWrite = true
		}
		set.opts = append(set.opts, o)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return set, nil
}

func checkParams(path string, k OptionKind, p Params, badMsg func(string, error, string), frac, years func(string, *float64)) {
	bad := func(path string, err error) { badMsg(path, err, "") }
	years(path+".years", p.Years)
	if k == Restructure && p.Years != nil && (*p.Years < 1 || *p.Years != math.Trunc(*p.Years)) {
		badMsg(path+".years", ErrValue, "restructuring term must be whole years ≥ 1")
	}
	years(path+".failureYears", p.FailureYears)
	frac(path+".haircut", p.Haircut)
	frac(path+".costRate", p.CostRate)
	frac(path+".servicingRate", p.ServicingRate)
	frac(path+".successProbability", p.SuccessProbability)
	frac(path+".recoveryRate", p.RecoveryRate)
	frac(path+".price", p.Price)
	frac(path+".reduceFraction", p.ReduceFraction)
	if p.MinDSCR != nil && !(*p.MinDSCR >= 0 && *p.MinDSCR <= 100) {
		bad(path+".minDSCR", ErrValue)
	}
	if p.CostTiming != nil && !p.CostTiming.IsValid() {
		bad(path+".costTiming", ErrValue)
	}
	if p.FixedCost != nil {
		if c, ok := toCents(*p.FixedCost); !ok || c < 0 {
			bad(path+".fixedCost", ErrAmount)
		}
	}
}

// defaults returns the documented defaults of kind k (see [Params]).
func defaults(k OptionKind) params {
	p := params{servicing: 0.02, minDSCR: 1.1}
	switch k {
	case ReduceExposure:
		p.years, p.hasYears, p.reduce = 0.5, true, 0.5
	case Restructure:
		p.years, p.hasYears, p.failYears, p.hasFail = 3, true, 1, true
	case CollateralDisposal:
		p.years, p.hasYears, p.cost = 1.5, true, 0.08
	case GuarantorEnforcement:
		p.years, p.hasYears, p.cost, p.success, p.hasSuccess = 1, true, 0.08, 0.6, true
	case Litigation:
		p.years, p.hasYears, p.cost, p.success, p.hasSuccess, p.recovery = 2.5, true, 0.08, 0.7, true, 0.5
		p.timing = CostUpfront
	case Sale:
		p.years, p.hasYears, p.cost, p.price, p.servicing = 0, true, 0.02, 0.05, 0
	case WriteOff:
		p.years, p.hasYears, p.cost, p.recovery, p.servicing = 2, true, 0.08, 0.05, 0
	}
	return p
}

func (p params) override(q Params) params {
	if q.Years != nil {
		p.years, p.hasYears = *q.Years, true
	}
	if q.Haircut != nil {
		p.haircut, p.hasHaircut = *q.Haircut, true
	}
	if q.SuccessProbability != nil {
		p.success, p.hasSuccess = *q.SuccessProbability, true
	}
	if q.FailureYears != nil {
		p.failYears, p.hasFail = *q.FailureYears, true
	}
	p.cost = orDefault(q.CostRate, p.cost)
	p.servicing = orDefault(q.ServicingRate, p.servicing)
	p.recovery = orDefault(q.RecoveryRate, p.recovery)
	p.price = orDefault(q.Price, p.price)
	p.reduce = orDefault(q.ReduceFraction, p.reduce)
	p.minDSCR = orDefault(q.MinDSCR, p.minDSCR)
	if q.CostTiming != nil {
		p.timing = *q.CostTiming
	}
	if q.FixedCost != nil {
		if c, ok := toCents(*q.FixedCost); ok {
			p.fixed = c
		}
	}
	return p
}

func orDefault(v *float64, d float64) float64 {
	if v != nil {
		return *v
	}
	return d
}

// Spec returns a deep copy of the spec the set was compiled from, with Kind
// filled in; the zero spec for a nil set.
func (s *OptionSet) Spec() OptionSetSpec {
	if s == nil {
		return OptionSetSpec{}
	}
	return cloneSpec(s.spec)
}

// Len returns the number of options in the set; 0 for a nil set.
func (s *OptionSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.opts)
}

func cloneSpec(s OptionSetSpec) OptionSetSpec {
	c := s
	c.DiscountRate = clonePtr(s.DiscountRate)
	c.ObservationYears = clonePtr(s.ObservationYears)
	c.Fallback = FallbackSpec{RecoveryRate: clonePtr(s.Fallback.RecoveryRate), Years: clonePtr(s.Fallback.Years),
		CollateralYears: clonePtr(s.Fallback.CollateralYears), CostRate: clonePtr(s.Fallback.CostRate)}
	if s.Options == nil {
		return c
	}
	c.Options = make([]OptionSpec, len(s.Options))
	for i, o := range s.Options {
		o.Params = cloneParams(o.Params)
		if o.Scenarios != nil {
			sc := make([]ScenarioSpec, len(o.Scenarios))
			for j, x := range o.Scenarios {
				x.Params = cloneParams(x.Params)
				sc[j] = x
			}
			o.Scenarios = sc
		}
		c.Options[i] = o
	}
	return c
}

func cloneParams(p Params) Params {
	return Params{Years: clonePtr(p.Years), Haircut: clonePtr(p.Haircut), CostRate: clonePtr(p.CostRate),
		FixedCost: clonePtr(p.FixedCost), ServicingRate: clonePtr(p.ServicingRate),
		SuccessProbability: clonePtr(p.SuccessProbability), RecoveryRate: clonePtr(p.RecoveryRate),
		Price: clonePtr(p.Price), ReduceFraction: clonePtr(p.ReduceFraction), MinDSCR: clonePtr(p.MinDSCR),
		FailureYears: clonePtr(p.FailureYears), CostTiming: clonePtr(p.CostTiming)}
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
