package scorecard

import (
	"fmt"
	"math"
	"strconv"
)

// Reason is one adverse reason: a variable whose attribute cost the record
// Loss points relative to the best attribute of that variable. The zero
// value is not a reason (Loss 0).
type Reason struct {
	Variable int        // index in Scorecard.Variables
	Code     ReasonCode // the variable's reason code
	Bin      int        // the record's bin in the variable's table
	Loss     float64    // Best − points of Bin, > 0
}

// Result is the score of one record. Slices have one entry per variable,
// except Reasons (at most MaxReasons, largest Loss first, ties by variable
// index; variables with zero loss are never reasons). The zero value is an
// empty result ready for ScoreTo.
type Result struct {
	Score      float64 // BasePoints + Σ Points (rounded when the scorecard rounds)
	ExactScore float64 // Offset − Factor·Linear, never rounded
	Linear     float64 // η = β₀ + Σ β_j·WoE_j, log-odds of an event
	PD         float64 // 1/(1+e^{−η})
	Bins       []int
	WoE        []float64
	Points     []float64
	Reasons    []Reason
}

// Score scores one record; values has one Value per variable, in
// Scorecard.Variables order. It allocates a new Result; ScoreTo is the
// allocation-free path. Errors: *InputError (ErrInvalidInput) for a wrong length
// or a bad value (Field "values[j]", the message naming the variable). Cost O(p·log k).
func (s *Scorecard) Score(values []Value) (Result, error) {
	var r Result
	err := s.ScoreTo(&r, values)
	return r, err
}

// ScoreTo scores one record into dst, reusing its slices: once they have
// grown to the number of variables, ScoreTo allocates nothing. On error
// dst holds partial results.
//
// References: Siddiqi (2017), Intelligent Credit Scoring, 2nd ed., ch. 10
// (reason codes as points lost against the maximum of each
// characteristic).
func (s *Scorecard) ScoreTo(dst *Result, values []Value) error {
	if s == nil || !s.compiled {
		return errZeroScorecard()
	}
	if dst == nil {
		return inputErr("dst", "nil", "must point to a Result", ErrInvalidInput)
	}
	p := len(s.Variables)
	if len(values) != p {
		return inputErr("values", "length "+strconv.Itoa(len(values)), fmt.Sprintf("length must equal the %d variables", p), ErrInvalidInput)
	}
	if cap(dst.Bins) < p {
		dst.Bins = make([]int, p)
		dst.WoE = make([]float64, p)
		dst.Points = make([]float64, p)
	}
	if cap(dst.Reasons) < s.MaxReasons {
		dst.Reasons = make([]Reason, 0, s.MaxReasons)
	}
	dst.Bins, dst.WoE, dst.Points = dst.Bins[:p], dst.WoE[:p], dst.Points[:p]
	dst.Reasons = dst.Reasons[:0]
	eta := s.Intercept.Coef
	score := s.BasePoints
	for j := range s.Variables {
		v := &s.Variables[j]
		b, err := v.Table.binOfValue(values[j])
		if err != nil {
			if ie, ok := err.(*InputError); ok {
				ie.Field = idx("values", j)
				ie.Err = fmt.Errorf("%w (variable %s)", ie.Err, v.Table.Name)
			}
			return err
		}
		w := v.Table.Bins[b].WoE
		pt := v.Points[b]
		dst.Bins[j], dst.WoE[j], dst.Points[j] = b, w, pt
		eta += v.Coef.Coef * w
		score += pt
		if loss := v.Best - pt; loss > 0 {
			dst.Reasons = pushReason(dst.Reasons, s.MaxReasons, Reason{Variable: j, Code: v.ReasonCode, Bin: b, Loss: loss})
		}
	}
	dst.Linear = eta
	dst.Score = score
	dst.ExactScore = s.offset - s.factor*eta
	dst.PD = 1 / (1 + math.Exp(-eta))
	return nil
}

// pushReason inserts r into rs (sorted by Loss descending, then by
// variable index), keeping at most k entries.
func pushReason(rs []Reason, k int, r Reason) []Reason {
	if k == 0 {
		return rs
	}
	if len(rs) == k {
		if r.Loss <= rs[k-1].Loss {
			return rs
		}
		rs = rs[:k-1]
	}
	i := len(rs)
	rs = append(rs, r)
	for i > 0 && rs[i-1].Loss < r.Loss {
		rs[i] = rs[i-1]
		i--
	}
	rs[i] = r
	return rs
}

// BatchResult is the outcome of one record of ScoreAll: Err is nil and
// Result valid, or Err describes the record's problem (an *InputError
// whose Field starts with "records[i]"). The zero value is an empty
// success.
type BatchResult struct {
	Result Result
	Err    error
}

// ScoreAll scores every record and returns one BatchResult per record,
// in order (len(out) = len(records)); a bad record does not stop the
// others. Records are not modified.
func (s *Scorecard) ScoreAll(records [][]Value) []BatchResult {
	out := make([]BatchResult, len(records))
	if s == nil || !s.compiled {
		for i := range out {
			out[i].Err = errZeroScorecard()
		}
		return out
	}
	for i, rec := range records {
		out[i].Err = s.ScoreTo(&out[i].Result, rec)
		if ie, ok := out[i].Err.(*InputError); ok {
			ie.Field = idx("records", i) + "." + ie.Field
		}
	}
	return out
}

// errZeroScorecard is returned by the methods of a nil or zero Scorecard.
func errZeroScorecard() error {
	return inputErr("scorecard", "", "nil or zero Scorecard (build one with Fit, CompileScorecard or LoadScorecard)", ErrInvalidInput)
}
