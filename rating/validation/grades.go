package validation

import (
	"math"
	"slices"
)

// Traffic-light thresholds on the one-sided p-value: below
// DefaultYellowLevel a grade is yellow, below DefaultRedLevel red. They are
// the 95 % and 99.9 % confidence levels of the Bundesbank's traffic-light
// approach (Tasche 2003).
const (
	DefaultYellowLevel = 0.05
	DefaultRedLevel    = 0.001
)

// DefaultMinGradeDefaults is the default number of observed defaults below
// which a grade's tests are reported as weak: with fewer, the binomial and
// Jeffreys tests have little power to reject a PD that is too low.
const DefaultMinGradeDefaults = 5

// GradeInput is one grade's back-testing data. The zero value is invalid
// (no obligors).
type GradeInput struct {
	Grade    string  // label, as the caller's master scale names it
	Obligors int     // obligors rated in the grade at the start of the period
	Defaults int     // of which defaulted within the period
	PD       float64 // forecast PD of the grade, a one-period fraction in [0, 1]
}

// GradeReportOptions tunes [ReportGrades]. The zero value uses the
// documented defaults.
type GradeReportOptions struct {
	Test        CalibrationTest // test for the light; zero value JeffreysLight
	YellowLevel float64         // p-value below which a grade is yellow; 0 means DefaultYellowLevel
	RedLevel    float64         // p-value below which a grade is red; 0 means DefaultRedLevel; must be < YellowLevel
	MinDefaults int             // defaults below which a grade is weak; 0 means DefaultMinGradeDefaults, −1 disables
}

// GradeRow is one line of the [GradeReport].
type GradeRow struct {
	Grade       string
	Obligors    int
	Defaults    int
	DefaultRate float64 // observed default rate Defaults/Obligors, a fraction
	PD          float64 // forecast PD, a fraction
	BinomialP   float64 // exact binomial test, one-sided (PD too low)
	Binomial2P  float64 // exact binomial test, two-sided
	JeffreysP   float64 // Jeffreys test, one-sided (PD too low)
	Light       Light
}

// GradeReport is the calibration report of a rating scale over one period.
type GradeReport struct {
	Rows  []GradeRow // in input order
	Total GradeRow   // all grades: PD is the obligor-weighted mean PD; tests as for one grade
	// Herfindahl is the concentration of obligors over grades, see
	// [Herfindahl]; HerfindahlNormalized rescales it to [0, 1].
	Herfindahl, HerfindahlNormalized float64
	Test                             CalibrationTest // test behind the lights
	YellowLevel, RedLevel            float64         // thresholds used
}

// ReportGrades tests each grade's PD against its observed default rate and
// assigns a traffic light:
//
//	Red    if p < RedLevel
//	Yellow if RedLevel ≤ p < YellowLevel
//	Green  otherwise
//
// where p is the one-sided p-value (alternative: the PD is too low) of the
// test opts.Test. The report also carries the two-sided binomial p-value,
// the portfolio total and the Herfindahl concentration of obligors.
//
// Shapes: at least one grade. Errors: ErrEmpty; ErrCount (obligors ≤ 0 or
// defaults outside [0, obligors]) and ErrProbability, with the grade's
// index; ErrOptions for invalid levels; ErrLimit when the total of
// obligors overflows int. Grades with fewer than
// opts.MinDefaults defaults give the report with a [*FewDefaultsWarning] listing
// them. Cost O(k log n).
//
// References:
//   - Tasche, D. (2003), A traffic lights approach to PD validation,
//     arXiv:cond-mat/0305038.
//   - European Central Bank (2019), Instructions for reporting the
//     validation results of internal models, section 2.5.3.1.
//   - Basel Committee on Banking Supervision (2005), Working Paper 14,
//     section IV.
func ReportGrades(grades []GradeInput, opts GradeReportOptions) (GradeReport, error) {
	if len(grades) == 0 {
		return GradeReport{}, emptyErr("grades", ErrEmpty)
	}
	yl, rl := opts.YellowLevel, opts.RedLevel
	if yl == 0 {
		yl = DefaultYellowLevel
	}
	if rl == 0 {
		rl = DefaultRedLevel
	}
	if !(yl > 0 && yl < 1) {
		return GradeReport{}, inputErr("opts.YellowLevel", -1, opts.YellowLevel, ErrOptions)
	}
	if !(rl > 0 && rl < yl) {
		return GradeReport{}, inputErr("opts.RedLevel", -1, opts.RedLevel, ErrOptions)
	}
	if opts.Test != JeffreysLight && opts.Test != BinomialLight {
		return GradeReport{}, intErr("opts.Test", int(opts.Test), ErrOptions)
	}
	minD := opts.MinDefaults
	if minD == 0 {
		minD = DefaultMinGradeDefaults
	}
	rep := GradeReport{Test: opts.Test, YellowLevel: yl, RedLevel: rl, Rows: make([]GradeRow, len(grades))}
	counts := make([]float64, len(grades))
	var weak []string
	minSeen := math.MaxInt
	var tot GradeRow
	var pdSum float64
	tot.Grade = "total"
	for i, g := range grades {
		if g.Obligors <= 0 {
			return GradeReport{}, intErr(at("grades", i)+".Obligors", g.Obligors, ErrCount)
		}
		if g.Defaults < 0 || g.Defaults > g.Obligors {
			return GradeReport{}, intErr(at("grades", i)+".Defaults", g.Defaults, ErrCount)
		}
		if !(g.PD >= 0 && g.PD <= 1) {
			return GradeReport{}, inputErr(at("grades", i)+".PD", -1, g.PD, ErrProbability)
		}
		row, err := gradeRow(g, rep)
		if err != nil {
			return GradeReport{}, err
		}
		rep.Rows[i] = row
		counts[i] = float64(g.Obligors)
		if tot.Obligors > math.MaxInt-g.Obligors {
			return GradeReport{}, intErr(at("grades", i)+".Obligors", g.Obligors, ErrLimit)
		}
		tot.Obligors += g.Obligors
		tot.Defaults += g.Defaults
		pdSum += g.PD * float64(g.Obligors)
		if minD > 0 && g.Defaults < minD {
			weak = append(weak, g.Grade)
			minSeen = min(minSeen, g.Defaults)
		}
	}
	tot.PD = min(pdSum/float64(tot.Obligors), 1)
	row, err := gradeRow(GradeInput{Grade: tot.Grade, Obligors: tot.Obligors, Defaults: tot.Defaults, PD: tot.PD}, rep)
	if err != nil {
		return GradeReport{}, err
	}
	rep.Total = row
	rep.Herfindahl, rep.HerfindahlNormalized, _ = Herfindahl(counts)
	if len(weak) > 0 {
		return rep, &FewDefaultsWarning{Stat: "grade report", Items: weak, Defaults: minSeen, MinDefaults: minD}
	}
	return rep, nil
}

