package monitor

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
)

// Evidence records why a signal fired, for audit.
type Evidence struct {
	Metric    Metric    // metric the rule read (unused for event rules)
	Value     float64   // the compared value: metric value, change fraction, slope, count, CUSUM sum, EWMA z or z-score
	Threshold float64   // the threshold it was compared with (rule value, MinCount, H′·σ, control limit)
	Period    time.Time // date of the observation at which the rule fired
	From      time.Time // start of the evidence: baseline, window start or estimated shift onset (≤ Period)
}

// Signal is one fired rule with its evidence.
type Signal struct {
	Rule     RuleID
	Code     SignalCode
	Kind     RuleKind
	Category SignalCategory
	Severity WarningLevel // Yellow, Orange or Red (rule severity 1, 2, 3)
	Evidence Evidence
}

// Result is the outcome of evaluating a signal set on one loan. The zero value is an empty
// result, ready for [SignalSet.EvaluateTo] and [SignalSet.EvaluatePreparedTo], which reuse
// its storage: besides the signals it holds the per-evaluation working storage (the prepared
// history, detector buffers), so the compiled [SignalSet] stays immutable. A Result is not
// safe for concurrent use: give each goroutine its own.
type Result struct {
	Loan      LoanID
	AsOf      time.Time
	Level     WarningLevel // level from the signals alone, after escalation; see FinalLevel for floors
	Escalated bool         // the escalation rule raised Level above the highest severity
	Signals   []Signal     // fired rules, in rule order
	// Unevaluated lists rules that could not be evaluated for lack of data: missing periods or
	// fields, too short a history, a zero baseline or zero spread, or a statistic (change,
	// slope, z, CUSUM sum, EWMA limit) that overflows float64. They did not fire.
	Unevaluated []RuleID

	// per-evaluation working storage, reused across calls
	prep Prepared // the history EvaluateTo prepares
	vals []float64
	// evOr[j] is the union of the events of the last j+1 observations, evSeen[j] how many of
	// them are not missing; filled once per evaluation for the widest event window.
	evOr   []Event
	evSeen []int
	// batch is EvaluateBatchTo's working storage, held by the first BatchResult.
	batch *batchWork
}

// Evaluate runs every rule of s on the observations of h dated on or before asOf and returns
// the fired signals and the warning level. Observations after asOf are ignored (a back-test
// evaluates the same history at several dates). h is not modified.
//
// The level is the highest severity among fired signals, then escalated one step (this
// package's convention): Yellow becomes Orange when signals of at least Escalation.Yellow (3)
// distinct categories are active, and Orange becomes Red when severity-2-or-worse signals of at
// least Escalation.Orange (2) distinct categories are active, counting only signals whose
// evidence period lies within Escalation.WindowDays (90) before asOf. Regulatory floors are
// applied afterwards with [FinalLevel].
//
// Errors, each an [*InputError]: those of [History.Validate] for any observation, whether or
// not a rule reads it or it is dated after asOf (Field such as `loan "L1" observations[3].dpd`,
// wrapping [ErrUnsorted] for dates that do not increase strictly and [ErrInvalidInput]
// otherwise); one wrapping [ErrShortHistory] with Field `loan "L1" observations` when no
// observation is dated on or before asOf (Value says how many are dated after it); one
// wrapping [ErrInvalidInput] naming asOf outside the years 1 to 9999; one naming History (or
// the receiver, SignalSet) when it is nil. Rules without enough data are listed in
// Result.Unevaluated, not reported as errors.
//
// References:
//   - SAMA, Rules on Management of Problem Loans (2020), Appendix 1 "Samples of Early Warning
//     Signals".
//   - ECB, Guidance to banks on non-performing loans (2017), annex of sample early-warning
//     indicators (escalation to watch lists).
//
// Cost: [Prepare] (validating and converting every observation) plus
// [SignalSet.EvaluatePreparedTo]. To evaluate a history at several dates or with several
// signal sets, prepare it once.
func (s *SignalSet) Evaluate(h *History, asOf time.Time) (Result, error) {
	var r Result
	err := s.EvaluateTo(&r, h, asOf)
	return r, err
}

