package review

import (
	"hash/maphash"
	"math/bits"
)

// idTable maps firm IDs to their indices: open addressing with linear probing over one
// uint64 per slot (the hash's upper 32 bits as a tag, the index + 1 in the lower 32; 0 =
// empty), at most half full. Only IDs whose tags match are compared, so a lookup reads about
// one slot and one ID. It replaces a map[string]int32, which at a million firms holds the
// string headers in its groups and took about 55 MB against 16 MB. The hash seed is random per
// table (hash/maphash), so crafted IDs cannot force collisions; no result depends on it.
type idTable struct {
	seed  maphash.Seed
	slots []uint64
	mask  uint64
}

func newIDTable(n int) idTable {
	size := uint64(1) << max(4, bits.Len(uint(2*n))) // ≥ 2n slots, a power of two
	return idTable{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: size - 1}
}

// find returns the index of id among ids, or false.
func (t *idTable) find(ids []string, id string) (int32, bool) {
	if t.slots == nil {
		return 0, false
	}
	return t.probe(ids, id, maphash.String(t.seed, id))
}

// probe is find with the ID's hash h given.
func (t *idTable) probe(ids []string, id string, h uint64) (int32, bool) {
	tag := h >> 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if v>>32 == tag && ids[uint32(v)-1] == id {
			return int32(uint32(v) - 1), true
		}
	}
}

// insert adds ids[i] (i < 2³²−1) and reports false when the ID is already present (then the
// index of the earlier firm is returned).
func (t *idTable) insert(ids []string, i int32) (int32, bool) {
	id := ids[i]
	h := maphash.String(t.seed, id)
	tag := h >> 32
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		v := t.slots[s]
		if v == 0 {
			t.slots[s] = tag<<32 | uint64(uint32(i)+1)
			return i, true
		}
		if v>>32 == tag && ids[uint32(v)-1] == id {
			return int32(uint32(v) - 1), false
		}
	}
}

// resolveBlock is the number of guarantees [idTable.findBlock] resolves at a time.
const resolveBlock = 256

// findBlock resolves the guarantor and borrower IDs of gs (len ≤ resolveBlock) into u and v;
// ok[k] is false when either ID is unknown. It works in passes over the block — hash every
// ID and load its first slot; compare the IDs whose first slot carries their tag; probe
// further only where that failed — so the loads of one pass do not depend on each other and
// their cache misses overlap, where one lookup after another would wait for each miss in
// turn.
func (t *idTable) findBlock(u, v []int32, ok []bool, ids []string, gs []Guarantee) {
	if t.slots == nil {
		clear(ok[:len(gs)])
		return
	}
	var hs, first [2 * resolveBlock]uint64
	for k := range gs {
		h1, h2 := maphash.String(t.seed, gs[k].Guarantor), maphash.String(t.seed, gs[k].Borrower)
		hs[2*k], hs[2*k+1] = h1, h2
		first[2*k], first[2*k+1] = t.slots[h1&t.mask], t.slots[h2&t.mask]
	}
	var hit [2 * resolveBlock]bool
	for k := range gs {
		a, b := first[2*k], first[2*k+1]
		hit[2*k] = a != 0 && a>>32 == hs[2*k]>>32 && ids[uint32(a)-1] == gs[k].Guarantor
		hit[2*k+1] = b != 0 && b>>32 == hs[2*k+1]>>32 && ids[uint32(b)-1] == gs[k].Borrower
	}
	for k := range gs {
		var okU, okV bool
		if hit[2*k] {
			u[k], okU = int32(uint32(first[2*k])-1), true
		} else {
			u[k], okU = t.probe(ids, gs[k].Guarantor, hs[2*k])
		}
		if hit[2*k+1] {
			v[k], okV = int32(uint32(first[2*k+1])-1), true
		} else {
			v[k], okV = t.probe(ids, gs[k].Borrower, hs[2*k+1])
		}
		ok[k] = okU && okV
	}
}
