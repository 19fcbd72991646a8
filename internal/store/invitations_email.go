package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

// The emails of the account flows. Plain words, the link on a line of its own, what
// to do when something is not as expected; nothing a stranger could use except the
// link itself, which only the recipient gets.

// london is the time zone times in emails are given in.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

func emailTime(t time.Time) string { return t.In(london).Format("15:04 on 2 January 2006") }

func greeting(name string) string {
	if name == "" {
		return "Hello,"
	}
	return "Hello " + name + ","
}

func roleWords(roles []scrutineer.Role) string {
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = strings.ToLower(r.Label())
	}
	switch len(labels) {
	case 0:
		return ""
	case 1:
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
}

func invitationEmail(inv *scrutineer.Invitation, link string) *scrutineer.Email {
	who := "You have"
	if inv.InvitedByID != "" && inv.InvitedBy != "" {
		who = inv.InvitedBy + " has"
	}
	return &scrutineer.Email{
		To:      inv.Email,
		Subject: "Set up your Scrutineer account",
		Text: fmt.Sprintf("%s\n\n%s been given an account on Scrutineer as %s at %s.\n\n"+
			"To start using it, open this link and choose a password:\n\n%s\n\n"+
			"The link works once and stops working at %s. If it has stopped working, ask the person who invited you to send a new one.\n\n"+
			"If you were not expecting this email, you can ignore it. Nobody can use the account until a password is set through this link.\n\n"+
			"Scrutineer\n",
			greeting(inv.Name), who, roleWords(inv.Roles), inv.OrganisationName, link, emailTime(inv.ExpiresAt)),
	}
}
