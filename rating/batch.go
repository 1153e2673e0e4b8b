package rating

// BatchResult is one firm's outcome in [Model.ScoreAll]: either Err is nil
// and Score (0–100), Grade and PD (fraction; both zero without a master
// scale) hold the result, or Err says why the firm could not be scored.
// Per-indicator contributions are not kept in batches (they would cost
// Len × 16 bytes per firm); score a firm with [Model.Score] to explain it.
type BatchResult struct {
	Score float64 // points, 0–100
	Grade Grade   // NoGrade without a master scale
	PD    float64 // one-year PD of the grade, fraction; 0 without a scale
	Err   error   // why the firm could not be scored, or nil
}

// ScoreAll scores every firm: rows[i] holds firm i's raw values in model
// order and missing[i] its missing mask (missing may be nil, and any
// missing[i] may be nil). The result has len(rows) entries, one per firm,
// each with its own result or error as in [Model.Score]; nothing is
// dropped. The error is non-nil only when missing is non-nil and its length
// differs from len(rows) ([*ShapeError]). Cost O(len(rows) · Len).
func (m *Model) ScoreAll(rows [][]float64, missing [][]bool) ([]BatchResult, error) {
	return m.ScoreAllTo(make([]BatchResult, len(rows)), rows, missing)
}

// ScoreAllTo is [Model.ScoreAll] writing into dst, which must have length
// len(rows) ([*ShapeError] otherwise); it returns dst and does not allocate
// except for per-firm errors.
func (m *Model) ScoreAllTo(dst []BatchResult, rows [][]float64, missing [][]bool) ([]BatchResult, error) {
	if len(dst) != len(rows) {
		return dst, &ShapeError{Name: "dst", Want: len(rows), Got: len(dst)}
	}
	if missing != nil && len(missing) != len(rows) {
		return dst, &ShapeError{Name: "missing", Want: len(rows), Got: len(missing)}
	}
	for i, x := range rows {
		var miss []bool
		if missing != nil {
			miss = missing[i]
		}
		s, _, err := m.score(x, miss, nil, nil)
		if err != nil {
			dst[i] = BatchResult{Err: err}
			continue
		}
		r := BatchResult{Score: s}
		if m.scale != nil {
			r.Grade = m.scale.gradeOf(s)
			r.PD = m.scale.grades[r.Grade-1].PD
		}
		dst[i] = r
	}
	return dst, nil
}
