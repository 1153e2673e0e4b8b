package scorecard

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// BinCounts holds the counts of one bin: non-events (goods, y=0) and events
// (bads, y=1), in rows or in summed row weights. Both must be finite and
// ≥ 0. The zero value is an empty bin.
type BinCounts struct {
	NonEvents float64 `json:"nonEvents"`
	Events    float64 `json:"events"`
}

// TableSpec is the declaration of a binning table: the bins of one
// variable, their counts and the conventions for statistics. It is the
// JSON form of a Table (see Table.Spec) and the input of NewTable. The
// zero value is invalid (no counts).
//
// Bins are, in order: the regular bins, then exactly one special bin, then
// exactly one missing bin, so len(Counts) = regular + 2. A numeric table
// has at least one regular bin; a categorical table may have none (a
// variable whose values are all missing). Bounds (ErrLimit): at most
// MaxBinCount regular bins, MaxSpecials special codes and MaxCategories
// categories.
//
//   - Numeric: the regular bins are the intervals between Cuts (strictly
//     increasing, finite; len(Cuts) = regular − 1), closed as Closure says:
//     (−∞, c_1), [c_1, c_2), …, [c_k, +∞) for LeftClosed. Values equal to
//     one of Specials go to the special bin. NaN goes to the missing bin
//     when NaNMissing is true and is an error otherwise.
//   - Categorical: Groups[i] lists the categories of regular bin i (each
//     category once). The empty string is the missing value. RareBin is
//     the 1-based position of the regular bin that holds the rare
//     categories and also receives unseen ones; 0 means none, and unseen
//     categories then go to the missing bin.
type TableSpec struct {
	Name       string       `json:"name"`
	Kind       VariableKind `json:"kind"`
	Closure    Closure      `json:"closure"`
	WoESign    WoESign      `json:"woeSign"`
	ZeroPolicy ZeroPolicy   `json:"zeroPolicy"`
	NaNMissing bool         `json:"nanMissing,omitzero"`
	Cuts       []float64    `json:"cuts,omitempty"`
	Specials   []float64    `json:"specials,omitempty"`
	Groups     [][]string   `json:"groups,omitempty"`
	RareBin    int          `json:"rareBin,omitzero"`
	Counts     []BinCounts  `json:"counts"`
}

// Bin is one row of a Table with its statistics. Shares are of the
// (policy-adjusted) totals; see Table. Bins are built by NewTable; the zero
// value is an empty regular bin with no edges.
type Bin struct {
	Kind BinKind
	// Lo and Hi are the edges of a regular numeric bin (−∞ and +∞ at the
	// ends); both are 0 for other bins.
	Lo, Hi     float64
	Categories []string // categories of a regular categorical bin
	Rare       bool     // the categorical bin of rare and unseen categories
	BinCounts
	Count     float64 // NonEvents + Events
	Share     float64 // Count / total count
	EventRate float64 // Events / Count; 0 for an empty bin
	WoE       float64 // weight of evidence, sign and zero policy as the table's
	IV        float64 // this bin's IV contribution
	JS        float64 // this bin's Jensen–Shannon contribution
}

// Table is a compiled binning table: the bins of one variable with their
// counts and statistics. Build it with NewTable or one of the binning
// functions. Tables are read-only after construction (do not modify the
// fields or slices) and safe for concurrent use. The zero value has no
// bins and is invalid.
//
// For bin i with g_i non-events, b_i events (after the zero policy), totals
// G = Σg_i, B = Σb_i, %g_i = g_i/G, %b_i = b_i/B:
//
//	WoE_i = ln(%g_i/%b_i)                       (GoodOverBad; negated for BadOverGood)
//	IV_i  = (%g_i − %b_i)·ln(%g_i/%b_i)          (same for both signs)
//	JS_i  = ½[%b_i·ln(%b_i/m_i) + %g_i·ln(%g_i/m_i)],  m_i = (%b_i+%g_i)/2
//	KS    = max_k |Σ_{i≤k} %b_i − Σ_{i≤k} %g_i|   (bins in table order, raw counts)
//	HHI   = Σ_i (n_i/N)²                           (n_i bin count, N total)
//	Gini  = 1 − Σ_i %b_i·(2·C_{i−1} + %g_i)      (bins by increasing non-event rate, C cumulative %g, raw counts)
//
// Special cases: an empty bin (no rows) has WoE, IV and JS 0 and takes no
// part in the zero policy. A bin with g_i = 0 or b_i = 0 after the policy
// gets WoE 0 and IV 0 under ZeroWoE, and makes NewTable fail with
// ErrZeroCount under ZeroError.
//
// References:
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 8 (WoE, IV).
//   - Navas-Palencia, G. (2020). Optimal binning: mathematical programming
//     formulation, arXiv:2001.08025, §2 (IV, JS, HHI, binning table).
//   - Lin, J. (1991). Divergence measures based on the Shannon entropy.
//     IEEE Trans. Inf. Theory 37(1), 145–151 (Jensen–Shannon).
type Table struct {
	Name       string
	Kind       VariableKind
	Closure    Closure
	WoESign    WoESign
	ZeroPolicy ZeroPolicy
	NaNMissing bool
	Cuts       []float64 // numeric: regular cut points
	Specials   []float64 // numeric: special codes
	Bins       []Bin     // regular bins, then the special bin, then the missing bin
	BinCounts            // totals over all bins (raw)
	Count      float64   // total rows
	IV         float64   // Σ IV_i
	JS         float64   // Σ JS_i
	KS         float64   // bin-level Kolmogorov–Smirnov statistic in [0, 1]
	HHI        float64   // Herfindahl–Hirschman index of bin shares in (0, 1]
	Gini       float64   // bin-level Gini (accuracy ratio) in [−1, 1]

	cat     map[string]int // categorical: category → bin index
	special int            // index of the special bin
	missing int            // index of the missing bin
	unseen  int            // categorical: bin for unseen categories
	ok      bool           // built by NewTable
}

