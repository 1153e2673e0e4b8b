package offer

import "github.com/smecredit/smecredit/internal/enum"

// AssetClass selects the IRB risk-weight function for the capital of a loan; it means what
// exit.AssetClass means and has the same values. The zero value is [Corporate].
type AssetClass uint8

// IRB asset classes. Values are stable.
const (
	Corporate           AssetClass = iota // corporate; sales at or above EUR 50 m
	SMECorporate                          // corporate with sales below EUR 50 m: firm-size adjustment (Basel II §273)
	ResidentialMortgage                   // retail secured by residential real estate
	QRRE                                  // qualifying revolving retail
	OtherRetail                           // other retail, including SMEs managed as retail (≤ EUR 1 m)
)

var assetClassNames = enum.Names[AssetClass]{"corporate", "sme-corporate", "residential-mortgage", "qrre", "other-retail"}

// String returns the text form, such as "sme-corporate".
func (c AssetClass) String() string { return assetClassNames.String(c) }

// IsValid reports whether c is one of the defined classes.
func (c AssetClass) IsValid() bool { return assetClassNames.Valid(c) }

// MarshalText returns the text form; it fails for undefined values.
func (c AssetClass) MarshalText() ([]byte, error) { return assetClassNames.Marshal(c) }

// UnmarshalText parses the text form.
func (c *AssetClass) UnmarshalText(b []byte) error { return assetClassNames.Unmarshal(c, b) }

// CollateralType is the kind of a security; it means what exit.CollateralType means, with the
// same values and text for the three types exit knows and two more. The zero value is
// [RealEstate].
type CollateralType uint8

// Collateral types. Values are stable.
const (
	RealEstate  CollateralType = iota // property: land use rights, buildings
	Equipment                         // machinery, vehicles
	Receivables                       // pledged accounts receivable
	Deposits                          // cash deposits and certificates held at the bank
	Guarantee                         // third-party guarantee (guarantee company, shareholder)
	numCollateralTypes
)

var collateralNames = enum.Names[CollateralType]{"real-estate", "equipment", "receivables", "deposits", "guarantee"}

// String returns the text form, such as "receivables".
func (t CollateralType) String() string { return collateralNames.String(t) }

// IsValid reports whether t is one of the defined types.
func (t CollateralType) IsValid() bool { return collateralNames.Valid(t) }

// MarshalText returns the text form; it fails for undefined values.
func (t CollateralType) MarshalText() ([]byte, error) { return collateralNames.Marshal(t) }

// UnmarshalText parses the text form.
func (t *CollateralType) UnmarshalText(b []byte) error { return collateralNames.Unmarshal(t, b) }

// Amortization is how a loan repays its principal. The zero value is [Annuity].
type Amortization uint8

// Repayment profiles. Values are stable.
const (
	Annuity Amortization = iota // level instalments of principal and interest
	Linear                      // equal principal instalments plus interest on the balance
	Bullet                      // interest only, principal at maturity
)

var amortizationNames = enum.Names[Amortization]{"annuity", "linear", "bullet"}

// String returns "annuity", "linear" or "bullet".
func (a Amortization) String() string { return amortizationNames.String(a) }

// IsValid reports whether a is one of the defined profiles.
func (a Amortization) IsValid() bool { return amortizationNames.Valid(a) }

// MarshalText returns the text form; it fails for undefined values.
func (a Amortization) MarshalText() ([]byte, error) { return amortizationNames.Marshal(a) }

// UnmarshalText parses the text form.
func (a *Amortization) UnmarshalText(b []byte) error { return amortizationNames.Unmarshal(a, b) }

// Basis is one basis of a credit limit. The zero value [UnknownBasis] is invalid; the others
// are listed in the order ties are broken (the first smallest basis binds).
type Basis uint8

// Limit bases. Values are stable.
const (
	UnknownBasis        Basis = iota
	WorkingCapitalBasis       // working-capital gap by the 2010 annex formula
	CashFlowBasis             // principal serviceable at the minimum DSCR
	CollateralBasis           // lending value of the security
	GradeCapBasis             // policy cap for the borrower's grade
	ProductCapBasis           // policy cap for the product
	SalesShareBasis           // policy cap as a share of last year's sales
	CapitalShareBasis         // single-client share of the bank's capital, less existing exposure
	numBases
)

var basisNames = enum.Names[Basis]{"", "working-capital", "cash-flow", "collateral", "grade-cap", "product-cap", "sales-share", "capital-share"}

// String returns the text form, such as "cash-flow".
func (b Basis) String() string { return basisNames.String(b) }

// IsValid reports whether b is one of the defined bases.
func (b Basis) IsValid() bool { return basisNames.Valid(b) }

// MarshalText returns the text form; it fails for the zero and undefined values.
func (b Basis) MarshalText() ([]byte, error) { return basisNames.Marshal(b) }

// UnmarshalText parses the text form.
func (b *Basis) UnmarshalText(b2 []byte) error { return basisNames.Unmarshal(b, b2) }

// BasisReason says why a basis has its amount. The zero value [NotApplied] marks a basis that does
// not apply to the application (a working-capital basis for a term loan, a collateral basis
// for an unsecured product, a cap the policy does not set).
type BasisReason uint8

// Reasons. Values are stable.
const (
	NotApplied         BasisReason = iota // the basis does not apply
	FundingGap                            // working-capital need − own funds − existing loans − other sources
	NeedCovered                           // own funds, existing loans and other sources cover the need: 0
	DebtService                           // principal whose first-year debt service is cash flow / DSCR − existing debt service
	NoDebtCapacity                        // cash flow / DSCR does not exceed existing debt service: 0
	LendingValue                          // Σ value × (1 − haircuts) × advance rate
	NoEligibleSecurity                    // secured product without eligible security: 0
	PolicyCap                             // the policy's cap (grade, product or share of sales)
	CapitalHeadroom                       // share × bank capital − existing exposure
	CapitalUsed                           // existing exposure already uses the single-client headroom: 0
)

var reasonNames = enum.Names[BasisReason]{"not-applied", "funding-gap", "need-covered", "debt-service",
	"no-debt-capacity", "lending-value", "no-eligible-security", "policy-cap", "capital-headroom", "capital-used"}

// String returns the text form, such as "funding-gap".
func (r BasisReason) String() string { return reasonNames.String(r) }

// IsValid reports whether r is one of the defined reasons.
func (r BasisReason) IsValid() bool { return reasonNames.Valid(r) }

// MarshalText returns the text form; it fails for undefined values.
func (r BasisReason) MarshalText() ([]byte, error) { return reasonNames.Marshal(r) }

// UnmarshalText parses the text form.
func (r *BasisReason) UnmarshalText(b []byte) error { return reasonNames.Unmarshal(r, b) }
