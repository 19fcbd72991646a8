// Package crashtest drives a real `scrutineer serve` process with concurrent writes
// over HTTP, kills it with SIGKILL at random moments, starts it again and checks
// that every write it acknowledged is there and intact, that the document store
// holds no damaged or unaccounted file, and that the audit chain verifies. The
// short form runs in `make test` (crash_test.go), the long one in `make soak` and
// from bench/crash.
package crashtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Build compiles ./cmd/scrutineer of the module at root into dir and returns the
// binary's path.
func Build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "scrutineer")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/scrutineer")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// Server is one service: its binary, environment and data folder; Start runs a
// process of it, which Kill ends with SIGKILL.
type Server struct {
	Bin  string
	Env  []string // SCRUTINEER_* settings
	Addr string
	cmd  *exec.Cmd
	log  bytes.Buffer
}

// Command runs a one-off command of the binary (migrate, user add, audit verify)
// with the server's environment and returns its stdout.
func (s *Server) Command(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, s.Bin, args...)
	cmd.Env = s.Env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("scrutineer %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errOut.String()))
	}
	return out.String(), nil
}

// Start runs `scrutineer serve` and waits until /readyz answers 200.
func (s *Server) Start(ctx context.Context) error {
	s.log.Reset()
	s.cmd = exec.Command(s.Bin, "serve")
	s.cmd.Env = append(append([]string{}, s.Env...), "SCRUTINEER_ADDR="+s.Addr)
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		resp, err := http.Get("http://" + s.Addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Kill()
	return fmt.Errorf("the server did not become ready: %s", s.log.String())
}

// Kill ends the process with SIGKILL: no shutdown, no flush, as a power cut or the
// kernel's out-of-memory killer would.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	s.cmd = nil
}

// Log is what the last process printed.
func (s *Server) Log() string { return s.log.String() }

// FreeAddr returns a loopback address with a port free at the time of asking.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
