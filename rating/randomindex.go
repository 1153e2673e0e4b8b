package rating

import (
	"strconv"

	"github.com/smecredit/smecredit/internal/enum"
)

// RandomIndexTable names a table of Saaty's random consistency index RI(n),
// the mean consistency index of random reciprocal n×n matrices, used in
// CR = CI / RI(n). The zero value is Saaty1980, the table Chinese bank
// manuals and theses use. Every [AHPResult] records the table it used.
// Text forms: "saaty-1980", "saaty-2005", "donegan-dodd-1991",
// "alonso-lamata-2006", "ahpsurvey".
//
// Tabulated sizes (RI(1) = RI(2) = 0 in every table, where CR is defined as 0):
//
//	Saaty1980           n ≤ 15: 0.58 0.90 1.12 1.24 1.32 1.41 1.45 1.49,
//	                    then 1.51 1.53 1.56 1.57 1.59
//	Saaty2005           n ≤ 15: 0.52 0.89 1.11 1.25 1.35 1.40 1.45 1.49 1.52
//	                    1.54 1.56 1.58 1.59
//	DoneganDodd1991     n ≤ 11: 0.4914 0.8286 1.0591 1.1797 1.2519 1.3171
//	                    1.3733 1.4055 1.4213
//	AlonsoLamata2006    n ≤ 10: 0.5247 0.8816 1.1086 1.2479 1.3417 1.4057
//	                    1.4499 1.4854; 16 ≤ n ≤ MaxCriteria:
//	                    (1.7699 n − 4.3513)/(n − 1)
//	AHPSurvey           n ≤ 8: 0.5251686 0.8836651 1.1081014 1.2492774
//	                    1.3415514 1.404846
//
// Saaty1980 n = 12 uses 1.53 (the JMcDM extension); the 1.48 found in
// pyDecision is non-monotone and treated as a typo. Sizes beyond a table
// are an error ([ErrNoRandomIndex]), not a silent constant.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, Table 1.
//   - Saaty, T. L. (2005). Theory and Applications of the Analytic Network
//     Process. RWS Publications, p. 31.
//   - Donegan, H. A., Dodd, F. J. (1991). A note on Saaty's random indexes.
//     Mathematical and Computer Modelling 15(10), 135–137.
//   - Alonso, J. A., Lamata, M. T. (2006). Consistency in the analytic
//     hierarchy process: a new approach. Int. J. Uncertainty, Fuzziness and
//     Knowledge-Based Systems 14(4), 445–459.
//   - Cho, F. (2019). ahpsurvey: Analytic Hierarchy Process for Survey Data,
//     R package (simulated random indices, ahp.ri).
type RandomIndexTable uint8

// Random-index tables. The values are stable.
const (
	Saaty1980        RandomIndexTable = iota // Saaty (1980), the default
	Saaty2005                                // Saaty (2005), as in AHPy random_index='saaty'
	DoneganDodd1991                          // Donegan & Dodd (1991), AHPy's default
	AlonsoLamata2006                         // Alonso & Lamata (2006), R package ahp
	AHPSurvey                                // simulated, R package ahpsurvey
)

var riNames = enum.Names[RandomIndexTable]{"saaty-1980", "saaty-2005", "donegan-dodd-1991", "alonso-lamata-2006", "ahpsurvey"}

// String returns the text form of t.
func (t RandomIndexTable) String() string { return riNames.String(t) }

// IsValid reports whether t is a known table.
func (t RandomIndexTable) IsValid() bool { return riNames.Valid(t) }

// MarshalText implements [encoding.TextMarshaler].
func (t RandomIndexTable) MarshalText() ([]byte, error) { return riNames.Marshal(t) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (t *RandomIndexTable) UnmarshalText(b []byte) error { return riNames.Unmarshal(t, b) }

// riTables[t][n] is RI(n); index 0 unused.
var riTables = [...][]float64{
	Saaty1980:        {0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.53, 1.56, 1.57, 1.59},
	Saaty2005:        {0, 0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59},
	DoneganDodd1991:  {0, 0, 0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213},
	AlonsoLamata2006: {0, 0, 0, 0.5247, 0.8816, 1.1086, 1.2479, 1.3417, 1.4057, 1.4499, 1.4854},
	AHPSurvey:        {0, 0, 0, 0.5251686, 0.8836651, 1.1081014, 1.2492774, 1.3415514, 1.404846},
}

// RI returns the random index for an n×n matrix from table t (see
// [RandomIndexTable]). Errors: an [*InputError] wrapping [ErrNoRandomIndex]
// with Field "n" when n < 1 or n is beyond the table (Alonso–Lamata:
// beyond [MaxCriteria]), or Field "table" when t is not a known table.
func (t RandomIndexTable) RI(n int) (float64, error) {
	if !t.IsValid() {
		return 0, &InputError{Field: "table", Value: t.String(), Err: ErrNoRandomIndex}
	}
	tab := riTables[t]
	switch {
	case n >= 1 && n < len(tab):
		return tab[n], nil
	case t == AlonsoLamata2006 && n >= 16 && n <= MaxCriteria:
		return (1.7699*float64(n) - 4.3513) / float64(n-1), nil
	}
	return 0, &InputError{Field: "n", Value: strconv.Itoa(n) + " (table " + t.String() + ")", Err: ErrNoRandomIndex}
}
