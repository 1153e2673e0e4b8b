package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/ecl"
)

// eclColumns are the input columns of "smecredit ecl", named as the library's fields in
// lowerCamelCase; every one but balance and periods is optional.
var eclColumns = []string{
	"approach", "stage", "repayment", "balance", "limit", "ccf", "rate", "periods", "periodsPerYear",
	"prepayment", "payments", "pd", "pdCurve", "lgd", "collateralValue", "haircut", "collateralCosts",
	"eir", "dpd", "creditImpaired", "category", "lifetimePDOrigination", "lifetimePD", "pd12",
	"lowCreditRisk", "watchList", "forborne", "lastTrigger",
}

// eclRow is one parsed input row: an exposure for the general approach, or a balance and DPD
// for the provision matrix, plus its staging input.
type eclRow struct {
	simplified bool
	stage      ecl.Stage // explicit stage, or StageUnknown to stage by the policy
	noPD       bool      // neither pd nor pdCurve: only a Stage3 exposure (PD = 1) can do without
	exp        ecl.Exposure
	staging    ecl.StagingInput
	gross      decimal.Decimal
}

// cellGetter returns the text of a named cell and its 1-based column (0 when unknown), and
// whether the row has that cell at all.
type cellGetter func(name string) (text string, column int, ok bool)

