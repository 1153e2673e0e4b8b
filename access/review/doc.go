// Package review checks what an SME loan applicant declared before the bank relies on it: the
// in-loan due-diligence review between access and rating.
//
// It offers four groups of pure functions:
//
//   - Benford's law on ledger, invoice or bank amounts ([Benford], [BenfordTo]): first-digit,
//     second-digit and first-two-digits tests with chi-square, per-digit Z with continuity
//     correction, MAD with Nigrini's conformity bands ([ConformityOf]), a Kolmogorov–Smirnov
//     distance and the summation test; a [*BenfordWarning] for small samples or excluded
//     amounts.
//   - Statement integrity ([Chart.Check], [Chart.CheckAll]): accounting identities, totals,
//     roll-forwards (retained earnings, cash, fixed assets), implausible jumps and sign rules
//     over several periods of a [Statements] value, declared as data in a [ChartSpec] (kind
//     "review-chart"; [DefaultChartSpec], [ParseChart], [CompileChart], [LoadChart]) whose
//     lines a host can extend.
//   - Cross-source reconciliation ([Reconciliation.Reconcile]): a declared figure against
//     bank credits, VAT invoices, tax filings or any other source with ratio bands and
//     reliability ranks (kind "review-reconciliation", no built-in bands), and a verified
//     revenue.
//   - Guarantee networks ([NewNetwork]): a compact [Network] implementing gonum's
//     graph.Directed, so gonum's algorithms run on it; [Network.Exposure] finds guarantee
//     circles (strongly connected components by an iterative Tarjan on the network's int32
//     rows, equal to gonum's topo.TarjanSCC on the same network but without its maps), mutual
//     guarantees, chain depths and each firm's
//     contingent liabilities against its net worth; [Network.DebtRank] (Battiston et al. 2012)
//     and [Network.Cascade] (threshold defaults with a stated recovery) measure contagion;
//     [Network.Related] groups firms by related-party [Tie]s (common controller or shareholder,
//     union–find) and flags guarantees given inside a related group.
//
// Every check reports [Finding]s naming the period, the lines or source, both amounts, the gap
// and the tolerance; [Derive] collects the facts an access policy can take. Money is
// [decimal.Decimal]; ratios and statistics are float64. Bad input is an [*InputError] naming
// the field; document defects are [*SpecError]s. No function panics or returns NaN or ±Inf.
package review
