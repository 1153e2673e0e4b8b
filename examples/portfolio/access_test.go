package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/access"
)

func accessPortfolio(t testing.TB) *Portfolio {
	t.Helper()
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	return &Portfolio{Firms: firms}
}

// TestAccessSpecs checks that the embedded schema and policies compile, that each policy's
// canonical JSON round-trips to the same hash, and that every schema field names a ratio of the
// data's attribute list.
func TestAccessSpecs(t *testing.T) {
	schema, v1, v2, err := accessPolicies()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*access.Policy{v1, v2} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := access.ParsePolicy(b, access.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		q, err := access.CompilePolicy(spec, schema, access.Limits{})
		if err != nil || q.Hash() != p.Hash() {
			t.Errorf("%s: round trip: %v", p.Version(), err)
		}
	}
	for _, r := range accessRatios {
		fs, ok := schema.Field(r.field)
		if !ok || !strings.HasPrefix(fs.Doc, "Attr") {
			t.Errorf("field %s: %+v %v", r.field, fs, ok)
		}
	}
}

// TestAccessDecidesEveryFirm checks on the real data that every firm is decided, that a missing
// ratio is never accepted, and that the bankruptcy rate rises from accept to refer to reject
// (the data's outcomes, 410 bankrupt of 5,910 per the data README).
func TestAccessDecidesEveryFirm(t *testing.T) {
	p := accessPortfolio(t)
	schema, v1, _, err := accessPolicies()
	if err != nil {
		t.Fatal(err)
	}
	facts, err := accessFacts(schema, p.Firms)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := accessDecide(v1, facts)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 5910 {
		t.Fatalf("%d outcomes, want 5910", len(outs))
	}
	var n, bad [4]int
	for i, o := range outs {
		n[o.Decision]++
		if p.Firms[i].Bankrupt {
			bad[o.Decision]++
		}
		if o.Decision == access.Accept {
			for _, r := range accessRatios {
				if _, ok := p.Firms[i].Ratio(r.attr); !ok && r.field != "ebit_to_assets" {
					t.Fatalf("firm on line %d accepted with Attr%d missing", p.Firms[i].Row, r.attr)
				}
			}
		}
	}
	if n[access.DecisionUnknown] != 0 || bad[1]+bad[2]+bad[3] != 410 {
		t.Fatalf("counts %v, bankrupt %v", n, bad)
	}
	rate := func(d access.Decision) float64 { return float64(bad[d]) / float64(n[d]) }
	if !(rate(access.Accept) < rate(access.Refer) && rate(access.Refer) < rate(access.Reject)) {
		t.Errorf("bankruptcy rate not increasing: accept %.4f refer %.4f reject %.4f", rate(access.Accept), rate(access.Refer), rate(access.Reject))
	}
	// Negative equity is a knock-out: every firm with Attr10 < 0 is rejected.
	for i, o := range outs {
		if v, ok := p.Firms[i].Ratio(10); ok && v < 0 && o.Decision != access.Reject {
			t.Fatalf("firm on line %d has equity/assets %v but is %s", p.Firms[i].Row, v, o.Decision)
		}
	}
}

func TestAccessStage(t *testing.T) {
	sec, err := accessStage(accessPortfolio(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"5910 firms decided", "bankruptcy rate", "unique hits", "Diff 2026.1 -> 2026.2", "rules added [R07], removed [R06]"} {
		if !strings.Contains(sec.Text(), want) {
			t.Errorf("section lacks %q:\n%s", want, sec.Text())
		}
	}
}

func BenchmarkAccessStage(b *testing.B) {
	p := accessPortfolio(b)
	for b.Loop() {
		if _, err := accessStage(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
