package access

// The decoder DecodeFacts used before its one-pass rewrite (json.Valid, then
// a scanner producing encoding/json-style values), kept as the reference the
// fuzz target FuzzDecodeFactsReference holds decode to. It shares one piece
// with decode: stringToken's refusal of text encoding/json would replace by
// U+FFFD (invalid UTF-8, lone surrogate escapes).

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func (f *Facts) refDecode(data []byte) error {
	lim := f.schema.lim
	if len(data) > lim.MaxDocumentBytes {
		return &InputError{Field: "$", Err: ErrLimit}
	}
	if !json.Valid(data) {
		return &InputError{Field: "$", Err: ErrInvalidFact}
	}
	// The document is one valid JSON value: a plain refScanner suffices, and
	// avoids encoding/json's per-token cost.
	sc := refScanner{b: data}
	sc.space()
	if sc.b[sc.i] != '{' {
		return &InputError{Field: "$", Err: ErrInvalidFact}
	}
	sc.i++
	var errs []error
	seen := make([]bool, len(f.vals))
	for {
		sc.space()
		switch sc.b[sc.i] {
		case '}':
			return errors.Join(errs...)
		case ',':
			sc.i++
			sc.space()
		}
		name := unquote(sc.str())
		sc.space()
		sc.i++ // ':'
		sc.space()
		var tok []byte // the raw string token, for the text check of stringToken
		if sc.b[sc.i] == '"' {
			start := sc.i
			tok = sc.str()
			sc.i = start
		}
		x := sc.value()
		fd, i, err := f.slot(name, kMissing, noText)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[i] {
			errs = append(errs, &InputError{Field: name, Err: ErrDuplicate})
			continue
		}
		seen[i] = true
		if tok != nil && (fd.kind == kString || fd.kind == kEnum) {
			if _, p := stringToken(tok); p != nil {
				errs = append(errs, &InputError{Field: name, Err: p.err})
				continue
			}
		}
		v, p := decodeJSONValue(fd, x, lim.MaxStringLen)
		if p != nil {
			errs = append(errs, &InputError{Field: name, Err: p.err})
			continue
		}
		f.vals[i] = v
	}
}

// refScanner walks a document that json.Valid has accepted.
type refScanner struct {
	b []byte
	i int
}

func (s *refScanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// str returns the string token at s.i, quotes included.
func (s *refScanner) str() []byte {
	start := s.i
	s.i++
	for s.b[s.i] != '"' {
		if s.b[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
	return s.b[start:s.i]
}

// value returns the value at s.i as encoding/json with UseNumber would
// (json.Number, string, bool or nil); an array or object is skipped and comes
// back as an empty []any or map[string]any, which no field kind accepts.
func (s *refScanner) value() any {
	switch c := s.b[s.i]; c {
	case '"':
		return unquote(s.str())
	case 't':
		s.i += 4
		return true
	case 'f':
		s.i += 5
		return false
	case 'n':
		s.i += 4
		return nil
	case '[', '{':
		for depth := 0; ; {
			switch s.b[s.i] {
			case '"':
				s.str()
				continue
			case '[', '{':
				depth++
			case ']', '}':
				depth--
			}
			s.i++
			if depth == 0 {
				break
			}
		}
		if c == '[' {
			return []any{}
		}
		return map[string]any{}
	}
	start := s.i
	for s.i < len(s.b) && strings.IndexByte("+-0123456789.eE", s.b[s.i]) >= 0 {
		s.i++
	}
	return json.Number(s.b[start:s.i])
}

// FuzzDecodeFactsReference checks that decode and refDecode accept the same
// documents with the same values, and reject the same ones with the same
// errors.
func FuzzDecodeFactsReference(f *testing.F) {
	for _, doc := range []string{
		`{"operating_months": 48, "license_status": "valid", "business_debt_cny": "1200000.00", "debt_to_asset_ratio": 0.55,
		 "tax_credit_grade": "A", "industry_code": "C13", "on_blacklist": false, "license_expiry": "2031-06-30"}`,
		`{"operating_months": 9007199254740993, "debt_to_asset_ratio": 0.70, "tax_credit_grade": null}`,
		`{"business_debt_cny": "1e3", "annual_sales_cny": -0.5, "license_expiry": "2024-02-29"}`,
		`{"operating_months": 1e400, "x": [1, {"a": [true]}], "employees": 999999999999999999}`,
		`{"debt_to_asset_ratio": "0.12345", "business_debt_cny": "00.5", "employees": -0, "license_expiry": "2023-02-29"}`,
		`{"tax_credit_grade": "\u0041", "license_status": "valid", "license_status": "valid", "dti": 1}`,
		`{"operating_months": 1.0, "on_blacklist": "true", "industry_code": 5} `,
		`[1, 2]`, `{"a": }`, `{"a": "\x"}`, ` {} `, `{"employees": 12}x`, "{\"industry_code\": \"a\tb\"}",
		`{"industry_code": "\ud800x", "license_status": "\udc00", "tax_credit_grade": "\ud83d\ude00"}`,
		`{"industry_code": "C\u000013"}`, "{\"license_status\": \"\x80\"}",
	} {
		f.Add([]byte(doc))
	}
	spec, err := ParseSchema([]byte(refSchema), refLimits)
	if err != nil {
		f.Fatal(err)
	}
	s, err := CompileSchema(spec, refLimits)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, want := s.NewFacts(), s.NewFacts()
		gerr, werr := got.decode(data), want.refDecode(data)
		if (gerr == nil) != (werr == nil) || errSig(gerr) != errSig(werr) {
			t.Fatalf("%s:\ndecode:    %v\nrefDecode: %v", data, gerr, werr)
		}
		if gerr != nil {
			return
		}
		for i := range got.vals {
			g, w := got.vals[i], want.vals[i]
			if g.k != w.k || g.fits != w.fits || g.i != w.i || g.s != w.s || g.String() != w.String() ||
				g.d.Exponent() != w.d.Exponent() || !g.d.Equal(w.d) {
				t.Fatalf("%s: field %s: decode %#v, refDecode %#v", data, s.fields[i].name, g, w)
			}
		}
	})
}

// refSchema has a field of every kind and three decimal scales; strings are
// limited to 24 bytes (refLimits).
const refSchema = `{"kind":"access-schema","version": "ref/1", "fields": [
 {"name": "operating_months", "kind": "int"},
 {"name": "employees", "kind": "int"},
 {"name": "business_debt_cny", "kind": "decimal", "scale": 2},
 {"name": "debt_to_asset_ratio", "kind": "decimal", "scale": 4},
 {"name": "annual_sales_cny", "kind": "decimal", "scale": 0},
 {"name": "license_status", "kind": "enum", "allowed": ["valid", "expired"]},
 {"name": "tax_credit_grade", "kind": "enum", "allowed": ["A", "B", "M", "C", "D"]},
 {"name": "industry_code", "kind": "string"},
 {"name": "on_blacklist", "kind": "bool"},
 {"name": "license_expiry", "kind": "date"}]}`

var refLimits = Limits{MaxStringLen: 24}

// errSig is the field and sentinel of each error in err (joined or not),
// the part decode and refDecode must agree on; the shown value differs.
func errSig(err error) string {
	if err == nil {
		return ""
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var b strings.Builder
	for _, e := range errs {
		var ie *InputError
		if errors.As(e, &ie) {
			fmt.Fprintf(&b, "%s: %v; ", ie.Field, ie.Err)
		} else {
			fmt.Fprintf(&b, "%v; ", e)
		}
	}
	return b.String()
}
