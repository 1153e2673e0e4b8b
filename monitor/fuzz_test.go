package monitor

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

func TestTestdataSpecs(t *testing.T) {
	b, err := os.ReadFile("testdata/signals-cards.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSignalSet(b)
	if err != nil || s.Len() != 13 {
		t.Fatalf("cards spec: %v", err)
	}
	b, err = os.ReadFile("testdata/signals-invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadSignalSet(b)
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

// FuzzParseSignalSet checks that the loader never panics and refuses only with spec errors,
// that a spec it accepts survives a JSON round trip (parse → compile → Spec → marshal →
// parse → compile) unchanged, and that evaluating it never panics or reports non-finite
// evidence.
func FuzzParseSignalSet(f *testing.F) {
	for _, name := range []string{"testdata/signals-cards.json", "testdata/signals-invalid.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	b, _ := json.Marshal(DefaultSignalSetSpec())
	f.Add(b)
	f.Add([]byte(`{"kind":"signal-set","rules":[{"id":"z","code":"Z","kind":"z-score","category":"model","severity":1,"metric":"pd","op":"ge","value":3,"minHistory":2}]}`))
	f.Add([]byte(`{"kind":"signal-set","rules":[{"id":"c","code":"C","kind":"change","category":"account","severity":1,"metric":"turnover","op":"lt","value":-0.3,"lag":9223372036854775806,"average":9223372036854775806}]}`))
	f.Add([]byte(`{"kind":"signal-set","rules":[{"id":"c","code":"C","kind":"change","category":"account","severity":1,"metric":"turnover","op":"lt","value":-0.3,"lag":10000,"average":10000}]}`))
	h := benchHistory(3, 24)
	h.Observations[20].Missing = true
	var reused Result // reused across inputs, as by a portfolio run (fuzz inputs run one at a time)
	var p Prepared
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseSignalSet(data)
		var s *SignalSet
		if err == nil {
			s, err = CompileSignalSet(spec)
		}
		if err != nil {
			errs := []error{err}
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				errs = j.Unwrap()
			}
			for _, e := range errs {
				var se *SpecError
				if !errors.As(e, &se) || !errors.Is(e, ErrInvalidSpec) || strings.Count(e.Error(), "monitor: ") != 1 {
					t.Fatalf("error %v is not a SpecError", e)
				}
			}
			if len(errs) > maxErrors+1 {
				t.Fatalf("%d errors", len(errs))
			}
			return
		}
		out, err := json.Marshal(s.Spec())
		if err != nil {
			t.Fatalf("marshal accepted spec: %v", err)
		}
		s2, err := LoadSignalSet(out)
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
	f.Add(91, uint16(0), 0.0, uint8(0), false, uint8(0), int64(1_600_000_000), 0, false, int64(1_700_000_000))
	f.Add(5, uint16(1), 0.6, uint8(2), true, uint8(2), int64(1_650_000_000), 13, true, int64(1_700_000_000))
	f.Add(-1, uint16(0xffff), math.NaN(), uint8(7), true, uint8(255), int64(math.MaxInt64), -1, false, int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, dpd int, flags uint16, ecl float64, expert uint8, restructured bool, before uint8, startSec int64,
		onTime int, resolved bool, asOfSec int64) {
		asOf := unixDate(asOfSec)
		in := ClassificationInput{
			DPD: dpd, TechnicalDelay: flags&1 != 0, CreditImpaired: flags&2 != 0, ExternalDowngrade: flags&4 != 0,
			DebtEvasion: flags&8 != 0, MisuseOfFunds: flags&16 != 0, Evergreening: flags&32 != 0,
			NPLElsewhere: flags&64 != 0, Watch: flags&128 != 0, ECLCoverage: ecl, Expert: Category(expert),
		}
		if restructured {
			in.Restructuring = &Restructuring{Before: Category(before), Start: unixDate(startSec),
				OnTimePeriods: onTime, Resolved: resolved, Again: flags&256 != 0}
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

// FuzzPrepare builds a history from fuzzed amounts (any coefficient and exponent, negative
// included), ratios (NaN and ±Inf included), DPD, known-field, missing and event masks, and
// dates that may repeat (the top bit of the known and events masks lets undefined bits
// through). Prepare must fail exactly when Validate does, with the same error,
// and a prepared history must evaluate, with three signal sets at three dates, to the result of
// EvaluateTo, with finite evidence only, alone and in a PreparedBatch beside another loan.
func FuzzPrepare(f *testing.F) {
	f.Add(uint8(24), int64(1_000_000), int8(-2), 0.4, 12, uint32(0xffff), uint32(0), uint32(0), uint8(0), 0.02)
	f.Add(uint8(3), int64(-1), int8(0), math.NaN(), -1, uint32(1), uint32(2), uint32(1<<20), uint8(1), 1.5)
	f.Add(uint8(30), int64(17), int8(120), math.Inf(1), 95, uint32(0x7fff), uint32(0x0f0f0f), uint32(0x7fff), uint8(7), 0.0)
	f.Add(uint8(12), int64(1), int8(-127), 1e-300, 400, uint32(0x00ff), uint32(1<<11), uint32(0x155), uint8(3), 1.0)
	f.Add(uint8(18), int64(250_000), int8(0), 1.1, 0, uint32(0x7fff), uint32(0b1000100), uint32(0x3), uint8(0), 0.03)
	def, cards := bothSets(f)
	var reused Result // reused across inputs, as by a portfolio run (fuzz inputs run one at a time)
	var p Prepared
	all := allKindsSet(f)
	other := variedHistory(5, 20)
	var pb PreparedBatch
	var batch []BatchResult
	f.Fuzz(func(t *testing.T, n uint8, coef int64, exp int8, ratio float64, dpd int, known, missing, events uint32, dup uint8, pdOrig float64) {
		h := &History{Loan: "F", PDOrigination: pdOrig}
		for i := range int(n % 40) {
			o := Observation{
				Date: asOf.AddDate(0, i-int(n%40)+1, 0), Known: Field(known) >> (i % 3), Missing: missing>>i&1 != 0,
				DPD: dpd + 10*i, Events: Event(events) << (i % 4),
				EquityToAssets: ratio, ProfitMargin: -ratio, DSCR: ratio * float64(i), CurrentRatio: 1 + ratio,
				QuickRatio: ratio / 2, PD: math.Abs(ratio) / float64(i+1), CovenantBreach: i%5 == 0,
			}
			if known>>31 == 0 { // undefined bits only sometimes
				o.Known &= allFields
			}
			if events>>31 == 0 {
				o.Events &= allEvents
			}
			c := coef + int64(i)*coef/7
			for k := range numAmounts {
				*o.amountField(k) = decimal.New(c+int64(k), int32(exp)-int32(k))
			}
			if i > 0 && i == int(dup%40) {
				o.Date = h.Observations[i-1].Date // a duplicate date
			}
			h.Observations = append(h.Observations, o)
		}
		err := p.fill(h, allMetricSet)
		if want := h.Validate(); (err == nil) != (want == nil) || err != nil && err.Error() != want.Error() {
			t.Fatalf("Prepare: %v, Validate: %v", err, want)
		}
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, s := range []*SignalSet{def, cards, all} {
			if err := s.PrepareBatchTo(&pb, []*History{other, h}); err != nil {
				t.Fatalf("PrepareBatchTo: %v, Prepare succeeded", err)
			}
			for _, at := range []time.Time{asOf, asOf.AddDate(0, -5, 0), asOf.AddDate(0, -14, 0)} {
				sameEvaluation(t, s, h, at, &reused, &p)
				for _, sig := range reused.Signals {
					if !finite(sig.Evidence.Value) || !finite(sig.Evidence.Threshold) {
						t.Fatalf("non-finite evidence in %+v", sig)
					}
				}
				// the batch gives the loan the result of EvaluatePreparedTo
				err := s.EvaluatePreparedTo(&reused, &p, at)
				batch = s.EvaluateBatchTo(batch, &pb, at)
				if got := batch[1].Err; (got == nil) != (err == nil) || err != nil && got.Error() != err.Error() {
					t.Fatalf("batch at %v: error %v, want %v", at, got, err)
				}
				if d := cmp.Diff(reused, batch[1].Result, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty()); err == nil && d != "" {
					t.Fatalf("batch at %v differs from EvaluatePreparedTo (-want +got):\n%s", at, d)
				}
			}
		}
	})
}

// FuzzToFloat checks the conversion of amounts against decimal's own correctly rounded
// InexactFloat64 (through big.Rat), for any coefficient and exponent.
func FuzzToFloat(f *testing.F) {
	f.Add(int64(123456789012345678), int32(-8))
	f.Add(int64(9007199254740993), int32(0))
	f.Add(int64(-7), int32(-330))
	f.Add(int64(1), int32(309))
	f.Fuzz(func(t *testing.T, c int64, e int32) {
		if e > 5000 || e < -5000 { // decimal's big.Rat path materialises 10^|e|: keep the reference fast
			e %= 5000
		}
		d := decimal.New(c, e)
		if got, want := toFloat(d), d.InexactFloat64(); got != want {
			t.Fatalf("toFloat(%v) = %v, InexactFloat64 %v", d, got, want)
		}
	})
}
