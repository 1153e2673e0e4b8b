package ecl

import (
	"math"
	"math/bits"
	"strconv"
	"time"
)

// MaxDPD bounds days past due in staging inputs and policies: 36,500 days (100 years).
const MaxDPD = 36500

// MaxProbationMonths bounds the probation period of a staging policy: 1200 months.
const MaxProbationMonths = 1200

// StagingPolicySpec is the document (kind "ecl-staging-policy") that sets the thresholds of
// [StagingPolicy.Stage]. Zero numeric fields switch a test off, except where noted; the built-in
// thresholds are in [DefaultStagingPolicySpec].
type StagingPolicySpec struct {
	Kind    string `json:"kind"`    // "ecl-staging-policy"
	Version string `json:"version"` // author's label of this revision
	// RelativePD is the ratio of lifetime PD now to lifetime PD at initial recognition at or
	// above which credit risk has increased significantly; > 1, or 0 for no relative test.
	RelativePD float64 `json:"relativePD"`
	// RelativeFloor is the least increase of lifetime PD (in PD points, a fraction) for the
	// relative test to count, so a tiny PD that doubles is not a SICR; in [0, 1].
	RelativeFloor float64 `json:"relativeFloor"`
	// AbsolutePD is the increase of lifetime PD (a fraction) at or above which credit risk has
	// increased significantly on its own; in (0, 1], or 0 for no absolute test.
	AbsolutePD float64 `json:"absolutePD"`
	// BackstopDPD is the DPD above which the exposure is at least Stage2 (IFRS 9 5.5.11: 30).
	BackstopDPD int `json:"backstopDPD"`
	// DefaultDPD is the DPD above which the exposure is Stage3 (IFRS 9 B5.5.37: 90); ≥ BackstopDPD.
	DefaultDPD int `json:"defaultDPD"`
	// LowCreditRiskPD is the 12-month PD at or below which the low-credit-risk exemption
	// applies even without the input flag; in [0, 1], 0 for none (the flag alone).
	LowCreditRiskPD float64 `json:"lowCreditRiskPD"`
	// ProbationMonths keeps an exposure in Stage2 for this many months after the last date a
	// Stage2 or Stage3 trigger held; 0 … MaxProbationMonths. It applies to every trigger; the
	// 2023 Measures' observation period for restructured assets (Art. 20, at least 1 year, see
	// [CategoryStage]) is a separate rule, followed by keeping StagingInput.Forborne set.
	ProbationMonths int `json:"probationMonths"`
	// IgnoreCategory switches off the five-category floor ([CategoryStage]), a library
	// convention rather than a rule read in China's measures.
	IgnoreCategory bool `json:"ignoreCategory"`
}

// StagingPolicy is a compiled [StagingPolicySpec]. It is immutable and safe for concurrent use.
// The zero value is not usable: build one with [CompileStagingPolicy] or [LoadStagingPolicy].
type StagingPolicy struct{ spec StagingPolicySpec }

// DefaultStagingPolicySpec returns the built-in policy, a fresh value each call: backstops at 30
// and 90 DPD (IFRS 9 5.5.11 and B5.5.37, both rebuttable presumptions), a relative test at a
// doubling of lifetime PD (as monitor's StageOf), no absolute test, no PD-based low-credit-risk
// exemption, no probation (IFRS 9 5.5.7) and the five-category floor on. The ratio 2 is this
// library's convention, not a rule of IFRS 9, which sets no number.
func DefaultStagingPolicySpec() StagingPolicySpec {
	return StagingPolicySpec{Kind: KindStagingPolicy, Version: "1", RelativePD: 2, BackstopDPD: 30, DefaultDPD: 90}
}

