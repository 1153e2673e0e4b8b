package review

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// No published worked example of a threshold (Furfine-style) cascade with printed exposures,
// net worths and defaults by round was found (searched: Furfine 2003, Upper 2011, Gai and
// Kapadia 2010, Hurd's "Contagion!", NetworkRiskMeasures, systemicrisk, neva, FinNetValu,
// lecture notes; GAP). The tests below check Cascade against its definition by a naive
// matrix iteration, on hand-built networks whose rounds follow by hand, and by properties.

// cascadeNet is a small network given by ids, net worths and guarantees (guarantor,
// borrower, amount), all in whole units or decimal strings.
type cascadeNet struct {
	nw []string
	gs [][3]string
}

func (c cascadeNet) build(t testing.TB) *Network {
	t.Helper()
	firms := make([]Firm, len(c.nw))
	for i, w := range c.nw {
		firms[i] = Firm{ID: "f" + strconv.Itoa(i), NetWorth: decimal.RequireFromString(w)}
	}
	gs := make([]Guarantee, len(c.gs))
	for k, e := range c.gs {
		gs[k] = Guarantee{Guarantor: "f" + e[0], Borrower: "f" + e[1], Amount: decimal.RequireFromString(e[2])}
	}
	g, err := NewNetwork(firms, gs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCascadeHandBuilt checks rounds and losses worked out by hand.
func TestCascadeHandBuilt(t *testing.T) {
	// Chain: f1 guarantees 10 of f0, f2 10 of f1, f3 10 of f2, f4 10 of f3; net worth 8
	// except f4 (100). Seed f0, recovery 0:
	//   round 1: f1 loses 10 ≥ 8; f8 (net worth 1, guarantees 2 of f0) loses 2; f5 (net
	//            worth 7, guarantees 4 of f0 and 4 of f2) loses 4 and survives.
	//   round 2: f2 loses 10; f7 (net worth 5, guarantees 3 of f1 and 3 of f8) takes both
	//            losses of the round, 6 ≥ 5; f6 (net worth 5, guarantees 3 of f1 and 3 of f5)
	//            loses 3 and survives.
	//   round 3: f3 loses 10; f5 loses 4 more, 8 ≥ 7.
	//   round 4: f6 loses 3 more, 6 ≥ 5; f4 loses 10 < 100 and survives.
	net := cascadeNet{
		nw: []string{"8", "8", "8", "8", "100", "7", "5", "5", "1"},
		gs: [][3]string{{"1", "0", "10"}, {"2", "1", "10"}, {"3", "2", "10"}, {"4", "3", "10"},
			{"5", "0", "4"}, {"5", "2", "4"}, {"6", "1", "3"}, {"6", "5", "3"},
			{"7", "1", "3"}, {"7", "8", "3"}, {"8", "0", "2"}},
	}
	g := net.build(t)
	r, err := g.Cascade([]int{0}, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantRound := []int{0, 1, 2, 3, -1, 3, 4, 2, 1}
	wantLoss := []string{"0", "10", "10", "10", "10", "8", "6", "6", "2"}
	for i := range wantRound {
		if r.Round[i] != wantRound[i] || r.Defaulted[i] != (wantRound[i] >= 0) || !r.Loss[i].Equal(decimal.RequireFromString(wantLoss[i])) {
			t.Errorf("f%d: round %d loss %s defaulted %v, want round %d loss %s", i, r.Round[i], r.Loss[i], r.Defaulted[i], wantRound[i], wantLoss[i])
		}
	}
	if r.Count != 8 || r.Rounds != 4 {
		t.Errorf("count %d rounds %d, want 8 and 4", r.Count, r.Rounds)
	}

	// Recovery 0.2: each chain link loses 8 = net worth (a tie defaults); f5 loses 3.2 + 3.2 =
	// 6.4 < 7 and survives, so f6 loses only 2.4 < 5; f8 loses 1.6 ≥ 1 and f7 2.4 + 2.4 = 4.8 < 5.
	r, _ = g.Cascade([]int{0}, 0.2)
	wantRound = []int{0, 1, 2, 3, -1, -1, -1, -1, 1}
	wantLoss = []string{"0", "8", "8", "8", "8", "6.4", "2.4", "4.8", "1.6"}
	for i := range wantRound {
		if r.Round[i] != wantRound[i] || !r.Loss[i].Equal(decimal.RequireFromString(wantLoss[i])) {
			t.Errorf("recovery 0.2, f%d: round %d loss %s, want %d %s", i, r.Round[i], r.Loss[i], wantRound[i], wantLoss[i])
		}
	}
	if r.Count != 5 || r.Rounds != 3 {
		t.Errorf("recovery 0.2: count %d rounds %d", r.Count, r.Rounds)
	}

	// Recovery 0.25: f1 loses 7.5 < 8 and the chain stops at once; f8 loses 1.5 ≥ 1.
	r, _ = g.Cascade([]int{0}, 0.25)
	if r.Count != 2 || r.Rounds != 1 || !r.Defaulted[8] || !r.Loss[1].Equal(decimal.RequireFromString("7.5")) {
		t.Errorf("recovery 0.25: %+v", r)
	}
	// Full recovery: nobody loses anything, so nobody defaults, even at zero net worth.
	zero := cascadeNet{nw: []string{"0", "0", "-3"}, gs: [][3]string{{"1", "0", "5"}, {"2", "0", "5"}}}.build(t)
	r, _ = zero.Cascade([]int{0}, 1)
	if r.Count != 1 || r.Rounds != 0 || !r.Loss[1].IsZero() {
		t.Errorf("recovery 1: %+v", r)
	}
	// Any positive loss brings down a firm with net worth ≤ 0.
	r, _ = zero.Cascade([]int{0}, 0.99)
	if r.Count != 3 || r.Round[1] != 1 || r.Round[2] != 1 || !r.Loss[2].Equal(decimal.RequireFromString("0.05")) {
		t.Errorf("recovery 0.99: %+v", r)
	}
}

// randomCascadeNet draws n firms with net worths in [−50, 400] and m guarantees with cent
// amounts in (0, 300], parallel guarantees allowed.
func randomCascadeNet(rng *rand.Rand, n, m int) ([]Firm, []Guarantee) {
	firms := make([]Firm, n)
	for i := range firms {
		firms[i] = Firm{ID: "f" + strconv.Itoa(i), NetWorth: decimal.New(int64(rng.IntN(45001))-5000, -2)}
	}
	gs := make([]Guarantee, 0, m)
	for len(gs) < m && n > 1 {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v {
			continue
		}
		gs = append(gs, Guarantee{Guarantor: firms[u].ID, Borrower: firms[v].ID, Amount: decimal.New(1+int64(rng.IntN(30000)), -2)})
	}
	return firms, gs
}

// naiveCascade is the definition of Cascade computed by a dense matrix iteration over the raw
// inputs (after systemicrisk's default_cascade: each round recomputes every firm's loss from
// the current default set): it shares no code with Network.
func naiveCascade(firms []Firm, gs []Guarantee, seeds []int, recovery float64) CascadeResult {
	n := len(firms)
	pos := make(map[string]int, n)
	for i, f := range firms {
		pos[f.ID] = i
	}
	a := make([][]decimal.Decimal, n) // a[u][b]: amount u guarantees of b
	for i := range a {
		a[i] = make([]decimal.Decimal, n)
	}
	for _, e := range gs {
		u, b := pos[e.Guarantor], pos[e.Borrower]
		a[u][b] = a[u][b].Add(e.Amount)
	}
	share := decimal.NewFromInt(1).Sub(decimal.NewFromFloat(recovery))
	loss := func(u int, in []bool) decimal.Decimal {
		var s decimal.Decimal
		for b := range n {
			if in[b] {
				s = s.Add(a[u][b])
			}
		}
		return s.Mul(share)
	}
	r := CascadeResult{Defaulted: make([]bool, n), Round: make([]int, n), Loss: make([]decimal.Decimal, n)}
	for i := range r.Round {
		r.Round[i] = -1
	}
	for _, s := range seeds {
		r.Defaulted[s], r.Round[s] = true, 0
	}
	for round := 1; ; round++ {
		prev := append([]bool(nil), r.Defaulted...)
		added := false
		for u := range n {
			if prev[u] {
				continue
			}
			if l := loss(u, prev); l.Sign() > 0 && l.GreaterThanOrEqual(firms[u].NetWorth) {
				r.Defaulted[u], r.Round[u], r.Loss[u] = true, round, l
				added = true
			}
		}
		if !added {
			r.Rounds = round - 1
			break
		}
	}
	for u := range n {
		if r.Defaulted[u] {
			r.Count++
		} else {
			r.Loss[u] = loss(u, r.Defaulted)
		}
	}
	return r
}

func sameCascade(t *testing.T, what string, got, want CascadeResult) {
	t.Helper()
	if got.Count != want.Count || got.Rounds != want.Rounds {
		t.Fatalf("%s: count %d rounds %d, want %d and %d", what, got.Count, got.Rounds, want.Count, want.Rounds)
	}
	for i := range want.Round {
		if got.Defaulted[i] != want.Defaulted[i] || got.Round[i] != want.Round[i] || !got.Loss[i].Equal(want.Loss[i]) {
			t.Fatalf("%s: firm %d round %d loss %s, want round %d loss %s", what, i, got.Round[i], got.Loss[i], want.Round[i], want.Loss[i])
		}
	}
}

// TestCascadeMatchesNaive checks Cascade against the naive iteration of its definition on
// seeded random networks of several densities, seeds and recovery shares.
func TestCascadeMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	defaults := 0
	for trial := range 300 {
		n := 2 + rng.IntN(40)
		firms, gs := randomCascadeNet(rng, n, rng.IntN(4*n))
		g, err := NewNetwork(firms, gs)
		if err != nil {
			t.Fatal(err)
		}
		seeds := rng.Perm(n)[:1+rng.IntN(min(3, n))]
		for _, rec := range []float64{0, 0.25, 0.4, 0.9, 1} {
			got, err := g.Cascade(seeds, rec)
			if err != nil {
				t.Fatal(err)
			}
			sameCascade(t, "trial "+strconv.Itoa(trial)+" recovery "+floatText(rec), got, naiveCascade(firms, gs, seeds, rec))
			defaults += got.Count - len(seeds)
		}
	}
	if defaults == 0 {
		t.Fatal("no contagion in any trial: the comparison tested nothing")
	}
}

// TestCascadeProperties checks, on seeded random networks: a lower recovery never saves a firm
// nor delays a default; more seeds, a lower net worth or an added guarantee never shrink the
// default set; the final default set is a fixed point (a cascade never un-defaults); the
// round numbers are consistent; the result does not depend on the order of firms or
// guarantees.
func TestCascadeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	subset := func(a, b CascadeResult) bool { // default set of a ⊆ that of b
		for i, d := range a.Defaulted {
			if d && !b.Defaulted[i] {
				return false
			}
		}
		return true
	}
	for trial := range 200 {
		n := 3 + rng.IntN(50)
		firms, gs := randomCascadeNet(rng, n, n+rng.IntN(3*n))
		g, _ := NewNetwork(firms, gs)
		seeds := []int{rng.IntN(n)}
		name := "trial " + strconv.Itoa(trial)

		// Monotone in recovery, round by round.
		var prev CascadeResult
		for k, rec := range []float64{1, 0.8, 0.5, 0.3, 0.1, 0} {
			r, err := g.Cascade(seeds, rec)
			if err != nil {
				t.Fatal(err)
			}
			checkRounds(t, name, g, seeds, r)
			if k > 0 {
				if !subset(prev, r) {
					t.Fatalf("%s: recovery %v saves a firm in default at a higher recovery", name, rec)
				}
				for i, d := range prev.Defaulted {
					if d && r.Round[i] > prev.Round[i] {
						t.Fatalf("%s: recovery %v delays firm %d to round %d from %d", name, rec, i, r.Round[i], prev.Round[i])
					}
				}
			}
			prev = r
		}
		rec := []float64{0, 0.3, 0.6}[trial%3]
		base, _ := g.Cascade(seeds, rec)

		// Fixed point: seeding the whole final default set defaults no one else.
		var all []int
		for i, d := range base.Defaulted {
			if d {
				all = append(all, i)
			}
		}
		fix, _ := g.Cascade(all, rec)
		if fix.Count != base.Count || fix.Rounds != 0 {
			t.Fatalf("%s: seeding the %d defaulted firms gives %d defaults in %d rounds", name, base.Count, fix.Count, fix.Rounds)
		}

		// More seeds.
		more, _ := g.Cascade(append([]int{(seeds[0] + 1) % n}, seeds...), rec)
		if !subset(base, more) {
			t.Fatalf("%s: an extra seed shrank the default set", name)
		}

		// A lower net worth.
		lower := append([]Firm(nil), firms...)
		w := rng.IntN(n)
		lower[w].NetWorth = lower[w].NetWorth.Sub(decimal.NewFromInt(int64(1 + rng.IntN(200))))
		gl, _ := NewNetwork(lower, gs)
		if r, _ := gl.Cascade(seeds, rec); !subset(base, r) {
			t.Fatalf("%s: lowering firm %d's net worth shrank the default set", name, w)
		}

		// An added guarantee, new or parallel to an existing one.
		for range 5 {
			var e Guarantee
			if rng.IntN(2) == 0 && len(gs) > 0 {
				e = gs[rng.IntN(len(gs))]
			} else {
				u, v := rng.IntN(n), rng.IntN(n)
				if u == v {
					continue
				}
				e = Guarantee{Guarantor: firms[u].ID, Borrower: firms[v].ID}
			}
			e.Amount = decimal.New(1+int64(rng.IntN(20000)), -2)
			ga, err := NewNetwork(firms, append(append([]Guarantee(nil), gs...), e))
			if err != nil {
				t.Fatal(err)
			}
			if r, _ := ga.Cascade(seeds, rec); !subset(base, r) {
				t.Fatalf("%s: adding %+v shrank the default set", name, e)
			}
		}

		// Order independence: reverse the firms and the guarantees.
		rf := make([]Firm, n)
		for i := range firms {
			rf[n-1-i] = firms[i]
		}
		rg := make([]Guarantee, len(gs))
		for k := range gs {
			rg[len(gs)-1-k] = gs[k]
		}
		gr, _ := NewNetwork(rf, rg)
		rr, _ := gr.Cascade([]int{n - 1 - seeds[0]}, rec)
		for i := range n {
			j := n - 1 - i
			if rr.Round[j] != base.Round[i] || !rr.Loss[j].Equal(base.Loss[i]) {
				t.Fatalf("%s: firm %d round %d loss %s, reversed %d %s", name, i, base.Round[i], base.Loss[i], rr.Round[j], rr.Loss[j])
			}
		}
	}
}

// checkRounds checks the round bookkeeping of r against the network: Round −1 exactly for
// survivors, seeds in round 0, Count and Rounds agree with Round, no round is empty, each
// firm that defaulted in round k ≥ 1 guarantees a borrower that defaulted in round k − 1 and
// has a positive loss reaching its net worth, and each survivor's loss stays below it.
func checkRounds(t *testing.T, name string, g *Network, seeds []int, r CascadeResult) {
	t.Helper()
	isSeed := make(map[int]bool, len(seeds))
	for _, s := range seeds {
		isSeed[s] = true
	}
	count, maxRound := 0, 0
	perRound := make(map[int]int)
	for i, d := range r.Defaulted {
		switch {
		case d != (r.Round[i] >= 0):
			t.Fatalf("%s: firm %d defaulted %v round %d", name, i, d, r.Round[i])
		case isSeed[i] != (r.Round[i] == 0):
			t.Fatalf("%s: firm %d seed %v round %d", name, i, isSeed[i], r.Round[i])
		case !d:
			if r.Loss[i].Sign() > 0 && r.Loss[i].GreaterThanOrEqual(g.netWorth[i]) {
				t.Fatalf("%s: survivor %d loss %s ≥ net worth %s", name, i, r.Loss[i], g.netWorth[i])
			}
			continue
		}
		count++
		maxRound = max(maxRound, r.Round[i])
		perRound[r.Round[i]]++
		if r.Round[i] == 0 {
			continue
		}
		if !(r.Loss[i].Sign() > 0 && r.Loss[i].GreaterThanOrEqual(g.netWorth[i])) {
			t.Fatalf("%s: firm %d defaulted in round %d with loss %s, net worth %s", name, i, r.Round[i], r.Loss[i], g.netWorth[i])
		}
		trigger := false
		for e := g.outStart[i]; e < g.outStart[i+1]; e++ {
			if r.Round[g.outDst[e]] == r.Round[i]-1 {
				trigger = true
			}
		}
		if !trigger {
			t.Fatalf("%s: firm %d defaulted in round %d with no borrower in round %d", name, i, r.Round[i], r.Round[i]-1)
		}
	}
	if count != r.Count || maxRound != r.Rounds {
		t.Fatalf("%s: count %d rounds %d, Round says %d and %d", name, r.Count, r.Rounds, count, maxRound)
	}
	for k := 0; k <= maxRound; k++ {
		if perRound[k] == 0 {
			t.Fatalf("%s: round %d has no default but round %d does", name, k, maxRound)
		}
	}
}

func TestCascadeErrors(t *testing.T) {
	g := cascadeNet{nw: []string{"1", "1"}, gs: [][3]string{{"0", "1", "1"}}}.build(t)
	for _, c := range []struct {
		seeds []int
		rec   float64
		field string
		err   error
	}{
		{nil, 0, "seeds", ErrMissingValue},
		{[]int{2}, 0, "seeds[0]", ErrUnknown},
		{[]int{-1}, 0, "seeds[0]", ErrUnknown},
		{[]int{1, 1}, 0, "seeds[1]", ErrUnknown},
		{[]int{0}, -0.1, "recovery", ErrTolerance},
		{[]int{0}, 1.5, "recovery", ErrTolerance},
		{[]int{0}, math.NaN(), "recovery", ErrTolerance},
		{[]int{0}, math.Inf(1), "recovery", ErrTolerance},
	} {
		_, err := g.Cascade(c.seeds, c.rec)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, c.err) {
			t.Errorf("Cascade(%v, %v): %v, want %s %v", c.seeds, c.rec, err, c.field, c.err)
		}
	}
	var nilNet *Network
	if _, err := nilNet.Cascade([]int{0}, 0); !errors.Is(err, ErrMissingValue) {
		t.Errorf("nil network: %v", err)
	}
}
