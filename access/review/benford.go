package review

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxAmounts bounds the number of amounts one Benford test reads.
const MaxAmounts = 1 << 30

// DefaultMinCount is the sample size below which [Benford] returns a [*BenfordWarning] when
// [BenfordOptions].MinCount is zero. No published minimum was found (Nigrini 2012 gives none as
// a rule; Cerasa 2022, PLoS ONE e0271969, studies very small samples): 300 is this package's
// choice, so that each first-digit cell expects at least 13 amounts. Set MinCount to override.
const DefaultMinCount = 300

// BenfordOptions tunes [Benford]. The zero value counts every nonzero amount and warns below
// [DefaultMinCount].
type BenfordOptions struct {
	// Min excludes amounts below it (Nigrini 2012 §5 suggests 10 for the first-two-digits
	// test, as benford.analysis' tests do). Zero amounts are always excluded. Excluded amounts
	// are counted in [BenfordResult].Excluded and trigger a [*BenfordWarning]; none is dropped
	// silently. Must not be negative.
	Min decimal.Decimal
	// MinCount is the sample size below which a [*BenfordWarning] is returned; 0 means
	// [DefaultMinCount], a negative value disables the warning for small samples.
	MinCount int
}

// BenfordResult is the outcome of one Benford digit test. Slices are indexed by digit − Lo,
// where Lo is 1 (first digit), 0 (second digit) or 10 (first two digits); K = len(Counts) is 9,
// 10 or 90.
type BenfordResult struct {
	Test     DigitTest
	Lo       int       // the digit (or digit pair) at index 0
	N        int       // amounts counted
	Excluded int       // amounts left out: zero or below Min
	Counts   []int     // observed count per digit
	Expected []float64 // Benford proportion EP per digit
	Actual   []float64 // observed proportion AP = count/N per digit (all 0 when N = 0)
	// Z is the per-digit Z statistic with continuity correction,
	// (|AP−EP| − 1/(2N)) / sqrt(EP(1−EP)/N); the correction term is dropped when it exceeds
	// |AP−EP| (Nigrini 2012 §4; benford_py stats.Z_score).
	Z []float64
	// Sums is the summation test (Nigrini 2012 ch. 7; first-two-digits only, else nil): the
	// share of the total amount whose first two digits are each pair; Benford data expect
	// 1/90 each.
	Sums       []float64
	ChiSquare  float64 // Σ (O−E)²/E with E = N·EP
	DF         int     // K − 1
	MAD        float64 // (1/K) Σ |AP−EP|
	Conformity Conformity
	KS         float64 // max over digits of |cumsum(EP) − cumsum(AP)|
	KSCritical float64 // 1.36/√N, the 5 % critical value of KS (benford.analysis)
}

// BenfordWarning accompanies a [BenfordResult] that is computable but weak: fewer counted
// amounts than MinCount, or amounts excluded as zero or below the minimum. It unwraps to
// [ErrSmallSample].
type BenfordWarning struct {
	N, MinCount, Excluded int
}

// Error describes the weakness.
func (w *BenfordWarning) Error() string {
	return "review: benford test on " + strconv.Itoa(w.N) + " amounts (minimum " +
		strconv.Itoa(w.MinCount) + "), " + strconv.Itoa(w.Excluded) + " excluded: " + trimPrefix(ErrSmallSample)
}

// Unwrap returns [ErrSmallSample].
func (w *BenfordWarning) Unwrap() error { return ErrSmallSample }

// BenfordExpected returns Benford's expected proportions for test, indexed by digit − Lo:
// first digit P(d) = log10(1 + 1/d), d = 1..9; first two digits P(dd) = log10(1 + 1/dd),
// dd = 10..99; second digit P(k) = Σ_{j=1..9} log10(1 + 1/(10j + k)), k = 0..9. An invalid test
// gives nil.
//
// References: Nigrini (2012), Forensic Analytics, ch. 5; benford.analysis p.these.digits and
// p.this.digit.at.n.
func BenfordExpected(test DigitTest) []float64 {
	switch test {
	case FirstDigit:
		p := make([]float64, 9)
		for d := 1; d <= 9; d++ {
			p[d-1] = math.Log10(1 + 1/float64(d))
		}
		return p
	case SecondDigit:
		p := make([]float64, 10)
		for k := 0; k <= 9; k++ {
			for j := 1; j <= 9; j++ {
				p[k] += math.Log10(1 + 1/float64(10*j+k))
			}
		}
		return p
	case FirstTwoDigits:
		p := make([]float64, 90)
		for d := 10; d <= 99; d++ {
			p[d-10] = math.Log10(1 + 1/float64(d))
		}
		return p
	}
	return nil
}

