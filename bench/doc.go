// Package bench compares the speed of the access policy engine with two
// general expression engines, expr-lang/expr and cel-go, on the same 20 SME
// access conditions (access/testdata/sme20-policy.json).
//
// It is a separate module so that the library's go.mod does not depend on the
// engines. Run from this directory:
//
//	go test -run '^$' -bench . -benchmem -cpu 1
//
// Each engine evaluates every condition (a list of 20 booleans, as access
// evaluates every rule) and, as the engines' fastest form, the conjunction of
// the 20 conditions. The engines get decimals as float64, as their users do;
// access compares them as exact decimals.
package bench
