package review

import "github.com/smecredit/smecredit/internal/enum"

// DigitTest selects the digits a Benford test reads: the first digit (1–9), the second digit
// (0–9) or the first two digits (10–99). The zero value is [FirstDigit].
type DigitTest uint8

// The digit tests (Nigrini 2012, Forensic Analytics, ch. 5).
const (
	FirstDigit     DigitTest = iota // text "first-digit"
	SecondDigit                     // text "second-digit"
	FirstTwoDigits                  // text "first-two-digits"
)

var digitTestNames = enum.Names[DigitTest]{"first-digit", "second-digit", "first-two-digits"}

// String returns the kebab-case name.
func (t DigitTest) String() string { return digitTestNames.String(t) }

// IsValid reports whether t is a defined test.
func (t DigitTest) IsValid() bool { return digitTestNames.Valid(t) }

// MarshalText returns the kebab-case name.
func (t DigitTest) MarshalText() ([]byte, error) { return digitTestNames.Marshal(t) }

// UnmarshalText reads the kebab-case name.
func (t *DigitTest) UnmarshalText(b []byte) error { return digitTestNames.Unmarshal(t, b) }

// Conformity is Nigrini's MAD-based conformity class of a digit distribution to Benford's law,
// ordered from best to worst. The zero value ConformityUnknown is invalid.
type Conformity uint8

// The conformity classes (Nigrini 2012, Forensic Analytics, Table 7.1, as coded by benford_py
// constants.MAD_CONFORM and benford.analysis MAD.conformity).
const (
	ConformityUnknown Conformity = iota // no text form
	Close                               // text "close"
	Acceptable                          // text "acceptable"
	Marginal                            // text "marginal"
	Nonconformity                       // text "nonconformity"
)

var conformityNames = enum.Names[Conformity]{"", "close", "acceptable", "marginal", "nonconformity"}

// String returns the kebab-case name.
func (c Conformity) String() string { return conformityNames.String(c) }

// IsValid reports whether c is a defined class.
func (c Conformity) IsValid() bool { return conformityNames.Valid(c) }

// MarshalText returns the kebab-case name.
func (c Conformity) MarshalText() ([]byte, error) { return conformityNames.Marshal(c) }

// UnmarshalText reads the kebab-case name.
func (c *Conformity) UnmarshalText(b []byte) error { return conformityNames.Unmarshal(c, b) }

// Compare returns −1, 0 or +1 as c conforms better than, as well as, or worse than o.
func (c Conformity) Compare(o Conformity) int {
	switch {
	case c < o:
		return -1
	case c > o:
		return 1
	}
	return 0
}

// Severity ranks a finding. The zero value [SeverityInfo] is the benign default.
type Severity uint8

// The severities, ordered.
const (
	SeverityInfo     Severity = iota // text "info"
	SeverityWarning                  // text "warning"
	SeverityCritical                 // text "critical"
)

var severityNames = enum.Names[Severity]{"info", "warning", "critical"}

// String returns the kebab-case name.
func (s Severity) String() string { return severityNames.String(s) }

// IsValid reports whether s is a defined severity.
func (s Severity) IsValid() bool { return severityNames.Valid(s) }

// MarshalText returns the kebab-case name.
func (s Severity) MarshalText() ([]byte, error) { return severityNames.Marshal(s) }

// UnmarshalText reads the kebab-case name.
func (s *Severity) UnmarshalText(b []byte) error { return severityNames.Unmarshal(s, b) }

// Compare returns −1, 0 or +1 as s is less, equally or more severe than o.
func (s Severity) Compare(o Severity) int {
	switch {
	case s < o:
		return -1
	case s > o:
		return 1
	}
	return 0
}
