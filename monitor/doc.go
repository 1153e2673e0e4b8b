// Package monitor is post-loan supervision for SME loans: it turns a loan's periodic history
// into early-warning signals with evidence, a warning level, and the regulatory status the bank
// must report: the five-category classification of China's 2023 Measures, the IFRS 9 stage and
// the Basel/EU default status.
//
// # The path
//
//	History ──▶ SignalSet.Evaluate ──▶ Signals + evidence, WarningLevel (escalated)
//	History ──▶ Prepare ──▶ Prepared ──▶ SignalSet.EvaluatePreparedTo (any dates, any set)
//	facts ────▶ Classify / ClassifyDebtor ──▶ Category + reasons ──▶ Category.Floor
//	facts ────▶ StageOf ──▶ Stage + triggers;  AssessDefault ──▶ default, probation
//	FinalLevel(signals level, category) = max of both: regulatory floors always win.
//
// Signal rules are data: a [SignalSetSpec] (a JSON document of kind "signal-set", read with
// [ParseSignalSet]) is compiled once with [CompileSignalSet] (or [LoadSignalSet], parse and
// compile) into an immutable [*SignalSet]; [DefaultSignalSetSpec] is the documented default
// set for SME loans (28 signals drawn from SAMA's Rules on Management of Problem Loans (2020),
// Appendix 1, the ECB NPL guidance's sample early-warning indicators and the 2023 Measures,
// Ch. II). Change detectors ([CUSUM], [EWMA], [ZScore], [RobustZScore]) work on bare float64
// series too, without allocating.
// Portfolio drift of a score or ratio is [Drift], the population stability index, banded as
// rating/validation bands it (PSI ≥ 0.10 investigate, ≥ 0.25 significant).
//
// # Conventions
//
//   - Time: every evaluation takes an asOf date; nothing reads the clock. Observations are
//     dated at period end and must be in strictly increasing date order.
//   - Units: days past due (DPD) are whole days; amounts are currency-agnostic
//     [decimal.Decimal] values ≥ 0, converted to float64 once, when a history is prepared,
//     for comparison with thresholds; ratios, shares and PDs are float64 fractions (0.1 = 10 %).
//   - Missing data is explicit: [Observation.Missing] for a whole period, [Observation.Known]
//     per optional field. A rule without data does not fire and is listed as unevaluated.
//   - Errors: bad call input gives an [*InputError]{Field, Value, Err} whose Field names the
//     loan and the field, element or parameter (`loan "L1" observations[3].dpd`,
//     "opts.probation", "x[7]") and whose Err is a sentinel such as [ErrInvalidInput] or
//     [ErrInvalidParameter]; a signal-set document gives [*SpecError]{Path, Err, Msg} values,
//     all reported at once (up to 100, then a count of the rest). No function panics on bad
//     input (nil histories, results and destinations included) or returns NaN or ±Inf in a
//     result: where float64 arithmetic would overflow (series near ±1.8e308, amounts beyond
//     the float64 range, limits of huge σ) the caller gets an error ([ErrInvalidInput],
//     [ErrInvalidParameter], [ErrOverflow]), a ratio metric is missing, and a signal rule is
//     listed as unevaluated. Two exceptions, both outside "bad input": methods called on a
//     nil [*CUSUM] or [*EWMA], or on a nil [*SignalSet] other than its Evaluate methods,
//     dereference nil like any Go method (build them with the constructors); and the Value of
//     an [*InputError] may show the offending NaN or ±Inf.
//   - Bounds, checked before work starts: a signal-set document of at most
//     [MaxDocumentBytes] bytes and [MaxRules] rules, every window, lag, average and count at
//     most [MaxPeriods], at most [MaxConditions] conditions or events per rule, an escalation
//     window of at most [MaxWindowDays] (beyond: [ErrLimit]); decimal amounts that enter exact
//     decimal arithmetic ([ClassifyDebtor], [AssessDefault]) with an exponent in
//     [[MinExponent], [MaxExponent]]; dates that months are added to, and asOf,
//     in the years 1 to 9999; probation periods of at most [MaxProbationMonths] (beyond:
//     [ErrInvalidInput] or [ErrInvalidParameter]).
//   - Concurrency: compiled values ([*SignalSet], [*CUSUM], [*EWMA]) and prepared histories
//     ([*Prepared]) are immutable and safe for concurrent use; per-call results are owned by
//     the caller.
//   - Cost: classification is O(1) per loan; evaluating a signal set is O(rules × periods)
//     per loan at most, and allocation-free with [SignalSet.EvaluateTo] and [ClassifyTo].
//     A portfolio run prepares each history once ([Prepare]: validation and the decimal
//     conversions) and evaluates the [Prepared] form, which reads no decimal
//     (BenchmarkPortfolio measures the default set and classification per loan), or
//     prepares batches of loans as [PreparedBatch] values, evaluated rule by rule, which
//     reads only the periods each rule needs (BenchmarkPortfolioBatch; the figures measured
//     are in bench/README.md). Preparation, the decimal conversions, costs several times an
//     evaluation.
//
// # Streaming a portfolio
//
// A book too large to hold prepared at once is run in batches, with memory that of one batch
// whatever the size of the book: prepare a batch into reused [Prepared] values with
// [SignalSet.PrepareTo] (only the metric columns the set reads; no allocation once a value
// has held a history as long), evaluate each, then reuse the same values for the next batch.
//
//	slots := make([]monitor.Prepared, 1024)
//	var r monitor.Result
//	for batch := range book { // batch: up to 1024 *History from the loader
//		for i, h := range batch {
//			if err := set.PrepareTo(&slots[i], h); err != nil { … } // this loan's error
//		}
//		for i := range batch {
//			if err := set.EvaluatePreparedTo(&r, &slots[i], asOf); err != nil { … }
//			… // use r before the next evaluation overwrites it
//		}
//	}
//
// Preparation (the decimal conversions) then costs once per loan and run; a book evaluated
// at many dates or by many sets is better prepared once and kept. BenchmarkPortfolioStream
// measures this run and its live heap.
//
// A batch can also be prepared as one [PreparedBatch] ([SignalSet.PrepareBatchTo]), held
// period by period across its loans, and evaluated rule by rule over all of them
// ([SignalSet.EvaluateBatchTo]), with the same result per loan. Each rule then reads only
// the periods it needs, from rows that lie next to each other, where a loan-by-loan run
// streams the whole prepared history (BenchmarkPortfolioBatch; cache simulation in
// bench/README.md).
//
//	var b monitor.PreparedBatch
//	var rs []monitor.BatchResult
//	for batch := range book { // batch: up to 1024 *History from the loader
//		if err := set.PrepareBatchTo(&b, batch); err != nil { … } // the refused histories
//		rs = set.EvaluateBatchTo(rs, &b, asOf)
//		for _, r := range rs { … } // r.Err, or r.Result; use them before the next batch
//	}
//
// # References
//
//   - CBIRC & PBOC, Measures for the Risk Classification of Financial Assets of Commercial
//     Banks (商业银行金融资产风险分类办法), Order [2023] No. 1, effective 2023-07-01.
//   - IFRS 9 Financial Instruments, section 5.5 and Appendix A.
//   - Regulation (EU) No 575/2013 (CRR) Art. 178; Delegated Regulation (EU) 2018/171;
//     EBA/GL/2016/07.
//   - ECB, Guidance to banks on non-performing loans (2017); SAMA, Rules on Management of
//     Problem Loans (2020), Appendix 1.
//   - Montgomery, D. C., Introduction to Statistical Quality Control, ch. 9; NIST/SEMATECH
//     e-Handbook of Statistical Methods, §6.3.2.3–6.3.2.4.
package monitor