// EvaluateTo is [SignalSet.Evaluate] writing into dst and reusing its storage; once dst has
// served EvaluateTo with a history at least as long, with as many signals, it does not
// allocate, as long as every amount has at most 18 significant digits (longer ones are
// converted through big.Rat). A nil dst is an [*InputError] naming dst.
func (s *SignalSet) EvaluateTo(dst *Result, h *History, asOf time.Time) error {
	switch {
	case dst == nil:
		return nilErr("dst")
	case h == nil:
		return nilErr("History")
	case s == nil:
		return nilErr("SignalSet")
	}
	dst.reset(h.Loan, asOf)
	if err := dst.prep.fill(h, s.need); err != nil {
		return err
	}
	return s.evaluate(dst, &dst.prep, asOf)
}

// EvaluatePreparedTo is [SignalSet.EvaluateTo] on a prepared history: the same result,
// without validating or converting anything. Once dst has served a history at least as long,
// with as many signals, it does not allocate. Errors, each an [*InputError]: one wrapping
// [ErrShortHistory] when no observation is dated on or before asOf, one naming asOf outside
// the years 1 to 9999, one naming dst, Prepared or SignalSet when one is nil.
//
// Cost: O(rules × periods) at most, with no allocation and no decimal read; the default set
// reads each of a loan's metric columns about once (BenchmarkPortfolio measures it per loan,
// in cache and over a million distinct prepared loans).
func (s *SignalSet) EvaluatePreparedTo(dst *Result, p *Prepared, asOf time.Time) error {
	switch {
	case dst == nil:
		return nilErr("dst")
	case p == nil:
		return nilErr("Prepared")
	case s == nil:
		return nilErr("SignalSet")
	}
	dst.reset(p.loan, asOf)
	return s.evaluate(dst, p, asOf)
}

func (r *Result) reset(loan LoanID, asOf time.Time) {
	r.Loan, r.AsOf, r.Level, r.Escalated = loan, asOf, Green, false
	r.Signals, r.Unevaluated = r.Signals[:0], r.Unevaluated[:0]
}

func (s *SignalSet) evaluate(dst *Result, p *Prepared, asOf time.Time) error {
	n := len(p.dates)
	for n > 0 && p.dates[n-1].After(asOf) {
		n--
	}
	if sec := asOf.Unix(); n == 0 || sec < minUnix || sec > maxUnix {
		return evalErr(p, asOf)
	}
	if miss := s.need &^ p.have; miss != 0 {
		return missingErr(p.loan, miss)
	}
	touch(p.vals, p.events)
	dst.unions(p.events[:n], s.evWin)
	// Evidence is written on a stack value (no write barriers for its dates) by a rule that
	// fires, and copied into Signals.
	var ev Evidence
	for i := range s.rules {
		r := &s.rules[i]
		// The common cases, settled without a call: no such event in an event rule's window,
		// a threshold rule whose latest value is known and does not cross.
		switch r.Kind {
		case KindEvent:
			if w := min(max(r.Window, 1), n); dst.evSeen[w-1] != 0 && dst.evOr[w-1]&r.events == 0 {
				continue
			}
		case KindThreshold:
			if v := p.col(r.Metric)[n-1]; !math.IsNaN(v) && !r.Op.holds(v, r.Value) {
				continue
			}
		}
		fired, ok := dst.eval(&ev, r, p, n)
		dst.record(r, &ev, fired, ok)
	}
	dst.Level, dst.Escalated = s.level(dst.Signals, asOf, false)
	return nil
}

// record adds the outcome of rule ru to r: a signal with evidence ev when it fired, its ID
// to Unevaluated when there was not enough data or a statistic overflowed float64 (e.g. a
// change or slope of huge values).
func (r *Result) record(ru *rule, ev *Evidence, fired, ok bool) {
	if fired && !(finite(ev.Value) && finite(ev.Threshold)) {
		ok = false
	}
	switch {
	case !ok:
		r.Unevaluated = append(r.Unevaluated, ru.ID)
	case fired:
		r.Level = max(r.Level, ru.severity) // the highest severity so far (see escalate)
		r.Signals = append(r.Signals, Signal{Rule: ru.ID, Code: ru.Code, Kind: ru.Kind, Category: ru.Category,
			Severity: ru.severity, Evidence: *ev})
	}
}

