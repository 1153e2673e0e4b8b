package monitor

// DefaultSignalSetSpec returns the documented default early-warning signal set for SME loans
// with monthly observations, built fresh on every call (callers may modify the copy and compile
// it). It encodes 27 of 28 signals (codes EWS01–EWS28) drawn from the sources below; EWS27
// (model population drift) is portfolio-level and computed by [Drift]. Severity 1 = watch
// (yellow), 2 = special-mention candidate (orange), 3 = NPL/default candidate (red).
//
//	EWS01 early arrears           dpd ≥ 5                                            1
//	EWS02 arrears > 30 DPD        dpd > 30                                           2
//	EWS03 > 90 DPD, material      dpd > 90, past-due > 500, past-due-share > 1 %     3
//	EWS04 limit excess            utilisation > 1 in ≥ 2 of 6 months                 1
//	                              utilisation > 1 in the last 2 months in a row      2
//	EWS05 turnover drop           3-month mean vs a year earlier < −30 % / −50 %     1 / 2
//	                              CUSUM downward shift (k 0.5, h 4, 12 months base)  1
//	EWS06 credit balance collapse vs 6 months earlier < −95 %                        2
//	EWS07 thin balances           credit-balance-to-debt < 0.05 %                    1
//	EWS08 line exhaustion         utilisation > 90 %                                 1
//	EWS09 leverage                equity-to-assets < 10 % / < 5 %                    1 / 2
//	EWS10 loss-making             profit-margin < −1 %; loss now and 12 months ago   1 / 2
//	EWS11 debt service cover      dscr < 1.2 / < 1.0                                 1 / 2
//	EWS12 liquidity               current-ratio < 1.0; quick-ratio < 0.5             1
//	EWS13 revenue decline         vs 12 months earlier < −20 % / < −40 %             1 / 2
//	EWS14 covenant breach         covenant-breach ≥ 1                                2
//	EWS15 collateral / LTV        ltv > 80 % / > 100 %; collateral −20 % in 12 m     1 / 2 / 2
//	EWS16 guarantor deterioration event guarantor-trouble (3 months)                 2
//	EWS17 debt elsewhere rising   debt-elsewhere vs 6 months earlier > +30 %         1
//	EWS18 past due at other banks event bureau-overdue / cross-bank-npl (3 months)   2 / 3
//	EWS19 legal proceedings       lawsuit, enforcement, asset freeze, tax arrears    2
//	EWS20 bankruptcy filing       event bankruptcy (12 months)                       3
//	EWS21 ownership change        ownership-change / debt-evasion (12 months)        1 / 2
//	EWS22 key-person events       event key-person (3 months)                        2
//	EWS23 misuse of funds         event misuse-of-funds (12 months)                  2
//	EWS24 evergreening            event evergreening (12 months)                     2
//	EWS25 rating / score          pd ≥ +50 % vs 6 months earlier; pd-ratio ≥ 2       1 / 2
//	EWS26 forbearance granted     event restructuring (12 months)                    2
//	EWS28 industry/region stress  event industry-stress (3 months)                   1
//
// Financial ratios are read from the latest known value within 12 months, so annual
// statements repeated or reported once a year both work. Row 25's "downgrade by two notches"
// has no notch input here and is approximated by a 50 % PD rise within six months [C].
//
// References:
//   - SAMA, Rules on Management of Problem Loans (2020), Appendix 1 "Samples of Early Warning
//     Signals"; ECB, Guidance to banks on non-performing loans (2017), annex of sample
//     early-warning indicators.
//   - Measures (2023), Ch. II; CRR Art. 178; IFRS 9 5.5.11; EBA/GL/2018/06 (collateral
//     revaluation triggers, forbearance). The thresholds of EWS11, 13, 14, 15, 22 and 28
//     (DSCR, revenue decline, covenant breach, LTV, key-person events, industry stress) are
//     common practice chosen by this package, not taken from a regulation.
func DefaultSignalSetSpec() SignalSetSpec {
	const y, o, r = 1, 2, 3
	th := func(id RuleID, code SignalCode, cat SignalCategory, sev int, m Metric, op Op, v float64, win int, name string) RuleSpec {
		return RuleSpec{ID: id, Code: code, Name: name, Kind: KindThreshold, Category: cat, Severity: sev, Metric: m, Op: op, Value: v, Window: win}
	}
	ch := func(id RuleID, code SignalCode, cat SignalCategory, sev int, m Metric, op Op, v float64, lag, avg int, name string) RuleSpec {
		return RuleSpec{ID: id, Code: code, Name: name, Kind: KindChange, Category: cat, Severity: sev, Metric: m, Op: op, Value: v, Lag: lag, Average: avg}
	}
	evt := func(id RuleID, code SignalCode, cat SignalCategory, sev int, win int, name string, e ...Event) RuleSpec {
		return RuleSpec{ID: id, Code: code, Name: name, Kind: KindEvent, Category: cat, Severity: sev, Window: win, Events: e}
	}
	const beh, acc, fin, con, col, ext, mgt, mod = CategoryBehavioural, CategoryAccount, CategoryFinancial,
		CategoryContractual, CategoryCollateral, CategoryExternal, CategoryManagement, CategoryModel
	rules := []RuleSpec{
		th("ews01", "EWS01", beh, y, MetricDPD, OpGE, 5, 1, "early arrears (5-30 DPD)"),
		th("ews02", "EWS02", beh, o, MetricDPD, OpGT, 30, 1, "arrears over 30 DPD"),
		{ID: "ews03", Code: "EWS03", Name: "over 90 DPD on a material amount", Kind: KindThreshold, Category: beh, Severity: r,
			Metric: MetricDPD, Op: OpGT, Value: 90, Also: []ConditionSpec{
				{Metric: MetricPastDue, Op: OpGT, Value: 500}, {Metric: MetricPastDueShare, Op: OpGT, Value: 0.01}}},
		{ID: "ews04a", Code: "EWS04", Name: "limit exceeded in 2 of the last 6 months", Kind: KindCount, Category: acc, Severity: y,
			Metric: MetricUtilisation, Op: OpGT, Value: 1, Window: 6, MinCount: 2},
		{ID: "ews04b", Code: "EWS04", Name: "limit exceeded for more than 30 days", Kind: KindCount, Category: acc, Severity: o,
			Metric: MetricUtilisation, Op: OpGT, Value: 1, Window: 2, MinCount: 2, Consecutive: true},
		ch("ews05a", "EWS05", acc, y, MetricTurnover, OpLT, -0.30, 12, 3, "turnover down 30 % year on year"),
		ch("ews05b", "EWS05", acc, o, MetricTurnover, OpLT, -0.50, 12, 3, "turnover down 50 % year on year"),
		{ID: "ews05c", Code: "EWS05", Name: "turnover CUSUM downward shift", Kind: KindCUSUM, Category: acc, Severity: y,
			Metric: MetricTurnover, Side: Down, K: 0.5, H: 4, Window: 6, MinHistory: 12},
		ch("ews06", "EWS06", acc, o, MetricCreditBalance, OpLT, -0.95, 6, 1, "credit balance down 95 % in 6 months"),
		th("ews07", "EWS07", acc, y, MetricCreditBalanceToDebt, OpLT, 0.0005, 1, "thin credit balances"),
		th("ews08", "EWS08", acc, y, MetricUtilisation, OpGT, 0.90, 1, "line nearly exhausted"),
		th("ews09a", "EWS09", fin, y, MetricEquityToAssets, OpLT, 0.10, 12, "equity below 10 % of assets"),
		th("ews09b", "EWS09", fin, o, MetricEquityToAssets, OpLT, 0.05, 12, "equity below 5 % of assets"),
		th("ews10a", "EWS10", fin, y, MetricProfitMargin, OpLT, -0.01, 12, "loss-making"),
		{ID: "ews10b", Code: "EWS10", Name: "two consecutive loss years", Kind: KindThreshold, Category: fin, Severity: o,
			Metric: MetricProfitMargin, Op: OpLT, Value: 0, Window: 12,
			Also: []ConditionSpec{{Metric: MetricProfitMargin, Op: OpLT, Value: 0, Lag: 12}}},
		th("ews11a", "EWS11", fin, y, MetricDSCR, OpLT, 1.2, 12, "DSCR below 1.2"),
		th("ews11b", "EWS11", fin, o, MetricDSCR, OpLT, 1.0, 12, "DSCR below 1.0"),
		th("ews12a", "EWS12", fin, y, MetricCurrentRatio, OpLT, 1.0, 12, "current ratio below 1"),
		th("ews12b", "EWS12", fin, y, MetricQuickRatio, OpLT, 0.5, 12, "quick ratio below 0.5"),
		ch("ews13a", "EWS13", fin, y, MetricRevenue, OpLT, -0.20, 12, 1, "revenue down 20 % year on year"),
		ch("ews13b", "EWS13", fin, o, MetricRevenue, OpLT, -0.40, 12, 1, "revenue down 40 % year on year"),
		th("ews14", "EWS14", con, o, MetricCovenantBreach, OpGE, 1, 1, "covenant breach"),
		th("ews15a", "EWS15", col, y, MetricLTV, OpGT, 0.80, 1, "LTV above 80 %"),
		th("ews15b", "EWS15", col, o, MetricLTV, OpGT, 1.00, 1, "LTV above 100 %"),
		ch("ews15c", "EWS15", col, o, MetricCollateral, OpLE, -0.20, 12, 1, "collateral revalued down 20 %"),
		evt("ews16", "EWS16", ext, o, 3, "guarantor deterioration", EventGuarantorTrouble),
		ch("ews17", "EWS17", ext, y, MetricDebtElsewhere, OpGT, 0.30, 6, 1, "debt elsewhere up 30 % in 6 months"),
		evt("ews18a", "EWS18", ext, o, 3, "past due at other banks", EventBureauOverdue),
		evt("ews18b", "EWS18", ext, r, 3, "over 20 % of all-bank debt over 90 DPD", EventCrossBankNPL),
		evt("ews19", "EWS19", ext, o, 3, "legal proceedings", EventLawsuit, EventEnforcement, EventAssetFreeze, EventTaxArrears),
		evt("ews20", "EWS20", ext, r, 12, "bankruptcy or insolvency filing", EventBankruptcy),
		evt("ews21a", "EWS21", mgt, y, 12, "ownership or structure change", EventOwnershipChange),
		evt("ews21b", "EWS21", mgt, o, 12, "suspected debt evasion", EventDebtEvasion),
		evt("ews22", "EWS22", mgt, o, 3, "key-person event", EventKeyPerson),
		evt("ews23", "EWS23", beh, o, 12, "misuse of loan funds", EventMisuseOfFunds),
		evt("ews24", "EWS24", beh, o, 12, "evergreening", EventEvergreening),
		ch("ews25a", "EWS25", mod, y, MetricPD, OpGE, 0.50, 6, 1, "PD up 50 % in 6 months"),
		th("ews25b", "EWS25", mod, o, MetricPDRatio, OpGE, 2, 1, "PD doubled since origination (SICR)"),
		evt("ews26", "EWS26", con, o, 12, "forbearance granted", EventRestructuring),
		evt("ews28", "EWS28", ext, y, 3, "industry or region stress", EventIndustryStress),
	}
	return SignalSetSpec{Kind: KindSignalSet, ID: "smecredit-default-sme", Version: "1", Rules: rules}
}
