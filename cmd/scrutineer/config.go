package main

import (
	"fmt"
	"io"
)

// configCmd prints the effective configuration with secrets redacted.
func configCmd(args []string, getenv func(string) string, stdout io.Writer) error {
	f, err := parseFlags("config", args, true)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, f)
	if err != nil {
		return err
	}
	for _, line := range cfg.Redacted() {
		fmt.Fprintln(stdout, line)
	}
	return nil
}
