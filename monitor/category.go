package monitor

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Days-past-due boundaries of the 2023 Measures (Ch. II criteria). All are strict: "逾期超过90天"
// means more than 90 days, so 90 DPD is special mention and 91 DPD substandard. The
// technical-delay exception reads "操作性或技术性原因导致的短期逾期除外（7天内）".
const (
	SubstandardDPD = 90  // DPD above this is at least substandard
	DoubtfulDPD    = 270 // DPD above this is at least doubtful
	LossDPD        = 360 // DPD above this is loss
	TechnicalGrace = 7   // a technical/operational delay of at most this many days stays normal
)

// Debtor-level thresholds of the 2023 Measures, as fractions; both are strict ("more than").
const (
	IntraBankPullShare = 0.10 // NPL share of a non-retail debtor's claims at this bank that pulls all claims to NPL (>)
	CrossBankPullShare = 0.20 // share of the debtor's debts at all banks over 90 DPD that makes it NPL (>)
)

// ClassificationInput is what [Classify] needs about one loan (a claim on one debtor) at the
// classification date. The zero value is a performing, non-restructured loan with
// no adverse facts: it classifies as [Normal].
type ClassificationInput struct {
	Loan LoanID // identifier used in errors; may be empty

	// DPD is the number of days principal, interest or income is past due (≥ 0).
	DPD int
	// TechnicalDelay marks an overdue caused by an operational or technical delay; with
	// DPD ≤ TechnicalGrace (7 days) it does not make the loan special mention.
	TechnicalDelay bool

	CreditImpaired    bool // objective evidence of impairment (substandard floor)
	ExternalDowngrade bool // large external rating downgrade with material deterioration (substandard)
	DebtEvasion       bool // debtor evades or escapes bank debt, 逃废债 (doubtful)
	MisuseOfFunds     bool // funds used for another purpose without the bank's consent (special mention)
	Evergreening      bool // repaid by new borrowing, not a qualifying SME renewal (special mention)
	NPLElsewhere      bool // non-retail debtor has NPLs at this or another bank (special mention)
	Watch             bool // internal watch-list / manual special mention (special mention)

	// ECLCoverage is the expected credit loss as a fraction of the carrying balance, in
	// [0, 1]; it counts only when CreditImpaired. ≥ 0.5 ⇒ doubtful, ≥ 0.9 ⇒ loss.
	ECLCoverage float64

	// Restructuring describes a restructured asset; nil means not restructured.
	Restructuring *Restructuring

	// Expert is the category set by expert judgement. It can only make the result worse:
	// the result is max(rule floor, Expert). The zero value (Normal) means no opinion.
	Expert Category
}

// Restructuring describes a restructured asset (重组资产) and its observation period. The
// observation period starts at the first repayment date after the restructuring and ends
// once it spans at least two consecutive repayment periods paid on time and at least one year,
// and the debtor's financial difficulty is resolved; a missed payment restarts it, so the
// caller passes the start of the current (possibly restarted) period. The zero value is
// invalid: Start must be set.
//
// References:
//   - Measures (2023) Art. 20 (Ch. III): the observation period starts at the first repayment
//     date agreed after the contract adjustment, contains at least two consecutive repayment
//     periods and lasts at least one year; it ends when the difficulty is resolved and every
//     payment was made in full and on time; it restarts if the difficulty is unresolved at its
//     end, and from the missed payment if a payment is not made in full and on time.
type Restructuring struct {
	// Before is the category just before the restructuring.
	Before Category
	// Start is the first contractual repayment date after the restructuring (or the date
	// from which the observation period restarted). Must not be the zero time.
	Start time.Time
	// OnTimePeriods is the number of consecutive repayment periods paid on time since Start.
	OnTimePeriods int
	// Resolved reports that the debtor's financial difficulty has been resolved.
	Resolved bool
	// Again marks a new restructuring during the observation period after non-performance or
	// without improvement of the debtor's situation (at least substandard).
	Again bool
}

// ObservationEnded reports whether the observation period is over at asOf: at least one year
// since Start, at least two consecutive on-time repayment periods, and difficulty resolved.
// A nil r (no restructuring, so no observation period) reports false.
func (r *Restructuring) ObservationEnded(asOf time.Time) bool {
	if r == nil {
		return false
	}
	return r.Resolved && r.OnTimePeriods >= 2 && !asOf.Before(r.Start.AddDate(1, 0, 0))
}