func runECL(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ecl", "ecl -exposures FILE -asof YYYY-MM-DD [-staging P] [-matrix M] [-scenarios LIST] [-id COLUMN] [-o OUT] [-summary OUT]", stderr)
	expFile := fs.String("exposures", "", "exposures `FILE`: CSV, or JSON Lines (.jsonl, .ndjson) with the same member names; columns "+strings.Join(eclColumns, ", ")+"; - for standard input")
	asOfText := fs.String("asof", "", "reporting `DATE` YYYY-MM-DD (staging: probation after lastTrigger)")
	polFile := fs.String("staging", "", "ecl-staging-policy `FILE` (default: ecl.DefaultStagingPolicySpec)")
	matFile := fs.String("matrix", "", "ecl-provision-matrix `FILE` for rows with approach \"simplified\"")
	scenText := fs.String("scenarios", "base:1:1", "macroeconomic scenarios `LIST`: name:weight[:pdScale] joined by commas, at most 16; names non-empty and unique, weights in [0, 1] summing to 1 (within 1e-9), pdScale finite and ≥ 0 (default 1); checked before any row is read")
	idName := fs.String("id", "id", "`COLUMN` of the exposure id")
	out := fs.String("o", "", "per-exposure output `FILE` (default standard output)")
	sumOut := fs.String("summary", "", "summary by stage output `FILE` (default standard error)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *expFile == "" || *asOfText == "" || fs.NArg() > 0 {
		return usagef("ecl: want -exposures FILE -asof YYYY-MM-DD")
	}
	asOf, err := time.Parse(time.DateOnly, *asOfText)
	if err != nil {
		return usagef("ecl: -asof %q is not a date YYYY-MM-DD", cut(*asOfText))
	}
	scen, err := parseScenarios(*scenText)
	if err != nil {
		return err
	}
	var pol *ecl.StagingPolicy
	if *polFile != "" {
		pol, err = loadDoc(*polFile, ecl.LoadStagingPolicy)
	} else {
		pol, err = ecl.CompileStagingPolicy(ecl.DefaultStagingPolicySpec())
	}
	if err != nil {
		return err
	}
	var pm *ecl.ProvisionMatrix
	if *matFile != "" {
		if pm, err = loadDoc(*matFile, ecl.LoadProvisionMatrix); err != nil {
			return err
		}
	}
	in, closeIn, err := openInput(*expFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	w, closeOut, err := createOutput(*out, stdout, *expFile, *polFile, *matFile, *sumOut)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("line,id,approach,stage,reason,gross,ead,ecl,month12,lifetime")
	for _, s := range scen {
		bw.WriteString(",")
		bw.Write(appendCSVField(nil, "ecl:"+s.Name))
	}
	bw.WriteString("\n")

	rep := newRowReporter(stderr)
	var lines []ecl.Allowance
	res := ecl.Result{Scenario: make([]ecl.Cents, 0, len(scen))}
	gross := make([]decimal.Decimal, 0, ecl.MaxBuckets)
	n := 0
	handle := func(line int, id string, get cellGetter, rowErr func(column int, msg string) error) {
		var row eclRow
		if errs := parseECLRow(&row, get, rowErr); errs != nil {
			rep.report(errors.Join(errs...))
			return
		}
		row.exp.ID, row.staging.ID = id, id
		d, err := pol.Stage(&row.staging, asOf)
		if err != nil {
			rep.report(rowErr(0, err.Error()))
			return
		}
		stage, reason := d.Stage, d.Reason.String()
		if row.stage != ecl.StageUnknown {
			stage, reason = row.stage, "given"
		}
		line0 := strconv.Itoa(line) + "," + string(appendCSVField(nil, id)) + ","
		if row.simplified {
			if pm == nil {
				rep.report(rowErr(0, `approach "simplified" needs -matrix`))
				return
			}
			b := pm.Bucket(row.staging.DPD)
			gross = gross[:0]
			for range pm.Spec().Buckets {
				gross = append(gross, decimal.Zero)
			}
			gross[b] = row.gross
			pr, err := pm.Apply(gross)
			if err != nil {
				rep.report(rowErr(0, err.Error()))
				return
			}
			a := pr.Allowance
			fmt.Fprintf(bw, "%ssimplified,%s,%s,%s,%s,%s,%s,%s", line0, stage,
				appendCSVField(nil, "provision-matrix:"+pr.Lines[b].Name), pr.Gross, pr.Gross, a, a, a)
			for range scen {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
			lines = append(lines, ecl.Allowance{ID: id, Stage: stage, Gross: pr.Gross, Allowance: a})
			return
		}
		row.exp.Stage = stage
		if row.noPD && stage != ecl.Stage3 {
			rep.report(rowErr(0, "column pd: empty: give pd (annual) or pdCurve (per period) for a "+stage.String()+" exposure"))
			return
		}
		if err := ecl.ComputeTo(&res, &row.exp, scen); err != nil {
			rep.report(rowErr(0, err.Error()))
			return
		}
		g := ecl.Cents(row.exp.Contract.Balance.Shift(2).RoundBank(0).IntPart()) // checked by ComputeTo
		fmt.Fprintf(bw, "%sgeneral,%s,%s,%s,%s,%s,%s,%s", line0, stage, reason, g, res.EAD, res.ECL, res.Month12, res.Lifetime)
		for _, c := range res.Scenario {
			bw.WriteString("," + c.String())
		}
		bw.WriteString("\n")
		lines = append(lines, ecl.Allowance{ID: id, Stage: stage, Gross: g, Allowance: res.ECL})
	}

	if isJSONL(*expFile) {
		sc := newJSONLines(in)
		line := 0
		for sc.Scan() {
			line++
			if sc.TooLong() {
				n++
				rep.report(&rowError{File: *expFile, Line: line, Msg: fmt.Sprintf("line longer than %d bytes", maxJSONLine)})
				continue
			}
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			n++
			rep.progress(n)
			l := line
			rowErr := func(_ int, msg string) error { return &rowError{File: *expFile, Line: l, Msg: msg} }
			cells, id, err := jsonCells(b, *idName)
			if err != nil {
				rep.report(rowErr(0, err.Error()))
				continue
			}
			handle(line, id, func(name string) (string, int, bool) {
				s, ok := cells[name]
				return s, 0, ok
			}, rowErr)
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", *expFile, err)
		}
	} else {
		cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
		header, err := cr.Read()
		if err != nil {
			return headerError(*expFile, err)
		}
		col, err := headerIndex(*expFile, header)
		if err != nil {
			return err
		}
		var missing []string
		for _, need := range []string{*idName, "balance", "periods"} {
			if _, ok := col[need]; !ok {
				missing = append(missing, need)
			}
		}
		if missing != nil {
			return usagef("%s: header has no column %s", *expFile, strings.Join(quoteAll(missing), ", "))
		}
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
					rep.report(csvError(*expFile, cr, rec, pe))
					continue
				}
				return fmt.Errorf("%s: %w", *expFile, err)
			}
			line, _ := cr.FieldPos(0)
			bad := false
			for i, cell := range rec {
				if !utf8.ValidString(cell) {
					l, c := cr.FieldPos(i)
					rep.report(&rowError{File: *expFile, Line: l, Column: c, Msg: "column " + header[i] + ": invalid UTF-8"})
					bad = true
					break
				}
			}
			if bad {
				continue
			}
			rowErr := func(column int, msg string) error {
				return &rowError{File: *expFile, Line: line, Column: column, Msg: msg}
			}
			handle(line, rec[col[*idName]], func(name string) (string, int, bool) {
				i, ok := col[name]
				if !ok {
					return "", 0, false
				}
				_, c := cr.FieldPos(i)
				return rec[i], c, true
			}, rowErr)
		}
	}
	rep.endProgress(n)
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	sum, err := ecl.Summarize(lines)
	if err != nil {
		return err
	}
	sw, closeSum, err := createOutput(*sumOut, stderr, *expFile, *polFile, *matFile, *out)
	if err != nil {
		return err
	}
	writeECLSummary(sw, &sum)
	if err := closeSum(); err != nil {
		return err
	}
	return rep.result("ecl", n)
}

