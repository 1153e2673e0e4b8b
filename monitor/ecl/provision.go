package ecl

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxBuckets bounds the DPD buckets of a provision matrix.
const MaxBuckets = 64

// ProvisionMatrixSpec is the document (kind "ecl-provision-matrix") of a provision matrix for
// the simplified approach: lifetime loss rates by days-past-due bucket.
type ProvisionMatrixSpec struct {
	Kind    string       `json:"kind"`    // "ecl-provision-matrix"
	Version string       `json:"version"` // author's label of this revision
	Buckets []BucketSpec `json:"buckets"` // 1 … MaxBuckets buckets, MinDPD strictly increasing from 0
}

// BucketSpec is one DPD bucket: it holds balances with MinDPD ≤ DPD < the next bucket's
// MinDPD (the last bucket is open-ended).
type BucketSpec struct {
	Name     string  `json:"name"`     // label, e.g. "31-60"
	MinDPD   int     `json:"minDPD"`   // first DPD of the bucket, 0 … MaxDPD
	LossRate float64 `json:"lossRate"` // lifetime loss rate, a fraction in [0, 1]
}

// ProvisionMatrix is a compiled [ProvisionMatrixSpec]. It is immutable and safe for concurrent
// use; the zero value is not usable (build one with [CompileProvisionMatrix]).
type ProvisionMatrix struct{ spec ProvisionMatrixSpec }

// ParseProvisionMatrix decodes a document strictly (size ≤ [MaxDocumentBytes], kind
// "ecl-provision-matrix", no unknown or duplicate members, a non-blank "version"). It returns
// a [*SpecError] on failure: at path "version" for a version absent, empty or blank, as in
// every loader of the library.
func ParseProvisionMatrix(data []byte) (ProvisionMatrixSpec, error) {
	var s ProvisionMatrixSpec
	if err := decode(data, &s, KindProvisionMatrix); err != nil {
		return ProvisionMatrixSpec{}, err
	}
	if err := checkVersion(s.Version); err != nil {
		return ProvisionMatrixSpec{}, err
	}
	return s, nil
}

// LoadProvisionMatrix is [ParseProvisionMatrix] followed by [CompileProvisionMatrix].
func LoadProvisionMatrix(data []byte) (*ProvisionMatrix, error) {
	s, err := ParseProvisionMatrix(data)
	if err != nil {
		return nil, err
	}
	return CompileProvisionMatrix(s)
}

