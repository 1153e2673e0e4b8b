package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// maxJSONLine bounds one line of a JSON Lines file.
const maxJSONLine = 1 << 20

// jsonLines scans the lines of a JSON Lines file. A line longer than
// maxJSONLine does not stop the scan (as bufio.ErrTooLong would): its bytes
// are skipped and TooLong reports it, so that the caller reports that line
// and goes on with the next, as for any other bad row.
type jsonLines struct {
	*bufio.Scanner
	skipping, tooLong bool
}

func newJSONLines(r io.Reader) *jsonLines {
	l := &jsonLines{Scanner: bufio.NewScanner(r)}
	l.Buffer(make([]byte, 0, 1<<16), maxJSONLine+1)
	l.Split(l.split)
	return l
}

// TooLong reports whether the line of the last Scan was longer than
// maxJSONLine; its Bytes are then empty.
func (l *jsonLines) TooLong() bool { return l.tooLong }

func (l *jsonLines) split(data []byte, atEOF bool) (int, []byte, error) {
	l.tooLong = false
	i := bytes.IndexByte(data, '\n')
	switch {
	case l.skipping && i >= 0:
		l.skipping, l.tooLong = false, true
		return i + 1, []byte{}, nil
	case l.skipping && atEOF:
		l.skipping, l.tooLong = false, true
		return len(data), []byte{}, nil
	case l.skipping || (i < 0 && len(data) > maxJSONLine) || i > maxJSONLine:
		l.skipping = true
		if i >= 0 {
			l.skipping, l.tooLong = false, true
			return i + 1, []byte{}, nil
		}
		return len(data), nil, nil
	}
	return bufio.ScanLines(data, atEOF)
}

// rowError is a problem with one input row, located by line and column
// (1-based; column 0 when unknown).
type rowError struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *rowError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// setter stores the text of one cell into facts.
type setter func(f *access.Facts, name, text string) error

func setterFor(k access.FieldKind) setter {
	switch k {
	case access.FieldKindInt:
		return func(f *access.Facts, name, text string) error {
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return fmt.Errorf("%q is not an integer", cut(text))
			}
			return f.SetInt(name, n)
		}
	case access.FieldKindDecimal:
		return func(f *access.Facts, name, text string) error {
			if d, ok := fastDecimal(text); ok {
				return f.SetDecimal(name, d)
			}
			d, err := parseDecimal(text)
			if err != nil {
				return err
			}
			return f.SetDecimal(name, d)
		}
	case access.FieldKindBool:
		return func(f *access.Facts, name, text string) error {
			b, err := strconv.ParseBool(text)
			if err != nil {
				return fmt.Errorf("%q is not true or false", cut(text))
			}
			return f.SetBool(name, b)
		}
	case access.FieldKindDate:
		return func(f *access.Facts, name, text string) error {
			t, err := time.Parse(time.DateOnly, text)
			if err != nil {
				return fmt.Errorf("%q is not a date YYYY-MM-DD", cut(text))
			}
			return f.SetDate(name, t)
		}
	default: // string, enum
		return func(f *access.Facts, name, text string) error { return f.SetString(name, text) }
	}
}

// fastDecimal parses the common plain form [-+]digits[.digits] with at most
// 18 digits without going through decimal.NewFromString; ok is false for
// anything else (exponents, long numbers, bad text), left to the slow path.
func fastDecimal(text string) (d decimal.Decimal, ok bool) {
	i, neg := 0, false
	if i < len(text) && (text[i] == '-' || text[i] == '+') {
		neg = text[i] == '-'
		i++
	}
	var m int64
	digits, frac, dot := 0, 0, false
	for ; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + int64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return d, false
		}
	}
	if digits == 0 || digits > 18 || (dot && frac == 0) {
		return d, false
	}
	if neg {
		m = -m
	}
	return decimal.New(m, -int32(frac)), true
}

// maxDecimalLen bounds the text of a decimal cell. decimal.NewFromString
// takes time superlinear in the number of digits (a 10 MB cell took minutes),
// so the length is checked before parsing.
const maxDecimalLen = 64

