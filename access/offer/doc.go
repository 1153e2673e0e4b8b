// Package offer says how much an accepted SME borrower may borrow and at what rate: a credit
// limit from several bases, the binding one with its reason, and a risk-based price that
// covers funding, operating cost, expected loss and the capital the loan ties up, with RAROC,
// break-even rates and a portfolio view of loans priced below cost.
//
// # Model
//
// An [OfferPolicySpec] (JSON document of kind "offer-policy") holds what a bank lends against
// and how it prices: minimum DSCR, transfer-price curve, operating cost, hurdle and risk-free
// rates, capital ratio and IRB asset class, collateral haircuts and advance rates, and caps
// per grade, per product, as a share of sales and as a share of the bank's capital.
// [CompileOfferPolicy] validates it into an immutable [*OfferPolicy]; [OfferPolicy.Offer]
// turns one [Application] into an [Offer]:
//
//	price  = funding(term) + operating cost + PD·LGD + capital·(hurdle − risk-free)
//	capital = capital ratio · RW,  RW = 12.5·K(IRB, SME firm-size adjusted) or the caller's RW
//	limit  = min over the applied bases of
//	         working-capital gap (2010 annex), cash-flow capacity at a minimum DSCR,
//	         collateral lending value, grade cap, product cap, share of sales,
//	         single-client share of capital − existing exposure
//
// The loan is priced first and then sized at its own rate (never below the policy's minimum
// sizing rate), so the limit's cash-flow basis is consistent with the price. Every part has its
// own entry point for use alone: [WorkingCapitalNeed], [TurnoverDays], [CashFlowCapacity],
// [Price.RAROC], [Price.BreakEven], [RAROC] on money amounts and [ReviewPricing] for a book.
//
// # Units and conventions
//
// Money is [decimal.Decimal] in the loan's currency, held internally as exact int64 cents
// (inputs with more than two decimal places are rounded half to even to the cent; amounts
// beyond ±10¹³ units or with more than [MaxScale] places are errors, checked before any
// arithmetic). Rates are per-year fractions; PD and LGD fractions in [0, 1]; turnover periods
// days of a 360-day year as in the annex; terms months. Floats meet money at one boundary: a
// factor rounded to 12 decimal places multiplies the cents exactly and the product is rounded
// half to even to the cent.
//
// Bad input is an [*InputError] naming the field in its JSON spelling ("pd",
// "workingCapital.payableDays", "apps[3].collateral[1].value"); a bad document is a join of
// [*SpecError]s with JSON paths. No function panics or returns NaN or ±Inf. Compiled policies
// are safe for concurrent use; [OfferPolicy.OfferTo] allocates nothing.
//
// This package imports no other smecredit package but internal ones: the host passes a grade
// name and its PD from the rating of its choice, and the IRB formula is shared with exit
// through an internal package.
//
// # References
//
//   - China Banking Regulatory Commission, 流动资金贷款管理暂行办法 (Working Capital Loan Interim
//     Measures, 2010), 附件 流动资金贷款需求量的测算参考.
//   - Law of the PRC on Commercial Banks, Art. 39(3); 商业银行大额风险暴露管理办法 (Measures for
//     the Administration of Large Exposures of Commercial Banks, 2018), Art. 7.
//   - BCBS, International Convergence of Capital Measurement and Capital Standards —
//     Comprehensive Version (June 2006), §272–273, §285, §318–320, Annex 5; Basel Framework
//     CRE31.
//   - Saunders, A. and Allen, L., Credit Risk Measurement, 2nd ed., ch. 13 (RAROC).
//   - Bessis, J., Risk Management in Banking, the chapters on funds transfer pricing and
//     risk-based pricing.
package offer
