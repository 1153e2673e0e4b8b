package access

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// SchemaSpec declares the facts a policy may use: their names, kinds, decimal
// scales, units and, for enums, allowed values; and the derived facts
// computed from them. It is the JSON form (kind "access-schema") of a
// [Schema].
//
// Kind is [KindSchema]; [ParseSchema] refuses a document of another kind and
// [Schema.Spec] fills it.
//
// The zero value is an invalid spec (no version, no fields).
type SchemaSpec struct {
	Kind    string        `json:"kind"`
	Version string        `json:"version"`           // schema version, matched by PolicySpec.SchemaVersion
	Fields  []FieldSpec   `json:"fields"`            // input facts, set by the host
	Derived []DerivedSpec `json:"derived,omitempty"` // facts computed from input facts at decision time
}

// FieldSpec declares one fact.
//
// Name is lower_snake_case (it is the key of the fact in a facts document).
// Scale is the number of fractional digits of a decimal field (0 to 18), and
// must be 0 for other kinds. Allowed lists the values of an enum field and
// must be empty for other kinds. Unit is documentation only ("months", "CNY",
// "fraction").
//
// The zero value is invalid.
type FieldSpec struct {
	Name    string    `json:"name"`
	Kind    FieldKind `json:"kind"`
	Scale   int32     `json:"scale,omitempty"`
	Unit    string    `json:"unit,omitempty"`
	Allowed []string  `json:"allowed,omitempty"`
	Doc     string    `json:"doc,omitempty"`
}

type field struct {
	name    string
	kind    kcode
	scale   int32
	allowed []string
	derived bool
	inputs  []int // slots of a derived field's inputs
	fn      DeriveFunc
}

// Schema is a compiled [SchemaSpec]. Policies are compiled against a schema,
// and [Facts] built by [Schema.NewFacts] can be decided by every policy of
// that schema (as [Diff] requires).
//
// A Schema is immutable and safe for concurrent use by multiple goroutines.
// The zero value is not usable; build one with [CompileSchema].
type Schema struct {
	spec    SchemaSpec
	fields  []field // inputs first, then derived
	nInput  int
	index   map[string]int
	lim     Limits
	hash    string
	version string
}

// validName reports whether s is lower_snake_case: a letter, then letters,
// digits and underscores.
func validName(s string) bool {
	for i, r := range s {
		if !('a' <= r && r <= 'z' || i > 0 && ('0' <= r && r <= '9' || r == '_')) {
			return false
		}
	}
	return s != ""
}