// parseDecimal parses a decimal cell of at most maxDecimalLen characters.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > maxDecimalLen {
		return decimal.Decimal{}, fmt.Errorf("%q has %d characters, more than the %d a decimal number may have", cut(s), len(s), maxDecimalLen)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", cut(s))
	}
	return d, nil
}

// cut bounds text shown in a message.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// column is an input CSV column that feeds a schema field.
type column struct {
	index int
	name  string
	set   setter
}

// factsReader streams facts rows from a CSV or JSON Lines file. Facts
// returned by Next are reused by the following call.
type factsReader struct {
	file   string
	schema *access.Schema
	facts  *access.Facts
	idName string // name of the id column or member
	line   int    // line of the current row
	id     string // id of the current row ("" without an id column)

	// CSV
	csv    *csv.Reader
	cols   []column
	idCol  int
	extra  map[string]int // other named columns (outcome)
	record []string
	names  []string // the header, for messages
	// JSON Lines
	scan *jsonLines
}

// isJSONL reports whether name is a JSON Lines file.
func isJSONL(name string) bool {
	return strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson")
}

// newFactsReader reads the header of a CSV file (or prepares a JSON Lines
// file) and checks that every field in need is a column. idName names the id
// column ("" for none); extra lists other columns to keep (such as an outcome
// column), which must be present.
func newFactsReader(file string, r io.Reader, s *access.Schema, need []string, idName string, extra ...string) (*factsReader, error) {
	fr := &factsReader{file: file, schema: s, facts: s.NewFacts(), idCol: -1, idName: idName}
	br := bufio.NewReaderSize(r, 1<<16)
	if isJSONL(file) {
		fr.scan = newJSONLines(br)
		if len(extra) > 0 {
			return nil, usagef("%s: JSON Lines input cannot hold column %q; use CSV", file, extra[0])
		}
		return fr, nil
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, headerError(file, err)
	}
	fr.csv = cr
	fr.names = slices.Clone(header)
	needed := map[string]bool{}
	for _, n := range need {
		needed[n] = true
	}
	seen := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := seen[h]; dup {
			return nil, usagef("%s:1:%d: duplicate column %q", file, i+1, h)
		}
		seen[h] = i
		if h == idName {
			fr.idCol = i
			continue
		}
		if fs, ok := s.Field(h); ok && needed[h] {
			fr.cols = append(fr.cols, column{index: i, name: h, set: setterFor(fs.Kind)})
		}
	}
	if err := checkIDColumn(file, seen, idName); err != nil {
		return nil, err
	}
	var missing []string
	for _, n := range need {
		if _, ok := seen[n]; !ok {
			missing = append(missing, n)
		}
	}
	fr.extra = map[string]int{}
	for _, n := range extra {
		i, ok := seen[n]
		if !ok {
			missing = append(missing, n)
		}
		fr.extra[n] = i
	}
	if len(missing) > 0 {
		return nil, usagef("%s: header has no column %s (needed by the policy or the command)", file, strings.Join(quoteAll(missing), ", "))
	}
	return fr, nil
}

// defaultIDColumn is the default of -id: optional, since many files have no
// id column.
const defaultIDColumn = "id"

// checkIDColumn refuses an -id COLUMN other than the default that the header
// lacks: the output's id column would be empty without a word.
func checkIDColumn(file string, header map[string]int, idName string) error {
	if _, ok := header[idName]; ok || idName == "" || idName == defaultIDColumn {
		return nil
	}
	return usagef("%s: header has no column %q (named by -id)", file, idName)
}

// headerIndex maps each column name of header to its index, without the
// byte-order mark an editor may put before the first name. A name that
// appears twice is a usage error naming its line and column: reading either
// copy silently would be a guess.
func headerIndex(file string, header []string) (map[string]int, error) {
	col := make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := col[h]; dup {
			return nil, usagef("%s:1:%d: duplicate column %q", file, i+1, h)
		}
		col[h] = i
	}
	return col, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// Next reads the next row into fr.facts. It returns io.EOF at the end, a
