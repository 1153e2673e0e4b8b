package access

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// SchemaSpec declares the facts a policy may use: their names, kinds, decimal
// scales, units and, for enums, allowed values; and the derived facts (ratios)
// the host computes from them. It is the JSON form of a [Schema].
//
// The zero value is an invalid spec (no version, no fields).
type SchemaSpec struct {
	Version string        `json:"version"`           // schema version, matched by PolicySpec.SchemaVersion
	Fields  []FieldSpec   `json:"fields"`            // input facts, set by the host
	Derived []DerivedSpec `json:"derived,omitempty"` // facts computed from input facts at decision time
}

// FieldSpec declares one fact.
//
// Name is lower_snake_case. Scale is the number of fractional digits of a
// decimal field (0 to 18), and must be 0 for other kinds. Allowed lists the
// values of an enum field and must be empty for other kinds. Unit is
// documentation only ("months", "CNY", "fraction").
//
// The zero value is invalid.
type FieldSpec struct {
	Name    string   `json:"name"`
	Kind    Kind     `json:"kind"`
	Scale   int32    `json:"scale,omitempty"`
	Unit    string   `json:"unit,omitempty"`
	Allowed []string `json:"allowed,omitempty"`
	Doc     string   `json:"doc,omitempty"`
}

// DeriveFunc computes a derived fact from its inputs, given in the order of
// [DerivedSpec.Inputs] (each possibly missing). It must be a pure function:
// no I/O, no globals, safe for concurrent use.
//
// It returns a value of the derived field's kind with at most the field's
// scale of fractional digits (a string as valid UTF-8 without NUL, a date in
// years [MinDateYear]..[MaxDateYear]), or [MissingValue] with a code when the
// fact cannot be computed, as for a zero denominator. Any other result makes the
// fact missing with code [CodeDerivedInvalid]; the engine never rounds. The
// args slice is reused between calls and must not be retained. A nil
// DeriveFunc is invalid.
type DeriveFunc func(args []Value) Value

// CodeDerivedInvalid is the missing code of a derived fact whose [DeriveFunc]
// returned a value of the wrong kind or with more decimals than the field's
// scale.
const CodeDerivedInvalid ReasonCode = "DERIVED_VALUE_INVALID"

