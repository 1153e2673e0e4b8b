//go:build unix

package scorecard

import "syscall"

// cpuTime returns the process's user plus system CPU time in nanoseconds,
// so that benchmarks on a shared, loaded machine can report CPU time per
// operation beside the wall-clock ns/op.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
