package review

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// This file reproduces the documented output of the R package benford.analysis 0.1.5
// (C. Cinelli, GPL-3; https://github.com/carloscinelli/benford.analysis, commit
// 31a98c4fafaf801322a933a64700a9cf697f5ec1) on its data set corporate.payment: the 2010
// payments of a division of a West Coast utility, from Nigrini (2012), Benford's Law (Wiley).
// The amounts are in testdata/corporate-payment-amounts.txt.gz (see testdata/README.md).
//
// benford.analysis semantics, read in its R/ sources and matched here:
//   - sign = "positive" (the default) keeps data > 0: negative amounts are dropped by the test
//     before calling Benford, which rejects them; zeros are passed and Benford excludes them.
//   - No minimum: benford() does not drop values below 10; its testthat tests filter
//     Amount >= 10 themselves, reproduced with BenfordOptions.Min = 10.
//   - Leading digits are trunc(10^(n − 1 − floor(log10 x))·x) in binary floating point
//     (extract.digits). For amounts of at least 1 this agrees with the exact decimal digits
//     Benford reads; below 1 it can be one unit low (0.29 is read as 28). See rReadDigits.
//   - Chi-square, MAD over all 90 cells, KS distance and its critical value 1.36/√N are
//     defined as in BenfordTo; absolute.diff is |count − N·P(d)|; the summation ranking uses
//     |sum(d) − mean sum|, the same order as |Sums(d) − 1/90|.
// Figures benford.analysis prints that this package does not compute (mantissa moments, the
// mantissa arc test L2, the distortion factor, the second-order count, p-values, duplicates)
// are not compared.