// add adds to r the signal of rule ru, fired with evidence value v and threshold t at the
// observation dated *period, from the one dated *from: record(ru, &Evidence{...}, true,
// true), writing the signal in place. A v or t that is not finite makes ru unevaluated.
func (r *Result) add(ru *rule, v, t float64, period, from *time.Time) {
	if !(finite(v) && finite(t)) {
		r.Unevaluated = append(r.Unevaluated, ru.ID)
		return
	}
	n := len(r.Signals)
	if n == cap(r.Signals) {
		r.Signals = append(r.Signals, Signal{})
	} else {
		r.Signals = r.Signals[:n+1]
	}
	r.Level = max(r.Level, ru.severity) // the highest severity so far (see escalate)
	sg := &r.Signals[n]                 // every field written
	sg.Rule, sg.Code, sg.Kind, sg.Category, sg.Severity = ru.ID, ru.Code, ru.Kind, ru.Category, ru.severity
	sg.Evidence.Metric, sg.Evidence.Value, sg.Evidence.Threshold = ru.Metric, v, t
	sg.Evidence.Period, sg.Evidence.From = *period, *from
}

// unevaluated adds rule ru to r's unevaluated rules: record(ru, ev, false, false).
func (r *Result) unevaluated(ru *rule) { r.Unevaluated = append(r.Unevaluated, ru.ID) }

// unions fills r.evOr and r.evSeen for the latest min(win, len(events)) of events.
func (r *Result) unions(events []Event, win int) {
	n := len(events)
	w := min(win, n)
	if cap(r.evOr) < w {
		r.evOr, r.evSeen = make([]Event, w), make([]int, w)
	}
	r.evOr, r.evSeen = r.evOr[:w], r.evSeen[:w]
	var or Event
	seen := 0
	for j := range w {
		if e := events[n-1-j]; e&eventMissing == 0 {
			or |= e
			seen++
		}
		r.evOr[j], r.evSeen[j] = or, seen
	}
}

// BatchResult is one history's outcome in [SignalSet.EvaluateAll] or one loan's in
// [SignalSet.EvaluateBatchTo]: a result, or the error for that history (then Result holds
// only Loan and AsOf). EvaluateAll's results hold no working storage; EvaluateBatchTo keeps
// its working storage in the results it is given, reused from call to call.
type BatchResult struct {
	Result Result
	Err    error
}

// EvaluateAll evaluates every history at asOf and returns one BatchResult per history, in
// order: a bad history gets its error and does not stop the others. It reuses one working
// storage for all histories; each result's Signals and Unevaluated are its own. Cost
// O(len(hs)) evaluations.
func (s *SignalSet) EvaluateAll(hs []History, asOf time.Time) []BatchResult {
	out := make([]BatchResult, len(hs))
	var r Result
	for i := range hs {
		err := s.EvaluateTo(&r, &hs[i], asOf)
		b := &out[i]
		b.Result = Result{Loan: r.Loan, AsOf: asOf}
		if err != nil {
			b.Err = err
			continue
		}
		b.Result.Level, b.Result.Escalated = r.Level, r.Escalated
		b.Result.Signals = slices.Clone(r.Signals)
		b.Result.Unevaluated = slices.Clone(r.Unevaluated)
	}
	return out
}

// level returns the warning level of the signals sigs and whether escalation raised it,
// counting for escalation the signals whose evidence period is not before since, asOf less
// the escalation window; when isSince is false, t is asOf, and since is computed only when
// escalation needs it.
func (s *SignalSet) level(sigs []Signal, t time.Time, isSince bool) (WarningLevel, bool) {
	lvl := Green
	for i := range sigs {
		lvl = max(lvl, sigs[i].Severity)
	}
	return s.escalate(lvl, sigs, t, isSince)
}

// escalate is level given lvl, the highest severity of sigs (Green when there is none).
func (s *SignalSet) escalate(lvl WarningLevel, sigs []Signal, t time.Time, isSince bool) (WarningLevel, bool) {
	if s.esc.Off || (lvl != Yellow && lvl != Orange) {
		return lvl, false
	}
	since := t
	if !isSince {
		since = t.AddDate(0, 0, -s.esc.WindowDays)
	}
	// Period.Before(since) by seconds and nanoseconds, inlined: since, made by AddDate, holds
	// no monotonic reading, so Before compares exactly these
	ss, sn := since.Unix(), since.Nanosecond()
	var any, severe uint16
	for i := range sigs {
		if p := &sigs[i].Evidence.Period; p.Unix() < ss || p.Unix() == ss && p.Nanosecond() < sn {
			continue
		}
		bit := uint16(1) << ((sigs[i].Category - 1) & 15) // valid categories are 1 to 8
		any |= bit
		if sigs[i].Severity >= Orange {
			severe |= bit
		}
	}
	switch {
	case lvl == Yellow && bits.OnesCount16(any) >= s.esc.YellowCategories:
		return Orange, true
	case lvl == Orange && bits.OnesCount16(severe) >= s.esc.OrangeCategories:
		return Red, true
	}
	return lvl, false
}

