package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestClassifyGolden runs classify on testdata/loans.csv: card-4711 is the
// history and facts of examples/service/testdata/requests/classify.json (122
// DPD, credit-impaired with ECL coverage 0.55 at asOf: doubtful under the 2023
// Measures, Ch. II, as the service's README test expects), card-0815
// a performing card written for this test (a missing period, 3 DPD at asOf:
// special mention, DPD ≥ 1).
func TestClassifyGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"classify-cards.csv", []string{"-signals", td("monitor-cards.json")}},
		{"classify-default.csv", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"classify", "-history", td("loans.csv"), "-asof", "2005-09-30"}, tt.args...)
			code, out, errs := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", code, errs)
			}
			golden(t, tt.name, out)
			for _, want := range []string{"card-4711,red,red,doubtful,122,", "card-0815,yellow,orange,special-mention,3,"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q", want)
				}
			}
		})
	}
}

// TestClassifyBadRows checks that bad rows are reported by line and column
// and the other loans are still classified.
func TestClassifyBadRows(t *testing.T) {
	in := "loan,date,dpd,pd,events\n" +
		"a,2024-01-31,0,0.01,\n" + // line 2 ok
		"a,2024-02-30,0,0.01,\n" + // line 3 bad date (column 3)
		"b,2024-01-31,-4,0.01,\n" + // line 4 negative dpd (column 14)
		"b,2024-02-29,0,x,\n" + // line 5 bad pd (column 16)
		"b,2024-03-31,0,0.02,meteor\n" + // line 6 unknown event (column 21)
		"c,2024-01-31\n" + // line 7 ragged
		"c,2024-01-31,95,,\n" // line 8 ok
	code, out, errs := runCLI(t, in, "classify", "-history", "-", "-asof", "2024-03-31")
	if code != exitFindings {
		t.Errorf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{"-:3:3: column date:", "-:4:14: column dpd:", "-:5:16: column pd:", "-:6:21: column events:", "-:7:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	for _, want := range []string{"a,green,green,normal,0,", "c,", "substandard,95"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, args := range [][]string{
		{"classify", "-history", "-", "-asof", "yesterday"},
		{"classify", "-history", "-"},
	} {
		if code, _, _ := runCLI(t, in, args...); code != exitUsage {
			t.Errorf("%q: exit code %d, want 2", args, code)
		}
	}
	if code, _, _ := runCLI(t, "id,date\n", "classify", "-history", "-", "-asof", "2024-03-31"); code != exitUsage {
		t.Errorf("missing columns: exit code %d, want 2", code)
	}
}

// TestClassifyUnknownColumn: a column classify does not read (here a
// misspelt "outstandng") is named in a warning on standard error, with its
// line and column, and the loans are still classified; the known columns of
// testdata/loans.csv give no warning.
func TestClassifyUnknownColumn(t *testing.T) {
	in := "loan,date,dpd,outstandng\nL1,2005-09-30,0,100\n"
	code, out, errs := runCLI(t, in, "classify", "-history", "-", "-asof", "2005-09-30")
	if code != 0 || !strings.Contains(out, "L1,green,green,normal,0,") {
		t.Errorf("exit code %d, output:\n%s\nstderr:\n%s", code, out, errs)
	}
	if want := `-:1:4: warning: column "outstandng" is not read by classify`; !strings.Contains(errs, want) {
		t.Errorf("stderr does not contain %q:\n%s", want, errs)
	}
	_, _, errs = runCLI(t, "", "classify", "-history", td("loans.csv"), "-asof", "2005-09-30")
	if strings.Contains(errs, "warning") {
		t.Errorf("warning on the known columns of loans.csv:\n%s", errs)
	}
}

// TestClassifyReappearingLoan: classify streams loans whose rows are
// contiguous; a loan whose rows come back after another loan's stops the
// run (exit 2) naming the file, the row's line and the line where its
// earlier rows ended, and the loans finished before are written. With
// -ungrouped the same file is classified as the grouped one is.
func TestClassifyReappearingLoan(t *testing.T) {
	scattered := "loan,date,dpd\n" +
		"a,2024-01-31,0\n" + // line 2
		"a,2024-02-29,0\n" + // line 3
		"b,2024-01-31,35\n" + // line 4
		"a,2024-03-31,95\n" + // line 5: a again
		"b,2024-02-29,40\n"
	grouped := "loan,date,dpd\n" +
		"a,2024-01-31,0\na,2024-02-29,0\na,2024-03-31,95\n" +
		"b,2024-01-31,35\nb,2024-02-29,40\n"
	code, out, errs := runCLI(t, scattered, "classify", "-history", "-", "-asof", "2024-03-31")
	if code != exitUsage {
		t.Errorf("exit code %d, want 2; stderr:\n%s", code, errs)
	}
	if want := `-:5: loan "a" reappears after other loans' rows (its earlier rows end at line 3)`; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if want := "loan,level,finalLevel,category,dpd,signals\na,green,green,normal,0,\n"; out != want {
		t.Errorf("output before the stop:\n%s\nwant:\n%s", out, want)
	}

	code, wantOut, errs := runCLI(t, grouped, "classify", "-history", "-", "-asof", "2024-03-31")
	if code != 0 {
		t.Fatalf("grouped: exit code %d; stderr:\n%s", code, errs)
	}
	for _, in := range []string{grouped, scattered} {
		code, out, errs := runCLI(t, in, "classify", "-ungrouped", "-history", "-", "-asof", "2024-03-31")
		if code != 0 || out != wantOut {
			t.Errorf("-ungrouped: exit code %d, output:\n%s\nwant:\n%s\nstderr:\n%s", code, out, wantOut, errs)
		}
	}
	if !strings.Contains(wantOut, "a,orange,red,substandard,95,") || !strings.Contains(wantOut, "b,") {
		t.Errorf("grouped output:\n%s", wantOut)
	}
}

// TestClassifyHelp: "smecredit help classify" explains the row order and the
// memory it takes.
func TestClassifyHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "help", "classify")
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, want := range []string{"must be contiguous", "-ungrouped", "reappear", "memory"} {
		if !strings.Contains(out, want) {
			t.Errorf("help classify lacks %q:\n%s", want, out)
		}
	}
}

