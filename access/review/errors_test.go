package review

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestErrorShapes(t *testing.T) {
	sentinels := []error{ErrInvalidSpec, ErrLimit, ErrDuplicate, ErrUnknown, ErrAmount, ErrOrder,
		ErrTolerance, ErrSelfGuarantee, ErrSelfTie, ErrSmallSample, ErrMissingValue}
	for _, s := range sentinels {
		if !strings.HasPrefix(s.Error(), "review: ") {
			t.Errorf("%q lacks the prefix", s)
		}
		ie := &InputError{Field: "x[1]", Value: "v", Err: s}
		if !errors.Is(ie, s) || strings.Count(ie.Error(), "review:") != 1 || !strings.HasPrefix(ie.Error(), "review: x[1] = v: ") {
			t.Errorf("InputError %q", ie)
		}
		se := &SpecError{Path: "lines[0]", Err: s, Msg: "m"}
		if !errors.Is(se, s) || !errors.Is(se, ErrInvalidSpec) || strings.Count(se.Error(), "review:") != 1 {
			t.Errorf("SpecError %q", se)
		}
	}
	if got := (&InputError{Field: "dst", Err: ErrMissingValue}).Error(); got != "review: dst: missing value" {
		t.Errorf("no value: %q", got)
	}
	w := error(&BenfordWarning{N: 3, MinCount: 300})
	var bw *BenfordWarning
	if !errors.Is(w, ErrSmallSample) || !errors.As(w, &bw) {
		t.Errorf("warning %v", w)
	}
	if s := decimalText(decimal.New(7, 1000000)); len(s) > 64 {
		t.Errorf("huge decimal text %q", s)
	}
}

func TestEnumText(t *testing.T) {
	for _, c := range []struct {
		v    interface{ MarshalText() ([]byte, error) }
		want string
	}{{FirstTwoDigits, "first-two-digits"}, {Nonconformity, "nonconformity"}, {SeverityCritical, "critical"},
		{NonNegative, "non-negative"}, {CodeRollForwardBroken, "roll-forward-broken"},
		{CommonShareholder, "common-shareholder"}, {CodeRelatedGuarantee, "related-guarantee"}} {
		b, err := c.v.MarshalText()
		if err != nil || string(b) != c.want {
			t.Errorf("%v: %s %v", c.v, b, err)
		}
	}
	if _, err := ConformityUnknown.MarshalText(); err == nil {
		t.Error("unknown conformity marshals")
	}
	var s SignRule
	if err := s.UnmarshalText([]byte("non-positive")); err != nil || s != NonPositive {
		t.Errorf("unmarshal %v %v", s, err)
	}
	if Close.Compare(Marginal) != -1 || SeverityCritical.Compare(SeverityInfo) != 1 {
		t.Error("compare")
	}
}
