package portfolio

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// MaxGrades bounds the rows and columns of a migration matrix.
const MaxGrades = 100

// rowSumTol is how far a row of a migration matrix may sum from 1 before it is refused.
const rowSumTol = 1e-3

// StressMigration shifts a through-the-cycle (TTC) rating migration matrix by the systematic
// factor z of the one-factor model. ttc[i][j] is the probability that an obligor in grade i
// is in grade j one period later; columns run from the best grade to the worst, and the last
// column is default. ttc may have fewer rows than columns (the default row is often left out);
// a row that is all default stays so. Each row is binned on a standard normal credit-quality
// variable X = √ρ·Z + √(1−ρ)·ε: the thresholds are the normal quantiles of the row's cumulative
// probabilities from the worst grade up,
//
//	b[i][j] = Φ⁻¹( Σ_{k≥j} ttc[i][k] )                    (j ≥ 1; the move is to j or worse)
//	C[i][j] = Φ( (b[i][j] − √ρ·z) / √(1−ρ) ),  C[i][0] = 1,  C[i][n] = 0
//	out[i][j] = C[i][j] − C[i][j+1]
//
// so each row of the result is a probability vector (its entries telescope to 1, up to
// floating-point rounding) and its default column is [ConditionalPD] of the row's TTC default
// rate. A negative z is a downturn: downgrades and defaults rise and upgrades fall as z falls.
// Each row is first divided by its sum.
//
// Special cases:
//
//	rho = 0: the result is ttc (rows divided by their sums), up to rounding
//	z = 0: NOT ttc; it is the matrix at the mean factor, Φ(b/√(1−ρ)) cumulated, which has fewer
//	       migrations than ttc. ttc is the average of the result over Z ~ N(0, 1).
//	a TTC probability of 0 or 1 in the cumulative stays 0 or 1 for every z
//
// Errors: ttc empty, ragged, with more rows than columns or more than [MaxGrades] columns
// ([ErrSize]); an entry negative, above 1 or NaN, or a row summing more than 10⁻³ away from 1
// (published matrices are rounded) ([ErrProbability], field "ttc[i][j]" or "ttc[i]"); rho
// outside [0, 1) ([ErrCorrelation]); z not finite ([ErrValue]). ttc is not modified.
// O(rows·columns).
//
// References: B. Belkin, S. Suchower and L. R. Forest, "A one-parameter representation of
// credit risk and transition matrices", CreditMetrics Monitor, Third Quarter 1998;
// J. P. Morgan, CreditMetrics Technical Document (1997), ch. 8 (asset-value thresholds of
// rating migration); MathWorks, Financial Toolbox, transprobtothresholds (threshold
// convention).
func StressMigration(ttc [][]float64, rho, z float64) ([][]float64, error) {
	if err := checkMigration("ttc", ttc); err != nil {
		return nil, err
	}
	if !(rho >= 0 && rho < 1) {
		return nil, inputErr("rho", fval(rho), ErrCorrelation)
	}
	if math.IsNaN(z) || math.IsInf(z, 0) {
		return nil, inputErr("z", fval(z), ErrValue)
	}
	cum := cumulative(ttc)
	out := make([][]float64, len(ttc))
	for i := range out {
		out[i] = make([]float64, len(ttc[i]))
		conditionalRow(out[i], cum[i], rho, z)
	}
	return out, nil
}

// checkMigration validates a migration matrix named field.
func checkMigration(field string, m [][]float64) error {
	if len(m) == 0 {
		return inputErr(field, "len 0", ErrSize)
	}
	n := len(m[0])
	if n < 2 || n > MaxGrades || len(m) > n {
		return inputErr(field, strconv.Itoa(len(m))+"×"+strconv.Itoa(n), ErrSize)
	}
	for i, row := range m {
		f := idx(field, i)
		if len(row) != n {
			return inputErr(f, "len "+strconv.Itoa(len(row)), ErrSize)
		}
		var s float64
		for j, p := range row {
			if !(p >= 0 && p <= 1) {
				return inputErr(idx(f, j), fval(p), ErrProbability)
			}
			s += p
		}
		if math.Abs(s-1) > rowSumTol {
			return inputErr(f, "sum "+fval(s), ErrProbability)
		}
	}
	return nil
}

// cumulative returns, for each row, the probabilities of ending in grade j or worse, summed
// from the worst grade up and divided by the row sum, with cum[i][0] = 1.
func cumulative(m [][]float64) [][]float64 {
	cum := make([][]float64, len(m))
	for i, row := range m {
		c := make([]float64, len(row))
		var s float64
		for j := len(row) - 1; j >= 0; j-- {
			s += row[j]
			c[j] = s
		}
		for j := range c {
			c[j] = min(1, c[j]/s)
		}
		c[0] = 1
		cum[i] = c
	}
	return cum
}

// conditionalRow fills dst with the conditional migration probabilities of one row with
// cumulative probabilities cum at factor z.
func conditionalRow(dst, cum []float64, rho, z float64) {
	n := len(cum)
	next := 0.0 // C[n] = 0
	for j := n - 1; j >= 0; j-- {
		c := 1.0
		if j > 0 {
			c = conditionalPD(cum[j], rho, z)
		}
		dst[j] = max(0, c-next)
		next = max(c, next)
	}
}

