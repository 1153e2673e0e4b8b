package portfolio

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Bhalla, "Roll Rate Analysis", listendata.com (2019): of 26 000 accounts with no amount due
// at 12 months on book, at 18 months 22 000 are still not due, 1 670 are 0–29 DPD, 1 000
// 30–59, 670 60–89 and 340 + 220 + 100 90+ DPD; "6.4 %" rolled to 0–29 (1 670 / 26 000).
func TestRollRateBhalla(t *testing.T) {
	to := []struct {
		b Bucket
		n int
	}{{Current, 22000}, {DPD1to29, 1670}, {DPD30to59, 1000}, {DPD60to89, 670}, {DPD90Plus, 340 + 220 + 100}}
	var hs []History
	for _, c := range to {
		for range c.n {
			hs = append(hs, History{Buckets: []Bucket{Current, c.b}})
		}
	}
	ms, err := RollRates(hs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("%d matrices, want 1", len(ms))
	}
	m := &ms[0]
	if got := m.Accounts(Current); got != 26000 {
		t.Errorf("accounts current = %d, want 26000 (Bhalla)", got)
	}
	if got := m.Rate(Current, DPD1to29); math.Round(got*1000)/10 != 6.4 {
		t.Errorf("roll current → 1-29 = %.4f, want 6.4 %% (Bhalla)", got)
	}
	if got := m.Rate(Current, Current); math.Abs(got-22000.0/26000) > 1e-15 {
		t.Errorf("stay current = %v", got)
	}
}

// Roll rate example (costcalculator.calculator.city, "how to calculate roll rates"):
// 1 000 000 in 30–59 at t−1, 200 000 in 60–89 at t → roll rate 20 %.
func TestNetFlowBalanceExample(t *testing.T) {
	hs := []History{
		{ID: "a", Buckets: []Bucket{DPD30to59, DPD60to89}, Balances: dec("150000", "200000")},
		{ID: "b", Buckets: []Bucket{DPD30to59, Current}, Balances: dec("850000", "10")},
	}
	ms, err := RollRates(hs)
	if err != nil {
		t.Fatal(err)
	}
	if got := ms[0].NetFlow(DPD30to59); math.Abs(got-0.20) > 1e-15 {
		t.Errorf("net flow 30-59 → 60-89 = %v, want 0.20 (200 000 / 1 000 000)", got)
	}
	if got := ms[0].StartBalance(DPD30to59); !got.Equal(decimal.NewFromInt(1_000_000)) {
		t.Errorf("start balance = %v", got)
	}
	if ms[0].Cures != 1 {
		t.Errorf("cures = %d, want 1", ms[0].Cures)
	}
}

func dec(s ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(s))
	for i, x := range s {
		out[i] = decimal.RequireFromString(x)
	}
	return out
}

func randomHistories(r *rand.Rand, n, months int) []History {
	hs := make([]History, n)
	for i := range hs {
		start := r.IntN(months / 2)
		l := 1 + r.IntN(months-start)
		h := History{ID: strconv.Itoa(i), Start: start, Buckets: make([]Bucket, l), Balances: make([]decimal.Decimal, l)}
		b := Bucket(r.IntN(int(Closed)))
		for j := range l {
			if b != Closed {
				b = Bucket(r.IntN(int(NumBuckets)))
			}
			h.Buckets[j] = b
			h.Balances[j] = decimal.New(r.Int64N(1_000_000), -int32(r.IntN(4)))
		}
		hs[i] = h
	}
	return hs
}

