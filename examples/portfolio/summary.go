package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"
)

// summary describes the loaded portfolio: counts, default rates, missing cells per ratio and
// exposure totals.
func summary(p *Portfolio, _ Options) (Section, error) {
	var b doc
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)

	bankrupt, missingCells, missingFirms := 0, 0, 0
	var missing [numRatios]int
	for i := range p.Firms {
		f := &p.Firms[i]
		if f.Bankrupt {
			bankrupt++
		}
		any := false
		for n := 1; n <= numRatios; n++ {
			if _, ok := f.Ratio(n); !ok {
				missing[n-1]++
				missingCells++
				any = true
			}
		}
		if any {
			missingFirms++
		}
	}
	fmt.Fprintf(&b, "Firms: %d, bankrupt within one year: %d (%s)\n", len(p.Firms), bankrupt, percent(bankrupt, len(p.Firms)))
	fmt.Fprintf(&b, "Missing ratio cells: %d in %d firms. Ratios with missing cells (most first):\n", missingCells, missingFirms)
	order := make([]int, numRatios)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return missing[b] - missing[a] })
	// Four ratios a line keeps the 64-column census short.
	k := 0
	for _, i := range order {
		if missing[i] == 0 {
			break
		}
		fmt.Fprintf(tw, "Attr%d\t%d\t(%s)\t", i+1, missing[i], percent(missing[i], len(p.Firms)))
		if k++; k%4 == 0 {
			fmt.Fprintln(tw)
		}
	}
	if k%4 != 0 {
		fmt.Fprintln(tw)
	}
	fmt.Fprintf(tw, "%d ratios have no missing cell.\n", numRatios-k)
	tw.Header("ratio", "missing cells", "share", "ratio", "missing cells", "share", "ratio", "missing cells", "share", "ratio", "missing cells", "share")
	tw.Flush()
	b.keyFigure("Firms (Polish companies, year-5 file)", "%d, of which %d bankrupt within one year (%s)", len(p.Firms), bankrupt, percent(bankrupt, len(p.Firms)))

	defaults := 0
	var limit, bill, paid decimal.Decimal
	delayed, noAge := 0, 0
	for i := range p.Accounts {
		a := &p.Accounts[i]
		if a.Default {
			defaults++
		}
		limit = limit.Add(a.Limit)
		bill = bill.Add(a.Bill[months-1])
		for _, v := range a.Paid {
			paid = paid.Add(v)
		}
		if a.Status[months-1] > 0 {
			delayed++
		}
		if !a.AgeKnown {
			noAge++
		}
	}
	fmt.Fprintf(&b, "\nAccounts: %d, default in the next month: %d (%s)\n", len(p.Accounts), defaults, percent(defaults, len(p.Accounts)))
	fmt.Fprintf(&b, "Delayed in the latest month: %d (%s); age missing: %d\n", delayed, percent(delayed, len(p.Accounts)), noAge)
	fmt.Fprintln(tw, "exposure (NT$)\ttotal\t")
	fmt.Fprintf(tw, "credit limits\t%s\t\n", money(limit))
	fmt.Fprintf(tw, "bills, latest month\t%s\t\n", money(bill))
	fmt.Fprintf(tw, "payments, six months\t%s\t\n", money(paid))
	tw.Flush()
	b.keyFigure("Card accounts (Taiwan, 2005)", "%d, of which %d default in October (%s); credit limits NT$ %s", len(p.Accounts), defaults, percent(defaults, len(p.Accounts)), money(limit))
	b.assume("Data: an empty ratio cell is missing, never zero; an account whose age is \"nan\" or empty keeps its other fields.")
	sec := Section{Title: "Portfolio"}
	b.into(&sec)
	return sec, nil
}

// percent formats k/n as a percentage with two decimals; "n/a" when n is 0.
func percent(k, n int) string {
	if n == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(k)/float64(n))
}

// money formats an amount rounded half-even to whole units with thousands separators.
func money(d decimal.Decimal) string {
	s := d.RoundBank(0).String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
