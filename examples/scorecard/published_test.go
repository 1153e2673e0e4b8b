package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPublishedIV: the full-data IV table reproduces R scorecard's iv() (reference RC4: the
// values recomputed with R's 0.99 replacement; printed in docs/reference/iv.html as 0.666, 0.335,
// 0.293, 0.26, 0.196 for the top five), var_filter keeps 13 variables, 14 columns with the
// target (docs/reference/var_filter.html), and woebin's example gives IV 0.1812204 for
// credit.amount and 0.08329343 for housing with WoE 0.4044452 for rent
// (docs/reference/woebin.html).
func TestPublishedIV(t *testing.T) {
	want := []struct {
		name string
		iv   float64
	}{
		{"status_of_existing_checking_account", 0.666012},
		{"duration_in_month", 0.334503},
		{"credit_history", 0.293234},
		{"age_in_years", 0.259651},
		{"savings_account_and_bonds", 0.196010},
		{"purpose", 0.169195},
		{"property", 0.112638},
		{"present_employment_since", 0.086434},
		{"housing", 0.083293},
		{"other_installment_plans", 0.057615},
		{"foreign_worker", 0.043877},
		{"credit_amount", 0.038957},
		{"other_debtors_or_guarantors", 0.032019},
		{"installment_rate_in_percentage_of_disposable_income", 0.026322},
		{"number_of_existing_credits_at_this_bank", 0.013267},
		{"personal_status_and_sex", 0.008840},
		{"job", 0.008763},
		{"telephone", 0.006378},
		{"present_residence_since", 0.003589},
		{"number_of_people_being_liable_to_provide_maintenance_for", 0.000043},
	}
	d, err := load()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rows, tables, err := publishedIV(&out, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for k, w := range want {
		if rows[k].name != w.name || math.Abs(rows[k].iv-w.iv) > 5e-7 {
			t.Errorf("row %d: %s %.7f, want %s %.6f", k, rows[k].name, rows[k].iv, w.name, w.iv)
		}
		// The printed line carries the same number to 6 decimals.
		if !regexp.MustCompile(`(?m)^  ` + w.name + `\s+\d+\s+` + strconv.FormatFloat(w.iv, 'f', 6, 64)).MatchString(out.String()) {
			t.Errorf("no printed line %s %.6f", w.name, w.iv)
		}
	}
	for _, r := range rows[:3] {
		if r.groups != map[string]int{"status_of_existing_checking_account": 4, "duration_in_month": 33, "credit_history": 5}[r.name] {
			t.Errorf("%s: %d groups", r.name, r.groups)
		}
	}
	if !strings.Contains(out.String(), "var_filter keeps 13 of 20 variables (14 columns with the target).") {
		t.Errorf("var_filter line missing:\n%s", out.String())
	}
	if fw := rows[10]; fw.name != "foreign_worker" || math.Abs(fw.ident-0.963) > 5e-4 {
		t.Errorf("foreign_worker identical rate %v, want 0.963", fw.ident)
	}
	ca, h := tables["credit_amount"], tables["housing"]
	if math.Abs(ca.IV-0.1812204) > 5e-8 || math.Abs(h.IV-0.08329343) > 5e-9 {
		t.Errorf("woebin IVs %.8f %.9f, want 0.1812204, 0.08329343", ca.IV, h.IV)
	}
	for i, w := range []float64{0.03366128, -0.72823850, -0.25830746, 0.39053946, 1.17007125} {
		if math.Abs(ca.Bins[i].WoE-w) > 5e-9 {
			t.Errorf("credit_amount WoE[%d] = %.8f, want %.8f", i, ca.Bins[i].WoE, w)
		}
	}
	if b, _ := h.BinOfCategory("rent"); math.Abs(h.Bins[b].WoE-0.4044452) > 5e-8 {
		t.Errorf("housing rent WoE %.8f, want 0.4044452", h.Bins[b].WoE)
	}
}

// TestRunNumbers checks the walk-through's numbers against each other and the model document:
// the holdout AUC of step 6 is the new sample's AUC of the monitoring report (step 7), the PSI
// likewise, and the written model carries its id, version and training data.
func TestRunNumbers(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	var out bytes.Buffer
	if err := run(&out, "", model); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	num := func(re string) float64 {
		t.Helper()
		m := regexp.MustCompile(re).FindStringSubmatch(o)
		if m == nil {
			t.Fatalf("no match for %s in\n%s", re, o)
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	auc6 := num(`Step 6\. Holdout \(300 applicants, 90 bad\): AUC ([0-9.]+)`)
	auc7 := num(`, new ([0-9.]+) \(SE`)
	psi6 := num(`PSI training→holdout ([0-9.]+)`)
	psi7 := num(`System PSI over 10 score bins \(deciles of the development scores\): ([0-9.]+)`)
	if auc6 != auc7 || psi6 != psi7 {
		t.Errorf("step 6 AUC %v PSI %v, step 7 AUC %v PSI %v", auc6, psi6, auc7, psi7)
	}
	if auc6 < 0.65 || auc6 > 0.85 {
		t.Errorf("holdout AUC %v outside 0.65–0.85", auc6)
	}
	se := num(`, new [0-9.]+ \(SE ([0-9.]+)`)
	// Hanley–McNeil at the holdout AUC, 90 bad and 210 good, is a close cross-check.
	a := auc7
	q1, q2 := a/(2-a), 2*a*a/(1+a)
	hm := math.Sqrt((a*(1-a) + 89*(q1-a*a) + 209*(q2-a*a)) / (90 * 210))
	if math.Abs(se-hm) > 0.006 {
		t.Errorf("DeLong SE %v far from Hanley–McNeil %v", se, hm)
	}
	js, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ID, Version string
		Data        struct {
			Rows   int
			Events float64
			Source string
		}
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "german-credit-demo" || doc.Version != "german-holdout-1" || doc.Data.Rows != 700 || doc.Data.Events != 210 || doc.Data.Source == "" {
		t.Errorf("model identity %+v", doc)
	}
}
