// Package rating is the expert rating engine for SME credit: an indicator
// system is declared as data, compiled once into an immutable [Model], and
// each firm's raw indicator values are turned into a score from 0 to 100,
// per-indicator and per-dimension contributions, a [Grade] on a
// [MasterScale] and the PD of that grade.
//
// # The path from spec to grade
//
//	ModelSpec (JSON) ──Compile──▶ *Model ──ScoreTo──▶ Result{Score, Points, Grade, PD}
//
// Each indicator has a scoring function (linear between two thresholds,
// piecewise-linear, step bands, or a categorical map) that maps its raw value
// to 0–100, a direction (benefit: higher is better; cost: lower is better),
// an explicit missing-value policy and a weight. The model score is the
// weighted sum of indicator scores with weights summing to 1, so it lies in
// [0, 100]. Weights can be set by experts, derived by [AHP] from a pairwise
// comparison matrix, computed from data by [EntropyWeights] or
// [CRITICWeights], combined by [CombineWeights] and built from two levels by
// [HierarchicalWeights]. [FuzzyEvaluate] and [TOPSIS] are the two further
// aggregation methods common in SME rating practice. [CalibratePD] fits PD
// to score on a portfolio so that a master scale can be calibrated.
//
// # Conventions
//
//   - Indicator values, weights, scores and probabilities are float64.
//     Scores are points on 0–100; weights and PDs are fractions (0.05 = 5%).
//   - Matrices are rows = firms (alternatives), columns = indicators
//     (criteria), as [gonum.org/v1/gonum/mat.Matrix].
//   - Bad input returns a typed error ([*SpecError], [*InputError],
//     [*ShapeError], [*CellError]) that unwraps to a sentinel of this package;
//     no function panics on bad input or returns NaN or ±Inf. A result that is
//     computable but weak (an AHP consistency ratio at or above the
//     threshold) comes back together with a warning error
//     ([*InconsistencyError]).
//   - Compiled values ([*Model], [*MasterScale]) and fitted values
//     ([*Calibration]) are immutable and safe for concurrent use. Functions do
//     not modify their inputs.
//   - The package does no I/O, reads no clock and uses no randomness.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill.
//   - Hwang, C.-L., Yoon, K. (1981). Multiple Attribute Decision Making.
//     Springer, Lecture Notes in Economics and Mathematical Systems 186.
//   - Diakoulaki, D., Mavrotas, G., Papayannakis, L. (1995). Determining
//     objective weights in multiple criteria problems: the CRITIC method.
//     Computers & Operations Research 22(7), 763–770.
//   - Basel Committee on Banking Supervision, Basel Framework CRE36
//     (internal rating systems: at least seven non-default borrower grades
//     and one default grade, CRE36.40 ff.).
package rating
