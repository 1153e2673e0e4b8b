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
// An [OptionSetSpec] (JSON, see [LoadSpec]) lists the options and the shared
// assumptions (discount rate, day count, fallback enforcement). [Compile]
// validates it, reporting every problem with its path, and returns an
// immutable [*OptionSet]. [OptionSet.Choose] values every option for one
// [Loan] on an as-of date and returns a [Decision]: feasible options by
// expected NPV, infeasible ones with their [ReasonCode]s. Defaults of every
// assumption come from the exit reference (docs/reference/exit.md §6.3) and are listed on
// [Params]; [DefaultSpec] holds one option of each kind.
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
//	litigation         win p: ρw·E·(1−c) at 2.5; lose: nothing
//	sale               price·E·(1−c) now
//	write-off          later recoveries ρwo·E·(1−c) at 2
//	fallback at t0     g·(1−c) at t0 + 1.5 (enforceable collateral); ρ·(E−g) at t0 + 2.5
//
// Holding options also pay servicing s·E per year of the path, charged at its
// end, and every case may carry a fixed cost. Each branch's flows are
// discounted at the set's rate; the option's expected NPV is the
// probability-weighted sum of its branches (docs/reference/exit.md §6.2).
//
// # Money
//
// Money is [decimal.Decimal] at the API and int64 cents inside (exact decimal
// fixed point, as moov-io/ach keeps integer cents): amounts are rounded half
// to even to the cent on entry and must lie within ±10¹³ units. A float64
// meets money at exactly one place: a factor (discount factor, probability,
// fraction, or their product) is rounded to 12 decimal places and multiplies
// the cents, and the product is rounded half to even to the cent (see
// [Discount.PV]). Every reported total is a sum of such cent amounts, so
// totals reconcile to the cent. Ratios (LGD, ELBE) are quotients of cents.
//
// # Time
//
// Dates are civil dates; there is no clock: calls take an asOf date. Year
// fractions use a [DayCount], ACT/365 fixed by default; an option's time
// offset in years becomes whole days at 365 a year.
//
// # Capital
//
// [IRBCapital] implements the Basel IRB risk-weight functions (corporate with
// the SME firm-size adjustment, residential mortgage, qualifying revolving
// and other retail, maturity adjustment, defaulted exposures) under Basel II
// (optional 1.06 scaling) or Basel III parameters. [ExpectedLoss] and
// [BestEstimateLoss] give EL for performing and defaulted exposures.
//
// # Errors and concurrency
//
// Bad input returns an [*InputError] (per call) or joined [*SpecError]s (per
// spec), unwrapping to the sentinels of errors.go; no function panics on
// input or returns NaN or ±Inf. Batch calls ([OptionSet.ChooseAll],
// [IRBCapitalAll]) give each record its result or its error. Compiled values
// ([OptionSet], [TriggerPolicy]) are immutable and safe for concurrent use.
//
// References:
//   - docs/reference/exit.md: exit options, the expected-NPV decision rule and parameter defaults (EBA/GL/2017/16, EBA/Rep/2020/29).
//   - BCBS, International Convergence of Capital Measurement and Capital Standards, Comprehensive Version (June 2006).
package exit
