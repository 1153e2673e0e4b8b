package offer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/irb"
	"github.com/smecredit/smecredit/internal/specjson"
)

// KindOfferPolicy is the "kind" of an offer policy document.
const KindOfferPolicy = "offer-policy"

// MaxDocumentBytes bounds the size of an offer policy document.
const MaxDocumentBytes = 1 << 20

// MaxItems bounds each list of a policy (transfer curve points, collateral types, grades,
// products) and the collateral items of one application.
const MaxItems = 1000

// OfferPolicySpec is the JSON form of an offer policy: what a bank lends against and how it
// prices. Member names are lowerCamel; rates are per-year fractions, money decimal strings or
// numbers in the loan's currency. The zero value is not a valid policy (it has no kind, no
// transfer curve and no products); [DefaultOfferPolicySpec] returns a complete one.
type OfferPolicySpec struct {
	Kind    string `json:"kind"`    // "offer-policy"
	Version string `json:"version"` // the author's label of this revision

	// MinDSCR is the minimum debt-service coverage ratio for cash-flow sizing, in [0.01, 100]
	// (a DSCR ≤ 0 is an [ErrRatio] error).
	MinDSCR float64 `json:"minDSCR"`
	// MinSizingRate is the lowest rate at which cash-flow capacity is computed: the loan is
	// sized at max(its risk-based rate, MinSizingRate), a stress buffer. In [0, 1].
	MinSizingRate float64 `json:"minSizingRate"`

	// TransferCurve is the funds transfer price by term: at least one point, terms strictly
	// increasing. Between points the rate is interpolated linearly in the term; outside them
	// it is flat.
	TransferCurve []TransferPointSpec `json:"transferCurve"`
	// OperatingCostRate is the operating cost per year as a fraction of the balance, in
	// [0, 1].
	OperatingCostRate float64 `json:"operatingCostRate"`
	// HurdleRate is the target pre-tax return on allocated capital, in [RiskFreeRate, 1].
	HurdleRate float64 `json:"hurdleRate"`
	// RiskFreeRate is the return earned on allocated capital, in [0, 1].
	RiskFreeRate float64 `json:"riskFreeRate"`
	// CapitalRatio is the capital held per unit of risk-weighted assets, in (0, 1]: 0.08 is
	// the Basel minimum, so that capital = K·EAD under IRB; 0.105 adds the conservation buffer.
	CapitalRatio float64 `json:"capitalRatio"`
	// AssetClass is the IRB risk-weight function for applicants without a standardised risk
	// weight.
	AssetClass AssetClass `json:"assetClass"`
	// SalesPerMillionEUR converts sales in the loan's currency to EUR millions for the SME
	// firm-size adjustment: the number of currency units in EUR 1 m, > 0 when AssetClass is
	// sme-corporate.
	SalesPerMillionEUR decimal.Decimal `json:"salesPerMillionEUR"`
	// PDFloor is the lowest PD used in the capital formula, in [0, 0.01] (Basel II §285:
	// 0.0003; Basel III CRE32.4: 0.0005).
	PDFloor float64 `json:"pdFloor"`

	// Collateral lists the eligible security types with their haircut and advance rate. A
	// type not listed has no lending value.
	Collateral []CollateralSpec `json:"collateral"`
	// Grades lists per-grade caps on the limit. Empty: no grade cap, and any grade label is
	// accepted; otherwise an application's grade must be listed.
	Grades []GradeSpec `json:"grades"`
	// Products lists the products offered (at least one).
	Products []ProductSpec `json:"products"`
	// MaxSalesShare caps the limit at this fraction of last year's sales, in [0, 10]; 0 means
	// no such cap.
	MaxSalesShare float64 `json:"maxSalesShare"`
	// MaxCapitalShare caps the bank's total exposure to one client at this fraction of
	// BankCapital, in [0, 1]; 0 means no such cap.
	MaxCapitalShare float64 `json:"maxCapitalShare"`
	// BankCapital is the bank's net capital (资本净额), ≥ 0; required when MaxCapitalShare > 0.
	BankCapital decimal.Decimal `json:"bankCapital"`
}

// TransferPointSpec is one point of the transfer-price curve.
type TransferPointSpec struct {
	TermMonths int     `json:"termMonths"` // in [1, MaxTermMonths]
	Rate       float64 `json:"rate"`       // funds transfer price per year, in [−0.05, 1]
}

// CollateralSpec gives one collateral type's policy haircut and advance rate: a security of
// value V lends V × (1 − Haircut) × (1 − item haircut) × AdvanceRate.
type CollateralSpec struct {
	Type        CollateralType `json:"type"`
	Haircut     float64        `json:"haircut"`     // in [0, 1]
	AdvanceRate float64        `json:"advanceRate"` // in [0, 1]
}

