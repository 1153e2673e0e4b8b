package validation

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"
)

// The fuzz targets below do not clamp their inputs: any float64 bit
// pattern (NaN, ±Inf, subnormals, ±MaxFloat64), any int, any date that
// time.Time holds. Each checks the package's promise: a typed error, or a
// finite result in its documented range.

// mustBeTyped fails unless err is one of the package's error or warning
// types, and reports whether a result came with it (a warning).
func mustBeTyped(t *testing.T, err error) (warning bool) {
	t.Helper()
	var ie *InputError
	var fw *FewDefaultsWarning
	var ow *OneBinWarning
	switch {
	case errors.As(err, &fw), errors.As(err, &ow):
		return true
	case errors.As(err, &ie):
		if ie.Err == nil || len(ie.Value) > maxValueText+10 || ie.Field == "" {
			t.Fatalf("malformed InputError %+v", ie)
		}
		return false
	}
	t.Fatalf("untyped error %v", err)
	return false
}

// floats decodes raw as float64 bit patterns, 8 bytes each.
func floats(raw []byte) []float64 {
	x := make([]float64, len(raw)/8)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return x
}

func finite(t *testing.T, name string, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: non-finite %v in %v", name, v, vs)
		}
	}
}

func in01(t *testing.T, name string, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("%s: %v outside [0, 1]", name, v)
		}
	}
}

func FuzzCurves(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []byte{1, 0}, uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 0, 0, 0, 0, 0, 0, 0xe0, 0x7f}, []byte{0, 1}, uint8(2))
	f.Fuzz(func(t *testing.T, raw, outcomes []byte, order uint8) {
		scores := floats(raw)
		def := make([]bool, len(outcomes))
		for i, b := range outcomes {
			def[i] = b&1 == 1
		}
		o := ScoreOrder(order)
		fpr, tpr, thr, err := ROC(scores, def, o)
		if err != nil && !mustBeTyped(t, err) {
			return
		}
		if len(fpr) != len(tpr) || len(fpr) != len(thr) || len(fpr) == 0 {
			t.Fatalf("ROC lengths %d %d %d", len(fpr), len(tpr), len(thr))
		}
		in01(t, "ROC fpr", fpr...)
		in01(t, "ROC tpr", tpr...)
		finite(t, "ROC thresholds", thr...)
		if fpr[len(fpr)-1] != 1 || tpr[len(tpr)-1] != 1 {
			t.Fatalf("ROC does not end at (1, 1)")
		}
		x, y, err := CAP(scores, def, o)
		if err != nil && !mustBeTyped(t, err) {
			t.Fatalf("CAP failed where ROC did not: %v", err)
		}
		in01(t, "CAP x", x...)
		in01(t, "CAP y", y...)
		auc, err := AUC(scores, def, o)
		if err != nil && !mustBeTyped(t, err) {
			t.Fatalf("AUC failed where ROC did not: %v", err)
		}
		in01(t, "AUC", auc)
	})
}

