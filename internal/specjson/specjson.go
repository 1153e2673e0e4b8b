package specjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNumberBytes bounds the length of a JSON number, and of a string holding a value decoded by
// its own unmarshaller (a decimal, a date, an enumeration): decimal parsing of a megabyte of
// digits takes seconds.
const MaxNumberBytes = 256

// MaxDepth bounds the nesting of objects and arrays in a document.
const MaxDepth = 64

// Problem is one defect of a document. Path locates it in the document as smecredit's spec
// errors do: "$" for the document as a whole, otherwise JSON member names and array indices
// from the root, such as "rules[3].op".
type Problem struct {
	Path     string
	Msg      string
	TooLarge bool // the document exceeds the size bound (callers report their limit sentinel)
}

// Error returns "<path>: <message>".
func (p *Problem) Error() string { return p.Path + ": " + p.Msg }

// Decode decodes data into v, which must be a pointer to a spec struct. It checks, in order:
// len(data) ≤ maxBytes (when maxBytes > 0); valid UTF-8 JSON holding exactly one value;
// nesting at most [MaxDepth]; no member name repeated within one object; a top-level "kind"
// member equal to kind (when kind != ""); no \u escape of an unpaired UTF-16 surrogate; and then decodes with unknown members refused. The
// first problem found is returned; v is unspecified after an error.
func Decode(data []byte, v any, kind string, maxBytes int) *Problem {
	if maxBytes > 0 && len(data) > maxBytes {
		return &Problem{Path: "$", TooLarge: true,
			Msg: fmt.Sprintf("document of %d bytes exceeds the limit of %d", len(data), maxBytes)}
	}
	if !utf8.Valid(data) {
		return &Problem{Path: "$", Msg: "document is not valid UTF-8"}
	}
	if p := scan(data, kind); p != nil {
		return p
	}
	if off := loneSurrogate(data); off >= 0 {
		return &Problem{Path: "$", Msg: fmt.Sprintf("string escape of a lone UTF-16 surrogate at byte %d (encoding/json would turn it into U+FFFD)", off)}
	}
	if p := checkTypes(data, reflect.TypeOf(v)); p != nil {
		return p
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeProblem(err)
	}
	return nil
}

// scan walks the tokens once, checking depth, duplicates, trailing data and the kind.
func scan(data []byte, kind string) *Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	s := scanner{dec: dec}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &Problem{Path: "$", Msg: "document must be a JSON object"}
	}
	gotKind, p := s.object("", 1, true)
	if p != nil {
		return p
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Problem{Path: "$", Msg: "data after the JSON document"}
	}
	if kind != "" {
		switch {
		case gotKind == nil:
			return &Problem{Path: "kind", Msg: fmt.Sprintf("missing: the document must say \"kind\": %q", kind)}
		case *gotKind != kind:
			return &Problem{Path: "kind", Msg: fmt.Sprintf("%s, want %q", quote(*gotKind), kind)}
		}
	}
	return nil
}

type scanner struct{ dec *json.Decoder }

// object reads the members of an object whose '{' was consumed. At the top level it returns
// the "kind" member when that is a string.
func (s *scanner) object(path string, depth int, top bool) (*string, *Problem) {
	if depth > MaxDepth {
		return nil, &Problem{Path: orRoot(path), Msg: fmt.Sprintf("nested deeper than %d", MaxDepth)}
	}
	seen := map[string]bool{}
	var kind *string
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		name := tok.(string) // object keys are always strings
		mp := join(path, name)
		if seen[name] {
			return nil, &Problem{Path: mp, Msg: "duplicate member name " + quote(name)}
		}
		seen[name] = true
		if top && name == "kind" {
			tok, err := s.dec.Token()
			if err != nil {
				return nil, syntax(err)
			}
			if k, ok := tok.(string); ok {
				kind = &k
				continue
			}
			if d, ok := tok.(json.Delim); ok {
				if p := s.nested(mp, d, depth+1); p != nil {
					return nil, p
				}
			}
			return nil, &Problem{Path: mp, Msg: "kind must be a string"}
		}
		if p := s.value(mp, depth+1); p != nil {
			return nil, p
		}
	}
	if _, err := s.dec.Token(); err != nil { // '}'
		return nil, syntax(err)
	}
	return kind, nil
}

