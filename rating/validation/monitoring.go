package validation

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Default p-value thresholds of the monitoring report's traffic lights,
// the lower edges of optbinning's report bins [0, 0.05) and [0.05, 0.10).
const (
	DefaultRedP    = 0.05 // p-value below which a test is red
	DefaultYellowP = 0.10 // p-value below which a test is yellow
)

// Sources named in the monitoring report.
const (
	SourcePSI       = "PSI bands 0.10/0.25: Siddiqi (2017) ch. 14; optbinning ScorecardMonitoring"
	SourceCSI       = "characteristic stability, PSI formula per variable: Siddiqi (2017) ch. 14"
	SourceChiSquare = "Pearson chi-square 2x2, 1 df, no continuity correction: optbinning ScorecardMonitoring.tests_table"
	SourceDeLong    = "DeLong, DeLong and Clarke-Pearson (1988), Biometrics 44(3)"
	SourceAUCChange = "unpaired z-test on DeLong SEs: DeLong et al. (1988) sec. 3; Hanley and McNeil (1983)"
)

// EventRateTest is Pearson's chi-square test of equal event rates in one
// bin of the development and the current sample. The zero value is not a
// valid result.
type EventRateTest struct {
	DevCount, DevEvents float64 // development rows and events in the bin
	CurCount, CurEvents float64 // current rows and events in the bin
	DevRate, CurRate    float64 // event rates, fractions; 0 for an empty bin
	// Tested is false when the test is undefined: the bin is empty in one
	// sample, or its pooled event rate is 0 or 1. Then ChiSquare is 0 and
	// PValue is 1.
	Tested    bool
	ChiSquare float64 // statistic, ≥ 0, 1 degree of freedom
	PValue    float64 // upper-tail p-value, in [0, 1]
}

// CompareEventRates tests whether a bin's event rate changed between the
// development sample (devEvents of devCount rows) and the current sample
// (curEvents of curCount rows). With a = devEvents, b = devCount − a,
// c = curEvents, d = curCount − c and N = a + b + c + d,
//
//	χ² = N·(a·d − b·c)² / ((a + b)(c + d)(a + c)(b + d)),   1 degree of freedom
//
// without continuity correction, as optbinning's monitoring tests table
// (scipy's chi2_contingency with correction=False). Counts may be weights.
//
// Special cases: an empty sample or a pooled event rate of 0 or 1 gives
// Tested false, χ² = 0 and p = 1 (no evidence of a change). Errors:
// ErrCount, naming the argument, for a negative or non-finite count or
// events above the count. Cost O(1).
//
// References:
//   - Pearson, K. (1900), Philosophical Magazine 50(302), 157–175.
//   - Agresti, A. (2013), Categorical Data Analysis, 3rd ed., Wiley,
//     section 3.2 (chi-square test of independence, 2×2 form).
//   - optbinning, ScorecardMonitoring.tests_table (Navas-Palencia 2020).
func CompareEventRates(devEvents, devCount, curEvents, curCount float64) (EventRateTest, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{{"devEvents", devEvents}, {"devCount", devCount}, {"curEvents", curEvents}, {"curCount", curCount}} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			return EventRateTest{}, inputErr(f.name, -1, f.v, ErrCount)
		}
	}
	if devEvents > devCount {
		return EventRateTest{}, inputErr("devEvents", -1, devEvents, ErrCount)
	}
	if curEvents > curCount {
		return EventRateTest{}, inputErr("curEvents", -1, curEvents, ErrCount)
	}
	t := EventRateTest{DevCount: devCount, DevEvents: devEvents, CurCount: curCount, CurEvents: curEvents, PValue: 1}
	if devCount > 0 {
		t.DevRate = devEvents / devCount
	}
	if curCount > 0 {
		t.CurRate = curEvents / curCount
	}
	a, b := devEvents, devCount-devEvents
	c, d := curEvents, curCount-curEvents
	ev, non := a+c, b+d
	if devCount == 0 || curCount == 0 || ev == 0 || non == 0 {
		return t, nil
	}
	n := devCount + curCount
	// Written as a product of ratios so that large weights do not overflow.
	r := (a*d - b*c) / devCount / curCount
	t.ChiSquare = n * r * (devCount / ev) * (curCount / non) * r
	if math.IsNaN(t.ChiSquare) || math.IsInf(t.ChiSquare, 0) {
		return t, inputErr("devCount", -1, devCount, ErrCount)
	}
	t.Tested = true
	t.PValue = clamp01(distuv.ChiSquared{K: 1}.Survival(t.ChiSquare))
	return t, nil
}

