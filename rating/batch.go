package rating

import (
	"math"
	"strconv"
	"strings"
)

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
//
// Firms are scored in blocks of 256: the values of four indicators at a
// time are copied into columns of the block, and each indicator is
// scored down its column by the kernels of [Model.ScoreColumnsTo], with
// the results of [Model.Score] bit for bit: each firm's products wᵢ·sᵢ
// are added in model order. On amd64 the kernels of linear, step (up to
// 8 cuts) and piecewise (up to 9 breakpoints) indicators are SSE2
// assembly, two firms an instruction, each lane rounding as the Go code
// does; the build tag purego selects the Go kernels, with the same
// results. A firm with a missing value, a non-finite value, a wrong
// row length or an unknown category is scored again alone, by the path of
// [Model.Score], which gives its imputed result or its error.
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
	var blk scoreBlock
	for s := 0; s < len(rows); s += blockFirms {
		e := min(s+blockFirms, len(rows))
		var miss [][]bool
		if missing != nil {
			miss = missing[s:e]
		}
		m.scoreBlock(&blk, dst[s:e], rows[s:e], miss, s)
	}
	return dst, nil
}

// blockFirms is the number of firms scored together: their running totals
// and row headers (32 bytes a firm) stay in the L1 cache.
const blockFirms = 256

// scoreBlock is the scratch of one block.
type scoreBlock struct {
	tot  [blockFirms]float64    // Σ wᵢ·sᵢ so far
	rows [blockFirms][]float64  // the block's rows, a bad row replaced
	slow [blockFirms]bool       // scored alone by the path of Score
	col  [4][blockFirms]float64 // the values of four indicators
}

// scoreBlock scores rows (at most blockFirms, the first being firm base)
// into dst.
func (m *Model) scoreBlock(b *scoreBlock, dst []BatchResult, rows [][]float64, missing [][]bool, base int) {
	n := len(m.ind)
	nb := len(rows)
	tot, rs, slow := b.tot[:nb], b.rows[:nb], b.slow[:nb]
	// Pass 1: rows the block loop cannot score (wrong length, a missing
	// value) go the slow way; a row of zeros stands in for them.
	for f, r := range rows {
		bad := len(r) != n
		if missing != nil && missing[f] != nil {
			mf := missing[f]
			if len(mf) != n {
				bad = true
			} else {
				for _, b := range mf {
					bad = bad || b
				}
			}
		}
		slow[f] = bad
		if bad {
			r = m.zeros
		}
		rs[f] = r
		tot[f] = 0
	}
	// Pass 2: the values of four indicators at a time gathered into
	// contiguous columns (one row header read for four values), then the
	// kernels of ScoreColumnsTo on each, in model order.
	xs := &b.col
	for j := 0; j < n; j += len(xs) {
		k := min(len(xs), n-j)
		if k == len(xs) {
			c0, c1, c2, c3 := xs[0][:nb], xs[1][:nb], xs[2][:nb], xs[3][:nb]
			for f, r := range rs {
				r = r[j : j+4]
				c0[f], c1[f], c2[f], c3[f] = r[0], r[1], r[2], r[3]
			}
		} else {
			for f, r := range rs {
				for g, v := range r[j : j+k] {
					xs[g][f] = v
				}
			}
		}
		for g := 0; g < k; {
			var y []float64
			if g+1 < k && m.pair(j+g) {
				y = xs[g+1][:nb]
			}
			g += m.addIndicator(tot, j+g, xs[g][:nb], y)
		}
	}
	// Pass 3: results. The slow way repeats the firm alone.
	sc := m.scale
	for f, t := range tot {
		if slow[f] || t != t {
			dst[f] = m.scoreOne(rows[f], missing, f, base)
			continue
		}
		t = clamp100(t) // min(max(t, 0), 100): t is not NaN
		var g Grade
		var pd float64
		if sc != nil {
			g = sc.gradeOf(t)
			pd = sc.pd[g]
		}
		// One write of the whole record: one write-barrier test for its
		// pointer words rather than one per word.
		dst[f] = BatchResult{Result: Result{Score: t, Grade: g, PD: pd}}
	}
}

