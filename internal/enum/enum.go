// Package enum gives smecredit's small enumerations one text form. An enumeration is a uint8
// type whose values index a fixed table of kebab-case names; [Names] turns values into text and
// back, so every enum's String, MarshalText, UnmarshalText and IsValid read the same way:
//
//	var levelNames = enum.Names[Level]{"green", "yellow", "orange", "red"}
//
//	func (l Level) String() string                { return levelNames.String(l) }
//	func (l Level) IsValid() bool                 { return levelNames.Valid(l) }
//	func (l Level) MarshalText() ([]byte, error)  { return levelNames.Marshal(l) }
//	func (l *Level) UnmarshalText(b []byte) error { return levelNames.Unmarshal(l, b) }
//
// The table is an unexported package-level value that nothing writes after initialisation.
package enum

import (
	"fmt"
	"reflect"
	"strconv"
)

// Names is the text of each value of an enumeration T, indexed by value. An empty name marks a
// value that has no text form (such as an invalid zero value): it is not valid, does not marshal
// and is never the result of unmarshalling.
type Names[T ~uint8] []string

// String returns the name of v, or "TypeName(n)" for a value without one.
func (n Names[T]) String(v T) string {
	if n.Valid(v) {
		return n[v]
	}
	return typeName(v) + "(" + strconv.Itoa(int(v)) + ")"
}

// Valid reports whether v has a name.
func (n Names[T]) Valid(v T) bool { return int(v) < len(n) && n[v] != "" }

// Marshal returns the name of v, or an error for a value without one.
func (n Names[T]) Marshal(v T) ([]byte, error) {
	if !n.Valid(v) {
		return nil, fmt.Errorf("invalid %s %d", typeName(v), uint8(v))
	}
	return []byte(n[v]), nil
}

// Unmarshal sets *dst to the value named text, or returns an error listing the valid names.
func (n Names[T]) Unmarshal(dst *T, text []byte) error {
	for i, s := range n {
		if s != "" && s == string(text) {
			*dst = T(i)
			return nil
		}
	}
	q := string(text)
	if len(q) > 64 {
		q = q[:64] + "…"
	}
	valid := make([]string, 0, len(n))
	for _, s := range n {
		if s != "" {
			valid = append(valid, strconv.Quote(s))
		}
	}
	return fmt.Errorf("unknown %s %q (valid: %v)", typeName(*dst), q, valid)
}

// Parse returns the value named s.
func (n Names[T]) Parse(s string) (T, error) {
	var v T
	err := n.Unmarshal(&v, []byte(s))
	return v, err
}

func typeName[T any](v T) string { return reflect.TypeOf(v).Name() }
