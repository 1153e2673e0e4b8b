package monitor

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTestdataSpecs(t *testing.T) {
	b, err := os.ReadFile("testdata/signals-cards.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSignals(b)
	if err != nil || s.Len() != 13 {
		t.Fatalf("cards spec: %v", err)
	}
	b, err = os.ReadFile("testdata/signals-invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseSignals(b)
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *SpecError
		if errors.As(e, &se) {
			paths = append(paths, se.Path)
		}
	}
	want := []string{"escalation.windowDays", "rules[0].op", "rules[1].id", "rules[1].minCount",
		"rules[2].h", "rules[3].severity", "rules[3].lag", "rules[4].events"}
	if d := cmp.Diff(want, paths); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// FuzzParseSignals checks that the spec loader never panics, that a spec it accepts survives
// a JSON round trip unchanged, and that evaluating it never reports non-finite evidence.
func FuzzParseSignals(f *testing.F) {
	for _, name := range []string{"testdata/signals-cards.json", "testdata/signals-invalid.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	b, _ := json.Marshal(DefaultSignals())
	f.Add(b)
	f.Add([]byte(`{"rules":[{"id":"z","code":"Z","kind":"zscore","category":"model","severity":1,"metric":"pd","op":">=","value":3,"minHistory":2}]}`))
	h := benchHistory(3, 24)
	h.Observations[20].Missing = true
	var reused Result // reused across inputs, as by a portfolio run (fuzz inputs run one at a time)
	var p Prepared
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSignals(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error %v does not wrap ErrInvalidSpec", err)
			}
			return
		}
		out, err := json.Marshal(s.Spec())
		if err != nil {
			t.Fatalf("marshal accepted spec: %v", err)
		}
		s2, err := ParseSignals(out)
		if err != nil {
			t.Fatalf("round trip rejected: %v\n%s", err, out)
		}
		if d := cmp.Diff(s.Spec(), s2.Spec()); d != "" {
			t.Fatalf("round trip changed the spec (-first +second):\n%s", d)
		}
		for _, at := range []time.Time{asOf, asOf.AddDate(0, -20, 0)} {
			r, err := s.Evaluate(h, at)
			if err != nil {
				t.Fatalf("evaluate: %v", err)
			}
			if !r.Level.IsValid() {
				t.Fatalf("level %v", r.Level)
			}
			for _, sig := range r.Signals {
				if !finite(sig.Evidence.Value) || !finite(sig.Evidence.Threshold) {
					t.Fatalf("non-finite evidence in %+v", sig)
				}
			}
			sameEvaluation(t, s, h, at, &reused, &p)
		}
	})
}

// FuzzClassify checks that the classifier never panics and keeps its invariants: the
// category is valid, never better than the DPD floor or the expert's view, and a
// non-normal category always comes with a reason.
func FuzzClassify(f *testing.F) {
	f.Add(91, uint16(0), 0.0, 0, false, 0, 0, false)
	f.Add(5, uint16(1), 0.6, 2, true, 2, 13, true)
	f.Add(-1, uint16(0xffff), math.NaN(), 7, true, -1, 0, false)
	f.Fuzz(func(t *testing.T, dpd int, flags uint16, ecl float64, expert int, restructured bool, before, months int, resolved bool) {
		in := ClassificationInput{
			DPD: dpd, TechnicalDelay: flags&1 != 0, CreditImpaired: flags&2 != 0, ExternalDowngrade: flags&4 != 0,
			DebtEvasion: flags&8 != 0, MisuseOfFunds: flags&16 != 0, Evergreening: flags&32 != 0,
			NPLElsewhere: flags&64 != 0, Watch: flags&128 != 0, ECLCoverage: ecl, Expert: Category(expert),
		}
		if restructured {
			in.Restructuring = &Restructuring{Before: Category(before), Start: asOf.AddDate(0, -(months % 1000), 0),
				OnTimePeriods: months % 50, Resolved: resolved, Again: flags&256 != 0}
		}
		c, err := Classify(in, asOf)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if !c.Category.IsValid() || c.Category < c.Floor || c.Category < in.Expert {
			t.Fatalf("%+v → %+v", in, c)
		}
		if dpd > 90 && c.Category < Substandard || dpd > 270 && c.Category < Doubtful || dpd > 360 && c.Category != Loss {
			t.Fatalf("DPD %d classified %v", dpd, c.Category)
		}
		if (c.Category > Normal) != (len(c.Reasons) > 0) {
			t.Fatalf("category %v with reasons %v", c.Category, c.Reasons)
		}
		for _, r := range c.Reasons {
			if r.Code.Source() == "" || r.Category > c.Category {
				t.Fatalf("reason %+v", r)
			}
		}
	})
}

// FuzzText checks the text forms of the enums: parsing never panics, and whatever parses
// marshals back to the same text.
func FuzzText(f *testing.F) {
	for _, s := range []string{"green", "red", "special-mention", "stage2", "lawsuit", "utilisation", "down", "exact", "", "Red"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		type textual interface {
			UnmarshalText([]byte) error
			MarshalText() ([]byte, error)
		}
		for _, v := range []textual{new(WarningLevel), new(Category), new(Stage), new(Event), new(Metric), new(Side), new(LimitMode)} {
			if err := v.UnmarshalText([]byte(s)); err != nil {
				if !errors.Is(err, ErrInvalidInput) {
					t.Fatalf("%T: untyped error %v", v, err)
				}
				continue
			}
			b, err := v.MarshalText()
			if err != nil || string(b) != s {
				t.Fatalf("%T: %q → %q, %v", v, s, b, err)
			}
		}
	})
}
