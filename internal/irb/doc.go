// Package irb holds the Basel internal-ratings-based (IRB) risk-weight formula once, for every
// smecredit package that needs regulatory capital (exit values a troubled loan's capital, offer
// charges an applicant's capital into its price). It is the bare formula on float64 fractions:
// callers validate and floor their inputs, convert money at their own boundary and wrap errors in
// their own types.
//
// Units: PD and LGD are fractions in [0, 1], effective maturity M in years, annual sales in
// millions of EUR. Results are fractions of EAD. Every function is pure, allocation-free and
// O(1); none returns NaN for inputs inside its documented preconditions.
//
// References:
//   - BCBS, International Convergence of Capital Measurement and Capital Standards —
//     Comprehensive Version (June 2006), §272 (corporate), §273 (SME firm-size adjustment),
//     §328–330 (retail), Annex 5 (illustrative risk weights).
//   - BCBS, Basel Framework, CRE31 (IRB risk-weight functions).
//   - Regulation (EU) 575/2013 (CRR) Art. 153 and 154.
package irb
