package review

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// relatedNet is a hand-built network of six firms a..f: a→c 100 and a→c 10 (merged 110),
// c→b 30, d→a 50, e→d 20.
func relatedNet(t testing.TB) *Network {
	t.Helper()
	d := decimal.NewFromInt
	var firms []Firm
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		firms = append(firms, Firm{ID: id, NetWorth: d(100)})
	}
	g, err := NewNetwork(firms, []Guarantee{{"a", "c", d(100)}, {"c", "b", d(30)}, {"d", "a", d(50)},
		{"e", "d", d(20)}, {"a", "c", d(10)}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestRelatedHandBuilt: ties a–b (common controller), c–b (common shareholder), f–e (control)
// give the groups {a, b, c} and {e, f}; the guarantees a→c (110) and c→b (30) lie inside the
// first group, d→a and e→d cross groups. Every number below is counted by hand.
func TestRelatedHandBuilt(t *testing.T) {
	g := relatedNet(t)
	r, err := g.Related([]Tie{{"a", "b", CommonController}, {"c", "b", CommonShareholder}, {"f", "e", Control},
		{"a", "b", CommonShareholder}}) // a second kind for the same pair is not a duplicate
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]int{{0, 1, 2}, {4, 5}}; !slices.EqualFunc(r.Groups, want, slices.Equal[[]int]) {
		t.Fatalf("groups %v, want %v", r.Groups, want)
	}
	if !slices.Equal(r.GroupGuarantees, []int{2, 0}) || r.InternalGuarantees != 2 || !r.InternalAmount.Equal(decimal.NewFromInt(140)) {
		t.Errorf("internal %v %d %s", r.GroupGuarantees, r.InternalGuarantees, r.InternalAmount)
	}
	cases := []struct {
		firm, group, size, guarantors int
		guaranteed, related           int64
		share                         float64
	}{
		{0, 0, 3, 0, 50, 0, 0},    // a: guaranteed by d, outside its group
		{1, 0, 3, 1, 30, 30, 1},   // b: by c
		{2, 0, 3, 1, 110, 110, 1}, // c: by a (two guarantees merged)
		{3, -1, 1, 0, 20, 0, 0},   // d: no tie
		{4, 1, 2, 0, 0, 0, 0},     // e
		{5, 1, 2, 0, 0, 0, 0},     // f
	}
	for _, c := range cases {
		fr := r.Firms[c.firm]
		if fr.Group != c.group || fr.GroupSize != c.size || fr.RelatedGuarantors != c.guarantors ||
			!fr.Guaranteed.Equal(decimal.NewFromInt(c.guaranteed)) || !fr.RelatedGuaranteed.Equal(decimal.NewFromInt(c.related)) ||
			fr.RelatedShare() != c.share || len(fr.Findings) != c.guarantors {
			t.Errorf("firm %d: %+v", c.firm, fr)
		}
	}
	f := r.Firms[2].Findings[0]
	if f.Code != CodeRelatedGuarantee || f.Severity != SeverityWarning || !slices.Equal(f.Lines, []string{"a", "c"}) ||
		!f.Left.Equal(decimal.NewFromInt(110)) {
		t.Errorf("finding %+v", f)
	}
	d := Derived{}.WithRelation(r.Firms[2])
	if !d.GuaranteedByRelatedParty || d.RelatedGuaranteeShare != 1 || d.RelatedGroupSize != 3 {
		t.Errorf("derived %+v", d)
	}
	if d := (Derived{}).WithRelation(r.Firms[0]); d.GuaranteedByRelatedParty || d.RelatedGroupSize != 3 {
		t.Errorf("derived a %+v", d)
	}
	// No ties: every firm alone.
	r0, err := g.Related(nil)
	if err != nil || len(r0.Groups) != 0 || r0.InternalGuarantees != 0 || r0.Firms[2].GroupSize != 1 || r0.Firms[2].Group != -1 {
		t.Errorf("no ties: %v %+v", err, r0)
	}
}

func TestRelatedErrors(t *testing.T) {
	g := relatedNet(t)
	cases := []struct {
		name  string
		ties  []Tie
		field string
		err   error
	}{
		{"self", []Tie{{"a", "b", Control}, {"c", "c", Control}}, "ties[1]", ErrSelfTie},
		{"unknown a", []Tie{{"z", "b", Control}}, "ties[0].a", ErrUnknown},
		{"unknown b", []Tie{{"a", "", Control}}, "ties[0].b", ErrUnknown},
		{"kind", []Tie{{"a", "b", TieUnknown}}, "ties[0].kind", ErrUnknown},
		{"kind range", []Tie{{"a", "b", TieKind(9)}}, "ties[0].kind", ErrUnknown},
		{"duplicate reversed", []Tie{{"a", "b", Control}, {"c", "d", Control}, {"b", "a", Control}}, "ties[2]", ErrDuplicate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := g.Related(c.ties)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, c.err) {
				t.Fatalf("%v", err)
			}
			if c.err == ErrDuplicate && ie.Value != "same as ties[0]" {
				t.Errorf("value %q", ie.Value)
			}
		})
	}
	if _, err := (*Network)(nil).Related(nil); !errors.Is(err, ErrMissingValue) {
		t.Errorf("nil network: %v", err)
	}
}

