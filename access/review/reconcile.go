package review

import (
	"math"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/specjson"
)

// KindReconciliation is the kind of a reconciliation document.
const KindReconciliation = "review-reconciliation"

// SourceSpec is one independent source of a declared figure (such as "bank-credits",
// "vat-invoices", "tax-filing", or electricity use times a sector intensity converted by the
// host into the same currency). Low and High bound the accepted ratio source/declared; Rank
// orders reliability (1 = most reliable, unique); a Required source that gives no amount is a
// warning finding, an optional one an info finding.
type SourceSpec struct {
	Name     string  `json:"name"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	Rank     int     `json:"rank"`
	Required bool    `json:"required"`
}

// ReconciliationSpec is the document of a cross-source check (kind "review-reconciliation").
// There is no built-in spec: no regulator or bank publishes the bands (review.md §4), so the
// host states them.
type ReconciliationSpec struct {
	Kind    string       `json:"kind"`
	Version string       `json:"version"`
	Sources []SourceSpec `json:"sources"`
}

// Reconciliation is a compiled [ReconciliationSpec]. It is immutable and safe for concurrent
// use.
type Reconciliation struct {
	spec    ReconciliationSpec
	byRank  []SourceSpec // sources by rank
	present map[string]int
}

// ParseReconciliation decodes a reconciliation document strictly: [*SpecError] with
// [ErrLimit] above [MaxSpecBytes], else [ErrInvalidSpec] (at path "version" for a version absent,
// empty or blank, as in every loader of the library).
func ParseReconciliation(data []byte) (ReconciliationSpec, error) {
	var s ReconciliationSpec
	if p := specjson.Decode(data, &s, KindReconciliation, MaxSpecBytes); p != nil {
		e := &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
		if p.TooLarge {
			e.Err = ErrLimit
		}
		return ReconciliationSpec{}, e
	}
	if err := checkVersion(s.Version); err != nil {
		return ReconciliationSpec{}, err
	}
	return s, nil
}

// LoadReconciliation is [ParseReconciliation] followed by [CompileReconciliation].
func LoadReconciliation(data []byte) (*Reconciliation, error) {
	s, err := ParseReconciliation(data)
	if err != nil {
		return nil, err
	}
	return CompileReconciliation(s)
}

// CompileReconciliation validates spec: kind "review-reconciliation"; 1..[MaxLines] sources;
// a nonempty unique name each ([ErrMissingValue], [ErrDuplicate]); 0 ≤ Low ≤ High ≤ 10⁶,
// finite ([ErrTolerance]); Rank ≥ 1 and unique ([ErrDuplicate]). Every defect is a
// [*SpecError], all joined.
func CompileReconciliation(spec ReconciliationSpec) (*Reconciliation, error) {
	var e specErrs
	if spec.Kind != KindReconciliation {
		e.add("kind", ErrInvalidSpec, "want \""+KindReconciliation+"\"")
	}
	if len(spec.Sources) == 0 {
		e.add("sources", ErrMissingValue, "")
	}
	if len(spec.Sources) > MaxLines {
		e.add("sources", ErrLimit, strconv.Itoa(len(spec.Sources)))
		return nil, e.join()
	}
	names := make(map[string]int, len(spec.Sources))
	ranks := make(map[int]bool, len(spec.Sources))
	for i, s := range spec.Sources {
		p := idx("sources", i)
		if s.Name == "" {
			e.add(p+".name", ErrMissingValue, "")
		} else if _, dup := names[s.Name]; dup {
			e.add(p+".name", ErrDuplicate, cut(s.Name))
		}
		names[s.Name] = i
		if !(s.Low >= 0 && s.Low <= s.High && s.High <= 1e6) {
			e.add(p+".low", ErrTolerance, "want 0 ≤ low ≤ high ≤ 1e6, got "+floatText(s.Low)+", "+floatText(s.High))
		}
		if s.Rank < 1 {
			e.add(p+".rank", ErrTolerance, strconv.Itoa(s.Rank))
		} else if ranks[s.Rank] {
			e.add(p+".rank", ErrDuplicate, strconv.Itoa(s.Rank))
		}
		ranks[s.Rank] = true
	}
	if err := e.join(); err != nil {
		return nil, err
	}
	r := &Reconciliation{present: names}
	r.spec = ReconciliationSpec{Kind: KindReconciliation, Version: spec.Version, Sources: append([]SourceSpec(nil), spec.Sources...)}
	r.byRank = append([]SourceSpec(nil), spec.Sources...)
	sort.Slice(r.byRank, func(i, j int) bool { return r.byRank[i].Rank < r.byRank[j].Rank })
	return r, nil
}

// Spec returns a copy of the document the reconciliation was compiled from, Kind filled.
func (r *Reconciliation) Spec() ReconciliationSpec {
	if r == nil {
		return ReconciliationSpec{}
	}
	s := r.spec
	s.Sources = append([]SourceSpec(nil), s.Sources...)
	return s
}

// SourceResult is one source's comparison with the declared figure.
type SourceResult struct {
	Name    string
	Present bool
	Amount  decimal.Decimal
	Ratio   float64 // Amount/Declared, 0 when absent
	InBand  bool    // Low ≤ Ratio ≤ High
}

// ReconcileResult is the outcome of [Reconciliation.Reconcile].
//
// Verified is the amount of the most reliable source present (lowest Rank), capped at the
// declared figure: Verified = min(Declared, amount of that source); zero when no source is
// present. VerifiedShare = Verified/Declared ∈ [0, 1]. This rule is this package's (no
// published rule found): it credits no more than the best independent evidence shows.
type ReconcileResult struct {
	Declared      decimal.Decimal
	Sources       []SourceResult // in rank order
	Verified      decimal.Decimal
	VerifiedShare float64
	Findings      []Finding
}

// Reconcile compares the declared figure of one period (label period, such as "2024") with
// each source's amount in amounts (by source name). A source outside its band is a
// [CodeSourceGap] finding (critical for the most reliable source, else warning); a listed
// source absent from amounts is [CodeSourceMissing] (warning when Required, else info).
// O(sources).
//
// Errors ([*InputError]): [ErrMissingValue] for a nil reconciliation; [ErrAmount] when
// declared is not positive or beyond [MaxAmount] (Field "declared"), or a source amount is
// negative or beyond it (Field "amounts.<name>"); [ErrUnknown] for a source the spec does not
// list.
func (r *Reconciliation) Reconcile(period string, declared decimal.Decimal, amounts map[string]decimal.Decimal) (ReconcileResult, error) {
	if r == nil || r.present == nil {
		return ReconcileResult{}, &InputError{Field: "reconciliation", Err: ErrMissingValue}
	}
	if declared.Sign() <= 0 || declared.GreaterThan(MaxAmount) {
		return ReconcileResult{}, &InputError{Field: "declared", Value: decimalText(declared), Err: ErrAmount}
	}
	for name, a := range amounts {
		if _, ok := r.present[name]; !ok {
			return ReconcileResult{}, &InputError{Field: "amounts." + cut(name), Err: ErrUnknown}
		}
		if a.Sign() < 0 || a.GreaterThan(MaxAmount) {
			return ReconcileResult{}, &InputError{Field: "amounts." + name, Value: decimalText(a), Err: ErrAmount}
		}
	}
	res := ReconcileResult{Declared: declared, Sources: make([]SourceResult, len(r.byRank))}
	found := false
	for i, s := range r.byRank {
		a, ok := amounts[s.Name]
		sr := SourceResult{Name: s.Name, Present: ok}
		if !ok {
			sev := SeverityInfo
			if s.Required {
				sev = SeverityWarning
			}
			res.Findings = append(res.Findings, Finding{Code: CodeSourceMissing, Severity: sev, Check: s.Name,
				Period: period, Left: declared, Low: s.Low, High: s.High,
				Message: "no amount from " + s.Name + " to check the declared " + declared.String()})
			res.Sources[i] = sr
			continue
		}
		sr.Amount = a
		sr.Ratio = a.DivRound(declared, 12).InexactFloat64()
		sr.InBand = sr.Ratio >= s.Low && sr.Ratio <= s.High
		if !sr.InBand {
			sev := SeverityWarning
			if !found {
				sev = SeverityCritical
			}
			res.Findings = append(res.Findings, Finding{Code: CodeSourceGap, Severity: sev, Check: s.Name,
				Period: period, Left: declared, Right: a, Gap: declared.Sub(a), Ratio: sr.Ratio, Low: s.Low, High: s.High,
				Message: s.Name + " / declared = " + strconv.FormatFloat(sr.Ratio, 'f', 4, 64) +
					" outside [" + floatText(s.Low) + ", " + floatText(s.High) + "]"})
		}
		if !found {
			found = true
			res.Verified = decimal.Min(declared, a)
		}
		res.Sources[i] = sr
	}
	res.VerifiedShare = math.Min(1, res.Verified.DivRound(declared, 12).InexactFloat64())
	return res, nil
}
