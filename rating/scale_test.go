package rating_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/smecredit/smecredit/rating"
)

func TestDefaultSMEMasterScale(t *testing.T) {
	s := rating.DefaultSMEMasterScale()
	// rating-weights.md §3.3 (proposal): cut-offs and mid PDs.
	tests := []struct {
		score float64
		name  string
		pd    float64
	}{
		{100, "AAA", 0.0007}, {90, "AAA", 0.0007}, {89.999, "AA", 0.0014}, {85, "AA", 0.0014},
		{80, "A", 0.0028}, {72, "BBB", 0.006}, {64, "BB", 0.013}, {55, "B", 0.032},
		{45, "CCC", 0.077}, {35, "CC", 0.17}, {34.9, "C", 0.35}, {0, "C", 0.35},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := s.Grade(tt.score)
			if err != nil {
				t.Fatal(err)
			}
			pd, _ := s.PD(g)
			if s.Name(g) != tt.name || pd != tt.pd {
				t.Errorf("score %g: %s %g, want %s %g", tt.score, s.Name(g), pd, tt.name, tt.pd)
			}
		})
	}
	// Basel CRE36: at least 7 non-default grades and 1 default grade.
	if s.Len() != 10 || s.DefaultGrade() != 10 || s.Name(s.DefaultGrade()) != "D" {
		t.Errorf("len %d default %v", s.Len(), s.DefaultGrade())
	}
	for _, bad := range []float64{-1, 100.5, math.NaN()} {
		if _, err := s.Grade(bad); !errors.Is(err, rating.ErrInvalidInput) {
			t.Errorf("Grade(%g): %v", bad, err)
		}
	}
	if _, err := s.PD(11); !errors.Is(err, rating.ErrUnknownGrade) {
		t.Errorf("PD(11): %v", err)
	}
	if g, err := s.Lookup("BBB"); err != nil || g != 4 {
		t.Errorf("Lookup BBB = %v, %v", g, err)
	}
	if _, err := s.Lookup("Z"); !errors.Is(err, rating.ErrUnknownGrade) {
		t.Errorf("Lookup Z: %v", err)
	}
	// Each call builds a fresh value.
	sp := rating.DefaultSMEMasterScaleSpec()
	sp.Grades[0].PD = 0.5
	if rating.DefaultSMEMasterScaleSpec().Grades[0].PD != 0.0007 {
		t.Error("DefaultSMEMasterScaleSpec shares storage")
	}
}

func TestMasterScaleErrors(t *testing.T) {
	base := func() rating.MasterScaleSpec {
		return rating.MasterScaleSpec{ID: "s", Version: "1", Grades: []rating.GradeSpec{
			{Name: "A", MinScore: 70, PD: 0.01}, {Name: "B", MinScore: 40, PD: 0.05}, {Name: "C", MinScore: 0, PD: 0.2}, {Name: "D", PD: 1, Default: true}}}
	}
	tests := []struct {
		name  string
		edit  func(s *rating.MasterScaleSpec)
		paths []string
	}{
		{"overlapping bands", func(s *rating.MasterScaleSpec) { s.Grades[1].MinScore = 70 }, []string{"grades[1].minScore"}},
		{"PD not increasing", func(s *rating.MasterScaleSpec) { s.Grades[2].PD = 0.04 }, []string{"grades[2].pd"}},
		{"PD out of range", func(s *rating.MasterScaleSpec) { s.Grades[0].PD = 0 }, []string{"grades[0].pd"}},
		{"gap at the bottom", func(s *rating.MasterScaleSpec) { s.Grades[2].MinScore = 10 }, []string{"grades[2].minScore"}},
		{"default not last", func(s *rating.MasterScaleSpec) { s.Grades[2].Default = true }, []string{"grades[2].default"}},
		{"duplicate name", func(s *rating.MasterScaleSpec) { s.Grades[1].Name = "A" }, []string{"grades[1].name"}},
		{"negative notches", func(s *rating.MasterScaleSpec) { s.MaxOverrideNotches = -1 }, []string{"maxOverrideNotches"}},
		{"no grades", func(s *rating.MasterScaleSpec) { s.Grades = nil }, []string{"grades"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.edit(&s)
			sc, err := rating.CompileMasterScale(s)
			if sc != nil || !errors.Is(err, rating.ErrInvalidSpec) {
				t.Fatalf("got %v, %v", sc, err)
			}
			got := specPaths(err)
			for _, p := range tt.paths {
				if !got[p] {
					t.Errorf("path %q not reported: %v", p, err)
				}
			}
		})
	}
}

func TestOverride(t *testing.T) {
	s := rating.DefaultSMEMasterScale() // limit 2 notches (default)
	tests := []struct {
		name     string
		from     rating.Grade
		o        rating.Override
		want     rating.Grade
		sentinel error
	}{
		{"two notches down", 4, rating.Override{To: 6, Reason: "auditor qualified the accounts"}, 6, nil},
		{"one notch up", 4, rating.Override{To: 3, Reason: "parent guarantee"}, 3, nil},
		{"three notches", 4, rating.Override{To: 7, Reason: "litigation"}, rating.NoGrade, rating.ErrOverrideLimit},
		{"no reason", 4, rating.Override{To: 5, Reason: "  "}, rating.NoGrade, rating.ErrOverrideReason},
		{"to default always allowed", 1, rating.Override{To: 10, Reason: "missed payment 90 days"}, 10, nil},
		{"grade off scale", 4, rating.Override{To: 12, Reason: "x"}, rating.NoGrade, rating.ErrUnknownGrade},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := s.ApplyOverride(tt.from, tt.o)
			if g != tt.want || !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, %v; want %v, %v", g, err, tt.want, tt.sentinel)
			}
		})
	}
	var ie *rating.InputError
	_, err := s.ApplyOverride(4, rating.Override{To: 1, Reason: "x"})
	if !errors.As(err, &ie) || ie.Field != "override.to" || ie.Value != "1 (3 notches from 4, limit 2)" {
		t.Errorf("override limit: %v", err)
	}
}

func TestGradeText(t *testing.T) {
	tests := []struct {
		g    rating.Grade
		text string
	}{{rating.NoGrade, ""}, {1, "1"}, {10, "10"}}
	for _, tt := range tests {
		t.Run(tt.g.String(), func(t *testing.T) {
			b, err := tt.g.MarshalText()
			if err != nil || string(b) != tt.text {
				t.Fatalf("MarshalText = %q, %v", b, err)
			}
			var g rating.Grade
			if err := g.UnmarshalText(b); err != nil || g != tt.g {
				t.Errorf("round trip %v, %v", g, err)
			}
		})
	}
	var g rating.Grade
	if err := g.UnmarshalText([]byte("-3")); err == nil {
		t.Error("negative grade accepted")
	}
	if rating.Grade(2).Compare(3) != -1 || rating.Grade(3).Compare(3) != 0 || rating.NoGrade.IsValid() {
		t.Error("Compare/IsValid")
	}
	o := rating.Override{To: 3, Reason: "r"}
	b, _ := json.Marshal(o)
	if string(b) != `{"to":"3","reason":"r"}` {
		t.Errorf("override JSON %s", b)
	}
}
