package portfolio

import (
	"errors"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxMonths bounds the months a roll-rate or vintage call spans (50 years of monthly data).
const MaxMonths = 600

// MaxRecords bounds the records (histories, observations, exposures, loans, positions) of one
// call.
const MaxRecords = 50_000_000

// maxErrors caps the errors a call joins; one more says how many were left out.
const maxErrors = 100

// History is one account's delinquency states at consecutive month ends. Month indices are the
// caller's (0 = the first month of the data): Buckets[i] is the state at month Start+i, and
// Balances[i], when Balances is not nil, the outstanding balance then (non-negative; an
// account without balances counts as zero balance). Balances may instead be given as whole
// cents (hundredths of the currency unit) in Cents, which gives the same results exactly and
// takes 8 bytes a month instead of a decimal's heap value (about 56 bytes): 24 months of a
// million accounts hold 192 MB of cents against about 1.3 GB of decimals. At most one of
// Balances and Cents is set. Order is structural, so a history cannot hold a month twice;
// [Histories] builds histories from dated rows and reports months out of order, repeated or
// missing.
type History struct {
	ID       string            // account identifier, used in errors
	Start    int               // month index of Buckets[0], in [0, MaxMonths)
	Buckets  []Bucket          // one state per month
	Balances []decimal.Decimal // nil, or len(Buckets) balances ≥ 0
	Cents    []int64           // nil, or len(Buckets) balances in cents, 0 ≤ c ≤ 10¹⁷
}

// FlowMatrix counts the accounts, and sums their balances, that move between buckets from
// month Month to month Month+1. Count[from][to] is the number of accounts in bucket from at
// month Month and in bucket to one month later; Balance[from][to] is their balance at month
// Month, so row from of Balance sums to the starting balance of bucket from (of accounts
// observed in both months). EndBalance[to] is the balance at month Month+1 of the accounts that
// arrive in bucket to, the numerator of the balance roll rate.
//
// Cures count moves from a past-due bucket or Default to Current; ReDefaults count moves into
// Default by accounts that had been in Default before and left it.
type FlowMatrix struct {
	Month      int
	Count      [NumBuckets][NumBuckets]int64
	Balance    [NumBuckets][NumBuckets]decimal.Decimal
	EndBalance [NumBuckets]decimal.Decimal
	Cures      int64
	ReDefaults int64
}

// Accounts returns the number of accounts that start in bucket from (row sum of Count), or 0
// for a nil m.
func (m *FlowMatrix) Accounts(from Bucket) int64 {
	if m == nil || from >= NumBuckets {
		return 0
	}
	var n int64
	for _, c := range m.Count[from] {
		n += c
	}
	return n
}

// StartBalance returns the balance at month Month of the accounts in bucket from (row sum of
// Balance), or zero for a nil m.
func (m *FlowMatrix) StartBalance(from Bucket) decimal.Decimal {
	var s decimal.Decimal
	if m == nil || from >= NumBuckets {
		return s
	}
	for _, c := range m.Balance[from] {
		s = s.Add(c)
	}
	return s
}

// Rate returns the share of accounts in bucket from that are in bucket to one month later,
// Count[from][to] / Accounts(from), or 0 for an empty row or a nil m.
//
// References: D. Bhalla, "Roll Rate Analysis", listendata.com (2019): roll rate = accounts
// moving to a bucket / accounts in the starting bucket.
func (m *FlowMatrix) Rate(from, to Bucket) float64 {
	if m == nil || from >= NumBuckets || to >= NumBuckets {
		return 0
	}
	n := m.Accounts(from)
	if n == 0 {
		return 0
	}
	return float64(m.Count[from][to]) / float64(n)
}

// BalanceRate returns the share of the balance of bucket from that moves to bucket to,
// Balance[from][to] / StartBalance(from), or 0 when the row's balance is zero or m is nil.
func (m *FlowMatrix) BalanceRate(from, to Bucket) float64 {
	if m == nil || from >= NumBuckets || to >= NumBuckets {
		return 0
	}
	return ratio(m.Balance[from][to], m.StartBalance(from))
}

// NetFlow returns the net flow (roll) rate out of bucket from, defined for Current through
// DPD90Plus: the balance in the next bucket at month Month+1 divided by the balance in bucket
// from at month Month,
//
//	netflow(b) = EndBalance[b+1] / StartBalance(b)
//
// (the next bucket of DPD90Plus is Default). It may exceed 1 when balances grow or accounts
// skip buckets. It returns 0 for Default, Closed, a zero starting balance or a nil m.
//
// References: OCC, Comptroller's Handbook, Retail Lending examination procedures, App. G
// "Loss Forecasting Tools" (roll rates applied bucket to bucket); roll(A→B, t) = balance in B
// at t / balance in A at t−1 (e.g. 200 000 / 1 000 000 = 20 %).
func (m *FlowMatrix) NetFlow(from Bucket) float64 {
	if m == nil || from >= Default {
		return 0
	}
	return ratio(m.EndBalance[from+1], m.StartBalance(from))
}

func ratio(num, den decimal.Decimal) float64 {
	if den.Sign() <= 0 {
		return 0
	}
	return num.InexactFloat64() / den.InexactFloat64()
}

// Pool sums matrices into one (counts, balances, cures and re-defaults added cell by cell), so
// its rates are the account- or balance-weighted averages over the months. Month is that of
// the first matrix (−1 when ms is empty). O(len(ms)).
func Pool(ms []FlowMatrix) FlowMatrix {
	var p FlowMatrix
	p.Month = -1
	if len(ms) > 0 {
		p.Month = ms[0].Month
	}
	for i := range ms {
		m := &ms[i]
		for a := range NumBuckets {
			for b := range NumBuckets {
				p.Count[a][b] += m.Count[a][b]
				p.Balance[a][b] = p.Balance[a][b].Add(m.Balance[a][b])
			}
			p.EndBalance[a] = p.EndBalance[a].Add(m.EndBalance[a])
		}
		p.Cures += m.Cures
		p.ReDefaults += m.ReDefaults
	}
	return p
}

// NetFlowLossRates returns the loss rate of each bucket of a provision matrix derived from the net
// flow rates of m (usually a [Pool] of several months): the share of a bucket's balance that
// flows on to Default, times lgd,
//
//	loss(b) = lgd · Π_{k=b..DPD90Plus} min(1, netflow(k)),   loss(Default) = lgd,   loss(Closed) = 0
//
// Each net flow is capped at 1 so that every loss rate is a fraction. The chain assumes
// accounts roll one bucket a month; where they skip buckets, use [LossRates]. Errors: lgd outside
// [0, 1] ([ErrProbability]); a nil m ([ErrValue]). O(1).
//
// References: OCC, Comptroller's Handbook, Retail Lending examination procedures, App. G
// (net-flow loss forecast: balance × product of the monthly rolls along the path to
// charge-off); IFRS 9 B5.5.35 (provision matrix). The package tests reproduce the loss rates
// (2.0, 4.0, 8.7, 25.0, 100.0 %) and allowance (27 567) of IFRScommunity.com's "IFRS 9 example:
// lifetime ECL for trade receivables using a provision matrix" from its payment history.
func NetFlowLossRates(m *FlowMatrix, lgd float64) ([NumBuckets]float64, error) {
	var out [NumBuckets]float64
	if m == nil {
		return out, inputErr("m", "nil", ErrValue)
	}
	if !(lgd >= 0 && lgd <= 1) {
		return out, inputErr("lgd", fval(lgd), ErrProbability)
	}
	out[Default] = lgd
	p := lgd
	for b := DPD90Plus; ; b-- {
		p *= min(1, m.NetFlow(b))
		out[b] = p
		if b == Current {
			break
		}
	}
	return out, nil
}

// RollRates returns the flow matrices of histories, one per pair of consecutive months, for
// months 0 → 1 up to T−2 → T−1, where T is the end of the longest history. Every history is
// checked before any is counted. Errors (joined, at most 100 and one that says how many more):
// more than [MaxRecords] histories ([ErrSize]); a Start outside [0, MaxMonths) or a history
// running past month MaxMonths ([ErrMonth]); Balances or Cents of another length than Buckets
// ([ErrSize]), or both set ([ErrValue]); an invalid bucket or a closed account that reopens
// ([ErrBucket]); a negative or too large balance ([ErrAmount]). O(Σ len(Buckets)); the
// balances are summed in int64 cents (decimals that are not whole cents are added as
// decimals), so the result is exact.
//
// References: OCC, Comptroller's Handbook, Retail Lending examination procedures, App. G;
// D. Bhalla, "Roll Rate Analysis", listendata.com (2019).
func RollRates(histories []History) ([]FlowMatrix, error) {
	return RollRatesTo(nil, histories)
}

// RollRatesTo is [RollRates] writing into dst's storage (reused when its capacity suffices);
// it returns the matrices, or dst[:0] and the error (the contents of dst's storage are then
// unspecified).
func RollRatesTo(dst []FlowMatrix, histories []History) ([]FlowMatrix, error) {
	dst = dst[:0]
	if len(histories) > MaxRecords {
		return dst, inputErr("histories", "len "+strconv.Itoa(len(histories)), ErrSize)
	}
	// One pass over the headers sizes the output; one pass over the months checks each
	// history and, while no error has been seen, counts it, so each balance is read once.
	end := 0
	for i := range histories {
		h := &histories[i]
		if h.Start >= 0 && h.Start < MaxMonths && len(h.Buckets) <= MaxMonths-h.Start {
			end = max(end, h.Start+len(h.Buckets))
		}
	}
	n := max(end-1, 0)
	if cap(dst) >= n {
		dst = dst[:n]
		clear(dst)
	} else {
		dst = make([]FlowMatrix, n)
	}
	acc := make([]cellAcc, n)
	for t := range dst {
		dst[t].Month = t
	}
	var errs []error
	nerr := 0
	add := func(e error) {
		nerr++
		if len(errs) < maxErrors {
			errs = append(errs, e)
		}
	}
	var buf []int64 // cents of a history's decimal balances; −1 where not whole cents
	for i := range histories {
		h := &histories[i]
		name := func() string {
			if h.ID == "" {
				return idx("histories", i)
			}
			return "histories[" + cut(h.ID) + "]"
		}
		if h.Start < 0 || h.Start >= MaxMonths || len(h.Buckets) > MaxMonths-h.Start {
			add(inputErr(name()+".start", strconv.Itoa(h.Start)+"+"+strconv.Itoa(len(h.Buckets)), ErrMonth))
			continue
		}
		if h.Balances != nil && len(h.Balances) != len(h.Buckets) {
			add(inputErr(name()+".balances", "len "+strconv.Itoa(len(h.Balances)), ErrSize))
			continue
		}
		if h.Cents != nil && h.Balances != nil {
			add(inputErr(name()+".cents", "set with balances", ErrValue))
			continue
		}
		if h.Cents != nil && len(h.Cents) != len(h.Buckets) {
			add(inputErr(name()+".cents", "len "+strconv.Itoa(len(h.Cents)), ErrSize))
			continue
		}
		bad := false
		closed := false
		for j, b := range h.Buckets {
			if b >= NumBuckets || (closed && b != Closed) {
				add(inputErr(idx(name()+".buckets", j), b.String(), ErrBucket))
				bad = true
				break
			}
			closed = b == Closed
		}
		var cb []int64 // the history's balances in cents, nil without balances
		switch {
		case h.Cents != nil:
			for j, c := range h.Cents {
				if c < 0 || c > maxCents {
					add(inputErr(idx(name()+".cents", j), strconv.FormatInt(c, 10), ErrAmount))
					bad = true
					break
				}
			}
			cb = h.Cents
		case h.Balances != nil:
			buf = buf[:0]
			for j, d := range h.Balances {
				c, ok := cents(d)
				if !ok {
					if err := checkAmount(idx(name()+".balances", j), d); err != nil {
						add(err)
						bad = true
						break
					}
					c = -1
				}
				buf = append(buf, c)
			}
			cb = buf
		}
		if bad || nerr > 0 {
			continue
		}
		countHistory(dst, acc, h, cb)
	}
	if nerr > 0 {
		return dst[:0], joinCapped(errs, nerr)
	}
	for t := range dst {
		acc[t].flush(&dst[t])
	}
	return dst, nil
}

// countHistory adds the transitions of a checked history to dst; cb holds its balances in
// cents (−1 where a balance is not whole cents and is added as a decimal from h.Balances), or
// is nil when the history has no balances.
func countHistory(dst []FlowMatrix, acc []cellAcc, h *History, cb []int64) {
	everDefault := false
	for j := 0; j+1 < len(h.Buckets); j++ {
		t := h.Start + j
		from, to := h.Buckets[j], h.Buckets[j+1]
		m := &dst[t]
		m.Count[from][to]++
		if from == Default {
			everDefault = true
		}
		if to == Current && from != Current && from != Closed {
			m.Cures++
		}
		if to == Default && from != Default && everDefault {
			m.ReDefaults++
		}
		if cb != nil {
			a := &acc[t]
			a.add(&m.Balance[from][to], &a.flow[from][to], cb[j], h, j)
			a.add(&m.EndBalance[to], &a.end[to], cb[j+1], h, j+1)
		}
	}
}

// cellAcc sums balances as int64 cents where they fit, spilling into the decimal cell.
type cellAcc struct {
	flow [NumBuckets][NumBuckets]int64
	end  [NumBuckets]int64
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000}

// maxCents is maxAmount (10¹⁵ currency units) in cents.
const maxCents = 100_000_000_000_000_000

// cents returns d in whole cents when d ≥ 0, has at most 2 decimal places and ≤ 10¹⁷ cents.
func cents(d decimal.Decimal) (int64, bool) {
	e := d.Exponent()
	if e < -2 || e > 2 || d.NumDigits() > 14 {
		return 0, false
	}
	c := d.CoefficientInt64() * pow10[e+2]
	return c, c >= 0
}

// add adds c cents to sum, or, when c < 0 (not whole cents), h.Balances[k] to cell.
func (a *cellAcc) add(cell *decimal.Decimal, sum *int64, c int64, h *History, k int) {
	if c < 0 {
		*cell = cell.Add(h.Balances[k])
		return
	}
	if *sum > math.MaxInt64-c {
		*cell = cell.Add(decimal.New(*sum, -2))
		*sum = 0
	}
	*sum += c
}

func (a *cellAcc) flush(m *FlowMatrix) {
	for i := range NumBuckets {
		for j := range NumBuckets {
			if a.flow[i][j] != 0 {
				m.Balance[i][j] = m.Balance[i][j].Add(decimal.New(a.flow[i][j], -2))
			}
		}
		if a.end[i] != 0 {
			m.EndBalance[i] = m.EndBalance[i].Add(decimal.New(a.end[i], -2))
		}
	}
}

// joinCapped joins errs (at most maxErrors of them) and says how many of total were left out.
func joinCapped(errs []error, total int) error {
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
	}
	if total > len(errs) {
		errs = append(errs, errors.New("portfolio: "+strconv.Itoa(total-len(errs))+" more problems not listed"))
	}
	return errors.Join(errs...)
}