func TestTieJSON(t *testing.T) {
	b, err := json.Marshal(Tie{A: "x", B: "y", Kind: CommonShareholder})
	if err != nil || string(b) != `{"a":"x","b":"y","kind":"common-shareholder"}` {
		t.Fatalf("%s %v", b, err)
	}
	var tie Tie
	if err := json.Unmarshal([]byte(`{"a":"x","b":"y","kind":"nephew"}`), &tie); err == nil {
		t.Error("unknown kind accepted")
	}
}

// checkRelated holds Related's groups to gonum's topo.ConnectedComponents on the undirected
// tie graph, and its guarantee counts to a direct count over the guarantees.
func checkRelated(t *testing.T, g *Network, ties []Tie, r Relations) {
	t.Helper()
	n := g.Len()
	ug := simple.NewUndirectedGraph()
	for i := range n {
		ug.AddNode(simple.Node(i))
	}
	for _, tie := range ties {
		a, _ := g.Index(tie.A)
		b, _ := g.Index(tie.B)
		ug.SetEdge(simple.Edge{F: simple.Node(a), T: simple.Node(b)})
	}
	var want [][]int
	for _, comp := range topo.ConnectedComponents(ug) {
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
	if !slices.EqualFunc(r.Groups, want, slices.Equal[[]int]) {
		t.Fatalf("groups %v, gonum %v", r.Groups, want)
	}
	internal := 0
	for u := range n {
		for v := range n {
			if g.HasEdgeFromTo(int64(u), int64(v)) && r.Firms[u].Group >= 0 && r.Firms[u].Group == r.Firms[v].Group {
				internal++
			}
		}
	}
	sum := 0
	for gi, grp := range r.Groups {
		sum += r.GroupGuarantees[gi]
		for _, u := range grp {
			if r.Firms[u].Group != gi || r.Firms[u].GroupSize != len(grp) {
				t.Fatalf("firm %d: %+v in group %d of %d", u, r.Firms[u], gi, len(grp))
			}
		}
	}
	if internal != r.InternalGuarantees || sum != internal {
		t.Fatalf("internal %d, group sum %d, want %d", r.InternalGuarantees, sum, internal)
	}
	for u, fr := range r.Firms {
		if fr.RelatedGuaranteed.GreaterThan(fr.Guaranteed) || fr.RelatedGuaranteed.Sign() < 0 ||
			!(fr.RelatedShare() >= 0 && fr.RelatedShare() <= 1) || len(fr.Findings) != fr.RelatedGuarantors ||
			(fr.Group < 0) != (fr.GroupSize == 1) {
			t.Fatalf("firm %d: %+v", u, fr)
		}
	}
}

// TestRelatedMatchesGonum runs seeded random tie sets of several densities.
func TestRelatedMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, c := range []struct{ n, m, k int }{{1, 0, 0}, {2, 1, 1}, {20, 40, 10}, {300, 600, 150}, {300, 600, 400}} {
		firms, gs := benchNetwork(c.n, c.m)
		_ = firms
		g, err := NewNetwork(firms, gs)
		if err != nil {
			t.Fatal(err)
		}
		var ties []Tie
		seen := map[[2]int]bool{}
		for len(ties) < c.k {
			a, b := rng.IntN(c.n), rng.IntN(c.n)
			if a == b || seen[[2]int{min(a, b), max(a, b)}] {
				continue
			}
			seen[[2]int{min(a, b), max(a, b)}] = true
			ties = append(ties, Tie{A: firms[a].ID, B: firms[b].ID, Kind: TieKind(1 + rng.IntN(3))})
		}
		r, err := g.Related(ties)
		if err != nil {
			t.Fatal(err)
		}
		checkRelated(t, g, ties, r)
	}
}

