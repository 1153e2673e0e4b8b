package main

import (
	_ "embed"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/monitor"
)

// monitorCardSpec is the early-warning signal set adapted to the card accounts: six monthly
// observations, no past-due amounts, no deposit or financial data (see the spec's sources).
//
//go:embed specs/monitor-cards.json
var monitorCardSpec []byte

// accountStatus is one account's monitoring outcome at the latest month (September 2005).
type accountStatus struct {
	ID       int
	Default  bool                 // the real outcome: default in October 2005
	DPD      int                  // days past due in September 2005 (30 × months of delay)
	Category monitor.Category     // five-category classification (2023 Measures)
	Stage    monitor.Stage        // IFRS 9 stage
	Signals  monitor.WarningLevel // warning level from the card signal set alone
	Level    monitor.WarningLevel // final level: signals raised to the floors of Category and Stage
	Default0 monitor.WarningLevel // final level with the library's default SME signal set
	// Default0Rules is how many rules of the default set had the data to be evaluated.
	Default0Rules int
	Fired         []monitor.RuleID // card-set rules that fired in September
	// FirstWarning is the first month (0 = April … 5 = September 2005) at which the final level
	// was orange or red, or -1 if it never was.
	FirstWarning int
	// FirstWatch is the first month at which the final level was yellow or worse, or -1.
	FirstWatch int
}

