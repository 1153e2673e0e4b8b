package review

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
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
// guarantees in compressed sparse rows (int32 indices), parallel guarantees between the same
// two firms merged (amounts added). Edges run guarantor → borrower. It implements gonum's
// [graph.Directed] (node IDs are firm indices) so gonum's algorithms run on it without a
// map-based copy. It is immutable and safe for concurrent use. Memory O(n + m): 80 to 100
// bytes per firm (with the ID hash table) and 24 per guarantee, besides the ID strings.
type Network struct {
	ids      []string
	index    idTable
	netWorth []decimal.Decimal
	// out: guarantor → borrowers, each row sorted; outC the merged amounts in cents, or
	// noCents with the amount in outBig.
	outStart []int32
	outDst   []int32
	outC     []int64
	outBig   map[int32]decimal.Decimal
	// in: borrower → guarantors, each row sorted; inW = min(1, amount/netWorth(guarantor)).
	inStart []int32
	inSrc   []int32
	inW     []float64
	// contC: Σ amounts each firm guarantees in cents, or noCents with the sum in contBig;
	// contF the same as float64; ratio contingent/netWorth (0 when netWorth ≤ 0).
	contC   []int64
	contBig map[int32]decimal.Decimal
	contF   []float64
	ratio   []float64
}

// amount returns the merged amount of out-edge e.
func (g *Network) amount(e int32) decimal.Decimal {
	if c := g.outC[e]; c != noCents {
		return decimal.New(c, -2)
	}
	return g.outBig[e]
}

// contingent returns firm u's contingent liabilities.
func (g *Network) contingent(u int) decimal.Decimal {
	switch c := g.contC[u]; c {
	case 0:
		return decimal.Decimal{}
	case noCents:
		return g.contBig[int32(u)]
	default:
		return decimal.New(c, -2)
	}
}

