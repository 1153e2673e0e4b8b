package review

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Bounds of a guarantee network.
const (
	// MaxFirms bounds the firms of a [Network].
	MaxFirms = 1 << 22
	// MaxEdges bounds the guarantees of a [Network].
	MaxEdges = 1 << 24
)

// Firm is one node of a guarantee network: a unique nonempty ID and its net worth (equity) in
// currency units, which may be zero or negative.
type Firm struct {
	ID       string          `json:"id"`
	NetWorth decimal.Decimal `json:"netWorth"`
}

// Guarantee is one edge: Guarantor guarantees Amount (> 0) of Borrower's debt, a contingent
// liability of the guarantor that falls due if the borrower defaults.
type Guarantee struct {
	Guarantor string          `json:"guarantor"`
	Borrower  string          `json:"borrower"`
	Amount    decimal.Decimal `json:"amount"`
}

// Network is a compiled guarantee network: firms indexed 0..n−1 in input order and the
// guarantees in compressed sparse rows, parallel guarantees between the same two firms merged
// (amounts added). Edges run guarantor → borrower. It implements gonum's [graph.Directed]
// (node IDs are firm indices) so gonum's algorithms run on it without a map-based copy. It is
// immutable and safe for concurrent use. Memory O(n + m).
type Network struct {
	ids      []string
	index    map[string]int32
	netWorth []decimal.Decimal
	// out: guarantor → borrowers, sorted; outAmt the merged amounts.
	outStart []int32
	outDst   []int32
	outAmt   []decimal.Decimal
	// in: borrower → guarantors, sorted; inW = min(1, amount/netWorth(guarantor)).
	inStart []int32
	inSrc   []int32
	inW     []float64
	// contingent: Σ amounts each firm guarantees.
	contingent []decimal.Decimal
}

