package monitor

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var asOf = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

func TestClassifyDPDBoundaries(t *testing.T) {
	// Measures (2023) Ch. II category criteria: "overdue more than 90 / 270 / 360 days"
	// (逾期超过…天) are strict, hence the boundary cases 90/91, 270/271, 360/361. Any overdue is
	// special mention except a short operational or technical delay "(7天内)", within 7 days.
	tests := []struct {
		dpd       int
		technical bool
		want      Category
	}{
		{0, false, Normal},
		{1, false, SpecialMention},
		{1, true, Normal},
		{7, true, Normal},
		{8, true, SpecialMention},
		{30, false, SpecialMention},
		{90, false, SpecialMention},
		{91, false, Substandard},
		{270, false, Substandard},
		{271, false, Doubtful},
		{360, false, Doubtful},
		{361, false, Loss},
		{5000, true, Loss},
	}
	for _, tt := range tests {
		name := strconv.Itoa(tt.dpd)
		t.Run(name, func(t *testing.T) {
			c, err := Classify(ClassificationInput{DPD: tt.dpd, TechnicalDelay: tt.technical}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if c.Category != tt.want || c.Floor != tt.want {
				t.Errorf("DPD %d technical=%v: got %v (floor %v), want %v", tt.dpd, tt.technical, c.Category, c.Floor, tt.want)
			}
			if tt.want != Normal && len(c.Reasons) != 1 {
				t.Errorf("reasons = %v, want exactly the DPD reason", c.Reasons)
			}
		})
	}
}

func TestClassifyQualitativeRules(t *testing.T) {
	start := asOf.AddDate(0, -6, 0)
	tests := []struct {
		name string
		in   ClassificationInput
		want Category
		code ReasonCode
	}{
		{"misuse of funds", ClassificationInput{MisuseOfFunds: true}, SpecialMention, ReasonMisuseOfFunds},
		{"evergreening", ClassificationInput{Evergreening: true}, SpecialMention, ReasonEvergreening},
		{"NPL elsewhere", ClassificationInput{NPLElsewhere: true}, SpecialMention, ReasonNPLElsewhere},
		{"watch", ClassificationInput{Watch: true}, SpecialMention, ReasonWatch},
		{"credit-impaired", ClassificationInput{CreditImpaired: true}, Substandard, ReasonCreditImpaired},
		{"external downgrade", ClassificationInput{ExternalDowngrade: true}, Substandard, ReasonExternalDowngrade},
		{"impaired ECL 49%", ClassificationInput{CreditImpaired: true, ECLCoverage: 0.49}, Substandard, ReasonCreditImpaired},
		{"impaired ECL 50%", ClassificationInput{CreditImpaired: true, ECLCoverage: 0.50}, Doubtful, ReasonECL50},
		{"impaired ECL 89%", ClassificationInput{CreditImpaired: true, ECLCoverage: 0.89}, Doubtful, ReasonECL50},
		{"impaired ECL 90%", ClassificationInput{CreditImpaired: true, ECLCoverage: 0.90}, Loss, ReasonECL90},
		{"ECL without impairment", ClassificationInput{ECLCoverage: 0.95}, Normal, ""},
		{"debt evasion", ClassificationInput{DebtEvasion: true}, Doubtful, ReasonDebtEvasion},
		{"restructured from normal", ClassificationInput{Restructuring: &Restructuring{Before: Normal, Start: start}}, SpecialMention, ReasonRestructured},
		{"restructured from substandard", ClassificationInput{Restructuring: &Restructuring{Before: Substandard, Start: start}}, Substandard, ReasonRestructuredNPL},
		{"restructured again", ClassificationInput{Restructuring: &Restructuring{Before: SpecialMention, Start: start, Again: true}}, Substandard, ReasonRestructuredAgain},
		{"restructured, DPD over 90 in observation", ClassificationInput{DPD: 95, Restructuring: &Restructuring{Before: Normal, Start: start}}, Substandard, ReasonDPDOver90},
		// Measures (2023) Art. 20: the observation period needs at least two consecutive
		// repayment periods and at least one year, and the difficulty resolved.
		{"observation: 1 year, 2 periods, resolved", ClassificationInput{Restructuring: &Restructuring{
			Before: Doubtful, Start: asOf.AddDate(-1, 0, 0), OnTimePeriods: 2, Resolved: true}}, Normal, ""},
		{"observation: 1 year less a day", ClassificationInput{Restructuring: &Restructuring{
			Before: Normal, Start: asOf.AddDate(-1, 0, 1), OnTimePeriods: 12, Resolved: true}}, SpecialMention, ReasonRestructured},
		{"observation: only one period", ClassificationInput{Restructuring: &Restructuring{
			Before: Normal, Start: asOf.AddDate(-2, 0, 0), OnTimePeriods: 1, Resolved: true}}, SpecialMention, ReasonRestructured},
		{"observation: difficulty unresolved", ClassificationInput{Restructuring: &Restructuring{
			Before: Normal, Start: asOf.AddDate(-2, 0, 0), OnTimePeriods: 24}}, SpecialMention, ReasonRestructured},
		{"expert downgrade", ClassificationInput{DPD: 10, Expert: Doubtful}, Doubtful, ReasonExpert},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Classify(tt.in, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if c.Category != tt.want {
				t.Errorf("category %v, want %v (reasons %v)", c.Category, tt.want, c.Reasons)
			}
			if tt.code == "" {
				if len(c.Reasons) != 0 {
					t.Errorf("reasons %v, want none", c.Reasons)
				}
				return
			}
			found := false
			for _, r := range c.Reasons {
				found = found || r.Code == tt.code
				if r.Code.Source() == "" {
					t.Errorf("reason %s has no source", r.Code)
				}
			}
			if !found {
				t.Errorf("reasons %v lack %s", c.Reasons, tt.code)
			}
		})
	}
}