// missingErr is the error of evaluating a loan prepared without the metrics of miss.
func missingErr(loan LoanID, miss metricSet) error {
	return inputErr(loan, "prepared", "metric "+Metric(bits.TrailingZeros32(uint32(miss))).String()+
		" not held (prepared by a signal set that does not read it)", ErrInvalidInput)
}

// evalErr is the error of an evaluation at asOf that cannot start: asOf outside the years 1
// to 9999, or no observation dated on or before it.
func evalErr(p *Prepared, asOf time.Time) error {
	if !dateOK(asOf) {
		return inputErr(p.loan, "asOf", dateText(asOf)+" (want years 1 to 9999)", ErrInvalidInput)
	}
	return inputErr(p.loan, "observations", "0 dated on or before asOf, "+strconv.Itoa(len(p.dates))+" after", ErrShortHistory)
}

// FinalLevel applies the regulatory floor of category c to a signal level: the result is
// max(signals, c.Floor()), so a hard regulatory classification always wins over scores. The
// IFRS 9 and default floors ([Stage.Floor], [DefaultResult.Floor]) combine the same way, by max.
func FinalLevel(signals WarningLevel, c Category) WarningLevel { return max(signals, c.Floor()) }

// eval evaluates one rule over the first n observations of p. ok reports whether there was
// enough data; only when the rule fires does eval write ev (every field), so the common case,
// a rule that holds no alarm, copies no dates.
func (r *Result) eval(ev *Evidence, ru *rule, p *Prepared, n int) (fired, ok bool) {
	dates := p.dates
	last := n - 1
	switch ru.Kind {
	case KindThreshold:
		// the latest known value within the window
		c := p.col(ru.Metric)
		lo, at := max(0, n-max(ru.Window, 1)), last
		for at >= lo && math.IsNaN(c[at]) {
			at--
		}
		if at < lo {
			return false, false
		}
		if !ru.Op.holds(c[at], ru.Value) {
			return false, true
		}
		from := at
		for _, a := range ru.Also {
			j := at - a.Lag
			if j < 0 {
				return false, false
			}
			v := p.col(a.Metric)[j]
			if math.IsNaN(v) {
				return false, false
			}
			if !a.Op.holds(v, a.Value) {
				return false, true
			}
			from = min(from, j)
		}
		return fire(ev, ru, dates, c[at], ru.Value, at, from)

	case KindChange:
		ch, lo, ok := ru.change(p.col(ru.Metric), 1, n)
		if !ok {
			return false, false
		}
		if ru.Op.holds(ch, ru.Value) {
			return fire(ev, ru, dates, ch, ru.Value, last, lo)
		}
		return false, true

	case KindTrend:
		lo := max(0, n-ru.Window)
		slope, k := slopeKnown(p.col(ru.Metric)[lo:n])
		if k < 3 || !finite(slope) {
			return false, false
		}
		if ru.Op.holds(slope, ru.Value) {
			return fire(ev, ru, dates, slope, ru.Value, last, lo)
		}
		return false, true

	case KindCount:
		count, known, latest, lo := ru.count(p.col(ru.Metric), 1, n)
		if known == 0 {
			return false, false
		}
		if count >= ru.MinCount { // count ≥ 1, so latest ≥ lo
			return fire(ev, ru, dates, float64(count), float64(ru.MinCount), latest, lo)
		}
		return false, true

	case KindEvent:
		w := min(max(ru.Window, 1), n)
		if r.evSeen[w-1] == 0 {
			return false, false
		}
		if r.evOr[w-1]&ru.events == 0 {
			return false, true
		}
		lo := n - w
		count, latest := 0, 0
		for i := last; i >= lo; i-- {
			if p.events[i]&ru.events != 0 { // never true of a Missing one
				if count == 0 {
					latest = i
				}
				count++
			}
		}
		return fire(ev, ru, dates, float64(count), 1, latest, lo)

	case KindCUSUM, KindEWMA, KindZScore:
		return r.evalDetector(ev, ru, p.col(ru.Metric), 1, p.dates, n)
	}
	return false, false
}

