//go:build unix

package pii

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far. With -cpu 1 it is the time
// spent on one core, which stays comparable when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