// ScoreColumnsTo is [Model.ScoreAllTo] on values given column by column:
// cols[j][i] is firm i's raw value of indicator j (model order), so
// len(cols) = [Model.Len] and every column has one value per firm, and
// missing, when not nil, has one mask column per indicator (missing[j][i]
// reports firm i's value of indicator j missing; any missing[j] may be
// nil: none missing). dst is resliced to the number of firms and reused
// when its capacity suffices; the result has one entry per firm, in
// order, each with its own result or error, bit for bit those of
// [Model.Score] on the firm's row; a firm's error names its element as
// "cols[j][i]" or "missing[j][i]".
//
// Columns are the layout of a data frame or of numpy's column-major
// arrays; they are read in place (each kernel runs down a contiguous
// column, without the row headers and bounds checks of the row form), so
// this is faster than the row form; [Model.ScoresTo], which also writes
// its results by column, is the fastest. It allocates nothing but
// per-firm errors and, when some firm is scored alone (a missing or bad
// value), one row of Len values and its mask of Len flags.
//
// Errors (the call's, with dst[:0]): an [*InputError] wrapping
// [ErrShape] when len(cols) or len(missing) is not Len (Field "cols",
// "missing") or a column's length differs from the first's (Field
// "cols[j]", "missing[j]"). Cost O(firms · Len).
func (m *Model) ScoreColumnsTo(dst []BatchResult, cols [][]float64, missing [][]bool) ([]BatchResult, error) {
	firms, err := m.columnsShape(cols, missing)
	if err != nil {
		return dst[:0], err
	}
	if cap(dst) < firms {
		dst = make([]BatchResult, firms)
	}
	dst = dst[:firms]
	var one firmRow
	var blk scoreBlock
	for s := 0; s < firms; s += blockFirms {
		tot := m.columnBlock(&blk, cols, missing, s, min(s+blockFirms, firms))
		d := dst[s:]
		d = d[:len(tot)]
		for f, t := range tot {
			if t != t {
				d[f] = m.scoreColumn(&one, cols, missing, s+f)
				continue
			}
			t = clamp100(t) // min(max(t, 0), 100): t is not NaN
			var g Grade
			var pd float64
			if m.scale != nil {
				g = m.scale.gradeOf(t)
				pd = m.scale.pd[g]
			}
			d[f] = BatchResult{Result: Result{Score: t, Grade: g, PD: pd}}
		}
	}
	return dst, nil
}

// BatchScores holds the results of [Model.ScoresTo] column by column:
// one entry per firm, in input order, in each of Score, Grade and PD (17
// bytes a firm, against the 120 of a [BatchResult]), and apart, in Notes,
// the few firms scored with their missing policy or not scored. The zero
// value is empty and ready to be filled; a BatchScores passed again to
// ScoresTo is reused.
type BatchScores struct {
	// Score is the weighted score Σ wᵢ·sᵢ in points, 0–100, as
	// [Result.Score]; 0 for a firm that could not be scored.
	Score []float64
	// Grade is the grade of Score on the model's master scale; NoGrade
	// without a scale or for a firm that could not be scored.
	Grade []Grade
	// PD is the one-year PD of Grade, fraction; 0 without a scale or for
	// a firm that could not be scored.
	PD []float64
	// Notes lists, in firm order, every firm with an imputed value or an
	// error; every firm not listed had all its values and no error.
	Notes []FirmNote
}

// FirmNote is a firm of a [BatchScores] that was scored with its
// missing policy, or not scored.
type FirmNote struct {
	Firm    int   // the firm's position in the batch, from 0
	Imputed int   // indicators scored by their missing policy, as [Result.Imputed]
	Err     error // why the firm was not scored (as in [Model.ScoreColumnsTo]), or nil
}

