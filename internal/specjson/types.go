package specjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
)

// checkTypes walks data (valid JSON, checked by scan) beside the Go type t it will be decoded
// into, so that each problem encoding/json would report without a place, or not at all, gets
// its full path: a member name in the wrong case or unknown, a value of the wrong JSON type, an
// enumeration text its type refuses, an over-long value for a custom unmarshaller.
func checkTypes(data []byte, t reflect.Type) *Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := walker{dec: dec, fields: map[reflect.Type]map[string]reflect.Type{}}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return w.value("", t)
}

type walker struct {
	dec    *json.Decoder
	fields map[reflect.Type]map[string]reflect.Type // JSON member name → field type, per struct
}

func (w *walker) value(path string, t reflect.Type) *Problem {
	tok, err := w.dec.Token()
	if err != nil {
		return syntax(err)
	}
	if tok == nil { // null leaves the field as it is
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pt := reflect.PointerTo(t)
	switch {
	case t == rawMessage || t.Kind() == reflect.Interface:
		return w.skip(tok)
	case pt.Implements(jsonUnmarshaler):
		if s, ok := tok.(string); ok && len(s) > MaxNumberBytes {
			return &Problem{Path: orRoot(path), Msg: fmt.Sprintf("value of %d bytes exceeds %d", len(s), MaxNumberBytes)}
		}
		return w.skip(tok)
	case pt.Implements(textUnmarshaler):
		s, ok := tok.(string)
		if !ok {
			return w.mismatch(path, tok, "a string")
		}
		if len(s) > MaxNumberBytes {
			return &Problem{Path: orRoot(path), Msg: fmt.Sprintf("value of %d bytes exceeds %d", len(s), MaxNumberBytes)}
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return &Problem{Path: orRoot(path), Msg: err.Error()}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return w.mismatch(path, tok, "an object")
		}
		fields := w.structFields(t)
		for w.dec.More() {
			tok, err := w.dec.Token()
			if err != nil {
				return syntax(err)
			}
			name := tok.(string)
			mp := join(path, name)
			ft, ok := fields[name]
			if !ok {
				for want := range fields {
					if strings.EqualFold(want, name) {
						return &Problem{Path: mp, Msg: fmt.Sprintf("member %s must be spelled %q", quote(name), want)}
					}
				}
				return &Problem{Path: mp, Msg: "unknown member " + quote(name)}
			}
			if p := w.value(mp, ft); p != nil {
				return p
			}
		}
		_, err := w.dec.Token() // '}'
		return syntaxOrNil(err)
	case reflect.Map:
		if tok != json.Delim('{') {
			return w.mismatch(path, tok, "an object")
		}
		for w.dec.More() {
			tok, err := w.dec.Token()
			if err != nil {
				return syntax(err)
			}
			if p := w.value(join(path, tok.(string)), t.Elem()); p != nil {
				return p
			}
		}
		_, err := w.dec.Token()
		return syntaxOrNil(err)
	case reflect.Slice, reflect.Array:
		if tok != json.Delim('[') {
			return w.mismatch(path, tok, "an array")
		}
		for i := 0; w.dec.More(); i++ {
			if p := w.value(path+"["+strconv.Itoa(i)+"]", t.Elem()); p != nil {
				return p
			}
		}
		_, err := w.dec.Token()
		return syntaxOrNil(err)
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return w.mismatch(path, tok, "a string")
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return w.mismatch(path, tok, "true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		if _, ok := tok.(json.Number); !ok {
			return w.mismatch(path, tok, "a number")
		}
	default:
		return w.skip(tok)
	}
	return nil
}

// structFields maps the JSON member names of struct t, embedded structs flattened, to their
// field types, as encoding/json names them.
func (w *walker) structFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := w.fields[t]; ok {
		return m
	}
	m := map[string]reflect.Type{}
	w.fields[t] = m
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				for ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, dup := m[name]; !dup {
				m[name] = f.Type
			}
		}
	}
	add(t)
	return m
}

// mismatch reports a value of the wrong JSON type, after consuming it.
func (w *walker) mismatch(path string, tok json.Token, want string) *Problem {
	if p := w.skip(tok); p != nil {
		return p
	}
	got := "a number"
	switch tok := tok.(type) {
	case json.Delim:
		got = map[json.Delim]string{'{': "an object", '[': "an array"}[tok]
	case string:
		got = "a string"
	case bool:
		got = "a boolean"
	}
	return &Problem{Path: orRoot(path), Msg: fmt.Sprintf("got %s, want %s", got, want)}
}

// skip consumes the rest of the value that starts with tok.
func (w *walker) skip(tok json.Token) *Problem {
	if _, ok := tok.(json.Delim); !ok {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return syntax(err)
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

func syntaxOrNil(err error) *Problem {
	if err != nil {
		return syntax(err)
	}
	return nil
}
