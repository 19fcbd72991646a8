package main

import (
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer/internal/demo"
)

// printDemoTOTP prints the two-factor secrets of the demo's regulator accounts, in
// demo mode only: enter one in an authenticator app (or compute codes from it) to
// pass the second sign-in step.
func printDemoTOTP(w io.Writer, accounts []demo.Account) {
	printed := false
	for _, a := range accounts {
		if a.TOTPSecret == "" {
			continue
		}
		if !printed {
			fmt.Fprintf(w, "\nRegulator accounts also need a code from an authenticator app. Add each one's TOTP secret to the app:\n\n")
			printed = true
		}
		fmt.Fprintf(w, "  %-45s TOTP secret %s\n", a.Email, a.TOTPSecret)
	}
}