// evalDetector evaluates detector rule ru (CUSUM, EWMA, z-score) over the first n periods of
// column c, whose period i is c[i·step] and dated dates[i].
func (r *Result) evalDetector(ev *Evidence, ru *rule, c []float64, step int, dates []time.Time, n int) (fired, ok bool) {
	w := ru.Window
	if ru.Kind == KindZScore {
		w = 1
	}
	split := n - w
	if split < ru.MinHistory {
		return false, false
	}
	// baseline: the known values before the monitored window
	var center, spread float64
	if ru.Robust {
		r.vals = r.vals[:0]
		for i := range split {
			if v := c[i*step]; !math.IsNaN(v) {
				r.vals = append(r.vals, v)
			}
		}
		if len(r.vals) < ru.MinHistory {
			return false, false
		}
		center = median(r.vals)
		for i, v := range r.vals {
			r.vals[i] = math.Abs(v - center)
		}
		spread = median(r.vals) * madScale
	} else {
		var k int
		if center, spread, k = meanSDKnown(c, step, split); k < ru.MinHistory {
			return false, false
		}
	}
	spread = math.Max(spread, ru.SigmaFloor)
	if !(spread > 0) || !finite(spread) || !finite(center) {
		return false, false
	}
	if ru.Kind == KindZScore {
		x := c[(n-1)*step]
		if math.IsNaN(x) {
			return false, false
		}
		z := (x - center) / spread
		if !finite(z) {
			return false, false
		}
		if ru.Op.holds(z, ru.Value) {
			return fire(ev, ru, dates, z, ru.Value, n-1, 0)
		}
		return false, true
	}
	// the monitored window, known values only
	known := false
	if ru.Kind == KindCUSUM {
		ch := *ru.cusum
		ch.p.Target, ch.p.Sigma = center, spread
		ch.k, ch.h, ch.s = ch.p.K*spread, ch.p.H*spread, ch.p.HeadStart*spread
		up, lo := ch.s, ch.s
		nu, nl := 0, 0
		for i := split; i < n; i++ {
			v := c[i*step]
			if math.IsNaN(v) {
				continue
			}
			known = true
			up, lo = ch.sums(up, lo, v)
			if !finite(up) || !finite(lo) {
				return false, false // sums overflow float64: the series is off any scale
			}
			nu, nl = run(up, nu), run(lo, nl)
			if (ru.Side == Up && up > ch.h) || (ru.Side == Down && lo > ch.h) {
				sum, run := up, nu
				if ru.Side == Down {
					sum, run = lo, nl
				}
				// onset: the known value where the run began, run − 1 known values back
				from := i
				for j := i - 1; j >= split && run > 1; j-- {
					if !math.IsNaN(c[j*step]) {
						from, run = j, run-1
					}
				}
				return fire(ev, ru, dates, sum, ch.h, i, from)
			}
		}
		return false, known
	}
	e := EWMA{p: EWMAParams{Target: center, Sigma: spread, Lambda: ru.Lambda, L: ru.L, Limits: ru.Limits}}
	q := 1 - ru.Lambda
	e.w, e.decay = ru.L*spread*math.Sqrt(ru.Lambda/(2-ru.Lambda)), q*q
	if !finite(center-e.w) || !finite(center+e.w) {
		return false, false // limits overflow float64
	}
	z, pow := center, 1.0
	for i := split; i < n; i++ {
		v := c[i*step]
		if math.IsNaN(v) {
			continue
		}
		known = true
		var pt EWMAPoint
		pt, z, pow = e.step(z, pow, v)
		if ru.Side == Up && pt.Z > pt.UCL {
			return fire(ev, ru, dates, pt.Z, pt.UCL, i, 0)
		}
		if ru.Side == Down && pt.Z < pt.LCL {
			return fire(ev, ru, dates, pt.Z, pt.LCL, i, 0)
		}
	}
	return false, known
}