func TestClassifyExpertCannotUpgrade(t *testing.T) {
	c, err := Classify(ClassificationInput{DPD: 200, Expert: SpecialMention}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := Classification{Category: Substandard, Floor: Substandard, Reasons: []Reason{{ReasonDPDOver90, Substandard}}}
	if d := cmp.Diff(want, c); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestClassifyNeverBetterThanDPDFloor is the property of issue 6: whatever the other facts,
// the category is never better than the one required by DPD alone, and never better than the
// expert's.
func TestClassifyNeverBetterThanDPDFloor(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dpdFloor := func(d int) Category {
		switch {
		case d > 360:
			return Loss
		case d > 270:
			return Doubtful
		case d > 90:
			return Substandard
		case d > 7:
			return SpecialMention
		}
		return Normal
	}
	for range 20000 {
		in := ClassificationInput{
			DPD: rng.IntN(500), TechnicalDelay: rng.IntN(2) == 0, CreditImpaired: rng.IntN(5) == 0,
			ECLCoverage: rng.Float64(), DebtEvasion: rng.IntN(20) == 0, MisuseOfFunds: rng.IntN(10) == 0,
			Expert: Category(rng.IntN(5)),
		}
		if rng.IntN(4) == 0 {
			in.Restructuring = &Restructuring{Before: Category(rng.IntN(5)), Start: asOf.AddDate(0, -rng.IntN(30), 0),
				OnTimePeriods: rng.IntN(5), Resolved: rng.IntN(2) == 0}
		}
		c, err := Classify(in, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if c.Category < dpdFloor(in.DPD) || c.Category < in.Expert || c.Category < c.Floor {
			t.Fatalf("%+v classified %v (floor %v)", in, c.Category, c.Floor)
		}
		// Monotone in DPD: more days past due never improves the category.
		in.DPD += 1 + rng.IntN(100)
		c2, _ := Classify(in, asOf)
		if c2.Category < c.Category {
			t.Fatalf("DPD %d → %v but DPD %d → %v", in.DPD, c2.Category, in.DPD-1, c.Category)
		}
	}
}

func TestClassifyErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    ClassificationInput
		field string
	}{
		{"negative DPD", ClassificationInput{Loan: "L1", DPD: -1}, `loan "L1" dpd`},
		{"ECL NaN", ClassificationInput{ECLCoverage: math.NaN()}, "eclCoverage"},
		{"ECL above 1", ClassificationInput{ECLCoverage: 1.5}, "eclCoverage"},
		{"bad expert", ClassificationInput{Expert: 9}, "expert"},
		{"restructuring without start", ClassificationInput{Restructuring: &Restructuring{}}, "restructuring.start"},
		{"restructuring bad before", ClassificationInput{Restructuring: &Restructuring{Before: 255, Start: asOf}}, "restructuring.before"},
		{"restructuring start in year 20000", ClassificationInput{Restructuring: &Restructuring{Start: time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC)}}, "restructuring.start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Classify(tt.in, asOf)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || !errors.Is(err, ErrInvalidInput) {
				t.Errorf("err = %v, want InputError on %s", err, tt.field)
			}
		})
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestClassifyDebtor(t *testing.T) {
	// Measures (2023) Art. 7 para. 2: a non-retail debtor with more than 10 % (超过10%) of its
	// claims at the bank NPL has all its claims NPL (also China Daily 2023-02-12), so exactly
	// 10 % does not pull. > 20 % of its debts at all banks over 90 DPD ⇒ NPL (Ch. II; China
	// Banking News 2023-02-14).
	performing := ClassificationInput{}
	npl := ClassificationInput{DPD: 120}
	tests := []struct {
		name string
		d    Debtor
		want []Category
		pull ReasonCode
	}{
		{"10.01 % NPL pulls", Debtor{Claims: []Claim{{dec("100.1"), npl}, {dec("899.9"), performing}}},
			[]Category{Substandard, Substandard}, ReasonIntraBankPull},
		{"exactly 10 % NPL does not pull", Debtor{Claims: []Claim{{dec("100"), npl}, {dec("900"), performing}}},
			[]Category{Substandard, Normal}, ""},
		{"9.99 % NPL does not pull", Debtor{Claims: []Claim{{dec("99.9"), npl}, {dec("900.1"), performing}}},
			[]Category{Substandard, Normal}, ""},
		{"retail debtor is not pulled", Debtor{Retail: true, Claims: []Claim{{dec("500"), npl}, {dec("500"), performing}}},
			[]Category{Substandard, Normal}, ""},
		{"cross-bank just above 20 %", Debtor{Claims: []Claim{{dec("100"), performing}},
			AllBanksDebt: dec("1000"), AllBanksOver90: dec("200.01")}, []Category{Substandard}, ReasonCrossBankPull},
		{"cross-bank exactly 20 %", Debtor{Claims: []Claim{{dec("100"), performing}},
			AllBanksDebt: dec("1000"), AllBanksOver90: dec("200")}, []Category{Normal}, ""},
		{"both pulls give both reasons", Debtor{Claims: []Claim{{dec("100"), npl}, {dec("100"), performing}},
			AllBanksDebt: dec("1000"), AllBanksOver90: dec("300")}, []Category{Substandard, Substandard}, ReasonIntraBankPull},
		{"pull keeps worse categories", Debtor{Claims: []Claim{{dec("100"), ClassificationInput{DPD: 400}}, {dec("100"), performing}}},
			[]Category{Loss, Substandard}, ReasonIntraBankPull},
		{"empty debtor", Debtor{}, []Category{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ClassifyDebtor(tt.d, asOf)
			if err != nil {
				t.Fatal(err)
			}
			cats := make([]Category, len(got))
			for i, c := range got {
				cats[i] = c.Category
				pulled := false
				for _, r := range c.Reasons {
					pulled = pulled || r.Code == tt.pull
				}
				if tt.pull != "" && cats[i] == Substandard && tt.d.Claims[i].Input.DPD == 0 && !pulled {
					t.Errorf("claim %d lacks reason %s: %v", i, tt.pull, c.Reasons)
				}
			}
			if d := cmp.Diff(tt.want, cats); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	_, err := ClassifyDebtor(Debtor{ID: "D", Claims: []Claim{{dec("1"), performing}, {dec("-1"), performing}}}, asOf)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != `loan "D" claims[1].balance` {
		t.Errorf("negative balance: err = %v", err)
	}
	_, err = ClassifyDebtor(Debtor{Claims: []Claim{{dec("1"), ClassificationInput{Loan: "c", DPD: -3}}}}, asOf)
	if !errors.As(err, &ie) || ie.Field != "claims[0].input.dpd" {
		t.Errorf("bad claim: err = %v", err)
	}
	// ClassifyDebtorTo reuses dst and gives the same result.
	d := Debtor{Claims: []Claim{{dec("100.1"), npl}, {dec("899.9"), performing}}}
	want, _ := ClassifyDebtor(d, asOf)
	buf := make([]Classification, 0, 4)
	got, err := ClassifyDebtorTo(buf, d, asOf)
	if err != nil || &got[0] != &buf[:1][0] || !cmp.Equal(want, got) {
		t.Errorf("ClassifyDebtorTo: %v %v, want %v in dst", got, err, want)
	}
}

func TestStageBoundaries(t *testing.T) {
	// IFRS 9 5.5.11: more than 30 days past due ⇒ SICR (stage 2); B5.5.37: default not later
	// than 90 days past due (stage 3).
	tests := []struct {
		name string
		in   StageInput
		opts StageOptions
		want Stage
	}{
		{"current", StageInput{}, StageOptions{}, Stage1},
		{"30 DPD", StageInput{DPD: 30}, StageOptions{}, Stage1},
		{"31 DPD", StageInput{DPD: 31}, StageOptions{}, Stage2},
		{"90 DPD", StageInput{DPD: 90}, StageOptions{}, Stage2},
		{"91 DPD", StageInput{DPD: 91}, StageOptions{}, Stage3},
		{"impaired", StageInput{CreditImpaired: true}, StageOptions{}, Stage3},
		{"PD ×1.99", StageInput{PDOrigination: 0.01, PD: 0.0199}, StageOptions{}, Stage1},
		{"PD ×2", StageInput{PDOrigination: 0.01, PD: 0.02}, StageOptions{}, Stage2},
		{"PD ×2 low credit risk", StageInput{PDOrigination: 0.001, PD: 0.002, LowCreditRisk: true}, StageOptions{}, Stage1},
		{"PD ×3 with ratio 4", StageInput{PDOrigination: 0.01, PD: 0.03}, StageOptions{PDRatio: 4}, Stage1},
		{"watch list", StageInput{Watchlist: true}, StageOptions{}, Stage2},
		{"forborne", StageInput{Forborne: true}, StageOptions{}, Stage2},
		{"rebutted 30-day presumption", StageInput{DPD: 45}, StageOptions{Stage2DPD: 60}, Stage1},
		{"unrated", StageInput{PD: 0.5}, StageOptions{}, Stage1},
		{"cured, no probation by default", StageInput{LastSICR: asOf.AddDate(0, -1, 0)}, StageOptions{}, Stage1},
		{"cured, in 3-month probation", StageInput{LastSICR: asOf.AddDate(0, -3, 1)}, StageOptions{ProbationMonths: 3}, Stage2},
		{"cured, probation over", StageInput{LastSICR: asOf.AddDate(0, -3, 0)}, StageOptions{ProbationMonths: 3}, Stage1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := StageOf(tt.in, asOf, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Stage != tt.want {
				t.Errorf("stage %v, want %v (%v)", r.Stage, tt.want, r.Reasons)
			}
			if (r.Stage == Stage1) != (len(r.Reasons) == 0) {
				t.Errorf("reasons %v for %v", r.Reasons, r.Stage)
			}
		})
	}
	if _, err := StageOf(StageInput{PD: math.NaN()}, asOf, StageOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NaN PD: %v", err)
	}
	if _, err := StageOf(StageInput{}, asOf, StageOptions{Stage2DPD: 100, Stage3DPD: 90}); !errors.Is(err, ErrInvalidParameter) {
		t.Errorf("bad options: %v", err)
	}
}

func TestAssessDefault(t *testing.T) {
	// CRR Art. 178(1)(b); Delegated Reg. (EU) 2018/171: retail EUR 100 and 1 %; EBA/GL/2016/07
	// §71–72: probation ≥ 3 months, ≥ 1 year after distressed restructuring.
	retail := EURetailDefault()
	tests := []struct {
		name      string
		in        DefaultInput
		opts      DefaultOptions
		defaulted bool
		probation bool
	}{
		{"90 DPD material", DefaultInput{DPD: 90, PastDue: dec("150"), Exposure: dec("1000")}, retail, false, false},
		{"91 DPD material", DefaultInput{DPD: 91, PastDue: dec("150"), Exposure: dec("1000")}, retail, true, false},
		{"91 DPD at EUR 100 exactly", DefaultInput{DPD: 91, PastDue: dec("100"), Exposure: dec("1000")}, retail, false, false},
		{"91 DPD at 1 % exactly", DefaultInput{DPD: 91, PastDue: dec("200"), Exposure: dec("20000")}, retail, false, false},
		{"91 DPD above 1 %", DefaultInput{DPD: 91, PastDue: dec("200.01"), Exposure: dec("20000")}, retail, true, false},
		{"non-retail EUR 500", DefaultInput{DPD: 200, PastDue: dec("450"), Exposure: dec("1000")}, EUNonRetailDefault(), false, false},
		{"bankruptcy", DefaultInput{UTP: UTPBankruptcy}, retail, true, false},
		{"probation 3 months running", DefaultInput{LastTrigger: asOf.AddDate(0, -3, 1)}, retail, true, true},
		{"probation 3 months over", DefaultInput{LastTrigger: asOf.AddDate(0, -3, 0)}, retail, false, false},
		{"restructuring probation running", DefaultInput{LastTrigger: asOf.AddDate(0, -11, 0), Restructured: true}, retail, true, true},
		{"restructuring probation over", DefaultInput{LastTrigger: asOf.AddDate(-1, 0, 0), Restructured: true}, retail, false, false},
		{"no thresholds: any amount", DefaultInput{DPD: 91, PastDue: dec("0.01"), Exposure: dec("1e6")}, DefaultOptions{}, true, false},
		{"180-day jurisdiction", DefaultInput{DPD: 120, PastDue: dec("1000"), Exposure: dec("1000")}, DefaultOptions{DPD: 180}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := AssessDefault(tt.in, asOf, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Defaulted != tt.defaulted || r.Probation != tt.probation {
				t.Errorf("got %+v, want defaulted=%v probation=%v", r, tt.defaulted, tt.probation)
			}
		})
	}
	for _, in := range []DefaultInput{{DPD: -1}, {PastDue: dec("-1")}, {LastTrigger: asOf.AddDate(0, 0, 1)}} {
		if _, err := AssessDefault(in, asOf, retail); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%+v: err = %v", in, err)
		}
	}
	if _, err := AssessDefault(DefaultInput{}, asOf, DefaultOptions{Relative: 1.5}); !errors.Is(err, ErrInvalidParameter) {
		t.Errorf("bad relative: %v", err)
	}
}

func TestEnumText(t *testing.T) {
	for l := Green; l <= Red; l++ {
		b, err := l.MarshalText()
		var back WarningLevel
		if err != nil || back.UnmarshalText(b) != nil || back != l || l.String() != string(b) {
			t.Errorf("level %d round trip: %q %v", l, b, err)
		}
	}
	for c := Normal; c <= Loss; c++ {
		b, _ := c.MarshalText()
		var back Category
		if back.UnmarshalText(b) != nil || back != c {
			t.Errorf("category %d round trip: %q", c, b)
		}
	}
	for s := Stage1; s <= Stage3; s++ {
		b, _ := s.MarshalText()
		var back Stage
		if back.UnmarshalText(b) != nil || back != s {
			t.Errorf("stage %d round trip: %q", s, b)
		}
	}
	if _, err := WarningLevel(4).MarshalText(); !errors.Is(err, ErrInvalidInput) {
		t.Error("invalid level marshals")
	}
	if _, err := StageUnknown.MarshalText(); err == nil {
		t.Error("StageUnknown marshals")
	}
	var l WarningLevel
	if err := l.UnmarshalText([]byte("purple")); !errors.Is(err, ErrInvalidInput) {
		t.Error("unknown level parses")
	}
	if !(Green < Yellow && Yellow < Orange && Orange < Red) || Red.Compare(Orange) != 1 || Normal.Compare(Loss) != -1 {
		t.Error("order")
	}
	if Stage2.Floor() != Orange || Stage3.Floor() != Red || Stage1.Floor() != Green ||
		(DefaultResult{Defaulted: true}).Floor() != Red || (DefaultResult{}).Floor() != Green {
		t.Error("stage and default floors")
	}
	if FinalLevel(Yellow, Substandard) != Red || FinalLevel(Red, Normal) != Red || FinalLevel(Green, SpecialMention) != Orange {
		t.Error("FinalLevel: floors must win")
	}
}

// TestOptionParamErrors: bad staging and default options are reported as an InputError
// wrapping ErrInvalidParameter naming the option (a huge probation used to overflow the date
// arithmetic and clear probation).
func TestOptionParamErrors(t *testing.T) {
	cured := StageInput{LastSICR: asOf.AddDate(0, -1, 0)}
	defaulted := DefaultInput{LastTrigger: asOf.AddDate(0, -1, 0)}
	tests := []struct {
		name string
		run  func() error
		bad  string
	}{
		{"stage probation 1<<62", func() error { _, err := StageOf(cured, asOf, StageOptions{ProbationMonths: 1 << 62}); return err }, "opts.probationMonths"},
		{"stage probation 1201", func() error { _, err := StageOf(cured, asOf, StageOptions{ProbationMonths: 1201}); return err }, "opts.probationMonths"},
		{"stage probation -1", func() error { _, err := StageOf(cured, asOf, StageOptions{ProbationMonths: -1}); return err }, "opts.probationMonths"},
		{"Stage2DPD -1", func() error { _, err := StageOf(cured, asOf, StageOptions{Stage2DPD: -1}); return err }, "opts.stage2DPD"},
		{"Stage3DPD -1", func() error { _, err := StageOf(cured, asOf, StageOptions{Stage3DPD: -1}); return err }, "opts.stage3DPD"},
		{"Stage3DPD below Stage2DPD", func() error { _, err := StageOf(cured, asOf, StageOptions{Stage2DPD: 100, Stage3DPD: 90}); return err }, "opts.stage3DPD"},
		{"default probation 1<<62", func() error { _, err := AssessDefault(defaulted, asOf, DefaultOptions{Probation: 1 << 62}); return err }, "opts.probation"},
		{"default absolute 1e-100", func() error {
			_, err := AssessDefault(defaulted, asOf, DefaultOptions{Absolute: decimal.New(1, -100)})
			return err
		}, "opts.absolute"},
		{"default restructuring probation 1<<62", func() error {
			_, err := AssessDefault(defaulted, asOf, DefaultOptions{RestructuringProbation: 1 << 62})
			return err
		}, "opts.restructuringProbation"},
		{"default restructuring probation -1", func() error {
			_, err := AssessDefault(defaulted, asOf, DefaultOptions{RestructuringProbation: -1})
			return err
		}, "opts.restructuringProbation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.bad || !errors.Is(err, ErrInvalidParameter) {
				t.Errorf("err = %v, want ErrInvalidParameter naming %s", err, tt.bad)
			}
		})
	}
	// The bound itself is accepted and keeps a loan cured a month ago in probation.
	if r, err := StageOf(cured, asOf, StageOptions{ProbationMonths: MaxProbationMonths}); err != nil || r.Stage != Stage2 {
		t.Errorf("probation %d: %v %v, want Stage2", MaxProbationMonths, r.Stage, err)
	}
	if r, err := AssessDefault(defaulted, asOf, DefaultOptions{Probation: MaxProbationMonths}); err != nil || !r.Probation {
		t.Errorf("default probation %d: %+v %v, want probation", MaxProbationMonths, r, err)
	}
}

