//go:build !linux

package benchsearch

import "time"

// threadCPU is not measured outside Linux; the CPU metrics then read zero.
func threadCPU() time.Duration { return 0 }