// ScoresTo is [Model.ScoreColumnsTo] writing the results into the
// columns of dst (allocated when nil): each of dst.Score, dst.Grade and
// dst.PD is resliced to the number of firms (reused when its capacity
// suffices), and dst.Notes to the firms with an imputed value or an
// error. It returns dst. The values, masks, errors and results are those
// of ScoreColumnsTo, bit for bit; what differs is the write: 17 bytes a
// firm instead of a 120-byte [BatchResult], the form in which a data
// frame or numpy holds a score, a grade and a PD per firm, and the
// fastest form of a large batch.
//
// It allocates nothing but what dst lacks, per-firm errors and, when
// some firm is scored alone (a missing or bad value), one row of Len
// values and its mask of Len flags. Errors (the call's, with the columns of dst emptied): those of
// ScoreColumnsTo. Cost O(firms · Len).
func (m *Model) ScoresTo(dst *BatchScores, cols [][]float64, missing [][]bool) (*BatchScores, error) {
	if dst == nil {
		dst = new(BatchScores)
	}
	dst.Notes = dst.Notes[:0]
	firms, err := m.columnsShape(cols, missing)
	if err != nil {
		dst.Score, dst.Grade, dst.PD = dst.Score[:0], dst.Grade[:0], dst.PD[:0]
		return dst, err
	}
	dst.Score = grow(dst.Score, firms)
	dst.PD = grow(dst.PD, firms)
	if cap(dst.Grade) < firms {
		dst.Grade = make([]Grade, firms)
	}
	dst.Grade = dst.Grade[:firms]
	var one firmRow
	sc := m.scale
	var blk scoreBlock
	for s := 0; s < firms; s += blockFirms {
		tot := m.columnBlock(&blk, cols, missing, s, min(s+blockFirms, firms))
		score, grade, pd := dst.Score[s:], dst.Grade[s:], dst.PD[s:]
		score, grade, pd = score[:len(tot)], grade[:len(tot)], pd[:len(tot)]
		if sc == nil {
			for f, t := range tot {
				if t != t {
					score[f], grade[f], pd[f] = m.noteColumn(dst, &one, cols, missing, s+f)
					continue
				}
				score[f], grade[f], pd[f] = clamp100(t), NoGrade, 0
			}
			continue
		}
		for f, t := range tot {
			if t != t {
				score[f], grade[f], pd[f] = m.noteColumn(dst, &one, cols, missing, s+f)
				continue
			}
			t = clamp100(t) // min(max(t, 0), 100): t is not NaN
			g := sc.gradeOf(t)
			score[f], grade[f], pd[f] = t, g, sc.pd[g]
		}
	}
	return dst, nil
}

// columnsShape checks the shapes of a columnar batch (see
// [Model.ScoreColumnsTo]) and returns its number of firms.
func (m *Model) columnsShape(cols [][]float64, missing [][]bool) (int, error) {
	if m == nil || len(m.ind) == 0 {
		return 0, nilModel()
	}
	n := len(m.ind)
	if len(cols) != n {
		return 0, shapeErr("cols", len(cols), n)
	}
	firms := len(cols[0])
	for j, c := range cols {
		if len(c) != firms {
			return 0, shapeErr(at("cols", j), len(c), firms)
		}
	}
	if missing != nil {
		if len(missing) != n {
			return 0, shapeErr("missing", len(missing), n)
		}
		for j, mk := range missing {
			if mk != nil && len(mk) != firms {
				return 0, shapeErr(at("missing", j), len(mk), firms)
			}
		}
	}
	return firms, nil
}

// columnBlock scores firms s…e−1 (at most blockFirms) of a columnar
// batch into b and returns their totals Σ wⱼ·sⱼ, NaN for a firm to be
// scored alone: one with a missing, NaN, ±Inf or unknown value.
func (m *Model) columnBlock(b *scoreBlock, cols [][]float64, missing [][]bool, s, e int) []float64 {
	nb := e - s
	tot := b.tot[:nb]
	clear(tot)
	m.addColumns(tot, cols, s, e)
	for _, mk := range missing {
		if mk == nil {
			continue
		}
		for f, b := range mk[s:e] {
			if b {
				tot[f] = math.NaN()
			}
		}
	}
	return tot
}

// noteColumn scores firm i of a columnar batch alone (see
// [Model.scoreColumn]), notes it in dst.Notes when it has an imputed
// value or an error, and returns its score, grade and PD.
func (m *Model) noteColumn(dst *BatchScores, one *firmRow, cols [][]float64, missing [][]bool, i int) (float64, Grade, float64) {
	r := m.scoreColumn(one, cols, missing, i)
	if r.Err != nil || r.Result.Imputed > 0 {
		dst.Notes = append(dst.Notes, FirmNote{Firm: i, Imputed: r.Result.Imputed, Err: r.Err})
	}
	return r.Result.Score, r.Result.Grade, r.Result.PD
}

// addColumns adds to tot[f] the products wⱼ·sⱼ of firm s+f, indicator by
// indicator in model order, from the columns cols[j][s:e].
func (m *Model) addColumns(tot []float64, cols [][]float64, s, e int) {
	for j := 0; j < len(m.ind); {
		var x2 []float64
		if m.pair(j) {
			x2 = cols[j+1][s:e]
		}
		j += m.addIndicator(tot, j, cols[j][s:e], x2)
	}
}

