package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor"
)

// obsColumn is an optional observation column of the classify history CSV,
// named as the member of the service's monitor request.
type obsColumn struct {
	name string
	set  func(o *monitor.Observation, text string) error
}

func decimalCol(name string, bit monitor.Field, dst func(*monitor.Observation) *decimal.Decimal) obsColumn {
	return obsColumn{name, func(o *monitor.Observation, s string) error {
		d, err := parseDecimal(s)
		if err != nil {
			return err
		}
		*dst(o) = d
		o.Known |= bit
		return nil
	}}
}

func floatCol(name string, bit monitor.Field, dst func(*monitor.Observation) *float64) obsColumn {
	return obsColumn{name, func(o *monitor.Observation, s string) error {
		x, _, err := parseNumber(s)
		if err != nil {
			return err
		}
		*dst(o) = x
		o.Known |= bit
		return nil
	}}
}

// obsColumns lists the optional columns; an empty cell leaves the field unknown.
var obsColumns = []obsColumn{
	decimalCol("pastDue", monitor.FieldPastDue, func(o *monitor.Observation) *decimal.Decimal { return &o.PastDue }),
	decimalCol("outstanding", monitor.FieldOutstanding, func(o *monitor.Observation) *decimal.Decimal { return &o.Outstanding }),
	decimalCol("limit", monitor.FieldLimit, func(o *monitor.Observation) *decimal.Decimal { return &o.Limit }),
	decimalCol("turnover", monitor.FieldTurnover, func(o *monitor.Observation) *decimal.Decimal { return &o.Turnover }),
	decimalCol("creditBalance", monitor.FieldCreditBalance, func(o *monitor.Observation) *decimal.Decimal { return &o.CreditBalance }),
	decimalCol("collateral", monitor.FieldCollateral, func(o *monitor.Observation) *decimal.Decimal { return &o.Collateral }),
	decimalCol("revenue", monitor.FieldRevenue, func(o *monitor.Observation) *decimal.Decimal { return &o.Revenue }),
	decimalCol("debtElsewhere", monitor.FieldDebtElsewhere, func(o *monitor.Observation) *decimal.Decimal { return &o.DebtElsewhere }),
	floatCol("equityToAssets", monitor.FieldEquityToAssets, func(o *monitor.Observation) *float64 { return &o.EquityToAssets }),
	floatCol("profitMargin", monitor.FieldProfitMargin, func(o *monitor.Observation) *float64 { return &o.ProfitMargin }),
	floatCol("dscr", monitor.FieldDSCR, func(o *monitor.Observation) *float64 { return &o.DSCR }),
	floatCol("currentRatio", monitor.FieldCurrentRatio, func(o *monitor.Observation) *float64 { return &o.CurrentRatio }),
	floatCol("quickRatio", monitor.FieldQuickRatio, func(o *monitor.Observation) *float64 { return &o.QuickRatio }),
	floatCol("pd", monitor.FieldPD, func(o *monitor.Observation) *float64 { return &o.PD }),
	{"covenantBreach", func(o *monitor.Observation, s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", cut(s))
		}
		o.CovenantBreach = b
		o.Known |= monitor.FieldCovenant
		return nil
	}},
}

// factColumn is an optional classification fact column; the facts of the
// latest observation with data on or before asOf count.
type factColumn struct {
	name string
	set  func(in *monitor.ClassificationInput, text string) error
}

func boolFact(name string, dst func(*monitor.ClassificationInput) *bool) factColumn {
	return factColumn{name, func(in *monitor.ClassificationInput, s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", cut(s))
		}
		*dst(in) = b
		return nil
	}}
}

