package crashtest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// kills is the short form's count per engine; SCRUTINEER_SOAK=1 runs the long form
// (SCRUTINEER_SOAK_KILLS, default 100).
func kills(short int) int {
	if os.Getenv("SCRUTINEER_SOAK") != "1" {
		return short
	}
	if n, err := strconv.Atoi(os.Getenv("SCRUTINEER_SOAK_KILLS")); err == nil && n > 0 {
		return n
	}
	return 100
}

func TestCrashSafety(t *testing.T) {
	bin := binary(t)
	for _, engine := range []struct {
		name  string
		kills int
	}{{"sqlite", 5}, {"postgres", 3}} {
		t.Run(engine.name, func(t *testing.T) {
			opts := Options{Bin: bin, Dir: filepath.Join(t.TempDir(), "data"), Kills: kills(engine.kills), Seed: uint64(time.Now().UnixNano()), Logf: t.Logf}
			if engine.name == "postgres" {
				opts.DatabaseURL = testutil.NewPostgresURL(t)
			}
			os.Mkdir(opts.Dir, 0o700)
			t.Logf("seed %d", opts.Seed)
			rep, err := Run(context.Background(), opts)
			if rep != nil {
				t.Logf("%s: %d kills, %d writes acknowledged (refused by status: %v), %d read back, %d reviews, %d documents; files %d, orphans of unacknowledged uploads %d, temporary leftovers %d; %s; in %s",
					engine.name, rep.Kills, rep.Acked, rep.Refused, rep.Checked, rep.Reviews, rep.Documents, rep.Blobs.Files, rep.Blobs.Orphans, rep.Blobs.Leftover, rep.Audit, rep.Took.Round(time.Millisecond))
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Acked == 0 || rep.Documents == 0 {
				t.Fatal("no writes were acknowledged: the test proved nothing")
			}
		})
	}
}
