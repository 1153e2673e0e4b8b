package scorecard

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/internal/specjson"
)

// Document kind and bounds of the scorecard document.
const (
	// KindScorecard is the "kind" of a scorecard document.
	KindScorecard = "scorecard"
	// MaxDocumentBytes bounds the size of a scorecard document given to
	// ParseScorecard and LoadScorecard (ErrLimit above it).
	MaxDocumentBytes = 8 << 20
	// MaxVariables bounds the variables of a scorecard (ErrLimit).
	MaxVariables = 1000
)

// ScorecardSpec is the JSON document of a Scorecard ("kind": "scorecard").
// It stores every option and count, so CompileScorecard(s.Spec())
// rebuilds an identical scorecard and the JSON round trip is lossless
// (floats are written in the shortest form that parses back to the same
// float64). The zero value is invalid (no kind, no variables).
type ScorecardSpec struct {
	Kind       string         `json:"kind"`    // KindScorecard
	Version    string         `json:"version"` // the author's label of this revision, free text
	Intercept  Coef           `json:"intercept"`
	Variables  []VariableSpec `json:"variables"`
	Scaling    Scaling        `json:"scaling"`
	Round      bool           `json:"round,omitzero"`
	SpreadBase bool           `json:"spreadBase,omitzero"`
	MaxReasons int            `json:"maxReasons"`
	BasePoints float64        `json:"basePoints"`
	Fit        FitStats       `json:"fit"`
}

// VariableSpec is one variable of a ScorecardSpec. Points are stored for
// readers of the file and checked against the coefficients on
// CompileScorecard. The zero value is invalid (no table counts).
type VariableSpec struct {
	Table      TableSpec  `json:"table"`
	ReasonCode ReasonCode `json:"reasonCode"`
	Coef
	Points []float64 `json:"points"`
}

// Spec returns the document of s, with Kind set. The returned value
// shares nothing with s.
func (s *Scorecard) Spec() ScorecardSpec {
	if s == nil {
		return ScorecardSpec{}
	}
	m := ScorecardSpec{
		Kind: KindScorecard, Version: s.Version, Intercept: s.Intercept, Scaling: s.Scaling,
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

// ParseScorecard decodes a scorecard document strictly: at most
// MaxDocumentBytes, valid UTF-8, one JSON object with "kind":
// "scorecard", no unknown or duplicate member names, no trailing data.
// It does not check the content; CompileScorecard does. Errors: a
// *SpecError with the JSON path of the first problem, wrapping ErrLimit
// for an oversized document and ErrInvalidSpec otherwise.
func ParseScorecard(data []byte) (ScorecardSpec, error) {
	var m ScorecardSpec
	if p := specjson.Decode(data, &m, KindScorecard, MaxDocumentBytes); p != nil {
		err := ErrInvalidSpec
		if p.TooLarge {
			err = ErrLimit
		}
		path := p.Path
		if path == "$" && !p.TooLarge {
			path = locateEnumText(data, p.Msg)
		}
		return ScorecardSpec{}, &SpecError{Path: path, Err: err, Msg: p.Msg}
	}
	return m, nil
}

// locateEnumText finds the path of the member holding the text named by an
// enum's "unknown T \"text\"" message (encoding/json does not say where a
// text unmarshaller failed); "$" when there is none.
func locateEnumText(data []byte, msg string) string {
	rest, ok := strings.CutPrefix(msg, "unknown ")
	if !ok {
		return "$"
	}
	i := strings.IndexByte(rest, ' ')
	if i < 0 {
		return "$"
	}
	q, err := strconv.QuotedPrefix(rest[i+1:])
	if err != nil {
		return "$"
	}
	text, err := strconv.Unquote(q)
	if err != nil || strings.HasSuffix(text, "…") {
		return "$"
	}
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return "$"
	}
	var find func(path string, v any) (string, bool)
	find = func(path string, v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return path, v == text
		case []any:
			for k, e := range v {
				if p, ok := find(path+"["+strconv.Itoa(k)+"]", e); ok {
					return p, true
				}
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				sub := k
				if path != "" {
					sub = path + "." + k
				}
				if p, ok := find(sub, v[k]); ok {
					return p, true
				}
			}
		}
		return "", false
	}
	if p, ok := find("", doc); ok {
		return p
	}
	return "$"
}

// LoadScorecard is ParseScorecard followed by CompileScorecard.
func LoadScorecard(data []byte) (*Scorecard, error) {
	m, err := ParseScorecard(data)
	if err != nil {
		return nil, err
	}
	return CompileScorecard(m)
}

// CompileScorecard validates a ScorecardSpec and builds the Scorecard: it
// rebuilds every table from its counts, recomputes base points and points
// from the coefficients and the scaling, and requires them to equal the
// stored ones. m.Kind must be KindScorecard. Bounds: at most MaxVariables
// variables, each table within the bounds of NewTable (ErrLimit).
//
// Errors: every problem as a *SpecError (ErrInvalidSpec, or ErrLimit)
// with a path such as "variables[1].table.cuts[0]", joined with
// errors.Join (at most 100, then one saying how many more).
func CompileScorecard(m ScorecardSpec) (*Scorecard, error) {
	var errs []error
	bad := func(path, msg string) { errs = append(errs, specErr(path, msg)) }
	if m.Kind != KindScorecard {
		bad("kind", fmt.Sprintf("is %q, want %q", cut(m.Kind), KindScorecard))
	}
	switch {
	case len(m.Variables) == 0:
		bad("variables", "needs at least one variable")
	case len(m.Variables) > MaxVariables:
		return nil, &SpecError{Path: "variables", Err: ErrLimit, Msg: fmt.Sprintf("%d variables, limit %d", len(m.Variables), MaxVariables)}
	}
	if m.MaxReasons < 0 || m.MaxReasons > MaxVariables {
		bad("maxReasons", fmt.Sprintf("must be in [0, %d]", MaxVariables))
	}
	errs = append(errs, m.Scaling.check("scaling.", ErrInvalidSpec)...)
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
		Version: m.Version, Intercept: m.Intercept, Scaling: m.Scaling, Round: m.Round, SpreadBase: m.SpreadBase,
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
			bad(path+".table", stripPrefix(err))
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
	if err := s.scale(); err != nil {
		return nil, specErr("variables", err.Error())
	}
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