// NewNetwork validates firms and guarantees and builds the network. O(n + m) besides sorting
// each firm's borrowers (O(m log d) for out-degree d).
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
	n, m := len(firms), len(guarantees)
	g := &Network{ids: make([]string, n), index: newIDTable(n), netWorth: make([]decimal.Decimal, n)}
	nwC := make([]int64, n) // net worth in cents, or noCents
	for i, f := range firms {
		if f.ID == "" {
			return nil, &InputError{Field: idx("firms", i) + ".id", Err: ErrMissingValue}
		}
		g.ids[i] = f.ID
		if _, ok := g.index.insert(g.ids, int32(i)); !ok {
			return nil, &InputError{Field: idx("firms", i) + ".id", Value: cut(f.ID), Err: ErrDuplicate}
		}
		c, ok := toCents(f.NetWorth)
		if ok && (c > maxCents || c < -maxCents) || !ok && f.NetWorth.Abs().GreaterThan(MaxAmount) {
			return nil, &InputError{Field: idx("firms", i) + ".netWorth", Value: decimalText(f.NetWorth), Err: ErrAmount}
		}
		if !ok {
			c = noCents
		}
		nwC[i] = c
		g.netWorth[i] = f.NetWorth
	}
	// Validate and resolve every guarantee, counting out-degrees.
	gu := make([]int32, m)
	gv := make([]int32, m)
	gc := make([]int64, m) // amount in cents, or noCents
	start := make([]int32, n+1)
	// IDs are resolved a block at a time (idTable.findBlock) so the table's cache misses
	// overlap; the block is kept in cache-sized arrays.
	var blockU, blockV [resolveBlock]int32
	var blockOK [resolveBlock]bool
	for k := range guarantees {
		if k%resolveBlock == 0 {
			g.index.findBlock(blockU[:], blockV[:], blockOK[:], g.ids, guarantees[k:min(k+resolveBlock, m)])
		}
		e := &guarantees[k]
		u, v, ok := blockU[k%resolveBlock], blockV[k%resolveBlock], blockOK[k%resolveBlock]
		if !ok {
			if _, found := g.index.find(g.ids, e.Guarantor); !found {
				return nil, &InputError{Field: idx("guarantees", k) + ".guarantor", Value: cut(e.Guarantor), Err: ErrUnknown}
			}
			return nil, &InputError{Field: idx("guarantees", k) + ".borrower", Value: cut(e.Borrower), Err: ErrUnknown}
		}
		if u == v {
			return nil, &InputError{Field: idx("guarantees", k), Value: cut(e.Guarantor), Err: ErrSelfGuarantee}
		}
		ct, ok := toCents(e.Amount)
		if ok && (ct <= 0 || ct > maxCents) || !ok && (e.Amount.Sign() <= 0 || e.Amount.GreaterThan(MaxAmount)) {
			return nil, &InputError{Field: idx("guarantees", k) + ".amount", Value: decimalText(e.Amount), Err: ErrAmount}
		}
		if !ok {
			ct = noCents
		}
		gu[k], gv[k], gc[k] = u, v, ct
		start[u+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	// Counting sort by guarantor (stable: input order within a row).
	rows := make([]rowEntry, m) // one cache line touched per scattered guarantee
	fill := slices.Clone(start[:n])
	for k := range m {
		p := fill[gu[k]]
		fill[gu[k]]++
		rows[p] = rowEntry{v: gv[k], k: int32(k), c: gc[k]}
	}
	gu, gv, gc = nil, nil, nil
	// Sort each row by borrower and merge parallel guarantees.
	g.outStart = make([]int32, n+1)
	g.outDst = make([]int32, 0, m)
	g.outC = make([]int64, 0, m)
	g.contC = make([]int64, n)
	g.contF = make([]float64, n)
	amtF := make([]float64, 0, m)
	for u := 0; u < n; u++ {
		lo, hi := start[u], start[u+1]
		sortRow(rows[lo:hi])
		contC, contSlow := int64(0), false
		var cont decimal.Decimal
		for p := lo; p < hi; {
			v, ct := rows[p].v, rows[p].c
			first := p
			for p++; p < hi && rows[p].v == v; p++ {
				if c2 := rows[p].c; ct != noCents && c2 != noCents && ct <= math.MaxInt64-c2 {
					ct += c2
				} else {
					ct = noCents
				}
			}
			var amt decimal.Decimal // only needed off the cents path
			if ct == noCents || contSlow || contC > math.MaxInt64-ct {
				amt = guarantees[rows[first].k].Amount
				for q := first + 1; q < p; q++ {
					amt = amt.Add(guarantees[rows[q].k].Amount)
				}
			}
			if ct == noCents {
				if g.outBig == nil {
					g.outBig = make(map[int32]decimal.Decimal)
				}
				g.outBig[int32(len(g.outDst))] = amt
			}
			g.outDst = append(g.outDst, v)
			g.outC = append(g.outC, ct)
			if ct != noCents && !contSlow && contC <= math.MaxInt64-ct {
				contC += ct
				amtF = append(amtF, float64(ct)/100)
			} else {
				if !contSlow {
					contSlow, cont = true, decimal.New(contC, -2)
				}
				cont = cont.Add(amt)
				amtF = append(amtF, amt.InexactFloat64())
			}
		}
		g.outStart[u+1] = int32(len(g.outDst))
		if contSlow {
			if g.contBig == nil {
				g.contBig = make(map[int32]decimal.Decimal)
			}
			g.contBig[int32(u)] = cont
			g.contC[u] = noCents
			g.contF[u] = cont.InexactFloat64()
		} else {
			g.contC[u] = contC
			g.contF[u] = float64(contC) / 100
		}
	}
	rows = nil
	// Contingent ratios and net worth as floats.
	g.ratio = make([]float64, n)
	nw := make([]float64, n)
	for u := range n {
		c, w := nwC[u], g.netWorth[u]
		if c != noCents {
			nw[u] = float64(c) / 100
		} else {
			nw[u] = w.InexactFloat64()
		}
		cc := g.contC[u]
		if w.Sign() <= 0 || cc == 0 {
			continue
		}
		if cc != noCents && c != noCents && cc < 1<<53 && c < 1<<53 {
			g.ratio[u] = float64(cc) / float64(c)
		} else {
			g.ratio[u] = g.contingent(u).DivRound(w, 12).InexactFloat64()
		}
	}
	// In-rows: guarantors of each borrower, ascending because u ascends.
	mm := len(g.outDst)
	g.inStart = make([]int32, n+1)
	for _, v := range g.outDst {
		g.inStart[v+1]++
	}
	for i := 0; i < n; i++ {
		g.inStart[i+1] += g.inStart[i]
	}
	g.inSrc = make([]int32, mm)
	g.inW = make([]float64, mm)
	copy(fill, g.inStart[:n])
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

// noCents marks an amount that is not a whole number of cents in int64.
const noCents = math.MinInt64

// rowEntry is one guarantee in a guarantor's row while the network is built: the borrower v,
// the guarantee's input index k and its amount in cents c (or noCents).
type rowEntry struct {
	v, k int32
	c    int64
}

// sortRow sorts a row by borrower ascending, ties by input index (so merged amounts add in
// input order): insertion sort for short rows.
func sortRow(rs []rowEntry) {
	less := func(a, b rowEntry) bool { return a.v < b.v || a.v == b.v && a.k < b.k }
	if len(rs) <= 16 {
		for i := 1; i < len(rs); i++ {
			for j := i; j > 0 && less(rs[j], rs[j-1]); j-- {
				rs[j], rs[j-1] = rs[j-1], rs[j]
			}
		}
		return
	}
	slices.SortFunc(rs, func(a, b rowEntry) int {
		if a.v != b.v {
			return cmp.Compare(a.v, b.v)
		}
		return cmp.Compare(a.k, b.k)
	})
}

// Len returns the number of firms.
func (g *Network) Len() int { return len(g.ids) }

// ID returns the ID of firm i.
func (g *Network) ID(i int) string { return g.ids[i] }

// Index returns the index of the firm with the given ID, or false.
func (g *Network) Index(id string) (int, bool) {
	if g == nil {
		return 0, false
	}
	i, ok := g.index.find(g.ids, id)
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

// Exposure finds guarantee circles (strongly connected components with ≥ 2 firms, by an
// iterative Tarjan's algorithm on the network's int32 rows), chain depths, mutual guarantees
// and each firm's contingent liabilities against its net worth. O(n + m) time, O(n) extra
// memory besides the result.
//
// The components equal those of gonum's graph/topo.TarjanSCC run on the same [Network] (a
// test checks it); Exposure does not call it because gonum's map-based bookkeeping takes
// seconds and several hundred megabytes at a million firms.
//
// References: Tarjan (1972), "Depth-first search and linear graph algorithms", SIAM J.
// Comput. 1(2); guarantee circles as SCCs: review.md §3 (金融发展研究 2013(12)).
func (g *Network) Exposure() Exposure {
	if g == nil {
		return Exposure{}
	}
	n := len(g.ids)
	ex := Exposure{Firms: make([]FirmExposure, n)}
	comp, members, compStart := g.scc()
	nc := len(compStart) - 1
	// Components come out of Tarjan in reverse topological order: every component a
	// component reaches has a smaller number, so one pass finds the longest chains.
	depth := make([]int32, nc)
	for c := 0; c < nc; c++ {
		for _, u := range members[compStart[c]:compStart[c+1]] {
			for e := g.outStart[u]; e < g.outStart[u+1]; e++ {
				if cv := comp[g.outDst[e]]; cv != int32(c) && depth[cv]+1 > depth[c] {
					depth[c] = depth[cv] + 1
				}
			}
		}
	}
	for c := 0; c < nc; c++ {
		if compStart[c+1]-compStart[c] < 2 {
			continue
		}
		ids := make([]int, 0, compStart[c+1]-compStart[c])
		for _, u := range members[compStart[c]:compStart[c+1]] {
			ids = append(ids, int(u))
		}
		slices.Sort(ids)
		ex.Circles = append(ex.Circles, ids)
	}
	slices.SortFunc(ex.Circles, func(a, b []int) int { return cmp.Compare(a[0], b[0]) })
	circle := make([]int32, nc)
	for i := range circle {
		circle[i] = -1
	}
	for ci, c := range ex.Circles {
		circle[comp[c[0]]] = int32(ci)
	}
	for u := 0; u < n; u++ {
		fe := FirmExposure{ID: g.ids[u], Contingent: g.contingent(u), Circle: int(circle[comp[u]]),
			ChainDepth: int(depth[comp[u]]),
			Borrowers:  int(g.outStart[u+1] - g.outStart[u]),
			Guarantors: int(g.inStart[u+1] - g.inStart[u])}
		if g.netWorth[u].Sign() > 0 {
			fe.RatioDefined = true
			fe.ContingentRatio = g.ratio[u]
		}
		// Mutual partners: the intersection of the sorted borrower and guarantor rows.
		out := g.outDst[g.outStart[u]:g.outStart[u+1]]
		in := g.inSrc[g.inStart[u]:g.inStart[u+1]]
		for i, j := 0, 0; i < len(out) && j < len(in); {
			switch {
			case out[i] < in[j]:
				i++
			case out[i] > in[j]:
				j++
			default:
				fe.Mutual++
				if int(out[i]) > u {
					ex.MutualPairs++
				}
				i++
				j++
			}
		}
		ex.MaxChainDepth = max(ex.MaxChainDepth, fe.ChainDepth)
		ex.Firms[u] = fe
	}
	return ex
}

// scc is Tarjan's algorithm without recursion: it returns each firm's component number
// (components numbered in the order Tarjan completes them, a reverse topological order of the
// condensation) and the members of component c as members[compStart[c]:compStart[c+1]].
func (g *Network) scc() (comp, members, compStart []int32) {
	n := len(g.ids)
	index := make([]int32, n) // DFS number + 1; 0 = unvisited
	low := make([]int32, n)
	comp = make([]int32, n)
	for i := range comp {
		comp[i] = -1 // visited and unassigned = on Tarjan's stack
	}
	members = make([]int32, 0, n)
	compStart = make([]int32, 1, n+1)
	type frame struct{ u, e int32 }
	var stack []int32
	var calls []frame
	next := int32(1)
	for s := int32(0); s < int32(n); s++ {
		if index[s] != 0 {
			continue
		}
		index[s], low[s] = next, next
		next++
		stack = append(stack, s)
		calls = append(calls, frame{s, g.outStart[s]})
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			u := f.u
			if f.e < g.outStart[u+1] {
				w := g.outDst[f.e]
				f.e++
				if index[w] == 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					calls = append(calls, frame{w, g.outStart[w]})
				} else if comp[w] < 0 && index[w] < low[u] {
					low[u] = index[w]
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				if p := calls[len(calls)-1].u; low[u] < low[p] {
					low[p] = low[u]
				}
			}
			if low[u] == index[u] {
				c := int32(len(compStart) - 1)
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					comp[w] = c
					members = append(members, w)
					if w == u {
						break
					}
				}
				compStart = append(compStart, int32(len(members)))
			}
		}
	}
	return comp, members, compStart
}