// writeECLSummary writes ECL and coverage by stage as CSV: stage, count, gross, allowance,
// coverage (allowance / gross, 6 decimals).
func writeECLSummary(w io.Writer, s *ecl.Summary) {
	fmt.Fprintln(w, "stage,count,gross,allowance,coverage")
	for st := ecl.Stage1; st <= ecl.Stage3; st++ {
		t := s.ByStage[st]
		fmt.Fprintf(w, "%s,%d,%s,%s,%.6f\n", st, t.Count, t.Gross, t.Allowance, t.Coverage)
	}
	fmt.Fprintf(w, "total,%d,%s,%s,%.6f\n", s.Total.Count, s.Total.Gross, s.Total.Allowance, s.Total.Coverage)
}

// parseScenarios reads "name:weight[:pdScale],…" and checks the list with
// ecl.ValidateScenarios (names non-empty and unique, weights in [0, 1] summing to 1 within
// 1e-9, PD scales finite and ≥ 0), so that a bad list is a usage error naming the item at
// fault before any exposure is read, not one error per exposure.
func parseScenarios(text string) ([]ecl.Scenario, error) {
	var out []ecl.Scenario
	parts := strings.Split(text, ",")
	if len(parts) > ecl.MaxScenarios {
		return nil, usagef("ecl: -scenarios: %d scenarios, at most %d", len(parts), ecl.MaxScenarios)
	}
	for _, part := range parts {
		f := strings.Split(strings.TrimSpace(part), ":")
		if len(f) < 2 || len(f) > 3 || f[0] == "" {
			return nil, usagef("ecl: -scenarios: %q is not name:weight[:pdScale]", cut(part))
		}
		s := ecl.Scenario{Name: f[0], PDScale: 1}
		var err error
		if s.Weight, err = strconv.ParseFloat(f[1], 64); err != nil {
			return nil, usagef("ecl: -scenarios: weight %q is not a number", cut(f[1]))
		}
		if len(f) == 3 {
			if s.PDScale, err = strconv.ParseFloat(f[2], 64); err != nil {
				return nil, usagef("ecl: -scenarios: pdScale %q is not a number", cut(f[2]))
			}
		}
		out = append(out, s)
	}
	if err := ecl.ValidateScenarios(out); err != nil {
		// Name the item at fault when the error is about one, else the whole list.
		item := fmt.Sprintf(" %q:", cut(text))
		var ie *ecl.InputError
		if errors.As(err, &ie) {
			if i, ok := scenarioIndex(ie.Field); ok && i < len(parts) {
				item = fmt.Sprintf(" item %d %q:", i+1, cut(strings.TrimSpace(parts[i])))
			}
		}
		return nil, usagef("ecl: -scenarios:%s %s", item, strings.TrimPrefix(err.Error(), "ecl: "))
	}
	return out, nil
}