func FuzzPSISamples(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0}, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, 10, []byte{}, uint8(0), 0.0)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, []byte{8, 7, 6, 5, 4, 3, 2, 1}, math.MaxInt, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f}, uint8(2), math.Inf(1))
	f.Fuzz(func(t *testing.T, rawE, rawA []byte, bins int, rawCuts []byte, policy uint8, knob float64) {
		e, a := floats(rawE), floats(rawA)
		opts := StabilityOptions{Bins: bins, Empty: EmptyBinPolicy(policy), Add: knob, Floor: knob}
		if len(rawCuts) >= 8 {
			opts.Cuts = floats(rawCuts)
		}
		check := func(name string, s Stability, err error) {
			if err != nil && !mustBeTyped(t, err) {
				return
			}
			finite(t, name, s.PSI)
			finite(t, name, s.Contributions...)
			if s.PSI < 0 || s.Band != BandOf(s.PSI) || !s.Band.IsValid() {
				t.Fatalf("%s: PSI %v band %v", name, s.PSI, s.Band)
			}
			if len(s.Expected) != len(s.Actual) || len(s.Expected) != len(s.Contributions) {
				t.Fatalf("%s: lengths", name)
			}
		}
		s, err := PSISamples(e, a, opts)
		check("PSISamples", s, err)
		if err == nil && opts.Cuts == nil && len(s.Cuts) > max(bins, 10)-1 {
			t.Fatalf("%d cuts for %d bins", len(s.Cuts), bins)
		}
		if c, err := QuantileCuts(e, bins); err == nil {
			finite(t, "QuantileCuts", c...)
			if len(c) >= bins {
				t.Fatalf("%d cuts for %d bins", len(c), bins)
			}
		} else {
			mustBeTyped(t, err)
		}
		// The same bytes as counts.
		if len(e) == len(a) {
			s, err := PSI(e, a, opts)
			check("PSI", s, err)
			s, err = CSI(e, a, opts)
			check("CSI", s, err)
			dst := make([]float64, len(e))
			p, err := PSITo(dst, e, a, opts)
			if err == nil {
				finite(t, "PSITo", p)
				finite(t, "PSITo dst", dst...)
			} else {
				mustBeTyped(t, err)
			}
		}
	})
}

func FuzzPDScores(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 1, 0, 0, 0, 0, 0, 0, 0, 0}, 3, true)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0}, math.MaxInt, false)
	f.Fuzz(func(t *testing.T, raw []byte, groups int, oos bool) {
		// 9 bytes per obligor: 8 for the PD's bits (any float64), 1 for
		// the outcome.
		n := len(raw) / 9
		pd := make([]float64, n)
		def := make([]bool, n)
		for i := range n {
			pd[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[9*i:]))
			def[i] = raw[9*i+8]&1 == 1
		}
		if b, err := Brier(pd, def); err == nil {
			in01(t, "Brier", b)
		} else {
			mustBeTyped(t, err)
		}
		if l, err := LogLoss(pd, def); err == nil {
			finite(t, "LogLoss", l)
			if l < 0 {
				t.Fatalf("LogLoss %v", l)
			}
		} else {
			mustBeTyped(t, err)
		}
		grades := make([]string, n)
		for i := range n {
			grades[i] = string(rune('A' + raw[9*i]%7))
		}
		if in, err := TallyGrades(grades, pd, def); err == nil {
			counts := make([]float64, len(in))
			for i, g := range in {
				in01(t, "TallyGrades PD", g.PD)
				counts[i] = float64(g.Obligors)
			}
			hi, hn, err := Herfindahl(counts)
			if err != nil {
				t.Fatalf("Herfindahl of tallied grades: %v", err)
			}
			in01(t, "Herfindahl", hi, hn)
		} else {
			mustBeTyped(t, err)
		}
		// The PDs as counts.
		if hi, hn, err := Herfindahl(pd); err == nil {
			in01(t, "Herfindahl", hi, hn)
		} else {
			mustBeTyped(t, err)
		}
		r, err := HosmerLemeshow(pd, def, HosmerLemeshowOptions{Groups: groups, OutOfSample: oos})
		if err == nil || mustBeTyped(t, err) {
			finite(t, "HL", r.Statistic)
			in01(t, "HL p", r.PValue)
			if r.Statistic < 0 {
				t.Fatalf("HL statistic %v", r.Statistic)
			}
		}
	})
}

