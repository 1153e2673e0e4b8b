package ecl

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestDocumentsRoundTrip(t *testing.T) {
	t.Run("staging policy", func(t *testing.T) {
		spec := DefaultStagingPolicySpec()
		spec.AbsolutePD, spec.ProbationMonths = 0.05, 3
		b, err := json.Marshal(spec)
		if err != nil {
			t.Fatal(err)
		}
		checkCase(t, b, KindStagingPolicy)
		p, err := LoadStagingPolicy(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p.Spec(), spec) {
			t.Errorf("round trip %+v, want %+v", p.Spec(), spec)
		}
	})
	t.Run("provision matrix", func(t *testing.T) {
		data, err := os.ReadFile("testdata/provision-matrix.json")
		if err != nil {
			t.Fatal(err)
		}
		m, err := LoadProvisionMatrix(data)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(m.Spec())
		checkCase(t, b, KindProvisionMatrix)
		m2, err := LoadProvisionMatrix(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m2.Spec(), m.Spec()) {
			t.Errorf("round trip differs")
		}
	})
}

func checkCase(t *testing.T, b []byte, kind string) {
	t.Helper()
	s := string(b)
	if !strings.Contains(s, `"kind":"`+kind+`"`) || strings.Contains(s, "_") {
		t.Errorf("document %s: want kind %q and no snake_case", s, kind)
	}
}

func TestLoaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      error
		path      string
	}{
		{"wrong kind", `{"kind":"ecl-provision-matrix","version":"1"}`, ErrInvalidSpec, "kind"},
		{"unknown member", `{"kind":"ecl-staging-policy","version":"1","backstop":30}`, ErrInvalidSpec, ""},
		{"duplicate member", `{"kind":"ecl-staging-policy","version":"1","defaultDPD":90,"defaultDPD":91}`, ErrInvalidSpec, ""},
		{"bad ratio", `{"kind":"ecl-staging-policy","version":"1","relativePD":0.5,"defaultDPD":90}`, ErrValue, "relativePD"},
		{"default before backstop", `{"kind":"ecl-staging-policy","version":"1","backstopDPD":30,"defaultDPD":20}`, ErrValue, "defaultDPD"},
		{"too large", `{"kind":"ecl-staging-policy","version":"` + strings.Repeat("x", MaxDocumentBytes) + `"}`, ErrSpecTooLarge, "$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadStagingPolicy([]byte(tc.doc))
			if !errors.Is(err, tc.want) || !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var se *SpecError
			if !errors.As(err, &se) || (tc.path != "" && se.Path != tc.path) {
				t.Errorf("path %+v, want %q", se, tc.path)
			}
			if strings.Contains(err.Error(), "ecl: ecl:") {
				t.Errorf("doubled prefix: %v", err)
			}
		})
	}
	_, err := LoadProvisionMatrix([]byte(`{"kind":"ecl-provision-matrix","version":"1","buckets":[{"name":"a","minDPD":5,"lossRate":2}]}`))
	var se *SpecError
	if !errors.As(err, &se) || !errors.Is(err, ErrProbability) || !errors.Is(err, ErrValue) {
		t.Errorf("provision matrix: %v", err)
	}
}
