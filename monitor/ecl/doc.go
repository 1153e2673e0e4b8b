// Package ecl measures expected credit losses (ECL), the loss allowance a bank books for each
// loan under IFRS 9 and China's ECL measures: 12-month ECL in stage 1, lifetime ECL in stage 2,
// lifetime ECL on a credit-impaired basis in stage 3, probability-weighted over macroeconomic
// scenarios and discounted at the effective interest rate.
//
// # The path
//
//	cumulative / marginal / conditional PDs, constant PD or hazard, migration matrix
//	(MigrationRoot: annual matrix → monthly, through its generator)
//	                       ──▶ TermStructure (marginal PD per period; Regrid annual ↔ monthly)
//	Contract               ──▶ Profile: EAD per period (annuity, equal principal, bullet,
//	                           revolving drawn + CCF × undrawn, caller's schedule; prepayment)
//	Exposure + Scenarios   ──▶ Compute / ComputeTo / ComputeAll ──▶ Result (12-month, lifetime,
//	                           per-scenario ECL, in Cents)
//	StagingInput           ──▶ StagingPolicy.Stage ──▶ Stage + reasons (SICR, backstops,
//	                           five-category mapping, cure and probation)
//	balances by DPD        ──▶ ProvisionMatrix.Apply (simplified approach)
//	allowances             ──▶ Summarize (ECL and coverage by stage), Movement (IFRS 7 35H)
//
// The core formula, for scenario s with weight w_s, marginal PD mPD, loss given default
// Loss_t = LGD_t · max(0, EAD_t − collateral recovery) and k periods a year:
//
//	ECL = Σ_s w_s Σ_{t=1..H} mPD_{s,t} · Loss_t · (1 + EIR)^(−t/k)
//
// with H = min(k, n) periods (12 months) in stage 1 and H = n, the contractual (or, for a
// revolving facility, behavioural) life, in stages 2 and 3; in stage 3 PD = 1 now.
//
// # Conventions
//
//   - Money comes in as [decimal.Decimal] and goes out as [Cents], exact int64 hundredths of
//     the currency unit ([Cents.Decimal] converts). An expectation is computed in float64 from
//     the exact cents of its inputs, in a fixed order of operations (explicit float64
//     conversions stop fused multiply-adds), and rounded once to the cent, half to even. Sums of
//     allowances (reports, movement tables) are exact integer sums of those cents, so they
//     reconcile to the cent.
//   - Probabilities, LGDs, CCFs, weights and rates are float64 fractions (0.03 = 3 %). Rates are
//     per year: the EIR as an effective annual rate (DF = (1 + EIR)^(−t/k)), a contractual
//     rate as a nominal rate compounded k times a year (r = Rate/k per period).
//   - Grids: 1, 2, 4 or 12 periods a year; a term structure must be on its contract's grid
//     ([TermStructure.Regrid] converts, with a constant hazard inside each period).
//   - Bounds, checked before work: at most [MaxPeriods] periods, [MaxScenarios] scenarios,
//     [MaxStates] migration states, amounts within ±[MaxAmount], rates in (−100 %, 1000 %].
//   - Errors: bad input gives an [*InputError] naming the exposure (by ID), period (0-based
//     index, pd[11] is period 12) or scenario, which unwraps to a sentinel such as
//     [ErrProbability]; a document defect gives a [*SpecError]. Nothing returns NaN or ±Inf,
//     and no input makes a function panic or hang.
//   - Everything is a pure function of its arguments; compiled values ([*StagingPolicy],
//     [*ProvisionMatrix]) are immutable and safe for concurrent use. [ComputeTo] allocates
//     nothing when its dst has room for the scenarios.
//
// References:
//   - IFRS 9 Financial Instruments, 5.5 (impairment), Appendix A, B5.5; IFRS 7 Financial
//     Instruments: Disclosures, 35H (reconciliation of the loss allowance).
//   - CBIRC and PBOC Order 〔2023〕 No. 1, 商业银行金融资产风险分类办法 (the 2023 Measures):
//     the five categories, credit-impaired ⇒ at least substandard, and Art. 20 (restructured
//     assets' observation period); see [CategoryStage] for what was read and where. CBIRC,
//     商业银行预期信用损失法实施管理办法 (announced 18 May 2022): text not found, so no article
//     is cited and no rule here rests on it (what the summaries say is in [CategoryStage]).
package ecl