// ReasonCode names a rule that set or raised a classification, stage or default status. Its
// Source method gives the regulation the rule comes from.
type ReasonCode string

// Reason codes of [Classify], [ClassifyDebtor], [StageOf] and [AssessDefault].
const (
	ReasonOverdue           ReasonCode = "overdue"               // any overdue beyond technical grace
	ReasonDPDOver90         ReasonCode = "dpd-over-90"           // more than 90 days past due
	ReasonDPDOver270        ReasonCode = "dpd-over-270"          // more than 270 days past due
	ReasonDPDOver360        ReasonCode = "dpd-over-360"          // more than 360 days past due
	ReasonCreditImpaired    ReasonCode = "credit-impaired"       // credit-impaired
	ReasonECL50             ReasonCode = "ecl-50"                // impaired, ECL ≥ 50 % of carrying balance
	ReasonECL90             ReasonCode = "ecl-90"                // impaired, ECL ≥ 90 % of carrying balance
	ReasonExternalDowngrade ReasonCode = "external-downgrade"    // large external downgrade
	ReasonDebtEvasion       ReasonCode = "debt-evasion"          // debtor evades bank debt
	ReasonMisuseOfFunds     ReasonCode = "misuse-of-funds"       // funds used for another purpose
	ReasonEvergreening      ReasonCode = "evergreening"          // borrow-new-to-repay-old
	ReasonNPLElsewhere      ReasonCode = "npl-elsewhere"         // debtor has NPLs at this or another bank
	ReasonWatch             ReasonCode = "watch"                 // manual watch / special mention
	ReasonRestructured      ReasonCode = "restructured"          // in observation after restructuring
	ReasonRestructuredNPL   ReasonCode = "restructured-from-npl" // restructured while non-performing
	ReasonRestructuredAgain ReasonCode = "restructured-again"    // re-restructured during observation
	ReasonIntraBankPull     ReasonCode = "intra-bank-pull"       // > 10 % of claims at this bank NPL
	ReasonCrossBankPull     ReasonCode = "cross-bank-pull"       // > 20 % of all-bank debts > 90 DPD
	ReasonExpert            ReasonCode = "expert-judgement"      // expert judgement downgraded
	ReasonStage2DPD         ReasonCode = "stage2-dpd"            // IFRS 9 30-day backstop
	ReasonStage3DPD         ReasonCode = "stage3-dpd"            // IFRS 9 90-day default backstop
	ReasonSICRPD            ReasonCode = "sicr-pd-ratio"         // PD ratio since origination
	ReasonWatchlist         ReasonCode = "watchlist"             // on the watch list
	ReasonForborne          ReasonCode = "forborne"              // forbearance granted
	ReasonDefaulted         ReasonCode = "defaulted"             // defaulted / credit-impaired
	ReasonMaterialPastDue   ReasonCode = "material-past-due"     // > 90 DPD on a material amount
	ReasonUnlikelyToPay     ReasonCode = "unlikely-to-pay"       // unlikeliness-to-pay flag
	ReasonProbation         ReasonCode = "probation"             // triggers ceased, probation running
)

// Source returns the regulation (and article or paragraph) a reason code comes from, or ""
// for an unknown code.
func (c ReasonCode) Source() string {
	switch c {
	case ReasonOverdue, ReasonMisuseOfFunds, ReasonEvergreening, ReasonNPLElsewhere, ReasonWatch:
		return "Measures (2023) Ch. II, special-mention criteria"
	case ReasonDPDOver90, ReasonExternalDowngrade, ReasonCrossBankPull:
		return "Measures (2023) Ch. II, substandard criteria"
	case ReasonCreditImpaired:
		return "Measures (2023) Art. 6(3), substandard: credit-impaired"
	case ReasonDPDOver270, ReasonDebtEvasion, ReasonECL50:
		return "Measures (2023) Ch. II, doubtful criteria"
	case ReasonDPDOver360, ReasonECL90:
		return "Measures (2023) Ch. II, loss criteria"
	case ReasonIntraBankPull:
		return "Measures (2023) Art. 7, non-retail debtor rule (10 % of claims at the bank)"
	case ReasonRestructured, ReasonRestructuredNPL:
		return "Measures (2023) Arts. 20-21, restructured assets"
	case ReasonRestructuredAgain:
		return "Measures (2023) Ch. III, restructured again during observation"
	case ReasonExpert:
		return "Measures (2023) Art. 5, prudence principle (expert judgement)"
	case ReasonStage2DPD:
		return "IFRS 9 5.5.11"
	case ReasonStage3DPD:
		return "IFRS 9 B5.5.37"
	case ReasonSICRPD, ReasonWatchlist, ReasonForborne:
		return "IFRS 9 5.5.3, B5.5.17"
	case ReasonDefaulted:
		return "IFRS 9 Appendix A (credit-impaired)"
	case ReasonMaterialPastDue:
		return "CRR Art. 178(1)(b); Delegated Reg. (EU) 2018/171"
	case ReasonUnlikelyToPay:
		return "CRR Art. 178(1)(a), 178(3)"
	case ReasonProbation:
		return "EBA/GL/2016/07 §71-72 (default); supervisory cure period (stage 2)"
	}
	return ""
}