// MonitorSample is one sample for [Monitor]: the scorecard's scores, the
// outcomes, and each model variable's bin per row. The zero value is an
// empty sample (invalid).
type MonitorSample struct {
	Scores   []float64 // score per row, finite
	Defaults []bool    // outcome per row, true = default (event); len(Scores)
	// Bins[j][i] is the index of the bin of variable j that row i falls
	// into, in [0, MaxBins); each Bins[j] has len(Scores) elements. Bin
	// indices are those of the scorecard's binning tables (special and
	// missing bins included), the same in both samples.
	Bins [][]int
}

// MonitorOptions tunes [Monitor]. Order is required; every other zero
// field means its documented default.
type MonitorOptions struct {
	Order ScoreOrder // which end of the score is risky; required
	// Variables names the variables of MonitorSample.Bins, one per element;
	// nil means "x0", "x1", ….
	Variables []string
	// ScoreCuts are ascending score bin edges (bins closed on the left);
	// nil means ScoreBins quantile bins of the development scores
	// ([QuantileCuts]).
	ScoreCuts []float64
	ScoreBins int // quantile score bins when ScoreCuts is nil; 0 means 10

	Stability StabilityOptions // empty-bin policy of PSI and CSI (Bins and Cuts are ignored)
	// RedP and YellowP are the p-value thresholds of the tests' lights
	// (0 means DefaultRedP 0.05 and DefaultYellowP 0.10); 0 < RedP ≤
	// YellowP < 1.
	RedP, YellowP float64
}

// StabilityCheck is a PSI or CSI with its traffic light and source.
type StabilityCheck struct {
	Stability        // index, band and per-bin counts and contributions
	Light     Light  // Stable green, Investigate yellow, Significant red
	Source    string // reference for the index and its bands
}

// BinTest is one bin's event-rate test with its light.
type BinTest struct {
	Bin int // bin index (score bin or variable bin)
	EventRateTest
	Light Light // by the p-value against MonitorOptions.RedP and YellowP; green when not Tested
}

// VariableMonitor is the monitoring of one model variable.
type VariableMonitor struct {
	Name  string
	CSI   StabilityCheck // characteristic stability over the variable's bins
	Tests []BinTest      // event-rate test per bin, in bin order
	Light Light          // worst of CSI.Light and the tests' lights
}

// AUCCheck is the AUC of both samples and the test of its change.
type AUCCheck struct {
	Dev, Cur AUCEstimate // AUC with DeLong and Hanley–McNeil standard errors
	Change   AUCChange   // current minus development, unpaired z-test
	// Light is red when the AUC fell significantly at RedP, yellow when
	// it fell at YellowP, green otherwise (a rise is never flagged).
	Light  Light
	Source string
}

// MonitorReport is the scorecard monitoring report of [Monitor]: the
// system stability report of Siddiqi (2017, ch. 14) with optbinning's
// tests. The zero value is not a valid report.
type MonitorReport struct {
	DevN, CurN int // rows of each sample

	System      StabilityCheck // PSI of the score over the score bins
	ScoreTests  []BinTest      // event-rate test per score bin
	TestsSource string         // reference of the event-rate tests and their lights
	Variables   []VariableMonitor
	AUC         AUCCheck

	// Light is the worst light of the report.
	Light Light
	// Warnings holds the warnings met on the way (a [*OneBinWarning] for a
	// variable or score with one bin, a [*FewDefaultsWarning] for an AUC
	// on few defaults); the report is complete regardless.
	Warnings []error
}