// corporatePayments reads the 189,470 amounts of corporate.payment$Amount, in row order, as
// decimals and as the float64 values R holds (each text parses to exactly that double).
func corporatePayments(t *testing.T) ([]decimal.Decimal, []float64) {
	t.Helper()
	f, err := os.Open("testdata/corporate-payment-amounts.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ds []decimal.Decimal
	var fs []float64
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		d, err := decimal.NewFromString(sc.Text())
		if err != nil {
			t.Fatalf("line %d: %v", len(ds)+1, err)
		}
		x, err := strconv.ParseFloat(sc.Text(), 64)
		if err != nil {
			t.Fatalf("line %d: %v", len(ds)+1, err)
		}
		ds = append(ds, d)
		fs = append(fs, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// man/corporate.payment.Rd: "A data frame with 189470 rows and 4 variables".
	if len(ds) != 189470 {
		t.Fatalf("read %d amounts, want 189470 rows", len(ds))
	}
	return ds, fs
}

// nonNegative drops negative amounts, as benford.analysis' sign = "positive" does; zeros are
// kept for Benford to exclude.
func nonNegative(ds []decimal.Decimal, fs []float64) ([]decimal.Decimal, []float64) {
	var od []decimal.Decimal
	var of []float64
	for i, d := range ds {
		if d.Sign() >= 0 {
			od = append(od, d)
			of = append(of, fs[i])
		}
	}
	return od, of
}

// rReadDigits returns the amounts with each positive one replaced, where benford.analysis
// reads its first n (1 or 2) digits differently from its exact decimal digits, by the n-digit
// decimal it reads (0.29 becomes 0.28 for n = 2), and the indices replaced. benford.analysis
// extract.digits computes trunc(10^(n − 1 − floor(log10 x))·x) on the double x; floor(log10 x)
// is taken from the decimal (exact for these cents amounts, none of which is near a power of
// ten) and 10^k from math.Pow10, which like C pow is correctly rounded for |k| ≤ 22.
func rReadDigits(t *testing.T, ds []decimal.Decimal, fs []float64, n int) ([]decimal.Decimal, []int) {
	t.Helper()
	lo, hi, div := 10, 99, 1
	if n == 1 {
		lo, hi, div = 1, 9, 10
	}
	out := slices.Clone(ds)
	var changed []int
	for i, d := range ds {
		if d.Sign() <= 0 {
			continue
		}
		k := d.NumDigits() + int(d.Exponent()) - 1 // floor(log10 d)
		r := int(math.Trunc(math.Pow10(n-1-k) * fs[i]))
		if r < lo || r > hi {
			t.Fatalf("amount %v: R digits %d out of range", d, r)
		}
		if r != leadingTwo(d)/div {
			out[i] = decimal.New(int64(r), int32(k-n+1))
			changed = append(changed, i)
		}
	}
	return out, changed
}

// printedAs reports whether v printed with sig significant digits (R's print.htest and cat
// use 5 and 7) reads as printed.
func printedAs(v float64, sig int, printed string) bool {
	return strconv.FormatFloat(v, 'g', sig, 64) == printed
}

func TestBenfordCorporatePaymentREADME(t *testing.T) {
	// benford.analysis README.md (commit 31a98c4), "Example usage": the printed Benford object
	// of bfd.cp <- benford(corporate.payment$Amount), first two digits, every amount > 0.
	ds, fs := nonNegative(corporatePayments(t))
	in, changed := rReadDigits(t, ds, fs, 2)
	t.Logf("%d amounts read by benford.analysis one digit pair low (e.g. 0.29 as 28)", len(changed))
	r, err := Benford(in, FirstTwoDigits, BenfordOptions{})
	var w *BenfordWarning
	if !errors.As(err, &w) || w.Excluded != r.Excluded || r.Excluded == 0 {
		t.Errorf("err = %v, want a warning counting the excluded zero amounts", err)
	}
	// "Number of observations used = 185083"; "X-squared = 32094, df = 89".
	if r.N != 185083 {
		t.Errorf("N = %d, want 185083", r.N)
	}
	if !printedAs(r.ChiSquare, 5, "32094") || r.DF != 89 {
		t.Errorf("chi-square = %v df %d, want 32094 df 89", r.ChiSquare, r.DF)
	}
	// "D = 0.033195, critical value = 0.0031612".
	if !printedAs(r.KS, 5, "0.033195") || !printedAs(r.KSCritical, 5, "0.0031612") {
		t.Errorf("KS = %v critical %v, want 0.033195 critical 0.0031612", r.KS, r.KSCritical)
	}
	// "Mean Absolute Deviation (MAD): 0.002336614"; "MAD Conformity - Nigrini (2012):
	// Nonconformity".
	if !printedAs(r.MAD, 7, "0.002336614") || r.Conformity != Nonconformity {
		t.Errorf("MAD = %v %v, want 0.002336614 nonconformity", r.MAD, r.Conformity)
	}
	// "The 5 largest deviations": digits and absolute.diff = |count − N·P(d)|, rounded to 2.
	want := []struct {
		digits int
		diff   string
	}{{50, "5938.25"}, {11, "3331.98"}, {10, "2811.92"}, {14, "1043.68"}, {98, "889.95"}}
	idx := make([]int, len(r.Counts))
	for i := range idx {
		idx[i] = i
	}
	absDiff := func(i int) float64 { return math.Abs(float64(r.Counts[i]) - float64(r.N)*r.Expected[i]) }
	slices.SortStableFunc(idx, func(a, b int) int { return -cmp.Compare(absDiff(a), absDiff(b)) })
	for j, w := range want {
		i := idx[j]
		if got := strconv.FormatFloat(absDiff(i), 'f', 2, 64); r.Lo+i != w.digits || got != w.diff {
			t.Errorf("deviation %d: digits %d absolute.diff %s, want %d %s", j+1, r.Lo+i, got, w.digits, w.diff)
		}
	}
	// The same run on the exact decimal digits, for the record: the difference is the
	// benford.analysis floating-point reading of amounts below 1, not a different statistic.
	if exact, _ := Benford(ds, FirstTwoDigits, BenfordOptions{}); exact.N == r.N {
		t.Logf("exact digits: chi-square %.1f, MAD %.9f, KS %.6f", exact.ChiSquare, exact.MAD, exact.KS)
	}
}

func TestBenfordCorporatePaymentTestthat(t *testing.T) {
	// benford.analysis tests/testthat/test-benford.R (commit 31a98c4), "Corporate Payment 1
	// digit, only >=10" and "... 2 digits, only >=10": cp <- Amount[Amount >= 10];
	// expect length(cp) == 177763, MAD(benford(cp, 1)) equals 0.01464 and MAD(benford(cp, 2))
	// equals 0.00243 with tolerance 1e-03 (testthat/all.equal: relative difference), and
	// head(suspectsTable(bfd2, "abs.excess.summation"))$digits == c(15, 26, 10, 14, 11, 50).
	// Amounts of at least 10 are read alike by both packages, so the decimals go in as they are.
	ds, fs := nonNegative(corporatePayments(t))
	for _, n := range []int{1, 2} {
		_, changed := rReadDigits(t, ds, fs, n)
		for _, i := range changed {
			if !ds[i].LessThan(decimal.NewFromInt(10)) {
				t.Errorf("amount %v: benford.analysis reads other first %d digits", ds[i], n)
			}
		}
	}
	opt := BenfordOptions{Min: decimal.NewFromInt(10)}
	for _, c := range []struct {
		test DigitTest
		mad  float64
	}{{FirstDigit, 0.01464}, {FirstTwoDigits, 0.00243}} {
		r, err := Benford(ds, c.test, opt)
		var w *BenfordWarning
		if !errors.As(err, &w) || w.Excluded != len(ds)-177763 {
			t.Errorf("%v: err = %v, want a warning with %d excluded", c.test, err, len(ds)-177763)
		}
		if r.N != 177763 {
			t.Errorf("%v: N = %d, want 177763", c.test, r.N)
		}
		t.Logf("%v: MAD %.7f", c.test, r.MAD)
		if rel := math.Abs(r.MAD-c.mad) / c.mad; !(rel < 1e-3) {
			t.Errorf("%v: MAD = %.7f, want %v within relative 1e-3", c.test, r.MAD, c.mad)
		}
		if c.test != FirstTwoDigits {
			continue
		}
		idx := make([]int, len(r.Sums))
		for i := range idx {
			idx[i] = i
		}
		excess := func(i int) float64 { return math.Abs(r.Sums[i] - 1.0/90) }
		slices.SortStableFunc(idx, func(a, b int) int { return -cmp.Compare(excess(a), excess(b)) })
		got := make([]int, 6)
		for j := range got {
			got[j] = r.Lo + idx[j]
		}
		if want := []int{15, 26, 10, 14, 11, 50}; !slices.Equal(got, want) {
			t.Errorf("largest summation excesses at %v, want %v", got, want)
		}
	}
}
