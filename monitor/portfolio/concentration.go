package portfolio

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/enum"
	"github.com/smecredit/smecredit/internal/radix"
)

// Dimension selects the key exposures are aggregated by before measuring concentration. The
// zero value is [ByObligor].
type Dimension uint8

// Dimensions. Values are stable.
const (
	ByObligor Dimension = iota // the obligor's name ("obligor")
	ByGroup                    // the connected group, or the obligor where Group is empty ("group")
	BySector                   // the sector ("sector")
	ByRegion                   // the region ("region")
)

var dimensionNames = enum.Names[Dimension]{"obligor", "group", "sector", "region"}

// String returns the dimension's name.
func (d Dimension) String() string { return dimensionNames.String(d) }

// IsValid reports whether d is one of the four dimensions.
func (d Dimension) IsValid() bool { return dimensionNames.Valid(d) }

// MarshalText returns the dimension's name.
func (d Dimension) MarshalText() ([]byte, error) { return dimensionNames.Marshal(d) }

// UnmarshalText sets d from its name.
func (d *Dimension) UnmarshalText(t []byte) error { return dimensionNames.Unmarshal(d, t) }

// Exposure is one exposure of the book: the obligor, the group of connected counterparties it
// belongs to (given by the caller, as Basel LEX10.10 defines them; empty when it belongs to
// none), its sector and region, and the exposure amount (EAD, ≥ 0).
type Exposure struct {
	Obligor string
	Group   string
	Sector  string
	Region  string
	EAD     decimal.Decimal
}

func (e *Exposure) key(d Dimension) string {
	switch d {
	case ByGroup:
		if e.Group != "" {
			return e.Group
		}
		return e.Obligor
	case BySector:
		return e.Sector
	case ByRegion:
		return e.Region
	}
	return e.Obligor
}

// Concentration measures how a book is spread over names (obligors, groups, sectors or
// regions), with shares w_i = x_i / Σx over the n names with a positive amount:
//
//	HHI = Σ w_i² ∈ [1/n, 1]            NormalizedHHI = (HHI − 1/n)/(1 − 1/n) ∈ [0, 1] (0 when n = 1)
//	EffectiveNames = 1/HHI             Gini = 1 + (1 − 2 Σ i·w_(i))/n, w_(1) ≥ w_(2) ≥ …
//	TopShare = CR_k = Σ of the k largest shares
//
// References: S. A. Rhoades, "The Herfindahl-Hirschman Index", Federal Reserve Bulletin 79
// (1993); open-risk concentrationMetrics (model.py: hhi, cr, gini); BCBS, Studies on credit
// risk concentration, Working Paper 15 (2006), §3 (name concentration).
type Concentration struct {
	Dimension      Dimension
	Names          int             // names with a positive amount
	Total          decimal.Decimal // Σ EAD
	Largest        string          // name with the largest amount (first in input order on ties)
	LargestShare   float64         // CR_1, the single-name share
	TopN           int             // k of TopShare (min(k asked, Names))
	TopShare       float64         // CR_k
	HHI            float64
	NormalizedHHI  float64
	EffectiveNames float64 // 1/HHI; 0 for an empty book
	Gini           float64
}

// Concentrate aggregates exposures by dimension by and measures the concentration of the
// result, with the top-n share for n = topN. A book of zero total gives Names 0 and zero
// measures. Errors: more than [MaxRecords] exposures or topN < 1 ([ErrSize]); an unknown
// dimension or an empty key for it ([ErrValue]); an EAD negative or above 10¹⁵ ([ErrAmount]).
// O(len(exposures)) aggregation (one hash lookup an exposure, none where an exposure has the
// previous one's key, so books sorted by the dimension aggregate faster) and a radix sort of
// the n names' shares.
//
// References: see [Concentration].
func Concentrate(exposures []Exposure, by Dimension, topN int) (Concentration, error) {
	c := Concentration{Dimension: by}
	if len(exposures) > MaxRecords {
		return c, inputErr("exposures", "len "+strconv.Itoa(len(exposures)), ErrSize)
	}
	if topN < 1 {
		return c, inputErr("topN", strconv.Itoa(topN), ErrSize)
	}
	if !by.IsValid() {
		return c, inputErr("by", by.String(), ErrValue)
	}
	g, err := aggregate(exposures, by)
	if err != nil {
		return c, err
	}
	c.Total = g.total
	measure(&c, g, topN)
	return c, nil
}

// aggregated holds EAD sums per key in order of first appearance: whole cents in cents[j]
// and, where an amount had more places or a sum overflowed, the rest in extra[j] (extra is nil
// until the first such amount).
type aggregated struct {
	names []string
	cents []int64
	extra []decimal.Decimal
	total decimal.Decimal
}

// amount returns the exact sum of name j.
func (g *aggregated) amount(j int) decimal.Decimal {
	d := decimal.New(g.cents[j], -2)
	if g.extra != nil && !g.extra[j].IsZero() {
		d = d.Add(g.extra[j])
	}
	return d
}