// Reason is one rule that applied to a classification, with the category it requires.
type Reason struct {
	Code     ReasonCode // which rule
	Category Category   // the minimum category the rule requires
}

// Classification is the result of [Classify]: the final category, the floor set by the rules
// alone (before expert judgement) and every rule that applied, worst first in rule order.
// Category ≥ Floor always holds.
type Classification struct {
	Loan     LoanID
	Category Category // final category = max(Floor, expert judgement)
	Floor    Category // category required by the rules
	Reasons  []Reason // rules that applied; empty for a Normal loan without expert opinion
}

// Classify puts one loan into one of the five categories of the 2023 Chinese Measures at
// asOf. The rule floor is the worst category any applicable rule requires:
//
//	Loss            DPD > 360; impaired with ECL/carrying ≥ 0.90
//	Doubtful        DPD > 270; impaired with ECL/carrying ≥ 0.50; debt evasion
//	Substandard     DPD > 90; credit-impaired; large external downgrade;
//	                restructured while NPL, or restructured again, during observation
//	SpecialMention  DPD ≥ 1 unless a technical delay of ≤ 7 days; misuse of funds;
//	                evergreening; NPL elsewhere; watch; restructured during observation
//	Normal          otherwise
//
// and the result is max(floor, in.Expert): expert judgement can only downgrade. Debtor-level
// rules (10 % and 20 % pulls) need all the debtor's claims: use [ClassifyDebtor].
//
// Classify returns an [*InputError] (ErrInvalidInput) for negative DPD, an ECLCoverage outside
// [0, 1] or NaN, an invalid Expert or Restructuring.Before category, a zero Restructuring.Start
// or one outside the years 1 to 9999, or negative OnTimePeriods; its Field names the input
// field ("dpd", "eclCoverage", "restructuring.start", …) after the loan prefix. It allocates
// only the Reasons slice; [ClassifyTo] reuses one. Cost O(1).
//
// References:
//   - CBIRC & PBOC, Measures for the Risk Classification of Financial Assets of Commercial
//     Banks, Order [2023] No. 1 (effective 2023-07-01): Art. 5 (Ch. I, prudence principle);
//     Art. 6 (Ch. II, the five categories; a credit-impaired asset is at least substandard);
//     the Ch. II criteria for each category (DPD boundaries "more than 90/270/360 days",
//     technical-delay exception "7天内"; article numbers not yet checked); Arts. 20-21
//     (Ch. III, restructured assets: observation period, classification).
//   - China Daily, 2023-02-12; China Banking News, 2023-02-14 (secondary reports of the
//     Measures' thresholds). The precedence among criteria (the most severe floor wins; the
//     expert view can only downgrade) is this package's reading of Arts. 5-6.
func Classify(in ClassificationInput, asOf time.Time) (Classification, error) {
	var c Classification
	err := ClassifyTo(&c, in, asOf)
	return c, err
}

// ClassifyTo is [Classify] writing into dst, reusing dst.Reasons' storage. It does not
// allocate once dst.Reasons has enough capacity (at most 20 reasons). A nil dst is an
// [*InputError] naming dst.
func ClassifyTo(dst *Classification, in ClassificationInput, asOf time.Time) error {
	if dst == nil {
		return nilErr("dst")
	}
	dst.Loan = in.Loan
	dst.Reasons = dst.Reasons[:0]
	dst.Category, dst.Floor = Normal, Normal
	if ie := in.validate(); ie != nil {
		ie.Field = loanField(in.Loan, ie.Field)
		return ie
	}
	classify(dst, &in, asOf)
	return nil
}