// pair reports whether indicators j and j+1 are both linear: the kernels
// add them in one pass.
func (m *Model) pair(j int) bool {
	return m.ind[j].kind == Linear && j+1 < len(m.ind) && m.ind[j+1].kind == Linear
}

// addIndicator adds to tot[f] the product wⱼ·sⱼ of indicator j on the
// value x[f] (len(x) ≥ len(tot)), and when m.pair(j) the product of
// indicator j+1 on x2[f] after it; it returns the number of indicators
// added (1 or 2). Each kernel adds, after the product, a term that is +0
// for a finite value and NaN for NaN, ±Inf or an unknown category code:
// p + 0 = p (the products are ≥ +0), and a NaN total sends the firm the
// slow way, which reports the error. Anything unusual (an overflowing
// difference) only costs the slow way.
func (m *Model) addIndicator(tot []float64, j int, x, x2 []float64) int {
	c := &m.ind[j]
	w := c.weight
	x = x[:len(tot)]
	switch {
	case x2 != nil:
		d := &m.ind[j+1]
		linear2(tot, x, x2[:len(tot)], c.worst, c.inv, w, d.worst, d.inv, d.weight)
		return 2
	case c.kind == Linear:
		linear1(tot, x, c.worst, c.inv, w)
	case c.fix != nil && c.kind == Step:
		stepBands(tot, x, &c.fix.cut, &c.fix.y, w, c.fix.n)
	case c.fix != nil && c.kind == Piecewise:
		fx := c.fix
		pieceSegments(tot, x, fx.first, &fx.cut, &fx.x, &fx.y, &fx.dx, &fx.dy, w, fx.n)
	case c.kind == Categorical && c.tbl != nil:
		tbl, lo := c.tbl, c.lo
		for f, v := range x {
			tot[f] += float64(w * tableScore(tbl, lo, v))
		}
	default:
		for f, v := range x {
			sc, ok := c.score(v)
			if !ok {
				sc = math.NaN()
			}
			tot[f] += float64(w*sc) + (v - v)
		}
	}
	return 1
}

// firmRow is the row and mask of a firm of a columnar batch scored
// alone, allocated for the first such firm.
type firmRow struct {
	row  []float64
	miss []bool
}

// scoreColumn scores firm i of a columnar batch by the path of
// [Model.Score], gathering its row and mask into one, and names the
// element in an error: "cols[j][i]", "missing[j][i]".
func (m *Model) scoreColumn(one *firmRow, cols [][]float64, missing [][]bool, i int) BatchResult {
	if one.row == nil {
		one.row, one.miss = make([]float64, len(m.ind)), make([]bool, len(m.ind))
	}
	row := one.row
	for j, c := range cols {
		row[j] = c[i]
	}
	var mk []bool
	if missing != nil {
		mk = one.miss
		for j, c := range missing {
			mk[j] = c != nil && c[i]
		}
	}
	s, imputed, err := m.score(row, mk, nil, nil)
	if err != nil {
		if ie, ok := err.(*InputError); ok {
			if rest, ok := strings.CutPrefix(ie.Field, "values"); ok {
				ie.Field = "cols" + rest + "[" + strconv.Itoa(i) + "]"
			} else if rest, ok := strings.CutPrefix(ie.Field, "missing"); ok {
				ie.Field = "missing" + rest + "[" + strconv.Itoa(i) + "]"
			}
		}
		return BatchResult{Err: err}
	}
	r := Result{Score: s, Imputed: imputed}
	if m.scale != nil {
		r.Grade = m.scale.gradeOf(s)
		r.PD = m.scale.pds[r.Grade-1]
	}
	return BatchResult{Result: r}
}

// scoreOne scores firm base+f by the path of [Model.Score], naming the
// element of the batch in an error.
func (m *Model) scoreOne(x []float64, missing [][]bool, f, base int) BatchResult {
	var miss []bool
	if missing != nil {
		miss = missing[f]
	}
	s, imputed, err := m.score(x, miss, nil, nil)
	if err != nil {
		if ie, ok := err.(*InputError); ok { // name the element in the batch
			if rest, ok := strings.CutPrefix(ie.Field, "values"); ok {
				ie.Field = at("rows", base+f) + rest
			} else if rest, ok := strings.CutPrefix(ie.Field, "missing"); ok {
				ie.Field = at("missing", base+f) + rest
			}
		}
		return BatchResult{Err: err}
	}
	r := Result{Score: s, Imputed: imputed}
	if m.scale != nil {
		r.Grade = m.scale.gradeOf(s)
		r.PD = m.scale.pds[r.Grade-1]
	}
	return BatchResult{Result: r}
}

