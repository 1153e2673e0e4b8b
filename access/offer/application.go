package offer

import "github.com/shopspring/decimal"

// Application is one applicant's request and figures: the per-call input of
// [OfferPolicy.Offer]. Money is in the loan's currency; rates and probabilities are fractions.
// The zero value is invalid (no product, no term). Offer does not modify it.
type Application struct {
	// Grade is the borrower's grade on the bank's master scale; it selects the grade cap
	// when the policy lists grades.
	Grade string `json:"grade"`
	// Product names one of the policy's products.
	Product string `json:"product"`
	// PD is the borrower's one-year probability of default, a fraction in [0, 1); LGD the
	// loss given default of the loan, in [0, 1].
	PD  float64 `json:"pd"`
	LGD float64 `json:"lgd"`
	// Repayment is the term and repayment profile; the term is also the IRB effective
	// maturity (clamped to [1, 5] years) and selects the transfer price.
	Repayment Repayment `json:"repayment"`
	// RiskWeight is a standardised risk weight given by the caller (1.0 is 100 %), in
	// [0, 12.5]; 0 means the policy's IRB asset class computes it.
	RiskWeight float64 `json:"riskWeight"`
	// WorkingCapital are the figures of the working-capital formula. Its Sales also feed the
	// sales-share cap and, converted to EUR millions, the SME firm-size adjustment.
	WorkingCapital WorkingCapitalInputs `json:"workingCapital"`
	// CashFlow is the annual cash flow available for debt service (EBITDA or operating cash
	// flow); negative values are allowed and give no cash-flow capacity.
	CashFlow decimal.Decimal `json:"cashFlow"`
	// ExistingDebtService is the annual debt service on the borrower's other debt, ≥ 0.
	ExistingDebtService decimal.Decimal `json:"existingDebtService"`
	// Collateral lists the securities offered (at most [MaxItems]); read only for secured
	// products.
	Collateral []CollateralItem `json:"collateral"`
	// ExistingExposure is the bank's current exposure to the client (and its group), ≥ 0;
	// it uses up the single-client headroom.
	ExistingExposure decimal.Decimal `json:"existingExposure"`
}

// CollateralItem is one security offered by an applicant.
type CollateralItem struct {
	Type  CollateralType  `json:"type"`
	Value decimal.Decimal `json:"value"` // appraised or nominal value, ≥ 0
	// Haircut is an item-specific haircut in [0, 1] (currency mismatch, poor liquidity),
	// applied on top of the policy's haircut for the type.
	Haircut float64 `json:"haircut"`
}