// Monitor compares a scorecard's use on a current sample with its
// development sample, as optbinning's ScorecardMonitoring and Siddiqi's
// system stability and characteristic analysis reports do:
//
//   - System: the PSI of the score over score bins (ScoreCuts, or deciles of
//     the development scores), banded at 0.10 and 0.25 ([BandOf]) and
//     lit green / yellow / red;
//   - ScoreTests and each variable's Tests: the chi-square test of equal
//     event rates per bin ([CompareEventRates]), lit red below RedP and
//     yellow below YellowP;
//   - Variables: the CSI of each variable over its bins ([CSI]);
//   - AUC: both samples' AUC with DeLong standard errors ([EstimateAUC]),
//     and the unpaired z-test of the change ([CompareAUC]).
//
// Shapes: both samples non-empty; within a sample Defaults and every
// Bins[j] have len(Scores) elements; both samples have the same number of
// variables, and len(opts.Variables) equals it when not nil. A variable's
// bins are 0 … k−1 with k = 1 + the largest index in either sample. Inputs
// are not modified.
//
// Errors: ErrScoreOrder; ErrEmpty for an empty sample; ErrLength for
// mismatched lengths (field "cur.Bins[2]", "len(opts.Variables)", …);
// ErrNotFinite for a NaN or ±Inf score; ErrCount for a negative bin
// index; ErrLimit for a bin index ≥ MaxBins; ErrSingleClass or
// ErrClassSize when a sample has fewer than two defaults or non-defaults;
// ErrOptions for bad thresholds, cuts or stability options; the errors of
// [PSISamples] and [CSI]. Cost O((n + m)·(V + log(n + m))) for V
// variables.
//
// References:
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 14 (system stability and characteristic analysis reports).
//   - Navas-Palencia, G., optbinning: ScorecardMonitoring
//     (optbinning/scorecard/monitoring.py): psi_table, tests_table and the
//     p-value bins 0.05, 0.10, 0.50 of its report.
//   - DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988),
//     Biometrics 44(3), 837–845.
func Monitor(dev, cur MonitorSample, opts MonitorOptions) (MonitorReport, error) {
	if !opts.Order.IsValid() {
		return MonitorReport{}, intErr("opts.Order", int(opts.Order), ErrScoreOrder)
	}
	redP, yellowP := opts.RedP, opts.YellowP
	if redP == 0 {
		redP = DefaultRedP
	}
	if yellowP == 0 {
		yellowP = max(DefaultYellowP, redP)
	}
	if !(redP > 0 && redP < 1) {
		return MonitorReport{}, inputErr("opts.RedP", -1, opts.RedP, ErrOptions)
	}
	if !(yellowP >= redP && yellowP < 1) {
		return MonitorReport{}, inputErr("opts.YellowP", -1, opts.YellowP, ErrOptions)
	}
	if err := checkMonitorSample("dev", dev); err != nil {
		return MonitorReport{}, err
	}
	if err := checkMonitorSample("cur", cur); err != nil {
		return MonitorReport{}, err
	}
	nv := len(dev.Bins)
	if len(cur.Bins) != nv {
		return MonitorReport{}, lenErr("cur.Bins", len(cur.Bins), ErrLength)
	}
	if opts.Variables != nil && len(opts.Variables) != nv {
		return MonitorReport{}, lenErr("opts.Variables", len(opts.Variables), ErrLength)
	}
	light := func(p float64, tested bool) Light {
		switch {
		case !tested || p >= yellowP:
			return Green
		case p < redP:
			return Red
		}
		return Yellow
	}
	thr := "; light red p < " + formatFloat(redP) + ", yellow p < " + formatFloat(yellowP)

	rep := MonitorReport{DevN: len(dev.Scores), CurN: len(cur.Scores), TestsSource: SourceChiSquare + thr}
	warn := func(err error) error {
		if err == nil {
			return nil
		}
		if isWarning(err) {
			rep.Warnings = append(rep.Warnings, err)
			return nil
		}
		return err
	}

	// AUC first: it checks the classes of both samples.
	var err error
	if rep.AUC.Dev, err = EstimateAUC(dev.Scores, dev.Defaults, opts.Order); warn(err) != nil {
		return MonitorReport{}, prefixField("dev.", err)
	}
	if rep.AUC.Cur, err = EstimateAUC(cur.Scores, cur.Defaults, opts.Order); warn(err) != nil {
		return MonitorReport{}, prefixField("cur.", err)
	}
	if rep.AUC.Change, err = CompareAUC(rep.AUC.Dev, rep.AUC.Cur); err != nil {
		return MonitorReport{}, err
	}
	rep.AUC.Source = SourceDeLong + "; " + SourceAUCChange + thr
	if rep.AUC.Change.Diff < 0 {
		rep.AUC.Light = light(rep.AUC.Change.PValue, true)
	}

	// System stability over score bins.
	so := opts.Stability
	so.Bins, so.Cuts = opts.ScoreBins, opts.ScoreCuts
	sys, err := PSISamples(dev.Scores, cur.Scores, so)
	if warn(err) != nil {
		return MonitorReport{}, renameField(err, map[string]string{
			"opts.Bins": "opts.ScoreBins", "opts.Cuts": "opts.ScoreCuts", "expected": "dev.Scores", "actual": "cur.Scores",
		})
	}
	rep.System = StabilityCheck{Stability: sys, Light: bandLight(sys.Band), Source: SourcePSI}
	k := len(sys.Cuts) + 1
	devIdx := make([]int, len(dev.Scores))
	curIdx := make([]int, len(cur.Scores))
	for i, s := range dev.Scores {
		devIdx[i] = scoreBin(sys.Cuts, s)
	}
	for i, s := range cur.Scores {
		curIdx[i] = scoreBin(sys.Cuts, s)
	}
	if rep.ScoreTests, err = binTests(devIdx, dev.Defaults, curIdx, cur.Defaults, k, light); err != nil {
		return MonitorReport{}, err
	}

	// Variables.
	so.Bins, so.Cuts = 0, nil
	rep.Variables = make([]VariableMonitor, nv)
	for j := range nv {
		name := "x" + strconv.Itoa(j)
		if opts.Variables != nil {
			name = opts.Variables[j]
		}
		k := 1 + max(slices.Max(dev.Bins[j]), slices.Max(cur.Bins[j]))
		tests, err := binTests(dev.Bins[j], dev.Defaults, cur.Bins[j], cur.Defaults, k, light)
		if err != nil {
			return MonitorReport{}, err
		}
		e := make([]float64, k)
		a := make([]float64, k)
		for i := range tests {
			e[i], a[i] = tests[i].DevCount, tests[i].CurCount
		}
		csi, err := CSI(e, a, so)
		if warn(err) != nil {
			return MonitorReport{}, err
		}
		v := VariableMonitor{Name: name, CSI: StabilityCheck{Stability: csi, Light: bandLight(csi.Band), Source: SourceCSI}, Tests: tests}
		v.Light = v.CSI.Light
		for _, t := range tests {
			v.Light = max(v.Light, t.Light)
		}
		rep.Variables[j] = v
	}

	rep.Light = max(rep.System.Light, rep.AUC.Light)
	for _, t := range rep.ScoreTests {
		rep.Light = max(rep.Light, t.Light)
	}
	for _, v := range rep.Variables {
		rep.Light = max(rep.Light, v.Light)
	}
	return rep, nil
}