// classify applies the rules to a validated input.
func classify(dst *Classification, in *ClassificationInput, asOf time.Time) {
	add := func(code ReasonCode, c Category) {
		dst.Reasons = append(dst.Reasons, Reason{code, c})
		dst.Floor = max(dst.Floor, c)
	}
	switch {
	case in.DPD > LossDPD:
		add(ReasonDPDOver360, Loss)
	case in.DPD > DoubtfulDPD:
		add(ReasonDPDOver270, Doubtful)
	case in.DPD > SubstandardDPD:
		add(ReasonDPDOver90, Substandard)
	case in.DPD > TechnicalGrace || (in.DPD > 0 && !in.TechnicalDelay):
		add(ReasonOverdue, SpecialMention)
	}
	if in.CreditImpaired {
		switch {
		case in.ECLCoverage >= 0.9:
			add(ReasonECL90, Loss)
		case in.ECLCoverage >= 0.5:
			add(ReasonECL50, Doubtful)
		}
		add(ReasonCreditImpaired, Substandard)
	}
	if in.DebtEvasion {
		add(ReasonDebtEvasion, Doubtful)
	}
	if in.ExternalDowngrade {
		add(ReasonExternalDowngrade, Substandard)
	}
	if r := in.Restructuring; r != nil && !r.ObservationEnded(asOf) {
		switch {
		case r.Again:
			add(ReasonRestructuredAgain, Substandard)
		case r.Before.NonPerforming():
			add(ReasonRestructuredNPL, Substandard)
		default:
			add(ReasonRestructured, SpecialMention)
		}
	}
	if in.MisuseOfFunds {
		add(ReasonMisuseOfFunds, SpecialMention)
	}
	if in.Evergreening {
		add(ReasonEvergreening, SpecialMention)
	}
	if in.NPLElsewhere {
		add(ReasonNPLElsewhere, SpecialMention)
	}
	if in.Watch {
		add(ReasonWatch, SpecialMention)
	}
	dst.Category = dst.Floor
	if in.Expert > dst.Floor {
		dst.Category = in.Expert
		dst.Reasons = append(dst.Reasons, Reason{ReasonExpert, in.Expert})
	}
}

// validate checks in and returns the first problem with Field not yet prefixed by the loan.
func (in *ClassificationInput) validate() *InputError {
	bad := func(field, v string) *InputError { return &InputError{Field: field, Value: v, Err: ErrInvalidInput} }
	if in.DPD < 0 {
		return bad("dpd", strconv.Itoa(in.DPD))
	}
	if !(in.ECLCoverage >= 0 && in.ECLCoverage <= 1) { // also rejects NaN
		return bad("eclCoverage", fmtFloat(in.ECLCoverage))
	}
	if !in.Expert.IsValid() {
		return bad("expert", in.Expert.String())
	}
	if r := in.Restructuring; r != nil {
		if !r.Before.IsValid() {
			return bad("restructuring.before", r.Before.String())
		}
		if r.Start.IsZero() {
			return bad("restructuring.start", "zero time")
		}
		if !dateOK(r.Start) {
			return bad("restructuring.start", dateText(r.Start)+" (want years 1 to 9999)")
		}
		if r.OnTimePeriods < 0 {
			return bad("restructuring.onTimePeriods", strconv.Itoa(r.OnTimePeriods))
		}
	}
	return nil
}

// Claim is one of a debtor's claims at this bank: its balance and its loan-level facts. The
// zero value is a performing claim with a zero balance.
type Claim struct {
	Balance decimal.Decimal     // carrying balance, ≥ 0 (currency-agnostic amount)
	Input   ClassificationInput // loan-level facts for Classify
}

// Debtor is one borrower with all its claims at this bank and, from the credit registry, its
// debts at all banks. The zero value has no claims and classifies to an empty result.
type Debtor struct {
	ID LoanID // debtor identifier used in errors
	// Retail debtors are classified per transaction; the debtor-level pulls below apply only
	// to non-retail debtors (Measures 2023 Art. 7 for the 10 % pull; Art. 8 for retail assets).
	Retail bool
	Claims []Claim
	// AllBanksDebt and AllBanksOver90 are the debtor's total debts at all banks and the part
	// more than 90 days past due (credit registry). Both zero means unknown: no cross-bank rule.
	AllBanksDebt, AllBanksOver90 decimal.Decimal
}