// scenarioIndex reads i from a field "scenarios[i]…".
func scenarioIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "scenarios[")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n)
	return i, err == nil && i >= 0
}

// jsonCells flattens one JSON object into cell texts: strings as they are, numbers and
// booleans as their JSON text, null as "", arrays (pdCurve, payments) joined by ";". It
// refuses members that are not input columns.
func jsonCells(b []byte, idName string) (map[string]string, string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, "", fmt.Errorf("not a JSON object: %v", err)
	}
	known := map[string]bool{idName: true}
	for _, c := range eclColumns {
		known[c] = true
	}
	cells := make(map[string]string, len(m))
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !known[k] {
			return nil, "", fmt.Errorf("unknown member %q", cut(k))
		}
		s, err := jsonText(m[k])
		if err != nil {
			return nil, "", fmt.Errorf("member %s: %v", k, err)
		}
		cells[k] = s
	}
	return cells, cells[idName], nil
}

func jsonText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", nil
	case raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case raw[0] == '[':
		var xs []json.RawMessage
		if err := json.Unmarshal(raw, &xs); err != nil {
			return "", err
		}
		parts := make([]string, len(xs))
		for i, x := range xs {
			s, err := jsonText(x)
			if err != nil || strings.Contains(s, ";") || (len(bytes.TrimSpace(x)) > 0 && bytes.TrimSpace(x)[0] == '[') {
				return "", errors.New("array of numbers or strings expected")
			}
			parts[i] = s
		}
		return strings.Join(parts, ";"), nil
	case raw[0] == '{':
		return "", errors.New("object not allowed")
	}
	return string(raw), nil
}