// GradeSpec is one grade's cap on the limit.
type GradeSpec struct {
	Grade string          `json:"grade"` // the grade's name on the bank's master scale, non-empty
	Cap   decimal.Decimal `json:"cap"`   // largest limit, ≥ 0 (0: do not lend)
}

// ProductSpec is one product: its cap and which limit bases apply to it.
type ProductSpec struct {
	Name string          `json:"name"` // non-empty, unique
	Cap  decimal.Decimal `json:"cap"`  // largest limit, > 0
	// WorkingCapital applies the working-capital basis (the 2010 annex formula) to the
	// product: true for working-capital loans.
	WorkingCapital bool `json:"workingCapital"`
	// Secured applies the collateral basis: the limit may not exceed the lending value.
	Secured bool `json:"secured"`
}

// DefaultOfferPolicySpec returns a fresh, complete example policy. Its numbers are
// illustrative, not market quotes, except where a source is named: the single-client share
// of capital (10 %, Law of the PRC on Commercial Banks, Art. 39(3); Measures for Large
// Exposures of Commercial Banks, Art. 7), the capital ratio (8 % minimum + 2.5 % conservation
// buffer, Basel III RBC20 / 商业银行资本管理办法) and the PD floor (Basel II §285).
func DefaultOfferPolicySpec() OfferPolicySpec {
	return OfferPolicySpec{
		Kind: KindOfferPolicy, Version: "illustrative-1",
		MinDSCR: 1.25, MinSizingRate: 0.05,
		TransferCurve:     []TransferPointSpec{{12, 0.020}, {36, 0.023}, {60, 0.026}},
		OperatingCostRate: 0.010, HurdleRate: 0.12, RiskFreeRate: 0.02, CapitalRatio: 0.105,
		AssetClass: SMECorporate, SalesPerMillionEUR: decimal.NewFromInt(1_000_000), PDFloor: 0.0003,
		Collateral: []CollateralSpec{
			{RealEstate, 0.10, 0.70}, {Equipment, 0.20, 0.50}, {Receivables, 0.10, 0.70},
			{Deposits, 0, 1}, {Guarantee, 0, 0.80},
		},
		Products: []ProductSpec{
			{Name: "working-capital", Cap: decimal.NewFromInt(10_000_000), WorkingCapital: true},
			{Name: "term-loan", Cap: decimal.NewFromInt(20_000_000), Secured: true},
		},
		MaxSalesShare: 0.5,
	}
}

// OfferPolicy is a compiled offer policy: immutable and safe for concurrent use by multiple
// goroutines. The zero value is not usable; build one with [CompileOfferPolicy] or
// [LoadOfferPolicy].
type OfferPolicy struct {
	spec               OfferPolicySpec
	curveMonths        []float64
	curveRates         []float64
	advance            [numCollateralTypes]float64 // (1 − haircut) · advance rate; 0 when not eligible
	grades             map[string]int64
	products           map[string]product
	salesCap           float64
	capitalHeadroom    int64 // cents: MaxCapitalShare · BankCapital; −1 when no cap
	salesPerMillion    float64
	g999               float64
	riskFree, hurdle   float64
	opex, capitalRatio float64
	minDSCR, minSizing float64
	pdFloor            float64
	class              irb.Class
}

type product struct {
	cap         int64
	wc, secured bool
}

// Spec returns the policy's document, Kind filled; the slices are fresh copies. A nil policy
// gives the zero spec.
func (p *OfferPolicy) Spec() OfferPolicySpec {
	if p == nil {
		return OfferPolicySpec{}
	}
	s := p.spec
	s.Kind = KindOfferPolicy
	s.TransferCurve = slices.Clone(s.TransferCurve)
	s.Collateral = slices.Clone(s.Collateral)
	s.Grades = slices.Clone(s.Grades)
	s.Products = slices.Clone(s.Products)
	return s
}

// Version returns the policy's version label ("" for a nil policy).
func (p *OfferPolicy) Version() string {
	if p == nil {
		return ""
	}
	return p.spec.Version
}

// ParseOfferPolicy decodes an offer policy document strictly: at most [MaxDocumentBytes], one
// JSON value, "kind" equal to "offer-policy", no unknown or duplicate members. It does not
// validate values; [CompileOfferPolicy] does.
//
// Errors: a [*SpecError] wrapping [ErrLimit] for an oversized document, else [ErrInvalidSpec].
func ParseOfferPolicy(data []byte) (OfferPolicySpec, error) {
	var s OfferPolicySpec
	if p := specjson.Decode(data, &s, KindOfferPolicy, MaxDocumentBytes); p != nil {
		e := &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
		if p.TooLarge {
			e.Err = ErrLimit
		}
		return OfferPolicySpec{}, e
	}
	return s, nil
}