// fixedCuts is a step function of at most 8 cuts, or a piecewise linear
// one of at most 9 breakpoints, in fixed-size arrays for the unrolled
// kernels of the batch.
type fixedCuts struct {
	n     int        // cuts the kernel tests: 4 or 8
	first float64    // piecewise: the first breakpoint (+0 for −0)
	cut   [8]float64 // step: cutsN; piecewise: cutsN[1:]; padded with +Inf
	// Indexed by the band or segment (0…16 after a mask, so without a
	// bounds check): step scores in y; the piecewise segments of
	// indicator.pw in x, y, dx, dy. Each is padded with its last entry.
	x, y, dx, dy [16]float64
}

// fixedOf returns the fixed-size form of c, or nil when c is not a step
// function of at most 8 cuts or a piecewise one of 2 to 9 breakpoints.
func fixedOf(c *indicator) *fixedCuts {
	var cuts []float64
	fx := &fixedCuts{}
	switch {
	case c.kind == Step && len(c.cutsN) >= 1 && len(c.cutsN) <= 8 && len(c.ys) == len(c.cutsN)+1:
		cuts = c.cutsN
		pad(fx.y[:], c.ys)
	case c.kind == Piecewise && len(c.cutsN) >= 2 && len(c.cutsN) <= 9 && len(c.pw.x) == len(c.cutsN)+1:
		fx.first, cuts = c.cutsN[0], c.cutsN[1:]
		pad(fx.x[:], c.pw.x)
		pad(fx.y[:], c.pw.y)
		pad(fx.dx[:], c.pw.dx)
		pad(fx.dy[:], c.pw.dy)
	default:
		return nil
	}
	fx.n = 8
	if len(cuts) <= 4 {
		fx.n = 4
	}
	for i := range fx.cut {
		fx.cut[i] = math.Inf(1)
	}
	copy(fx.cut[:], cuts)
	return fx
}

// pad copies src into dst and repeats src's last entry to dst's end.
func pad(dst, src []float64) {
	n := copy(dst, src)
	for i := n; i < len(dst); i++ {
		dst[i] = src[n-1]
	}
}

// stepIndex returns the number of cuts ≤ x (cuts increasing): the band of
// a step function.
func stepIndex(cuts []float64, x float64) int {
	if len(cuts) <= 8 {
		i := 0
		for i < len(cuts) && x >= cuts[i] {
			i++
		}
		return i
	}
	lo, hi := 0, len(cuts) // invariant: cuts[:lo] ≤ x, cuts[hi:] > x
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if x >= cuts[h] {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// tableScore returns the categorical score of code x from tbl (codes from
// lo), or NaN when x is not a mapped code.
func tableScore(tbl []float64, lo int, x float64) float64 {
	k := int(x)
	if i := uint(k - lo); i < uint(len(tbl)) && float64(k) == x {
		return tbl[i]
	}
	return math.NaN()
}

// ge returns 1 if v ≥ c, else 0, without a branch, for finite v and c
// that are not −0 (the sign of v − c; v − c is 0 only when v = c, and
// then +0). A NaN v gives 0 or 1.
func ge(v, c float64) int { return int(1 ^ math.Float64bits(v-c)>>63) }

// gt returns 1 if v > c, else 0, under the conditions of ge.
func gt(v, c float64) int { return int(math.Float64bits(c-v) >> 63) }

// bits100 is the bit pattern of 100.0.
const bits100 = 0x4059000000000000

// clamp100 is min(max(u, 0), 100) for a u that is not NaN, without a branch: the bits of a
// float64 ≥ +0 order as int64 do, and those of a negative value (−0 included) are negative
// as int64. It gives +0 for −0 as max(−0, 0) does; for NaN it gives 0 or 100 (the batch
// sends a NaN u the slow way).
func clamp100(u float64) float64 {
	b := int64(math.Float64bits(u))
	return math.Float64frombits(uint64(min(max(b, 0), bits100)))
}
