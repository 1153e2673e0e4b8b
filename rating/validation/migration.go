package validation

import (
	"cmp"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
)

// RatingEvent is one rating action: from Date on, Obligor holds State.
// The zero value is invalid (no obligor, empty state).
type RatingEvent struct {
	Obligor string    // obligor identifier
	Date    time.Time // effective date; compared at full precision
	State   string    // a label of MigrationSpec.States
}

// MigrationSpec declares the state space of a rating history. The zero
// value is invalid.
type MigrationSpec struct {
	// States lists the labels, best grade first. Its order is the order of
	// the matrix rows and columns, except that Withdrawn is left out of the
	// matrix. On one day an obligor holds the state listed last among its
	// events of that day (the worst one), so results never depend on the
	// order of the records.
	States []string
	// Default is the label of the absorbing default state; it must be in
	// States. A default anywhere within a period ends that period in
	// Default, and an obligor's events after its first default (a cure, a
	// new rating) are ignored by both estimators.
	Default string
	// Withdrawn is the label of the withdrawn (not rated, NR) state, or ""
	// when the data have none. Withdrawals are reported separately and
	// never counted as migrations.
	Withdrawn string
}

// Migration is an estimated transition matrix over one period. Rows and
// columns follow States; all slices are K×K or length K. The default row
// is absorbing: P[d][d] = 1. The zero value is not a valid result. Its
// methods only read it, so a Migration is safe for concurrent use as long
// as nobody writes to its slices.
type Migration struct {
	States []string    // labels of rows and columns (Withdrawn excluded)
	P      [][]float64 // P[i][j]: probability of being in j at the end given i at the start; rows sum to 1
	// Counts[i][j] are the observed migrations from i to j (cohort: per
	// period and obligor; duration: transitions at their dates).
	Counts [][]float64
	// AtRisk[i] is, for the cohort estimator, the number of
	// obligor-periods starting in i (withdrawals included); for
	// Aalen–Johansen, the time at risk in i in years (days / 365.25).
	AtRisk []float64
	// Withdrawn[i] counts obligor-periods (cohort) or spells (duration)
	// that started in i and ended withdrawn: right-censored, not migrated.
	Withdrawn []float64
}

type compiledSpec struct {
	index     map[string]int // label → position in States
	row       []int          // States position → matrix index, −1 for Withdrawn
	labels    []string
	def, with int // matrix index of default; States position of withdrawn or −1
	defPos    int // States position of default
}

func compileSpec(spec MigrationSpec) (compiledSpec, error) {
	c := compiledSpec{index: map[string]int{}, with: -1, def: -1}
	if len(spec.States) < 2 {
		return c, lenErr("spec.States", len(spec.States), ErrEmpty)
	}
	if len(spec.States) > MaxStates+1 { // Withdrawn is not a matrix state
		return c, lenErr("spec.States", len(spec.States), ErrLimit)
	}
	for i, s := range spec.States {
		if _, dup := c.index[s]; dup || s == "" {
			return c, textErr(at("spec.States", i), s, ErrState)
		}
		c.index[s] = i
		if s == spec.Withdrawn {
			c.with = i
			c.row = append(c.row, -1)
			continue
		}
		c.row = append(c.row, len(c.labels))
		c.labels = append(c.labels, s)
	}
	d, ok := c.index[spec.Default]
	if !ok || d == c.with {
		return c, textErr("spec.Default", spec.Default, ErrState)
	}
	c.def, c.defPos = c.row[d], d
	if spec.Withdrawn != "" && c.with < 0 {
		return c, textErr("spec.Withdrawn", spec.Withdrawn, ErrState)
	}
	if len(c.labels) < 2 {
		return c, lenErr("spec.States", len(spec.States), ErrEmpty)
	}
	return c, nil
}

type event struct {
	t     time.Time
	state int // position in States
}

