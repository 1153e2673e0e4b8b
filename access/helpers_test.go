package access_test

import (
	"errors"
	"os"
	"testing"

	"github.com/smecredit/smecredit/access"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func smeSchema(t testing.TB) *access.Schema {
	t.Helper()
	spec, err := access.ParseSchema(readFile(t, "sme-schema.json"), access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := access.CompileSchema(spec, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustPolicy(t testing.TB, s *access.Schema, file string) *access.Policy {
	t.Helper()
	spec, err := access.ParsePolicy(readFile(t, file), access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := access.CompilePolicy(spec, s, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// policyJSON compiles a policy document written inline.
func policyJSON(s *access.Schema, doc string) (*access.Policy, error) {
	spec, err := access.ParsePolicy([]byte(doc), access.Limits{})
	if err != nil {
		return nil, err
	}
	return access.CompilePolicy(spec, s, access.Limits{})
}

func goodFacts(t testing.TB, s *access.Schema) *access.Facts {
	t.Helper()
	f, err := s.DecodeFacts(readFile(t, "applicant-good.json"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// flatten returns the leaves of a tree of joined errors.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// problem is a (path, sentinel) pair of a SpecError or InputError.
type problem struct {
	Where    string
	Sentinel string
}

func problems(err error) []problem {
	var out []problem
	for _, e := range flatten(err) {
		var se *access.SpecError
		var fe *access.InputError
		switch {
		case errors.As(e, &se):
			out = append(out, problem{se.Path, sentinelName(se.Err)})
		case errors.As(e, &fe):
			out = append(out, problem{fe.Field, sentinelName(fe.Err)})
		default:
			out = append(out, problem{"?", e.Error()})
		}
	}
	return out
}

func sentinelName(err error) string {
	for name, s := range map[string]error{
		"ErrInvalidSpec": access.ErrInvalidSpec, "ErrInvalidFact": access.ErrInvalidFact,
		"ErrUnknownField": access.ErrUnknownField, "ErrUnknownOp": access.ErrUnknownOp,
		"ErrKindMismatch": access.ErrKindMismatch, "ErrScale": access.ErrScale,
		"ErrOverflow": access.ErrOverflow, "ErrNotAllowed": access.ErrNotAllowed,
		"ErrDuplicate": access.ErrDuplicate, "ErrMissingValue": access.ErrMissingValue,
		"ErrEmptyPolicy": access.ErrEmptyPolicy, "ErrLimit": access.ErrLimit,
		"ErrSchemaMismatch": access.ErrSchemaMismatch, "ErrLength": access.ErrLength,
	} {
		if err == s {
			return name
		}
	}
	return err.Error()
}