// DerivedSpec declares a derived fact (for example a ratio): a field whose
// value Func computes from the input fields named in Inputs.
//
// Func is not serialised (a function has no JSON form); after [ParseSchema]
// the host attaches it before calling [CompileSchema].
//
// The zero value is invalid.
type DerivedSpec struct {
	FieldSpec
	Inputs []string   `json:"inputs"`
	Func   DeriveFunc `json:"-"` // host code, attached after loading the JSON
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
// every problem at once, joined with [errors.Join], each a [*SpecError] with a
// path such as "fields[2].scale" and one of the sentinels [ErrMissingValue],
// [ErrDuplicate], [ErrKindMismatch], [ErrUnknownField], [ErrLimit] or
// [ErrInvalidSpec]. CompileSchema copies spec; later changes to it have no
// effect.
func CompileSchema(spec SchemaSpec, lim Limits) (*Schema, error) {
	lim = lim.withDefaults()
	var errs []error
	bad := func(path string, err error, format string, args ...any) {
		errs = append(errs, &SpecError{Path: path, Err: err, Detail: fmt.Sprintf(format, args...)})
	}
	if spec.Version == "" {
		bad("version", ErrMissingValue, "schema version is required")
	}
	n := len(spec.Fields) + len(spec.Derived)
	if n == 0 {
		bad("fields", ErrMissingValue, "schema has no fields")
	}
	if n > lim.MaxFields {
		bad("fields", ErrLimit, "%d fields, limit %d", n, lim.MaxFields)
		return nil, joinErrs(errs)
	}
	s := &Schema{index: make(map[string]int, n), lim: lim, version: spec.Version, nInput: len(spec.Fields)}
	checkField := func(path string, fs FieldSpec) field {
		f := field{name: fs.Name, kind: fs.Kind.code(), scale: fs.Scale}
		switch {
		case fs.Name == "":
			bad(path+".name", ErrMissingValue, "field name is required")
		case len(fs.Name) > lim.MaxStringLen || !validName(fs.Name):
			bad(path+".name", ErrInvalidSpec, "%q is not a lower_snake_case name", truncate(fs.Name))
		default:
			if _, dup := s.index[fs.Name]; dup {
				bad(path+".name", ErrDuplicate, "field %q declared twice", fs.Name)
			}
			s.index[fs.Name] = len(s.fields)
		}
		if f.kind == kMissing {
			bad(path+".kind", ErrKindMismatch, "unknown kind %q (want int, decimal, string, enum, bool or date)", truncate(string(fs.Kind)))
		}
		if f.kind == kDecimal {
			if fs.Scale < 0 || fs.Scale > maxScale {
				bad(path+".scale", ErrInvalidSpec, "scale %d outside 0..%d", fs.Scale, maxScale)
			}
		} else if fs.Scale != 0 {
			bad(path+".scale", ErrKindMismatch, "scale is only for decimal fields")
		}
		if f.kind == kEnum {
			if len(fs.Allowed) == 0 {
				bad(path+".allowed", ErrMissingValue, "an enum needs allowed values")
			}
			if len(fs.Allowed) > lim.MaxSetSize {
				bad(path+".allowed", ErrLimit, "%d allowed values, limit %d", len(fs.Allowed), lim.MaxSetSize)
			}
			for j, a := range fs.Allowed {
				if a == "" || len(a) > lim.MaxStringLen {
					bad(fmt.Sprintf("%s.allowed[%d]", path, j), ErrInvalidSpec, "allowed value must be 1 to %d bytes", lim.MaxStringLen)
				}
				if slices.Contains(fs.Allowed[:j], a) {
					bad(fmt.Sprintf("%s.allowed[%d]", path, j), ErrDuplicate, "%q listed twice", truncate(a))
				}
			}
			f.allowed = slices.Clone(fs.Allowed)
		} else if len(fs.Allowed) != 0 {
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
		f.fn = ds.Func
		if ds.Func == nil {
			bad(path+".func", ErrMissingValue, "derived field %q has no DeriveFunc attached", ds.Name)
		}
		if len(ds.Inputs) == 0 {
			bad(path+".inputs", ErrMissingValue, "derived field needs inputs")
		}
		for j, in := range ds.Inputs {
			k, ok := s.index[in]
			if !ok || k >= len(spec.Fields) {
				bad(fmt.Sprintf("%s.inputs[%d]", path, j), ErrUnknownField, "%q is not an input field", truncate(in))
				continue
			}
			f.inputs = append(f.inputs, k)
		}
		s.fields = append(s.fields, f)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	s.spec = cloneSchemaSpec(spec)
	b, err := json.Marshal(s.spec)
	if err != nil { // unreachable: the spec holds only strings and numbers
		return nil, &SpecError{Path: "", Err: ErrInvalidSpec, Detail: err.Error()}
	}
	sum := sha256.Sum256(b)
	s.hash = "sha256:" + hex.EncodeToString(sum[:])
	return s, nil
}

// ParseSchema decodes a JSON schema document strictly: unknown keys, trailing
// data and documents above lim.MaxDocumentBytes are errors. Derived fields come
// back without their Func; attach it, then call [CompileSchema].
func ParseSchema(data []byte, lim Limits) (SchemaSpec, error) {
	var spec SchemaSpec
	err := strictUnmarshal(data, &spec, lim.withDefaults())
	return spec, err
}

// Spec returns a copy of the spec the schema was compiled from, including the
// derived fields' functions.
func (s *Schema) Spec() SchemaSpec { return cloneSchemaSpec(s.spec) }

// Version returns the schema version.
func (s *Schema) Version() string { return s.version }

// Hash returns "sha256:" and the hex SHA-256 of the schema's JSON form.
func (s *Schema) Hash() string { return s.hash }

// Field returns the declaration of the named field and whether it exists.
func (s *Schema) Field(name string) (FieldSpec, bool) {
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
	out := SchemaSpec{Version: spec.Version}
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

// strictUnmarshal decodes one JSON document into v, refusing unknown keys,
// trailing data and documents above the size limit.
func strictUnmarshal(data []byte, v any, lim Limits) error {
	if len(data) > lim.MaxDocumentBytes {
		return &SpecError{Path: "$", Err: ErrLimit, Detail: fmt.Sprintf("document of %d bytes, limit %d", len(data), lim.MaxDocumentBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &SpecError{Path: "$", Err: ErrInvalidSpec, Detail: err.Error()}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &SpecError{Path: "$", Err: ErrInvalidSpec, Detail: "data after the JSON document"}
	}
	return nil
}