// valid reports whether t was built by NewTable.
func (t *Table) valid() bool { return t != nil && t.ok }

// NewTable validates s and computes the statistics of its bins. All
// problems are reported together (errors.Join of *SpecError with paths
// like "counts[3].events"); a zero count under ZeroError gives an
// *InputError wrapping ErrZeroCount. NewTable does not modify s or keep
// references to its slices.
func NewTable(s TableSpec) (*Table, error) {
	if errs := s.check(""); len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	t := &Table{
		Name: s.Name, Kind: s.Kind, Closure: s.Closure, WoESign: s.WoESign, ZeroPolicy: s.ZeroPolicy, NaNMissing: s.NaNMissing,
		Cuts: slices.Clone(s.Cuts), Specials: slices.Clone(s.Specials),
	}
	nReg := len(s.Counts) - 2
	t.Bins = make([]Bin, len(s.Counts))
	for i, c := range s.Counts {
		b := &t.Bins[i]
		b.BinCounts = c
		b.Count = c.NonEvents + c.Events
		switch {
		case i < nReg:
			b.Kind = Regular
			if s.Kind == Numeric {
				b.Lo, b.Hi = math.Inf(-1), math.Inf(1)
				if i > 0 {
					b.Lo = s.Cuts[i-1]
				}
				if i < nReg-1 {
					b.Hi = s.Cuts[i]
				}
			} else {
				b.Categories = slices.Clone(s.Groups[i])
				b.Rare = i == s.RareBin-1
			}
		case i == nReg:
			b.Kind = Special
		default:
			b.Kind = Missing
		}
	}
	t.special, t.missing = nReg, nReg+1
	if s.Kind == Categorical {
		t.cat = make(map[string]int)
		for i, g := range s.Groups {
			for _, c := range g {
				t.cat[c] = i
			}
		}
		t.unseen = t.missing
		if s.RareBin > 0 {
			t.unseen = s.RareBin - 1
		}
	}
	if err := t.compute(); err != nil {
		return nil, err
	}
	t.ok = true
	return t, nil
}

