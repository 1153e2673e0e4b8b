package rating

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// issues collects spec problems; err joins them.
type issues []error

func (is *issues) add(path, msg string, sentinel error) {
	if sentinel == nil {
		sentinel = ErrInvalidSpec
	}
	*is = append(*is, &SpecError{Path: path, Err: sentinel, Msg: msg})
}

// err joins the problems, at most MaxErrors of them plus one saying how
// many more there were.
func (is issues) err() error {
	if len(is) > MaxErrors {
		more := &SpecError{Path: "$", Err: ErrInvalidSpec, Msg: strconv.Itoa(len(is)-MaxErrors) + " more problems not listed"}
		is = append(is[:MaxErrors:MaxErrors], more)
	}
	return errors.Join(is...)
}

// checkKind reports a kind other than want ("" is allowed in Go-built specs).
func (is *issues) checkKind(path, kind, want string) {
	if kind != "" && kind != want {
		is.add(path, fmt.Sprintf("%q, want %q", text(kind), want), nil)
	}
}

// limit returns a [*SpecError] matching [ErrLimit] when the count n at path
// exceeds bound, else nil.
func limit(path string, n, bound int) error {
	if n > bound {
		return &SpecError{Path: path, Err: ErrLimit, Msg: fmt.Sprintf("%d entries, limit %d", n, bound)}
	}
	return nil
}

// modelLimits checks the counts of a spec before any other work.
func modelLimits(spec ModelSpec) error {
	var is issues
	add := func(err error) {
		if err != nil {
			is = append(is, err)
		}
	}
	add(limit("dimensions", len(spec.Dimensions), MaxDimensions))
	add(limit("indicators", len(spec.Indicators), MaxIndicators))
	if len(spec.Indicators) <= MaxIndicators {
		for i, in := range spec.Indicators {
			p := "indicators[" + strconv.Itoa(i) + "].scoring."
			add(limit(p+"points", len(in.Scoring.Points), MaxBands))
			add(limit(p+"cuts", len(in.Scoring.Cuts), MaxBands))
			add(limit(p+"scores", len(in.Scoring.Scores), MaxBands+1))
			add(limit(p+"categories", len(in.Scoring.Categories), MaxBands))
		}
	}
	if spec.Scale != nil {
		add(limit("scale.grades", len(spec.Scale.Grades), MaxGrades))
	}
	return is.err()
}

