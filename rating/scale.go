package rating

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MasterScaleSpec declares a master scale (a document of kind
// "rating-scale", or the "scale" member of a model): grades from best to
// worst, each with the lowest score (0–100 points) that earns it and its
// one-year PD (fraction). An optional last grade with Default set is the
// default grade: it is reached by an override or a default event, never by
// score. The zero value is not a valid scale.
type MasterScaleSpec struct {
	Kind    string      `json:"kind"`    // "rating-scale" (KindMasterScale); may be empty in Go-built or embedded specs
	Version string      `json:"version"` // the author's version label, non-empty
	ID      string      `json:"id"`      // scale identifier, non-empty
	Grades  []GradeSpec `json:"grades"`  // best grade first, at most MaxGrades
	// MaxOverrideNotches bounds how many grade positions an override may
	// move a rating (up or down); 0 means the default of 2, a common
	// policy choice (not a regulatory figure).
	MaxOverrideNotches int `json:"maxOverrideNotches,omitempty"`
}

// GradeSpec is one grade of a [MasterScaleSpec]. A firm earns the grade when its
// score is at least MinScore and below the MinScore of the next better
// grade. PD is the grade's one-year probability of default, a fraction in
// (0, 1].
type GradeSpec struct {
	Name     string  `json:"name"`              // grade name, e.g. "BBB"; unique
	MinScore float64 `json:"minScore"`          // lowest score (points, 0–100) earning the grade
	PD       float64 `json:"pd"`                // one-year PD, fraction in (0, 1]
	Default  bool    `json:"default,omitempty"` // the default grade (last, PD 1, not reached by score)
}

func (s MasterScaleSpec) clone() MasterScaleSpec {
	c := s
	c.Grades = append([]GradeSpec(nil), s.Grades...)
	return c
}

// MasterScale maps scores to grades and grades to PDs. Methods of a nil or
// zero *MasterScale return zero values or an [*InputError] with Field "s"
// wrapping [ErrInvalidInput]. It is immutable and
// safe for concurrent use by multiple goroutines. The zero value is not
// usable; build one with [CompileMasterScale], [LoadMasterScale] or
// [DefaultSMEMasterScale].
type MasterScale struct {
	spec    MasterScaleSpec
	grades  []GradeSpec // best first
	scored  int         // number of non-default grades
	notches int
	// byInt[k] is the grade of score k = 0…100; a score in [k, k+1) earns
	// byInt[k] or a better grade (a cut-off between k and k+1).
	byInt [101]Grade
	pds   []float64 // PD of each grade, best first
	// up[g] is the MinScore of grade g−1 (the next better one) for g ≥ 2,
	// +Inf for g ≤ 1 and past the grades; pd[g] is grade g's PD (0 past
	// the grades). Indexed by a Grade, a uint8, they need no bounds check
	// in gradeOf and the batch.
	up [256]float64
	pd [256]float64
}

// CompileMasterScale validates spec and returns the scale. All problems are
// reported (up to [MaxErrors]) as joined [*SpecError]s with paths such as
// "grades[2].minScore": at most [MaxGrades] grades (checked first,
// [ErrLimit]); Kind empty or "rating-scale"; ID and Version non-empty;
// at least one non-default grade; names non-empty and unique; MinScore
// finite, strictly decreasing from best to worst (no overlapping bands),
// at most 100 and exactly 0 for the worst non-default grade (so every score
// in [0, 100] has a grade); PD in (0, 1] and strictly increasing from best
// to worst; at most one default grade, last, with PD 1; MaxOverrideNotches
// ≥ 0.
//
// References:
//   - BCBS Basel Framework CRE36.40–36.41 (meaningful distribution of
//     exposures across at least seven non-default grades and one default
//     grade; the minimum is not enforced here).
func CompileMasterScale(spec MasterScaleSpec) (*MasterScale, error) {
	if err := limit("grades", len(spec.Grades), MaxGrades); err != nil {
		return nil, err
	}
	s, err := compileMasterScale(spec, "")
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ParseMasterScale decodes a JSON master-scale document ("kind":
// "rating-scale") into a spec, with the strictness and errors of
// [ParseModel]. It does not validate the content; [CompileMasterScale]
// does.
func ParseMasterScale(data []byte) (MasterScaleSpec, error) {
	var s MasterScaleSpec
	if err := decode(data, &s, KindMasterScale); err != nil {
		return MasterScaleSpec{}, err
	}
	return s, nil
}

// LoadMasterScale parses and compiles a JSON master-scale document:
// [ParseMasterScale] followed by [CompileMasterScale].
func LoadMasterScale(data []byte) (*MasterScale, error) {
	s, err := ParseMasterScale(data)
	if err != nil {
		return nil, err
	}
	return CompileMasterScale(s)
}

// compileMasterScale validates a spec whose grade count is within
// MaxGrades; prefix is "scale." inside a model.
func compileMasterScale(spec MasterScaleSpec, prefix string) (*MasterScale, error) {
	var is issues
	is.checkKind(prefix+"kind", spec.Kind, KindMasterScale)
	if strings.TrimSpace(spec.ID) == "" {
		is.add(prefix+"id", "must not be empty", nil)
	}
	if strings.TrimSpace(spec.Version) == "" {
		is.add(prefix+"version", "must not be empty", nil)
	}
	if spec.MaxOverrideNotches < 0 {
		is.add(prefix+"maxOverrideNotches", "must be >= 0", nil)
	}
	s := &MasterScale{spec: spec.clone(), grades: spec.clone().Grades, notches: spec.MaxOverrideNotches}
	s.spec.Kind = KindMasterScale
	if s.notches == 0 {
		s.notches = 2
	}
	names := map[string]bool{}
	for i, g := range spec.Grades {
		p := prefix + "grades[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(g.Name) == "" {
			is.add(p+".name", "must not be empty", nil)
		} else if names[g.Name] {
			is.add(p+".name", fmt.Sprintf("duplicate grade %q", g.Name), nil)
		}
		names[g.Name] = true
		if !finite(g.PD) || g.PD <= 0 || g.PD > 1 {
			is.add(p+".pd", fmt.Sprintf("PD %g must be in (0, 1]", g.PD), nil)
		} else if i > 0 && !(g.PD > spec.Grades[i-1].PD) {
			is.add(p+".pd", "PDs must increase strictly from best to worst grade", nil)
		}
		if g.Default {
			if i != len(spec.Grades)-1 {
				is.add(p+".default", "the default grade must be the last grade", nil)
			}
			if g.PD != 1 {
				is.add(p+".pd", "the default grade must have PD 1", nil)
			}
			if g.MinScore != 0 {
				is.add(p+".minScore", "must be 0 for the default grade (it is not reached by score)", nil)
			}
			continue
		}
		s.scored++
		if !finite(g.MinScore) || g.MinScore > 100 {
			is.add(p+".minScore", fmt.Sprintf("score %g must be finite and <= 100", g.MinScore), nil)
		} else if i > 0 && !(g.MinScore < spec.Grades[i-1].MinScore) {
			is.add(p+".minScore", "score bands overlap: minScore must decrease strictly from best to worst grade", nil)
		}
	}
	if s.scored == 0 {
		is.add(prefix+"grades", "need at least one non-default grade", nil)
	} else if last := spec.Grades[s.scored-1]; last.MinScore != 0 {
		is.add(prefix+"grades["+strconv.Itoa(s.scored-1)+"].minScore", "the worst non-default grade must start at score 0", nil)
	}
	if err := is.err(); err != nil {
		return nil, err
	}
	for k := range s.byInt {
		s.byInt[k] = s.gradeScan(float64(k))
	}
	s.pds = make([]float64, len(s.grades))
	for i := range s.up {
		s.up[i] = math.Inf(1)
	}
	for i, g := range s.grades {
		s.pds[i] = g.PD
		s.pd[i+1] = g.PD
		if i+2 < len(s.up) {
			s.up[i+2] = g.MinScore
		}
	}
	return s, nil
}

// DefaultSMEMasterScaleSpec returns the 10-grade SME master scale proposed in the
// project's reference notes (docs/reference/rating-weights.md §3.3): AAA ≥ 90, AA 85–90,
// A 80–85, BBB 72–80, BB 64–72, B 55–64, CCC 45–55, CC 35–45, C < 35 and a
// default grade D, with mid PDs 0.07%, 0.14%, 0.28%, 0.60%, 1.3%, 3.2%,
// 7.7%, 17%, 35%, 100% (geometric bands above the Basel III corporate PD
// floor of 0.05%, CRE32.13).
//
// This is a proposal to start from, not a published or calibrated scale:
// the cut-offs must be calibrated on the bank's own default data (see
// [CalibratePD]). Each call returns a fresh value.
func DefaultSMEMasterScaleSpec() MasterScaleSpec {
	return MasterScaleSpec{Kind: KindMasterScale, Version: "proposal-1", ID: "sme-default", Grades: []GradeSpec{
		{Name: "AAA", MinScore: 90, PD: 0.0007},
		{Name: "AA", MinScore: 85, PD: 0.0014},
		{Name: "A", MinScore: 80, PD: 0.0028},
		{Name: "BBB", MinScore: 72, PD: 0.006},
		{Name: "BB", MinScore: 64, PD: 0.013},
		{Name: "B", MinScore: 55, PD: 0.032},
		{Name: "CCC", MinScore: 45, PD: 0.077},
		{Name: "CC", MinScore: 35, PD: 0.17},
		{Name: "C", MinScore: 0, PD: 0.35},
		{Name: "D", MinScore: 0, PD: 1, Default: true},
	}}
}

// DefaultSMEMasterScale returns a fresh [MasterScale] built from
// [DefaultSMEMasterScaleSpec] (a proposal, see there) on each call.
func DefaultSMEMasterScale() *MasterScale {
	s, err := CompileMasterScale(DefaultSMEMasterScaleSpec())
	if err != nil {
		panic("rating: default scale invalid: " + err.Error())
	}
	return s
}

// Spec returns a copy of the scale's spec.
func (s *MasterScale) Spec() MasterScaleSpec {
	if s == nil {
		return MasterScaleSpec{}
	}
	return s.spec.clone()
}

// nilScale is the error of a method called on a nil *MasterScale.
func nilScale() error {
	return &InputError{Field: "s", Value: "nil or zero MasterScale", Err: ErrInvalidInput}
}

// Len returns the number of grades, including a default grade.
func (s *MasterScale) Len() int {
	if s == nil {
		return 0
	}
	return len(s.grades)
}

// MaxOverrideNotches returns the override limit in notches (2 when the
// spec leaves it 0).
func (s *MasterScale) MaxOverrideNotches() int {
	if s == nil {
		return 0
	}
	return s.notches
}

// DefaultGrade returns the default grade, or NoGrade if the scale has none.
func (s *MasterScale) DefaultGrade() Grade {
	if s == nil || len(s.grades) == 0 {
		return NoGrade
	}
	if s.scored < len(s.grades) {
		return Grade(len(s.grades))
	}
	return NoGrade
}

// gradeOf maps a score already known to be in [0, 100]: the grade of its
// integer part from a table, then up past any cut-off between it and the
// score. Cost O(1) when the cut-offs are at least 1 point apart.
func (s *MasterScale) gradeOf(score float64) Grade {
	g := s.byInt[int(score)]
	for score >= s.up[g] {
		g--
	}
	return g
}

// gradeScan is gradeOf by a scan from the best grade: the first grade
// whose MinScore the score reaches.
func (s *MasterScale) gradeScan(score float64) Grade {
	for i := 0; i < s.scored; i++ {
		if score >= s.grades[i].MinScore {
			return Grade(i + 1)
		}
	}
	return Grade(s.scored)
}

// Grade returns the grade earned by score (points, 0–100). Cost O(Len).
// Errors: an [*InputError] (Field "score") wrapping [ErrInvalidInput] for a
// score that is NaN or outside [0, 100].
func (s *MasterScale) Grade(score float64) (Grade, error) {
	if s == nil || len(s.grades) == 0 {
		return NoGrade, nilScale()
	}
	if !(score >= 0 && score <= 100) {
		return NoGrade, badValue("score", score, ErrInvalidInput)
	}
	return s.gradeOf(score), nil
}

// check returns an InputError naming field when g is not on the scale.
func (s *MasterScale) check(field string, g Grade) error {
	if s == nil || len(s.grades) == 0 {
		return nilScale()
	}
	if g < 1 || int(g) > len(s.grades) {
		return &InputError{Field: field, Value: strconv.Itoa(int(g)) + " of " + strconv.Itoa(len(s.grades)), Err: ErrUnknownGrade}
	}
	return nil
}

// PD returns the one-year PD (fraction) of grade g. Errors: an
// [*InputError] (Field "grade") wrapping [ErrUnknownGrade] if g is not on
// the scale.
func (s *MasterScale) PD(g Grade) (float64, error) {
	if err := s.check("grade", g); err != nil {
		return 0, err
	}
	return s.grades[g-1].PD, nil
}

// Name returns the name of grade g ("BBB"), or g.String() if g is not on
// the scale.
func (s *MasterScale) Name(g Grade) string {
	if s.check("grade", g) != nil {
		return g.String()
	}
	return s.grades[g-1].Name
}

// Lookup returns the grade named name. Errors: an [*InputError] (Field
// "name") wrapping [ErrUnknownGrade] if the scale has no such grade.
func (s *MasterScale) Lookup(name string) (Grade, error) {
	if s == nil || len(s.grades) == 0 {
		return NoGrade, nilScale()
	}
	for i, g := range s.grades {
		if g.Name == name {
			return Grade(i + 1), nil
		}
	}
	return NoGrade, &InputError{Field: "name", Value: strconv.Quote(text(name)), Err: ErrUnknownGrade}
}

// Override records an analyst's decision to replace a model grade. Reason
// is mandatory (audit trail); To is the new grade on the same scale.
type Override struct {
	To     Grade  `json:"to"`     // grade after the override
	Reason string `json:"reason"` // why, for the audit trail; must not be blank
}

// ApplyOverride returns the grade after override o of model grade from.
//
// Errors, each an [*InputError]: Field "override.reason" wrapping
// [ErrOverrideReason] if o.Reason is blank; Field "from" or "override.to"
// wrapping [ErrUnknownGrade] if that grade is not on the scale; Field
// "override.to" wrapping [ErrOverrideLimit] if |o.To − from| exceeds
// [MasterScale.MaxOverrideNotches] (Value gives the grade, the notches and
// the limit).
//
// Special case: a move to the default grade is always allowed, because a
// default is an event, not a judgement of degree.
func (s *MasterScale) ApplyOverride(from Grade, o Override) (Grade, error) {
	if s == nil || len(s.grades) == 0 {
		return NoGrade, nilScale()
	}
	if strings.TrimSpace(o.Reason) == "" {
		return NoGrade, &InputError{Field: "override.reason", Err: ErrOverrideReason}
	}
	if err := s.check("from", from); err != nil {
		return NoGrade, err
	}
	if err := s.check("override.to", o.To); err != nil {
		return NoGrade, err
	}
	if o.To == s.DefaultGrade() {
		return o.To, nil
	}
	if n := o.To.Notches(from); n > s.notches {
		return NoGrade, &InputError{Field: "override.to",
			Value: fmt.Sprintf("%d (%d notches from %d, limit %d)", o.To, n, from, s.notches), Err: ErrOverrideLimit}
	}
	return o.To, nil
}
