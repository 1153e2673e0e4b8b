package access

import (
	"encoding/json"
	"errors"
	"maps"
	"strconv"
)

// RuleChange names a rule present in both policies that differs, and which of
// its attributes differ: "condition" (field, operator or literals, compared
// after normalisation, so "0.70" equals "0.7000"), "severity", "onMissing",
// "code" or "message". The zero value means no change.
type RuleChange struct {
	RuleID     RuleID   `json:"ruleID"`
	Attributes []string `json:"attributes"`
}

// Transition counts the applicants whose decision went From one decision To
// another between the two policies (From may equal To). The zero value is an
// empty count.
type Transition struct {
	From  Decision `json:"from"`
	To    Decision `json:"to"`
	Count int      `json:"count"`
}

// DiffReport compares two versions of a policy. Added lists the rules only in
// the new policy (in its order), Removed those only in the old one and
// Changed those in both that differ (in the old policy's order); rules are
// matched by id.
//
// Over the applicants: N were decided by both, Transitions counts every
// (old, new) decision pair that occurred, ordered by old then new decision,
// and ChangedApplicants lists the indices of the applicants whose decision
// changed, ascending.
//
// The zero value is an empty report.
type DiffReport struct {
	Added             []RuleID     `json:"added"`
	Removed           []RuleID     `json:"removed"`
	Changed           []RuleChange `json:"changed"`
	N                 int          `json:"n"`
	Transitions       []Transition `json:"transitions"`
	ChangedApplicants []int        `json:"changedApplicants"`
}

// Diff compares policy a (old) with policy b (new), and decides every
// applicant under both. A nil or zero policy gives an [*InputError] wrapping
// [ErrNilPolicy] naming it ("a" or "b"). The two policies must share one
// [*Schema]; otherwise the error is an [*InputError] wrapping
// [ErrSchemaMismatch]. applicants may be nil to compare the rules only. An
// applicant whose Facts are nil or belong to another schema is left out and
// reported as an [*InputError] with Field "applicants[i]", as in
// [Policy.Simulate]; the errors are joined (at most [MaxErrors]). Diff does not modify its arguments. Cost: O(len(applicants) × (rules of a + rules of b)).
func Diff(a, b *Policy, applicants []*Facts) (DiffReport, error) {
	var rep DiffReport
	if err := errors.Join(a.valid("a"), b.valid("b")); err != nil {
		return rep, err
	}
	if a.schema != b.schema {
		return rep, &InputError{Field: "b", Value: "schema " + strconv.Quote(cut(b.schema.version)), Err: ErrSchemaMismatch}
	}
	inB := map[RuleID]int{}
	for i, r := range b.spec.Rules {
		inB[r.ID] = i
	}
	inA := map[RuleID]bool{}
	for _, ra := range a.spec.Rules {
		inA[ra.ID] = true
		j, ok := inB[ra.ID]
		if !ok {
			rep.Removed = append(rep.Removed, ra.ID)
			continue
		}
		rb := b.spec.Rules[j]
		var attrs []string
		ca, _ := json.Marshal(ra.ConditionSpec)
		cb, _ := json.Marshal(rb.ConditionSpec)
		if string(ca) != string(cb) {
			attrs = append(attrs, "condition")
		}
		if ra.Severity != rb.Severity {
			attrs = append(attrs, "severity")
		}
		if ra.OnMissing != rb.OnMissing {
			attrs = append(attrs, "onMissing")
		}
		if ra.Code != rb.Code {
			attrs = append(attrs, "code")
		}
		if !maps.Equal(ra.Message, rb.Message) {
			attrs = append(attrs, "message")
		}
		if attrs != nil {
			rep.Changed = append(rep.Changed, RuleChange{RuleID: ra.ID, Attributes: attrs})
		}
	}
	for _, rb := range b.spec.Rules {
		if !inA[rb.ID] {
			rep.Added = append(rep.Added, rb.ID)
		}
	}
	var counts [4][4]int
	var errs []error
	var oa, ob Outcome
	for i, f := range applicants {
		if err := a.decide(&oa, f, false); err != nil {
			errs = append(errs, applicantErr(i, err))
			continue
		}
		_ = b.decide(&ob, f, false) // same schema as a: cannot fail here
		rep.N++
		counts[oa.Decision][ob.Decision]++
		if oa.Decision != ob.Decision {
			rep.ChangedApplicants = append(rep.ChangedApplicants, i)
		}
	}
	for from := Accept; from <= Reject; from++ {
		for to := Accept; to <= Reject; to++ {
			if n := counts[from][to]; n > 0 {
				rep.Transitions = append(rep.Transitions, Transition{From: from, To: to, Count: n})
			}
		}
	}
	return rep, joinErrs(errs, false)
}
