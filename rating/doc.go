// Package rating is the expert rating engine for SME credit: an indicator
// system is declared as data, compiled once into an immutable [Model], and
// each firm's raw indicator values are turned into a score from 0 to 100,
// per-indicator and per-dimension contributions, a [Grade] on a
// [MasterScale] and the PD of that grade.
//
// # The path from spec to grade
//
//	JSON ──ParseModel──▶ ModelSpec ──CompileModel──▶ *Model ──ScoreTo──▶ Result{Score, Points, Grade, PD}
//	          (LoadModel does both)                        ──ScoreAll──▶ []BatchResult{Result, Err}
//	                                                       ──ScoreColumnsTo (values by column)──▶ []BatchResult
//	                                                       ──ScoresTo (values by column)──▶ BatchScores{Score, Grade, PD []; Notes}
//
// A model is a JSON document of kind "rating-model"; a master scale, on its
// own or as a model's "scale" member, one of kind "rating-scale"
// ([ParseMasterScale], [CompileMasterScale], [LoadMasterScale],
// [DefaultSMEMasterScaleSpec]). Both carry "kind" and "version"; member
// names are lowerCamelCase and enumeration text is kebab-case
// ("geometric-mean", "min-max", "saaty-1980").
//
// Each indicator has a scoring function (linear between two thresholds,
// piecewise-linear, step bands, or a categorical map) that maps its raw value
// to 0–100, a direction (benefit: higher is better; cost: lower is better),
// an explicit missing-value policy and a weight. The model score is the
// weighted sum of indicator scores with weights summing to 1, so it lies in
// [0, 100]. Weights can be set by experts, derived by [AHPFromPairs] from
// named pairwise judgements ("profitability over leverage = 2") or by [AHP]
// from a comparison matrix, computed from data by [EntropyWeights] or
// [CRITICWeights], combined by [CombineWeights] and built from two levels by
// [HierarchicalWeights]. [FuzzyEvaluate], [FuzzyEvaluateTwoLevel] and
// [TOPSIS] are the further aggregation methods common in SME rating
// practice. [CalibratePD] fits PD to score on a portfolio so that a master
// scale can be calibrated.
//
// # Conventions
//
//   - Indicator values, weights, scores and probabilities are float64.
//     Scores are points on 0–100; weights and PDs are fractions (0.05 = 5%).
//   - Matrices are rows = firms (alternatives), columns = indicators
//     (criteria), as [gonum.org/v1/gonum/mat.Matrix].
//   - A defect of a document is a [*SpecError]{Path, Err, Msg}; bad call
//     input is an [*InputError]{Field, Value, Err} whose Field names the
//     argument or element ("values[3]", "data[2][5]", "rows[7][2]"). Both
//     unwrap to a sentinel of this package. No function panics on bad
//     input (nil receivers included) or returns NaN or ±Inf. A result that
//     is computable but weak comes back together with a warning:
//     [*InconsistencyWarning] (an AHP consistency ratio at or above the
//     threshold) or [*RenormalizedWarning] (rounded weights rescaled).
//   - Compiled values ([*Model], [*MasterScale]) and fitted values
//     ([*Calibration]) are immutable and safe for concurrent use by
//     multiple goroutines. Functions do not modify their inputs.
//   - The package does no I/O, reads no clock and uses no randomness.
//
// # Bounds
//
// Checked before any other work; exceeding one is an error matching
// [ErrLimit] (a [*SpecError] for documents and specs, an [*InputError] for
// call arguments):
//
//	document size (ParseModel, ParseMasterScale, Load…)  MaxDocumentBytes = 1 MiB
//	indicators per model                                 MaxIndicators = 1000
//	dimensions per model                                 MaxDimensions = 100
//	points, cuts or categories per scoring function      MaxBands = 1000
//	grades per master scale                              MaxGrades = 100
//	criteria of an AHP comparison (n×n, n names)         MaxCriteria = 100
//	problems reported by a loader                        MaxErrors = 100 (+1 saying how many more)
//
// Data matrices and vectors given to the weighting, ranking and
// calibration functions are bounded only by the caller's memory; their
// cost is stated on each function.
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