// Observation is one account's state at one month end, the row form of a [History].
type Observation struct {
	Account string          // account identifier
	Month   int             // month index, in [0, MaxMonths)
	Bucket  Bucket          // delinquency state
	Balance decimal.Decimal // outstanding balance, ≥ 0
}

// Histories groups observations by account, in order of each account's first row, into
// histories with balances. An account's rows must come in consecutive months, each month once:
// a month out of order, repeated or skipped is an error naming the account and month
// ([ErrMonth]); so are a month outside [0, MaxMonths), an invalid bucket ([ErrBucket]) and a
// negative or too large balance ([ErrAmount]). Errors are joined (at most 100 and one more).
// O(len(obs)).
func Histories(obs []Observation) ([]History, error) {
	if len(obs) > MaxRecords {
		return nil, inputErr("observations", "len "+strconv.Itoa(len(obs)), ErrSize)
	}
	pos := make(map[string]int)
	var out []History
	var errs []error
	nerr := 0
	for i := range obs {
		o := &obs[i]
		f := idx("observations", i)
		if o.Month < 0 || o.Month >= MaxMonths {
			errs = append(errs, inputErr(f+".month", strconv.Itoa(o.Month), ErrMonth))
		} else if !o.Bucket.IsValid() {
			errs = append(errs, inputErr(f+".bucket", o.Bucket.String(), ErrBucket))
		} else if err := checkAmount(f+".balance", o.Balance); err != nil {
			errs = append(errs, err)
		} else if k, ok := pos[o.Account]; !ok {
			pos[o.Account] = len(out)
			out = append(out, History{ID: o.Account, Start: o.Month,
				Buckets: []Bucket{o.Bucket}, Balances: []decimal.Decimal{o.Balance}})
		} else if h := &out[k]; o.Month != h.Start+len(h.Buckets) {
			errs = append(errs, inputErr("observations["+cut(o.Account)+"].month", strconv.Itoa(o.Month)+
				" after "+strconv.Itoa(h.Start+len(h.Buckets)-1), ErrMonth))
		} else {
			h.Buckets = append(h.Buckets, o.Bucket)
			h.Balances = append(h.Balances, o.Balance)
		}
		if len(errs) > maxErrors {
			nerr += len(errs) - maxErrors
			errs = errs[:maxErrors]
		}
	}
	if len(errs) > 0 {
		return nil, joinCapped(errs, nerr+len(errs))
	}
	return out, nil
}

