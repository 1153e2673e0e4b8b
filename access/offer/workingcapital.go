package offer

import (
	"github.com/shopspring/decimal"
)

// MaxDays bounds each turnover period in days.
const MaxDays = 3650

// WorkingCapitalInputs are the borrower figures of the working-capital formula of the 2010
// Working Capital Loan Interim Measures (see [WorkingCapitalNeed]). Money is in the loan's
// currency; days count a 360-day year, as the annex does. The zero value is a firm with no
// sales: its need is 0, unless a turnover count cannot be formed (all days zero is an
// [ErrTurnover] error).
type WorkingCapitalInputs struct {
	// Sales is last year's sales revenue (上年度销售收入), ≥ 0.
	Sales decimal.Decimal `json:"sales"`
	// ProfitMargin is last year's sales profit margin (上年度销售利润率), a fraction in
	// [−1, 1): profit / sales. Banks' worksheets use total profit (利润总额) / sales.
	ProfitMargin float64 `json:"profitMargin"`
	// Growth is the expected annual growth of sales (预计销售收入年增长率), a fraction in
	// [−1, 10].
	Growth float64 `json:"growth"`
	// Turnover periods in days, each in [0, MaxDays]. With averages of the balances over the
	// year: receivable and advance days are 360 × balance / sales, inventory, prepayment and
	// payable days 360 × balance / cost of sales (see [TurnoverDays]).
	InventoryDays  float64 `json:"inventoryDays"`  // 存货周转天数
	ReceivableDays float64 `json:"receivableDays"` // 应收账款周转天数
	PrepaymentDays float64 `json:"prepaymentDays"` // 预付账款周转天数
	PayableDays    float64 `json:"payableDays"`    // 应付账款周转天数, subtracted
	AdvanceDays    float64 `json:"advanceDays"`    // 预收账款周转天数, subtracted
	// OwnFunds is the borrower's own working capital (借款人自有资金), ≥ 0. The annex does not
	// define it; a common reading is current assets − current liabilities.
	OwnFunds decimal.Decimal `json:"ownFunds"`
	// ExistingLoans are the working-capital loans already outstanding (现有流动资金贷款), ≥ 0.
	ExistingLoans decimal.Decimal `json:"existingLoans"`
	// OtherSources is working capital from other channels (其他渠道提供的营运资金), ≥ 0.
	OtherSources decimal.Decimal `json:"otherSources"`
}

// WorkingCapitalResult is the outcome of [WorkingCapitalNeed]. The zero value is a need of 0.
type WorkingCapitalResult struct {
	// NetDays is inventory + receivable + prepayment − payable − advance days, > 0.
	NetDays float64
	// Turnover is the operating turnover count 360 / NetDays (营运资金周转次数), per year.
	Turnover float64

	need, gap int64 // cents
}

// Need returns the working-capital need (营运资金量), rounded half to even to the cent.
func (r WorkingCapitalResult) Need() decimal.Decimal { return fromCents(r.need) }

// Gap returns need − own funds − existing loans − other sources (新增流动资金贷款额度), which is
// negative when the firm's own sources cover its need.
func (r WorkingCapitalResult) Gap() decimal.Decimal { return fromCents(r.gap) }

// WorkingCapitalNeed applies the annex formula of the 2010 Working Capital Loan Interim
// Measures:
//
//	turnover = 360 / (inventory days + receivable days + prepayment days − payable days − advance days)
//	need     = sales × (1 − profit margin) × (1 + growth) / turnover
//	gap      = need − own funds − existing working-capital loans − other sources
//
// The need is computed as sales × [(1 − margin)·(1 + growth)·net days / 360], the bracket a
// float64 factor applied to the sales in cents at the package's one money boundary (rounded to
// 12 places, product rounded half to even to the cent); the gap is exact.
//
// Errors ([*InputError], fields named as in the JSON form, "sales", "payableDays"):
// [ErrAmount] for a negative or out-of-range amount or a need beyond 10¹³; [ErrDays] for a
// period outside [0, MaxDays] or NaN; [ErrRatio] for a margin outside [−1, 1) or a growth
// outside [−1, 10]; [ErrTurnover] when the net days are ≤ 0 (Field "netDays");
// [ErrMissingValue] for a nil in (Field "in").
//
// Cost O(1), no allocation.
//
// References:
//   - China Banking Regulatory Commission, 流动资金贷款管理暂行办法 (Working Capital Loan
//     Interim Measures, 2010), 附件 流动资金贷款需求量的测算参考 (annex: reference method for
//     estimating working-capital loan demand), sections 1–2.
func WorkingCapitalNeed(in *WorkingCapitalInputs) (WorkingCapitalResult, error) {
	if in == nil {
		return WorkingCapitalResult{}, &InputError{Field: "in", Value: "nil", Err: ErrMissingValue}
	}
	return workingCapital(in, "", "")
}

