package review

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

var _ graph.Directed = (*Network)(nil)

// voutilainen builds the DebtRank example of V. Voutilainen, "An example of the DebtRank
// algorithm" (after Battiston et al. 2012, SI Fig. 5), review.md §2.3: edge source→target
// means source invested in (guarantees) target. amt overrides the amounts when non-nil.
func voutilainen(t testing.TB, amt func(src int, a, e int64) decimal.Decimal) *Network {
	t.Helper()
	equity := []int64{14, 6, 56, 8, 15, 9, 90, 50}
	firms := make([]Firm, 8)
	for i := range firms {
		firms[i] = Firm{ID: strconv.Itoa(i + 1), NetWorth: decimal.NewFromInt(equity[i])}
	}
	edges := [][3]int64{{2, 1, 4}, {5, 2, 3}, {7, 5, 5}, {2, 5, 2}, {3, 1, 6}, {4, 1, 3}, {6, 4, 2}, {8, 6, 7}, {5, 6, 2}}
	gs := make([]Guarantee, len(edges))
	for k, e := range edges {
		a := decimal.NewFromInt(e[2])
		if amt != nil {
			a = amt(int(e[0]), e[2], equity[e[0]-1])
		}
		gs[k] = Guarantee{Guarantor: strconv.Itoa(int(e[0])), Borrower: strconv.Itoa(int(e[1])), Amount: a}
	}
	g, err := NewNetwork(firms, gs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDebtRankVoutilainen(t *testing.T) {
	// Voutilainen (2017) example, printed to 6 decimals (review.md §2.3 [V]); R printed as
	// 0.207 and 0.357.
	g := voutilainen(t, nil)
	r, err := g.DebtRank([]int{0}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantH := []float64{1, 0.711111, 0.107143, 0.375000, 0.144444, 0.083333, 0.007407, 0.011667}
	for i, w := range wantH {
		if !near(r.H[i], w, 5e-7) {
			t.Errorf("h(%d) = %.6f, want %.6f", i+1, r.H[i], w)
		}
	}
	if !near(r.R, 0.207, 5e-4) {
		t.Errorf("R = %.6f, want 0.207", r.R)
	}
	// v printed in the example: 0, 0.176471, 0.176471, 0.088235, 0.147059, 0.058824,
	// 0.147059, 0.205882 (v_i = A_i/ΣA); the default v must match it.
	wantV := []float64{0, 0.176471, 0.176471, 0.088235, 0.147059, 0.058824, 0.147059, 0.205882}
	r2, _ := g.DebtRank([]int{0}, 1, wantV)
	if !near(r2.R, r.R, 1e-6) {
		t.Errorf("R with printed v = %.6f, default v = %.6f", r2.R, r.R)
	}
	// Second column: every nonzero W = 0.5 (amount = half the guarantor's equity).
	half := voutilainen(t, func(_ int, _, e int64) decimal.Decimal { return decimal.NewFromInt(e).Div(decimal.NewFromInt(2)) })
	r3, err := half.DebtRank([]int{0}, 1, wantV)
	if err != nil {
		t.Fatal(err)
	}
	wantH = []float64{1, 0.625, 0.5, 0.5, 0.375, 0.25, 0.125, 0.125}
	for i, w := range wantH {
		if !near(r3.H[i], w, 1e-12) {
			t.Errorf("W=0.5: h(%d) = %.6f, want %.3f", i+1, r3.H[i], w)
		}
	}
	if !near(r3.R, 0.357, 5e-4) {
		t.Errorf("W=0.5: R = %.6f, want 0.357", r3.R)
	}
}

func TestExposureVoutilainen(t *testing.T) {
	// The example's only cycle is 2→5→2, its only pair of opposite edges (2 guarantees 5
	// and 5 guarantees 2): one circle {2, 5}, one mutual pair.
	g := voutilainen(t, nil)
	ex := g.Exposure()
	if len(ex.Circles) != 1 || len(ex.Circles[0]) != 2 || ex.Circles[0][0] != 1 || ex.Circles[0][1] != 4 || ex.MutualPairs != 1 {
		t.Fatalf("circles %v mutual %d", ex.Circles, ex.MutualPairs)
	}
	// Chain depths by hand: 7→{2,5}→6→4→1 is the longest chain (4 guarantees).
	wantDepth := []int{0, 3, 1, 1, 3, 2, 4, 3}
	for i, w := range wantDepth {
		if ex.Firms[i].ChainDepth != w {
			t.Errorf("firm %d depth %d, want %d", i+1, ex.Firms[i].ChainDepth, w)
		}
	}
	if ex.MaxChainDepth != 4 {
		t.Errorf("max depth %d", ex.MaxChainDepth)
	}
	f2 := ex.Firms[1] // firm "2": guarantees 4 + 2 = 6, net worth 6
	if !f2.Contingent.Equal(decimal.NewFromInt(6)) || !f2.RatioDefined || f2.ContingentRatio != 1 || f2.Circle != 0 || f2.Mutual != 1 {
		t.Errorf("firm 2: %+v", f2)
	}
}

// ring builds n firms in circles of size k (firm i guarantees firm i+1 within its circle;
// the last guarantees the first), plus chains from circle to circle that form no cycle.
func ring(n, k int) ([]Firm, []Guarantee) {
	firms := make([]Firm, n)
	for i := range firms {
		firms[i] = Firm{ID: "f" + strconv.Itoa(i), NetWorth: decimal.NewFromInt(100)}
	}
	var gs []Guarantee
	for c := 0; c+k <= n; c += k {
		for j := 0; j < k; j++ {
			gs = append(gs, Guarantee{Guarantor: firms[c+j].ID, Borrower: firms[c+(j+1)%k].ID, Amount: decimal.NewFromInt(10)})
		}
		if c+2*k <= n {
			gs = append(gs, Guarantee{Guarantor: firms[c].ID, Borrower: firms[c+k].ID, Amount: decimal.NewFromInt(5)})
		}
	}
	return firms, gs
}

func TestExposureKnownCircles(t *testing.T) {
	firms, gs := ring(100, 5)
	g, err := NewNetwork(firms, gs)
	if err != nil {
		t.Fatal(err)
	}
	ex := g.Exposure()
	if len(ex.Circles) != 20 {
		t.Fatalf("%d circles, want 20", len(ex.Circles))
	}
	for ci, c := range ex.Circles {
		if len(c) != 5 || c[0] != 5*ci {
			t.Errorf("circle %d = %v", ci, c)
		}
	}
	if ex.MaxChainDepth != 19 || ex.Firms[0].ChainDepth != 19 || ex.Firms[99].ChainDepth != 0 {
		t.Errorf("chain depth: max %d, first %d, last %d", ex.MaxChainDepth, ex.Firms[0].ChainDepth, ex.Firms[99].ChainDepth)
	}
	if ex.MutualPairs != 0 {
		t.Errorf("mutual %d", ex.MutualPairs)
	}
}

func TestContingentMonotone(t *testing.T) {
	// Property: adding a guarantee never lowers anyone's contingent liability, and DebtRank
	// distress stays in [0, 1].
	rng := rand.New(rand.NewPCG(1, 2))
	firms, gs := ring(60, 3)
	g, _ := NewNetwork(firms, gs)
	before := g.Exposure()
	for k := 0; k < 50; k++ {
		a, b := rng.IntN(60), rng.IntN(60)
		if a == b {
			continue
		}
		gs = append(gs, Guarantee{Guarantor: firms[a].ID, Borrower: firms[b].ID, Amount: decimal.NewFromInt(int64(1 + rng.IntN(300)))})
		g2, err := NewNetwork(firms, gs)
		if err != nil {
			t.Fatal(err)
		}
		after := g2.Exposure()
		for i := range firms {
			if after.Firms[i].Contingent.LessThan(before.Firms[i].Contingent) {
				t.Fatalf("firm %d contingent fell", i)
			}
		}
		r, err := g2.DebtRank([]int{a}, 0.5, nil)
		if err != nil || r.R < 0 || r.R > 1 {
			t.Fatalf("DebtRank %v %v", err, r.R)
		}
		for _, h := range r.H {
			if !(h >= 0 && h <= 1) {
				t.Fatalf("h = %v", h)
			}
		}
		before = after
	}
}

func TestNetworkErrors(t *testing.T) {
	d := decimal.NewFromInt
	f := []Firm{{ID: "a", NetWorth: d(1)}, {ID: "b", NetWorth: d(1)}}
	cases := []struct {
		firms []Firm
		gs    []Guarantee
		field string
		err   error
	}{
		{[]Firm{{ID: "a"}, {ID: "a"}}, nil, "firms[1].id", ErrDuplicate},
		{[]Firm{{ID: ""}}, nil, "firms[0].id", ErrMissingValue},
		{f, []Guarantee{{Guarantor: "a", Borrower: "a", Amount: d(1)}}, "guarantees[0]", ErrSelfGuarantee},
		{f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: d(1)}, {Guarantor: "a", Borrower: "z", Amount: d(1)}}, "guarantees[1].borrower", ErrUnknown},
		{f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: d(0)}}, "guarantees[0].amount", ErrAmount},
		{f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: d(-5)}}, "guarantees[0].amount", ErrAmount},
		{f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: MaxAmount.Add(d(1))}}, "guarantees[0].amount", ErrAmount},
		{f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: d(1)}, {Guarantor: "q", Borrower: "b", Amount: d(1)}}, "guarantees[1].guarantor", ErrUnknown},
		{[]Firm{{ID: "a", NetWorth: MaxAmount.Neg().Sub(d(1))}}, nil, "firms[0].netWorth", ErrAmount},
	}
	for _, c := range cases {
		_, err := NewNetwork(c.firms, c.gs)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, c.err) {
			t.Errorf("%s: %v", c.field, err)
		}
	}
	g, _ := NewNetwork(f, []Guarantee{{Guarantor: "a", Borrower: "b", Amount: d(1)}})
	for _, c := range []struct {
		seeds []int
		psi   float64
		v     []float64
		err   error
	}{
		{nil, 1, nil, ErrMissingValue}, {[]int{2}, 1, nil, ErrUnknown}, {[]int{0, 0}, 1, nil, ErrUnknown},
		{[]int{0}, 0, nil, ErrTolerance}, {[]int{0}, math.NaN(), nil, ErrTolerance},
		{[]int{0}, 1, []float64{1}, ErrTolerance}, {[]int{0}, 1, []float64{math.Inf(1), 0}, ErrTolerance},
	} {
		if _, err := g.DebtRank(c.seeds, c.psi, c.v); !errors.Is(err, c.err) {
			t.Errorf("DebtRank(%v, %v, %v): %v", c.seeds, c.psi, c.v, err)
		}
	}
}

