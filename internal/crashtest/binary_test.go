package crashtest

import (
	"os"
	"sync"
	"testing"
)

// The scrutineer binary, built once for all the tests of this package: each
// `go build` links a large binary (seconds on 2 cores), and every test runs the same
// one.
var (
	buildOnce sync.Once
	binDir    string
	builtBin  string
	buildErr  error
)

// binary returns the built binary, building it on first use.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "scrutineer-crashtest-"); buildErr == nil {
			builtBin, buildErr = Build("../..", binDir)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}
