package testutil

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// Cluster is a PostgreSQL server of a test's own, which the test may stop and start
// again (to see what the service does while its database is away). It is what
// scripts/with-postgres.sh does, from Go.
type Cluster struct {
	URL  string
	dir  string
	bin  string
	port int
	asPG []string
}

// NewCluster initialises and starts a throwaway cluster, stopped and removed at the
// end of the test. Outside CI the test is skipped when PostgreSQL's server binaries
// are missing; in CI that fails it.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	bin := pgBin()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PostgreSQL server binaries (initdb, pg_ctl) are missing; CI must test PostgreSQL")
		}
		t.Skip("no PostgreSQL server binaries (initdb, pg_ctl); install postgresql to run this test")
	}
	dir, err := os.MkdirTemp("", "scrutineer-cluster-")
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Getuid() == 0 {
		// NOTE: initdb refuses to run as root; the cluster belongs to postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user to own the cluster")
		}
		uid, _ := strconv.Atoi(u.Uid)
		os.Chown(dir, uid, -1)
		c.asPG = []string{"runuser", "-u", "postgres", "--"}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if out, err := c.run(filepath.Join(bin, "initdb"), "-D", dir+"/data", "-A", "trust", "-U", "scrutineer", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		c.run(filepath.Join(bin, "pg_ctl"), "-D", dir+"/data", "-m", "immediate", "stop")
		os.RemoveAll(dir)
	})
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	c.URL = fmt.Sprintf("postgres://scrutineer@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=3", c.port)
	return c
}

// Start starts the server (again) and waits until it accepts connections.
func (c *Cluster) Start() error {
	out, err := c.run(filepath.Join(c.bin, "pg_ctl"), "-D", c.dir+"/data", "-w", "-l", c.dir+"/server.log",
		"-o", fmt.Sprintf("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off -c max_connections=100", c.dir, c.port), "start")
	if err != nil {
		return fmt.Errorf("pg_ctl start: %v\n%s", err, out)
	}
	return nil
}

// Stop stops the server at once (-m immediate: connections are cut, as when a
// database host fails), and waits until it is down.
func (c *Cluster) Stop() error {
	out, err := c.run(filepath.Join(c.bin, "pg_ctl"), "-D", c.dir+"/data", "-w", "-m", "immediate", "stop")
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, c.asPG...), name), args...)
	return exec.Command(argv[0], argv[1:]...).CombinedOutput()
}

// pgBin is the folder of initdb and pg_ctl, or "".
func pgBin() string {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p)
		}
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(m) > 0 {
		return filepath.Dir(m[len(m)-1])
	}
	return ""
}