// change is the value of change rule ru over the first n periods of column c, whose period
// i is c[i·step]: the relative change of the mean of the known values of the latest
// Average periods (at least 1) against the same mean Lag periods earlier, and lo, the first
// period of the earlier mean. ok is false when the history is too short, a mean has no
// known value, the earlier mean is 0 or the change overflows float64.
func (ru *rule) change(c []float64, step, n int) (ch float64, lo int, ok bool) {
	a := max(ru.Average, 1)
	lo = n - ru.Lag - a
	if lo < 0 {
		return 0, lo, false
	}
	var cur, base float64
	if a == 1 { // meanKnown of one value, without the loop: the value (meanKnown's 0 + v
		// differs only for v = −0, which gives the same change, or none for a base of 0)
		cur, base = c[(n-1)*step], c[lo*step]
		if math.IsNaN(cur) || math.IsNaN(base) || base == 0 {
			return 0, lo, false
		}
	} else {
		var ok1, ok2 bool
		cur, ok1 = meanKnown(c, step, n-a, n)
		base, ok2 = meanKnown(c, step, lo, lo+a)
		if !ok1 || !ok2 || base == 0 {
			return 0, lo, false
		}
	}
	ch = (cur - base) / math.Abs(base)
	return ch, lo, finite(ch) // a change of huge values overflowed float64
}

// count counts, for count rule ru over the first n periods of column c (period i at
// c[i·step]), the known values within the window that satisfy the condition (in a row from
// the latest when Consecutive), how many values were known, the latest period that
// counted (−1 when none), and lo, the window's first period.
func (ru *rule) count(c []float64, step, n int) (count, known, latest, lo int) {
	lo = max(0, n-ru.Window)
	latest = -1
	for i := n - 1; i >= lo; i-- {
		v := c[i*step]
		if math.IsNaN(v) {
			if ru.Consecutive {
				break
			}
			continue
		}
		known++
		if ru.Op.holds(v, ru.Value) {
			count++
			if latest < 0 {
				latest = i
			}
		} else if ru.Consecutive {
			break
		}
	}
	return count, known, latest, lo
}

// fire writes the evidence of a rule that fired: the compared value and threshold, and the
// dates of the observations at indices period and from.
func fire(ev *Evidence, ru *rule, dates []time.Time, v, threshold float64, period, from int) (fired, ok bool) {
	*ev = Evidence{Metric: ru.Metric, Value: v, Threshold: threshold, Period: dates[period], From: dates[from]}
	return true, true
}

// meanKnown returns the mean of the known (not NaN) values of periods from to to−1 of c,
// whose period i is c[i·step], summed in period order; ok is false when none is known.
func meanKnown(c []float64, step, from, to int) (float64, bool) {
	s, k := 0.0, 0
	for i := from; i < to; i++ {
		if v := c[i*step]; !math.IsNaN(v) {
			s += v
			k++
		}
	}
	switch k {
	case 0:
		return 0, false
	case 1: // the common one-period window: no division
		return s, true
	}
	return s / float64(k), true
}

// meanSDKnown returns the mean and sample standard deviation (divisor k − 1) of the k known
// (not NaN) values of the first n periods of c, whose period i is c[i·step]; both are 0 when
// k < 2.
func meanSDKnown(c []float64, step, n int) (mean, sd float64, k int) {
	if n <= 0 {
		return 0, 0, 0
	}
	c = c[:(n-1)*step+1]
	for i := 0; i < len(c); i += step {
		if x := c[i]; !math.IsNaN(x) {
			mean += x
			k++
		}
	}
	if k < 2 {
		return 0, 0, k
	}
	mean /= float64(k)
	var ss float64
	for i := 0; i < len(c); i += step {
		if x := c[i]; !math.IsNaN(x) {
			d := x - mean
			ss += d * d
		}
	}
	return mean, math.Sqrt(ss / float64(k-1)), k
}

// slopeKnown returns the least-squares slope of the known values of c against their index,
// and how many values were known.
func slopeKnown(c []float64) (float64, int) {
	var sx, sy, sxx, sxy float64
	k := 0
	for i, v := range c {
		if math.IsNaN(v) {
			continue
		}
		x := float64(i)
		sx, sy, sxx, sxy = sx+x, sy+v, sxx+x*x, sxy+x*v
		k++
	}
	if k < 2 {
		return 0, k
	}
	fk := float64(k)
	den := fk*sxx - sx*sx
	if den == 0 {
		return 0, 0
	}
	return (fk*sxy - sx*sy) / den, k
}

// touch reads one value per 64-byte cache line of v, in address order. Rules read the
// columns of a prepared history out of order, one dependent load at a time; reading the
// block first issues its loads back to back, where the processor overlaps them and its
// prefetcher streams ahead, so the rules then find every value in cache.
//
//go:noinline
func touch(v []float64, events []Event) uint64 {
	var x uint64
	for i := 0; i < len(v); i += 8 {
		x |= math.Float64bits(v[i])
	}
	for i := 0; i < len(events); i += 16 {
		x |= uint64(events[i])
	}
	return x
}