func FuzzReportGrades(f *testing.F) {
	f.Add(100, 3, 0.01, 400, 12, 0.02, uint8(0), 0.0, 0.0, 0)
	f.Add(math.MaxInt, math.MaxInt/100, 0.01, math.MaxInt, 0, 5e-324, uint8(1), 0.05, 1e-300, -1)
	f.Fuzz(func(t *testing.T, n1, d1 int, pd1 float64, n2, d2 int, pd2 float64, test uint8, yellow, red float64, minD int) {
		in := []GradeInput{{"A", n1, d1, pd1}, {"B", n2, d2, pd2}}
		rep, err := ReportGrades(in, GradeReportOptions{Test: CalibrationTest(test), YellowLevel: yellow, RedLevel: red, MinDefaults: minD})
		if err != nil && !mustBeTyped(t, err) {
			return
		}
		for _, r := range append(rep.Rows, rep.Total) {
			in01(t, "row "+r.Grade, r.BinomialP, r.Binomial2P, r.JeffreysP, r.DefaultRate, r.PD)
			if !r.Light.IsValid() {
				t.Fatalf("light %v", r.Light)
			}
		}
		in01(t, "Herfindahl", rep.Herfindahl, rep.HerfindahlNormalized)
	})
}

func FuzzMatrix(f *testing.F) {
	f.Add([]byte{}, 2, 0, 10)
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, math.MaxInt, 1, 1_000_000_000)
	f.Fuzz(func(t *testing.T, raw []byte, n, d, horizon int) {
		// A 2×2 or 3×3 matrix from the bytes, or a valid one when too few.
		v := floats(raw)
		var p [][]float64
		switch {
		case len(v) >= 9:
			p = [][]float64{v[0:3], v[3:6], v[6:9]}
		case len(v) >= 4:
			p = [][]float64{v[0:2], v[2:4]}
		case len(v) >= 1:
			p = [][]float64{v[0:1]}
		default:
			p = [][]float64{{0.9, 0.1}, {0, 1}}
		}
		if m, err := MatrixPower(p, n); err == nil {
			for _, row := range m {
				in01(t, "MatrixPower", row...)
			}
		} else {
			mustBeTyped(t, err)
		}
		if cum, err := DefaultTermStructure(p, d, horizon); err == nil {
			if len(cum) != horizon {
				t.Fatalf("%d rows for horizon %d", len(cum), horizon)
			}
			for _, row := range cum {
				in01(t, "DefaultTermStructure", row...)
			}
		} else {
			mustBeTyped(t, err)
		}
	})
}

func FuzzMigrationDates(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, int64(946684800), int64(978307200), 12, int64(86400))
	f.Add([]byte{1, 200, 3, 1, 201, 2}, int64(-62135596800), int64(3e18), 1, int64(1e15))
	f.Add([]byte{1, 2, 3}, int64(946684800), int64(3155760000000000000), 0, int64(-1))
	f.Add([]byte{1, 0, 1, 1, 255, 3, 2, 0, 0, 2, 255, 2}, int64(math.MinInt64), int64(math.MaxInt64), math.MaxInt, int64(math.MaxInt64/128))
	f.Fuzz(func(t *testing.T, raw []byte, start, end int64, months int, step int64) {
		// Dates anywhere time.Time reaches (seconds since 1970, any int64,
		// which covers the year 10¹¹), events step seconds apart.
		s, e := time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC()
		var ev []RatingEvent
		for i := 0; i+2 < len(raw); i += 3 {
			ev = append(ev, RatingEvent{
				Obligor: string(rune('a' + raw[i]%8)),
				Date:    time.Unix(start+int64(raw[i+1]-128)*step, 0).UTC(),
				State:   smallSpec.States[int(raw[i+2])%4],
			})
		}
		check := func(name string, m Migration, err error) {
			if err != nil {
				mustBeTyped(t, err)
				return
			}
			for i, row := range m.P {
				in01(t, name, row...)
				var sum float64
				for _, v := range row {
					sum += v
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Fatalf("%s: row %d sums to %v", name, i, sum)
				}
			}
			finite(t, name+" AtRisk", m.AtRisk...)
		}
		m, err := Cohort(ev, smallSpec, CohortOptions{Start: s, End: e, Months: months})
		check("Cohort", m, err)
		m, err = AalenJohansen(ev, smallSpec, DurationOptions{Start: s, End: e})
		check("AalenJohansen", m, err)
	})
}