// ZStat is the Z statistic of an observed proportion ap against the expected proportion ep
// in a sample of n: (|ap − ep| − 1/(2n)) / sqrt(ep(1 − ep)/n), the continuity correction 1/(2n)
// dropped when it exceeds |ap − ep| (so Z ≥ 0). It returns 0 for n ≤ 0, NaN inputs or ep
// outside (0, 1).
//
// References: Nigrini (2012), Forensic Analytics, §4 (Z with continuity correction);
// benford_py stats.Z_score; benford.analysis z.stat.bfd.
func ZStat(ap, ep float64, n int) float64 {
	if n <= 0 || !(ep > 0 && ep < 1) || math.IsNaN(ap) || math.IsInf(ap, 0) {
		return 0
	}
	fn := float64(n)
	diff := math.Abs(ap - ep)
	num := diff
	if cc := 1 / (2 * fn); cc < diff {
		num = diff - cc
	}
	return num / math.Sqrt(ep*(1-ep)/fn)
}

// madBands are the upper bounds of close, acceptable and marginal conformity (Nigrini 2012,
// Table 7.1). The table itself was not readable here; the bounds are those printed by
// benford_py (its _mad_ report text and constants.MAD_CONFORM), which agree with benford.analysis
// MAD.conformity except for the second-digit marginal bound, 0.011 there: this package
// follows benford_py's 0.012, the bound benford_py quotes as Nigrini's.
var madBands = [3][3]float64{
	FirstDigit:     {0.006, 0.012, 0.015},
	SecondDigit:    {0.008, 0.010, 0.012},
	FirstTwoDigits: {0.0012, 0.0018, 0.0022},
}

// ConformityOf classifies a mean absolute deviation for test by Nigrini's bands: first digit
// close ≤ 0.006 < acceptable ≤ 0.012 < marginal ≤ 0.015 < nonconformity; second digit 0.008,
// 0.010, 0.012; first two digits 0.0012, 0.0018, 0.0022. A NaN MAD or an invalid test gives
// [ConformityUnknown].
//
// References: Nigrini (2012), Forensic Analytics, Table 7.1; benford_py constants.MAD_CONFORM.
func ConformityOf(test DigitTest, mad float64) Conformity {
	if !test.IsValid() || math.IsNaN(mad) || mad < 0 {
		return ConformityUnknown
	}
	b := madBands[test]
	switch {
	case mad <= b[0]:
		return Close
	case mad <= b[1]:
		return Acceptable
	case mad <= b[2]:
		return Marginal
	}
	return Nonconformity
}

// Benford runs one digit test on amounts and returns the statistics. See [BenfordTo].
func Benford(amounts []decimal.Decimal, test DigitTest, opt BenfordOptions) (BenfordResult, error) {
	var r BenfordResult
	err := BenfordTo(&r, amounts, test, opt)
	return r, err
}