// CompileModel validates spec and builds an immutable [Model]. Every
// problem is reported (up to [MaxErrors]), each as a [*SpecError] with its
// path (for example "indicators[2].scoring.best"), joined with
// [errors.Join]; the result matches [ErrInvalidSpec], and weight problems
// also match [ErrWeightSum]: a sum off 1 as ErrWeightSum itself, a single
// weight negative or not finite (or a zero dimension weight among positive
// ones) as [ErrInvalidWeight] at its path, naming the indicator or
// dimension. CompileModel copies spec; later changes to it
// do not affect the Model. Cost O(Σ scoring-function sizes).
//
// Rules: counts within [MaxIndicators], [MaxDimensions], [MaxBands] and
// [MaxGrades] (checked first; [ErrLimit]); Kind empty or "rating-model";
// ID and Version non-empty; indicator and dimension IDs non-empty and
// unique; weights finite, non-negative and summing to 1 as described on
// [ModelSpec]; scoring functions as on [ScoringSpec]; a Scale as on
// [CompileMasterScale].
func CompileModel(spec ModelSpec) (*Model, error) {
	if err := modelLimits(spec); err != nil {
		return nil, err
	}
	var is issues
	is.checkKind("kind", spec.Kind, KindModel)
	if strings.TrimSpace(spec.ID) == "" {
		is.add("id", "must not be empty", nil)
	}
	if strings.TrimSpace(spec.Version) == "" {
		is.add("version", "must not be empty", nil)
	}
	if len(spec.Indicators) == 0 {
		is.add("indicators", "must not be empty", nil)
	}

	// Dimensions.
	dimIndex := make(map[DimensionID]int, len(spec.Dimensions))
	hier := false
	var dimSum float64
	for i, d := range spec.Dimensions {
		p := "dimensions[" + strconv.Itoa(i) + "]"
		if d.ID == "" {
			is.add(p+".id", "must not be empty", nil)
		} else if _, dup := dimIndex[d.ID]; dup {
			is.add(p+".id", fmt.Sprintf("duplicate dimension %q", d.ID), nil)
		} else {
			dimIndex[d.ID] = i
		}
		if !finite(d.Weight) || d.Weight < 0 {
			is.add(p+".weight", fmt.Sprintf("%g for dimension %q: want finite and >= 0", d.Weight, d.ID), ErrInvalidWeight)
		}
		if d.Weight != 0 {
			hier = true
		}
		dimSum += d.Weight
	}
	if hier {
		for i, d := range spec.Dimensions {
			if d.Weight == 0 {
				is.add("dimensions["+strconv.Itoa(i)+"].weight", fmt.Sprintf("0 for dimension %q: dimension weights must be all zero or all positive", d.ID), ErrInvalidWeight)
			}
		}
		if math.Abs(dimSum-1) > WeightTolerance {
			is.add("dimensions", fmt.Sprintf("dimension weights sum to %g, want 1", dimSum), ErrWeightSum)
		}
	}

	m := &Model{
		ind:  make([]indicator, len(spec.Indicators)),
		ids:  make([]IndicatorID, len(spec.Indicators)),
		dims: make([]DimensionID, len(spec.Dimensions)),
	}
	for i, d := range spec.Dimensions {
		m.dims[i] = d.ID
	}
	seen := make(map[IndicatorID]bool, len(spec.Indicators))
	localSum := make([]float64, len(spec.Dimensions))
	var sum float64
	for i, in := range spec.Indicators {
		p := "indicators[" + strconv.Itoa(i) + "]"
		if in.ID == "" {
			is.add(p+".id", "must not be empty", nil)
		} else if seen[in.ID] {
			is.add(p+".id", fmt.Sprintf("duplicate indicator %q", in.ID), nil)
		}
		seen[in.ID] = true
		m.ids[i] = in.ID
		c := &m.ind[i]
		c.dim = -1
		if len(spec.Dimensions) > 0 {
			if d, ok := dimIndex[in.Dimension]; ok {
				c.dim = d
			} else {
				is.add(p+".dimension", fmt.Sprintf("unknown dimension %q", in.Dimension), nil)
			}
		} else if in.Dimension != "" {
			is.add(p+".dimension", fmt.Sprintf("dimension %q set but the spec declares no dimensions", in.Dimension), nil)
		}
		if !finite(in.Weight) || in.Weight < 0 {
			is.add(p+".weight", fmt.Sprintf("%g for indicator %q: want finite and >= 0", in.Weight, in.ID), ErrInvalidWeight)
		} else {
			sum += in.Weight
			if c.dim >= 0 {
				localSum[c.dim] += in.Weight
			}
		}
		c.weight = in.Weight
		compileScoring(&is, p, in, c)
	}
	if hier {
		for d, s := range localSum {
			if math.Abs(s-1) > WeightTolerance {
				is.add("dimensions["+strconv.Itoa(d)+"]", fmt.Sprintf("indicator weights in dimension %q sum to %g, want 1", spec.Dimensions[d].ID, s), ErrWeightSum)
			}
		}
		for i := range m.ind {
			if d := m.ind[i].dim; d >= 0 {
				m.ind[i].weight *= spec.Dimensions[d].Weight
			}
		}
	} else if len(spec.Indicators) > 0 && math.Abs(sum-1) > WeightTolerance {
		is.add("indicators", fmt.Sprintf("indicator weights sum to %g, want 1", sum), ErrWeightSum)
	}
	if spec.Scale != nil {
		sc, err := compileMasterScale(*spec.Scale, "scale.")
		if err != nil {
			is = append(is, err)
		}
		m.scale = sc
	}
	if err := is.err(); err != nil {
		return nil, err
	}
	m.zeros = make([]float64, len(m.ind))
	for j := range m.ind {
		m.ind[j].fix = fixedOf(&m.ind[j])
	}
	m.spec = spec.clone()
	m.spec.Kind = KindModel
	if m.spec.Scale != nil {
		m.spec.Scale.Kind = KindMasterScale
	}
	return m, nil
}

