// Package psi computes the population stability index from binned counts.
//
// It is the one shared implementation behind rating/validation (PSI and
// CSI of scores and characteristics) and monitor (drift of a live
// portfolio). Both packages wrap it in their own public types; this package
// is internal so that its types never appear in their APIs.
//
// Conventions: counts are non-negative finite float64 values (weights are
// allowed), bins line up by index, the expected sample is the development
// (reference) sample and the actual sample the current one. Functions never
// panic, never return NaN or ±Inf, and report bad input as an [*InputError]
// that unwraps to one of the package's sentinel errors.
package psi
