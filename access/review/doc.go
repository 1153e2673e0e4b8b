// Package review checks what an SME loan applicant declared before the bank relies on it: the
// in-loan due-diligence review between access and rating.
//
// It offers four groups of pure functions:
//
//   - Benford's law on ledger, invoice or bank amounts ([Benford]): first-digit, second-digit
//     and first-two-digits tests with chi-square, per-digit Z, MAD with Nigrini's conformity
//     bands, a Kolmogorov–Smirnov distance and the summation test.
//   - Statement integrity ([Chart.Check]): accounting identities, totals, roll-forwards
//     and sign rules over several periods of a [Statements] value, declared as data in a
//     [Chart] of lines the host can extend.
//   - Cross-source reconciliation ([Reconciliation.Reconcile]): declared revenue against bank credits, VAT
//     invoices and tax filings with tolerance bands.
//   - Guarantee networks ([NewNetwork], [Network.Exposure], [Network.DebtRank]): mutual guarantees and guarantee circles (strongly
//     connected components, Tarjan, by gonum's graph/topo) and each firm's contingent
//     liabilities against its net worth, and DebtRank contagion (Battiston et al. 2012).
//
// Every check reports [Finding]s naming the period, the lines or source, both amounts and the
// gap. Money is [decimal.Decimal]; ratios and statistics are float64. Bad input is an
// [*InputError] naming the field; document defects are [*SpecError]s. No function panics or
// returns NaN or ±Inf.
package review