// parseECLRow fills row from the cells, returning one error per bad cell.
func parseECLRow(row *eclRow, get cellGetter, rowErr func(column int, msg string) error) []error {
	var errs []error
	bad := func(name string, col int, msg string) { errs = append(errs, rowErr(col, "column "+name+": "+msg)) }
	text := func(name string) (string, int) {
		s, c, _ := get(name)
		return strings.TrimSpace(s), c
	}
	num := func(name string, dst *float64) {
		s, c := text(name)
		if s == "" {
			return
		}
		x, _, err := parseNumber(s)
		if err != nil {
			bad(name, c, err.Error())
			return
		}
		*dst = x
	}
	integer := func(name string, dst *int) {
		s, c := text(name)
		if s == "" {
			return
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			bad(name, c, fmt.Sprintf("%q is not a whole number", cut(s)))
			return
		}
		*dst = v
	}
	dec := func(name string, dst *decimal.Decimal) {
		s, c := text(name)
		if s == "" {
			return
		}
		d, err := parseDecimal(s)
		if err != nil {
			bad(name, c, err.Error())
			return
		}
		*dst = d
	}
	boolean := func(name string, dst *bool) {
		s, c := text(name)
		if s == "" {
			return
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			bad(name, c, fmt.Sprintf("%q is not true or false", cut(s)))
			return
		}
		*dst = b
	}
	list := func(name string) ([]string, int) {
		s, c := text(name)
		if s == "" {
			return nil, c
		}
		parts := strings.Split(s, ";")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts, c
	}

	switch s, c := text("approach"); s {
	case "", "general":
	case "simplified":
		row.simplified = true
	default:
		bad("approach", c, fmt.Sprintf("%q is not general or simplified", cut(s)))
	}
	if s, c := text("stage"); s != "" {
		if err := row.stage.UnmarshalText([]byte(s)); err != nil {
			bad("stage", c, fmt.Sprintf("%q is not stage1, stage2 or stage3", cut(s)))
		}
	}
	st := &row.staging
	integer("dpd", &st.DPD)
	boolean("creditImpaired", &st.CreditImpaired)
	if s, c := text("category"); s != "" {
		if err := st.Category.UnmarshalText([]byte(s)); err != nil {
			bad("category", c, fmt.Sprintf("%q is not a five-category class", cut(s)))
		}
	}
	num("lifetimePDOrigination", &st.LifetimePDOrigination)
	num("lifetimePD", &st.LifetimePD)
	num("pd12", &st.PD12)
	boolean("lowCreditRisk", &st.LowCreditRisk)
	boolean("watchList", &st.WatchList)
	boolean("forborne", &st.Forborne)
	if s, c := text("lastTrigger"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			bad("lastTrigger", c, fmt.Sprintf("%q is not a date YYYY-MM-DD", cut(s)))
		}
		st.LastTrigger = t
	}
	if s, c := text("balance"); s == "" {
		bad("balance", c, "empty")
	}
	if row.simplified {
		dec("balance", &row.gross)
		return errs
	}

	e := &row.exp
	ct := &e.Contract
	ct.PeriodsPerYear = 12
	if s, c := text("repayment"); s != "" {
		if err := ct.Repayment.UnmarshalText([]byte(s)); err != nil {
			bad("repayment", c, fmt.Sprintf("%q is not annuity, equal-principal, bullet, revolving or schedule", cut(s)))
		}
	}
	dec("balance", &ct.Balance)
	dec("limit", &ct.Limit)
	num("ccf", &ct.CCF)
	num("rate", &ct.Rate)
	if s, c := text("periods"); s == "" {
		bad("periods", c, "empty")
	}
	integer("periods", &ct.Periods)
	integer("periodsPerYear", &ct.PeriodsPerYear)
	num("prepayment", &ct.Prepayment)
	if parts, c := list("payments"); parts != nil {
		ct.Payments = make([]decimal.Decimal, len(parts))
		for i, p := range parts {
			d, err := parseDecimal(p)
			if err != nil {
				bad("payments", c, fmt.Sprintf("payment %d: %v", i+1, err))
				break
			}
			ct.Payments[i] = d
		}
	}
	e.EIR = ct.Rate
	num("eir", &e.EIR)
	lgdText, lc := text("lgd")
	if lgdText == "" {
		bad("lgd", lc, "empty")
	}
	num("lgd", &e.LGD.Rate)
	dec("collateralValue", &e.LGD.CollateralValue)
	num("haircut", &e.LGD.Haircut)
	dec("collateralCosts", &e.LGD.CollateralCosts)

	pdText, pc := text("pd")
	curve, cc := list("pdCurve")
	switch {
	case pdText != "" && curve != nil:
		bad("pdCurve", cc, "give pd or pdCurve, not both")
	case curve != nil:
		m := make([]float64, len(curve))
		for i, p := range curve {
			x, _, err := parseNumber(p)
			if err != nil || p == "" {
				bad("pdCurve", cc, fmt.Sprintf("period %d: %q is not a finite number", i+1, cut(p)))
				return errs
			}
			m[i] = x
		}
		ts, err := ecl.FromMarginal(ct.PeriodsPerYear, m)
		if err != nil {
			bad("pdCurve", cc, err.Error())
			return errs
		}
		e.PD = ts
	case pdText != "":
		var p float64
		num("pd", &p)
		if errs != nil {
			return errs
		}
		ts, err := ecl.ConstantPD(p, ct.PeriodsPerYear, max(ct.Periods, 1))
		if err != nil {
			bad("pd", pc, err.Error())
			return errs
		}
		e.PD = ts
	default:
		row.noPD = true // fine for Stage3 (PD = 1); checked once the stage is known
	}
	return errs
}
