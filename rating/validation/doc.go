// Package validation tests rating models and scorecards the way model
// validators and supervisors do: discrimination, stability, calibration and
// rating migration.
//
// # Discrimination
//
// [Discriminate] gives AUC (the Mann–Whitney statistic, ties counting one
// half), Gini (accuracy ratio, 2·AUC − 1) and KS (over distinct score
// values only, so record order and tie order never change it); [ROC] and
// [CAP] give curve points for plotting; [DiscriminateCounts] works on a
// binned table. The [ScoreOrder] is always an explicit argument.
//
// # Stability
//
// [PSI] and [CSI] work from counts, [PSISamples] bins two samples on the
// expected sample's quantile bins. Per-bin contributions, the band
// ([PSIInvestigate] 0.10, [PSISignificant] 0.25) and the [EmptyBinPolicy]
// in force (default [AddCount], 0.5 counts) are part of every result.
// [PSITo] is the allocation-free path. [QuantileCuts] never splits equal
// values, so a low-cardinality variable (a 0/1 flag) is binned by value.
//
// # Monitoring
//
// [Monitor] is the one-call scorecard monitoring report between a
// development and a current sample (optbinning's ScorecardMonitoring,
// Siddiqi's system stability and characteristic analysis reports): the
// system PSI over score bins, each variable's CSI over its bins, the
// chi-square test of equal event rates per bin ([CompareEventRates]), and
// both AUCs with DeLong standard errors ([EstimateAUC]) and the unpaired
// test of their change ([CompareAUC]); every check carries a [Light] and
// its source. [HanleyMcNeilSE] is the closed-form cross-check of the AUC's
// standard error.
//
// # Calibration
//
// [BinomialTest] (exact, one- or two-sided), [JeffreysTest] (ECB), and
// [HosmerLemeshow] test PDs against observed defaults; [Brier] and
// [LogLoss] score them; [ReportGrades] gives the per-grade report with a
// traffic light, and [Herfindahl] the concentration of the grade
// distribution. [TallyGrades] aggregates obligor-level data into grades.
//
// # Migration
//
// [Cohort] and [AalenJohansen] estimate transition matrices from rating
// histories ([RatingEvent]); withdrawn ratings are counted separately and
// never as migrations. [MatrixPower] and [DefaultTermStructure] derive
// multi-period matrices and cumulative default rates.
//
// # Conventions
//
// Scores are float64 in any unit; PDs, rates, shares and p-values are
// fractions in [0, 1] (never percent); counts are float64 where weights
// make sense and int where they are obligors. Outcomes are []bool, true
// meaning default; [Outcomes] converts 0/1 codes. Functions do not modify
// their inputs, keep no state and are safe for concurrent use; results are
// plain values.
//
// # Errors
//
// Bad input gives an [*InputError] naming the field and element
// ("scores[17]", "opts.Bins", "grades[2].PD") with the offending value as
// text, wrapping a sentinel ([ErrLength], [ErrNotFinite],
// [ErrSingleClass], [ErrProbability], [ErrCount], [ErrLimit], …). No
// function panics, hangs or returns NaN or ±Inf.
//
// A result that is computable but weak comes back together with a warning
// whose type ends in Warning, as gonum's mat returns a solution with
// mat.Condition: check with errors.As and decide. [*FewDefaultsWarning]
// (sentinel [ErrFewDefaults]) says the result rests on few defaults,
// [*OneBinWarning] (sentinel [ErrOneBin]) that a stability index rests on
// a single bin and is 0 by construction.
//
// # Bounds
//
// Sizes, counts, horizons and dates are checked before work starts;
// exceeding a bound gives [ErrLimit]:
//
//	bound              value                  applies to
//	MaxObservations    2³¹ scores             Discriminate, AUC, ROC, CAP, EstimateAUC
//	MaxBins            1000 quantile bins     PSISamples (opts.Bins), QuantileCuts,
//	                                          Monitor (opts.ScoreBins; bin indices < MaxBins)
//	MaxStates          64 rating states       MigrationSpec.States (plus Withdrawn),
//	                                          MatrixPower, DefaultTermStructure
//	MaxHorizon         1200 periods           DefaultTermStructure
//	MaxCohorts         1200 cohorts           Cohort (Start to End in steps of Months)
//	total obligors     math.MaxInt            ReportGrades
//
// MatrixPower accepts any n ≥ 0 (cost O(K³ log n)); BinomialTest and
// JeffreysTest any n ≥ 1, exact up to 10⁷ obligors and asymptotically right
// beyond (absolute error below 10⁻⁶). Dates are any [time.Time]: Cohort's
// cohort count is bounded, not its dates, and AalenJohansen works over
// event times only.
package validation