// thresholds returns the credit-quality thresholds b[i][j] = Φ⁻¹(cum[i][j]) for j ≥ 1 (b[i][0]
// = +Inf; a cumulative 0 gives −Inf). Exposed to tests, which check it against MathWorks'
// transprobtothresholds.
func thresholds(m [][]float64) [][]float64 {
	cum := cumulative(m)
	for _, c := range cum {
		c[0] = math.Inf(1)
		for j := 1; j < len(c); j++ {
			c[j] = distuv.UnitNormal.Quantile(c[j])
		}
	}
	return cum
}

// FitMigrationZ returns the systematic factor Z of one period's observed migration matrix
// relative to the through-the-cycle matrix ttc at asset correlation rho: the z in
// [−MaxFitZ, MaxFitZ] that minimises the weighted least-squares distance of Belkin, Suchower
// and Forest between observed and [StressMigration](ttc, rho, z),
//
//	S(z) = Σ_i Σ_j n_i · (obs[i][j] − P[i][j](z))² / ( P[i][j](z) · (1 − P[i][j](z)) )
//
// where n_i = counts[i] is the number of obligors that started the period in grade i (the
// binomial variance of the observed frequency sets each weight); counts nil weights every row
// equally. Cells with P(z) at 0 or 1 are left out. The minimum is found by a scan of 401
// points followed by golden-section refinement to 10⁻¹⁰; it is exact when observed is itself a
// conditional matrix of ttc. A negative Z is a worse than average year. Where S does not
// depend on z (rho = 0, or every row absorbing) the result is 0.
//
// Errors: as [StressMigration] for ttc and observed (same shape), rho and z; counts not nil
// and of another length than the rows, or negative, or all zero ([ErrSize], [ErrValue]).
// O(rows·columns) per evaluation, about 450 evaluations.
//
// References: B. Belkin, S. Suchower and L. R. Forest, "A one-parameter representation of
// credit risk and transition matrices", CreditMetrics Monitor, Third Quarter 1998 (estimation
// of Z by year from annual S&P and Moody's matrices).
func FitMigrationZ(ttc, observed [][]float64, counts []int64, rho float64) (float64, error) {
	if err := checkMigration("ttc", ttc); err != nil {
		return 0, err
	}
	if err := checkMigration("observed", observed); err != nil {
		return 0, err
	}
	if len(observed) != len(ttc) || len(observed[0]) != len(ttc[0]) {
		return 0, inputErr("observed", strconv.Itoa(len(observed))+"×"+strconv.Itoa(len(observed[0])), ErrSize)
	}
	if !(rho >= 0 && rho < 1) {
		return 0, inputErr("rho", fval(rho), ErrCorrelation)
	}
	w := make([]float64, len(ttc))
	if counts == nil {
		for i := range w {
			w[i] = 1
		}
	} else {
		if len(counts) != len(ttc) {
			return 0, inputErr("counts", "len "+strconv.Itoa(len(counts)), ErrSize)
		}
		var t int64
		for i, c := range counts {
			if c < 0 {
				return 0, inputErr(idx("counts", i), strconv.FormatInt(c, 10), ErrValue)
			}
			t += c
			w[i] = float64(c)
		}
		if t <= 0 {
			return 0, inputErr("counts", "all zero", ErrValue)
		}
	}
	cum := cumulative(ttc)
	obs := make([][]float64, len(observed))
	for i, c := range cumulative(observed) {
		// Observed probabilities, divided by the row sum, as differences of the cumulative.
		obs[i] = make([]float64, len(c))
		for j := range c {
			next := 0.0
			if j+1 < len(c) {
				next = c[j+1]
			}
			obs[i][j] = max(0, c[j]-next)
		}
	}
	row := make([]float64, len(ttc[0]))
	s := func(z float64) float64 {
		var t float64
		for i := range cum {
			if w[i] == 0 {
				continue
			}
			conditionalRow(row, cum[i], rho, z)
			for j, p := range row {
				if p <= 0 || p >= 1 {
					continue
				}
				d := obs[i][j] - p
				t += w[i] * d * d / (p * (1 - p))
			}
		}
		return t
	}
	if rho == 0 {
		return 0, nil // S does not depend on z
	}
	return minimise1D(s, -MaxFitZ, MaxFitZ, 400), nil
}

// MaxFitZ bounds the factor [FitMigrationZ] returns: |Z| ≤ 6 (a one-in-a-billion year).
const MaxFitZ = 6.0

// minimise1D returns the minimiser of f on [lo, hi]: the best of n+1 grid points, then
// golden-section search on the bracket around it.
func minimise1D(f func(float64) float64, lo, hi float64, n int) float64 {
	h := (hi - lo) / float64(n)
	best, fb := lo, f(lo)
	fmax := fb
	for k := 1; k <= n; k++ {
		x := lo + float64(k)*h
		v := f(x)
		if v < fb {
			best, fb = x, v
		}
		fmax = max(fmax, v)
	}
	if fmax == fb { // flat: no information, the midpoint
		return (lo + hi) / 2
	}
	a, b := max(lo, best-h), min(hi, best+h)
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for b-a > 1e-10 {
		if fc <= fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	x := (a + b) / 2
	if f(x) <= fb {
		return x
	}
	return best
}
