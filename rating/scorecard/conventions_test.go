package scorecard

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"
)

// TestScorecardDocumentRoundTrip: the scorecard document written by Spec
// carries "kind": "scorecard" and "version", has only lowerCamel member
// names, and Parse → Compile → Spec gives the same document back.
func TestScorecardDocumentRoundTrip(t *testing.T) {
	sc, _, _ := germanModel(t, BadOverGood, ModelOptions{Version: "v7", Round: true})
	spec := sc.Spec()
	js, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(js), `{"kind":"scorecard","version":"v7",`) {
		t.Errorf("document starts %.60s", js)
	}
	var doc any
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	lowerCamel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if !lowerCamel.MatchString(k) {
					t.Errorf("%s.%s: member name not lowerCamel", path, k)
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		case string:
			if strings.Contains(v, "_") && !strings.Contains(path, "name") && !strings.Contains(path, "reasonCode") && !strings.Contains(path, "groups") {
				t.Errorf("%s = %q: enum text with an underscore", path, v)
			}
		}
	}
	walk("$", doc)
	parsed, err := ParseScorecard(js)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(spec, parsed); d != "" {
		t.Errorf("ParseScorecard(Spec) (-want +got):\n%s", d)
	}
	back, err := CompileScorecard(parsed)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(spec, back.Spec()); d != "" {
		t.Errorf("CompileScorecard(Parse).Spec() (-want +got):\n%s", d)
	}
}

// TestParseScorecardStrict: the loader refuses a missing or wrong kind,
// duplicate and unknown members, trailing data and oversized documents.
func TestParseScorecardStrict(t *testing.T) {
	sc, _, _ := germanModel(t, GoodOverBad, ModelOptions{})
	js, _ := json.Marshal(sc)
	body := string(js[len(`{"kind":"scorecard",`):])
	tests := []struct {
		name, doc, path string
		want            error
	}{
		{"missing kind", "{" + body, "kind", ErrInvalidSpec},
		{"wrong kind", `{"kind":"rating-model",` + body, "kind", ErrInvalidSpec},
		{"duplicate member", `{"kind":"scorecard","round":true,` + strings.Replace(body, `"maxReasons"`, `"round":false,"maxReasons"`, 1), "round", ErrInvalidSpec},
		{"unknown member", `{"kind":"scorecard","format":"x",` + body, "format", ErrInvalidSpec},
		{"trailing data", string(js) + "{}", "$", ErrInvalidSpec},
		{"snake case", strings.Replace(string(js), `"maxReasons"`, `"max_reasons"`, 1), "max_reasons", ErrInvalidSpec},
		{"old enum text", strings.Replace(string(js), `"good-over-bad"`, `"goodOverBad"`, 1), "variables[0].table.woeSign", ErrInvalidSpec},
		{"bad odds text", strings.Replace(string(js), `"bad-good"`, `"bad_good"`, 1), "scaling.odds", ErrInvalidSpec},
		{"too large", string(js) + strings.Repeat(" ", MaxDocumentBytes), "$", ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScorecard([]byte(tt.doc))
			var se *SpecError
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.path != "" && se.Path != tt.path {
				t.Errorf("path %q, want %q (%v)", se.Path, tt.path, err)
			}
			if strings.Count(err.Error(), "scorecard:") != 1 {
				t.Errorf("doubled prefix: %v", err)
			}
		})
	}
}