func bandLight(b Band) Light {
	switch b {
	case Significant:
		return Red
	case Investigate:
		return Yellow
	}
	return Green
}

// scoreBin returns the bin of s under left-closed bins with edges cuts.
func scoreBin(cuts []float64, s float64) int {
	i, found := slices.BinarySearch(cuts, s)
	if found {
		i++
	}
	return i
}

func isWarning(err error) bool {
	switch err.(type) {
	case *FewDefaultsWarning, *OneBinWarning:
		return true
	}
	return false
}

// renameField replaces the leading name of an *InputError's field
// ("opts.Cuts[3]" → "opts.ScoreCuts[3]") by its entry in names.
func renameField(err error, names map[string]string) error {
	ie, ok := err.(*InputError)
	if !ok {
		return err
	}
	for old, repl := range names {
		if rest, ok := strings.CutPrefix(ie.Field, old); ok && (rest == "" || rest[0] == '[') {
			c := *ie
			c.Field = repl + rest
			return &c
		}
	}
	return err
}

// prefixField prefixes the field of an *InputError.
func prefixField(p string, err error) error {
	if ie, ok := err.(*InputError); ok {
		c := *ie
		c.Field = p + c.Field
		return &c
	}
	return err
}

func checkMonitorSample(name string, s MonitorSample) error {
	n := len(s.Scores)
	if n == 0 {
		return emptyErr(name+".Scores", ErrEmpty)
	}
	if len(s.Defaults) != n {
		return lenErr(name+".Defaults", len(s.Defaults), ErrLength)
	}
	for j, b := range s.Bins {
		if len(b) != n {
			return lenErr(at(name+".Bins", j), len(b), ErrLength)
		}
		for i, x := range b {
			if x < 0 {
				return intErr(at(at(name+".Bins", j), i), x, ErrCount)
			}
			if x >= MaxBins {
				return intErr(at(at(name+".Bins", j), i), x, ErrLimit)
			}
		}
	}
	return nil
}

// binTests tallies rows and events per bin in both samples and tests each bin.
func binTests(devBin []int, devDef []bool, curBin []int, curDef []bool, k int, light func(float64, bool) Light) ([]BinTest, error) {
	cnt := make([]float64, 4*k) // dev rows, dev events, cur rows, cur events
	for i, b := range devBin {
		cnt[4*b]++
		if devDef[i] {
			cnt[4*b+1]++
		}
	}
	for i, b := range curBin {
		cnt[4*b+2]++
		if curDef[i] {
			cnt[4*b+3]++
		}
	}
	out := make([]BinTest, k)
	for b := range k {
		t, err := CompareEventRates(cnt[4*b+1], cnt[4*b], cnt[4*b+3], cnt[4*b+2])
		if err != nil {
			return nil, err
		}
		out[b] = BinTest{Bin: b, EventRateTest: t, Light: light(t.PValue, t.Tested)}
	}
	return out, nil
}