// LoadOfferPolicy is [ParseOfferPolicy] followed by [CompileOfferPolicy].
func LoadOfferPolicy(data []byte) (*OfferPolicy, error) {
	s, err := ParseOfferPolicy(data)
	if err != nil {
		return nil, err
	}
	return CompileOfferPolicy(s)
}

// CompileOfferPolicy validates spec and returns the compiled policy. Every defect is reported
// as a [*SpecError] with its path, all joined with [errors.Join] (at most 100, then one saying
// how many more). spec is not modified and not retained (its slices are copied).
//
// Checks: kind "offer-policy"; a non-blank version ([ErrMissingValue] at "version", as in
// every loader of the library); the ranges given on each member of [OfferPolicySpec]; hurdle
// rate ≥ risk-free rate ([ErrRate] at "hurdleRate"); transfer-curve terms strictly increasing;
// no duplicate collateral type, grade or product ([ErrDuplicate]); lists at most [MaxItems]
// ([ErrLimit]); amounts ≥ 0 with at most [MaxScale] decimal places and within ±10¹³
// ([ErrAmount]).
//
// Cost O(n) in the lengths of the lists.
func CompileOfferPolicy(spec OfferPolicySpec) (*OfferPolicy, error) {
	var errs []error
	bad := func(path string, err error, format string, args ...any) {
		errs = append(errs, &SpecError{Path: path, Err: err, Msg: fmt.Sprintf(format, args...)})
	}
	frac := func(path string, v, lo, hi float64, err error) {
		if !(v >= lo && v <= hi) {
			bad(path, err, "%s is outside [%g, %g]", floatText(v), lo, hi)
		}
	}
	amount := func(path string, d decimal.Decimal, positive bool) int64 {
		c, ok := toCents(d)
		if !ok || c < 0 || (positive && c == 0) {
			bad(path, ErrAmount, "%s must be %s and within ±10¹³ with at most %d decimal places", decimalText(d),
				map[bool]string{true: "> 0", false: "≥ 0"}[positive], MaxScale)
		}
		return c
	}
	p := &OfferPolicy{spec: spec, g999: irb.G999()}
	p.spec.TransferCurve = slices.Clone(spec.TransferCurve)
	p.spec.Collateral = slices.Clone(spec.Collateral)
	p.spec.Grades = slices.Clone(spec.Grades)
	p.spec.Products = slices.Clone(spec.Products)
	p.spec.Kind = KindOfferPolicy
	if spec.Kind != KindOfferPolicy {
		bad("kind", ErrInvalidSpec, "%q, want %q", cut(spec.Kind), KindOfferPolicy)
	}
	if strings.TrimSpace(spec.Version) == "" {
		bad("version", ErrMissingValue, "must not be empty")
	}
	if !(spec.MinDSCR >= 0.01 && spec.MinDSCR <= 100) {
		bad("minDSCR", ErrRatio, "%s is outside [0.01, 100]", floatText(spec.MinDSCR))
	}
	frac("minSizingRate", spec.MinSizingRate, 0, 1, ErrRate)
	frac("operatingCostRate", spec.OperatingCostRate, 0, 1, ErrRate)
	frac("riskFreeRate", spec.RiskFreeRate, 0, 1, ErrRate)
	frac("hurdleRate", spec.HurdleRate, 0, 1, ErrRate)
	if spec.HurdleRate < spec.RiskFreeRate {
		bad("hurdleRate", ErrRate, "%s is below the risk-free rate %s", floatText(spec.HurdleRate), floatText(spec.RiskFreeRate))
	}
	if !(spec.CapitalRatio > 0 && spec.CapitalRatio <= 1) {
		bad("capitalRatio", ErrRatio, "%s is outside (0, 1]", floatText(spec.CapitalRatio))
	}
	if !spec.AssetClass.IsValid() {
		bad("assetClass", ErrUnknown, "%d", spec.AssetClass)
	}
	if c := amount("salesPerMillionEUR", spec.SalesPerMillionEUR, spec.AssetClass == SMECorporate); c > 0 {
		p.salesPerMillion = float64(c)
	}
	frac("pdFloor", spec.PDFloor, 0, 0.01, ErrProbability)
	frac("maxSalesShare", spec.MaxSalesShare, 0, 10, ErrRatio)
	frac("maxCapitalShare", spec.MaxCapitalShare, 0, 1, ErrProbability)
	bankCapital := amount("bankCapital", spec.BankCapital, spec.MaxCapitalShare > 0)

	lists := []struct {
		name string
		n    int
	}{{"transferCurve", len(spec.TransferCurve)}, {"collateral", len(spec.Collateral)},
		{"grades", len(spec.Grades)}, {"products", len(spec.Products)}}
	for _, l := range lists {
		if l.n > MaxItems {
			bad(l.name, ErrLimit, "%d items, at most %d", l.n, MaxItems)
		}
	}
	if len(errs) > 0 && errors.Is(errs[len(errs)-1], ErrLimit) {
		return nil, joinErrs(errs)
	}
	if len(spec.TransferCurve) == 0 {
		bad("transferCurve", ErrMissingValue, "at least one point")
	}
	for i, pt := range spec.TransferCurve {
		path := "transferCurve[" + strconv.Itoa(i) + "]"
		if pt.TermMonths < 1 || pt.TermMonths > MaxTermMonths {
			bad(path+".termMonths", ErrTerm, "%d is outside [1, %d]", pt.TermMonths, MaxTermMonths)
		} else if i > 0 && pt.TermMonths <= spec.TransferCurve[i-1].TermMonths {
			bad(path+".termMonths", ErrInvalidSpec, "%d does not exceed the previous point's %d", pt.TermMonths, spec.TransferCurve[i-1].TermMonths)
		}
		frac(path+".rate", pt.Rate, -0.05, 1, ErrRate)
		p.curveMonths = append(p.curveMonths, float64(pt.TermMonths))
		p.curveRates = append(p.curveRates, pt.Rate)
	}
	for i, c := range spec.Collateral {
		path := "collateral[" + strconv.Itoa(i) + "]"
		if !c.Type.IsValid() {
			bad(path+".type", ErrUnknown, "%d", c.Type)
			continue
		}
		if p.advance[c.Type] != 0 || slices.IndexFunc(spec.Collateral[:i], func(o CollateralSpec) bool { return o.Type == c.Type }) >= 0 {
			bad(path+".type", ErrDuplicate, "%s listed twice", c.Type)
		}
		frac(path+".haircut", c.Haircut, 0, 1, ErrProbability)
		frac(path+".advanceRate", c.AdvanceRate, 0, 1, ErrProbability)
		p.advance[c.Type] = (1 - c.Haircut) * c.AdvanceRate
	}
	p.grades = make(map[string]int64, len(spec.Grades))
	for i, g := range spec.Grades {
		path := "grades[" + strconv.Itoa(i) + "]"
		if g.Grade == "" {
			bad(path+".grade", ErrMissingValue, "empty grade name")
		} else if _, dup := p.grades[g.Grade]; dup {
			bad(path+".grade", ErrDuplicate, "%q listed twice", cut(g.Grade))
		}
		p.grades[g.Grade] = amount(path+".cap", g.Cap, false)
	}
	if len(spec.Products) == 0 {
		bad("products", ErrMissingValue, "at least one product")
	}
	p.products = make(map[string]product, len(spec.Products))
	for i, pr := range spec.Products {
		path := "products[" + strconv.Itoa(i) + "]"
		if pr.Name == "" {
			bad(path+".name", ErrMissingValue, "empty product name")
		} else if _, dup := p.products[pr.Name]; dup {
			bad(path+".name", ErrDuplicate, "%q listed twice", cut(pr.Name))
		}
		p.products[pr.Name] = product{cap: amount(path+".cap", pr.Cap, true), wc: pr.WorkingCapital, secured: pr.Secured}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	p.capitalHeadroom = -1
	if spec.MaxCapitalShare > 0 {
		p.capitalHeadroom, _ = applyFactor(bankCapital, spec.MaxCapitalShare)
	}
	p.salesCap = spec.MaxSalesShare
	p.riskFree, p.hurdle, p.opex, p.capitalRatio = spec.RiskFreeRate, spec.HurdleRate, spec.OperatingCostRate, spec.CapitalRatio
	p.minDSCR, p.minSizing, p.pdFloor = spec.MinDSCR, spec.MinSizingRate, spec.PDFloor
	p.class = irb.Class(spec.AssetClass)
	return p, nil
}

// joinErrs joins at most maxErrors errors and says how many more there were.
func joinErrs(errs []error) error {
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], &SpecError{Path: "$", Err: ErrInvalidSpec,
			Msg: strconv.Itoa(more) + " more problems not listed"})
	}
	return errors.Join(errs...)
}

// transferRate returns the funds transfer price for a term in months: linear interpolation
// between curve points, flat outside them. Cost O(log n) in the curve points.
func (p *OfferPolicy) transferRate(months float64) float64 {
	ms, rs := p.curveMonths, p.curveRates
	i, _ := slices.BinarySearch(ms, months)
	switch {
	case i == 0:
		return rs[0]
	case i == len(ms):
		return rs[len(rs)-1]
	}
	w := (months - ms[i-1]) / (ms[i] - ms[i-1])
	return rs[i-1] + w*(rs[i]-rs[i-1])
}
