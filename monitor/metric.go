package monitor

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// Metric is a per-observation quantity a signal rule reads. Amounts are converted to float64
// here, the one boundary where money becomes a number for comparison with thresholds; ratios
// of two amounts are fractions. A metric is missing when the observation is Missing, a field
// it needs is not Known, or a denominator is zero, or a ratio overflows float64. An amount
// beyond the float64 range (about 1.8e308) is an input error where a rule reads it. The zero
// value is [MetricDPD].
type Metric int

// The metrics, with their text names and definitions.
const (
	MetricDPD                 Metric = iota // "dpd": days past due
	MetricPastDue                           // "pastDue": amount past due
	MetricPastDueShare                      // "pastDueShare": PastDue / Outstanding
	MetricOutstanding                       // "outstanding": drawn balance
	MetricUtilisation                       // "utilisation": Outstanding / Limit (> 1 is a limit excess)
	MetricTurnover                          // "turnover": credit turnover in the period
	MetricTurnoverToDebt                    // "turnoverToDebt": Turnover / Outstanding
	MetricCreditBalance                     // "creditBalance": average credit balance
	MetricCreditBalanceToDebt               // "creditBalanceToDebt": CreditBalance / (Outstanding + DebtElsewhere)
	MetricCollateral                        // "collateral": collateral value
	MetricLTV                               // "ltv": Outstanding / Collateral
	MetricRevenue                           // "revenue": trailing 12-month revenue
	MetricDebtElsewhere                     // "debtElsewhere": debts at other banks
	MetricEquityToAssets                    // "equityToAssets"
	MetricProfitMargin                      // "profitMargin": profit before tax / revenue
	MetricDSCR                              // "dscr"
	MetricCurrentRatio                      // "currentRatio"
	MetricQuickRatio                        // "quickRatio"
	MetricPD                                // "pd"
	MetricPDRatio                           // "pdRatio": PD / History.PDOrigination
	MetricCovenantBreach                    // "covenantBreach": 1 if breached, 0 if tested and met
	numMetrics                = iota
)

var metricNames = [numMetrics]string{"dpd", "pastDue", "pastDueShare", "outstanding", "utilisation",
	"turnover", "turnoverToDebt", "creditBalance", "creditBalanceToDebt", "collateral", "ltv", "revenue",
	"debtElsewhere", "equityToAssets", "profitMargin", "dscr", "currentRatio", "quickRatio", "pd",
	"pdRatio", "covenantBreach"}

// String returns the metric's text name, or "Metric(n)" for an invalid n.
func (m Metric) String() string { return enumString(metricNames[:], int(m), "Metric") }

