package access_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/smecredit/smecredit/access"
)

const simPolicyV1 = `{"kind":"access-policy","id":"sim","version":"1","schemaVersion":"kinds/1","rules":[
 {"id":"R1","code":"MIN_N","field":"n","op":"ge","value":5,"severity":"reject"},
 {"id":"R2","code":"NO_FLAG","field":"flag","op":"is-false","severity":"refer"},
 {"id":"R3","code":"GRADE","field":"grade","op":"in","value":["A","B"],"severity":"reject"},
 {"id":"R4","code":"AMOUNT","field":"amount","op":"le","value":"10.00","severity":"warn"}]}`

const simPolicyV2 = `{"kind":"access-policy","id":"sim","version":"2","schemaVersion":"kinds/1","rules":[
 {"id":"R1","code":"MIN_N","field":"n","op":"ge","value":2,"severity":"reject"},
 {"id":"R2","code":"NO_FLAG","field":"flag","op":"is-false","severity":"refer"},
 {"id":"R3","code":"GRADE","field":"grade","op":"in","value":["A","B"],"severity":"refer"},
 {"id":"R5","code":"AMOUNT_MAX","field":"amount","op":"le","value":"30.00","severity":"reject"}]}`

func simBatch(t testing.TB, s *access.Schema) ([]*access.Facts, []bool) {
	docs := []string{
		`{"n":6,"flag":false,"grade":"A","amount":"5.00"}`,
		`{"n":1,"flag":false,"grade":"A","amount":"5.00"}`,
		`{"n":1,"flag":true,"grade":"C","amount":"20.00"}`,
		`{"n":6,"flag":true,"grade":"B","amount":"1.00"}`,
		`{"n":6,"grade":"A","amount":"50.00"}`,
		`{"n":6,"flag":false,"grade":"D","amount":"1.00"}`,
	}
	var fs []*access.Facts
	for _, d := range docs {
		f, err := s.DecodeFacts([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs, []bool{false, true, true, false, false, false}
}

// TestSimulate checks the simulation counts on a batch of six applicants
// whose outcomes were worked out by hand from the definitions (hits, unique
// hits as "the only rule applying the deciding severity", bad rates).
func TestSimulate(t *testing.T) {
	s := kindsSchema(t)
	p, err := policyJSON(s, simPolicyV1)
	if err != nil {
		t.Fatal(err)
	}
	fs, bad := simBatch(t, s)
	got, err := p.Simulate(fs, bad)
	if err != nil {
		t.Fatal(err)
	}
	want := access.SimulationReport{
		PolicyID: "sim", Version: "1", Hash: p.Hash(), N: 6, Bad: 2,
		Decisions: []access.DecisionStats{
			{Decision: access.Accept, Count: 1, Rate: 1.0 / 6},
			{Decision: access.Refer, Count: 2, Rate: 2.0 / 6},
			{Decision: access.Reject, Count: 3, Rate: 3.0 / 6, Bad: 2, BadRate: 2.0 / 3},
		},
		Rules: []access.RuleStats{
			{RuleID: "R1", Code: "MIN_N", Severity: access.SeverityReject, Hits: 2, HitRate: 2.0 / 6, UniqueHits: 1, Bad: 2},
			{RuleID: "R2", Code: "NO_FLAG", Severity: access.SeverityRefer, Hits: 3, Missing: 1, HitRate: 3.0 / 6, UniqueHits: 2, Bad: 1},
			{RuleID: "R3", Code: "GRADE", Severity: access.SeverityReject, Hits: 2, HitRate: 2.0 / 6, UniqueHits: 1, Bad: 1},
			{RuleID: "R4", Code: "AMOUNT", Severity: access.SeverityWarn, Hits: 2, HitRate: 2.0 / 6, Bad: 1},
		},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if _, err := p.Simulate(fs, bad[:2]); !errors.Is(err, access.ErrLength) {
		t.Errorf("length mismatch: %v", err)
	}
	other := kindsSchema(t).NewFacts()
	rep, err := p.Simulate(append(fs, other, nil), nil)
	var ae *access.InputError
	if !errors.As(err, &ae) || ae.Field != "applicants[6]" || !errors.Is(err, access.ErrSchemaMismatch) || len(flatten(err)) != 2 || rep.N != 6 {
		t.Errorf("foreign facts: %v (N=%d)", err, rep.N)
	}
}

// TestDiff checks the rule and decision differences between two versions on
// the hand-worked batch of TestSimulate.
func TestDiff(t *testing.T) {
	s := kindsSchema(t)
	v1, err := policyJSON(s, simPolicyV1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := policyJSON(s, simPolicyV2)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := simBatch(t, s)
	got, err := access.Diff(v1, v2, fs)
	if err != nil {
		t.Fatal(err)
	}
	want := access.DiffReport{
		Added:   []access.RuleID{"R5"},
		Removed: []access.RuleID{"R4"},
		Changed: []access.RuleChange{{RuleID: "R1", Attributes: []string{"condition"}}, {RuleID: "R3", Attributes: []string{"severity"}}},
		N:       6,
		Transitions: []access.Transition{
			{From: access.Accept, To: access.Accept, Count: 1},
			{From: access.Refer, To: access.Refer, Count: 1},
			{From: access.Refer, To: access.Reject, Count: 1},
			{From: access.Reject, To: access.Refer, Count: 1},
			{From: access.Reject, To: access.Reject, Count: 2},
		},
		ChangedApplicants: []int{4, 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	same, err := access.Diff(v1, v1, fs)
	if err != nil || same.Added != nil || same.Removed != nil || same.Changed != nil || same.ChangedApplicants != nil {
		t.Errorf("self diff: %+v %v", same, err)
	}
	if _, err := access.Diff(v1, mustPolicy(t, smeSchema(t), "sample-policy.json"), nil); !errors.Is(err, access.ErrSchemaMismatch) {
		t.Errorf("schemas differ: %v", err)
	}
}

// TestConcurrentDecide shares one policy among 64 goroutines (semantic 7 of
// the access reference); run with -race. Each goroutine decides its own
// applicants and must get the sequential outcome.
func TestConcurrentDecide(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	base := goodFacts(t, s)
	variants := make([]*access.Facts, 8)
	want := make([]access.Outcome, len(variants))
	for i := range variants {
		f := base.Clone()
		_ = f.SetInt("operating_months", int64(12*i))
		if i%3 == 0 {
			_ = f.Unset("tax_credit_grade")
		}
		variants[i] = f
		want[i], _ = p.Decide(f)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out access.Outcome
			for k := range 200 {
				i := (g + k) % len(variants)
				if err := p.DecideTo(&out, variants[i]); err != nil {
					errs <- err.Error()
					return
				}
				if out.Decision != want[i].Decision || len(out.Reasons) != len(want[i].Reasons) {
					errs <- "outcome differs from the sequential one"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