func workingCapital(in *WorkingCapitalInputs, pre1, pre2 string) (WorkingCapitalResult, error) {
	var r WorkingCapitalResult
	f := func(name string) string { return pre1 + pre2 + name }
	sales, ok := toCents(in.Sales)
	if !ok || sales < 0 {
		return r, amountErr(f("sales"), in.Sales)
	}
	if !(in.ProfitMargin >= -1 && in.ProfitMargin < 1) {
		return r, inErr(f("profitMargin"), in.ProfitMargin, ErrRatio)
	}
	if !(in.Growth >= -1 && in.Growth <= 10) {
		return r, inErr(f("growth"), in.Growth, ErrRatio)
	}
	days := [5]float64{in.InventoryDays, in.ReceivableDays, in.PrepaymentDays, in.PayableDays, in.AdvanceDays}
	for i, d := range days {
		if !(d >= 0 && d <= MaxDays) {
			return r, inErr(f(dayFields[i]), d, ErrDays)
		}
	}
	net := days[0] + days[1] + days[2] - days[3] - days[4]
	if !(net > 0) {
		return r, inErr(f("netDays"), net, ErrTurnover)
	}
	r.NetDays, r.Turnover = net, 360/net
	own, ok := toCents(in.OwnFunds)
	if !ok || own < 0 {
		return r, amountErr(f("ownFunds"), in.OwnFunds)
	}
	loans, ok := toCents(in.ExistingLoans)
	if !ok || loans < 0 {
		return r, amountErr(f("existingLoans"), in.ExistingLoans)
	}
	other, ok := toCents(in.OtherSources)
	if !ok || other < 0 {
		return r, amountErr(f("otherSources"), in.OtherSources)
	}
	// The factor is at most 2 · 11 · 3·3650/360 ≈ 670 < maxFactor.
	need, ok := applyFactor(sales, (1-in.ProfitMargin)*(1+in.Growth)*net/360)
	if !ok {
		return r, &InputError{Field: f("sales"), Value: decimalText(in.Sales), Err: ErrAmount}
	}
	r.need = need
	r.gap = need - own - loans - other // each term ≤ 10¹⁵: no overflow
	return r, nil
}

var dayFields = [5]string{"inventoryDays", "receivableDays", "prepaymentDays", "payableDays", "advanceDays"}

// TurnoverDays returns the turnover period 360 × balance / flow in days, the form the annex
// uses for every item (周转天数 = 360 / 周转次数, 周转次数 = flow / average balance): flow is
// sales for receivables and advances from customers, cost of sales for inventory, prepayments
// and payables; balance is the item's average balance over the year.
//
// Errors ([*InputError], Field "balance" or "flow"): [ErrAmount] for a negative or
// out-of-range amount or a zero flow; [ErrDays] when the result exceeds [MaxDays].
//
// References:
//   - 流动资金贷款管理暂行办法 (2010), 附件 流动资金贷款需求量的测算参考, section 2.
func TurnoverDays(balance, flow decimal.Decimal) (float64, error) {
	b, ok := toCents(balance)
	if !ok || b < 0 {
		return 0, amountErr("balance", balance)
	}
	f, ok := toCents(flow)
	if !ok || f <= 0 {
		return 0, amountErr("flow", flow)
	}
	d := 360 * float64(b) / float64(f)
	if d > MaxDays {
		return 0, inErr("balance", d, ErrDays)
	}
	return d, nil
}
