package main

import (
	"flag"
	"io"
	"strings"

	"github.com/scrutineer/scrutineer/internal/config"
)

// serverFlags are the flags shared by serve, demo and migrate. Flags override the
// environment for this one run.
type serverFlags struct {
	addr string
	data string
}

// parseFlags parses a subcommand's flags; any problem is a one-line usage error.
func parseFlags(name string, args []string, withAddr bool) (*serverFlags, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &serverFlags{}
	if withAddr {
		fs.StringVar(&f.addr, "addr", "", "listen address HOST:PORT")
	}
	fs.StringVar(&f.data, "data", "", "data folder")
	if err := fs.Parse(args); err != nil {
		msg := strings.TrimPrefix(err.Error(), "flag provided but not defined: ")
		if msg != err.Error() {
			return nil, usageErr("%s: unknown flag %s", name, msg)
		}
		return nil, usageErr("%s: %v", name, err)
	}
	if fs.NArg() > 0 {
		return nil, usageErr("%s: unexpected argument %q", name, fs.Arg(0))
	}
	return f, nil
}

// loadConfig reads the environment and applies the flags over it.
func loadConfig(getenv func(string) string, f *serverFlags) (*config.Config, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if f != nil {
		if f.addr != "" {
			cfg.Addr = f.addr
		}
		if f.data != "" {
			cfg.DataDir = f.data
		}
		if err := cfg.Validate(); err != nil {
			return nil, usageErr("%v", err)
		}
	}
	return cfg, nil
}
