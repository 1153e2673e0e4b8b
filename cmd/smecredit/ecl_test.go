package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestECLGolden runs ecl on testdata/exposures.csv. Each row is a published or closed-form
// case, checked here besides the golden files:
//   - ifrscommunity-s1/-s2: the IFRScommunity.com loan ("IFRS 9 example: 12-month ECL vs
//     lifetime ECL", 2019): 100,000 in 5 annual payments of 25,000, LGD 80 %, marginal PDs
//     3, 3, 3, 4, 4 %, EIR the rate the payments imply; 12-month ECL 2,224 (stage 1, 0 DPD)
//     and lifetime ECL 6,722 (stage 2 by the 30-DPD backstop, IFRS 9 5.5.11, at 45 DPD).
//   - bullet-hazard: a 12-month bullet of 120,000, annual PD 2 %, LGD 50 %, EIR 0, special
//     mention (stage 2): lifetime ECL = 120,000 × 0.5 × 0.02 = 1,200.00 exactly.
//   - impaired: credit-impaired (stage 3, PD = 1): ECL = LGD × EAD = 0.45 × 50,000 = 22,500.
//   - rec-*: the FinLearnHub (2019) provision matrix, 1–30 / 31–60 / 61–90 / >90 days past
//     due at 1.5 / 3.4 / 7.1 / 10.8 %: 105,000 + 136,000 + 177,500 + 108,000 = 526,500.
func TestECLGolden(t *testing.T) {
	sum := filepath.Join(t.TempDir(), "summary.csv")
	code, out, errs := runCLI(t, "", "ecl", "-exposures", td("exposures.csv"), "-asof", "2025-12-31",
		"-matrix", td("ecl-provision-matrix.json"), "-summary", sum)
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, errs)
	}
	golden(t, "ecl.csv", out)
	s, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ecl-summary.csv", string(s))
	for _, want := range []string{
		",ifrscommunity-s1,general,stage1,performing,100000.00,100000.00,2223.65,",   // 2,224
		",ifrscommunity-s2,general,stage2,backstop-dpd,100000.00,100000.00,6721.97,", // 6,722
		",bullet-hazard,general,stage2,special-mention,120000.00,120000.00,1200.00,",
		",impaired,general,stage3,credit-impaired,50000.00,50000.00,22500.00,",
		",rec-1-30,simplified,stage1,provision-matrix:1-30,7000000.00,7000000.00,105000.00,",
		",rec-31-60,simplified,stage2,provision-matrix:31-60,4000000.00,4000000.00,136000.00,",
		",rec-61-90,simplified,stage2,provision-matrix:61-90,2500000.00,2500000.00,177500.00,",
		",rec-over-90,simplified,stage3,provision-matrix:>90,1000000.00,1000000.00,108000.00,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Summary: the allowances add up exactly, 2,223.65 + 105,000 in stage 1, and so on.
	if !strings.Contains(string(s), "total,8,14870000.00,559145.62,") {
		t.Errorf("summary:\n%s", s)
	}
}

