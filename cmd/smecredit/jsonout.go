package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as indented JSON; the library's report types carry their lowerCamelCase
// member names as json tags.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
