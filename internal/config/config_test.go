package config

import (
	"strings"
	"testing"
)

func getenv(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestDefaults(t *testing.T) {
	c, err := Load(getenv(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.AdminAddr != "127.0.0.1:9090" || c.Engine() != "sqlite" || !c.AutoMigrate || c.Workers != 4 {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if c.PublicURL() != "http://127.0.0.1:8080" {
		t.Errorf("public URL %q", c.PublicURL())
	}
}

func TestInvalidSettings(t *testing.T) {
	tests := map[string]map[string]string{
		"SCRUTINEER_ADDR":          {"SCRUTINEER_ADDR": "8080"},
		"SCRUTINEER_ADMIN_ADDR":    {"SCRUTINEER_ADMIN_ADDR": "localhost:99999"},
		"SCRUTINEER_DATABASE_URL":  {"SCRUTINEER_DATABASE_URL": "sqlite:///tmp/x"},
		"SCRUTINEER_BASE_URL":      {"SCRUTINEER_BASE_URL": "ftp://x"},
		"SCRUTINEER_SMTP_URL":      {"SCRUTINEER_SMTP_URL": "mail.example:25"},
		"SCRUTINEER_LOG_FORMAT":    {"SCRUTINEER_LOG_FORMAT": "xml"},
		"SCRUTINEER_LOG_LEVEL":     {"SCRUTINEER_LOG_LEVEL": "loud"},
		"SCRUTINEER_WORKERS":       {"SCRUTINEER_WORKERS": "many"},
		"SCRUTINEER_SHUTDOWN_WAIT": {"SCRUTINEER_SHUTDOWN_WAIT": "-1s"},
		"SCRUTINEER_AUTO_MIGRATE":  {"SCRUTINEER_AUTO_MIGRATE": "maybe"},
		"SCRUTINEER_KEY_FILE":      {"SCRUTINEER_KEY_FILE": "/no/such/file"},
	}
	for name, env := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Load(getenv(env))
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("got %v, want an error naming %s", err, name)
			}
		})
	}
}

func TestPostgresAndHTTPS(t *testing.T) {
	c, err := Load(getenv(map[string]string{
		"SCRUTINEER_DATABASE_URL": "postgresql://u:p@h/db",
		"SCRUTINEER_BASE_URL":     "https://scrutineer.example/",
		"SCRUTINEER_ADMIN_ADDR":   "off",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Engine() != "postgres" || c.PublicURL() != "https://scrutineer.example" || c.AdminAddr != "off" {
		t.Fatalf("%+v", c)
	}
	for _, line := range c.Redacted() {
		if strings.Contains(line, ":p@") {
			t.Errorf("password shown: %s", line)
		}
	}
}