// float returns the sum of name j as float64.
func (g *aggregated) float(j int) float64 {
	f := float64(g.cents[j]) / 100
	if g.extra != nil && !g.extra[j].IsZero() {
		f += g.extra[j].InexactFloat64()
	}
	return f
}

// addExtra adds d to the decimal part of name j.
func (g *aggregated) addExtra(j int, d decimal.Decimal) {
	if g.extra == nil {
		g.extra = make([]decimal.Decimal, len(g.names), cap(g.names))
	}
	g.extra[j] = g.extra[j].Add(d)
}

// aggregate sums EAD per key in order of first appearance, in int64 cents where they fit. A
// key equal to the previous exposure's skips the map, so books sorted by key cost one
// comparison an exposure.
func aggregate(exposures []Exposure, by Dimension) (*aggregated, error) {
	pos := make(map[string]int, min(len(exposures), 1<<16))
	g := &aggregated{}
	last, lastJ := "", -1
	for i := range exposures {
		e := &exposures[i]
		k := e.key(by)
		if k == "" {
			return nil, inputErr(idx("exposures", i)+"."+by.String(), "", ErrValue)
		}
		c, ok := cents(e.EAD)
		if !ok {
			if err := checkAmount(idx("exposures", i)+".ead", e.EAD); err != nil {
				return nil, err
			}
		}
		j := lastJ
		if lastJ < 0 || k != last {
			var seen bool
			if j, seen = pos[k]; !seen {
				j = len(g.names)
				pos[k] = j
				g.names = append(g.names, k)
				g.cents = append(g.cents, 0)
				if g.extra != nil {
					g.extra = append(g.extra, decimal.Decimal{})
				}
			}
			last, lastJ = k, j
		}
		switch {
		case !ok:
			g.addExtra(j, e.EAD)
		case g.cents[j] > math.MaxInt64-c:
			g.addExtra(j, decimal.New(g.cents[j], -2))
			g.cents[j] = c
		default:
			g.cents[j] += c
		}
	}
	var tc int64
	for j := range g.names {
		if g.extra != nil && !g.extra[j].IsZero() {
			g.total = g.total.Add(g.extra[j])
		}
		if tc > math.MaxInt64-g.cents[j] {
			g.total = g.total.Add(decimal.New(tc, -2))
			tc = 0
		}
		tc += g.cents[j]
	}
	g.total = g.total.Add(decimal.New(tc, -2))
	return g, nil
}

// measure fills the share measures of c from per-name amounts.
func measure(c *Concentration, g *aggregated, topN int) {
	// Shares divide by the sum of the float amounts, not by the float of the exact total, so
	// they sum to 1 even where amounts are so small that their float64 values are subnormal.
	w := make([]float64, 0, len(g.names))
	var t float64
	best := -1.0
	for i := range g.names {
		x := g.float(i)
		if x <= 0 {
			continue
		}
		if x > best {
			best, c.Largest = x, g.names[i]
		}
		w = append(w, x)
		t += x
	}
	if !(t > 0) || math.IsInf(t, 0) {
		return
	}
	for i := range w {
		w[i] /= t
	}
	fillShares(c, w, topN)
}

// fillShares computes the measures from shares w (summing to 1); it sorts w.
func fillShares(c *Concentration, w []float64, topN int) {
	n := len(w)
	c.Names = n
	if n == 0 {
		return
	}
	radix.SortFloats(w)
	slices.Reverse(w)
	var hhi, rank float64
	for i, x := range w {
		hhi += x * x
		rank += float64(i+1) * x
	}
	c.HHI = hhi
	c.EffectiveNames = 1 / hhi
	if n > 1 {
		c.NormalizedHHI = max(0, (hhi-1/float64(n))/(1-1/float64(n)))
	}
	c.Gini = max(0, 1+(1-2*rank)/float64(n))
	c.LargestShare = w[0]
	c.TopN = min(topN, n)
	for _, x := range w[:c.TopN] {
		c.TopShare += x
	}
}

// Shares measures the concentration of amounts given directly as float64 values (such as
// exposures already in a ratio unit): the same measures as [Concentrate], with Total zero and
// Largest the index of the largest amount as text. Amounts whose float64 sum overflows (such
// as two of 1e308) are scaled by the largest before summing, so the shares stay correct.
// Errors: more than [MaxRecords] amounts or topN < 1 ([ErrSize]); an amount negative or not
// finite ([ErrValue]). O(n log n).
func Shares(amounts []float64, topN int) (Concentration, error) {
	var c Concentration
	if len(amounts) > MaxRecords {
		return c, inputErr("amounts", "len "+strconv.Itoa(len(amounts)), ErrSize)
	}
	if topN < 1 {
		return c, inputErr("topN", strconv.Itoa(topN), ErrSize)
	}
	var t float64
	bi := -1
	for i, a := range amounts {
		if !(a >= 0) || math.IsInf(a, 0) {
			return c, inputErr(idx("amounts", i), fval(a), ErrValue)
		}
		if bi < 0 || a > amounts[bi] {
			bi = i
		}
		t += a
	}
	if t <= 0 {
		return c, nil
	}
	// scale divides each amount before it is added: 1 unless the sum overflowed, then the
	// largest amount, which makes every term ≤ 1 and the sum ≤ n.
	scale := 1.0
	if math.IsInf(t, 0) {
		scale = amounts[bi]
		t = 0
		for _, a := range amounts {
			t += a / scale
		}
	}
	w := make([]float64, 0, len(amounts))
	for _, a := range amounts {
		if a > 0 {
			w = append(w, a/scale/t)
		}
	}
	c.Largest = strconv.Itoa(bi)
	fillShares(&c, w, topN)
	return c, nil
}

