// Package access decides customer access (eligibility) for SME loans with
// policies written as data: business owners read and change the rules, every
// decision is explained with stable reason codes, and a missing fact never
// passes a knock-out rule.
//
// # Model
//
// A [SchemaSpec] (the JSON document of kind "access-schema") declares the
// facts a policy may use, each with a [FieldKind] (int, decimal with a fixed
// scale, string, enum, bool, date) and a unit, plus derived facts computed by
// a built-in [Formula] named in the document (ratio, difference,
// date-difference) or by a host [DeriveFunc]. [CompileSchema] turns it into a
// [*Schema]; [ParseSchema] reads the document and [LoadSchema] does both.
//
// A [PolicySpec] (the JSON document of kind "access-policy",
// round-trippable) lists rules: a condition on a field with an operator from a
// closed set ([Op]), literals, a [Severity] (reject, refer, warn), a
// [ReasonCode], messages in several languages, and an onMissing severity.
// [CompilePolicy] checks everything at once and returns an immutable
// [*Policy] with a content hash; [ParsePolicy] reads the document and
// [LoadPolicy] does both. Both documents carry "kind" and "version", their
// member names are lowerCamelCase and their enumeration texts kebab-case
// ("not-in", "is-false"), as everywhere in smecredit. For table editors,
// [Schema.ParseCell] and [Schema.FormatCell] read and write one condition in a
// compact cell syntax (">= 24", "[25..60]", "A,B") without loss.
//
// [Facts] hold one applicant's values, set with typed setters or decoded
// strictly from JSON by [Schema.DecodeFacts]. [Policy.Decide] evaluates every
// rule in declared order and returns an [Outcome]: accept, refer or reject,
// with one [Reason] per failed or missing rule and the policy's id, version
// and hash. [Policy.DecideTo] reuses an Outcome and does not allocate;
// [Policy.DecideAll] decides a batch, one [BatchResult] per applicant.
//
// For the people who own the policy, [Policy.Simulate] replays historical
// applicants with known outcomes (decision rates, each rule's hits and unique
// hits, bad rate by decision) and [Diff] compares two versions.
//
// # Semantics
//
//   - All rules are evaluated, without short-circuit, so every reason is
//     reported, in declared order.
//   - Decision: reject if any rule applied reject, else refer if any applied
//     refer, else accept; warn never changes it.
//   - Missing is a third state, not a value: a rule on a missing fact applies
//     its onMissing severity (default refer), negative operators (ne, not-in,
//     is-false) included. Only an explicit "onMissing": "pass" lets it through.
//   - No coercion: literals are decoded once, at CompilePolicy, against the field's
//     kind and scale; an int never compares with a string, nor a decimal with a
//     float. Decimals are exact (a literal or fact with more fractional digits
//     than the field's scale is an error, never rounded) and ints are exact
//     over the whole int64 range, beyond 2^53.
//   - Derived facts that cannot be computed (zero denominator) are missing
//     with a code, never ±Inf.
//
// # Errors
//
// Bad schemas and policies give [*SpecError] values with paths
// ("rules[3].value", "$" for the whole document), all problems joined; bad
// facts and arguments give [*InputError] values naming the field or argument
// ("debt_ratio", "f", "applicants[3]") with the offending value as bounded
// text. Both unwrap to the package's sentinels (see errors.go); a SpecError
// also matches [ErrInvalidSpec]. At most [MaxErrors] problems are joined,
// then one says how many more. Nothing in the package panics on data, nil
// receivers included; deciding cannot fail except for nil arguments and facts
// of another schema.
//
// # Bounds
//
// Every size is checked before the work it bounds, so no input can make a
// call hang or allocate without limit:
//
//	bound                                  default       exceeding it gives
//	document bytes (Limits.MaxDocumentBytes) 1 MiB       ErrLimit (SpecError or InputError "$")
//	rules per policy (Limits.MaxRules)       1000        ErrLimit (SpecError)
//	fields per schema (Limits.MaxFields)     1000        ErrLimit (SpecError)
//	set members, enum values (MaxSetSize)    1000        ErrLimit (SpecError)
//	string bytes (Limits.MaxStringLen)       1024        ErrLimit (SpecError or InputError)
//	group depth, conditions per rule         4, 64       ErrLimit (SpecError)
//	JSON nesting of a document               64          ErrInvalidSpec (SpecError)
//	decimal exponent (MinExponent..MaxExponent) −100..100 ErrOverflow (InputError)
//	decimal coefficient digits               155         ErrOverflow (InputError)
//	decimal integer digits, scale            38, 18      ErrOverflow, ErrScale
//	date years (MinDateYear..MaxDateYear)    1..9999     ErrOverflow
//	joined errors (MaxErrors)                100         one more error counting the rest (ErrLimit)
//
// # Performance
//
// CompilePolicy resolves field names to slots, decodes literals once and
// reduces each comparison to a range test on the int64 form of the value
// (ints, dates, bools, decimals at the field's scale), an enum bitmask or a
// short string list (fast.go). An applicant who passes every rule costs one
// tight loop, O(rules) with no per-rule call. Groups, sets of ints, derived
// facts and decimals beyond int64 go through the general evaluator
// (eval.go), which [Policy.Explain] uses for every rule and the tests hold
// the reduced form to. [Policy.DecideTo] does not allocate. Timings are in
// BenchmarkDecide20 and in the bench module, which compares the package with
// expr and cel-go.
//
// # Concurrency
//
// [Schema] and [Policy] are immutable and safe for concurrent use by multiple
// goroutines. [Facts] and [Outcome] are per-call values owned by one
// goroutine at a time.
//
// References:
//   - Object Management Group, Decision Model and Notation (DMN) 1.5,
//     decision tables, hit policy "Priority" (P): of the matching rules, the
//     output with the highest priority wins; here reject > refer > accept.
//   - Kleene, S. C. (1952), Introduction to Metamathematics, section 64: the
//     strong three-valued logic used for missing facts in all / any groups.
package access