// ClassifyDebtor classifies each claim of d with [Classify], then applies the debtor-level
// rules of the 2023 Measures to a non-retail debtor:
//
//	intra-bank pull: NPL balance / total balance > 0.10 ⇒ every claim at least Substandard
//	cross-bank pull: AllBanksOver90 / AllBanksDebt > 0.20 ⇒ every claim at least Substandard
//
// The shares are compared exactly in decimal arithmetic (10·NPL > total, 5·over90 > total), so
// every amount must have an exponent in [MinExponent, MaxExponent]. It returns one
// Classification per claim, in claim order; [ClassifyDebtorTo] reuses the caller's storage.
//
// Errors: an [*InputError] wrapping [ErrInvalidInput] whose Field starts with the debtor's
// `loan "<ID>" ` prefix: "claims[i].balance" for a negative or out-of-range balance,
// "claims[i].input.<field>" for a claim Classify refuses, "allBanksDebt" or "allBanksOver90"
// for a negative or out-of-range registry amount or AllBanksOver90 > AllBanksDebt (checked
// for every debtor, also retail or without claims). Cost O(len(d.Claims)).
//
// References:
//   - Measures (2023) Art. 7 para. 2 (Ch. II): if more than 10 % (超过10%) of a non-retail
//     debtor's claims at the bank are classified NPL, all its claims at the bank are NPL,
//     except credit enhancement recognised by the State Council's financial regulators (not
//     modelled).
//   - Measures (2023), Ch. II substandard criteria: debts more than 90 days past due above
//     20 % of the debtor's debts at all banks ⇒ NPL at every bank.
//   - China Daily, 2023-02-12; China Banking News, 2023-02-14 (both: "more than 10 %").
func ClassifyDebtor(d Debtor, asOf time.Time) ([]Classification, error) {
	return ClassifyDebtorTo(nil, d, asOf)
}

// ClassifyDebtorTo is [ClassifyDebtor] writing into dst (reused from dst[:0], grown as
// needed) and returning it; after an error it holds the claims classified before the bad one.
func ClassifyDebtorTo(dst []Classification, d Debtor, asOf time.Time) ([]Classification, error) {
	dst = dst[:0]
	// The registry amounts are checked first, for every debtor: a bad input is an error even
	// when no rule would read it (no claims, or retail).
	allDebt, err := checkAmount(d.ID, "allBanksDebt", d.AllBanksDebt)
	if err != nil {
		return dst, err
	}
	over90, err := checkAmount(d.ID, "allBanksOver90", d.AllBanksOver90)
	if err != nil {
		return dst, err
	}
	if over90.Cmp(allDebt) > 0 {
		return dst, inputErr(d.ID, "allBanksOver90", decimalText(over90)+" > allBanksDebt "+decimalText(allDebt), ErrInvalidInput)
	}
	var total, npl decimal.Decimal
	for i := range d.Claims {
		c := &d.Claims[i]
		bal, err := checkAmount(d.ID, "claims["+strconv.Itoa(i)+"].balance", c.Balance)
		if err != nil {
			return dst, err
		}
		if ie := c.Input.validate(); ie != nil {
			ie.Field = loanField(d.ID, "claims["+strconv.Itoa(i)+"].input."+ie.Field)
			return dst, ie
		}
		dst = append(dst, Classification{Loan: c.Input.Loan})
		classify(&dst[i], &c.Input, asOf)
		total = total.Add(bal)
		if dst[i].Category.NonPerforming() {
			npl = npl.Add(bal)
		}
	}
	if d.Retail || len(dst) == 0 {
		return dst, nil
	}
	cross := allDebt.Sign() > 0 && over90.Mul(decimal.NewFromInt(5)).Cmp(allDebt) > 0
	intra := total.Sign() > 0 && npl.Sign() > 0 && npl.Mul(decimal.NewFromInt(10)).Cmp(total) > 0
	for i := range dst {
		if dst[i].Floor >= Substandard {
			continue // already NPL on its own facts
		}
		for _, p := range []struct {
			on   bool
			code ReasonCode
		}{{cross, ReasonCrossBankPull}, {intra, ReasonIntraBankPull}} {
			if p.on {
				dst[i].Reasons = append(dst[i].Reasons, Reason{p.code, Substandard})
				dst[i].Floor = Substandard
				dst[i].Category = max(dst[i].Category, Substandard)
			}
		}
	}
	return dst, nil
}

// finite reports whether v is neither NaN nor ±Inf: v − v is 0 exactly then, NaN otherwise.
func finite(v float64) bool { return v-v == 0 }
