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
	Kind string `json:"kind"` // KindScorecard
	// Version is the author's label of this revision, free text; required
	// and non-empty (ErrMissing), since a service and its audit trail cite
	// a scorecard by it.
	Version string `json:"version"`
	// ID identifies the model (for example "sme-application-2026"); free
	// text, may be empty. Description says what the model is for.
	ID          string         `json:"id,omitzero"`
	Description string         `json:"description,omitzero"`
	Data        TrainingData   `json:"data,omitzero"` // the data the model was fitted on
	Intercept   Coef           `json:"intercept"`
	Variables   []VariableSpec `json:"variables"`
	Scaling     Scaling        `json:"scaling"`
	Round       bool           `json:"round,omitzero"`
	SpreadBase  bool           `json:"spreadBase,omitzero"`
	MaxReasons  int            `json:"maxReasons"`
	BasePoints  float64        `json:"basePoints"`
	Fit         FitStats       `json:"fit"`
}

// TrainingData describes the data a scorecard was fitted on, for the
// model's documentation (Siddiqi 2017, ch. 4: development sample). Fit
// fills Rows, Events and Weighted from the data; the text fields come
// from ModelOptions.Data. The zero value means "not recorded".
type TrainingData struct {
	Description string `json:"description,omitzero"` // what the sample is: period, population, exclusions
	Source      string `json:"source,omitzero"`      // where it comes from, such as a file name
	Target      string `json:"target,omitzero"`      // the target's definition, such as "90+ dpd within 12 months"
	// Rows is the number of rows fitted (with positive weight), Events the
	// number (or total weight) of rows with y = 1, Weight the total
	// weight (equal to Rows without weights).
	Rows   int     `json:"rows,omitzero"`
	Events float64 `json:"events,omitzero"`
	Weight float64 `json:"weight,omitzero"`
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
		Kind: KindScorecard, Version: s.Version, ID: s.ID, Description: s.Description, Data: s.Data,
		Intercept: s.Intercept, Scaling: s.Scaling,
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
// "scorecard", no unknown or duplicate member names, no trailing data,
// and every required member present. It does not check the content;
// CompileScorecard does. Errors: a *SpecError with the JSON path of the
// first problem, wrapping ErrLimit for an oversized document and
// ErrInvalidSpec otherwise; each omitted required member is a *SpecError
// wrapping ErrMissing whose Path names it ("variables[2].coef",
// "scaling.pdo"), all of them joined.
//
// Required members (all that Spec writes, except those that may be
// empty): version, intercept.coef, variables, scaling.pdo,
// scaling.baseScore, scaling.baseOdds, scaling.odds, basePoints; per
// variable table, coef and points; per table name, kind, closure,
// woeSign, zeroPolicy.kind and counts; per count nonEvents and events.
// Optional: id, description, data, round, spreadBase, maxReasons, fit,
// reasonCode, se, z, p, cuts, specials, groups, rareBin, nanMissing.
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
	if errs := missingMembers(data); len(errs) > 0 {
		return ScorecardSpec{}, joinErrs(errs)
	}
	return m, nil
}

// missingMembers lists the required members absent from a document that
// decoded without error.
func missingMembers(data []byte) []error {
	type obj = map[string]json.RawMessage
	var errs []error
	need := func(o obj, path string, names ...string) {
		for _, n := range names {
			if _, ok := o[n]; !ok {
				p := n
				if path != "" {
					p = path + "." + n
				}
				errs = append(errs, &SpecError{Path: p, Err: ErrMissing})
			}
		}
	}
	sub := func(o obj, name string) obj {
		var s obj
		if raw, ok := o[name]; ok {
			_ = json.Unmarshal(raw, &s) // a null or non-object leaves s nil
		}
		return s
	}
	var top obj
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	need(top, "", "version", "intercept", "variables", "scaling", "basePoints")
	if ic := sub(top, "intercept"); ic != nil {
		need(ic, "intercept", "coef")
	}
	if sc := sub(top, "scaling"); sc != nil {
		need(sc, "scaling", "pdo", "baseScore", "baseOdds", "odds")
	}
	var vars []obj
	if raw, ok := top["variables"]; ok {
		_ = json.Unmarshal(raw, &vars)
	}
	for j, v := range vars {
		if v == nil {
			continue
		}
		path := "variables[" + strconv.Itoa(j) + "]"
		need(v, path, "table", "coef", "points")
		t := sub(v, "table")
		if t == nil {
			continue
		}
		need(t, path+".table", "name", "kind", "closure", "woeSign", "zeroPolicy", "counts")
		if z := sub(t, "zeroPolicy"); z != nil {
			need(z, path+".table.zeroPolicy", "kind")
		}
		var counts []obj
		if raw, ok := t["counts"]; ok {
			_ = json.Unmarshal(raw, &counts)
		}
		for i, c := range counts {
			if c != nil {
				need(c, path+".table.counts["+strconv.Itoa(i)+"]", "nonEvents", "events")
			}
		}
	}
	return errs
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
// stored ones. m.Kind must be KindScorecard and m.Version must not be
// empty or blank (a *SpecError with Path "version" matching ErrMissing
// and ErrInvalidSpec), as every loader of the library requires. Bounds: at most MaxVariables
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
	if strings.TrimSpace(m.Version) == "" {
		errs = append(errs, &SpecError{Path: "version", Err: ErrMissing, Msg: "must not be empty"})
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
		Version: m.Version, ID: m.ID, Description: m.Description, Data: m.Data, Intercept: m.Intercept, Scaling: m.Scaling, Round: m.Round, SpreadBase: m.SpreadBase,
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