// CompileProvisionMatrix checks spec (kind, 1 … MaxBuckets buckets, first MinDPD 0 and strictly
// increasing, loss rates in [0, 1]) and returns the matrix; defects are joined [*SpecError]s
// naming the member ("buckets[2].lossRate"). The spec is copied.
func CompileProvisionMatrix(spec ProvisionMatrixSpec) (*ProvisionMatrix, error) {
	var p problems
	if spec.Kind != KindProvisionMatrix {
		p.add("kind", ErrInvalidSpec, strconv.Quote(cut(spec.Kind))+", want "+strconv.Quote(KindProvisionMatrix))
	}
	if n := len(spec.Buckets); n < 1 || n > MaxBuckets {
		p.add("buckets", ErrValue, strconv.Itoa(n)+" buckets: want 1 … 64")
	}
	for i, b := range spec.Buckets {
		if i >= MaxBuckets {
			break
		}
		path := idx("buckets", i)
		switch {
		case i == 0 && b.MinDPD != 0:
			p.add(path+".minDPD", ErrValue, strconv.Itoa(b.MinDPD)+": the first bucket starts at 0")
		case i > 0 && b.MinDPD <= spec.Buckets[i-1].MinDPD:
			p.add(path+".minDPD", ErrValue, strconv.Itoa(b.MinDPD)+": not above the previous bucket's")
		case b.MinDPD > MaxDPD:
			p.add(path+".minDPD", ErrValue, strconv.Itoa(b.MinDPD)+": above 36500")
		}
		if !(b.LossRate >= 0 && b.LossRate <= 1) {
			p.add(path+".lossRate", ErrProbability, fval(b.LossRate))
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	spec.Buckets = append([]BucketSpec(nil), spec.Buckets...)
	return &ProvisionMatrix{spec: spec}, nil
}

// Spec returns a copy of the matrix's document. A nil matrix gives the zero spec.
func (m *ProvisionMatrix) Spec() ProvisionMatrixSpec {
	if m == nil {
		return ProvisionMatrixSpec{}
	}
	s := m.spec
	s.Buckets = append([]BucketSpec(nil), s.Buckets...)
	return s
}

// Bucket returns the index of the bucket holding dpd (≥ 0), or -1 for a negative dpd (or a nil
// matrix). O(log b).
func (m *ProvisionMatrix) Bucket(dpd int) int {
	if dpd < 0 || m == nil || len(m.spec.Buckets) == 0 {
		return -1
	}
	lo, hi := 0, len(m.spec.Buckets)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.spec.Buckets[mid].MinDPD <= dpd {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// ProvisionLine is one bucket of a [ProvisionResult].
type ProvisionLine struct {
	Name      string
	LossRate  float64
	Gross     Cents // gross carrying amount in the bucket
	Allowance Cents // Gross × LossRate, rounded once (half to even) to the cent
}

// ProvisionResult is the outcome of [ProvisionMatrix.Apply]: one line per bucket, in bucket
// order, and the totals (exact sums of the lines).
type ProvisionResult struct {
	Lines     []ProvisionLine
	Gross     Cents
	Allowance Cents
}

// Apply applies the matrix to gross carrying amounts already grouped by bucket (len(gross) ==
// number of buckets, each ≥ 0): lifetime ECL per bucket = gross × loss rate, rounded to the cent
// per bucket, total = Σ buckets. It returns an [*InputError] naming the bucket ("gross[2]").
// Use [ProvisionMatrix.Bucket] to group balances by DPD. O(b).
//
// References:
//   - IFRS 9 5.5.15 (lifetime ECL always for trade receivables without a significant financing
//     component), B5.5.35 (a provision matrix as a practical expedient), IE74–IE77 (Example 12).
func (m *ProvisionMatrix) Apply(gross []decimal.Decimal) (ProvisionResult, error) {
	var r ProvisionResult
	if m == nil {
		return r, inputErr("matrix", "nil", ErrValue)
	}
	if len(gross) != len(m.spec.Buckets) {
		return r, inputErr("gross", strconv.Itoa(len(gross))+" amounts for "+strconv.Itoa(len(m.spec.Buckets))+" buckets", ErrPeriods)
	}
	r.Lines = make([]ProvisionLine, len(gross))
	for i, g := range gross {
		c, ok := toCents(g)
		if !ok || c < 0 {
			return ProvisionResult{}, inputErr(idx("gross", i), dval(g), ErrAmount)
		}
		b := m.spec.Buckets[i]
		a := allowanceOf(c, b.LossRate)
		r.Lines[i] = ProvisionLine{Name: b.Name, LossRate: b.LossRate, Gross: c, Allowance: a}
		r.Gross += c
		r.Allowance += a
	}
	return r, nil
}

// allowanceOf returns c × rate rounded half to even to the cent, computed exactly in decimal
// (the rate's shortest decimal form), so 2,500 × 4.5 % is 112.50 exactly.
func allowanceOf(c Cents, rate float64) Cents {
	v := decimal.New(int64(c), -2).Mul(decimal.NewFromFloat(rate)).RoundBank(2)
	return Cents(v.Shift(2).IntPart())
}

// LossRatesFromRollRates derives lifetime loss rates by bucket from roll rates (the chain-ladder
// or "roll-rate" method): roll[b] is the share of the balance in bucket b that rolls into bucket
// b+1 one period later, and roll[B−1] the share of the last bucket written off. A balance in
// bucket b is lost if it rolls through every later bucket:
//
//	lossRate[b] = Π_{j=b..B−1} roll[j]
//
// Every roll rate must be in [0, 1]; 1 … MaxBuckets of them. O(B).
//
// References:
//   - IFRS 9 B5.5.35 (provision matrix from historical loss experience); the product of
//     successive roll rates is the usual roll-rate (flow-rate) method of deriving it.
func LossRatesFromRollRates(roll []float64) ([]float64, error) {
	if len(roll) < 1 || len(roll) > MaxBuckets {
		return nil, inputErr("roll", strconv.Itoa(len(roll))+" rates", ErrPeriods)
	}
	out := make([]float64, len(roll))
	p := 1.0
	for b := len(roll) - 1; b >= 0; b-- {
		if err := checkProb(idx("roll", b), roll[b]); err != nil {
			return nil, err
		}
		p *= roll[b]
		out[b] = p
	}
	return out, nil
}