// TestBadValuesRejected: values that used to be accepted silently are InputErrors naming the
// field.
func TestBadValuesRejected(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	withObs := func(mod func(o *Observation)) func() error {
		return func() error {
			h := &History{Loan: "L", Observations: []Observation{{Date: asOf}}}
			mod(&h.Observations[0])
			_, err := s.Evaluate(h, asOf)
			return err
		}
	}
	tests := []struct {
		name  string
		run   func() error
		want  error
		field string
	}{
		{"ZScore minHistory -1", func() error { _, err := ZScore([]float64{1, 2, 3}, 2, -1); return err }, ErrInvalidParameter, "minHistory"},
		{"RobustZScore minHistory -1", func() error { _, err := RobustZScore(nil, []float64{1, 2, 3}, 2, -1); return err }, ErrInvalidParameter, "minHistory"},
		{"Known unknown bit", withObs(func(o *Observation) { o.Known = FieldCovenant << 1 }), ErrInvalidInput, `loan "L" observations[0].known`},
		{"Known high bit", withObs(func(o *Observation) { o.Known = FieldPD | 1<<31 }), ErrInvalidInput, `loan "L" observations[0].known`},
		{"Events unknown bit", withObs(func(o *Observation) { o.Events = EventIndustryStress << 1 }), ErrInvalidInput, `loan "L" observations[0].events`},
		{"UTP 255", func() error { _, err := AssessDefault(DefaultInput{UTP: 255}, asOf, DefaultOptions{}); return err }, ErrInvalidInput, "utp"},
		{"UTP 64", func() error { _, err := AssessDefault(DefaultInput{UTP: 64}, asOf, DefaultOptions{}); return err }, ErrInvalidInput, "utp"},
		{"AllBanksDebt -1 without claims", func() error {
			_, err := ClassifyDebtor(Debtor{AllBanksDebt: dec("-1")}, asOf)
			return err
		}, ErrInvalidInput, "allBanksDebt"},
		{"AllBanksOver90 -1 retail", func() error {
			_, err := ClassifyDebtor(Debtor{Retail: true, Claims: []Claim{{}}, AllBanksOver90: dec("-1")}, asOf)
			return err
		}, ErrInvalidInput, "allBanksOver90"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ie *InputError
			field := ""
			if errors.As(err, &ie) {
				field = ie.Field
			}
			if !errors.Is(err, tt.want) || field != tt.field {
				t.Errorf("err = %v, want %v naming %s", err, tt.want, tt.field)
			}
		})
	}
	// Every defined bit is accepted.
	if _, err := AssessDefault(DefaultInput{UTP: UTPOther<<1 - 1}, asOf, DefaultOptions{}); err != nil {
		t.Errorf("all UTP bits: %v", err)
	}
	if err := withObs(func(o *Observation) { o.Events = EventIndustryStress<<1 - 1 })(); err != nil {
		t.Errorf("all event bits: %v", err)
	}
}