// loanHistoryRows generates a classify CSV of loans × months rows, each
// loan's rows together in date order, deterministically: a few loans fall
// into arrears, some periods have no data.
type loanHistoryRows struct {
	loans, months int
	i             int          // rows produced
	produced      atomic.Int64 // i, for a reader on another goroutine
	buf           []byte
	off           int
}

func newLoanHistoryRows(loans, months int) *loanHistoryRows {
	return &loanHistoryRows{loans: loans, months: months,
		buf: []byte("loan,date,dpd,outstanding,limit,turnover,pd,events\n")}
}

func (g *loanHistoryRows) Read(p []byte) (int, error) {
	for g.off == len(g.buf) {
		if g.i == g.loans*g.months {
			return 0, io.EOF
		}
		loan, m := g.i/g.months, g.i%g.months
		g.i++
		g.produced.Store(int64(g.i))
		g.buf, g.off = g.buf[:0], 0
		g.buf = fmt.Appendf(g.buf, "L%07d,", loan)
		g.buf = time.Date(2020, time.Month(2+m), 0, 0, 0, 0, 0, time.UTC).AppendFormat(g.buf, time.DateOnly)
		g.buf = append(g.buf, ',')
		if (loan+m)%17 == 0 {
			g.buf = append(g.buf, ",,,,,\n"...) // a period without data
			continue
		}
		dpd := 0
		if loan%10 == 0 {
			dpd = m * 9
		}
		g.buf = fmt.Appendf(g.buf, "%d,%d,10000,%d,0.0%d,", dpd, 5000+(loan*37+m*11)%5000, 500+(loan*13+m)%1500, 1+loan%9)
		if dpd > 90 && m%5 == 0 {
			g.buf = append(g.buf, "restructuring"...)
		}
		g.buf = append(g.buf, '\n')
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// TestClassifyStreamsGeneratedFile classifies a generated file of 30,000
// loans × 24 months (720,000 rows, 31 MB) read from a stream and
// checks that every loan is answered, that answers start before the input
// is half read, and that the live heap stays far below the input's size.
func TestClassifyStreamsGeneratedFile(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 720,000 rows")
	}
	const loans, months = 30_000, 24
	gen := newLoanHistoryRows(loans, months)
	var (
		lines       int
		peak        uint64
		rowsAtFirst = -1
	)
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		var ms runtime.MemStats
		for sc.Scan() {
			lines++
			if lines == 2 {
				rowsAtFirst = int(gen.produced.Load())
			}
			if lines%5_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}()
	var errb bytes.Buffer
	code := run([]string{"classify", "-history", "-", "-asof", "2021-12-31"}, gen, pw, &errb)
	pw.Close()
	<-done
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%.2000s", code, errb.String())
	}
	if lines != loans+1 {
		t.Errorf("wrote %d lines, want %d", lines, loans+1)
	}
	if rowsAtFirst < 0 || rowsAtFirst > loans*months/2 {
		t.Errorf("first answer after %d of %d rows: not streaming", rowsAtFirst, loans*months)
	}
	// The input is 31 MB; held in memory (-ungrouped) it took 420 MB of heap.
	if peak > 16<<20 {
		t.Errorf("heap in use %d bytes while streaming", peak)
	}
	t.Logf("peak heap in use %d bytes", peak)
}