func gradeRow(g GradeInput, rep GradeReport) (GradeRow, error) {
	r := GradeRow{Grade: g.Grade, Obligors: g.Obligors, Defaults: g.Defaults, PD: g.PD,
		DefaultRate: float64(g.Defaults) / float64(g.Obligors)}
	var err error
	if r.BinomialP, err = BinomialTest(g.Defaults, g.Obligors, g.PD, Greater); err != nil {
		return r, err
	}
	if r.Binomial2P, err = BinomialTest(g.Defaults, g.Obligors, g.PD, TwoSided); err != nil {
		return r, err
	}
	if r.JeffreysP, err = JeffreysTest(g.Defaults, g.Obligors, g.PD, Greater); err != nil {
		return r, err
	}
	p := r.JeffreysP
	if rep.Test == BinomialLight {
		p = r.BinomialP
	}
	switch {
	case p < rep.RedLevel:
		r.Light = Red
	case p < rep.YellowLevel:
		r.Light = Yellow
	}
	return r, nil
}

// TallyGrades aggregates obligor-level data into [GradeInput] values, one
// per distinct grade label, ordered by ascending mean PD (ties by label).
// The grade's PD is the mean of its obligors' PDs (equal to the master
// scale PD when all obligors carry it).
//
// Shapes: grades, pd and defaults must have the same length > 0. Errors:
// ErrEmpty, ErrLength, ErrProbability (with index). Inputs are not
// modified. Cost O(n + k log k).
func TallyGrades(grades []string, pd []float64, defaults []bool) ([]GradeInput, error) {
	if err := checkPD(pd, defaults); err != nil {
		return nil, err
	}
	if len(grades) != len(pd) {
		return nil, lenErr("grades", len(grades), ErrLength)
	}
	pos := map[string]int{}
	var out []GradeInput
	var sums []float64
	for i, g := range grades {
		k, ok := pos[g]
		if !ok {
			k = len(out)
			pos[g] = k
			out = append(out, GradeInput{Grade: g})
			sums = append(sums, 0)
		}
		out[k].Obligors++
		sums[k] += pd[i]
		if defaults[i] {
			out[k].Defaults++
		}
	}
	for k := range out {
		out[k].PD = min(sums[k]/float64(out[k].Obligors), 1)
	}
	slices.SortStableFunc(out, func(a, b GradeInput) int {
		switch {
		case a.PD < b.PD:
			return -1
		case a.PD > b.PD:
			return 1
		case a.Grade < b.Grade:
			return -1
		case a.Grade > b.Grade:
			return 1
		}
		return 0
	})
	return out, nil
}

// Herfindahl returns the Herfindahl–Hirschman index of a distribution over
// k grades and its normalised form:
//
//	HI  = Σᵢ sᵢ²,   sᵢ = cᵢ / Σc
//	HI* = (HI − 1/k) / (1 − 1/k)   (0 for k = 1)
//
// where cᵢ is the count (or exposure) in grade i. HI is in [1/k, 1], HI* in
// [0, 1]; 1 means everyone is in one grade. counts is not modified.
//
// Errors: ErrEmpty (no grades or a zero total), ErrCount (negative or
// non-finite count, with index, or a total that overflows float64).
//
// References:
//   - European Central Bank (2019), Instructions for reporting the
//     validation results of internal models, section 2.6 (concentration
//     in rating grades, Herfindahl index).
//   - Basel Committee on Banking Supervision (2005), Working Paper 14,
//     section III (rating grade concentration).
func Herfindahl(counts []float64) (hi, normalized float64, err error) {
	if len(counts) == 0 {
		return 0, 0, emptyErr("counts", ErrEmpty)
	}
	var t float64
	for i, c := range counts {
		if !(c >= 0) || math.IsInf(c, 1) {
			return 0, 0, inputErr("counts", i, c, ErrCount)
		}
		t += c
	}
	if t == 0 {
		return 0, 0, &InputError{Field: "counts", Value: "total 0", Err: ErrEmpty}
	}
	if math.IsInf(t, 0) { // finite counts whose sum overflows: not an empty input
		return 0, 0, &InputError{Field: "counts", Value: "total " + formatFloat(t), Err: ErrCount}
	}
	for _, c := range counts {
		s := c / t
		hi += s * s
	}
	k := float64(len(counts))
	if k > 1 {
		normalized = clamp01((hi - 1/k) / (1 - 1/k))
	}
	return min(hi, 1), normalized, nil
}
