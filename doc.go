// Package smecredit is documentation only: it holds no code. smecredit is a library of
// credit-risk primitives for lending to small and micro enterprises (SMEs), in four
// independent packages that follow a loan through its life cycle.
//
// # The credit life cycle
//
// Banks lose money on SME loans in four places: loose customer access standards let weak
// firms in, rating indicators fail to separate good firms from bad, post-loan monitoring
// notices trouble late, and once a loan sours there is no disciplined way out. Each package
// fixes one of them.
//
// Access. Package [github.com/smecredit/smecredit/access] decides whether an applicant may
// borrow at all. A policy is data (JSON) over a typed schema of facts: hard rules reject,
// soft rules refer to manual review, and a missing fact never passes a rule. Every outcome
// carries reason codes and, on request, a trace; policies are validated when compiled,
// versioned and hashed, and can be simulated on past applicants and diffed against each other.
//
// Rating. Package [github.com/smecredit/smecredit/rating] scores a firm on a weighted system
// of indicators (solvency, liquidity, profitability, …) with expert, AHP, entropy or CRITIC
// weights, maps the score to a grade and a PD on a master scale, and explains each score by
// its contributions. Package [github.com/smecredit/smecredit/rating/scorecard] builds
// statistical scorecards (binning, WoE/IV, logistic regression, points scaling), and package
// [github.com/smecredit/smecredit/rating/validation] validates either kind of model: AUC, Gini
// and KS, PSI, calibration tests per grade and rating migration matrices.
//
// Monitoring. Package [github.com/smecredit/smecredit/monitor] turns a loan's history into
// early-warning signals with evidence, change detectors (CUSUM, EWMA), a warning level, the
// five-category regulatory classification (normal, special mention, substandard, doubtful,
// loss), the IFRS 9 stage and the Basel default definition.
//
// Exit. Package [github.com/smecredit/smecredit/exit] values the ways out of a deteriorating or
// non-performing loan (restructuring, collateral disposal, guarantor claims, litigation, sale,
// write-off) as discounted recovery cash flows, ranks them by expected NPV with the workout LGD
// of each, and computes expected loss and IRB regulatory capital.
//
// The packages never import each other and share no types: the host moves plain values between
// them (a warning level becomes an input of exit, a grade's PD an input of the capital
// formula), so each can be embedded alone. The program in examples/portfolio runs all four on
// real public data.
//
// # Conventions
//
// Every package follows the same conventions, stated once here and again where they matter.
//
//   - Money (exposures, recoveries, costs, limits, cash flows) is [github.com/shopspring/decimal.Decimal], never
//     float64, in a currency-agnostic unit. Float64 appears only in discount factors, at one
//     documented conversion with an explicit rounding mode and number of places.
//   - Rates are per year, as fractions (0.05 is 5 %). Durations are days, as int, unless a
//     field's name and doc say otherwise (exit's remaining terms, time offsets and IRB
//     maturity are years; probation and cohort periods are months). Dates are civil dates
//     carried in [time.Time] at day precision, except rating events, which are compared at
//     full precision.
//   - PD, LGD, shares and other probabilities are float64 fractions in [0, 1]. Scores and
//     ratios are float64. No exported function returns NaN or ±Inf.
//   - Configurable things (policies, indicator systems, signal sets, scorecards, option sets)
//     follow one pattern: a plain spec that round-trips through JSON, a Compile or Fit step that
//     validates everything and reports all problems with their paths, and an immutable compiled
//     value whose methods are pure.
//   - Bad input gives a typed error (*XxxError) that names the field, rule, row or index at
//     fault and unwraps to a documented sentinel, for errors.Is and errors.As; never a panic.
//     A result that is computable but weak (few defaults, an inconsistent AHP matrix) comes back
//     together with a typed warning error. Batch calls give every record its result or its error.
//   - Functions are pure: no I/O, no globals, no logging, no clock (they take an asOf date), no
//     hidden randomness (they take a *rand.Rand). Compiled and fitted values are safe for
//     concurrent use by multiple goroutines, and each type's documentation says so.
//   - Each formula's source (regulation and article, paper, or book and section) is cited on the
//     identifier that implements it.
package smecredit
