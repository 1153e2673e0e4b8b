// Package exit chooses how to exit a deteriorating or non-performing loan, in
// exact money: it values each way out (continue, reduce, add collateral,
// restructure, collateral disposal, guarantor enforcement, litigation, sale,
// write-off) as discounted, probability-weighted recovery cash flows, ranks
// the feasible ones by expected NPV with the workout LGD of each, finds the
// break-even values of the key assumptions, recommends exit plans for
// performing borrowers that deteriorate, and computes expected loss and IRB
// regulatory capital.
//
// # Options: spec, compile, choose
//
// An [OptionSetSpec] (a JSON document of kind "exit-option-set", read by
// [ParseOptionSet]) lists the options and the shared assumptions (discount
// rate, day count, fallback enforcement). [CompileOptionSet] validates it,
// reporting every problem with its path, and returns an immutable
// [*OptionSet]; [LoadOptionSet] does both. [OptionSet.Choose] values every
// option for one [Loan] on an as-of date and returns a [Choice]: feasible
// options by expected NPV, infeasible ones with their [ReasonCode]s;
// [OptionSet.ChooseAll] gives one [BatchResult] per loan. Defaults of every
// assumption come from the exit reference (docs/reference/exit.md §6.3) and
// are listed on [Params]; [DefaultOptionSetSpec] holds one option of each
// [OptionKind]. Exit plans for performing borrowers come from a
// [TriggerSet] (kind "exit-trigger-set": [ParseTriggerSet],
// [CompileTriggerSet], [LoadTriggerSet], [DefaultTriggerSetSpec]).
//
// The cash-flow models, with E the EAD, i the contract rate, T the remaining
// term, A the collateral appraisal, G the guarantee, h the haircut, c the cost
// rate, s the servicing rate per year, f the reduced share, p the success
// probability, ρ the fallback unsecured recovery rate, ρw and ρwo the
// litigation and post-write-off recovery rates, and times in years from the
// as-of date (defaults shown):
//
//	continue           perform (1−PD): E·(1 + i·T) at T; default (PD): fallback at T/2
//	reduce-exposure    f·E repaid at 0.5; the rest as continue
//	add-collateral     as continue, the fallback also sells the new collateral
//	restructure        success p: annuity of E over n years at the contract rate i;
//	                   failure 1−p: fallback at 1 year
//	collateral-disposal  g = min(A·(1−h), E): g·(1−c) at 1.5; ρ·(E−g) at max(1.5, 2.5)
//	guarantor-enforcement  pays p: g = min(G, E), g·(1−c) at 1 and ρ·(E−g) at 2.5;
//	                   refuses 1−p: ρ·E at 1 + 2.5
//	litigation         win p: ρw·E·(1−c) at 2.5; lose: nothing; fixed cost upfront
//	sale               price·E·(1−c) now
//	write-off          later recoveries ρwo·E·(1−c) at 2
//	fallback at t0     g·(1−c) at t0 + 1.5 (enforceable collateral); ρ·(E−g) at t0 + 2.5
//
// Holding options also pay servicing s·E per year of the path, charged at its
// end, and every case may carry a fixed cost F, paid at recovery (netted from
// the proceeds), upfront (now, in every branch) or periodically (F per year
// of the path), as its [CostTiming] says; a sale's costs are a rate on the
// price and a fixed amount. Each branch's flows are
// discounted at the set's rate; the option's expected NPV is the
// probability-weighted sum of its branches (docs/reference/exit.md §6.2).
//
// # Money
//
// Money is [decimal.Decimal] at the API and int64 cents inside (exact decimal
// fixed point, as moov-io/ach keeps integer cents): amounts are rounded half
// to even to the cent on entry and must lie within ±10¹³ units, with a
// decimal exponent in [[MinExponent], [MaxExponent]] (checked before any
// rescaling, so no decimal makes a call slow); amounts computed inside a
// valuation may reach ±10¹⁵ units. A float64
// meets money at exactly one place: a factor (discount factor, probability,
// fraction, or their product) is rounded to 12 decimal places and multiplies
// the cents, and the product is rounded half to even to the cent (see
// [Discount.PV]). Every reported total is a sum of such cent amounts, so
// totals reconcile to the cent. Ratios (LGD, ELBE) are quotients of cents.
//
// # Time
//
// Dates are civil dates; there is no clock: calls take an asOf date. Year
// fractions use a [DayCount], ACT/365 fixed by default. An option's time
// offset is a fractional number of years of 365 days, τ = t·365/B under a
// day count of basis B (so τ = t under ACT/365F), not rounded to whole days.
//
// # Capital
//
// [IRBCapital] implements the Basel IRB risk-weight functions (corporate with
// the SME firm-size adjustment, residential mortgage, qualifying revolving
// and other retail, maturity adjustment, defaulted exposures) under Basel II
// (optional 1.06 scaling) or Basel III parameters (PD floors 0.05 %, QRRE
// revolvers 0.10 %, QRRE transactors 0.05 %). [ExpectedLoss] and
// [BestEstimateLoss] give EL for performing and defaulted exposures.
//
// # Errors and concurrency
//
// Bad input returns an [*InputError]{Field, Value, Err} (per call; Field is
// the lowerCamel name of the argument or field, such as "ead" or
// "flows[3].date") or joined [*SpecError]s{Path, Err, Msg} (per document;
// Path "$" for the whole document), matching the sentinels of errors.go with
// errors.Is; no function panics on input, hangs, or returns NaN or ±Inf.
// Batch calls ([OptionSet.ChooseAll], [IRBCapitalAll]) give each record its
// result or its error. Compiled values ([OptionSet], [TriggerSet]) are
// immutable and safe for concurrent use.
//
// Bounds, checked before work starts:
//
//	document size (Parse, Load)          MaxDocumentBytes = 1 MiB   ErrLimit
//	options of a set                     MaxOptions = 1000          ErrLimit
//	scenarios of an option               MaxScenarios = 100         ErrLimit
//	rules of a trigger set               MaxRules = 1000            ErrLimit
//	problems reported by a loader        100, then "n more"         —
//	money amount                         |a| ≤ 10¹³ units           ErrAmount
//	decimal exponent of an amount        [−64, 64] (zero: any)      ErrAmount
//	loan contract rate                   (−1, MaxContractRate = 10] ErrRate
//	time offsets, terms                  [0, 100] years             ErrValue
//	dates (asOf, lastRestructured)       years 1 to 9999            ErrValue
//
// References:
//   - docs/reference/exit.md: exit options, the expected-NPV decision rule and parameter defaults (EBA/GL/2017/16, EBA/Rep/2020/29).
//   - BCBS, International Convergence of Capital Measurement and Capital Standards, Comprehensive Version (June 2006).
package exit
