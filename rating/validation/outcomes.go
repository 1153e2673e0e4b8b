package validation

import "fmt"

// Outcomes converts 0/1 outcome codes (1 = default) into the []bool form
// the other functions take. The result has len(y) elements; y is not
// modified.
//
// Errors: a value other than 0 or 1 gives an [*InputError] wrapping
// [ErrCount] with its index.
func Outcomes[S ~[]E, E ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](y S) ([]bool, error) {
	out := make([]bool, len(y))
	for i, v := range y {
		switch v {
		case 0:
		case 1:
			out[i] = true
		default:
			return nil, &InputError{Field: at("y", i), Value: fmt.Sprint(v), Err: ErrCount}
		}
	}
	return out, nil
}
