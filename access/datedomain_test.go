package access_test

import (
	"errors"
	"testing"
	"time"

	"github.com/smecredit/smecredit/access"
)

// TestDateDomain checks that SetDate, DecodeFacts and Compile share one date
// domain, years MinDateYear..MaxDateYear, and that every accepted date
// survives a MarshalJSON / DecodeFacts round trip.
func TestDateDomain(t *testing.T) {
	s := smeSchema(t)
	for _, tc := range []struct {
		name string
		year int
		ok   bool
	}{
		{"year 1 (first)", 1, true},
		{"year 9999 (last)", 9999, true},
		{"year 0", 0, false},
		{"year -1", -1, false},
		{"year 10000", 10000, false},
		{"year 1e9", 1_000_000_000, false},
	} {
		t.Run("SetDate/"+tc.name, func(t *testing.T) {
			f := s.NewFacts()
			err := f.SetDate("license_expiry", time.Date(tc.year, 1, 1, 0, 0, 0, 0, time.UTC))
			if !tc.ok {
				if !errors.Is(err, access.ErrOverflow) {
					t.Fatalf("SetDate: got %v, want ErrOverflow", err)
				}
				if v, _ := f.Get("license_expiry"); v.Present() {
					t.Fatalf("rejected date was stored: %v", v)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := f.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			g, err := s.DecodeFacts(b)
			if err != nil {
				t.Fatalf("round trip of %s: %v", b, err)
			}
			v1, _ := f.Get("license_expiry")
			v2, _ := g.Get("license_expiry")
			if v1 != v2 {
				t.Fatalf("round trip: %v != %v", v1, v2)
			}
		})
	}
	for _, tc := range []struct {
		name, text string
		want       error // nil: accepted
	}{
		{"0001-01-01 first day", "0001-01-01", nil},
		{"9999-12-31 last day", "9999-12-31", nil},
		{"0000-01-01 year 0", "0000-01-01", access.ErrOverflow},
		{"0000-12-31 year 0", "0000-12-31", access.ErrOverflow},
		{"10000-01-01 five digits", "10000-01-01", access.ErrKindMismatch},
	} {
		t.Run("DecodeFacts/"+tc.name, func(t *testing.T) {
			_, err := s.DecodeFacts([]byte(`{"license_expiry":"` + tc.text + `"}`))
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
			} else if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
		t.Run("Compile/"+tc.name, func(t *testing.T) {
			_, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"license_expiry","op":"gt","value":"`+tc.text+`","severity":"refer"}]}`)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
			} else if !errors.Is(err, tc.want) || !errors.Is(err, access.ErrInvalidSpec) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestDerivedDateDomain checks that a DeriveFunc returning a date outside
// years MinDateYear..MaxDateYear gives a missing fact with
// CodeDerivedInvalid, like any other invalid derived value; the first and
// last days of the domain pass.
func TestDerivedDateDomain(t *testing.T) {
	for _, tc := range []struct {
		name string
		date time.Time
		ok   bool
	}{
		{"0001-01-01 first day", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"9999-12-31 last day", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"0000-12-31 day before", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{"10000-01-01 day after", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"year 1e9", time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := access.CompileSchema(access.SchemaSpec{
				Version: "derived-date/1",
				Fields:  []access.FieldSpec{{Name: "start", Kind: access.FieldKindDate}},
				Derived: []access.DerivedSpec{{
					FieldSpec: access.FieldSpec{Name: "end", Kind: access.FieldKindDate},
					Inputs:    []string{"start"},
					Func:      func([]access.Value) access.Value { return access.DateValue(tc.date) },
				}},
			}, access.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived-date/1","rules":[
				{"id":"R1","code":"C","field":"end","op":"present","severity":"reject"}]}`)
			if err != nil {
				t.Fatal(err)
			}
			f := s.NewFacts()
			if err := f.SetDate("start", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			out, err := p.Decide(f)
			if err != nil {
				t.Fatal(err)
			}
			if tc.ok {
				if out.Decision != access.Accept {
					t.Errorf("got %v %+v, want accept", out.Decision, out.Reasons)
				}
				return
			}
			if out.Decision != access.Refer || out.Reasons[0].MissingCode() != access.CodeDerivedInvalid {
				t.Errorf("got %v %+v, want refer with %s", out.Decision, out.Reasons, access.CodeDerivedInvalid)
			}
		})
	}
}