// LargeExposureLimits are the thresholds of a large-exposures regime, as fractions of Tier 1
// capital: an exposure at or above Reporting is a large exposure; one above Single (to one
// counterparty) or Group (to a group of connected counterparties) breaches the limit.
type LargeExposureLimits struct {
	Reporting float64
	Single    float64
	Group     float64
}

// BaselLEX returns the Basel large-exposures limits: report at 10 % of Tier 1 (LEX10.8,
// LEX20.4), limit 25 % of Tier 1 for a counterparty or a group of connected counterparties
// (LEX20.1; 15 % between G-SIBs, LEX40, not applied here).
//
// References: BCBS, Basel Framework, LEX10.8, LEX10.10, LEX20.1–20.4 (in force 1 January 2019).
func BaselLEX() LargeExposureLimits {
	return LargeExposureLimits{Reporting: 0.10, Single: 0.25, Group: 0.25}
}

// ChinaLEX returns the limits of China's large-exposure measures for non-interbank clients as
// reported in the press: 15 % of tier-1 net capital for a single client, 20 % for a group of
// connected clients, reporting at 10 %. The legal text (CBIRC Order 2018 No. 1, effective
// 1 July 2018) was not available; check it before relying on these figures.
//
// References: 商业银行大额风险暴露管理办法 (CBIRC Order 2018 No. 1), as reported by Xinhua,
// 5 May 2018, "China limits banks' risk exposure".
func ChinaLEX() LargeExposureLimits {
	return LargeExposureLimits{Reporting: 0.10, Single: 0.15, Group: 0.20}
}

// LargeExposure is one counterparty or connected group at or above the reporting threshold.
type LargeExposure struct {
	Name     string          // obligor or group name
	Group    bool            // true for a group of connected counterparties
	Exposure decimal.Decimal // aggregated EAD
	Share    float64         // Exposure / Tier 1
	Limit    float64         // the limit that applies (Single or Group)
	Breach   bool            // Share > Limit
}

// LargeExposures aggregates exposures per obligor and per connected group (obligors with the
// same non-empty Group) and returns every one at or above limits.Reporting of tier1, largest
// first (ties by name), each marked with its limit and whether it breaches it. Errors: tier1
// not positive or above 10¹⁵ ([ErrValue]); a limit outside (0, 1] or Reporting above a limit
// ([ErrProbability]); a bad EAD or empty obligor ([ErrAmount], [ErrValue]); more than
// [MaxRecords] exposures ([ErrSize]). O(n log n).
//
// References: BCBS, Basel Framework, LEX10.8 (definition), LEX10.10 (connected
// counterparties), LEX20.1 (limit), LEX20.4 (reporting).
func LargeExposures(exposures []Exposure, tier1 decimal.Decimal, limits LargeExposureLimits) ([]LargeExposure, error) {
	if tier1.Sign() <= 0 || tier1.Cmp(maxAmount) > 0 {
		return nil, inputErr("tier1", dval(tier1), ErrValue)
	}
	for _, l := range []struct {
		n string
		v float64
	}{{"limits.reporting", limits.Reporting}, {"limits.single", limits.Single}, {"limits.group", limits.Group}} {
		if !(l.v > 0 && l.v <= 1) || limits.Reporting > l.v {
			return nil, inputErr(l.n, fval(l.v), ErrProbability)
		}
	}
	if len(exposures) > MaxRecords {
		return nil, inputErr("exposures", "len "+strconv.Itoa(len(exposures)), ErrSize)
	}
	t1 := tier1.InexactFloat64()
	groups := make(map[string]bool)
	for i := range exposures {
		if g := exposures[i].Group; g != "" {
			groups[g] = true
		}
	}
	var out []LargeExposure
	collect := func(by Dimension, group bool, limit float64) error {
		g, err := aggregate(exposures, by)
		if err != nil {
			return err
		}
		for i, name := range g.names {
			if group && !groups[name] {
				continue
			}
			sh := g.float(i) / t1
			if sh >= limits.Reporting {
				out = append(out, LargeExposure{Name: name, Group: group, Exposure: g.amount(i), Share: sh, Limit: limit, Breach: sh > limit})
			}
		}
		return nil
	}
	if err := collect(ByObligor, false, limits.Single); err != nil {
		return nil, err
	}
	if err := collect(ByGroup, true, limits.Group); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b LargeExposure) int {
		if c := b.Exposure.Cmp(a.Exposure); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out, nil
}
