package backup

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Suffix ends the name of every backup file; retention only ever deletes such files.
const Suffix = ".scrutineer-backup"

// Prune deletes all but the newest keep backups (files ending in Suffix, newest by
// modification time, then by name) in dir, and returns the paths it deleted.
// keep <= 0 deletes nothing.
func Prune(dir string, keep int) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		name string
		mod  time.Time
	}
	var files []file
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), Suffix) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		files = append(files, file{e.Name(), info.ModTime()})
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.After(files[j].mod)
		}
		return files[i].name > files[j].name
	})
	var deleted []string
	for _, f := range files[min(keep, len(files)):] {
		p := filepath.Join(dir, f.name)
		if err := os.Remove(p); err != nil {
			return deleted, err
		}
		deleted = append(deleted, p)
	}
	return deleted, nil
}
