package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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

// loanRows is one loan's history being read, with the line of its first row.
type loanRows struct {
	h     monitor.History
	line  int
	lines []int                         // line of each observation
	facts []monitor.ClassificationInput // classification facts of each observation
}

func runClassify(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("classify", "classify [-signals S] -history FILE -asof YYYY-MM-DD [-loan COLUMN] [-o OUT]", stderr)
	sigFile := fs.String("signals", "", "signal-set `FILE` (default: monitor.DefaultSignalSetSpec)")
	histFile := fs.String("history", "", "loan observations CSV `FILE`: columns loan, date, dpd, events, any of "+obsNames()+", and the classification facts "+factNames()+"; - for standard input")
	asOfText := fs.String("asof", "", "evaluation `DATE` YYYY-MM-DD")
	loanName := fs.String("loan", "loan", "CSV `COLUMN` of the loan id")
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
	in, closeIn, err := openInput(*histFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	if isJSONL(*histFile) {
		return usagef("%s: classify reads CSV only", *histFile)
	}
	cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return usagef("%s: empty file, want a CSV header line", *histFile)
		}
		return usagef("%s: header: %v", *histFile, err)
	}
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

	rep := newRowReporter(stderr)
	loans := map[string]*loanRows{}
	var order []*loanRows
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		n++
		rep.progress(n)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.report(&rowError{File: *histFile, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()})
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
		lr := loans[rec[lc]]
		if lr == nil {
			lr = &loanRows{h: monitor.History{Loan: monitor.LoanID(rec[lc])}, line: line}
			loans[rec[lc]] = lr
			order = append(order, lr)
		}
		lr.h.Observations = append(lr.h.Observations, o)
		lr.lines = append(lr.lines, line)
		lr.facts = append(lr.facts, f)
	}
	rep.endProgress(n)

	w, closeOut, err := createOutput(*out, stdout, *histFile, *sigFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("loan,level,finalLevel,category,dpd,signals\n")
	var res monitor.Result
	var cl monitor.Classification
	failed := 0
	for _, lr := range order {
		loanErr := func(err error) {
			failed++
			fmt.Fprintf(stderr, "%s:%d: loan %q: %v\n", *histFile, lr.line, string(lr.h.Loan), err)
		}
		p, err := monitor.Prepare(&lr.h)
		if err != nil {
			loanErr(err)
			continue
		}
		if err := set.EvaluatePreparedTo(&res, p, asOf); err != nil {
			loanErr(err)
			continue
		}
		last := -1 // the latest observation with data on or before asOf
		for i, o := range lr.h.Observations {
			if !o.Missing && !o.Date.After(asOf) {
				last = i
			}
		}
		if last < 0 {
			loanErr(errors.New("no observation with data dated on or before -asof"))
			continue
		}
		in := lr.facts[last]
		in.Loan, in.DPD = lr.h.Loan, lr.h.Observations[last].DPD
		if err := monitor.ClassifyTo(&cl, in, asOf); err != nil {
			loanErr(err)
			continue
		}
		codes := make([]string, len(res.Signals))
		for i, s := range res.Signals {
			codes[i] = string(s.Rule)
		}
		fmt.Fprintf(bw, "%s,%s,%s,%s,%d,%s\n", appendCSVField(nil, string(lr.h.Loan)), res.Level,
			monitor.FinalLevel(res.Level, cl.Category), cl.Category, in.DPD, appendCSVField(nil, strings.Join(codes, ";")))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	if err := rep.result("classify", n); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "smecredit: classify: %d of %d loans failed\n", failed, len(order))
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
