package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/access"
)

// maxRowErrors bounds the bad rows reported one by one on standard error.
const maxRowErrors = 1000

// loadDoc reads a document file, reporting every problem of loader with the file name.
func loadDoc[T any](name string, load func([]byte) (T, error)) (T, error) {
	var zero T
	if name == "" {
		return zero, usagef("missing flag naming a document file")
	}
	data, err := readFile(name)
	if err != nil {
		return zero, err
	}
	if _, err := docKind(data); err != nil { // empty, not JSON (with its line and column), no kind
		return zero, usagef("%s", docProblem(name, err))
	}
	v, err := load(data)
	if err != nil {
		var msgs []string
		for _, e := range leaves(err) {
			msgs = append(msgs, docProblem(name, e))
		}
		return zero, usagef("%s", strings.Join(msgs, "\n"))
	}
	return v, nil
}

func loadSchema(name string) (*access.Schema, error) {
	return loadDoc(name, func(b []byte) (*access.Schema, error) { return access.LoadSchema(b, access.Limits{}) })
}

func loadPolicy(name string, s *access.Schema) (*access.Policy, error) {
	return loadDoc(name, func(b []byte) (*access.Policy, error) { return access.LoadPolicy(b, s, access.Limits{}) })
}

// rowReporter prints bad rows to w, at most maxRowErrors of them, and the
// progress of long runs when w is a terminal.
type rowReporter struct {
	w        io.Writer
	rows     int // bad rows
	msgs     int
	terminal bool // w is a terminal: show progress
	shown    bool // a progress line is on the screen
}

// newRowReporter reports to w, with progress when w is a terminal.
func newRowReporter(w io.Writer) *rowReporter {
	r := &rowReporter{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			r.terminal = true
		}
	}
	return r
}

// progressEvery is the number of rows between two progress updates.
const progressEvery = 1 << 18

// progress shows the count of rows read on a terminal, every progressEvery rows.
func (r *rowReporter) progress(n int) {
	if r.terminal && n%progressEvery == 0 {
		fmt.Fprintf(r.w, "\r%d rows", n)
		r.shown = true
	}
}

// endProgress ends the progress line, if any.
func (r *rowReporter) endProgress(n int) {
	if r.shown {
		fmt.Fprintf(r.w, "\r%d rows\n", n)
		r.shown = false
	}
}

func (r *rowReporter) report(err error) {
	r.rows++
	if r.shown {
		io.WriteString(r.w, "\n")
		r.shown = false
	}
	for _, e := range leaves(err) {
		r.msgs++
		if r.msgs <= maxRowErrors {
			fmt.Fprintln(r.w, e)
		} else if r.msgs == maxRowErrors+1 {
			fmt.Fprintf(r.w, "smecredit: more than %d problems; the rest are counted only\n", maxRowErrors)
		}
	}
}

func (r *rowReporter) result(cmd string, total int) error {
	if r.rows == 0 {
		return nil
	}
	fmt.Fprintf(r.w, "smecredit %s: %d of %d rows failed\n", cmd, r.rows, total)
	return errFindings
}

// createOutput opens name for writing; "" or "-" is standard output.
func createOutput(name string, stdout io.Writer, inputs ...string) (io.Writer, func() error, error) {
	if name == "" || name == "-" {
		return stdout, func() error { return nil }, nil
	}
	// Creating the output truncates it: never when it is one of the files
	// the command reads (decide -facts a.csv -o a.csv emptied a.csv and
	// then found it empty).
	if out, err := os.Stat(name); err == nil {
		for _, in := range inputs {
			if in == "" || in == "-" {
				continue
			}
			if fi, err := os.Stat(in); err == nil && os.SameFile(out, fi) {
				return nil, nil, usagef("output %s is the input file %s; write the output elsewhere", name, in)
			}
		}
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, usagef("%v", err)
	}
	return f, f.Close, nil
}