// TestErrorsIsAs: every sentinel is reachable, with its error type,
// through errors.Is and errors.As; messages carry one "scorecard:" prefix.
func TestErrorsIsAs(t *testing.T) {
	sc, _, _ := germanModel(t, GoodOverBad, ModelOptions{})
	y := []float64{0, 1, 0, 1}
	sep := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	tests := []struct {
		name  string
		err   error
		want  error
		as    any // *InputError, *SpecError or *SignWarning
		field string
	}{
		{"invalid input", func() error { _, err := BinNumeric("v", []float64{1, math.Inf(1), 3, 4}, y, BinOptions{}); return err }(), ErrInvalidInput, new(*InputError), "v[1]"},
		{"single class", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4}, []float64{1, 1, 1, 1}, BinOptions{})
			return err
		}(), ErrSingleClass, new(*InputError), "y"},
		{"single value", func() error { _, err := BinNumeric("v", []float64{2, 2, 2, 2}, y, BinOptions{}); return err }(), ErrSingleValue, new(*InputError), "v"},
		{"constraint", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4, 5, 6, 7, 8}, sep, BinOptions{})
			return err
		}(), ErrConstraint, new(*InputError), "v"},
		{"zero count", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4}, []float64{0, 0, 1, 1}, BinOptions{Method: Cuts, Cuts: []float64{2.5}, ZeroPolicy: ZeroPolicy{Kind: ZeroError}})
			return err
		}(), ErrZeroCount, new(*InputError), "v.counts[0]"},
		{"options", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4}, y, BinOptions{MinBinShare: 2})
			return err
		}(), ErrOptions, new(*SpecError), "minBinShare"},
		{"options are spec errors", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4}, y, BinOptions{MinBinShare: 2})
			return err
		}(), ErrInvalidSpec, new(*SpecError), "minBinShare"},
		{"limit", func() error {
			_, err := BinNumeric("v", []float64{1, 2, 3, 4}, y, BinOptions{Bins: math.MaxInt})
			return err
		}(), ErrLimit, new(*SpecError), "bins"},
		{"invalid spec", func() error { _, err := NewTable(TableSpec{}); return err }(), ErrInvalidSpec, new(*SpecError), "counts"},
		{"model", func() error {
			// Two identical WoE columns: the information matrix is singular.
			tab, _ := BinNumeric("v", []float64{1, 2, 3, 4, 5, 6, 7, 8}, []float64{0, 1, 0, 0, 1, 0, 1, 1}, BinOptions{Method: Quantile, Bins: 2})
			c := Column{Num: []float64{1, 2, 3, 4, 5, 6, 7, 8}}
			_, err := Fit([]*Table{tab, tab}, []Column{c, c}, []float64{0, 1, 0, 0, 1, 0, 1, 1}, ModelOptions{})
			return err
		}(), ErrModel, nil, ""},
		{"zero table", func() error {
			_, err := Fit([]*Table{{}}, []Column{{Num: []float64{1, 2}}}, []float64{0, 1}, ModelOptions{})
			return err
		}(), ErrInvalidInput, new(*InputError), "tables[0]"},
		{"score", func() error { _, err := sc.Score(nil); return err }(), ErrInvalidInput, new(*InputError), "values"},
		{"missing member", func() error {
			_, err := ParseScorecard([]byte(`{"kind":"scorecard","version":"1","variables":[],"scaling":{"pdo":20,"baseScore":600,"baseOdds":50,"odds":"good-bad"},"basePoints":0}`))
			return err
		}(), ErrMissing, new(*SpecError), "intercept"},
		{"wrong sign", &SignWarning{Variables: []string{"a"}}, ErrWrongSign, new(*SignWarning), ""},
		{"VIF nil", func() error { _, err := VIF(nil); return err }(), ErrInvalidInput, new(*InputError), "x"},
		{"VIF typed nil", func() error { _, err := VIF((*mat.Dense)(nil)); return err }(), ErrInvalidInput, new(*InputError), "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Fatalf("err = %v, want %v", tt.err, tt.want)
			}
			if n := strings.Count(tt.err.Error(), "scorecard:"); n != 1 {
				t.Errorf("%d prefixes in %q", n, tt.err)
			}
			switch as := tt.as.(type) {
			case **InputError:
				if !errors.As(tt.err, as) || (*as).Field != tt.field {
					t.Errorf("InputError field %v, want %q (%v)", *as, tt.field, tt.err)
				}
			case **SpecError:
				if !errors.As(tt.err, as) || (*as).Path != tt.field {
					t.Errorf("SpecError path %v, want %q (%v)", *as, tt.field, tt.err)
				}
			case **SignWarning:
				if !errors.As(tt.err, as) {
					t.Errorf("not a *SignWarning: %v", tt.err)
				}
			}
		})
	}
}
