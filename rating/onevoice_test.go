package rating_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

var lowerCamel = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// memberNames returns every member name of a JSON value, at any depth.
func memberNames(t *testing.T, data []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var names []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				names = append(names, k)
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return names
}

// TestDocumentsRoundTrip: every document kind of the package (a model, with
// and without an embedded scale, and a master scale) marshals with "kind"
// and lowerCamel member names only, and parse → compile → Spec gives the
// spec back.
func TestDocumentsRoundTrip(t *testing.T) {
	def, err := os.ReadFile("testdata/sme-default.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{string(def), smallModel} {
		m, err := rating.LoadModel([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(m.Spec())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte(`"kind":"rating-model"`)) {
			t.Errorf("model JSON without kind: %.80s", out)
		}
		for _, n := range memberNames(t, out) {
			if !lowerCamel.MatchString(n) {
				t.Errorf("member %q is not lowerCamelCase", n)
			}
		}
		spec, err := rating.ParseModel(out)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := rating.CompileModel(spec)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(m.Spec(), m2.Spec()); d != "" {
			t.Errorf("model round trip (-first +second):\n%s", d)
		}
		if m.Spec().Scale != nil && m.Spec().Scale.Kind != rating.KindMasterScale {
			t.Errorf("embedded scale kind %q", m.Spec().Scale.Kind)
		}
	}

	// The master scale, on its own.
	s := rating.DefaultSMEMasterScale()
	out, err := json.Marshal(s.Spec())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"kind":"rating-scale"`)) {
		t.Errorf("scale JSON without kind: %s", out)
	}
	for _, n := range memberNames(t, out) {
		if !lowerCamel.MatchString(n) {
			t.Errorf("member %q is not lowerCamelCase", n)
		}
	}
	s2, err := rating.LoadMasterScale(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s.Spec(), s2.Spec()); d != "" {
		t.Errorf("scale round trip:\n%s", d)
	}
	if d := cmp.Diff(rating.DefaultSMEMasterScaleSpec(), s2.Spec()); d != "" {
		t.Errorf("default scale spec:\n%s", d)
	}
	// DefaultSMEMasterScaleSpec and DefaultSMEMasterScale are fresh values.
	a := rating.DefaultSMEMasterScaleSpec()
	a.Grades[0].Name = "changed"
	first, second := rating.DefaultSMEMasterScale(), rating.DefaultSMEMasterScale()
	if rating.DefaultSMEMasterScaleSpec().Grades[0].Name != "AAA" || first == second {
		t.Error("defaults share storage")
	}

	// A loader refuses a missing or wrong kind; a Go-built spec may leave it
	// empty, but not wrong.
	for _, tt := range []struct {
		name string
		load func([]byte) error
		doc  string
	}{
		{"model without kind", func(b []byte) error { _, err := rating.ParseModel(b); return err }, `{"version":"1","id":"m","indicators":[]}`},
		{"scale as model", func(b []byte) error { _, err := rating.ParseModel(b); return err }, string(out)},
		{"model as scale", func(b []byte) error { _, err := rating.ParseMasterScale(b); return err }, smallModel},
		{"duplicate member", func(b []byte) error { _, err := rating.ParseModel(b); return err }, `{"kind":"rating-model","id":"a","id":"b"}`},
		{"snake_case member", func(b []byte) error { _, err := rating.ParseModel(b); return err },
			`{"kind":"rating-model","version":"1","id":"m","indicators":[{"id":"a","neutral_score":50}]}`},
		{"camelCase enum text", func(b []byte) error { _, err := rating.ParseModel(b); return err },
			`{"kind":"rating-model","version":"1","id":"m","scale":{"kind":"rating-scale","id":"s","version":"1","grades":[]},"indicators":[{"id":"a","scoring":{"kind":"linear"},"missing":"Worst"}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.load([]byte(tt.doc))
			var se *rating.SpecError
			if !errors.Is(err, rating.ErrInvalidSpec) || !errors.As(err, &se) {
				t.Errorf("err = %v, want a SpecError", err)
			}
		})
	}
	spec := m2Spec(t)
	spec.Kind = "rating-scale"
	if _, err := rating.CompileModel(spec); !errors.Is(err, rating.ErrInvalidSpec) || !strings.Contains(err.Error(), "rating: kind: ") {
		t.Errorf("wrong kind compiled: %v", err)
	}
	spec.Kind = ""
	if _, err := rating.CompileModel(spec); err != nil {
		t.Errorf("Go-built spec without kind: %v", err)
	}
}

