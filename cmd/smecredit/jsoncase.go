package main

import (
	"encoding/json"
	"io"
	"unicode"
)

// writeJSON writes v as indented JSON with every member name in the
// library's lowerCamelCase convention. The access report types (
// SimulationReport, DiffReport) carry no json tags, so their Go field names
// are renamed here: "RuleID" → "ruleID", "BadRate" → "badRate", "N" → "n".
func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(lowerKeys(x))
}

func lowerKeys(x any) any {
	switch t := x.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, v := range t {
			m[lowerCamel(k)] = lowerKeys(v)
		}
		return m
	case []any:
		for i := range t {
			t[i] = lowerKeys(t[i])
		}
		return t
	}
	return x
}

// lowerCamel lower-cases the first word of a Go field name, keeping an
// initialism after it upper case.
func lowerCamel(s string) string {
	r := []rune(s)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	if n > 1 && n < len(r) {
		n-- // "URLPath": the last capital starts the next word
	}
	for i := 0; i < n; i++ {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}