// factColumns lists the classification fact columns, named as the members of
// the service's classify request facts.
var factColumns = []factColumn{
	boolFact("technicalDelay", func(in *monitor.ClassificationInput) *bool { return &in.TechnicalDelay }),
	boolFact("creditImpaired", func(in *monitor.ClassificationInput) *bool { return &in.CreditImpaired }),
	boolFact("externalDowngrade", func(in *monitor.ClassificationInput) *bool { return &in.ExternalDowngrade }),
	boolFact("debtEvasion", func(in *monitor.ClassificationInput) *bool { return &in.DebtEvasion }),
	boolFact("misuseOfFunds", func(in *monitor.ClassificationInput) *bool { return &in.MisuseOfFunds }),
	boolFact("evergreening", func(in *monitor.ClassificationInput) *bool { return &in.Evergreening }),
	boolFact("nplElsewhere", func(in *monitor.ClassificationInput) *bool { return &in.NPLElsewhere }),
	boolFact("watch", func(in *monitor.ClassificationInput) *bool { return &in.Watch }),
	{"eclCoverage", func(in *monitor.ClassificationInput, s string) error {
		x, _, err := parseNumber(s)
		if err != nil {
			return err
		}
		in.ECLCoverage = x
		return nil
	}},
}

// loanRows is one loan's history being read.
type loanRows struct {
	h     monitor.History
	line  int                           // line of its first row
	end   int                           // line of its last row
	facts []monitor.ClassificationInput // classification facts of each observation
}

// classifyAbout is the description "smecredit help classify" prints.
var classifyAbout = []string{
	"Reads a CSV of loan observations, one row per loan and period, and writes one line",
	"\"loan,level,finalLevel,category,dpd,signals\" per loan: the signal set's warning level at",
	"-asof, the level raised by the category, the regulatory category (monitor.Classify on the",
	"DPD and facts of the loan's latest row with data on or before -asof), and the fired rules.",
	"",
	"Row order. A loan's rows must be contiguous (all its rows together, the order of an export",
	"sorted or grouped by loan) and in date order. classify streams: it evaluates each loan when",
	"its rows end, keeping only that loan's rows and a 64-bit hash of each loan id already seen",
	"(about 45 bytes a loan: 45 MB for 1,000,000 loans, whatever the number of rows). A loan",
	"whose rows reappear after another loan's rows stops the run (exit 2) with FILE:LINE naming",
	"the row and the line where the loan's earlier rows ended: its first block has already been",
	"classified on part of its history. Group the file by loan (e.g. sort it by the loan column,",
	"keeping the header first), or pass -ungrouped to hold every loan's rows in memory (O(rows))",
	"and evaluate them at the end. Either way loans are written in the order of their first",
	"row. (Two ids of one 64-bit hash, odds about n²/2⁶⁵ for n loans, would be taken for a",
	"reappearance; -ungrouped compares the ids.)",
	"",
	"Bad rows (ragged, invalid UTF-8, a bad cell) are reported as FILE:LINE:COLUMN and skipped;",
	"the loan is classified on its other rows and the run ends with exit 1. A loan whose history",
	"the library refuses (dates not increasing, no row with data by -asof) is reported as",
	"FILE:LINE: loan \"ID\" with the line of its first row (exit 1).",
}

