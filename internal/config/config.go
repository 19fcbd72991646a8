// Package config reads Scrutineer's configuration from SCRUTINEER_* environment
// variables, validates it once at start and prints it with secrets redacted.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the effective configuration of one process.
type Config struct {
	Addr         string // public listener, SCRUTINEER_ADDR
	AdminAddr    string // metrics listener, SCRUTINEER_ADMIN_ADDR ("off" disables it)
	DataDir      string // SQLite file, document store and generated key, SCRUTINEER_DATA_DIR
	DatabaseURL  string // "" for SQLite in DataDir, postgres://... for PostgreSQL
	BaseURL      string // public address used in emails, SCRUTINEER_BASE_URL
	Key          string // document encryption key (secret)
	SMTPURL      string // smtp://user:pass@host:port; "" keeps email on the outbox page (secret)
	S3URL        string // object storage; "" keeps files in DataDir (secret)
	OIDCIssuer   string
	OIDCClient   string
	OIDCSecret   string // secret
	LogFormat    string // "json" or "text"
	LogLevel     string // "debug", "info", "warn" or "error"
	Workers      int    // background job workers, SCRUTINEER_WORKERS
	AutoMigrate  bool   // serve applies migrations at start, SCRUTINEER_AUTO_MIGRATE (on/off)
	ShutdownWait time.Duration
	MaxUpload    int64 // largest document accepted, bytes, SCRUTINEER_MAX_UPLOAD (e.g. 50MB)
}

// secret lists the settings read also from NAME_FILE and redacted when printed.
var secret = map[string]bool{
	"SCRUTINEER_DATABASE_URL":       true,
	"SCRUTINEER_KEY":                true,
	"SCRUTINEER_SMTP_URL":           true,
	"SCRUTINEER_S3_URL":             true,
	"SCRUTINEER_OIDC_CLIENT_SECRET": true,
}

// Load reads the configuration through getenv (os.Getenv in production, a map in
// tests). Each secret may instead be given as NAME_FILE, the path of a file holding it.
func Load(getenv func(string) string) (*Config, error) {
	var firstErr error
	get := func(name, def string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" && secret[name] {
			if path := strings.TrimSpace(getenv(name + "_FILE")); path != "" {
				b, err := os.ReadFile(path)
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("%s_FILE: cannot read %s", name, path)
				}
				v = strings.TrimSpace(string(b))
			}
		}
		if v == "" {
			return def
		}
		return v
	}
	c := &Config{
		Addr:        get("SCRUTINEER_ADDR", "127.0.0.1:8080"),
		AdminAddr:   get("SCRUTINEER_ADMIN_ADDR", "127.0.0.1:9090"),
		DataDir:     get("SCRUTINEER_DATA_DIR", "data"),
		DatabaseURL: get("SCRUTINEER_DATABASE_URL", ""),
		BaseURL:     get("SCRUTINEER_BASE_URL", ""),
		Key:         get("SCRUTINEER_KEY", ""),
		SMTPURL:     get("SCRUTINEER_SMTP_URL", ""),
		S3URL:       get("SCRUTINEER_S3_URL", ""),
		OIDCIssuer:  get("SCRUTINEER_OIDC_ISSUER", ""),
		OIDCClient:  get("SCRUTINEER_OIDC_CLIENT_ID", ""),
		OIDCSecret:  get("SCRUTINEER_OIDC_CLIENT_SECRET", ""),
		LogFormat:   get("SCRUTINEER_LOG_FORMAT", "json"),
		LogLevel:    get("SCRUTINEER_LOG_LEVEL", "info"),
	}
	if firstErr != nil {
		return nil, firstErr
	}
	workers, err := strconv.Atoi(get("SCRUTINEER_WORKERS", "4"))
	if err != nil || workers < 1 || workers > 64 {
		return nil, fmt.Errorf("SCRUTINEER_WORKERS must be a whole number from 1 to 64")
	}
	c.Workers = workers
	wait, err := time.ParseDuration(get("SCRUTINEER_SHUTDOWN_WAIT", "20s"))
	if err != nil || wait <= 0 {
		return nil, fmt.Errorf("SCRUTINEER_SHUTDOWN_WAIT must be a duration such as 20s")
	}
	c.ShutdownWait = wait
	if c.MaxUpload, err = parseSize(get("SCRUTINEER_MAX_UPLOAD", "50MB")); err != nil {
		return nil, fmt.Errorf("SCRUTINEER_MAX_UPLOAD must be a size such as 50MB (1MB to 2048MB) or a number of bytes")
	}
	switch get("SCRUTINEER_AUTO_MIGRATE", "on") {
	case "on":
		c.AutoMigrate = true
	case "off":
	default:
		return nil, fmt.Errorf("SCRUTINEER_AUTO_MIGRATE must be on or off")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks the settings that can be checked without touching the outside world.
func (c *Config) Validate() error {
	if err := checkAddr("SCRUTINEER_ADDR", c.Addr); err != nil {
		return err
	}
	if c.AdminAddr != "off" {
		if err := checkAddr("SCRUTINEER_ADMIN_ADDR", c.AdminAddr); err != nil {
			return err
		}
	}
	if c.DatabaseURL != "" && c.Engine() != "postgres" {
		return fmt.Errorf("SCRUTINEER_DATABASE_URL must be a postgres:// URL, or unset for SQLite in the data folder")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("SCRUTINEER_BASE_URL must be an http:// or https:// address")
		}
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return fmt.Errorf("SCRUTINEER_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
		}
	}
	switch c.LogFormat {
	case "json", "text":
	default:
		return fmt.Errorf("SCRUTINEER_LOG_FORMAT must be json or text")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("SCRUTINEER_LOG_LEVEL must be debug, info, warn or error")
	}
	return nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (c *Config) Engine() string {
	if c.DatabaseURL == "" {
		return "sqlite"
	}
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return "postgres"
	}
	return "unknown"
}

