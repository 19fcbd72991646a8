package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/keys"
)

// pattern yields n bytes of a cheap non-repeating-looking sequence, without holding
// them in memory.
type pattern struct{ n, off int64 }

func (p *pattern) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	m := int64(len(b))
	if m > p.n-p.off {
		m = p.n - p.off
	}
	for i := range m {
		x := uint64(p.off + i)
		b[i] = byte(x*2654435761>>13) ^ byte(x)
	}
	p.off += m
	return int(m), nil
}

// peakHeap samples the heap's size until stop is closed and returns the largest.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// TestLargeFileStreams puts and reads back 200 MB and checks that the heap stays a
// small fraction of the file: nothing buffers it whole. (age allocates a fresh
// 64 KiB buffer per chunk it decrypts, so Open's garbage is about the file's size,
// but it dies at once; what matters is the heap in use.)
func TestLargeFileStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MB")
	}
	const size = 200 << 20
	s, _ := newStore(t, keys.Generate())
	h := sha256.New()
	io.Copy(h, &pattern{n: size})
	want := hex.EncodeToString(h.Sum(nil))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	peak := peakHeap(stop)
	start := time.Now()
	ref, err := s.Put(context.Background(), &pattern{n: size})
	putTime := time.Since(start)
	close(stop)
	putPeak := <-peak
	runtime.ReadMemStats(&after)
	if err != nil || ref.SHA256 != want || ref.Size != size {
		t.Fatalf("put: %+v, %v", ref, err)
	}
	putAlloc := after.TotalAlloc - before.TotalAlloc

	runtime.GC()
	runtime.ReadMemStats(&before)
	stop = make(chan struct{})
	peak = peakHeap(stop)
	start = time.Now()
	rc, err := s.Open(context.Background(), ref.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	rc.Close()
	openTime := time.Since(start)
	close(stop)
	openPeak := <-peak
	runtime.ReadMemStats(&after)
	if err != nil || n != size {
		t.Fatalf("read %d bytes, %v", n, err)
	}
	openAlloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("put 200 MB: %.0f MB/s, %d KB allocated, heap peak %d KB; open: %.0f MB/s, %d KB allocated, heap peak %d KB",
		200/putTime.Seconds(), putAlloc>>10, putPeak>>10, 200/openTime.Seconds(), openAlloc>>10, openPeak>>10)
	if putAlloc > 8<<20 {
		t.Errorf("put allocated %d MB for a 200 MB file: it is not streaming", putAlloc>>20)
	}
	for name, peak := range map[string]uint64{"put": putPeak, "open": openPeak} {
		if peak > 32<<20 {
			t.Errorf("%s: heap reached %d MB for a 200 MB file: it is not streaming", name, peak>>20)
		}
	}
}

func BenchmarkPut(b *testing.B) {
	s, _ := newStore(b, keys.Generate())
	const size = 16 << 20
	b.SetBytes(size)
	for i := 0; b.Loop(); i++ {
		if _, err := s.Put(context.Background(), &pattern{n: size, off: int64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	s, _ := newStore(b, keys.Generate())
	const size = 16 << 20
	ref, err := s.Put(context.Background(), &pattern{n: size})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for b.Loop() {
		rc, err := s.Open(context.Background(), ref.SHA256)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}
