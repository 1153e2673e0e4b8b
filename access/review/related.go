package review

import (
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// TieKind says why two firms are related parties. The zero value TieUnknown is invalid.
type TieKind uint8

// The tie kinds.
const (
	TieUnknown        TieKind = iota // no text form
	CommonController                 // text "common-controller": the same person or firm controls both
	CommonShareholder                // text "common-shareholder": a significant shareholder holds both
	Control                          // text "control": one firm controls the other
)

var tieKindNames = enum.Names[TieKind]{"", "common-controller", "common-shareholder", "control"}

// String returns the kebab-case name.
func (k TieKind) String() string { return tieKindNames.String(k) }

// IsValid reports whether k is a defined kind.
func (k TieKind) IsValid() bool { return tieKindNames.Valid(k) }

// MarshalText returns the kebab-case name.
func (k TieKind) MarshalText() ([]byte, error) { return tieKindNames.Marshal(k) }

// UnmarshalText reads the kebab-case name.
func (k *TieKind) UnmarshalText(b []byte) error { return tieKindNames.Unmarshal(k, b) }

// Tie is a declared related-party tie between firms A and B of a [Network] (by ID). Ties are
// undirected: {A, B} and {B, A} are the same pair. The zero value is invalid (no IDs, no kind).
type Tie struct {
	A    string  `json:"a"`
	B    string  `json:"b"`
	Kind TieKind `json:"kind"`
}

// FirmRelation is one firm's place among the related groups of [Network.Related].
type FirmRelation struct {
	// Group is the index into [Relations].Groups of the firm's related group, or −1 when the
	// firm has no tie.
	Group int
	// GroupSize is the number of firms in the group, 1 for a firm without ties.
	GroupSize int
	// RelatedGuarantors counts the firm's guarantors in its own related group.
	RelatedGuarantors int
	// Guaranteed is the amount of the firm's debt guaranteed by all its guarantors and
	// RelatedGuaranteed the part guaranteed by related parties (same currency units).
	Guaranteed, RelatedGuaranteed decimal.Decimal
	// Findings holds one [CodeRelatedGuarantee] warning per related guarantor, in guarantor
	// index order; nil when there is none.
	Findings []Finding
}

// RelatedShare returns RelatedGuaranteed / Guaranteed ∈ [0, 1], rounded half-even to 12
// places as a float64; 0 when nothing is guaranteed.
func (r FirmRelation) RelatedShare() float64 {
	if r.Guaranteed.Sign() <= 0 {
		return 0
	}
	return r.RelatedGuaranteed.DivRound(r.Guaranteed, 12).InexactFloat64()
}

// Relations is the outcome of [Network.Related].
type Relations struct {
	// Groups are the related groups of two or more firms, each as firm indices in ascending
	// order, groups ordered by their smallest index.
	Groups [][]int
	// GroupGuarantees counts, per group (parallel to Groups), the guarantees (parallel
	// guarantees merged) whose guarantor and borrower both belong to it.
	GroupGuarantees []int
	// InternalGuarantees is the sum of GroupGuarantees and InternalAmount their amount.
	InternalGuarantees int
	InternalAmount     decimal.Decimal
	// Firms holds one entry per firm, in firm order.
	Firms []FirmRelation
}

// Related groups the network's firms into related groups by the declared ties — the
// connected components of the tie graph, so ties are transitive (A–B and B–C put A, B and C
// in one group) — and flags every guarantee between members of one group. Such a guarantee
// is weaker support: the guarantor is likely to fail with the borrower, so the bank treats
// the group as a single risk. Union–find with union by size and path halving: O(n + t·α(n) +
// m) time for t ties, O(n + t) extra memory. g is not modified; a nil or empty ties slice
// gives every firm its own group of one.
//
// Each related guarantee gives the borrower a [CodeRelatedGuarantee] finding (severity
// warning): Check "related-guarantee", Lines [guarantor ID, borrower ID], Left and Gap the guaranteed
// amount, Message naming the group size.
//
// Errors ([*InputError]): [ErrMissingValue] for a nil network; [ErrLimit] for more than
// [MaxEdges] ties; [ErrUnknown] for a tie naming an unknown firm ("ties[k].a" / "ties[k].b")
// or with an invalid kind ("ties[k].kind"); [ErrSelfTie] for a tie of a firm to itself
// ("ties[k]"); [ErrDuplicate] for a tie repeating an earlier pair and kind, in either order
// ("ties[k]", Value naming the earlier index).
//
// References: Basel Committee on Banking Supervision (2014), Supervisory framework for
// measuring and controlling large exposures (BCBS 283), section on groups of connected
// counterparties (control relationship), now Basel Framework LEX10; Commission Delegated
// Regulation (EU) 2024/1728, Art. 1 (two or more persons constitute a single risk when one
// of them, directly or indirectly, controls the others); 银行保险机构关联交易管理办法 (CBIRC
// Order 2022 No. 1) on related parties through control and shareholding, with guarantees
// among the related-party transactions (article numbers not verified here).
func (g *Network) Related(ties []Tie) (Relations, error) {
	if g == nil {
		return Relations{}, &InputError{Field: "network", Err: ErrMissingValue}
	}
	if len(ties) > MaxEdges {
		return Relations{}, &InputError{Field: "ties", Value: strconv.Itoa(len(ties)), Err: ErrLimit}
	}
	n := len(g.ids)
	// parent[i] ≥ 0 is i's parent; a root holds −size.
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = -1
	}
	find := func(x int32) int32 {
		for parent[x] >= 0 {
			if p := parent[x]; parent[p] >= 0 {
				parent[x] = parent[p] // path halving
			}
			x = parent[x]
		}
		return x
	}
	type pairKey struct {
		a, b int32
		k    TieKind
	}
	seen := make(map[pairKey]int32, len(ties))
	for k, t := range ties {
		a, ok := g.index.find(g.ids, t.A)
		if !ok {
			return Relations{}, &InputError{Field: idx("ties", k) + ".a", Value: cut(t.A), Err: ErrUnknown}
		}
		b, ok := g.index.find(g.ids, t.B)
		if !ok {
			return Relations{}, &InputError{Field: idx("ties", k) + ".b", Value: cut(t.B), Err: ErrUnknown}
		}
		if !t.Kind.IsValid() {
			return Relations{}, &InputError{Field: idx("ties", k) + ".kind", Value: strconv.Itoa(int(t.Kind)), Err: ErrUnknown}
		}
		if a == b {
			return Relations{}, &InputError{Field: idx("ties", k), Value: cut(t.A), Err: ErrSelfTie}
		}
		key := pairKey{min(a, b), max(a, b), t.Kind}
		if j, dup := seen[key]; dup {
			return Relations{}, &InputError{Field: idx("ties", k), Value: "same as " + idx("ties", int(j)), Err: ErrDuplicate}
		}
		seen[key] = int32(k)
		ra, rb := find(a), find(b)
		if ra == rb {
			continue
		}
		if parent[ra] > parent[rb] { // ra smaller: attach it under rb
			ra, rb = rb, ra
		}
		parent[ra] += parent[rb]
		parent[rb] = ra
	}
	seen = nil
	// Number the groups of two or more firms by their smallest member.
	group := make([]int32, n) // group index per root, −1 for singletons
	for i := range group {
		group[i] = -1
	}
	var r Relations
	r.Firms = make([]FirmRelation, n)
	for u := int32(0); u < int32(n); u++ {
		root := find(u)
		size := int(-parent[root])
		if size >= 2 && group[root] < 0 {
			group[root] = int32(len(r.Groups))
			r.Groups = append(r.Groups, make([]int, 0, size))
		}
		gi := -1
		if size >= 2 {
			gi = int(group[root])
			r.Groups[gi] = append(r.Groups[gi], int(u))
		}
		r.Firms[u] = FirmRelation{Group: gi, GroupSize: size}
	}
	r.GroupGuarantees = make([]int, len(r.Groups))
	// Guarantees per borrower: the in-rows are sorted by guarantor.
	for v := 0; v < n; v++ {
		fr := &r.Firms[v]
		for e := g.inStart[v]; e < g.inStart[v+1]; e++ {
			u := g.inSrc[e]
			a := g.amount(int32(g.edge(int64(u), int64(v))))
			fr.Guaranteed = fr.Guaranteed.Add(a)
			if fr.Group < 0 || r.Firms[u].Group != fr.Group {
				continue
			}
			fr.RelatedGuarantors++
			fr.RelatedGuaranteed = fr.RelatedGuaranteed.Add(a)
			r.GroupGuarantees[fr.Group]++
			r.InternalGuarantees++
			r.InternalAmount = r.InternalAmount.Add(a)
			fr.Findings = append(fr.Findings, Finding{Code: CodeRelatedGuarantee, Severity: SeverityWarning,
				Check: "related-guarantee", Lines: []string{g.ids[u], g.ids[v]}, Left: a, Gap: a,
				Message: g.ids[u] + " guarantees " + a.String() + " of related party " + g.ids[v] +
					" (related group of " + strconv.Itoa(fr.GroupSize) + " firms)"})
		}
	}
	return r, nil
}
