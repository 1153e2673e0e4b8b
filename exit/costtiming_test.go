package exit

import "testing"

// TestLitigationUpfrontFee is issue #22 item 4: a legal fee paid on filing
// must be discounted from now, in the losing branch too. Before costTiming
// every fixed cost was discounted at the recovery date, overstating the
// litigation NPV by about 5 % on a 1,000,000 exposure at 8 %.
//
// Hand computation (defaults of docs/reference/exit.md §6.3: P(win) 0.7,
// recovery 0.5 of EAD, cost 8 % of the recovery, 2.5 years = 913 days,
// servicing 2 % of EAD a year; DF = 1.08^(−913/365) = 0.824887695216),
// fixed fee F = 50,000:
//
//	win, upfront:  460000·DF = 379448.34; − 50000; servicing 50000·DF = 41244.38 → 288203.96
//	lose, upfront: −50000 − 41244.38                                           → −91244.38
//	NPV = round(0.7·288203.96) + round(0.3·(−91244.38)) = 201742.77 − 27373.31 = 174369.46
//
//	win, at recovery:  (460000 − 50000)·DF = 338203.96; − 41244.38           → 296959.58
//	lose, at recovery: −50000·DF − 41244.38 = −41244.38 − 41244.38            → −82488.76
//	NPV = 207871.71 − 24746.63 = 183125.08 (5.0 % above 174369.46)
//
// Periodic (F a year: at 1 and 2 years, F/2 at 2.5 years): 50000/1.08 =
// 46296.30, 50000/1.08² = 42866.94, 25000·DF = 20622.19: 109785.43;
// win 379448.34 − 109785.43 − 41244.38 = 228418.53, lose −151029.81;
// NPV = 159892.97 − 45308.94 = 114584.03.
func TestLitigationUpfrontFee(t *testing.T) {
	l := securedViable()
	for _, tt := range []struct {
		name   string
		timing *CostTiming
		want   string
	}{
		{"default (litigation: upfront)", nil, "174369.46"},
		{"upfront", ptr(CostUpfront), "174369.46"},
		{"at recovery", ptr(CostAtRecovery), "183125.08"},
		{"periodic", ptr(CostPeriodic), "114584.03"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := OptionSetSpec{Options: []OptionSpec{{Kind: Litigation,
				Params: Params{FixedCost: ptr(dec("50000")), CostTiming: tt.timing}}}}
			d, err := mustCompile(t, s).Choose(l, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Options[0].NPV(); !got.Equal(dec(tt.want)) {
				t.Errorf("litigation NPV = %s, want %s\n%s", got, tt.want, d.Explain())
			}
		})
	}
}

// TestSaleCosts: a sale's costs are a rate on the price and a fixed amount,
// both now: price 0.3·100000 = 30000, less 2 % = 600 and 1000 fixed.
func TestSaleCosts(t *testing.T) {
	s := OptionSetSpec{Options: []OptionSpec{{Kind: Sale,
		Params: Params{Price: ptr(0.3), CostRate: ptr(0.02), FixedCost: ptr(dec("1000"))}}}}
	d, err := mustCompile(t, s).Choose(unsecuredNPL(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Options[0].NPV(); !got.Equal(dec("28400")) {
		t.Errorf("sale NPV = %s, want 28400", got)
	}
}