// MaxHorizon bounds the horizon of [LossRates], in months.
const MaxHorizon = 1200

// LossRates returns the loss rate of each bucket of a provision matrix derived from the
// balance transition matrix of m (usually a [Pool] of several months): lgd times the
// probability that a unit of balance in the bucket reaches Default within horizon months, the
// monthly balance rates [FlowMatrix.BalanceRate] applied as a Markov chain with Default and
// Closed made absorbing:
//
//	P = balance rates with rows Default, Closed = unit rows,  loss(b) = lgd · (P^horizon)[b][Default]
//
// so loss(Default) = lgd and loss(Closed) = 0. A bucket with no balance in m keeps its own
// state (a unit row). Unlike [NetFlowLossRates] it counts accounts that skip buckets. Errors:
// lgd outside [0, 1] ([ErrProbability]); horizon outside [1, MaxHorizon] ([ErrSize]); a nil m
// ([ErrValue]).
// O(horizon).
//
// References: OCC, Comptroller's Handbook, Retail Lending examination procedures, App. G
// (roll-rate loss forecasting); J. R. Norris, Markov Chains (1997), §1.3 (hitting
// probabilities); IFRS 9 B5.5.35 (provision matrix).
func LossRates(m *FlowMatrix, lgd float64, horizon int) ([NumBuckets]float64, error) {
	var out [NumBuckets]float64
	if m == nil {
		return out, inputErr("m", "nil", ErrValue)
	}
	if !(lgd >= 0 && lgd <= 1) {
		return out, inputErr("lgd", fval(lgd), ErrProbability)
	}
	if horizon < 1 || horizon > MaxHorizon {
		return out, inputErr("horizon", strconv.Itoa(horizon), ErrSize)
	}
	var p [NumBuckets][NumBuckets]float64
	for a := range NumBuckets {
		if a == Default || a == Closed || m.StartBalance(a).Sign() <= 0 {
			p[a][a] = 1
			continue
		}
		for b := range NumBuckets {
			p[a][b] = m.BalanceRate(a, b)
		}
	}
	// v[b] = probability of having reached Default from b within k months: v ← P·v.
	var v [NumBuckets]float64
	v[Default] = 1
	for range horizon {
		var w [NumBuckets]float64
		for a := range NumBuckets {
			for b := range NumBuckets {
				w[a] += p[a][b] * v[b]
			}
		}
		v = w
	}
	for b := range NumBuckets {
		out[b] = lgd * min(1, max(0, v[b]))
	}
	return out, nil
}