// FuzzRelated builds ties and guarantees over eight firms (ids 0..8, 8 unknown) from bytes;
// Related must return a typed error or groups equal to gonum's connected components.
func FuzzRelated(f *testing.F) {
	f.Add([]byte{0, 1, 1, 2, 2, 0, 3, 4}, []byte{0, 1, 1, 2, 2, 3, 5, 6})
	f.Add([]byte{0, 0}, []byte{1, 2, 2, 1})
	f.Fuzz(func(t *testing.T, edges, tieBytes []byte) {
		const n = 8
		firms := make([]Firm, n)
		for i := range firms {
			firms[i] = Firm{ID: strconv.Itoa(i), NetWorth: decimal.NewFromInt(int64(10 * i))}
		}
		var gs []Guarantee
		for i := 0; i+1 < len(edges) && i < 64; i += 2 {
			u, v := int(edges[i]%n), int(edges[i+1]%n)
			if u != v {
				gs = append(gs, Guarantee{Guarantor: strconv.Itoa(u), Borrower: strconv.Itoa(v), Amount: decimal.NewFromInt(int64(edges[i]) + 1)})
			}
		}
		g, err := NewNetwork(firms, gs)
		if err != nil {
			t.Fatal(err)
		}
		var ties []Tie
		for i := 0; i+2 < len(tieBytes) && i < 96; i += 3 {
			ties = append(ties, Tie{A: strconv.Itoa(int(tieBytes[i] % 9)), B: strconv.Itoa(int(tieBytes[i+1] % 9)),
				Kind: TieKind(tieBytes[i+2] % 5)})
		}
		r, err := g.Related(ties)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		checkRelated(t, g, ties, r)
	})
}

// TestIDTable checks the firm-ID hash table against a map: every ID found at its index,
// absent IDs not found, a repeated ID refused naming its position, and unknown IDs in later
// resolution blocks reported at their guarantee index.
func TestIDTable(t *testing.T) {
	const n = 5000
	firms := make([]Firm, n)
	for i := range firms {
		firms[i] = Firm{ID: "firm-" + strconv.Itoa(i*7919%100003), NetWorth: decimal.NewFromInt(1)}
	}
	g, err := NewNetwork(firms, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range firms {
		if j, ok := g.Index(f.ID); !ok || j != i {
			t.Fatalf("%s: %d %v, want %d", f.ID, j, ok, i)
		}
		if _, ok := g.Index(f.ID + "x"); ok {
			t.Fatalf("%sx found", f.ID)
		}
	}
	if _, ok := (*Network)(nil).Index("a"); ok {
		t.Error("nil network finds an ID")
	}
	dup := append(slices.Clone(firms), Firm{ID: firms[1234].ID})
	if _, err := NewNetwork(dup, nil); err == nil || err.(*InputError).Field != idx("firms", n)+".id" {
		t.Errorf("duplicate: %v", err)
	}
	var gs []Guarantee
	for k := range 3 * resolveBlock {
		gs = append(gs, Guarantee{Guarantor: firms[k].ID, Borrower: firms[k+1].ID, Amount: decimal.NewFromInt(1)})
	}
	for _, c := range []struct {
		k     int
		side  string
		field string
	}{{0, "g", "guarantees[0].guarantor"}, {resolveBlock + 3, "b", idx("guarantees", resolveBlock+3) + ".borrower"},
		{3*resolveBlock - 1, "g", idx("guarantees", 3*resolveBlock-1) + ".guarantor"}} {
		bad := slices.Clone(gs)
		if c.side == "g" {
			bad[c.k].Guarantor = "nobody"
		} else {
			bad[c.k].Borrower = "nobody"
		}
		_, err := NewNetwork(firms, bad)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, ErrUnknown) {
			t.Errorf("unknown at %d: %v", c.k, err)
		}
	}
	if _, err := NewNetwork(firms, gs); err != nil {
		t.Error(err)
	}
}