// check validates a spec; prefix is prepended to paths.
func (s *TableSpec) check(prefix string) []error {
	var errs []error
	bad := func(path, msg string) { errs = append(errs, specErr(prefix+path, msg)) }
	limit := func(path, msg string) []error {
		return append(errs, &SpecError{Path: prefix + path, Err: ErrLimit, Msg: msg})
	}
	if !s.Kind.IsValid() {
		bad("kind", "unknown variable kind "+s.Kind.String())
	}
	if !s.Closure.IsValid() {
		bad("closure", "unknown closure "+s.Closure.String())
	}
	if !s.WoESign.IsValid() {
		bad("woeSign", "unknown WoE sign "+s.WoESign.String())
	}
	errs = append(errs, checkZero(s.ZeroPolicy, prefix+"zeroPolicy", ErrInvalidSpec)...)
	minCounts := 3
	if s.Kind == Categorical {
		minCounts = 2
	}
	if len(s.Counts) < minCounts {
		bad("counts", "needs the regular bins (at least one for a numeric table), the special bin and the missing bin")
		return errs
	}
	if len(s.Counts)-2 > MaxBinCount {
		return limit("counts", fmt.Sprintf("%d regular bins, limit MaxBinCount = %d", len(s.Counts)-2, MaxBinCount))
	}
	if len(s.Specials) > MaxSpecials {
		return limit("specials", fmt.Sprintf("%d special codes, limit %d", len(s.Specials), MaxSpecials))
	}
	nCat := 0
	for _, g := range s.Groups {
		nCat += len(g)
	}
	if nCat > MaxCategories {
		return limit("groups", fmt.Sprintf("%d categories, limit %d", nCat, MaxCategories))
	}
	nReg := len(s.Counts) - 2
	var total float64
	for i, c := range s.Counts {
		for _, f := range []struct {
			name string
			v    float64
		}{{"nonEvents", c.NonEvents}, {"events", c.Events}} {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
				bad(fmt.Sprintf("counts[%d].%s", i, f.name), "must be finite and ≥ 0")
			} else {
				total += f.v
			}
		}
	}
	if !(total > 0) || math.IsInf(total, 0) {
		bad("counts", "total count must be positive and finite")
	}
	switch s.Kind {
	case Numeric:
		if len(s.Cuts) != nReg-1 {
			bad("cuts", fmt.Sprintf("has %d cut points, want len(counts)−3 = %d", len(s.Cuts), nReg-1))
		}
		for i, c := range s.Cuts {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				bad(fmt.Sprintf("cuts[%d]", i), "must be finite")
			} else if i > 0 && !(c > s.Cuts[i-1]) {
				bad(fmt.Sprintf("cuts[%d]", i), "must be strictly increasing")
			}
		}
		for i, c := range s.Specials {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				bad(fmt.Sprintf("specials[%d]", i), "must be finite")
			}
		}
		if len(s.Groups) > 0 || s.RareBin != 0 {
			bad("groups", "only for categorical tables")
		}
	case Categorical:
		if len(s.Groups) != nReg {
			bad("groups", fmt.Sprintf("has %d groups, want len(counts)−2 = %d", len(s.Groups), nReg))
		}
		seen := map[string]bool{}
		for i, g := range s.Groups {
			if len(g) == 0 {
				bad(fmt.Sprintf("groups[%d]", i), "must not be empty")
			}
			for j, c := range g {
				switch {
				case c == "":
					bad(fmt.Sprintf("groups[%d][%d]", i, j), "empty string is the missing value")
				case seen[c]:
					bad(fmt.Sprintf("groups[%d][%d]", i, j), fmt.Sprintf("category %q listed twice", c))
				}
				seen[c] = true
			}
		}
		if s.RareBin < 0 || s.RareBin > nReg {
			bad("rareBin", "must be 0 (none) or a 1-based regular bin position")
		}
		if len(s.Cuts) > 0 || len(s.Specials) > 0 || s.NaNMissing {
			bad("cuts", "cuts, specials and nanMissing are only for numeric tables")
		}
	}
	return errs
}

func checkZero(z ZeroPolicy, path string, sentinel error) []error {
	bad := func(msg string) []error { return []error{&SpecError{Path: path, Err: sentinel, Msg: msg}} }
	switch z.Kind {
	case ZeroWoE, ZeroError:
		if z.Value != 0 {
			return bad("value must be 0 for this kind")
		}
	case ReplaceCount, AddToCounts:
		if !(z.Value > 0) || math.IsInf(z.Value, 0) {
			return bad("value must be a finite count > 0")
		}
	case FloorShare:
		if !(z.Value > 0 && z.Value < 1) {
			return bad("value must be a share in (0, 1)")
		}
	default:
		return bad("unknown kind")
	}
	return nil
}

