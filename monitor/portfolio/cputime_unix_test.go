//go:build unix

package portfolio

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of the process, so that benchmarks on a shared
// machine can report CPU time per operation beside wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