// *rowError list (joined) for a bad row (the caller goes on), and any other
// error for a failure of the file itself.
func (fr *factsReader) Next() error {
	if fr.scan != nil {
		return fr.nextJSON()
	}
	rec, err := fr.csv.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			fr.line = pe.StartLine
			return csvError(fr.file, fr.csv, rec, pe)
		}
		return err // io.EOF or a read error
	}
	fr.line, _ = fr.csv.FieldPos(0)
	fr.record = rec
	fr.facts.Reset()
	fr.id = ""
	var errs []error
	for i, cell := range rec {
		if !utf8.ValidString(cell) {
			l, c := fr.csv.FieldPos(i)
			errs = append(errs, &rowError{File: fr.file, Line: l, Column: c, Msg: "column " + columnName(fr.names, i) + ": invalid UTF-8"})
		}
	}
	if errs != nil {
		return errors.Join(errs...)
	}
	if fr.idCol >= 0 {
		fr.id = rec[fr.idCol]
	}
	for _, c := range fr.cols {
		text := rec[c.index]
		if text == "" {
			continue // missing fact
		}
		if err := c.set(fr.facts, c.name, text); err != nil {
			l, col := fr.csv.FieldPos(c.index)
			errs = append(errs, &rowError{File: fr.file, Line: l, Column: col, Msg: "column " + c.name + ": " + err.Error()})
		}
	}
	return errors.Join(errs...)
}

// Extra returns the current row's cell of a column named in newFactsReader.
func (fr *factsReader) Extra(name string) string {
	return fr.record[fr.extra[name]]
}

func (fr *factsReader) nextJSON() error {
	for {
		if !fr.scan.Scan() {
			if err := fr.scan.Err(); err != nil {
				return err
			}
			return io.EOF
		}
		fr.line++
		if fr.scan.TooLong() {
			return &rowError{File: fr.file, Line: fr.line, Msg: fmt.Sprintf("line longer than %d bytes", maxJSONLine)}
		}
		b := bytes.TrimSpace(fr.scan.Bytes())
		if len(b) == 0 {
			continue
		}
		fr.id = ""
		if fr.idName != "" && bytes.Contains(b, []byte(strconv.Quote(fr.idName))) {
			var m map[string]json.RawMessage
			if json.Unmarshal(b, &m) == nil {
				if raw, ok := m[fr.idName]; ok {
					if json.Unmarshal(raw, &fr.id) != nil {
						fr.id = string(raw)
					}
					delete(m, fr.idName)
					b, _ = json.Marshal(m)
				}
			}
		}
		f, err := fr.schema.DecodeFacts(b)
		if err != nil {
			var x any
			if _, col, msg, ok := jsonSyntaxError(b, json.Unmarshal(b, &x)); ok {
				lead := len(fr.scan.Bytes()) - len(bytes.TrimLeft(fr.scan.Bytes(), " \t\r\n"))
				return &rowError{File: fr.file, Line: fr.line, Column: lead + col, Msg: "not valid JSON: " + msg}
			}
			var errs []error
			for _, e := range leaves(err) {
				errs = append(errs, &rowError{File: fr.file, Line: fr.line, Msg: e.Error()})
			}
			return errors.Join(errs...)
		}
		fr.facts = f
		return nil
	}
}

// policyFields returns the input fields policy p reads, directly or through
// derived fields, in schema order.
func policyFields(p *access.Policy) []string {
	used := map[string]bool{}
	var walk func(c access.ConditionSpec)
	walk = func(c access.ConditionSpec) {
		if c.Field != "" {
			used[c.Field] = true
		}
		for _, x := range c.All {
			walk(x)
		}
		for _, x := range c.Any {
			walk(x)
		}
	}
	for _, r := range p.Spec().Rules {
		walk(r.ConditionSpec)
	}
	ss := p.Schema().Spec()
	// Derived fields may use derived fields: iterate to a fixed point.
	for changed := true; changed; {
		changed = false
		for _, d := range ss.Derived {
			if used[d.Name] {
				for _, in := range d.Inputs {
					if !used[in] {
						used[in] = true
						changed = true
					}
				}
			}
		}
	}
	var out []string
	for _, f := range ss.Fields {
		if used[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}

// openInput opens name for reading; "-" is standard input. A file that
// cannot be opened, or is a directory, is a usage error "FILE: problem".
func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fileError(name, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, nil, fileError(name, syscall.EISDIR)
	}
	return f, func() { f.Close() }, nil
}

// readFile reads a whole document file; see openInput for its errors.
func readFile(name string) ([]byte, error) {
	r, closeIn, err := openInput(name, nil)
	if err != nil {
		return nil, err
	}
	defer closeIn()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fileError(name, err)
	}
	return data, nil
}