// NewNetwork validates firms and guarantees and builds the network. O((n + m) log m).
//
// Errors ([*InputError]): [ErrLimit] beyond [MaxFirms] or [MaxEdges]; [ErrMissingValue] for an
// empty firm ID ("firms[i].id"); [ErrDuplicate] for a repeated one; [ErrAmount] for a net
// worth beyond ±[MaxAmount] ("firms[i].netWorth") or a guarantee amount not in (0,
// [MaxAmount]] ("guarantees[k].amount"); [ErrUnknown] for an edge naming an unknown firm
// ("guarantees[k].guarantor" / ".borrower"); [ErrSelfGuarantee] for a guarantee to oneself.
func NewNetwork(firms []Firm, guarantees []Guarantee) (*Network, error) {
	if len(firms) > MaxFirms {
		return nil, &InputError{Field: "firms", Value: strconv.Itoa(len(firms)), Err: ErrLimit}
	}
	if len(guarantees) > MaxEdges {
		return nil, &InputError{Field: "guarantees", Value: strconv.Itoa(len(guarantees)), Err: ErrLimit}
	}
	n := len(firms)
	g := &Network{ids: make([]string, n), index: make(map[string]int32, n), netWorth: make([]decimal.Decimal, n)}
	for i, f := range firms {
		if f.ID == "" {
			return nil, &InputError{Field: idx("firms", i) + ".id", Err: ErrMissingValue}
		}
		if _, dup := g.index[f.ID]; dup {
			return nil, &InputError{Field: idx("firms", i) + ".id", Value: cut(f.ID), Err: ErrDuplicate}
		}
		if f.NetWorth.Abs().GreaterThan(MaxAmount) {
			return nil, &InputError{Field: idx("firms", i) + ".netWorth", Value: decimalText(f.NetWorth), Err: ErrAmount}
		}
		g.index[f.ID] = int32(i)
		g.ids[i], g.netWorth[i] = f.ID, f.NetWorth
	}
	type edge struct {
		key uint64 // guarantor<<32 | borrower
		k   int
	}
	es := make([]edge, len(guarantees))
	for k, e := range guarantees {
		p := func() string { return idx("guarantees", k) }
		u, ok := g.index[e.Guarantor]
		if !ok {
			return nil, &InputError{Field: p() + ".guarantor", Value: cut(e.Guarantor), Err: ErrUnknown}
		}
		v, ok := g.index[e.Borrower]
		if !ok {
			return nil, &InputError{Field: p() + ".borrower", Value: cut(e.Borrower), Err: ErrUnknown}
		}
		if u == v {
			return nil, &InputError{Field: p(), Value: cut(e.Guarantor), Err: ErrSelfGuarantee}
		}
		if ct, ok := toCents(e.Amount); ok && (ct <= 0 || ct > maxCents) ||
			!ok && (e.Amount.Sign() <= 0 || e.Amount.GreaterThan(MaxAmount)) {
			return nil, &InputError{Field: p() + ".amount", Value: decimalText(e.Amount), Err: ErrAmount}
		}
		es[k] = edge{uint64(u)<<32 | uint64(v), k}
	}
	slices.SortFunc(es, func(a, b edge) int { return cmp.Compare(a.key, b.key) })
	g.outStart = make([]int32, n+1)
	g.contingent = make([]decimal.Decimal, n)
	g.outDst = make([]int32, 0, len(es))
	g.outAmt = make([]decimal.Decimal, 0, len(es))
	amtF := make([]float64, 0, len(es))
	// Contingent sums in cents while every amount is whole cents and no sum overflows;
	// otherwise in decimal (contSlow).
	contC := make([]int64, n)
	contSlow := make([]bool, n)
	for i := 0; i < len(es); {
		j := i
		amt := guarantees[es[i].k].Amount
		for j++; j < len(es) && es[j].key == es[i].key; j++ {
			amt = amt.Add(guarantees[es[j].k].Amount)
		}
		from, to := int32(es[i].key>>32), int32(uint32(es[i].key))
		g.outDst = append(g.outDst, to)
		g.outAmt = append(g.outAmt, amt)
		g.outStart[from+1]++
		if ct, ok := toCents(amt); ok && !contSlow[from] && contC[from] <= math.MaxInt64-ct {
			contC[from] += ct
			amtF = append(amtF, float64(ct)/100)
		} else {
			if !contSlow[from] {
				contSlow[from] = true
				g.contingent[from] = decimal.New(contC[from], -2)
			}
			g.contingent[from] = g.contingent[from].Add(amt)
			amtF = append(amtF, amt.InexactFloat64())
		}
		i = j
	}
	for u := range contC {
		if !contSlow[u] && contC[u] != 0 {
			g.contingent[u] = decimal.New(contC[u], -2)
		}
	}
	for i := 0; i < n; i++ {
		g.outStart[i+1] += g.outStart[i]
	}
	m := len(g.outDst)
	g.inStart = make([]int32, n+1)
	for _, v := range g.outDst {
		g.inStart[v+1]++
	}
	for i := 0; i < n; i++ {
		g.inStart[i+1] += g.inStart[i]
	}
	g.inSrc = make([]int32, m)
	g.inW = make([]float64, m)
	fill := slices.Clone(g.inStart[:n])
	nw := make([]float64, n)
	for i, d := range g.netWorth {
		nw[i] = d.InexactFloat64()
	}
	for u := 0; u < n; u++ {
		for e := g.outStart[u]; e < g.outStart[u+1]; e++ {
			v := g.outDst[e]
			w := 1.0
			if nw[u] > 0 {
				w = math.Min(1, amtF[e]/nw[u])
			}
			g.inSrc[fill[v]], g.inW[fill[v]] = int32(u), w
			fill[v]++
		}
	}
	return g, nil
}

// Len returns the number of firms.
func (g *Network) Len() int { return len(g.ids) }

// ID returns the ID of firm i.
func (g *Network) ID(i int) string { return g.ids[i] }

// Index returns the index of the firm with the given ID, or false.
func (g *Network) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return int(i), ok
}

