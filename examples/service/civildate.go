package main

import (
	"encoding/json"
	"fmt"
	"time"
)

// civilDate is a calendar date in JSON as "YYYY-MM-DD" (RFC 3339 full-date),
// at midnight UTC. The zero value means "absent".
type civilDate struct{ time.Time }

// UnmarshalJSON accepts a "YYYY-MM-DD" string or null (absent).
func (d *civilDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date %s: want a \"YYYY-MM-DD\" string", b)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD, a valid calendar date", s)
	}
	d.Time = t
	return nil
}

// MarshalJSON writes "YYYY-MM-DD".
func (d civilDate) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}