// CompileSchema validates spec and returns the compiled schema. It reports
// every problem at once, joined with [errors.Join] (at most [MaxErrors]),
// each a [*SpecError] with a path such as "fields[2].scale" and one of the
// sentinels [ErrMissingValue], [ErrDuplicate], [ErrKindMismatch],
// [ErrUnknownField], [ErrScale], [ErrLimit], [ErrInvalidString] (an enum
// value that is not valid text) or [ErrInvalidSpec]. spec.Kind must be
// [KindSchema] or empty (a spec built in Go). Every size is checked against
// lim before the work it bounds. CompileSchema copies spec; later changes to
// it have no effect. Cost: O(fields + allowed values).
func CompileSchema(spec SchemaSpec, lim Limits) (*Schema, error) {
	lim = lim.withDefaults()
	var errs []error
	bad := func(path string, err error, format string, args ...any) {
		errs = append(errs, &SpecError{Path: path, Err: err, Msg: fmt.Sprintf(format, args...)})
	}
	if spec.Kind != "" && spec.Kind != KindSchema {
		bad("kind", ErrInvalidSpec, "%s, want %q", strconv.Quote(cut(spec.Kind)), KindSchema)
	}
	if strings.TrimSpace(spec.Version) == "" {
		bad("version", ErrMissingValue, "schema version is required")
	}
	n := len(spec.Fields) + len(spec.Derived)
	if n == 0 {
		bad("fields", ErrMissingValue, "schema has no fields")
	}
	if n > lim.MaxFields {
		bad("fields", ErrLimit, "%d fields, limit %d", n, lim.MaxFields)
		return nil, joinErrs(errs, true)
	}
	if len(spec.Version) > lim.MaxStringLen {
		bad("version", ErrLimit, "version longer than %d bytes", lim.MaxStringLen)
	}
	s := &Schema{index: make(map[string]int, n), lim: lim, version: spec.Version, nInput: len(spec.Fields)}
	checkField := func(path string, fs FieldSpec) field {
		f := field{name: fs.Name, kind: fs.Kind, scale: fs.Scale}
		switch {
		case fs.Name == "":
			bad(path+".name", ErrMissingValue, "field name is required")
		case len(fs.Name) > lim.MaxStringLen || !validName(fs.Name):
			bad(path+".name", ErrInvalidSpec, "%q is not a lower_snake_case name", cut(fs.Name))
		default:
			if _, dup := s.index[fs.Name]; dup {
				bad(path+".name", ErrDuplicate, "field %q declared twice", fs.Name)
			}
			s.index[fs.Name] = len(s.fields)
		}
		if !f.kind.IsValid() {
			bad(path+".kind", ErrKindMismatch, "kind %v is not int, decimal, string, enum, bool or date", fs.Kind)
			f.kind = kMissing
		}
		if f.kind == kDecimal {
			if fs.Scale < 0 || fs.Scale > maxScale {
				bad(path+".scale", ErrInvalidSpec, "scale %d outside 0..%d", fs.Scale, maxScale)
			}
		} else if fs.Scale != 0 {
			bad(path+".scale", ErrKindMismatch, "scale is only for decimal fields")
		}
		switch {
		case f.kind == kEnum && len(fs.Allowed) == 0:
			bad(path+".allowed", ErrMissingValue, "an enum needs allowed values")
		case f.kind == kEnum && len(fs.Allowed) > lim.MaxSetSize:
			bad(path+".allowed", ErrLimit, "%d allowed values, limit %d", len(fs.Allowed), lim.MaxSetSize)
		case f.kind == kEnum:
			seen := make(map[string]bool, len(fs.Allowed))
			for j, a := range fs.Allowed {
				if a == "" || len(a) > lim.MaxStringLen {
					bad(fmt.Sprintf("%s.allowed[%d]", path, j), ErrInvalidSpec, "allowed value must be 1 to %d bytes", lim.MaxStringLen)
				} else if pr := checkText(a); pr != nil {
					bad(fmt.Sprintf("%s.allowed[%d]", path, j), pr.err, "%s", pr.detail)
				}
				if seen[a] {
					bad(fmt.Sprintf("%s.allowed[%d]", path, j), ErrDuplicate, "%q listed twice", cut(a))
				}
				seen[a] = true
			}
			f.allowed = slices.Clone(fs.Allowed)
		case len(fs.Allowed) != 0:
			bad(path+".allowed", ErrKindMismatch, "allowed values are only for enum fields")
		}
		if len(fs.Unit) > lim.MaxStringLen || len(fs.Doc) > lim.MaxStringLen {
			bad(path, ErrLimit, "unit or doc longer than %d bytes", lim.MaxStringLen)
		}
		return f
	}
	for i, fs := range spec.Fields {
		s.fields = append(s.fields, checkField(fmt.Sprintf("fields[%d]", i), fs))
	}
	for i, ds := range spec.Derived {
		path := fmt.Sprintf("derived[%d]", i)
		f := checkField(path, ds.FieldSpec)
		f.derived = true
		if len(ds.Inputs) == 0 {
			bad(path+".inputs", ErrMissingValue, "derived field needs inputs")
		}
		if len(ds.Inputs) > lim.MaxFields {
			bad(path+".inputs", ErrLimit, "%d inputs, limit %d", len(ds.Inputs), lim.MaxFields)
			s.fields = append(s.fields, f)
			continue
		}
		for j, in := range ds.Inputs {
			k, ok := s.index[in]
			if !ok || k >= len(spec.Fields) {
				bad(fmt.Sprintf("%s.inputs[%d]", path, j), ErrUnknownField, "%q is not an input field", cut(in))
				continue
			}
			f.inputs = append(f.inputs, k)
		}
		var msgs []derivedProblem
		f.fn, msgs = builtin(ds, &f, s.fields, len(f.inputs) == len(ds.Inputs))
		for _, m := range msgs {
			bad(path+m.member, m.err, "%s", m.msg)
		}
		s.fields = append(s.fields, f)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs, true)
	}
	s.spec = cloneSchemaSpec(spec)
	s.spec.Kind = KindSchema
	b, err := json.Marshal(s.spec)
	if err != nil { // unreachable: the spec holds only strings, numbers and valid enums
		return nil, &SpecError{Path: "$", Err: ErrInvalidSpec, Msg: err.Error()}
	}
	sum := sha256.Sum256(b)
	s.hash = "sha256:" + hex.EncodeToString(sum[:])
	return s, nil
}