// compileScoring validates in.Scoring, in.Direction and the missing policy
// and fills c.
func compileScoring(is *issues, p string, in IndicatorSpec, c *indicator) {
	s := in.Scoring
	sp := p + ".scoring"
	c.kind = s.Kind
	numeric := s.Kind == Linear || s.Kind == Piecewise || s.Kind == Step
	switch {
	case numeric && in.Direction != Benefit && in.Direction != Cost:
		is.add(p+".direction", `must be "benefit" or "cost"`, nil)
	case s.Kind == Categorical && in.Direction != DirectionUnspecified:
		is.add(p+".direction", "must be empty for a categorical indicator", nil)
	}
	// sign is +1 when scores must rise with x, −1 when they must fall.
	sign := 1.0
	if in.Direction == Cost {
		sign = -1
	}
	okScore := func(path string, v float64) bool {
		if !finite(v) || v < 0 || v > 100 {
			is.add(path, fmt.Sprintf("score %g must be in [0, 100]", v), nil)
			return false
		}
		return true
	}
	unused := func(name string, set bool) {
		if set {
			is.add(sp+"."+name, "not used by scoring kind "+strconv.Quote(s.Kind.String()), nil)
		}
	}
	switch s.Kind {
	case Linear:
		unused("points", len(s.Points) > 0)
		unused("cuts", len(s.Cuts) > 0)
		unused("scores", len(s.Scores) > 0)
		unused("categories", len(s.Categories) > 0)
		if !finite(s.Worst) {
			is.add(sp+".worst", "must be finite", nil)
		}
		if !finite(s.Best) {
			is.add(sp+".best", "must be finite", nil)
		}
		if finite(s.Worst) && finite(s.Best) {
			if d := s.Best - s.Worst; math.IsInf(d, 0) {
				// (x − worst)·100/(best − worst) would be Inf·0 = NaN.
				is.add(sp+".best", fmt.Sprintf("thresholds too far apart (difference overflows): worst %g, best %g", s.Worst, s.Best), nil)
			} else if d*sign <= 0 {
				is.add(sp+".best", fmt.Sprintf("thresholds in the wrong order for a %s indicator: worst %g, best %g", in.Direction, s.Worst, s.Best), nil)
			} else {
				c.worst, c.best = s.Worst, s.Best
				c.inv = 100 / (s.Best - s.Worst)
				if !finite(c.inv) {
					is.add(sp+".best", "thresholds too close", nil)
				}
			}
		}
		c.min = 0
	case Piecewise:
		unused("worst", s.Worst != 0)
		unused("best", s.Best != 0)
		unused("cuts", len(s.Cuts) > 0)
		unused("scores", len(s.Scores) > 0)
		unused("categories", len(s.Categories) > 0)
		if len(s.Points) < 2 {
			is.add(sp+".points", "need at least 2 points", nil)
		}
		c.xs = make([]float64, len(s.Points))
		c.ys = make([]float64, len(s.Points))
		for j, pt := range s.Points {
			pp := sp + ".points[" + strconv.Itoa(j) + "]"
			if !finite(pt.X) {
				is.add(pp+".x", "must be finite", nil)
			}
			okScore(pp+".score", pt.Score)
			if j > 0 {
				if !(pt.X > s.Points[j-1].X) {
					is.add(pp+".x", "breakpoints must be strictly increasing", nil)
				} else if !finite(pt.X - s.Points[j-1].X) {
					is.add(pp+".x", "breakpoints too far apart (difference overflows)", nil)
				}
				if (pt.Score-s.Points[j-1].Score)*sign < 0 {
					is.add(pp+".score", fmt.Sprintf("scores must be monotone for a %s indicator", in.Direction), nil)
				}
			}
			c.xs[j], c.ys[j] = pt.X, pt.Score
		}
		for j := 1; j < len(c.xs); j++ {
			c.dx = append(c.dx, c.xs[j]-c.xs[j-1])
			c.dy = append(c.dy, c.ys[j]-c.ys[j-1])
		}
		if len(c.xs) >= 2 {
			last := len(c.xs) - 1
			c.pw.x = append(append([]float64{c.xs[0]}, c.xs[:last]...), c.xs[last])
			c.pw.y = append(append([]float64{c.ys[0]}, c.ys[:last]...), c.ys[last])
			c.pw.dx = append(append([]float64{1}, c.dx...), 1)
			c.pw.dy = append(append([]float64{0}, c.dy...), 0)
		}
		c.cutsN = plusZero(c.xs)
	case Step:
		unused("worst", s.Worst != 0)
		unused("best", s.Best != 0)
		unused("points", len(s.Points) > 0)
		unused("categories", len(s.Categories) > 0)
		if len(s.Cuts) == 0 {
			is.add(sp+".cuts", "need at least 1 cut point", nil)
		}
		if len(s.Scores) != len(s.Cuts)+1 {
			is.add(sp+".scores", fmt.Sprintf("need len(cuts)+1 = %d scores, got %d", len(s.Cuts)+1, len(s.Scores)), nil)
		}
		for j, x := range s.Cuts {
			if !finite(x) {
				is.add(sp+".cuts["+strconv.Itoa(j)+"]", "must be finite", nil)
			} else if j > 0 && !(x > s.Cuts[j-1]) {
				is.add(sp+".cuts["+strconv.Itoa(j)+"]", "cut points must be strictly increasing", nil)
			}
		}
		for j, v := range s.Scores {
			okScore(sp+".scores["+strconv.Itoa(j)+"]", v)
			if j > 0 && (v-s.Scores[j-1])*sign < 0 {
				is.add(sp+".scores["+strconv.Itoa(j)+"]", fmt.Sprintf("scores must be monotone for a %s indicator", in.Direction), nil)
			}
		}
		c.xs = append([]float64(nil), s.Cuts...)
		c.ys = append([]float64(nil), s.Scores...)
		c.cutsN = plusZero(c.xs)
	case Categorical:
		unused("worst", s.Worst != 0)
		unused("best", s.Best != 0)
		unused("points", len(s.Points) > 0)
		unused("cuts", len(s.Cuts) > 0)
		unused("scores", len(s.Scores) > 0)
		if len(s.Categories) == 0 {
			is.add(sp+".categories", "need at least 1 category", nil)
		}
		codes := make(map[int]bool, len(s.Categories))
		for j, cat := range s.Categories {
			cp := sp + ".categories[" + strconv.Itoa(j) + "]"
			if codes[cat.Code] {
				is.add(cp+".code", fmt.Sprintf("duplicate code %d", cat.Code), nil)
			}
			codes[cat.Code] = true
			okScore(cp+".score", cat.Score)
			c.xs = append(c.xs, float64(cat.Code))
			c.ys = append(c.ys, cat.Score)
		}
		c.tbl, c.lo = categoryTable(s.Categories)
	default:
		is.add(sp+".kind", fmt.Sprintf("unknown scoring kind %s", s.Kind), nil)
	}
	if len(c.ys) > 0 {
		c.min = c.ys[0]
		for _, v := range c.ys {
			c.min = min(c.min, v)
		}
	}
	c.missing = in.Missing
	switch in.Missing {
	case MissingError, MissingWorst:
		if in.NeutralScore != nil {
			is.add(p+".neutralScore", `only allowed with missing policy "neutral"`, nil)
		}
		c.missScore = c.min
	case MissingNeutral:
		if in.NeutralScore == nil {
			is.add(p+".neutralScore", `required with missing policy "neutral"`, nil)
		} else if okScore(p+".neutralScore", *in.NeutralScore) {
			c.missScore = *in.NeutralScore
		}
	default:
		is.add(p+".missing", fmt.Sprintf("unknown missing policy %s", in.Missing), nil)
	}
}

// categoryTable returns the lookup table of [indicator.tbl] and its
// lowest code, or nil when the codes span more than maxTable values.
func categoryTable(cats []CategoryScore) ([]float64, int) {
	if len(cats) == 0 {
		return nil, 0
	}
	lo, hi := cats[0].Code, cats[0].Code
	for _, c := range cats {
		lo, hi = min(lo, c.Code), max(hi, c.Code)
	}
	if lo < -maxTable || hi > maxTable || hi-lo >= maxTable {
		return nil, 0
	}
	tbl := make([]float64, hi-lo+1)
	for i := range tbl {
		tbl[i] = math.NaN()
	}
	for _, c := range cats {
		tbl[c.Code-lo] = c.Score
	}
	return tbl, lo
}

// plusZero returns a copy of xs with −0 replaced by +0.
func plusZero(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x + 0
	}
	return out
}