// Property: the rows of a flow matrix sum to the accounts (and balances) that started in the
// bucket and are seen one month later; net-flow numerators are the balances at t+1.
func TestRollRateRowSums(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	hs := randomHistories(r, 3000, 12)
	ms, err := RollRates(hs)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		var n [NumBuckets]int64
		var bal, end [NumBuckets]decimal.Decimal
		var cures, redef int64
		for _, h := range hs {
			j := m.Month - h.Start
			if j < 0 || j+1 >= len(h.Buckets) {
				continue
			}
			from, to := h.Buckets[j], h.Buckets[j+1]
			n[from]++
			bal[from] = bal[from].Add(h.Balances[j])
			end[to] = end[to].Add(h.Balances[j+1])
			if to == Current && from != Current && from != Closed {
				cures++
			}
			if to == Default && from != Default {
				for _, b := range h.Buckets[:j] {
					if b == Default {
						redef++
						break
					}
				}
			}
		}
		for b := range NumBuckets {
			if m.Accounts(b) != n[b] {
				t.Errorf("month %d %v: row count %d, want %d", m.Month, b, m.Accounts(b), n[b])
			}
			if !m.StartBalance(b).Equal(bal[b]) || !m.EndBalance[b].Equal(end[b]) {
				t.Errorf("month %d %v: balances %v/%v, want %v/%v", m.Month, b, m.StartBalance(b), m.EndBalance[b], bal[b], end[b])
			}
			if n[b] > 0 {
				var s float64
				for c := range NumBuckets {
					s += m.Rate(b, c)
				}
				if math.Abs(s-1) > 1e-12 {
					t.Errorf("rates of row %v sum to %v", b, s)
				}
			}
		}
		if m.Cures != cures || m.ReDefaults != redef {
			t.Errorf("month %d: cures %d re-defaults %d, want %d %d", m.Month, m.Cures, m.ReDefaults, cures, redef)
		}
	}
	// Pool sums, and RollRatesTo reuses storage with the same result.
	p := Pool(ms)
	var total int64
	for _, m := range ms {
		total += m.Accounts(Current)
	}
	if p.Accounts(Current) != total {
		t.Errorf("pooled current %d, want %d", p.Accounts(Current), total)
	}
	again, err := RollRatesTo(ms[:0], hs)
	if err != nil || &again[0] != &ms[0] {
		t.Fatalf("RollRatesTo did not reuse dst: %v", err)
	}
}

func TestLossRates(t *testing.T) {
	// Net flows 0.1, 0.5, 0.5, 0.8 (current → 1-29 → 30-59 → 60-89 → 90+ → default):
	// loss(current) = 0.45 · 0.1·0.5·0.5·0.8·1.
	m := FlowMatrix{}
	m.Balance[Current][Current] = decimal.NewFromInt(1000)
	m.Balance[DPD1to29][Current] = decimal.NewFromInt(100)
	m.Balance[DPD30to59][Current] = decimal.NewFromInt(50)
	m.Balance[DPD60to89][Current] = decimal.NewFromInt(25)
	m.Balance[DPD90Plus][Current] = decimal.NewFromInt(20)
	m.EndBalance[DPD1to29] = decimal.NewFromInt(100)
	m.EndBalance[DPD30to59] = decimal.NewFromInt(50)
	m.EndBalance[DPD60to89] = decimal.NewFromInt(25)
	m.EndBalance[DPD90Plus] = decimal.NewFromInt(20)
	m.EndBalance[Default] = decimal.NewFromInt(30) // 1.5 → capped at 1
	lr, err := NetFlowLossRates(&m, 0.45)
	if err != nil {
		t.Fatal(err)
	}
	want := [NumBuckets]float64{0.45 * 0.1 * 0.5 * 0.5 * 0.8, 0.45 * 0.5 * 0.5 * 0.8, 0.45 * 0.5 * 0.8, 0.45 * 0.8, 0.45, 0.45, 0}
	for b := range NumBuckets {
		if math.Abs(lr[b]-want[b]) > 1e-15 {
			t.Errorf("loss(%v) = %v, want %v", b, lr[b], want[b])
		}
	}
	if _, err := NetFlowLossRates(&m, math.NaN()); !errors.Is(err, ErrProbability) {
		t.Errorf("NaN lgd: %v", err)
	}
}

func TestRollRateErrors(t *testing.T) {
	cases := []struct {
		name string
		h    History
		want error
	}{
		{"reopen", History{ID: "x", Buckets: []Bucket{Current, Closed, Current}}, ErrBucket},
		{"bad bucket", History{ID: "x", Buckets: []Bucket{NumBuckets}}, ErrBucket},
		{"negative", History{ID: "x", Buckets: []Bucket{Current}, Balances: dec("-1")}, ErrAmount},
		{"huge", History{ID: "x", Buckets: []Bucket{Current}, Balances: []decimal.Decimal{decimal.New(1, 1000)}}, ErrAmount},
		{"lengths", History{ID: "x", Buckets: []Bucket{Current}, Balances: dec("1", "2")}, ErrSize},
		{"start", History{ID: "x", Start: -1, Buckets: []Bucket{Current}}, ErrMonth},
		{"too long", History{ID: "x", Start: MaxMonths - 1, Buckets: []Bucket{Current, Current}}, ErrMonth},
	}
	for _, c := range cases {
		_, err := RollRates([]History{{Buckets: []Bucket{Current}}, c.h})
		var ie *InputError
		if !errors.Is(err, c.want) || !errors.As(err, &ie) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		if ie.Field[:12] != "histories[x]" {
			t.Errorf("%s: field %q does not name the account", c.name, ie.Field)
		}
	}
}

