package offer

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Offer is what a bank can offer one applicant: the credit limit with every basis and the
// risk-based price. The zero value is an empty offer.
type Offer struct {
	Limit Limit
	Price Price
}

// BatchResult is one application's outcome in [OfferPolicy.OfferAll]: its Offer, or its error
// (an [*InputError] whose Field starts "apps[i].").
type BatchResult struct {
	Result Offer
	Err    error
}

// Offer prices the application and then sizes its limit at the price:
//
//  1. Price: the risk-based rate of [Price], with capital from the policy's IRB asset class
//     (PD floored, M = term in years clamped to [1, 5], SME sales converted to EUR millions)
//     or from the application's standardised risk weight.
//  2. Limit: each basis that applies — working capital ([WorkingCapitalNeed]) for
//     working-capital products, cash flow ([CashFlowCapacity] at the sizing rate
//     max(Price.Rate, MinSizingRate) and the policy's DSCR), collateral for secured products
//     (Σ value × (1 − policy haircut) × (1 − item haircut) × advance rate), the grade cap, the
//     product cap, the sales-share cap and the single-client capital headroom
//     (MaxCapitalShare × BankCapital − existing exposure) — and the smallest binds.
//
// Errors ([*InputError], Field in the JSON spelling of [Application]): [ErrProbability] for a
// PD or LGD outside [0, 1] or NaN, or a collateral haircut outside [0, 1]; [ErrDefaulted] for
// PD = 1; [ErrRatio] for a risk weight outside [0, 12.5]; [ErrUnknown] for a product or
// grade the policy does not list or an undefined collateral type; [ErrLimit] for more than
// [MaxItems] collateral items; [ErrTerm] for a bad term; and the errors of
// [WorkingCapitalNeed] and [CashFlowCapacity]. [ErrNilPolicy] for a nil or zero policy. All
// inputs are checked before any arithmetic.
//
// Cost O(log c + k) for c transfer-curve points and k collateral items; no allocation except
// for an error.
//
// References:
//   - 流动资金贷款管理暂行办法 (2010), 附件 (working-capital need).
//   - Law of the PRC on Commercial Banks, Art. 39(3); 商业银行大额风险暴露管理办法 (2018),
//     Art. 7 (single-client shares of capital).
//   - BCBS, Basel II (June 2006) §272–273, §285, §320; Basel Framework CRE31 (IRB capital).
//   - Saunders and Allen, Credit Risk Measurement, ch. 13 (RAROC and risk-based pricing).
func (p *OfferPolicy) Offer(a *Application) (Offer, error) {
	var o Offer
	err := p.OfferTo(&o, a)
	return o, err
}

// OfferTo is [OfferPolicy.Offer] writing into dst, the allocation-free path for portfolio
// loops. On error *dst is unspecified.
func (p *OfferPolicy) OfferTo(dst *Offer, a *Application) error {
	return p.offerTo(dst, a, "")
}

// OfferAll runs [OfferPolicy.Offer] for each application; the result has len(apps) entries
// in input order, each with its Offer or its error. Cost O(len(apps)).
func (p *OfferPolicy) OfferAll(apps []Application) []BatchResult {
	out := make([]BatchResult, len(apps))
	for i := range apps {
		err := p.offerTo(&out[i].Result, &apps[i], "")
		if err != nil {
			if ie, ok := err.(*InputError); ok {
				ie.Field = "apps[" + strconv.Itoa(i) + "]." + ie.Field
			}
			out[i].Result, out[i].Err = Offer{}, err
		}
	}
	return out
}

// Price returns the risk-based price of the application alone (see [OfferPolicy.Offer]); it
// checks only the inputs the price reads.
func (p *OfferPolicy) Price(a *Application) (Price, error) {
	var pr Price
	if err := p.check(a, ""); err != nil {
		return pr, err
	}
	sales, err := p.checkPrice(a, "")
	if err != nil {
		return pr, err
	}
	p.price(&pr, a, sales)
	return pr, nil
}

