package exit

import "testing"

// TestLitigationUpfrontFee is issue #22 item 4: a legal fee paid on filing
// must be discounted from now, in the losing branch too. Before costTiming
// every fixed cost was discounted at the recovery date, overstating the
// litigation NPV by about 5 % on a 1,000,000 exposure at 8 %.
//
// Hand computation (defaults of docs/reference/exit.md §6.3: P(win) 0.7,
// recovery 0.5 of EAD, cost 8 % of the recovery, 2.5 years, servicing 2 % of
// EAD a year; DF = 1.08^(−2.5) = 0.824974664480), fixed fee F = 50,000:
//
//	win, upfront:  460000·DF = 379488.35; − 50000; servicing 50000·DF = 41248.73 → 288239.62
//	lose, upfront: −50000 − 41248.73                                           → −91248.73
//	NPV = round(0.7·288239.62) + round(0.3·(−91248.73)) = 201767.73 − 27374.62 = 174393.11
//
//	win, at recovery:  (460000 − 50000)·DF = 338239.61; − 41248.73           → 296990.88
//	lose, at recovery: −50000·DF − 41248.73 = −41248.73 − 41248.73            → −82497.46
//	NPV = 207893.62 − 24749.24 = 183144.38 (5.0 % above 174393.11)
//
// Periodic (F a year: at 1 and 2 years, F/2 at 2.5 years): 50000/1.08 =
// 46296.30, 50000/1.08² = 42866.94, 25000·DF = 20624.37: 109787.61;
// win 379488.35 − 109787.61 − 41248.73 = 228452.01, lose −151036.34;
// NPV = 159916.41 − 45310.90 = 114605.51.
func TestLitigationUpfrontFee(t *testing.T) {
	l := securedViable()
	for _, tt := range []struct {
		name   string
		timing *CostTiming
		want   string
	}{
		{"default (litigation: upfront)", nil, "174393.11"},
		{"upfront", ptr(CostUpfront), "174393.11"},
		{"at recovery", ptr(CostAtRecovery), "183144.38"},
		{"periodic", ptr(CostPeriodic), "114605.51"},
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