// compute fills every statistic from the counts.
func (t *Table) compute() error {
	n := len(t.Bins)
	g := make([]float64, n)
	b := make([]float64, n)
	var G, B float64
	for i := range t.Bins {
		bin := &t.Bins[i]
		t.NonEvents += bin.NonEvents
		t.Events += bin.Events
		g[i], b[i] = bin.NonEvents, bin.Events
		if bin.Count > 0 {
			switch t.ZeroPolicy.Kind {
			case ReplaceCount:
				if g[i] == 0 {
					g[i] = t.ZeroPolicy.Value
				}
				if b[i] == 0 {
					b[i] = t.ZeroPolicy.Value
				}
			case AddToCounts:
				g[i] += t.ZeroPolicy.Value
				b[i] += t.ZeroPolicy.Value
			}
		}
		G += g[i]
		B += b[i]
	}
	t.Count = t.NonEvents + t.Events
	if math.IsInf(G+B, 0) {
		return specErr("zeroPolicy", "counts with the policy's additions overflow float64")
	}
	if t.Events == 0 || t.NonEvents == 0 {
		return inputErr("counts", "", "needs both events and non-events", ErrSingleClass)
	}
	for i := range t.Bins {
		bin := &t.Bins[i]
		bin.Share = bin.Count / t.Count
		t.HHI += bin.Share * bin.Share
		if bin.Count == 0 {
			continue
		}
		bin.EventRate = bin.Events / bin.Count
		pg, pb := g[i]/G, b[i]/B
		if t.ZeroPolicy.Kind == FloorShare {
			pg, pb = math.Max(pg, t.ZeroPolicy.Value), math.Max(pb, t.ZeroPolicy.Value)
		}
		m := (pg + pb) / 2
		bin.JS = (xlogy(pb, pb/m) + xlogy(pg, pg/m)) / 2
		t.JS += bin.JS
		if pg == 0 || pb == 0 {
			if t.ZeroPolicy.Kind == ZeroError {
				return inputErr(idx(t.Name+".counts", i), fmt.Sprintf("{nonEvents: %s, events: %s}", ftoa(bin.NonEvents), ftoa(bin.Events)), "zero count makes WoE undefined", ErrZeroCount)
			}
			continue // ZeroWoE: WoE 0, IV 0
		}
		l := math.Log(pg / pb)
		bin.WoE = l
		if t.WoESign == BadOverGood {
			bin.WoE = -l
		}
		bin.IV = (pg - pb) * l
		t.IV += bin.IV
	}
	// KS over the bins in table order, raw counts.
	var cg, cb float64
	for _, bin := range t.Bins {
		cg += bin.NonEvents / t.NonEvents
		cb += bin.Events / t.Events
		t.KS = math.Max(t.KS, math.Abs(cb-cg))
	}
	// Gini over non-empty bins by increasing non-event rate (riskiest first).
	idx := make([]int, 0, n)
	for i, bin := range t.Bins {
		if bin.Count > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) > 1 {
		slices.SortStableFunc(idx, func(i, j int) int {
			return cmp.Compare(t.Bins[i].NonEvents/t.Bins[i].Count, t.Bins[j].NonEvents/t.Bins[j].Count)
		})
		var c, s float64
		for _, i := range idx {
			pg := t.Bins[i].NonEvents / t.NonEvents
			pb := t.Bins[i].Events / t.Events
			s += pb * (2*c + pg)
			c += pg
		}
		t.Gini = 1 - s
	}
	return nil
}

// xlogy returns x·ln(y), 0 when x = 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// Spec returns the declaration of t; NewTable(t.Spec()) rebuilds an equal
// table. The returned slices are fresh copies.
func (t *Table) Spec() TableSpec {
	if !t.valid() {
		return TableSpec{}
	}
	s := TableSpec{
		Name: t.Name, Kind: t.Kind, Closure: t.Closure, WoESign: t.WoESign, ZeroPolicy: t.ZeroPolicy, NaNMissing: t.NaNMissing,
		Cuts: slices.Clone(t.Cuts), Specials: slices.Clone(t.Specials),
		Counts: make([]BinCounts, len(t.Bins)),
	}
	for i, b := range t.Bins {
		s.Counts[i] = b.BinCounts
		if t.Kind == Categorical && b.Kind == Regular {
			s.Groups = append(s.Groups, slices.Clone(b.Categories))
			if b.Rare {
				s.RareBin = i + 1
			}
		}
	}
	return s
}

// Regular returns the number of regular bins.
func (t *Table) Regular() int {
	if !t.valid() {
		return 0
	}
	return len(t.Bins) - 2
}

// Label returns a display label for bin i, for example "[1.5, 3)",
// "{a, b}", "special" or "missing". Labels are for display only; edges are
// kept at full precision in the table ('g' format with the shortest
// representation that round-trips).
func (t *Table) Label(i int) string {
	if !t.valid() || i < 0 || i >= len(t.Bins) {
		return ""
	}
	b := t.Bins[i]
	switch b.Kind {
	case Special:
		return "special"
	case Missing:
		return "missing"
	}
	if t.Kind == Categorical {
		l := "{" + strings.Join(b.Categories, ", ") + "}"
		if b.Rare {
			l += " + rare/unseen"
		}
		return l
	}
	f := func(v float64) string {
		switch {
		case math.IsInf(v, -1):
			return "-inf"
		case math.IsInf(v, 1):
			return "inf"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if t.Closure == LeftClosed {
		if math.IsInf(b.Lo, -1) {
			return "(" + f(b.Lo) + ", " + f(b.Hi) + ")"
		}
		return "[" + f(b.Lo) + ", " + f(b.Hi) + ")"
	}
	if math.IsInf(b.Hi, 1) {
		return "(" + f(b.Lo) + ", " + f(b.Hi) + ")"
	}
	return "(" + f(b.Lo) + ", " + f(b.Hi) + "]"
}
