package monitor

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// Metric is a per-observation quantity a signal rule reads. Amounts are converted to float64
// when a history is prepared ([Prepare]), the one boundary where money becomes a number for
// comparison with thresholds; ratios of two amounts are fractions. A metric is missing when
// the observation is Missing, a field it needs is not Known, or a denominator is zero, or a
// ratio overflows float64. A known amount beyond the float64 range (about 1.8e308) is an
// input error (see [History.Validate]). The zero value is [MetricDPD].
type Metric uint8

// The metrics, with their text names and definitions.
const (
	MetricDPD                 Metric = iota // "dpd": days past due
	MetricPastDue                           // "past-due": amount past due
	MetricPastDueShare                      // "past-due-share": PastDue / Outstanding
	MetricOutstanding                       // "outstanding": drawn balance
	MetricUtilisation                       // "utilisation": Outstanding / Limit (> 1 is a limit excess)
	MetricTurnover                          // "turnover": credit turnover in the period
	MetricTurnoverToDebt                    // "turnover-to-debt": Turnover / Outstanding
	MetricCreditBalance                     // "credit-balance": average credit balance
	MetricCreditBalanceToDebt               // "credit-balance-to-debt": CreditBalance / (Outstanding + DebtElsewhere)
	MetricCollateral                        // "collateral": collateral value
	MetricLTV                               // "ltv": Outstanding / Collateral
	MetricRevenue                           // "revenue": trailing 12-month revenue
	MetricDebtElsewhere                     // "debt-elsewhere": debts at other banks
	MetricEquityToAssets                    // "equity-to-assets"
	MetricProfitMargin                      // "profit-margin": profit before tax / revenue
	MetricDSCR                              // "dscr"
	MetricCurrentRatio                      // "current-ratio"
	MetricQuickRatio                        // "quick-ratio"
	MetricPD                                // "pd"
	MetricPDRatio                           // "pd-ratio": PD / History.PDOrigination
	MetricCovenantBreach                    // "covenant-breach": 1 if breached, 0 if tested and met
	numMetrics                = iota
)

var metricNames = enum.Names[Metric]{"dpd", "past-due", "past-due-share", "outstanding", "utilisation",
	"turnover", "turnover-to-debt", "credit-balance", "credit-balance-to-debt", "collateral", "ltv", "revenue",
	"debt-elsewhere", "equity-to-assets", "profit-margin", "dscr", "current-ratio", "quick-ratio", "pd",
	"pd-ratio", "covenant-breach"}

// String returns the metric's text name, or "Metric(n)" for an invalid n.
func (m Metric) String() string { return metricNames.String(m) }

// IsValid reports whether m is one of the defined metrics.
func (m Metric) IsValid() bool { return metricNames.Valid(m) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid metric.
func (m Metric) MarshalText() ([]byte, error) { return marshalEnum(metricNames, "Metric", m) }

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (m *Metric) UnmarshalText(b []byte) error { return unmarshalEnum(metricNames, "Metric", m, b) }

var nan = math.NaN()

// numAmounts is the number of decimal amount fields: FieldPastDue … FieldDebtElsewhere are
// bits 0 … numAmounts−1 of Field.
const numAmounts = 8

var amountNames = [numAmounts]string{"pastDue", "outstanding", "limit", "turnover", "creditBalance",
	"collateral", "revenue", "debtElsewhere"}

// amountField returns a pointer to amount field k (bit k of Field) of o.
func (o *Observation) amountField(k int) *decimal.Decimal {
	switch k {
	case 0:
		return &o.PastDue
	case 1:
		return &o.Outstanding
	case 2:
		return &o.Limit
	case 3:
		return &o.Turnover
	case 4:
		return &o.CreditBalance
	case 5:
		return &o.Collateral
	case 6:
		return &o.Revenue
	}
	return &o.DebtElsewhere
}

// divide returns a/b, NaN when b is zero or infinite (a sum of amounts that overflowed) or
// the quotient overflows float64 (a missing operand's NaN propagates).
func divide(a, b float64) float64 {
	if q := a / b; b != 0 && finite(b) && finite(q) {
		return q
	}
	return nan
}

// obsErr reports field of observation i of h, as `loan "<id>" observations[i].<field>`.
func (h *History) obsErr(i int, field, v string) error {
	return inputErr(h.Loan, "observations["+strconv.Itoa(i)+"]."+field, v, ErrInvalidInput)
}

// toFloat returns the float64 nearest to d. A coefficient of at most 15 digits (< 2⁵³, so
// exact in float64) scaled by an exact power of ten 10^|e| (|e| ≤ 22) needs one correctly
// rounded multiplication or division. Other coefficients of up to 18 digits (an int64) are
// written as "<coefficient>e<exponent>" into a stack buffer and read back by
// strconv.ParseFloat, which rounds correctly without allocating; only longer coefficients
// take decimal's InexactFloat64 (through big.Rat, allocating).
func toFloat(d decimal.Decimal) float64 {
	e, nd := d.Exponent(), d.NumDigits()
	if e >= -22 && e <= 22 && nd <= 15 {
		c := float64(d.CoefficientInt64())
		switch {
		case e > 0:
			return c * pow10[e]
		case e < 0:
			return c / pow10[-e]
		}
		return c
	}
	if nd <= 18 {
		var buf [32]byte // sign, 18 digits, 'e', sign and 10 digits of an int32
		b := strconv.AppendInt(buf[:0], d.CoefficientInt64(), 10)
		b = append(b, 'e')
		b = strconv.AppendInt(b, int64(e), 10)
		f, _ := strconv.ParseFloat(string(b), 64) // ±Inf beyond the float64 range, 0 below it
		return f
	}
	return d.InexactFloat64()
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
	1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}
