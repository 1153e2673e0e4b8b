package monitor

import (
	"math"
	"strconv"
	"time"
)

// Prepared is a [History] validated and converted once: its dates and events, and every
// [Metric] of every observation as a float64 (NaN where missing). Signal rules read nothing
// else, so a prepared history can be evaluated at any number of dates, by any signal set,
// without reading a decimal again ([SignalSet.EvaluatePreparedTo]). A portfolio run that
// prepares its histories as it loads them pays the conversion once per loan rather than once
// per evaluation, and the compact form (about 200 bytes per observation, nearly all in one
// block of metric columns) streams through memory: see the cost note of EvaluatePreparedTo.
// [SignalSet.PrepareTo] keeps only the metric columns a set reads (8 bytes per observation
// and metric left out) and reuses a Prepared from loan to loan, for a streaming run (see
// the package doc).
//
// A Prepared is immutable and safe for concurrent use by multiple goroutines. The zero value
// is an empty history of an unnamed loan.
type Prepared struct {
	loan  LoanID
	dates []time.Time
	// events holds each observation's events, or eventMissing alone for a Missing one.
	events []Event
	// vals holds metric m of observation i at cols[m]·len(dates) + i: one column per held
	// metric, so a rule reading a window reads consecutive memory.
	vals []float64
	// cols[m] is metric m's column in vals, or noColumn when it is not held; have has bit m
	// set for each held metric.
	cols [numMetrics]uint8
	have metricSet
}

// metricSet has bit m set for each Metric m held or read.
type metricSet uint32

// allMetricSet holds every metric.
const allMetricSet = metricSet(1)<<numMetrics - 1

// noColumn marks a metric a Prepared does not hold.
const noColumn = 0xFF

// eventMissing marks a Missing observation in Prepared.events: a bit no valid Event has.
const eventMissing Event = 1 << 31

// Prepare validates h as [History.Validate] does and returns its prepared form. h is not
// modified and not retained.
//
// Errors: those of Validate (an [*InputError] naming the loan and the observation field,
// wrapping [ErrInvalidInput] or [ErrUnsorted]).
//
// Cost: O(len(h.Observations)) with one decimal-to-float64 conversion per known amount
// (BenchmarkPrepare measures it).
func Prepare(h *History) (*Prepared, error) {
	p := new(Prepared)
	if err := p.fill(h, allMetricSet); err != nil {
		return nil, err
	}
	return p, nil
}

// PrepareTo is [Prepare] into dst, reusing dst's storage: once dst has held a history at
// least as long, it does not allocate. dst then holds every metric. On error dst is left
// partly filled and must not be evaluated. A nil dst is an [*InputError] naming dst.
func PrepareTo(dst *Prepared, h *History) error {
	if dst == nil {
		return nilErr("dst")
	}
	return dst.fill(h, allMetricSet)
}

// Loan returns the identifier of the prepared history ("" for a nil p).
func (p *Prepared) Loan() LoanID {
	if p == nil {
		return ""
	}
	return p.loan
}

// Len returns the number of observations (0 for a nil p).
func (p *Prepared) Len() int {
	if p == nil {
		return 0
	}
	return len(p.dates)
}

// col returns metric m's column for all observations; m must be held.
func (p *Prepared) col(m Metric) []float64 {
	n := len(p.dates)
	lo := int(p.cols[m]) * n
	return p.vals[lo : lo+n]
}

// fill validates h and stores its prepared form in p, holding the metrics of need, reusing
// p's storage.
func (p *Prepared) fill(h *History, need metricSet) error {
	if err := h.checkHead(); err != nil {
		return err
	}
	n := len(h.Observations)
	p.loan = h.Loan
	if cap(p.dates) < n {
		p.dates, p.events = make([]time.Time, n), make([]Event, n)
	}
	p.dates, p.events = p.dates[:n], p.events[:n]
	var k int
	p.have = need
	p.cols, k = columns(need)
	if cap(p.vals) < n*k {
		p.vals = make([]float64, n*k)
	}
	p.vals = p.vals[:n*k]
	return h.convert(p.dates, p.events, p.vals, &p.cols, n, 1)
}

// checkHead checks what Validate checks before the observations: h not nil, PDOrigination
// in [0, 1].
func (h *History) checkHead() error {
	if h == nil {
		return nilErr("History")
	}
	if !(h.PDOrigination >= 0 && h.PDOrigination <= 1) {
		return inputErr(h.Loan, "pdOrigination", fmtFloat(h.PDOrigination), ErrInvalidInput)
	}
	return nil
}