// histories groups events by obligor, sorted by date, one event per day
// position (the worst state of equal timestamps), checking states.
func histories(events []RatingEvent, c compiledSpec) ([][]event, error) {
	if len(events) == 0 {
		return nil, emptyErr("events", ErrEmpty)
	}
	byID := map[string]int{}
	var hs [][]event
	for i, e := range events {
		s, ok := c.index[e.State]
		if !ok {
			return nil, textErr(at("events", i)+".State", e.State, ErrState)
		}
		if e.Obligor == "" {
			return nil, emptyErr(at("events", i)+".Obligor", ErrEmpty)
		}
		k, ok := byID[e.Obligor]
		if !ok {
			k = len(hs)
			byID[e.Obligor] = k
			hs = append(hs, nil)
		}
		hs[k] = append(hs[k], event{e.Date, s})
	}
	for k, h := range hs {
		slices.SortFunc(h, func(a, b event) int {
			if c := a.t.Compare(b.t); c != 0 {
				return c
			}
			return cmp.Compare(a.state, b.state)
		})
		// Keep the last (worst) event of equal timestamps, and nothing
		// after the first default: default is absorbing.
		out := h[:0]
		for i, e := range h {
			if i+1 < len(h) && h[i+1].t.Equal(e.t) {
				continue
			}
			out = append(out, e)
			if e.state == c.defPos {
				break
			}
		}
		hs[k] = out
	}
	return hs, nil
}