// fileError is the usage error for a file that cannot be opened or read,
// "FILE: problem", without the operation and path *fs.PathError repeats.
func fileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, syscall.EISDIR) {
		return usagef("%s: is a directory, want a file", name)
	}
	return usagef("%s: %v", name, err)
}

// columnName returns the name of column i of header, as text valid to
// print (a header cell of invalid UTF-8 is quoted), or "#i+1" for a cell
// beyond the header.
func columnName(header []string, i int) string {
	if i >= len(header) {
		return fmt.Sprintf("#%d", i+1)
	}
	if h := strings.TrimPrefix(header[i], "\ufeff"); utf8.ValidString(h) {
		return h
	}
	return strconv.Quote(header[i])
}

// headerError turns a failure to read a CSV header line into a usage error
// naming the file and, for malformed CSV, the line and column.
func headerError(file string, err error) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return usagef("%s: empty file, want a CSV header line", file)
	case errors.As(err, &pe):
		e := csvError(file, nil, nil, pe)
		e.Msg = "header: " + e.Msg
		return usagef("%v", e)
	}
	return usagef("%s: %v", file, err)
}

// csvError locates CSV syntax error pe of cr (rec is what Read returned
// with it) as a *rowError of file. A ragged row says how many fields it has
// and the header has; a quoted field left open, which swallows the lines
// after it, is reported at the line it opens on.
func csvError(file string, cr *csv.Reader, rec []string, pe *csv.ParseError) *rowError {
	e := &rowError{File: file, Line: pe.Line, Column: pe.Column, Msg: csvProblem(pe)}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount) && len(rec) > 0:
		// The column of the first field too many, or of the last field of
		// a short row.
		i := min(len(rec), cr.FieldsPerRecord+1) - 1
		e.Line, e.Column = cr.FieldPos(i)
		if len(rec) > cr.FieldsPerRecord {
			e.Msg = fmt.Sprintf("ragged row: %d fields, the header has %d; field %d starts here", len(rec), cr.FieldsPerRecord, i+1)
		} else {
			e.Msg = fmt.Sprintf("ragged row: %d fields, the header has %d; the last field starts here", len(rec), cr.FieldsPerRecord)
		}
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		e.Line, e.Column = pe.StartLine, 0
		e.Msg = fmt.Sprintf("a quoted field opened in this row is not closed: the reader went on to line %d, column %d, "+
			"taking the lines between as part of the field (extraneous or missing \" in quoted-field)", pe.Line, pe.Column)
	}
	return e
}

// csvProblem describes a CSV syntax error, with how to fix a stray quote.
func csvProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `bare " in a field that does not start with a quote (quote the whole field and double the quote: "a""b")`
	case errors.Is(pe.Err, csv.ErrQuote):
		return `extraneous or missing " in quoted-field (a quote inside a quoted field is written twice: "a""b")`
	}
	return pe.Err.Error()
}

// jsonSyntaxError returns the 1-based line and column of a JSON syntax error
// in data, and its message; ok is false when err is not a syntax error.
func jsonSyntaxError(data []byte, err error) (line, col int, msg string, ok bool) {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return 0, 0, "", false
	}
	at := int(min(max(se.Offset-1, 0), int64(len(data)))) // the offending byte
	line = 1 + bytes.Count(data[:at], []byte("\n"))
	col = at - bytes.LastIndexByte(data[:at], '\n')
	return line, col, se.Error(), true
}
