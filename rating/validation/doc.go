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
// [PSITo] is the allocation-free path.
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
// Bad input gives an [*InputError] naming the field and index, wrapping a
// sentinel ([ErrLength], [ErrNotFinite], [ErrSingleClass],
// [ErrProbability], [ErrCount], …). No function panics or returns NaN or
// ±Inf, except that [QuantileCuts], which has no error result, passes
// non-finite input through (check x first, as [PSISamples] does). A result that is computable but rests on few defaults is returned
// together with a [*FewDefaultsWarning] (sentinel [ErrFewDefaults]), as gonum's mat
// returns a solution with mat.Condition: check with errors.As and decide.
package validation