// LoadSchema is [ParseSchema] followed by [CompileSchema]; it suits schemas
// whose derived facts all use built-in formulas.
func LoadSchema(data []byte, lim Limits) (*Schema, error) {
	spec, err := ParseSchema(data, lim)
	if err != nil {
		return nil, err
	}
	return CompileSchema(spec, lim)
}

// valid returns an [*InputError] naming arg when s is nil or a zero Schema.
func (s *Schema) valid(arg string) error {
	if s == nil || s.index == nil {
		return &InputError{Field: arg, Err: ErrNilSchema}
	}
	return nil
}

// ParseSchema decodes a JSON schema document strictly, as every smecredit
// loader does: a document above lim.MaxDocumentBytes is a [*SpecError]
// wrapping [ErrLimit], checked before anything else; invalid UTF-8 (or an
// escaped lone UTF-16 surrogate, which wrap [ErrInvalidString]), nesting
// deeper than 64, a missing "kind" or
// one other than "access-schema", a member name repeated within an object,
// an unknown member, an unknown enum text (kind, formula) and data after the
// document are a [*SpecError] wrapping [ErrInvalidSpec] with the path of the
// problem. Custom derived fields come back without their Func; attach it,
// then call [CompileSchema].
func ParseSchema(data []byte, lim Limits) (SchemaSpec, error) {
	var spec SchemaSpec
	err := decodeDocument(data, &spec, KindSchema, lim.withDefaults())
	return spec, err
}

// Spec returns a copy of the spec the schema was compiled from, with Kind
// filled and the custom derived fields' functions included. A nil Schema
// gives the zero SchemaSpec.
func (s *Schema) Spec() SchemaSpec {
	if s == nil {
		return SchemaSpec{}
	}
	return cloneSchemaSpec(s.spec)
}

// Version returns the schema version ("" for a nil Schema).
func (s *Schema) Version() string {
	if s == nil {
		return ""
	}
	return s.version
}

// Hash returns "sha256:" and the hex SHA-256 of the schema's JSON form (""
// for a nil Schema).
func (s *Schema) Hash() string {
	if s == nil {
		return ""
	}
	return s.hash
}

// Field returns the declaration of the named field and whether it exists
// (false for a nil Schema).
func (s *Schema) Field(name string) (FieldSpec, bool) {
	if s == nil {
		return FieldSpec{}, false
	}
	i, ok := s.index[name]
	if !ok {
		return FieldSpec{}, false
	}
	if i < s.nInput {
		return cloneField(s.spec.Fields[i]), true
	}
	return cloneField(s.spec.Derived[i-s.nInput].FieldSpec), true
}

func cloneField(f FieldSpec) FieldSpec {
	f.Allowed = slices.Clone(f.Allowed)
	return f
}

func cloneSchemaSpec(spec SchemaSpec) SchemaSpec {
	out := SchemaSpec{Kind: spec.Kind, Version: spec.Version}
	for _, f := range spec.Fields {
		out.Fields = append(out.Fields, cloneField(f))
	}
	for _, d := range spec.Derived {
		d.FieldSpec = cloneField(d.FieldSpec)
		d.Inputs = slices.Clone(d.Inputs)
		out.Derived = append(out.Derived, d)
	}
	return out
}
