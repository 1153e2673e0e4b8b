package main

import (
	"strings"
	"testing"
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
