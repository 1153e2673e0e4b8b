package review

import "github.com/shopspring/decimal"

// Derived holds the facts of a review that an access policy can take, for one firm.
type Derived struct {
	// VerifiedRevenueShare is [ReconcileResult].VerifiedShare ∈ [0, 1].
	VerifiedRevenueShare float64 `json:"verifiedRevenueShare"`
	// InGuaranteeCircle reports whether the firm is in a guarantee circle.
	InGuaranteeCircle bool `json:"inGuaranteeCircle"`
	// MutualGuarantees counts the firms that guarantee the firm and are guaranteed by it.
	MutualGuarantees int `json:"mutualGuarantees"`
	// ContingentToNetWorth is contingent liabilities / net worth, rounded to 4 places; only
	// meaningful when ContingentToNetWorthDefined (net worth > 0).
	ContingentToNetWorth        decimal.Decimal `json:"contingentToNetWorth"`
	ContingentToNetWorthDefined bool            `json:"contingentToNetWorthDefined"`
	// CriticalFindings counts the critical statement and source findings.
	CriticalFindings int `json:"criticalFindings"`
	// GuaranteedByRelatedParty reports whether a firm of the firm's own related group
	// guarantees its debt ([FirmRelation].RelatedGuarantors > 0): weaker support, as the
	// guarantor is likely to fail with the borrower. Set by [Derived.WithRelation].
	GuaranteedByRelatedParty bool `json:"guaranteedByRelatedParty"`
	// RelatedGuaranteeShare is [FirmRelation.RelatedShare] ∈ [0, 1]: the share of the firm's
	// guaranteed amount that related parties guarantee.
	RelatedGuaranteeShare float64 `json:"relatedGuaranteeShare"`
	// RelatedGroupSize is [FirmRelation].GroupSize: 1 for a firm without related parties, 0
	// when WithRelation was not applied.
	RelatedGroupSize int `json:"relatedGroupSize"`
}

// WithRelation returns d with the related-party facts of fr (from [Network.Related]) filled
// in. O(1).
func (d Derived) WithRelation(fr FirmRelation) Derived {
	d.GuaranteedByRelatedParty = fr.RelatedGuarantors > 0
	d.RelatedGuaranteeShare = fr.RelatedShare()
	d.RelatedGroupSize = fr.GroupSize
	return d
}

// Derive collects the policy facts of one firm from its reconciliation, its exposure in the
// guarantee network (fe) and its statement and source findings. O(len(findings)).
func Derive(rec ReconcileResult, fe FirmExposure, findings ...[]Finding) Derived {
	d := Derived{VerifiedRevenueShare: rec.VerifiedShare, InGuaranteeCircle: fe.Circle >= 0,
		MutualGuarantees: fe.Mutual, ContingentToNetWorthDefined: fe.RatioDefined}
	if fe.RatioDefined {
		d.ContingentToNetWorth = decimal.NewFromFloat(fe.ContingentRatio).Round(4)
	}
	for _, fs := range append(findings, rec.Findings) {
		for _, f := range fs {
			if f.Severity == SeverityCritical {
				d.CriticalFindings++
			}
		}
	}
	return d
}