func m2Spec(t *testing.T) rating.ModelSpec {
	t.Helper()
	s, err := rating.ParseModel([]byte(smallModel))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// enumText is what every enum of the package implements.
type enumText interface {
	String() string
	IsValid() bool
	MarshalText() ([]byte, error)
}

// TestEnumText: every valid value of every enumeration has kebab-case text
// that round-trips; invalid values do not marshal and are not IsValid.
func TestEnumText(t *testing.T) {
	check := func(name string, vals []enumText, invalid enumText, parse func([]byte) (enumText, error)) {
		t.Run(name, func(t *testing.T) {
			for _, v := range vals {
				if !v.IsValid() {
					t.Errorf("%v not valid", v)
				}
				b, err := v.MarshalText()
				if err != nil || !kebab.Match(b) || string(b) != v.String() {
					t.Errorf("%v: text %q, %v", v, b, err)
					continue
				}
				back, err := parse(b)
				if err != nil || back != v {
					t.Errorf("%q parsed as %v, %v", b, back, err)
				}
			}
			if invalid.IsValid() {
				t.Errorf("%v valid", invalid)
			}
			if _, err := invalid.MarshalText(); err == nil {
				t.Errorf("%v marshals", invalid)
			}
			if _, err := parse([]byte("no-such-value")); err == nil {
				t.Error("unknown text parsed")
			}
		})
	}
	check("Direction", []enumText{rating.Benefit, rating.Cost}, rating.DirectionUnspecified,
		func(b []byte) (enumText, error) { var v rating.Direction; err := v.UnmarshalText(b); return v, err })
	check("ScoringKind", []enumText{rating.Linear, rating.Piecewise, rating.Step, rating.Categorical}, rating.ScoringKind(9),
		func(b []byte) (enumText, error) { var v rating.ScoringKind; err := v.UnmarshalText(b); return v, err })
	check("MissingPolicy", []enumText{rating.MissingError, rating.MissingWorst, rating.MissingNeutral}, rating.MissingPolicy(3),
		func(b []byte) (enumText, error) { var v rating.MissingPolicy; err := v.UnmarshalText(b); return v, err })
	check("Normalization", []enumText{rating.NormProportion, rating.NormVector, rating.NormMinMax}, rating.NormDefault,
		func(b []byte) (enumText, error) { var v rating.Normalization; err := v.UnmarshalText(b); return v, err })
	check("AHPMethod", []enumText{rating.Eigenvector, rating.GeometricMean, rating.ColumnNormalization}, rating.AHPMethod(3),
		func(b []byte) (enumText, error) { var v rating.AHPMethod; err := v.UnmarshalText(b); return v, err })
	check("Combination", []enumText{rating.LinearCombination, rating.MultiplicativeCombination}, rating.Combination(2),
		func(b []byte) (enumText, error) { var v rating.Combination; err := v.UnmarshalText(b); return v, err })
	check("FuzzyOperator", []enumText{rating.FuzzyWeightedAverage, rating.FuzzyMinMax, rating.FuzzyProductMax, rating.FuzzyMinBoundedSum}, rating.FuzzyOperator(4),
		func(b []byte) (enumText, error) { var v rating.FuzzyOperator; err := v.UnmarshalText(b); return v, err })
	check("RandomIndexTable", []enumText{rating.Saaty1980, rating.Saaty2005, rating.DoneganDodd1991, rating.AlonsoLamata2006, rating.AHPSurvey}, rating.RandomIndexTable(5),
		func(b []byte) (enumText, error) {
			var v rating.RandomIndexTable
			err := v.UnmarshalText(b)
			return v, err
		})
	if rating.GeometricMean.String() != "geometric-mean" || rating.NormMinMax.String() != "min-max" || rating.DoneganDodd1991.String() != "donegan-dodd-1991" {
		t.Error("documented text forms changed")
	}
	// Grade is ordered.
	if rating.Grade(2).Compare(3) != -1 || rating.Grade(3).Compare(2) != 1 || rating.Grade(2).Compare(2) != 0 || rating.Grade(2).Notches(5) != 3 {
		t.Error("Grade.Compare/Notches")
	}
}

// TestErrorsTable: each sentinel is reachable, matched by errors.Is, and
// carried by the documented type, whose message has one "rating: " prefix.
func TestErrorsTable(t *testing.T) {
	m, err := rating.LoadModel([]byte(smallModel))
	if err != nil {
		t.Fatal(err)
	}
	sc := rating.DefaultSMEMasterScale()
	incons := mat.NewDense(3, 3, []float64{1, 9, 1. / 9, 1. / 9, 1, 9, 9, 1. / 9, 1})
	type kind int
	const (
		spec kind = iota
		input
		inconsistency
		renormalized
		bare
	)
	tests := []struct {
		name     string
		err      error
		sentinel error
		kind     kind
	}{
		{"invalid spec", func() error { _, err := rating.ParseModel([]byte(`{`)); return err }(), rating.ErrInvalidSpec, spec},
		{"limit (document)", func() error {
			_, err := rating.ParseModel(make([]byte, rating.MaxDocumentBytes+1))
			return err
		}(), rating.ErrLimit, spec},
		{"weight sum (spec)", func() error {
			s := m2Spec(t)
			s.Dimensions[0].Weight = 0.9
			_, err := rating.CompileModel(s)
			return err
		}(), rating.ErrWeightSum, spec},
		{"invalid weight (spec)", func() error {
			s := m2Spec(t)
			s.Indicators[0].Weight = math.NaN()
			_, err := rating.CompileModel(s)
			return err
		}(), rating.ErrInvalidWeight, spec},
		{"weight sum (input)", rating.ValidateWeights([]float64{0.5, 0.4}), rating.ErrWeightSum, input},
		{"invalid input", func() error { _, err := m.Score([]float64{math.NaN(), 1, 0}, nil); return err }(), rating.ErrInvalidInput, input},
		{"missing value", func() error { _, err := m.Score([]float64{0.5, 1, 0}, []bool{true, false, false}); return err }(), rating.ErrMissingValue, input},
		{"unknown indicator", func() error { _, _, err := m.Values(map[rating.IndicatorID]float64{"nope": 1}); return err }(), rating.ErrUnknownIndicator, input},
		{"unknown category", func() error {
			mm := single(t, rating.IndicatorSpec{Scoring: rating.ScoringSpec{Kind: rating.Categorical, Categories: []rating.CategoryScore{{Code: 1, Score: 50}}}})
			_, err := mm.Score([]float64{2}, nil)
			return err
		}(), rating.ErrUnknownCategory, input},
		{"shape", func() error { _, err := m.Score([]float64{1}, nil); return err }(), rating.ErrShape, input},
		{"pairwise", func() error { _, err := rating.AHP(mat.NewDense(2, 3, nil), rating.AHPOptions{}); return err }(), rating.ErrPairwise, input},
		{"limit (input)", func() error { _, err := rating.AHP(mat.NewDense(101, 101, nil), rating.AHPOptions{}); return err }(), rating.ErrLimit, input},
		{"no random index", func() error { _, err := rating.DoneganDodd1991.RI(12); return err }(), rating.ErrNoRandomIndex, input},
		{"unknown grade", func() error { _, err := sc.PD(11); return err }(), rating.ErrUnknownGrade, input},
		{"override reason", func() error { _, err := sc.ApplyOverride(3, rating.Override{To: 4}); return err }(), rating.ErrOverrideReason, input},
		{"override limit", func() error { _, err := sc.ApplyOverride(1, rating.Override{To: 6, Reason: "x"}); return err }(), rating.ErrOverrideLimit, input},
		{"calibration (input)", func() error { _, err := (&rating.Calibration{Intercept: math.NaN()}).PD(50); return err }(), rating.ErrCalibration, input},
		{"calibration (fit)", func() error { _, err := rating.CalibratePD([]float64{10, 20}, []bool{false, false}); return err }(), rating.ErrCalibration, bare},
		{"no information", func() error {
			_, err := rating.EntropyWeights(mat.NewDense(2, 2, []float64{1, 1, 1, 1}), rating.EntropyOptions{})
			return err
		}(), rating.ErrNoInformation, bare},
		{"inconsistent", func() error { _, err := rating.AHP(incons, rating.AHPOptions{}); return err }(), rating.ErrInconsistent, inconsistency},
		{"renormalized", func() error {
			_, err := rating.CombineWeights([]float64{0.5, 0.501}, []float64{0.5, 0.5}, rating.LinearCombination, 0.5)
			return err
		}(), rating.ErrRenormalized, renormalized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.sentinel) {
				t.Fatalf("%v does not match %v", tt.err, tt.sentinel)
			}
			msg := tt.err.Error()
			if strings.Contains(msg, "rating: rating:") || strings.Count(strings.SplitN(msg, "\n", 2)[0], "rating: ") != 1 {
				t.Errorf("doubled or missing prefix: %q", msg)
			}
			var se *rating.SpecError
			var ie *rating.InputError
			var iw *rating.InconsistencyWarning
			var rw *rating.RenormalizedWarning
			switch tt.kind {
			case spec:
				if !errors.As(tt.err, &se) || !errors.Is(tt.err, rating.ErrInvalidSpec) || se.Path == "" || se.Err == nil {
					t.Errorf("%v: not a SpecError matching ErrInvalidSpec", tt.err)
				}
			case input:
				if !errors.As(tt.err, &ie) || ie.Field == "" || errors.Is(tt.err, rating.ErrInvalidSpec) {
					t.Errorf("%v: not an InputError with a Field", tt.err)
				}
			case inconsistency:
				if !errors.As(tt.err, &iw) || iw.CR < iw.Threshold {
					t.Errorf("%v: not an InconsistencyWarning", tt.err)
				}
			case renormalized:
				if !errors.As(tt.err, &rw) || rw.Field != "subjective" || rw.Sum != 1.001 || errors.Is(tt.err, rating.ErrWeightSum) {
					t.Errorf("%v: not a RenormalizedWarning", tt.err)
				}
			}
		})
	}
	// The documented message shapes.
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&rating.SpecError{Path: "$", Err: rating.ErrInvalidSpec, Msg: "unexpected end of JSON input"}, "rating: $: invalid spec: unexpected end of JSON input"},
		{&rating.SpecError{Path: "indicators", Err: rating.ErrWeightSum}, "rating: indicators: weights do not sum to 1"},
		{&rating.InputError{Field: "values[3]", Value: "NaN", Err: rating.ErrInvalidInput}, "rating: values[3] = NaN: invalid input value"},
		{&rating.InputError{Field: "values[3]", Err: rating.ErrMissingValue}, "rating: values[3]: missing indicator value"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	var se *rating.SpecError
	if _, err := rating.ParseModel([]byte(`{`)); !errors.As(err, &se) || se.Path != "$" {
		t.Errorf("syntax error path: %v", err)
	}
}

