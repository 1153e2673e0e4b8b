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
		{"no version", `{"kind":"ecl-staging-policy","defaultDPD":90}`, ErrInvalidSpec, "version"},
		{"empty version", `{"kind":"ecl-staging-policy","version":"","defaultDPD":90}`, ErrInvalidSpec, "version"},
		{"blank version", `{"kind":"ecl-staging-policy","version":" \t","defaultDPD":90}`, ErrInvalidSpec, "version"},
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

// TestProvisionMatrixVersionRequired: as in every loader of the library (root doc,
// "Documents"), a provision-matrix document without a non-blank version is a SpecError at
// "version"; the same document with one loads. Go-built specs are not affected.
func TestProvisionMatrixVersionRequired(t *testing.T) {
	const buckets = `"buckets":[{"name":"a","minDPD":0,"lossRate":0.1}]}`
	for _, v := range []string{``, `"version":"",`, `"version":"  ",`} {
		doc := `{"kind":"ecl-provision-matrix",` + v + buckets
		_, err := LoadProvisionMatrix([]byte(doc))
		var se *SpecError
		if !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != "version" {
			t.Errorf("%s: err = %v, want SpecError at version", doc, err)
		}
	}
	if _, err := LoadProvisionMatrix([]byte(`{"kind":"ecl-provision-matrix","version":"1",` + buckets)); err != nil {
		t.Errorf("with version: %v", err)
	}
	if _, err := CompileProvisionMatrix(ProvisionMatrixSpec{Kind: KindProvisionMatrix, Buckets: []BucketSpec{{Name: "a"}}}); err != nil {
		t.Errorf("Go-built spec without version: %v", err)
	}
}

// TestNilReceivers: Spec on a nil *StagingPolicy or *ProvisionMatrix returns the zero spec,
// and Profile(nil) is an InputError at "contract", instead of dereferencing nil.
func TestNilReceivers(t *testing.T) {
	var p *StagingPolicy
	if s := p.Spec(); s != (StagingPolicySpec{}) {
		t.Errorf("nil StagingPolicy: %+v", s)
	}
	var m *ProvisionMatrix
	if s := m.Spec(); s.Kind != "" || s.Buckets != nil {
		t.Errorf("nil ProvisionMatrix: %+v", s)
	}
	prof, err := Profile(nil)
	var ie *InputError
	if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != "contract" || len(prof) != 0 {
		t.Errorf("Profile(nil) = %v, %v", prof, err)
	}
}