func runDecide(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("decide", "decide -schema S -policy P -facts FILE [-explain] [-o OUT] [-format csv|jsonl] [-id COLUMN]", stderr)
	schemaFile := fs.String("schema", "", "access-schema `FILE`")
	policyFile := fs.String("policy", "", "access-policy `FILE`")
	factsFile := fs.String("facts", "", "applicants `FILE`: CSV with a header of field names, or JSON Lines (.jsonl, .ndjson); - for standard input (CSV)")
	explain := fs.Bool("explain", false, "add the trace of every rule")
	out := fs.String("o", "", "output `FILE` (default standard output)")
	format := fs.String("format", "", "output format csv or jsonl (default: from the -o name, else csv)")
	idName := fs.String("id", defaultIDColumn, "CSV `COLUMN` copied to the output as the row id")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("decide: unexpected argument %q", fs.Arg(0))
	}
	if *factsFile == "" {
		return usagef("decide: -facts is required")
	}
	jsonOut, err := outputFormat(*format, *out)
	if err != nil {
		return err
	}
	s, err := loadSchema(*schemaFile)
	if err != nil {
		return err
	}
	p, err := loadPolicy(*policyFile, s)
	if err != nil {
		return err
	}
	in, closeIn, err := openInput(*factsFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	w, closeOut, err := createOutput(*out, stdout, *factsFile, *schemaFile, *policyFile)
	if err != nil {
		return err
	}
	rep := newRowReporter(stderr)
	n, err := decideStream(p, *factsFile, in, w, *idName, jsonOut, *explain, rep)
	if cerr := closeOut(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return rep.result("decide", n)
}

func outputFormat(format, out string) (jsonl bool, err error) {
	switch format {
	case "csv":
		return false, nil
	case "jsonl", "json":
		return true, nil
	case "":
		return isJSONL(out), nil
	}
	return false, usagef("-format %q: want csv or jsonl", format)
}

// decideStream decides every row of in and writes one output line per good
// row to w; it returns the number of rows read.
func decideStream(p *access.Policy, name string, in io.Reader, w io.Writer, idName string, jsonOut, explain bool, rep *rowReporter) (int, error) {
	fr, err := newFactsReader(name, in, p.Schema(), policyFields(p), idName)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if !jsonOut {
		bw.WriteString("line,id,decision,reasons")
		if explain {
			bw.WriteString(",trace")
		}
		bw.WriteByte('\n')
	}
	var (
		o   access.Outcome
		buf []byte
		n   int
	)
	for {
		err := fr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *rowError
		if err != nil && !errors.As(err, &re) {
			return n, fmt.Errorf("%s: %w", name, err)
		}
		n++
		rep.progress(n)
		if err != nil {
			rep.report(err)
			continue
		}
		if explain {
			o, err = p.Explain(fr.facts)
		} else {
			err = p.DecideTo(&o, fr.facts)
		}
		if err != nil {
			rep.report(&rowError{File: name, Line: fr.line, Msg: err.Error()})
			continue
		}
		buf = buf[:0]
		if jsonOut {
			buf, err = appendJSONOutcome(buf, fr.line, fr.id, &o, explain)
			if err != nil {
				return n, err
			}
		} else {
			buf, err = appendCSVOutcome(buf, fr.line, fr.id, &o, explain)
			if err != nil {
				return n, err
			}
		}
		if _, err := bw.Write(buf); err != nil {
			return n, err
		}
	}
	rep.endProgress(n)
	return n, bw.Flush()
}

func appendCSVOutcome(buf []byte, line int, id string, o *access.Outcome, explain bool) ([]byte, error) {
	buf = strconv.AppendInt(buf, int64(line), 10)
	buf = append(buf, ',')
	buf = appendCSVField(buf, id)
	buf = append(buf, ',')
	buf = append(buf, o.Decision.String()...)
	buf = append(buf, ',')
	start := len(buf)
	for i, r := range o.Reasons {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = append(buf, r.Code()...)
	}
	if needsQuote(buf[start:]) {
		field := string(buf[start:])
		buf = appendCSVField(buf[:start], field)
	}
	if explain {
		tr, err := json.Marshal(o.Trace)
		if err != nil {
			return buf, err
		}
		buf = append(buf, ',')
		buf = appendCSVField(buf, string(tr))
	}
	return append(buf, '\n'), nil
}

func needsQuote(b []byte) bool {
	for _, c := range b {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return true
		}
	}
	return len(b) > 0 && (b[0] == ' ' || b[0] == '\t')
}

func appendCSVField(buf []byte, s string) []byte {
	if !needsQuote([]byte(s)) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	buf = append(buf, strings.ReplaceAll(s, `"`, `""`)...)
	return append(buf, '"')
}

func appendJSONOutcome(buf []byte, line int, id string, o *access.Outcome, explain bool) ([]byte, error) {
	buf = append(buf, `{"line":`...)
	buf = strconv.AppendInt(buf, int64(line), 10)
	if id != "" {
		buf = append(buf, `,"id":`...)
		buf = strconv.AppendQuote(buf, id)
	}
	if explain {
		b, err := json.Marshal(o)
		if err != nil {
			return buf, err
		}
		buf = append(buf, `,"outcome":`...)
		buf = append(buf, b...)
		return append(buf, "}\n"...), nil
	}
	buf = append(buf, `,"decision":"`...)
	buf = append(buf, o.Decision.String()...)
	buf = append(buf, `","reasons":[`...)
	for i, r := range o.Reasons {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendQuote(buf, string(r.Code()))
	}
	return append(buf, "]}\n"...), nil
}