func FuzzNewNetwork(f *testing.F) {
	f.Add([]byte{0, 1, 1, 2, 2, 0, 3, 3}, int64(5))
	f.Fuzz(func(t *testing.T, edges []byte, nw int64) {
		const n = 8
		firms := make([]Firm, n)
		for i := range firms {
			firms[i] = Firm{ID: strconv.Itoa(i), NetWorth: decimal.NewFromInt(nw - int64(i))}
		}
		var gs []Guarantee
		for i := 0; i+1 < len(edges) && i < 64; i += 2 {
			gs = append(gs, Guarantee{Guarantor: strconv.Itoa(int(edges[i] % 9)), Borrower: strconv.Itoa(int(edges[i+1] % 9)),
				Amount: decimal.NewFromInt(int64(edges[i]) - 3)})
		}
		g, err := NewNetwork(firms, gs)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		ex := g.Exposure()
		in := 0
		for _, c := range ex.Circles {
			in += len(c)
		}
		for _, fe := range ex.Firms {
			if fe.Contingent.Sign() < 0 || math.IsNaN(fe.ContingentRatio) || math.IsInf(fe.ContingentRatio, 0) {
				t.Fatalf("%+v", fe)
			}
		}
		r, err := g.DebtRank([]int{0}, 1, nil)
		if err != nil || !(r.R >= 0 && r.R <= 1) {
			t.Fatalf("%v %v", err, r.R)
		}
		c, err := g.Cascade([]int{0}, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		checkRounds(t, "fuzz", g, []int{0}, c)
	})
}

func TestCascade(t *testing.T) {
	// Voutilainen's network with guarantee semantics: firm 1 defaults; firm 2 (net worth 6)
	// pays 4 at recovery 0 → no default (4 < 6); with a second seed 5, firm 2 also pays 2 →
	// 6 ≥ 6 defaults, and then 5's guarantor 7 (5 < 90) survives.
	g := voutilainen(t, nil)
	r, err := g.Cascade([]int{0}, 0)
	if err != nil || r.Count != 1 || !r.Loss[1].Equal(decimal.NewFromInt(4)) || !r.Loss[3].Equal(decimal.NewFromInt(3)) {
		t.Fatalf("seed 1: %v %+v", err, r)
	}
	r, _ = g.Cascade([]int{0, 4}, 0)
	if r.Count != 3 || !r.Defaulted[1] || r.Round[1] != 1 || r.Defaulted[6] {
		t.Errorf("seeds 1, 5: %+v", r)
	}
	// Property: full recovery stops all contagion; a lower recovery never saves a firm.
	r, _ = g.Cascade([]int{0, 4}, 1)
	if r.Count != 2 {
		t.Errorf("recovery 1: %d defaults", r.Count)
	}
	firms, gs := ring(60, 3)
	net, _ := NewNetwork(firms, gs)
	prev := -1
	for _, rec := range []float64{1, 0.5, 0.1, 0} {
		r, err := net.Cascade([]int{0}, rec)
		if err != nil || (prev >= 0 && r.Count < prev) {
			t.Fatalf("recovery %v: %d defaults after %d (%v)", rec, r.Count, prev, err)
		}
		prev = r.Count
	}
	if _, err := g.Cascade([]int{0}, 1.5); !errors.Is(err, ErrTolerance) {
		t.Errorf("recovery 1.5: %v", err)
	}
	if _, err := g.Cascade([]int{8}, 0); !errors.Is(err, ErrUnknown) {
		t.Errorf("seed 8: %v", err)
	}
}

// TestExposureMatchesGonumTarjan checks the iterative Tarjan of Exposure against gonum's
// graph/topo.TarjanSCC run on the same Network (through its graph.Directed methods), and the
// mutual counts against HasEdgeFromTo, on seeded random networks of several densities.
func TestExposureMatchesGonumTarjan(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct{ n, m int }{{1, 0}, {2, 2}, {10, 15}, {200, 300}, {500, 1500}, {300, 2000}, {20, 400}} {
		firms := make([]Firm, c.n)
		for i := range firms {
			firms[i] = Firm{ID: "f" + strconv.Itoa(i), NetWorth: decimal.NewFromInt(int64(rng.IntN(200) - 20))}
		}
		var gs []Guarantee
		for len(gs) < c.m {
			u, v := rng.IntN(c.n), rng.IntN(c.n)
			if u != v {
				gs = append(gs, Guarantee{Guarantor: firms[u].ID, Borrower: firms[v].ID, Amount: decimal.New(int64(1+rng.IntN(999)), -int32(rng.IntN(4)))}) // -3: sub-cent, the decimal path
			}
		}
		g, err := NewNetwork(firms, gs)
		if err != nil {
			t.Fatal(err)
		}
		ex := g.Exposure()
		var want [][]int
		for _, comp := range topo.TarjanSCC(g) {
			if len(comp) < 2 {
				continue
			}
			ids := make([]int, len(comp))
			for i, nd := range comp {
				ids[i] = int(nd.ID())
			}
			slices.Sort(ids)
			want = append(want, ids)
		}
		slices.SortFunc(want, func(a, b []int) int { return a[0] - b[0] })
		if !slices.EqualFunc(ex.Circles, want, slices.Equal[[]int]) {
			t.Errorf("n=%d m=%d: circles %v, gonum %v", c.n, c.m, ex.Circles, want)
		}
		// Chain depth: the longest path in the condensation, from gonum's components, the
		// Network's From iterator and gonum's topo.Sort of the condensation.
		depth := gonumChainDepth(t, g)
		for u := range c.n {
			if ex.Firms[u].ChainDepth != depth[u] {
				t.Errorf("n=%d m=%d firm %d: chain depth %d, gonum %d", c.n, c.m, u, ex.Firms[u].ChainDepth, depth[u])
			}
		}
		// Parallel guarantees merged: each firm's contingent liability is the plain sum.
		sum := make([]decimal.Decimal, c.n)
		for _, e := range gs {
			i, _ := g.Index(e.Guarantor)
			sum[i] = sum[i].Add(e.Amount)
		}
		for u := range c.n {
			if !ex.Firms[u].Contingent.Equal(sum[u]) {
				t.Errorf("n=%d firm %d: contingent %s, want %s", c.n, u, ex.Firms[u].Contingent, sum[u])
			}
		}
		pairs := 0
		for u := range c.n {
			mutual := 0
			for v := range c.n {
				if g.HasEdgeFromTo(int64(u), int64(v)) && g.HasEdgeFromTo(int64(v), int64(u)) {
					mutual++
				}
			}
			pairs += mutual
			if ex.Firms[u].Mutual != mutual {
				t.Errorf("n=%d firm %d: mutual %d, want %d", c.n, u, ex.Firms[u].Mutual, mutual)
			}
		}
		if ex.MutualPairs != pairs/2 {
			t.Errorf("n=%d: mutual pairs %d, want %d", c.n, ex.MutualPairs, pairs/2)
		}
	}
}

// gonumChainDepth computes each firm's chain depth with gonum only: topo.TarjanSCC on the
// Network, the condensation as a simple.DirectedGraph built through the Network's
// graph.Directed methods, topo.Sort of it, and the longest path by dynamic programming in
// reverse topological order.
func gonumChainDepth(t *testing.T, g *Network) []int {
	t.Helper()
	comp := make([]int64, g.Len())
	sccs := topo.TarjanSCC(g)
	for c, nodes := range sccs {
		for _, nd := range nodes {
			comp[nd.ID()] = int64(c)
		}
	}
	cond := simple.NewDirectedGraph()
	for c := range sccs {
		cond.AddNode(simple.Node(c))
	}
	nodes := g.Nodes()
	for nodes.Next() {
		u := nodes.Node().ID()
		to := g.From(u)
		for to.Next() {
			if cu, cv := comp[u], comp[to.Node().ID()]; cu != cv && !cond.HasEdgeFromTo(cu, cv) {
				cond.SetEdge(simple.Edge{F: simple.Node(cu), T: simple.Node(cv)})
			}
		}
	}
	order, err := topo.Sort(cond)
	if err != nil {
		t.Fatalf("condensation not acyclic: %v", err)
	}
	cdepth := make([]int, len(sccs))
	for i := len(order) - 1; i >= 0; i-- {
		c := order[i].ID()
		to := cond.From(c)
		for to.Next() {
			cdepth[c] = max(cdepth[c], cdepth[to.Node().ID()]+1)
		}
	}
	depth := make([]int, g.Len())
	for u := range depth {
		depth[u] = cdepth[comp[u]]
	}
	return depth
}