// ParseStagingPolicy decodes a document strictly (size ≤ [MaxDocumentBytes], kind
// "ecl-staging-policy", no unknown or duplicate members, a non-blank "version"). It returns a
// [*SpecError] on failure: at path "version" for a version absent, empty or blank, as in every
// loader of the library.
func ParseStagingPolicy(data []byte) (StagingPolicySpec, error) {
	var s StagingPolicySpec
	if err := decode(data, &s, KindStagingPolicy); err != nil {
		return StagingPolicySpec{}, err
	}
	if err := checkVersion(s.Version); err != nil {
		return StagingPolicySpec{}, err
	}
	return s, nil
}

// LoadStagingPolicy is [ParseStagingPolicy] followed by [CompileStagingPolicy].
func LoadStagingPolicy(data []byte) (*StagingPolicy, error) {
	s, err := ParseStagingPolicy(data)
	if err != nil {
		return nil, err
	}
	return CompileStagingPolicy(s)
}

// CompileStagingPolicy checks spec and returns the policy; every defect is reported, joined, as
// a [*SpecError] naming the member ("relativePD").
func CompileStagingPolicy(spec StagingPolicySpec) (*StagingPolicy, error) {
	var p problems
	if spec.Kind != KindStagingPolicy {
		p.add("kind", ErrInvalidSpec, strconv.Quote(cut(spec.Kind))+", want "+strconv.Quote(KindStagingPolicy))
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if r := spec.RelativePD; r != 0 && !(r > 1 && finite(r)) {
		p.add("relativePD", ErrValue, fval(r)+": want 0 or a finite ratio > 1")
	}
	if v := spec.RelativeFloor; !(v >= 0 && v <= 1) {
		p.add("relativeFloor", ErrProbability, fval(v))
	}
	if v := spec.AbsolutePD; !(v >= 0 && v <= 1) {
		p.add("absolutePD", ErrProbability, fval(v))
	}
	if v := spec.LowCreditRiskPD; !(v >= 0 && v <= 1) {
		p.add("lowCreditRiskPD", ErrProbability, fval(v))
	}
	if d := spec.BackstopDPD; d < 0 || d > MaxDPD {
		p.add("backstopDPD", ErrValue, strconv.Itoa(d)+": want 0 … 36500")
	}
	if d := spec.DefaultDPD; d < spec.BackstopDPD || d > MaxDPD {
		p.add("defaultDPD", ErrValue, strconv.Itoa(d)+": want backstopDPD … 36500")
	}
	if m := spec.ProbationMonths; m < 0 || m > MaxProbationMonths {
		p.add("probationMonths", ErrValue, strconv.Itoa(m)+": want 0 … 1200")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return &StagingPolicy{spec: spec}, nil
}

// Spec returns the policy's document, Kind filled. A nil policy gives the zero spec.
func (p *StagingPolicy) Spec() StagingPolicySpec {
	if p == nil {
		return StagingPolicySpec{}
	}
	return p.spec
}

// StagingInput is what [StagingPolicy.Stage] needs about one exposure at the reporting date.
// The zero value is a current, unrated, normal exposure without flags: Stage1.
type StagingInput struct {
	ID             string   // identifier used in errors; may be empty
	DPD            int      // days past due, 0 … MaxDPD
	CreditImpaired bool     // credit-impaired (IFRS 9 Appendix A) or defaulted ⇒ Stage3
	Category       Category // five-category classification (2023 Measures); Normal if not classified
	// LifetimePDOrigination and LifetimePD are the lifetime PDs (over the same remaining
	// term) estimated at initial recognition and now, fractions in [0, 1]; both 0 means
	// unrated: no PD test.
	LifetimePDOrigination, LifetimePD float64
	// PD12 is the 12-month PD now, in [0, 1], read only by the PD-based low-credit-risk
	// exemption (StagingPolicySpec.LowCreditRiskPD).
	PD12          float64
	LowCreditRisk bool // the bank's low-credit-risk assessment (e.g. investment grade, IFRS 9 B5.5.23)
	WatchList     bool // on the bank's watch list
	// Forborne is set for a performing exposure with forbearance granted, and for a restructured
	// asset throughout the 2023 Measures' observation period (Art. 20; see [CategoryStage]).
	Forborne bool
	// LastTrigger is the last date on which a Stage2 or Stage3 trigger held, for the
	// probation period; the zero time means never. Must not be after asOf.
	LastTrigger time.Time
}

// ReasonSet is a set of [Reason] values, one bit each. The zero value is empty.
type ReasonSet uint16

// Has reports whether r is in the set.
func (s ReasonSet) Has(r Reason) bool { return s&(1<<r) != 0 }

// Len returns the number of reasons in the set.
func (s ReasonSet) Len() int { return bits.OnesCount16(uint16(s)) }

// List returns the reasons in the set in the order of their values (most severe first).
func (s ReasonSet) List() []Reason {
	out := make([]Reason, 0, s.Len())
	for r := Reason(0); r < Reason(len(reasonNames)); r++ {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// StagingDecision is the outcome of [StagingPolicy.Stage]: the stage, the decisive reason (the
// most severe trigger of that stage, or ReasonPerforming / ReasonLowCreditRisk for Stage1) and
// every trigger that held. The zero value is an empty decision.
type StagingDecision struct {
	Stage    Stage
	Reason   Reason
	Triggers ReasonSet
}

// CategoryStage returns the least stage this package gives an exposure of category c: Normal →
// Stage1, SpecialMention → Stage2, Substandard, Doubtful and Loss → Stage3. It returns
// StageUnknown for an invalid category. Both floors are this library's convention, on by default
// and switched off together by StagingPolicySpec.IgnoreCategory; a bank that wants only one of
// them switches the floor off and sets CreditImpaired or WatchList itself.
//
// What the rules read say, and what they do not:
//
//   - 2023 Measures (read in reproductions of the final text): the five categories are normal,
//     special mention, substandard, doubtful and loss, the last three together being
//     non-performing assets (不良资产); a substandard asset is one whose debtor cannot repay in
//     full "or [whose] financial asset has already become credit-impaired" (或金融资产已经发生
//     信用减值), and an asset that has become credit-impaired (金融资产已发生信用减值) must be
//     classified at least substandard, as must one more than 90 days past due. So IFRS 9 Stage3
//     (credit-impaired) implies non-performing. The converse, non-performing implies Stage3, is
//     not in the text: an asset can be substandard for reasons that are not credit impairment
//     (an external rating cut, for example), so the Stage3 floor is stricter than IFRS 9. These
//     rules come before Ch. III (which begins at Art. 17); their article numbers were not read.
//   - 2023 Measures: an asset past due (except a technical delay of up to 7 days) must be at least
//     special mention. No rule read maps special mention to Stage2; the floor is stricter than
//     IFRS 9's 30-day presumption (5.5.11), which a special-mention asset 8–30 days past due
//     does not meet.
//   - 2023 Measures, Art. 20: a restructured asset has an observation period (重组观察期) that
//     starts on the first repayment date after the contract change, spans at least two
//     consecutive repayment periods and at least 1 year; at its end the asset stops being a
//     restructured asset if the debtor has overcome its financial difficulty and paid in full
//     and on time; otherwise the period restarts (from the missed payment, if one was missed).
//     Keep StagingInput.Forborne set while that period runs. Art. 21 (first sentence read in
//     the final text; the rest only in the April 2019 consultation draft) keeps a restructured
//     asset at least special mention and bars upgrading a non-performing one within the period.
//   - 2022 ECL Measures (商业银行预期信用损失法实施管理办法; document number 银保监规〔2022〕10号
//     as given in issue 21, not read in a source): announced by the CBIRC on 18 May 2022.
//     The summaries read (Moody's Analytics, 19 May 2022; China Banking News, 20 May 2022) say
//     only that the Measures standardise risk grouping, "division of stages", models,
//     forward-looking and management adjustments, parameters and validation. Exam questions
//     that appear to be drawn from the Measures (pptiku.com; the part read does not name its
//     source) describe a days-past-due band in which the stage is no better than stage two
//     (债项本金或利息逾期天数大于()天(含),且小于()天,其损失阶段划分结果不优于阶段二), a default
//     low-credit-risk rule (internal grade better than some grade, or external rating better
//     than investment grade) and a stage 1 horizon of "the next () months", all with the
//     numbers blanked. The text itself was not found, so neither floor here rests on it, no
//     article is cited, and the 30 and 90 DPD defaults of [StagingPolicySpec] come from IFRS 9
//     only.
//
// References:
//   - CBIRC and PBOC Order 〔2023〕 No. 1, 商业银行金融资产风险分类办法 (issued 10 February
//     2023, in force 1 July 2023; 6 chapters, 48 articles). Art. 20 (observation period) and the
//     start of Art. 21: final text at http://www.jianbiaoku.com/webarbs/book/171906/4861374.shtml;
//     Art. 20 also in 每日经济新闻, 11 February 2023,
//     http://www.qingtuankeji.com/articles/2023-02-11/2664850.html; Art. 21 in full only in the
//     2019 draft, https://www.betax.cn/41339.html/4. The five definitions (次级类 … 已经发生信用减值):
//     https://m.hqwx.com/yhcyzg-kaoshi/tiku/zhishidian/8377/3909819.html; the "at least special
//     mention / at least substandard" lists (逾期, 7天内; 逾期超过90天, 金融资产已发生信用减值):
//     https://qihuo.xlxlkj.com/accountopen/40116; non-performing = the last three categories:
//     证券时报, 11 February 2023, http://www.thejaunty.com/article/detail/791953.html. Chapter I
//     (Arts. 1–5), in English: http://www.daweyn.cn/page/2.
//   - CBIRC, 商业银行预期信用损失法实施管理办法 (2022), secondary only: Moody's Analytics
//     regulatory news, 19 May 2022,
//     https://www.moodysanalytics.com/regulatory-news/may-19-22-cbirc-finalizes-rules-on-ecl-proposes-rules-on-regulatory-statistics;
//     China Banking News, 20 May 2022,
//     https://www.chinabankingnews.com/2022/05/20/cbirc-issues-new-rules-on-expected-credit-loss-methods/;
//     exam questions with blanks, https://www.pptiku.com/mobile/shiti/91164842fa504d33b1bc0fd0f89609e1.html
//     and https://www.pptiku.com/mobile/shiti/e9b2fe36441f4925967a6c2b97ddf5c6.html.
//   - IFRS 9 5.5.11 (30-day presumption), Appendix A (credit-impaired).
func CategoryStage(c Category) Stage {
	switch c {
	case Normal:
		return Stage1
	case SpecialMention:
		return Stage2
	case Substandard, Doubtful, Loss:
		return Stage3
	}
	return StageUnknown
}

// Stage assigns the IFRS 9 stage at the reporting date asOf. The triggers, in order:
//
//	Stage3  CreditImpaired; DPD > DefaultDPD; category substandard or worse
//	Stage2  DPD > BackstopDPD; category special mention;
//	        PD test, unless low credit risk (flag, or PD12 ≤ LowCreditRiskPD):
//	          LifetimePD / LifetimePDOrigination ≥ RelativePD and the increase ≥ RelativeFloor, or
//	          LifetimePD − LifetimePDOrigination ≥ AbsolutePD;
//	        WatchList; Forborne;
//	        probation: asOf before LastTrigger + ProbationMonths (cure path)
//	Stage1  otherwise (Reason ReasonLowCreditRisk when the exemption suppressed a PD trigger)
//
// A cured exposure returns to Stage1 as soon as no trigger holds (IFRS 9 5.5.7) unless the
// policy sets a probation. An exposure whose origination PD is 0 but whose current PD is positive
// counts as an infinite ratio. Stage returns an [*InputError] naming the input (by ID) for a DPD
// outside 0 … MaxDPD, a PD outside [0, 1], an invalid category or a LastTrigger after asOf. O(1),
// no allocation.
//
// References:
//   - IFRS 9 5.5.3 (SICR since initial recognition), 5.5.7 (return to 12-month ECL), 5.5.9
//     (change in the risk of default over the expected life), 5.5.10 and B5.5.22–B5.5.24 (low
//     credit risk), 5.5.11 (30-DPD presumption), B5.5.17 (watch list, forbearance among SICR
//     indicators), B5.5.37 (90-DPD default presumption).
//   - [CategoryStage] for the five-category floor.
func (p *StagingPolicy) Stage(in *StagingInput, asOf time.Time) (StagingDecision, error) {
	var d StagingDecision
	if p == nil || in == nil {
		return d, inputErr("staging", "nil policy or input", ErrValue)
	}
	fail := func(field, value string) error {
		return inputErr("exposures["+cut(in.ID)+"]."+field, value, ErrValue)
	}
	if in.DPD < 0 || in.DPD > MaxDPD {
		return d, fail("dpd", strconv.Itoa(in.DPD))
	}
	if !in.Category.IsValid() {
		return d, fail("category", strconv.Itoa(int(in.Category)))
	}
	for _, v := range [...]struct {
		f string
		p float64
	}{{"lifetimePDOrigination", in.LifetimePDOrigination}, {"lifetimePD", in.LifetimePD}, {"pd12", in.PD12}} {
		if !(v.p >= 0 && v.p <= 1) {
			return d, inputErr("exposures["+cut(in.ID)+"]."+v.f, fval(v.p), ErrProbability)
		}
	}
	if in.LastTrigger.After(asOf) {
		return d, fail("lastTrigger", in.LastTrigger.Format(time.DateOnly)+" after "+asOf.Format(time.DateOnly))
	}
	s := &p.spec
	var t ReasonSet
	if in.CreditImpaired {
		t |= 1 << ReasonCreditImpaired
	}
	if in.DPD > s.DefaultDPD {
		t |= 1 << ReasonDefaultDPD
	}
	floor := CategoryStage(in.Category)
	if s.IgnoreCategory {
		floor = Stage1
	}
	if floor == Stage3 {
		t |= 1 << ReasonNonPerforming
	}
	if in.DPD > s.BackstopDPD {
		t |= 1 << ReasonBackstopDPD
	}
	if floor == Stage2 {
		t |= 1 << ReasonSpecialMention
	}
	lcr := in.LowCreditRisk || (s.LowCreditRiskPD > 0 && in.PD12 <= s.LowCreditRiskPD)
	var pdT ReasonSet
	if in.LifetimePDOrigination > 0 || in.LifetimePD > 0 {
		inc := in.LifetimePD - in.LifetimePDOrigination
		if s.RelativePD > 0 && inc >= s.RelativeFloor && inc > 0 &&
			(in.LifetimePDOrigination == 0 || in.LifetimePD/in.LifetimePDOrigination >= s.RelativePD) {
			pdT |= 1 << ReasonRelativePD
		}
		if s.AbsolutePD > 0 && inc >= s.AbsolutePD {
			pdT |= 1 << ReasonAbsolutePD
		}
	}
	if !lcr {
		t |= pdT
	}
	if in.WatchList {
		t |= 1 << ReasonWatchList
	}
	if in.Forborne {
		t |= 1 << ReasonForborne
	}
	const stage3 = 1<<ReasonCreditImpaired | 1<<ReasonDefaultDPD | 1<<ReasonNonPerforming
	switch {
	case t&stage3 != 0:
		d.Stage = Stage3
	case t != 0:
		d.Stage = Stage2
	case s.ProbationMonths > 0 && !in.LastTrigger.IsZero() && asOf.Before(in.LastTrigger.AddDate(0, s.ProbationMonths, 0)):
		d.Stage = Stage2
		t |= 1 << ReasonProbation
	default:
		d.Stage = Stage1
		if lcr && pdT != 0 {
			d.Reason = ReasonLowCreditRisk
		}
	}
	d.Triggers = t
	if t != 0 {
		d.Reason = Reason(bits.TrailingZeros16(uint16(t)))
	}
	return d, nil
}