// MarshalText implements [encoding.TextMarshaler].
func (m Metric) MarshalText() ([]byte, error) { return enumMarshal(metricNames[:], int(m), "Metric") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (m *Metric) UnmarshalText(b []byte) error {
	i, err := enumUnmarshal(metricNames[:], b, "Metric")
	if err == nil {
		*m = Metric(i)
	}
	return err
}

var nan = math.NaN()

// metric returns metric m of observation i, NaN when missing, or an *InputError when a field
// it reads is invalid. Amounts are read from c where it holds them (c may be nil).
func (h *History) metric(m Metric, i int, c *amountCache) (float64, error) {
	o := &h.Observations[i]
	if o.Missing {
		return nan, nil
	}
	switch m {
	case MetricDPD:
		if o.DPD < 0 {
			return nan, h.inputErr(i, "DPD", strconv.Itoa(o.DPD))
		}
		return float64(o.DPD), nil
	case MetricPastDue, MetricOutstanding, MetricTurnover, MetricCreditBalance, MetricCollateral,
		MetricRevenue, MetricDebtElsewhere:
		return h.amount(i, Field(1)<<amountOf[m], c)
	case MetricPastDueShare, MetricUtilisation, MetricTurnoverToDebt, MetricLTV:
		num, den := FieldOutstanding, FieldLimit // utilisation
		switch m {
		case MetricPastDueShare:
			num, den = FieldPastDue, FieldOutstanding
		case MetricTurnoverToDebt:
			num, den = FieldTurnover, FieldOutstanding
		case MetricLTV:
			num, den = FieldOutstanding, FieldCollateral
		}
		a, err := h.amount(i, num, c)
		if err != nil {
			return nan, err
		}
		b, err := h.amount(i, den, c)
		return divide(a, b, err)
	case MetricCreditBalanceToDebt:
		a, err := h.amount(i, FieldCreditBalance, c)
		if err != nil {
			return nan, err
		}
		b, err := h.amount(i, FieldOutstanding, c)
		if err != nil {
			return nan, err
		}
		if o.Known&FieldDebtElsewhere != 0 {
			c, err := h.amount(i, FieldDebtElsewhere, c)
			if err != nil {
				return nan, err
			}
			b += c
		}
		return divide(a, b, nil)
	case MetricEquityToAssets:
		return h.ratio(i, FieldEquityToAssets, "EquityToAssets", o.EquityToAssets)
	case MetricProfitMargin:
		return h.ratio(i, FieldProfitMargin, "ProfitMargin", o.ProfitMargin)
	case MetricDSCR:
		return h.ratio(i, FieldDSCR, "DSCR", o.DSCR)
	case MetricCurrentRatio:
		return h.ratio(i, FieldCurrentRatio, "CurrentRatio", o.CurrentRatio)
	case MetricQuickRatio:
		return h.ratio(i, FieldQuickRatio, "QuickRatio", o.QuickRatio)
	case MetricPD, MetricPDRatio:
		if o.Known&FieldPD == 0 {
			return nan, nil
		}
		if !(o.PD >= 0 && o.PD <= 1) {
			return nan, h.inputErr(i, "PD", fmtFloat(o.PD))
		}
		if m == MetricPD {
			return o.PD, nil
		}
		return divide(o.PD, h.PDOrigination, nil)
	case MetricCovenantBreach:
		if o.Known&FieldCovenant == 0 {
			return nan, nil
		}
		if o.CovenantBreach {
			return 1, nil
		}
		return 0, nil
	}
	return nan, nil
}

// amount returns amount field f (a single bit of FieldPastDue … FieldDebtElsewhere) of
// observation i as a float64, NaN when not known, or an *InputError when negative. The value
// comes from c when c converted that cell in advance.
func (h *History) amount(i int, f Field, c *amountCache) (float64, error) {
	o := &h.Observations[i]
	if o.Known&f == 0 {
		return nan, nil
	}
	k := bits.TrailingZeros32(uint32(f))
	var v float64
	if c.has(k, i) {
		v = c.cols[k][i]
	} else {
		v = toFloat(*o.amountField(k))
	}
	if v < 0 || (v == 0 && math.Signbit(v)) { // the sign survives rounding (−0 for tiny negatives)
		return nan, h.inputErr(i, amountNames[k], o.amountField(k).String())
	}
	if v > math.MaxFloat64 {
		return nan, h.tooLarge(i, k)
	}
	return v, nil
}

// numAmounts is the number of decimal amount fields: FieldPastDue … FieldDebtElsewhere are
// bits 0 … numAmounts−1 of Field.
const numAmounts = 8

var amountNames = [numAmounts]string{"PastDue", "Outstanding", "Limit", "Turnover", "CreditBalance",
	"Collateral", "Revenue", "DebtElsewhere"}

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

// amountPlan lists the cells of one amount field that some rule always reads, as offsets
// back from the last evaluated observation: bit j of mask is offset j; all means every cell.
type amountPlan struct {
	all  bool
	mask uint64
}

// amountCache holds the amounts a signal set's rules always read, converted to float64 once
// per evaluation in one pass per field (independent loads: the decimals' coefficients sit
// behind pointers, so this is where a cold history costs most). A negative amount is stored
// as converted; the error is raised only when a rule reads the cell, as without the cache.
type amountCache struct {
	plan *[numAmounts]amountPlan // nil: nothing cached
	n    int                     // number of evaluated observations
	cols [numAmounts][]float64
}

// has reports whether cell i of amount field k was converted in advance.
func (c *amountCache) has(k, i int) bool {
	if c == nil || c.plan == nil {
		return false
	}
	p := &c.plan[k]
	off := c.n - 1 - i
	return p.all || (off < 64 && p.mask>>uint(off)&1 != 0)
}

// amountOf maps a metric that is a plain amount to its field's bit index, others to −1.
var amountOf = [numMetrics]int8{-1, 0, -1, 1, -1, 3, -1, 4, -1, 5, -1, 6, 7, -1, -1, -1, -1, -1, -1, -1, -1}

// field returns the name of the amount field a plain-amount metric reads.
func (m Metric) field() string { return amountNames[amountOf[m]] }

// whole returns the converted column of metric m when m is a plain amount whose every cell
// was converted (NaN where missing), or nil.
func (c *amountCache) whole(m Metric) []float64 {
	k := amountOf[m]
	if k < 0 || c.plan == nil || !c.plan[k].all {
		return nil
	}
	return c.cols[k]
}

// fill converts the planned cells of the first n observations of obs.
func (c *amountCache) fill(plan *[numAmounts]amountPlan, obs []Observation, n int) {
	c.plan, c.n = plan, n
	for k := range plan {
		p := &plan[k]
		if !p.all && p.mask == 0 {
			continue
		}
		if cap(c.cols[k]) < n {
			c.cols[k] = make([]float64, n, len(obs))
		}
		col := c.cols[k][:n]
		c.cols[k] = col
		bit := Field(1) << k
		if p.all { // NaN for missing cells, so that whole serves the column as it is
			for i := range col {
				if o := &obs[i]; !o.Missing && o.Known&bit != 0 {
					col[i] = toFloat(*o.amountField(k))
				} else {
					col[i] = nan
				}
			}
			continue
		}
		for m := p.mask; m != 0; m &= m - 1 {
			i := n - 1 - bits.TrailingZeros64(m)
			if i < 0 {
				break
			}
			if o := &obs[i]; !o.Missing && o.Known&bit != 0 {
				col[i] = toFloat(*o.amountField(k))
			}
		}
	}
}

func (h *History) ratio(i int, f Field, name string, v float64) (float64, error) {
	if h.Observations[i].Known&f == 0 {
		return nan, nil
	}
	if !finite(v) {
		return nan, h.inputErr(i, name, fmtFloat(v))
	}
	return v, nil
}

// divide returns a/b, NaN when b is zero or the quotient overflows float64 (a missing
// operand's NaN propagates).
func divide(a, b float64, err error) (float64, error) {
	if err != nil || b == 0 {
		return nan, err
	}
	if q := a / b; finite(q) {
		return q, nil
	}
	return nan, nil
}

// tooLarge reports amount field k of observation i, which is beyond the float64 range
// (about 1.8e308) and so cannot be compared with a threshold.
func (h *History) tooLarge(i, k int) error {
	return h.inputErr(i, amountNames[k], h.Observations[i].amountField(k).String()+" (beyond the float64 range)")
}

func (h *History) inputErr(i int, field, v string) error {
	return &InputError{Loan: h.Loan, Index: i, Period: h.Observations[i].Date, Field: field, Value: v, Err: ErrInvalidInput}
}

// toFloat returns the float64 nearest to d. A coefficient of at most 15 digits (< 2⁵³, so
// exact in float64) scaled by an exact power of ten 10^|e| (|e| ≤ 22) needs one correctly
// rounded multiplication or division; this avoids decimal's Float64, which for positive
// exponents goes through big.Rat and otherwise also computes an exactness flag we do not use.
// Other values fall back to InexactFloat64.
func toFloat(d decimal.Decimal) float64 {
	if e := d.Exponent(); e >= -22 && e <= 22 && d.NumDigits() <= 15 {
		c := float64(d.CoefficientInt64())
		switch {
		case e > 0:
			return c * pow10[e]
		case e < 0:
			return c / pow10[-e]
		}
		return c
	}
	return d.InexactFloat64()
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
	1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}
