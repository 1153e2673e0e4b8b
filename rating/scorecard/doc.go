// Package scorecard builds statistical credit scorecards: binning of
// numeric and categorical variables, weight of evidence (WoE) and
// information value (IV), variable selection, logistic regression on WoE,
// scaling to points (PDO), scoring with reason codes, and a versioned JSON
// model format.
//
// # Path
//
//	data ──BinNumeric/BinCategorical──▶ *Table (bins, counts, WoE, IV)
//	     ──FilterIV/IdenticalRate/FilterCorrelation/FilterVIF/Stepwise──▶ chosen variables
//	     ──Fit──▶ *Scorecard (coefficients, points) ──Score/ScoreTo──▶ Result
//	*Scorecard ──Spec/MarshalJSON──▶ JSON ──Load/Compile──▶ *Scorecard
//
// # Conventions
//
// The target y is 1 for an event (bad, default) and 0 for a non-event
// (good). Every convention on which the Python and R toolkits differ is an
// explicit, stored option: the WoE sign (WoESign, default ln(%good/%bad)),
// the zero-count policy (ZeroPolicy, default WoE 0 for a pure bin), the
// interval closure (Closure, default [a, b)), and the odds convention of
// the scaling (Odds: good:bad or bad:good). Bin edges are float64 at full
// precision; labels are for display only.
//
// Each table has, after its regular bins, one special-value bin and one
// missing bin (possibly empty, then WoE 0). A numeric NaN is missing only
// when NaNMissing is set, and is an error otherwise; ±Inf is always an
// error. A missing categorical value is "".
//
// Scores are points (float64), PDs fractions in [0, 1] (exactly 0 or 1
// only when the log-odds overflow float64); no function returns NaN, and
// ±Inf appears only as the open outer edges of a table's first and last
// regular bins (Bin.Lo, Bin.Hi).
//
// # Cost
//
// Binning a numeric variable is O(n) (radix sort) plus O(n log k) for the
// counts, plus O(MaxBins·P³) for the optimal partition of P ≤ MaxPreBins
// pre-bins; scoring a record is O(p log k) and allocation-free with
// ScoreTo. On one core of the development machine: 300,000 rows binned
// optimally in about 20 ms, 16 such variables in about 0.3 s, one record
// of 16 variables scored in about 250 ns.
//
// # Errors
//
// Bad data is an *InputError (row index, value) unwrapping to ErrInput,
// ErrSingleClass, ErrSingleValue, ErrAllMissing or ErrZeroCount. Bad
// options and bad saved models are *SpecError values with paths (for
// example "variables[2].table.counts[0].events"), all joined with
// errors.Join. A failed logistic fit is a *ModelError. Fit returns a
// usable model together with a *SignWarning when a coefficient has the
// sign opposite to the WoE convention.
//
// # Concurrency
//
// Tables and Scorecards are immutable after construction and safe for
// concurrent use. ScoreTo writes only into the caller's Result.
package scorecard