// Node returns the node with the given firm index, or nil. Part of [graph.Graph].
func (g *Network) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(g.ids)) {
		return nil
	}
	return simple.Node(id)
}

// Nodes returns all firms as nodes. Part of [graph.Graph].
func (g *Network) Nodes() graph.Nodes { return &rangeNodes{n: int64(len(g.ids)), cur: -1} }

// From returns the borrowers firm id guarantees. Part of [graph.Graph].
func (g *Network) From(id int64) graph.Nodes {
	if g.Node(id) == nil {
		return graph.Empty
	}
	return &sliceNodes{s: g.outDst[g.outStart[id]:g.outStart[id+1]], cur: -1}
}

// To returns the guarantors of firm id. Part of [graph.Directed].
func (g *Network) To(id int64) graph.Nodes {
	if g.Node(id) == nil {
		return graph.Empty
	}
	return &sliceNodes{s: g.inSrc[g.inStart[id]:g.inStart[id+1]], cur: -1}
}

// HasEdgeFromTo reports whether firm u guarantees firm v. Part of [graph.Directed].
func (g *Network) HasEdgeFromTo(u, v int64) bool { return g.edge(u, v) >= 0 }

// HasEdgeBetween reports whether either firm guarantees the other. Part of [graph.Graph].
func (g *Network) HasEdgeBetween(x, y int64) bool {
	return g.HasEdgeFromTo(x, y) || g.HasEdgeFromTo(y, x)
}

// Edge returns the guarantee from u to v, or nil. Part of [graph.Graph].
func (g *Network) Edge(u, v int64) graph.Edge {
	if g.edge(u, v) < 0 {
		return nil
	}
	return simple.Edge{F: simple.Node(u), T: simple.Node(v)}
}

func (g *Network) edge(u, v int64) int {
	if g.Node(u) == nil || g.Node(v) == nil {
		return -1
	}
	s := g.outDst[g.outStart[u]:g.outStart[u+1]]
	if i, ok := slices.BinarySearch(s, int32(v)); ok {
		return int(g.outStart[u]) + i
	}
	return -1
}

type rangeNodes struct{ n, cur int64 }

func (r *rangeNodes) Next() bool {
	if r.cur+1 >= r.n {
		r.cur = r.n
		return false
	}
	r.cur++
	return true
}
func (r *rangeNodes) Len() int {
	if r.cur >= r.n {
		return 0
	}
	return int(r.n - r.cur - 1)
}
func (r *rangeNodes) Reset() { r.cur = -1 }
func (r *rangeNodes) Node() graph.Node {
	if r.cur < 0 || r.cur >= r.n {
		return nil
	}
	return simple.Node(r.cur)
}

type sliceNodes struct {
	s   []int32
	cur int
}

func (it *sliceNodes) Next() bool {
	if it.cur+1 >= len(it.s) {
		it.cur = len(it.s)
		return false
	}
	it.cur++
	return true
}
func (it *sliceNodes) Len() int {
	if it.cur >= len(it.s) {
		return 0
	}
	return len(it.s) - it.cur - 1
}
func (it *sliceNodes) Reset() { it.cur = -1 }
func (it *sliceNodes) Node() graph.Node {
	if it.cur < 0 || it.cur >= len(it.s) {
		return nil
	}
	return simple.Node(it.s[it.cur])
}

// FirmExposure is one firm's place in the guarantee network.
type FirmExposure struct {
	ID string
	// Contingent is Σ amounts the firm guarantees (its contingent liabilities).
	Contingent decimal.Decimal
	// ContingentRatio is Contingent / NetWorth; meaningful only when RatioDefined (net worth
	// > 0), else 0.
	ContingentRatio float64
	RatioDefined    bool
	// Circle is the index into [Exposure].Circles of the firm's guarantee circle, or −1.
	Circle int
	// Mutual is the number of firms that guarantee this firm and are guaranteed by it.
	Mutual int
	// ChainDepth is the number of guarantees in the longest chain guarantor → borrower →
	// … starting at the firm, each guarantee circle counted as one firm (longest path in the
	// condensation of the network); 0 for a firm that guarantees no one outside its circle.
	ChainDepth int
	// Guarantors and Borrowers count the firm's in- and out-edges.
	Guarantors, Borrowers int
}

