package scorecard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// Model format identifiers written by Spec and required by Compile.
const (
	FormatName    = "smecredit/scorecard"
	FormatVersion = 1
)

// ModelSpec is the versioned JSON form of a Scorecard. It stores every
// option and count, so Compile(s.Spec()) rebuilds an identical scorecard
// and the JSON round trip is lossless (floats are written in the shortest
// form that parses back to the same float64). The zero value is invalid.
type ModelSpec struct {
	Format     string         `json:"format"`  // FormatName
	Version    int            `json:"version"` // FormatVersion
	Intercept  Coef           `json:"intercept"`
	Variables  []VariableSpec `json:"variables"`
	Scaling    Scaling        `json:"scaling"`
	Round      bool           `json:"round,omitzero"`
	SpreadBase bool           `json:"spreadBase,omitzero"`
	MaxReasons int            `json:"maxReasons"`
	BasePoints float64        `json:"basePoints"`
	Fit        FitStats       `json:"fit"`
}

// VariableSpec is one variable of a ModelSpec. Points are stored for
// readers of the file and checked against the coefficients on Compile.
// The zero value is invalid (no table counts).
type VariableSpec struct {
	Table      TableSpec  `json:"table"`
	ReasonCode ReasonCode `json:"reasonCode"`
	Coef
	Points []float64 `json:"points"`
}

// Spec returns the declaration of s. The returned value shares nothing
// with s.
func (s *Scorecard) Spec() ModelSpec {
	m := ModelSpec{
		Format: FormatName, Version: FormatVersion, Intercept: s.Intercept, Scaling: s.Scaling,
		Round: s.Round, SpreadBase: s.SpreadBase, MaxReasons: s.MaxReasons, BasePoints: s.BasePoints, Fit: s.Fit,
		Variables: make([]VariableSpec, len(s.Variables)),
	}
	for j, v := range s.Variables {
		m.Variables[j] = VariableSpec{Table: v.Table.Spec(), ReasonCode: v.ReasonCode, Coef: v.Coef, Points: append([]float64(nil), v.Points...)}
	}
	return m
}

// MarshalJSON writes s.Spec() as JSON.
func (s *Scorecard) MarshalJSON() ([]byte, error) { return json.Marshal(s.Spec()) }

// Compile validates a ModelSpec and builds the Scorecard: it rebuilds every
// table from its counts, recomputes base points and points from the
// coefficients and the scaling, and requires them to equal the stored
// ones. All problems are reported together as *SpecError values
// (ErrSpec) with paths such as "variables[1].table.cuts[0]", joined with
// errors.Join.
func Compile(m ModelSpec) (*Scorecard, error) {
	var errs []error
	bad := func(path, rule string) { errs = append(errs, &SpecError{Path: path, Rule: rule, Err: ErrSpec}) }
	if m.Format != FormatName {
		bad("format", fmt.Sprintf("must be %q", FormatName))
	}
	if m.Version != FormatVersion {
		bad("version", fmt.Sprintf("unsupported version %d (this build reads %d)", m.Version, FormatVersion))
	}
	if len(m.Variables) == 0 {
		bad("variables", "needs at least one variable")
	}
	if m.MaxReasons < 0 {
		bad("maxReasons", "must be ≥ 0")
	}
	errs = append(errs, m.Scaling.check("scaling.", ErrSpec)...)
	checkCoef := func(path string, c Coef) {
		for _, f := range []struct {
			n string
			v float64
		}{{"coef", c.Coef}, {"se", c.SE}, {"z", c.Z}, {"p", c.P}} {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
				bad(path+"."+f.n, "must be finite")
			}
		}
	}
	checkCoef("intercept", m.Intercept)
	s := &Scorecard{
		Intercept: m.Intercept, Scaling: m.Scaling, Round: m.Round, SpreadBase: m.SpreadBase,
		MaxReasons: m.MaxReasons, Fit: m.Fit, Variables: make([]Variable, len(m.Variables)),
	}
	for j, v := range m.Variables {
		path := fmt.Sprintf("variables[%d]", j)
		checkCoef(path, v.Coef)
		if tErrs := v.Table.check(path + ".table."); len(tErrs) > 0 {
			errs = append(errs, tErrs...)
			continue
		}
		t, err := NewTable(v.Table)
		if err != nil {
			bad(path+".table", err.Error())
			continue
		}
		if len(v.Points) != len(t.Bins) {
			bad(path+".points", fmt.Sprintf("has %d entries, want one per bin (%d)", len(v.Points), len(t.Bins)))
		}
		s.Variables[j] = Variable{Table: t, ReasonCode: v.ReasonCode, Coef: v.Coef}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	s.scale()
	if s.BasePoints != m.BasePoints {
		bad("basePoints", fmt.Sprintf("is %v, coefficients and scaling give %v", m.BasePoints, s.BasePoints))
	}
	for j, v := range m.Variables {
		for b, pt := range v.Points {
			if pt != s.Variables[j].Points[b] {
				bad(fmt.Sprintf("variables[%d].points[%d]", j, b), fmt.Sprintf("is %v, coefficients and scaling give %v", pt, s.Variables[j].Points[b]))
			}
		}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return s, nil
}

// Load parses a JSON model written by MarshalJSON (unknown fields are an
// error) and compiles it. Errors: *SpecError (ErrSpec) for bad JSON or a
// bad model; all model problems are joined.
func Load(data []byte) (*Scorecard, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m ModelSpec
	if err := dec.Decode(&m); err != nil {
		return nil, &SpecError{Path: "$", Rule: err.Error(), Err: ErrSpec}
	}
	if _, err := dec.Token(); err != io.EOF { // dec.More misses a stray '}' or ']'
		return nil, &SpecError{Path: "$", Rule: "trailing data after the model", Err: ErrSpec}
	}
	return Compile(m)
}