// monitorMonthEnd returns the last day of month m of the data (0 = April 2005).
func monitorMonthEnd(m int) time.Time {
	return time.Date(2005, time.April+time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
}

// monitorDPD converts a repayment status to days past due: -2, -1 and 0 (paid duly or no use)
// are 0; 1…9 months of delay are 30 days a month (issue 6: DPD ≈ 30 × months).
func monitorDPD(status int) int { return max(status, 0) * 30 }

// accountHistory fills h with the account's six monthly observations, reusing its storage.
// Bill is the outstanding balance (a negative bill is a credit balance: outstanding 0), Paid
// the money received in the month (the account's credit turnover) and LIMIT_BAL the limit.
// Past-due amounts, deposits, ratios and events are not in the data: they stay unknown.
func accountHistory(a *Account, h *monitor.History) {
	h.Loan = monitor.LoanID(strconv.Itoa(a.ID))
	h.Observations = h.Observations[:0]
	for m := range months {
		out := a.Bill[m]
		if out.Sign() < 0 {
			out = decimal.Decimal{}
		}
		h.Observations = append(h.Observations, monitor.Observation{
			Date:        monitorMonthEnd(m),
			Known:       monitor.FieldOutstanding | monitor.FieldLimit | monitor.FieldTurnover,
			DPD:         monitorDPD(a.Status[m]),
			Outstanding: out,
			Limit:       a.Limit,
			Turnover:    a.Paid[m],
		})
	}
}

// monitorAccounts evaluates every account: the card signal set and the library's default
// set, the five-category classification (retail: per account, no debtor-level pulls), the
// IFRS 9 stage and the final warning level at September 2005, and the first month with an
// orange-or-red (and with any) warning. The exit stage picks its substandard-or-worse accounts
// from the result, which is in the order of p.Accounts.
func monitorAccounts(p *Portfolio) ([]accountStatus, error) {
	cards, err := monitor.LoadSignalSet(monitorCardSpec)
	if err != nil {
		return nil, err
	}
	defaults, err := monitor.CompileSignalSet(monitor.DefaultSignalSetSpec())
	if err != nil {
		return nil, err
	}
	out := make([]accountStatus, len(p.Accounts))
	var h monitor.History
	var r monitor.Result
	var c monitor.Classification
	for i := range p.Accounts {
		a := &p.Accounts[i]
		accountHistory(a, &h)
		// Validated and converted once, evaluated at each of the six month ends.
		ph, err := monitor.Prepare(&h)
		if err != nil {
			return nil, fmt.Errorf("account %d: %w", a.ID, err)
		}
		s := &out[i]
		*s = accountStatus{ID: a.ID, Default: a.Default, FirstWarning: -1, FirstWatch: -1}
		for m := range months {
			asOf := monitorMonthEnd(m)
			if err := cards.EvaluatePreparedTo(&r, ph, asOf); err != nil {
				return nil, fmt.Errorf("account %d: %w", a.ID, err)
			}
			dpd := monitorDPD(a.Status[m])
			if err := monitor.ClassifyTo(&c, monitor.ClassificationInput{Loan: h.Loan, DPD: dpd}, asOf); err != nil {
				return nil, fmt.Errorf("account %d: %w", a.ID, err)
			}
			st, err := monitor.StageOf(monitor.StageInput{Loan: h.Loan, DPD: dpd}, asOf, monitor.StageOptions{})
			if err != nil {
				return nil, fmt.Errorf("account %d: %w", a.ID, err)
			}
			// Floors: the category's and the IFRS 9 stage's; the higher wins.
			floor := max(c.Category.Floor(), st.Stage.Floor())
			lvl := max(r.Level, floor)
			if lvl >= monitor.Yellow && s.FirstWatch < 0 {
				s.FirstWatch = m
			}
			if lvl >= monitor.Orange && s.FirstWarning < 0 {
				s.FirstWarning = m
			}
			if m < months-1 {
				continue
			}
			s.DPD, s.Category, s.Signals, s.Level = dpd, c.Category, r.Level, lvl
			for _, sig := range r.Signals {
				s.Fired = append(s.Fired, sig.Rule)
			}
			s.Stage = st.Stage
			if err := defaults.EvaluatePreparedTo(&r, ph, asOf); err != nil {
				return nil, fmt.Errorf("account %d: %w", a.ID, err)
			}
			s.Default0 = max(r.Level, floor)
			s.Default0Rules = defaults.Len() - len(r.Unevaluated)
		}
	}
	return out, nil
}

// monitoring is the post-loan monitoring stage on the card accounts: warning levels, the
// regulatory category and stage at September 2005, scored against the real October default.
func monitoring(p *Portfolio, opts Options) (Section, error) {
	st, err := monitorAccounts(p)
	if err != nil {
		return Section{Title: monitoringTitle}, err
	}
	return monitoringReport(st, opts)
}

const monitoringTitle = "Monitoring: early warning and classification of the card accounts (monitor)"

// monitoringReport prints the tables of the monitoring stage from the accounts' statuses.
func monitoringReport(st []accountStatus, opts Options) (Section, error) {
	sec := Section{Title: monitoringTitle}
	cards, err := monitor.LoadSignalSet(monitorCardSpec)
	if err != nil {
		return sec, err
	}
	var b doc
	fmt.Fprintf(&b, "As of %s: %d accounts, six monthly observations each; card signal set %q (%d rules, with CUSUM, EWMA\n",
		monitorMonthEnd(months-1).Format(time.DateOnly), len(st), cards.Spec().ID, cards.Len())
	fmt.Fprintf(&b, "and robust z-score detectors), final level = max(signal level, floors of category and stage). Outcome: default in October 2005.\n\n")

	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	type cell struct{ n, d int }
	var byLevel [4]cell
	var byCat [5]cell
	var byStage [4]cell
	for _, s := range st {
		d := 0
		if s.Default {
			d = 1
		}
		byLevel[s.Level].n++
		byLevel[s.Level].d += d
		byCat[s.Category].n++
		byCat[s.Category].d += d
		byStage[s.Stage].n++
		byStage[s.Stage].d += d
	}
	row := func(name string, c cell) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", name, c.n, c.d, monitorRate(c.d, c.n))
	}
	fmt.Fprintf(tw, "Final warning level\taccounts\tdefaults\tdefault rate\t\n")
	for l := monitor.Green; l <= monitor.Red; l++ {
		row(l.String(), byLevel[l])
	}
	fmt.Fprintf(tw, "\t\t\t\t\nCategory (2023 Measures)\taccounts\tdefaults\tdefault rate\t\n")
	for c := monitor.Normal; c <= monitor.Loss; c++ {
		row(c.String(), byCat[c])
	}
	fmt.Fprintf(tw, "\t\t\t\t\nIFRS 9 stage\taccounts\tdefaults\tdefault rate\t\n")
	for s := monitor.Stage1; s <= monitor.Stage3; s++ {
		row(s.String(), byStage[s])
	}
	tw.Flush()
	levelLabels, levelRates := []string{}, []float64{}
	for l := monitor.Green; l <= monitor.Red; l++ {
		levelLabels = append(levelLabels, l.String())
		levelRates = append(levelRates, 100*float64(byLevel[l].d)/float64(max(byLevel[l].n, 1)))
	}
	b.figure("monitoring-levels",
		"October default rate of the card accounts by their September warning level. Read: a useful warning system has rates rising "+
			"from green to red; green and yellow at the same rate means the yellow rules add no information.",
		func(path string) error {
			return plots.Bars(path, "Card accounts: October default rate by September warning level", "September warning level",
				"October default rate, %", "%.1f %%", levelLabels, levelRates)
		})

	fmt.Fprintf(&b, "\nOrange-or-red warnings against the October default:\n")
	tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "warning\tflagged\tdefaults caught\tprecision\trecall\t\n")
	var prec, recall string // of the first row: final level, card set
	pr := func(name string, flag func(s *accountStatus) bool) {
		flagged, tp, pos := 0, 0, 0
		for i := range st {
			f := flag(&st[i])
			if f {
				flagged++
			}
			if st[i].Default {
				pos++
				if f {
					tp++
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t\n", name, flagged, tp, monitorRate(tp, flagged), monitorRate(tp, pos))
		if prec == "" {
			prec, recall = monitorRate(tp, flagged), monitorRate(tp, pos)
		}
	}
	pr("final level, card set", func(s *accountStatus) bool { return s.Level >= monitor.Orange })
	pr("signals only, card set", func(s *accountStatus) bool { return s.Signals >= monitor.Orange })
	pr("final level, default SME set", func(s *accountStatus) bool { return s.Default0 >= monitor.Orange })
	pr("yellow or worse, card set", func(s *accountStatus) bool { return s.Level >= monitor.Yellow })
	tw.Flush()
	defaultsLen := len(monitor.DefaultSignalSetSpec().Rules)
	lo, hi := len(st), 0
	for _, s := range st {
		lo, hi = min(lo, s.Default0Rules), max(hi, s.Default0Rules)
	}
	fmt.Fprintf(&b, "The default SME set evaluates %d to %d of its %d rules here: DPD, utilisation and the event rules (which\n", lo, hi, defaultsLen)
	fmt.Fprintf(&b, "see no events); the data have no financials, deposits or past-due amounts, and 6 months are too short for\n")
	fmt.Fprintf(&b, "year-on-year rules. Its orange rules are the card set's, hence the same figures.\n")

	fmt.Fprintf(&b, "\nCard-set rules fired in September:\n")
	tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rule\tcode\tseverity\tfired\tdefault rate if fired\t\n")
	for _, rs := range cards.Spec().Rules {
		var c cell
		for i := range st {
			for _, id := range st[i].Fired {
				if id == rs.ID {
					c.n++
					if st[i].Default {
						c.d++
					}
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t\n", rs.ID, rs.Code, rs.Severity, c.n, monitorRate(c.d, c.n))
	}
	tw.Flush()

	var lead, watch [months + 1]int // index: months ahead of October (1…6); 0 = never warned
	defaults := 0
	for _, s := range st {
		if !s.Default {
			continue
		}
		defaults++
		lead[monitorAhead(s.FirstWarning)]++
		watch[monitorAhead(s.FirstWatch)]++
	}
	fmt.Fprintf(&b, "\nFirst warning before the October default (%d defaulted accounts), months ahead:\n", defaults)
	tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "months ahead\t")
	for k := months; k >= 1; k-- {
		ge := ""
		if k == months {
			ge = "≥" // warned in the first month of data: the warning may be older
		}
		fmt.Fprintf(tw, "%s%d (%s)\t", ge, k, monitorMonthEnd(months-k).Format("Jan"))
	}
	fmt.Fprintf(tw, "never\t\n")
	for _, r := range []struct {
		name string
		v    *[months + 1]int
	}{{"orange or red", &lead}, {"yellow or worse", &watch}} {
		fmt.Fprintf(tw, "%s\t", r.name)
		for k := months; k >= 1; k-- {
			fmt.Fprintf(tw, "%d\t", r.v[k])
		}
		fmt.Fprintf(tw, "%d\t\n", r.v[0])
	}
	tw.Flush()
	leadLabels, leadCounts := []string{}, []float64{}
	for k := months; k >= 0; k-- {
		name := "never"
		if k > 0 {
			name = fmt.Sprintf("%d (%s)", k, monitorMonthEnd(months-k).Format("Jan"))
			if k == months {
				name = "≥" + name
			}
		}
		leadLabels = append(leadLabels, name)
		leadCounts = append(leadCounts, float64(lead[k]))
	}
	b.figure("monitoring-lead",
		"Defaulted accounts by how many months before the October default they first turned orange or red. Read: bars to the left "+
			"are early warnings with time to act; the 'never' bar is the defaults the system missed.",
		func(path string) error {
			return plots.Bars(path, "Defaulted accounts by months between first orange/red warning and default",
				"months ahead of the October default (month of first warning)", "defaulted accounts", "%.0f", leadLabels, leadCounts)
		})
	b.keyFigure("Early warning (orange or red, card set)", "precision %s, recall %s of the October defaults; %d of %d defaults never warned", prec, recall, lead[0], defaults)
	b.finding(4, "Early warning: orange-or-red accounts default at %s in October against %s for green; the card set catches %s of the defaults (precision %s), but %d of %d defaulted accounts never turned orange.",
		monitorRate(byLevel[monitor.Orange].d+byLevel[monitor.Red].d, byLevel[monitor.Orange].n+byLevel[monitor.Red].n),
		monitorRate(byLevel[monitor.Green].d, byLevel[monitor.Green].n), recall, prec, lead[0], defaults)
	b.assume("Monitoring: PAY status s (months of delay) gives DPD = 30·s; a status of −2, −1 or 0 is current. The outcome is the data's default in October 2005.")
	b.assume("Monitoring: the card signal set (specs/monitor-cards.json) is ours, written for six monthly observations; the default SME set runs only the rules these data can feed.")
	fmt.Fprintf(&b, "Status codes give DPD = 30 × months of delay, so the deepest arrears (9 months) are 270 days: no account\n")
	fmt.Fprintf(&b, "reaches doubtful (> 270) or loss (> 360) in these data.\n")
	b.into(&sec)
	return sec, nil
}

// monitorAhead converts a first-warning month (0 = April) to months ahead of the October
// default (April = 6 … September = 1); -1 (never) maps to 0.
func monitorAhead(m int) int {
	if m < 0 {
		return 0
	}
	return months - m
}

// monitorRate formats k/n as a percentage with one decimal, or "-" for n = 0.
func monitorRate(k, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(k)/float64(n))
}
