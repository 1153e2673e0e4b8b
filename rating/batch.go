package rating

import "strings"

// BatchResult is one firm's outcome in [Model.ScoreAll]: either Err is nil
// and Result holds the score, grade and PD, or Err says why the firm could
// not be scored (the errors of [Model.Score], with Field naming the
// element in the batch: "rows[7][2]", "missing[7]"). In a batch, Result's
// per-indicator slices (Scores, Points, DimensionPoints) are left empty:
// they would cost 16 × Len bytes per firm; score a firm with [Model.Score]
// to explain it.
type BatchResult struct {
	Result Result // Score, Imputed, Grade and PD; slices empty
	Err    error  // why the firm could not be scored, or nil
}

// ScoreAll scores every firm: rows[i] holds firm i's raw values in model
// order and missing[i] its missing mask (missing may be nil, and any
// missing[i] may be nil). The result has len(rows) entries, one per firm in
// input order, each with its own result or error; nothing is dropped. The
// error is non-nil only when missing is non-nil and its length differs
// from len(rows) (an [*InputError] wrapping [ErrShape]). Cost
// O(len(rows) · Len).
func (m *Model) ScoreAll(rows [][]float64, missing [][]bool) ([]BatchResult, error) {
	return m.ScoreAllTo(nil, rows, missing)
}

// ScoreAllTo is [Model.ScoreAll] writing into dst, which is resliced to
// len(rows) and reused when its capacity suffices (grown otherwise); it
// returns dst and allocates nothing else except per-firm errors.
func (m *Model) ScoreAllTo(dst []BatchResult, rows [][]float64, missing [][]bool) ([]BatchResult, error) {
	if m == nil || len(m.ind) == 0 {
		return dst[:0], nilModel()
	}
	if missing != nil && len(missing) != len(rows) {
		return dst[:0], shapeErr("missing", len(missing), len(rows))
	}
	if cap(dst) < len(rows) {
		dst = make([]BatchResult, len(rows))
	}
	dst = dst[:len(rows)]
	for i, x := range rows {
		var miss []bool
		if missing != nil {
			miss = missing[i]
		}
		s, imputed, err := m.score(x, miss, nil, nil)
		if err != nil {
			if ie, ok := err.(*InputError); ok { // name the element in the batch
				if rest, ok := strings.CutPrefix(ie.Field, "values"); ok {
					ie.Field = at("rows", i) + rest
				} else if rest, ok := strings.CutPrefix(ie.Field, "missing"); ok {
					ie.Field = at("missing", i) + rest
				}
			}
			dst[i] = BatchResult{Err: err}
			continue
		}
		r := Result{Score: s, Imputed: imputed}
		if m.scale != nil {
			r.Grade = m.scale.gradeOf(s)
			r.PD = m.scale.grades[r.Grade-1].PD
		}
		dst[i] = BatchResult{Result: r}
	}
	return dst, nil
}