// fnv64 returns the 64-bit FNV-1a hash of s (the check of loans already
// seen keeps hashes, not ids, so that its memory per loan does not grow with
// the id's length).
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func runClassify(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("classify", "classify [-signals S] -history FILE -asof YYYY-MM-DD [-loan COLUMN] [-ungrouped] [-o OUT]", stderr, classifyAbout...)
	sigFile := fs.String("signals", "", "signal-set `FILE` (default: monitor.DefaultSignalSetSpec)")
	histFile := fs.String("history", "", "loan observations CSV `FILE`: columns loan, date, dpd, events, any of "+obsNames()+", and the classification facts "+factNames()+"; - for standard input")
	asOfText := fs.String("asof", "", "evaluation `DATE` YYYY-MM-DD")
	loanName := fs.String("loan", "loan", "CSV `COLUMN` of the loan id")
	ungrouped := fs.Bool("ungrouped", false, "a loan's rows may be scattered through the file: hold all rows in memory and evaluate at the end")
	out := fs.String("o", "", "output `FILE` (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *histFile == "" || *asOfText == "" || fs.NArg() > 0 {
		return usagef("classify: want -history FILE -asof YYYY-MM-DD")
	}
	asOf, err := time.Parse(time.DateOnly, *asOfText)
	if err != nil {
		return usagef("classify: -asof %q is not a date YYYY-MM-DD", cut(*asOfText))
	}
	var set *monitor.SignalSet
	if *sigFile != "" {
		set, err = loadDoc(*sigFile, monitor.LoadSignalSet)
	} else {
		set, err = monitor.CompileSignalSet(monitor.DefaultSignalSetSpec())
	}
	if err != nil {
		return err
	}
	if isJSONL(*histFile) {
		return usagef("%s: classify reads CSV only", *histFile)
	}
	in, closeIn, err := openInput(*histFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return headerError(*histFile, err)
	}
	header = slices.Clone(header)
	col, err := headerIndex(*histFile, header)
	if err != nil {
		return err
	}
	var missing []string
	for _, need := range []string{*loanName, "date", "dpd"} {
		if _, ok := col[need]; !ok {
			missing = append(missing, need)
		}
	}
	if missing != nil {
		return usagef("%s: header has no column %s", *histFile, strings.Join(quoteAll(missing), ", "))
	}
	lc, dc, pc := col[*loanName], col["date"], col["dpd"]
	ec, hasEvents := col["events"]
	type optCol struct {
		idx int
		c   obsColumn
	}
	var opts []optCol
	for _, c := range obsColumns {
		if i, ok := col[c.name]; ok {
			opts = append(opts, optCol{i, c})
		}
	}
	type factCol struct {
		idx int
		c   factColumn
	}
	var facts []factCol
	for _, c := range factColumns {
		if i, ok := col[c.name]; ok {
			facts = append(facts, factCol{i, c})
		}
	}

	// A column classify does not know (a misspelt "outstandng") would leave
	// its signals unevaluated without a word: say so, and go on.
	known := map[string]bool{*loanName: true, "date": true, "dpd": true, "events": true}
	for _, c := range obsColumns {
		known[c.name] = true
	}
	for _, c := range factColumns {
		known[c.name] = true
	}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if !known[h] {
			fmt.Fprintf(stderr, "%s:1:%d: warning: column %q is not read by classify (see smecredit help classify for the columns it reads)\n", *histFile, i+1, h)
		}
	}

	w, closeOut, err := createOutput(*out, stdout, *histFile, *sigFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("loan,level,finalLevel,category,dpd,signals\n")
	var (
		prep   monitor.Prepared
		res    monitor.Result
		cl     monitor.Classification
		failed int
		loansN int
		codes  []string
		row    []byte
	)
	// evaluate classifies one loan and writes its line.
	evaluate := func(lr *loanRows) {
		loansN++
		loanErr := func(err error) {
			failed++
			fmt.Fprintf(stderr, "%s:%d: loan %q: %v\n", *histFile, lr.line, string(lr.h.Loan), err)
		}
		if err := monitor.PrepareTo(&prep, &lr.h); err != nil {
			loanErr(err)
			return
		}
		if err := set.EvaluatePreparedTo(&res, &prep, asOf); err != nil {
			loanErr(err)
			return
		}
		last := -1 // the latest observation with data on or before asOf
		for i, o := range lr.h.Observations {
			if !o.Missing && !o.Date.After(asOf) {
				last = i
			}
		}
		if last < 0 {
			loanErr(errors.New("no observation with data dated on or before -asof"))
			return
		}
		in := lr.facts[last]
		in.Loan, in.DPD = lr.h.Loan, lr.h.Observations[last].DPD
		if err := monitor.ClassifyTo(&cl, in, asOf); err != nil {
			loanErr(err)
			return
		}
		codes = codes[:0]
		for _, s := range res.Signals {
			codes = append(codes, string(s.Rule))
		}
		row = appendCSVField(row[:0], string(lr.h.Loan))
		row = fmt.Appendf(row, ",%s,%s,%s,%d,", res.Level, monitor.FinalLevel(res.Level, cl.Category), cl.Category, in.DPD)
		row = appendCSVField(row, strings.Join(codes, ";"))
		row = append(row, '\n')
		bw.Write(row)
	}

	var (
		cur   *loanRows                // streaming: the loan being read
		done  = map[uint64]int{}       // streaming: hash of each finished loan's id → line of its last row
		loans = map[string]*loanRows{} // -ungrouped: every loan
		order []*loanRows              // -ungrouped: loans by first row
	)
	rep := newRowReporter(stderr)
	n := 0
	readErr := func() error {
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return nil
			}
			n++
			rep.progress(n)
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					rep.report(csvError(*histFile, cr, rec, pe))
					continue
				}
				return fmt.Errorf("%s: %w", *histFile, err)
			}
			line, _ := cr.FieldPos(0)
			var errs []error
			cellErr := func(i int, msg string) {
				l, c := cr.FieldPos(i)
				errs = append(errs, &rowError{File: *histFile, Line: l, Column: c, Msg: "column " + header[i] + ": " + msg})
			}
			for i, cell := range rec {
				if !utf8.ValidString(cell) {
					cellErr(i, "invalid UTF-8")
				}
			}
			if errs != nil {
				rep.report(errors.Join(errs...))
				continue
			}
			var o monitor.Observation
			if rec[lc] == "" {
				cellErr(lc, "empty loan id")
			}
			if o.Date, err = time.Parse(time.DateOnly, rec[dc]); err != nil {
				cellErr(dc, fmt.Sprintf("%q is not a date YYYY-MM-DD", cut(rec[dc])))
			}
			if rec[pc] == "" {
				o.Missing = true // no data arrived for the period
			} else if d, err := strconv.Atoi(rec[pc]); err != nil || d < 0 {
				cellErr(pc, fmt.Sprintf("%q is not a whole number of days ≥ 0", cut(rec[pc])))
			} else {
				o.DPD = d
			}
			if hasEvents && rec[ec] != "" && !o.Missing {
				for _, name := range strings.Split(rec[ec], ";") {
					var e monitor.Event
					if err := e.UnmarshalText([]byte(strings.TrimSpace(name))); err != nil {
						cellErr(ec, fmt.Sprintf("unknown event %q", cut(name)))
					}
					o.Events |= e
				}
			}
			for _, oc := range opts {
				if s := rec[oc.idx]; s != "" && !o.Missing {
					if err := oc.c.set(&o, s); err != nil {
						cellErr(oc.idx, err.Error())
					}
				}
			}
			var f monitor.ClassificationInput
			for _, fc := range facts {
				if s := rec[fc.idx]; s != "" && !o.Missing {
					if err := fc.c.set(&f, s); err != nil {
						cellErr(fc.idx, err.Error())
					}
				}
			}
			if errs != nil {
				rep.report(errors.Join(errs...))
				continue
			}
			id := rec[lc]
			var lr *loanRows
			switch {
			case *ungrouped:
				if lr = loans[id]; lr == nil {
					lr = &loanRows{h: monitor.History{Loan: monitor.LoanID(id)}, line: line}
					loans[id] = lr
					order = append(order, lr)
				}
			case cur != nil && string(cur.h.Loan) == id:
				lr = cur
			default:
				if end, ok := done[fnv64(id)]; ok {
					return usagef("%s:%d: loan %q reappears after other loans' rows (its earlier rows end at line %d); "+
						"classify needs each loan's rows together: group the file by loan, or pass -ungrouped (see smecredit help classify)",
						*histFile, line, cut(id), end)
				}
				if cur != nil {
					evaluate(cur)
					done[fnv64(string(cur.h.Loan))] = cur.end
				} else {
					cur = new(loanRows)
				}
				cur.h.Loan, cur.line = monitor.LoanID(id), line
				cur.h.Observations, cur.facts = cur.h.Observations[:0], cur.facts[:0]
				lr = cur
			}
			lr.h.Observations = append(lr.h.Observations, o)
			lr.facts = append(lr.facts, f)
			lr.end = line
		}
	}()
	if readErr == nil {
		if cur != nil {
			evaluate(cur)
		}
		for _, lr := range order {
			evaluate(lr)
		}
		rep.endProgress(n)
	}
	// What was classified before a stop is written out: the message says
	// where the run stopped.
	if err := bw.Flush(); err != nil && readErr == nil {
		readErr = err
	}
	if err := closeOut(); err != nil && readErr == nil {
		readErr = err
	}
	if readErr != nil {
		return readErr
	}
	if err := rep.result("classify", n); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "smecredit: classify: %d of %d loans failed\n", failed, loansN)
		return errFindings
	}
	return nil
}

// obsNames lists the optional observation columns for the usage text.
func obsNames() string {
	names := make([]string, len(obsColumns))
	for i, c := range obsColumns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// factNames lists the classification fact columns for the usage text.
func factNames() string {
	names := make([]string, len(factColumns))
	for i, c := range factColumns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}
