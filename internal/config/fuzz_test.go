package config

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzLoad reads settings from fuzzed NAME=VALUE lines. Load either refuses them
// with an error or returns a configuration that passes Validate, keeps its numbers
// in range, and whose redacted dump shows no secret.
func FuzzLoad(f *testing.F) {
	f.Add("SCRUTINEER_ADDR=127.0.0.1:8080\nSCRUTINEER_WORKERS=4")
	f.Add("SCRUTINEER_DATABASE_URL=postgres://u:hunter2hunter2@db:5432/x?sslmode=disable")
	f.Add("SCRUTINEER_SMTP_URL=smtps://mail:topsecretpass@smtp.example.org:465?from=a@b.c\nSCRUTINEER_MAX_UPLOAD=10MB")
	f.Add("SCRUTINEER_KEY=AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\nSCRUTINEER_SHUTDOWN_WAIT=1s")
	f.Add("SCRUTINEER_MAX_UPLOAD=2049MB\nSCRUTINEER_AUTO_MIGRATE=maybe\nSCRUTINEER_WORKERS=0")
	f.Add("SCRUTINEER_BASE_URL=https://scrutineer.example.gov.scot\nSCRUTINEER_ADMIN_ADDR=off")
	f.Fuzz(func(t *testing.T, lines string) {
		env := map[string]string{}
		for _, line := range strings.Split(lines, "\n") {
			k, v, _ := strings.Cut(line, "=")
			// NOTE: NAME_FILE would make Load read whatever path the fuzzer names.
			if !strings.HasSuffix(k, "_FILE") {
				env[k] = v
			}
		}
		c, err := Load(func(k string) string { return env[k] })
		if err != nil {
			if c != nil {
				t.Fatalf("an error and a configuration: %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Load returned a configuration Validate refuses: %v", err)
		}
		if c.Workers < 1 || c.Workers > 64 || c.MaxUpload < 1<<20 || c.MaxUpload > 2048<<20 || c.ShutdownWait <= 0 {
			t.Fatalf("out of range: workers %d, max upload %d, wait %s", c.Workers, c.MaxUpload, c.ShutdownWait)
		}
		dump := strings.Join(c.Redacted(), "\n")
		for name := range secret {
			v := strings.TrimSpace(env[name])
			if u, err := url.Parse(v); err == nil && u.User != nil {
				if p, ok := u.User.Password(); ok && p != "" && strings.Contains(dump, ":"+p+"@") {
					t.Fatalf("%s's password is in the redacted dump", name)
				}
			}
		}
	})
}