func (s *scanner) value(path string, depth int) *Problem {
	tok, err := s.dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, ok := tok.(json.Delim); ok {
		return s.nested(path, d, depth)
	}
	if n, ok := tok.(json.Number); ok && len(n) > MaxNumberBytes {
		return &Problem{Path: orRoot(path), Msg: fmt.Sprintf("number of %d bytes exceeds %d", len(n), MaxNumberBytes)}
	}
	return nil
}

func (s *scanner) nested(path string, d json.Delim, depth int) *Problem {
	switch d {
	case '{':
		_, p := s.object(path, depth, false)
		return p
	case '[':
		if depth > MaxDepth {
			return &Problem{Path: path, Msg: fmt.Sprintf("nested deeper than %d", MaxDepth)}
		}
		for i := 0; s.dec.More(); i++ {
			if p := s.value(path+"["+strconv.Itoa(i)+"]", depth+1); p != nil {
				return p
			}
		}
		if _, err := s.dec.Token(); err != nil { // ']'
			return syntax(err)
		}
	}
	return nil
}

func syntax(err error) *Problem {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Problem{Path: "$", Msg: "unexpected end of JSON input"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Problem{Path: "$", Msg: fmt.Sprintf("%s (at byte %d)", trimJSON(se.Error()), se.Offset)}
	}
	return &Problem{Path: "$", Msg: trimJSON(err.Error())}
}

// decodeProblem locates an encoding/json error: a type mismatch by its field, an unknown member
// by its name.
func decodeProblem(err error) *Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := te.Field
		if path == "" {
			path = "$"
		}
		return &Problem{Path: path, Msg: fmt.Sprintf("cannot hold a JSON %s (want %s)", te.Value, te.Type)}
	}
	msg := trimJSON(err.Error())
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return &Problem{Path: "$", Msg: "unknown member " + name}
	}
	return &Problem{Path: "$", Msg: msg}
}

func trimJSON(s string) string { return strings.TrimPrefix(s, "json: ") }

// join appends member name to path; a name that is empty, longer than 64 bytes, or holds '.',
// '[', ']', '"', a space, a control or an invalid rune is written quoted (and cut, see quote)
// in brackets, so that the path stays unambiguous, printable and bounded.
func join(path, name string) string {
	if name == "" || len(name) > 64 || strings.ContainsAny(name, ".[]\"") || strings.IndexFunc(name, notPlain) >= 0 {
		return path + "[" + quote(name) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

// notPlain reports a rune that would make a bare member name in a path ambiguous or
// unprintable (a control, space or invalid rune), so join quotes the name instead.
func notPlain(r rune) bool {
	return r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsGraphic(r)
}

func orRoot(path string) string {
	if path == "" {
		return "$"
	}
	return path
}

// quote quotes s, cut to 64 bytes so that a hostile document cannot inflate an error message.
func quote(s string) string {
	if len(s) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// loneSurrogate returns the offset of the first \u escape in a JSON string of data that is an
// unpaired UTF-16 surrogate, or -1. data is valid JSON.
func loneSurrogate(data []byte) int {
	in := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !in {
			in = c == '"'
			continue
		}
		switch c {
		case '"':
			in = false
		case '\\':
			if data[i+1] != 'u' {
				i++
				continue
			}
			r := hex4(data[i+2 : i+6])
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return i
			case r >= 0xD800 && r <= 0xDBFF:
				if i+12 > len(data) || data[i+6] != '\\' || data[i+7] != 'u' {
					return i
				}
				if lo := hex4(data[i+8 : i+12]); lo < 0xDC00 || lo > 0xDFFF {
					return i
				}
				i += 11
				continue
			}
			i += 5
		}
	}
	return -1
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}
