// Command gen writes the hostile corpus (internal/hostile) into a folder, for looking
// at the files by hand or feeding them to other tools:
//
//	go run ./internal/hostile/gen testdata/hostile
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/scrutineer/scrutineer/internal/hostile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i, f := range hostile.Files() {
		name := filepath.Join(dir, fmt.Sprintf("%02d-%s", i+1, f.Filename))
		if err := os.WriteFile(name, f.Data(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s\t%s\t%s\n", name, f.Want, f.Name)
	}
}
