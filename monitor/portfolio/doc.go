// Package portfolio is the portfolio view of post-loan management: the questions asked about a
// whole book every month rather than about one loan.
//
//   - Roll rates: [RollRates] turns monthly delinquency states ([History], or dated rows through
//     [Histories]) into [FlowMatrix] values between the buckets current, 1–29, 30–59, 60–89,
//     90+ days past due, default and closed, by count and by balance, with cures and
//     re-defaults; [FlowMatrix.NetFlow] gives the net flow rates, [Pool] the average over
//     months, and [LossRates] (Markov roll to default) or [NetFlowLossRates] (OCC net-flow
//     chain) the provision matrix that follows.
//   - Vintages: [Vintages] gives each origination cohort's cumulative default rate and loss
//     rate (on the original balance) by months on book, censored explicitly at the reporting
//     month.
//   - Concentration: [Concentrate] gives top-N and single-name shares, the
//     Herfindahl–Hirschman index and related measures by obligor, connected group, sector or
//     region ([Shares] for plain float64 amounts); [LargeExposures] checks exposures against
//     Tier 1 capital (Basel LEX, or China's limits as reported); [GranularityAdjustment] is the
//     Gordy–Lütkebohmert add-on for name concentration (with the Basel Committee's 2001
//     CreditRisk+ calibration it reproduces that paper's granularity coefficient β within the
//     paper's stated 1 %).
//   - Stress: [ConditionalPD] and [StressedPD] implement the Vasicek one-factor model behind
//     the Basel IRB formula, and [Stress] reports defaults and expected loss by grade before
//     and after a systematic shock. [StressMigration] shifts a through-the-cycle rating
//     migration matrix by the same factor and [FitMigrationZ] reads the factor off a year's
//     observed matrix (Belkin, Suchower and Forest). [StressScenarios] applies a
//     probability-weighted set of macro scenarios ([MacroZ] maps a macro variable to the
//     factor; [LogitShiftPD] is the log-odds alternative) and reports each scenario beside
//     the weighted outcome.
//
// Money is [decimal.Decimal] (roll-rate balances may instead be given as int64 cents,
// History.Cents, for books too large to hold as decimals; sums stay exact); rates, shares and
// probabilities are float64 fractions. Functions
// are pure and safe for concurrent use; every input size is bounded ([MaxRecords],
// [MaxMonths]) and checked before work. Bad input is an [*InputError] wrapping one of the
// package's sentinel errors.
//
// This package imports no other smecredit package except internal ones; the host moves values
// between it and monitor, monitor/ecl or exit.
package portfolio