// stateAt returns the position of the state held at t (last event on or
// before t), or −1 when the obligor has no rating yet.
func stateAt(h []event, t time.Time) int {
	i, _ := slices.BinarySearchFunc(h, t, func(e event, t time.Time) int {
		if e.t.After(t) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return -1
	}
	return h[i-1].state
}

// CohortOptions sets the cohorts of [Cohort]. The zero value is invalid
// (Start and End are required).
type CohortOptions struct {
	Start time.Time // date of the first cohort
	// End is the last date a period may end on: cohorts start at Start,
	// Start + Months, … while the period ends on or before End.
	End    time.Time
	Months int // period length in calendar months; 0 means 12
}

// Cohort estimates the one-period transition matrix by the cohort method.
// At each cohort date t, every obligor rated (not withdrawn, not in
// default) is counted once, in its state i at t, and lands in
//
//	Default    if it defaults at any time in (t, t+Δ],
//	Withdrawn  else if its state at t+Δ is Withdrawn,
//	j          its state at t+Δ otherwise,
//
// and counts are pooled over the cohorts:
//
//	P[i][j] = N_ij / (N_i − W_i),   P[d][d] = 1,
//
// with N_ij the migrations, N_i the obligor-periods starting in i and W_i
// those withdrawn (the "withdrawal-adjusted" matrix; W_i is reported in
// Migration.Withdrawn). A row with no obligors gets P[i][i] = 1 and
// AtRisk[i] = 0. The state at a date is the last rating on or before it.
// The result does not depend on the order of events.
//
// Errors: ErrEmpty (no events, empty obligor), ErrState (unknown label
// with its index, or a bad spec), ErrDate (End before Start + Months,
// Months < 0 or so large that Start + Months overflows [time.Time]),
// ErrLimit (more than MaxCohorts cohorts between Start and End, or more
// than MaxStates states). Cost O(E log E + C·n·m) for E events, C ≤
// MaxCohorts cohorts, n obligors with at most m events each.
//
// References:
//   - Lando, D. and Skødeberg, T. (2002), Analyzing rating transitions and
//     rating drift with continuous observations, Journal of Banking &
//     Finance 26, 423–444, section 2 (multinomial/cohort estimator).
//   - S&P Global Ratings (2017), 2016 Annual Global Corporate Default
//     Study and Rating Transitions, appendix (static pools, NR handling).
func Cohort(events []RatingEvent, spec MigrationSpec, opts CohortOptions) (Migration, error) {
	c, err := compileSpec(spec)
	if err != nil {
		return Migration{}, err
	}
	months := opts.Months
	if months == 0 {
		months = 12
	}
	// A month count so large that Start + Months overflows time.Time would
	// step backwards for ever.
	if months < 0 || !opts.Start.AddDate(0, months, 0).After(opts.Start) {
		return Migration{}, intErr("opts.Months", opts.Months, ErrDate)
	}
	if opts.Start.AddDate(0, months, 0).After(opts.End) {
		return Migration{}, &InputError{Field: "opts.End", Value: opts.End.Format(time.RFC3339Nano), Err: ErrDate}
	}
	// Bound the cohorts before stepping through them: an End in the year
	// 10¹¹ would otherwise loop for ever. Calendar months between the
	// dates, in int64 (years up to about 2.9·10¹¹ fit time.Time).
	span := (int64(opts.End.Year())-int64(opts.Start.Year()))*12 + int64(opts.End.Month()) - int64(opts.Start.Month())
	if span/int64(months) > MaxCohorts {
		return Migration{}, &InputError{Field: "opts.End", Value: opts.End.Format(time.RFC3339Nano), Err: ErrLimit}
	}
	hs, err := histories(events, c)
	if err != nil {
		return Migration{}, err
	}
	m := newMigration(c.labels)
	k := len(c.labels)
	defPos := c.index[spec.Default]
	for t := opts.Start; !t.AddDate(0, months, 0).After(opts.End); t = t.AddDate(0, months, 0) {
		u := t.AddDate(0, months, 0)
		for _, h := range hs {
			s := stateAt(h, t)
			if s < 0 || s == c.with || s == defPos {
				continue
			}
			i := c.row[s]
			m.AtRisk[i]++
			end := stateAt(h, u)
			// default at any time in (t, u]
			for _, e := range h {
				if e.t.After(t) && !e.t.After(u) && e.state == defPos {
					end = defPos
					break
				}
			}
			if end == c.with {
				m.Withdrawn[i]++
				continue
			}
			m.Counts[i][c.row[end]]++
		}
	}
	for i := range k {
		n := m.AtRisk[i] - m.Withdrawn[i]
		if i == c.def || n == 0 {
			m.P[i][i] = 1
			continue
		}
		for j := range k {
			m.P[i][j] = m.Counts[i][j] / n
		}
	}
	return m, nil
}

func newMigration(labels []string) Migration {
	k := len(labels)
	m := Migration{States: slices.Clone(labels), P: make([][]float64, k), Counts: make([][]float64, k),
		AtRisk: make([]float64, k), Withdrawn: make([]float64, k)}
	for i := range k {
		m.P[i] = make([]float64, k)
		m.Counts[i] = make([]float64, k)
	}
	return m
}

// DurationOptions sets the observation window of [AalenJohansen]. The zero
// value is invalid.
type DurationOptions struct {
	Start, End time.Time // window; End must be after Start
}

// AalenJohansen estimates the transition matrix over the window
// [Start, End] from continuously observed rating histories, with right
// censoring at withdrawal and at End:
//
//	P̂(Start, End) = Π_{t_k ∈ (Start, End]} (I + ΔÂ(t_k)),
//	ΔÂ_ij(t) = ΔN_ij(t) / Y_i(t−)  (i ≠ j),   ΔÂ_ii(t) = −Σ_{j≠i} ΔÂ_ij(t),
//
// where ΔN_ij(t) is the number of obligors moving from i to j at time t
// and Y_i(t−) the number in state i and under observation just before t.
// An obligor is under observation from Start (in its state then) or from
// its first rating inside the window (delayed entry), until it is
// withdrawn (censored) or End; a later re-rating re-enters it. Entries at
// t join the risk set after the transitions at t; censorings at t leave it
// after them. Default is absorbing: events after a default are ignored.
// Same-day events resolve as in [MigrationSpec].
//
// Migration.AtRisk holds the time at risk per state in years (days/365.25)
// and Migration.Withdrawn the censorings by withdrawal per state.
//
// Errors as for [Cohort]; ErrDate when End is not after Start. Cost
// O(E log E + E·K) for E events and K states (each event time updates
// the product in the rows it moves).
//
// References:
//   - Aalen, O. O. and Johansen, S. (1978), An empirical transition matrix
//     for non-homogeneous Markov chains based on censored observations,
//     Scandinavian Journal of Statistics 5(3), 141–150.
//   - Lando, D. and Skødeberg, T. (2002), Journal of Banking & Finance
//     26, 423–444, section 3.
func AalenJohansen(events []RatingEvent, spec MigrationSpec, opts DurationOptions) (Migration, error) {
	c, err := compileSpec(spec)
	if err != nil {
		return Migration{}, err
	}
	if !opts.End.After(opts.Start) {
		return Migration{}, &InputError{Field: "opts.End", Value: opts.End.Format(time.RFC3339Nano), Err: ErrDate}
	}
	hs, err := histories(events, c)
	if err != nil {
		return Migration{}, err
	}
	defPos := c.index[spec.Default]
	type change struct {
		t        time.Time
		from, to int // matrix indices; −1 = not observed (entry / censoring)
		withdraw bool
	}
	var ch []change
	y := make([]float64, len(c.labels)) // risk set at Start
	m := newMigration(c.labels)
	for _, h := range hs {
		cur := -1 // matrix index of the current observed state, −1 if unobserved
		if s := stateAt(h, opts.Start); s >= 0 && s != c.with {
			cur = c.row[s]
			y[cur]++
			if cur == c.def {
				continue // absorbed before the window
			}
		}
		for _, e := range h {
			if !e.t.After(opts.Start) {
				continue
			}
			if e.t.After(opts.End) {
				break
			}
			next := -1
			if e.state != c.with {
				next = c.row[e.state]
			}
			if next == cur {
				continue
			}
			ch = append(ch, change{t: e.t, from: cur, to: next, withdraw: e.state == c.with})
			cur = next
			if e.state == defPos {
				break
			}
		}
	}
	slices.SortStableFunc(ch, func(a, b change) int { return a.t.Compare(b.t) })

	k := len(c.labels)
	// P is k×k row-major. Each event time multiplies it by I + ΔÂ, whose
	// non-zero rows are the states left at that time, so the product is
	// P + P·ΔÂ over those rows only: O(K·moves) per event time, not O(K³).
	P := make([]float64, k*k)
	for i := range k {
		P[i*k+i] = 1
	}
	delta := make([]float64, k*k) // ΔÂ, zero outside the rows in from
	var from []int                // states left at the current time
	var cols []float64            // their columns of P before the update
	last := opts.Start
	// Not b.Sub(a): a time.Duration saturates at about 292 years.
	years := func(a, b time.Time) float64 {
		// In float64: the int64 difference of two extreme dates overflows.
		sec := float64(b.Unix()) - float64(a.Unix()) + float64(b.Nanosecond()-a.Nanosecond())/1e9
		return sec / 86400 / 365.25
	}
	for lo := 0; lo < len(ch); {
		t := ch[lo].t
		hi := lo
		for hi < len(ch) && ch[hi].t.Equal(t) {
			hi++
		}
		dt := years(last, t)
		for i := range k {
			m.AtRisk[i] += y[i] * dt
		}
		last = t
		from = from[:0]
		for _, x := range ch[lo:hi] {
			if x.from >= 0 && x.to >= 0 {
				f := x.from
				if !slices.Contains(from, f) {
					from = append(from, f)
				}
				delta[f*k+x.to] += 1 / y[f]
				m.Counts[f][x.to]++
			}
		}
		if len(from) > 0 {
			slices.Sort(from) // a fixed summation order: results never depend on record order
			cols = slices.Grow(cols[:0], len(from)*k)[:len(from)*k]
			for c, f := range from {
				var s float64
				for j := range k {
					if j != f {
						s += delta[f*k+j]
					}
				}
				delta[f*k+f] = -s
				for i := range k {
					cols[c*k+i] = P[i*k+f]
				}
			}
			for c, f := range from {
				col := cols[c*k : (c+1)*k]
				for j, dj := range delta[f*k : (f+1)*k] {
					if dj == 0 {
						continue
					}
					for i, pi := range col {
						P[i*k+j] += pi * dj
					}
				}
				clear(delta[f*k : (f+1)*k])
			}
		}
		for _, x := range ch[lo:hi] {
			if x.from >= 0 {
				y[x.from]--
				if x.withdraw {
					m.Withdrawn[x.from]++
				}
			}
			if x.to >= 0 {
				y[x.to]++
			}
		}
		lo = hi
	}
	dt := years(last, opts.End)
	for i := range k {
		m.AtRisk[i] += y[i] * dt
		for j := range k {
			m.P[i][j] = clamp01(P[i*k+j]) // rounding can leave 1 + 2⁻⁵²
		}
	}
	return m, nil
}

// checkStochastic verifies a square row-stochastic matrix (entries in
// [0, 1], rows summing to 1 within 1e-6).
func checkStochastic(p [][]float64) error {
	k := len(p)
	if k == 0 {
		return emptyErr("p", ErrEmpty)
	}
	if k > MaxStates {
		return lenErr("p", k, ErrLimit)
	}
	for i, row := range p {
		if len(row) != k {
			return lenErr(at("p", i), len(row), ErrLength)
		}
		var s float64
		for j, v := range row {
			if !(v >= 0 && v <= 1) {
				return inputErr(at(at("p", i), j), -1, v, ErrProbability)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-6 {
			return &InputError{Field: at("p", i), Value: "row sum " + formatFloat(s), Err: ErrProbability}
		}
	}
	return nil
}

// MatrixPower returns Pⁿ, the n-period transition matrix implied by the
// one-period matrix p under the time-homogeneous Markov assumption. p must
// be square and row-stochastic (entries in [0, 1], rows summing to 1 within
// 1e-6); it is not modified. n ≥ 0; P⁰ = I.
//
// Any n ≥ 0 is accepted (n = math.MaxInt costs 63 squarings); the
// entries are clamped to [0, 1] against rounding.
//
// Errors: ErrEmpty, ErrLength (ragged or non-square, with row),
// ErrProbability (bad entry or row sum, with row and column), ErrOptions
// (n < 0), ErrLimit (K > MaxStates). Cost O(K³ log n).
//
// References:
//   - Jarrow, R., Lando, D. and Turnbull, S. (1997), A Markov model for the
//     term structure of credit risk spreads, Review of Financial Studies
//     10(2), 481–523, section 3.
func MatrixPower(p [][]float64, n int) ([][]float64, error) {
	if err := checkStochastic(p); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, intErr("n", n, ErrOptions)
	}
	k := len(p)
	a := mat.NewDense(k, k, nil)
	for i := range k {
		a.SetRow(i, p[i])
	}
	var r mat.Dense
	r.Pow(a, n)
	return toRows(&r), nil
}

func toRows(m *mat.Dense) [][]float64 {
	k, _ := m.Dims()
	out := make([][]float64, k)
	for i := range k {
		out[i] = make([]float64, k)
		for j := range k {
			out[i][j] = clamp01(m.At(i, j))
		}
	}
	return out
}

// DefaultTermStructure returns the cumulative default probabilities implied
// by the one-period matrix p:
//
//	cum[t−1][i] = (Pᵗ)[i][d],   t = 1 … horizon,
//
// the probability that an obligor starting in state i is in the absorbing
// default state d by the end of period t. Each state's sequence is
// non-decreasing when d is absorbing. Marginal (forward) default rates are
// differences of consecutive rows.
//
// Errors: those of [MatrixPower]; ErrState when d is out of range;
// ErrOptions when horizon < 1; ErrLimit when horizon > MaxHorizon. Cost
// O(horizon·K³).
//
// References: as for [MatrixPower].
func DefaultTermStructure(p [][]float64, d, horizon int) (cum [][]float64, err error) {
	if err := checkStochastic(p); err != nil {
		return nil, err
	}
	k := len(p)
	if d < 0 || d >= k {
		return nil, intErr("d", d, ErrState)
	}
	if horizon < 1 {
		return nil, intErr("horizon", horizon, ErrOptions)
	}
	if horizon > MaxHorizon {
		return nil, intErr("horizon", horizon, ErrLimit)
	}
	a := mat.NewDense(k, k, nil)
	for i := range k {
		a.SetRow(i, p[i])
	}
	cur := mat.DenseCopyOf(a)
	var next mat.Dense
	for t := 0; t < horizon; t++ {
		if t > 0 {
			next.Mul(cur, a)
			cur.Copy(&next)
		}
		row := make([]float64, k)
		for i := range k {
			row[i] = clamp01(cur.At(i, d))
		}
		cum = append(cum, row)
	}
	return cum, nil
}

// Power returns the n-period matrix Pⁿ of m; see [MatrixPower].
func (m Migration) Power(n int) ([][]float64, error) { return MatrixPower(m.P, n) }

// TermStructure returns the cumulative default probabilities of m's states
// for 1 … horizon periods; see [DefaultTermStructure].
func (m Migration) TermStructure(defaultState string, horizon int) ([][]float64, error) {
	d := slices.Index(m.States, defaultState)
	if d < 0 {
		return nil, textErr("defaultState", defaultState, ErrState)
	}
	return DefaultTermStructure(m.P, d, horizon)
}