// TestECLJSONLinesScenarios reads the IFRScommunity loan from JSON Lines with three
// scenarios: the base scenario's column is the single-scenario ECL, and the weighted ECL lies
// between the upside and the downside.
func TestECLJSONLinesScenarios(t *testing.T) {
	in := `{"id":"L1","repayment":"schedule","balance":"100000","rate":0.079308261161,"periods":5,"periodsPerYear":1,"payments":[25000,25000,25000,25000,25000],"pdCurve":[0.03,0.03,0.03,0.04,0.04],"lgd":0.8,"eir":0.079308261161,"stage":"stage2"}

{"id":"L2","balance":"1000","periods":12,"pd":0.05,"lgd":0.4,"rate":0.1,"nope":1}
{"id":"L3","balance":"1000","periods":12,"lgd":0.4,"rate":0.1}
not json
` + `{"id":"L4","balance":"` + strings.Repeat("1", 2<<20) + `"}` + "\n"
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "ecl", "-exposures", path, "-asof", "2025-12-31", "-scenarios", "up:0.25:0.5,base:0.5,down:0.25:2")
	if code != exitFindings {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "line,id,approach,stage,reason,gross,ead,ecl,month12,lifetime,ecl:up,ecl:base,ecl:down\n") {
		t.Errorf("header:\n%s", out)
	}
	if !strings.Contains(out, "1,L1,general,stage2,given,100000.00,100000.00,") || !strings.Contains(out, ",6721.97,") {
		t.Errorf("L1:\n%s", out)
	}
	for _, want := range []string{"in.jsonl:3: unknown member \"nope\"", "in.jsonl:4: column pd: empty", "in.jsonl:5: not a JSON object", "in.jsonl:6: line longer than 1048576 bytes", "4 of 5 rows failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

// TestECLBadRows checks that bad cells are reported by line and column, library errors by
// line, and the other rows still computed.
func TestECLBadRows(t *testing.T) {
	in := "id,balance,periods,pd,lgd,rate,dpd,category\n" +
		"a,1000,12,0.05,0.4,0.1,0,\n" + // line 2 ok
		"b,x,12,0.05,0.4,0.1,0,\n" + // line 3 bad balance (column 3)
		"c,1000,12,1.5,0.4,0.1,0,\n" + // line 4 PD above 1
		"d,1000,12,0.05,0.4,0.1,0,grim\n" + // line 5 unknown category (column 26)
		"e,1000,12,0.05,1.4,0.1,0,\n" + // line 6 LGD above 1: the library's error
		"f,1000\n" // line 7 ragged
	code, out, errs := runCLI(t, in, "ecl", "-exposures", "-", "-asof", "2025-12-31", "-summary", os.DevNull)
	if code != exitFindings {
		t.Errorf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{"-:3:3: column balance:", "-:4:", "column pd:", "-:5:26: column category:", "-:6: ecl: exposures[e].lgd.rate = 1.4:", "-:7:", "5 of 6 rows failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "\n2,a,general,stage1,performing,1000.00,") {
		t.Errorf("good row not computed:\n%s", out)
	}
	for _, args := range [][]string{
		{"ecl", "-exposures", "-"},
		{"ecl", "-exposures", "-", "-asof", "2025-13-01"},
		{"ecl", "-exposures", "-", "-asof", "2025-12-31", "-scenarios", "base"},
		{"ecl", "-exposures", "-", "-asof", "2025-12-31", "-matrix", td("no-such-file.json")},
	} {
		if code, _, _ := runCLI(t, in, args...); code != exitUsage {
			t.Errorf("%q: exit code %d, want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, "id,dpd\n", "ecl", "-exposures", "-", "-asof", "2025-12-31"); code != exitUsage || !strings.Contains(errs, `"balance", "periods"`) {
		t.Errorf("missing columns: exit code %d, stderr %s", code, errs)
	}
}

// TestECLScenariosFlag: a bad -scenarios list is a usage error (exit 2) naming the flag and
// the item at fault, reported once before any row is read, with no output; the check is
// ecl.ValidateScenarios.
func TestECLScenariosFlag(t *testing.T) {
	in := "id,balance,periods,pd,lgd,eir\na,1000,12,0.02,0.4,0.05\nb,2000,12,0.02,0.4,0.05\n"
	for _, tc := range []struct{ list, want string }{
		{"a:0.5,b:0.4", `-scenarios: "a:0.5,b:0.4": scenarios = weights sum 0.9: scenario weights do not sum to 1`},
		{"a:0.5,a:0.5", `-scenarios: item 2 "a:0.5": scenarios[1].name = "a" repeated`},
		{"a:NaN,b:1", `-scenarios: item 1 "a:NaN": scenarios[0].weight = NaN: probability outside [0, 1]`},
		{"a:1.5,b:-0.5", `-scenarios: item 1 "a:1.5": scenarios[0].weight = 1.5`},
		{"a:Inf", `-scenarios: item 1 "a:Inf": scenarios[0].weight = +Inf`},
		{"a:1:-2", `-scenarios: item 1 "a:1:-2": scenarios[0].pdScale = -2`},
		{"a:0.5, :0.5", `-scenarios: " :0.5" is not name:weight[:pdScale]`},
		{"a:x", `-scenarios: weight "x" is not a number`},
		{strings.Repeat("a:0,", 16) + "b:1", "-scenarios: 17 scenarios, at most 16"},
	} {
		code, out, errs := runCLI(t, in, "ecl", "-exposures", "-", "-asof", "2025-12-31", "-scenarios", tc.list)
		if code != exitUsage || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%q: exit code %d, stdout %q, stderr %s; want 2 and %q", tc.list, code, out, errs, tc.want)
		}
		if strings.Contains(errs, "-:2") {
			t.Errorf("%q: blamed on a row: %s", tc.list, errs)
		}
	}
	// Weights summing to 1 within the library's tolerance (1e-9) are accepted.
	if code, out, errs := runCLI(t, in, "ecl", "-exposures", "-", "-asof", "2025-12-31", "-scenarios", "up:0.3:0.5,down:0.7000000001:2", "-summary", os.DevNull); code != exitOK || !strings.Contains(out, "ecl:up,ecl:down") {
		t.Errorf("valid list: exit code %d, stderr %s", code, errs)
	}
}
