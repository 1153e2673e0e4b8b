// Package smecredit is documentation only: it holds no code. smecredit is a library of
// credit-risk primitives for lending to small and micro enterprises (SMEs), in independent
// packages that follow a loan through its life cycle.
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
// Due diligence. Package [github.com/smecredit/smecredit/access/review] checks what an
// applicant declared before the bank relies on it: Benford tests of the amounts, statement
// identities and roll-forwards, revenue reconciled against bank and tax sources, and the
// circles and contagion of guarantee networks; its findings become facts for an access policy.
//
// Limit and price. Package [github.com/smecredit/smecredit/access/offer] says how much an
// accepted firm may borrow (working-capital need by the 2010 annex formula, cash-flow capacity
// at a minimum DSCR, collateral, policy caps: the binding basis wins) and at what rate (funding,
// operating cost, expected loss and an IRB capital charge), with RAROC and break-even rates.
//
// Provisions and the book. Package [github.com/smecredit/smecredit/monitor/ecl] computes the
// IFRS 9 loss allowance of each loan (PD term structures, exposure profiles, 12-month and
// lifetime ECL over weighted scenarios, staging by significant increase in credit risk, a
// provision matrix, the IFRS 7 movement table), and package
// [github.com/smecredit/smecredit/monitor/portfolio] looks at the whole book: roll rates,
// vintages, concentration and stress.
//
// Exit. Package [github.com/smecredit/smecredit/exit] values the ways out of a deteriorating or
// non-performing loan (restructuring, collateral disposal, guarantor claims, litigation, sale,
// write-off) as discounted recovery cash flows, ranks them by expected NPV with the workout LGD
// of each, and computes expected loss and IRB regulatory capital.
//
// The packages never import each other and share no types: the host moves plain values between
// them (a warning level becomes an input of exit, a grade's PD an input of the capital
// formula), so each can be embedded alone. The program in examples/portfolio runs every stage on
// real public data.
//
// # Conventions
//
// Every package follows the same conventions, so that a reader who has learned one can guess the
// names, errors and documents of the others. Each is stated once here with its reason.
//
// Values and units.
//
//   - Money (exposures, recoveries, costs, limits, cash flows) is [github.com/shopspring/decimal.Decimal], never
//     float64, in a currency-agnostic unit. Float64 appears only in discount factors and
//     expectations, at one documented conversion with an explicit rounding mode and number of
//     places. Reason: 0.1 has no exact binary form, and allowances must reconcile to the cent.
//   - Rates are per year, as fractions (0.05 is 5 %). Durations are days, as int, unless a
//     field's name and doc say otherwise (exit's remaining terms, time offsets and IRB
//     maturity are years; probation and cohort periods are months). Dates are civil dates
//     carried in [time.Time] at day precision, except rating events, which are compared at
//     full precision.
//   - PD, LGD, shares and other probabilities are float64 fractions in [0, 1]. Scores and
//     ratios are float64. No exported function returns NaN or ±Inf.
//   - Functions are pure: no I/O, no globals, no logging, no clock (they take an asOf date), no
//     hidden randomness (they take a *rand.Rand). Compiled and fitted values are immutable and
//     safe for concurrent use by multiple goroutines, and each type's documentation says so.
//   - Each formula's source (regulation and article, paper, or book and section) is cited on the
//     identifier that implements it. Doc comments state cost as big-O; measured timings belong in
//     benchmarks, which do not go stale.
//
// Documents. Everything configurable (an access schema and policy, a rating model and master
// scale, a scorecard, a signal set, an exit option or trigger set) is a JSON document with three
// Go forms: a plain XSpec struct, a compiled *X, and per-call inputs and results.
//
//   - Member names are lowerCamelCase, spelled as the Go field name with its first word in lower
//     case, initialisms kept upper case after the first word ("onMissing", "policyID",
//     "minDPD", "ead"). Reason: one rule a user can apply without looking, the one Go's own
//     field names already follow.
//   - Every document carries "kind" (its type, such as "access-policy", "rating-model",
//     "signal-set") and "version" (the author's label of this revision). A loader refuses a
//     document of another kind, so a CLI or service can tell documents apart without guessing,
//     and one whose version is absent or blank (a *SpecError at "version", so that a decision
//     can always cite the revision it applied). A spec built in Go may leave the version empty
//     where the package's Compile says so.
//   - The text of every enumeration and built-in code is lower kebab-case ("special-mention",
//     "not-in", "geometric-mean", "derived-value-invalid"). Codes a user writes into a document
//     are the user's own text.
//   - Loaders are strict: a size bound checked first, exactly one JSON value, no unknown and no
//     duplicate member names (encoding/json would keep the last one silently).
//   - Verbs: ParseX turns bytes into an XSpec, CompileX turns an XSpec into a compiled *X, and
//     LoadX does both; Fit builds a fitted value from data. A built-in spec is returned fresh by
//     DefaultXSpec. A compiled value gives its spec back with Spec, so a document round-trips.
//
// Calls.
//
//   - A variant that writes into caller-owned storage has the suffix To and takes dst first
//     (DecideTo, ScoreTo, PSITo), as gonum's floats.AddTo does: it is the allocation-free path for
//     whole-portfolio loops.
//   - A batch call is named with the suffix All (ScoreAll, ChooseAll) and returns one BatchResult
//     per record, in input order, each holding its result or its error: a bad record never stops
//     or loses the others. A top-level error is only for the batch as a whole.
//   - A batch in another memory layout names the layout instead (ScoreColumnsTo takes values by
//     column, ScoresTo writes results by column, EvaluateBatchTo reads a PreparedBatch held
//     period by period) and keeps the rule above: every record gets its result or its error, in
//     input order.
//
// Errors.
//
//   - Sentinels are package variables ErrXxx whose text starts with the package name
//     ("rating: invalid spec"). Wrapping errors never repeat that prefix.
//   - A defect of a document is a *SpecError{Path, Err, Msg}: Path is "$" for the document as a
//     whole or a path of JSON member names and indices ("rules[3].value"); it matches both
//     ErrInvalidSpec and its specific sentinel Err with errors.Is. A loader reports every defect
//     it finds, joined with errors.Join (up to a documented count, then says how many more).
//   - Bad call input is an *InputError{Field, Value, Err}: Field names the argument, field or
//     element at fault ("ead", "scores[17]", "observations[3].dpd"), Value is the offending
//     value as text (bounded in length), Err the sentinel.
//   - A result that is computable but weak (few defaults in a grade, an inconsistent AHP matrix,
//     a coefficient with the wrong sign) comes back together with a *XxxWarning, a type whose
//     name ends in Warning, so callers can tell it from a failure with errors.As.
//   - No input makes a function panic or hang: sizes, counts, horizons, dates and decimal
//     exponents have documented bounds checked before work starts.
//
// Enumerations are uint8 types whose zero value is either the benign default or an explicit
// invalid Unknown, with String, MarshalText, UnmarshalText and IsValid, and Compare where the
// values are ordered. A type name means one thing across the library.
//
// # Bounds
//
// No input makes a function panic, hang or allocate without bound: every size, count, horizon,
// date and decimal exponent is checked against a documented bound before work starts, and
// exceeding one is a typed error matching the package's ErrLimit (ErrOverflow for decimals
// in access). Each package's documentation lists its own; the main ones are:
//
//	bound                                   access  rating  scorecard  validation  monitor  exit   offer  ecl
//	document bytes (MaxDocumentBytes)       1 MiB   1 MiB   8 MiB      -           1 MiB    1 MiB  1 MiB  1 MiB
//	rules, indicators, options, variables   1000    1000    1000       -           1000     1000   -      -
//	decimal exponent (Min/MaxExponent)      ±100    -       -          -           ±64      ±64    -18…16 -
//	money amounts (absolute)                -       -       -          -           -        -      10¹³   10¹³
//	errors reported by a loader             100, then one saying how many more, in every package
//	JSON nesting / number length            64 levels / 256 bytes (internal/specjson), in every package
//	bins, grades, states                    -       100     1000 bins  1000 bins, 64 states   -      -      64 states
//	periods, horizon                        -       -       -          1200        10,000   -      -      1200
//	dates                                   years 1–9999 wherever a date is taken
//
// Counts of observations (validation's MaxObservations, 2³¹) are bounded so that sums cannot
// overflow; probabilities at any n are computed by methods that stay accurate there.
package smecredit