// columns numbers the metrics of need in Metric order: cols[m] is metric m's column, or
// noColumn when need lacks it; k is the number of columns.
func columns(need metricSet) (cols [numMetrics]uint8, k int) {
	for m := range cols {
		cols[m] = noColumn
		if need&(1<<m) != 0 {
			cols[m] = uint8(k)
			k++
		}
	}
	return cols, k
}

// convert validates the observations of h (after PDOrigination) one at a time, so that the
// first problem is reported, and writes observation i's date to dates[i·step], its events
// (eventMissing for a Missing one) to events[i] and each metric m held in cols to
// vals[cols[m]·stride + i·step]: a Prepared has one column per metric (stride len(dates),
// step 1), a [PreparedBatch] one row per period and metric (stride periods·step, step its
// padded row length), and its dates a row per period.
func (h *History) convert(dates []time.Time, events []Event, vals []float64, cols *[numMetrics]uint8, stride, step int) error {
	obs := h.Observations
	for i := range obs { // one observation at a time, so the first problem is reported
		o := &obs[i]
		if i > 0 && !o.Date.After(obs[i-1].Date) {
			return inputErr(h.Loan, "observations["+strconv.Itoa(i)+"].date",
				dateText(o.Date)+" not after "+dateText(obs[i-1].Date), ErrUnsorted)
		}
		if !o.Missing {
			if err := h.checkFields(i); err != nil {
				return err
			}
		}
		dates[i*step], events[i] = o.Date, o.Events
		if o.Missing {
			events[i] = eventMissing
		}
		if err := h.metrics(vals[min(i*step, len(vals)):], cols, stride, i); err != nil { // no columns: vals is empty
			return err
		}
	}
	return nil
}

// metrics writes every metric m of observation i held in cols to dst[cols[m]·stride] (NaN
// where missing). The observation's fields are already checked (checkFields); the one error
// left is a known amount beyond the float64 range, an *InputError, checked for every amount
// whatever is held.
func (h *History) metrics(dst []float64, cols *[numMetrics]uint8, stride, i int) error {
	set := func(m Metric, v float64) {
		if c := cols[m]; c != noColumn {
			dst[int(c)*stride] = v
		}
	}
	o := &h.Observations[i]
	if o.Missing {
		for m := range numMetrics {
			set(Metric(m), nan)
		}
		return nil
	}
	var a [numAmounts]float64 // the amounts as float64, NaN when not known
	for k := range a {
		a[k] = nan
		if o.Known&(Field(1)<<k) != 0 {
			if a[k] = toFloat(*o.amountField(k)); a[k] > math.MaxFloat64 {
				return h.obsErr(i, amountNames[k], decimalText(*o.amountField(k))+" (beyond the float64 range)")
			}
		}
	}
	const pastDue, outstanding, limit, turnover, creditBalance, collateral, revenue, debtElsewhere = 0, 1, 2, 3, 4, 5, 6, 7
	known := func(f Field, v float64) float64 {
		if o.Known&f == 0 {
			return nan
		}
		return v
	}
	set(MetricDPD, float64(o.DPD))
	set(MetricPastDue, a[pastDue])
	set(MetricPastDueShare, divide(a[pastDue], a[outstanding]))
	set(MetricOutstanding, a[outstanding])
	set(MetricUtilisation, divide(a[outstanding], a[limit]))
	set(MetricTurnover, a[turnover])
	set(MetricTurnoverToDebt, divide(a[turnover], a[outstanding]))
	set(MetricCreditBalance, a[creditBalance])
	debt := a[outstanding]
	if o.Known&FieldDebtElsewhere != 0 {
		debt += a[debtElsewhere]
	}
	set(MetricCreditBalanceToDebt, divide(a[creditBalance], debt))
	set(MetricCollateral, a[collateral])
	set(MetricLTV, divide(a[outstanding], a[collateral]))
	set(MetricRevenue, a[revenue])
	set(MetricDebtElsewhere, a[debtElsewhere])
	set(MetricEquityToAssets, known(FieldEquityToAssets, o.EquityToAssets))
	set(MetricProfitMargin, known(FieldProfitMargin, o.ProfitMargin))
	set(MetricDSCR, known(FieldDSCR, o.DSCR))
	set(MetricCurrentRatio, known(FieldCurrentRatio, o.CurrentRatio))
	set(MetricQuickRatio, known(FieldQuickRatio, o.QuickRatio))
	pd := known(FieldPD, o.PD)
	set(MetricPD, pd)
	set(MetricPDRatio, divide(pd, h.PDOrigination))
	breach := 0.0
	if o.CovenantBreach {
		breach = 1
	}
	set(MetricCovenantBreach, known(FieldCovenant, breach))
	return nil
}
