package access

// RatioFunc returns a [DeriveFunc] computing the ratio of its two decimal
// inputs, num / den, rounded to scale fractional digits:
//
//	r = round(num / den, scale)   rounding half away from zero (decimal.DivRound)
//
// Special cases:
//
//	either input missing   missing (with the input's missing code, if any)
//	den = 0                MissingValue(zeroCode), never ±Inf
//	inputs not decimals    MissingValue(CodeDerivedInvalid)
//	scale outside 0..18    MissingValue(CodeDerivedInvalid), on every call
//
// scale must be in 0..18, the range of a decimal field's scale (see
// [FieldSpec]). Like every [DeriveFunc] problem, a bad scale is reported
// without a panic through the missing code [CodeDerivedInvalid], which the
// decision's reasons carry; no value is computed, so a huge scale never
// builds a huge decimal and a negative one never rounds to tens silently.
//
// The function is pure and safe for concurrent use; it allocates (decimal
// division). Declare the derived field as a decimal with the same scale.
func RatioFunc(scale int32, zeroCode ReasonCode) DeriveFunc {
	if scale < 0 || scale > maxScale {
		return func([]Value) Value { return MissingValue(CodeDerivedInvalid) }
	}
	return func(args []Value) Value {
		if len(args) != 2 {
			return MissingValue(CodeDerivedInvalid)
		}
		num, den := args[0], args[1]
		if !num.Present() {
			return num
		}
		if !den.Present() {
			return den
		}
		if num.k != kDecimal || den.k != kDecimal {
			return MissingValue(CodeDerivedInvalid)
		}
		if den.d.Sign() == 0 {
			return MissingValue(zeroCode)
		}
		return DecimalValue(num.d.DivRound(den.d, scale))
	}
}