// BenfordTo is [Benford] writing into dst and reusing its slices. It reads the leading digits
// of each amount's decimal significand (so 5 and 5.00 both lead with "50"), counts them and
// computes expected and actual proportions, per-digit Z, chi-square (df = K − 1), MAD with its
// [Conformity], the Kolmogorov–Smirnov distance with its 5 % critical value 1.36/√N and, for
// [FirstTwoDigits], the summation test. O(n + K).
//
// Errors: [*InputError] with [ErrUnknown] for an invalid test, [ErrAmount] for a negative
// amount (Field "amounts[i]") or a negative Min, [ErrLimit] for more than [MaxAmounts] amounts;
// dst is then unspecified. A [*BenfordWarning] (errors.Is [ErrSmallSample]) comes with a full
// result when N < MinCount or amounts were excluded.
//
// References: Nigrini (2012), Forensic Analytics (Wiley), ch. 5 (digit tests), ch. 7
// (summation test, MAD bands); benford.analysis (C. Cinelli) and benford_py (M. Milcent) for
// the Z, chi-square and KS conventions.
func BenfordTo(dst *BenfordResult, amounts []decimal.Decimal, test DigitTest, opt BenfordOptions) error {
	if dst == nil {
		return &InputError{Field: "dst", Err: ErrMissingValue}
	}
	if !test.IsValid() {
		return &InputError{Field: "test", Value: strconv.Itoa(int(test)), Err: ErrUnknown}
	}
	if len(amounts) > MaxAmounts {
		return &InputError{Field: "amounts", Value: strconv.Itoa(len(amounts)), Err: ErrLimit}
	}
	if opt.Min.Sign() < 0 {
		return &InputError{Field: "min", Value: decimalText(opt.Min), Err: ErrAmount}
	}
	lo, k := 1, 9
	switch test {
	case SecondDigit:
		lo, k = 0, 10
	case FirstTwoDigits:
		lo, k = 10, 90
	}
	*dst = BenfordResult{Test: test, Lo: lo, DF: k - 1,
		Counts: resizeInt(dst.Counts, k), Expected: resizeF(dst.Expected, k),
		Actual: resizeF(dst.Actual, k), Z: resizeF(dst.Z, k)}
	copy(dst.Expected, expectedTables[test])
	var sums []float64
	if test == FirstTwoDigits {
		sums = resizeF(dst.Sums, k)
	}
	useMin := opt.Min.Sign() > 0
	// Hot loop (10⁷ amounts in the benchmark): a coefficient of up to 18 digits is read as
	// uint64, its digit count comes with NumDigits and its first two digits from one float
	// multiplication corrected by integer products, so no division or string is made; the
	// summation adds float64 amounts per pair, the total is summed from the pairs afterwards.
	var two [90]int
	for i := range amounts {
		a := &amounts[i]
		var d int
		if nd := a.NumDigits(); nd <= 18 {
			c := a.CoefficientInt64()
			if c <= 0 || (useMin && a.LessThan(opt.Min)) {
				if c < 0 {
					return &InputError{Field: idx("amounts", i), Value: decimalText(*a), Err: ErrAmount}
				}
				dst.Excluded++
				continue
			}
			d = leadingTwoN(uint64(c), nd)
			if sums != nil {
				f := float64(c)
				if e := a.Exponent(); c < 1<<53 && e >= -22 && e <= 22 {
					// exactly rounded: c and 10^|e| are exact floats
					if e < 0 {
						f /= pow10f[-e]
					} else {
						f *= pow10f[e]
					}
				} else {
					f = a.InexactFloat64()
				}
				sums[d-10] += f
			}
		} else {
			s := a.Sign()
			if s < 0 {
				return &InputError{Field: idx("amounts", i), Value: decimalText(*a), Err: ErrAmount}
			}
			if useMin && a.LessThan(opt.Min) {
				dst.Excluded++
				continue
			}
			d = leadingTwo(*a)
			if sums != nil {
				sums[d-10] += a.InexactFloat64()
			}
		}
		two[d-10]++
	}
	var total float64
	for _, x := range sums {
		total += x
	}
	n := 0
	for i, c := range two {
		n += c
		dd := i + 10
		switch test {
		case FirstDigit:
			dst.Counts[dd/10-1] += c
		case SecondDigit:
			dst.Counts[dd%10] += c
		case FirstTwoDigits:
			dst.Counts[i] = c
		}
	}
	dst.N = n
	if sums != nil && total > 0 && !math.IsInf(total, 0) {
		for i := range sums {
			sums[i] /= total
		}
		dst.Sums = sums
	} else if sums != nil {
		clear(sums)
		dst.Sums = sums
	}
	if n > 0 {
		fn := float64(n)
		var cumE, cumA float64
		for i := 0; i < k; i++ {
			ep := dst.Expected[i]
			ap := float64(dst.Counts[i]) / fn
			dst.Actual[i] = ap
			diff := math.Abs(ap - ep)
			dst.MAD += diff
			e := fn * ep
			o := float64(dst.Counts[i])
			dst.ChiSquare += (o - e) * (o - e) / e
			dst.Z[i] = ZStat(ap, ep, n)
			cumE += ep
			cumA += ap
			if d := math.Abs(cumE - cumA); d > dst.KS {
				dst.KS = d
			}
		}
		dst.MAD /= float64(k)
		dst.KSCritical = 1.36 / math.Sqrt(fn)
		dst.Conformity = ConformityOf(test, dst.MAD)
	}
	minCount := opt.MinCount
	if minCount == 0 {
		minCount = DefaultMinCount
	}
	if (minCount > 0 && n < minCount) || dst.Excluded > 0 {
		return &BenfordWarning{N: n, MinCount: max(minCount, 0), Excluded: dst.Excluded}
	}
	return nil
}

var expectedTables = [3][]float64{
	FirstDigit:     BenfordExpected(FirstDigit),
	SecondDigit:    BenfordExpected(SecondDigit),
	FirstTwoDigits: BenfordExpected(FirstTwoDigits),
}

var pow10 = [20]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
	1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// leadingTwo returns the first two significant digits (10..99) of a positive decimal; a
// one-digit significand d gives 10·d.
func leadingTwo(a decimal.Decimal) int {
	if a.NumDigits() <= 18 {
		return leadingTwoU(uint64(a.CoefficientInt64()))
	}
	s := a.Coefficient().String()
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

var pow10f = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
	1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func leadingTwoU(c uint64) int {
	// number of decimal digits of 0 < c < 2^63, from its bit length.
	n := (bits.Len64(c)*1233)>>12 + 1
	if c < pow10[n-1] {
		n--
	}
	return leadingTwoN(c, n)
}

// leadingTwoN returns the first two digits of 0 < c < 2^63 with nd decimal digits: 10·c for one
// digit, else ⌊c / 10^(nd−2)⌋, estimated by a float multiplication (relative error below
// 2⁻⁵⁰, so off by at most one) and corrected with exact integer products.
func leadingTwoN(c uint64, nd int) int {
	if nd <= 2 {
		if nd == 1 {
			return int(c) * 10
		}
		return int(c)
	}
	p := pow10[nd-2]
	d := uint64(float64(int64(c)) * invPow10[nd-2])
	if d*p > c {
		d--
	} else if (d+1)*p <= c {
		d++
	}
	return int(d)
}

var invPow10 = [20]float64{1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10,
	1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19}

func resizeF(s []float64, k int) []float64 {
	if cap(s) >= k {
		s = s[:k]
		clear(s)
		return s
	}
	return make([]float64, k)
}

func resizeInt(s []int, k int) []int {
	if cap(s) >= k {
		s = s[:k]
		clear(s)
		return s
	}
	return make([]int, k)
}
