package validation

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// TestErrorsTable triggers every sentinel of the package through the public
// API and checks the error's type, its sentinel with errors.Is, its
// location, and that its text has the package prefix exactly once.
func TestErrorsTable(t *testing.T) {
	valid := [][]float64{{0.9, 0.1}, {0, 1}}
	tests := []struct {
		name  string
		err   error
		want  error
		field string // for *InputError; "" for warnings
		value string
	}{
		{"empty", second(Discriminate(nil, nil, HigherRiskier)), ErrEmpty, "scores", ""},
		{"length", second(Brier([]float64{0.1}, []bool{true, false})), ErrLength, "len(defaults)", "2"},
		{"not finite", second(AUC([]float64{1, math.NaN()}, []bool{true, false}, HigherSafer)), ErrNotFinite, "scores[1]", "NaN"},
		{"single class", second(Discriminate([]float64{1, 2}, []bool{false, false}, HigherRiskier)), ErrSingleClass, "defaults", "0 of 2 true"},
		{"probability", second(LogLoss([]float64{0.1, 1.5}, []bool{true, false})), ErrProbability, "pd[1]", "1.5"},
		{"count", second(BinomialTest(11, 10, 0.1, Greater)), ErrCount, "d", "11"},
		{"score order", second(Discriminate([]float64{1, 2}, []bool{true, false}, 0)), ErrScoreOrder, "order", "0"},
		{"empty bin", second(PSI([]float64{1, 0}, []float64{1, 1}, StabilityOptions{Empty: EmptyBinError})), ErrEmptyBin, "expected[1]", "0"},
		{"options", second(JeffreysTest(1, 10, 0.1, Alternative(9))), ErrOptions, "alt", "9"},
		{"state", second(DefaultTermStructure(valid, 5, 3)), ErrState, "d", "5"},
		{"date", second(AalenJohansen(smallEvents(), smallSpec, DurationOptions{Start: day(2001, 1, 1), End: day(2000, 1, 1)})), ErrDate, "opts.End", "2000-01-01T00:00:00Z"},
		{"limit horizon", second(DefaultTermStructure(valid, 1, 1_000_000_000)), ErrLimit, "horizon", "1000000000"},
		{"limit cohorts", second(Cohort(smallEvents(), smallSpec, CohortOptions{Start: day(2000, 1, 1), End: time.Date(100_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)})), ErrLimit, "opts.End", ""},
		{"limit bins", second(QuantileCuts([]float64{1, 2}, math.MaxInt)), ErrLimit, "bins", "9223372036854775807"},
		{"limit obligors", second(ReportGrades([]GradeInput{{"A", math.MaxInt, 0, 0.1}, {"B", 1, 0, 0.1}}, GradeReportOptions{})), ErrLimit, "grades[1].Obligors", "1"},
		{"class size", second(EstimateAUC([]float64{1, 2, 3}, []bool{true, false, false}, HigherRiskier)), ErrClassSize, "defaults", "1 of 3 true"},
		{"few defaults", second(Discriminate([]float64{1, 2, 3}, []bool{true, false, false}, HigherRiskier)), ErrFewDefaults, "", ""},
		{"one bin", second(PSISamples([]float64{1, 1}, []float64{1, 1}, StabilityOptions{})), ErrOneBin, "", ""},
	}
	seen := map[error]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.want) {
				t.Fatalf("err = %v, want %v", tc.err, tc.want)
			}
			seen[tc.want] = true
			msg := tc.err.Error()
			if !strings.HasPrefix(msg, "validation: ") || strings.Count(msg, "validation:") != 1 {
				t.Errorf("message %q: want the prefix exactly once", msg)
			}
			var ie *InputError
			if tc.field == "" {
				if errors.As(tc.err, &ie) {
					t.Fatalf("warning %v is an *InputError", tc.err)
				}
				return
			}
			if !errors.As(tc.err, &ie) {
				t.Fatalf("%v is not an *InputError", tc.err)
			}
			if ie.Field != tc.field || (tc.value != "" && ie.Value != tc.value) || ie.Err != tc.want {
				t.Errorf("InputError %+v, want field %q value %q", ie, tc.field, tc.value)
			}
		})
	}
	var few *FewDefaultsWarning
	if !errors.As(tests[len(tests)-2].err, &few) || few.Stat != "discrimination" || few.Defaults != 1 {
		t.Errorf("FewDefaultsWarning %+v", few)
	}
	var one *OneBinWarning
	if !errors.As(tests[len(tests)-1].err, &one) || one.Distinct != 1 {
		t.Errorf("OneBinWarning %+v", one)
	}
	for _, s := range []error{ErrEmpty, ErrLength, ErrNotFinite, ErrSingleClass, ErrProbability, ErrCount, ErrScoreOrder,
		ErrEmptyBin, ErrOptions, ErrState, ErrDate, ErrLimit, ErrFewDefaults, ErrOneBin, ErrClassSize} {
		if !seen[s] {
			t.Errorf("sentinel %v not covered", s)
		}
		if strings.Count(s.Error(), "validation:") != 1 {
			t.Errorf("sentinel %q", s)
		}
	}
}

func TestInputErrorText(t *testing.T) {
	e := &InputError{Field: "scores[17]", Value: "NaN", Err: ErrNotFinite}
	if got, want := e.Error(), "validation: scores[17] = NaN: value is NaN or infinite"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &InputError{Field: "scores", Err: ErrEmpty}
	if got, want := e.Error(), "validation: scores: empty input"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// A long state label is cut in the message.
	_, err := Cohort([]RatingEvent{{"a", day(2000, 1, 1), strings.Repeat("é", 500)}}, smallSpec, CohortOptions{Start: day(2000, 1, 1), End: day(2001, 1, 1)})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "events[0].State" || len(ie.Value) > maxValueText+8 {
		t.Errorf("long label: %v", err)
	}
}

func second[T any](_ T, err error) error { return err }