func TestHistories(t *testing.T) {
	z := decimal.Decimal{}
	obs := []Observation{
		{"a", 3, Current, z}, {"b", 0, DPD30to59, z}, {"a", 4, DPD1to29, z}, {"b", 1, Default, z},
	}
	hs, err := Histories(obs)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].ID != "a" || hs[0].Start != 3 || len(hs[0].Buckets) != 2 || hs[1].Buckets[1] != Default {
		t.Fatalf("histories %+v", hs)
	}
	bad := map[string][]Observation{
		"repeated":     {{"a", 3, Current, z}, {"a", 3, Current, z}},
		"out of order": {{"a", 3, Current, z}, {"a", 2, Current, z}},
		"gap":          {{"a", 3, Current, z}, {"a", 5, Current, z}},
		"negative":     {{"a", -1, Current, z}},
	}
	for name, o := range bad {
		_, err := Histories(o)
		var ie *InputError
		if !errors.Is(err, ErrMonth) || !errors.As(err, &ie) {
			t.Errorf("%s: %v", name, err)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	if _, err := Histories([]Observation{{"a", 0, Current, decimal.NewFromInt(-5)}}); !errors.Is(err, ErrAmount) {
		t.Errorf("negative balance: %v", err)
	}
}

func TestBucketText(t *testing.T) {
	for b := range NumBuckets {
		txt, err := b.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Bucket
		if err := back.UnmarshalText(txt); err != nil || back != b {
			t.Errorf("%v round-trips to %v, %v", b, back, err)
		}
	}
	if NumBuckets.IsValid() || BucketOfDPD(29) != DPD1to29 || BucketOfDPD(90) != DPD90Plus || BucketOfDPD(-3) != Current {
		t.Error("bucket boundaries")
	}
	if (&InputError{Field: "x", Err: ErrAmount}).Error() != "portfolio: x: amount negative or out of range" {
		t.Error("error text")
	}
}

// Property: with one step the Markov loss rate is lgd × the balance rate into default; a chain
// that rolls one bucket a month at rate 1 reaches default from current in exactly 5 months.
func TestLossRatesMarkov(t *testing.T) {
	var m FlowMatrix
	for b := Current; b < Default; b++ {
		m.Balance[b][b+1] = decimal.NewFromInt(10)
	}
	for h, want := range map[int]float64{1: 0, 4: 0, 5: 0.5} {
		lr, err := LossRates(&m, 0.5, h)
		if err != nil {
			t.Fatal(err)
		}
		if lr[Current] != want || lr[DPD90Plus] != 0.5 || lr[Default] != 0.5 || lr[Closed] != 0 {
			t.Errorf("horizon %d: %v", h, lr)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	p := Pool(mustRoll(t, randomHistories(r, 2000, 8)))
	prev := [NumBuckets]float64{}
	for h := 1; h <= 24; h++ {
		lr, err := LossRates(&p, 1, h)
		if err != nil {
			t.Fatal(err)
		}
		for b := range NumBuckets {
			if lr[b] < prev[b]-1e-12 || lr[b] > 1 {
				t.Fatalf("horizon %d bucket %v: %v after %v (not monotone in [0,1])", h, b, lr[b], prev[b])
			}
		}
		prev = lr
	}
	if _, err := LossRates(&p, 0.5, 0); !errors.Is(err, ErrSize) {
		t.Errorf("horizon 0: %v", err)
	}
}

func mustRoll(t *testing.T, hs []History) []FlowMatrix {
	t.Helper()
	ms, err := RollRates(hs)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// toCents returns hs with each history's balances moved to Cents, or false when a balance is
// not whole cents in [0, 10¹⁷] cents.
func toCents(hs []History) ([]History, bool) {
	out := make([]History, len(hs))
	for i, h := range hs {
		out[i] = History{ID: h.ID, Start: h.Start, Buckets: h.Buckets}
		if h.Balances == nil {
			continue
		}
		out[i].Cents = make([]int64, len(h.Balances))
		for j, d := range h.Balances {
			c := d.Shift(2)
			if !c.IsInteger() || c.Sign() < 0 || c.Cmp(decimal.New(1, 17)) > 0 {
				return nil, false
			}
			out[i].Cents[j] = c.IntPart()
		}
	}
	return out, true
}

// Balances given as int64 cents give the same matrices as the same balances as decimals,
// including sums past the int64 range (a hundred balances of 10¹⁵).
func TestRollRatesCents(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	hs := randomHistories(r, 2000, 12)
	for i := range hs {
		for j := range hs[i].Balances {
			hs[i].Balances[j] = decimal.New(r.Int64N(100_000_000), -int32(r.IntN(3)))
		}
	}
	for range 100 {
		hs = append(hs, History{Buckets: []Bucket{Current, DPD1to29}, Balances: dec("1e15", "1e15")})
	}
	want, err := RollRates(hs)
	if err != nil {
		t.Fatal(err)
	}
	hc, ok := toCents(hs)
	if !ok {
		t.Fatal("balances not whole cents")
	}
	got, err := RollRates(hc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d matrices, want %d", len(got), len(want))
	}
	for k := range got {
		if !sameFlow(&got[k], &want[k]) {
			t.Errorf("month %d: cents and decimal balances differ", k)
		}
	}
	if p := Pool(got); p.StartBalance(Current).LessThan(decimal.New(1, 17)) {
		t.Errorf("pooled current balance %v, want ≥ 10¹⁷ (the overflow path)", p.StartBalance(Current))
	}
	for _, c := range []struct {
		h    History
		want error
	}{
		{History{ID: "neg", Buckets: []Bucket{Current, Current}, Cents: []int64{1, -1}}, ErrAmount},
		{History{ID: "big", Buckets: []Bucket{Current}, Cents: []int64{maxCents + 1}}, ErrAmount},
		{History{ID: "len", Buckets: []Bucket{Current, Current}, Cents: []int64{1}}, ErrSize},
		{History{ID: "both", Buckets: []Bucket{Current}, Cents: []int64{1}, Balances: dec("0.01")}, ErrValue},
	} {
		_, err := RollRates([]History{c.h})
		var ie *InputError
		if !errors.Is(err, c.want) || !errors.As(err, &ie) || !strings.Contains(ie.Field, c.h.ID+"].cents") {
			t.Errorf("%s: %v, want %v naming cents", c.h.ID, err, c.want)
		}
	}
}

func sameFlow(a, b *FlowMatrix) bool {
	if a.Month != b.Month || a.Count != b.Count || a.Cures != b.Cures || a.ReDefaults != b.ReDefaults {
		return false
	}
	for i := range NumBuckets {
		for j := range NumBuckets {
			if !a.Balance[i][j].Equal(b.Balance[i][j]) {
				return false
			}
		}
		if !a.EndBalance[i].Equal(b.EndBalance[i]) {
			return false
		}
	}
	return true
}

// IFRScommunity.com, "IFRS 9 example: lifetime ECL for trade receivables using a provision
// matrix" (knowledge base, IFRS 9 impairment; the calculations sheet is mirrored at
// scribd.com/document/727588826): of Entity A's B2C sales in January, 100 000 not overdue,
// 50 000 paid on time (50 000 left, overdue 1–30 days), 27 000 paid 1–30 days after the due
// date (23 000 left, 31–60), 15 000 paid 31–60 days after (8 000 left, 61–90), 6 000 paid
// 61–90 days after, 2 000 (91+) not paid at all. Printed loss rates: not overdue 2.0 %,
// 1–30 days 4.0 %, 31–60 8.7 %, 61–90 25.0 %, 91+ 100.0 %; applied to the 31 December 20X1
// ageing 300 000 / 140 000 / 60 000 / 23 000 / 5 000 they give ECL allowances 6 000, 5 600,
// 5 217, 5 750 and 5 000, total 27 567.
//
// The January cohort is tracked month by month as five invoices (one per payment month, the
// last one written off) in the package's buckets, the example's 1–30, 31–60, 61–90 and 91+
// mapped to 1-29, 30-59, 60-89 and 90-plus and "not paid at all" to Default with LGD 1; a
// paid invoice is Closed with zero balance. The loss rates are then the net flows chained to
// Default ([NetFlowLossRates]) and the Markov hitting probabilities ([LossRates]), and the
// cohort's cumulative loss rate ([Vintages]) is the not-overdue rate.
func TestRollRateIFRSCommunity(t *testing.T) {
	z := decimal.Zero
	d := func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }
	hs := []History{
		{ID: "paid-on-time", Buckets: []Bucket{Current, Closed}, Balances: []decimal.Decimal{d(50000), z}},
		{ID: "paid-1-30", Buckets: []Bucket{Current, DPD1to29, Closed}, Balances: []decimal.Decimal{d(27000), d(27000), z}},
		{ID: "paid-31-60", Buckets: []Bucket{Current, DPD1to29, DPD30to59, Closed},
			Balances: []decimal.Decimal{d(15000), d(15000), d(15000), z}},
		{ID: "paid-61-90", Buckets: []Bucket{Current, DPD1to29, DPD30to59, DPD60to89, Closed},
			Balances: []decimal.Decimal{d(6000), d(6000), d(6000), d(6000), z}},
		{ID: "not-paid", Buckets: []Bucket{Current, DPD1to29, DPD30to59, DPD60to89, DPD90Plus, Default},
			Balances: []decimal.Decimal{d(2000), d(2000), d(2000), d(2000), d(2000), d(2000)}},
	}
	p := Pool(mustRoll(t, hs))
	buckets := []Bucket{Current, DPD1to29, DPD30to59, DPD60to89, DPD90Plus}
	printed := []float64{2.0, 4.0, 8.7, 25.0, 100.0} // %, one decimal
	ageing := []int64{300000, 140000, 60000, 23000, 5000}
	allowance := []int64{6000, 5600, 5217, 5750, 5000} // whole currency units
	nf, err := NetFlowLossRates(&p, 1)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := LossRates(&p, 1, 12)
	if err != nil {
		t.Fatal(err)
	}
	for name, lr := range map[string][NumBuckets]float64{"NetFlowLossRates": nf, "LossRates": mk} {
		total := 0.0
		for i, b := range buckets {
			if got := math.Round(lr[b]*1000) / 10; got != printed[i] {
				t.Errorf("%s: loss(%v) = %.4f %%, IFRScommunity prints %.1f %%", name, b, 100*lr[b], printed[i])
			}
			ecl := float64(ageing[i]) * lr[b]
			if math.Round(ecl) != float64(allowance[i]) {
				t.Errorf("%s: ECL %v on %d = %.2f, IFRScommunity prints %d", name, b, ageing[i], ecl, allowance[i])
			}
			total += ecl
		}
		if math.Round(total) != 27567 {
			t.Errorf("%s: total ECL = %.2f, IFRScommunity prints 27 567", name, total)
		}
	}
	// The roll rates themselves: 50 000 / 100 000, 23 000 / 50 000, 8 000 / 23 000,
	// 2 000 / 8 000, 2 000 / 2 000.
	for i, want := range []float64{0.5, 0.46, 8.0 / 23, 0.25, 1} {
		if got := p.NetFlow(buckets[i]); math.Abs(got-want) > 1e-15 {
			t.Errorf("net flow %v = %v, want %v", buckets[i], got, want)
		}
	}
	// Static pool: the January cohort's cumulative loss rate is the not-overdue loss rate.
	var loans []Loan
	for _, h := range hs {
		l := Loan{ID: h.ID, Amount: h.Balances[0]}
		if last := len(h.Buckets) - 1; h.Buckets[last] == Default {
			l.Defaulted, l.DefaultMonth, l.Loss = true, last, h.Balances[last]
		}
		loans = append(loans, l)
	}
	vs, err := Vintages(loans, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := vs[0].CumLossRate[5]; math.Round(got*1000)/10 != 2.0 || vs[0].CumLossRate[4] != 0 {
		t.Errorf("January vintage cumulative loss rate = %v (month 4: %v), IFRScommunity 2.0 %%",
			got, vs[0].CumLossRate[4])
	}
}

// TestNilFlowMatrix: the accessors of a nil *FlowMatrix return zero values, and the loss-rate
// functions return an InputError naming m, instead of dereferencing nil.
func TestNilFlowMatrix(t *testing.T) {
	var m *FlowMatrix
	if m.Rate(Current, DPD1to29) != 0 || m.BalanceRate(Current, Current) != 0 || m.NetFlow(Current) != 0 ||
		m.Accounts(Current) != 0 || !m.StartBalance(Current).IsZero() {
		t.Error("nil FlowMatrix: non-zero accessor")
	}
	for name, call := range map[string]func() error{
		"LossRates":        func() error { _, err := LossRates(nil, 0.5, 12); return err },
		"NetFlowLossRates": func() error { _, err := NetFlowLossRates(nil, 0.5); return err },
	} {
		err := call()
		var ie *InputError
		if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != "m" {
			t.Errorf("%s(nil): %v", name, err)
		}
	}
}