// Exposure is the outcome of [Network.Exposure].
type Exposure struct {
	// Circles are the guarantee circles: strongly connected components of two or more firms,
	// each as firm indices in ascending order, circles ordered by their smallest index.
	Circles [][]int
	// MutualPairs counts pairs of firms guaranteeing each other (two-firm cycles).
	MutualPairs int
	// MaxChainDepth is the largest [FirmExposure].ChainDepth.
	MaxChainDepth int
	// Firms holds one entry per firm, in input order.
	Firms []FirmExposure
}

// Exposure finds guarantee circles, chain depths (strongly connected components with ≥ 2 firms, by
// Tarjan's algorithm as implemented in gonum graph/topo.TarjanSCC), mutual guarantees and each
// firm's contingent liabilities against its net worth. O(n + m log m).
//
// References: Tarjan (1972), "Depth-first search and linear graph algorithms", SIAM J.
// Comput. 1(2); guarantee circles as SCCs: review.md §3 (金融发展研究 2013(12)).
func (g *Network) Exposure() Exposure {
	if g == nil {
		return Exposure{}
	}
	n := len(g.ids)
	ex := Exposure{Firms: make([]FirmExposure, n)}
	circle := make([]int, n)
	for i := range circle {
		circle[i] = -1
	}
	sccs := topo.TarjanSCC(g) // reverse topological order: a component after those it reaches
	comp := make([]int32, n)
	for ci, c := range sccs {
		for _, nd := range c {
			comp[nd.ID()] = int32(ci)
		}
	}
	depth := make([]int32, len(sccs))
	for ci, c := range sccs {
		for _, nd := range c {
			u := nd.ID()
			for e := g.outStart[u]; e < g.outStart[u+1]; e++ {
				if cv := comp[g.outDst[e]]; cv != int32(ci) && depth[cv]+1 > depth[ci] {
					depth[ci] = depth[cv] + 1
				}
			}
		}
	}
	for _, c := range sccs {
		if len(c) < 2 {
			continue
		}
		ids := make([]int, len(c))
		for i, nd := range c {
			ids[i] = int(nd.ID())
		}
		slices.Sort(ids)
		ex.Circles = append(ex.Circles, ids)
	}
	sort.Slice(ex.Circles, func(i, j int) bool { return ex.Circles[i][0] < ex.Circles[j][0] })
	for ci, c := range ex.Circles {
		for _, f := range c {
			circle[f] = ci
		}
	}
	for u := 0; u < n; u++ {
		fe := FirmExposure{ID: g.ids[u], Contingent: g.contingent[u], Circle: circle[u], ChainDepth: int(depth[comp[u]]),
			Borrowers:  int(g.outStart[u+1] - g.outStart[u]),
			Guarantors: int(g.inStart[u+1] - g.inStart[u])}
		if g.netWorth[u].Sign() > 0 {
			fe.RatioDefined = true
			c, okC := toCents(g.contingent[u])
			w, okW := toCents(g.netWorth[u])
			if okC && okW && c < 1<<53 && w < 1<<53 {
				fe.ContingentRatio = float64(c) / float64(w)
			} else {
				fe.ContingentRatio = g.contingent[u].DivRound(g.netWorth[u], 12).InexactFloat64()
			}
		}
		for e := g.outStart[u]; e < g.outStart[u+1]; e++ {
			if g.edge(int64(g.outDst[e]), int64(u)) >= 0 {
				fe.Mutual++
				if int(g.outDst[e]) > u {
					ex.MutualPairs++
				}
			}
		}
		ex.MaxChainDepth = max(ex.MaxChainDepth, fe.ChainDepth)
		ex.Firms[u] = fe
	}
	return ex
}
