package monitor

import (
	"errors"
	"math"
	"strconv"
	"time"
)

// PreparedBatch is a batch of histories prepared for one signal set and held period by
// period: for each metric the set reads and each period, one row holding that period's value
// for every loan of the batch. [SignalSet.EvaluateBatchTo] then runs the set one rule at a
// time over all the loans, so a rule reads, for each loan, only the periods it needs, from
// rows that lie next to each other in memory; a loan-by-loan run of [Prepared] values
// streams every period of every column instead. It is the layout of a streaming portfolio
// run (see the package doc): prepare a batch with [SignalSet.PrepareBatchTo], evaluate it,
// and prepare the next batch into the same PreparedBatch, which then does not allocate once
// it has held as many loans and periods.
//
// Memory: 8 bytes per loan, period and metric the set reads (the default set reads 19; rows
// padded to an odd multiple of 8 loans), plus 28 bytes per loan and period for dates and
// events, for periods the length of the batch's longest history.
//
// A PreparedBatch is read-only during evaluation and safe for concurrent evaluation by
// multiple goroutines; PrepareBatchTo must not run concurrently with an evaluation of the
// same value. The zero value is an empty batch.
type PreparedBatch struct {
	loans []LoanID
	lens  []int   // observations of loan j (0 for a loan whose history was refused)
	errs  []error // why loan j's history was refused, or nil
	// dates holds loan j's observation date i at i·step + j, a row per period like vals, so
	// that the rules' passes, loan after loan, read a period's dates in order (the fired
	// signals' dates were a scattered cache miss each when a loan's dates lay together);
	// events holds its events at j·periods + i.
	dates  []time.Time
	events []Event
	// vals holds metric m of loan j at observation i at cols[m]·periods·step + i·step + j.
	// step, the length of a row, is len(loans) rounded up to an odd multiple of 8 (64-byte
	// lines): a power-of-two row length would put a loan's periods in one cache set, where
	// a rule reading 24 of them evicts its own lines.
	vals    []float64
	periods int
	step    int
	cols    [numMetrics]uint8
	have    metricSet
}

// Len returns the number of loans in b (0 for a nil b).
func (b *PreparedBatch) Len() int {
	if b == nil {
		return 0
	}
	return len(b.loans)
}