// PublicURL is the address people reach the service on, for links in emails.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

func checkAddr(name, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s must be HOST:PORT, such as 127.0.0.1:8080 (got %q)", name, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%s has an invalid port %q", name, port)
	}
	return nil
}

// Redacted returns the settings as name=value lines in a stable order, with secrets
// (and the password of any URL) replaced by "[redacted]".
func (c *Config) Redacted() []string {
	show := func(name, v string) string {
		if v == "" {
			return name + "="
		}
		if secret[name] {
			if u, err := url.Parse(v); err == nil && u.Scheme != "" && u.Host != "" {
				if u.User != nil {
					u.User = url.User("[redacted]")
				}
				u.RawQuery = ""
				return name + "=" + u.Redacted()
			}
			return name + "=[redacted]"
		}
		return name + "=" + v
	}
	engine := "SQLite in " + c.DataDir
	if c.Engine() == "postgres" {
		engine = "PostgreSQL"
	}
	return []string{
		show("SCRUTINEER_ADDR", c.Addr),
		show("SCRUTINEER_ADMIN_ADDR", c.AdminAddr),
		show("SCRUTINEER_DATA_DIR", c.DataDir),
		show("SCRUTINEER_DATABASE_URL", c.DatabaseURL) + "  # " + engine,
		show("SCRUTINEER_BASE_URL", c.BaseURL),
		show("SCRUTINEER_KEY", c.Key),
		show("SCRUTINEER_SMTP_URL", c.SMTPURL),
		show("SCRUTINEER_S3_URL", c.S3URL),
		show("SCRUTINEER_OIDC_ISSUER", c.OIDCIssuer),
		show("SCRUTINEER_OIDC_CLIENT_ID", c.OIDCClient),
		show("SCRUTINEER_OIDC_CLIENT_SECRET", c.OIDCSecret),
		show("SCRUTINEER_LOG_FORMAT", c.LogFormat),
		show("SCRUTINEER_LOG_LEVEL", c.LogLevel),
		"SCRUTINEER_WORKERS=" + strconv.Itoa(c.Workers),
		"SCRUTINEER_SHUTDOWN_WAIT=" + c.ShutdownWait.String(),
		"SCRUTINEER_AUTO_MIGRATE=" + map[bool]string{true: "on", false: "off"}[c.AutoMigrate],
		"SCRUTINEER_MAX_UPLOAD=" + strconv.FormatInt(c.MaxUpload, 10),
	}
}

// parseSize reads a size in bytes, or in megabytes with an MB suffix, from 1 MB to
// 2 GB (the upload limit).
func parseSize(v string) (int64, error) {
	v = strings.TrimSpace(strings.ToUpper(v))
	mult := int64(1)
	if n, ok := strings.CutSuffix(v, "MB"); ok {
		v, mult = strings.TrimSpace(n), 1<<20
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > (2<<30)/mult || n*mult < 1<<20 {
		return 0, fmt.Errorf("bad size")
	}
	return n * mult, nil
}
