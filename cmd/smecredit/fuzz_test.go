package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/access"
)

// FuzzFactsReader feeds arbitrary bytes to the CSV facts reader: it must
// never panic or loop, every bad row must be a *rowError with a line, and
// every good row must be decided.
func FuzzFactsReader(f *testing.F) {
	applicants, err := os.ReadFile(td("applicants.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(applicants)
	const header = "id,roa,debt_ratio,current_ratio,ebit_to_assets,equity_to_assets,sales_growth\n"
	for _, row := range []string{"a,0.1,0.5,1.2,0.1,0.5,1.1\n", "b,0.1\n", "c,\"0.1,0.5\n", "d,0\"1,2,3,4,5,6\n",
		"e\xff,1,1,1,1,1,1\n", "f,1e999999,1,1,1,1,1\n", "g,,,,,,\n", "h,-0.0000001,1,1,1,1,1\r\n"} {
		f.Add([]byte(header + row))
	}
	s, err := loadSchema(td("access-schema.json"))
	if err != nil {
		f.Fatal(err)
	}
	p, err := loadPolicy(td("access-policy-v1.json"), s)
	if err != nil {
		f.Fatal(err)
	}
	need := policyFields(p)
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := newFactsReader("f.csv", bytes.NewReader(data), s, need, "id")
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("header error %T %v", err, err)
			}
			return
		}
		var o access.Outcome
		for rows := 0; rows <= len(data)+1; rows++ {
			err := fr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				for _, e := range leaves(err) {
					var re *rowError
					if !errors.As(e, &re) || re.Line < 1 || re.Column < 0 {
						t.Fatalf("row error %T %v", e, e)
					}
				}
				continue
			}
			if err := p.DecideTo(&o, fr.facts); err != nil {
				t.Fatalf("line %d: decide: %v", fr.line, err)
			}
		}
		t.Fatal("reader did not reach the end")
	})
}

// FuzzECL feeds arbitrary bytes as the exposures CSV of "smecredit ecl": it must never panic,
// exit with 0, 1 (some rows failed) or 2 (bad header), write one output line per good row and
// report every bad one.
func FuzzECL(f *testing.F) {
	exposures, err := os.ReadFile(td("exposures.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(exposures)
	const header = "id,balance,periods,pd,pdCurve,lgd,rate,eir,repayment,payments,dpd,category,stage,approach\n"
	for _, row := range []string{"a,1000,12,0.05,,0.4,0.1,,,,0,,,\n", "b,1e30,12,0.05,,0.4,0.1,,,,0,,,\n",
		"c,1000,1201,0.05,,0.4,0.1,,,,0,,,\n", "d,1000,3,,0.1;0.2;0.9,0.4,0.1,-1,,,0,,,\n",
		"e,100,2,0.1,,1,0,,schedule,50;50,0,loss,stage2,\n", "f,100,2,0.1,,1,0,,,,99999999,,,simplified\n"} {
		f.Add([]byte(header + row))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		code, out, errs := runCLI(t, string(data), "ecl", "-exposures", "-", "-asof", "2025-12-31",
			"-matrix", td("ecl-provision-matrix.json"), "-scenarios", "up:0.3:0.5,down:0.7:3", "-summary", os.DevNull)
		switch code {
		case exitOK, exitFindings:
			if !bytes.HasPrefix([]byte(out), []byte("line,id,approach,stage,")) {
				t.Fatalf("exit %d without the output header: %q", code, out)
			}
			if code == exitFindings && errs == "" {
				t.Fatal("exit 1 without a reported problem")
			}
		case exitUsage:
		default:
			t.Fatalf("exit code %d; stderr %s", code, errs)
		}
	})
}

// FuzzClassify feeds arbitrary bytes as the history CSV of "smecredit
// classify": it must never panic and must exit with 0, 1 or 2; when the
// streaming run succeeds, -ungrouped (which holds every row) must write the
// same lines, and a streaming run that stops on a reappearing loan must
// say so with its line.
func FuzzClassify(f *testing.F) {
	loans, err := os.ReadFile(td("loans.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(loans)
	f.Add([]byte("loan,date,dpd,pd,events\na,2024-01-31,0,0.01,\nb,2024-01-31,95,,lawsuit\na,2024-02-29,0,,\n"))
	f.Add([]byte("loan,date,dpd\na,2024-01-31,0\na,2024-01-31,3\n\"b,2024-02-29,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		code, out, errs := runCLI(t, string(data), "classify", "-history", "-", "-asof", "2024-12-31")
		switch code {
		case exitOK, exitFindings:
			uCode, uOut, _ := runCLI(t, string(data), "classify", "-ungrouped", "-history", "-", "-asof", "2024-12-31")
			if uCode != code || uOut != out {
				t.Fatalf("streaming: exit %d\n%s\n-ungrouped: exit %d\n%s", code, out, uCode, uOut)
			}
		case exitUsage:
			if strings.Contains(errs, "reappears") && !strings.Contains(errs, "-:") {
				t.Fatalf("reappearing loan without its line: %s", errs)
			}
		default:
			t.Fatalf("exit code %d; stderr %s", code, errs)
		}
	})
}