// TestLimits: documents and specs beyond the documented bounds are refused
// before any work (issue #18: a 51 MB model allocated 885 MB).
func TestLimits(t *testing.T) {
	// A 51 MB model document: refused by size, without decoding it.
	ind := `{"id":"x","direction":"benefit","scoring":{"kind":"linear","worst":0,"best":1},"weight":0,"missing":"worst"},`
	var b strings.Builder
	b.WriteString(`{"kind":"rating-model","version":"1","id":"big","indicators":[`)
	for b.Len() < 51<<20 {
		b.WriteString(ind)
	}
	b.WriteString(ind[:len(ind)-1] + "]}")
	doc := []byte(b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := rating.LoadModel(doc)
	runtime.ReadMemStats(&after)
	var se *rating.SpecError
	if !errors.Is(err, rating.ErrLimit) || !errors.Is(err, rating.ErrInvalidSpec) || !errors.As(err, &se) || se.Path != "$" {
		t.Errorf("51 MB model: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing a 51 MB model allocated %d bytes", alloc)
	}
	if _, err := rating.LoadMasterScale(doc); !errors.Is(err, rating.ErrLimit) {
		t.Errorf("51 MB scale: %v", err)
	}

	// Go-built specs: counts checked first.
	many := make([]rating.IndicatorSpec, rating.MaxIndicators+1)
	if _, err := rating.CompileModel(rating.ModelSpec{Version: "1", ID: "m", Indicators: many}); !errors.Is(err, rating.ErrLimit) {
		t.Errorf("%d indicators: %v", len(many), err)
	}
	bands := rating.IndicatorSpec{ID: "a", Weight: 1, Scoring: rating.ScoringSpec{Kind: rating.Categorical, Categories: make([]rating.CategoryScore, rating.MaxBands+1)}}
	if _, err := rating.CompileModel(rating.ModelSpec{Version: "1", ID: "m", Indicators: []rating.IndicatorSpec{bands}}); !errors.Is(err, rating.ErrLimit) {
		t.Errorf("%d categories: %v", rating.MaxBands+1, err)
	}
	grades := rating.MasterScaleSpec{Version: "1", ID: "s", Grades: make([]rating.GradeSpec, rating.MaxGrades+1)}
	if _, err := rating.CompileMasterScale(grades); !errors.Is(err, rating.ErrLimit) {
		t.Errorf("%d grades: %v", rating.MaxGrades+1, err)
	}

	// At most MaxErrors problems, then one saying how many more.
	bad := make([]rating.IndicatorSpec, rating.MaxIndicators)
	err = func() error { _, err := rating.CompileModel(rating.ModelSpec{Indicators: bad}); return err }()
	u, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("not joined: %v", err)
	}
	errs := u.Unwrap()
	if len(errs) != rating.MaxErrors+1 || !strings.Contains(errs[rating.MaxErrors].Error(), "more problems not listed") {
		t.Errorf("%d errors reported; last %v", len(errs), errs[len(errs)-1])
	}
}

func ExampleAHPFromPairs() {
	// The car example of Wikipedia / AHPy (rating-weights.md AHP-4): cost,
	// safety, style and capacity judged pair by pair.
	res, err := rating.AHPFromPairs(
		[]string{"cost", "safety", "style", "capacity"},
		[]rating.Judgement{
			{Over: "cost", Under: "safety", Ratio: 3},
			{Over: "cost", Under: "style", Ratio: 7},
			{Over: "cost", Under: "capacity", Ratio: 3},
			{Over: "safety", Under: "style", Ratio: 9},
			{Over: "safety", Under: "capacity", Ratio: 1},
			{Over: "capacity", Under: "style", Ratio: 7},
		},
		rating.AHPOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("weights %.4f, CR %.4f\n", res.Weights, res.CR)
	// Output:
	// weights [0.5101 0.2344 0.0405 0.2151], CR 0.0738
}