// PrepareBatchTo prepares hs into dst, one loan per history in order, holding only the
// metrics s reads, reusing dst's storage (see [PreparedBatch]). Each history is checked as
// [Prepare] checks it; a history that fails is held as refused, its error reported by
// EvaluateBatchTo in that loan's BatchResult, and the others are prepared. The returned
// error joins the errors of the refused histories ([errors.Join], each an [*InputError]
// naming its loan; a nil history one naming "hs[j]"), nil when every history was prepared.
// A nil dst or s is an [*InputError] naming it, and then nothing is prepared. hs is not
// modified and not retained.
//
// Cost: that of Prepare for each history; no allocation once dst has held as many loans and
// periods, unless a history is refused.
func (s *SignalSet) PrepareBatchTo(dst *PreparedBatch, hs []*History) error {
	switch {
	case dst == nil:
		return nilErr("dst")
	case s == nil:
		return nilErr("SignalSet")
	}
	loans, periods := len(hs), 0
	for _, h := range hs {
		if h != nil {
			periods = max(periods, len(h.Observations))
		}
	}
	var k int
	dst.cols, k = columns(s.need)
	dst.have, dst.periods = s.need, periods
	dst.loans, dst.lens, dst.errs = grow(dst.loans, loans), grow(dst.lens, loans), grow(dst.errs, loans)
	step := (loans+7)&^7 | 8
	dst.step = step
	dst.dates, dst.events = grow(dst.dates, periods*step), grow(dst.events, loans*periods)
	dst.vals = grow(dst.vals, k*periods*step)
	var errs []error
	for j, h := range hs {
		dst.loans[j], dst.lens[j], dst.errs[j] = "", 0, nil
		err := h.checkHead()
		if h == nil {
			err = nilErr("hs[" + strconv.Itoa(j) + "]")
		}
		if err == nil {
			dst.loans[j] = h.Loan
			n, at := len(h.Observations), j*periods
			err = h.convert(dst.dates[j:], dst.events[at:at+n], dst.vals[min(j, len(dst.vals)):], &dst.cols,
				periods*step, step)
			if err == nil {
				dst.lens[j] = n
			}
		}
		if err != nil {
			dst.errs[j] = err
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// grow returns s with length n, reusing its storage when it has the capacity.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// EvaluateBatchTo evaluates s on every loan of b at asOf and writes one BatchResult per
// loan, in order, into dst (grown or cut to b.Len(); each entry's Signals and Unevaluated
// storage reused), and returns it. Each loan's Result is what [SignalSet.EvaluatePreparedTo]
// gives for the same history: the same signals with the same evidence, the same
// unevaluated rules, level and escalation. A loan whose history PrepareBatchTo refused gets
// that error; a loan with no observation dated on or before asOf, or an asOf outside the
// years 1 to 9999, gets the error EvaluatePreparedTo gives; b prepared by a set whose rules
// do not read every metric s reads gives every loan an [*InputError] wrapping
// [ErrInvalidInput]. The other loans are evaluated. A nil b or s leaves dst empty.
//
// Rules run one at a time over all the loans (consecutive threshold or change rules reading
// the same value together), computing what the loan-by-loan evaluation computes: threshold,
// change, count, event and detector rules read the rows in place, passing over the loans
// where the rule neither fires nor lacks data by a few comparisons each; a trend rule gets
// the periods it reads copied for each loan and is evaluated as on a Prepared value.
//
// Cost: O(rules × periods × loans) at most; no allocation once dst has served a batch as
// large with as many signals per loan (BenchmarkPortfolioBatch measures it per loan).
func (s *SignalSet) EvaluateBatchTo(dst []BatchResult, b *PreparedBatch, asOf time.Time) []BatchResult {
	if b == nil || s == nil {
		return dst[:0]
	}
	loans := len(b.loans)
	dst = grow(dst, loans)
	if loans == 0 {
		return dst
	}
	w := dst[0].Result.batch
	if w == nil {
		w = new(batchWork)
		dst[0].Result.batch = w
	}
	slots := len(s.evWins)
	w.last = grow(w.last, loans)
	w.n, w.or = grow(w.n, loans), grow(w.or, loans*slots)
	w.ev = w.ev[:0]
	miss := s.need &^ b.have
	// asOf without a monotonic clock reading (Round(0) strips it): then d.After(asOf)
	// compares the seconds and nanoseconds of d and asOf
	plain, asSec, asNsec := asOf == asOf.Round(0), asOf.Unix(), asOf.Nanosecond()
	// the per-loan slices resliced to the batch's length (no bounds check per loan)
	bLoans, bErrs, bLens := b.loans[:loans], b.errs[:loans], b.lens[:loans]
	wn, wlast := w.n[:loans], w.last[:loans]
	for j := range dst {
		r := &dst[j].Result
		r.reset(bLoans[j], asOf)
		e := bErrs[j]
		dst[j].Err = e
		wn[j], wlast[j] = 0, -1
		if e != nil {
			continue
		}
		n, at := bLens[j], j*b.periods
		if plain { // d.After(asOf) inline
			for n > 0 {
				d := &b.dates[(n-1)*b.step+j]
				if ds := d.Unix(); ds < asSec || ds == asSec && d.Nanosecond() <= asNsec {
					break
				}
				n--
			}
		} else {
			for n > 0 && b.dates[(n-1)*b.step+j].After(asOf) {
				n--
			}
		}
		if sec := asOf.Unix(); n == 0 || sec < minUnix || sec > maxUnix {
			dst[j].Err = evalErr(&Prepared{loan: b.loans[j], dates: w.loanDates(b, j, b.lens[j])}, asOf)
			continue
		}
		if miss != 0 {
			dst[j].Err = missingErr(b.loans[j], miss)
			continue
		}
		wn[j], wlast[j] = n, (n-1)*b.step+j
		if slots == 0 {
			continue
		}
		// a loan with a period missing or an event of an event rule in the widest event
		// window is listed in w.ev, the loans the event rules look at (the others have
		// every period of each window known and no matching event: no event rule fires or
		// is unevaluated), with the union of the events of each event window and how many
		// of its periods are not missing
		evs := b.events[at : at+n]
		var all Event
		i := n - min(s.evWin, n)
		for ; i+4 <= n; i += 4 {
			e := evs[i : i+4 : i+4]
			all |= e[0] | e[1] | e[2] | e[3]
		}
		for ; i < n; i++ {
			all |= evs[i]
		}
		if all&(s.evAll|eventMissing) == 0 {
			continue
		}
		or := w.or[len(w.ev)*slots:][:slots]
		w.ev = append(w.ev, j)
		hi, union, seen := n, Event(0), 0
		for k, win := range s.evWins {
			lo := n - min(win, n)
			for _, e := range b.events[at+lo : at+hi] {
				if e&eventMissing == 0 {
					union |= e
				} else {
					seen-- // counted below
				}
			}
			seen += hi - lo
			hi = lo
			or[k] = union
			if seen == 0 { // then union is 0
				or[k] = eventMissing
			}
		}
	}
	if miss != 0 {
		return dst
	}
	// w.nc is the number of periods every loan has up to asOf when they all have as many
	// (the common case: then loan j's latest value in a column is at (nc−1)·step + j, and
	// the scans read that row directly), 0 otherwise
	w.nc = w.n[0]
	for _, n := range w.n {
		if n != w.nc {
			w.nc = 0
			break
		}
	}
	rowLen := b.periods * b.step // one column: every period of every loan
	// Each kind runs in a function of its own, so that its loop over the loans keeps its
	// variables in registers.
	for i := 0; i < len(s.rules); i++ {
		ru := &s.rules[i]
		var col []float64
		if ru.Kind != KindEvent {
			col = b.vals[int(b.cols[ru.Metric])*rowLen:][:rowLen]
		}
		switch ru.Kind {
		case KindEvent:
			w.event(dst, b, ru, slots)
		case KindThreshold:
			// the next rules without conditions on the same metric and window, whose
			// comparisons share a sign, are evaluated with it (the default set's ews01 and
			// ews02, ews09a and ews09b, ews11a and ews11b, ews15a and ews15b)
			g := i + 1
			for len(ru.Also) == 0 && ru.canon && g < len(s.rules) {
				rg := &s.rules[g]
				if rg.Kind != KindThreshold || len(rg.Also) != 0 || !rg.canon || rg.sg != ru.sg ||
					rg.Metric != ru.Metric || max(rg.Window, 1) != max(ru.Window, 1) {
					break
				}
				g++
			}
			w.threshold(dst, b, s.rules[i:g], col)
			i = g - 1
		case KindChange:
			// the next rules reading the same change whose comparisons share a sign (the
			// default set's ews05a and ews05b, ews13a and ews13b: two thresholds on one
			// change) are evaluated with it, the change computed once per loan
			g := i + 1
			for ru.canon && g < len(s.rules) {
				rg := &s.rules[g]
				if rg.Kind != KindChange || !rg.canon || rg.sg != ru.sg || rg.Metric != ru.Metric ||
					rg.Lag != ru.Lag || max(rg.Average, 1) != max(ru.Average, 1) {
					break
				}
				g++
			}
			w.change(dst, b, s.rules[i:g], col)
			i = g - 1
		case KindCount:
			w.count(dst, b, ru, col)
		case KindCUSUM, KindEWMA, KindZScore: // on the rows, with eval's code
			if ru.Kind == KindCUSUM && !ru.Robust {
				w.cusum(dst, b, ru, col)
				break
			}
			var ev Evidence
			for j, n := range w.n {
				if n != 0 {
					r := &dst[j].Result
					fired, ok := r.evalDetector(&ev, ru, col[j:], b.step, w.loanDates(b, j, n), n)
					r.record(ru, &ev, fired, ok)
				}
			}
		default:
			w.eval(dst, b, ru)
		}
	}
	since := asOf.AddDate(0, 0, -s.esc.WindowDays)
	for j, n := range w.n {
		if r := &dst[j].Result; n != 0 {
			r.Level, r.Escalated = s.escalate(r.Level, r.Signals, since, true)
		}
	}
	return dst
}

// threshold evaluates threshold rule ru on loan j's first n periods as eval does, on the
// rows (col is ru.Metric's column), and records the outcome in r: the latest known value
// within the window, compared, then each condition at its lag from that period.
func (b *PreparedBatch) threshold(r *Result, ru *rule, col []float64, j, n int) {
	step := b.step
	lo, at := max(0, n-max(ru.Window, 1)), n-1
	for at >= lo && math.IsNaN(col[at*step+j]) {
		at--
	}
	if at < lo {
		r.unevaluated(ru)
		return
	}
	v := col[at*step+j]
	if !ru.Op.holds(v, ru.Value) {
		return
	}
	from, rowLen := at, b.periods*step
	for _, a := range ru.Also {
		i := at - a.Lag
		if i < 0 {
			r.unevaluated(ru)
			return
		}
		c := b.vals[int(b.cols[a.Metric])*rowLen:][:rowLen]
		x := c[i*step+j]
		if math.IsNaN(x) {
			r.unevaluated(ru)
			return
		}
		if !a.Op.holds(x, a.Value) {
			return
		}
		from = min(from, i)
	}
	r.add(ru, v, ru.Value, &b.dates[at*step+j], &b.dates[from*step+j])
}

// canonOp returns sg = ±1 and st such that, for every v that is not NaN, op holds for v and
// t exactly when sg·v > st: sg·t for gt and lt, and for ge and le the largest float64 below
// sg·t (floats being discrete, sg·v ≥ sg·t is then sg·v > st). Negation is exact. ok is
// false for eq and ne and for a t that is not finite.
func canonOp(op Op, t float64) (sg, st float64, ok bool) {
	if !finite(t) {
		return 0, 0, false
	}
	switch op {
	case OpGT:
		return 1, t, true
	case OpGE:
		return 1, math.Nextafter(t, math.Inf(-1)), true
	case OpLT:
		return -1, -t, true
	case OpLE:
		return -1, math.Nextafter(-t, math.Inf(-1)), true
	}
	return 0, 0, false
}

// crossing returns the first loan j ≥ from whose value col[last[j]] is NaN or crosses,
// sg·v > st (see canonOp); len(last) when none does. Loans with last[j] < 0 are passed over.
func crossing(last []int, col []float64, from int, sg, st float64) int {
	for j := from; j < len(last); j++ {
		if at := last[j]; at >= 0 && !(sg*col[at] <= st) {
			return j
		}
	}
	return len(last)
}

// crossingUp returns the first j ≥ from whose row[j] is NaN or greater than st, len(row)
// when none does: crossing for sg = 1 on a row.
func crossingUp(row []float64, from int, st float64) int {
	for j := from; j < len(row); j++ {
		if !(row[j] <= st) {
			return j
		}
	}
	return len(row)
}

// crossingDown is crossingUp for sg = −1: the first j ≥ from whose row[j] is NaN or below
// −st (−v > st exactly when v < −st, negation being exact).
func crossingDown(row []float64, from int, st float64) int {
	t := -st
	for j := from; j < len(row); j++ {
		if !(row[j] >= t) {
			return j
		}
	}
	return len(row)
}

// cusum evaluates CUSUM rule ru (not robust) on column col of every loan of b with n = w.n[j]
// observations, recording what evalDetector records. For the loans whose n is the batch's
// largest, the baseline sums run over the rows, four periods at a time, and the chart over
// each loan's window; a loan whose baseline holds a missing value (its sum is NaN), or whose
// chart alarms or overflows, or whose n differs, is evaluated by evalDetector itself. The
// arithmetic is evalDetector's, in the same order: the same results.
func (w *batchWork) cusum(dst []BatchResult, b *PreparedBatch, ru *rule, col []float64) {
	var ev Evidence
	step, loans := b.step, len(w.n)
	nc := 0
	for _, n := range w.n {
		nc = max(nc, n)
	}
	split := nc - ru.Window
	slow := func(j int) {
		n := w.n[j]
		r := &dst[j].Result
		fired, ok := r.evalDetector(&ev, ru, col[j:], step, w.loanDates(b, j, n), n)
		r.record(ru, &ev, fired, ok)
	}
	if split < ru.MinHistory || split < 1 { // too short: evalDetector says so for each loan
		for j, n := range w.n {
			if n != 0 {
				slow(j)
			}
		}
		return
	}
	// the sums, then the mean, of the baseline periods 0 to split−1, in period order, over the
	// rows; a missing value makes the sum NaN and sends the loan to evalDetector
	sum := grow(w.sum, loans)
	clear(sum)
	i := 0
	for ; i+4 <= split; i += 4 {
		r0 := col[i*step:][:len(sum)]
		r1 := col[(i+1)*step:][:len(sum)]
		r2 := col[(i+2)*step:][:len(sum)]
		r3 := col[(i+3)*step:][:len(sum)]
		for j := range sum {
			sum[j] = sum[j] + r0[j] + r1[j] + r2[j] + r3[j]
		}
	}
	for ; i < split; i++ {
		r0 := col[i*step:][:len(sum)]
		for j := range sum {
			sum[j] += r0[j]
		}
	}
	k := float64(split)
	for j := range sum {
		sum[j] /= k // the mean; NaN stays NaN
	}
	ss := grow(w.ss, loans)[:len(sum)]
	clear(ss)
	for i = 0; i+4 <= split; i += 4 {
		r0 := col[i*step:][:len(sum)]
		r1 := col[(i+1)*step:][:len(sum)]
		r2 := col[(i+2)*step:][:len(sum)]
		r3 := col[(i+3)*step:][:len(sum)]
		for j, m := range sum {
			d0, d1, d2, d3 := r0[j]-m, r1[j]-m, r2[j]-m, r3[j]-m
			ss[j] = ss[j] + d0*d0 + d1*d1 + d2*d2 + d3*d3
		}
	}
	for ; i < split; i++ {
		r0 := col[i*step:][:len(sum)]
		for j, m := range sum {
			d := r0[j] - m
			ss[j] += d * d
		}
	}
	w.sum, w.ss = sum, ss
	p := ru.cusum.p
	c := chartParams{k: k, floor: ru.SigmaFloor, K: p.K, H: p.H, headStart: p.HeadStart, down: ru.Side == Down}
	for j := 0; ; j++ {
		var isSlow bool
		if j, isSlow = cusumNext(w.n, w.last, sum, ss, col, j, nc, split, step, c); j == len(w.n) {
			return
		}
		if isSlow {
			slow(j)
		} else {
			dst[j].Result.unevaluated(ru)
		}
	}
}

// chartParams are what cusumNext needs of a CUSUM rule: k, the number of baseline periods;
// floor, its SigmaFloor; K, H and headStart, its chart's parameters in σ units; down, the
// side it watches.
type chartParams struct {
	k, floor, K, H, headStart float64
	down                      bool
}

// cusumNext returns the first loan j ≥ from with n = ns[j] > 0 for which a CUSUM rule is
// not settled quietly by its chart over the periods split to n−1 (col[x], x from
// split·step + j to last[j]), from its baseline mean mean[j] and sum of squared deviations
// ss[j]: slow when evalDetector must settle it (n ≠ nc, a missing baseline value making the
// mean NaN, an alarm, or a sum that overflows), otherwise the rule is unevaluated (a spread
// that is not positive and finite, or no known value in the window). The arithmetic is
// evalDetector's, in the same order. It returns len(ns) when every loan is settled; it
// makes no call.
func cusumNext(ns, last []int, mean, ss, col []float64, from, nc, split, step int, c chartParams) (j int, slow bool) {
	ns, mean, ss = ns[:len(last)], mean[:len(last)], ss[:len(last)]
	for j = from; j < len(last); j++ {
		n := ns[j]
		if n == 0 {
			continue
		}
		center := mean[j]
		if n != nc || math.IsNaN(center) {
			return j, true
		}
		spread := max(math.Sqrt(ss[j]/(c.k-1)), c.floor) // as math.Max (NaN, ±0)
		if !(spread > 0) || !finite(spread) || !finite(center) {
			return j, false
		}
		kk, h := c.K*spread, c.H*spread
		up, lo := c.headStart*spread, c.headStart*spread
		hi, low := center+kk, center-kk
		// both sums, the watched side's against its limit (the other's is +Inf)
		known, alarm := false, false
		x, end := split*step+j, last[j]
		if c.down {
			for ; x <= end; x += step {
				v := col[x]
				if math.IsNaN(v) {
					continue
				}
				known = true
				up = max(up+(v-hi), 0) // sums's clamp, without a branch
				lo = max(lo+(low-v), 0)
				if lo > h {
					alarm = true
					break
				}
			}
		} else {
			for ; x <= end; x += step {
				v := col[x]
				if math.IsNaN(v) {
					continue
				}
				known = true
				up = max(up+(v-hi), 0) // sums's clamp, without a branch
				lo = max(lo+(low-v), 0)
				if up > h {
					alarm = true
					break
				}
			}
		}
		if alarm || !finite(up) || !finite(lo) {
			return j, true
		}
		if !known {
			return j, false
		}
	}
	return j, false
}

// batchWork is the working storage of EvaluateBatchTo, dense per loan: n[j] is the number of
// loan j's observations dated on or before asOf (0: not evaluated); vals holds the periods
// of a rule evaluated by eval.
type batchWork struct {
	n    []int
	nc   int   // n[j] when it is the same for every loan, 0 otherwise
	last []int // the index of loan j's value at period n[j]−1 in a column (−1: not evaluated)
	ev   []int // the loans with a missing period or an event of an event rule in a window
	// or[e·slots+k] is the union of the events of the latest min(evWins[k], n) periods of
	// loan w.ev[e], or eventMissing alone when every one of them is missing
	or    []Event
	vals  []float64
	dates []time.Time // a loan's dates, in order (loanDates)
	acc   []uint64    // a count rule's counts per loan (countRows)
	// sum and ss hold a CUSUM rule's baseline mean and sum of squared deviations per loan
	sum, ss []float64
}

// loanDates returns loan j's first n dates in order, copied into w.dates: what the
// loan-by-loan code (evalDetector, evalErr) reads, where the batch holds them a row per period.
func (w *batchWork) loanDates(b *PreparedBatch, j, n int) []time.Time {
	w.dates = grow(w.dates, n)
	for i := range w.dates {
		w.dates[i] = b.dates[i*b.step+j]
	}
	return w.dates
}

// gather sets p to loan j's first n observations as far as rule ru reads them: its dates and
// events, and for each metric ru reads, the latest ru.reach periods (all n when reach is 0)
// of its column; the periods before them are left as they were, as ru does not read them.
func (b *PreparedBatch) gather(p *Prepared, ru *rule, j, n int) {
	at := j * b.periods
	p.loan, p.events = b.loans[j], b.events[at:at+n]
	p.dates = grow(p.dates, n)
	for i := range p.dates {
		p.dates[i] = b.dates[i*b.step+j]
	}
	p.have = b.have
	if ru.Kind == KindEvent {
		p.vals = p.vals[:0]
		return
	}
	k := 1 + len(ru.Also)
	p.vals = grow(p.vals, k*n)
	lo := 0
	if ru.reach > 0 {
		lo = max(0, n-ru.reach)
	}
	rowLen := b.periods * b.step
	copyCol := func(m Metric, c int) {
		p.cols[m] = uint8(c)
		src := b.vals[int(b.cols[m])*rowLen+j:]
		dst := p.vals[c*n : c*n+n]
		for i := lo; i < n; i++ {
			dst[i] = src[i*b.step]
		}
	}
	copyCol(ru.Metric, 0)
	for c, a := range ru.Also {
		if a.Metric == ru.Metric {
			p.cols[a.Metric] = 0
			continue
		}
		copyCol(a.Metric, c+1)
	}
}

// event evaluates event rule ru on the loans listed in w.ev (the others have no matching
// event and no missing period in any event window), as eval does: the matching events of
// the window counted.
func (w *batchWork) event(dst []BatchResult, b *PreparedBatch, ru *rule, slots int) {
	win, mask := max(ru.Window, 1), ru.events|eventMissing
	or := w.or[ru.evSlot:]
	for e := 0; ; e++ {
		if e = eventNext(or, e, len(w.ev), slots, mask); e == len(w.ev) {
			return
		}
		j := w.ev[e]
		if or[e*slots] == eventMissing { // every period of the window missing
			dst[j].Result.unevaluated(ru)
			continue
		}
		n, at := w.n[j], j*b.periods
		lo := n - min(win, n)
		count, latest := 0, 0
		for i := n - 1; i >= lo; i-- {
			if b.events[at+i]&ru.events != 0 { // never true of a Missing one
				if count == 0 {
					latest = i
				}
				count++
			}
		}
		dst[j].Result.add(ru, float64(count), 1, &b.dates[latest*b.step+j], &b.dates[lo*b.step+j])
	}
}

// eventNext returns the first e in [from, n) with or[e·slots]&mask ≠ 0, n when none.
func eventNext(or []Event, from, n, slots int, mask Event) int {
	for e := from; e < n; e++ {
		if or[e*slots]&mask != 0 {
			return e
		}
	}
	return n
}

// threshold evaluates threshold rules g (column col) on every loan. g is one rule, or rules
// without conditions on the same metric over the same window whose comparisons (canonOp)
// share their sign, so that the loosest of them passes over the loans where none crosses. A
// loan whose latest value is known and does not cross is passed over by one comparison
// (crossing); a rule without conditions whose latest value is known and crosses fires there;
// the others are evaluated by PreparedBatch.threshold.
func (w *batchWork) threshold(dst []BatchResult, b *PreparedBatch, g []rule, col []float64) {
	ru := &g[0]
	simple := len(ru.Also) == 0
	sg, st, canon := ru.sg, ru.st, ru.canon
	for k := range g {
		st = min(st, g[k].st)
	}
	loans := len(w.last)
	var row []float64 // the latest period's row when every loan has w.nc periods
	if w.nc > 0 {
		row = col[(w.nc-1)*b.step:][:loans]
	}
	if row != nil && canon && simple {
		// every rule of g is canonical and has no condition: a loan whose latest value
		// crosses fires each rule of g it crosses (sg·v > st, canonOp), at that period
		dates := b.dates[(w.nc-1)*b.step:][:loans] // the latest period's dates
		for j := 0; ; j++ {
			if sg > 0 {
				j = crossingUp(row, j, st)
			} else {
				j = crossingDown(row, j, st)
			}
			if j == len(row) {
				return
			}
			v := row[j]
			for k := range g {
				rk := &g[k]
				if math.IsNaN(v) {
					b.threshold(&dst[j].Result, rk, col, j, w.nc)
				} else if sg*v > rk.st {
					d := &dates[j]
					dst[j].Result.add(rk, v, rk.Value, d, d)
				}
			}
		}
	}
	for j := 0; j < loans; j++ {
		if canon {
			if row != nil {
				if sg > 0 {
					j = crossingUp(row, j, st)
				} else {
					j = crossingDown(row, j, st)
				}
			} else {
				j = crossing(w.last, col, j, sg, st)
			}
			if j == loans {
				break
			}
		}
		at := w.last[j]
		if at < 0 {
			continue
		}
		n := w.n[j]
		v := col[at]
		for k := range g {
			rk := &g[k]
			if !math.IsNaN(v) {
				if !rk.Op.holds(v, rk.Value) {
					continue
				}
				if simple {
					d := &b.dates[(n-1)*b.step+j]
					dst[j].Result.add(rk, v, rk.Value, d, d)
					continue
				}
			}
			b.threshold(&dst[j].Result, rk, col, j, n)
		}
	}
}

// change evaluates change rules g (column col), which read the same change (metric, lag and
// average) and whose comparisons (canonOp) share their sign, on every loan, as eval does:
// the change computed once per loan (changeNext); a loan whose change is known and does not
// cross the loosest of them is passed over, the others recorded by changeRecord.
func (w *batchWork) change(dst []BatchResult, b *PreparedBatch, g []rule, col []float64) {
	ru := &g[0]
	sg, st, canon := ru.sg, ru.st, ru.canon
	for k := range g {
		st = min(st, g[k].st)
	}
	for j := 0; ; j++ {
		var ch float64
		var lo int
		var ok bool
		if ru.Average <= 1 && canon && w.nc > ru.Lag {
			cur := col[(w.nc-1)*b.step:][:len(w.n)]
			base := col[(w.nc-1-ru.Lag)*b.step:][:len(w.n)]
			j, ch = change1Row(cur, base, j, sg, st)
			lo, ok = w.nc-ru.Lag-1, finite(ch)
		} else if ru.Average <= 1 && canon {
			j, ch, lo, ok = change1Next(w.last, w.n, col, j, ru.Lag*b.step, ru.Lag, sg, st)
		} else {
			j, ch, lo, ok = changeNext(w.last, w.n, col, j, b.step, ru.Lag, max(ru.Average, 1), sg, st, canon)
		}
		if j == len(w.last) {
			return
		}
		w.changeRecord(&dst[j].Result, b, g, j, w.n[j], lo, ch, ok)
	}
}

// change1Next is changeNext for a = 1 and canon true: the change (cur − base)/|base| of the
// values cur at period n−1 and base at lo = n−lag−1 (back before it in col), which is
// known (rule.change's ok) exactly when it is finite: a missing value makes it NaN, a base
// of 0 infinite or NaN.
func change1Next(last, ns []int, col []float64, from, back, lag int, sg, st float64) (j int, ch float64, lo int, ok bool) {
	ns = ns[:len(last)]
	for j = from; j < len(last); j++ {
		n := ns[j]
		if n <= lag { // lo < 0: not known, or n = 0: not evaluated
			if n == 0 {
				continue
			}
			return j, 0, n - lag - 1, false
		}
		at := last[j]
		base := col[at-back]
		ch = (col[at] - base) / math.Abs(base)
		if !(sg*ch <= st) || !finite(ch) {
			return j, ch, n - lag - 1, finite(ch)
		}
	}
	return j, 0, 0, false
}

// change1Row is change1Next on rows, when every loan has n periods, n > lag: the first
// j ≥ from whose change (cur[j] − base[j])/|base[j]| (periods n−1 and n−lag−1) is not
// finite or crosses, sg·ch > st, with the change; len(cur) when none.
func change1Row(cur, base []float64, from int, sg, st float64) (j int, ch float64) {
	base = base[:len(cur)]
	for j = from; j < len(cur); j++ {
		b := base[j]
		ch = (cur[j] - b) / math.Abs(b)
		if !(sg*ch <= st) || !finite(ch) {
			return j, ch
		}
	}
	return j, 0
}

// changeNext returns the first loan j ≥ from with n = ns[j] > 0 whose change (the relative
// change of the mean of the known values of periods n−a to n−1 against periods lo = n−lag−a
// to lo+a−1, as rule.change computes it; the value at period n−1 is col[last[j]], a period
// earlier is step before) is not known (ok false) or crosses, sg·ch > st, or any loan when
// canon is false; len(last) when none. It makes no call, so that its loop keeps its
// variables in registers.
func changeNext(last, ns []int, col []float64, from, step, lag, a int, sg, st float64, canon bool) (j int, ch float64, lo int, ok bool) {
	ns = ns[:len(last)]
	back := lag * step
	for j = from; j < len(last); j++ {
		n := ns[j]
		if n == 0 {
			continue
		}
		at := last[j]
		if lo = n - lag - a; lo < 0 {
			return j, 0, lo, false
		}
		if a == 1 { // rule.change's own case: the values
			cur, base := col[at], col[at-back] // periods n−1 and lo
			if math.IsNaN(cur) || math.IsNaN(base) || base == 0 {
				return j, 0, lo, false
			}
			ch = (cur - base) / math.Abs(base)
		} else { // meanKnown of each window: the same sums in the same order
			var sc, sb float64
			kc, kb := 0, 0
			for x := at - (a-1)*step; x <= at; x += step {
				if v := col[x]; !math.IsNaN(v) {
					sc += v
					kc++
				}
			}
			for x := at - back - (a-1)*step; x <= at-back; x += step {
				if v := col[x]; !math.IsNaN(v) {
					sb += v
					kb++
				}
			}
			if kc == 0 || kb == 0 {
				return j, 0, lo, false
			}
			cur, base := sc, sb
			if kc > 1 {
				cur /= float64(kc)
			}
			if kb > 1 {
				base /= float64(kb)
			}
			if base == 0 {
				return j, 0, lo, false
			}
			ch = (cur - base) / math.Abs(base)
		}
		if !finite(ch) {
			return j, 0, lo, false
		}
		if !canon || sg*ch > st {
			return j, ch, lo, true
		}
	}
	return j, 0, 0, false
}

// changeRecord records for loan j (n periods) the outcome of change rules g on its change
// ch, from period lo, or that they are unevaluated when ok is false.
func (w *batchWork) changeRecord(r *Result, b *PreparedBatch, g []rule, j, n, lo int, ch float64, ok bool) {
	for k := range g {
		rk := &g[k]
		switch {
		case !ok:
			r.unevaluated(rk)
		case rk.Op.holds(ch, rk.Value):
			r.add(rk, ch, rk.Value, &b.dates[(n-1)*b.step+j], &b.dates[lo*b.step+j])
		}
	}
}

// count evaluates count rule ru (column col) on every loan as eval does: by countRows when
// canonOp applies, the rule is not consecutive and every loan has as many periods, by
// runNext or countNext when canonOp applies, by rule.count otherwise.
func (w *batchWork) count(dst []BatchResult, b *PreparedBatch, ru *rule, col []float64) {
	if ru.canon && !ru.Consecutive && w.nc > 0 {
		w.countRows(dst, b, ru, col)
		return
	}
	for j := 0; ; j++ {
		var count, known, latest, lo int
		if ru.canon {
			switch {
			case ru.Consecutive:
				j, count, known, latest, lo = runNext(w.last, w.n, col, j, b.step, ru.Window, ru.MinCount, ru.sg, ru.st)
			default:
				j, count, known, latest, lo = countNext(w.last, w.n, col, j, b.step, ru.Window, ru.MinCount, ru.sg, ru.st)
			}
		} else {
			for j < len(w.n) && w.n[j] == 0 {
				j++
			}
			if j < len(w.n) {
				count, known, latest, lo = ru.count(col[j:], b.step, w.n[j])
			}
		}
		if j == len(w.n) {
			return
		}
		if count >= ru.MinCount {
			dst[j].Result.add(ru, float64(count), float64(ru.MinCount), &b.dates[latest*b.step+j], &b.dates[lo*b.step+j])
		} else if known == 0 {
			dst[j].Result.unevaluated(ru)
		}
	}
}

// countNext returns the first loan j ≥ from with n = ns[j] > 0 for which a count rule (window
// win, minCount, not consecutive; comparison sg·v > st, see canonOp) fires or has no known
// value in its window, with what rule.count returns for it; j is len(last) when none. The
// loan's value at period i is col[last[j] − (n−1−i)·step]. It makes no call.
func countNext(last, ns []int, col []float64, from, step, win, minCount int, sg, st float64) (j, count, known, latest, lo int) {
	ns = ns[:len(last)]
	for j = from; j < len(last); j++ {
		n := ns[j]
		if n == 0 {
			continue
		}
		top := last[j]
		lo = max(0, n-win)
		bot := top - (n-1-lo)*step // period lo
		count, known = 0, 0
		for x := top; x >= bot; x -= step {
			v := col[x]
			if sg*v > st { // never true of a missing value
				count++
			}
			if v == v { // known
				known++
			}
		}
		if count >= minCount || known == 0 {
			latest = -1
			for x, i := top, n-1; x >= bot; x, i = x-step, i-1 {
				if sg*col[x] > st {
					latest = i
					break
				}
			}
			return j, count, known, latest, lo
		}
	}
	return j, 0, 0, 0, 0
}

// countRows evaluates count rule ru (canonical, not consecutive; column col) as countNext
// does when every loan has w.nc periods: a pass per period of the window adds, for every
// loan at once, 1 to its count when its value crosses (sg·v > st) and 1<<32 when it is
// known, without a branch (whether a value crosses is data-dependent); then the loans that
// fire, or have no known value in the window, are recorded.
func (w *batchWork) countRows(dst []BatchResult, b *PreparedBatch, ru *rule, col []float64) {
	loans, step, n := len(w.n), b.step, w.nc
	lo := max(0, n-ru.Window)
	acc := grow(w.acc, loans)
	clear(acc)
	for i := lo; i < n; i++ {
		countPass(acc, col[i*step:][:loans], ru.sg, ru.st)
	}
	w.acc = acc
	minCount := uint64(ru.MinCount)
	for j, a := range acc {
		count, known := a&(1<<32-1), a>>32
		switch {
		case count >= minCount:
			latest := n - 1 // the latest crossing period: minCount ≥ 1 values cross
			for !(ru.sg*col[latest*step+j] > ru.st) {
				latest--
			}
			dst[j].Result.add(ru, float64(count), float64(ru.MinCount), &b.dates[latest*step+j], &b.dates[lo*step+j])
		case known == 0:
			dst[j].Result.unevaluated(ru)
		}
	}
}

// countPass adds to acc[j] 1 when sg·row[j] > st (never true of a missing value) and 1<<32
// when row[j] is known.
func countPass(acc []uint64, row []float64, sg, st float64) {
	acc = acc[:len(row)]
	for j, v := range row {
		var x uint64
		if sg*v > st {
			x = 1
		}
		if v == v {
			x += 1 << 32
		}
		acc[j] += x
	}
}

// runNext is countNext for a consecutive count rule: the values crossing in a row from the
// latest period back, a missing value ending the run.
func runNext(last, ns []int, col []float64, from, step, win, minCount int, sg, st float64) (j, count, known, latest, lo int) {
	ns = ns[:len(last)]
	for j = from; j < len(last); j++ {
		n := ns[j]
		if n == 0 {
			continue
		}
		top := last[j]
		lo = max(0, n-win)
		bot := top - (n-1-lo)*step // period lo
		count, known = 0, 0
		for x := top; x >= bot; x -= step {
			v := col[x]
			if !(sg*v > st) { // missing or not crossing: the run ends
				if v == v {
					known++
				}
				break
			}
			known++
			count++
		}
		if count >= minCount || known == 0 {
			latest = -1
			if count > 0 {
				latest = n - 1
			}
			return j, count, known, latest, lo
		}
	}
	return j, 0, 0, 0, 0
}

// eval evaluates rule ru on every loan as on a Prepared value, from the periods it reads,
// copied into w.vals.
func (w *batchWork) eval(dst []BatchResult, b *PreparedBatch, ru *rule) {
	sp := Prepared{vals: w.vals, dates: w.dates}
	var ev Evidence
	for j, n := range w.n {
		if n != 0 {
			b.gather(&sp, ru, j, n)
			r := &dst[j].Result
			fired, ok := r.eval(&ev, ru, &sp, n)
			r.record(ru, &ev, fired, ok)
		}
	}
	w.vals, w.dates = sp.vals, sp.dates
}
