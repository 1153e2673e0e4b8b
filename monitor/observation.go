package monitor

import (
	"math/bits"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// LoanID identifies a loan, facility or debtor in inputs, results and errors.
type LoanID string

// Field is a set of optional observation fields (bit flags) that were actually observed. A
// field whose bit is not set in [Observation.Known] is missing, whatever its stored value:
// a zero amount and an unknown amount are different facts. The zero value is the empty set.
type Field uint32

// The optional observation fields.
const (
	FieldPastDue        Field = 1 << iota // Observation.PastDue
	FieldOutstanding                      // Observation.Outstanding
	FieldLimit                            // Observation.Limit
	FieldTurnover                         // Observation.Turnover
	FieldCreditBalance                    // Observation.CreditBalance
	FieldCollateral                       // Observation.Collateral
	FieldRevenue                          // Observation.Revenue
	FieldDebtElsewhere                    // Observation.DebtElsewhere
	FieldEquityToAssets                   // Observation.EquityToAssets
	FieldProfitMargin                     // Observation.ProfitMargin
	FieldDSCR                             // Observation.DSCR
	FieldCurrentRatio                     // Observation.CurrentRatio
	FieldQuickRatio                       // Observation.QuickRatio
	FieldPD                               // Observation.PD
	FieldCovenant                         // Observation.CovenantBreach
)

// Event is a set of external or behavioural events observed in a period (bit flags). The zero
// value is the empty set. Each flag has a stable text name used in signal specs.
type Event uint32

// The events. Text names in parentheses.
const (
	EventLawsuit          Event = 1 << iota // new lawsuit against the debtor ("lawsuit")
	EventEnforcement                        // enforcement, debtor listed as 被执行人 ("enforcement")
	EventAssetFreeze                        // assets frozen or seized ("asset-freeze")
	EventTaxArrears                         // tax arrears ("tax-arrears")
	EventBureauOverdue                      // overdue or NPL at another bank in the credit registry ("bureau-overdue")
	EventCrossBankNPL                       // > 20 % of debts at all banks > 90 DPD ("cross-bank-npl")
	EventGuarantorTrouble                   // guarantor default, downgrade or insolvency ("guarantor-trouble")
	EventBankruptcy                         // bankruptcy or insolvency filing by or against the debtor ("bankruptcy")
	EventRestructuring                      // restructuring or forbearance granted ("restructuring")
	EventMisuseOfFunds                      // loan funds used for a non-agreed purpose ("misuse-of-funds")
	EventEvergreening                       // repaid by new borrowing, not a qualifying renewal ("evergreening")
	EventOwnershipChange                    // merger, split, capital reduction, new controller ("ownership-change")
	EventDebtEvasion                        // suspicion of debt evasion ("debt-evasion")
	EventKeyPerson                          // owner or key manager absent, detained or gone ("key-person")
	EventIndustryStress                     // sector or region under stress ("industry-stress")
	numEvents             = iota
)

var eventNames = [numEvents]string{"lawsuit", "enforcement", "asset-freeze", "tax-arrears", "bureau-overdue",
	"cross-bank-npl", "guarantor-trouble", "bankruptcy", "restructuring", "misuse-of-funds", "evergreening",
	"ownership-change", "debt-evasion", "key-person", "industry-stress"}

// String returns the text name of a single event, names joined by "|" for a set, or
// "Event(0x…)" for unknown bits.
func (e Event) String() string {
	if e == 0 {
		return "none"
	}
	s := ""
	for v := e; v != 0; v &= v - 1 {
		i := bits.TrailingZeros32(uint32(v))
		name := "Event(0x" + strconv.FormatUint(uint64(1)<<i, 16) + ")"
		if i < numEvents {
			name = eventNames[i]
		}
		if s != "" {
			s += "|"
		}
		s += name
	}
	return s
}

// MarshalText implements [encoding.TextMarshaler] for a single known event.
func (e Event) MarshalText() ([]byte, error) {
	if bits.OnesCount32(uint32(e)) != 1 || bits.TrailingZeros32(uint32(e)) >= numEvents {
		return nil, &InputError{Field: "event", Value: "0x" + strconv.FormatUint(uint64(e), 16), Err: ErrInvalidInput}
	}
	return []byte(eventNames[bits.TrailingZeros32(uint32(e))]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] for the name of a single event.
func (e *Event) UnmarshalText(b []byte) error {
	for i, n := range eventNames {
		if string(b) == n {
			*e = 1 << i
			return nil
		}
	}
	return &InputError{Field: "event", Value: quoteText(b), Err: ErrInvalidInput}
}

// Observation is one period of a loan's (or borrower's) history, dated at the period end.
// Amounts are currency-agnostic [decimal.Decimal] values and must be ≥ 0; ratios are float64
// fractions and must be finite. Fields outside [Field] (DPD, Events) are always known unless
// the whole period is Missing.
//
// The zero value is an observation dated at the zero time with DPD 0 and nothing else known.
type Observation struct {
	Date time.Time // period end (civil date); dates must increase strictly along a History
	// Missing marks a period for which no data arrived. Rules skip it: it never counts as
	// "no arrears" or "no event".
	Missing bool
	Known   Field // which optional fields below were observed

	DPD    int   // days past due at Date, ≥ 0
	Events Event // events observed in the period

	PastDue       decimal.Decimal // amount past due at Date
	Outstanding   decimal.Decimal // drawn balance at Date
	Limit         decimal.Decimal // approved limit at Date
	Turnover      decimal.Decimal // credit turnover of the account in the period (money in)
	CreditBalance decimal.Decimal // average credit (deposit) balance in the period
	Collateral    decimal.Decimal // latest collateral valuation
	Revenue       decimal.Decimal // borrower's revenue, trailing 12 months, latest statement
	DebtElsewhere decimal.Decimal // borrower's debts at other banks (credit registry)

	EquityToAssets float64 // equity / total assets, fraction
	ProfitMargin   float64 // profit before tax / revenue, fraction
	DSCR           float64 // debt-service cover ratio (cash available / debt service)
	CurrentRatio   float64 // current assets / current liabilities
	QuickRatio     float64 // (current assets − inventory) / current liabilities
	PD             float64 // behavioural or rating PD, fraction in [0, 1]
	CovenantBreach bool    // a financial covenant test failed (a waiver still counts as a breach)
}

// History is one loan's periodic observations in strictly increasing date order. The zero
// value is an empty history.
type History struct {
	Loan LoanID // identifier used in results and errors
	// PDOrigination is the PD at origination, a fraction in (0, 1], used by the "pdRatio"
	// metric; 0 means unknown.
	PDOrigination float64
	Observations  []Observation
}

// Validate checks PDOrigination in [0, 1], then each observation in order: its date strictly
// after the previous one (ErrUnsorted) and, unless it is Missing, DPD ≥ 0, no undefined bits
// in Known or Events, known amounts ≥ 0 and within the float64 range (about 1.8e308, as rules
// compare them with float64 thresholds; any decimal exponent is accepted, as each amount is
// converted on its own), known ratios finite and a known PD in [0, 1]. It returns the first
// problem as an [*InputError] whose Field names the loan and the observation field, such as
// `loan "L1" observations[3].dpd`.
// [Prepare] and evaluation make the same checks on every observation, whatever the rules
// read and whatever the evaluation date. A nil h is an [*InputError] naming History. Cost
// O(len(h.Observations)).
func (h *History) Validate() error {
	var p Prepared
	return p.fill(h, 0) // checks only: no metric column is written
}

// allFields, allEvents, amountFields and ratioFields are the defined Field and Event bits
// and the Field bits of the decimal amounts and the float64 ratios.
const (
	allFields    = FieldCovenant<<1 - 1
	allEvents    = Event(1)<<numEvents - 1
	amountFields = Field(1)<<numAmounts - 1
	ratioFields  = FieldEquityToAssets | FieldProfitMargin | FieldDSCR | FieldCurrentRatio | FieldQuickRatio
)

// checkFields validates observation i without converting anything: DPD ≥ 0, the sign of each
// known amount (a pointer read, not a conversion), known ratios finite, a known PD in [0, 1].
func (h *History) checkFields(i int) error {
	o := &h.Observations[i]
	if o.DPD < 0 {
		return h.obsErr(i, "dpd", strconv.Itoa(o.DPD))
	}
	if o.Known&^allFields != 0 {
		return h.obsErr(i, "known", "0x"+strconv.FormatUint(uint64(o.Known), 16)+" (unknown bits)")
	}
	if o.Events&^allEvents != 0 {
		return h.obsErr(i, "events", "0x"+strconv.FormatUint(uint64(o.Events), 16)+" (unknown bits)")
	}
	// Straight-line sign tests (a pointer read each); the loop finds the field only on failure.
	if k := o.Known; k&amountFields != 0 &&
		(k&FieldPastDue != 0 && o.PastDue.Sign() < 0 || k&FieldOutstanding != 0 && o.Outstanding.Sign() < 0 ||
			k&FieldLimit != 0 && o.Limit.Sign() < 0 || k&FieldTurnover != 0 && o.Turnover.Sign() < 0 ||
			k&FieldCreditBalance != 0 && o.CreditBalance.Sign() < 0 || k&FieldCollateral != 0 && o.Collateral.Sign() < 0 ||
			k&FieldRevenue != 0 && o.Revenue.Sign() < 0 || k&FieldDebtElsewhere != 0 && o.DebtElsewhere.Sign() < 0) {
		for m := k & amountFields; m != 0; m &= m - 1 {
			k := bits.TrailingZeros32(uint32(m))
			if d := o.amountField(k); d.Sign() < 0 {
				return h.obsErr(i, amountNames[k], decimalText(*d))
			}
		}
	}
	if k := o.Known; k&ratioFields != 0 {
		// v−v is 0 for finite v and NaN otherwise: one branch per field in the common case.
		switch {
		case k&FieldEquityToAssets != 0 && o.EquityToAssets-o.EquityToAssets != 0:
			return h.obsErr(i, "equityToAssets", fmtFloat(o.EquityToAssets))
		case k&FieldProfitMargin != 0 && o.ProfitMargin-o.ProfitMargin != 0:
			return h.obsErr(i, "profitMargin", fmtFloat(o.ProfitMargin))
		case k&FieldDSCR != 0 && o.DSCR-o.DSCR != 0:
			return h.obsErr(i, "dscr", fmtFloat(o.DSCR))
		case k&FieldCurrentRatio != 0 && o.CurrentRatio-o.CurrentRatio != 0:
			return h.obsErr(i, "currentRatio", fmtFloat(o.CurrentRatio))
		case k&FieldQuickRatio != 0 && o.QuickRatio-o.QuickRatio != 0:
			return h.obsErr(i, "quickRatio", fmtFloat(o.QuickRatio))
		}
	}
	if o.Known&FieldPD != 0 && !(o.PD >= 0 && o.PD <= 1) {
		return h.obsErr(i, "pd", fmtFloat(o.PD))
	}
	return nil
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// quoteText quotes b for an error message, cut to 64 bytes.
func quoteText(b []byte) string {
	if len(b) > 64 {
		return strconv.Quote(string(b[:64])) + "…"
	}
	return strconv.Quote(string(b))
}