func (p *OfferPolicy) check(a *Application, prefix string) error {
	if p == nil || p.g999 == 0 {
		return ErrNilPolicy
	}
	if a == nil {
		return &InputError{Field: prefix + "application", Value: "nil", Err: ErrMissingValue}
	}
	return nil
}

// checkPrice validates the inputs of the price and returns the sales in cents.
func (p *OfferPolicy) checkPrice(a *Application, prefix string) (int64, error) {
	if !(a.PD >= 0 && a.PD <= 1) {
		return 0, inErr(prefix+"pd", a.PD, ErrProbability)
	}
	if a.PD == 1 {
		return 0, inErr(prefix+"pd", a.PD, ErrDefaulted)
	}
	if !(a.LGD >= 0 && a.LGD <= 1) {
		return 0, inErr(prefix+"lgd", a.LGD, ErrProbability)
	}
	if !(a.RiskWeight >= 0 && a.RiskWeight <= 12.5) {
		return 0, inErr(prefix+"riskWeight", a.RiskWeight, ErrRatio)
	}
	if t := a.Repayment.TermMonths; t < 1 || t > MaxTermMonths {
		return 0, &InputError{Field: prefix + "repayment.termMonths", Value: strconv.Itoa(t), Err: ErrTerm}
	}
	sales, ok := toCents(a.WorkingCapital.Sales)
	if !ok || sales < 0 {
		return 0, amountErr(prefix+"workingCapital.sales", a.WorkingCapital.Sales)
	}
	return sales, nil
}

func (p *OfferPolicy) offerTo(dst *Offer, a *Application, prefix string) error {
	if err := p.check(a, prefix); err != nil {
		return err
	}
	if dst == nil {
		return &InputError{Field: "dst", Value: "nil", Err: ErrMissingValue}
	}
	sales, err := p.checkPrice(a, prefix)
	if err != nil {
		return err
	}
	pr, ok := p.products[a.Product]
	if !ok {
		return &InputError{Field: prefix + "product", Value: cut(a.Product), Err: ErrUnknown}
	}
	if len(p.grades) > 0 {
		if _, ok := p.grades[a.Grade]; !ok {
			return &InputError{Field: prefix + "grade", Value: cut(a.Grade), Err: ErrUnknown}
		}
	}
	if len(a.Collateral) > MaxItems {
		return &InputError{Field: prefix + "collateral", Value: strconv.Itoa(len(a.Collateral)) + " items", Err: ErrLimit}
	}
	if ex, ok := toCents(a.ExistingExposure); !ok || ex < 0 {
		return amountErr(prefix+"existingExposure", a.ExistingExposure)
	}
	p.price(&dst.Price, a, sales)
	return p.limitTo(&dst.Limit, a, pr, sales, max(dst.Price.Rate, p.minSizing), prefix)
}

// AnnualAmounts are a year's money items of an offer at its full limit, each rounded half to
// even to the cent. The zero value is all zero.
type AnnualAmounts struct {
	Interest      decimal.Decimal // Limit × Price.Rate
	Funding       decimal.Decimal // Limit × Price.Funding
	OperatingCost decimal.Decimal // Limit × Price.OperatingCost
	ExpectedLoss  decimal.Decimal // Limit × Price.ExpectedLoss
	CapitalCharge decimal.Decimal // Limit × Price.CapitalCharge
	Capital       decimal.Decimal // Limit × Price.Capital: the capital the loan ties up
}

// Annual returns the offer's annual money items at its full limit (the balance of the first
// year of a drawn revolving line). It allocates the decimals it returns.
func (o *Offer) Annual() AnnualAmounts {
	f := func(r float64) decimal.Decimal {
		c, _ := applyFactor(o.Limit.amount, r) // rates and capital ≤ 12.5 + 1: in range
		return fromCents(c)
	}
	return AnnualAmounts{Interest: f(o.Price.Rate), Funding: f(o.Price.Funding), OperatingCost: f(o.Price.OperatingCost),
		ExpectedLoss: f(o.Price.ExpectedLoss), CapitalCharge: f(o.Price.CapitalCharge), Capital: f(o.Price.Capital)}
}
